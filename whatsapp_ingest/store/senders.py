"""The store's unknown senders, remembered with the state of the store they were counted on.

Finding them reads every stored message three times (the phone-number links, the distinct authors,
then the unknown ones' counts and days): 0.3 s at 500,000 messages, on every run, and most of a
re-run with nothing new on a large store. The answer depends only on the stored messages and on
roster.csv, so it is kept in `.whatsapp-ingest/senders.json` under a key of both (the stored
exports, the message count and largest id: `db.store_state`, which the outputs' fingerprint reads
too; and roster.csv's bytes) and the tool's version. A record that is missing, damaged or made for
another state is simply not used: the senders are counted again, as they always were.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from whatsapp_ingest import __version__
from whatsapp_ingest.fileio import NotRegular, keep_record, parts_digest, read_regular
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.programme.textfile import MAX_CONFIG_BYTES
from whatsapp_ingest.store.db import store_state

SENDERS_FILE = "senders.json"
FORMAT = 1
MAX_BYTES = 64 << 20   # a record larger than this is not ours (hundreds of thousands of senders)

Sender = tuple[str, int, str, str]   # (author, messages, first seen, last seen): db.stored_authors' rows


def roster_source(program: Program) -> bytes:
    """roster.csv's bytes as they are now: read before the roster is loaded, so that an edit saved
    during the run makes the record's key differ from the next run's (which then counts again)."""
    try:
        return read_regular(program.roster_csv, MAX_CONFIG_BYTES)   # (a FIFO is never waited on)
    except (OSError, NotRegular):   # none, or not a file loading it accepts (it says so)
        return b"<none>"


def state_key(conn: sqlite3.Connection, roster: bytes) -> str:
    """What the unknown senders are counted from: the stored exports and messages, and roster.csv
    (its bytes from `roster_source`)."""
    return parts_digest([FORMAT, __version__, roster, store_state(conn)])


def remembered(program: Program, key: str, count: Callable[[], list[Sender]]) -> list[Sender]:
    """The senders recorded under `key`, or `count()`'s, which are then recorded under it."""
    record = program.state / SENDERS_FILE
    try:
        data = json.loads(read_regular(record, MAX_BYTES))
        if isinstance(data, dict) and data.get("format") == FORMAT and data.get("key") == key:
            return [_sender(row) for row in data["senders"]]
    except (OSError, NotRegular, ValueError, TypeError, KeyError, RecursionError):
        pass
    senders = count()
    # (a record that cannot be written only means the next run counts them again)
    keep_record(record, json.dumps({"format": FORMAT, "key": key, "senders": [list(row) for row in senders]},
                                   ensure_ascii=False))
    return senders


def _sender(row: object) -> Sender:
    """One recorded sender; ValueError when the row is not one."""
    if not (isinstance(row, list) and len(row) == 4 and isinstance(row[0], str) and type(row[1]) is int
            and isinstance(row[2], str) and isinstance(row[3], str)):
        raise ValueError("not a sender")
    return row[0], row[1], row[2], row[3]
