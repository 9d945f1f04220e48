"""Results objects for the report tests, built from the first paper's Tabel 1 (11 teachers,
19 working days 6–30 April 2020, weeks of 5, 5, 5 and 4 days, Siklus I = weeks 1–2).

The other report test modules import `paper_results` from here; the tests below check that the
fixture itself holds the paper's figures, so a mistake here cannot hide behind the writers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from whatsapp_ingest.programme.program import Cycle, Output, Program, Task
from whatsapp_ingest.figures.results import Results

# Tabel 1: active days per week (Minggu ke-1 … ke-4) of participants 1–11
TABEL_1 = [(3, 5, 5, 4), (3, 5, 5, 4), (5, 1, 0, 0), (5, 5, 5, 0), (5, 5, 5, 4), (5, 5, 5, 4),
           (5, 5, 1, 0), (5, 5, 2, 0), (4, 2, 0, 0), (3, 0, 0, 0), (4, 5, 5, 4)]
PAPER_PERCENT = [89.5, 89.5, 31.6, 78.9, 100.0, 100.0, 57.9, 63.2, 31.6, 15.8, 94.7]
NAMES = ["Ahmad Fauzi", "Siti Aminah", "Dedi Kurniawan", "Nur Hasanah", "Rina Marlina", "Yusuf Hidayat",
         "Eka Susanti", "Hendra Gunawan", "Lilis Suryani", "Agus Salim", "Wati Rahmawati"]
WEEKS = [[date(2020, 4, d) for d in range(s, s + n)] for s, n in ((6, 5), (13, 5), (20, 5), (27, 4))]
TASKS = (Task("PR.1", date(2020, 4, 8)), Task("TT.1", date(2020, 4, 15)))


def half_up(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def paper_program(folder: Path, csv: str = "standard", lang: str = "id") -> Program:
    return Program(folder=folder, name="Bimlat PTK April 2020", group="Bimlat PTK KKG MI", start=date(2020, 4, 6),
                   end=date(2020, 4, 30), cycles=(Cycle("Siklus I", (1, 2)), Cycle("Siklus II", (3, 4))),
                   tasks=TASKS, output=Output(csv=csv, lang=lang))


def paper_results(folder: Path, csv: str = "standard", lang: str = "id", names: list[str] | None = None,
                  warnings: tuple[str, ...] = ("inbox/lama.txt: refused: an export of another group",)) -> Results:
    """The Tabel 1 programme as aggregation would hand it over (participant k active on the first
    n days of each week, n from Tabel 1)."""
    program = paper_program(folder, csv, lang)
    names = names or NAMES
    days = [d for week in WEEKS for d in week]
    act, dec, daily, subs, evidence = [], [], [], [], []
    for no, (name, counts) in enumerate(zip(names, TABEL_1), start=1):
        total = sum(counts)
        percent = half_up(total / 19 * 100)
        act.append([no, name, *counts, total, 19, percent, "Aktif" if percent >= 70 else "Pasif"])
        for cycle, weeks in (("Siklus I", 2), ("Siklus II", 4)):   # cumulative basis
            active, possible = sum(counts[:weeks]), sum(len(w) for w in WEEKS[:weeks])
            p = half_up(active / possible * 100)
            dec.append([no, name, cycle, active, possible, p, "DL" if p >= 70 else "TDL"])
        for week, (count, week_days) in enumerate(zip(counts, WEEKS), start=1):
            for i, day in enumerate(week_days):
                daily.append([no, name, day, week, 2 if i < count else 0, int(i < count)])
                if i < count:
                    evidence.append([no, name, day, f"07:3{i}", name, f"Assalamualaikum, hadir {i}", "active"])
        for task in TASKS:
            state = "on_time" if total >= 15 else "late" if total >= 11 else "missing"
            when = None if state == "missing" else datetime.combine(task.due + timedelta(days=state == "late"), time(9))
            subs.append([no, name, task.id, state, when, 0 if state == "missing" else 1])
    weeks = [f"week_{k}" for k in range(1, 5)]
    summary = [("participants", 11), ("withdrawn", 1), ("working_days", 19), ("weeks", 4), ("mean_percent", 68.42),
               ("aktif", 6), ("pasif", 5), ("Siklus I DL", 8), ("Siklus I TDL", 3), ("Siklus II DL", 6),
               ("Siklus II TDL", 5)]
    return Results(
        program=program,
        working_days=tuple(days),
        weeks=tuple((k, tuple(w)) for k, w in enumerate(WEEKS, start=1)),
        activeness=pd.DataFrame(act, columns=["no", "name", *weeks, "total", "possible", "percent", "status"]),
        decisions=pd.DataFrame(dec, columns=["no", "name", "cycle", "active_days", "possible_days", "percent",
                                             "decision"]),
        daily=pd.DataFrame(daily, columns=["no", "name", "date", "week", "messages", "active"]),
        submissions=pd.DataFrame(subs, columns=["no", "name", "task", "status", "first_submitted", "submissions"]),
        summary=pd.DataFrame(summary, columns=["metric", "value"], dtype=object),
        evidence=pd.DataFrame(evidence, columns=["no", "name", "date", "time", "author", "text", "rule"]),
        unknown_senders=pd.DataFrame([["+62 811-0000-0000", 3, datetime(2020, 4, 7, 8), datetime(2020, 4, 9, 9)]],
                                     columns=["author", "messages", "first_seen", "last_seen"]),
        participants=pd.DataFrame([[no, name, f"+6281200000{no:03d}", "peserta", "aktif"]
                                   for no, name in enumerate(names, start=1)] +
                                  [[12, "Bu Pengawas", "+6281299999999", "pembimbing", "aktif"],
                                   [13, "Guru Mundur", "", "peserta", "mundur"]],
                                  columns=["no", "name", "phone", "role", "status"]),
        warnings=warnings,
    )


def with_program(results: Results, **changes: object) -> Results:
    return replace(results, program=replace(results.program, **changes))


def test_fixture_reproduces_tabel_1(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    assert results.activeness["total"].tolist() == [17, 17, 6, 15, 19, 19, 11, 12, 6, 3, 18]
    assert results.activeness["percent"].tolist() == PAPER_PERCENT
    assert (results.activeness["status"] == "Aktif").sum() == 6
    cycle_one = results.decisions[results.decisions["cycle"] == "Siklus I"]
    assert cycle_one["decision"].tolist().count("DL") == 8
    assert len(results.working_days) == 19 and [len(d) for _, d in results.weeks] == [5, 5, 5, 4]
    assert len(results.evidence) == results.daily["active"].sum() == 143
