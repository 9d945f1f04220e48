"""Regressions: program.toml, roster.csv, overrides.csv and scores.csv as Notepad and Excel save them.

Each case went wrong once (a traceback, a silently lost participant, a setting that silently meant
something else); each asserts the exact message and exit code through the command line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program
from typer.testing import CliRunner

from whatsapp_ingest.cli import app

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
pytestmark = pytest.mark.usefixtures("english")

runner = CliRunner()
WEEK = android(("2020-04-06 08:15", "Rina", "hadir"), ("2020-04-07 09:00", "Siti", "PR 1 terlampir"))


def program_with(tmp_path: Path, roster: str = "no,name\n1,Rina\n2,Siti\n", extra: str = "") -> Path:
    program = make_program(tmp_path, roster, extra)
    drop(program, ANDROID_NAME, WEEK)
    return tmp_path


def ingest(folder: Path, as_of: str = "2020-04-30") -> tuple[int, str, str]:
    """`ingest --quiet`, with the figures taken at the programme's end (these tests read the whole-programme figures)."""
    result = runner.invoke(app, ["ingest", str(folder), "--quiet", "--as-of", as_of])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def csv_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


@pytest.mark.parametrize("name, data, line", [
    ("roster.csv", b"no,name\r\n1,Bud\x8di\r\n", 2),          # a byte neither UTF-8 nor cp1252 reads
    ("overrides.csv", b"no,date,mark,note\r\n1,2020-04-07,I,izin \x8d\r\n", 2),
    ("scores.csv", b"no,task,score\r\n1,PR.1,8\x8d\r\n", 2),
])
def test_undecodable_config_files_are_one_line(tmp_path: Path, name: str, data: bytes, line: int) -> None:
    folder = program_with(tmp_path, extra='[[tasks]]\nid = "PR.1"\n')
    (folder / name).write_bytes(data)
    code, _, err = ingest(folder)
    assert code == 2
    assert err == (f"error: {folder / name}:{line}: not UTF-8 text (undecodable bytes); save it as UTF-8 (Excel: "
                   "Save As → CSV UTF-8; Notepad: Save As → Encoding UTF-8)\n")


def test_program_toml_and_overrides_saved_as_ansi_are_read(tmp_path: Path) -> None:
    folder = program_with(tmp_path)
    toml = folder / "program.toml"
    toml.write_bytes(toml.read_text(encoding="utf-8").replace("April 2020", "April 2020 — Café").encode("cp1252"))
    (folder / "overrides.csv").write_bytes("no;date;mark;note\r\n1;2020-04-07;I;izin: acara keluarga à Bogor\r\n"
                                           .encode("cp1252"))
    code, _, err = ingest(folder)
    assert code == 0, err
    # the izin on 2020-04-07 took that day out of Rina's possible days: 19 → 18
    assert csv_lines(folder / "out" / "activeness.csv")[1] == "1,Rina,1,0,0,0,1,18,5.6,Pasif"


def test_roster_saved_by_excel_as_unicode_text_is_read(tmp_path: Path) -> None:
    # Excel's "Unicode Text": UTF-16 with a BOM, tab-separated.
    folder = program_with(tmp_path)
    (folder / "roster.csv").write_bytes("no\tname\tmadrasah\r\n1\tRina\tMI Al-Falah\r\n2\tSiti\tRA Ikhlas\r\n"
                                        .encode("utf-16"))
    code, _, err = ingest(folder)
    assert code == 0, err
    assert csv_lines(folder / "out" / "participants.csv") == [
        "no,name,phone,role,status,madrasah", "1,Rina,,peserta,aktif,MI Al-Falah", "2,Siti,,peserta,aktif,RA Ikhlas"]


def test_roster_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    folder = program_with(tmp_path, roster="")
    (folder / "roster.csv").mkdir()
    code, _, err = ingest(folder)
    assert code == 2
    assert err == f"error: {folder / 'roster.csv'}: is a folder, not a file; remove or rename the folder\n"


def test_roster_quote_left_open_does_not_swallow_the_next_participants(tmp_path: Path) -> None:
    folder = program_with(tmp_path, roster='no,name\n1,"Rina\n2,Siti\n3,Dedi\n')
    code, _, err = ingest(folder)
    assert code == 2
    assert err == (f"error: {folder / 'roster.csv'}:2: the name cell runs over several lines (a quote \" opened "
                   "and not closed?); close the quote, or remove the \" from the cell\n")


