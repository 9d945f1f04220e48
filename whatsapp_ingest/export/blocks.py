"""A large export parsed block by block: neither its decoded text nor its messages are ever held whole.

`parse.ExportStream` parses a decoded text held in memory: for a 1,000,000-message export that is
100 MB of UTF-8 and 200–400 MB of Python text. `open_export` reads a large export twice instead,
about a megabyte at a time:

1. a first pass gathers what the parser decides on the whole file — the header shape (from the
   opening sample, which the first block holds whole), whether any line has another header shape,
   whether the line ends are an old Mac's, and the date-order evidence: the lines that
   `dateorder.decide_date_order` reads (each header date's first line, the lines of the first
   attachment names with dates) kept at their line numbers, every other line left empty;
2. `BlockStream.chunks` then parses the blocks, cut at header lines, with the parser's own builder,
   carrying line numbers across blocks, and yields what `ExportStream.chunks` yields.

A file this cannot read so exactly as `ExportStream` would — small, UTF-16, with NUL bytes or
undecodable bytes, an old Mac's line ends, lines of another header shape, not an export at all — is
read whole by `read.read_export` and parsed by `ExportStream`, which also says what is wrong with it.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from datetime import date
from pathlib import Path

from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export import dateorder, formats
from whatsapp_ingest.export.dateorder import DateOrder, decide_date_order
from whatsapp_ingest.export.formats import LOOSE, MARKS, HeaderFormat, detect_format, sample_headers, signature
from whatsapp_ingest.export.parse import (
    MAX_LEADING_LINES, ExportStream, RecordChunk, Region, _Builder, _decode_date, _header_format, _leading_nonempty,
    _not_an_export, _pieces, _warnings,
)
from whatsapp_ingest.export.read import MAX_EXPORT_BYTES, open_chat, read_export
from whatsapp_ingest.i18n import Text
from whatsapp_ingest.records import SourceLine

STREAM_FROM = 8 << 20   # bytes: a smaller export is read whole (its text is small), a larger one in blocks
BLOCK = 1 << 20         # bytes read at a time
FIRST_LINES = 5001      # the first block holds the header sample (formats.sample_headers: 5,000 lines)


class _Whole(Exception):
    """This export is read whole instead (see the module docstring)."""


@dataclass(frozen=True)
class ExportSource:
    """An export ready to be parsed, as often as needed: `stream()` gives a new stream each time."""

    stream: Callable[[], ExportStream | BlockStream]
    ends_whole: bool   # the text ends with a line end (a file that does not may be a copy cut off)


def open_export(path: Path, name: str, digest: str, date_order: str | None = None,
                period: tuple[date, date] | None = None, *, max_bytes: int = MAX_EXPORT_BYTES) -> ExportSource:
    """The export at `path` (shown as `name`), read block by block when it is large, else whole.
    Raises BadExport as `read_export` and `ExportStream` do."""
    try:
        # a zip holds its chat compressed (about 8 times): a smaller zip can hold a large chat
        if path.stat().st_size < (STREAM_FROM // 8 if path.suffix.lower() == ".zip" else STREAM_FROM):
            raise _Whole
        evidence = _first_pass(path, name, date_order, period, max_bytes)
    except (_Whole, BadExport, OSError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        export = read_export(path, max_bytes=max_bytes, digest=digest)
        # what the text says of itself is checked now (BadExport), as for a file read in blocks
        streams = [ExportStream(export.text, name, date_order, export.warnings, period)]

        def whole() -> ExportStream:
            return streams.pop() if streams else ExportStream(export.text, name, date_order, export.warnings, period)

        return ExportSource(whole, export.text.endswith(("\n", "\r")))
    return ExportSource(lambda: BlockStream(path, name, evidence, max_bytes), evidence.ends_whole)


def _lines(path: Path, max_bytes: int) -> Iterator[str]:
    """The decoded text in blocks of whole lines (each but the last ends with "\\n"), CRLF made LF, the
    byte-order mark dropped; the first block holds FIRST_LINES lines and EVIDENCE_PREFIX characters.
    _Whole for what `read_export` would repair or refuse (UTF-16, NUL bytes, undecodable bytes)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    total, carry, first = 0, "", True
    with open_chat(path, max_bytes) as handle:
        while True:
            raw = handle.read(BLOCK)
            total += len(raw)
            utf16 = total == len(raw) and raw.startswith((b"\xff\xfe", b"\xfe\xff"))
            if total > max_bytes or b"\x00" in raw or utf16:
                raise _Whole
            try:
                text = carry + decoder.decode(raw, final=not raw)
            except UnicodeDecodeError:
                raise _Whole from None
            if not raw:
                if text:
                    yield text.replace("\r\n", "\n") if "\r" in text else text
                return
            # (CRLF made LF may halve the text: the first block keeps EVIDENCE_PREFIX characters after it)
            if first and (text.count("\n") < FIRST_LINES or len(text) < 2 * formats.EVIDENCE_PREFIX + 2):
                carry = text   # (a few megabytes, once)
                continue
            cut = text.rfind("\n") + 1
            block, carry, first = text[:cut], text[cut:], False
            if block:
                yield block.replace("\r\n", "\n") if "\r" in block else block


