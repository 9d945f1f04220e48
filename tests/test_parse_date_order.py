"""PARSE: the date order is decided once per file, from evidence, and never silently swapped."""

from __future__ import annotations

import pytest

from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export.parse import parse_text

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
pytestmark = pytest.mark.usefixtures("english")


def export(*dates: str) -> str:
    return "".join(f"{d}, {10 + i // 60}:{i % 60:02d} - Budi: m{i}\n" for i, d in enumerate(dates))


def decide(text: str, given: str | None = None) -> tuple[str, str, tuple[str, ...], list[str]]:
    parsed = parse_text(text, "grup.txt", date_order=given)
    return (parsed.date_order, parsed.date_order_evidence, parsed.warnings,
            [m.timestamp.date().isoformat() for m in parsed.messages])


def test_a_first_field_above_12_shows_day_first() -> None:
    assert decide(export("01/02/23", "03/02/23", "25/02/23")) == (
        "DMY", "a day field of 25 comes first on line 3 (25/02/23)", (),
        ["2023-02-01", "2023-02-03", "2023-02-25"])


def test_a_second_field_above_12_shows_month_first() -> None:
    assert decide(export("02/01/23", "02/13/23")) == (
        "MDY", "a day field of 13 comes second on line 2 (02/13/23)", (), ["2023-02-01", "2023-02-13"])


def test_evidence_line_is_the_header_not_a_body_that_mentions_the_date() -> None:
    text = "01/02/23, 10:00 - Budi: lihat 25/02/23, 10:00 - nanti\n25/02/23, 11:00 - Budi: b\n"
    assert decide(text)[1] == "a day field of 25 comes first on line 2 (25/02/23)"


def test_chronology_decides_day_first() -> None:
    assert decide(export("12/01/23", "01/02/23")) == (
        "DMY", "the dates run forward only when read day-first (month-first, 01/02/23 on line 2 would come "
        "before 12/01/23)", (), ["2023-01-12", "2023-02-01"])


def test_chronology_decides_month_first() -> None:
    assert decide(export("01/12/23", "02/01/23")) == (
        "MDY", "the dates run forward only when read month-first (day-first, 02/01/23 on line 2 would come "
        "before 01/12/23)", (), ["2023-01-12", "2023-02-01"])


def test_undecidable_dates_are_read_day_first_with_a_warning_naming_the_file() -> None:
    order, evidence, warnings, dates = decide(export("01/02/23", "02/03/23"))
    assert (order, dates) == ("DMY", ["2023-02-01", "2023-03-02"])
    assert evidence == "no header date shows it (no field above 12, and the dates run forward either way)"
    assert warnings == ("grup.txt: the dates do not show whether the day or the month comes first; read them day "
                        "first; if they are month-first, run again with --date-order MDY",)


def test_undecidable_dates_follow_the_given_order_and_say_so() -> None:
    order, _, warnings, dates = decide(export("01/02/23", "02/03/23"), "MDY")
    assert (order, dates) == ("MDY", ["2023-01-02", "2023-02-03"])
    assert warnings == ("grup.txt: the dates do not show whether the day or the month comes first; read them as "
                        "--date-order MDY says",)


def test_dates_that_read_the_same_either_way_need_no_warning() -> None:
    assert decide(export("01/01/23", "01/01/23", "02/02/23")) == (
        "DMY", "every header date has the same day and month number, so both readings agree", (),
        ["2023-01-01", "2023-01-01", "2023-02-02"])


def test_evidence_wins_over_a_contradicting_given_order_with_a_warning() -> None:
    order, evidence, warnings, _ = decide(export("01/02/23", "25/02/23"), "MDY")
    assert (order, evidence) == ("DMY", "a day field of 25 comes first on line 2 (25/02/23)")
    assert warnings == ("grup.txt: --date-order MDY was given, but a day field of 25 comes first on line 2 "
                        "(25/02/23); the dates are read DMY",)


def test_year_first_dates_are_ymd_whatever_is_given() -> None:
    text = "2023-02-01, 10:00 - Budi: a\n"
    assert decide(text) == ("YMD", "the year comes first, as in 2023-02-01 on line 1", (), ["2023-02-01"])
    assert decide(text, "DMY")[2] == (
        "grup.txt: --date-order DMY was given, but the year comes first, as in 2023-02-01 on line 1; the dates "
        "are read YMD",)


def test_dates_that_disagree_on_their_order_are_refused() -> None:  # (both seen in the first part of the file)
    with pytest.raises(BadExport) as caught:
        parse_text(export("25/01/23", "01/25/23"), "grup.txt")
    assert caught.value.render() == (
        "grup.txt:2: the header dates disagree on their order: 25/01/23 on line 1 can only be day-first, 01/25/23 "
        "only month-first; check that the file is one unchanged WhatsApp export")


