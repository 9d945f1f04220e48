"""rekap.xlsx: the paper's Tabel 1 ("Rekap Keaktifan") and the sheets behind it.

The bytes depend only on the data: the workbook's creation time is the programme's end date and
XlsxWriter stamps every zip entry 1980-01-01, so a re-run with nothing new gives the same file.
"""

from __future__ import annotations

import io
from datetime import datetime, time
from typing import TYPE_CHECKING

from whatsapp_ingest.report.csvout import plain
from whatsapp_ingest.figures.asof import IN_PROGRESS, NOT_BEGUN
from whatsapp_ingest.i18n import N_
from whatsapp_ingest.report.labels import as_of_text, day_text, decision_shown, labels, metric_label, rules_words, tr
from whatsapp_ingest.report.xlsx_page import LINE_HEIGHT, fit_rows, print_setup, text_lines
from whatsapp_ingest.programme.program import in_program_order
from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.figures.scores import ScoreReport
from whatsapp_ingest.report.week import write_week_sheet
from whatsapp_ingest.report.xlsx_sheets import (
    Style, header_row, name_width, put, write_daily, write_evidence, write_review, write_scores,
    write_tasks, write_warnings,
)

if TYPE_CHECKING:   # XlsxWriter itself is imported by build_workbook: a process that forks a child
    from xlsxwriter.worksheet import Worksheet   # to build the workbook never loads it (report.write)

WORKBOOK_FILE = "rekap.xlsx"
FIRST_DATA_ROW = 6     # Rekap Keaktifan: title, group, period, blank, two header rows
COLOUR = {"Aktif": "good", "DL": "good", "Pasif": "bad", "TDL": "bad"}


def build_workbook(results: Results, report: ScoreReport | None = None) -> bytes:
    """The whole workbook as bytes, labels in `results.program.output.lang` ("id" or "en")."""
    from xlsxwriter.workbook import Workbook

    program = results.program
    lang = "en" if program.output.lang == "en" else "id"
    t = labels(lang)
    buffer = io.BytesIO()
    # strings_to_formulas/urls off: chat text and names are data, never formulas or links
    workbook = Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                 "strings_to_numbers": False})
    workbook.set_properties({"title": f"{t['title_activeness']} — {program.name}",
                             "created": datetime.combine(program.end, time())})
    style = Style(workbook)
    write_activeness(workbook.add_worksheet(t["sheet_activeness"]), results, style, t, lang)
    if results.changes is not None:   # right after Tabel 1; the workbook opens on it while the programme runs
        week = workbook.add_worksheet(tr(lang, N_("This week")))
        write_week_sheet(week, results, style, lang)
        if results.as_of is not None and not results.as_of.complete:
            week.activate()
    write_decisions(workbook.add_worksheet(t["sheet_decisions"]), results, style, t, lang)
    write_daily(workbook.add_worksheet(t["sheet_daily"]), results, style, t, lang)
    write_tasks(workbook.add_worksheet(t["sheet_tasks"]), results, style, t, lang)
    write_evidence(workbook.add_worksheet(t["sheet_evidence"]), results, style, t, lang)
    write_review(workbook.add_worksheet(t["sheet_review"]), results, style, t, lang)
    write_warnings(workbook.add_worksheet(t["sheet_warnings"]), results, report, style, t, lang)
    write_summary(workbook.add_worksheet(t["sheet_summary"]), results, style, t, lang)
    if report is not None:
        write_scores(workbook.add_worksheet(t["sheet_scores"]), report, results, style, t, lang)
    for sheet in workbook.worksheets():
        if not sheet.paper_size:     # a sheet that did not set its page: the common one
            print_setup(sheet, lang)
    workbook.close()
    return buffer.getvalue()


def _groups(results: Results) -> list[tuple[str, list[int]]]:
    """Consecutive weeks grouped under their cycle's name ("" for a week outside every cycle)."""
    cycle_of = {week: cycle.name for cycle in results.program.cycles for week in cycle.weeks}
    groups: list[tuple[str, list[int]]] = []
    for week, _ in results.weeks:
        name = cycle_of.get(week, "")
        if groups and groups[-1][0] == name:
            groups[-1][1].append(week)
        else:
            groups.append((name, [week]))
    return groups


