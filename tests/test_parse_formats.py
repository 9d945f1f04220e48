"""PARSE: one golden case per header shape — an inline export snippet → the exact records."""

from __future__ import annotations

import pytest

from whatsapp_ingest.export.formats import decode_time, full_year
from whatsapp_ingest.export.parse import parse_text
from whatsapp_ingest.records import Kind

M, MEDIA, SYS, ATT, DEL = Kind.MESSAGE, Kind.MEDIA, Kind.SYSTEM, Kind.ATTACHMENT, Kind.DELETED
LRM, NNBSP, NBSP = "\u200e", "\u202f", "\u00a0"


def records(text: str, **kwargs: str) -> tuple[tuple[str, str, str], list[tuple]]:
    """(header format, platform, date order) and one tuple per message, all fields that matter."""
    parsed = parse_text(text, "chat.txt", **kwargs)
    rows = [(m.line, m.timestamp.isoformat(), m.author, m.raw_author, m.kind, m.text, m.attachment, m.edited,
             m.notice, m.seconds) for m in parsed.messages]
    assert parsed.total_lines == len(rows) + parsed.continuation_lines + len(parsed.preamble)
    assert all(m.file == "chat.txt" for m in parsed.messages)
    return (parsed.header_format, parsed.platform, parsed.date_order), rows


