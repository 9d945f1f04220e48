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
from whatsapp_ingest.records import Kind, Message, ParsedExport

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
    kind = message.kind
    if kind == Kind.MESSAGE:
        return minute, "message", text_key(message.text)
    if kind in KIND_CLASS:
        return minute, KIND_CLASS[kind], ""
    body = json.dumps(message.details, ensure_ascii=False) if message.details else text_key(message.text)
    return minute, f"{kind}:{message.notice}", body


def iter_export_rows(parsed: ParsedExport, name: str) -> Iterator[tuple[Any, ...]]:
    """The store rows of one export, one at a time (storing a large export never holds all its
    rows): its messages with their keys and occurrences."""
    seen: Counter[bytes] = Counter()
    blake2b = hashlib.blake2b
    for m in parsed.messages:
        stamp = m.timestamp.isoformat(timespec="seconds")   # "2020-04-06T08:15:00"
        minute, kclass, body = _identity(m, stamp[:10] + " " + stamp[11:16])
        common = f"{minute}\x1f{kclass}\x1f{body}".encode()
        key = blake2b(m.author.encode() + b"\x1e" + common, digest_size=16).digest()
        seen[key] += 1
        mkey = int.from_bytes(blake2b(common, digest_size=8).digest(), "big", signed=True)
        details = json.dumps(dict(m.details), ensure_ascii=False) if m.details else ""
        yield (key, seen[key], mkey, stamp, int(m.seconds), m.author, m.raw_author, str(m.kind), m.text,
               m.attachment, int(m.edited), m.notice, details, name, m.line)
