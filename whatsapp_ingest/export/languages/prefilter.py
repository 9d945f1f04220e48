"""The quick check's forms: the ASCII openings and endings a body under an author must have to be
anything but an ordinary message (see `classify.may_be_notices`), spelled out from the tables' shapes.

Derived once, when the tables are compiled, and kept in the tables' record (`cached`): spelling out
every opening took about 0.03 s, at every start that read the record back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import product

from whatsapp_ingest.export.languages.tables import Tables

__all__ = ["HEAD_SIZE", "TAIL_SIZE", "Prefilter", "prefilter"]

HEAD_SIZE, TAIL_SIZE = 4, 6
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Prefilter:
    """What an ASCII body's stripped text must start or end with to be tried against the tables.

    `heads`: its first HEAD_SIZE characters, as they are; `long_tails`: its last TAIL_SIZE characters
    in lower case; `short_tails`: whole lower-case endings shorter than that (`str.endswith`);
    `line_tails`: lower-case endings of the first line of a longer body. `everything`: some template
    has no such shape, so every body must be tried."""

    heads: frozenset[str]
    long_tails: frozenset[str]
    short_tails: tuple[str, ...]
    line_tails: tuple[str, ...]
    everything: bool


def prefilter(tables: Tables) -> Prefilter:
    """The quick check's forms of compiled tables."""
    long, short = _tail_forms((tables.tails or frozenset()) | tables.line_tails, TAIL_SIZE)
    lines = tuple(sorted({f + end for t in tables.line_tails for f in _lower_forms(t) for end in ("", ".")}))
    return Prefilter(_head_forms(tables.heads, HEAD_SIZE), long, short, lines, tables.tails is None)


@cache
def _ascii_matches(ch: str) -> str:
    """The ASCII characters that `ch` of a template matches (as its compiled pattern does)."""
    if ch == " ":
        return " \t"  # a space of a template matches a run of spaces or tabs
    if ch.isascii():
        return "".join(sorted({ch, ch.lower(), ch.upper()}))
    same = re.compile(re.escape(ch), re.IGNORECASE).fullmatch  # e.g. the Kelvin sign matches k and K
    return "".join(a for a in _LETTERS if same(a))


def _head_forms(heads: frozenset[str], size: int) -> frozenset[str]:
    """The first `size` characters an ASCII body can start with to begin with one of `heads`.

    A space of a head matches a run of blanks, so after it come more blanks or the head's next
    character; a head shorter than `size` is filled up with any ASCII character. The set stays a
    superset, and small: a head is spelled out, never its first word padded with every character.
    """
    forms: set[str] = set()
    anything = tuple(map(chr, range(128)))

    def grow(head: str, at: int, start: str) -> None:
        if len(start) == size:
            forms.add(start)
        elif at == len(head):
            forms.update(start + "".join(p) for p in product(anything, repeat=size - len(start)))
        elif head[at] == " ":
            for blank in " \t":
                grow(head, at + 1, start + blank)        # the run ends: the head goes on
                grow(head, at, start + blank)            # the run goes on
        else:
            for ch in _ascii_matches(head[at]):
                grow(head, at + 1, start + ch)

    for head in heads:
        grow(head, 0, "")
    return frozenset(forms)


def _tail_forms(tails: frozenset[str], size: int) -> tuple[frozenset[str], tuple[str, ...]]:
    """The ASCII endings in lower case (a final period allowed): (their last `size` characters, those
    shorter than `size` whole). A body's ending is lowered before it is looked up: a tail's forms are
    every case of its letters, so the lowered ending is among the lowered forms exactly when the
    ending is among the forms, and the short tuple is 9 endings long instead of 98 (`str.endswith`
    tries each: 1M bodies 0.22 s before, 0.09 s with the lowering, one process)."""
    long: set[str] = set()
    short: set[str] = set()
    for t in tails:  # only the last `size` characters matter: their forms, not the whole word's
        if len(t) >= size:
            long |= _lower_forms(t[-size:])
            long |= {f + "." for f in _lower_forms(t[1 - size:])}
        else:
            forms = _lower_forms(t)
            forms |= {f + "." for f in forms}
            long |= {f for f in forms if len(f) == size}
            short |= {f for f in forms if len(f) < size}
    return frozenset(long), tuple(sorted(short))


def _lower_forms(word: str) -> set[str]:
    """The lower-case ASCII strings that `word` matches (a blank of a template is a space or a tab)."""
    return {"".join(p) for p in product(*({c.lower() for c in _ascii_matches(ch)} for ch in word))}
