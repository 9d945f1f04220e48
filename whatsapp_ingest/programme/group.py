"""Which WhatsApp group an export is of: the names it shows, and the check against program.toml.

An export names its group in its file name ("WhatsApp Chat with X.txt"), in subject/creation
notices, and on iOS as the author of the group's own notices. Without any of these, its authors
are compared with roster.csv (or with the authors of earlier exports).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from itertools import compress, repeat
from operator import is_, not_

import regex

from whatsapp_ingest.i18n import Text
from whatsapp_ingest.errors import WrongGroup
from whatsapp_ingest.programme.roster import INVISIBLE, Roster, clean_author
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.records import Kind, ParsedExport

# "WhatsApp Chat with X.txt", "Chat WhatsApp dengan X.txt", "WhatsApp Chat - X.zip"; copies add " (1)".
FILE_GROUP = regex.compile(r"^(?:whatsapp chat|chat whatsapp|percakapan whatsapp)\s*(?:with|dengan|-|–|—)\s*(?P<group>.+)$",
                           regex.IGNORECASE)
COPY_SUFFIX = regex.compile(r"(?:\s*\(\d+\))+$")
# Notices about the group itself: iOS writes these under the group's name.
GROUP_NOTICES = ("encrypted", "created_group", "subject_changed", "icon_changed", "icon_deleted",
                 "description_changed", "description_deleted", "settings_changed")
NOTICE_GROUP_KEYS = ("group", "subject", "old", "new", "name")


def group_key(name: str) -> str:
    """A group name as compared: no case, spaces, punctuation or invisible marks (emoji kept)."""
    return "".join(c for c in INVISIBLE.sub("", name).casefold() if c.isalnum() or unicodedata.category(c) == "So")


def group_names(file_name: str, parsed: ParsedExport | GroupEvidence) -> list[str]:
    """The group names an export shows: its file name, subject/creation notices, iOS notice authors.

    The first is the likeliest current name; a file name gives it with and without a " (1)" suffix,
    since a group may itself be called "… (2020)".
    """
    return list(dict.fromkeys([*file_group_names(file_name), *content_group_names(parsed)]))


def file_group_names(file_name: str) -> list[str]:
    """The group a file name names ("WhatsApp Chat with X (1).txt" → X, and "X (1)"), else []."""
    stem = regex.sub(r"(?i)\.(txt|zip)((?:\s*\(\d+\))*)$", r"\2", file_name.strip())
    found = FILE_GROUP.match(stem)
    if not found:
        return []
    return [n for n in dict.fromkeys([COPY_SUFFIX.sub("", found.group("group")).strip(), found.group("group").strip()])
            if n]


def content_group_names(parsed: ParsedExport | GroupEvidence) -> list[str]:
    """The group names the export's own text shows: subject and creation notices, and on iOS the
    author of the group's own notices. A file can be renamed; these come from WhatsApp."""
    evidence = parsed if isinstance(parsed, GroupEvidence) else GroupEvidence.of(parsed)
    return evidence.content_names()


_NOTICE_KINDS = frozenset({Kind.SYSTEM, Kind.CALL})


