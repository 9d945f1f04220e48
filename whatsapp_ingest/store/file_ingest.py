"""One new inbox file parsed, checked and stored as it is read: never all its messages at once.

The export is parsed a chunk at a time (`export.blocks.open_export`: a large file is even read block
by block) and each chunk's rows go into the store's transaction at once; what must be decided on the
whole export is gathered on the way in small structures: the senders and the group's names (the
group check), whether anything in it is a chat at all, the warnings. Those checks are made at the
end, before the commit: a file they refuse is rolled back, so the store is as it was (as on any
error, a full disk or Ctrl-C). The cut-off check (a file that stops inside its last message) needs
the store as it was before the file, so for such a file the last message is found first, by a pass
that stores nothing.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from whatsapp_ingest import __version__
from whatsapp_ingest.errors import BadExport, IngestError, WrongGroup
from whatsapp_ingest.export.blocks import BlockStream, open_export
from whatsapp_ingest.export.classify import UNKNOWN
from whatsapp_ingest.export.dateorder import is_assumed
from whatsapp_ingest.export.parse import EXPORT_HINT, NOT_A_CHAT, ExportStream, RecordChunk
from whatsapp_ingest.i18n import Text
from whatsapp_ingest.programme.group import GroupEvidence, check_group
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.programme.roster import Roster
from whatsapp_ingest.records import Kind
from whatsapp_ingest.store.db import STORE_BATCH, ExportWriter, store_refusal, texts_in_minute
from whatsapp_ingest.store.message_key import chunk_rows

# Notices that do not make a file a chat (see export.parse.check_is_chat).
_NOT_CHAT = frozenset({"other", UNKNOWN})


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What became of one file: "new" (stored) or "refused", its counts and warnings."""

    status: str
    reason: str = ""
    messages_new: int = 0
    messages_known: int = 0
    warnings: tuple[str, ...] = ()


def reason_of(error: IngestError) -> str:
    """A refusal's reason as stored and shown: `line N: what; hint`."""
    what = Text("{message}; {hint}", message=error.message, hint=error.hint) if error.hint else error.message
    return Text("line {line}: {reason}", line=error.line, reason=what) if error.line else what


def _refused(conn: sqlite3.Connection, digest: str, shown: str, error: IngestError) -> Outcome:
    """A file whose bytes cannot be read as a chat: refused, and remembered so (a newer version retries)."""
    store_refusal(conn, digest, shown, reason_of(error), __version__)
    return Outcome("refused", reason_of(error))


def ingest_file(program: Program, conn: sqlite3.Connection, path: Path, shown: str, digest: str,
                date_order: str | None, any_group: bool, roster: Roster, known_authors: set[str]) -> Outcome:
    """Parse, check and store one new file; a problem with it refuses this file only."""
    try:
        source = open_export(path, shown, digest, date_order, (program.start, program.end))
        stream = source.stream()
        cut = None if source.ends_whole else _cut_off_line(conn, source.stream())
    except IngestError as error:
        return _refused(conn, digest, shown, error)
    return _store(program, conn, path, shown, digest, stream, cut, any_group, roster, known_authors)


def _cut_off_line(conn: sqlite3.Connection, stream: ExportStream | BlockStream) -> int | None:
    """The line of the export's last message when it is the start of one stored whole, else None.

    A file that stops without a line end is a copy cut off (a download or copy interrupted): its last
    message may be the start of one already stored whole. That message is then left out, with a
    warning, instead of being stored a second time cut short. Reads the whole stream (nothing is kept
    but its last message) and the store as it is before this file."""
    last: RecordChunk | None = None
    for last in stream.chunks():
        pass
    assert last is not None   # (the stream raises BadExport for an export without messages)
    body, author, stamp = last.texts[-1], last.authors[-1], last.timestamps[-1]
    starts = [body, body.rsplit("\n", 1)[0]] if "\n" in body else [body]   # (or cut inside the next header)
    stored = texts_in_minute(conn, author, stamp[:16])
    if any(text != body and text.startswith(start) for text in stored for start in starts):
        return last.lines[-1]
    return None


class _Checks:
    """What the checks on the whole export read, gathered chunk by chunk in small structures."""

    def __init__(self, platform: str) -> None:
        self.group = GroupEvidence(platform)
        self.chat = False   # a message from a person or a notice WhatsApp writes: the file is a chat
        self.count = 0

    def add(self, chunk: RecordChunk) -> None:
        self.group.add(chunk.authors, chunk.kinds, chunk.notices, chunk.details)
        self.count += len(chunk.lines)
        if not self.chat:
            self.chat = any(k is not Kind.SYSTEM or n not in _NOT_CHAT for k, n in zip(chunk.kinds, chunk.notices))


