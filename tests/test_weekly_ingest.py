"""The weekly loop's ingest: the date order from the programme's dates, and no false warning when
Android saves each week's export over the last one."""

from __future__ import annotations

import pytest

from datetime import date
from pathlib import Path

from ingest_helpers import ANDROID_NAME, android, drop, make_program
from whatsapp_ingest.export.dateorder import is_assumed
from whatsapp_ingest.export.parse import parse_text
from whatsapp_ingest.store.ingest import run_ingest

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
# What a person reads is checked in Indonesian, the default.

APRIL = (date(2020, 4, 6), date(2020, 4, 30))


def export(*dates: str) -> str:
    return "".join(f"{d}, {10 + i // 60}:{i % 60:02d} - Budi: m{i}\n" for i, d in enumerate(dates))


def decide(text: str, period: tuple[date, date] | None, given: str | None = None) -> tuple:
    parsed = parse_text(text, "grup.txt", date_order=given, period=period)
    return (parsed.date_order, parsed.date_order_evidence, parsed.warnings,
            [m.timestamp.date().isoformat() for m in parsed.messages])


def test_a_first_week_of_april_is_read_inside_the_programme_without_a_warning() -> None:
    # 06/04 … 11/04: no day above 12, forward either way; only day-first puts them in April 2020
    order, evidence, warnings, dates = decide(export("06/04/20", "07/04/20", "09/04/20", "11/04/20"), APRIL)
    assert (order, warnings, dates) == ("DMY", (), ["2020-04-06", "2020-04-07", "2020-04-09", "2020-04-11"])
    assert evidence == ("tidak ada tanggal kepala pesan yang menunjukkannya; dibaca hari lebih dulu, 4 dari 4 tanggal jatuh "
                        "dalam masa program (2020-04-06 sampai 2020-04-30); dibaca sebaliknya, 0")
    assert is_assumed(evidence)   # the file itself shows nothing: a --date-order given later reads it again


def test_a_month_first_phone_is_read_month_first_when_that_fits_the_programme() -> None:
    june = (date(2020, 6, 1), date(2020, 6, 30))
    order, _, warnings, dates = decide(export("06/01/20", "06/02/20", "06/05/20"), june)
    assert (order, warnings, dates) == ("MDY", (), ["2020-06-01", "2020-06-02", "2020-06-05"])


def test_messages_before_the_programme_do_not_stop_the_choice() -> None:
    # the group was made a week early: day-first puts 3 of 5 dates in April, month-first none
    order, _, warnings, _ = decide(export("01/04/20", "02/04/20", "06/04/20", "07/04/20", "08/04/20"), APRIL)
    assert (order, warnings) == ("DMY", ())


def test_both_orders_fitting_or_neither_still_warns() -> None:
    both = (date(2020, 1, 1), date(2020, 12, 31))
    assert decide(export("01/02/20", "02/03/20"), both)[2] == (
        "grup.txt: dari tanggalnya tidak terlihat apakah tanggal atau bulan yang di depan; dibaca tanggal dulu; bila "
        "ternyata bulan dulu, jalankan lagi dengan --date-order MDY",)
    assert decide(export("01/02/21", "02/03/21"), APRIL)[2] == decide(export("01/02/21", "02/03/21"), None)[2] != ()


def test_a_given_order_is_followed_before_the_programme_dates() -> None:
    order, _, warnings, dates = decide(export("06/04/20", "07/04/20"), APRIL, "MDY")
    assert (order, dates) == ("MDY", ["2020-06-04", "2020-07-04"])
    assert warnings == ("grup.txt: dari tanggalnya tidak terlihat apakah tanggal atau bulan yang di depan; dibaca "
                        "sesuai --date-order MDY",)


WEEK_1 = [("2020-04-06 08:15", "Bu Rina", "hadir"), ("2020-04-07 08:20", "Siti", "hadir")]
WEEK_2 = [("2020-04-13 08:15", "Bu Rina", "hadir"), ("2020-04-14 09:00", "Siti", "hadir")]
GONE = "sudah tersimpan, tetapi tidak ada lagi di inbox; pesan-pesannya tetap dihitung; bila berkas itu salah " \
       "dimasukkan, hapus pesannya dengan: whatsapp-ingest lupakan"


def test_an_export_saved_over_last_weeks_is_no_warning(tmp_path: Path) -> None:
    program = make_program(tmp_path, "no,name,aliases\n1,Rina,Bu Rina\n2,Siti,\n")
    drop(program, ANDROID_NAME, android(*WEEK_1))
    assert not [w for w in run_ingest(program).warnings if "inbox:" in w]
    drop(program, ANDROID_NAME, android(*WEEK_1, *WEEK_2))    # the same name: last week's file is gone
    report = run_ingest(program)
    assert (report.messages_new, report.messages_known) == (2, 2)
    assert not [w for w in report.warnings if GONE in w]
    assert not [w for w in report.warnings if "tanggal atau bulan" in w]   # April's first weeks: inside the programme


def test_an_export_that_lost_earlier_messages_is_still_a_warning(tmp_path: Path) -> None:
    program = make_program(tmp_path, "no,name,aliases\n1,Rina,Bu Rina\n2,Siti,\n")
    drop(program, ANDROID_NAME, android(*WEEK_1))
    run_ingest(program)
    drop(program, ANDROID_NAME, android(*WEEK_1[1:], *WEEK_2))   # 6 April is no longer in it
    assert [w for w in run_ingest(program).warnings if GONE in w] == [
        f'inbox/{ANDROID_NAME}: {GONE} {tmp_path} "inbox/{ANDROID_NAME}"']
