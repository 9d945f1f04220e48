"""The figures as a page shows them: plain rows of text, in the outputs' language, shared by the
static `out/laporan.html` and the local web app (`whatsapp_ingest.app`).

Nothing is computed here that the figures do not already hold; this only words and orders them,
and writes the two messages a supervisor pastes into the WhatsApp group: who has not yet sent a
task, and who is below the threshold so far.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.i18n import N_
from whatsapp_ingest.programme.program import in_program_order
from whatsapp_ingest.report.csvout import plain
from whatsapp_ingest.report.labels import as_of_text, decision_shown, labels, metric_label, percent_text, tr


@dataclass(frozen=True)
class Table:
    """A table as text: header cells, then rows of (text, css class) cells."""

    headers: list[str]
    rows: list[list[tuple[str, str]]]


@dataclass(frozen=True)
class Page:
    """Everything the figures part of a page shows."""

    lang: str
    title: str
    subtitle: list[str]
    summary: list[tuple[str, str]]
    activeness: Table
    decisions: Table
    tasks: Table | None
    at_risk: Table | None
    missing_message: str
    at_risk_message: str
    unknown_senders: Table | None
    review: Table | None
    warnings: list[str]
    notices: list[str]
    charts: list[tuple[str, str]] = field(default_factory=list)   # (title, data URI of the SVG)
    reminder_note: str = ""                                       # while the programme runs: "no reminder to send"
    week_lines: list[str] = field(default_factory=list)          # this week: since the last run, new unknown senders
    week: Table | None = None                                     # this week's table (report.week)


def translator(lang: str) -> Callable[[str], str]:
    """`_` for templates: a msgid in the outputs' language."""
    return lambda message: tr(lang, message)


def _cell(value: object) -> str:
    value = plain(value)
    return "" if value is None else str(value)


def _percent(value: object, lang: str) -> str:
    value = plain(value)
    return "–" if value is None or value != value else percent_text(float(value), lang)  # type: ignore[arg-type]


def build_page(results: Results, charts: dict[str, bytes] | None = None) -> Page:
    """The page's content from `results`; `charts` (file name → bytes) adds every SVG as a data URI."""
    program = results.program
    lang = program.output.lang
    t = labels(lang)
    subtitle = [t["group"].format(group=program.group),
                t["period"].format(start=f"{program.start:%d/%m/%Y}", end=f"{program.end:%d/%m/%Y}",
                                   days=len(results.working_days), threshold=f"{program.decision.threshold:g}")]
    if results.as_of is not None:
        when = results.as_of
        subtitle.append(tr(lang, N_("Figures {as_of}")).format(
            as_of=as_of_text(when.day, len(when.elapsed), when.total, lang)))
    summary = [(metric_label(str(m), lang), _summary_value(str(m), v, lang))
               for m, v in zip(results.summary["metric"], results.summary["value"])]
    return Page(
        lang=lang, title=program.name, subtitle=subtitle, summary=summary,
        activeness=activeness_table(results), decisions=decisions_table(results),
        tasks=tasks_table(results), at_risk=at_risk_table(results),
        missing_message=missing_message(results), at_risk_message=at_risk_message(results),
        unknown_senders=unknown_table(results), review=review_table(results),
        warnings=list(results.warnings), notices=list(getattr(results, "notices", ())),
        charts=[(title, svg_data_uri(data)) for title, data in _svgs(charts or {}, lang)],
        week_lines=week_lines(results), week=week_table(results),
        reminder_note=reminder_text(results) if _during(results) and not at_risk_message(results) else "")


def week_lines(results: Results) -> list[str]:
    """The lines above this week's table: since the last run, the week, new unknown senders."""
    from whatsapp_ingest.report.week import since_line, unknown_line, week_heading

    changes = results.changes
    if changes is None:
        return []
    lang = results.program.output.lang
    return [line for line in (since_line(changes, lang), week_heading(changes, lang), unknown_line(changes, lang))
            if line]


def week_table(results: Results) -> Table | None:
    """This week's active days and what changed since the last run, per participant."""
    from whatsapp_ingest.report.week import table_headers, table_rows

    changes = results.changes
    if changes is None or changes.week is None:
        return None
    lang = results.program.output.lang
    t = labels(lang)
    classes = ["num", "name", "num", "num", "num", "", "", "", ""]
    rows = []
    for values in table_rows(changes, lang):
        cells = []
        for k, value in enumerate(values):
            cls = classes[k]
            if k in (5, 6) and value:
                cls = "good" if value == t["Aktif"] else "bad"
            cells.append((_cell(value), cls))
        rows.append(cells)
    return Table([h.replace("\n", " ") for h in table_headers(changes, lang)], rows)


