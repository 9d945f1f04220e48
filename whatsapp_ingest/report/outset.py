"""out/ replaced as a set: the new outputs are built beside the old ones and switched at once.

A supervisor opens plain files in `out/`, so `out/` stays an ordinary folder. A run writes every
output into a sibling staging folder (`.out.new-…`; an unchanged file is hard-linked, keeping its
bytes and modification time, and the supervisor's own files in out/ are carried over), then swaps
the two folders: in one step where the system can exchange two names (Linux), else by two renames.
Disk full, a kill or a crash while the set is built leaves out/ as it was; the staging folder and
`.tmp` leftovers are removed by the next run, which also puts back an out/ caught between the two
renames. Where out/ cannot be renamed (Windows, while Excel holds rekap.xlsx open) the files are
replaced one by one instead, and a file that is held open is written under a fresh name, with a
note saying so.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from whatsapp_ingest.errors import OutputError
from whatsapp_ingest.i18n import _

STAGE_TAG = ".new-"
OLD_TAG = ".old-"


@dataclass(frozen=True)
class Published:
    notes: tuple[str, ...] = ()             # for people: a file written under another name, and why
    renamed: tuple[tuple[str, Path], ...] = ()   # (output name, where it was written instead)


def publish(out: Path, files: Iterable[tuple[str, bytes]], drop: Iterable[str] = ()) -> Published:
    """Make `out` hold `files` (name, bytes) besides what else it held, minus `drop`. Raises
    OutputError when the set cannot be written (out/ then stays as it was)."""
    out = Path(out)
    if out.is_symlink():   # out/ linked elsewhere (a synced folder): the set is switched there
        out = out.resolve()
    files = list(files)
    dropped = set(drop)
    recover(out)
    if out.exists() and not out.is_dir():
        raise OutputError(out, _("is a file, but the outputs go in a folder of this name"),
                          _("move or rename that file"))
    if _up_to_date(out, files, dropped):
        return Published()   # nothing changed: not a byte and not a modification time touched
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}{STAGE_TAG}", dir=out.parent))
    except OSError as exc:
        raise _error(out, exc) from None
    try:
        _build(stage, out, files, dropped)
        published = _switch(stage, out, dropped)
    except OSError as exc:
        raise _error(out, exc) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return published


def recover(out: Path) -> None:
    """Undo what a killed run left: put back an out/ caught between two renames, remove staging
    folders, old copies and `.tmp` files."""
    parent = out.parent
    try:
        leftovers = sorted(p for p in parent.iterdir() if p.name.startswith(f".{out.name}{STAGE_TAG}")
                           or p.name.startswith(f".{out.name}{OLD_TAG}"))
    except OSError:
        return
    if not out.exists():
        olds = [p for p in leftovers if p.name.startswith(f".{out.name}{OLD_TAG}")]
        if olds:
            try:
                os.rename(olds[-1], out)
                leftovers.remove(olds[-1])
            except OSError:
                pass
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    try:
        for path in out.iterdir():
            if path.name.startswith(".") and path.name.endswith(".tmp") and path.is_file():
                path.unlink(missing_ok=True)   # atomic_write's leftover from a killed run
    except OSError:
        pass


def _up_to_date(out: Path, files: list[tuple[str, bytes]], dropped: set[str]) -> bool:
    if not out.is_dir() or any((out / name).exists() for name in dropped):
        return False
    for name, data in files:
        try:
            path = out / name
            if not path.is_file() or path.stat().st_size != len(data) or path.read_bytes() != data:
                return False
        except OSError:
            return False
    return True


def _build(stage: Path, out: Path, files: list[tuple[str, bytes]], dropped: set[str]) -> None:
    """Every output into `stage` (unchanged ones linked), then whatever else out/ holds."""
    names = {name for name, _ in files}
    written = []
    for name, data in files:
        old = out / name
        if not (_same(old, data) and _link(old, stage / name)):
            _write(stage / name, data)
            written.append(stage / name)
    _sync_files(written)
    if out.is_dir():
        for entry in out.iterdir():
            if entry.name in names or entry.name in dropped or (entry.name.startswith(".") and entry.name.endswith(".tmp")):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, stage / entry.name, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry, stage / entry.name)
    _sync_folder(stage)


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target, follow_symlinks=False)
        return True
    except OSError:   # a USB stick (FAT) or share without hard links
        return False


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    if not _link(Path(source), Path(target)):
        shutil.copy2(source, target, follow_symlinks=False)


def _write(path: Path, data: bytes) -> None:
    """A staged file's bytes (on the disk once `_sync_files` has run)."""
    with open(path, "wb") as handle:
        handle.write(data)
    os.chmod(path, _file_mode())


def _sync_files(paths: list[Path]) -> None:
    """Every staged file's bytes on the disk before the set is switched in. All asked at once, by a
    few threads (fsync waits for the disk, not for the interpreter), so the file system commits
    them together: one after another, each waited for its own commit (the 18 outputs of the
    40,000-message programme 64 -> 20 ms on the machine of docs/performance.md). The threads have
    ended when this returns (a process with threads never forks: forking.fork_pays)."""
    if len(paths) < 2:
        for path in paths:
            _sync_file(path)
        return
    with ThreadPoolExecutor(max_workers=min(8, len(paths)), thread_name_prefix="fsync") as pool:
        for _ in pool.map(_sync_file, paths):   # (an error is raised here, in the caller's thread)
            pass


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _switch(stage: Path, out: Path, dropped: set[str]) -> Published:
    """Put the staged set in out/'s place; the old set ends in `stage` (and is removed by the caller)."""
    os.chmod(stage, 0o777 & ~_umask())   # mkdtemp makes 0700: out/ is a folder people share
    if not out.exists():
        os.rename(stage, out)
        return Published()
    if _exchange(stage, out):
        return Published()
    old = out.parent / f".{out.name}{OLD_TAG}{os.getpid()}"
    try:
        os.rename(out, old)
    except PermissionError:   # Windows: a file in out/ is open (Excel): replace file by file
        return _replace_each(stage, out, dropped)
    try:
        os.rename(stage, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return Published()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names in one step (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):   # a file system that cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(second))


def _replace_each(stage: Path, out: Path, dropped: set[str]) -> Published:
    """Move each staged file over its namesake; one held open is written under a fresh name."""
    notes, renamed = [], []
    for entry in sorted(stage.iterdir()):
        target = out / entry.name
        if entry.is_dir():
            continue   # the supervisor's own folders: still in out/, untouched
        try:
            os.replace(entry, target)
        except PermissionError:
            fresh = _fresh_name(target)
            os.replace(entry, fresh)
            renamed.append((entry.name, fresh))
            notes.append(_("{file} is open in another program (Excel?), so the new one is {fresh}; close it, "
                           "and the next run writes {name} again").format(file=target, fresh=fresh.name,
                                                                          name=target.name))
    for name in dropped:
        (out / name).unlink(missing_ok=True)
    return Published(tuple(notes), tuple(renamed))


def _fresh_name(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}-{stamp}{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{stamp}-{number}{path.suffix}")
        number += 1
    return candidate


def _error(out: Path, exc: OSError) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(out, _("the disk is full, so the outputs could not be written (out/ is as it was)"),
                           _("free some space on the disk and run again"))
    return OutputError(out, _("the outputs could not be written ({reason}); out/ is as it was").format(
        reason=exc.strerror or exc), _("check that your user may write in the programme folder and run again"))
