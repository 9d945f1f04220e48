"""Working days, week numbers, cycle days and overrides.csv."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from whatsapp_ingest.programme.calendar import Override, build_calendar, parse_day, read_overrides
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.program import Cycle, Program

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
# What a person reads is checked in Indonesian, the default.

APRIL = Program(folder=Path("prog"), name="Bimlat", group="Bimlat PTK", start=date(2020, 4, 6), end=date(2020, 4, 30),
                cycles=(Cycle("Siklus I", (1, 2)), Cycle("Siklus II", (3, 4))))


def test_the_papers_programme_has_19_working_days_in_weeks_of_5_5_5_4() -> None:
    calendar = build_calendar(APRIL)
    assert len(calendar.working_days) == 19
    assert [(n, len(days)) for n, days in calendar.weeks] == [(1, 5), (2, 5), (3, 5), (4, 4)]
    assert calendar.weeks[0][1] == tuple(date(2020, 4, d) for d in range(6, 11))
    assert calendar.weeks[3][1][-1] == date(2020, 4, 30)
    assert calendar.week_of(date(2020, 4, 15)) == 2 and calendar.week_of(date(2020, 4, 11)) is None


def test_cycle_days_cumulative_and_by_cycle() -> None:
    calendar = build_calendar(APRIL)
    second = APRIL.cycles[1]
    assert len(calendar.cycle_days(second)) == 19
    assert calendar.cycle_days(second, "cycle") == calendar.weeks[2][1] + calendar.weeks[3][1]
    assert calendar.cycle_days(APRIL.cycles[0]) == calendar.cycle_days(APRIL.cycles[0], "cycle")


def test_holidays_are_removed_and_a_week_without_working_days_gets_no_number() -> None:
    lebaran = [date(2020, 4, 13) + timedelta(days=i) for i in range(5)]
    program = Program(folder=Path("p"), name="x", group="g", start=date(2020, 4, 6), end=date(2020, 4, 24),
                      holidays=(date(2020, 4, 10), *lebaran))
    calendar = build_calendar(program)
    assert [(n, days[0], len(days)) for n, days in calendar.weeks] == [(1, date(2020, 4, 6), 4), (2, date(2020, 4, 20), 5)]
    assert date(2020, 4, 10) not in calendar.working_days


def test_saturday_classes_and_a_programme_starting_midweek() -> None:
    program = Program(folder=Path("p"), name="x", group="g", start=date(2020, 4, 9), end=date(2020, 4, 18),
                      workdays=(0, 1, 2, 3, 4, 5))
    calendar = build_calendar(program)
    assert [(n, len(days)) for n, days in calendar.weeks] == [(1, 3), (2, 6)]


def test_a_cycle_naming_a_missing_week_and_an_empty_calendar_are_refused() -> None:
    program = Program(folder=Path("p"), name="x", group="g", start=date(2020, 4, 6), end=date(2020, 4, 30),
                      cycles=(Cycle("Siklus III", (5,)),))
    with pytest.raises(ConfigError) as caught:
        build_calendar(program)
    assert caught.value.render() == (f"{Path('p/program.toml')}: cycles: 'Siklus III' menyebut minggu ke-5, padahal "
                                     "program hanya memiliki 4 minggu dengan hari kerja; gunakan nomor minggu 1 s/d 4")
    weekend = Program(folder=Path("p"), name="x", group="g", start=date(2020, 4, 11), end=date(2020, 4, 12))
    with pytest.raises(ConfigError, match="tidak ada hari kerja antara start 2020-04-11 dan end 2020-04-12"):
        build_calendar(weekend)


@given(start=st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31)),
       length=st.integers(min_value=0, max_value=120),
       workdays=st.sets(st.integers(min_value=0, max_value=6), min_size=1))
def test_property_weeks_partition_the_working_days_by_monday_to_sunday(start: date, length: int, workdays: set[int]) -> None:
    program = Program(folder=Path("p"), name="x", group="g", start=start, end=start + timedelta(days=length),
                      workdays=tuple(sorted(workdays)))
    try:
        calendar = build_calendar(program)
    except ConfigError:
        assert not any((start + timedelta(days=i)).weekday() in workdays for i in range(length + 1))
        return
    expected = [start + timedelta(days=i) for i in range(length + 1) if (start + timedelta(days=i)).weekday() in workdays]
    assert list(calendar.working_days) == expected
    assert [d for _, days in calendar.weeks for d in days] == expected
    assert [n for n, _ in calendar.weeks] == list(range(1, len(calendar.weeks) + 1))
    for _, days in calendar.weeks:
        assert len({d - timedelta(days=d.weekday()) for d in days}) == 1


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_overrides_are_read_in_any_column_order_with_bom_and_semicolons(tmp_path: Path) -> None:
    calendar = build_calendar(APRIL)
    path = write(tmp_path / "overrides.csv", "\ufeffdate;no;mark;note\r\n07/04/2020;3;s;sakit demam\r\n\r\n"
                                            "2020-04-08;5;H;hadir lewat telepon\r\n")
    assert read_overrides(path, calendar) == (
        Override(3, date(2020, 4, 7), "S", "sakit demam", 2), Override(5, date(2020, 4, 8), "H", "hadir lewat telepon", 4))
    assert read_overrides(tmp_path / "none.csv", calendar) == ()
    assert read_overrides(write(tmp_path / "empty.csv", ""), calendar) == ()


@pytest.mark.parametrize("body, message, line", [
    ("x,2020-04-07,H,\n", "no 'x' bukan nomor peserta; overrides.csv berkolom no,date,mark,note; mark diisi H, I, S "
     "atau A", 2),
    ("1,31/04/2020,H,\n", "'31/04/2020' bukan tanggal; tulis seperti 2020-04-07 atau 7/4/2020", 2),
    ("1,2020-04-07,X,\n", "tanda 'X' tidak dikenal; gunakan H (hadir), I (izin), S (sakit) atau A (alpa)", 2),
    ("1,2020-04-11,H,\n", "2020-04-11 bukan hari kerja program; overrides hanya berlaku untuk hari kerja", 2),
    ("1,2020-04-07,H,\n1,7/4/2020,I,\n", "peserta 1 pada 2020-04-07 sudah ditandai di baris 2; sisakan satu baris "
     "untuk setiap peserta dan hari", 3),
])
def test_a_bad_override_row_is_refused_with_its_line(tmp_path: Path, body: str, message: str, line: int) -> None:
    path = write(tmp_path / "overrides.csv", "no,date,mark,note\n" + body)
    with pytest.raises(ConfigError) as caught:
        read_overrides(path, build_calendar(APRIL))
    assert caught.value.render() == f"{path}:{line}: {message}"
    assert caught.value.exit_code == 2


def test_an_override_file_without_the_needed_columns_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "overrides.csv", "no,tanggal,mark\n1,2020-04-07,H\n")
    with pytest.raises(ConfigError, match=r"overrides.csv:1: kolom date tidak ada di baris judul"):
        read_overrides(path, build_calendar(APRIL))


def test_parse_day() -> None:
    assert parse_day("2020-04-07") == parse_day("7/4/2020") == parse_day("07-04-2020") == date(2020, 4, 7)
    assert parse_day("2020-02-30") is None and parse_day("4/7/20") is None and parse_day("") is None
