"""What `ingest` prints: what happened to each export, the participants' activeness and decisions,
the warnings and where the outputs are — or only warnings (--quiet), or one JSON document (--json).

Tables and progress go through rich; warnings always go to stderr so `--json` output stays parseable.
"""

from __future__ import annotations

import json as jsonlib
import os
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console as RichConsole
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from whatsapp_ingest.i18n import _, language, ngettext, number
from whatsapp_ingest.report.glance import Glance, glance
from whatsapp_ingest.report.labels import as_of_text, decision_shown, labels, percent_text
from whatsapp_ingest.report.printable import printable
from whatsapp_ingest.figures.results import Results

PROGRESS_AFTER = 0.5     # seconds of work before a progress bar is worth showing
PIPE_WIDTH = 160
UNKNOWN_NAMED = 10       # unknown senders named on the terminal line; the rest counted


class Console:
    """The CLI's output for one `ingest` run."""

    def __init__(self, quiet: bool = False, json: bool = False) -> None:
        self.quiet, self.json = quiet, json
        self.out = RichConsole(highlight=False, soft_wrap=True)   # long lines stay one line when piped
        if not self.out.is_terminal and "COLUMNS" not in os.environ:
            self.out.width = PIPE_WIDTH     # a file or pipe has no width: do not squeeze the table into 80
        self.err = RichConsole(stderr=True, highlight=False)
        self._started = time.monotonic()
        self._bar: Progress | None = None
        self._task: Any = None

    def progress(self, done: int, total: int, name: str) -> None:
        """Called by run_ingest after each export; shows a bar on stderr for a long run of several
        files on a terminal (never with --quiet or --json)."""
        if self.quiet or self.json or total <= 1 or not self.err.is_terminal:
            return
        if self._bar is None:
            if done >= total or time.monotonic() - self._started < PROGRESS_AFTER:
                return
            self._bar = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=self.err, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("", total=total)
        self._bar.update(self._task, completed=done, description=_short(printable(name)))
        if done >= total:
            self._stop()

    def _stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def show(self, report: Any, results: Results | Glance, written: list[Path]) -> None:
        """Print the outcome of the run in the chosen mode (from the results, or from the view of
        them recorded by the run that computed them)."""
        self._stop()
        results = _view(results)
        warnings = list(dict.fromkeys([*results.warnings, *report.warnings]))   # (+ what the run says once)
        if self.json:
            self.out.file.write(json_text(summary_document(report, results, written, warnings)) + "\n")
            return          # the warnings are in the document
        for warning in warnings:
            self.err.print(_("warning: {message}").format(message=printable(warning)), markup=False, soft_wrap=True)
        if self.quiet:
            return
        for line in week_lines(results):   # first: what a supervisor runs it for every week
            self.out.print(line, markup=False)
        for notice in results.notices:     # e.g. "koreksi.csv: 2 corrections applied"
            self.out.print(notice, markup=False)
        if len(results.review):
            self.out.print(ngettext("{n} message to check: see {file} (sheet {sheet})",
                                    "{n} messages to check: see {file} (sheet {sheet})", len(results.review)).format(
                n=len(results.review), file="periksa.csv", sheet=labels(results.lang)["sheet_review"]),
                markup=False)
        self.out.print(files_line(report), markup=False)
        for outcome in report.files:
            if outcome.status == "refused":
                self.out.print("  " + _("refused {file}: {reason}").format(file=printable(outcome.name),
                                                                         reason=printable(outcome.reason)), markup=False)
        if report.unknown_senders:
            close = results.suggestions
            names = [printable(a) if not close.get(a) else _("{name} (did you mean {suggestions}?)").format(
                name=printable(a), suggestions=printable(close[a].replace("; ", " " + _("or") + " ")))
                for a in report.unknown_senders[:UNKNOWN_NAMED]]
            if len(report.unknown_senders) > UNKNOWN_NAMED:
                names.append(_("… and {n} more (out/unknown_senders.csv)").format(
                    n=len(report.unknown_senders) - UNKNOWN_NAMED))
            self.out.print(_("{n} unknown sender(s), not counted: {names}").format(
                n=len(report.unknown_senders), names=", ".join(names)), markup=False)
        if results.as_of is not None:
            self.out.print(as_of_line(results), markup=False)
        self.out.print(participants_table(results))
        for line in at_risk_lines(results):
            self.out.print(line, markup=False)
        if results.reminder:
            self.out.print(results.reminder, markup=False)
        folder = written[0].parent if written else Path(results.out)
        self.out.print(_("Outputs in {folder}: {files}").format(folder=printable(folder),
                                                              files=", ".join(printable(p.name) for p in written)),
                       markup=False)


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1):]


def files_line(report: Any) -> str:
    """`3 files: 1 new, 1 unchanged, 1 refused; 120 messages new, 480 already stored`."""
    counts = {status: sum(1 for f in report.files if f.status == status) for status in ("new", "unchanged", "refused")}
    return _("{files} file(s): {new} new, {unchanged} unchanged, {refused} refused; {messages_new} message(s) new, "
             "{messages_known} already stored").format(
        files=number(len(report.files)), new=number(counts["new"]), unchanged=number(counts["unchanged"]),
        refused=number(counts["refused"]), messages_new=number(report.messages_new),
        messages_known=number(report.messages_known))


def _view(results: Results | Glance) -> Glance:
    return results if isinstance(results, Glance) else glance(results)


