"""What `whatsapp-ingest parse` writes: one CSV row per message, and a short summary for people.

The command streams: `write_stream` writes each chunk of an `ExportStream` as it is parsed, so a
million-message export never becomes a million records or one CSV in memory. The rows are the
same bytes `records_csv` makes of the `Message` records (a test compares them).
"""

from __future__ import annotations

import os
import re
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, repeat
from operator import contains, is_not
from pathlib import Path
from typing import TextIO

from whatsapp_ingest.export.parse import ExportStream, RecordChunk, Span
from whatsapp_ingest.fileio import FORMULA_START, atomic_write, file_kind, neutralise, render_csv
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.i18n import N_, _, number
from whatsapp_ingest.records import Kind, Message, ParsedExport, details_text

COLUMNS = ("file", "line", "timestamp", "author", "kind", "text", "attachment", "edited", "notice", "details")
_NOTICES = (Kind.SYSTEM, Kind.CALL)
_PREAMBLE_SHOWN = 3
# A programme folder's own files, which `parse -o` must never replace (names compared without case).
PROGRAMME_FILES = frozenset({"program.toml", "roster.csv", "overrides.csv", "scores.csv"})
PROGRAMME_FOLDERS = frozenset({"inbox", ".whatsapp-ingest"})
# The kinds as people read them in the summary (the CSV keeps the contract names).
KIND_WORDS = {"message": N_("message"), "media": N_("media"), "attachment": N_("attachment"),
              "deleted": N_("deleted"), "system": N_("notice"), "poll": N_("poll"), "location": N_("location"),
              "contact": N_("contact"), "call": N_("call"), "view_once": N_("view once")}
NEW_NAME = N_("give a new file name ending in .csv, e.g. -o records.csv")


def records_csv(messages: Iterable[Message]) -> bytes:
    """The messages as CSV (see fileio.render_csv): timestamp in ISO 8601 local wall time, to the
    second; `edited` true/false; texts as exported (multi-line cells are quoted); `details` what a
    notice named or an iPhone caption's document line, as a JSON object (`records.details_text`)."""
    rows = ((m.file, m.line, m.timestamp.isoformat(timespec="seconds"), m.author, m.kind.value, m.text,
             m.attachment, m.edited, m.notice, details_text(m.details)) for m in messages)
    return render_csv(COLUMNS, rows)


def write_records(output: Path, data: bytes, source: Path) -> None:
    """Write `parse -o OUTPUT`: a new file, or an existing regular file that is neither an export nor a
    programme's own file. Refuses (ConfigError) a link (never written through), a device, FIFO or
    folder, the export being read or any other existing .txt/.zip (an export a slip of the keyboard
    would destroy), a programme's program.toml / roster.csv / overrides.csv / scores.csv and anything
    in its inbox/; IngestError when the file cannot be written."""
    check_output(output, source)
    atomic_write(output, data)


def check_output(output: Path, source: Path) -> None:
    """Refuse (ConfigError) an `-o OUTPUT` that `write_records` would refuse (see there)."""
    output = Path(output)
    try:
        mode = os.lstat(output).st_mode
    except OSError:
        mode = None   # a new file (or one that cannot be looked at: writing says why)
    if mode is not None and stat.S_ISLNK(mode):
        raise ConfigError(output, _("-o is a link; writing the records there would change the file it points to"),
                          _(NEW_NAME))
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):   # a folder: atomic_write says so
        raise ConfigError(output, _("-o is {what}, not a file").format(what=file_kind(mode)), _(NEW_NAME))
    if mode is not None and stat.S_ISREG(mode):
        same = False
        try:
            same = output.samefile(source)
        except OSError:
            pass
        if same or output.suffix.lower() in (".txt", ".zip"):
            message = (_("-o is the export being read; writing the records there would replace it") if same else
                       _("-o is an existing .txt/.zip file (an export?); writing the records there would replace it"))
            raise ConfigError(output, message, _(NEW_NAME))
    owned = _programme_part(output)
    if owned:
        raise ConfigError(output, _("-o is {what} of the programme folder; writing the records there would "
                                    "replace it").format(what=owned), _(NEW_NAME))


