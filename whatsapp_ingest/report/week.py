""""Minggu Ini" (this week) as people read it: the terminal's first lines, the sheet of rekap.xlsx,
out/minggu_ini.csv and the page's section. The figures come from `Results.changes`
(figures/changes.py); this only words them, in the outputs' language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whatsapp_ingest.figures.changes import COLUMNS
from whatsapp_ingest.figures.results import Changes, Results
from whatsapp_ingest.fileio import render_csv
from whatsapp_ingest.i18n import N_
from whatsapp_ingest.report.labels import csv_header, day_text, decision_shown, labels, tr

WEEK_FILE = "minggu_ini.csv"


def decision_text(decision: str, final: bool, lang: str) -> str:
    """`DL`, `TDL (sementara)`, or `–` for no decision (a cycle not begun)."""
    if not decision:
        return "–"
    return decision_shown(decision, not final, lang)


def decision_changes_text(changes: Sequence[Sequence[Any]], lang: str) -> str:
    """`Siklus I: TDL (sementara) → DL; …` for the cycles whose decision changed."""
    return "; ".join(f"{cycle}: {decision_text(b, bf, lang)} → {decision_text(n, nf, lang)}"
                     for cycle, b, bf, n, nf in changes)


def status_word(status: object, lang: str) -> str:
    text = "" if status is None else str(status)
    return labels(lang).get(text, text)


def since_line(changes: Changes, lang: str) -> str:
    """What the store gained since the last run, or that there is no earlier run to compare with."""
    if changes.previous_as_of is None:
        return tr(lang, N_("This is the first run: there is no previous run to compare with yet; from the next "
                           "run with new messages on, what changed is shown here."))
    return tr(lang, N_("Since the last run (figures up to {day}): {messages} new message(s), {files} new export(s)")
              ).format(day=day_text(changes.previous_as_of, lang), messages=changes.messages_new,
                       files=changes.files_new)


def unknown_line(changes: Changes, lang: str) -> str:
    """The senders not in the roster who appeared since the last run ("" when none)."""
    if not changes.unknown_new:
        return ""
    return tr(lang, N_("New unknown sender(s), not counted: {names}")).format(names=", ".join(changes.unknown_new))


def week_heading(changes: Changes, lang: str) -> str:
    """`Minggu ke-2 (3 dari 5 hari kerja sejauh ini)`, or that the first week has not begun."""
    if changes.week is None:
        return tr(lang, N_("The programme's first week has not begun yet."))
    if changes.week_days < changes.week_total:
        return tr(lang, N_("Week {week} ({days} of {total} working days so far)")).format(
            week=changes.week, days=changes.week_days, total=changes.week_total)
    return tr(lang, N_("Week {week} ({total} working days)")).format(week=changes.week, total=changes.week_total)


def change_phrases(row: dict[str, Any], lang: str) -> list[str]:
    """One participant's changes since the last run, as short phrases."""
    phrases = []
    before, now = row["status_before"], row["status"]
    if before is not None and before != now and now:
        phrases.append(f"{status_word(before, lang) or '–'} → {status_word(now, lang)}")
    if row["new_submissions"]:
        phrases.append(tr(lang, N_("sent {tasks}")).format(tasks=", ".join(row["new_submissions"])))
    if row["decision_changes"]:
        phrases.append(decision_changes_text(row["decision_changes"], lang))
    return phrases


def terminal_lines(results: Results) -> list[str]:
    """The lines `ingest` prints first: since the last run, this week per participant, new unknown senders."""
    changes = results.changes
    if changes is None:
        return []
    lang = results.program.output.lang
    lines = [tr(lang, N_("This week")) + ": " + since_line(changes, lang)]
    if changes.week is not None:
        lines.append("  " + week_heading(changes, lang) + ":")
        for row in changes.records():
            days = row["week_active"] if row["week_active"] is not None else 0
            text = tr(lang, N_("{no}. {name}: {days} active day(s) this week")).format(
                no=row["no"], name=row["name"], days=days)
            lines.append("    " + "; ".join([text, *change_phrases(row, lang)]))
    else:
        lines.append("  " + week_heading(changes, lang))
    unknown = unknown_line(changes, lang)
    if unknown:
        lines.append("  " + unknown)
    return lines


