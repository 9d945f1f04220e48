"""PARSE: the exports' quirks, line accounting, bodies that hold header-like text, and bad input."""

from __future__ import annotations

from datetime import datetime

import pytest

from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export.parse import NOT_AN_EXPORT, make_message, parse_text
from whatsapp_ingest.records import Kind, Message, SourceLine

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
pytestmark = pytest.mark.usefixtures("english")

LRM, RLM = "\u200e", "\u200f"


def fields(text: str, *names: str) -> list[tuple]:
    parsed = parse_text(text, "chat.txt")
    assert parsed.total_lines == len(parsed.messages) + parsed.continuation_lines + len(parsed.preamble)
    return [tuple(getattr(m, n) for n in names) for m in parsed.messages]


def test_bom_and_crlf_are_dropped_and_bodies_join_lines_with_newline() -> None:
    text = "\ufeff15/01/2023, 19:02 - Budi: a\r\nb\r\n\r\n15/01/2023, 19:03 - Ani: c\r\n"
    parsed = parse_text(text, "chat.txt")
    assert [(m.line, m.author, m.text) for m in parsed.messages] == [(1, "Budi", "a\nb\n"), (4, "Ani", "c")]
    assert (parsed.total_lines, parsed.continuation_lines, parsed.preamble) == (4, 2, ())


def test_a_lone_carriage_return_inside_a_body_is_kept() -> None:
    assert fields("15/01/2023, 19:02 - Budi: a\rb\n", "text") == [("a\rb",)]


def test_invisible_marks_around_names_and_tilde_prefix_are_cleaned_but_raw_author_kept() -> None:
    text = ("15/01/2023, 19:02 - \u2068Budi Santoso\u2069: a\n"
            "15/01/2023, 19:03 - \u202a+62 812\u20113456\u20117890\u202c: b\n"
            "15/01/2023, 19:04 - ~\u00a0Siti: c\n"
            "15/01/2023, 19:05 - ~ Rina \u202b\u202e\u2066\u2067: d\n"
            f"{LRM}15/01/2023, 19:06 - Ani: {RLM}e\n")
    assert fields(text, "author", "raw_author", "text") == [
        ("Budi Santoso", "\u2068Budi Santoso\u2069", "a"),
        ("+62 812-3456-7890", "\u202a+62 812\u20113456\u20117890\u202c", "b"),
        ("Siti", "~\u00a0Siti", "c"),
        ("Rina", "~ Rina \u202b\u202e\u2066\u2067", "d"),
        ("Ani", "Ani", f"{RLM}e"),
    ]


def test_a_header_in_another_shape_inside_a_body_stays_in_the_body() -> None:
    text = ("06/04/20 08.15 - Budi: ini kutipan dari grup lain:\n"
            "15/01/2023, 10:00 - Siti: jangan lupa\n"
            "[15/01/23, 10:01:00] Ani: oke\n"
            "06.04.20 08.15 - Budi: titik\n"
            " 06/04/20 08.15 - Budi: spasi di depan\n"
            "06/04/20 08.16 - Ani: baik\n")
    assert fields(text, "line", "author", "text") == [
        (1, "Budi", "ini kutipan dari grup lain:\n15/01/2023, 10:00 - Siti: jangan lupa\n"
                    "[15/01/23, 10:01:00] Ani: oke\n06.04.20 08.15 - Budi: titik\n 06/04/20 08.15 - Budi: spasi di depan"),
        (6, "Ani", "baik"),
    ]


def test_the_most_common_shape_wins_even_when_a_pasted_excerpt_comes_first() -> None:
    text = ("[15/01/23, 10:01:00] Ani: pasted first\n"
            "06/04/20 08.15 - Budi: a\n06/04/20 08.16 - Budi: b\n06/04/20 08.17 - Budi: c\n")
    parsed = parse_text(text, "chat.txt")
    assert parsed.header_format.startswith("android-24h")
    assert parsed.preamble == (SourceLine("chat.txt", 1, "[15/01/23, 10:01:00] Ani: pasted first"),)
    assert [m.line for m in parsed.messages] == [2, 3, 4]


def test_preamble_lines_are_reported_not_lost() -> None:
    text = "Chat Bimlat\n\n   \n15/01/2023, 19:02 - Budi: a\n"
    parsed = parse_text(text, "chat.txt")
    assert parsed.preamble == (SourceLine("chat.txt", 1, "Chat Bimlat"), SourceLine("chat.txt", 2, ""),
                               SourceLine("chat.txt", 3, "   "))
    assert [m.line for m in parsed.messages] == [4]
    assert parsed.total_lines == 4


