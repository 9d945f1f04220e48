"""Helpers for the ingest tests: a program folder, exports written the way phones write them."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pandas as pd

from whatsapp_ingest.programme.program import Program, load_program
from whatsapp_ingest.store.db import load_messages

GROUP = "Bimlat PTK Cipocok"
ANDROID_NAME = f"WhatsApp Chat with {GROUP}.txt"

PROGRAM_TOML = '''\
name = "Bimlat Penyusunan PTK April 2020"
group = "Bimlat PTK Cipocok"
start = 2020-04-06
end = 2020-04-30
{extra}
[[cycles]]
name = "Siklus I"
weeks = [1, 2]
'''


# program.toml as the issue writes it: four weeks of April 2020, two cycles (tests/test_program.py
# loads it key by key; the weekly replay adds its holidays and tasks to it).
ISSUE_TOML = '''\
name = "Bimlat Penyusunan PTK April 2020"
group = "Bimlat PTK Cipocok"      # the WhatsApp group's name
start = 2020-04-06
end = 2020-04-30
workdays = ["mon", "tue", "wed", "thu", "fri"]
holidays = []                     # dates that are not working days
rules = "bimlat-ptk"              # a rule set shipped in rules/, or a path to one

[decision]
threshold = 70                    # percent of working days; at or above = DL / Aktif

[[cycles]]
name = "Siklus I"
weeks = [1, 2]

[[cycles]]
name = "Siklus II"
weeks = [3, 4]
'''


def edited(text: str, *changes: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced once; a change whose `old` is not there fails loudly."""
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# The web app's programme (tests/test_app_http.py, tests/test_app_browser.py): two weeks, a cycle
# each, one task due on the second day; two participants, and Citra writes without being in the roster.
APP_PROGRAM = '''\
name = "Bimlat Uji"
group = "Bimlat PTK Cipocok"
start = 2020-04-06
end = 2020-04-17

[[cycles]]
name = "Siklus I"
weeks = [1]

[[cycles]]
name = "Siklus II"
weeks = [2]

[[tasks]]
id = "PR.1"
due = 2020-04-07
'''
APP_ROSTER = "no,name,phone,aliases,role,status\r\n1,Ani,,,peserta,aktif\r\n2,Budi,,,peserta,aktif\r\n"


def app_folder(tmp_path: Path) -> Path:
    """The web app's programme folder, made by `init` and then filled in."""
    from whatsapp_ingest.programme.create import init_program

    folder = tmp_path / "Program Uji"
    init_program(folder)
    (folder / "program.toml").write_text(APP_PROGRAM, encoding="utf-8")
    (folder / "roster.csv").write_text(APP_ROSTER, encoding="utf-8")
    return folder


def app_chat() -> str:
    """The first two days in the app's group: Ani present both days and sends PR.1, Budi on the
    first day, Citra (not in the roster) on the second."""
    return android(("2020-04-06 07:30", "Ani", "Assalamualaikum, hadir"),
                   ("2020-04-06 08:00", "Ani", "PR.1 saya kirim, terlampir"),
                   ("2020-04-06 08:05", "Budi", "Hadir bu"),
                   ("2020-04-07 07:30", "Ani", "Hadir"),
                   ("2020-04-07 07:45", "Citra", "Saya ikut"))


def make_program(folder: Path, roster: str = "", extra: str = "") -> Program:
    """A program folder with program.toml, roster.csv (if given) and an empty inbox."""
    (folder / "inbox").mkdir(parents=True, exist_ok=True)
    (folder / "program.toml").write_text(PROGRAM_TOML.format(extra=extra), encoding="utf-8")
    if roster:
        (folder / "roster.csv").write_text(roster, encoding="utf-8")
    return load_program(folder)


def android(*messages: tuple[str, str, str]) -> str:
    """Android, Indonesian phone: `06/04/20 08.15 - Nama: teks` (author "" for a notice)."""
    lines = []
    for when, author, text in messages:
        stamp = datetime.fromisoformat(when)
        head = f"{stamp:%d/%m/%y} {stamp:%H.%M} - "
        lines.append(head + (f"{author}: {text}" if author else text))
    return "\n".join(lines) + "\n"


def ios(*messages: tuple[str, str, str]) -> str:
    """iPhone, Indonesian: `[06/04/20 08.15.02] Nama: teks`, CRLF line ends."""
    lines = []
    for when, author, text in messages:
        stamp = datetime.fromisoformat(when)
        lines.append(f"[{stamp:%d/%m/%y} {stamp:%H.%M.%S}] {author}: {text}")
    return "\r\n".join(lines) + "\r\n"


def drop(program: Program, name: str, text: str | bytes) -> Path:
    """Put an export into the inbox."""
    path = program.inbox / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def stored(program: Program) -> list[tuple[object, ...]]:
    """The stored messages as (no, time, author, kind, text) rows, in order."""
    frame, _ = load_messages(program)
    return [(None if pd.isna(no) else int(no), ts.strftime("%Y-%m-%d %H:%M:%S"), author, kind, text)
            for no, ts, author, kind, text in frame[["no", "timestamp", "author", "kind", "text"]]
            .astype(object).itertuples(index=False)]


def process_alive(pid: int) -> bool:
    """Whether a process with this id still exists (a child not yet reaped counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


INTERRUPTED = "dihentikan: yang sudah tersimpan tetap ada; jalankan perintah yang sama lagi untuk menyelesaikan"


def interrupt_beside_child(argv: list[str], whom: str) -> tuple[int, str, int]:
    """Run `argv` (a Python command given two more arguments: a pipe's write end on which it says the
    pid of the child it forked, and a read end that holds that child at work until closed), then
    Ctrl-C it when its child works: to the whole group (a terminal's Ctrl-C) when `whom` is "group",
    else to the parent alone. Returns (exit code, stderr, the child's pid) once the parent has ended."""
    import signal
    import subprocess

    said_read, said_write = os.pipe()
    hold_read, hold_write = os.pipe()
    process = subprocess.Popen([*argv, str(said_write), str(hold_read)], pass_fds=(said_write, hold_read),
                               start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.close(said_write)
    os.close(hold_read)
    try:
        with os.fdopen(said_read, "rb") as said:
            child = int(said.readline() or b"0")
        assert child, process.communicate(timeout=60)
        if whom == "group":
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
    finally:
        os.close(hold_write)
    return process.returncode, err, child
