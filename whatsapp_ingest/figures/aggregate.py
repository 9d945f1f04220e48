"""Aggregation: the stored messages → activeness, decisions, daily, submissions, evidence, summary.

Recomputed from the whole store on every run, so a corrected roster, rule set or overrides.csv
applies to the whole history. `build_results` loads; `compute` is pure (frames in, Results out).

Conventions (docs/rules.md): `percent` = total / possible × 100 rounded half-up to one decimal in
integer arithmetic; Aktif / DL when the *exact* ratio is at or above the threshold (so 69.96 %
shows as 70.0 but is Pasif); `mean_percent` is the exact mean of the exact ratios, half-up to two
decimals; `daily.active` is 1 or 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

import pandas as pd

from whatsapp_ingest.i18n import _
from whatsapp_ingest.figures.asof import (AsOf, activeness_so_far, as_of, at_risk, cycle_decisions, daily_so_far,
                                          percent, reaches)
from whatsapp_ingest.programme.calendar import Calendar, Override, build_calendar, read_overrides
from whatsapp_ingest.programme.roster import Participant
from whatsapp_ingest.programme.suggest import suggest
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.figures.frames import plain_frame
from whatsapp_ingest.figures.results import CHART_BARS, Results
from whatsapp_ingest.programme.corrections import CORRECTIONS_FILE, Correction, read_corrections
from whatsapp_ingest.programme.ruleset import RuleSet, load_rules
from whatsapp_ingest.figures.captions import fold_chunk
from whatsapp_ingest.figures.scan import Scan, frame_rows
from whatsapp_ingest.figures.verdicts import KnownVerdicts, review_table
from whatsapp_ingest.figures.scores import round_half_up
from whatsapp_ingest.figures.submissions import submissions_table, task_list, undeclared_warnings

OVERRIDE_RULE = "overrides.csv: {mark}"
EVIDENCE = ["no", "name", "date", "time", "author", "text", "rule"]
__all__ = ["build_results", "compute", "percent", "reaches"]


def build_results(program: Program, warnings: Sequence[str] = (), as_of_day: date | None = None,
                  keep_verdicts: bool = False, known: KnownVerdicts | None = None) -> Results:
    """Load the rule set, calendar, overrides.csv and koreksi.csv, and compute every table from the
    stored messages as of `as_of_day` (None: the latest stored message's date). The messages are
    streamed from the store in one pass (figures.scan): memory does not grow with them.
    `keep_verdicts` keeps every counted message with its verdict in `Results.verdicts` (explain).
    `known`: verdicts decided beforehand (figures/verdicts_aside.py), taken if the rule set is the same."""
    from whatsapp_ingest.store.db import StoredMessages   # the store needs SQLite; compute() does not

    rules = load_rules(program.rules, program.folder, program.program_toml)
    calendar = build_calendar(program)
    overrides = read_overrides(program.folder / "overrides.csv", calendar)
    corrections = read_corrections(program.folder / CORRECTIONS_FILE)
    with StoredMessages(program) as stored:
        return _compute(program, rules, stored.chunks, stored.roster.participants, overrides, warnings, calendar,
                        as_of_day, corrections, keep_verdicts, known)


def compute(program: Program, rules: RuleSet, frame: pd.DataFrame, participants: Sequence[Participant],
            overrides: Sequence[Override] = (), warnings: Sequence[str] = (),
            calendar: Calendar | None = None, as_of_day: date | None = None,
            corrections: Sequence[Correction] = ()) -> Results:
    """Every table of the programme from a message frame (the store's columns) and the roster, as of
    `as_of_day` (None: the date of the latest message; see figures.asof). Keeps the verdicts."""
    def chunks(until: date | None) -> Iterable[list[tuple[Any, ...]]]:
        return [list(frame_rows(frame if until is None else frame[frame["timestamp"].dt.date <= until]))]

    return _compute(program, rules, chunks, participants, overrides, warnings, calendar, as_of_day, corrections,
                    keep_verdicts=True)


def _compute(program: Program, rules: RuleSet, chunks: Callable[[date | None], Iterable[list[tuple[Any, ...]]]],
             participants: Sequence[Participant], overrides: Sequence[Override] = (),
             warnings: Sequence[str] = (), calendar: Calendar | None = None, as_of_day: date | None = None,
             corrections: Sequence[Correction] = (), keep_verdicts: bool = False,
             known: KnownVerdicts | None = None) -> Results:
    """Every table from `chunks(until)` — the messages up to a day (None: all) in time order, in lists
    that each end where a second ends — and the roster."""
    calendar = calendar or build_calendar(program)
    # --as-of: the day is known before the messages, and those after it are left out (not known yet
    # when looking back); otherwise it is the latest message's day, which the scan meets last.
    asked = as_of(program, calendar, None, as_of_day) if as_of_day is not None else None
    people = sorted(participants, key=lambda p: p.no)
    counted = [p for p in people if p.counted]
    numbers = {p.no for p in counted}
    notes = list(warnings)

    # The rules, sends on someone's behalf, koreksi.csv and late re-sends, message by message
    # (figures/verdicts.py); what came after as-of is not known yet when looking back.
    scan = Scan(rules, counted, program.tasks, corrections, keep_verdicts, calendar.working_days)
    if known is not None:
        scan.verdicts.prime(known)
    # an iPhone caption and its file: one sending, the caption the file's text (figures/captions.py)
    scan.add_chunks(map(fold_chunk, chunks(None if asked is None or asked.complete else asked.day)))
    when = asked if asked is not None else as_of(program, calendar, scan.latest)
    notices, fixes = scan.verdicts.correction_notes()
    notes += fixes

    evidence = dict(scan.evidence)
    marks = _apply_overrides(overrides, numbers, people, notes)
    for key, (mark, note) in marks.items():
        if mark == "H" and key not in evidence:
            evidence[key] = ("", "", note, OVERRIDE_RULE.format(mark=mark))
        elif mark in "ISA":
            evidence.pop(key, None)
    excused = {key for key, (mark, _) in marks.items() if mark in "IS"}

    threshold = program.decision.threshold
    daily = daily_so_far(counted, calendar, scan.messages, evidence, when)
    activeness, exact = activeness_so_far(threshold, counted, calendar, evidence, excused, when, notes)
    decisions, cycle_counts = cycle_decisions(program, counted, calendar, evidence, excused, when)
    tasks = task_list(program.tasks, list(scan.task_counts))
    submissions = submissions_table(scan.firsts(), tasks, [(p.no, p.name) for p in counted], when.day)
    notes += undeclared_warnings(program.tasks, scan.task_counts)
    notes += _gap_warnings(scan.days, calendar, program)
    if len(counted) > CHART_BARS:
        notes.append(_("{n} participants are too many for one bar each: the activeness chart is not drawn (the "
                       "tables and the workbook list everyone); without a roster.csv every sender counts as a "
                       "participant, so write the roster").format(n=len(counted)))
    summary = _summary(people, counted, calendar, activeness, exact, cycle_counts, when)
    names = {p.no: p.name for p in counted}
    working = set(calendar.working_days)
    evidence_rows = [[no, names[no], day, *evidence[(no, day)]] for no, day in sorted(evidence) if day in working]
    return Results(
        program=program,
        working_days=calendar.working_days,
        weeks=calendar.weeks,
        activeness=activeness,
        decisions=decisions,
        daily=daily,
        submissions=submissions,
        summary=summary,
        evidence=plain_frame(evidence_rows, EVIDENCE, {"no": "int64"}),
        unknown_senders=with_suggestions(scan.unknown_senders(), people),
        participants=_participants(people),
        warnings=tuple(notes),
        as_of=when,
        at_risk=at_risk(threshold, counted, calendar, evidence, excused, when),
        review=review_table(scan.review),
        verdicts=scan.verdict_frame(),
        notices=tuple(notices),
    )


def _apply_overrides(overrides: Sequence[Override], numbers: set[int], people: Sequence[Participant],
                     notes: list[str]) -> dict[tuple[int, date], tuple[str, str]]:
    """overrides.csv rows of counted participants; rows for anyone else become warnings."""
    known = {p.no: p for p in people}
    marks: dict[tuple[int, date], tuple[str, str]] = {}
    for row in overrides:
        if row.no in numbers:
            marks[(row.no, row.day)] = (row.mark, row.note)
        elif row.no in known:
            who = known[row.no]
            notes.append(_("overrides.csv:{line}: participant {no} ({name}) is not counted ({role}, {status}); "
                           "the row is ignored").format(line=row.line, no=row.no, name=who.name, role=who.role,
                                                        status=who.status))
        else:
            notes.append(_("overrides.csv:{line}: participant {no} is not in the roster; the row is ignored").format(
                line=row.line, no=row.no))
    return marks


def _summary(people: Sequence[Participant], counted: Sequence[Participant], calendar: Calendar,
             activeness: pd.DataFrame, exact: list[Fraction], cycle_counts: list[tuple[str, int | None, int | None]],
             when: AsOf) -> pd.DataFrame:
    mean = round_half_up(sum(exact, Fraction(0)) / len(exact), 2) if exact else float("nan")
    rows: list[list[object]] = [
        ["participants", len(counted)],
        ["withdrawn", sum(p.role == "peserta" and p.status == "mundur" for p in people)],
        ["working_days", len(calendar.working_days)],
        ["weeks", len(calendar.weeks)],
        ["mean_percent", mean],
        ["aktif", int((activeness["status"] == "Aktif").sum())],
        ["pasif", int((activeness["status"] == "Pasif").sum())],
    ]
    for name, dl, tdl in cycle_counts:
        rows += [[f"{name} DL", dl], [f"{name} TDL", tdl]]
    rows += [["as_of", when.day.isoformat()], ["working_days_elapsed", len(when.elapsed)]]
    return pd.DataFrame(rows, columns=["metric", "value"], dtype=object)   # ints stay ints beside the mean


def _gap_warnings(stored_days: set[str], calendar: Calendar, program: Program) -> list[str]:
    """Holidays outside the programme, working days without any stored message, and a store that starts
    after the programme or holds nothing within it."""
    period = _("{start} to {end}").format(start=program.start.isoformat(), end=program.end.isoformat())
    notes = [_("holidays in program.toml: {date} is outside the programme ({period}) and changes nothing; check its "
               "year and month").format(date=day.isoformat(), period=period)
             for day in program.holidays if not program.start <= day <= program.end]
    if not stored_days:
        return [*notes, _("no messages are stored yet: put the group's export in the inbox")]
    days = {date.fromisoformat(day) for day in stored_days}
    first, last = min(days), max(days)
    if last < program.start or first > program.end:   # a wrong year in program.toml, or another programme's export
        return [*notes, _("no stored message falls within the programme ({period}): the messages run from {first} "
                          "to {last}; check start and end in program.toml").format(
            period=period, first=first.isoformat(), last=last.isoformat())]
    if first > program.start:
        notes.append(_("the first stored message is from {first}, after the programme start {start}: is an earlier "
                       "export missing? (WhatsApp exports at most the newest 40,000 messages)").format(
            first=first.isoformat(), start=program.start.isoformat()))
    for day in calendar.working_days:
        if first <= day <= last and day not in days:
            notes.append(_("no messages at all on {date} (a working day): is an export missing?").format(
                date=day.isoformat()))
    return notes


def _participants(people: Sequence[Participant]) -> pd.DataFrame:
    """Everyone in the roster (counted, withdrawn, supervisors) with the extra roster columns."""
    extra: list[str] = []
    for p in people:
        extra += [key for key, _ in p.extra if key not in extra]
    rows = [[p.no, p.name, p.phone, p.role, p.status, *(dict(p.extra).get(k, "") for k in extra)] for p in people]
    return plain_frame(rows, ["no", "name", "phone", "role", "status", *extra], {"no": "int64"})


def with_suggestions(frame: pd.DataFrame, people: Sequence[Participant]) -> pd.DataFrame:
    """The unknown senders with a `suggestions` column ("maksudnya …?"): the participants each may be,
    as "Name (no. k)" joined by "; " — proposed to the supervisor, never assigned."""
    frame = frame.copy()
    frame["suggestions"] = pd.Series(["; ".join(f"{p.name} (no. {p.no})" for p in suggest(str(author), people))
                                      for author in frame["author"]], index=frame.index, dtype=object)
    return frame
