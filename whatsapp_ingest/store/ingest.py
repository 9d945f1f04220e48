"""The weekly `ingest`: read every inbox file once, check it is the programme's group, store it.

Each file is one transaction in the store; a file whose bytes were seen before (any name) is
skipped without parsing; bad files and exports of another group are refused one by one while the
others are stored. The programme's lock keeps a second `ingest` out.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whatsapp_ingest import __version__
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.i18n import Text, _, from_json, ntext
from whatsapp_ingest.programme.roster import Roster, clean_author, load_roster
from whatsapp_ingest.programme.suggest import suggest
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.export.read import file_digest
from whatsapp_ingest.store import senders
from whatsapp_ingest.store.db import (author_names, clear, connect, file_row, files_read_otherwise, number_links,
                                      program_lock, remembered_date_order, store_error, stored_authors)

EXPORT_SUFFIXES = (".txt", ".zip")


@dataclass(frozen=True)
class FileOutcome:
    name: str
    status: str   # "new" | "unchanged" | "refused"
    reason: str = ""
    messages_new: int = 0
    messages_known: int = 0


@dataclass(frozen=True)
class IngestReport:
    files: tuple[FileOutcome, ...]
    messages_new: int
    messages_known: int
    unknown_senders: tuple[str, ...]
    warnings: tuple[str, ...]     # every current warning, one line each, in a fixed order

    @property
    def refused(self) -> tuple[FileOutcome, ...]:
        return tuple(f for f in self.files if f.status == "refused")


# Files Windows Explorer and Office leave in any folder they open (thumbnails, folder settings).
UNKNOWN_LISTED = 10   # unknown senders warned about one by one; the others in one line
MAX_SHOWN = 160   # characters of an inbox path in a message
SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})


def inbox_files(program: Program) -> tuple[list[Path], list[str], list[FileOutcome]]:
    """The exports in the inbox (sorted, sub-folders too), warnings for other files, and the
    sub-folders and links that cannot be read, as refused outcomes (never skipped without a word)."""
    if not program.inbox.is_dir():
        raise ConfigError(program.inbox, _("the inbox folder is missing"), _("create it and put the exports in it"))
    exports, warnings, refused = [], [], []

    def cannot_list(error: OSError) -> None:   # a sub-folder without permission, a path too long …
        name = display_name(program, Path(error.filename) if error.filename else program.inbox)
        shown = name if len(name) <= MAX_SHOWN else f"{name[:MAX_SHOWN // 2]}…{name[-MAX_SHOWN // 3:]}"
        refused.append(FileOutcome(shown, "refused", _folder_reason(error)))

    for root, folders, files in os.walk(program.inbox, onerror=cannot_list):
        here = Path(root)
        folders[:] = [f for f in folders if not f.startswith(".")]
        for name in [*files, *(f for f in folders if os.path.islink(here / f))]:
            path = here / name
            if name.startswith(".") or name.lower() in SYSTEM_FILES or name.startswith("~$"):
                continue   # hidden, or written by Windows or Office, not people
            try:
                kind = _kind(path)
            except OSError as error:   # a name that makes the path too long, a disk error …
                error.filename = error.filename or str(path)
                cannot_list(error)
                continue
            if kind == "dangling":
                refused.append(FileOutcome(display_name(program, path), "refused", Text(
                    "a link to something that is no longer there; remove the link and put the export itself "
                    "in the inbox")))
            elif kind == "folder":   # os.walk does not follow links to folders: a loop could never end
                refused.append(FileOutcome(display_name(program, path), "refused", Text(
                    "a link to a folder is not followed; put the exports themselves in the inbox")))
            elif kind != "file":
                continue   # a FIFO or device: never an export (read.py refuses to open one)
            elif path.suffix.lower() in EXPORT_SUFFIXES:
                exports.append(path)
            else:
                warnings.append(Text("{file}: ignored: not a .txt or .zip export", file=display_name(program, path)))
    exports.sort(key=lambda p: p.relative_to(program.inbox).as_posix())
    refused.sort(key=lambda outcome: outcome.name)
    return exports, warnings, refused


def _kind(path: Path) -> str:
    """"file", "folder" (a link to one), "dangling" (a link to nothing) or "other" (FIFO, device …);
    OSError when the path cannot be looked at (too long, a disk error)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.lstat():   # the link itself is there
            return "dangling"
        raise
    return "file" if stat.S_ISREG(info.st_mode) else "folder" if stat.S_ISDIR(info.st_mode) else "other"


