"""roster.csv and the other files a supervisor edits, when they are not plain files: a FIFO or a
link to /dev/zero is refused in one line instead of hanging or filling the memory; `roster` waits
for no half-built store (it takes the lock); an unreadable inbox file gets the hint for its cause."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program

from whatsapp_ingest.i18n import catalog
from whatsapp_ingest.store.db import program_lock
from whatsapp_ingest.store.ingest import _unreadable

t = catalog("id").gettext


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WHATSAPP_INGEST_LANG"}
    return subprocess.run([sys.executable, "-m", "whatsapp_ingest", *args], capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_roster_that_is_no_plain_file_is_one_line(tmp_path: Path, kind: str) -> None:
    program = make_program(tmp_path)
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Budi", "hadir")))
    roster = tmp_path / "roster.csv"
    if kind == "fifo":
        os.mkfifo(roster)
    else:
        roster.symlink_to("/dev/zero")
    result = run("ingest", str(tmp_path))
    assert result.returncode == 2
    what = t("a named pipe (FIFO)") if kind == "fifo" else t("a device")
    message = (f"{roster}: " + t("is {what}, not a file").format(what=what) + "; "
               + t("put a plain text file of this name in the programme folder"))
    assert result.stderr == t("error: {message}").format(message=message) + "\n"


def test_roster_takes_the_lock(tmp_path: Path) -> None:
    program = make_program(tmp_path)
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Budi", "hadir")))
    assert run("ingest", str(tmp_path), "--quiet").returncode == 0
    with program_lock(program):   # as while an ingest is still storing
        result = run("roster", str(tmp_path))
    assert result.returncode == 3
    assert result.stderr.startswith(t("error: {message}").format(message="")) and result.stderr.count("\n") == 1
    assert run("roster", str(tmp_path)).returncode == 0


def test_the_hint_fits_why_an_inbox_file_cannot_be_read() -> None:
    denied = str(_unreadable(PermissionError(errno.EACCES, "Permission denied")))
    gone = str(_unreadable(FileNotFoundError(errno.ENOENT, "No such file or directory")))
    broken = str(_unreadable(OSError(errno.EIO, "Input/output error")))
    assert "close the program" not in denied + gone + broken
    assert len({denied, gone, broken}) == 3
