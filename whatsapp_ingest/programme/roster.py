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

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers
import regex

from whatsapp_ingest.i18n import _
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.textfile import csv_reader, read_text, swallowed_rows

# Marks WhatsApp puts around names and numbers (LRM/RLM, embeddings, isolates, zero-width, BOM).
INVISIBLE_CHARS = "".join(map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x206A),
                                     0xFEFF, 0x00AD]))
INVISIBLE = regex.compile(f"[{INVISIBLE_CHARS}]")
SPACES = regex.compile(r"[\s\u00a0\u202f]+")
# A phone-number author: digits with the separators exports use (U+2011 non-breaking hyphen too).
PHONE_LIKE = regex.compile(r"^\+?[\d\s\u00a0\u202f\-\u2010\u2011().]{7,}$")
ROLES = ("peserta", "pembimbing")
STATUSES = ("aktif", "mundur")
KNOWN_COLUMNS = ("no", "name", "phone", "aliases", "role", "status")
NUMBER = regex.compile(r"[0-9]+")
MAX_NO = 999_999        # far above any programme; keeps numbers within what every table and sheet holds
MAX_CELL = 1000         # characters of a no, name, phone, alias, role or status cell


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


def clean_author(author: str) -> str:
    """The author without invisible marks, `~ ` prefix and repeated spaces (case kept)."""
    text = SPACES.sub(" ", INVISIBLE.sub("", author)).strip()
    if text.startswith("~"):
        text = text[1:].strip()
    return text


def phone_e164(text: str) -> str:
    """E.164 form of a phone number in any Indonesian or international spelling, or "" if not one."""
    cleaned = INVISIBLE.sub("", text).strip().lstrip("~").strip()
    if not PHONE_LIKE.match(cleaned) or sum(c.isdigit() for c in cleaned) < 8:
        return ""
    try:
        number = phonenumbers.parse(cleaned.replace("\u2011", "-").replace("\u2010", "-"), "ID")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=1 << 16)   # the same few hundred names are keyed again at every index build
def author_key(author: str) -> str:
    """The key an author is matched by: E.164 for a number, else the cleaned name in casefold."""
    return phone_e164(author) or unicodedata.normalize("NFC", clean_author(author)).casefold()


@dataclass(frozen=True)
class Roster:
    """The participants, and the keys (names, aliases, phones, linked numbers) that find them."""

    participants: tuple[Participant, ...] = ()
    links: tuple[tuple[str, str], ...] = ()     # (old, new) keys from "changed their phone number"
    index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    numbers: dict[int, Participant] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.index and self.participants:
            object.__setattr__(self, "index", _build_index(self.participants, self.links))
        if not self.numbers and self.participants:
            object.__setattr__(self, "numbers", {p.no: p for p in self.participants})

    def __bool__(self) -> bool:
        return bool(self.participants)

    def by_no(self, no: int) -> Participant | None:
        """The participant with this number, or None."""
        return self.numbers.get(no)

    def resolve(self, author: str) -> Participant | None:
        """The participant an author (as exported) is, or None when nobody matches."""
        no = self.index.get(author_key(author))
        return None if no is None else self.by_no(no)

    def linked(self, pairs: Iterable[tuple[str, str]]) -> Roster:
        """This roster with (old, new) phone links: an author under either number is the same person."""
        links = tuple(dict.fromkeys(self.links + tuple(
            (author_key(old), author_key(new)) for old, new in pairs if old.strip() and new.strip())))
        return Roster(self.participants, links, _build_index(self.participants, links), self.numbers)

    @classmethod
    def from_authors(cls, authors: Iterable[str], links: Iterable[tuple[str, str]] = ()) -> Roster:
        """Every author a participant, numbered by first appearance (linked numbers stay one person).
        Built in one pass: each new author's keys, and the numbers linked to them, go into the index."""
        keys = cls().linked(links).links
        groups = _link_groups(keys)
        people: list[Participant] = []
        index: dict[str, int] = {}
        for author in authors:
            name = clean_author(author)
            if not name or author_key(name) in index:
                continue
            person = Participant(no=len(people) + 1, name=name, phone=phone_e164(name))
            people.append(person)
            for spelling in (person.name, person.phone):
                key = author_key(spelling) if spelling else ""
                for linked in groups.get(key, (key,)) if key else ():
                    index.setdefault(linked, person.no)
        return cls(tuple(people), keys, index)


