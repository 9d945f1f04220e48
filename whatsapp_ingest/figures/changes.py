"""What changed since the last run, and this week: the "Minggu Ini" figures.

`snapshot_of` takes a run's per-participant figures out of its Results (what the store keeps, see
store.snapshots); `week_changes` compares them with the snapshot of the last run before the newest
messages arrived (None on the first run) and adds each participant's active days in the programme
week that holds the as-of day. Pure: snapshots and Results in, a `Changes` out.

The `table` columns (the contract of out/minggu_ini.csv):
no,name,week_active,week_days,active_before,active,status_before,status,new_submissions,decision_changes
- week_active: active days in this week so far; week_days: this week's working days so far
- active_before / status_before: at the last run (None on the first run, or for someone new)
- new_submissions: tuple of the tasks first sent since the last run
- decision_changes: tuple of (cycle, before, before_final, now, now_final) for each cycle whose
  decision or finality changed
"""

from __future__ import annotations

import dataclasses
from datetime import date

from whatsapp_ingest.figures.results import WEEK_COLUMNS, Changes, Results
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.store.snapshots import Snapshot, baseline, record_snapshot, store_counts

SENT = ("on_time", "late")
COLUMNS = WEEK_COLUMNS


def snapshot_of(results: Results, messages: int, files: int) -> Snapshot:
    """The figures of `results` that the store keeps for the next run to compare with."""
    assert results.as_of is not None
    participants = {int(r["no"]): (str(r["name"]), int(r["total"]), int(r["possible"]), str(r["status"] or ""))
                    for r in results.activeness.to_dict("records")}
    frame = results.decisions
    finals = frame["final"] if "final" in frame else ["yes"] * len(frame)   # (tables built before `final`)
    decisions = {(int(no), str(cycle)): (str(d) if isinstance(d, str) else "", final == "yes")
                 for no, cycle, d, final in zip(frame["no"], frame["cycle"], frame["decision"], finals)}
    submissions = {(int(no), str(task)): str(status) for no, task, status in zip(
        results.submissions["no"], results.submissions["task"], results.submissions["status"])}
    unknown = {str(a): int(n) for a, n in zip(results.unknown_senders["author"], results.unknown_senders["messages"])}
    return Snapshot(results.as_of.day, messages, files, participants, decisions, submissions, unknown)


def current_week(results: Results) -> tuple[int | None, tuple[date, ...], tuple[date, ...]]:
    """(number, days so far, all days) of the programme week holding the as-of day: the last week
    begun by then (a Saturday belongs to the week before it)."""
    assert results.as_of is not None
    begun = [(n, days) for n, days in results.weeks if days and days[0] <= results.as_of.day]
    if not begun:
        return None, (), ()
    number, days = begun[-1]
    return number, results.as_of.so_far(days), days


def week_changes(results: Results, now: Snapshot, before: Snapshot | None) -> Changes:
    """This week's active days per participant and what changed since `before` (None: first run)."""
    week, so_far, days = current_week(results)
    # Each participant's new tasks and changed decisions, gathered in one pass over the snapshot (a
    # pass per participant would make thousands of participants quadratic).
    new_tasks_of: dict[int, list[str]] = {}
    changed_of: dict[int, list[tuple[str, str, bool, str, bool]]] = {}
    if before is not None:
        for (who, task), state in now.submissions.items():
            if state in SENT and before.submissions.get((who, task)) not in SENT:
                new_tasks_of.setdefault(who, []).append(task)
        for (who, cycle), (decision, final) in now.decisions.items():
            earlier_decision = before.decisions.get((who, cycle), ("", False))
            if earlier_decision != (decision, final):
                changed_of.setdefault(who, []).append((cycle, *earlier_decision, decision, final))
    rows = []
    for row in results.activeness.to_dict("records"):
        no = int(row["no"])
        name, active, _possible, status = now.participants[no]
        week_active = row.get(f"week_{week}") if week is not None else None
        earlier = before.participants.get(no) if before is not None else None
        new_tasks: tuple[str, ...] = ()
        changed: tuple[tuple[str, str, bool, str, bool], ...] = ()
        if earlier is not None:   # someone new in the roster: nothing to compare with
            new_tasks = tuple(new_tasks_of.get(no, ()))
            changed = tuple(changed_of.get(no, ()))
        rows.append([no, name, None if week_active is None else int(week_active), len(so_far),
                     None if earlier is None else earlier[1], active, None if earlier is None else earlier[3],
                     status, new_tasks, changed])
    table = tuple(tuple(row) for row in rows)
    unknown_new = tuple(a for a in now.unknown if before is not None and a not in before.unknown)
    return Changes(
        previous_as_of=None if before is None else before.as_of,
        messages_new=max(0, now.messages - (before.messages if before is not None else 0)),
        files_new=max(0, now.files - (before.files if before is not None else 0)),
        unknown_new=unknown_new, week=week, week_days=len(so_far), week_total=len(days), table=table)


def with_changes(program: Program, results: Results, looking_back: date | None = None) -> Results:
    """`results` with this week's figures and what changed since the last run; the run's snapshot
    is kept in the store (not when looking back with --as-of, nor while the store holds nothing)."""
    from whatsapp_ingest.store.db import connect

    if results.as_of is None:
        return results
    conn = connect(program)
    try:
        messages, files = store_counts(conn, looking_back)
        now = snapshot_of(results, messages, files)
        before, replaces = baseline(conn, messages, looking_back)
        if looking_back is None and messages:
            record_snapshot(conn, now, replaces)
    finally:
        conn.close()
    return dataclasses.replace(results, changes=week_changes(results, now, before))