def _folder_reason(error: OSError) -> Text:
    """Why a folder in the inbox cannot be read, with what to do."""
    detail = error.strerror or str(error)
    if error.errno == errno.ENAMETOOLONG:
        return Text("cannot be read ({error}): the path is too long; move the exports in it to a folder nearer "
                    "the inbox, with a shorter name", error=detail)
    if isinstance(error, PermissionError):
        return Text("cannot be read ({error}); check that your user may open it", error=detail)
    return Text("cannot be read ({error}); check the folder and the disk, then run again", error=detail)


def display_name(program: Program, path: Path) -> str:
    """The inbox file as people see it, relative to the program folder. A name whose bytes are not
    UTF-8 (a USB stick or zip from an old Windows) shows � for them: it is stored and printed as text.
    """
    name = path.relative_to(program.folder).as_posix()
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _refused(shown: str, reason: str) -> tuple[FileOutcome, list[str]]:
    """A refused file's outcome and its warning line."""
    return FileOutcome(shown, "refused", reason), [Text("{file}: refused: {reason}", file=shown, reason=reason)]


def run_ingest(program: Program, *, date_order: str | None = None, any_group: bool = False,
               progress: Callable[[int, int, str], None] | None = None, lock: bool = True,
               before_store: Callable[[Path, str, str | None], None] | None = None) -> IngestReport:
    """Store every new inbox export once; report files new/unchanged/refused, counts and warnings.

    Raises ConfigError for a broken roster.csv or a missing inbox, Busy when another ingest runs.
    `lock=False` is for a caller that already holds `program_lock` (the pipeline holds it through
    the rebuild of out/ too). `before_store(path, digest, date order)` hears of each export about
    to be parsed and stored (the pipeline starts the rules' child then: figures/verdicts_aside.py).
    """
    source = senders.roster_source(program)   # (before loading it: see senders.roster_source)
    roster = load_roster(program.roster_csv)
    paths, warnings, unreadable = inbox_files(program)
    outcomes: list[FileOutcome] = list(unreadable)
    warnings.extend(Text("{file}: refused: {reason}", file=o.name, reason=o.reason) for o in unreadable)
    with program_lock(program) if lock else contextlib.nullcontext():
        conn = connect(program)
        try:
            warnings.extend(_reread_for_date_order(conn, date_order))
            # The order a rebuild was started with holds until another is asked for: a run killed
            # while re-reading is finished in that order by the next plain run.
            date_order = date_order or remembered_date_order(conn)
            run = _Run(program, conn, roster, date_order, any_group)
            run.before_store = before_store
            for done, path in enumerate(paths, 1):
                outcome, file_warnings = run.file(path)
                outcomes.append(outcome)
                warnings.extend(file_warnings)
                if progress is not None:
                    progress(done, len(paths), outcome.name)
            unknown, unknown_warnings = _unknown_senders(program, conn, roster, source)
            warnings.extend(unknown_warnings)
            warnings.extend(_missing_files(conn, set(run.seen), program.folder))
        except sqlite3.DatabaseError as exc:   # the disk filled up, or the store broke under us
            raise store_error(program, exc) from None
        finally:
            conn.close()
    return IngestReport(
        files=tuple(outcomes),
        messages_new=sum(o.messages_new for o in outcomes),
        messages_known=sum(o.messages_known for o in outcomes),
        unknown_senders=unknown,
        warnings=tuple(dict.fromkeys(warnings)))


