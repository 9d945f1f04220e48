"""program.toml: the issue's keys as written, every key checked with its line, `init`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest_helpers import ISSUE_TOML
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.program import Cycle, Decision, Grading, Output, Program, Task, load_program
from whatsapp_ingest.programme.create import init_program




def folder_with(tmp_path: Path, text: str) -> Path:
    (tmp_path / "program.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_issue_example_loads_exactly(tmp_path: Path) -> None:
    program = load_program(folder_with(tmp_path, ISSUE_TOML))
    assert program == Program(
        folder=tmp_path, name="Bimlat Penyusunan PTK April 2020", group="Bimlat PTK Cipocok",
        start=date(2020, 4, 6), end=date(2020, 4, 30), workdays=(0, 1, 2, 3, 4), holidays=(),
        rules="bimlat-ptk", decision=Decision(70.0, "cumulative"),
        cycles=(Cycle("Siklus I", (1, 2)), Cycle("Siklus II", (3, 4))))


def test_optional_tables(tmp_path: Path) -> None:
    text = ISSUE_TOML.replace('holidays = []', 'holidays = [2020-04-10]\nalso_groups = ["PTK Cipocok 2020"]') + '''
[[tasks]]
id = "PR.1"
due = 2020-04-08

[[tasks]]
id = "TT.1"
max_score = 50

[grading]
pass_mark = 75
bands = [[61, "Cukup"], [91, "Amat Baik"], [0, "Kurang"]]

[output]
csv = "id"
'''
    text = text.replace("threshold = 70", 'threshold = 75.5\nbasis = "cycle"')
    program = load_program(folder_with(tmp_path, text), lang="en")
    assert program.holidays == (date(2020, 4, 10),)
    assert program.also_groups == ("PTK Cipocok 2020",)
    assert program.decision == Decision(75.5, "cycle")
    assert program.tasks == (Task("PR.1", date(2020, 4, 8), 100.0), Task("TT.1", None, 50.0))
    assert program.grading == Grading(75.0, ((91.0, "Amat Baik"), (61.0, "Cukup"), (0.0, "Kurang")), 65.0)
    assert program.output == Output("id", "en")
    assert load_program(tmp_path, csv="standard").output == Output("standard", "id")


@pytest.mark.parametrize(("old", "new", "message"), [
    ('rules = "bimlat-ptk"', 'rules = "bimlat-ptk"\nthreshold = 70', ":8: unknown key threshold; known keys: name, group,"
     " start, end, workdays, holidays, rules, also_groups, pembimbing, decision, cycles, tasks, grading, output"),
    ("[decision]\nthreshold = 70", "[decision]\nthreshhold = 70", ":10: unknown key [decision] threshhold; did you mean 'threshold'?"),
    ("[decision]", "[decisions]", ":9: unknown key decisions; did you mean 'decision'?"),
    ("threshold = 70 ", "threshold = 170 ", ":10: [decision] threshold = 170 is not a number from 0 to 100; write e.g. 70"),
    ("threshold = 70 ", 'threshold = "70%" ', ":10: [decision] threshold = '70%' is not a number from 0 to 100; write e.g. 70"),
    ("weeks = [3, 4]", 'weeks = [3, "4"]', ":18: cycle 'Siklus II': week '4' is not a week number from 1; write e.g. weeks = [1, 2]"),
    ("weeks = [3, 4]", "weeks = [2, 3]", ":18: week 2 is in cycle 'Siklus I' and in 'Siklus II'; put each week in one cycle"),
    ("end = 2020-04-30", "end = 2020-03-30", ":4: end 2020-03-30 is before start 2020-04-06; check the two dates"),
    ("start = 2020-04-06", "start = 6/4/2020", ":3: not valid TOML: Expected newline or end of document after a statement;"
     " write dates as year-month-day, e.g. 2020-04-06"),
    ("start = 2020-04-06", "start = [2020-04-06", ":4: not valid TOML: Unclosed array;"
     ' check quotes, brackets and "key = value" on this line'),
    ('"fri"]', '"jumat", "fun"]', ":5: workdays: 'fun' is not a day; write e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]"),
    ("holidays = []", 'holidays = ["10 April"]', ":6: holidays = '10 April' is not a date; write it as 2020-04-06"),
    ('group = "Bimlat PTK Cipocok"', 'group = ""', ":2: group must be a text in quotes; write e.g. key = \"...\""),
    ('group = "Bimlat PTK Cipocok"      # the WhatsApp group\'s name\n', "", ": the key group is missing;"
     " add a line group = … (see whatsapp-ingest init)"),
])
@pytest.mark.usefixtures("english")   # word for word in English; the Indonesian default: test_messages_id.py
def test_broken_program_toml_names_key_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in ISSUE_TOML
    folder_with(tmp_path, ISSUE_TOML.replace(old, new, 1))
    with pytest.raises(ConfigError) as raised:
        load_program(tmp_path)
    assert raised.value.render() == f"{tmp_path / 'program.toml'}{message}"
    assert raised.value.exit_code == 2


@pytest.mark.usefixtures("english")
def test_bad_options_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as missing:
        load_program(tmp_path)
    assert missing.value.render() == (f"{tmp_path / 'program.toml'}: no program.toml here;"
                                      f" create the program folder with: whatsapp-ingest init {tmp_path}")
    folder_with(tmp_path, ISSUE_TOML)
    with pytest.raises(ConfigError) as raised:
        load_program(tmp_path, csv="excel")
    assert raised.value.render() == "--csv: 'excel' is not a CSV dialect; use id or standard"


def test_init_writes_a_loadable_commented_folder(tmp_path: Path) -> None:
    folder = tmp_path / "bimlat"
    created = init_program(folder)
    assert created == [folder / "program.toml", folder / "roster.csv", folder / "inbox", folder / "out",
                       folder / "Buka Rekap.bat", folder / "Buka Rekap.command", folder / "buka-rekap.sh"]
    assert (folder / "roster.csv").read_bytes() == "\ufeffno,name,phone,aliases,role,status\r\n".encode()
    assert "# nama grup WhatsApp" in (folder / "program.toml").read_text(encoding="utf-8")
    program = load_program(folder)
    assert (program.group, program.start, program.end) == ("Bimlat PTK Cipocok", date(2020, 4, 6), date(2020, 4, 30))
    assert program.cycles == (Cycle("Siklus I", (1, 2)), Cycle("Siklus II", (3, 4)))
    before = (folder / "program.toml").read_bytes()
    with pytest.raises(ConfigError) as raised:
        init_program(folder)
    assert raised.value.render() == f"{folder / 'program.toml'}: sudah ada; ubah berkas itu, atau pilih folder lain untuk program baru"
    assert (folder / "program.toml").read_bytes() == before