def running_text(results: Results, lang: str) -> str:
    """The as-of line of a sheet's title while the programme runs ("" once it is over)."""
    when = results.as_of
    if when is None or when.complete:
        return ""
    return as_of_text(when.day, len(when.elapsed), when.total, lang)


def write_activeness(sheet: Worksheet, results: Results, style: Style, t: dict[str, str], lang: str = "id") -> None:
    """"Rekap Keaktifan" in the layout of the paper's Tabel 1, with a Rata-rata row; while the
    programme runs, the as-of line under the period and the week in progress marked."""
    program = results.program
    frame = results.activeness
    days = len(results.working_days)
    when = results.as_of
    elapsed = len(when.elapsed) if when is not None else days
    show_possible = any(int(p) != elapsed for p in frame["possible"]) if len(frame) else False
    week_col = {week: 2 + i for i, (week, _) in enumerate(results.weeks)}
    total_col = 2 + len(results.weeks)
    possible_col = total_col + 1 if show_possible else None
    percent_col = total_col + (2 if show_possible else 1)
    remark_col = percent_col + 1
    threshold = program.decision.threshold
    sheet.write_string(0, 0, f"{t['title_activeness']} — {program.name}", style["title"])
    sheet.write_string(1, 0, t["group"].format(group=program.group), style["subtitle"])
    sheet.write_string(2, 0, t["period"].format(start=f"{program.start:%d/%m/%Y}", end=f"{program.end:%d/%m/%Y}",
                                                days=days, threshold=f"{threshold:g}"), style["subtitle"])
    if running_text(results, lang):
        sheet.write_string(3, 0, running_text(results, lang), style["bold"])
    top, bottom = FIRST_DATA_ROW - 2, FIRST_DATA_ROW - 1
    sheet.merge_range(top, 0, bottom, 0, t["no"], style["header"])
    sheet.merge_range(top, 1, bottom, 1, t["name"], style["header"])
    for name, weeks in _groups(results):
        first, last = week_col[weeks[0]], week_col[weeks[-1]]
        label = name or t["weeks"]
        if first == last:
            sheet.write_string(top, first, label, style["header"])
        else:
            sheet.merge_range(top, first, top, last, label, style["header"])
    for week, week_days in results.weeks:
        state = when.state(week_days) if when is not None else ""
        if state == IN_PROGRESS:
            title = tr(lang, N_("Week {k}\n(in progress: {n} of {max})")).format(
                k=week, n=len(when.so_far(week_days)), max=len(week_days))
        elif state == NOT_BEGUN:
            title = tr(lang, N_("Week {k}\n(not begun)")).format(k=week)
        else:
            title = t["week_max"].format(k=week, n=len(week_days))
        sheet.write_string(bottom, week_col[week], title, style["header"])
    sheet.merge_range(top, total_col, bottom, total_col, t["total_max"].format(n=elapsed), style["header"])
    if possible_col is not None:
        sheet.merge_range(top, possible_col, bottom, possible_col, t["possible"], style["header"])
    sheet.merge_range(top, percent_col, bottom, percent_col, t["percent"], style["header"])
    sheet.merge_range(top, remark_col, bottom, remark_col, t["remark"], style["header"])
    fractions: list[float] = []
    for row, person in enumerate(frame.to_dict("records"), start=FIRST_DATA_ROW):
        put(sheet, row, 0, person["no"], style, "int")
        put(sheet, row, 1, person["name"], style)
        for week, col in week_col.items():
            put(sheet, row, col, person.get(f"week_{week}"), style, "int")
        put(sheet, row, total_col, person["total"], style, "int")
        if possible_col is not None:
            put(sheet, row, possible_col, person["possible"], style, "int")
        # the exact fraction, shown rounded by the format, so Excel's sums and means stay exact
        fraction = int(person["total"]) / int(person["possible"]) if person["possible"] else None
        put(sheet, row, percent_col, fraction, style, "pct1")
        if fraction is not None:
            fractions.append(fraction)
        status = str(plain(person["status"]) or "")          # "" when every day was excused
        sheet.write_string(row, remark_col, t.get(status, status), style[COLOUR.get(status, "center")])
    mean_row = FIRST_DATA_ROW + len(frame)
    sheet.merge_range(mean_row, 0, mean_row, 1, t["mean"], style["mean_text"])
    columns = {col: f"week_{week}" for week, col in week_col.items()} | {total_col: "total"}
    if possible_col is not None:
        columns[possible_col] = "possible"
    for col, column in columns.items():
        average(sheet, mean_row, col, [float(v) for v in frame[column] if plain(v) is not None], style["mean_dec1"])
    average(sheet, mean_row, percent_col, fractions, style["mean_pct1"])
    if fractions:
        aktif = sum(fractions) / len(fractions) * 100 >= threshold
        sheet.write_string(mean_row, remark_col, t["Aktif" if aktif else "Pasif"],
                           style["mean_good" if aktif else "mean_bad"])
    else:
        sheet.write_blank(mean_row, remark_col, None, style["mean_text"])
    sheet.set_row(bottom, 30)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, name_width(frame))
    sheet.set_column(2, total_col - 1, 12)
    sheet.set_column(total_col, remark_col, 12)
    sheet.freeze_panes(FIRST_DATA_ROW, 2)
    sheet.center_horizontally()
    print_setup(sheet, lang, header_rows=(top, bottom))


