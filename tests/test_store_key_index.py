"""STORE, the key index: a first export is stored without it and builds it after its rows; a store
made by an earlier version (the index as the table's UNIQUE constraint) keeps working unchanged;
an interrupted first export leaves the store as it was, index and all.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.records import Kind, Message, ParsedExport
from whatsapp_ingest.store.db import (KEY_INDEX, ROWS_PER_INSERT, ExportWriter, author_names, connect, store_export,
                                      store_path, stored_authors)
from whatsapp_ingest.store.message_key import iter_export_rows

# The messages table as stores made before the key index had a name hold it (word for word).
EARLIER_MESSAGES = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    key BLOB NOT NULL,                -- blake2b-128 of (minute, author, kind class, text key)
    occurrence INTEGER NOT NULL,
    mkey INTEGER NOT NULL,            -- 64-bit hash of (minute, kind class, text key): the two-phone merge key
    timestamp TEXT NOT NULL,          -- ISO local wall time; seconds kept where an export gave them
    seconds INTEGER NOT NULL,
    author TEXT NOT NULL, raw_author TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    attachment TEXT NOT NULL, edited INTEGER NOT NULL, notice TEXT NOT NULL, details TEXT NOT NULL,
    file TEXT NOT NULL, line INTEGER NOT NULL,
    UNIQUE (key, occurrence)
);
"""


def program_at(folder: Path, earlier: bool = False) -> Program:
    """A programme whose store is new, or made with the earlier messages table."""
    folder.mkdir(parents=True, exist_ok=True)
    program = Program(folder=folder, name="P", group="G", start=date(2020, 4, 6), end=date(2020, 4, 30))
    if earlier:
        program.state.mkdir()
        conn = sqlite3.connect(store_path(program))
        conn.executescript(EARLIER_MESSAGES)
        conn.close()
    return program


def messages(count: int, file: str, start: int = 0, texts: tuple[str, ...] = ("hadir", "ok", "PR 1")) -> list[Message]:
    """`count` messages a minute apart from minute `start` (the same message at the same minute of
    any export), by three authors; every fifth a media placeholder."""
    first = datetime(2020, 4, 6, 8)
    return [Message(file, i + 1, first + timedelta(minutes=m), ("Rina", "Dedi", "Bu Sari")[m % 3],
                    Kind.MEDIA if m % 5 == 4 else Kind.MESSAGE, texts[m % len(texts)])
            for i, m in enumerate(range(start, start + count))]


def export(name: str, items: list[Message]) -> ParsedExport:
    return ParsedExport(file=name, messages=tuple(items), header_format="test", platform="android",
                        date_order="DMY", date_order_evidence="", total_lines=len(items), continuation_lines=0)


def store(program: Program, name: str, items: list[Message]) -> tuple[tuple[int, int], list[str]]:
    """Store one export: (new, known) and the SQL statements the store ran for it."""
    conn = connect(program)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        return store_export(conn, name, name, export(name, items), (), "test"), statements
    finally:
        conn.close()


def key_indexes(program: Program) -> list[tuple[str, int, list[str]]]:
    """(name, unique, columns) of each index of the messages table."""
    conn = sqlite3.connect(store_path(program))
    try:
        return sorted((name, unique, [c[2] for c in conn.execute(f"PRAGMA index_info('{name}')")])
                      for _, name, unique, *_ in conn.execute("PRAGMA index_list(messages)"))
    finally:
        conn.close()


def stored_rows(program: Program) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(store_path(program))
    try:
        return conn.execute("SELECT * FROM messages ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_first_export_builds_the_key_index_after_its_rows_and_a_later_one_keeps_it(tmp_path: Path) -> None:
    program = program_at(tmp_path)
    (new, known), first = store(program, "a", messages(3 * ROWS_PER_INSERT + 7, "a"))
    assert (new, known) == (3 * ROWS_PER_INSERT + 7, 0)
    inserts = [i for i, s in enumerate(first) if s.startswith("INSERT OR IGNORE INTO messages")]
    assert len(inserts) == 3 + 7   # three statements of ROWS_PER_INSERT rows, then the rest one by one
    drop = first.index(f"DROP INDEX {KEY_INDEX}")
    build = first.index(f"CREATE UNIQUE INDEX IF NOT EXISTS {KEY_INDEX} ON messages (key, occurrence)")
    assert drop < inserts[0] and inserts[-1] < build < first.index("COMMIT")
    assert key_indexes(program) == [(KEY_INDEX, 1, ["key", "occurrence"])]
    # the next week's export overlaps: the index stays, the known messages are not stored again
    (new, known), later = store(program, "b", messages(50, "b", start=3 * ROWS_PER_INSERT - 13))   # 20 minutes in common
    assert (new, known) == (30, 20)
    assert not [s for s in later if "INDEX" in s]
    assert key_indexes(program) == [(KEY_INDEX, 1, ["key", "occurrence"])]
    assert store(program, "c", messages(3 * ROWS_PER_INSERT + 7, "c"))[0] == (0, 3 * ROWS_PER_INSERT + 7)


def test_a_store_of_the_earlier_schema_keeps_its_constraint_and_stores_the_same(tmp_path: Path) -> None:
    earlier, now = program_at(tmp_path / "earlier", earlier=True), program_at(tmp_path / "now")
    weeks = [messages(120, "w1"), messages(90, "w2", start=100), messages(120, "w1")]
    for program in (earlier, now):
        assert [store(program, f"w{i}", items)[0] for i, items in enumerate(weeks)] == [(120, 0), (70, 20), (0, 120)]
    assert key_indexes(earlier) == [("sqlite_autoindex_messages_1", 1, ["key", "occurrence"])]   # no second index
    assert not [s for s in store(earlier, "w4", messages(5, "w4", start=300))[1] if "INDEX" in s]
    assert stored_rows(earlier)[:190] == stored_rows(now)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 60)), min_size=1, max_size=4),
       st.lists(st.integers(0, 60), max_size=20))
