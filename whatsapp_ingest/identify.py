"""Participants and the roster: who an export's author is.

CONTRACT (filled in by the ingest work):
- `load_roster(path) -> Roster` reads roster.csv (`no,name` required; optional `phone`, `aliases`,
  `role`, `status`; any other column kept in `Participant.extra`), raising ConfigError with the
  line for a broken row. A missing or empty roster gives an empty Roster.
- `Roster.resolve(author) -> Participant | None` matches after removing invisible marks and `~ `,
  ignoring case and repeated spaces; phone-number authors match `phone` in any spelling.
- `Roster.linked(pairs) -> Roster` adds (old, new) number links from "changed their phone number".
- `Roster.from_authors(authors) -> Roster`: with no roster every author becomes a participant,
  numbered by first appearance.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Participant:
    no: int
    name: str
    phone: str = ""                     # E.164 ("+6281234567890") when the roster gives one
    aliases: tuple[str, ...] = ()
    role: str = "peserta"               # "peserta" or "pembimbing" (never counted)
    status: str = "aktif"               # "aktif" or "mundur" (withdrew: listed apart)
    extra: tuple[tuple[str, str], ...] = ()   # other roster columns (NIP, madrasah …), in file order

    @property
    def counted(self) -> bool:
        """True for the teachers whose activeness the programme reports."""
        return self.role == "peserta" and self.status == "aktif"
