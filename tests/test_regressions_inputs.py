"""Regressions: exports, outputs and the tool's own folder as supervisors' machines leave them.

Each case went wrong once (a traceback, a refused good file, a destroyed export); each asserts the
exact one-line message and exit code through the command line, with a good export beside the bad one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program, stored
from typer.testing import CliRunner

from whatsapp_ingest.cli import app
from whatsapp_ingest.i18n import catalog

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
pytestmark = pytest.mark.usefixtures("english")

runner = CliRunner()
ROSTER = "no,name\n1,Rina\n2,Siti\n"
GOOD = android(("2020-04-14 08:15", "Rina", "hadir"), ("2020-04-15 09:00", "Siti", "hadir 🙏"))
STORED_GOOD = [(1, "2020-04-14 08:15:00", "Rina", "message", "hadir"),
               (2, "2020-04-15 09:00:00", "Siti", "message", "hadir 🙏")]


def refusals(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("  refused ")]


def test_export_cut_inside_a_character_says_it_was_cut_short(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, GOOD)
    drop(program, "cut.txt", GOOD.encode("utf-8")[:-3])   # the copy stopped inside 🙏
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert refusals(result.stdout) == [
        "  refused inbox/cut.txt: line 2: the file ends in the middle of a character: it was cut short; copy the "
        "export from the phone again (the copy is incomplete)"]
    assert stored(program) == STORED_GOOD


def test_parse_never_writes_over_the_export_it_reads(tmp_path: Path) -> None:
    export = tmp_path / "chat.txt"
    export.write_text(GOOD, encoding="utf-8")
    other = tmp_path / "older.txt"
    other.write_text(GOOD, encoding="utf-8")
    t = catalog("en").gettext   # this module checks the English words (see pytestmark)
    for target, what in ((export, "is the export being read"), (other, "is an existing .txt/.zip file (an export?)")):
        result = runner.invoke(app, ["parse", str(export), "-o", str(target)])
        assert result.exit_code == 2
        assert result.stderr == (f"error: {target}: " + t(f"-o {what}; writing the records there would replace it")
                                 + "; " + t("give a new file name ending in .csv, e.g. -o records.csv") + "\n")
    assert export.read_text(encoding="utf-8") == GOOD
    assert other.read_text(encoding="utf-8") == GOOD


def test_parse_to_a_place_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    export = tmp_path / "chat.txt"
    export.write_text(GOOD, encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    folder = runner.invoke(app, ["parse", str(export), "-o", str(tmp_path)])
    assert folder.exit_code == 4   # the input was fine: only the output failed
    assert folder.stderr == (f"error: {tmp_path}: is a folder, so the file cannot be written there; give the name "
                             "of a file, or move the folder\n")
    under_file = runner.invoke(app, ["parse", str(export), "-o", str(tmp_path / "afile" / "x.csv")])
    assert under_file.exit_code == 4
    assert under_file.stderr.startswith(f"error: {tmp_path / 'afile' / 'x.csv'}: cannot write the file (")
    assert under_file.stderr.endswith("); check that its folder exists (not as a file), that your user may write "
                                      "there, and that the disk has room\n")


def test_init_on_a_file_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {target}: is a file, not a folder; give the name of a new folder for the program\n"


def test_damaged_store_says_how_to_rebuild(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, GOOD)
    program.state.mkdir()
    (program.state / "store.sqlite").write_bytes(b"not a database, a copy gone wrong\n" * 200)
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {program.state / 'store.sqlite'}: the store cannot be used (file is not a "
                             "database); delete the folder .whatsapp-ingest and run ingest again: the store is "
                             "rebuilt from the exports in the inbox\n")


def test_tool_folder_or_out_taken_by_a_file_is_one_line(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, GOOD)
    program.state.write_text("x", encoding="utf-8")
    state = runner.invoke(app, ["ingest", str(tmp_path)])
    assert state.exit_code == 1
    assert state.stderr == (f"error: {program.state}: is a file, but the tool keeps its store in a folder of this "
                            "name; move or rename that file\n")
    program.state.unlink()
    program.out.write_text("x", encoding="utf-8")
    out = runner.invoke(app, ["ingest", str(tmp_path)])
    assert out.exit_code == 4   # the inputs were fine and are stored: only out/ failed
    t = catalog("en").gettext
    assert out.stderr == (f"error: {program.out}: " + t("is a file, but the outputs go in a folder of this name")
                          + "; " + t("move or rename that file") + "\n")
    assert "Traceback" not in out.output
    assert stored(program) == STORED_GOOD   # the messages were stored before out/ was written


def test_windows_folder_files_are_passed_over_silently(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, GOOD)
    for name in ("Thumbs.db", "desktop.ini", "~$roster.xlsx"):
        drop(program, name, b"\x00\x01")
    drop(program, "notes.pdf", b"%PDF-1.4")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--quiet"])
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "inbox/" in line] == [
        "warning: inbox/notes.pdf: ignored: not a .txt or .zip export"]


def test_zip_inside_a_zip_says_to_give_the_inner_one(tmp_path: Path) -> None:
    import io
    import zipfile

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("_chat.txt", GOOD)
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as archive:
        archive.writestr("WhatsApp Chat - Bimlat PTK Cipocok.zip", inner.getvalue())
    program = make_program(tmp_path, ROSTER)
    drop(program, "twice.zip", outer.getvalue())
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert refusals(result.stdout) == [
        "  refused inbox/twice.zip: the zip holds another zip (WhatsApp Chat - Bimlat PTK Cipocok.zip) and no chat "
        "file; give that inner .zip (or the chat's .txt) instead"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="only POSIX file systems keep names that are not UTF-8")
def test_inbox_file_name_that_is_not_utf8_is_shown_and_stored(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    good = os.path.join(os.fsencode(program.inbox), b"caf\xe9 " + ANDROID_NAME.encode())
    empty = os.path.join(os.fsencode(program.inbox), b"kosong\xff.txt")
    with open(good, "wb") as handle:
        handle.write(GOOD.encode("utf-8"))
    with open(empty, "wb"):
        pass
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert refusals(result.stdout) == [
        "  refused inbox/kosong\ufffd.txt: the file is empty; export the chat again from WhatsApp (Export chat → "
        "Without media)"]
    assert stored(program) == STORED_GOOD
    parsed = runner.invoke(app, ["parse", os.fsdecode(good)])
    assert parsed.exit_code == 0
    assert parsed.stdout.splitlines()[1].startswith(f"caf\ufffd {ANDROID_NAME},1,2020-04-14T08:15:00,Rina,message,")
