"""Parse a decoded export into `Message` records, every physical line accounted for.

The file's header shape is detected once (see `formats`), its date order once (see `dateorder`).
Then the text is cut into small chunks at header lines and each chunk is split by the shape's
compiled regex (one pass in C); a message's body is what lies between its header and the next.
Each chunk then becomes Messages column by column, every step a pass in C over the chunk, which is
kept small so that those passes find it in the CPU cache: dates and times are decoded once per
distinct string, authors once per distinct name, and only the bodies whose shape allows it are
classified (see `classify.may_be_notices`). A line is a header only if it has the file's own shape
at its start; any other line continues the previous message, and the lines before the first header
are the preamble.

Line ends: a physical line ends at "\\n". A "\\r" right before "\\n" (CRLF exports) is dropped, so
multi-line bodies are joined with "\\n"; any other character, including a lone "\\r", is kept — unless
lone "\\r"s outnumber the "\\n"s: then the file has an old Mac's line ends and each "\\r" ends a line. A
final "\\n" at the end of the file ends the last line (it does not start an empty one).
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from itertools import accumulate, compress, groupby, islice, repeat
from operator import add, is_, itemgetter, not_
from typing import Any

from whatsapp_ingest.export import classify as _classify
from whatsapp_ingest.export.dateorder import DateOrder, decide_date_order
from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.i18n import N_, Text, ntext
from whatsapp_ingest.export.formats import (
    MARKS, HeaderFormat, date_fields, decode_time, detect_format, probe_shapes, sample_headers, signature,
)
from whatsapp_ingest.export.calendars import NONE as NO_CALENDAR, calendar_of, to_gregorian
from whatsapp_ingest.records import ExportText, Kind, Message, ParsedExport, SourceLine

NOT_AN_EXPORT = N_("not a WhatsApp chat export: no line starts with a date and time as WhatsApp writes them")
EXPORT_HINT = N_("in WhatsApp open the group, choose More > Export chat, and give that .txt or .zip")
NOT_A_CHAT = N_("not a WhatsApp chat export: its {n} dated lines hold no message from a person and no notice "
                "WhatsApp writes (another document?)")
UNCHANGED_HINT = N_("check that the file is an unchanged WhatsApp export")


def _not_an_export(file: str) -> BadExport:
    return BadExport(file, Text(NOT_AN_EXPORT), Text(EXPORT_HINT))
# A real export starts with a header; allow a few stray lines (a title someone typed) before it.
MAX_LEADING_LINES = 50
CHUNK = 1 << 16  # characters per chunk: small enough that its columns stay in the CPU cache between passes
SPAN_MIN = 1 << 22  # characters: a text is cut into spans read by several processes only above this per span
SHORT_BODY, SHORT_BODIES = 40, 50_000  # bodies up to this length are classified once, this many at most
_UNSEEN = object()
VIEW_ONCE = _classify.Classified(Kind.VIEW_ONCE, "", notice="view_once")
_UNKNOWN_NOTICES = frozenset({"other", _classify.UNKNOWN})
_VIEW_ONCE_NAME = re.compile(r"([^\n:]*[^\s:][^\n:]*):[ \t]*")
_new = object.__new__

# The author of a header whose name is only `~` or invisible marks: visible, and the same in every export.
NAMELESS = "~"
_CLEAN = str.maketrans({**{c: None for c in MARKS}, "\u2011": "-"})


def header_author(raw: str) -> str:
    """Message.author from a header's author: no direction marks, no `~ ` (non-contact) prefix, U+2011 → '-'.

    Not identify.clean_author, which matches names to the roster and also folds spaces and zero-width marks.
    A name made only of `~` or invisible marks becomes NAMELESS, so the message keeps an author.
    """
    author = raw.translate(_CLEAN).strip()
    if author.startswith("~"):
        author = author[1:].lstrip(" \u00a0\u202f")
    if not author and raw.strip():  # only `~` or invisible marks: a person without a name, not a notice
        return NAMELESS
    return author


def _slot_setters() -> tuple[Callable[[Message, object], None], ...] | None:
    """The slot descriptors' setters of `Message`, in field order (None if they cannot be used).

    A frozen dataclass __init__ sets each of its 12 fields through object.__setattr__; at a
    million messages that is a large part of the parse. Writing the slots through their
    descriptors builds the very same object (tests compare it with `Message(...)`); it is used
    only while Message has no __post_init__ that it would skip.
    """
    names = tuple(f.name for f in fields(Message))
    if hasattr(Message, "__post_init__") or Message.__slots__ != names:
        return None
    return tuple(Message.__dict__[n].__set__ for n in names)


# Pays: 1M messages parse in 2.50 s with the setters, 2.97 s with Message(...) (median of 5, bench_parse.py export).
_SETTERS = _slot_setters()


def make_messages(count: int, *columns: Iterable[object]) -> list[Message]:
    """`count` Messages from one iterable per field, in field order (an endless `repeat` is fine).

    Column by column: each field is written to every object in one pass in C (map over the slot
    setter), which is cheaper than a Python call per message.
    """
    if _SETTERS is None:
        return list(islice(map(Message, *columns), count))
    made = list(map(_new, repeat(Message, count)))
    for setter, column in zip(_SETTERS, columns, strict=True):
        deque(map(setter, made, column), maxlen=0)
    return made


def make_message(*values: object) -> Message:
    """One Message from its field values in order, built as `make_messages` builds them."""
    return make_messages(1, *([v] for v in values))[0]


def parse_export(export: ExportText, date_order: str | None = None,
                 period: tuple[date, date] | None = None) -> ParsedExport:
    """Parse a decoded export (see `read.read_export`). `date_order` is used only when undecidable;
    `period` (first and last day of the programme) helps decide it (see dateorder). What reading
    repaired (`export.warnings`) comes first among the warnings."""
    parsed = parse_text(export.text, export.name, date_order, period)
    return replace(parsed, warnings=export.warnings + parsed.warnings) if export.warnings else parsed


def check_is_chat(parsed: ParsedExport) -> None:
    """Raise BadExport when the export's dated lines hold not one message from a person nor one
    notice WhatsApp writes: minutes, a log, a schedule … with dates shaped like a chat's. (`ingest`
    refuses such a file; `parse` shows what it reads.) Stops at the first real message: a chat costs
    nothing here."""
    if all(m.kind is Kind.SYSTEM and m.notice in _UNKNOWN_NOTICES for m in parsed.messages):
        raise BadExport(parsed.file, Text(NOT_A_CHAT, n=len(parsed.messages)), Text(EXPORT_HINT))


def parse_text(text: str, file: str, date_order: str | None = None,
               period: tuple[date, date] | None = None) -> ParsedExport:
    """Parse the text of an export named `file` into messages, preamble lines and warnings.

    `date_order` ("DMY", "MDY", "YMD") is used only when the dates cannot show their own order;
    `period` (first and last day of the programme) chooses it first when the file cannot.
    Raises BadExport when the text is empty or is not a WhatsApp export, or when a header date
    cannot exist in the date order the file shows.
    """
    text, end, regions, order = _prepare(text, file, date_order, period)
    fmt = regions[0].fmt
    builder = _Builder(file, fmt, order.order)
    collecting = gc.isenabled()
    # A million new objects would trigger ever longer full collections, for nothing: 1M messages
    # parse in 2.50 s with the collector off, 3.37 s with it on (median of 5, bench_parse.py export).
    gc.disable()
    try:
        for parts in _pieces(text, regions, builder):
            builder.add(parts)
    finally:
        if collecting:
            gc.enable()
    if not builder.messages:
        raise _not_an_export(file)
    return ParsedExport(
        file=file, messages=tuple(builder.messages), header_format=_header_format(regions),
        platform=fmt.platform, date_order=order.order, date_order_evidence=order.evidence,
        total_lines=text.count("\n", 0, end) + 1, continuation_lines=builder.continuation,
        preamble=tuple(SourceLine(file, i, t) for i, t in enumerate(builder.preamble, 1)),
        warnings=_warnings(order, builder.unknown, file),
    )


def _warnings(order: DateOrder, unknown: int, file: str) -> tuple[str, ...]:
    """The date order's warnings, and one for the `unknown` notices in a wording the tables do not know."""
    warnings = list(order.warnings)
    if unknown:
        warnings.append(ntext(
            "{file}: {count} line is WhatsApp's own text in a wording the tables do not know; it is not "
            "counted as anyone's message",
            "{file}: {count} lines are WhatsApp's own text in a wording the tables do not know; they are not "
            "counted as anyone's message", unknown, file=file, count=unknown))
    return tuple(warnings)


