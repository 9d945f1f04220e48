"""A full disk: in the store phase (SQLite's "database or disk is full") and behind the standard
output (`> /dev/full`). One line each, exit code 4, the store as it was, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program

from whatsapp_ingest.i18n import catalog

t = catalog("id").gettext

# The CLI with every connection to the store limited to the pages it has now: the store "fills the
# disk" as soon as it would grow, as SQLite sees a full disk.
FULL_STORE = """
import sqlite3, sys
_connect = sqlite3.connect
def connect(path, *args, **kwargs):
    conn = _connect(path, *args, **kwargs)
    if str(path).endswith("store.sqlite"):
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 2)}")
    return conn
sqlite3.connect = connect
from whatsapp_ingest.cli import app
app(prog_name="whatsapp-ingest")
"""


def run(*args: str, cwd: Path, stdout: int | None = None, full_store: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WHATSAPP_INGEST_LANG"}
    command = [sys.executable, "-c", FULL_STORE] if full_store else [sys.executable, "-m", "whatsapp_ingest"]
    return subprocess.run([*command, *args], stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=300, env=env, cwd=cwd)


def messages(store: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(store)
    try:
        return conn.execute("SELECT * FROM messages ORDER BY id").fetchall() + \
            conn.execute("SELECT digest, name, status FROM files ORDER BY digest").fetchall()
    finally:
        conn.close()


def big_export(n: int) -> str:
    return android(*[(f"2020-04-{6 + i % 20:02d} {8 + i % 10:02d}:{i % 60:02d}", f"Peserta {i % 30}" if i % 30 else "Budi",
                      f"pesan nomor {i} " + "x" * 200) for i in range(n)])


def test_a_full_disk_while_storing_is_one_line_and_the_store_unchanged(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p")
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Budi", "hadir")))
    assert run("ingest", "p", "--quiet", cwd=tmp_path).returncode == 0
    store = program.state / "store.sqlite"
    before = messages(store)
    drop(program, "WhatsApp Chat with Bimlat PTK Cipocok (1).txt", big_export(2000))

    result = run("ingest", "p", cwd=tmp_path, full_store=True)

    assert result.returncode == 4
    message = (os.path.join("p", ".whatsapp-ingest", "store.sqlite") + ": "
               + t("the disk is full, so the store could not be written ({error})").format(
                   error="database or disk is full") + "; "
               + t("free some space on the disk and run ingest again; the store is as it was before "
                   "the file that did not fit"))
    assert result.stderr == t("error: {message}").format(message=message) + "\n"
    assert messages(store) == before
    # with room again the same command finishes the job
    assert run("ingest", "p", "--quiet", cwd=tmp_path).returncode == 0
    assert len(messages(store)) == len(before) + 2001


STDOUT_FULL = t("error: {message}").format(message=t("standard output") + ": " + t(
    "cannot be written ({error})").format(error=os.strerror(28)) + "; " + t(
    "free some space on the disk that receives the output, or write it elsewhere")) + "\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_ingest_to_a_full_standard_output_is_one_line_exit_4(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p", extra="holidays = [2020-04-10]")   # (no once-only holiday warning)
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Budi", "hadir")))
    with open("/dev/full", "w") as full:
        result = run("ingest", "p", cwd=tmp_path, stdout=full.fileno())
    assert result.returncode == 4
    assert result.stderr == STDOUT_FULL
    # the store was written before the output failed: the next run has nothing new
    assert run("ingest", "p", "--json", cwd=tmp_path).stdout.count('"status": "unchanged"') == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_parse_to_a_full_standard_output_is_one_line_exit_4(tmp_path: Path) -> None:
    (tmp_path / "chat.txt").write_text(big_export(50), encoding="utf-8")
    with open("/dev/full", "w") as full:
        result = run("parse", "chat.txt", cwd=tmp_path, stdout=full.fileno())
    assert result.returncode == 4
    assert result.stderr == STDOUT_FULL


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_init_and_roster_to_a_full_standard_output(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = run("init", "baru", cwd=tmp_path, stdout=full.fileno())
    assert (result.returncode, result.stderr) == (4, STDOUT_FULL)
    assert (tmp_path / "baru" / "program.toml").is_file()   # the work was done; only the telling failed