# (id, export text, (header format, platform, date order), records)
GOLDEN = [
    ("android d/m/yy, H:MM",
     "5/1/23, 9:05 - Budi: pagi\n"
     "25/1/23, 21:07 - Ani: <Media omitted>\n",
     ("android-24h: dd/mm/yy, HH:MM - ", "android", "DMY"),
     [(1, "2023-01-05T09:05:00", "Budi", "Budi", M, "pagi", "", False, "", False),
      (2, "2023-01-25T21:07:00", "Ani", "Ani", MEDIA, "<Media omitted>", "", False, "media", False)]),
    ("android dd/mm/yyyy, HH:MM",
     "15/01/2023, 19:02 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
     "WhatsApp, can read or listen to them. Tap to learn more.\n"
     "15/01/2023, 19:03 - Budi: line one\nline two\n\nline four\n"
     "15/01/2023, 19:04 - Budi left\n",
     ("android-24h: dd/mm/yyyy, HH:MM - ", "android", "DMY"),
     [(1, "2023-01-15T19:02:00", "", "", SYS, "Messages and calls are end-to-end encrypted. No one outside of this "
       "chat, not even WhatsApp, can read or listen to them. Tap to learn more.", "", False, "encrypted", False),
      (2, "2023-01-15T19:03:00", "Budi", "Budi", M, "line one\nline two\n\nline four", "", False, "", False),
      (6, "2023-01-15T19:04:00", "", "", SYS, "Budi left", "", False, "left", False)]),
    ("android dd/mm/yy HH.MM (Indonesian)",
     "06/04/20 08.15 - Bu Siti: Selamat pagi\n"
     "06/04/20 08.16 - Budi menambahkan Ani\n"
     "14/04/20 10.00 - Ani: PTK Siklus 1.pdf (file terlampir)\n"
     "14/04/20 10.01 - Ani: Pesan ini telah dihapus\n",
     ("android-24h: dd/mm/yy HH.MM - ", "android", "DMY"),
     [(1, "2020-04-06T08:15:00", "Bu Siti", "Bu Siti", M, "Selamat pagi", "", False, "", False),
      (2, "2020-04-06T08:16:00", "", "", SYS, "Budi menambahkan Ani", "", False, "added", False),
      (3, "2020-04-14T10:00:00", "Ani", "Ani", ATT, "PTK Siklus 1.pdf (file terlampir)", "PTK Siklus 1.pdf", False,
       "attached", False),
      (4, "2020-04-14T10:01:00", "Ani", "Ani", DEL, "Pesan ini telah dihapus", "", False, "deleted", False)]),
    ("android dd.mm.yy, HH:MM",
     "15.01.23, 19:02 - Budi: a\n16.01.23, 07:30 - Budi: b <This message was edited>\n",
     ("android-24h: dd.mm.yy, HH:MM - ", "android", "DMY"),
     [(1, "2023-01-15T19:02:00", "Budi", "Budi", M, "a", "", False, "", False),
      (2, "2023-01-16T07:30:00", "Budi", "Budi", M, "b", "", True, "", False)]),
    ("android dd-mm-yyyy HH:MM",
     "15-01-2023 19:02 - Budi: a\n",
     ("android-24h: dd-mm-yyyy HH:MM - ", "android", "DMY"),
     [(1, "2023-01-15T19:02:00", "Budi", "Budi", M, "a", "", False, "", False)]),
    ("android yyyy-mm-dd, h:mm p.m.",
     "2023-01-05, 12:05 a.m. - Budi: midnight\n2023-01-05, 4:05 p.m. - Budi: tea\n2023-01-05, 12:30 p.m. - Ani: noon\n",
     ("android-12h: yyyy-mm-dd, h:MM a.m./p.m. - ", "android", "YMD"),
     [(1, "2023-01-05T00:05:00", "Budi", "Budi", M, "midnight", "", False, "", False),
      (2, "2023-01-05T16:05:00", "Budi", "Budi", M, "tea", "", False, "", False),
      (3, "2023-01-05T12:30:00", "Ani", "Ani", M, "noon", "", False, "", False)]),
    ("android yyyy/mm/dd, h:mm pm",
     "2023/01/05, 9:05 am - Budi: a\n2023/01/05, 9:06 pm - Budi: b\n",
     ("android-12h: yyyy/mm/dd, h:MM AM/PM - ", "android", "YMD"),
     [(1, "2023-01-05T09:05:00", "Budi", "Budi", M, "a", "", False, "", False),
      (2, "2023-01-05T21:06:00", "Budi", "Budi", M, "b", "", False, "", False)]),
    ("android 12-hour AM with U+202F, US month-first",
     f"1/15/23, 4:05{NNBSP}PM - Budi: a\n1/15/23, 11:59{NNBSP}PM - Budi: b\n",
     ("android-12h: mm/dd/yy, h:MM AM/PM - ", "android", "MDY"),
     [(1, "2023-01-15T16:05:00", "Budi", "Budi", M, "a", "", False, "", False),
      (2, "2023-01-15T23:59:00", "Budi", "Budi", M, "b", "", False, "", False)]),
    ("android 'p. m.' with NBSP inside",
     f"15/01/2023, 4:05{NBSP}p.{NBSP}m. - Budi: a\n15/01/2023, 9:00{NBSP}a.{NBSP}m. - Budi: b\n",
     ("android-12h: dd/mm/yyyy, h:MM a.m./p.m. - ", "android", "DMY"),
     [(1, "2023-01-15T16:05:00", "Budi", "Budi", M, "a", "", False, "", False),
      (2, "2023-01-15T09:00:00", "Budi", "Budi", M, "b", "", False, "", False)]),
    ("android word between date and time",
     "15.1.2023 klo 19.02 - Budi: moi\n",
     ("android-24h: dd.mm.yyyy klo HH.MM - ", "android", "DMY"),
     [(1, "2023-01-15T19:02:00", "Budi", "Budi", M, "moi", "", False, "", False)]),
    ("android day-period words",
     "15/01/2023, 4:05 in the afternoon - Budi: a\n15/01/2023, 9:10 at night - Budi: b\n"
     "16/01/2023, 1:00 at night - Budi: c\n16/01/2023, 7:15 in the evening - Budi: d\n",
     ("android-12h: dd/mm/yyyy, h:MM in the morning/… - ", "android", "DMY"),
     [(1, "2023-01-15T16:05:00", "Budi", "Budi", M, "a", "", False, "", False),
      (2, "2023-01-15T21:10:00", "Budi", "Budi", M, "b", "", False, "", False),
      (3, "2023-01-16T01:00:00", "Budi", "Budi", M, "c", "", False, "", False),
      (4, "2023-01-16T19:15:00", "Budi", "Budi", M, "d", "", False, "", False)]),
    ("ios [dd/mm/yy HH.MM.SS] (Indonesian)",
     f"[06/04/20 08.15.02] Bimlat PTK: {LRM}Pesan dan panggilan dienkripsi secara end-to-end. Tidak seorang pun "
     "di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya.\n"
     f"{LRM}[14/04/20 10.00.59] Ani: {LRM}gambar tidak disertakan\n"
     "[14/04/20 10.01.00] Budi: dua\nbaris\n",
     ("ios-24h-bracket: [dd/mm/yy HH.MM.SS] ", "ios", "DMY"),
     [(1, "2020-04-06T08:15:02", "Bimlat PTK", "Bimlat PTK", SYS, f"{LRM}Pesan dan panggilan dienkripsi secara "
       "end-to-end. Tidak seorang pun di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya.",
       "", False, "encrypted", True),
      (2, "2020-04-14T10:00:59", "Ani", "Ani", MEDIA, f"{LRM}gambar tidak disertakan", "", False, "media", True),
      (3, "2020-04-14T10:01:00", "Budi", "Budi", M, "dua\nbaris", "", False, "", True)]),
    ("ios [d/m/yy, h:mm:ss PM] with U+202F",
     f"[15/1/23, 7:02:11{NNBSP}PM] Budi: a\n[15/1/23, 7:03:00{NNBSP}AM] Budi: b\n",
     ("ios-12h-bracket: [dd/mm/yy, h:MM:SS AM/PM] ", "ios", "DMY"),
     [(1, "2023-01-15T19:02:11", "Budi", "Budi", M, "a", "", False, "", True),
      (2, "2023-01-15T07:03:00", "Budi", "Budi", M, "b", "", False, "", True)]),
    ("ios [yyyy/m/d HH:MM:SS]",
     f"[2023/1/5 19:02:11] Budi: a\n[2023/1/5 19:02:12] Ani: {LRM}<attached: 00000012-PHOTO-2023-01-05.jpg>\n",
     ("ios-24h-bracket: [yyyy/mm/dd HH:MM:SS] ", "ios", "YMD"),
     [(1, "2023-01-05T19:02:11", "Budi", "Budi", M, "a", "", False, "", True),
      (2, "2023-01-05T19:02:12", "Ani", "Ani", ATT, f"{LRM}<attached: 00000012-PHOTO-2023-01-05.jpg>",
       "00000012-PHOTO-2023-01-05.jpg", False, "attached", True)]),
    ("ios [mm-dd-yyyy, HH:MM:SS]",
     "[01-15-2023, 19:02:11] Budi: a\n",
     ("ios-24h-bracket: [mm-dd-yyyy, HH:MM:SS] ", "ios", "MDY"),
     [(1, "2023-01-15T19:02:11", "Budi", "Budi", M, "a", "", False, "", True)]),
    ("ios time first [19:02:11, 15/1/23]",
     "[19:02:11, 15/1/23] Budi: a\n[08:00:00, 16/1/23] Ani: b\n",
     ("ios-24h-time-first: [HH:MM:SS, dd/mm/yy] ", "ios", "DMY"),
     [(1, "2023-01-15T19:02:11", "Budi", "Budi", M, "a", "", False, "", True),
      (2, "2023-01-16T08:00:00", "Ani", "Ani", M, "b", "", False, "", True)]),
    ("android Arabic-Indic digits, Arabic comma, ص/م",
     "١٥/١/٢٠٢٣، ٧:٠٢ م - Budi: مرحبا\n\u200f١٦\u200f/١\u200f/٢٠٢٣، ٩:٣٠ ص - Budi: b\n",
     ("android-12h: dd/mm/yyyy، h:MM ص/م - ", "android", "DMY"),
     [(1, "2023-01-15T19:02:00", "Budi", "Budi", M, "مرحبا", "", False, "", False),
      (2, "2023-01-16T09:30:00", "Budi", "Budi", M, "b", "", False, "", False)]),
    ("android Buddhist-era year",
     "15/1/2566 19:02 - Budi: a\n",
     ("android-24h: dd/mm/yyyy HH:MM - ", "android", "DMY"),
     [(1, "2023-01-15T19:02:00", "Budi", "Budi", M, "a", "", False, "", False)]),
    ("legacy dd/mm/yyyy HH:MM:SS: Name:",
     "15/01/2013 19:02:11: Budi: hi: there\n15/01/2013 19:03:00: Ani: a\nb\n",
     ("ios-24h-legacy: dd/mm/yyyy HH:MM:SS: ", "ios", "DMY"),
     [(1, "2013-01-15T19:02:11", "Budi", "Budi", M, "hi: there", "", False, "", True),
      (2, "2013-01-15T19:03:00", "Ani", "Ani", M, "a\nb", "", False, "", True)]),
]


