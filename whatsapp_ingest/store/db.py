"""The store: every message of every accepted export, once, in SQLite (`.whatsapp-ingest/store.sqlite`).

Identity of a message (see docs/ingest.md): (minute, author as exported and cleaned, kind class,
text key) plus its occurrence — the k-th identical message of one export in that minute is
occurrence k. UNIQUE(key, occurrence) with INSERT OR IGNORE stores each message once and keeps
the largest multiplicity any single export showed. Two phones (other contact names) are merged
later, in `StoredMessages.rows`, after authors are resolved with the current roster.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whatsapp_ingest.i18n import Text, _, to_json
from whatsapp_ingest.errors import Busy, DiskFull, IngestError
from whatsapp_ingest.programme.roster import Roster, load_roster
from whatsapp_ingest.store.message_key import iter_export_rows
from whatsapp_ingest.store.snapshots import SNAPSHOT_SCHEMA
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.records import Kind, ParsedExport

if TYPE_CHECKING:
    import pandas as pd

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    digest TEXT PRIMARY KEY,          -- sha256 of the file's bytes
    name TEXT NOT NULL,               -- the inbox name it was first seen under
    status TEXT NOT NULL,             -- "new" (stored) or "refused"
    reason TEXT NOT NULL DEFAULT '',
    warnings TEXT NOT NULL DEFAULT '[]',
    header_format TEXT NOT NULL DEFAULT '',
    date_order TEXT NOT NULL DEFAULT '',
    order_assumed INTEGER NOT NULL DEFAULT 0,   -- 1: no date showed the order (--date-order may change it)
    messages INTEGER NOT NULL DEFAULT 0,
    messages_new INTEGER NOT NULL DEFAULT 0,
    version TEXT NOT NULL DEFAULT '',  -- the tool version that decided (a refusal is retried by a newer one)
    first_at TEXT NOT NULL DEFAULT '', -- the export's first and last message time: an export that covers
    last_at TEXT NOT NULL DEFAULT ''   -- another's span holds everything it held (see ingest._missing_files)
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    key BLOB NOT NULL,                -- blake2b-128 of (minute, author, kind class, text key)
    occurrence INTEGER NOT NULL,
    mkey INTEGER NOT NULL,            -- 64-bit hash of (minute, kind class, text key): the two-phone merge key
    timestamp TEXT NOT NULL,          -- ISO local wall time; seconds kept where an export gave them
    seconds INTEGER NOT NULL,
    author TEXT NOT NULL, raw_author TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    attachment TEXT NOT NULL, edited INTEGER NOT NULL, notice TEXT NOT NULL, details TEXT NOT NULL,
    file TEXT NOT NULL, line INTEGER NOT NULL
);   -- UNIQUE (key, occurrence): the index messages_key (see _key_index)
CREATE TABLE IF NOT EXISTS settings (   -- choices a run made that later runs keep (date_order)
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
""" + SNAPSHOT_SCHEMA
NOTICE_KINDS = (Kind.SYSTEM.value, Kind.CALL.value)
COLUMNS = ["no", "timestamp", "author", "raw_author", "kind", "text", "attachment", "edited",
           "notice", "details", "file", "line"]


def store_path(program: Program) -> Path:
    return program.state / "store.sqlite"


def connect(program: Program) -> sqlite3.Connection:
    """Open (and create) the store. Autocommit mode: callers open their own transactions.

    Raises IngestError when the tool's folder cannot be made or the store is not a database.
    """
    make_state_folder(program)
    try:
        conn = sqlite3.connect(store_path(program), isolation_level=None, timeout=30)
        try:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "messages" not in tables:   # someone else's database: not a table added to it
                raise _not_a_store(program)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")   # WAL + NORMAL: a commit survives a killed process
            conn.executescript(SCHEMA)
            _add_columns(conn)
            _check_schema(program, conn)
            _key_index(conn)
        except BaseException:
            conn.close()
            raise
    except sqlite3.DatabaseError as exc:
        raise store_error(program, exc) from None
    return conn


KEY_INDEX = "messages_key"
_CREATE_KEY_INDEX = f"CREATE UNIQUE INDEX IF NOT EXISTS {KEY_INDEX} ON messages (key, occurrence)"