class GroupEvidence:
    """What the group check reads of an export, gathered message by message (an export stored as it
    is parsed is never held whole): the senders, and the names its notices give the group. Its size
    is that of the group's senders, not of the messages."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.people: set[str] = set()          # authors of anything but WhatsApp's notices
        self.senders: set[str] = set()         # authors of people's messages (no notices, no calls)
        self.names: list[str] = []             # subject and creation notices' names, in file order
        self.notice_authors: Counter[str] = Counter()   # iOS: authors of the group's own notices

    @classmethod
    def of(cls, parsed: ParsedExport) -> GroupEvidence:
        """The evidence of a whole parsed export."""
        evidence = cls(parsed.platform)
        messages = parsed.messages
        evidence.add([m.author for m in messages], [m.kind for m in messages], [m.notice for m in messages],
                     [m.details for m in messages])
        return evidence

    def add(self, authors: list[str], kinds: list[Kind], notices: list[str],
            details: list[tuple[tuple[str, str], ...]]) -> None:
        """Take in consecutive messages, given column by column."""
        system = list(map(is_, kinds, repeat(Kind.SYSTEM)))
        self.people.update(compress(authors, map(not_, system)))
        self.senders.update(compress(authors, map(not_, map(_NOTICE_KINDS.__contains__, kinds))))
        for i in compress(range(len(kinds)), system):
            if notices[i] in ("created_group", "subject_changed"):
                self.names.extend(v.strip().strip("\"“”'") for k, v in details[i] if k in NOTICE_GROUP_KEYS and v.strip())
            if self.platform == "ios" and notices[i] in GROUP_NOTICES and authors[i]:
                self.notice_authors[authors[i]] += 1

    def content_names(self) -> list[str]:
        """See `content_group_names`."""
        names = list(self.names)
        people = self.people
        authors = Counter({a: n for a, n in self.notice_authors.items() if a not in people})
        names.extend(a for a, _ in authors.most_common(1))
        return list(dict.fromkeys(n for n in names if n))

    def authors(self) -> list[str]:
        """The senders of people's messages, sorted."""
        return sorted(a for a in self.senders if a)


# An export of this many senders or more, none of them known, is not taken on its name alone.
STRANGERS = 3


def check_group(program: Program, file_name: str, shown: str, parsed: ParsedExport | GroupEvidence, roster: Roster,
                known_authors: set[str]) -> list[str]:
    """Raise WrongGroup for an export of another group; returns warnings for doubtful cases.

    The group's name is looked for in the file name and in the export's own notices; the notices win
    (a file can be renamed, or saved over another). Then its senders are compared with roster.csv and
    with the senders already stored (`known_authors`, cleaned and case-folded): an export that names
    the group but shares no sender with the programme is another group's, saved under this name.
    """
    allowed = {group_key(g) for g in (program.group, *program.also_groups)}
    evidence = parsed if isinstance(parsed, GroupEvidence) else GroupEvidence.of(parsed)
    content = evidence.content_names()
    names = list(dict.fromkeys([*file_group_names(file_name), *content]))
    named = bool(names)
    if names:
        found = next((n for n in content if group_key(n) not in allowed), names[0])
        if not any(group_key(n) in allowed for n in (content or names)):   # the notices, else the file name
            raise WrongGroup(shown, Text("export of group '{found}', but program.toml says group = '{group}'",
                                         found=found, group=program.group),
                             Text('if the group was renamed add also_groups = ["{found}"] to program.toml, '
                                  "or run with --any-group", found=found))
    authors = evidence.authors()
    in_roster = sum(roster.resolve(a) is not None for a in authors) if roster else 0
    stored = sum(clean_author(a).casefold() in known_authors for a in authors)
    if named:
        if len(authors) < STRANGERS or in_roster or stored:
            return []
        if known_authors:
            raise WrongGroup(shown, Text("none of its {authors} senders is in roster.csv or in the exports stored so "
                                         "far: it looks like another group's export saved under this group's name",
                                         authors=len(authors)),
                             Text("check the file, or run with --any-group"))
        if roster:   # the first export: the roster may spell the names otherwise than WhatsApp
            return [Text("{file}: none of its {authors} senders is in roster.csv; check that it is an export of this "
                         "group, or add the names as WhatsApp shows them to the aliases column",
                         file=shown, authors=len(authors))]
        return []
    if len(authors) < 4:
        return []
    if roster:
        if in_roster * 4 < len(authors):
            raise WrongGroup(shown, Text("the export does not name its group and only {matched} of its {authors} "
                                         "authors are in roster.csv: it looks like another group",
                                         matched=in_roster, authors=len(authors)),
                             Text("check the file, or run with --any-group"))
    elif known_authors:
        if stored * 4 < len(authors):
            return [Text("{file}: only {matched} of its {authors} authors appear in earlier exports; "
                         "check that it is an export of this group", file=shown, matched=stored, authors=len(authors))]
    return []