def _summary_value(metric: str, value: object, lang: str) -> str:
    value = plain(value)
    if value is None or value != value:
        return "–"
    if metric == "mean_percent":
        return percent_text(float(value), lang, 2)  # type: ignore[arg-type]
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def svg_data_uri(data: bytes) -> str:
    """An SVG as a data URI: the page needs no file beside it."""
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


CHART_TITLES = {"grafik_keaktifan.svg": "chart_participants", "grafik_mingguan.svg": "chart_weeks"}


def _svgs(charts: dict[str, bytes], lang: str) -> list[tuple[str, bytes]]:
    t = labels(lang)
    return [(t[CHART_TITLES[name]] if name in CHART_TITLES else tr(lang, N_("Activeness per cycle")), data)
            for name, data in charts.items() if name.endswith(".svg")]


def activeness_table(results: Results) -> Table:
    """Tabel 1: no, name, each week, total, possible, percent, Aktif/Pasif (a week not begun is empty)."""
    lang = results.program.output.lang
    t = labels(lang)
    weeks = [week for week, _days in results.weeks]
    headers = [t["no"], t["name"], *[t["week"].format(k=k) for k in weeks], t["total"], t["possible"],
               t["percent"], t["remark"]]
    rows = []
    for row in results.activeness.to_dict("records"):
        status = _cell(row["status"])
        rows.append([(_cell(row["no"]), "num"), (_cell(row["name"]), "name"),
                     *[(_cell(row.get(f"week_{k}")), "num") for k in weeks],
                     (_cell(row["total"]), "num"), (_cell(row["possible"]), "num"),
                     (_percent(row["percent"], lang), "num"),
                     (t.get(status, status), "good" if status == "Aktif" else "bad" if status else "")])
    return Table(headers, rows)


def decisions_table(results: Results) -> Table:
    """DL/TDL per participant and cycle; a provisional decision says so."""
    lang = results.program.output.lang
    t = labels(lang)
    frame = results.decisions
    finals = frame["final"] if "final" in frame else ["yes"] * len(frame)
    headers = [t["no"], t["name"], tr(lang, N_("Cycle")), t["active_days"], t["possible"], t["percent"],
               t["decision"]]
    rows = []
    for (no, name, cycle, active, possible, percent, decision), final in zip(
            frame[["no", "name", "cycle", "active_days", "possible_days", "percent", "decision"]].itertuples(
                index=False, name=None), finals):
        text = decision_shown(_cell(decision), final == "no", lang)
        rows.append([(_cell(no), "num"), (_cell(name), "name"), (_cell(cycle), ""), (_cell(active), "num"),
                     (_cell(possible), "num"), (_percent(percent, lang), "num"),
                     (text, "good" if text.startswith("DL") else "bad" if text else "")])
    return Table(headers, rows)


STATUS_CLASS = {"on_time": "good", "late": "neutral", "missing": "bad", "not_due": ""}


def _task_order(results: Results) -> list[str]:
    return in_program_order([task.id for task in results.program.tasks], map(str, results.submissions["task"]))


def tasks_table(results: Results) -> Table | None:
    """PR/TT status per participant and task (None without tasks)."""
    tasks = _task_order(results)
    if not tasks:
        return None
    lang = results.program.output.lang
    t = labels(lang)
    status = {(int(no), str(task)): str(state) for no, task, state in
              zip(results.submissions["no"], results.submissions["task"], results.submissions["status"])}
    words = {"on_time": t["on_time"], "late": t["late"], "missing": t["missing"],
             "not_due": tr(lang, N_("Not due yet"))}
    rows = []
    for person in results.activeness.itertuples(index=False):
        cells = [(_cell(person.no), "num"), (_cell(person.name), "name")]
        for task in tasks:
            state = status.get((int(person.no), task), "missing")
            cells.append((words.get(state, state), STATUS_CLASS.get(state, "")))
        rows.append(cells)
    return Table([t["no"], t["name"], *tasks], rows)