@pytest.mark.parametrize(("text", "header", "expected"), [g[1:] for g in GOLDEN], ids=[g[0] for g in GOLDEN])
def test_golden_shape(text: str, header: tuple[str, str, str], expected: list[tuple]) -> None:
    assert records(text) == (header, expected)


@pytest.mark.parametrize(("time", "expected"), [
    ("12:00 AM", (0, 0, 0)), ("12:00 PM", (12, 0, 0)), ("11:59\u202fpm", (23, 59, 0)), ("1:02:03 a.m.", (1, 2, 3)),
    ("7:15 p.\u00a0m.", (19, 15, 0)), ("٧:٠٢ م", (19, 2, 0)), ("١٢:٣٠ ص", (0, 30, 0)),
    ("12:10 in the afternoon", (12, 10, 0)), ("6:00 in the morning", (6, 0, 0)), ("8:00 in the evening", (20, 0, 0)),
    ("11:00 at night", (23, 0, 0)), ("12:30 at night", (0, 30, 0)), ("3:00 at night", (3, 0, 0)),
    ("9.00 pagi", (9, 0, 0)), ("11.00 siang", (11, 0, 0)), ("1.30 siang", (13, 30, 0)), ("4.00 sore", (16, 0, 0)),
    ("8.00 malam", (20, 0, 0)), ("12.15 malam", (0, 15, 0)), ("19.02.11", (19, 2, 11)),
])
def test_decode_time(time: str, expected: tuple[int, int, int]) -> None:
    assert decode_time(time) == expected