class _Evidence:
    """What the first pass learns of the whole file (see the module docstring)."""

    def __init__(self) -> None:
        self.fmt: HeaderFormat | None = None
        self.order: DateOrder | None = None
        self.ends_whole = False
        self.days_return = True


def _first_pass(path: Path, name: str, date_order: str | None, period: tuple[date, date] | None,
                max_bytes: int) -> _Evidence:
    """Read the file once for what is decided on the whole of it; _Whole when it must be read whole."""
    found = _Evidence()
    blocks = _lines(path, max_bytes)
    head = next(blocks, "")
    blank = MARKS + " \t\r\n"
    if not head[:4096].strip(blank):
        raise _Whole
    sample = sample_headers(head)
    fmt = detect_format(sample)
    if fmt is None or _leading_nonempty(head, sample[0][0]) > MAX_LEADING_LINES:
        raise _Whole
    if {signature(m) for _, _, m in sample} != {fmt}:
        raise _Whole   # another header shape among the first lines: regions (parse._regions)
    core = fmt.core(capture_time=False)
    own, loose = re.compile(core).match, LOOSE.match
    other = re.compile("\n(?!" + core + ")(?:" + LOOSE.pattern + ")")
    header = re.compile("\n" + core)
    dates: set[str] = set()
    kept: list[tuple[int, str]] = []   # (line, text) of the lines the date order reads, after the first block
    if other.search(head):
        raise _Whole   # a line in another header shape after the sample: probe_shapes might see it
    names = len(dateorder._NAMED_DATE.findall(head))
    crs = head.count("\r")
    lfs = head.count("\n")
    first = re.match(core, head)
    written = ([first.group(1)] if first else []) + header.findall(head)
    dates.update(written)
    runs: list[str] = []   # the header dates as written, each run of one date once: do days come back?
    _runs(runs, written)
    line = head.count("\n") + 1   # the line the next block starts with
    last = head
    for block in blocks:
        last = block
        if other.search(block) or (own(block) is None and loose(block)):
            raise _Whole   # a line in another header shape: probe_shapes might see it (parse._prepare)
        crs += block.count("\r")
        lfs += block.count("\n")
        written = header.findall("\n" + block)
        _runs(runs, written)
        new = set(written).difference(dates)
        if new:
            for m in header.finditer("\n" + block):
                if m.group(1) in new:
                    new.discard(m.group(1))
                    dates.add(m.group(1))
                    kept.append(_line_at(block, m.start(), line))   # (m.start(): in "\n" + block)
                    if not new:
                        break
        if names < dateorder._MAX_NAMES:
            for m in dateorder._NAMED_DATE.finditer(block):
                kept.append(_line_at(block, block.rfind("\n", 0, m.start()) + 1, line))
                names += 1
                if names >= dateorder._MAX_NAMES:
                    break
        line += block.count("\n")
    if crs > lfs:
        raise _Whole   # an old Mac's line ends (parse._prepare)
    found.ends_whole = last.endswith(("\n", "\r"))
    text = _evidence_text(head, kept)
    end = len(text) - 1 if text.endswith("\n") else len(text)
    found.fmt = fmt
    found.order = decide_date_order(text, end, fmt, name, date_order, period)
    found.days_return = _days_return(runs, found.order.order)
    return found


MAX_RUNS = 100_000   # an export whose date changes more often than this is taken as one whose days come back