def test_a_leading_empty_line_is_preamble() -> None:
    parsed = parse_text("\n15/01/2023, 19:02 - Budi: a", "chat.txt")
    assert parsed.preamble == (SourceLine("chat.txt", 1, ""),)
    assert [(m.line, m.text) for m in parsed.messages] == [(2, "a")]


def test_a_truncated_last_line_is_kept_in_the_last_body() -> None:
    text = "15/01/2023, 19:02 - Budi: a\n15/01/2023, 19:03 - Ani: b\n15/01/2023, 19:0"
    assert fields(text, "line", "text") == [(1, "a"), (2, "b\n15/01/2023, 19:0")]


def test_a_system_sentence_with_colon_space_never_becomes_an_author() -> None:
    text = ('15/01/2023, 19:02 - Budi: a\n'
            '15/01/2023, 19:03 - Budi changed the subject from "PTK: Siklus 1" to "PTK: Siklus 2"\n'
            '15/01/2023, 19:04 - Budi changed the subject from "PTK: Siklus 2" to "Rapat"\n'
            '15/01/2023, 19:05 - Budi: b\n')
    assert fields(text, "author", "raw_author", "kind", "notice") == [
        ("Budi", "Budi", Kind.MESSAGE, ""),
        ("", "", Kind.SYSTEM, "subject_changed"),
        ("", "", Kind.SYSTEM, "subject_changed"),
        ("Budi", "Budi", Kind.MESSAGE, ""),
    ]


def test_an_unknown_author_less_line_is_a_system_notice_not_a_message() -> None:
    text = "15/01/2023, 19:02 - Budi: a\n15/01/2023, 19:03 - Budi\n15/01/2023, 19:04 - Ada sesuatu\nlagi: b\n"
    assert fields(text, "author", "kind", "notice", "text") == [
        ("Budi", Kind.MESSAGE, "", "a"),
        ("", Kind.SYSTEM, "other", "Budi"),
        ("", Kind.SYSTEM, "other", "Ada sesuatu\nlagi: b"),
    ]


def test_ios_notices_under_a_name_are_system_and_keep_that_name() -> None:
    text = (f"[15/01/23, 10:00:00] Bimlat PTK: {LRM}Budi added Ani\n"
            f"[15/01/23, 10:00:05] Ani: {LRM}Ani left\n"
            "[15/01/23, 10:00:09] Budi: Ani left\n")
    assert fields(text, "author", "kind", "notice") == [
        ("Bimlat PTK", Kind.SYSTEM, "added"), ("Ani", Kind.SYSTEM, "left"), ("Budi", Kind.MESSAGE, "")]


def test_many_messages_cross_chunks_with_exact_lines() -> None:
    from whatsapp_ingest.export import parse

    old, parse.CHUNK = parse.CHUNK, 64
    try:
        text = "".join(f"15/01/2023, 10:{i:02d} - Budi: m{i}\n{'x' * i}\n" for i in range(30))
        assert fields(text, "line", "text") == [(2 * i + 1, f"m{i}\n{'x' * i}") for i in range(30)]
    finally:
        parse.CHUNK = old


def test_fast_constructor_builds_the_same_message() -> None:
    args = ("a.txt", 7, datetime(2023, 1, 15, 19, 2), "Budi", Kind.ATTACHMENT, "x.pdf (file attached)", "x.pdf",
            True, "~ Budi", "attached", (("k", "v"),), True)
    made = make_message(*args)
    assert type(made) is Message
    assert made == Message(*args)
    with pytest.raises(AttributeError):
        made.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff  \r\n", "\u200e"])
def test_an_empty_file_is_refused(text: str) -> None:
    with pytest.raises(BadExport) as caught:
        parse_text(text, "chat.txt")
    assert caught.value.render().startswith("chat.txt: the file is empty; ")


@pytest.mark.parametrize("text", [
    "Notulen rapat\n15 Januari 2023\nhadir: 12 guru\n",
    "1,2,3\n4,5,6\n",
    "\n".join(f"baris {i}" for i in range(60)) + "\n15/01/2023, 19:02 - Budi: a\n",
])
def test_a_text_that_is_not_an_export_is_refused(text: str) -> None:
    with pytest.raises(BadExport) as caught:
        parse_text(text, "notes.txt")
    assert caught.value.file == "notes.txt" and caught.value.line is None
    assert caught.value.message == NOT_AN_EXPORT


def test_a_header_date_that_cannot_exist_is_refused_with_its_line() -> None:
    with pytest.raises(BadExport) as caught:
        parse_text("25/01/2023, 10:00 - Budi: a\n30/02/2023, 10:00 - Budi: b\n", "chat.txt")
    assert (caught.value.line, caught.value.message) == (
        2, "the date 30/02/2023 in a header does not exist when read DMY")