def at_risk_lines(results: Results | Glance) -> list[str]:
    """Who is below the threshold so far: how many of the remaining working days they need, or that
    they can no longer reach it (nothing when nobody is at risk)."""
    results = _view(results)
    if not results.at_risk or results.as_of is None or results.as_of[3]:
        return []   # once the programme is over, Keterangan already says it
    lines = []
    for row in results.at_risk:
        name = printable(str(row["name"]))
        if row["reachable"]:
            lines.append(_("at risk: {no}. {name} needs to be active on {needed} of the {remaining} remaining "
                           "working days").format(no=row["no"], name=name, needed=row["needed"],
                                                  remaining=row["remaining"]))
        else:
            lines.append(_("at risk: {no}. {name} can no longer reach the threshold").format(no=row["no"], name=name))
    return lines


def week_lines(results: Results | Glance) -> list[str]:
    """This week and what changed since the last run (report.week), names made safe to print."""
    return [printable(line) for line in _view(results).week]


def as_of_line(results: Glance) -> str:
    """`Keadaan s/d Sabtu 11/04/2020 · 5 dari 19 hari kerja` (the figures below are taken on that day)."""
    when = results.as_of
    assert when is not None
    return _("Figures {as_of}").format(as_of=as_of_text(date.fromisoformat(when[0]), when[1], when[2], language()))


def _decisions_by_person(results: Glance, marked: bool = False) -> dict[int, dict[str, str]]:
    """Each participant's decision per cycle; with `marked`, a provisional one says so."""
    out: dict[int, dict[str, str]] = {}
    for no, cycle, text, final in results.decisions:
        out.setdefault(no, {})[cycle] = decision_shown(text, marked and final == "no", language())
    return out


def _finals_by_person(results: Glance) -> dict[int, dict[str, bool]]:
    """Per participant and cycle, whether the decision can no longer change (False: provisional or
    not begun)."""
    out: dict[int, dict[str, bool]] = {}
    for no, cycle, _decision, final in results.decisions:
        out.setdefault(no, {})[cycle] = final == "yes"
    return out


def participants_table(results: Glance) -> Table:
    """No, name, total/possible, percent, status and each cycle's decision, coloured like the workbook."""
    t = labels(results.lang)
    cycles = list(results.cycles)
    decisions = _decisions_by_person(results, marked=True)
    # Names are handed to rich as Text, never as markup: a name like "[/]" or "\[/x]" is shown as written.
    table = Table(title=Text(printable(results.name)), show_lines=False)
    for title, justify in ((t["no"], "right"), (t["name"], "left"), (t["total"], "right"),
                           (t["percent"], "right"), (t["remark"], "left")):
        table.add_column(title, justify=justify, no_wrap=title == t["name"])   # type: ignore[arg-type]
    for cycle in cycles:
        table.add_column(Text(printable(cycle)), justify="center")
    lang = results.lang
    for row in results.participants:
        percent = row["percent"]
        status = str(row["status"])
        cells: list[Text | str] = [str(row["no"]), Text(printable(row["name"])), f"{row['total']}/{row['possible']}",
                 _percent(percent, 1, lang), _coloured(t.get(status, status), status == "Aktif")]
        own = decisions.get(int(row["no"]), {})
        cells += [_coloured(own.get(c, ""), own.get(c, "").startswith("DL")) if own.get(c) else "" for c in cycles]
        table.add_row(*cells)
    mean = dict(results.summary).get("mean_percent")
    if results.participants and isinstance(mean, (int, float)):
        table.add_section()
        table.add_row("", t["mean"], "", _percent(float(mean), 1, lang), "", *[""] * len(cycles))
    return table


def _percent(value: float | None, places: int, lang: str) -> str:
    """`15,8%` in Indonesian, `15.8%` in English, `–` when there is none."""
    return "–" if value is None else percent_text(value, lang, places)


def _coloured(text: str, good: bool) -> Text | str:
    return Text(printable(text), style="green" if good else "red") if text else ""


# Characters JSON leaves raw with ensure_ascii=False that a terminal would still act on (C1 controls,
# line separators); as \u escapes the document stays valid JSON with the same values.
_JSON_UNSAFE = {c: f"\\u{c:04x}" for c in (*range(0x7F, 0xA0), 0x2028, 0x2029)}


def json_text(document: dict[str, Any]) -> str:
    """The --json document as text: names as they are, but no character a terminal would act on."""
    return jsonlib.dumps(document, ensure_ascii=False, indent=2, default=str).translate(_JSON_UNSAFE)


def summary_document(report: Any, results: Results | Glance, written: Iterable[Path],
                     warnings: list[str]) -> dict[str, Any]:
    """The --json document: files, messages, participants with percent/status/decisions, summary, outputs."""
    results = _view(results)
    decisions = _decisions_by_person(results)
    finals = _finals_by_person(results)
    when = results.as_of
    return {
        "program": results.name,
        "as_of": None if when is None else {"day": when[0], "working_days_elapsed": when[1], "working_days": when[2]},
        "files": [{"name": f.name, "status": f.status, "reason": f.reason, "messages_new": f.messages_new,
                   "messages_known": f.messages_known} for f in report.files],
        "messages": {"new": report.messages_new, "known": report.messages_known},
        "unknown_senders": list(report.unknown_senders),
        "participants": [{"no": int(row["no"]), "name": str(row["name"]), "total": row["total"],
                          "possible": row["possible"], "percent": row["percent"],
                          "status": str(row["status"]), "decisions": decisions.get(int(row["no"]), {}),
                          "final": finals.get(int(row["no"]), {})}
                         for row in results.participants],
        "summary": dict(results.summary),
        "warnings": warnings,
        "notices": list(results.notices),
        "review": [{"id": str(r["id"]), "no": int(r["no"]), "name": str(r["name"]), "tasks": str(r["tasks"]),
                    "rule": str(r["rule"]), "reason": str(r["reason"])} for r in results.review],
        "outputs": [str(p) for p in written],
        "this_week": results.this_week,
    }
