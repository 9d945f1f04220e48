"""Safety of `ingest`: a process killed in the middle, and two ingests at once on one program."""

from __future__ import annotations

import os
import shutil
import select
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import GROUP, INTERRUPTED, interrupt_beside_child, make_program, process_alive

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


# `ingest` that stops inside the second export's transaction, after its first batch of rows (the
# first export is committed by then): it says so on fd argv[2] and waits on fd argv[3], so the
# test's Ctrl-C lands there on any machine, however fast or loaded (polling the store for the
# first commit could miss a run that ended first).
PAUSED_INGEST = """
import os, sys
from whatsapp_ingest.figures import verdicts_aside
from whatsapp_ingest.store import db
heard = []
before = verdicts_aside.Aside.before_store
def hear(self, path, digest, date_order):
    heard.append(path)
    return before(self, path, digest, date_order)
verdicts_aside.Aside.before_store = hear
add = db.ExportWriter.add
paused = []
def pause(self, batch):
    add(self, batch)
    if len(heard) == 2 and not paused:
        paused.append(True)
        os.write(int(sys.argv[2]), b"storing\\n")
        os.read(int(sys.argv[3]), 1)
db.ExportWriter.add = pause
from whatsapp_ingest.cli import app
app(prog_name="whatsapp-ingest", args=["ingest", sys.argv[1], "--quiet"])
"""


def test_ctrl_c_says_what_to_do_and_the_rerun_finishes(tmp_path: Path, reference) -> None:
    inbox, expected = reference
    program = copy_program(tmp_path, inbox)
    say_read, say_write = os.pipe()
    hold_read, hold_write = os.pipe()
    process = subprocess.Popen([sys.executable, "-c", PAUSED_INGEST, str(program.folder), str(say_write),
                                str(hold_read)], pass_fds=(say_write, hold_read),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.close(say_write)
    os.close(hold_read)
    try:
        with os.fdopen(say_read, "rb") as said:
            assert select.select([said], [], [], 120)[0], "the run never reached the second export"
            assert said.readline() == b"storing\n"
        assert committed_files(program) == 1   # the second export's rows are in an open transaction
        process.send_signal(signal.SIGINT)                 # Ctrl-C while the second export is stored
        _, err = process.communicate(timeout=120)
    finally:
        os.close(hold_write)
        if process.poll() is None:   # (a failed assertion above: stop the run, read its pipes)
            process.kill()
            process.communicate()
    assert process.returncode == 130, err
    assert err.splitlines()[-1] == ("dihentikan: yang sudah tersimpan tetap ada; jalankan perintah yang sama lagi "
                                    "untuk menyelesaikan")
    assert "Traceback" not in err
    assert committed_files(program) == 1   # the interrupted export left nothing behind
    report = run_ingest(program)
    assert [f.status for f in report.files].count("new") == FILES - 1
    frame, files_after = store_state(program)
    pd.testing.assert_frame_equal(frame, expected[0])
    assert files_after == expected[1]


# `ingest` with the workbook built by a forked child (report/write.py), whatever the machine's load.
# The child says its pid on fd argv[2], then waits until the test closes its end of the pipe on fd
# argv[3] (so a child the test forgets still ends: it builds and exits).
FORKED_INGEST = """
import os, sys
from whatsapp_ingest.report import write
parent = os.getpid()
write.fork_pays = lambda: True
real = write.build_workbook
def build(results, report=None):
    if os.getpid() != parent:
        os.write(int(sys.argv[2]), f"{os.getpid()}\\n".encode())
        os.read(int(sys.argv[3]), 1)
    return real(results, report)
write.build_workbook = build
from whatsapp_ingest.cli import app
app(prog_name="whatsapp-ingest", args=["ingest", sys.argv[1], "--quiet"])
"""


def charted_program(folder: Path) -> Program:
    """A small programme whose first ingest draws every chart."""
    program = make_program(folder, roster="no,name\n" + "".join(f"{i},{a}\n" for i, a in enumerate(AUTHORS[:11], 1)))
    lines = []
    start = datetime(2020, 4, 6, 7, 0)
    for i in range(600):
        when = start + timedelta(minutes=40 * i)
        lines.append(f"{when:%d/%m/%y %H.%M} - {AUTHORS[i % 11]}: {'hadir' if i % 3 else 'pesan'} {i}\n")
    (program.inbox / f"WhatsApp Chat with {GROUP}.txt").write_text("".join(lines), encoding="utf-8")
    return program


def out_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "out").iterdir())}


# `ingest` in one process, whatever the machine's load.
ONE_PROCESS_INGEST = """
import sys
from whatsapp_ingest.report import write
write.fork_pays = lambda: False
from whatsapp_ingest.cli import app
app(prog_name="whatsapp-ingest", args=["ingest", sys.argv[1], "--quiet"])
"""


def ingest_cli(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", ONE_PROCESS_INGEST, str(folder)], capture_output=True, text=True,
                          timeout=300)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the workbook's child needs os.fork")
@pytest.mark.parametrize("whom", ["group", "parent"])
def test_ctrl_c_while_a_child_builds_the_workbook_leaves_no_outputs_and_no_process(tmp_path: Path, whom: str) -> None:
    program = charted_program(tmp_path / "p")
    code, err, child = interrupt_beside_child([sys.executable, "-c", FORKED_INGEST, str(program.folder)], whom)
    assert not process_alive(child)   # stopped and reaped by the parent
    assert code == 130, err
    assert err.splitlines()[-1] == INTERRUPTED
    assert "Traceback" not in err
    assert not (program.folder / "out").exists()
    assert sorted(p.name for p in program.folder.iterdir()) == [".whatsapp-ingest", "inbox", "program.toml",
                                                                 "roster.csv"]
    assert ingest_cli(program.folder).returncode == 0
    reference = charted_program(tmp_path / "reference")
    assert ingest_cli(reference.folder).returncode == 0
    assert out_files(program.folder) == out_files(reference.folder)
    assert "grafik_keaktifan.png" in out_files(program.folder)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the workbook's child needs os.fork")
def test_a_workbook_built_by_a_child_through_the_command_is_that_of_one_process(tmp_path: Path) -> None:
    program = charted_program(tmp_path / "p")
    say_read, say_write = os.pipe()
    hold_read, hold_write = os.pipe()
    os.close(hold_write)   # the child goes on at once
    process = subprocess.run([sys.executable, "-c", FORKED_INGEST, str(program.folder), str(say_write),
                              str(hold_read)], pass_fds=(say_write, hold_read), capture_output=True, text=True,
                             timeout=300)
    os.close(say_write)
    os.close(hold_read)
    with os.fdopen(say_read, "rb") as said:
        assert int(said.readline()) > 0 and said.read() == b""   # one child built the workbook
    assert process.returncode == 0, process.stderr
    reference = charted_program(tmp_path / "reference")
    sequential = ingest_cli(reference.folder)
    assert (process.stdout, process.stderr) == (sequential.stdout, sequential.stderr.replace(str(reference.folder),
                                                                                            str(program.folder)))
    assert out_files(program.folder) == out_files(reference.folder)