def test_a_header_time_that_cannot_exist_is_refused_with_its_line() -> None:
    with pytest.raises(BadExport) as caught:
        parse_text("25/01/2023, 10:00 - Budi: a\n25/01/2023, 24:30 - Budi: b\n", "chat.txt")
    assert (caught.value.line, caught.value.message) == (2, "the time 24:30 in a header cannot exist")


def test_the_author_ends_at_the_first_colon_space_and_may_hold_a_colon() -> None:
    text = "15/01/2023, 19:02 - Ibu:Siti: jam 10:30: rapat\n15/01/2023, 19:03 - Budi: : ok\n"
    assert fields(text, "author", "text") == [("Ibu:Siti", "jam 10:30: rapat"), ("Budi", ": ok")]


def test_header_like_lines_of_another_shape_out_of_time_order_stay_in_bodies_and_are_counted() -> None:
    from whatsapp_ingest.i18n import set_language

    text = ("15/01/2023, 19:02 - Budi: a\n"
            "[12/01/2023, 19:03:00] Ani: pasted from an iPhone\n"     # days before the message quoting it
            "[12/01/2023, 19:04:00] Ani: and again\n"
            "16/01/2023, 19:05 - Ani: b\n")
    set_language("en")
    try:
        parsed = parse_text(text, "gabung.txt")
    finally:
        set_language(None)
    assert [(m.line, m.text) for m in parsed.messages] == [
        (1, "a\n[12/01/2023, 19:03:00] Ani: pasted from an iPhone\n[12/01/2023, 19:04:00] Ani: and again"), (4, "b")]
    assert parsed.warnings[-1] == (
        "gabung.txt: 2 lines look like message headers of another shape ([dd/mm/yyyy, HH:MM:SS] ) and were kept "
        "inside the message before them; if this file joins two exports, give each export as its own file")
    assert parsed.header_format == "android-24h: dd/mm/yyyy, HH:MM - "


def test_a_file_whose_header_shape_changes_in_time_order_is_read_in_both_shapes() -> None:
    from whatsapp_ingest.i18n import set_language

    text = ("15/01/2023, 19:02 - Budi: a\n"
            "[15/01/2023, 19:03:00] Ani: from an iPhone\n"
            "[15/01/2023, 19:04:00] Ani: and again\nsecond line\n"
            "16/01/2023, 19:05 - Ani: b\n")
    set_language("en")
    try:
        parsed = parse_text(text, "gabung.txt")
    finally:
        set_language(None)
    assert [(m.line, m.timestamp.isoformat(), m.author, m.text, m.seconds) for m in parsed.messages] == [
        (1, "2023-01-15T19:02:00", "Budi", "a", False), (2, "2023-01-15T19:03:00", "Ani", "from an iPhone", True),
        (3, "2023-01-15T19:04:00", "Ani", "and again\nsecond line", True), (5, "2023-01-16T19:05:00", "Ani", "b", False)]
    assert parsed.header_format == "android-24h: dd/mm/yyyy, HH:MM -  + ios-24h-bracket: [dd/mm/yyyy, HH:MM:SS] "
    assert parsed.warnings == (
        "gabung.txt: the message headers change their shape at lines 2, 5 (dd/mm/yyyy, HH:MM - → "
        "[dd/mm/yyyy, HH:MM:SS] → dd/mm/yyyy, HH:MM -); each part is read in its own shape; "
        "if this file joins two exports, giving each as its own file is safer",)
    assert parsed.total_lines == 5 and parsed.continuation_lines == 1


def test_a_second_export_joined_far_into_a_long_file_is_read_in_its_shape() -> None:
    # the opening sample sees only the Android part; windows over the rest find the iPhone one
    android = "".join(f"{1 + i // 600:02d}/03/21 {i // 60 % 10 + 8:02d}.{i % 60:02d} - Budi: pesan {i}\n"
                      for i in range(3000))
    iphone = "".join(f"[10/03/21 {h:02d}.{m:02d}.07] Ani: dari iPhone {h}.{m}\n" for h in (20, 21) for m in range(30))
    parsed = parse_text(android + iphone, "gabung.txt")
    assert len(parsed.messages) == 3060
    last = parsed.messages[-1]
    assert (last.line, last.timestamp.isoformat(), last.author, last.text, last.seconds) == (
        3060, "2021-03-10T21:29:07", "Ani", "dari iPhone 21.29", True)
    assert parsed.header_format == "android-24h: dd/mm/yy HH.MM -  + ios-24h-bracket: [dd/mm/yy HH.MM.SS] "
