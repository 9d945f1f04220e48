"""The weekly loop: one programme replayed export by export, every figure worked out by hand.

The programme runs Monday 6 April to Friday 1 May 2020 with two holidays, Good Friday 10 April and
Labour Day 1 May, so its 18 working days fall into weeks of 4, 5, 5 and 4 days:
  week 1: 6 7 8 9 April          week 2: 13 14 15 16 17       week 3: 20 21 22 23 24
  week 4: 27 28 29 30 April
Siklus I is weeks 1–2 (9 days); Siklus II weeks 3–4, decided on the cumulative basis (all 18 days).
Threshold 70 %: 70 % of 18 days is 12.6, so 13 active days make a participant Aktif at the end.

Active days (a message of their own that day):
  1 Ani    every working day (18), and a message on the holiday 10 April, which does not count
  2 Budi   6 7 | 13 | 20 21 22 | –                                   (6)
  3 Citra  6 7 8 | 13 14 15 16 | 20 21 22 23 | 27 28 29             (14)
The supervisor (pembimbing, not counted) writes on each export day, so that day is the latest
stored message's date. Each weekly export holds the whole history and keeps the same file name
(Android overwrites it): Saturday 11 April, Saturday 18 April, Wednesday 22 April (mid-week),
Saturday 25 April, and Saturday 2 May (after the end).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from ingest_helpers import ANDROID_NAME, ISSUE_TOML, android, drop, edited
from whatsapp_ingest.pipeline import run
from whatsapp_ingest.programme.program import load_program

# the issue's program.toml (tests/test_program.py) with the holidays, the end on 1 May and two tasks
PROGRAM_TOML = edited(ISSUE_TOML, ("end = 2020-04-30", "end = 2020-05-01"),
                      ("holidays = []", "holidays = [2020-04-10, 2020-05-01]")) + '''
[[tasks]]
id = "PR.1"
due = 2020-04-08

[[tasks]]
id = "PR.2"
due = 2020-04-21
'''
ROSTER = "no,name,role\n1,Ani,\n2,Budi,\n3,Citra,\n4,Pak Pengawas,pembimbing\n"


def days(*numbers: int, month: int = 4) -> list[date]:
    return [date(2020, month, n) for n in numbers]


WORKING = days(6, 7, 8, 9, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 27, 28, 29, 30)
ACTIVE = {
    "Ani": WORKING + days(10),
    "Budi": days(6, 7, 13, 20, 21, 22),
    "Citra": days(6, 7, 8, 13, 14, 15, 16, 20, 21, 22, 23, 27, 28, 29),
}
SUBMISSIONS = [(date(2020, 4, 7), "Ani", "PR 1 sudah saya kirim"), (date(2020, 4, 13), "Budi", "Berikut PR 1"),
               (date(2020, 4, 20), "Ani", "PR 2 terlampir"), (date(2020, 4, 22), "Citra", "PR 2 dari saya")]
EXPORTS = [date(2020, 4, 11), date(2020, 4, 18), date(2020, 4, 22), date(2020, 4, 25), date(2020, 5, 2)]


def chat_until(last: date) -> str:
    """The group's whole history up to `last`, as an Android export made that day."""
    messages = []
    day = date(2020, 4, 6)
    while day <= last:
        for name, active in ACTIVE.items():
            if day in active:
                messages.append((f"{day} 08:{len(messages) % 60:02d}", name, "hadir, terima kasih"))
        messages += [(f"{day} 10:00", name, text) for when, name, text in SUBMISSIONS if when == day]
        if day in EXPORTS:
            messages.append((f"{day} 16:00", "Pak Pengawas", "Rekap minggu ini sudah saya kirim"))
        day += timedelta(days=1)
    return android(*messages)


