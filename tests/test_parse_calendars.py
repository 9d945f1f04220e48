"""PARSE: header dates in the Persian (Solar Hijri) and Hijri calendars, in any script's digits, and
dates that cannot be placed (one clear line, never a guess)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import jdatetime
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_parse_property import SHAPES

from whatsapp_ingest import i18n
from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export.calendars import (
    BUDDHIST, GREGORIAN, HIJRI, NONE, PERSIAN, calendar_of, persian_is_leap, persian_month_days, to_gregorian,
)
from whatsapp_ingest.export.dateorder import is_assumed
from whatsapp_ingest.export.parse import parse_text

pytestmark = pytest.mark.usefixtures("english")

# Digits of the scripts phones write dates in: Arabic-Indic (Arabic), extended Arabic-Indic
# (Persian, Urdu), Devanagari, Bengali, Thai.
DIGITS = {"arabic-indic": "٠١٢٣٤٥٦٧٨٩", "persian": "۰۱۲۳۴۵۶۷۸۹", "devanagari": "०१२३४५६७८९",
          "bengali": "০১২৩৪৫৬৭৮৯", "thai": "๐๑๒๓๔๕๖๗๘๙"}
RLM = "\u200f"


def stamps(text: str) -> list[str]:
    return [m.timestamp.isoformat() for m in parse_text(text, "chat.txt").messages]


@pytest.mark.parametrize(("year", "calendar"), [
    (0, GREGORIAN), (49, GREGORIAN), (50, BUDDHIST), (99, BUDDHIST), (100, NONE), (1299, NONE), (1300, PERSIAN), (1419, PERSIAN), (1420, HIJRI),
    (1500, HIJRI), (1501, NONE), (1899, NONE), (1900, GREGORIAN), (2400, GREGORIAN), (2442, NONE),
    (2443, BUDDHIST), (2943, BUDDHIST), (2944, NONE)])
def test_the_year_says_the_calendar(year: int, calendar: str) -> None:
    assert calendar_of(year) == calendar


def test_every_persian_day_matches_an_independent_converter() -> None:
    # jdatetime is another implementation; every day of the years a chat can have, Esfand 30 included
    for year in range(1300, 1420):
        assert persian_is_leap(year) == jdatetime.date(year, 1, 1).isleap()
        for month in range(1, 13):
            for day in range(1, persian_month_days(year, month) + 1):
                assert to_gregorian(year, month, day) == jdatetime.date(year, month, day).togregorian()


def test_persian_years_follow_each_other_without_a_gap() -> None:
    for year in range(1300, 1419):
        last = to_gregorian(year, 12, persian_month_days(year, 12))
        assert to_gregorian(year + 1, 1, 1) == last + timedelta(days=1)


@pytest.mark.parametrize(("hijri", "gregorian"), [
    ((1442, 9, 1), date(2021, 4, 13)),     # Ramadan 1442
    ((1442, 10, 1), date(2021, 5, 13)),    # Eid al-Fitr
    ((1442, 12, 10), date(2021, 7, 20)),   # Eid al-Adha
    ((1443, 1, 1), date(2021, 8, 9)),      # new year 1443
    ((1445, 9, 1), date(2024, 3, 11)),     # Ramadan 1445
])
def test_hijri_dates_are_read_by_the_umm_al_qura_calendar(hijri: tuple[int, int, int], gregorian: date) -> None:
    assert to_gregorian(*hijri) == gregorian


@pytest.mark.parametrize("bad", [(1400, 12, 31), (1401, 12, 30), (1400, 13, 1), (1442, 13, 1), (1442, 1, 31),
                                 (1650, 1, 1), (2023, 2, 29)])
def test_a_day_no_calendar_has_raises(bad: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError):
        to_gregorian(*bad)


def test_an_iranian_android_export_in_the_persian_calendar() -> None:
    text = ("۱۴۰۰/۵/۱۳، ۱۹:۰۲ - علی: سلام\n"
            "۱۴۰۰/۵/۱۳، ۱۹:۰۳ - Budi: hadir\n"
            "۱۴۰۰/۱۲/۲۹، ۰۸:۰۰ - علی: آخر سال\n"
            "۱۴۰۱/۱/۱، ۰۰:۱۵ - علی: نوروز\n")
    parsed = parse_text(text, "chat.txt")
    assert [m.timestamp.isoformat() for m in parsed.messages] == [
        "2021-08-04T19:02:00", "2021-08-04T19:03:00", "2022-03-20T08:00:00", "2022-03-21T00:15:00"]
    assert parsed.date_order == "YMD" and not parsed.warnings
    assert parsed.date_order_evidence == (
        "the year comes first, as in ۱۴۰۰/۵/۱۳ on line 1; the years are of the Persian (Solar Hijri) calendar "
        "(۱۴۰۰/۵/۱۳ on line 1) and are read as Gregorian dates")


def test_an_arabic_iphone_export_in_the_hijri_calendar() -> None:
    text = (f"[٢٥{RLM}/١٢{RLM}/١٤٤٢ هـ، ٧:٠٢:١١ م] Budi: hadir\n"
            f"[٢٩{RLM}/١٢{RLM}/١٤٤٢ هـ، ٩:٠٠:٠٠ ص] Ani: ok\n"
            f"[١{RLM}/١{RLM}/١٤٤٣ هـ، ١٢:٣٠:٠٠ م] Budi: عام جديد\n")
    parsed = parse_text(text, "chat.txt")
    assert [m.timestamp.isoformat() for m in parsed.messages] == [
        "2021-08-04T19:02:11", "2021-08-08T09:00:00", "2021-08-09T12:30:00"]
    assert (parsed.date_order, parsed.header_format) == ("DMY", "ios-12h-bracket: [dd/mm/yyyy، h:MM:SS ص/م] ")
    assert parsed.date_order_evidence.endswith(
        "; the years are of the Hijri calendar (٢٥\u200f/١٢\u200f/١٤٤٢ هـ on line 1) and are read as Gregorian dates "
        "by the Umm al-Qura calendar")


def test_persian_month_names_of_the_persian_calendar() -> None:
    text = "۱۳ مرداد ۱۴۰۰،\u200f ۱۹:۰۲ - علی: سلام\n۱ فروردین ۱۴۰۱،\u200f ۰۸:۰۰ - علی: نوروز\n"
    assert stamps(text) == ["2021-08-04T19:02:00", "2022-03-21T08:00:00"]


def test_a_thai_android_export_with_two_digit_buddhist_years() -> None:
    # `64` is 2564 of the Buddhist era (2021): read as 2064, every date would lie decades ahead
    text = "4/3/64 19:02 - สมชาย: สวัสดีครับ\n31/12/64 23:00 - สมชาย: สวัสดีปีใหม่\n1/1/65 00:05 - Budi: hadir\n"
    parsed = parse_text(text, "chat.txt")
    assert [m.timestamp.isoformat() for m in parsed.messages] == [
        "2021-03-04T19:02:00", "2021-12-31T23:00:00", "2022-01-01T00:05:00"]
    assert parsed.date_order_evidence == (
        "a day field of 31 comes first on line 2 (31/12/64); the years are of the Buddhist era (4/3/64 on line 1) "
        "and are read as Gregorian dates, 543 years earlier")


def test_hijri_month_names() -> None:
    text = "٢٥ ذو الحجة ١٤٤٢ هـ، ٧:٠٢ م - أحمد: السلام عليكم\n١ محرم ١٤٤٣ هـ، ٩:٠٠ ص - Budi: hadir\n"
    parsed = parse_text(text, "chat.txt")
    assert [m.timestamp.isoformat() for m in parsed.messages] == ["2021-08-04T19:02:00", "2021-08-09T09:00:00"]
    assert parsed.header_format == "android-12h: dd mmm yyyy، h:MM ص/م - "


def test_a_hijri_file_whose_order_no_date_shows_is_still_assumed() -> None:
    # every day and month ≤ 12 and the dates run forward either way: the order is assumed (with its
    # warning) although the calendar note follows it, so a later --date-order can still change it
    text = "1/2/1443, 10:00 - Budi: a\n2/3/1443, 10:00 - Ani: b\n"
    parsed = parse_text(text, "chat.txt")
    assert is_assumed(parsed.date_order_evidence)
    assert parsed.warnings == ("chat.txt: the dates do not show whether the day or the month comes first; read them "
                               "day first; if they are month-first, run again with --date-order MDY",)
    assert "Hijri calendar" in parsed.date_order_evidence


@pytest.mark.parametrize(("text", "message"), [
    ("15/01/2023, 10:00 - Budi: a\n12/05/1650, 10:00 - Budi: b\n",
     "chat.txt:2: the year 1650 of the header date 12/05/1650 is of no calendar WhatsApp writes (Gregorian, Buddhist, "
     "Japanese, Persian or Hijri); check that the file is an unchanged WhatsApp export"),
    ("[12/5/0250, 10:00:00] Budi: a\n",
     "chat.txt:1: the year 250 of the header date 12/5/0250 is of no calendar WhatsApp writes (Gregorian, Buddhist, "
     "Japanese, Persian or Hijri); check that the file is an unchanged WhatsApp export"),
    ("1400/12/29, 10:00 - Budi: a\n1400/12/30, 10:00 - Budi: b\n",   # 1400 was no leap year
     "chat.txt:2: the date 1400/12/30 in a header does not exist when read YMD; check that the file is an "
     "unchanged WhatsApp export"),
    ("29/2/1443, 10:00 - Budi: a\n30/2/1443, 10:00 - Budi: b\n",    # Safar 1443 had 29 days
     "chat.txt:2: the date 30/2/1443 in a header does not exist when read DMY; check that the file is an "
     "unchanged WhatsApp export"),
])
def test_a_date_that_cannot_be_placed_is_one_line_with_its_line(text: str, message: str) -> None:
    with pytest.raises(BadExport) as caught:
        parse_text(text, "chat.txt")
    assert str(caught.value) == message


def test_the_refusal_reads_in_indonesian_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.ENV_VARIABLE)
    i18n.set_language(None)
    with pytest.raises(BadExport) as caught:
        parse_text("12/05/1650, 10:00 - Budi: a\n", "chat.txt")
    assert str(caught.value) == (
        "chat.txt:1: tahun 1650 pada tanggal kepala pesan 12/05/1650 tidak termasuk kalender mana pun yang ditulis "
        "WhatsApp (Masehi, Buddha, Jepang, Persia, atau Hijriah); pastikan berkas ini ekspor WhatsApp yang belum "
        "diubah")


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("script", list(DIGITS))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(times=st.lists(st.datetimes(datetime(2010, 1, 1), datetime(2035, 12, 31)), min_size=1, max_size=5))
def test_header_digits_of_any_script_read_as_latin_ones(shape: str, script: str, times: list[datetime]) -> None:
    # every header shape, its digits written in another script: the same messages, to the second
    render, order, seconds = SHAPES[shape]
    digits = str.maketrans("0123456789", DIGITS[script])
    times = sorted(t.replace(microsecond=0, second=t.second if seconds else 0) for t in times)
    latin = "".join(f"{render(t)}Budi {n}: pesan {n}\n" for n, t in enumerate(times))
    other = "".join(f"{render(t).translate(digits)}Budi {n}: pesan {n}\n" for n, t in enumerate(times))
    read = parse_text(other, "chat.txt", date_order=order)
    assert [(m.timestamp, m.author, m.text) for m in read.messages] == [
        (t, f"Budi {n}", f"pesan {n}") for n, t in enumerate(times)]
    assert [(m.timestamp, m.author, m.text) for m in read.messages] == [
        (m.timestamp, m.author, m.text) for m in parse_text(latin, "chat.txt", date_order=order).messages]
