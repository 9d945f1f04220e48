"""STORE, streamed: an export stored as it is parsed, block by block, gives the very store the whole
text gives, and what storing holds at once does not grow with the export.

A large export is read in blocks (`export.blocks`) and stored chunk by chunk (`store.file_ingest`);
here the blocks are made tiny so that small exports take that way, and the store's rows and the
files' warnings are compared with those of the same exports read whole.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from ingest_helpers import make_program

from whatsapp_ingest.export import blocks, formats
from whatsapp_ingest.store import db, file_ingest
from whatsapp_ingest.store.ingest import run_ingest

PEOPLE = ["Ani", "Budi", "Citra", "Dedi"]
ROSTER = "no,name\n" + "".join(f"{i},{name}\n" for i, name in enumerate(PEOPLE, 1))


def export(messages: int, seed: int, back: bool = False, cut: bool = False) -> str:
    """An Android export of `messages` messages over several days, with the same text sent twice in a
    minute (occurrences), multi-line bodies; `back`: a day comes back at the end (a clock changed);
    `cut`: the file stops inside its last message."""
    rng = random.Random(seed)
    when, lines = datetime(2020, 4, 6, 7), []
    for n in range(messages):
        when += timedelta(minutes=rng.choice([0, 0, 1, 3]))
        if back and n == messages - 20:
            when = datetime(2020, 4, 6, 9)
        body = rng.choice(["Hadir", "hadir bu", "PR 1", "siap\nbaris dua", "ok"])
        lines.append(f"{when:%d/%m/%y %H.%M} - {rng.choice(PEOPLE)}: {body}")
    text = "\n".join(lines) + "\n"
    return text[:-4] if cut else text


def store_rows(folder: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every stored message (without its row id) and every files row."""
    conn = sqlite3.connect(folder / ".whatsapp-ingest" / "store.sqlite")
    try:
        messages = conn.execute("SELECT key, occurrence, mkey, timestamp, seconds, author, raw_author, kind, text,"
                                " attachment, edited, notice, details, file, line FROM messages ORDER BY id").fetchall()
        files = conn.execute("SELECT name, status, reason, warnings, header_format, date_order, messages,"
                             " messages_new, first_at, last_at FROM files ORDER BY name").fetchall()
        return messages, files
    finally:
        conn.close()


def ingest(folder: Path, texts: list[str], streamed: bool, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each text stored in turn (one ingest per export, as weeks go by), read whole or in tiny blocks."""
    monkeypatch.setattr(blocks, "STREAM_FROM", 0 if streamed else 1 << 40)
    program = make_program(folder, ROSTER)
    for week, text in enumerate(texts):
        (program.inbox / f"WhatsApp Chat with Bimlat PTK Cipocok ({week}).txt").write_text(text, encoding="utf-8")
        run_ingest(program)
    return folder


@pytest.fixture(autouse=True)
def tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocks, "BLOCK", 4096)
    monkeypatch.setattr(formats, "EVIDENCE_PREFIX", 3000)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("back", "cut"), [(False, False), (True, False), (False, True)])
def test_stored_in_blocks_as_when_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int,
                                             back: bool, cut: bool) -> None:
    first = export(6000, seed)
    texts = [first, first[: len(first) // 2] + export(6000, seed + 1, back, cut)[len(first) // 2:]]
    whole = ingest(tmp_path / "whole", texts, False, monkeypatch)
    streamed = ingest(tmp_path / "streamed", texts, True, monkeypatch)
    assert store_rows(streamed) == store_rows(whole)
    assert len(store_rows(whole)[0]) > 6000


def test_what_storing_holds_does_not_grow_with_the_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The largest batch of rows, block of text and set of message keys held while storing an export
    are the same size for 12,000 and for 24,000 messages (counted, not timed)."""
    sizes: dict[str, int] = {}

    def note(what: str, size: int) -> None:
        sizes[what] = max(sizes.get(what, 0), size)

    real_add, real_lines, real_rows = db.ExportWriter.add, blocks._lines, file_ingest.chunk_rows

    def add(self: db.ExportWriter, batch: list) -> None:
        note("batch", len(batch))
        real_add(self, batch)

    def lines(*args: object):
        for block in real_lines(*args):
            note("block", len(block))
            yield block

    def rows(name, seen, *args):
        made = real_rows(name, seen, *args)
        note("keys", len(seen))
        return made

    monkeypatch.setattr(db.ExportWriter, "add", add)
    monkeypatch.setattr(blocks, "_lines", lines)
    monkeypatch.setattr(file_ingest, "chunk_rows", rows)
    held = {}
    for n in (12_000, 24_000):
        sizes.clear()
        ingest(tmp_path / str(n), [export(n, 7)], True, monkeypatch)
        held[n] = dict(sizes)
    assert set(held[12_000]) == {"batch", "block", "keys"}
    # the first block holds the header sample (5,001 lines) whatever the size; the others are small;
    # the keys are one day's (a busier day of the longer export may hold a few more), never all of them
    for what in ("batch", "block", "keys"):
        assert held[24_000][what] <= 1.1 * held[12_000][what], what
    assert held[24_000]["keys"] < 2_000 and held[24_000]["batch"] <= db.STORE_BATCH + 1_000
