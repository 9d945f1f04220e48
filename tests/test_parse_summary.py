"""PARSE: the CSV of records and the summary a person reads after `parse`."""

from __future__ import annotations

import pytest

from whatsapp_ingest.export.parse import parse_text
from whatsapp_ingest.report.parse_rows import describe_parse, records_csv

# Word for word in English (asked for); the Indonesian default is checked in test_cli_parse.py.
# What a person reads is checked in Indonesian, the default; English once, on request.

EXPORT = ("Chat Bimlat\n"
          "06/04/20 08.15 - Budi: halo, \"semua\"\nbaris dua\n"
          "13/04/20 09.00 - \u202a+62 812\u20113456\u20117890\u202c: =SUM(A1) <Pesan ini diedit>\n"
          "13/04/20 09.01 - ~\u00a0Ani: PTK Siklus 1.pdf (file terlampir)\n"
          "13/04/20 09.02 - Ani keluar\n")


def test_records_csv_has_one_row_per_message_formula_safe_with_bom_and_crlf() -> None:
    data = records_csv(parse_text(EXPORT, "grup.txt").messages)
    assert data == (
        "\ufefffile,line,timestamp,author,kind,text,attachment,edited,notice,details\r\n"
        'grup.txt,2,2020-04-06T08:15:00,Budi,message,"halo, ""semua""\nbaris dua",,false,,\r\n'
        "grup.txt,4,2020-04-13T09:00:00,'+62 812-3456-7890,message,'=SUM(A1),,true,,\r\n"
        "grup.txt,5,2020-04-13T09:01:00,Ani,attachment,PTK Siklus 1.pdf (file terlampir),PTK Siklus 1.pdf,false,"
        "attached,\r\n"
        'grup.txt,6,2020-04-13T09:02:00,,system,Ani keluar,,false,left,"{""actor"": ""Ani""}"\r\n'
    ).encode("utf-8")


def test_records_csv_of_no_messages_is_the_header_only() -> None:
    assert records_csv([]) == "\ufefffile,line,timestamp,author,kind,text,attachment,edited,notice,details\r\n".encode()


def test_describe_parse_names_counts_format_order_evidence_and_lines() -> None:
    assert describe_parse(parse_text(EXPORT, "grup.txt")) == (
        "grup.txt: 4 pesan dari 3 pengirim (pesan 2, lampiran 1, pemberitahuan 1)\n"
        "pertama 2020-04-06 08:15, terakhir 2020-04-13 09:02\n"
        "bentuk kepala pesan: android-24h: dd/mm/yy HH.MM - (android)\n"
        "urutan tanggal: DMY, karena angka tanggal 13 berada di depan pada baris 4 (13/04/20)\n"
        "baris: 6 = 4 kepala pesan + 1 lanjutan + 1 sebelum pesan pertama\n"
        "bukan bagian dari pesan mana pun: baris 1: 'Chat Bimlat'"
    )


@pytest.mark.usefixtures("english")
def test_describe_parse_in_english_on_request() -> None:
    assert describe_parse(parse_text(EXPORT, "grup.txt")) == (
        "grup.txt: 4 messages from 3 authors (message 2, attachment 1, notice 1)\n"
        "first 2020-04-06 08:15, last 2020-04-13 09:02\n"
        "header format: android-24h: dd/mm/yy HH.MM - (android)\n"
        "date order: DMY, because a day field of 13 comes first on line 4 (13/04/20)\n"
        "lines: 6 = 4 headers + 1 continuation + 1 before the first message\n"
        "not part of any message: line 1: 'Chat Bimlat'"
    )


def test_describe_parse_shortens_a_long_preamble() -> None:
    text = "a\nb\nc\nd\ne\n[15/01/23, 10:00:00] Budi: x\n"
    assert describe_parse(parse_text(text, "c.txt")).splitlines()[-1] == (
        "bukan bagian dari pesan mana pun: baris 1: 'a'; 2: 'b'; 3: 'c' dan 2 lainnya")
