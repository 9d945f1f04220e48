"""koreksi.csv: the supervisor's answers to the review queue (out/periksa.csv).

Optional, in the program folder beside overrides.csv. One row per message the supervisor looked at:

    id,tugas,no,catatan
    a3f09c21d4,PR.2,,benar PR 2
    77b0e1c2aa,-,,ini format, bukan tugas
    0c9d2f7e11,PR.2,4,dikirim untuk bu Rina

`id` is the message's id from periksa.csv; `tugas` (or `tasks`) the tasks the message really sends,
separated by spaces or commas, `-` for none, empty to confirm what the tool read; `no` the
participant the sending belongs to, empty for as read; `catatan` (or `note`) free text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.i18n import _
from whatsapp_ingest.programme.textfile import csv_reader, read_text, swallowed_rows

CORRECTIONS_FILE = "koreksi.csv"
NONE = frozenset({"-", "tidak", "tidak ada", "bukan", "none", "no"})
COLUMNS = {"id": ("id",), "tasks": ("tugas", "tasks"), "no": ("no",), "note": ("catatan", "note")}


@dataclass(frozen=True)
class Correction:
    """One row of koreksi.csv: `tasks` None keeps what the tool read; `no` None keeps the credit."""

    id: str
    tasks: tuple[str, ...] | None
    no: int | None
    note: str
    line: int


def read_corrections(path: Path) -> tuple[Correction, ...]:
    """Read koreksi.csv (a missing file gives none); a bad row is a ConfigError with its line."""
    path = Path(path)
    if not path.is_file():
        return ()
    reader, delimiter = csv_reader(read_text(path), path)
    rows = list(reader)
    if not rows or not any(cell.strip() for cell in rows[0]):
        return ()
    header = [cell.strip().casefold() for cell in rows[0]]
    where = {key: next((header.index(n) for n in names if n in header), None) for key, names in COLUMNS.items()}
    hint = _("write the header id,tugas,no,catatan (see docs/rules.md, koreksi.csv)")
    if where["id"] is None or (where["tasks"] is None and where["no"] is None):
        raise ConfigError(path, _("the header needs the column id and tugas or no"), hint, 1)
    seen: dict[str, int] = {}
    out: list[Correction] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str) -> str:
            index = where[key]
            return row[index].strip() if index is not None and index < len(row) else ""

        if any(swallowed_rows(value, delimiter) for value in row):
            raise ConfigError(path, _("a cell runs over the next rows (a quote \" opened and not closed?)"),
                              _("close the quote, or remove the \" from the cell"), line)
        key = cell("id").casefold()
        if not regex.fullmatch(r"[0-9a-f]{6,64}", key):
            raise ConfigError(path, _("id {id!r} is not a message id from periksa.csv").format(id=cell("id")), hint, line)
        if key in seen:
            raise ConfigError(path, _("id {id} is already corrected on line {line}").format(id=key, line=seen[key]),
                              _("keep one row per message"), line)
        seen[key] = line
        out.append(Correction(key, _tasks(cell("tasks"), path, line), _number(cell("no"), path, line), cell("note"),
                              line))
    return tuple(out)


def _tasks(text: str, path: Path, line: int) -> tuple[str, ...] | None:
    if not text:
        return None
    if text.casefold() in NONE:
        return ()
    tasks = tuple(t for t in regex.split(r"[\s,;]+", text) if t)
    for task in tasks:
        if not regex.fullmatch(r"[\p{L}]+\.[0-9]+", task):
            raise ConfigError(path, _("task {task!r} is not a task name").format(task=task),
                              _("write tasks as in submissions.csv (PR.2 TT.1), or - for none"), line)
    return tasks


def _number(text: str, path: Path, line: int) -> int | None:
    if not text:
        return None
    if not regex.fullmatch(r"[0-9]+", text):
        raise ConfigError(path, _("no {no!r} is not a participant number").format(no=text),
                          _("write the participant's no from roster.csv, or leave it empty"), line)
    return int(text)
