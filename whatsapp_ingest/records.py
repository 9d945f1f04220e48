"""The records that flow between stages. Frozen, and each knows its file and line.

`Message` is the fact the whole tool rests on; everything later is derived from stored messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    """What a message is. `system` lines are WhatsApp's own notices, whoever iOS wrote them under."""

    MESSAGE = "message"
    MEDIA = "media"            # a placeholder: "<Media omitted>", "image omitted", "gambar tidak disertakan"
    ATTACHMENT = "attachment"  # the export names a file: "X (file attached)", "<attached: X>"
    DELETED = "deleted"
    SYSTEM = "system"
    POLL = "poll"
    LOCATION = "location"
    CONTACT = "contact"
    CALL = "call"              # missed voice/video calls (a notice, not a participant's message)
    VIEW_ONCE = "view_once"    # the body `null` of a view-once media


@dataclass(frozen=True, slots=True)
class ExportText:
    """A decoded export, before parsing. `name` is what errors show (the inbox file name)."""

    name: str
    text: str
    digest: str        # sha256 of the file's raw bytes: identifies an unchanged file under any name
    encoding: str      # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"
    member: str = ""   # the chat file inside a zip ("_chat.txt"), "" for a plain .txt
    warnings: tuple[str, ...] = ()  # what reading repaired, e.g. a stray NUL byte dropped (file:line)


@dataclass(frozen=True, slots=True)
class Message:
    """One message (or notice) of an export.

    `line` is the 1-based physical line of its header in `file`; `text` is the body byte-faithful
    (newlines kept, no normalisation) except that WhatsApp's edited marker is removed.
    `author` is cleaned of invisible marks and the `~ ` prefix ("" for author-less notices);
    `raw_author` is exactly as exported. `notice` names the WhatsApp notice for system/call kinds
    (e.g. "added", "left", "changed_number", "subject_changed"), and `details` holds what the
    notice pattern captured, e.g. (("old", "+62 812…"), ("new", "+62 813…")) or (("group", "X"),).
    `seconds` is True when the export gave seconds (iOS); Android timestamps are to the minute.
    """

    file: str
    line: int
    timestamp: datetime
    author: str
    kind: Kind
    text: str
    attachment: str = ""
    edited: bool = False
    raw_author: str = ""
    notice: str = ""
    details: tuple[tuple[str, str], ...] = ()
    seconds: bool = False

    def detail(self, key: str) -> str:
        """The value a notice pattern captured under `key`, or ""."""
        for k, v in self.details:
            if k == key:
                return v
        return ""


def details_text(details: tuple[tuple[str, str], ...]) -> str:
    """A message's `details` as the store and `parse -o` write them: a JSON object, "" when none."""
    return json.dumps(dict(details), ensure_ascii=False) if details else ""


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A physical line that is not part of any message (text before the first header)."""

    file: str
    line: int
    text: str


@dataclass(frozen=True)
class ParsedExport:
    """A whole export, parsed. Every physical line is a header, a continuation or a preamble line."""

    file: str
    messages: tuple[Message, ...]
    header_format: str            # the shape's name, e.g. "android-24h" or "ios-12h-bracket"
    platform: str                 # "android" or "ios"
    date_order: str               # "DMY", "MDY" or "YMD"
    date_order_evidence: str      # a sentence a person can check, e.g. "a day field of 25 on line 14"
    total_lines: int
    continuation_lines: int
    preamble: tuple[SourceLine, ...] = ()
    warnings: tuple[str, ...] = field(default=())
