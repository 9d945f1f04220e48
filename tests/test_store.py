"""The store on hand-made records: identity, multiplicity, the two-phone merge, the DataFrame boundary."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from whatsapp_ingest.errors import Busy
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.records import Kind, Message, ParsedExport
from whatsapp_ingest.store.message_key import identity
from whatsapp_ingest.store.db import COLUMNS, connect, load_messages, program_lock, store_export

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
# What a person reads is checked in Indonesian, the default (English where a test asks for it).


def program_at(folder: Path, roster: str = "") -> Program:
    folder.mkdir(parents=True, exist_ok=True)
    if roster:
        (folder / "roster.csv").write_text(roster, encoding="utf-8")
    return Program(folder=folder, name="P", group="G", start=date(2020, 4, 6), end=date(2020, 4, 30))


def msg(line: int, when: str, author: str, text: str, kind: Kind = Kind.MESSAGE, *, seconds: bool = False,
        file: str = "a.txt", **more: object) -> Message:
    return Message(file=file, line=line, timestamp=datetime.fromisoformat(when), author=author, kind=kind,
                   text=text, raw_author=author, seconds=seconds, **more)


def export(name: str, *messages: Message, platform: str = "android") -> ParsedExport:
    return ParsedExport(file=name, messages=messages, header_format=f"{platform}-test", platform=platform,
                        date_order="DMY", date_order_evidence="", total_lines=len(messages), continuation_lines=0)


def put(program: Program, name: str, parsed: ParsedExport) -> tuple[int, int]:
    conn = connect(program)
    try:
        return store_export(conn, name, name, parsed, (), "test")
    finally:
        conn.close()


def test_identity_folds_media_and_ignores_line_ends() -> None:
    a = msg(1, "2020-04-06 08:15", "Rina", "<Media tidak disertakan>", Kind.MEDIA)
    b = msg(1, "2020-04-06 08:15:42", "Rina", "gambar tidak disertakan", Kind.MEDIA, seconds=True)
    c = msg(1, "2020-04-06 08:15", "Rina", "IMG-20200406-WA0001.jpg (file terlampir)", Kind.ATTACHMENT)
    assert identity(a) == identity(b) == identity(c) == ("2020-04-06 08:15", "media", "")
    assert identity(msg(1, "2020-04-06 08:15", "R", "PR 1\r\nselesai ")) == identity(msg(1, "2020-04-06 08:15:59", "R", "\u200ePR 1\nselesai"))
    assert identity(msg(1, "2020-04-06 08:15", "R", "ok")) != identity(msg(1, "2020-04-06 08:16", "R", "ok"))


def test_multiplicity_is_the_largest_count_of_one_export(tmp_path: Path) -> None:
    program = program_at(tmp_path)
    ok = [msg(i, "2020-04-06 08:15", "Rina", "ok") for i in range(1, 4)]
    assert put(program, "w1", export("w1", ok[0], ok[1])) == (2, 0)
    assert put(program, "w2", export("w2", *ok)) == (1, 2)          # a third "ok" shows up: one more
    assert put(program, "w3", export("w3", ok[0])) == (0, 1)
    frame, _ = load_messages(program)
    assert list(frame["text"]) == ["ok", "ok", "ok"]
    assert list(frame["file"]) == ["w1", "w1", "w2"]


def test_seconds_from_a_later_export_refine_the_time(tmp_path: Path) -> None:
    program = program_at(tmp_path)
    put(program, "android", export("android", msg(5, "2020-04-06 08:15", "~ Rina", "hadir")))
    put(program, "ios", export("ios", msg(9, "2020-04-06 08:15:37", "~ Rina", "hadir", seconds=True), platform="ios"))
    frame, _ = load_messages(program)
    assert frame[["timestamp", "file", "line"]].values.tolist() == [[pd.Timestamp("2020-04-06 08:15:37"), "android", 5]]


def test_two_phones_merge_after_resolution_max_not_sum(tmp_path: Path) -> None:
    program = program_at(tmp_path, "no,name,aliases\n1,Rina Wulandari,Bu Rina;Rina Guru\n2,Dedi,\n")
    android = export("a", msg(1, "2020-04-06 08:15", "Bu Rina", "ok"), msg(2, "2020-04-06 08:15", "Bu Rina", "ok"),
                     msg(3, "2020-04-06 08:15", "Bu Rina", "<Media tidak disertakan>", Kind.MEDIA),
                     msg(4, "2020-04-06 08:16", "Orang Lain", "halo"))
    ios = export("i", msg(1, "2020-04-06 08:15:01", "Rina Guru", "ok", seconds=True),
                 msg(2, "2020-04-06 08:15:03", "Rina Guru", "image omitted", Kind.MEDIA, seconds=True),
                 msg(3, "2020-04-06 08:15:09", "Rina Guru", "ok", seconds=True),
                 msg(4, "2020-04-06 08:15:20", "Rina Guru", "ok", seconds=True),
                 msg(5, "2020-04-06 08:16:02", "Orang Asing", "halo", seconds=True), platform="ios")
    put(program, "a", android)
    put(program, "i", ios)
    frame, roster = load_messages(program)
    assert [p.name for p in roster.participants] == ["Rina Wulandari", "Dedi"]
    rows = frame[["no", "author", "kind", "text", "file", "line"]].astype(object).where(frame.notna(), None)
    assert rows.values.tolist() == [
        [1, "Rina Guru", "message", "ok", "i", 1],     # three "ok" from the iPhone beat two from Android
        [1, "Rina Guru", "media", "image omitted", "i", 2],   # one each: the row with seconds
        [1, "Rina Guru", "message", "ok", "i", 3],
        [1, "Rina Guru", "message", "ok", "i", 4],
        [None, "Orang Lain", "message", "halo", "a", 4],   # unknown senders are never merged
        [None, "Orang Asing", "message", "halo", "i", 5],
    ]


def test_dataframe_boundary_types_and_order(tmp_path: Path) -> None:
    program = program_at(tmp_path)
    empty, roster = load_messages(program)
    assert list(empty.columns) == COLUMNS and len(empty) == 0 and not roster
    put(program, "b", export("b", msg(7, "2020-04-07 09:00", "Dedi", "PR.1", edited=True),
                             msg(2, "2020-04-06 10:00", "", "Dedi changed to +62 813", Kind.SYSTEM,
                                 notice="changed_number", details=(("old", "+62 812-1"), ("new", "+62 813-1")))))
    put(program, "a", export("a", msg(3, "2020-04-07 09:00", "Ani", "hadir")))
    frame, roster = load_messages(program)
    assert list(frame.columns) == COLUMNS
    assert str(frame["no"].dtype) == "Int64" and str(frame["timestamp"].dtype) == "datetime64[ns]"
    assert frame["edited"].dtype == bool and frame["line"].dtype == "int64"
    assert frame[["file", "line"]].values.tolist() == [["b", 2], ["a", 3], ["b", 7]]
    assert list(frame["no"].astype(object).where(frame["no"].notna(), None)) == [None, 2, 1]
    assert frame["details"].iloc[0] == '{"old": "+62 812-1", "new": "+62 813-1"}'
    assert [p.name for p in roster.participants] == ["Dedi", "Ani"]   # no roster.csv: by first appearance


def test_lock_refuses_a_second_holder(tmp_path: Path) -> None:
    program = program_at(tmp_path)
    with program_lock(program):
        with pytest.raises(Busy) as raised:
            with program_lock(program):
                pass
    assert raised.value.render() == (f"{tmp_path}: whatsapp-ingest lain sedang bekerja pada folder program ini; tunggu "
                                     "sampai selesai")
    assert raised.value.exit_code == 3
    with program_lock(program):   # released
        pass


messages_strategy = st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["Rina", "Dedi", "~ Siti"]),
                                       st.sampled_from(["ok", "hadir", "<Media tidak disertakan>"])),
                             min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(messages_strategy, st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=4), st.randoms())
def test_overlapping_exports_in_any_order_store_the_full_history(
        items: list[tuple[int, str, str]], windows: list[tuple[int, int]], random) -> None:
    history = [msg(i + 1, f"2020-04-06 08:{minute:02d}", author, text,
                   Kind.MEDIA if text.startswith("<") else Kind.MESSAGE)
               for i, (minute, author, text) in enumerate(sorted(items, key=lambda item: item[0]))]
    # The full history is one export; the others are windows of it, as weekly exports are.
    exports = [history] + [history[min(a, b):max(a, b)] for a, b in windows]
    random.shuffle(exports)
    with tempfile.TemporaryDirectory() as folder:
        program = program_at(Path(folder))
        for i, part in enumerate(exports):
            if part:
                put(program, f"e{i}", export(f"e{i}", *part))
        frame, _ = load_messages(program)
        got = Counter(zip(frame["timestamp"].dt.strftime("%H:%M"), frame["author"], frame["kind"], frame["text"]))
    assert got == Counter((m.timestamp.strftime("%H:%M"), m.author, str(m.kind), m.text) for m in history)