def _programme_part(output: Path) -> str:
    """What `output` is of a programme folder ("its roster.csv", "a file in its inbox/"), or ""."""
    try:
        folder = output.parent.resolve()
    except (OSError, RuntimeError):
        return ""
    if output.name.lower() in PROGRAMME_FILES and _is_programme(folder):
        return output.name
    for inner, outer in zip((folder, *folder.parents), folder.parents):
        if inner.name.lower() in PROGRAMME_FOLDERS and _is_programme(outer):
            return _("a file in {folder}/").format(folder=inner.name)
    return ""


def _is_programme(folder: Path) -> bool:
    try:
        return (folder / "program.toml").exists() or (folder / "inbox").is_dir() and (folder / "roster.csv").exists()
    except OSError:
        return False


@dataclass
class Tally:
    """What the summary counts, gathered chunk by chunk: kinds, people's names, first and last time."""

    kinds: Counter[str]
    authors: set[str]
    first: str = ""   # ISO timestamps; "" before any message
    last: str = ""

    def add(self, kinds: list[Kind], authors: list[str], timestamps: list[str]) -> None:
        """Count one chunk (its columns)."""
        self.kinds.update(kinds)
        notices = list(compress(range(len(kinds)), map(_NOTICE_SET.__contains__, kinds)))
        if notices:
            authors = authors.copy()
            for i in notices:
                authors[i] = ""
        self.authors.update(authors)
        if timestamps:
            self.span(min(timestamps), max(timestamps))

    def span(self, low: str, high: str) -> None:
        """Widen the first and last time to take in [low, high]."""
        self.first = min(self.first, low) if self.first else low
        self.last = max(self.last, high)

    def merge(self, other: Tally) -> None:
        """Add what another part of the same export counted."""
        self.kinds.update(other.kinds)
        self.authors.update(other.authors)
        if other.first:
            self.span(other.first, other.last)


_NOTICE_SET = frozenset(_NOTICES)
_FALSE_TRUE = ("false", "true")
_MESSAGE = Kind.MESSAGE
_PLAIN_END = ",,false,,\r\n"   # attachment, edited, notice and details of an ordinary message
_ROW = 8                         # items per row in a chunk's flat list (see ChunkRows)


def write_stream(stream: ExportStream, handle: TextIO, *, bom: bool = True) -> Tally:
    """Write the stream's records as CSV to `handle` chunk by chunk (the bytes `records_csv` gives;
    `bom=False` leaves out the byte-order mark, for a terminal), and count them for the summary."""
    tally = write_rows(stream, handle, header(bom))
    tally.authors.discard("")
    return tally


def header(bom: bool = True) -> str:
    """The CSV's header line (with the byte-order mark unless `bom` is False)."""
    return ("\ufeff" if bom else "") + ",".join(COLUMNS) + "\r\n"


def write_rows(stream: ExportStream, handle: TextIO, first: str = "", span: Span | None = None,
               names: dict[str, bool] | None = None) -> Tally:
    """Write the rows of the stream, or of one `span` of it (see `ExportStream.chunks`), to
    `handle`; `first` (the header) goes before them once the text is known to hold messages."""
    tally = Tally(Counter(), set())
    rows = ChunkRows(stream.file)
    for chunk in stream.chunks(span, names):
        if first:
            handle.write(first)
            first = ""
        handle.write(rows.csv(chunk, tally))
    return tally