def average(sheet: Worksheet, row: int, col: int, values: list[float], fmt: object) -> None:
    """An AVERAGE formula over the column above, with its value cached for readers that do not calculate."""
    if not values:
        sheet.write_blank(row, col, None, fmt)
        return
    from xlsxwriter.utility import xl_range

    cells = xl_range(FIRST_DATA_ROW, col, row - 1, col)
    sheet.write_formula(row, col, f"=AVERAGE({cells})", fmt, sum(values) / len(values))


def write_decisions(sheet: Worksheet, results: Results, style: Style, t: dict[str, str], lang: str = "id") -> None:
    """"Keputusan Siklus": per cycle the active days, possible days, percent and DL/TDL, with counts;
    a decision that may still change says "(sementara)", a cycle not begun is empty."""
    from xlsxwriter.utility import xl_range

    frame = results.decisions
    cycles = in_program_order([c.name for c in results.program.cycles], map(str, frame["cycle"]))
    got = {(int(r["no"]), str(r["cycle"])): r for r in frame.to_dict("records")}
    sheet.merge_range(0, 0, 1, 0, t["no"], style["header"])
    sheet.merge_range(0, 1, 1, 1, t["name"], style["header"])
    people = results.activeness[["no", "name"]].to_dict("records")
    for row, person in enumerate(people, start=2):
        put(sheet, row, 0, person["no"], style, "int")
        put(sheet, row, 1, person["name"], style)
    for i, cycle in enumerate(cycles):
        col = 2 + 4 * i
        sheet.merge_range(0, col, 0, col + 3, cycle, style["header"])
        header_row(sheet, 1, [t["active_days"], t["possible"], t["percent"], t["decision"]], style, col)
        for row, person in enumerate(people, start=2):
            record = got.get((int(person["no"]), cycle))
            if record is None:
                for offset in range(4):
                    sheet.write_blank(row, col + offset, None, style["center"])
                continue
            put(sheet, row, col, record["active_days"], style, "int")
            put(sheet, row, col + 1, record["possible_days"], style, "int")
            possible = plain(record["possible_days"])
            put(sheet, row, col + 2, int(record["active_days"]) / int(possible) if possible else None, style, "pct1")
            decision = str(plain(record["decision"]) or "")
            shown = decision_shown(decision, record.get("final", "yes") == "no", lang)   # may still change: said so
            sheet.write_string(row, col + 3, shown, style[COLOUR.get(decision, "center")])
        last = 1 + len(people)
        for offset, (code, key) in enumerate((("DL", "count_dl"), ("TDL", "count_tdl"))):
            row = last + 1 + offset
            sheet.write_string(row, col + 2, t[key], style["bold"])
            count = sum(1 for p in people if str(got.get((int(p["no"]), cycle), {}).get("decision")) == code)
            cells = xl_range(2, col + 3, max(last, 2), col + 3)
            provisional = any(str(got.get((int(p["no"]), cycle), {}).get("final", "yes")) == "no" for p in people)
            pattern = f"{code} *" if provisional else code   # "DL (sementara)" counts as DL, never as TDL
            sheet.write_formula(row, col + 3, f'=COUNTIF({cells},"{code}")+COUNTIF({cells},"{pattern}")'
                                if provisional else f'=COUNTIF({cells},"{code}")', style["int"], count)
    sheet.write_string(len(people) + 5, 0, t["legend"], style["subtitle"])
    for offset, line in enumerate(cycle_day_lines(results, lang), start=len(people) + 6):
        sheet.write_string(offset, 0, line, style["subtitle"])
    sheet.set_row(0, 20)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, name_width(results.activeness))
    sheet.set_column(2, 1 + 4 * max(len(cycles), 1), 11)
    sheet.freeze_panes(2, 2)
    print_setup(sheet, lang, header_rows=(0, 1))


