"""The national holidays' record (programme/national_holidays.py): each year computed by the `holidays`
package once, then read back as plain, checked data; a forged or stale record is never used."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest

from whatsapp_ingest.programme import national_holidays as nh


def from_package(start: date, end: date, lang: str) -> list[tuple[date, str]]:
    calendar = holidays.country_holidays("ID", years=range(start.year, end.year + 1),
                                         language="id" if lang == "id" else "en_US")
    return sorted((day, name) for day, name in calendar.items() if start <= day <= end)


@pytest.mark.parametrize(("start", "end"), [(date(2020, 4, 6), date(2020, 5, 29)), (date(2021, 12, 20), date(2022, 1, 10)),
                                            (date(2019, 1, 1), date(2026, 12, 31))])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_record_gives_what_the_package_gives(tmp_path: Path, start: date, end: date, lang: str) -> None:
    record = tmp_path / "national_holidays.json"
    expected = from_package(start, end, lang)
    assert expected   # (every one of these periods has national holidays)
    assert nh.national_holidays(start, end, lang, record=record) == expected     # computed, recorded
    assert record.is_file()
    assert nh.national_holidays(start, end, lang, record=record) == expected     # read back


def test_a_fresh_process_reads_the_record_without_the_package(tmp_path: Path) -> None:
    record = tmp_path / "national_holidays.json"
    probe = ("import sys\nfrom datetime import date\nfrom pathlib import Path\n"
             "from whatsapp_ingest.programme.national_holidays import national_holidays\n"
             "found = national_holidays(date(2020, 4, 6), date(2020, 5, 29), record=Path(sys.argv[1]))\n"
             "print('holidays' in sys.modules, [(d.isoformat(), n) for d, n in found])\n")
    runs = [subprocess.run([sys.executable, "-c", probe, str(record)], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    shown = [(d.isoformat(), n) for d, n in from_package(date(2020, 4, 6), date(2020, 5, 29), "id")]
    assert runs == [f"True {shown}\n", f"False {shown}\n"]
    assert [p.name for p in tmp_path.iterdir()] == ["national_holidays.json"]   # no temporary file left


@pytest.mark.parametrize("forgery", ["not json", "other key", "a day of another year", "not a date",
                                     "a name that steers the terminal", "a very long name", "a list of years"])
def test_a_forged_record_is_never_used(tmp_path: Path, forgery: str) -> None:
    record = tmp_path / "national_holidays.json"
    start, end = date(2020, 4, 6), date(2020, 5, 29)
    expected = from_package(start, end, "id")
    nh.national_holidays(start, end, record=record)
    data = json.loads(record.read_text(encoding="utf-8"))
    days = data["years"]["2020 id"]
    if forgery == "not json":
        text = "__import__('os').system('echo hacked')"
    else:
        forged = {
            "other key": {**data, "key": "0" * 64},
            "a day of another year": {**data, "years": {"2020 id": [["2024-04-15", "Libur"], *days]}},
            "not a date": {**data, "years": {"2020 id": [["2020-02-30", "Libur"], *days]}},
            "a name that steers the terminal": {**data, "years": {"2020 id": [["2020-04-15", "\x1b[2J Libur"], *days]}},
            "a very long name": {**data, "years": {"2020 id": [["2020-04-15", "L" * 1000], *days]}},
            "a list of years": {**data, "years": [days]},
        }[forgery]
        text = json.dumps(forged)
    record.write_text(text, encoding="utf-8")
    assert nh.national_holidays(start, end, record=record) == expected
    assert json.loads(record.read_text(encoding="utf-8")) == data    # computed again and recorded again


def test_a_record_that_cannot_be_written_only_costs_the_computation(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    record = tmp_path / "file" / "national_holidays.json"
    expected = from_package(date(2020, 4, 6), date(2020, 5, 29), "id")
    for _ in range(2):
        assert nh.national_holidays(date(2020, 4, 6), date(2020, 5, 29), record=record) == expected