def test_roster_line_break_inside_an_extra_column_is_kept(tmp_path: Path) -> None:
    # Alt+Enter in Excel: a quoted cell with a line break in a column of the supervisor's own is data.
    folder = program_with(tmp_path, roster='no,name,alamat\n1,Rina,"Jl. Melati 3\nCipocok"\n2,Siti,\n')
    code, _, err = ingest(folder)
    assert code == 0, err
    assert csv_lines(folder / "out" / "participants.csv")[1:3] == ['1,Rina,,peserta,aktif,"Jl. Melati 3', 'Cipocok"']


def test_overrides_quote_left_open_does_not_swallow_rows(tmp_path: Path) -> None:
    folder = program_with(tmp_path)
    (folder / "overrides.csv").write_text('no,date,mark,note\n1,2020-04-07,I,"izin\n2,2020-04-08,S,sakit\n',
                                          encoding="utf-8")
    code, _, err = ingest(folder)
    assert code == 2
    assert err == (f"error: {folder / 'overrides.csv'}:2: a cell runs over the next rows (a quote \" opened and "
                   "not closed?); close the quote, or remove the \" from the cell\n")


@pytest.mark.parametrize("old, new, message", [
    ('workdays = ["mon", "tue", "wed", "thu", "fri"]', "workdays = []", ":5: workdays is empty; list the working days, e.g. "
     '["mon", "tue", "wed", "thu", "fri"]'),
    ("[decision]\n", "[decision]\nthreshold = 0.7\n", ":7: [decision] threshold = 0.7 is a fraction, but it is a "
     "percent from 0 to 100; write e.g. 70 for 70 %"),
    ("[decision]\n", "[grading]\npass_mark = 0.755\n[decision]\n", ":7: [grading] pass_mark = 0.755 is a fraction, "
     "but it is a percent from 0 to 100; write e.g. 75.5 for 75.5 %"),
    ("end = 2020-04-30", "end = 2020-4-30", ":4: not valid TOML: Expected newline or end of document after a "
     "statement; 2020-4-30 is not a date as TOML writes it: year-month-day with two digits each, e.g. 2020-04-06"),
    ("end = 2020-04-30", "end = 2020-04-31", ":4: not valid TOML: Invalid date or datetime; 2020-04-31 is not a "
     "date as TOML writes it: year-month-day with two digits each, e.g. 2020-04-06"),
    ("[decision]\n", "[decision]\nthreshold = 70,5\n", ":7: not valid TOML: Expected newline or end of document "
     "after a statement; write decimals with a point, e.g. 70.5"),
    ('name = "Bimlat Penyusunan PTK April 2020"', 'name = "Bimlat "PTK" April"', ":1: not valid TOML: Expected "
     "newline or end of document after a statement; a text holds a quote \": write it as \\\" or put the text in "
     "single quotes ' '"),
    ('group = "Bimlat PTK Cipocok"', "group = Bimlat PTK Cipocok", ":2: not valid TOML: Invalid value; put texts "
     'in quotes, e.g. group = "Bimlat PTK"'),
    ("start = 2020-04-06", "start = 2020-04-06\nstart = 2020-04-07", ":4: not valid TOML: Cannot overwrite a value; "
     "this key or table is already written above; keep one of them"),
    ("start = 2020-04-06", "start = 2020-04-06T08:00:00", ":3: start = 2020-04-06T08:00:00 is not a date; write it "
     "as 2020-04-06"),
    ("[decision]\n", '[[tasks]]\nid = "PR.1"\n[[tasks]]\nid = "pr 1"\n[decision]\n', ":9: task id 'pr 1' is the "
     "same task as 'PR.1'; give each task its own id"),
])
def test_program_toml_slips_say_what_to_write(tmp_path: Path, old: str, new: str, message: str) -> None:
    folder = program_with(tmp_path, extra='workdays = ["mon", "tue", "wed", "thu", "fri"]\n[decision]\n')
    toml = folder / "program.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, _, err = ingest(folder)
    assert code == 2
    assert err == f"error: {toml}{message}\n"


def test_a_date_written_without_leading_zeros_in_quotes_is_accepted(tmp_path: Path) -> None:
    folder = program_with(tmp_path, extra='holidays = ["2020-4-10"]\n')
    toml = folder / "program.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("start = 2020-04-06", 'start = "2020-4-6"'),
                    encoding="utf-8")
    code, _, err = ingest(folder)
    assert code == 0, err
    assert csv_lines(folder / "out" / "activeness.csv")[1] == "1,Rina,1,0,0,0,1,18,5.6,Pasif"