def table_headers(changes: Changes, lang: str) -> list[str]:
    """The headers of the sheet's and the page's table."""
    t = labels(lang)
    week = (tr(lang, N_("Active days in week {week}\n(of {days} so far)")).format(week=changes.week,
                                                                               days=changes.week_days)
            if changes.week is not None else tr(lang, N_("Active days this week")))
    return [t["no"], t["name"], week, tr(lang, N_("Active days at the last run")), tr(lang, N_("Active days now")),
            tr(lang, N_("Status at the last run")), t["remark"], tr(lang, N_("Tasks sent since")),
            tr(lang, N_("Decisions changed"))]


def table_rows(changes: Changes, lang: str) -> list[list[object]]:
    """The rows of the sheet's and the page's table (None: an empty cell)."""
    return [[row["no"], row["name"], row["week_active"], row["active_before"], row["active"],
             status_word(row["status_before"], lang) if row["status_before"] is not None else None,
             status_word(row["status"], lang), ", ".join(row["new_submissions"]),
             decision_changes_text(row["decision_changes"], lang)]
            for row in changes.records()]


def week_csv(results: Results, dialect: str) -> bytes:
    """out/minggu_ini.csv in the dialect: the contract columns (figures.changes), the standard
    dialect's cells in English, the id dialect's headers and words Indonesian."""
    changes = results.changes
    lang = "id" if dialect == "id" else "en"
    header = [csv_header("minggu_ini", column, dialect) for column in COLUMNS]
    rows = [] if changes is None else [
        [row["no"], row["name"], row["week_active"], row["week_days"], row["active_before"], row["active"],
         row["status_before"], row["status"], "; ".join(row["new_submissions"]),
         decision_changes_text(row["decision_changes"], lang)]
        for row in changes.records()]
    return render_csv(header, rows, dialect)


def write_week_sheet(sheet: Any, results: Results, style: Any, lang: str) -> None:
    """"Minggu Ini": title, the as-of line, since the last run, new unknown senders, then the table;
    printed like every sheet (report.xlsx_page): A4 landscape one page wide, its header row repeated."""
    from whatsapp_ingest.report.labels import as_of_text
    from whatsapp_ingest.report.xlsx_page import fit_rows, print_setup
    from whatsapp_ingest.report.xlsx_sheets import header_row, put

    changes = results.changes
    program = results.program
    sheet.write_string(0, 0, tr(lang, N_("This week — {programme}")).format(programme=program.name), style["title"])
    if changes is None or results.as_of is None:
        sheet.write_string(1, 0, tr(lang, N_("Not computed for this run.")), style["subtitle"])
        print_setup(sheet, lang, header_rows=None)
        return
    when = results.as_of
    lines = [as_of_text(when.day, len(when.elapsed), when.total, lang), since_line(changes, lang),
             week_heading(changes, lang), unknown_line(changes, lang)]
    row = 1
    for line in filter(None, lines):
        sheet.write_string(row, 0, line, style["subtitle"] if row > 1 else style["bold"])
        row += 1
    header = row + 1
    headers = table_headers(changes, lang)
    widths = [5.0, float(max(16, min(40, max((len(str(r["name"])) for r in changes.records()), default=0) + 2))), 12.0, 12.0, 12.0, 12.0, 12.0, 16.0, 34.0]
    header_row(sheet, header, headers, style)
    formats = ["int", "text", "int", "int", "int", "center", "center", "wrap", "wrap"]
    rows = table_rows(changes, lang)
    for r, values in enumerate(rows, start=header + 1):
        for c, value in enumerate(values):
            fmt = formats[c]
            if c in (5, 6) and value:
                fmt = "good" if value == labels(lang)["Aktif"] else "bad"
            put(sheet, r, c, value if value != "" else None, style, fmt)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    fit_rows(sheet, header, [list(zip(headers, widths))])
    fit_rows(sheet, header + 1, [[(values[7], widths[7]), (values[8], widths[8])] for values in rows])
    sheet.freeze_panes(header + 1, 2)
    print_setup(sheet, lang, header_rows=(header, header))