def _key_index(conn: sqlite3.Connection) -> None:
    """Give the messages their unique (key, occurrence) index, unless the table has it as a constraint.

    A store made by an earlier version has the index as the table's constraint `UNIQUE (key,
    occurrence)`, which SQLite cannot drop: it keeps it, and is written as before. A store made since
    has the same index under a name, which the first export stored into the empty table drops and
    builds again after its rows (`ExportWriter`): one sort instead of an insert at a random place of
    the index per row. Both refuse a second row of a key and occurrence alike (INSERT OR IGNORE)."""
    indexes = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                                                " AND tbl_name = 'messages'")}
    if KEY_INDEX not in indexes and not any(name.startswith("sqlite_autoindex_messages") for name in indexes):
        conn.execute(_CREATE_KEY_INDEX)


def _add_columns(conn: sqlite3.Connection) -> None:
    """Columns added to `files` since a store was made (a store made by an older version lacks them)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(files)")}
    for column in ("first_at", "last_at"):
        if column not in have:
            conn.execute(f"ALTER TABLE files ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


# The columns each of the store's tables must have: a database of another program (or of another
# schema) under the store's name is refused before anything is read from it or written into it.
EXPECTED_COLUMNS = {
    "files": {"digest", "name", "status", "reason", "warnings", "header_format", "date_order", "order_assumed",
              "messages", "messages_new", "version", "first_at", "last_at"},
    "messages": {"id", "key", "occurrence", "mkey", "timestamp", "seconds", "author", "raw_author", "kind", "text",
                 "attachment", "edited", "notice", "details", "file", "line"},
    "settings": {"key", "value"},
}


def _check_schema(program: Program, conn: sqlite3.Connection) -> None:
    """Raise IngestError when the store's tables lack columns this version reads and writes."""
    for table, expected in EXPECTED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not expected <= have:
            raise _not_a_store(program)


def _not_a_store(program: Program) -> IngestError:
    return IngestError(store_path(program), _("this database is not a store of whatsapp-ingest (its tables are "
                                              "another program's)"),
                       _("move this file out of the folder {folder} (it may belong to another program), then run "
                         "ingest again: the store is rebuilt from the exports in the inbox").format(
                           folder=program.state.name))


def store_error(program: Program, exc: sqlite3.DatabaseError) -> IngestError:
    """The one-line error for a store SQLite cannot use (damaged, unreadable, disk full …)."""
    if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc):
        return DiskFull(store_path(program), _("the disk is full, so the store could not be written ({error})").format(
            error=exc), _("free some space on the disk and run ingest again; the store is as it was before "
                          "the file that did not fit"))
    return IngestError(store_path(program), _("the store cannot be used ({error})").format(error=exc),
                       _("delete the folder {folder} and run ingest again: the store is rebuilt from the exports "
                         "in the inbox").format(folder=program.state.name))


def make_state_folder(program: Program) -> None:
    """Create `.whatsapp-ingest/` (the tool's own state), or raise IngestError saying why it cannot be."""
    try:
        program.state.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise IngestError(program.state, _("is a file, but the tool keeps its store in a folder of this name"),
                          _("move or rename that file")) from None
    except OSError as exc:
        raise IngestError(program.state, _("cannot create the tool's folder ({error})").format(error=exc.strerror or exc),
                          _("check that your user may write in the program folder")) from None


LOCK_WAIT_SECONDS = 1.0


