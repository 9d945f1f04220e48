"""The draft roster: the authors seen in the chat, written as a roster.csv for the supervisor to correct."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from whatsapp_ingest.fileio import atomic_write, render_csv
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.programme.roster import Roster, clean_author, load_roster

ROSTER_HEADER = ["no", "name", "phone", "aliases", "role", "status"]


def write_draft_roster(program: Program, authors: Sequence[str], links: Sequence[tuple[str, str]]) -> Path:
    """Write roster.csv from `authors` (by first appearance) and phone-number `links`; if roster.csv
    already lists people it is never overwritten: the draft goes to roster.draft.csv beside it."""
    draft = Roster.from_authors(list(authors), list(links))
    aliases: dict[int, list[str]] = {}
    for author in authors:
        person = draft.resolve(author)
        if person is not None and clean_author(author) != person.name:
            aliases.setdefault(person.no, []).append(clean_author(author))
    rows = [(p.no, p.name, p.phone, ";".join(aliases.get(p.no, [])), p.role, p.status) for p in draft.participants]
    target = program.roster_csv if not load_roster(program.roster_csv) else program.folder / "roster.draft.csv"
    atomic_write(target, render_csv(ROSTER_HEADER, rows))
    return target