class _Run:
    """One ingest run: decides each inbox file's outcome (unchanged, refused, or read and stored)."""

    def __init__(self, program: Program, conn: sqlite3.Connection, roster: Roster, date_order: str | None,
                 any_group: bool) -> None:
        self.program, self.conn, self.roster = program, conn, roster
        self.date_order, self.any_group = date_order, any_group
        self.seen: dict[str, FileOutcome] = {}         # digest -> its first outcome in this run
        self.known_authors: set[str] | None = None     # the stored authors, read when needed
        self.before_store: Callable[[Path, str, str | None], None] | None = None   # see run_ingest

    def file(self, path: Path) -> tuple[FileOutcome, list[str]]:
        shown = display_name(self.program, path)
        try:
            digest = file_digest(path)
        except OSError as error:   # removed, forbidden or locked since the inbox was listed: tried again next run
            return _refused(shown, _unreadable(error))
        if digest in self.seen:   # a copy of a file met earlier in this run
            first = self.seen[digest]
            if first.status == "refused":
                reason = Text("same content as {file}: {reason}", file=first.name, reason=first.reason)
                return _refused(shown, reason)
            known = first.messages_new + first.messages_known
            return FileOutcome(shown, "unchanged", Text("same content as {file}", file=first.name),
                               messages_known=known), []
        outcome, warnings = self._decide(path, shown, digest)
        self.seen[digest] = outcome
        return outcome, warnings

    def _decide(self, path: Path, shown: str, digest: str) -> tuple[FileOutcome, list[str]]:
        row = file_row(self.conn, digest)
        if row and row["status"] == "new":
            return FileOutcome(shown, "unchanged", messages_known=row["messages"]), _stored_warnings(row)
        if row and row["status"] == "forgotten":   # by `forget`: never stored again from these bytes
            return _refused(shown, Text("its messages were removed with whatsapp-ingest forget; remove the file "
                                        "from the inbox"))
        if row and row["status"] == "refused" and row["version"] == __version__:
            return _refused(shown, _stored_text(row["reason"]))
        if self.before_store is not None:
            self.before_store(path, digest, self.date_order)
        if self.known_authors is None:   # the senders stored so far: the group check compares with them
            self.known_authors = {clean_author(a).casefold() for a in author_names(self.conn)}
        stored = ingest_file(self.program, self.conn, path, shown, digest, self.date_order, self.any_group,
                             self.roster, self.known_authors)
        if stored.status == "refused":
            return _refused(shown, stored.reason)
        self.known_authors = None   # read again, with this file's authors, when next needed
        return FileOutcome(shown, "new", messages_new=stored.messages_new,
                           messages_known=stored.messages_known), list(stored.warnings)


def ingest_file(*args: Any, **kwargs: Any) -> Any:
    """store.file_ingest.ingest_file, imported when a file is new: the parser and WhatsApp's wording
    tables (half a second to load) are not needed by a run that only recognises its files."""
    from whatsapp_ingest.store.file_ingest import ingest_file as store_file

    return store_file(*args, **kwargs)


def _unreadable(error: OSError) -> Text:
    """Why an inbox file cannot be read, with the hint that fits the cause."""
    detail = error.strerror or str(error)
    if isinstance(error, PermissionError) and getattr(error, "winerror", None) in (32, 33):   # Windows: held open
        return Text("cannot be read ({error}); close the program that holds it and run again", error=detail)
    if isinstance(error, PermissionError):
        return Text("cannot be read ({error}); check that your user may read it", error=detail)
    if isinstance(error, FileNotFoundError):
        return Text("cannot be read ({error}): it was moved or removed while the inbox was read; run again",
                    error=detail)
    return Text("cannot be read ({error}); check the file and the disk, then run again", error=detail)


def _reread_for_date_order(conn: sqlite3.Connection, date_order: str | None) -> list[str]:
    """With --date-order, files stored under an assumed other order are read again: the store is rebuilt."""
    if date_order not in ("DMY", "MDY"):
        return []
    names = files_read_otherwise(conn, date_order)
    if not names:
        return []
    clear(conn, date_order)
    return [Text("{file}: read again with --date-order {order}; the store is rebuilt from the inbox",
                 file=name, order=date_order) for name in names]


def _stored_warnings(row: dict[str, object]) -> list[str]:
    """The warnings stored with a file, in the reader's language (see i18n.Text)."""
    return [from_json(item) for item in json.loads(str(row["warnings"]))]


def _stored_text(value: object) -> str:
    """A stored refusal reason in the reader's language: JSON of a Text, or a plain older string."""
    text = str(value)
    if text.startswith("{"):
        try:
            return from_json(json.loads(text))
        except ValueError:
            pass
    return text