@contextlib.contextmanager
def program_lock(program: Program) -> Iterator[None]:
    """Hold the programme's ingest lock, or raise Busy.

    An exclusive transaction on a separate SQLite file: the operating system drops it when the
    process ends, however it ends, on Windows as on Linux.
    """
    make_state_folder(program)
    lock_file = program.state / "lock.sqlite"
    try:
        # A short busy wait: two runs started at the same instant must not both see the other's
        # half-taken lock and both give up; a run that really holds the lock holds it far longer.
        conn = sqlite3.connect(lock_file, isolation_level=None, timeout=LOCK_WAIT_SECONDS)
    except sqlite3.DatabaseError as exc:
        raise IngestError(lock_file, _("cannot open the lock ({error})").format(error=exc),
                          _("check that your user may write in {folder}").format(folder=program.state.name)) from None
    try:
        try:
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise IngestError(lock_file, _("cannot take the lock ({error})").format(error=exc),
                                  _("check that your user may write in {folder}").format(folder=program.state.name)) from None
            raise Busy(program.folder, _("another whatsapp-ingest is already working on this program folder"),
                       _("wait for it to finish")) from None
        except sqlite3.DatabaseError as exc:   # the file is not a database
            raise IngestError(lock_file, _("the lock file is damaged ({error})").format(error=exc),
                              _("delete that file (it holds no data) and run again")) from None
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
    finally:
        conn.close()


STORE_BATCH = 5000   # rows per batch: storing a large export holds this many rows, not all of them
_INSERT_INTO = ("INSERT OR IGNORE INTO messages (key, occurrence, mkey, timestamp, seconds, author, raw_author, kind,"
                " text, attachment, edited, notice, details, file, line) VALUES ")
_ROW = "(" + ",".join("?" * 15) + ")"
_INSERT = _INSERT_INTO + _ROW
# Rows per INSERT statement: one statement of many rows costs SQLite and the sqlite3 module a quarter
# less than executemany's statement per row (docs/performance.md). 60 rows are 900 bound values: under
# the 999 that SQLite before 3.32 allows in one statement.
ROWS_PER_INSERT = 60
_INSERT_MANY = _INSERT_INTO + ",".join([_ROW] * ROWS_PER_INSERT)


def store_export(conn: sqlite3.Connection, digest: str, name: str, parsed: ParsedExport,
                 warnings: tuple[str, ...], version: str, order_assumed: bool = False) -> tuple[int, int]:
    """Store one export's messages and its files row in one transaction; returns (new, known)."""
    writer = ExportWriter(conn)
    try:
        rows = iter_export_rows(parsed, name)
        while batch := list(itertools.islice(rows, STORE_BATCH)):
            writer.add(batch)
        return writer.finish(digest, name, parsed.header_format, parsed.date_order, warnings, version, order_assumed)
    except BaseException:
        writer.abort()
        raise


