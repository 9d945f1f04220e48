"""Submissions of tasks (PR.n, TT.n): who sent which task, when first, and whether on time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

import pandas as pd

from whatsapp_ingest.figures.frames import plain_frame
from whatsapp_ingest.i18n import _
from whatsapp_ingest.programme.program import Task, task_key
from whatsapp_ingest.programme.ruleset import task_order

COLUMNS = ["no", "name", "task", "status", "first_submitted", "submissions"]


def task_list(declared: Sequence[Task], seen: Sequence[str]) -> tuple[Task, ...]:
    """The tasks to report: the programme's `[[tasks]]` in their order, or else every task seen,
    PR before TT, by number."""
    if declared:
        return tuple(declared)
    return tuple(Task(task) for task in sorted(set(seen), key=task_order))


def submissions_table(firsts: Mapping[tuple[int, str], tuple[datetime, int]], tasks: Sequence[Task],
                      people: Sequence[tuple[int, str]], as_of: date | None = None) -> pd.DataFrame:
    """One row per participant and task.

    `firsts` holds, per (participant credited, task), the first sending and how many messages named
    it (only counted participants' messages). `status` is "missing" without a submission — "not_due" instead while
    the task is due after `as_of` — "late" when the first submission came after the end of the due
    day, else "on_time" (a task without a due date cannot be late). `first_submitted` is a datetime or None; `submissions` counts the messages naming the task.
    """
    rows: list[list[object]] = []
    for no, name in people:
        for task in tasks:
            first, count = firsts.get((no, task.id), (None, 0))
            if first is None:
                status = "not_due" if as_of is not None and task.due is not None and task.due > as_of else "missing"
            elif task.due is not None and first.date() > task.due:
                status = "late"
            else:
                status = "on_time"
            rows.append([no, name, task.id, status, first, count])
    # (object columns: first_submitted None stays None, not NaT)
    return plain_frame(rows, COLUMNS, {"no": "int64", "submissions": "int64"})


def undeclared_warnings(declared: Sequence[Task], named: Mapping[str, int]) -> list[str]:
    """Warn about tasks the messages name (`named`: task → messages naming it) that program.toml does
    not list (only when it lists tasks)."""
    if not declared or not named:
        return []
    known = {task.id for task in declared}
    spelt = {task_key(task.id): task.id for task in declared}
    counts = {task: n for task, n in named.items() if task not in known}
    notes = []
    for task, count in sorted(counts.items(), key=lambda kv: task_order(str(kv[0]))):
        other = spelt.get(task_key(str(task)))
        if other is not None:   # "PR 2" in program.toml never equals the rule set's "PR.2"
            notes.append(_("{count} message(s) name {task}, but program.toml writes it '{other}', so they are not "
                           "counted for it; write id = \"{task}\" under [[tasks]]").format(count=count, task=task, other=other))
        else:
            notes.append(_("{count} message(s) name {task}, which is not a task in program.toml; add it under "
                           "[[tasks]] or correct the rule set").format(count=count, task=task))
    return notes
