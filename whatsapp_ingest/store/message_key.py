"""What counts as the same message (docs/ingest.md, section 2), and the store rows of one export.

Identity = (minute, author as exported and cleaned, kind class, text key) plus the occurrence: the
k-th identical message of one export in that minute. Without the author it is the key on which
two phones' rows are merged once authors are resolved.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import repeat
from typing import Any

from whatsapp_ingest.programme.roster import INVISIBLE_CHARS
from whatsapp_ingest.records import Kind, Message, ParsedExport, details_text

# Media placeholders and attachment names differ by platform, language and "with/without media":
# they are one class and their text is ignored for identity.
KIND_CLASS = {Kind.MEDIA: "media", Kind.ATTACHMENT: "media", Kind.VIEW_ONCE: "media",
              Kind.DELETED: "deleted", Kind.POLL: "poll", Kind.LOCATION: "location", Kind.CONTACT: "contact"}
# Removed by a search in C: str.translate with a table looks up every character of a text (10 µs
# for a line with an emoji, where the search takes under 1 µs).
_INVISIBLE = re.compile(f"[{re.escape(INVISIBLE_CHARS)}]+")


def text_key(text: str) -> str:
    """A body as compared: NFC, invisible marks removed, line ends unified, outer spaces trimmed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not text.isascii():
        if _INVISIBLE.search(text) is not None:   # (rare: searching first is cheaper than replacing)
            text = _INVISIBLE.sub("", text)
        text = unicodedata.normalize("NFC", text)
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
    export (the occurrence of each), and is updated.

    Each row's key is `identity` (the minute, kind class and text key, written as
    `_class_and_body` says) with its author; a plain message (most of a chat) is keyed here with
    fewer calls, its ASCII text without a carriage return with none (the same bytes:
    tests/test_store_rows.py). The rows are made a column at a time (one comprehension per column,
    the columns as they are zipped into rows): fewer Python steps per message than a loop."""
    blake2b, message, unpack = hashlib.blake2b, Kind.MESSAGE, _SIGNED_64.unpack
    commons = [(f"{stamp[:10]} {stamp[11:16]}\x1fmessage\x1f" + (
                   text.strip() if text.isascii() and "\r" not in text else text_key(text))).encode()
               if kind is message else _other_body(stamp, kind, text, notice, detail)
               for stamp, kind, text, notice, detail in zip(stamps, kinds, texts, notices, details)]
    prefixes = {author: (author + "\x1e").encode() for author in set(authors)}
    keys = [blake2b(prefixes[author] + common, digest_size=16).digest() for author, common in zip(authors, commons)]
    count = seen.get
    if len(set(keys)) == len(keys):   # (most chunks: no message twice in one minute)
        occurrences = [count(key, 0) + 1 for key in keys]
        dict.update(seen, zip(keys, occurrences))   # (Counter.update would add)
    else:
        occurrences = []
        for key in keys:
            seen[key] = occurrence = count(key, 0) + 1
            occurrences.append(occurrence)
    n = len(keys)
    return list(zip(keys, occurrences, [unpack(blake2b(common, digest_size=8).digest())[0] for common in commons],
                    stamps, repeat(int(seconds), n), authors, raw_authors, map(_PLAIN.__getitem__, kinds), texts,
                    attachments, [1 if edit else 0 for edit in edited] if any(edited) else repeat(0, n), notices,
                    [details_text(detail) if detail else "" for detail in details] if any(details) else repeat("", n),
                    repeat(name, n), lines))


def _other_body(stamp: str, kind: Kind, text: str, notice: str, details: tuple[tuple[str, str], ...]) -> bytes:
    """The identity without the author of a message that is not a plain one, as bytes (see `chunk_rows`)."""
    return "{} {}\x1f{}\x1f{}".format(stamp[:10], stamp[11:16], *_class_and_body(kind, text, notice, details)).encode()


# The 64-bit merge key: a digest's 8 bytes as a signed big-endian integer (SQLite's INTEGER).
_SIGNED_64 = struct.Struct(">q")


# A kind as the store writes it: the plain text of its value.
_PLAIN = {kind: kind.value for kind in Kind}