def test_rows_given_twice_are_kept_once_as_insert_or_ignore_keeps_them(spans: list[tuple[int, int]],
                                                                      again: list[int]) -> None:
    """Into an empty store without its index, rows of one key given twice (which one export's keys
    never are) are stored once, the first, counted as the store with its index counts them."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for earlier in (True, False):
            program = program_at(Path(folder) / str(earlier), earlier)
            counts = []
            for e, (start, count) in enumerate(spans):
                rows = list(iter_export_rows(export(f"e{e}", messages(count, f"e{e}", start, ("a", "b"))), f"e{e}"))
                conn = connect(program)
                try:
                    writer = ExportWriter(conn)
                    writer.add(rows)
                    writer.add([rows[i] for i in again if i < len(rows)])
                    counts.append(writer.finish(f"e{e}", f"e{e}", "test", "DMY", (), "test"))
                finally:
                    conn.close()
            results.append((counts, stored_rows(program)))
    assert results[0] == results[1]


def test_an_interrupted_first_export_leaves_the_store_with_its_index(tmp_path: Path) -> None:
    """Ctrl-C (an exception) and a killed process in the middle of a first export: the store is
    empty and keeps its key index; the export stored afterwards is deduplicated by it."""
    program = program_at(tmp_path)
    conn = connect(program)
    try:
        rows = iter_export_rows(export("a", messages(500, "a")), "a")
        writer = ExportWriter(conn)
        writer.add([next(rows) for _ in range(300)])
        writer.abort()   # what _store does on KeyboardInterrupt
    finally:
        conn.close()
    assert stored_rows(program) == [] and key_indexes(program) == [(KEY_INDEX, 1, ["key", "occurrence"])]
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from datetime import date\n"
        "from whatsapp_ingest.programme.program import Program\n"
        "from whatsapp_ingest.store.db import ExportWriter, connect\n"
        "from tests.test_store_key_index import export, messages\n"
        "from whatsapp_ingest.store.message_key import iter_export_rows\n"
        "program = Program(folder=Path(sys.argv[1]), name='P', group='G', start=date(2020, 4, 6), end=date(2020, 4, 30))\n"
        "writer = ExportWriter(connect(program))\n"
        "writer.add(list(iter_export_rows(export('a', messages(500, 'a')), 'a')))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"), str(tmp_path)], cwd=Path(__file__).resolve().parent.parent)
    assert killed.returncode == -9
    assert stored_rows(program) == [] and key_indexes(program) == [(KEY_INDEX, 1, ["key", "occurrence"])]
    conn = sqlite3.connect(store_path(program))
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    assert store(program, "a", messages(500, "a"))[0] == (500, 0)
    assert store(program, "b", messages(500, "b"))[0] == (0, 500)


def test_the_authors_of_some_are_those_of_all(tmp_path: Path) -> None:
    program = program_at(tmp_path)
    store(program, "a", messages(40, "a") + [Message("a", 99, datetime(2020, 4, 7), "", Kind.SYSTEM, "x dibuat")])
    conn = connect(program)
    try:
        every = stored_authors(conn)
        assert sorted(author_names(conn)) == sorted(row[0] for row in every) == ["Bu Sari", "Dedi", "Rina"]
        for some in ([], ["Dedi"], ["Rina", "Bu Sari", "Nobody"], [f"x{i}" for i in range(300)] + ["Rina"]):
            assert stored_authors(conn, some) == [row for row in every if row[0] in some]
    finally:
        conn.close()
