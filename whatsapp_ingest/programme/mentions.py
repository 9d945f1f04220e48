"""Who a message names: participants named in a text or a file name ("tugas bu Rina", "PR2_Rina.docx").

Used for sends on someone's behalf. A participant is named by her full name or an alias anywhere,
or by her first name when it is unique in the roster and follows a form of address ("bu Rina",
"pak Ahmad", "a.n. Rina") or stands in a file name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import regex

from whatsapp_ingest.programme.roster import Participant

ADDRESS = r"(?:bu|ibu|bpk|bapak|pak|pa|mas|mbak|mba|teh|teteh|kang|akang|a\.?n\.?|atas\s+nama|punya|milik)"
TITLES = regex.compile(r"(?:,?\s*(?:S|M|Dr|Drs|Dra|H|Hj)\.\s*\p{L}*\.?)+\s*$|^(?:Hj?|Dr|Drs|Dra)\.\s*", regex.I)


def _plain(name: str) -> str:
    return TITLES.sub("", name).strip()


@dataclass(frozen=True)
class NameFinder:
    """Finds the counted participants a text names."""

    participants: tuple[Participant, ...]

    @cached_property
    def _patterns(self) -> list[tuple[int, regex.Pattern[str], regex.Pattern[str] | None, regex.Pattern[str] | None]]:
        firsts = Counter(_plain(p.name).split()[0].casefold() for p in self.participants if _plain(p.name))
        out = []
        for p in self.participants:
            spellings = [s for s in {_plain(p.name), *(_plain(a) for a in p.aliases)} if len(s) >= 3]
            if not spellings:
                continue
            words = "|".join(regex.escape(s).replace(r"\ ", r"[\s_.\-]+") for s in sorted(spellings, key=len, reverse=True))
            full = regex.compile(rf"(?<![\p{{L}}])(?:{words})(?![\p{{L}}])", regex.I)
            first = _plain(p.name).split()[0]
            text = file = None
            if firsts[first.casefold()] == 1 and len(first) >= 3:
                name = regex.escape(first)
                text = regex.compile(rf"(?<![\p{{L}}]){ADDRESS}\s*{name}(?![\p{{L}}])", regex.I)
                file = regex.compile(rf"(?:(?<![\p{{L}}]){ADDRESS}\s*|(?<=[_\-\s]|^)){name}(?![\p{{L}}])", regex.I)
            out.append((p.no, full, text, file))
        return out

    def named(self, text: str, attachment: str = "") -> list[int]:
        """The numbers of the participants a text and a file name name, in roster order."""
        found = []
        for no, full, in_text, in_file in self._patterns:
            if (text and (full.search(text) or (in_text is not None and in_text.search(text)))) or \
                    (attachment and (full.search(attachment) or (in_file is not None and in_file.search(attachment)))):
                found.append(no)
        return found


def finder(participants: Sequence[Participant]) -> NameFinder:
    """A NameFinder over the counted participants."""
    return NameFinder(tuple(p for p in participants if p.counted))