def test_holiday_outside_the_programme_is_a_warning(tmp_path: Path) -> None:
    folder = program_with(tmp_path, extra="holidays = [2021-04-10, 2020-04-10]\n")
    code, _, err = ingest(folder)
    assert code == 0
    assert ("warning: holidays in program.toml: 2021-04-10 is outside the programme (2020-04-06 to 2020-04-30) and "
            "changes nothing; check its year and month") in err.splitlines()
    assert csv_lines(folder / "out" / "activeness.csv")[1] == "1,Rina,1,0,0,0,1,18,5.6,Pasif"


def test_no_message_within_the_programme_is_a_warning(tmp_path: Path) -> None:
    folder = program_with(tmp_path)
    toml = folder / "program.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("2020-04-", "2021-04-"), encoding="utf-8")
    code, _, err = ingest(folder, as_of="2021-04-30")
    assert code == 0
    assert ("warning: no stored message falls within the programme (2021-04-06 to 2021-04-30): the messages run "
            "from 2020-04-06 to 2020-04-07; check start and end in program.toml") in err.splitlines()


def test_task_id_spelt_otherwise_than_the_rule_set_says_how_to_write_it(tmp_path: Path) -> None:
    folder = program_with(tmp_path, extra='[[tasks]]\nid = "PR 1"\n')
    code, _, err = ingest(folder)
    assert code == 0
    assert ("warning: 1 message(s) name PR.1, but program.toml writes it 'PR 1', so they are not counted for it; "
            'write id = "PR.1" under [[tasks]]') in err.splitlines()


def test_scores_decimal_comma_split_by_the_comma_is_refused_not_truncated(tmp_path: Path) -> None:
    # "87,5" unquoted in a comma-separated file used to become 87 (the 5 silently dropped).
    folder = program_with(tmp_path, extra='[[tasks]]\nid = "PR.1"\n')
    (folder / "scores.csv").write_text("no,task,score\n1,PR.1,87,5\n2,PR.1,90\n", encoding="utf-8")
    code, _, err = ingest(folder)
    assert code == 2
    assert err == (f"error: {folder / 'scores.csv'}:2: 4 cells but the header names 3 columns; write a decimal "
                   "comma in quotes (\"87,5\"), or separate the columns with ';'\n")


def test_scores_excel_indonesia_with_task_spelt_loosely(tmp_path: Path) -> None:
    folder = program_with(tmp_path, extra='[[tasks]]\nid = "PR.1"\n')
    (folder / "scores.csv").write_bytes("\ufeffno;task;score;;\r\n1;pr 1;87,5;;\r\n2;PR.1;90;;\r\n;;;;\r\n"
                                        .encode("utf-8"))
    code, _, err = ingest(folder)
    assert code == 0, err
    assert csv_lines(folder / "out" / "scores.csv")[1:] == [
        "1,Rina,87.5,87.5,100.0,87.5,Baik,Lulus,true,5.3", "2,Siti,90.0,90.0,100.0,90.0,Baik,Lulus,true,5.3"]


def test_roster_rows_with_empty_trailing_cells_are_read(tmp_path: Path) -> None:
    folder = program_with(tmp_path, roster="no,name\r\n1,Rina,\r\n2,Siti,,\r\n")
    code, _, err = ingest(folder)
    assert code == 0, err
    assert csv_lines(folder / "out" / "participants.csv") == [
        "no,name,phone,role,status", "1,Rina,,peserta,aktif", "2,Siti,,peserta,aktif"]


@pytest.mark.parametrize("cell", ["6281234567890.0", "'081234567890"])
def test_roster_phone_as_spreadsheets_leave_it_still_matches_the_number(tmp_path: Path, cell: str) -> None:
    program = make_program(tmp_path, f"no,name,phone\n1,Rina,{cell}\n")
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "+62 812-3456-7890", "hadir")))
    code, _, err = ingest(tmp_path)
    assert code == 0, err
    assert csv_lines(tmp_path / "out" / "activeness.csv")[1] == "1,Rina,1,0,0,0,1,19,5.3,Pasif"


def test_roster_phone_turned_into_a_number_by_excel_says_so(tmp_path: Path) -> None:
    folder = program_with(tmp_path, roster="no,name,phone\n1,Rina,6.28123E+12\n")
    code, _, err = ingest(folder)
    assert code == 2
    assert err == (f"error: {folder / 'roster.csv'}:2: phone '6.28123E+12' was turned into a number by Excel, and "
                   "its last digits are lost; format the phone column as Text in Excel and type the numbers again\n")