def missing_message(results: Results) -> str:
    """Per task already due, the names still missing, as lines to paste into WhatsApp ("" when none)."""
    lang = results.program.output.lang
    t = labels(lang)
    due = {task.id: task.due for task in results.program.tasks}
    status = {(int(no), str(task)): str(state) for no, task, state in
              zip(results.submissions["no"], results.submissions["task"], results.submissions["status"])}
    as_of = results.as_of.day if results.as_of is not None else None
    blocks = []
    for task in _task_order(results):
        if as_of is not None and due.get(task) is not None and due[task] > as_of:
            continue   # not due yet: nobody is missing it
        missing = [str(p.name) for p in results.activeness.itertuples(index=False)
                   if status.get((int(p.no), task), "missing") == "missing"]
        if not missing:
            continue
        when = t["missing_due"].format(due=f"{due[task]:%d/%m/%Y}") if due.get(task) else ""
        lines = [t["missing_heading"].format(task=f"*{task}*", n=len(missing), due=when)]
        lines += [f"{k}. {name}" for k, name in enumerate(missing, start=1)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _during(results: Results) -> bool:
    """True while the programme runs (as-of before its end): then "at risk" means something."""
    return results.as_of is not None and not results.as_of.complete


def at_risk_table(results: Results) -> Table | None:
    """Who is below the threshold so far and what the days left still allow (None when nobody is,
    or the programme is over)."""
    frame = results.at_risk
    if frame is None or not len(frame) or not _during(results):
        return None
    lang = results.program.output.lang
    t = labels(lang)
    headers = [t["no"], t["name"], t["active_days"], t["possible"], tr(lang, N_("Working days left")),
               tr(lang, N_("Active days needed"))]
    rows = []
    for row in frame.to_dict("records"):
        needed = (_cell(row["needed"]) if row["reachable"]
                  else tr(lang, N_("{needed} (out of reach)")).format(needed=_cell(row["needed"])))
        rows.append([(_cell(row["no"]), "num"), (_cell(row["name"]), "name"), (_cell(row["active"]), "num"),
                     (_cell(row["possible"]), "num"), (_cell(row["remaining"]), "num"),
                     (needed, "num" if row["reachable"] else "bad")])
    return Table(headers, rows)


def at_risk_message(results: Results) -> str:
    """A friendly reminder for the group naming who is below the threshold and may still reach it
    ("" when nobody is, or nobody can any more)."""
    frame = results.at_risk
    if frame is None or not len(frame) or not _during(results):
        return ""
    lang = results.program.output.lang
    rows = [row for row in frame.to_dict("records") if row["reachable"] and int(row["remaining"])]
    if not rows:
        return ""
    lines = [tr(lang, N_("Reminder: activeness so far is below {threshold}% for the participants below. "
                         "Please take part in the group's discussion every working day.")).format(
        threshold=f"{results.program.decision.threshold:g}")]
    for k, row in enumerate(rows, start=1):
        lines.append(f"{k}. " + tr(lang, N_("{name}: active {active} of {possible} days; needs {needed} more "
                                            "of the {remaining} working days left")).format(
            name=row["name"], active=row["active"], possible=row["possible"], needed=row["needed"],
            remaining=row["remaining"]))
    lines.append(tr(lang, N_("Thank you for your attention and cooperation.")))
    return "\n".join(lines)


REMINDER_FILE = "pengingat.txt"


def reminder_text(results: Results) -> str:
    """out/pengingat.txt: the at-risk reminder to paste into the group, or one line saying there is
    nothing to send. Who can no longer reach the threshold is never named here (a text for the whole
    group is no place for that): the terminal, the page and the workbook list them for the supervisor."""
    message = at_risk_message(results)
    if message:
        return message
    lang = results.program.output.lang
    if not _during(results):
        return tr(lang, N_("The programme is over: there is no reminder to send."))
    return tr(lang, N_("No reminder to send: nobody below the threshold can still reach it."))


def unknown_table(results: Results) -> Table | None:
    """Authors not in the roster (None when there are none)."""
    frame = results.unknown_senders
    if not len(frame):
        return None
    t = labels(results.program.output.lang)
    lang = results.program.output.lang
    close = frame["suggestions"] if "suggestions" in frame else [""] * len(frame)
    rows = [[(_cell(a), "name"), (_cell(n), "num"), (_cell(f), ""), (_cell(last), ""), (_cell(s), "name")]
            for (a, n, f, last), s in zip(frame[["author", "messages", "first_seen", "last_seen"]].itertuples(
                index=False, name=None), close)]
    return Table([t["author"], t["messages"], t["first_seen"], t["last_seen"], tr(lang, N_("Did you mean?"))], rows)


def review_table(results: Results) -> Table | None:
    """The review queue (periksa.csv) when there is one."""
    frame = getattr(results, "review", None)
    if frame is None or not len(frame):
        return None
    t = labels(results.program.output.lang)
    columns = ["id", "no", "name", "date", "time", "author", "text", "tasks", "rule", "reason"]
    present = [c for c in columns if c in frame]
    headers = [t.get(c if c != "tasks" else "tasks_read", c) for c in present]
    rows = [[(_cell(v), "text" if c in ("text", "reason") else "") for c, v in zip(present, values)]
            for values in frame[present].itertuples(index=False, name=None)]
    return Table(headers, rows)
