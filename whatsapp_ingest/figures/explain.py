"""Why a participant has the figures she has: every working day and every task with the message and
the rule that decided it (the `explain` / `jelaskan` command), so a supervisor can answer a teacher
who disputes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from whatsapp_ingest.errors import IngestError
from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.i18n import _
from whatsapp_ingest.programme.roster import author_key
from whatsapp_ingest.programme.ruleset import evidence_words


@dataclass(frozen=True)
class DayLine:
    """One working day: active (None after the as-of day), how many own messages, and the message
    and rule that decided it (the first counted message; else the first message and the rule that did not count it)."""

    day: date
    week: int
    active: bool | None
    messages: int
    time: str = ""
    text: str = ""
    rule: str = ""


@dataclass(frozen=True)
class TaskLine:
    """One task: its status, and the message and rule of the first sending counted for it."""

    task: str
    status: str
    sent: datetime | None = None
    text: str = ""
    rule: str = ""
    author: str = ""       # who sent it, when that is not the participant (on someone's behalf)
    review: str = ""       # the review queue's reason for that message, if it is still queued


@dataclass(frozen=True)
class Explanation:
    no: int
    name: str
    days: tuple[DayLine, ...]
    tasks: tuple[TaskLine, ...]


def find_participant(results: Results, who: str, folder: object = "roster.csv") -> tuple[int, str]:
    """The counted participant `who` names: her no, her name or alias, or a part of one name only."""
    people = [(int(no), str(name)) for no, name in zip(results.activeness["no"], results.activeness["name"])]
    wanted = who.strip()
    if wanted.isdigit():
        found = [p for p in people if p[0] == int(wanted)]
    else:
        key = author_key(wanted)
        found = [p for p in people if author_key(p[1]) == key]
        if not found:
            found = [p for p in people if key in author_key(p[1])]
    if len(found) == 1:
        return found[0]
    if not found:
        raise IngestError(folder, _("no counted participant is named {name!r}").format(name=who),
                          _("give the participant's no or name as in roster.csv"))
    raise IngestError(folder, _("{name!r} fits several participants: {names}").format(
        name=who, names=", ".join(f"{no} {name}" for no, name in found)), _("give the participant's no"))


def explain(results: Results, who: str, folder: object = "roster.csv") -> Explanation:
    """Every working day and task of one participant with the message and rule that decided it."""
    no, name = find_participant(results, who, folder)
    verdicts = results.verdicts
    mine = verdicts[verdicts["no"] == no] if len(verdicts) else verdicts
    evidence = {r.date: r for r in results.evidence[results.evidence["no"] == no].itertuples(index=False)}
    days = []
    for r in results.daily[results.daily["no"] == no].itertuples(index=False):
        active = None if pd.isna(r.active) else bool(r.active)
        messages = 0 if pd.isna(r.messages) else int(r.messages)
        if r.date in evidence:
            e = evidence[r.date]
            days.append(DayLine(r.date, int(r.week), active, messages, e.time, e.text, e.rule))
            continue
        that_day = mine[mine["day"] == r.date] if len(mine) else mine
        if len(that_day):
            first = that_day.iloc[0]
            days.append(DayLine(r.date, int(r.week), active, messages, first["timestamp"].strftime("%H:%M"),
                                _text(first), first["rule"] or _("no rule counts it")))
        else:
            days.append(DayLine(r.date, int(r.week), active, messages))
    tasks = []
    credited = list(verdicts[verdicts["credit"] == no].itertuples(index=False)) if len(verdicts) else []
    for r in results.submissions[results.submissions["no"] == no].itertuples(index=False):
        sent = [row for row in credited if r.task in row.tasks]
        if not sent:
            tasks.append(TaskLine(r.task, r.status))
            continue
        first = sent[0]
        other = first.raw_author if int(first.no) != no else ""
        tasks.append(TaskLine(r.task, r.status, first.timestamp.to_pydatetime(), _text(first), first.task_rule,
                              other, first.review))
    return Explanation(no, name, tuple(days), tuple(tasks))


def _text(row: object) -> str:
    text = row["text"] if isinstance(row, pd.Series) else row.text
    attachment = row["attachment"] if isinstance(row, pd.Series) else row.attachment
    text = text if isinstance(text, str) else ""
    if isinstance(attachment, str) and attachment:
        return f"{text} [{attachment}]" if text else attachment
    return text


def render(explanation: Explanation) -> list[str]:
    """The explanation as lines of plain text (Indonesian unless English is chosen)."""
    yes, no_, later = _("yes"), _("no"), _("not yet")
    week, active = _("week"), _("active")   # looked up once, outside the f-string (catalog extraction reads _() calls)
    lines = [_("{no} {name}: every working day and task, with the message and the rule that decided it").format(
        no=explanation.no, name=explanation.name), ""]
    lines.append(_("Working days"))
    for d in explanation.days:
        state = later if d.active is None else yes if d.active else no_
        what = (f"{d.time}  {_short(d.text)}  [{evidence_words(d.rule)}]" if d.rule else
                _("no message") if d.active is not None else "")
        lines.append(f"  {d.day.isoformat()}  {week} {d.week}  {active}: {state:<6} {what}".rstrip())
    lines += ["", _("Tasks")]
    status = {"on_time": _("on time"), "late": _("late"), "missing": _("missing"), "not_due": _("not due yet")}
    for t in explanation.tasks:
        line = f"  {t.task:<6} {status.get(t.status, t.status):<14}"
        if t.sent is not None:
            line += f" {t.sent.strftime('%Y-%m-%d %H:%M')}  {_short(t.text)}  [{t.rule}]"
            if t.author:
                line += "  " + _("sent by {author}").format(author=t.author)
            if t.review:
                line += "  " + _("to check: {reason}").format(reason=t.review)
        lines.append(line.rstrip())
    return lines


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