def _store(program: Program, conn: sqlite3.Connection, path: Path, shown: str, digest: str,
           stream: ExportStream | BlockStream,
           cut: int | None, any_group: bool, roster: Roster, known_authors: set[str]) -> Outcome:
    """Store the stream's messages in one transaction, then check the whole export before the commit."""
    checks = _Checks(stream.platform)
    writer: ExportWriter | None = ExportWriter(conn)
    failed: sqlite3.DatabaseError | None = None   # the store failed: the file is still read to the end (below)
    held: list[tuple[Any, ...]] = []   # rows not yet written; the last one is held back for the cut-off check
    seen: Counter[bytes] = Counter()

    def write(rows: list[tuple[Any, ...]]) -> None:
        nonlocal writer, failed
        if writer is None:
            return
        try:
            writer.add(rows)
        except sqlite3.DatabaseError as error:
            # A full disk (or a store that broke) ends the run, but a file the checks refuse never
            # reaches the store: the file is read to the end to tell which, as before it was streamed.
            writer.abort()
            writer, failed = None, error

    day = ""   # the day of the last message, when days never come back
    forget = getattr(stream, "days_return", True) is False

    def rows(chunk: RecordChunk) -> list[tuple[Any, ...]]:
        """The chunk's rows. A message's key holds its minute, so when the export's days never come
        back (`BlockStream.days_return`), the keys met before a day are let go as it starts: the
        occurrences are counted for one day's messages, not for the whole export."""
        nonlocal day
        stamps = chunk.timestamps
        if not forget or stamps[0][:10] == stamps[-1][:10] == day:
            return chunk_rows(shown, seen, chunk.seconds, *_columns(chunk, 0, len(stamps)))
        made, start = [], 0
        for i in range(1, len(stamps) + 1):
            if i == len(stamps) or stamps[i][:10] != stamps[start][:10]:
                if stamps[start][:10] != day:
                    seen.clear()
                    day = stamps[start][:10]
                made += chunk_rows(shown, seen, chunk.seconds, *_columns(chunk, start, i))
                start = i
        return made

    try:
        for chunk in stream.chunks():
            checks.add(chunk)
            held += rows(chunk)
            if len(held) > STORE_BATCH:
                write(held[:-1])
                del held[:-1]
        if not checks.chat:
            raise BadExport(shown, Text(NOT_A_CHAT, n=checks.count), Text(EXPORT_HINT))
    except IngestError as error:
        if writer is not None:
            writer.abort()
        return _refused(conn, digest, shown, error)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    try:
        warnings = _warnings(program, path, shown, stream, checks, any_group, roster, known_authors)
    except WrongGroup as error:   # not remembered: program.toml or --any-group may change the answer
        if writer is not None:
            writer.abort()
        return Outcome("refused", reason_of(error))
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    if failed is not None:
        raise failed
    assert writer is not None
    try:
        if cut is not None:
            held.pop()
            warnings.append(Text(
                "{file}: the file stops inside its last message (line {line}): a copy cut off; that message is "
                "stored whole from another export and is not counted again", file=shown, line=cut))
        writer.add(held)
        assumed = is_assumed(stream.date_order_evidence)   # no date showed the order: --date-order may change it
        new, known = writer.finish(digest, shown, stream.header_format, stream.date_order, tuple(warnings),
                                   __version__, assumed)
    except BaseException:
        writer.abort()
        raise
    return Outcome("new", messages_new=new, messages_known=known, warnings=tuple(warnings))


def _columns(chunk: RecordChunk, start: int, stop: int) -> list[list[Any]]:
    """The chunk's messages [start, stop) as `message_key.chunk_rows` takes them, column by column."""
    return [column[start:stop] for column in (
        chunk.timestamps, chunk.lines, chunk.authors, chunk.kinds, chunk.texts, chunk.attachments, chunk.edited,
        chunk.raw_authors, chunk.notices, chunk.details)]


def _warnings(program: Program, path: Path, shown: str, stream: ExportStream | BlockStream, checks: _Checks,
              any_group: bool, roster: Roster, known_authors: set[str]) -> list[str]:
    """The file's warnings, in the order they are shown; WrongGroup for another group's export."""
    warnings = list(stream.warnings)
    if stream.preamble:   # never dropped without a word: a hand-edited file, or a header shape misread
        first = stream.preamble[0]
        warnings.append(Text("{file}: {n} line(s) before the first message are not part of any message and are "
                             "not counted (line {line}: {text})", file=shown, n=len(stream.preamble), line=first.line,
                             text=repr(first.text[:60])))
    try:
        warnings += check_group(program, path.name, shown, checks.group, roster, known_authors)
    except WrongGroup as error:
        if not any_group:
            raise
        warnings.append(Text("{file}: accepted with --any-group although: {reason}", file=shown, reason=error.message))
    return warnings

