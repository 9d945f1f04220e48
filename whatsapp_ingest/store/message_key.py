"""What counts as the same message (docs/ingest.md, section 2), and the store rows of one export.

Identity = (minute, author as exported and cleaned, kind class, text key) plus the occurrence: the
k-th identical message of one export in that minute. Without the author it is the key on which
two phones' rows are merged once authors are resolved.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

from whatsapp_ingest.programme.roster import INVISIBLE_CHARS
from whatsapp_ingest.records import Kind, Message, ParsedExport, details_text

# Media placeholders and attachment names differ by platform, language and "with/without media":
# they are one class and their text is ignored for identity.
KIND_CLASS = {Kind.MEDIA: "media", Kind.ATTACHMENT: "media", Kind.VIEW_ONCE: "media",
              Kind.DELETED: "deleted", Kind.POLL: "poll", Kind.LOCATION: "location", Kind.CONTACT: "contact"}
_DROP = {ord(c): None for c in INVISIBLE_CHARS}


def text_key(text: str) -> str:
    """A body as compared: NFC, invisible marks removed, line ends unified, outer spaces trimmed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.translate(_DROP))
    return text.strip()


def identity(message: Message) -> tuple[str, str, str]:
    """(minute, kind class, text key) of a message: what must agree for two rows to be one message."""
    return _identity(message, message.timestamp.isoformat(" ", "minutes"))


def _identity(message: Message, minute: str) -> tuple[str, str, str]:
    return (minute, *_class_and_body(message.kind, message.text, message.notice, message.details))


def _class_and_body(kind: Kind, text: str, notice: str, details: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """(kind class, text key) of a message's fields: the part of its identity besides the minute."""
    if kind == Kind.MESSAGE:
        return "message", text_key(text)
    if kind in KIND_CLASS:
        return KIND_CLASS[kind], ""
    body = json.dumps(details, ensure_ascii=False) if details else text_key(text)
    return f"{kind}:{notice}", body


def iter_export_rows(parsed: ParsedExport, name: str) -> Iterator[tuple[Any, ...]]:
    """The store rows of one export, one at a time (storing a large export never holds all its
    rows): its messages with their keys and occurrences."""
    seen: Counter[bytes] = Counter()
    for m in parsed.messages:
        yield from chunk_rows(name, seen, m.seconds, [m.timestamp.isoformat(timespec="seconds")], [m.line],
                              [m.author], [m.kind], [m.text], [m.attachment], [m.edited], [m.raw_author],
                              [m.notice], [m.details])


def chunk_rows(name: str, seen: Counter[bytes], seconds: bool, stamps: list[str], lines: list[int],
               authors: list[str], kinds: list[Kind], texts: list[str], attachments: list[str], edited: list[bool],
               raw_authors: list[str], notices: list[str],
               details: list[tuple[tuple[str, str], ...]]) -> list[tuple[Any, ...]]:
    """The store rows of consecutive messages of one export, given column by column (`stamps`: ISO
    local times to the second, "2020-04-06T08:15:00"). `seen` counts the keys met so far in this
    export (the occurrence of each), and is updated."""
    blake2b = hashlib.blake2b
    rows = []
    for stamp, line, author, kind, text, attachment, edit, raw, notice, detail in zip(
            stamps, lines, authors, kinds, texts, attachments, edited, raw_authors, notices, details):
        kclass, body = _class_and_body(kind, text, notice, detail)
        common = f"{stamp[:10]} {stamp[11:16]}\x1f{kclass}\x1f{body}".encode()
        key = blake2b(author.encode() + b"\x1e" + common, digest_size=16).digest()
        seen[key] += 1
        mkey = int.from_bytes(blake2b(common, digest_size=8).digest(), "big", signed=True)
        rows.append((key, seen[key], mkey, stamp, int(seconds), author, raw, str(kind), text, attachment,
                     int(edit), notice, details_text(detail), name, line))
    return rows
