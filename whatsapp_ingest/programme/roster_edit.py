"""Editing roster.csv from a program that is not a spreadsheet (the web app): read it as a table of
text, change it, check it exactly as `ingest` will read it, and replace it in one step.

The file keeps its columns (extra ones such as NIP or madrasah too) and is written as the tool
writes every CSV for Excel: UTF-8 with a BOM, comma-separated, CRLF, formula-safe cells.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.fileio import atomic_write, render_csv
from whatsapp_ingest.i18n import _
from whatsapp_ingest.programme.roster import KNOWN_COLUMNS, Roster, load_roster, phone_e164
from whatsapp_ingest.programme.textfile import csv_reader, read_text


@dataclass(frozen=True)
class RosterTable:
    """roster.csv as text: the header's columns and one list of cells per row (as long as the header)."""

    header: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> int:
        """The index of a column, added at the end (empty in every row) when the file lacks it."""
        names = [h.strip().lower() for h in self.header]
        if name not in names:
            self.header.append(name)
            for row in self.rows:
                row.append("")
            return len(self.header) - 1
        return names.index(name)


def read_roster_table(path: Path) -> RosterTable:
    """roster.csv as a table of text; a missing or empty file gives the standard header and no rows."""
    path = Path(path)
    if not path.exists():
        return RosterTable(list(KNOWN_COLUMNS), [])
    reader, _delimiter = csv_reader(read_text(path), path)
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        return RosterTable(list(KNOWN_COLUMNS), [])
    header = [h.strip() for h in header]
    rows = [(row + [""] * len(header))[: len(header)] for row in reader if any(c.strip() for c in row)]
    return RosterTable(header, rows)


def roster_bytes(table: RosterTable) -> bytes:
    """The table as roster.csv's bytes (empty rows left out)."""
    rows = [[cell.strip() for cell in row] for row in table.rows if any(cell.strip() for cell in row)]
    return render_csv(table.header, rows)


def check_roster(path: Path, data: bytes) -> Roster:
    """Read `data` as `ingest` would read roster.csv; ConfigError naming `path` and the line otherwise."""
    folder = Path(path).parent
    fd, tmp = tempfile.mkstemp(prefix=".roster.", suffix=".csv", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            return load_roster(Path(tmp))
        except ConfigError as error:
            raise ConfigError(path, error.message, error.hint, error.line) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def save_roster_table(path: Path, table: RosterTable) -> Roster:
    """Check the table as `ingest` will read it, then replace roster.csv in one step (ConfigError
    and nothing written when a row is wrong)."""
    data = roster_bytes(table)
    roster = check_roster(path, data)
    atomic_write(Path(path), data)
    return roster


def add_participant(table: RosterTable, author: str) -> RosterTable:
    """The table with `author` (an unknown sender) added as a new participant with the next number;
    a phone-number author goes into `phone` as well."""
    no, name = table.column("no"), table.column("name")
    numbers = [int(row[no]) for row in table.rows if row[no].strip().isdigit()]
    row = [""] * len(table.header)
    row[no], row[name] = str(max(numbers, default=0) + 1), author.strip()
    if phone_e164(author):
        row[table.column("phone")] = author.strip()
    for column, value in (("role", "peserta"), ("status", "aktif")):
        row[table.column(column)] = value
    table.rows.append(row)
    return table


def add_alias(table: RosterTable, number: int, author: str) -> RosterTable:
    """The table with `author` added to the aliases of participant `number` (ConfigError if none has it)."""
    no, aliases = table.column("no"), table.column("aliases")
    for row in table.rows:
        if row[no].strip() == str(number):
            known = [a.strip() for a in row[aliases].split(";") if a.strip()]
            if author.strip() not in known:
                known.append(author.strip())
            row[aliases] = ";".join(known)
            return table
    raise ConfigError("roster.csv", _("no participant has number {no}").format(no=number),
                      _("choose a participant from the list"))
