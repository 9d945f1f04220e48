"""Some outputs made by a forked process while this one makes the others (Linux, a core left idle).

A rebuild's outputs are independent of each other once the figures are computed: the charts are
painted by a child process while the parent writes the CSVs and the workbook. The child gets the
figures by `os.fork` (shared, unchanged; no pickle) and gives back only bytes: a line of JSON
naming each file and its size, then the files' bytes, in a temporary file that has no name (removed
from its folder before the fork, so nothing is left behind however either process ends).

The child writes nothing else and says nothing: whatever goes wrong in it (an error, a crash, a kill,
a Ctrl-C that reached it) only makes the parent make those outputs itself, so errors, their
messages and exit codes are those of one process. A Ctrl-C or error in the parent kills the child
and waits for it before going on. Nothing is published until every output is made, so out/ is
never left with a part of the set (report.outset).

A second process pays only on a core nobody else uses, so it is forked only where `os.fork` is safe
and a core is idle (`parse_split.cores`), and never from a process running threads (the web app
runs ingests in threads; a forked copy of another thread's half-held lock would never be released).
"""

from __future__ import annotations

import gc
import json
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from whatsapp_ingest.report.parse_split import cores, kill_and_reap

Files = dict[str, bytes]


def fork_pays() -> bool:
    """True when a forked child would run beside this process on an idle core."""
    return hasattr(os, "fork") and threading.active_count() == 1 and cores() >= 2


class Aside:
    """Files made by `make`: in a forked child once `start`ed, else here when asked for."""

    def __init__(self, make: Callable[[], Files]) -> None:
        self.make = make
        self.pid = 0
        self.part = None
        self.thaw = False

    def start(self) -> None:
        """Fork the child that makes the files (nothing happens when a fork is not possible). A
        Ctrl-C held back during the fork is raised here, the child already known to `close`."""
        try:
            part = tempfile.TemporaryFile()   # no name on POSIX: gone when both processes close it
        except OSError:
            return
        # the parent's collections would touch every shared object, and so copy its memory page
        # by page: the objects alive now are left out of them until the child has ended (unless
        # they already are: pipeline.collector_spared)
        self.thaw = not gc.get_freeze_count()
        gc.freeze()
        # Ctrl-C held back while forking: the child must not see it before it ignores it
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:   # no memory or too many processes for a second one: made here instead
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            self._thaw()
            part.close()
            return
        if pid == 0:   # the child: never returns
            try:
                # Ctrl-C reaches the whole process group: the parent, which stops this child itself
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                _child(self.make, part.fileno())
            finally:
                os._exit(1)
        self.pid, self.part = pid, part
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)   # a Ctrl-C held back arrives now

    def _thaw(self) -> None:
        if self.thaw:
            gc.unfreeze()
            self.thaw = False

    def result(self) -> Files:
        """The files: the child's when it made them all, else made here (raising what `make` raises)."""
        made = self._collect()
        return made if made is not None else self.make()

    def _collect(self) -> Files | None:
        if not self.pid or self.part is None:
            return None
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        self._thaw()
        part, self.part = self.part, None
        with part:
            if status != 0:
                return None
            try:
                part.seek(0)
                names = json.loads(part.readline())
                made = {}
                for name, size in names:
                    data = part.read(size)
                    if not isinstance(name, str) or len(data) != size:
                        return None
                    made[name] = data
            except (OSError, ValueError, TypeError):
                return None
            return made if part.read(1) == b"" else None

    def close(self) -> None:
        """Stop the child if it still runs and wait for it; forget its file."""
        if self.pid:
            kill_and_reap(self.pid)
            self.pid = 0
            self._thaw()
        if self.part is not None:
            self.part.close()
            self.part = None


@contextmanager
def aside(make: Callable[[], Files], fork: bool | None = None) -> Iterator[Aside]:
    """Start making `make`'s files beside this process (`fork`: default `fork_pays()`); ask for them
    with `.result()`. Leaving the block (an error, Ctrl-C) stops a child still at work."""
    made = Aside(make)
    try:
        if fork_pays() if fork is None else fork:
            made.start()
        yield made
    finally:
        made.close()


def _child(make: Callable[[], Files], fd: int) -> None:
    """In the forked child: make the files, write them into `fd`, exit 0 only when all are written."""
    code = 1
    try:
        gc.disable()   # a collection would touch (and so copy) every object shared with the parent
        made = make()
        header = json.dumps([[name, len(data)] for name, data in made.items()]).encode("utf-8") + b"\n"
        with open(fd, "wb", closefd=False) as out:
            out.write(header)
            for data in made.values():
                out.write(data)
        code = 0
    except BaseException:   # noqa: BLE001 - whatever it was, the parent makes these files itself
        pass
    finally:
        os._exit(code)
