"""The draft roster: the authors seen in the chat, written as a roster.csv for the supervisor to correct.

The supervisor (pembimbing) writes in the group too, but is never a participant: the draft marks
her `role = pembimbing`, without a number, under a note ("# …") saying why, so that she is not
counted before anyone has read the draft. She is found by what the chat shows: she is named in
program.toml (`pembimbing`); her name says so ("Bu Sri Pengawas"); she did what only the group's
admin does (made the group, added or removed members, changed its name, description or settings);
or she posts the rules and notices ("Bapak/Ibu peserta, mohon … paling lambat …") far more than anyone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from whatsapp_ingest.fileio import atomic_write, render_csv
from whatsapp_ingest.i18n import N_, _
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.programme.roster import Participant, Roster, clean_author, load_roster
from whatsapp_ingest.programme.suggest import name_words

ROSTER_HEADER = ["no", "name", "phone", "aliases", "role", "status"]
# Words in a name that say its owner runs the programme.
SUPERVISOR_NAME_WORDS = frozenset(("pengawas", "pembimbing", "fasilitator", "narasumber", "instruktur", "pemandu",
                                   "widyaiswara", "mentor", "koordinator", "admin", "panitia"))
# Words of rules and notices to the group; a notice has two or more of them and asks no question.
NOTICE_WORDS = ("bapak ibu", "bapak/ibu", "bpk/ibu", "bapak dan ibu", "peserta", "silakan", "silahkan", "mohon",
                "dimohon", "dikumpulkan", "kumpulkan", "paling lambat", "batas", "presensi", "jadwal",
                "pengumuman", "tata tertib", "wajib", "diharapkan")
NOTICE_LENGTH = 60          # characters: a notice is longer than a greeting
NOTICES_NEEDED = 2          # at least this many notices, and twice as many as anyone else
REASONS = {
    "program": N_("named as pembimbing in program.toml"),
    "name": N_("the name says pembimbing/pengawas"),
    "admin": N_("runs the group (made it, added or removed members, or changed its settings)"),
    "notices": N_("posts the rules and notices to the group"),
}


def is_notice(text: str) -> bool:
    """A message that reads like a rule or notice to the group (not a question about one)."""
    lowered = " ".join(text.lower().split())
    if "?" in lowered or lowered.startswith(("izin bertanya", "ijin bertanya", "mau tanya", "maaf bu", "maaf pak")):
        return False
    return sum(word in lowered for word in NOTICE_WORDS) >= 2


def notice_poster(texts: Iterable[tuple[str, str]], draft: Roster) -> int | None:
    """The participant (number in the draft) who posts the group's notices: at least NOTICES_NEEDED
    of them and twice as many as anyone else; None when nobody stands out."""
    counts: Counter[int] = Counter()
    for author, text in texts:
        person = draft.resolve(author)
        if person is not None and len(text) >= NOTICE_LENGTH and is_notice(text):
            counts[person.no] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < NOTICES_NEEDED or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def find_supervisors(program: Program, draft: Roster, admins: Iterable[tuple[str, str]],
                     texts: Iterable[tuple[str, str]]) -> dict[int, list[str]]:
    """Draft number → the reasons (keys of REASONS) she is a supervisor, for everyone found."""
    found: dict[int, list[str]] = {}

    def mark(person: Participant | None, reason: str) -> None:
        if person is not None and reason not in found.setdefault(person.no, []):
            found[person.no].append(reason)

    for name in program.pembimbing:
        mark(draft.resolve(name), "program")
    for person in draft.participants:
        if SUPERVISOR_NAME_WORDS & set(name_words(person.name)) or any(
                word in SUPERVISOR_NAME_WORDS for word in person.name.lower().split()):
            mark(person, "name")
    for actor, _notice in admins:   # "Anda"/"You" (the phone that exported) is nobody in the draft
        mark(draft.resolve(actor), "admin")
    poster = notice_poster(texts, draft)
    if poster is not None:
        mark(draft.by_no(poster), "notices")
    return {no: reasons for no, reasons in found.items() if reasons}


def write_draft_roster(program: Program, authors: Sequence[str], links: Sequence[tuple[str, str]],
                       admins: Iterable[tuple[str, str]] = (), texts: Iterable[tuple[str, str]] = ()) -> Path:
    """Write roster.csv from `authors` (by first appearance) and phone-number `links`; the supervisors
    found (see the module) as pembimbing rows without a number after the participants, each under a
    note saying why. If roster.csv already lists people it is never overwritten: the draft goes to
    roster.draft.csv beside it."""
    draft = Roster.from_authors(list(authors), list(links))
    aliases: dict[int, list[str]] = {}
    for author in authors:
        person = draft.resolve(author)
        if person is not None and clean_author(author) != person.name:
            aliases.setdefault(person.no, []).append(clean_author(author))
    supervisors = find_supervisors(program, draft, admins, texts)
    rows: list[Sequence[object]] = []
    number = 0
    for p in draft.participants:
        if p.no in supervisors:
            continue
        number += 1
        rows.append((number, p.name, p.phone, ";".join(aliases.get(p.no, [])), p.role, p.status))
    for p in draft.participants:
        if p.no not in supervisors:
            continue
        why = "; ".join(_(REASONS[reason]) for reason in supervisors[p.no])
        rows.append((_("# {name}: pembimbing, not counted ({why}); if {name} is a participant, give a number and "
                       "write peserta as the role").format(name=p.name, why=why),))
        rows.append(("", p.name, p.phone, ";".join(aliases.get(p.no, [])), "pembimbing", p.status))
    target = program.roster_csv if not load_roster(program.roster_csv) else program.folder / "roster.draft.csv"
    atomic_write(target, render_csv(ROSTER_HEADER, rows))
    return target