def _prepare(text: str, file: str, date_order: str | None,
             period: tuple[date, date] | None = None) -> tuple[str, int, tuple[Region, ...], DateOrder]:
    """The text with LF line ends, where it ends, its regions (one per header shape, see `_regions`)
    and the date order of the first; BadExport when it is empty or not an export."""
    blank = MARKS + " \t\r\n"
    if not text[:4096].strip(blank) and not text.strip(blank):  # (a strip of the whole text would copy it)
        raise BadExport(file, Text("the file is empty"), Text(EXPORT_HINT))
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if text.count("\r") > text.count("\n"):   # an old Mac's line ends (a lone CR each): lines, not one message
            text = text.replace("\r", "\n")
    sample = sample_headers(text)
    fmt = detect_format(sample)
    if fmt is None or _leading_nonempty(text, sample[0][0]) > MAX_LEADING_LINES:
        raise _not_an_export(file)
    end = len(text) - 1 if text.endswith("\n") else len(text)
    order = decide_date_order(text, end, fmt, file, date_order, period)
    others = {signature(m) for _, _, m in sample} | probe_shapes(text, end, fmt, sample[-1][1])
    others.discard(fmt)
    if not others:   # the common case: one shape, nothing more to look at
        return text, end, (Region(0, end, fmt, order),), order
    regions, kept = _regions(text, end, fmt, order, others, file, date_order, period)
    warnings = list(order.warnings)
    for shape in dict.fromkeys(r.fmt for r in regions if r.fmt != fmt):
        warnings += next(r.order for r in regions if r.fmt == shape).warnings
    if len(regions) > 1:
        warnings.append(_joined_shapes(regions, text, file))
    if kept:
        warnings.append(_kept_inside(kept, file))
    return text, end, regions, DateOrder(order.order, order.evidence, tuple(warnings))


