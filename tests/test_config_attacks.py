"""Broken configuration that used to end in a traceback: each is one line `file:line: what is wrong;
what to do` with exit code 2 (a store of another program, exit 1, as a damaged store), and a path in
inbox/ that cannot be read refuses that path only while the other exports are stored."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program

from whatsapp_ingest.i18n import catalog
from whatsapp_ingest.programme.program import Program

t = catalog("id").gettext
ERROR = t("error: {message}")
GOOD = android(("2020-04-06 08:15", "Budi", "hadir"), ("2020-04-06 08:16", "Ani", "hadir"))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WHATSAPP_INGEST_LANG"}
    return subprocess.run([sys.executable, "-m", "whatsapp_ingest", *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=cwd)


def programme(tmp_path: Path, roster: str = "") -> Program:
    """A programme folder "p" with one good export (its holidays listed: no once-only holiday warning)."""
    program = make_program(tmp_path / "p", roster, extra="holidays = [2020-04-10]")
    drop(program, ANDROID_NAME, GOOD)
    return program


def append(program: Program, text: str) -> int:
    """Add lines to program.toml; the line number of the last one."""
    old = program.program_toml.read_text(encoding="utf-8")
    program.program_toml.write_text(old + text + "\n", encoding="utf-8")
    return old.count("\n") + text.count("\n") + 1


def one_line(result: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    assert "Traceback" not in result.stderr
    assert (result.returncode, result.stderr) == (code, ERROR.format(message=message) + "\n")


def roster_case(tmp_path: Path, roster: str) -> subprocess.CompletedProcess[str]:
    programme(tmp_path, roster)
    return run("ingest", "p", cwd=tmp_path)


@pytest.mark.parametrize("no", ["²", "١", "1²"])
def test_a_number_that_only_python_reads_as_digits(tmp_path: Path, no: str) -> None:
    result = roster_case(tmp_path, f"no,name\n1,Budi\n{no},Ani\n")
    one_line(result, 2, "p/roster.csv:3: " + t("no '{no}' is not a whole number from 1").format(no=no) + "; "
             + t("write 1, 2, 3 …"))


def test_a_number_of_thirty_digits(tmp_path: Path) -> None:
    result = roster_case(tmp_path, "no,name\n1,Budi\n" + "1" + "0" * 30 + ",Ani\n")
    shown = "1" + "0" * 30   # (short enough to be shown whole)
    one_line(result, 2, "p/roster.csv:3: " + t("no {no} is too large (at most {most})").format(no=shown, most=999999)
             + "; " + t("number the participants 1, 2, 3 …"))


def test_a_cell_of_128_kib(tmp_path: Path) -> None:
    result = roster_case(tmp_path, 'no,name\n1,Budi\n2,"' + "A" * (128 * 1024 + 10) + '"\n')
    one_line(result, 2, "p/roster.csv:3: " + t("a cell holds more than {n} characters").format(n=131072) + "; "
             + t('check the row: a quote " opened and never closed takes in the rest of the file'))


def test_a_name_of_ten_thousand_characters(tmp_path: Path) -> None:
    result = roster_case(tmp_path, "no,name\n1,Budi\n2," + "A" * 10_000 + "\n")
    one_line(result, 2, "p/roster.csv:3: " + t("the {column} cell holds {n} characters, far more than a {column} "
                                               "can be").format(column="name", n=10_000) + "; "
             + t("check this row: write only the {column} there").format(column="name"))


@pytest.mark.parametrize("value", ["nan", "inf", "-nan"])
def test_threshold_nan(tmp_path: Path, value: str) -> None:
    line = append(programme(tmp_path), f"[decision]\nthreshold = {value}")
    result = run("ingest", "p", cwd=tmp_path)
    one_line(result, 2, f"p/program.toml:{line}: " + t("{key} = {value} is not a number {bound}").format(
        key="[decision] threshold", value=repr(float(value)), bound=t("from {low} to {high}").format(low=0, high=100))
        + "; " + t("write e.g. 70"))


def test_max_score_inf(tmp_path: Path) -> None:
    append(programme(tmp_path), '[[tasks]]\nid = "PR.1"\nmax_score = inf')
    result = run("ingest", "p", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "max_score = inf" in result.stderr


@pytest.mark.parametrize("nested", ["x = " + "[" * 3000 + "]" * 3000,
                                    "[grading]\nbands = " + "[" * 600 + "]" * 600,
                                    "y = " + "{a = " * 2000 + "1" + "}" * 2000])
def test_deeply_nested_program_toml(tmp_path: Path, nested: str) -> None:
    line = append(programme(tmp_path), nested)
    result = run("ingest", "p", cwd=tmp_path)
    one_line(result, 2, f"p/program.toml:{line}: "
             + t("values are nested too deeply (lists in lists or tables in tables)") + "; "
             + t("no setting needs more than a few brackets; check the brackets on this line"))


NOT_A_STORE = ("p/.whatsapp-ingest/store.sqlite: "
               + t("this database is not a store of whatsapp-ingest (its tables are another program's)") + "; "
               + t("move this file out of the folder {folder} (it may belong to another program), then run ingest "
                   "again: the store is rebuilt from the exports in the inbox").format(folder=".whatsapp-ingest"))


@pytest.mark.parametrize("schema", ["CREATE TABLE people (name TEXT, nip TEXT)",
                                    "CREATE TABLE messages (id INTEGER, body TEXT)",
                                    "CREATE TABLE files (digest TEXT PRIMARY KEY, name TEXT)"])
def test_a_database_of_another_program_named_like_the_store(tmp_path: Path, schema: str) -> None:
    program = programme(tmp_path)
    program.state.mkdir()
    store = program.state / "store.sqlite"
    conn = sqlite3.connect(store)
    conn.execute(schema)
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    before = store.read_bytes()
    one_line(run("ingest", "p", cwd=tmp_path), 1, NOT_A_STORE)
    one_line(run("roster", "p", cwd=tmp_path), 1, NOT_A_STORE)
    if schema.startswith("CREATE TABLE people"):
        assert store.read_bytes() == before   # nothing added to someone else's database


def test_a_random_file_named_like_the_store(tmp_path: Path) -> None:
    program = programme(tmp_path)
    program.state.mkdir()
    (program.state / "store.sqlite").write_bytes(os.urandom(8192))
    result = run("ingest", "p", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def deep_folder(inbox: Path, length: int) -> Path:
    """A folder under `inbox` whose path is longer than `length` (made step by step, as a sync tool does)."""
    here = os.getcwd()
    os.chdir(inbox)
    try:
        made = 0
        while made * 201 < length:
            os.mkdir("d" * 200)
            os.chdir("d" * 200)
            made += 1
        Path("WhatsApp Chat with Bimlat PTK Cipocok.txt").write_text(GOOD, encoding="utf-8")
    finally:
        os.chdir(here)
    return inbox / "/".join(["d" * 200] * made)


def test_an_inbox_path_longer_than_path_max_refuses_that_folder_only(tmp_path: Path) -> None:
    program = programme(tmp_path)
    deep_folder(program.inbox, os.pathconf("/", "PC_PATH_MAX") if hasattr(os, "pathconf") else 4096)
    result = run("ingest", "p", "--quiet", cwd=tmp_path)
    assert result.returncode == 1   # something in the inbox could not be read
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    reason = t("cannot be read ({error}): the path is too long; move the exports in it to a folder nearer the inbox, "
               "with a shorter name").format(error=os.strerror(36))
    assert lines[0].startswith(t("warning: {message}").format(message="inbox/ddd"))
    assert lines[0].endswith(": " + t("{file}: refused: {reason}").format(file="", reason=reason)[2:])
    assert len(lines[0]) < 600   # the path is shortened, not printed in full
    stored = run("ingest", "p", "--json", cwd=tmp_path).stdout
    assert '"messages_new": 0' in stored and '"status": "unchanged"' in stored   # the good export was stored


def test_dangling_links_and_links_to_folders_are_said(tmp_path: Path) -> None:
    program = programme(tmp_path)
    (program.inbox / "minggu 2.txt").symlink_to(tmp_path / "gone.txt")
    (program.inbox / "arsip").symlink_to(tmp_path)
    result = run("ingest", "p", "--quiet", cwd=tmp_path)
    warn = t("warning: {message}")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        warn.format(message=t("{file}: refused: {reason}").format(file="inbox/arsip", reason=t(
            "a link to a folder is not followed; put the exports themselves in the inbox"))),
        warn.format(message=t("{file}: refused: {reason}").format(file="inbox/minggu 2.txt", reason=t(
            "a link to something that is no longer there; remove the link and put the export itself in the inbox"))),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_sub_folder_is_said(tmp_path: Path) -> None:
    program = programme(tmp_path)
    locked = program.inbox / "lama"
    locked.mkdir()
    (locked / "chat.txt").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        result = run("ingest", "p", "--quiet", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr == t("warning: {message}").format(message=t("{file}: refused: {reason}").format(
        file="inbox/lama", reason=t("cannot be read ({error}); check that your user may open it").format(
            error=os.strerror(13)))) + "\n"


@pytest.mark.parametrize(("name", "header"), [("overrides.csv", "no,date,mark"), ("scores.csv", "no,task,score"),
                                              ("koreksi.csv", "id,verdict")])
def test_a_cell_of_128_kib_in_the_other_csv_files(tmp_path: Path, name: str, header: str) -> None:
    program = programme(tmp_path, "no,name\n1,Budi\n2,Ani\n")
    append(program, '[[tasks]]\nid = "PR.1"')
    (program.folder / name).write_text(f'{header}\n1,"' + "A" * (128 * 1024 + 10) + '"\n', encoding="utf-8")
    one_line(run("ingest", "p", cwd=tmp_path), 2, f"p/{name}:2: " + t("a cell holds more than {n} characters").format(
        n=131072) + "; " + t('check the row: a quote " opened and never closed takes in the rest of the file'))


def test_a_score_for_participant_superscript_two(tmp_path: Path) -> None:
    program = programme(tmp_path, "no,name\n1,Budi\n2,Ani\n")
    append(program, '[[tasks]]\nid = "PR.1"')
    (program.folder / "scores.csv").write_text("no,task,score\n²,PR.1,80\n", encoding="utf-8")
    one_line(run("ingest", "p", cwd=tmp_path), 2, "p/scores.csv:2: " + t(
        "no {no} is not a participant number").format(no=repr("²")) + "; " + t("write the roster's no"))
