"""STORE, the rows: the keys a chunk of messages is stored under, the writer's work on a first
ingest, and the two-phone merge of `StoredMessages.rows`, each held to its plain definition.

The store's keys must never change: a store made by an older version dedupes the next week's
export only if the same message gets the same key. `message_key.chunk_rows` keys most messages
by a shortcut, so its rows are compared with the rows written out plainly from `identity`.
"""

from __future__ import annotations

import hashlib
import tempfile
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.programme.roster import INVISIBLE_CHARS
from whatsapp_ingest.records import Kind, Message, ParsedExport, details_text
from whatsapp_ingest.store.db import StoredMessages, connect, store_export
from whatsapp_ingest.store.message_key import chunk_rows, identity, text_key

TEXTS = ["ok", " PR 1 selesai ", "PR 1\r\nselesai", "hadir\n", "\u200ehadir", "Caf\u0065\u0301", "Café", "caf\u00e9 ",
         "\r", "", " ", "تم", "<Media tidak disertakan>", "IMG-1.jpg (file terlampir)", "null", "a\r\nb\rc"]
DETAILS = [(), (("old", "+62 812-1"), ("new", "+62 813-1")), (("group", "Bimlat \u201cPTK\u201d"),), (("actor", ""),)]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from([*INVISIBLE_CHARS, "a", "e", "\u0301", "\u00e9", "\U0001f64f", " ", "\n", "\r", "\u00a0",
                                 "\u1100", "\u1161", "\u212b"]), max_size=12))
def test_text_key_is_the_plain_definition(text: str) -> None:
    """NFC, every invisible mark removed, line ends unified, outer spaces trimmed (docs/ingest.md)."""
    plain = unicodedata.normalize("NFC", text.replace("\r\n", "\n").translate({ord(c): None for c in INVISIBLE_CHARS}))
    assert text_key(text) == plain.strip()


def plain_row(name: str, seen: Counter[bytes], message: Message) -> tuple[Any, ...]:
    """One message's store row as docs/ingest.md defines its key: blake2b-128 of the author and the
    identity (minute, kind class, text key), the occurrence counted in the export, and the 64-bit
    merge key of the identity alone."""
    common = "\x1f".join(identity(message)).encode()
    key = hashlib.blake2b(message.author.encode() + b"\x1e" + common, digest_size=16).digest()
    seen[key] += 1
    mkey = int.from_bytes(hashlib.blake2b(common, digest_size=8).digest(), "big", signed=True)
    return (key, seen[key], mkey, message.timestamp.isoformat(timespec="seconds"), int(message.seconds),
            message.author, message.raw_author, str(message.kind), message.text, message.attachment,
            int(message.edited), message.notice, details_text(message.details), name, message.line)


message_strategy = st.tuples(st.integers(0, 3), st.integers(0, 59), st.sampled_from(["Rina", "Dedi", "", "Bu Rina"]),
                             st.sampled_from([Kind.MESSAGE] * 5 + list(Kind)), st.sampled_from(TEXTS),
                             st.sampled_from(["", "IMG-1.jpg"]),
                             st.booleans(), st.sampled_from(["", "added", "changed_number"]), st.sampled_from(DETAILS))


@settings(max_examples=150, deadline=None)
@given(st.lists(message_strategy, min_size=1, max_size=40), st.booleans(), st.integers(1, 40))
@example([(0, 0, "Rina", Kind.MESSAGE, text, "", False, "", ()) for text in TEXTS], False, 3)   # every text a message
def test_chunk_rows_are_the_rows_of_the_plain_definition(items: list[tuple[Any, ...]], seconds: bool, cut: int) -> None:
    start = datetime(2020, 4, 6, 8)
    messages = [Message(file="a.txt", line=i + 1, timestamp=start + timedelta(minutes=minute, seconds=second * seconds),
                        author=author, kind=kind, text=text, attachment=attachment, edited=edited,
                        raw_author=f"~ {author}", notice=notice, details=details, seconds=seconds)
                for i, (minute, second, author, kind, text, attachment, edited, notice, details) in enumerate(items)]
    seen: Counter[bytes] = Counter()
    expected = [plain_row("a.txt", seen, m) for m in messages]
    got_seen: Counter[bytes] = Counter()
    got = []
    for part in (messages[:cut], messages[cut:]):   # two chunks: the occurrences carry over
        got += chunk_rows("a.txt", got_seen, seconds, [m.timestamp.isoformat(timespec="seconds") for m in part],
                          [m.line for m in part], [m.author for m in part], [m.kind for m in part],
                          [m.text for m in part], [m.attachment for m in part], [m.edited for m in part],
                          [m.raw_author for m in part], [m.notice for m in part], [m.details for m in part])
    assert got == expected
    assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in expected]
    assert got_seen == seen


def test_the_keys_of_stored_stores_do_not_change() -> None:
    """Keys written by earlier versions: a message met again must find its stored row."""
    rows = chunk_rows("a.txt", Counter(), False, ["2020-04-06T08:15:00"] * 4, [1, 2, 3, 4],
                      ["Rina", "Rina", "", "Dedi"],
                      [Kind.MESSAGE, Kind.MESSAGE, Kind.SYSTEM, Kind.MEDIA],
                      ["PR 1 selesai ", "PR 1 selesai", "Rina changed", "<Media tidak disertakan>"], [""] * 4,
                      [False, True, False, False], ["Rina", "~ Rina", "", ""], ["", "", "changed_number", ""],
                      [(), (), (("old", "+62 1"), ("new", "+62 2")), ()])
    assert [(r[0].hex(), r[1], r[2]) for r in rows] == [
        ("9937d6aa16911fac86abded10120e77f", 1, 6655187498934093979),
        ("9937d6aa16911fac86abded10120e77f", 2, 6655187498934093979),
        ("d0d5c06ffdef667f8a0112674a1687ea", 1, 7053290761607792496),
        ("8506a31bf7edbb51a4237535a9c92b64", 1, 6632718751415252991)]