def insert_rows(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """INSERT OR IGNORE the rows (`message_key.chunk_rows`), ROWS_PER_INSERT to a statement."""
    whole = len(rows) - len(rows) % ROWS_PER_INSERT
    if whole:
        values = list(itertools.chain.from_iterable(itertools.islice(rows, whole)))
        step = ROWS_PER_INSERT * len(rows[0])
        for start in range(0, len(values), step):
            conn.execute(_INSERT_MANY, values[start:start + step])
    if whole < len(rows):
        conn.executemany(_INSERT, rows[whole:])


class ExportWriter:
    """One export's rows written into the store in one transaction, a batch at a time (an export is
    stored as it is parsed: never all its rows at once). `finish` adds its files row and commits;
    `abort` (or any error) leaves the store as it was. One export's keys are unique, so a batch's
    updates cannot touch another batch's rows of this export.

    Into an empty store (a first ingest) the rows go without the key index, which `finish` builds
    in the same transaction (see `_key_index`): nothing stored can match them, and one export's keys
    are unique."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.total = self.new = 0
        self.first = self.last = ""
        conn.execute("BEGIN IMMEDIATE")
        self.index_dropped = conn.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM messages) AND EXISTS (SELECT 1 FROM sqlite_master"
            " WHERE type = 'index' AND name = ?)", (KEY_INDEX,)).fetchone()[0] == 1
        if self.index_dropped:
            conn.execute(f"DROP INDEX {KEY_INDEX}")

    def add(self, batch: list[tuple[Any, ...]]) -> None:
        """Insert rows (`message_key.chunk_rows`); a message stored before is kept as it is, except
        that seconds and an attachment's name another export shows are filled in."""
        if not batch:
            return
        conn = self.conn
        before = conn.total_changes
        insert_rows(conn, batch)
        inserted = conn.total_changes - before
        self.new += inserted
        self.total += len(batch)
        times = [r[3] for r in batch]
        self.first, self.last = min(self.first or times[0], min(times)), max(self.last, max(times))
        if inserted == len(batch):
            # Every row is new, stored from these very values (one export's keys are unique): the
            # updates below would find nothing to fill in. A first ingest never runs them.
            return
        if any(r[4] for r in batch):   # an export with seconds makes stored minute-only times exact
            conn.executemany("UPDATE messages SET timestamp = ?, seconds = 1 WHERE key = ? AND occurrence = ?"
                             " AND seconds = 0", [(r[3], r[0], r[1]) for r in batch if r[4]])
        named = [(r[7], r[8], r[9], r[13], r[14], r[0], r[1]) for r in batch if r[9]]
        if named:   # a placeholder stored from an export without media gets the file name another export shows
            conn.executemany("UPDATE messages SET kind = ?, text = ?, attachment = ?, file = ?, line = ?"
                             " WHERE key = ? AND occurrence = ? AND attachment = ''", named)

    def _build_key_index(self) -> None:
        """The key index dropped for a first export, built again over its rows. Rows of one key and
        occurrence twice (rows given twice: never one export's own keys) are kept once, the first,
        as INSERT OR IGNORE keeps them."""
        try:
            self.conn.execute(_CREATE_KEY_INDEX)
        except sqlite3.IntegrityError:
            self.new -= self.conn.execute("DELETE FROM messages WHERE id NOT IN"
                                          " (SELECT min(id) FROM messages GROUP BY key, occurrence)").rowcount
            self.conn.execute(_CREATE_KEY_INDEX)
        self.index_dropped = False

    def finish(self, digest: str, name: str, header_format: str, date_order: str, warnings: tuple[str, ...],
               version: str, order_assumed: bool = False) -> tuple[int, int]:
        """Add the export's files row and commit; returns (new, known)."""
        if self.index_dropped:
            self._build_key_index()
        self.conn.execute(
            "INSERT OR REPLACE INTO files (digest, name, status, warnings, header_format, date_order, order_assumed,"
            " messages, messages_new, version, first_at, last_at) VALUES (?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (digest, name, json.dumps([to_json(w) for w in warnings], ensure_ascii=False), header_format,
             date_order, int(order_assumed), self.total, self.new, version, self.first, self.last))
        self.conn.execute("COMMIT")
        return self.new, self.total - self.new

    def abort(self) -> None:
        """Leave the store as it was before this export."""
        rollback(self.conn)


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already undone it (it does on a full disk)."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def store_state(conn: sqlite3.Connection) -> tuple[int, int, list[tuple[Any, ...]]]:
    """(messages stored, the largest message id, every files row): the state of the store a record
    of derived figures is keyed by (the outputs' fingerprint, the unknown senders). Three SELECTs:
    SQLite counts the rows by walking its smallest index in C (a few milliseconds at 500,000 rows)
    and finds the largest id at once, while one SELECT asking for both steps through every row of
    the table (about 20 ms there)."""
    count = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    largest = conn.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
    return count, largest, conn.execute("SELECT * FROM files ORDER BY digest").fetchall()


