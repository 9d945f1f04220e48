"""The programme: `program.toml` of a program folder, read into frozen dataclasses.

CONTRACT (filled in by the ingest work): `load_program(folder) -> Program` validates every key
and raises ConfigError(file, message, hint, line) naming the key; `init_program(folder)` writes a
commented program.toml, an empty roster.csv, inbox/ and out/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

STATE_DIR = ".whatsapp-ingest"   # the tool's own state inside a program folder


@dataclass(frozen=True)
class Cycle:
    name: str
    weeks: tuple[int, ...]


@dataclass(frozen=True)
class Task:
    id: str                       # "PR.1", "TT.2"
    due: date | None = None       # due at the end of that day
    max_score: float = 100.0      # the maximum score of the task (scores.csv)


@dataclass(frozen=True)
class Decision:
    threshold: float = 70.0       # percent of possible days; at or above = DL / Aktif
    basis: str = "cumulative"     # "cumulative": programme start → end of cycle; "cycle": the cycle's own days


@dataclass(frozen=True)
class Grading:
    """Scores: NA = obtained / maximum × 100, predikat bands, pass mark (the second paper)."""

    pass_mark: float = 76.0
    # (lower bound inclusive, label), highest first; a score below every bound gets the last label
    bands: tuple[tuple[float, str], ...] = (
        (91.0, "Amat Baik"), (76.0, "Baik"), (61.0, "Cukup"), (51.0, "Sedang"), (0.0, "Kurang"),
    )
    ketuntasan: float = 65.0      # individual mastery: NA at or above


@dataclass(frozen=True)
class Output:
    csv: str = "standard"         # "standard" (comma, decimal point) or "id" (Excel Indonesia: ';', decimal comma)
    lang: str = "id"              # labels of the workbook and charts: "id" or "en"


@dataclass(frozen=True)
class Program:
    folder: Path
    name: str
    group: str
    start: date
    end: date
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)   # Monday = 0
    holidays: tuple[date, ...] = ()
    rules: str = "bimlat-ptk"
    decision: Decision = field(default_factory=Decision)
    cycles: tuple[Cycle, ...] = ()
    tasks: tuple[Task, ...] = ()
    grading: Grading = field(default_factory=Grading)
    output: Output = field(default_factory=Output)
    also_groups: tuple[str, ...] = ()   # other names the group had (renamed groups)

    @property
    def program_toml(self) -> Path:
        return self.folder / "program.toml"

    @property
    def roster_csv(self) -> Path:
        return self.folder / "roster.csv"

    @property
    def inbox(self) -> Path:
        return self.folder / "inbox"

    @property
    def out(self) -> Path:
        return self.folder / "out"

    @property
    def state(self) -> Path:
        return self.folder / STATE_DIR
