"""An export's bytes read on another core while the command is still loading the parser.

`parse` spends its first tenth of a second importing the parser's modules; a plain `.txt` export's
bytes can be read meanwhile (the read lets go of the interpreter lock: 1M messages, 98 MB, about
0.045 s). Only a plain file is read here, and only when it may be an export `read_export` reads
whole (a regular file, not empty, at most its bound, not a zip); anything else, and any failure,
leaves the reading (and saying what is wrong) to `read_export`, exactly as without this.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

__all__ = ["MAX_EXPORT_BYTES", "Prefetch"]

MAX_EXPORT_BYTES = 256 * 1024 * 1024   # the largest export file, and the largest chat unpacked from a zip
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class Prefetch:
    """Start reading `path` in a thread; `take()` waits for it and gives the bytes, or None."""

    def __init__(self, path: Path, max_bytes: int) -> None:
        self._bytes: bytes | None = None
        self._thread = threading.Thread(target=self._read, args=(Path(path), max_bytes), daemon=True)
        self._thread.start()

    def _read(self, path: Path, max_bytes: int) -> None:
        if path.suffix.lower() == ".zip":
            return
        try:   # O_NONBLOCK: a FIFO put in the file's place never makes the open wait for a writer
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
        except OSError:
            return
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= max_bytes:
                return
            if os.pread(fd, 4, 0).startswith(ZIP_MAGIC):
                return
            with open(fd, "rb", buffering=0, closefd=False) as handle:   # (unbuffered: one read, no copy)
                data = handle.readall()
            if 0 < len(data) <= max_bytes:
                self._bytes = data
        except (OSError, MemoryError):
            return
        finally:
            os.close(fd)

    def take(self) -> bytes | None:
        """The file's bytes once read (None: `read_export` reads the file itself); given once."""
        self._thread.join()
        data, self._bytes = self._bytes, None
        return data
