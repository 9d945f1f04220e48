"""Figures so far: the as-of date, activeness on the days elapsed, provisional and final cycle decisions.

Supervisors run `ingest` every week during the programme, so every figure is taken *as of* a day:
the date of the latest stored message (or `--as-of`), never later than the programme's end. The
functions here work on the activity table — the set of (participant, day) that counted and the set
of excused (izin/sakit) days — not on messages, so any way of building that table (the whole store
at once, or a scan in chunks) gives the same figures. Once as-of reaches the programme's end, every
figure is the one taken over the whole programme.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from whatsapp_ingest.errors import IngestError
from whatsapp_ingest.figures.frames import plain_frame
from whatsapp_ingest.figures.scores import round_half_up
from whatsapp_ingest.i18n import _
from whatsapp_ingest.programme.calendar import Calendar
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.programme.roster import Participant

if TYPE_CHECKING:   # the tables need pandas; --as-of checks and `roster` do not
    import pandas as pd

Day = tuple[int, date]   # (participant number, day): one cell of the activity table

# State of a week or cycle on the as-of date.
DONE, IN_PROGRESS, NOT_BEGUN = "done", "in_progress", "not_begun"


@dataclass(frozen=True)
class AsOf:
    """The day the figures are taken on, and the programme's working days up to it."""

    day: date
    elapsed: tuple[date, ...]     # working days up to and including `day`
    total: int                    # working days of the whole programme
    complete: bool                # `day` is the programme's end: the figures are the final ones

    def state(self, days: Sequence[date]) -> str:
        """DONE, IN_PROGRESS or NOT_BEGUN for a run of working days (a week, a cycle)."""
        if not days or days[-1] <= self.day:
            return DONE
        return NOT_BEGUN if days[0] > self.day else IN_PROGRESS

    def so_far(self, days: Sequence[date]) -> tuple[date, ...]:
        """The days of `days` up to and including as-of."""
        return tuple(d for d in days if d <= self.day)


def parse_as_of(text: str) -> date:
    """The --as-of value as a date: 2020-04-11 or 11/04/2020 (day first); IngestError (exit 1) otherwise."""
    from whatsapp_ingest.programme.calendar import parse_day

    day = parse_day(text.strip())
    if day is None:
        raise IngestError("--as-of", _("'{value}' is not a date").format(value=text),
                          _("write it as 2020-04-11 or 11/04/2020"))
    return day


def check_as_of(program: Program, requested: date) -> None:
    """IngestError (exit 1) when a requested as-of day lies outside the programme's dates."""
    period = {"start": program.start.isoformat(), "end": program.end.isoformat()}
    if requested < program.start:
        raise IngestError("--as-of", _("{day} is before the programme starts ({start})").format(
            day=requested.isoformat(), **period), _("give a date from {start} to {end}").format(**period))
    if requested > program.end:
        raise IngestError("--as-of", _("{day} is after the programme ends ({end})").format(
            day=requested.isoformat(), **period), _("give a date from {start} to {end}").format(**period))


def as_of(program: Program, calendar: Calendar, latest: date | None, requested: date | None = None) -> AsOf:
    """The as-of day: `requested` (--as-of) when given, else the latest stored message's date, kept
    within the programme (no message yet, or messages past the end: the end; before the start: the
    start). A requested day outside the programme is an IngestError (exit 1)."""
    if requested is not None:
        check_as_of(program, requested)
        day = requested
    elif latest is None or latest > program.end:
        day = program.end
    else:
        day = max(latest, program.start)
    elapsed = tuple(d for d in calendar.working_days if d <= day)
    return AsOf(day, elapsed, len(calendar.working_days), day >= program.end)


@functools.lru_cache(maxsize=8)
def _exact(threshold: float) -> Fraction:
    """The threshold percent as the decimal it is written as (62.5 → 125/2), worked out once."""
    return Fraction(repr(float(threshold)))


def reaches(active: int, possible: int, threshold: float) -> bool:
    """True when the exact ratio is at or above the threshold percent (not the rounded percent)."""
    goal = _exact(threshold)   # active / possible × 100 >= goal, in integers (possible > 0)
    return active * 100 * goal.denominator >= goal.numerator * possible


def percent(active: int, possible: int) -> float:
    """active / possible × 100, rounded half-up to one decimal, exactly (15.789… → 15.8, 0.05 → 0.1)."""
    return round_half_up(Fraction(active * 100, possible), 1)