def cycle_day_lines(results: Results, lang: str) -> list[str]:
    """One line per cycle saying which working days its decision counts: from the programme's first
    working day (`basis = "cumulative"`) or from the cycle's own first one, to the cycle's last."""
    program = results.program
    days_of = dict(results.weeks)
    lines = []
    for cycle in program.cycles:
        own = [day for week in cycle.weeks for day in days_of.get(week, ())]
        if not own or not results.working_days:
            continue
        start = results.working_days[0] if program.decision.basis == "cumulative" else own[0]
        counted = [day for day in results.working_days if start <= day <= own[-1]]
        if program.decision.basis == "cumulative":
            text = tr(lang, N_("{cycle}: the days counted run from the start of the programme, {start}, to the "
                               "cycle's last working day, {end} ({n} working days)."))
        else:
            text = tr(lang, N_("{cycle}: the days counted run from the cycle's first working day, {start}, to its "
                               "last, {end} ({n} working days)."))
        lines.append(text.format(cycle=cycle.name, start=day_text(start, lang), end=day_text(own[-1], lang),
                                 n=len(counted)))
    return lines


def write_summary(sheet: Worksheet, results: Results, style: Style, t: dict[str, str], lang: str) -> None:
    """"Ringkasan": the programme, then every summary metric in words."""
    program = results.program
    rows: list[tuple[str, object, str]] = [
        (t["program"], program.name, "text"), (t["group_name"], program.group, "text"),
        (t["start"], program.start, "date"), (t["end"], program.end, "date"),
        (t["threshold"], program.decision.threshold, "dec1"),
        (tr(lang, N_("What makes a day active")), rules_words(program.rules, lang), "wrap"),
    ]
    for metric, value in zip(results.summary["metric"], results.summary["value"]):
        rows.append((metric_label(str(metric), lang), value, "dec1" if isinstance(value, float) else "int"))
    header_row(sheet, 0, [tr(lang, N_("Item")), tr(lang, N_("Amount"))], style)
    for row, (label, value, fmt) in enumerate(rows, start=1):
        sheet.write_string(row, 0, label, style["text"])
        put(sheet, row, 1, value, style, fmt if not isinstance(value, str) or fmt == "wrap" else "text")
    fit_rows(sheet, 1, ([(label, 34), (value, 40)] for label, value, _ in rows))
    # the legend wraps within the two columns, so its last words never print alone on a page
    last = len(rows) + 2
    sheet.merge_range(last, 0, last, 1, t["legend"], style["wrap_plain"])
    sheet.set_row(last, LINE_HEIGHT * text_lines(t["legend"], 34 + 40))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 40)
    print_setup(sheet, lang, header_rows=(0, 0), landscape=False)