def _unknown_senders(program: Program, conn: sqlite3.Connection, roster: Roster,
                     source: bytes) -> tuple[tuple[str, ...], list[str]]:
    if not roster:
        return (), []   # without a roster every author is a participant

    def count() -> list[senders.Sender]:
        effective = roster.linked(number_links(conn))   # as store.effective_roster, without reading roster.csv again
        # Only the senders the roster does not know need their counts and days (sorted by SQLite).
        names = [author for author in author_names(conn) if effective.resolve(author) is None]
        return stored_authors(conn, names) if names else []

    # (three reads of every stored message: remembered for the store's state, so a re-run skips them)
    unknown = senders.remembered(program, senders.state_key(conn, source), count)
    warnings = [_unknown_warning(a, n, first, last, roster) for a, n, first, last in unknown[:UNKNOWN_LISTED]]
    if len(unknown) > UNKNOWN_LISTED:   # a line each for thousands would bury every other warning
        warnings.append(ntext("and {n} more unknown sender, not counted: the whole list is in out/unknown_senders.csv",
                              "and {n} more unknown senders, not counted: the whole list is in "
                              "out/unknown_senders.csv", len(unknown) - UNKNOWN_LISTED, n=len(unknown) - UNKNOWN_LISTED))
    return tuple(row[0] for row in unknown), warnings


def _unknown_warning(author: str, n: int, first: str, last: str, roster: Roster) -> Text:
    """One unknown sender, with "maksudnya …?" when participants of the roster are close (never assigned)."""
    close = [f"{p.name} (no. {p.no})" for p in suggest(author, roster.participants)]
    if not close:
        return ntext("unknown sender '{name}' ({n} message, {span}) is not in roster.csv and is not counted; "
                     "add the name (or the phone, or an alias) to roster.csv if this person takes part",
                     "unknown sender '{name}' ({n} messages, {span}) is not in roster.csv and is not counted; "
                     "add the name (or the phone, or an alias) to roster.csv if this person takes part",
                     n, name=author, n=n, span=_span(first, last))
    return ntext("unknown sender '{name}' ({n} message, {span}) is not in roster.csv and is not counted; did you "
                 "mean {suggestions}? If so, add '{name}' to that row's aliases in roster.csv",
                 "unknown sender '{name}' ({n} messages, {span}) is not in roster.csv and is not counted; did you "
                 "mean {suggestions}? If so, add '{name}' to that row's aliases in roster.csv",
                 n, name=author, n=n, span=_span(first, last), suggestions=Text(
                     "{first} or {second}", first=", ".join(close[:-1]), second=close[-1]) if len(close) > 1 else close[0])


def _span(first: str, last: str) -> str:
    return first[:10] if first[:10] == last[:10] else Text("{first} to {last}", first=first[:10], last=last[:10])


def _missing_files(conn: sqlite3.Connection, present: set[str], folder: Path) -> list[str]:
    """A warning for each stored export that left the inbox — unless an export still there holds
    everything a gone one held (Android saves each week's export under the same name, over the last
    one): its first and last message times span the gone one's, and it has at least as many messages.
    The warning says how to remove its messages too, for an export that was added by mistake."""
    rows = conn.execute("SELECT digest, name, first_at, last_at, messages FROM files WHERE status = 'new' ORDER BY name")
    spans = {digest: (name, first[:16], last[:16], count) for digest, name, first, last, count in rows}
    kept = [spans[d][1:] for d in present if d in spans and spans[d][1]]

    def covered(first: str, last: str, count: int) -> bool:
        return bool(first) and any(f <= first and l >= last and n >= count for f, l, n in kept)

    gone = [span[0] for digest, span in spans.items() if digest not in present and not covered(*span[1:])]
    return [Text("{file}: stored, but no longer in the inbox; its messages are still counted; if it was added by "
                 "mistake, remove them with: whatsapp-ingest forget {folder} {name}", file=name,
                 folder=shell_word(str(folder)), name=shell_word(name)) for name in gone]


def shell_word(text: str) -> str:
    """A folder or file name as typed in a command: in double quotes when it holds a space."""
    return f'"{text}"' if any(c.isspace() for c in text) or not text else text
