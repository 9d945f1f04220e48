"""The unknown senders are counted once per state of the store (store/senders.py): a re-run with
nothing new reads no stored message for them, and any change they depend on counts them again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program

from whatsapp_ingest.pipeline import find_export, forget
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.store import ingest
from whatsapp_ingest.store.ingest import run_ingest
from whatsapp_ingest.store.senders import SENDERS_FILE

ROSTER = "no,name,phone,aliases\n1,Rina Guru,,\n2,Siti Aminah,,\n"
WEEK_1 = android(("2020-04-06 07:00", "Rina Guru", "hadir"), ("2020-04-06 07:05", "Pak Joko", "hadir juga"),
                 ("2020-04-07 07:00", "Pak Joko", "pagi"), ("2020-04-07 08:00", "+62 857-0000-1111", "siapa ini?"))
WEEK_2 = android(("2020-04-13 07:00", "Siti Aminah", "hadir"), ("2020-04-13 07:01", "Bu Ani", "hadir"))


@pytest.fixture
def no_scan(monkeypatch: pytest.MonkeyPatch):   # noqa: ANN201
    """Counting the senders (three reads of every stored message) fails the test while active."""
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the stored messages were read for the unknown senders")

    def active() -> None:
        for name in ("author_names", "stored_authors", "number_links"):
            monkeypatch.setattr(ingest, name, refuse)
    return active


def first_run(tmp_path: Path) -> tuple[Program, ingest.IngestReport]:
    program = make_program(tmp_path / "p", ROSTER)
    drop(program, ANDROID_NAME, WEEK_1)
    report = run_ingest(program)
    assert report.unknown_senders == ("Pak Joko", "+62 857-0000-1111")
    return program, report


def test_a_rerun_with_nothing_new_reads_no_message_for_the_senders_and_says_the_same(tmp_path: Path, no_scan) -> None:
    program, first = first_run(tmp_path)
    no_scan()
    again = run_ingest(program)
    assert (again.unknown_senders, again.warnings) == (first.unknown_senders, first.warnings)
    assert "'Pak Joko' (2 pesan, 2020-04-06 s/d 2020-04-07)" in again.warnings[0]


def test_a_new_export_counts_them_again(tmp_path: Path) -> None:
    program, _ = first_run(tmp_path)
    drop(program, "WhatsApp Chat with Bimlat PTK Cipocok (2).txt", WEEK_2)
    assert run_ingest(program).unknown_senders == ("Pak Joko", "+62 857-0000-1111", "Bu Ani")


def test_an_edited_roster_counts_them_again(tmp_path: Path) -> None:
    program, _ = first_run(tmp_path)
    program.roster_csv.write_text(ROSTER + "3,Joko Santoso,,Pak Joko\n", encoding="utf-8")
    assert run_ingest(program).unknown_senders == ("+62 857-0000-1111",)


def test_a_forgotten_export_counts_them_again(tmp_path: Path) -> None:
    program, _ = first_run(tmp_path)
    drop(program, "WhatsApp Chat with Bimlat PTK Cipocok (2).txt", WEEK_2)
    run_ingest(program)
    forget(program, find_export(program, "WhatsApp Chat with Bimlat PTK Cipocok (2).txt"))
    assert run_ingest(program).unknown_senders == ("Pak Joko", "+62 857-0000-1111")


@pytest.mark.parametrize("record", [
    b"", b"\xff\xfe not json", b"[]", b'{"format": 1}',
    b'{"format": 1, "key": "KEY", "senders": [["Pak Joko", "2", "x", "y"]]}',
    b'{"format": 1, "key": "KEY", "senders": [["Pak Joko", 2, "x"]]}',
    b'{"format": 99, "key": "KEY", "senders": []}',
    b"[" * 100_000,
], ids=["empty", "binary", "a list", "no key", "a count as text", "a short row", "another format", "deep"])
def test_a_damaged_record_only_means_counting_again(tmp_path: Path, record: bytes) -> None:
    program, first = first_run(tmp_path)
    path = program.state / SENDERS_FILE
    key = json.loads(path.read_bytes())["key"]
    path.write_bytes(record.replace(b"KEY", key.encode()))
    again = run_ingest(program)
    assert (again.unknown_senders, again.warnings) == (first.unknown_senders, first.warnings)
    assert json.loads(path.read_bytes())["senders"][0] == ["Pak Joko", 2, "2020-04-06T07:05:00", "2020-04-07T07:00:00"]


def test_a_record_that_is_a_folder_or_a_fifo_is_neither_read_nor_waited_on(tmp_path: Path) -> None:
    program, first = first_run(tmp_path)
    path = program.state / SENDERS_FILE
    path.unlink()
    os.mkfifo(path)
    assert run_ingest(program).warnings == first.warnings
    path.unlink()
    path.mkdir()
    assert run_ingest(program).warnings == first.warnings   # (and not written: the next run counts again)


def test_a_roster_saved_while_the_run_stores_counts_them_again_next_time(tmp_path: Path) -> None:
    """The record's key is roster.csv as it was when the run loaded it: an edit saved during the run
    (the senders were counted with the roster loaded before it) makes the next run count again."""
    program = make_program(tmp_path / "p", ROSTER)
    drop(program, ANDROID_NAME, WEEK_1)

    def edit(*_args: object) -> None:
        program.roster_csv.write_text(ROSTER + "3,Joko Santoso,,Pak Joko\n", encoding="utf-8")

    assert run_ingest(program, before_store=edit).unknown_senders == ("Pak Joko", "+62 857-0000-1111")
    assert run_ingest(program).unknown_senders == ("+62 857-0000-1111",)
