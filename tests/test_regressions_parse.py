"""Regressions: header-shape detection and lines outside any message.

A small export whose first message pastes a longer chat excerpt from an iPhone was read in the
excerpt's shape: the real messages vanished into a body and the preamble, and `ingest` said nothing.
"""

from __future__ import annotations

import pytest

from pathlib import Path

from ingest_helpers import ANDROID_NAME, drop, make_program, stored
from typer.testing import CliRunner

from whatsapp_ingest.cli import app
from whatsapp_ingest.export.parse import parse_text

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
# What a person reads is checked in Indonesian, the default.

runner = CliRunner()
EXCERPT = "".join(f"[01/04/20 07.0{i}.00] Kepala Madrasah: pengumuman {i}\n" for i in range(6))
SMALL = ("06/04/20 09.00 - Rina: ini dari grup sebelah:\n" + EXCERPT +
         "06/04/20 09.05 - Siti: terima kasih\n07/04/20 10.00 - Rina: hadir\n")


def test_a_long_excerpt_pasted_into_a_small_export_does_not_outvote_its_headers() -> None:
    parsed = parse_text(SMALL, "chat.txt")
    assert parsed.header_format == "android-24h: dd/mm/yy HH.MM - "
    assert [(m.line, m.author, m.text) for m in parsed.messages] == [
        (1, "Rina", "ini dari grup sebelah:\n" + EXCERPT.rstrip("\n")),
        (8, "Siti", "terima kasih"),
        (9, "Rina", "hadir"),
    ]
    assert parsed.preamble == ()


def test_ingest_reads_the_small_export_with_the_pasted_excerpt(tmp_path: Path) -> None:
    program = make_program(tmp_path, "no,name\n1,Rina\n2,Siti\n")
    drop(program, ANDROID_NAME, SMALL)
    result = runner.invoke(app, ["ingest", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert [row[:3] for row in stored(program)] == [
        (1, "2020-04-06 09:00:00", "Rina"), (2, "2020-04-06 09:05:00", "Siti"), (1, "2020-04-07 10:00:00", "Rina")]


def test_lines_before_the_first_message_are_a_warning_on_every_run(tmp_path: Path) -> None:
    program = make_program(tmp_path, "no,name\n1,Rina\n")
    drop(program, ANDROID_NAME, "Catatan: minggu pertama\n\n06/04/20 09.00 - Rina: hadir\n")
    expected = (f"peringatan: inbox/{ANDROID_NAME}: 2 baris sebelum pesan pertama bukan bagian dari pesan mana pun dan "
                "tidak dihitung (baris 1: 'Catatan: minggu pertama')")
    for _ in range(2):
        result = runner.invoke(app, ["ingest", str(tmp_path), "--quiet"])
        assert result.exit_code == 0
        assert expected in result.stderr.splitlines()