class ChunkRows:
    """Turns the chunks of one export into CSV rows (what `records_csv` writes for their messages).

    Each chunk's rows are laid out in one flat list, eight items a row (file, line, comma,
    timestamp, comma, author with kind, text, and the last four columns), filled column by column
    through slice assignments and joined once. The rows that are not plain messages (about one in
    eight) get their last columns from a cache keyed by what those hold, looked up a column at a
    time as well; only those naming a file are written one by one.
    """

    def __init__(self, file: str) -> None:
        self.file = _cell(file) + ","
        self.authors: dict[tuple[str, Kind], str] = {}   # (author, kind) → `author,kind,`: a few hundred
        # (edited, notice, details) → the row's last four columns, attachment empty, with the line end
        self.ends: dict[tuple[bool, str, tuple[tuple[str, str], ...]], str] = {}

    def csv(self, chunk: RecordChunk, tally: Tally) -> str:
        """The rows of one chunk, each ending in "\\r\\n"; `tally` counts them (as `Tally.add` would)."""
        n = len(chunk.lines)
        flat: list[str] = [",", ",", ",", ","] * (n * 2)   # items 2 and 4 of every row stay commas
        flat[0::_ROW] = repeat(self.file, n)
        flat[1::_ROW] = map(str, chunk.lines)
        flat[3::_ROW] = chunk.timestamps
        kinds, authors, cells = chunk.kinds, chunk.authors, self.authors
        try:
            flat[5::_ROW] = map(cells.__getitem__, zip(authors, kinds))
        except KeyError:   # an author (or a kind for an author) not seen before
            for key in set(zip(authors, kinds)).difference(cells):
                cells[key] = f"{_cell(key[0])},{key[1]},"
            flat[5::_ROW] = map(cells.__getitem__, zip(authors, kinds))
        flat[6::_ROW] = _cells(chunk.texts)
        flat[7::_ROW] = repeat(_PLAIN_END, n)
        # The rows with anything in the last four columns: another kind, an edit, a file, a notice, details.
        attachments, edited, notices, details = chunk.attachments, chunk.edited, chunk.notices, chunk.details
        rows = chunk.odd if chunk.odd is not None else _odd(chunk)
        names = set(authors)
        if rows:
            keys = list(zip(map(edited.__getitem__, rows), map(notices.__getitem__, rows),
                            map(details.__getitem__, rows)))
            ends = self.ends
            try:
                tails = list(map(ends.__getitem__, keys))
            except KeyError:   # endings not seen before (kept while the cache has room)
                new = {key: f",{self._end(*key)}" for key in set(keys).difference(ends)}
                tails = list(map(new.get, keys, map(ends.get, keys)))
                if len(ends) < _ENDS_KEPT:
                    ends.update(new)
            for j in compress(range(len(rows)), map(attachments.__getitem__, rows)):   # file names differ
                tails[j] = f",{_cell(attachments[rows[j]])}{tails[j][1:]}"
            for i, tail in zip(rows, tails):
                flat[i * _ROW + 7] = tail
            noticed = compress(rows, map(_NOTICE_SET.__contains__, map(kinds.__getitem__, rows)))
            for name, times in Counter(map(authors.__getitem__, noticed)).items():
                if name and authors.count(name) == times:   # a name only under notices is no author's
                    names.discard(name)
        # Kinds enter the Counter in the order they first occur (the summary's order for a tie).
        tally.kinds.update(kinds)
        tally.authors |= names
        if n:
            tally.span(min(chunk.timestamps), max(chunk.timestamps))
        return "".join(flat)

    @staticmethod
    def _end(edited: bool, notice: str, details: tuple[tuple[str, str], ...]) -> str:
        """The row's last three columns (edited, notice, details) with their commas and the line end."""
        return f",{_FALSE_TRUE[edited]},{_cell(notice)},{_cell(details_text(details))}\r\n"


def _odd(chunk: RecordChunk) -> list[int]:
    """The indices of the chunk's messages that are not plain ones (see `RecordChunk.odd`)."""
    n = len(chunk.kinds)
    odd = set(compress(range(n), map(is_not, chunk.kinds, repeat(_MESSAGE))))
    for column in (chunk.edited, chunk.attachments, chunk.notices, chunk.details):
        odd.update(compress(range(n), column))
    return sorted(odd)


_ENDS_KEPT = 10_000   # distinct endings kept (details such as a group's new name can differ every time)