@pytest.mark.parametrize(("year", "expected"), [(9, 2009), (23, 2023), (2023, 2023), (2566, 2023), (2400, 2400)])
def test_full_year(year: int, expected: int) -> None:
    assert full_year(year) == expected


def test_indonesian_day_period_words_are_a_shape_of_their_own() -> None:
    text = "15/01/2023, 9.00 pagi - Budi: a\n15/01/2023, 4.00 sore - Budi: b\n15/01/2023, 8.00 malam - Budi: c\n"
    assert records(text) == (("android-12h: dd/mm/yyyy, h.MM pagi/siang/sore/malam - ", "android", "DMY"), [
        (1, "2023-01-15T09:00:00", "Budi", "Budi", M, "a", "", False, "", False),
        (2, "2023-01-15T16:00:00", "Budi", "Budi", M, "b", "", False, "", False),
        (3, "2023-01-15T20:00:00", "Budi", "Budi", M, "c", "", False, "", False)])


# Month names as old Android exports and some locales write them, in the UI languages whose phones do.
MONTH_NAMES = [
    ("English, day first", "12 Jan 2021, 10:00 - Budi: pagi\n3 Feb 2021, 21:07 - Ani: malam\n",
     "android-24h: dd mmm yyyy, HH:MM - ", "DMY", ["2021-01-12T10:00:00", "2021-02-03T21:07:00"]),
    ("English, month first, 12 hours", "Jan 12, 2021, 10:00 PM - Budi: pagi\nDec 3, 2021, 9:07 AM - Ani: malam\n",
     "android-12h: mmm dd, yyyy, h:MM AM/PM - ", "MDY", ["2021-01-12T22:00:00", "2021-12-03T09:07:00"]),
    ("English, full month names", "12 September 2021, 10:00 - Budi: pagi\n1 October 2021, 10:01 - Ani: ok\n",
     "android-24h: dd mmm yyyy, HH:MM - ", "DMY", ["2021-09-12T10:00:00", "2021-10-01T10:01:00"]),
    ("Indonesian", "12 Agu 2021 10.00 - Budi: pagi\n5 Mei 2021 10.01 - Ani: ok\n3 Okt 2021 10.02 - Ani: ok\n"
     "24 Des 2021 10.03 - Budi: ok\n1 Ags 2022 07.00 - Budi: ok\n",
     "android-24h: dd mmm yyyy HH.MM - ", "DMY",
     ["2021-08-12T10:00:00", "2021-05-05T10:01:00", "2021-10-03T10:02:00", "2021-12-24T10:03:00",
      "2022-08-01T07:00:00"]),
    ("Indonesian iPhone", "[12 Agu 2021 10.00.05] Budi: pagi\n[13 Agu 2021 10.00.06] Ani: ok\n",
     "ios-24h-bracket: [dd mmm yyyy HH.MM.SS] ", "DMY", ["2021-08-12T10:00:05", "2021-08-13T10:00:06"]),
    ("German", "12. Jan. 2021, 10:00 - Budi: pagi\n3. März 2021, 10:01 - Ani: ok\n1. Okt. 2021, 10:02 - Ani: ok\n",
     "android-24h: dd mmm yyyy, HH:MM - ", "DMY", ["2021-01-12T10:00:00", "2021-03-03T10:01:00", "2021-10-01T10:02:00"]),
    ("French", "12 janv. 2021 10:00 - Budi: pagi\n3 juin 2021 10:01 - Ani: ok\n4 juil. 2021 10:02 - Ani: ok\n"
     "5 août 2021 10:03 - Ani: ok\n6 déc. 2021 10:04 - Ani: ok\n",
     "android-24h: dd mmm yyyy HH:MM - ", "DMY",
     ["2021-01-12T10:00:00", "2021-06-03T10:01:00", "2021-07-04T10:02:00", "2021-08-05T10:03:00",
      "2021-12-06T10:04:00"]),
    ("Spanish and Portuguese", "12 ene 2021 10:00 - Budi: pagi\n3 dez 2021 10:01 - Ani: ok\n4 dic 2021 10:02 - Ani: ok\n",
     "android-24h: dd mmm yyyy HH:MM - ", "DMY", ["2021-01-12T10:00:00", "2021-12-03T10:01:00", "2021-12-04T10:02:00"]),
    ("Indonesian, two-digit year", "12 Agu 21 10.00 - Budi: pagi\n5 Mei 22 10.01 - Ani: ok\n",
     "android-24h: dd mmm yy HH.MM - ", "DMY", ["2021-08-12T10:00:00", "2022-05-05T10:01:00"]),
    ("English, month first, two-digit year", "Jan 12, 21, 10:00 PM - Budi: pagi\nDec 3, 21, 9:07 AM - Ani: ok\n",
     "android-12h: mmm dd, yy, h:MM AM/PM - ", "MDY", ["2021-01-12T22:00:00", "2021-12-03T09:07:00"]),
    ("Russian, genitive and г.", "12 марта 2021 г., 10:00 - Budi: pagi\n1 мая 2021 г., 10:05 - Ani: ok\n"
     "3 сент. 2021 г., 10:06 - Ani: ok\n", "android-24h: dd mmm yyyy, HH:MM - ", "DMY",
     ["2021-03-12T10:00:00", "2021-05-01T10:05:00", "2021-09-03T10:06:00"]),
    ("Russian, abbreviated, two-digit year", "12 янв. 21, 10:00 - Budi: pagi\n3 февр. 21, 10:05 - Ani: ok\n",
     "android-24h: dd mmm yy, HH:MM - ", "DMY", ["2021-01-12T10:00:00", "2021-02-03T10:05:00"]),
    ("Ukrainian iPhone, р.", "[12 бер. 2021 р., 10:00:01] Budi: pagi\n[1 листопада 2021 р., 10:00:02] Ani: ok\n",
     "ios-24h-bracket: [dd mmm yyyy, HH:MM:SS] ", "DMY", ["2021-03-12T10:00:01", "2021-11-01T10:00:02"]),
    ("Polish", "12 mar 2021, 10:00 - Budi: pagi\n3 października 2021, 10:05 - Ani: ok\n4 lip 2021, 10:06 - Ani: ok\n",
     "android-24h: dd mmm yyyy, HH:MM - ", "DMY", ["2021-03-12T10:00:00", "2021-10-03T10:05:00", "2021-07-04T10:06:00"]),
    ("Turkish", "12 Şub 2021 10:00 - Budi: pagi\n3 Ağu 2021 10:05 - Ani: ok\n", "android-24h: dd mmm yyyy HH:MM - ",
     "DMY", ["2021-02-12T10:00:00", "2021-08-03T10:05:00"]),
    ("Vietnamese", "4 tháng 3, 2021 19:02 - Budi: pagi\n5 tháng 3, 2021 19:03 - Ani: ok\n",
     "android-24h: dd tháng mm, yyyy HH:MM - ", "DMY", ["2021-03-04T19:02:00", "2021-03-05T19:03:00"]),
    ("Chinese, day period first", "2021年3月4日 下午7:02 - Budi: pagi\n2021年3月5日 上午9:03 - Ani: ok\n",
     "android-12h: yyyy年mm月dd日 上午/下午h:MM - ", "YMD", ["2021-03-04T19:02:00", "2021-03-05T09:03:00"]),
    ("Chinese iPhone", "[2021/3/4 下午7:02:11] Budi: pagi\n[2021/3/5 中午12:03:00] Ani: ok\n",
     "ios-12h-bracket: [yyyy/mm/dd 上午/下午h:MM:SS] ", "YMD", ["2021-03-04T19:02:11", "2021-03-05T12:03:00"]),
    ("Korean iPhone", "[2021. 3. 4. 오후 7:02:11] Budi: pagi\n[2021. 3. 5. 오전 9:03:12] Ani: ok\n",
     "ios-12h-bracket: [yyyy. mm. dd. 오전/오후 h:MM:SS] ", "YMD", ["2021-03-04T19:02:11", "2021-03-05T09:03:12"]),
    ("Korean, marks", "2021년 3월 4일 오후 7:02 - Budi: pagi\n2021년 12월 25일 오전 12:30 - Ani: ok\n",
     "android-12h: yyyy년 mm월 dd일 오전/오후 h:MM - ", "YMD", ["2021-03-04T19:02:00", "2021-12-25T00:30:00"]),
    ("Japanese", "2021/03/04 午後7:02 - Budi: pagi\n2021/03/05 午前9:03 - Ani: ok\n",
     "android-12h: yyyy/mm/dd 午前/午後h:MM - ", "YMD", ["2021-03-04T19:02:00", "2021-03-05T09:03:00"]),
    ("Thai, Buddhist era", "4 มี.ค. 2564 19:02 - Budi: pagi\n5 เมษายน 2564 19:03 - Ani: ok\n",
     "android-24h: dd mmm yyyy HH:MM - ", "DMY", ["2021-03-04T19:02:00", "2021-04-05T19:03:00"]),
    ("Arabic", "١٢ مارس ٢٠٢١، ٧:٠٢ م - Budi: pagi\n١ أغسطس ٢٠٢١، ٩:٠٠ ص - Ani: ok\n",
     "android-12h: dd mmm yyyy، h:MM ص/م - ", "DMY", ["2021-03-12T19:02:00", "2021-08-01T09:00:00"]),
    ("Arabic, Levantine", "12 كانون الثاني 2021، 10:00 - Budi: pagi\n3 تشرين الأول 2021، 10:05 - Ani: ok\n",
     "android-24h: dd mmm yyyy، HH:MM - ", "DMY", ["2021-01-12T10:00:00", "2021-10-03T10:05:00"]),
    ("Persian, Gregorian months", "۱۲ مارس ۲۰۲۱،\u200f ۱۰:۰۰ - Budi: pagi\n۳ اوت ۲۰۲۱،\u200f ۱۰:۰۵ - Ani: ok\n",
     "android-24h: dd mmm yyyy، HH:MM - ", "DMY", ["2021-03-12T10:00:00", "2021-08-03T10:05:00"]),
    ("Serbian, a dot after the year", "13. 6. 2018. 21:25 - Budi: pagi\n14. 6. 2018. 08:00 - Ani: ok\n",
     "android-24h: dd. mm. yyyy. HH:MM - ", "DMY", ["2018-06-13T21:25:00", "2018-06-14T08:00:00"]),
]


@pytest.mark.parametrize("text,shape,order,stamps", [c[1:] for c in MONTH_NAMES], ids=[c[0] for c in MONTH_NAMES])
def test_headers_with_month_names(text: str, shape: str, order: str, stamps: list[str]) -> None:
    parsed = parse_text(text, "chat.txt")
    assert (parsed.header_format, parsed.date_order) == (shape, order)
    assert [m.timestamp.isoformat() for m in parsed.messages] == stamps
    assert all(m.kind is M and m.author in ("Budi", "Ani") for m in parsed.messages)
    assert not parsed.warnings   # the word says which field is the month: nothing is assumed


def test_a_word_that_is_no_month_is_no_header() -> None:
    text = "12 Jan 2021, 10:00 - Budi: pagi\n12 apples 2021, 10:00 - Budi: no header\n"
    parsed = parse_text(text, "chat.txt")
    assert [m.text for m in parsed.messages] == ["pagi\n12 apples 2021, 10:00 - Budi: no header"]
