"""What `whatsapp-ingest parse` writes: one CSV row per message, and a short summary for people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from whatsapp_ingest.fileio import atomic_write, render_csv
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.records import Kind, Message, ParsedExport

COLUMNS = ("file", "line", "timestamp", "author", "kind", "text", "attachment", "edited", "notice")
_NOTICES = (Kind.SYSTEM, Kind.CALL)
_PREAMBLE_SHOWN = 3


def records_csv(messages: Iterable[Message]) -> bytes:
    """The messages as CSV (see fileio.render_csv): timestamp in ISO 8601 local wall time, to the
    second; `edited` true/false; texts as exported (multi-line cells are quoted)."""
    rows = ((m.file, m.line, m.timestamp.isoformat(timespec="seconds"), m.author, m.kind.value, m.text,
             m.attachment, m.edited, m.notice) for m in messages)
    return render_csv(COLUMNS, rows)


def write_records(output: Path, data: bytes, source: Path) -> None:
    """Write `parse -o OUTPUT`. Refuses (ConfigError) to replace the export being read or any other
    existing .txt/.zip (an export a slip of the keyboard would destroy); IngestError when the file
    cannot be written."""
    output = Path(output)
    if output.is_file():
        same = False
        try:
            same = output.samefile(source)
        except OSError:
            pass
        if same or output.suffix.lower() in (".txt", ".zip"):
            what = "is the export being read" if same else "is an existing .txt/.zip file (an export?)"
            raise ConfigError(output, f"-o {what}; writing the records there would replace it",
                              "give a new file name ending in .csv, e.g. -o records.csv")
    atomic_write(output, data)


def describe_parse(parsed: ParsedExport) -> str:
    """A few lines a person can check: messages and kinds, authors, first and last timestamp, the
    header format, the date order with its evidence, and how every line was accounted for."""
    messages = parsed.messages
    kinds = Counter(m.kind.value for m in messages)
    authors = {m.author for m in messages if m.author and m.kind not in _NOTICES}
    by_kind = ", ".join(f"{kind} {count:,}" for kind, count in kinds.most_common())
    lines = [f"{parsed.file}: {len(messages):,} messages from {len(authors):,} authors ({by_kind})"]
    if messages:
        first = min(m.timestamp for m in messages)
        last = max(m.timestamp for m in messages)
        lines.append(f"first {first:%Y-%m-%d %H:%M}, last {last:%Y-%m-%d %H:%M}")
    lines.append(f"header format: {parsed.header_format.rstrip()} ({parsed.platform})")
    lines.append(f"date order: {parsed.date_order}, because {parsed.date_order_evidence}")
    lines.append(f"lines: {parsed.total_lines:,} = {len(messages):,} headers + {parsed.continuation_lines:,} "
                 f"continuation + {len(parsed.preamble):,} before the first message")
    if parsed.preamble:
        shown = "; ".join(f"{p.line}: {p.text!r}" for p in parsed.preamble[:_PREAMBLE_SHOWN])
        more = f" and {len(parsed.preamble) - _PREAMBLE_SHOWN} more" if len(parsed.preamble) > _PREAMBLE_SHOWN else ""
        lines.append(f"not part of any message: line {shown}{more}")
    return "\n".join(lines)