def _runs(runs: list[str], written: list[str]) -> None:
    """Add the runs of equal dates in `written` to `runs` (a run going on from the last block joins it)."""
    if len(runs) <= MAX_RUNS:
        runs.extend(d for d, _ in groupby(written) if not runs or d != runs[-1])


def _days_return(runs: list[str], order: str) -> bool:
    """Whether a day's messages come after another day's and then again (a phone's clock changed,
    exports joined): the store then keeps every message's identity until the file ends."""
    if len(runs) > MAX_RUNS:
        return True
    days = [day for day, _ in groupby(_decode_date(d, order) for d in runs)]
    return None in days or len(days) != len(set(days))


def _line_at(block: str, start: int, line: int) -> tuple[int, str]:
    """(line number, text) of the line of `block` that starts at `start`; `line`: the block's first line."""
    stop = block.find("\n", start)
    return line + block.count("\n", 0, start), block[start: stop if stop >= 0 else len(block)]


def _evidence_text(head: str, kept: list[tuple[int, str]]) -> str:
    """The first block, then each kept line at its own line number, every other line empty."""
    parts = [head if head.endswith("\n") else head + "\n"]
    at = head.count("\n") + (0 if head.endswith("\n") else 1) + 1
    for line, text in sorted(set(kept)):
        parts.append("\n" * (line - at) + text + "\n")
        at = line + 1
    return "".join(parts)


class BlockStream:
    """An export parsed block by block; the same attributes and chunks as `parse.ExportStream`."""

    def __init__(self, path: Path, file: str, evidence: _Evidence, max_bytes: int = MAX_EXPORT_BYTES) -> None:
        assert evidence.fmt is not None and evidence.order is not None
        self._path, self._max = path, max_bytes
        self._fmt, self._order = evidence.fmt, evidence.order
        self.file, self.platform = file, self._fmt.platform
        self.header_format = _header_format((Region(0, 0, self._fmt, self._order),))
        self.date_order, self.date_order_evidence = self._order.order, self._order.evidence
        self.warnings = self._order.warnings
        self.seconds = self._fmt.seconds
        self.days_return = evidence.days_return   # False: a day's messages all come before the next day's
        self.messages = self.total_lines = self.continuation_lines = 0
        self.preamble: tuple[SourceLine, ...] = ()

    def chunks(self) -> Iterator[RecordChunk]:
        """The messages in file order, chunk by chunk (see `parse.ExportStream.chunks`)."""
        builder = _Builder(self.file, self._fmt, self._order.order)
        for text, stop in self._pieces():
            for parts in _pieces(text, (Region(0, stop, self._fmt, self._order),), builder):
                cols = builder.columns(parts)
                self.messages += len(cols[0])
                yield RecordChunk(cols[0], builder.iso_stamps(cols[1], cols[2], cols[0]), *cols[3:], builder.seconds)
        if not self.messages:
            raise _not_an_export(self.file)
        self.total_lines = builder.line - 1
        self.continuation_lines = builder.continuation
        self.preamble = tuple(SourceLine(self.file, i, t) for i, t in enumerate(builder.preamble, 1))
        self.warnings = _warnings(self._order, builder.unknown, self.file)

    def _pieces(self) -> Iterator[tuple[str, int]]:
        """The text cut before header lines, and where each piece's messages stop: each piece but the
        first starts with a header, each but the last stops before the newline that ends its last
        message; the last stops before the file's final newline, as `parse._prepare` has it."""
        after_newline = self._fmt.compile()[0]
        carry = ""
        try:
            for block in _lines(self._path, self._max):
                text = carry + block if carry else block
                cut = len(text)
                while (cut := text.rfind("\n", 0, cut)) > 0 and not after_newline.match(text, cut):
                    pass
                if cut <= 0:
                    carry = text
                    continue
                yield text[:cut], cut
                carry = text[cut + 1:]
        except (_Whole, OSError, ValueError, zipfile.BadZipFile, zlib.error, EOFError) as error:
            # the file changed or went since it was first read: refused like a file that cannot be read
            raise BadExport(self.file, Text("cannot read the file ({error})", error=str(error) or type(error).__name__),
                            Text("check the file and the disk")) from error
        if carry:
            yield carry, len(carry) - 1 if carry.endswith("\n") else len(carry)
