"""Files for people, shared by every stage that writes one: atomic replace, and CSV for Excel
(UTF-8 with BOM so Excel shows names, formula-safe cells); and the records the tool keeps for
itself (`keep_record`), keyed by what they were made from (`parts_digest`).

Two dialects: "standard" (comma, decimal point) and "id" (Excel with Indonesian regional
settings: semicolon, decimal comma). A cell Excel would run as a formula is written so that
Excel shows it as text.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import io
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO
from pathlib import Path

from whatsapp_ingest.errors import OutputError
from whatsapp_ingest.i18n import _

# Excel treats a cell starting with these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A number Excel must not read as a number: a NIP, a phone (leading 0 or +), or 12 digits or more.
LONG_DIGITS = re.compile(r"\+?[0-9]{12,}|\+[0-9]{6,}|0[0-9]{5,}").fullmatch


def neutralise(value: str) -> str:
    """Prefix a formula-looking text cell with `'` so Excel shows it literally (`+62 812…` stays text)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def format_cell(value: object, dialect: str = "standard") -> str:
    """Render one cell: numbers with the dialect's decimal mark, text neutralised, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        text = repr(value) if value != int(value) else f"{value:.1f}"
        return text.replace(".", ",") if dialect == "id" else text
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if dialect == "id" and LONG_DIGITS(text):
        # Excel would read 18 digits as a number and keep 15 (1,98501E+17), and show a leading ' or
        # drop a leading 0; ="…" is a text formula of our own making that it shows digit for digit.
        return f'="{text}"'
    return neutralise(text)


def render_csv(header: Sequence[str], rows: Iterable[Sequence[object]], dialect: str = "standard") -> bytes:
    """The whole CSV as bytes, BOM first, CRLF line ends as Excel writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dialect == "id" else ",", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([format_cell(v, dialect) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def atomic_write(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` in one step (no half-written file); skip when unchanged.

    Returns True when the file was (re)written. Raises OutputError naming the file when it cannot be
    written (its folder is a file, a folder stands at its name, no permission, disk full …).
    """
    path = Path(path)
    try:
        if read_regular(path, len(data)) == data:
            return False
    except (OSError, NotRegular):   # absent, larger, or not a plain file: replaced (never read or waited on)
        pass
    try:
        _replace(path, data)
    except OSError as exc:
        raise _write_error(path, exc) from None
    return True


class NotRegular(Exception):
    """A path that is not a plain file: a FIFO, a device, a folder, a link (when links are refused)."""

    def __init__(self, path: Path, what: str) -> None:
        self.path, self.what = Path(path), what
        super().__init__(f"{path}: {what}")


def file_kind(mode: int) -> str:
    """What a file of this mode is, in words: "a folder", "a named pipe (FIFO)", "a device" …"""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISLNK(mode):
        return _("a link")
    return _("not a regular file")


def read_regular(path: Path, bound: int, *, follow_links: bool = True) -> bytes:
    """The bytes of a regular file, or NotRegular (a FIFO, device, folder …: never waited on or read
    without end) or NotRegular("larger") when it holds more than `bound` bytes; OSError as open() gives it.

    The file is opened without blocking (a FIFO would otherwise wait for a writer) and checked on the
    open handle, so it cannot be swapped for something else between the check and the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_links and os.path.islink(path):
            raise NotRegular(path, _("a link")) from None
        if isinstance(exc, IsADirectoryError):
            raise NotRegular(path, _("a folder")) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(path, file_kind(mode))
        data = handle.read(bound + 1)   # a file growing while read is still bounded
    if len(data) > bound:
        raise NotRegular(path, "larger")
    return data


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text handle whose content replaces `path` in one step when the block ends without an
    error; on an error the old file (if any) stays as it was. For outputs too large to render in
    memory first (`parse -o`). Raises OutputError naming the file when it cannot be written."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        os.chmod(tmp, _file_mode())
        with open(fd, "w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _write_error(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keep_record(record: Path, text: str) -> None:
    """Write a record the tool keeps for itself (compiled wording tables, computed holidays) as any
    file is replaced (a reader sees the old one or the new one). Best effort: a folder that cannot be
    written only means computing again next time, so any failure is ignored."""
    try:
        _replace(record, text.encode("utf-8"))
    except OSError:
        pass


def parts_digest(parts: Iterable[object]) -> str:
    """A SHA-256 digest of `parts` in order (bytes as they are, anything else by its repr), each
    prefixed by its length so that no two lists of parts give the same bytes: the key of a record
    (outputs, charts, compiled tables, holidays) that says what it was made from."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _write_error(path: Path, exc: OSError) -> OutputError:
    """The one-line error for a file that cannot be written (exit code 4: the inputs were fine)."""
    if path.is_dir():
        return OutputError(path, _("is a folder, so the file cannot be written there"),
                           _("give the name of a file, or move the folder"))
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(path, _("the disk is full, so the file could not be written"),
                           _("free some space on the disk and run again"))
    return OutputError(path, _("cannot write the file ({error})").format(error=exc.strerror or exc),
                       _("check that its folder exists (not as a file), that your user may write there, "
                         "and that the disk has room"))


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _file_mode())   # mkstemp makes 0600; outputs are ordinary files people share
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode() -> int:
    """The mode a newly created file gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
