"""The labelled rule corpus (tests/corpus/) as frames and rosters the aggregation takes.

Shared by benchmarks/bench_rules.py and the tests; see tests/corpus/README.md for the labels.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from whatsapp_ingest.programme.program import Program, Task
from whatsapp_ingest.programme.roster import Participant, Roster

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
PARTS = ("tuning", "kept_aside")
KINDS = {"m": "message", "a": "attachment", "p": "media", "d": "deleted"}
COLUMNS = ["no", "timestamp", "author", "raw_author", "kind", "text", "attachment", "edited", "notice", "details",
           "file", "line", "mkey"]


@dataclass(frozen=True)
class Labelled:
    """One programme of the corpus: the programme, its roster, the store-shaped frame and the labels."""

    program: Program
    participants: tuple[Participant, ...]
    frame: pd.DataFrame
    rows: tuple[dict[str, str], ...]          # the CSV rows, in frame order (frame column `line` = index + 1)

    def expected_cells(self) -> dict[tuple[int, str], str]:
        """(participant no, task) → on_time / late / missing, from the labelled submissions."""
        roster = Roster(self.participants)
        firsts: dict[tuple[int, str], datetime] = {}
        for row in self.rows:
            if not row["tasks"]:
                continue
            who = roster.resolve(row["credit"] or row["author"])
            at = datetime.fromisoformat(row["time"])
            for task in row["tasks"].split():
                key = (who.no, task)
                firsts[key] = min(firsts.get(key, at), at)
        cells = {}
        for p in self.participants:
            if not p.counted:
                continue
            for task in self.program.tasks:
                first = firsts.get((p.no, task.id))
                cells[(p.no, task.id)] = ("missing" if first is None else
                                          "late" if first.date() > task.due else "on_time")
        return cells


def load_part(part: str) -> list[Labelled]:
    """Every programme of one part ("tuning" or "kept_aside")."""
    with (CORPUS / "programmes.toml").open("rb") as handle:
        programmes = {p["id"]: p for p in tomllib.load(handle)["programme"] if p["part"] == part}
    with (CORPUS / f"{part}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for pid, spec in programmes.items():
        mine = tuple(r for r in rows if r["programme"] == pid)
        people = tuple(Participant(no, name, aliases=tuple(a for a in aliases.split("|") if a), role=role)
                       for no, name, aliases, role in spec["roster"])
        program = Program(folder=Path(pid), name=spec["group"], group=spec["group"], start=spec["start"],
                          end=spec["end"], tasks=tuple(Task(t, due) for t, due in spec["tasks"]))
        out.append(Labelled(program, people, _frame(mine, Roster(people)), mine))
    return out


def _frame(rows: tuple[dict[str, str], ...], roster: Roster) -> pd.DataFrame:
    data = []
    for i, row in enumerate(rows):
        who = roster.resolve(row["author"])
        data.append([who.no if who else None, datetime.fromisoformat(row["time"]), row["author"], row["author"],
                     KINDS[row["kind"]], row["text"], row["attachment"], False, "", "", "corpus.csv", i + 1,
                     f"k{i + 1}"])
    frame = pd.DataFrame(data, columns=COLUMNS)
    frame["no"] = frame["no"].astype("Int64")
    frame["timestamp"] = frame["timestamp"].astype("datetime64[ns]")
    return frame


def day(text: str) -> date:
    return date.fromisoformat(text)
