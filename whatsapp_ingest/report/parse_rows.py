"""What `whatsapp-ingest parse` writes: one CSV row per message, and a short summary for people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import os
import stat

from whatsapp_ingest.fileio import atomic_write, file_kind, render_csv
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.i18n import N_, _
from whatsapp_ingest.records import Kind, Message, ParsedExport

COLUMNS = ("file", "line", "timestamp", "author", "kind", "text", "attachment", "edited", "notice")
_NOTICES = (Kind.SYSTEM, Kind.CALL)
_PREAMBLE_SHOWN = 3
# A programme folder's own files, which `parse -o` must never replace (names compared without case).
PROGRAMME_FILES = frozenset({"program.toml", "roster.csv", "overrides.csv", "scores.csv"})
PROGRAMME_FOLDERS = frozenset({"inbox", ".whatsapp-ingest"})
NEW_NAME = N_("give a new file name ending in .csv, e.g. -o records.csv")


def records_csv(messages: Iterable[Message]) -> bytes:
    """The messages as CSV (see fileio.render_csv): timestamp in ISO 8601 local wall time, to the
    second; `edited` true/false; texts as exported (multi-line cells are quoted)."""
    rows = ((m.file, m.line, m.timestamp.isoformat(timespec="seconds"), m.author, m.kind.value, m.text,
             m.attachment, m.edited, m.notice) for m in messages)
    return render_csv(COLUMNS, rows)


def write_records(output: Path, data: bytes, source: Path) -> None:
    """Write `parse -o OUTPUT`: a new file, or an existing regular file that is neither an export nor a
    programme's own file. Refuses (ConfigError) a link (never written through), a device, FIFO or
    folder, the export being read or any other existing .txt/.zip (an export a slip of the keyboard
    would destroy), a programme's program.toml / roster.csv / overrides.csv / scores.csv and anything
    in its inbox/; IngestError when the file cannot be written."""
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
    atomic_write(output, data)


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
