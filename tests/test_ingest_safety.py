"""Safety of `ingest`: a process killed in the middle, and two ingests at once on one program."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import GROUP, make_program

from whatsapp_ingest.errors import Busy
from whatsapp_ingest.store.ingest import run_ingest
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.store.db import connect, load_messages, program_lock

# Runs one ingest and prints the number of each file done, as soon as it is stored.
INGEST = """
import sys
from pathlib import Path
from whatsapp_ingest.errors import IngestError
from whatsapp_ingest.store.ingest import run_ingest
from whatsapp_ingest.programme.program import load_program

try:
    run_ingest(load_program(Path(sys.argv[1])), progress=lambda done, total, name: print(done, flush=True))
except IngestError as error:
    print(error.render(), file=sys.stderr)
    sys.exit(error.exit_code)
"""
FILES = 4
PER_WEEK = 8_000
AUTHORS = [f"Peserta {i:02d}" for i in range(1, 12)] + ["Pak Dedi", "~ Siti Aminah", "+62 812\u20113456\u20117890"]


def weekly_exports(program: Program) -> None:
    """FILES weekly exports; export k repeats weeks 1..k (as WhatsApp does) with PER_WEEK messages a week."""
    lines = []
    start = datetime(2020, 4, 6, 7, 0)
    for i in range(PER_WEEK * FILES):
        when = start + timedelta(days=7 * (i // PER_WEEK), seconds=37 * (i % PER_WEEK))
        text = "hadir" if i % 5 == 0 else f"pesan {i}"
        lines.append(f"{when:%d/%m/%y %H.%M} - {AUTHORS[i % len(AUTHORS)]}: {text}\n")
    for k in range(1, FILES + 1):
        path = program.inbox / f"WhatsApp Chat with {GROUP} ({k}).txt"
        path.write_text("".join(lines[: PER_WEEK * k]), encoding="utf-8")


def start_ingest(folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", INGEST, str(folder)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))


def store_state(program: Program) -> tuple[pd.DataFrame, list[tuple[object, ...]]]:
    conn = connect(program)
    try:
        files = conn.execute("SELECT digest, name, status, messages, messages_new FROM files ORDER BY digest").fetchall()
    finally:
        conn.close()
    return load_messages(program)[0], files


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[pd.DataFrame, list[tuple[object, ...]]]]:
    """An inbox of big overlapping exports, and the store an uninterrupted run makes of it."""
    program = make_program(tmp_path_factory.mktemp("reference"))
    weekly_exports(program)
    report = run_ingest(program)
    assert [f.status for f in report.files] == ["new"] * FILES
    assert report.messages_new == PER_WEEK * FILES
    return program.inbox, store_state(program)


def copy_program(tmp_path: Path, inbox: Path) -> Program:
    program = make_program(tmp_path)
    shutil.rmtree(program.inbox)
    shutil.copytree(inbox, program.inbox)
    return program


def test_killed_in_the_middle_then_rerun_equals_uninterrupted(tmp_path: Path, reference) -> None:
    inbox, expected = reference
    program = copy_program(tmp_path, inbox)
    process = start_ingest(program.folder)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "1"   # the first file is committed …
    process.send_signal(signal.SIGKILL)                # … and the process dies while working on the next
    process.wait()
    assert process.returncode == -signal.SIGKILL
    _, files = store_state(program)
    assert 1 <= len(files) < FILES
    report = run_ingest(program)
    assert [f.status for f in report.files].count("unchanged") == len(files)
    frame, files_after = store_state(program)
    pd.testing.assert_frame_equal(frame, expected[0])
    assert files_after == expected[1]


def test_second_ingest_is_refused_while_one_runs(tmp_path: Path) -> None:
    program = make_program(tmp_path)
    with program_lock(program):
        process = start_ingest(program.folder)
        _, err = process.communicate(timeout=60)
    assert process.returncode == Busy.exit_code == 3
    assert err.strip() == f"{tmp_path}: whatsapp-ingest lain sedang bekerja pada folder program ini; tunggu sampai selesai"


def test_two_ingests_at_once_leave_one_consistent_store(tmp_path: Path, reference) -> None:
    inbox, expected = reference
    program = copy_program(tmp_path, inbox)
    first, second = start_ingest(program.folder), start_ingest(program.folder)
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in (first, second)]
    assert sorted(code for code, _ in results)[0] == 0
    for code, err in results:
        assert code == 0 or (code == 3 and "whatsapp-ingest lain sedang bekerja" in err)
    frame, files = store_state(program)
    pd.testing.assert_frame_equal(frame, expected[0])
    assert files == expected[1]


def committed_files(program: Program) -> int:
    """How many files another process has committed (read-only look, safe while it writes)."""
    path = program.state / "store.sqlite"
    if not path.exists():
        return 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.OperationalError:   # the schema is not written yet
        return 0
    finally:
        conn.close()


def test_ctrl_c_says_what_to_do_and_the_rerun_finishes(tmp_path: Path, reference) -> None:
    inbox, expected = reference
    program = copy_program(tmp_path, inbox)
    process = subprocess.Popen([sys.executable, "-m", "whatsapp_ingest", "ingest", str(program.folder), "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while committed_files(program) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)                 # Ctrl-C after the first file is stored
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.splitlines()[-1] == ("dihentikan: yang sudah tersimpan tetap ada; jalankan perintah yang sama lagi "
                                    "untuk menyelesaikan")
    assert "Traceback" not in err
    report = run_ingest(program)
    assert [f.status for f in report.files].count("new") >= 1
    frame, files_after = store_state(program)
    pd.testing.assert_frame_equal(frame, expected[0])
    assert files_after == expected[1]
