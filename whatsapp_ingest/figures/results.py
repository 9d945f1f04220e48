"""What aggregation hands to the writers: the tables of one programme, recomputed from the store.

Column orders are the output contract (issue: rules and aggregation):
- activeness: no,name,week_1,…,week_K,total,possible,percent,status
- decisions: no,name,cycle,active_days,possible_days,percent,decision,final  (final: yes/no; a cycle
  not begun has an empty decision, a cycle in progress a provisional one unless it can no longer change)
- daily: no,name,date,week,messages,active
- submissions: no,name,task,status,first_submitted,submissions  (status on_time, late, missing, not_due)
- summary: metric,value
- evidence: no,name,date,time,author,text,rule  (one row per counted day: the message that counted)
- unknown_senders: author,messages,first_seen,last_seen,suggestions  (suggestions: "maksudnya …?", the
  participants the author may be, "Name (no. k)" joined by "; "; never assigned)
- participants: no,name,phone,role,status,<extra roster columns>
- at_risk: no,name,active,possible,remaining,needed,reachable  (see figures.asof.at_risk)
- review: id,no,name,date,time,author,text,tasks,rule,reason  (the review queue, out/periksa.csv)
- changes: this week's active days and what changed since the last run (figures/changes.py; minggu_ini.csv)
- verdicts: every counted message with what decided it (figures/verdicts.py; not written as a file; kept
  only when asked, for `explain`: the weekly run never holds every message)
`percent` is a float rounded half-up to one decimal; dates are `datetime.date`. Every figure is
taken as of `as_of` (figures.asof): `possible` = working days elapsed, weeks not begun are empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from whatsapp_ingest.programme.program import Program

# The most participants a chart draws one bar each for: a class is 20 to 60; beyond a few hundred
# (no roster in a large group: every author a participant) the bars cannot be read, and the image
# would be taller than any image format holds.
CHART_BARS = 300

if TYPE_CHECKING:   # importing pandas takes a quarter of a second: `roster` and `init` never need it
    import pandas as pd

    from whatsapp_ingest.figures.asof import AsOf


def _empty_frame() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame()


# The columns of Changes.table and of out/minggu_ini.csv (figures/changes.py says what each holds).
WEEK_COLUMNS = ("no", "name", "week_active", "week_days", "active_before", "active", "status_before", "status",
                "new_submissions", "decision_changes")


@dataclass(frozen=True)
class Changes:
    """This week and what changed since the last run (previous_as_of None: there is no earlier run)."""

    previous_as_of: date | None
    messages_new: int
    files_new: int
    unknown_new: tuple[str, ...]
    week: int | None              # the programme week holding the as-of day (None: before the first one)
    week_days: int                # its working days up to as-of
    week_total: int               # all its working days
    # One row per participant, in the order of WEEK_COLUMNS: plain tuples, so that a re-run
    # with nothing new shows them from the outputs' record without pandas.
    table: tuple[tuple[Any, ...], ...]

    def records(self) -> list[dict[str, Any]]:
        """The table's rows as dicts by column name."""
        return [dict(zip(WEEK_COLUMNS, row)) for row in self.table]


@dataclass(frozen=True)
class Results:
    program: Program
    working_days: tuple[date, ...]
    weeks: tuple[tuple[int, tuple[date, ...]], ...]     # (week number, its working days)
    activeness: pd.DataFrame
    decisions: pd.DataFrame
    daily: pd.DataFrame
    submissions: pd.DataFrame
    summary: pd.DataFrame
    evidence: pd.DataFrame
    unknown_senders: pd.DataFrame
    participants: pd.DataFrame
    warnings: tuple[str, ...] = field(default=())
    as_of: AsOf | None = None             # None: the whole programme (tables built without an as-of date)
    at_risk: pd.DataFrame | None = None
    review: pd.DataFrame = field(default_factory=_empty_frame)
    verdicts: pd.DataFrame = field(default_factory=_empty_frame)
    notices: tuple[str, ...] = field(default=())     # what the run did that is not a problem (corrections applied)
    changes: Changes | None = None        # this week and since the last run (figures.changes; None: not computed)
