"""The figures of earlier runs, kept as facts in the store, so that a run can say what changed.

Each `ingest` that stores new messages keeps a snapshot of its per-participant figures: active
days, possible days and Aktif/Pasif; each cycle's decision and whether it is final; each task's
status; the unknown senders; and how many messages and exports the store held. A later run with
nothing new replaces the latest snapshot instead of adding one (a corrected roster changes the
figures, not the history), so "since the last run" keeps meaning "since the run before the newest
messages arrived" however often `ingest` is run again (docs/reports.md).

Plain rows in SQLite, read back as plain Python values; nothing else is stored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

SNAPSHOT_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (          -- one snapshot of the figures per run that stored new messages
    id INTEGER PRIMARY KEY,
    as_of TEXT NOT NULL,                   -- the day the figures were taken on (ISO)
    taken_at TEXT NOT NULL,                -- when (local time, ISO): for people reading the store
    messages INTEGER NOT NULL,             -- messages in the store then
    files INTEGER NOT NULL                 -- exports stored then
);
CREATE TABLE IF NOT EXISTS run_participants (
    run INTEGER NOT NULL, no INTEGER NOT NULL, name TEXT NOT NULL,
    active INTEGER NOT NULL, possible INTEGER NOT NULL, status TEXT NOT NULL,
    PRIMARY KEY (run, no)
);
CREATE TABLE IF NOT EXISTS run_decisions (
    run INTEGER NOT NULL, no INTEGER NOT NULL, cycle TEXT NOT NULL,
    decision TEXT NOT NULL, final INTEGER NOT NULL,     -- decision "" for a cycle not begun
    PRIMARY KEY (run, no, cycle)
);
CREATE TABLE IF NOT EXISTS run_submissions (
    run INTEGER NOT NULL, no INTEGER NOT NULL, task TEXT NOT NULL, status TEXT NOT NULL,
    PRIMARY KEY (run, no, task)
);
CREATE TABLE IF NOT EXISTS run_unknown (
    run INTEGER NOT NULL, author TEXT NOT NULL, messages INTEGER NOT NULL,
    PRIMARY KEY (run, author)
);
"""
DETAIL_TABLES = ("run_participants", "run_decisions", "run_submissions", "run_unknown")


@dataclass(frozen=True)
class Snapshot:
    """One run's figures, as plain values."""

    as_of: date
    messages: int
    files: int
    participants: dict[int, tuple[str, int, int, str]] = field(default_factory=dict)  # no → (name, active, possible, status)
    decisions: dict[tuple[int, str], tuple[str, bool]] = field(default_factory=dict)  # (no, cycle) → (decision, final)
    submissions: dict[tuple[int, str], str] = field(default_factory=dict)             # (no, task) → status
    unknown: dict[str, int] = field(default_factory=dict)                             # author → messages
    run: int = 0                                                                      # its id in the store (0: not stored)


def store_counts(conn: sqlite3.Connection, until: date | None = None) -> tuple[int, int]:
    """(messages, exports) the store holds now; with `until`, the messages up to that day and the exports
    whose last message is (looking back)."""
    if until is None:
        messages = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        files = conn.execute("SELECT count(*) FROM files WHERE status = 'new'").fetchone()[0]
    else:
        bound = (until + timedelta(days=1)).isoformat()
        messages = conn.execute("SELECT count(*) FROM messages WHERE timestamp < ?", (bound,)).fetchone()[0]
        files = conn.execute("SELECT count(*) FROM files WHERE status = 'new' AND last_at < ?", (bound,)).fetchone()[0]
    return int(messages), int(files)


def _runs(conn: sqlite3.Connection) -> list[tuple[int, str, int, int]]:
    return conn.execute("SELECT id, as_of, messages, files FROM runs ORDER BY id DESC").fetchall()


def read_snapshot(conn: sqlite3.Connection, run: int) -> Snapshot | None:
    """The snapshot stored as run `run`, or None."""
    head = conn.execute("SELECT as_of, messages, files FROM runs WHERE id = ?", (run,)).fetchone()
    if head is None:
        return None
    return Snapshot(
        as_of=date.fromisoformat(head[0]), messages=int(head[1]), files=int(head[2]), run=run,
        participants={int(no): (str(name), int(a), int(p), str(s)) for no, name, a, p, s in conn.execute(
            "SELECT no, name, active, possible, status FROM run_participants WHERE run = ?", (run,))},
        decisions={(int(no), str(c)): (str(d), bool(f)) for no, c, d, f in conn.execute(
            "SELECT no, cycle, decision, final FROM run_decisions WHERE run = ?", (run,))},
        submissions={(int(no), str(t)): str(s) for no, t, s in conn.execute(
            "SELECT no, task, status FROM run_submissions WHERE run = ?", (run,))},
        unknown={str(a): int(n) for a, n in conn.execute(
            "SELECT author, messages FROM run_unknown WHERE run = ?", (run,))})


def baseline(conn: sqlite3.Connection, messages: int, looking_back: date | None = None) -> tuple[Snapshot | None, int | None]:
    """The snapshot to compare this run with, and the run this run's snapshot replaces (None: add one).

    An ordinary run compares with the last snapshot taken before the newest messages arrived: when the
    latest snapshot holds as many messages as the store does now, this run only repeats it (nothing new,
    or a corrected roster) and compares with the one before; otherwise with the latest. Looking back
    (`--as-of`), it compares with the last snapshot taken on an earlier day, and records nothing.
    """
    runs = _runs(conn)
    if looking_back is not None:
        earlier = [r for r in runs if date.fromisoformat(r[1]) < looking_back]
        return (read_snapshot(conn, earlier[0][0]) if earlier else None), None
    if runs and runs[0][2] == messages:
        return (read_snapshot(conn, runs[1][0]) if len(runs) > 1 else None), runs[0][0]
    return (read_snapshot(conn, runs[0][0]) if runs else None), None


def record_snapshot(conn: sqlite3.Connection, snapshot: Snapshot, replaces: int | None) -> int:
    """Store `snapshot` as a new run, or in place of run `replaces`, in one transaction; its run id."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        taken = datetime.now().isoformat(timespec="seconds")
        if replaces is None:
            run = int(conn.execute("INSERT INTO runs (as_of, taken_at, messages, files) VALUES (?, ?, ?, ?)",
                                   (snapshot.as_of.isoformat(), taken, snapshot.messages, snapshot.files)).lastrowid)
        else:
            run = replaces
            conn.execute("UPDATE runs SET as_of = ?, taken_at = ?, messages = ?, files = ? WHERE id = ?",
                         (snapshot.as_of.isoformat(), taken, snapshot.messages, snapshot.files, run))
            for table in DETAIL_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE run = ?", (run,))
        conn.executemany("INSERT INTO run_participants VALUES (?, ?, ?, ?, ?, ?)",
                         [(run, no, *values) for no, values in snapshot.participants.items()])
        conn.executemany("INSERT INTO run_decisions VALUES (?, ?, ?, ?, ?)",
                         [(run, no, cycle, d, int(f)) for (no, cycle), (d, f) in snapshot.decisions.items()])
        conn.executemany("INSERT INTO run_submissions VALUES (?, ?, ?, ?)",
                         [(run, no, task, s) for (no, task), s in snapshot.submissions.items()])
        conn.executemany("INSERT INTO run_unknown VALUES (?, ?, ?)", [(run, a, n) for a, n in snapshot.unknown.items()])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return run