@dataclass(frozen=True, slots=True)
class Region:
    """Consecutive lines of the text, [start, stop), whose headers have one shape and date order."""

    start: int
    stop: int
    fmt: HeaderFormat
    order: DateOrder


# A run of headers of another shape that does not fit the order of time around it (a chat excerpt pasted
# into a message: WhatsApp's "copy" writes such lines) stays inside the message, unless it is LONG_RUN
# long (two overlapping exports joined into one file); one that fits needs MIN_RUN headers (a single
# pasted line quoting a message of the same minute stays a quote).
LONG_RUN, MIN_RUN = 50, 2


def _regions(text: str, end: int, fmt: HeaderFormat, order: DateOrder, others: set[HeaderFormat], file: str,
             date_order: str | None, period: tuple[date, date] | None) -> tuple[tuple[Region, ...], dict[HeaderFormat, int]]:
    """Cut the text where its header shape changes: the regions and, per other shape, how many of its
    header lines stayed inside a message body.

    A run of consecutive headers of another shape starts a region (is read as messages) when it has
    MIN_RUN headers or more and its times fit between the headers of the current shape around it (a
    file edited or joined in order, a phone whose clock setting changed), or when it has LONG_RUN
    headers or more (two exports joined); going back to a shape already read needs one header
    whose time follows the one before it. Otherwise the run is an excerpt pasted into the message
    before it and stays there, as lines of another shape before the first header stay in the preamble.
    """
    shapes = [fmt, *sorted(others, key=lambda f: f.shape("DMY"))]
    orders: dict[int, DateOrder | None] = {0: order}
    for n in range(1, len(shapes)):
        try:
            orders[n] = decide_date_order(text, end, shapes[n], file, date_order, period)
        except BadExport:   # lines whose dates cannot be one shape's: never read as messages
            orders[n] = None
    events: list[tuple[int, int]] = []
    for n, shape in enumerate(shapes):
        core = shape.core(capture_time=False)
        if re.match(core, text):
            events.append((0, n))
        events += [(m.start() + 1, n) for m in re.compile("\n" + core).finditer(text, 0, end)]
    events.sort()
    runs = [(n, [pos for pos, _ in group]) for n, group in groupby(events, key=itemgetter(1))]
    matchers = [shape.compile()[1].match for shape in shapes]

    def stamp(pos: int, n: int) -> datetime | None:
        m, found = matchers[n](text, pos), orders[n]
        if m is None or found is None:
            return None
        first, second = m.group(1), m.group(2)
        written_date, written_time = (second, first) if shapes[n].time_first else (first, second)
        day = _decode_date(written_date, found.order)
        try:
            return datetime.combine(day, time(*decode_time(written_time))) if day else None
        except ValueError:
            return None

    at = {n: [pos for pos, m in events if m == n] for n in range(len(shapes))}

    def in_order(positions: list[int], n: int, current: int, after_too: bool) -> bool:
        """The run's times follow the current region's header before it and, when `after_too`,
        come before its next one (a shape read before needs only the first: its own part resumes)."""
        first, last = stamp(positions[0], n), stamp(positions[-1], n)
        if first is None or last is None:
            return False
        own = at[current]
        k = bisect_left(own, positions[0])
        if k:
            before = stamp(own[k - 1], current)
            if before is None or first < before:
                return False
        k = bisect_left(own, positions[-1])
        if after_too and k < len(own):
            after = stamp(own[k], current)
            if after is None or after < last:
                return False
        return True

    starts: list[tuple[int, int]] = []   # (position, shape) where a region starts
    kept: dict[HeaderFormat, int] = {}
    for n, positions in runs:
        if starts and n == starts[-1][1]:
            continue
        current = starts[-1][1] if starts else 0
        read = any(m == n for _, m in starts)   # a shape already read: back to it after another
        if (n == 0 and not starts) or (orders[n] is not None and (len(positions) >= LONG_RUN
                                                                  or (read or len(positions) >= MIN_RUN)
                                                                  and in_order(positions, n, current, not read))):
            starts.append((positions[0] if starts else 0, n))   # the first region holds the preamble
        else:
            kept[shapes[n]] = kept.get(shapes[n], 0) + len(positions)
    if not starts:
        starts.append((0, 0))
    stops = [pos - 1 for pos, _ in starts[1:]] + [end]  # a region ends before the newline of the next one's first line
    regions = tuple(Region(pos, stop, shapes[n], orders[n]) for (pos, n), stop in zip(starts, stops))  # type: ignore[arg-type]
    return regions, kept


