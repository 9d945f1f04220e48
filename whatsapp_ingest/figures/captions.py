"""An iPhone caption and its file are one sending: fold the caption into the file's row.

An iPhone export writes a document's (or photo's) caption as a message of its own right after the
file, by the same author in the same second; the parser marks it with the detail `caption_of`.
An Android export writes the same thing as one message (the file, then the caption on the lines
after it). Folding the caption into the file's row makes both the same for every figure: the rules
read the caption as the file's text (a file `IMG-….jpg` captioned "PR 1" submits PR.1), and the
two count as one submission and one message.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whatsapp_ingest.records import Kind
from whatsapp_ingest.store.db import COLUMNS

CAPTION_OF = "caption_of"
_FILE_KINDS = frozenset({Kind.ATTACHMENT.value, Kind.MEDIA.value})
_MESSAGE = Kind.MESSAGE.value
# The rows StoredMessages.rows yields, in the order of store.db.COLUMNS.
_NO, _STAMP, _AUTHOR, _KIND, _TEXT, _DETAILS = (COLUMNS.index(c) for c in
                                                ("no", "timestamp", "author", "kind", "text", "details"))


def fold_chunk(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """`fold_captions` of a list of rows that ends where a second ends (StoredMessages.chunks): the
    same list when it holds no marked caption (most lists: one look at each row's details)."""
    if not any(CAPTION_OF in (row[_DETAILS] or "") for row in rows):
        return rows
    return list(fold_captions(rows))


def fold_captions(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The rows (in time order) with each marked caption folded into the row of its file, the same
    sender's file or photo in the same second before it: that row's text becomes its own text and
    the caption on the next line (as Android writes it), and the caption's row is left out. A
    caption without its file keeps its row. Only the rows of a second that holds a file are held
    back, until the second ends: memory stays flat."""
    held: list[tuple[Any, ...]] = []          # the rows of the current second, once it holds a file
    files: dict[tuple[Any, str], int] = {}    # (sender, second) → index in `held` of the sender's last file
    for row in rows:
        if held and row[_STAMP] != held[0][_STAMP]:
            yield from held
            held.clear()
            files.clear()
        sender = (row[_NO] if row[_NO] is not None else row[_AUTHOR], row[_STAMP])
        kind = row[_KIND]
        if kind in _FILE_KINDS and row[_AUTHOR]:
            files[sender] = len(held)
            held.append(row)
            continue
        if files and kind == _MESSAGE and CAPTION_OF in (row[_DETAILS] or ""):
            at = files.pop(sender, None)
            if at is not None:
                file = held[at]
                text = f"{file[_TEXT]}\n{row[_TEXT]}" if file[_TEXT] else row[_TEXT]
                held[at] = (*file[:_TEXT], text, *file[_TEXT + 1:])
                continue
        if held:
            held.append(row)
        else:
            yield row
    yield from held