def needed(active: int, possible: int, threshold: float) -> int:
    """How many more active days reach the threshold over `possible` days (0 when already reached)."""
    goal = _exact(threshold) * possible / 100
    whole = -(-goal.numerator // goal.denominator)   # the ceiling of an exact fraction
    return max(0, whole - active)


def activeness_so_far(threshold: float, counted: Sequence[Participant], calendar: Calendar, active: Collection[Day],
                      excused: Collection[Day], when: AsOf, notes: list[str]) -> tuple[pd.DataFrame, list[Fraction]]:
    """The activeness table on the days elapsed: a week not begun is empty, a week in progress
    counts its days so far; possible = elapsed working days not excused; percent and Aktif/Pasif
    on those. Returns the table and each participant's exact ratio (for the mean)."""
    import pandas as pd

    week_columns = [f"week_{n}" for n, _days in calendar.weeks]
    rows, exact = [], []
    for p in counted:
        weeks: list[int | None] = [None if when.state(days) == NOT_BEGUN else
                                   sum((p.no, d) in active for d in when.so_far(days)) for _n, days in calendar.weeks]
        total = sum(w for w in weeks if w is not None)
        possible = sum((p.no, d) not in excused for d in when.elapsed)
        if possible == 0:
            if when.elapsed:   # before the first working day nobody has a percent yet: not worth a warning
                notes.append(f"participant {p.no} ({p.name}) has no possible working day (every day izin/sakit): "
                             f"no percent or status")
            rows.append([p.no, p.name, *weeks, total, possible, float("nan"), ""])
            continue
        exact.append(Fraction(total * 100, possible))
        status = "Aktif" if reaches(total, possible, threshold) else "Pasif"
        rows.append([p.no, p.name, *weeks, total, possible, percent(total, possible), status])
    columns = ["no", "name", *week_columns, "total", "possible", "percent", "status"]
    # object columns: an empty week stays empty beside the numbers, not NaN or 0.0
    frame = pd.DataFrame(rows, columns=columns, dtype=object).astype({"percent": float})
    return frame.astype({c: "int64" for c in ("no", "total", "possible")}), exact


def cycle_decisions(program: Program, counted: Sequence[Participant], calendar: Calendar, active: Collection[Day],
                    excused: Collection[Day], when: AsOf) -> tuple[pd.DataFrame, list[tuple[str, int | None, int | None]]]:
    """DL/TDL per participant and cycle on the days so far, with `final` yes/no.

    A cycle not begun (its own first working day after as-of) has no decision. A cycle in progress
    is decided on its days so far and is provisional — unless it can no longer change: enough
    active days already for the threshold over all its days, or the threshold out of reach even if
    active on every remaining day. After the cycle's last working day the decision is final.
    `basis` ("cumulative" or "cycle") chooses the days, as before. Returns the table and, per cycle,
    (name, DL count, TDL count) — both None for a cycle not begun.
    """
    import pandas as pd

    basis, threshold = program.decision.basis, program.decision.threshold
    rows: list[list[object]] = []
    counts: list[tuple[str, int | None, int | None]] = []
    for cycle in program.cycles:
        own = calendar.cycle_days(cycle, "cycle")
        days = calendar.cycle_days(cycle, basis)
        if when.state(own) == NOT_BEGUN:
            rows += [[p.no, p.name, cycle.name, None, None, float("nan"), "", "no"] for p in counted]
            counts.append((cycle.name, None, None))
            continue
        so_far, rest = when.so_far(days), [d for d in days if d > when.day]
        dl = tdl = 0
        for p in counted:
            got = sum((p.no, d) in active for d in so_far)
            possible = sum((p.no, d) not in excused for d in so_far)
            remaining = sum((p.no, d) not in excused for d in rest)
            whole = possible + remaining
            if possible == 0:
                rows.append([p.no, p.name, cycle.name, got, possible, float("nan"), "", "yes" if whole == 0 else "no"])
                continue
            decision = "DL" if reaches(got, possible, threshold) else "TDL"
            final = (not remaining or reaches(got, whole, threshold)
                     or not reaches(got + remaining, whole, threshold))
            dl, tdl = dl + (decision == "DL"), tdl + (decision == "TDL")
            rows.append([p.no, p.name, cycle.name, got, possible, percent(got, possible), decision,
                         "yes" if final else "no"])
        counts.append((cycle.name, dl, tdl))
    columns = ["no", "name", "cycle", "active_days", "possible_days", "percent", "decision", "final"]
    frame = pd.DataFrame(rows, columns=columns, dtype=object).astype({"percent": float, "no": "int64"})
    return frame, counts


def daily_so_far(counted: Sequence[Participant], calendar: Calendar, messages: dict[Day, int],
                 active: Collection[Day], when: AsOf) -> pd.DataFrame:
    """One row per participant and working day; days after as-of have empty messages and active."""
    import pandas as pd

    rows = [[p.no, p.name, day, number,
             *((int(messages.get((p.no, day), 0)), int((p.no, day) in active)) if day <= when.day else (None, None))]
            for p in counted for number, days in calendar.weeks for day in days]
    frame = pd.DataFrame(rows, columns=["no", "name", "date", "week", "messages", "active"], dtype=object)
    return frame.astype({"no": "int64", "week": "int64"})


def at_risk(threshold: float, counted: Sequence[Participant], calendar: Calendar, active: Collection[Day],
            excused: Collection[Day], when: AsOf) -> pd.DataFrame:
    """Who is below the threshold so far and what the rest of the programme still allows.

    One row per participant whose percent so far is below the threshold (or who cannot reach it
    any more): `needed` active days of the `remaining` working days after as-of, and `reachable`
    False when even every remaining day would not be enough. Columns no, name, active, possible,
    remaining, needed, reachable.
    """
    rows = []
    for p in counted:
        got = sum((p.no, d) in active for d in when.elapsed)
        possible = sum((p.no, d) not in excused for d in when.elapsed)
        remaining = sum((p.no, d) not in excused for d in calendar.working_days if d > when.day)
        whole = possible + remaining
        if whole == 0:
            continue
        need = needed(got, whole, threshold)
        below = possible == 0 or not reaches(got, possible, threshold)
        if need == 0 or not (below or need > remaining):
            continue
        rows.append([p.no, p.name, got, possible, remaining, need, need <= remaining])
    return plain_frame(rows, ["no", "name", "active", "possible", "remaining", "needed", "reachable"],
                       {"no": "int64", "active": "int64", "possible": "int64", "remaining": "int64", "needed": "int64",
                        "reachable": "bool"})