def _header_format(regions: tuple[Region, ...]) -> str:
    """The header shape(s) of the file as ParsedExport names them, e.g. `android-24h: dd/mm/yy HH.MM - `."""
    seen = dict.fromkeys(f"{r.fmt.name}: {r.fmt.shape(r.order.order)}" for r in regions)
    return " + ".join(seen)


def _joined_shapes(regions: tuple[Region, ...], text: str, file: str) -> str:
    """The warning for a file whose header shape changes part-way: where, and that both are read."""
    lines = ", ".join(str(text.count("\n", 0, r.start) + 1) for r in regions[1:])
    shapes = " → ".join(r.fmt.shape(r.order.order).strip() for r in regions)
    return ntext("{file}: the message headers change their shape at line {lines} ({shapes}); each part is read in "
                 "its own shape; if this file joins two exports, giving each as its own file is safer",
                 "{file}: the message headers change their shape at lines {lines} ({shapes}); each part is read in "
                 "its own shape; if this file joins two exports, giving each as its own file is safer",
                 len(regions) - 1, file=file, lines=lines, shapes=shapes)


def _kept_inside(kept: dict[HeaderFormat, int], file: str) -> str:
    """The warning for header-like lines of another shape that stay inside the message before them."""
    count = sum(kept.values())
    shapes = ", ".join(sorted(other.shape("YMD" if other.year_first else "DMY") for other in kept))
    return ntext(
        "{file}: {count} line looks like a message header of another shape ({shapes}) and was kept inside the "
        "message before it; if this file joins two exports, give each export as its own file",
        "{file}: {count} lines look like message headers of another shape ({shapes}) and were kept inside the "
        "message before them; if this file joins two exports, give each export as its own file",
        count, file=file, count=count, shapes=shapes)


