"""Inputs that used to be misread without a word: an old Mac's line ends, a copy cut off that adds a
cut-off duplicate, a document that is not a chat, and thousands of unknown senders (summarised)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ingest_helpers import ANDROID_NAME, GROUP, android, drop, make_program, stored

from whatsapp_ingest.i18n import catalog
from whatsapp_ingest.store.ingest import UNKNOWN_LISTED, run_ingest

t = catalog("id").gettext
WEEK = [("2020-04-06 08:15", "Budi", "hadir"), ("2020-04-06 08:16", "Ani", "hadir pak"),
        ("2020-04-07 09:00", "Budi", "PR.1 sudah saya kirim\nmohon dicek, bu"),
        ("2020-04-07 09:05", "Ani", "terima kasih atas bimbingannya, bu")]
ROSTER = "no,name\n1,Budi\n2,Ani\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WHATSAPP_INGEST_LANG"}
    return subprocess.run([sys.executable, "-m", "whatsapp_ingest", *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=cwd)


def test_an_old_mac_export_with_lone_cr_line_ends_is_read_line_by_line(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK).replace("\n", "\r").encode("utf-8"))
    report = run_ingest(program)
    assert report.messages_new == 4
    assert [row[4] for row in stored(program)] == [text for _when, _who, text in WEEK]


def test_a_lone_cr_inside_a_message_of_an_ordinary_export_stays_in_it(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Budi", "satu\rdua"), *WEEK[1:]))
    run_ingest(program)
    assert [row[4] for row in stored(program)][0] == "satu\rdua"


def cut(text: str, keep: int) -> bytes:
    """A copy of the export that stops `keep` characters before its end (no final line end)."""
    return text[:-keep].encode("utf-8")


def test_a_copy_cut_off_inside_its_last_message_adds_no_cut_off_duplicate(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    whole = android(*WEEK)
    drop(program, ANDROID_NAME, whole)
    run_ingest(program)
    before = stored(program)
    drop(program, f"WhatsApp Chat with {GROUP} (1).txt", cut(whole, 12))   # "…atas bimbi"
    report = run_ingest(program)
    assert stored(program) == before
    assert report.messages_new == 0
    assert t("{file}: the file stops inside its last message (line {line}): a copy cut off; that message is stored "
             "whole from another export and is not counted again").format(
        file=f"inbox/WhatsApp Chat with {GROUP} (1).txt", line=5) in report.warnings


def test_a_copy_cut_off_inside_a_header_adds_nothing_either(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    whole = android(*WEEK, ("2020-04-08 07:00", "Budi", "hadir"))
    drop(program, ANDROID_NAME, whole)
    run_ingest(program)
    before = stored(program)
    drop(program, f"WhatsApp Chat with {GROUP} (1).txt", cut(whole, len("00 - Budi: hadir\n")))   # "08/04/20 07."
    report = run_ingest(program)
    assert stored(program) == before and report.messages_new == 0


def test_a_cut_off_export_of_new_messages_is_stored_as_it_is(tmp_path: Path) -> None:
    """Nothing stored is longer: the last message is kept (it may be all there is of it)."""
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, cut(android(*WEEK), 1))
    report = run_ingest(program)
    assert report.messages_new == 4 and not any("terpotong" in w for w in report.warnings)


def test_a_document_with_dated_lines_is_no_export(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    (program.inbox / "notulen rapat.txt").write_text(
        "Notulen rapat KKG\n06/04/20 08.15 - rapat dimulai pukul delapan\nsemua guru hadir\n"
        "07/04/20 10.00 - rapat selesai, dilanjutkan minggu depan\n", encoding="utf-8")
    result = run("ingest", str(tmp_path), "--quiet", cwd=tmp_path)
    assert result.returncode == 1
    reason = (t("not a WhatsApp chat export: its {n} dated lines hold no message from a person and no notice "
                "WhatsApp writes (another document?)").format(n=2) + "; "
              + t("in WhatsApp open the group, choose More > Export chat, and give that .txt or .zip"))
    assert t("warning: {message}").format(message=t("{file}: refused: {reason}").format(
        file="inbox/notulen rapat.txt", reason=reason)) in result.stderr.splitlines()
    assert len(stored(program)) == 4


def many_senders(n: int) -> str:
    return android(*[(f"2020-04-{6 + i % 20:02d} 08:{i % 60:02d}", f"Tamu {i:05d}", "salam") for i in range(n)],
                   *WEEK)


def test_thousands_of_unknown_senders_are_summarised(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, many_senders(3000))
    report = run_ingest(program)
    unknown = [w for w in report.warnings if "Tamu" in w or "tak dikenal" in w]
    assert len(report.unknown_senders) == 3000
    assert len(unknown) == UNKNOWN_LISTED + 1
    assert unknown[-1] == catalog("id").ngettext(
        "and {n} more unknown sender, not counted: the whole list is in out/unknown_senders.csv",
        "and {n} more unknown senders, not counted: the whole list is in out/unknown_senders.csv",
        3000 - UNKNOWN_LISTED).format(n=3000 - UNKNOWN_LISTED)


def test_the_terminal_names_the_first_unknown_senders_and_counts_the_rest(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER, extra="holidays = [2020-04-10]")
    drop(program, ANDROID_NAME, many_senders(40))
    result = run("ingest", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0
    assert len(result.stderr.splitlines()) == UNKNOWN_LISTED + 1   # the warnings
    line = next(line for line in result.stdout.splitlines() if "Tamu 00000" in line)
    assert line.endswith(", " + t("… and {n} more (out/unknown_senders.csv)").format(n=30))
    named = line.split(": ", 1)[1].split(", ")
    assert len(named) == UNKNOWN_LISTED + 1 and all(name.startswith("Tamu ") for name in named[:-1])