def stored_exports(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(digest, name, messages first stored from it) of every stored export, by name."""
    return conn.execute("SELECT f.digest, f.name, (SELECT count(*) FROM messages m WHERE m.file = f.name)"
                        " FROM files f WHERE f.status = 'new' ORDER BY f.name").fetchall()


def forget_export(conn: sqlite3.Connection, digest: str) -> int:
    """Remove the messages first stored from one export, in one transaction; returns how many.

    Its files row stays, marked "forgotten", so that its bytes are not stored again while the file is
    still in the inbox. A message it shared with another export is stored once, under whichever came
    first: the stored exports whose time span overlaps its one lose their files row, so that the next
    ingest reads them again and stores back what they hold (nothing of theirs is lost).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        name, first, last = conn.execute("SELECT name, first_at, last_at FROM files WHERE digest = ?",
                                         (digest,)).fetchone()
        removed = conn.execute("DELETE FROM messages WHERE file = ?", (name,)).rowcount
        conn.execute("UPDATE files SET status = 'forgotten', messages_new = 0 WHERE digest = ?", (digest,))
        conn.execute("DELETE FROM files WHERE status = 'new' AND first_at <= ? AND last_at >= ?", (last, first))
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return removed


def texts_in_minute(conn: sqlite3.Connection, author: str, minute: str) -> list[str]:
    """The stored texts of `author` in the minute `minute` ("2020-04-06T08:15")."""
    return [text for (text,) in conn.execute(
        "SELECT text FROM messages WHERE author = ? AND timestamp >= ? AND timestamp <= ?",
        (author, minute, minute + ":59.999999"))]


def files_read_otherwise(conn: sqlite3.Connection, date_order: str) -> list[str]:
    """Stored files whose date order was assumed and differs from `date_order`."""
    return [name for (name,) in conn.execute("SELECT name FROM files WHERE status = 'new' AND order_assumed = 1"
                                             " AND date_order != ? ORDER BY name", (date_order,))]


def clear(conn: sqlite3.Connection, date_order: str | None = None) -> None:
    """Forget every stored message and file (one transaction): the next files rebuild the store.
    `date_order` is remembered in the same transaction, so that a run killed halfway through the
    rebuild is finished by the next run in that order, never in two orders mixed."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM messages")
        conn.execute("DELETE FROM files")
        if date_order is not None:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('date_order', ?)", (date_order,))
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


def remembered_date_order(conn: sqlite3.Connection) -> str | None:
    """The --date-order the store was last rebuilt with, or None."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'date_order'").fetchone()
    return row[0] if row and row[0] in ("DMY", "MDY", "YMD") else None


def store_refusal(conn: sqlite3.Connection, digest: str, name: str, reason: str, version: str) -> None:
    """Remember that these bytes cannot be read, so the next run reports them without re-reading."""
    conn.execute("INSERT OR REPLACE INTO files (digest, name, status, reason, version) VALUES (?, ?, 'refused', ?, ?)",
                 (digest, name, json.dumps(to_json(reason), ensure_ascii=False) if isinstance(reason, Text) else reason,
                  version))


def file_row(conn: sqlite3.Connection, digest: str) -> dict[str, Any] | None:
    """What the store knows of a file with these bytes, or None."""
    cursor = conn.execute("SELECT * FROM files WHERE digest = ?", (digest,))
    row = cursor.fetchone()
    return None if row is None else dict(zip([c[0] for c in cursor.description], row))


def stored_authors(conn: sqlite3.Connection, only: list[str] | None = None) -> list[tuple[str, int, str, str]]:
    """(author, messages, first seen, last seen) of people's messages (no notices), by first appearance;
    of the authors `only` when given."""
    sql = ("SELECT author, count(*), min(timestamp), max(timestamp) FROM messages WHERE kind NOT IN (?, ?)"
           " AND author != '' {}GROUP BY author ORDER BY min(timestamp), min(id)")
    if only is not None and len(only) <= _FEW:   # sorting only their messages: a third of sorting them all
        return conn.execute(sql.format(f"AND author IN ({','.join('?' * len(only))}) "),
                            (*NOTICE_KINDS, *only)).fetchall() if only else []
    rows = conn.execute(sql.format(""), NOTICE_KINDS).fetchall()
    if only is None:
        return rows
    wanted = set(only)
    return [row for row in rows if row[0] in wanted]


_FEW = 200   # names in one IN (…): far below any SQLite's limit of bound values


def author_names(conn: sqlite3.Connection) -> list[str]:
    """The authors of people's messages (no notices), as `stored_authors` names them, in no order:
    a scan without sorting every message by its author."""
    return [author for (author,) in conn.execute(
        "SELECT DISTINCT author FROM messages WHERE kind NOT IN (?, ?) AND author != ''", NOTICE_KINDS)]


