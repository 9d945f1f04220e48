"""Holidays: `init` fills in the national holidays of the programme's dates; `ingest` says once when a
working day is a national holiday that program.toml does not list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from ingest_helpers import ANDROID_NAME, android, drop
from whatsapp_ingest.cli import app
from whatsapp_ingest.programme.program import load_program

runner = CliRunner()
TOLD = ("peringatan: 2020-04-10 (Wafat Yesus Kristus): hari libur nasional yang dihitung sebagai hari kerja; jika "
        "peserta tidak diharapkan aktif di grup pada hari itu, tambahkan ke holidays di program.toml (peringatan "
        "ini hanya sekali)")


def test_init_lists_the_national_holidays_with_their_names(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "p"), "--start", "2021-12-20", "--end", "10/01/2022"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "p" / "program.toml").read_text(encoding="utf-8")
    assert "    2021-12-25,   # Hari Raya Natal\n    2022-01-01,   # Tahun Baru Masehi\n]\n" in text
    program = load_program(tmp_path / "p")
    assert (program.start, program.end) == (date(2021, 12, 20), date(2022, 1, 10))
    assert program.holidays == (date(2021, 12, 25), date(2022, 1, 1))


def test_init_without_dates_lists_good_friday_of_the_template(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path / "p")]).exit_code == 0
    assert load_program(tmp_path / "p").holidays == (date(2020, 4, 10),)


def test_init_refuses_an_end_before_the_start(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "p"), "--start", "2020-04-30", "--end", "2020-04-06"])
    assert (result.exit_code, result.stderr) == (
        1, "kesalahan: --end: 2020-04-06 sebelum hari mulai 2020-04-30; periksa kedua tanggal itu\n")
    assert not (tmp_path / "p").exists()


def test_ingest_says_once_that_a_working_day_is_an_unlisted_national_holiday(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    toml = tmp_path / "program.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("    2020-04-10,   # Wafat Yesus Kristus\n", ""),
                    encoding="utf-8")
    (tmp_path / "roster.csv").write_text("no,name\n1,Rina\n", encoding="utf-8")
    drop(load_program(tmp_path), ANDROID_NAME, android(("2020-04-06 08:15", "Rina", "hadir")))
    first = runner.invoke(app, ["ingest", str(tmp_path), "--quiet"])
    assert first.exit_code == 0 and TOLD in first.stderr.splitlines()
    again = runner.invoke(app, ["ingest", str(tmp_path), "--quiet"])
    assert again.exit_code == 0 and "Wafat Yesus Kristus" not in again.stderr