def _link_groups(links: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, ...]]:
    """Each key of a link → every key linked to it, directly or through others (a→b→c), in link order."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]   # halve the path: near-constant time per look-up
            key = parent[key]
        return key

    for old, new in links:
        parent[root(old)] = root(new)
    members: dict[str, list[str]] = {}
    for key in dict.fromkeys(k for link in links for k in link):
        members.setdefault(root(key), []).append(key)
    return {key: tuple(group) for group in members.values() for key in group}


def _build_index(participants: Iterable[Participant], links: tuple[tuple[str, str], ...]) -> dict[str, int]:
    index: dict[str, int] = {}
    for person in participants:
        for spelling in (person.name, person.phone, *person.aliases):
            if spelling:
                index.setdefault(author_key(spelling), person.no)
    # A link makes both numbers find whoever either finds, through chains too (a→b→c): every key of
    # a group of linked numbers finds the participant its first known key finds.
    groups = _link_groups(links)
    for group in dict.fromkeys(groups.values()):
        owner = next((index[key] for key in group if key in index), None)
        if owner is not None:
            for key in group:
                index.setdefault(key, owner)
    return index


def load_roster(path: Path) -> Roster:
    """Read roster.csv; a missing file or a header-only file is an empty Roster.

    Accepts comma or semicolon (Excel with Indonesian settings) and a BOM. Raises ConfigError
    naming the line and column for a broken row.
    """
    path = Path(path)
    if not path.exists():
        return Roster()
    text = read_text(path)   # UTF-8, Excel's cp1252 or UTF-16; ConfigError when unreadable
    reader, delimiter = csv_reader(text, path)
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        return Roster()
    columns = [h.strip().lower() for h in header]
    for required in ("no", "name"):
        if required not in columns:
            raise ConfigError(path, _("the header has no column '{column}'").format(column=required),
                              _("the first line must name at least: no,name"), 1)
    dupes = sorted({c for c in columns if c and columns.count(c) > 1})
    if dupes:
        raise ConfigError(path, _("column '{column}' appears twice in the header").format(column=dupes[0]),
                          _("keep one"), 1)
    people: list[Participant] = []
    numbers: set[int] = set()
    unnumbered = 0   # pembimbing rows without a number
    owners: dict[str, tuple[int, int]] = {}   # key -> (no, line)
    line = 1
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row) or row[0].strip().startswith("#"):
            continue   # an empty line, or a note ("# …": a number never starts with #)
        if any(cell.strip() for cell in row[len(columns):]):   # empty trailing cells (a cleared column) are harmless
            raise ConfigError(path, _("{cells} cells but the header names {columns} columns").format(
                cells=len(row), columns=len(columns)),
                _("quote a name that contains '{separator}'").format(separator=delimiter), start)
        _check_one_line(path, row, columns, delimiter, start)
        cells = {c: _unquote(v) for c, v in zip(columns, row)}
        long = next((c for c in KNOWN_COLUMNS if len(cells.get(c, "")) > MAX_CELL), None)
        if long is not None:
            raise ConfigError(path, _("the {column} cell holds {n} characters, far more than a {column} can be").format(
                column=long, n=len(cells[long])), _("check this row: write only the {column} there").format(column=long),
                start)
        person = _participant(path, start, cells, header, unnumbered=unnumbered)
        if person.no in numbers:
            raise ConfigError(path, _("no {no} is used twice").format(no=person.no),
                              _("give every participant their own number"), start)
        for spelling in (person.name, person.phone, *person.aliases):
            key = author_key(spelling) if spelling else ""
            if key and key in owners and owners[key][0] != person.no:
                raise ConfigError(path, _("'{name}' also belongs to no {no} (line {line})").format(
                    name=spelling, no=owners[key][0], line=owners[key][1]),
                    _("a name, alias or phone may belong to one participant only"), start)
            if key:
                owners[key] = (person.no, start)
        people.append(person)
        numbers.add(person.no)
        unnumbered += person.no < 0
    return Roster(tuple(people))


def _check_one_line(path: Path, row: list[str], columns: list[str], delimiter: str, line: int) -> None:
    """Refuse a row whose cells took in the lines after it (a `"` opened and never closed): those
    participants would silently vanish. A line break is fine only in an extra column (Alt+Enter in Excel)."""
    for column, value in zip(columns, row):
        if ("\n" in value or "\r" in value) and (column in KNOWN_COLUMNS or swallowed_rows(value, delimiter)):
            raise ConfigError(path, _('the {column} cell runs over several lines (a quote " opened and not closed?)').format(
                column=column or _("unnamed")), _('close the quote, or remove the " from the cell'), line)


def _excel_phone(value: str) -> str:
    """A phone cell without what spreadsheets add: the `'` typed to keep it text, the `.0` of a number
    that went through a float (6281234567890.0, which would otherwise read as …78900)."""
    value = value.strip().lstrip("'")
    if value.startswith('="') and value.endswith('"'):   # our own CSVs write long numbers so (fileio)
        value = value[2:-1]
    return value[:-2] if value.endswith(".0") and value[:-2].lstrip("+").isdigit() else value


def _shorten(value: str, most: int = 40) -> str:
    """A cell as quoted in a message: its start and end when it is long."""
    return value if len(value) <= most else f"{value[:most // 2]}…{value[-most // 4:]}"


def _unquote(value: str) -> str:
    """A cell without the `'` our own CSVs put before `+`/`-`/`=`/`@` for Excel."""
    value = value.strip()
    return value[1:] if value[:2] and value[0] == "'" and value[1:2] in ("+", "-", "=", "@") else value


def _participant(path: Path, line: int, cells: dict[str, str], header: list[str], unnumbered: int = 0) -> Participant:
    """One roster row. A `pembimbing` (supervisor) row may leave `no` empty: such rows get numbers
    below zero, which no table of participants shows."""
    no_text = cells.get("no", "")
    role = cells.get("role", "").lower() or "peserta"
    if not no_text and role == "pembimbing":
        no_text = str(-(unnumbered + 1))
    elif not NUMBER.fullmatch(no_text) or int(no_text) < 1:   # ASCII digits: "²" or "١" is no number people type
        raise ConfigError(path, _("no '{no}' is not a whole number from 1").format(no=_shorten(no_text)),
                          _("write 1, 2, 3 …"), line)
    elif int(no_text) > MAX_NO:
        raise ConfigError(path, _("no {no} is too large (at most {most})").format(no=_shorten(no_text), most=MAX_NO),
                          _("number the participants 1, 2, 3 …"), line)
    name = cells.get("name", "")
    if not clean_author(name):
        raise ConfigError(path, _("no {no} has no name").format(no=no_text), _("write the participant's name"), line)
    phone = cells.get("phone", "")
    e164 = phone_e164(_excel_phone(phone)) if phone else ""
    if phone and not e164:
        if regex.fullmatch(r"[0-9.,]+E\+?[0-9]+", phone, flags=regex.IGNORECASE):
            raise ConfigError(path, _("phone '{phone}' was turned into a number by Excel, and its last digits are lost").format(
                phone=phone), _("format the phone column as Text in Excel and type the numbers again"), line)
        raise ConfigError(path, _("phone '{phone}' is not a phone number").format(phone=phone),
                          _("write it as 0812…, 62812… or +62 812-…, or leave it empty"), line)
    aliases = tuple(a.strip() for a in cells.get("aliases", "").split(";") if clean_author(a))
    if role not in ROLES:
        raise ConfigError(path, _("role '{role}' is not known").format(role=cells["role"]),
                          _("write peserta or pembimbing"), line)
    status = cells.get("status", "").lower() or "aktif"
    if status not in STATUSES:
        raise ConfigError(path, _("status '{status}' is not known").format(status=cells["status"]),
                          _("write aktif or mundur"), line)
    extra = tuple((h.strip(), cells.get(h.strip().lower(), "")) for h in header
                  if h.strip() and h.strip().lower() not in KNOWN_COLUMNS)
    return Participant(int(no_text), name.strip(), e164, aliases, role, status, extra)