def program_at(folder: Path, roster: str = "") -> Program:
    folder.mkdir(parents=True, exist_ok=True)
    if roster:
        (folder / "roster.csv").write_text(roster, encoding="utf-8")
    return Program(folder=folder, name="P", group="G", start=date(2020, 4, 6), end=date(2020, 4, 30))


def export(name: str, messages: list[Message]) -> ParsedExport:
    return ParsedExport(file=name, messages=tuple(messages), header_format="test", platform="android",
                        date_order="DMY", date_order_evidence="", total_lines=len(messages), continuation_lines=0)


def stored(program: Program, name: str, messages: list[Message]) -> list[str]:
    """Store one export; the SQL statements the store ran for it."""
    conn = connect(program)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        store_export(conn, name, name, export(name, messages), (), "test")
    finally:
        conn.close()
    return statements


def test_a_first_export_is_inserted_without_updates_and_a_later_one_fills_in(tmp_path: Path) -> None:
    """Rows that are all new have nothing older to fill in: no UPDATE runs. An export that meets
    stored messages still gives them its seconds and its attachment names."""
    program = program_at(tmp_path)
    android = [Message("a", 1, datetime(2020, 4, 6, 8, 15), "Rina", Kind.MEDIA, "<Media tidak disertakan>"),
               Message("a", 2, datetime(2020, 4, 6, 8, 16), "Rina", Kind.MESSAGE, "hadir")]
    ios = [Message("i", 1, datetime(2020, 4, 6, 8, 15, 7), "Rina", Kind.ATTACHMENT, "<attached: IMG-1.jpg>",
                   attachment="IMG-1.jpg", seconds=True),
           Message("i", 2, datetime(2020, 4, 6, 8, 16, 40), "Rina", Kind.MESSAGE, "hadir", seconds=True)]
    first = stored(program, "a", android)
    assert any(s.startswith("INSERT OR IGNORE INTO messages") for s in first)
    assert not [s for s in first if s.startswith("UPDATE")]
    assert not [s for s in stored(program, "i0", [Message("i", 9, datetime(2020, 4, 7, 9), "Dedi", Kind.MESSAGE, "ok",
                                                          attachment="x.jpg", seconds=True)]) if s.startswith("UPDATE")]
    second = stored(program, "i", ios)
    assert [s for s in second if s.startswith("UPDATE")]
    conn = connect(program)
    try:
        assert conn.execute("SELECT timestamp, seconds, kind, attachment, file, line FROM messages"
                            " WHERE author = 'Rina' ORDER BY timestamp").fetchall() == [
            ("2020-04-06T08:15:07", 1, "attachment", "IMG-1.jpg", "i", 1),
            ("2020-04-06T08:16:40", 1, "message", "", "a", 2)]
    finally:
        conn.close()


def plain_merge(rows: list[tuple[Any, ...]], number: dict[str, int | None]) -> list[tuple[Any, ...]]:
    """StoredMessages' merge as its docstring says it, minute by minute over every row: per minute,
    participant and merge key, the author with the most rows keeps them (then seconds, then the
    first stored); rows are (mkey, seconds, id, timestamp, author, …) in the stream's order."""
    dropped = set()
    for minute in {r[3][:16] for r in rows}:
        groups: dict[tuple[int, int], dict[str, list[tuple[Any, ...]]]] = {}
        for r in rows:
            if r[3][:16] == minute and number[r[4]] is not None:
                groups.setdefault((number[r[4]], r[0]), {}).setdefault(r[4], []).append(r)
        for authors in groups.values():
            ranked = sorted(authors.values(),
                            key=lambda own: (-len(own), -max(r[1] for r in own), min(r[2] for r in own)))
            dropped.update(r[2] for own in ranked[1:] for r in own)
    return [(number[r[4]], *r[3:]) for r in rows if r[2] not in dropped]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 3),
                          st.sampled_from(["Bu Rina", "Rina Guru", "Dedi", "Orang"]),
                          st.sampled_from(["ok", "hadir", "<Media tidak disertakan>"])), min_size=1, max_size=30),
       st.lists(st.integers(0, 3), min_size=1, max_size=3))
def test_rows_merge_two_phones_as_the_plain_definition(items: list[tuple[int, int, str, str]],
                                                       exports: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        program = program_at(Path(folder), "no,name,aliases\n1,Rina Wulandari,Bu Rina;Rina Guru\n2,Dedi,\n")
        for e in sorted(set(exports)):   # phones see the same minutes, under other names, with or without seconds
            messages = [Message(f"e{e}", i + 1, datetime(2020, 4, 6, 8, minute, second * e), author,
                                Kind.MEDIA if text.startswith("<") else Kind.MESSAGE, text, seconds=e > 0)
                        for i, (minute, second, author, text) in enumerate(sorted(items, key=lambda t: t[:2]))
                        if (i + e) % 4]
            if messages:
                stored(program, f"e{e}", messages)
        if not (Path(folder) / ".whatsapp-ingest").exists():
            return
        with StoredMessages(program) as store:
            got = list(store.rows())
            conn = store.conn
            assert conn is not None
            every = conn.execute("SELECT mkey, seconds, id, timestamp, author, raw_author, kind, text, attachment,"
                                 " edited, notice, details, file, line FROM messages"
                                 " ORDER BY timestamp, file, line, id").fetchall()
            number = {r[4]: store.number(r[4]) for r in every}
    assert got == plain_merge(every, number)