def _cell(text: str) -> str:
    """One text cell as `records_csv` writes it: neutralised (fileio.neutralise), then quoted where it
    holds a comma, a quote or a line end (quotes doubled), as csv.writer does (QUOTE_MINIMAL, "\\r\\n")."""
    text = neutralise(text)
    if _NEEDS_QUOTES(text):
        return '"' + text.replace('"', '""') + '"'
    return text


_NEEDS_QUOTES = re.compile('[,"\r\n]').search
_QUOTED = (",", "\n", '"', "\r")
_FORMULA_AFTER_SEP = re.compile("\x00[" + re.escape("".join(FORMULA_START)) + "]").search


def _cells(column: list[str]) -> list[str]:
    """`_cell` of each text. The few that need it are found by passes in C over the column, one per
    character that asks for quotes, and only for a character the joined column holds at all: `in`
    finds one character at memchr speed (1M texts: 0.08 s, where a regex search of each took 0.23 s)."""
    joined = "\x00".join(column)
    n = len(column)
    hits: set[int] = set()
    for char in _QUOTED:
        if char in joined:
            hits.update(compress(range(n), map(contains, column, repeat(char))))
    # A formula start is rare: one search of the joined texts tells whether a chunk has one at all.
    if column and (column[0].startswith(FORMULA_START) or _FORMULA_AFTER_SEP(joined)):
        hits.update(compress(range(n), map(str.startswith, column, repeat(FORMULA_START))))
    if hits:
        column = column.copy()
        for i in hits:
            column[i] = _cell(column[i])
    return column


def describe_parse(parsed: ParsedExport | ExportStream, tally: Tally | None = None) -> str:
    """A few lines a person can check: messages and kinds, authors, first and last timestamp, the
    header format, the date order with its evidence, and how every line was accounted for.

    For a streamed export, `tally` is what `write_stream` counted."""
    if isinstance(parsed, ParsedExport):
        tally = Tally(Counter(), set())
        tally.add([m.kind for m in parsed.messages], [m.author for m in parsed.messages],
                  [m.timestamp.isoformat(timespec="seconds") for m in parsed.messages])
        tally.authors.discard("")
        count = len(parsed.messages)
    else:
        assert tally is not None, "a streamed export is described with the tally write_stream made"
        count = parsed.messages
    by_kind = ", ".join(f"{_(KIND_WORDS.get(str(kind), str(kind)))} {number(n)}" for kind, n in tally.kinds.most_common())
    lines = [_("{file}: {messages} messages from {authors} authors ({kinds})").format(
        file=parsed.file, messages=number(count), authors=number(len(tally.authors)), kinds=by_kind)]
    if count:
        first, last = tally.first, tally.last
        lines.append(_("first {first}, last {last}").format(first=f"{first[:10]} {first[11:16]}",
                                                             last=f"{last[:10]} {last[11:16]}"))
    lines.append(_("header format: {format} ({platform})").format(format=parsed.header_format.rstrip(),
                                                                   platform=parsed.platform))
    lines.append(_("date order: {order}, because {evidence}").format(order=parsed.date_order,
                                                                      evidence=parsed.date_order_evidence))
    lines.append(_("lines: {total} = {headers} headers + {continuation} continuation + {preamble} before the first "
                   "message").format(total=number(parsed.total_lines), headers=number(count),
                                     continuation=number(parsed.continuation_lines), preamble=number(len(parsed.preamble))))
    if parsed.preamble:
        shown = "; ".join(f"{p.line}: {p.text!r}" for p in parsed.preamble[:_PREAMBLE_SHOWN])
        if len(parsed.preamble) > _PREAMBLE_SHOWN:
            lines.append(_("not part of any message: line {lines} and {n} more").format(
                lines=shown, n=len(parsed.preamble) - _PREAMBLE_SHOWN))
        else:
            lines.append(_("not part of any message: line {lines}").format(lines=shown))
    return "\n".join(lines)
