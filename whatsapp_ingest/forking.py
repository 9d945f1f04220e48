"""Work done by a forked process beside this one, given back as bytes (Linux, a core left idle).

Used by every stage that has independent work a second core can do: the figures (the rules' verdicts
of an export decided while the parent stores it: figures/verdicts_aside.py), the report (the
workbook built while the other outputs are made: report/write.py) and `parse -o` (report/parse_split.py,
whose children write their own parts, with the same `cores` and `kill_and_reap`).

The child gets what it needs by `os.fork` (shared, unchanged; no pickle) and gives back only bytes:
a line of JSON naming each file and its size, then the files' bytes, in a temporary file that has
no name (removed from its folder before the fork, so nothing is left behind however either process
ends). The child writes nothing else and says nothing: whatever goes wrong in it (an error, a
crash, a kill, a Ctrl-C that reached it) only makes the parent do that work itself, so errors,
their messages and exit codes are those of one process. A Ctrl-C or error in the parent kills the
child and waits for it before going on.

A second process pays only on a core nobody else uses, so it is forked only where `os.fork` is safe
and a core is idle (`cores`), and never from a process running threads (the web app runs ingests
in threads; a forked copy of another thread's half-held lock would never be released).
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Files = dict[str, bytes]


def cores() -> int:
    """How many processes may work at once: the cores this process may run on that other work
    leaves idle (Linux), and this one; 1 elsewhere (Windows has no `os.fork`, and on macOS a forked
    child may not use every system library).

    A second process only pays on a core nobody else uses: on the 2-core machine of
    docs/performance.md, busy with other jobs (load average 5-6), the two halves of a
    1M-message export took 9.5 s where one process took 7.4 s (and 11 % more CPU time), so the
    load average decides."""
    if not hasattr(os, "fork") or not hasattr(os, "sched_getaffinity"):
        return 1
    usable = len(os.sched_getaffinity(0))
    idle = usable - os.getloadavg()[0]   # (the load counts this process too)
    return max(1, min(usable, round(idle) + 1))


def fork_pays() -> bool:
    """True when a forked child would run beside this process on an idle core."""
    return hasattr(os, "fork") and threading.active_count() == 1 and cores() >= 2


def kill_and_reap(pid: int) -> None:
    """Stop a forked child that may still run and wait for it, so that no process is left behind."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


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
        made = self.child_files()
        return made if made is not None else self.make()

    def child_files(self, timeout: float | None = None) -> Files | None:
        """The files the child made, once it has ended; None when there is no child, when it did not
        make them all, or when it has not ended within `timeout` seconds (then it is stopped)."""
        if not self.pid or self.part is None:
            return None
        if timeout is not None and not _ends_within(self.pid, timeout):
            self.close()
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


def _ends_within(pid: int, timeout: float) -> bool:
    """Whether the child `pid` has ended, or ends within `timeout` seconds (it is not reaped here).
    Where the kernel cannot tell a process's end to `select` (no pidfd), it is waited for."""
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):
        return True
    try:
        return bool(select.select([handle], [], [], max(0.0, timeout))[0])
    finally:
        os.close(handle)


@contextmanager
def aside(make: Callable[[], Files], fork: bool | None = None) -> Iterator[Aside]:
    """Start making `make`'s files beside this process (`fork`: default `fork_pays()`); ask for them
    with `.result()` (or `.child_files()`). Leaving the block (an error, Ctrl-C) stops a child
    still at work."""
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
    except BaseException:   # noqa: BLE001 - whatever it was, the parent does this work itself
        pass
    finally:
        os._exit(code)