def number_links(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(old, new) from "changed their phone number" notices, in time order."""
    links = []
    for (details,) in conn.execute("SELECT details FROM messages WHERE notice = 'changed_number' AND details != ''"
                                   " ORDER BY timestamp, id"):
        values = json.loads(details)
        if values.get("old") and values.get("new"):
            links.append((values["old"], values["new"]))
    return links


def effective_roster(program: Program, conn: sqlite3.Connection | None) -> Roster:
    """roster.csv with number links applied; with an empty roster, every stored author by first appearance."""
    roster = load_roster(program.roster_csv)
    links = number_links(conn) if conn is not None else []
    if not roster:
        authors = [row[0] for row in stored_authors(conn)] if conn is not None else []
        return Roster.from_authors(authors, links)
    return roster.linked(links)


# One stored message as the figures read it: the participant number (None: not in the roster) and
# the store's columns, in the order of COLUMNS. `StoredMessages.chunks` adds three columns after
# them (merge key, seconds, id: what the two-phone merge needs); readers use the first twelve.
MessageRow = tuple[Any, ...]
_MKEY, _SECONDS, _ID = len(COLUMNS), len(COLUMNS) + 1, len(COLUMNS) + 2
_AUTHOR, _STAMP = COLUMNS.index("author"), COLUMNS.index("timestamp")
# The store's columns from the timestamp on: the author's number put in front of each is the row
# the figures read (one step per row; every column is read once from SQLite).
_STREAM = ("SELECT timestamp, author, raw_author, kind, text, attachment, edited, notice, details, file, line, mkey,"
           " seconds, id FROM messages")
FETCH = 2000   # rows per fetch from SQLite: a chunk holds about this many, memory stays flat


class _Numbers(dict[str, "int | None"]):
    """author → roster number (None: unknown), each author resolved once, when first looked up.
    `shared`: two of the authors looked up so far are one participant (two phones may have
    stored copies of one message: see StoredMessages)."""

    def __init__(self, roster: Roster) -> None:
        super().__init__()
        self.roster = roster
        self.shared = False
        self._taken: set[int] = set()

    def __missing__(self, author: str) -> int | None:
        person = self.roster.resolve(author)
        no = self[author] = person.no if person else None
        if no is not None:
            self.shared = self.shared or no in self._taken
            self._taken.add(no)
        return no


class StoredMessages:
    """The store as the figures read it: the roster, the latest message time, and every message once,
    in time order, streamed from SQLite (never all of them in memory).

    Rows whose participant, minute, kind class and text agree but whose author differs are one
    message seen from two phones (or under a contact name saved later): per group, the rows of
    the author with the most of them are kept — max, not sum. Unknown authors are kept as they are.
    Such rows share their minute (and their merge key, `mkey`, which holds the minute), so the
    merge needs only one minute of messages at a time.
    """

    def __init__(self, program: Program) -> None:
        self.conn = connect(program) if store_path(program).exists() else None
        try:
            self.roster = effective_roster(program, self.conn)
        except BaseException:
            self.close()
            raise
        self._numbers = _Numbers(self.roster)

    def __enter__(self) -> StoredMessages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the store (the rows are no longer readable)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def latest(self) -> str | None:
        """The latest stored message's time (ISO, local wall time), or None for an empty store."""
        if self.conn is None:
            return None
        return self.conn.execute("SELECT max(timestamp) FROM messages").fetchone()[0]

    def number(self, author: str) -> int | None:
        """The roster number an author resolves to (None: unknown), remembered per author."""
        return self._numbers[author]

    def rows(self, until: date | None = None) -> Iterator[MessageRow]:
        """Every message up to and including the day `until` (None: all), two phones merged, ordered
        by time, file and line: (no, timestamp, author, raw_author, kind, text, attachment, edited,
        notice, details, file, line)."""
        width = len(COLUMNS)
        for chunk in self.chunks(until):
            for row in chunk:
                yield row[:width]

    def chunks(self, until: date | None = None) -> Iterator[list[MessageRow]]:
        """The messages of `rows`, a list of about FETCH rows at a time, each list ending where a
        minute ends (a minute, and so a second, is never split between two lists). Each row has
        three more columns after those of `rows`: mkey, seconds, id."""
        if self.conn is None:
            return
        sql, params = _STREAM, ()
        if until is not None:
            sql, params = sql + " WHERE timestamp < ?", ((until + timedelta(days=1)).isoformat(),)
        cursor = self.conn.execute(sql + " ORDER BY timestamp, file, line, id", params)
        numbers = self._numbers
        held: list[MessageRow] = []   # the last minute of the previous fetch: its rest may follow
        while batch := cursor.fetchmany(FETCH):
            rows = [(numbers[row[1]],) + row for row in batch]
            if held:
                rows = held + rows
            minute = rows[-1][_STAMP][:16]
            cut = len(rows) - 1
            while cut > 0 and rows[cut - 1][_STAMP].startswith(minute):
                cut -= 1
            held = rows[cut:]
            if cut:   # (every author of these rows is looked up: `shared` is known for them)
                yield _without_copies(rows[:cut]) if numbers.shared else rows[:cut]
        if held:
            yield _without_copies(held) if numbers.shared else held


def _without_copies(rows: list[MessageRow]) -> list[MessageRow]:
    """Whole minutes of rows with a second phone's copies left out (see StoredMessages). Only rows
    of one participant with the same merge key (`mkey`) in the same minute can be copies of one
    message, and most lists hold no merge key twice: those are returned as they are."""
    keys = [row[_MKEY] for row in rows]
    if len(set(keys)) == len(keys):
        return rows
    twice = {key for key, n in Counter(keys).items() if n > 1}
    groups: dict[tuple[int, int, str], dict[str, list[MessageRow]]] = {}
    for row in rows:
        if row[_MKEY] in twice and row[0] is not None:
            groups.setdefault((row[0], row[_MKEY], row[_STAMP][:16]), {}).setdefault(row[_AUTHOR], []).append(row)
    dropped: set[int] = set()
    for authors in groups.values():
        if len(authors) > 1:
            # The author (phone) that saw the message most often keeps its rows; ties go to
            # the one with seconds, then to the first stored.
            best = min(authors.values(), key=lambda own: (-len(own), -max(r[_SECONDS] for r in own),
                                                          min(r[_ID] for r in own)))
            dropped.update(r[_ID] for own in authors.values() if own is not best for r in own)
    return [row for row in rows if row[_ID] not in dropped] if dropped else rows


def load_messages(program: Program) -> tuple[pd.DataFrame, Roster]:
    """Every stored message once (see StoredMessages) as one DataFrame, and the roster. For tests
    and small tools: the figures stream the rows instead (StoredMessages.rows)."""
    with StoredMessages(program) as stored:
        return _frame(list(stored.rows())), stored.roster


def _frame(rows: list[MessageRow]) -> pd.DataFrame:
    import pandas as pd   # only this frame needs it: storing exports and `roster` start without it

    raw = pd.DataFrame(rows, columns=COLUMNS)
    raw["no"] = raw["no"].astype("Int64")
    raw["timestamp"] = pd.to_datetime(raw["timestamp"], format="ISO8601").astype("datetime64[ns]")
    raw["edited"] = raw["edited"].astype(bool)
    raw["line"] = raw["line"].astype("int64")
    for column in ("author", "raw_author", "kind", "text", "attachment", "notice", "details", "file"):
        raw[column] = raw[column].astype(str)
    return raw


# Notices only a group admin can cause: whoever is their actor runs the group.
ADMIN_NOTICES = ("created_group", "added", "removed", "subject_changed", "description_changed", "settings_changed",
                 "icon_changed")


def admin_actors(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(actor as exported, notice) of the notices only an admin causes ("X menambahkan Y"), in time order."""
    found = []
    marks = ",".join("?" * len(ADMIN_NOTICES))
    for notice, details in conn.execute(f"SELECT notice, details FROM messages WHERE notice IN ({marks})"
                                        " AND details != '' ORDER BY timestamp, id", ADMIN_NOTICES):
        actor = json.loads(details).get("actor")
        if isinstance(actor, str) and actor.strip():
            found.append((actor, notice))
    return found


def long_texts(conn: sqlite3.Connection, least: int) -> Iterator[tuple[str, str]]:
    """(author, text) of people's messages at least `least` characters long, streamed in time order."""
    yield from conn.execute("SELECT author, text FROM messages WHERE kind = 'message' AND author != ''"
                            " AND length(text) >= ? ORDER BY timestamp, id", (least,))