@dataclass(frozen=True, slots=True)
class RecordChunk:
    """Consecutive messages of an export, column by column (one list per field, all of one length).

    What `ExportStream.chunks` yields: the fields of `Message`, except that `timestamps` are ISO 8601
    local wall times to the second ("2020-04-06T08:15:00") and `file`/`seconds` are the stream's.
    `details` hold the same `caption_of` as `parse_text`'s records (see `_Builder.captions`).
    """

    lines: list[int]
    timestamps: list[str]
    authors: list[str]
    kinds: list[Kind]
    texts: list[str]
    attachments: list[str]
    edited: list[bool]
    raw_authors: list[str]
    notices: list[str]
    details: list[tuple[tuple[str, str], ...]]
    seconds: bool = False   # the headers of these messages give seconds (a file's shapes may differ)
    # The indices, in order, of every message that is not a plain one (another kind, a file, an edit,
    # a notice or details), and maybe of some that are; None: not known (look at the columns).
    odd: list[int] | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a stream's text that can be parsed apart from the rest (see `ExportStream.spans`).

    [start, stop) of the text; `start` is 0 or the newline before a header, and also where the
    parse of the whole text starts a chunk, so each chunk of a span is the chunk the whole parse
    reads. `line` is the physical line of its first header, or 0: not counted yet (the process that
    reads the span counts it, so that the one cutting the text does not count them all first). `lead`
    is where the message before it starts (its newline; -1 for the first span): an iPhone caption is
    told by the document before it.
    """

    start: int
    stop: int
    line: int
    lead: int = -1


@dataclass(frozen=True, slots=True)
class SpanCounts:
    """What parsing one span counted, for `ExportStream.add_counts`: messages, its last line, the
    continuation lines, notices in an unknown wording, and (first span only) the preamble.
    `names`: each candidate author first seen in the span and whether it was taken for a name
    (False: its first line was a notice, see `_Builder._learn`)."""

    messages: int
    last_line: int
    continuation: int
    unknown: int
    preamble: tuple[str, ...]
    names: dict[str, bool]


class ExportStream:
    """An export parsed piece by piece, for a caller that handles each message once (`parse -o`).

    What the file says about itself is known when the stream is made (header format, date order,
    its evidence); `chunks()` then yields the messages a few hundred at a time, so memory stays that
    of the text, not of a million records. After the chunks are exhausted, `messages`, `total_lines`,
    `continuation_lines`, `preamble` and `warnings` hold what `ParsedExport` would.

    A caller may also cut the text into `spans` and read each apart (in other processes), then give
    the stream each span's `SpanCounts` (`add_counts`) and call `finish`.
    """

    def __init__(self, text: str, file: str, date_order: str | None = None, warnings: tuple[str, ...] = (),
                 period: tuple[date, date] | None = None) -> None:
        """Check the text is an export and decide its shape and date order (BadExport if it is not).
        `warnings`: what reading the file repaired, shown first; `period` as for `parse_text`."""
        self._read_warnings = warnings
        self._text, self._end, self._regions, self._order = _prepare(text, file, date_order, period)
        self._fmt = self._regions[0].fmt
        self.file, self.platform = file, self._fmt.platform
        self.header_format = _header_format(self._regions)
        self.date_order, self.date_order_evidence = self._order.order, self._order.evidence
        self.warnings = warnings + self._order.warnings
        self.seconds = self._fmt.seconds
        self.messages = self.total_lines = self.continuation_lines = 0
        self.preamble: tuple[SourceLine, ...] = ()
        self._unknown = 0
        self._preamble_lines: tuple[str, ...] = ()
        self.last_counts: SpanCounts | None = None

    def chunks(self, span: Span | None = None, names: dict[str, bool] | None = None) -> Iterator[RecordChunk]:
        """The messages in file order, chunk by chunk; BadExport for a header date that cannot
        exist, or at the end when the text held no message at all.

        With a `span`, only that span's messages, and the stream is not finished: `last_counts`
        then holds what the span counted (for `add_counts`). `names`: the candidate authors
        already decided before the span (`SpanCounts.names` of the spans before it), so that a
        span reads them as the whole parse would."""
        builder = _Builder(self.file, self._fmt, self.date_order)
        known = {None, *(names or ())}   # what the span reports is what it decided itself
        if span is not None:
            self._enter(builder, span, names or {})
        count = 0
        for parts in _pieces(self._text, self._regions, builder, span):
            cols = builder.columns(parts)
            count += len(cols[0])
            yield RecordChunk(cols[0], builder.iso_stamps(cols[1], cols[2], cols[0]), *cols[3:], builder.seconds,
                              builder.odd)
        counts = SpanCounts(count, builder.line - 1, builder.continuation, builder.unknown, tuple(builder.preamble),
                            {cand: name is not None for cand, name in builder.authors.items() if cand not in known})
        self.last_counts = counts
        if span is None:
            self.add_counts(counts)
            self.finish()

    def _enter(self, builder: _Builder, span: Span, names: dict[str, bool]) -> None:
        """Set `builder` as the whole parse leaves it where `span` starts: the line, the authors
        decided before, and (iPhone) the document of the message before the span."""
        line = span.line or self._text.count("\n", 0, span.start) + 2   # (`start` is the newline before the header)
        for cand, named in names.items():
            builder.authors[cand] = header_author(cand) if named else None
            if named:
                builder.raws[cand] = cand
        if span.lead >= 0 and builder.ios:   # only iPhone exports carry a document over to its caption
            after_newline, _ = self._fmt.compile()
            builder.line = line - self._text.count("\n", span.lead, span.start)   # the line of its header
            builder.columns(after_newline.split(self._text[span.lead:span.start]))
        builder.line, builder.continuation, builder.unknown = line, 0, 0

    def add_counts(self, counts: SpanCounts) -> None:
        """Add what one span counted (spans in file order)."""
        self.messages += counts.messages
        self.total_lines = max(self.total_lines, counts.last_line)
        self.continuation_lines += counts.continuation
        self._unknown += counts.unknown
        self._preamble_lines = self._preamble_lines or counts.preamble

    def finish(self) -> None:
        """After every span is read: BadExport when the text held no message, else the totals,
        the preamble and the warnings; the text is let go (the stream is read once)."""
        if not self.messages:
            raise _not_an_export(self.file)
        self.preamble = tuple(SourceLine(self.file, i, t) for i, t in enumerate(self._preamble_lines, 1))
        self.warnings = self._read_warnings + _warnings(self._order, self._unknown, self.file)
        self._text = ""

    def spans(self, count: int) -> tuple[Span, ...]:
        """The text cut into up to `count` spans of about equal size, each at least SPAN_MIN
        characters, cut only where the whole parse starts a chunk. One span (the whole text) when
        the file changes its header shape part-way."""
        whole = Span(0, self._end, 1)
        count = min(count, self._end // max(SPAN_MIN, 1))
        if count < 2 or len(self._regions) > 1:
            return (whole,)
        text, end = self._text, self._end
        after_newline, _ = self._fmt.compile()
        cuts: list[tuple[int, int]] = []   # (cut, lead)
        pos, target = 0, end // count
        while pos + CHUNK < end and len(cuts) < count - 1:
            found = after_newline.search(text, pos + CHUNK, end)
            if found is None:
                break
            pos = found.start()
            if pos >= target * (len(cuts) + 1):
                lead = _header_before(text, pos, after_newline)
                if lead >= 0:   # (the first message is never the one before a cut: span 0 holds a header)
                    cuts.append((pos, lead))
        if not cuts:
            return (whole,)
        starts = [0] + [c for c, _ in cuts]
        stops = starts[1:] + [end]
        lines = [1] + [0] * len(cuts)   # counted by whoever reads the span (see Span)
        leads = [-1] + [lead for _, lead in cuts]
        return tuple(Span(a, b, line, lead) for a, b, line, lead in zip(starts, stops, lines, leads))


def _header_before(text: str, pos: int, after_newline: re.Pattern[str]) -> int:
    """The newline that starts the header before position `pos` (a header's newline), or -1 when
    the message before `pos` is the text's first."""
    at = pos
    while True:
        at = text.rfind("\n", 0, at)
        if at < 0:
            return -1
        if after_newline.match(text, at):
            return at


def stream_export(export: ExportText, date_order: str | None = None) -> ExportStream:
    """An `ExportStream` of a decoded export (see `read.read_export`)."""
    return ExportStream(export.text, export.name, date_order, export.warnings)


def _leading_nonempty(text: str, line: int) -> int:
    """How many non-empty lines come before line `line`."""
    pos = nonempty = 0
    for _ in range(line - 1):
        nl = text.find("\n", pos)
        if text[pos:nl].strip(MARKS + " \t"):
            nonempty += 1
        pos = nl + 1
    return nonempty


CAPTION_OF = "caption_of"
_DOCUMENT_KINDS = (Kind.ATTACHMENT, Kind.MEDIA)


def _view_once_name(body: str) -> str:
    """The name of an author-less line that is only `Name:` (a view-once media), else ""."""
    if len(body) > 120 or not body.endswith((":", ": ", ":\t")):
        return ""
    m = _VIEW_ONCE_NAME.fullmatch(body)
    return m.group(1) if m else ""


def _pieces(text: str, regions: tuple[Region, ...], builder: _Builder,
            span: Span | None = None) -> Iterator[list[str | None]]:
    """The text cut at header lines, chunk by chunk (bounded temporary memory), as re.split gives
    each: [_, date, time, author, body, …]. Sets `builder.preamble` and `builder.line` from the
    lines before the first header, and switches the builder to each region's shape. With a `span`
    (of a text of one region), only the chunks of that span.

    Chunks are cut at a newline that starts a header, so each chunk after the first is
    `\\n<header>…` and re.split on the header pattern yields its messages whole.
    """
    for region in regions:
        if len(regions) > 1:
            builder.use(region.fmt, region.order.order)
        after_newline, at_start = region.fmt.compile()
        pos, end = (region.start, region.stop) if span is None else (span.start, span.stop)
        while pos < end:
            cut = after_newline.search(text, pos + CHUNK, end) if pos + CHUNK < end else None
            stop = cut.start() if cut else end
            parts = after_newline.split(text[pos:stop])
            if pos == region.start:
                head = at_start.match(parts[0])
                if head:  # the first line is a header: its message is parts[0]
                    parts[0:1] = ["", *head.groups(), parts[0][head.end():]]  # type: ignore[list-item]
                else:
                    builder.preamble = parts[0].split("\n")
                    builder.line = len(builder.preamble) + 1
            if len(parts) > 1:
                yield parts
            pos = stop


class _Builder:
    """Turns the header matches of one chunk of text into Messages, column by column.

    Each step runs over a whole chunk at C speed (re.split, str.count, dict lookups through map);
    Python-level work is left for the few messages that need a decision: a candidate author
    seen for the first time, a line without `Author: `, a body that is a notice or placeholder.
    """

    def __init__(self, file: str, fmt: HeaderFormat, order: str) -> None:
        self.file = file
        self.shapes: dict[HeaderFormat, tuple] = {}   # per shape of a file with several: its own caches
        self.document: tuple[str, str, str, int] | None = None  # (date, time, author, line) of a chunk's last document
        self._shape(fmt, order)
        self.messages: list[Message] = []
        self.continuation = 0
        self.line = 1            # the line of the next chunk's first header
        self.preamble: list[str] = []
        self.unknown = 0  # notices in a wording no table holds ("other", "unknown")
        self.odd: list[int] = []  # of the last `columns`: the messages that may not be plain (see RecordChunk.odd)

    def use(self, fmt: HeaderFormat, order: str) -> None:
        """Read the next lines in shape `fmt` with date order `order` (a file whose shape changes)."""
        self.document = None
        self._shape(fmt, order)

    def _shape(self, fmt: HeaderFormat, order: str) -> None:
        """Set what depends on the header shape; each shape keeps its own caches (the same date
        string can mean another day in another shape's date order)."""
        if fmt not in self.shapes:
            self.shapes[fmt] = ({}, {}, {None: None}, {}, {}, {}, {})
        (self.dates, self.times, self.authors, self.raws, self.short, self.iso_dates,
         self.iso_times) = self.shapes[fmt]
        self.order, self.seconds = order, fmt.seconds
        self.android = fmt.frame == "android"
        self.ios = fmt.platform == "ios"
        # Android and the legacy iPhone shape write notices without an author: a notice that holds ": "
        # (`X changed the subject to "a: b"`) must be recognised before the line is split at ": ".
        self.authorless = fmt.frame in ("android", "legacy")
        self.time_first = fmt.time_first

    def add(self, parts: list[str | None]) -> None:
        """Add the messages of `parts` ([_, date, time, author, body, …] as re.split gives them)."""
        lines, dates, times, *rest = self.columns(parts)
        self.messages += make_messages(len(lines), repeat(self.file), lines, self._stamps(dates, times, lines),
                                       *rest, repeat(self.seconds))

    def columns(self, parts: list[str | None]) -> tuple[list, ...]:
        """The messages of `parts` as columns: lines, dates and times as written, then the fields of
        `Message` from `author` to `details`. Advances `line` past them."""
        firsts, seconds, candidates, bodies = parts[1::4], parts[2::4], parts[3::4], parts[4::4]
        dates, times = (seconds, firsts) if self.time_first else (firsts, seconds)
        conts = list(map(str.count, bodies, repeat("\n")))
        self.continuation += sum(conts)
        lines = list(accumulate(map(add, conts, repeat(1)), initial=self.line))
        self.line = lines.pop()
        known = self.authors
        try:
            authors = list(map(known.__getitem__, candidates))
        except KeyError:  # names not seen before
            self._learn(set(candidates).difference(known), candidates, bodies)
            authors = list(map(known.__getitem__, candidates))
        raws = list(map(self.raws.get, candidates))  # one shared string per author, not one per line
        n = len(bodies)
        # Lines the table does not settle: no ": " on the header line, or a name that was a notice.
        notices: dict[int, _classify.Classified] = {}
        for i in compress(range(n), map(is_, authors, repeat(None))):
            cand = candidates[i]
            if cand is None:
                named = _view_once_name(bodies[i])
                if named:  # `Name:` and nothing after it: that person's view-once media
                    authors[i], raws[i] = header_author(named), named
                    notices[i] = VIEW_ONCE
                    bodies[i] = ""
                    continue
                notices[i] = _classify.classify(bodies[i], False)
            else:
                rest = f"{cand}: {bodies[i]}"
                c = _classify.classify_authorless(rest) if self.authorless else None
                if c is None:
                    authors[i], raws[i] = header_author(cand), cand
                    continue
                notices[i] = c
            authors[i] = raws[i] = ""
        # Most bodies are ordinary by their shape alone; short ones repeat ("<Media omitted>"): classified once.
        cache = self.short
        found: list[_classify.Classified | None] = [None] * n
        classify, ios = _classify.classify, self.ios
        for i in _classify.may_be_notices(bodies, conts):
            body = bodies[i]
            c = cache.get(body, _UNSEEN)
            if c is _UNSEEN:
                c = classify(body, True, ios)
                if len(body) <= SHORT_BODY and len(cache) < SHORT_BODIES:
                    cache[body] = c
            found[i] = c  # type: ignore[assignment]
        for i, c in notices.items():
            found[i] = c
        if "" in bodies:  # an author and nothing after `Name: `: a view-once media
            for i in compress(range(n), map(not_, bodies)):
                if found[i] is None and authors[i]:
                    found[i] = VIEW_ONCE
        kinds, attachments, edited = [Kind.MESSAGE] * n, [""] * n, [False] * n
        names, details = [""] * n, [()] * n
        odd = list(compress(range(n), found))
        for i in odd:
            c = found[i]
            kinds[i], bodies[i], attachments[i], edited[i] = c.kind, c.text, c.attachment, c.edited
            names[i], details[i] = c.notice, c.details
            if c.notice in _UNKNOWN_NOTICES:
                self.unknown += 1
        if self.ios:
            captions = self.captions(found, lines, dates, times, authors, kinds, attachments, details)
            if captions:
                odd = sorted({*odd, *captions})
        self.odd = odd
        return lines, dates, times, authors, kinds, bodies, attachments, edited, raws, names, details

    def captions(self, found: list[_classify.Classified | None], lines: list[int], dates: list[str],
                 times: list[str], authors: list[str], kinds: list[Kind], attachments: list[str],
                 details: list[tuple[tuple[str, str], ...]]) -> list[int]:
        """Mark each iPhone caption that WhatsApp wrote as a message of its own after a document.

        iPhone exports write a document's caption as a second message right after the file, by the
        same author in the same second. It stays a message (its text is what rules read), with the
        detail `caption_of` = the line of the document, so that figures count the two as one
        submission. Only classified bodies can be documents, so the loop runs over those alone; a
        document ending a chunk is remembered for the first message of the next one. Returns the
        indices of the captions marked.
        """
        n = len(lines)
        marked: list[int] = []
        before, self.document = self.document, None
        if before is not None and n and kinds[0] is Kind.MESSAGE and (dates[0], times[0], authors[0]) == before[:3]:
            details[0] += ((CAPTION_OF, str(before[3])),)
            marked.append(0)
        for i in compress(range(n), found):
            if kinds[i] not in _DOCUMENT_KINDS or not authors[i]:
                continue
            if not attachments[i] and ("type", "document") not in details[i]:
                continue
            if i + 1 == n:
                self.document = (dates[i], times[i], authors[i], lines[i])
            elif (kinds[i + 1] is Kind.MESSAGE and authors[i + 1] == authors[i] and times[i + 1] == times[i]
                  and dates[i + 1] == dates[i]):
                details[i + 1] += ((CAPTION_OF, str(lines[i])),)
                marked.append(i + 1)
        return marked

    def _learn(self, new: set[str], candidates: list[str | None], bodies: list[str]) -> None:
        """Settle each new candidate author on its first line: a person's name, or None when that
        line is a notice (`X changed the subject to "a: b"`); None names are decided line by line."""
        first = dict(zip(reversed(candidates), range(len(candidates) - 1, -1, -1)))
        for cand in new:
            if self.authorless and _classify.classify_authorless(f"{cand}: {bodies[first[cand]]}") is not None:
                self.authors[cand] = None
            else:
                self.authors[cand], self.raws[cand] = header_author(cand), cand

    def _stamps(self, dates: list[str], times: list[str], lines: list[int]) -> list[datetime]:
        """The timestamps, decoding each distinct date and time string once (most are known).

        A date is kept as its midnight and a time as the span since midnight: adding the two
        (in C, through map) is cheaper than datetime.combine and gives the same naive datetime.
        """
        return list(map(add, self._days(dates, lines), self._clocks(times, lines)))

    def iso_stamps(self, dates: list[str], times: list[str], lines: list[int]) -> list[str]:
        """The timestamps as ISO 8601 text to the second, each distinct date and time formatted once."""
        return list(map(add, self._days(dates, lines, self.iso_dates), self._clocks(times, lines, self.iso_times)))

    # Dates and times are looked up a column at a time, each column on its own: most chunks bring a
    # day not seen before, and then only the dates are looked at again, not the times as well
    # (1M messages over 3 years: the ISO timestamps took 0.21 s with one lookup of both, 0.13 s so).

    def _days(self, dates: list[str], lines: list[int], iso: dict[str, str] | None = None) -> list:
        """The midnight of each date (`iso`: its ISO text `2020-04-06T` instead), decoding new ones."""
        return _looked_up(dates, lines, self.dates, self._decode_dates, iso,
                          lambda day: day.isoformat(timespec="seconds")[:11])

    def _clocks(self, times: list[str], lines: list[int], iso: dict[str, str] | None = None) -> list:
        """The span since midnight of each time (`iso`: its text `08:15:00` instead), decoding new ones."""
        return _looked_up(times, lines, self.times, self._decode_times, iso, lambda span: str(span).zfill(8))

    def _decode_dates(self, dates: list[str], lines: list[int]) -> None:
        """Decode the dates not seen before; refuse one that cannot exist."""
        known_dates = self.dates
        for written in {d for d, _ in groupby(dates)}.difference(known_dates):  # dates come in runs
            day = _decode_date(written, self.order)
            if day is None:
                raise _no_such_date(self.file, written, self.order, lines[dates.index(written)])
            known_dates[written] = datetime(day.year, day.month, day.day)

    def _decode_times(self, times: list[str], lines: list[int]) -> None:
        """Decode the times not seen before; refuse one that cannot exist."""
        known_times = self.times
        for written in set(times).difference(known_times):
            try:
                clock = time(*decode_time(written))
            except ValueError:
                raise BadExport(self.file, Text("the time {time} in a header cannot exist", time=written), Text(UNCHANGED_HINT),
                                lines[times.index(written)]) from None
            known_times[written] = timedelta(hours=clock.hour, minutes=clock.minute, seconds=clock.second)


def _ymd(written: str, order: str) -> tuple[int, int, int]:
    """(year, month, day) of a header date as written, in the file's date order."""
    a, b, c = date_fields(written)
    return (a, b, c) if order == "YMD" else (c, b, a) if order == "DMY" else (c, a, b)


def _decode_date(written: str, order: str) -> date | None:
    """The Gregorian date of a header in the file's date order and its year's calendar (see
    `calendars`), or None if no such day exists."""
    try:
        return to_gregorian(*_ymd(written, order))
    except ValueError:
        return None


def _no_such_date(file: str, written: str, order: str, line: int) -> BadExport:
    """The refusal of a header date that cannot be placed: a year of no calendar, or no such day."""
    year = _ymd(written, order)[0]
    if calendar_of(year) == NO_CALENDAR:
        return BadExport(file, Text("the year {year} of the header date {date} is of no calendar WhatsApp writes "
                                    "(Gregorian, Buddhist, Japanese, Persian or Hijri)", year=year, date=written),
                         Text(UNCHANGED_HINT), line)
    return BadExport(file, Text("the date {date} in a header does not exist when read {order}", date=written,
                                order=order), Text(UNCHANGED_HINT), line)


def _looked_up(written: list[str], lines: list[int], decoded: dict, decode: Callable[[list[str], list[int]], None],
               iso: dict[str, str] | None, as_text: Callable[[Any], str]) -> list:
    """Each written date or time looked up in `decoded` (or, given `iso`, its text there), the ones
    not seen before decoded first: a dict lookup per value, the decoding only for new ones."""
    table = decoded if iso is None else iso
    try:
        return list(map(table.__getitem__, written))
    except KeyError:
        decode(written, lines)
        if iso is not None:
            for new in set(written).difference(iso):
                iso[new] = as_text(decoded[new])
        return list(map(table.__getitem__, written))