def csv_rows(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> list:
    """Run `ingest` after each export (the same file name each week) and keep what each run gave."""
    folder = tmp_path_factory.mktemp("mingguan")
    (folder / "inbox").mkdir()
    (folder / "program.toml").write_text(PROGRAM_TOML, encoding="utf-8")
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    program = load_program(folder)
    steps = []
    for export_day in EXPORTS:
        drop(program, ANDROID_NAME, chat_until(export_day))
        outcome = run(program)
        out = folder / "out"
        steps.append({
            "outcome": outcome,
            "activeness": csv_rows(out / "activeness.csv"),
            "decisions": csv_rows(out / "decisions.csv"),
            "submissions": csv_rows(out / "submissions.csv"),
            "summary": dict(row.split(",", 1) for row in csv_rows(out / "summary.csv")[1:]),
            "minggu": csv_rows(out / "minggu_ini.csv"),
        })
    return steps


def test_after_week_1(replay: list) -> None:
    step = replay[0]
    # as of Saturday 11 April: 4 working days (Friday 10 April is a holiday); weeks 2–4 not begun
    assert step["summary"]["as_of"] == "2020-04-11" and step["summary"]["working_days_elapsed"] == "4"
    assert step["activeness"] == [
        "no,name,week_1,week_2,week_3,week_4,total,possible,percent,status",
        "1,Ani,4,,,,4,4,100.0,Aktif",          # the holiday message does not count
        "2,Budi,2,,,,2,4,50.0,Pasif",
        "3,Citra,3,,,,3,4,75.0,Aktif"]
    # Siklus I in progress, 4 of its 9 days: nobody can be sure yet (Ani needs 7 of 9, 3 more to come;
    # Budi can still reach 7 of 9); Siklus II not begun
    assert step["decisions"] == [
        "no,name,cycle,active_days,possible_days,percent,decision,final",
        "1,Ani,Siklus I,4,4,100.0,DL,no",
        "2,Budi,Siklus I,2,4,50.0,TDL,no",
        "3,Citra,Siklus I,3,4,75.0,DL,no",
        "1,Ani,Siklus II,,,,,no",
        "2,Budi,Siklus II,,,,,no",
        "3,Citra,Siklus II,,,,,no"]
    # PR.1 due 8 April: Ani on time (7th), Budi and Citra missing; PR.2 (due 21st) not due yet
    assert step["submissions"][1:] == [
        "1,Ani,PR.1,on_time,2020-04-07 10:00:00,1", "1,Ani,PR.2,not_due,,0",
        "2,Budi,PR.1,missing,,0", "2,Budi,PR.2,not_due,,0",
        "3,Citra,PR.1,missing,,0", "3,Citra,PR.2,not_due,,0"]
    summary = step["summary"]
    assert (summary["mean_percent"], summary["aktif"], summary["pasif"]) == ("75.0", "2", "1")   # (100+50+75)/3
    assert (summary["Siklus I DL"], summary["Siklus I TDL"], summary["Siklus II DL"]) == ("2", "1", "")
    # at risk: 14 working days remain; 13 of 18 are needed; Budi has 2, so he needs 11 of the 14
    risk = step["outcome"].results.at_risk
    assert risk.values.tolist() == [[2, "Budi", 2, 4, 14, 11, True]]


def test_after_week_2(replay: list) -> None:
    step = replay[1]
    assert step["summary"]["as_of"] == "2020-04-18" and step["summary"]["working_days_elapsed"] == "9"
    assert step["activeness"][1:] == [
        "1,Ani,4,5,,,9,9,100.0,Aktif",
        "2,Budi,2,1,,,3,9,33.3,Pasif",
        "3,Citra,3,4,,,7,9,77.8,Aktif"]
    # Siklus I is over: final. Siklus II begins on 20 April: no decision yet
    assert step["decisions"][1:4] == [
        "1,Ani,Siklus I,9,9,100.0,DL,yes", "2,Budi,Siklus I,3,9,33.3,TDL,yes", "3,Citra,Siklus I,7,9,77.8,DL,yes"]
    assert step["decisions"][4:] == ["1,Ani,Siklus II,,,,,no", "2,Budi,Siklus II,,,,,no", "3,Citra,Siklus II,,,,,no"]
    assert step["summary"]["mean_percent"] == "70.37"   # (100 + 33.33… + 77.77…) / 3 = 70.370…
    assert [row for row in step["submissions"] if ",PR.1," in row] == [   # Budi sent PR 1 on the 13th: late
        "1,Ani,PR.1,on_time,2020-04-07 10:00:00,1", "2,Budi,PR.1,late,2020-04-13 10:00:00,1", "3,Citra,PR.1,missing,,0"]
    # Budi: 3 active, 13 needed, only 9 working days remain: out of reach
    assert step["outcome"].results.at_risk.values.tolist() == [[2, "Budi", 3, 9, 9, 10, False]]


def test_mid_week_export(replay: list) -> None:
    step = replay[2]
    # Wednesday 22 April: week 3 in progress with 3 of its 5 days
    assert step["summary"]["as_of"] == "2020-04-22" and step["summary"]["working_days_elapsed"] == "12"
    assert step["activeness"][1:] == [
        "1,Ani,4,5,3,,12,12,100.0,Aktif",
        "2,Budi,2,1,3,,6,12,50.0,Pasif",
        "3,Citra,3,4,3,,10,12,83.3,Aktif"]
    # Siklus II (cumulative, 18 days), 12 so far and 6 to come: Ani 12 + 6 ≥ 13 but 12 < 13, provisional;
    # Budi 6 + 6 = 12 < 13 can no longer reach it: final TDL; Citra 10, provisional
    assert step["decisions"][4:] == [
        "1,Ani,Siklus II,12,12,100.0,DL,no", "2,Budi,Siklus II,6,12,50.0,TDL,yes", "3,Citra,Siklus II,10,12,83.3,DL,no"]
    # PR.2 was due 21 April: Ani on time, Budi missing, Citra late (22nd)
    assert [row for row in step["submissions"] if ",PR.2," in row] == [
        "1,Ani,PR.2,on_time,2020-04-20 10:00:00,1", "2,Budi,PR.2,missing,,0", "3,Citra,PR.2,late,2020-04-22 10:00:00,1"]
    assert step["summary"]["mean_percent"] == "77.78"   # (100 + 50 + 83.33…) / 3


def test_after_week_3(replay: list) -> None:
    step = replay[3]
    assert step["summary"]["as_of"] == "2020-04-25" and step["summary"]["working_days_elapsed"] == "14"
    assert step["activeness"][1:] == [
        "1,Ani,4,5,5,,14,14,100.0,Aktif",
        "2,Budi,2,1,3,,6,14,42.9,Pasif",
        "3,Citra,3,4,4,,11,14,78.6,Aktif"]
    # Ani has 14 ≥ 13 of the 18 days: final DL before the cycle ends; Citra 11, needs 2 of the last 4
    assert step["decisions"][4:] == [
        "1,Ani,Siklus II,14,14,100.0,DL,yes", "2,Budi,Siklus II,6,14,42.9,TDL,yes", "3,Citra,Siklus II,11,14,78.6,DL,no"]
    assert step["summary"]["mean_percent"] == "73.81"   # (100 + 42.857… + 78.571…) / 3 = 73.809…
    assert step["outcome"].results.at_risk.values.tolist() == [[2, "Budi", 6, 14, 4, 7, False]]


def test_at_the_end_every_figure_is_the_whole_programmes(replay: list) -> None:
    step = replay[4]
    # the last export was made on 2 May, after the end: as of the end, 1 May (a holiday), all 18 days
    assert step["summary"]["as_of"] == "2020-05-01" and step["summary"]["working_days_elapsed"] == "18"
    assert step["activeness"][1:] == [
        "1,Ani,4,5,5,4,18,18,100.0,Aktif",
        "2,Budi,2,1,3,0,6,18,33.3,Pasif",
        "3,Citra,3,4,4,3,14,18,77.8,Aktif"]
    assert step["decisions"][1:] == [
        "1,Ani,Siklus I,9,9,100.0,DL,yes", "2,Budi,Siklus I,3,9,33.3,TDL,yes", "3,Citra,Siklus I,7,9,77.8,DL,yes",
        "1,Ani,Siklus II,18,18,100.0,DL,yes", "2,Budi,Siklus II,6,18,33.3,TDL,yes",
        "3,Citra,Siklus II,14,18,77.8,DL,yes"]
    assert "not_due" not in "".join(step["submissions"])
    assert step["summary"]["mean_percent"] == "70.37"
    assert step["outcome"].results.at_risk.values.tolist() == [[2, "Budi", 6, 18, 0, 7, False]]


def test_looking_back_gives_the_figures_of_that_day(replay: list, tmp_path: Path) -> None:
    """--as-of on the last store gives what the mid-week run gave (messages after it are not yet known)."""
    program = replay[4]["outcome"].results.program
    outcome = run(program, as_of=date(2020, 4, 22))
    table = outcome.results.activeness
    assert table[["total", "possible", "percent"]].values.tolist() == [[12, 12, 100.0], [6, 12, 50.0], [10, 12, 83.3]]
    submissions = outcome.results.submissions
    assert submissions[submissions["task"] == "PR.2"]["status"].tolist() == ["on_time", "missing", "late"]
    # compared with the last run before that day (18 April): the 12 messages of 19–22 April
    changes = outcome.results.changes
    assert (changes.previous_as_of, changes.messages_new, changes.week, changes.week_days) == (
        date(2020, 4, 18), 12, 3, 3)


@pytest.mark.parametrize("value, line", [
    ("2020-03-01", "kesalahan: --as-of: 2020-03-01 sebelum program dimulai (2020-04-06); berikan tanggal dari "
                   "2020-04-06 sampai 2020-05-01"),
    ("2/5/2020", "kesalahan: --as-of: 2020-05-02 sesudah program berakhir (2020-05-01); berikan tanggal dari "
                 "2020-04-06 sampai 2020-05-01"),
    ("kemarin", "kesalahan: --as-of: 'kemarin' bukan tanggal; tulis seperti 2020-04-11 atau 11/04/2020"),
])
def test_a_wrong_as_of_is_one_line_and_exit_1(tmp_path: Path, value: str, line: str) -> None:
    from typer.testing import CliRunner

    from whatsapp_ingest.cli import app

    (tmp_path / "inbox").mkdir()
    (tmp_path / "program.toml").write_text(PROGRAM_TOML, encoding="utf-8")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    drop(load_program(tmp_path), ANDROID_NAME, chat_until(EXPORTS[0]))
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--as-of", value])
    assert (result.exit_code, result.stderr, result.stdout) == (1, line + "\n", "")
    assert not (tmp_path / ".whatsapp-ingest" / "store.sqlite").exists()   # refused before anything was read


def test_the_weekly_exports_give_no_false_warnings(replay: list) -> None:
    """Each week's file replaces last week's under the same name, and April's first week has no day above 12."""
    for step in replay:
        warnings = step["outcome"].results.warnings
        assert not [w for w in warnings if "no longer in the inbox" in w or "day or the month" in w], warnings


def test_the_terminal_names_who_is_at_risk(replay: list) -> None:
    from whatsapp_ingest.report.terminal import at_risk_lines

    assert at_risk_lines(replay[0]["outcome"].results) == [
        "perlu perhatian: 2. Budi perlu aktif 11 dari 14 hari kerja tersisa"]
    assert at_risk_lines(replay[1]["outcome"].results) == [
        "perlu perhatian: 2. Budi tidak dapat lagi mencapai batas keaktifan"]
    assert at_risk_lines(replay[4]["outcome"].results) == []   # the programme is over: Keterangan says it


# "Minggu Ini" after each export, worked out by hand from the table at the top. Messages per export:
# 11 Apr: Ani 6–10 (5), Budi 2, Citra 3, PR 1 from Ani, the supervisor = 12
# 18 Apr: Ani 5, Budi 1, Citra 4, PR 1 from Budi, the supervisor = 12
# 22 Apr: Ani 3, Budi 3, Citra 3, PR 2 from Ani and Citra, the supervisor = 12
# 25 Apr: Ani 2, Citra 1, the supervisor = 4;  2 May: Ani 4, Citra 3, the supervisor = 8
MINGGU_HEADER = ("no,name,week_active,week_days,active_before,active,status_before,status,new_submissions,"
                 "decision_changes")


def test_this_week_after_each_export(replay: list) -> None:
    # the first run: week 1 (6–9 April, 4 days), nothing to compare with
    assert replay[0]["minggu"] == [MINGGU_HEADER, "1,Ani,4,4,,4,,Aktif,,", "2,Budi,2,4,,2,,Pasif,,",
                                   "3,Citra,3,4,,3,,Aktif,,"]
    # week 2 (13–17 April): Budi sent PR.1 on the 13th (late); Siklus I ended on the 17th: every decision final
    assert replay[1]["minggu"][1:] == [
        "1,Ani,5,5,4,9,Aktif,Aktif,,Siklus I: DL (provisional) → DL",
        "2,Budi,1,5,2,3,Pasif,Pasif,PR.1,Siklus I: TDL (provisional) → TDL",
        "3,Citra,4,5,3,7,Aktif,Aktif,,Siklus I: DL (provisional) → DL"]
    # Wednesday 22 April: week 3 with 3 of its days; Siklus II begins (Budi's TDL already final: 6 + 6 < 13)
    assert replay[2]["minggu"][1:] == [
        "1,Ani,3,3,9,12,Aktif,Aktif,PR.2,Siklus II: – → DL (provisional)",
        "2,Budi,3,3,3,6,Pasif,Pasif,,Siklus II: – → TDL",
        "3,Citra,3,3,7,10,Aktif,Aktif,PR.2,Siklus II: – → DL (provisional)"]
    # week 3 complete: Ani's 14 days reach 13 of 18, her DL final
    assert replay[3]["minggu"][1:] == [
        "1,Ani,5,5,12,14,Aktif,Aktif,,Siklus II: DL (provisional) → DL",
        "2,Budi,3,5,6,6,Pasif,Pasif,,", "3,Citra,4,5,10,11,Aktif,Aktif,,"]
    # week 4 (27–30 April; 1 May a holiday): the end, Citra's DL final
    assert replay[4]["minggu"][1:] == [
        "1,Ani,4,4,14,18,Aktif,Aktif,,", "2,Budi,0,4,6,6,Pasif,Pasif,,",
        "3,Citra,3,4,11,14,Aktif,Aktif,,Siklus II: DL (provisional) → DL"]
    changes = [step["outcome"].results.changes for step in replay]
    assert [(c.previous_as_of, c.messages_new, c.files_new) for c in changes] == [
        (None, 12, 1), (date(2020, 4, 11), 12, 1), (date(2020, 4, 18), 12, 1), (date(2020, 4, 22), 4, 1),
        (date(2020, 4, 25), 8, 1)]


def test_the_terminal_shows_this_week_first(replay: list) -> None:
    from whatsapp_ingest.report.terminal import week_lines

    assert week_lines(replay[0]["outcome"].results) == [
        "Minggu Ini: Ini pengolahan yang pertama: belum ada pengolahan sebelumnya untuk dibandingkan; mulai "
        "pengolahan berikutnya yang membawa pesan baru, perubahannya ditampilkan di sini.",
        "  Minggu ke-1 (4 hari kerja):",
        "    1. Ani: 4 hari aktif minggu ini", "    2. Budi: 2 hari aktif minggu ini",
        "    3. Citra: 3 hari aktif minggu ini"]
    assert week_lines(replay[2]["outcome"].results) == [
        "Minggu Ini: Sejak pengolahan sebelumnya (data s/d Sabtu 18/04/2020): 12 pesan baru, 1 berkas ekspor baru",
        "  Minggu ke-3 (baru 3 dari 5 hari kerja):",
        "    1. Ani: 3 hari aktif minggu ini; mengirim PR.2; Siklus II: – → DL (sementara)",
        "    2. Budi: 3 hari aktif minggu ini; Siklus II: – → TDL",
        "    3. Citra: 3 hari aktif minggu ini; mengirim PR.2; Siklus II: – → DL (sementara)"]