def test_a_late_date_against_the_order_the_first_part_shows_is_refused_with_its_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from whatsapp_ingest.export import formats

    monkeypatch.setattr(formats, "EVIDENCE_PREFIX", 1000)  # the evidence is read from the first 1000 characters
    text = export(*["25/01/23"] * 400, "01/25/23")
    with pytest.raises(BadExport) as caught:
        parse_text(text, "grup.txt")
    assert (caught.value.line, caught.value.message) == (
        401, "the date 01/25/23 in a header does not exist when read DMY")


def test_evidence_beyond_the_first_part_is_found_in_the_whole_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from whatsapp_ingest.export import formats

    monkeypatch.setattr(formats, "EVIDENCE_PREFIX", 100)
    assert decide(export(*["01/02/23"] * 10, "25/02/23"))[:3] == (
        "DMY", "a day field of 25 comes first on line 11 (25/02/23)", ())
    monkeypatch.setattr(formats, "EVIDENCE_PREFIX", 5)  # not even the first header
    assert decide("x\n" * 3 + "2023-02-01, 10:00 - Budi: a\n")[:2] == (
        "YMD", "the year comes first, as in 2023-02-01 on line 4")


def test_dates_in_android_attachment_names_decide_the_order() -> None:
    text = ("04/08/21, 10:00 - Budi: IMG-20210804-WA0170.jpg (file attached)\n"
            "05/08/21, 10:01 - Budi: halo\n")
    order, evidence, warnings, dates = decide(text)
    assert (order, warnings, dates) == ("DMY", (), ["2021-08-04", "2021-08-05"])
    assert evidence == ("the header dates agree with the dates in attachment names only when read day-first "
                        "(04/08/21 and IMG-20210804-WA0… on line 1; 1 of 1 names)")


def test_dates_in_iphone_attachment_names_decide_month_first() -> None:
    text = ("[08/04/21, 10:00:00] Budi: \u200e<attached: 00000012-PHOTO-2021-08-04-10-00-00.jpg>\n"
            "[08/05/21, 10:01:00] Budi: halo\n")
    parsed = parse_text(text, "_chat.txt")
    assert (parsed.date_order, parsed.warnings) == ("MDY", ())
    assert parsed.date_order_evidence.startswith("the header dates agree with the dates in attachment names only "
                                                 "when read month-first (08/04/21 and 00000012-PHOTO-2021-08-04-")


def test_the_field_that_changes_far_more_often_is_the_day() -> None:
    assert decide(export("01/02/23", "02/02/23", "03/02/23", "05/02/23", "06/03/23")) == (
        "DMY", "the first field of the dates changes far more often (3 times against 0), as the day does", (),
        ["2023-02-01", "2023-02-02", "2023-02-03", "2023-02-05", "2023-03-06"])
    assert decide(export("02/01/23", "02/02/23", "02/03/23", "02/05/23"))[:3] == (
        "MDY", "the second field of the dates changes far more often (3 times against 0), as the day does", ())


def test_too_few_changes_decide_nothing() -> None:
    order, evidence, warnings, _ = decide(export("01/02/23", "02/02/23", "03/02/23"))
    assert (order, evidence.startswith("no header date shows it"), len(warnings)) == ("DMY", True, 1)


def test_buddhist_era_years_are_read_as_gregorian() -> None:
    text = "[14/3/2565 BE, 10:00:00] Somchai: สวัสดี\n[15/3/2565 BE, 10:01:00] Somchai: b\n"
    parsed = parse_text(text, "_chat.txt")
    assert [m.timestamp.isoformat() for m in parsed.messages] == ["2022-03-14T10:00:00", "2022-03-15T10:01:00"]
    assert parsed.date_order == "DMY"


@pytest.mark.parametrize(("written", "year"), [("R4", 2022), ("H30", 2018), ("R1", 2019)])
def test_japanese_era_years_are_read_as_gregorian(written: str, year: int) -> None:
    text = f"[{written}/03/14 10:00:00] Taro: a\n[{written}/03/15 10:01:00] Taro: b\n"
    parsed = parse_text(text, "_chat.txt")
    assert parsed.date_order == "YMD"
    assert [m.timestamp.date().isoformat() for m in parsed.messages] == [f"{year}-03-14", f"{year}-03-15"]


def test_direction_marks_inside_an_arabic_iphone_date_are_read() -> None:
    rlm = "\u200f"
    text = (f"[{rlm}١٥{rlm}/{rlm}٣{rlm}/{rlm}٢٠٢٢{rlm}، {rlm}١٠:٠٠:٠٠ ص] أحمد: مرحبا\n"
            f"[{rlm}١٦{rlm}/{rlm}٣{rlm}/{rlm}٢٠٢٢{rlm}، {rlm}٩:٣٠:٠٠ م] أحمد: b\n")
    parsed = parse_text(text, "_chat.txt")
    assert [(m.author, m.timestamp.isoformat()) for m in parsed.messages] == [
        ("أحمد", "2022-03-15T10:00:00"), ("أحمد", "2022-03-16T21:30:00")]
