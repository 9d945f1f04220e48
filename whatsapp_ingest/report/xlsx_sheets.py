"""The cell styles of rekap.xlsx and its working sheets: Harian, PR-TT, Bukti, Peringatan, Nilai.

Every text is written with write_string (never `write`), so a name like `=HYPERLINK(…)` or
`+62 812…` stays text; colours are cell formats (not conditional ones) so they survive copying.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

import pandas as pd

from whatsapp_ingest.report.csvout import frame_rows, plain
from whatsapp_ingest.i18n import N_
from whatsapp_ingest.report.labels import coefficient_label, direction_label, rule_words, tr, weekday_short
from whatsapp_ingest.report.xlsx_page import LINE_HEIGHT, fit_rows, page_breaks, page_capacity, print_setup
from whatsapp_ingest.programme.program import in_program_order
from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.figures.scores import ScoreReport

if TYPE_CHECKING:   # (XlsxWriter is imported by xlsx.build_workbook only)
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

GOOD = {"bg_color": "#C6EFCE", "font_color": "#006100"}      # Excel's "Good" cell style
BAD = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}       # Excel's "Bad"
NEUTRAL = {"bg_color": "#FFEB9C", "font_color": "#9C5700"}   # Excel's "Neutral"
HEADER = {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"}
LIST_WIDTH = 75                                             # characters: PR-TT's printed width, for its lists
WARNING_WIDTH = 90                                          # characters: Peringatan's wrapped column A
MAX_CELL = 32767                                            # Excel's limit of characters in a cell


class Style(dict):
    """The workbook's formats by name (`style["int"]`, looked up per cell: a plain dict's lookup);
    every table cell has a thin border."""

    SPECS: dict[str, dict[str, Any]] = {
        "title": {"bold": True, "font_size": 14},
        "subtitle": {"italic": True},
        "bold": {"bold": True},
        "header": HEADER,
        "text": {"valign": "top"},
        "wrap": {"text_wrap": True, "valign": "top"},
        "wrap_plain": {"text_wrap": True, "valign": "top"},
        "center": {"align": "center"},
        "int": {"align": "center", "num_format": "0"},
        # one decimal for every percent, mean and score; three only for the coefficients r and alpha
        "dec1": {"align": "center", "num_format": "0.0"},
        "dec3": {"align": "center", "num_format": "0.000"},
        "pct1": {"align": "center", "num_format": "0.0%"},
        "date": {"align": "center", "num_format": "dd/mm/yyyy"},
        "datetime": {"align": "center", "num_format": "dd/mm/yyyy hh:mm"},
        "time": {"align": "center", "num_format": "hh:mm"},
        # statuses stay apart on a greyscale print: good plain, late italic, bad bold (colour only adds)
        "good": {"align": "center", **GOOD},
        "bad": {"align": "center", "bold": True, **BAD},
        "neutral": {"align": "center", "italic": True, **NEUTRAL},
        "mean_text": {"bold": True, "align": "center"},
        "mean_dec1": {"bold": True, "align": "center", "num_format": "0.0"},
        "mean_pct1": {"bold": True, "align": "center", "num_format": "0.0%"},
        "mean_good": {"bold": True, "align": "center", **GOOD},
        "mean_bad": {"bold": True, "underline": True, "align": "center", **BAD},
    }
    UNBORDERED = ("title", "subtitle", "bold", "wrap_plain")

    def __init__(self, workbook: Workbook) -> None:
        super().__init__((name, workbook.add_format({**spec, **({} if name in self.UNBORDERED else {"border": 1})}))
                         for name, spec in self.SPECS.items())


_WHEN = ("date", "datetime", "time")   # formats whose text cells are read back as dates or times


def put(sheet: Worksheet, row: int, col: int, value: object, style: Style, fmt: str = "text") -> None:
    """Write one value by its type: text always as text, dates as dates, missing as an empty bordered cell."""
    kind = type(value)
    if kind is str and fmt not in _WHEN:   # most cells: plain text, nothing to unwrap or parse
        sheet.write_string(row, col, value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…", style[fmt])
        return
    if kind is int:
        sheet.write_number(row, col, value, style[fmt])
        return
    if isinstance(value, (datetime, date, time)) or value is None:
        pass
    else:
        value = plain(value)
        if isinstance(value, str) and fmt in _WHEN:
            value = _parse_when(value)
    if value is None:
        sheet.write_blank(row, col, None, style[fmt])
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, style[fmt])
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, style[fmt])
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, style["datetime" if fmt == "date" else fmt])
    elif isinstance(value, (date, time)):
        sheet.write_datetime(row, col, value, style[fmt])
    else:
        text = str(value)
        sheet.write_string(row, col, text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…", style[fmt])


def _parse_when(text: str) -> object:
    """ISO text back to a date/time (plain() renders them as text); anything else stays text."""
    for parse in (date.fromisoformat, datetime.fromisoformat, time.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return text


def header_row(sheet: Worksheet, row: int, titles: list[str], style: Style, col: int = 0) -> None:
    for offset, title in enumerate(titles):
        sheet.write_string(row, col + offset, title, style["header"])


def day_label(day: date, lang: str) -> str:
    return f"{weekday_short(day, lang)}\n{day:%d/%m}"


def write_daily(sheet: Worksheet, results: Results, style: Style, t: dict[str, str], lang: str) -> None:
    """"Harian": one row per participant, one column per working day, H (active) or – ."""
    days = list(results.working_days)
    daily = results.daily
    active = {(int(no), pd.Timestamp(day).date()) for no, day, flag in
              zip(daily["no"], daily["date"], daily["active"]) if bool(plain(flag))}
    sheet.merge_range(0, 0, 1, 0, t["no"], style["header"])
    sheet.merge_range(0, 1, 1, 1, t["name"], style["header"])
    col = 2
    for week, week_days in results.weeks:
        span = len(week_days)
        label = t["week"].format(k=week)
        if span > 1:
            sheet.merge_range(0, col, 0, col + span - 1, label, style["header"])
        else:
            sheet.write_string(0, col, label, style["header"])
        col += span
    for offset, day in enumerate(days):
        sheet.write_string(1, 2 + offset, day_label(day, lang), style["header"])
    sheet.merge_range(0, 2 + len(days), 1, 2 + len(days), t["total"], style["header"])
    for row, person in enumerate(results.activeness.itertuples(index=False), start=2):
        put(sheet, row, 0, person.no, style, "int")
        put(sheet, row, 1, person.name, style)
        count = 0
        for offset, day in enumerate(days):
            if results.as_of is not None and day > results.as_of.day:   # not yet: neither H nor –
                sheet.write_blank(row, 2 + offset, None, style["center"])
                continue
            hit = (int(person.no), day) in active
            count += hit
            mark, fmt = (t["present"], "good") if hit else (t["absent"], "center")
            sheet.write_string(row, 2 + offset, mark, style[fmt])
        sheet.write_number(row, 2 + len(days), count, style["int"])
    sheet.set_row(1, 30)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, name_width(results.activeness))
    sheet.set_column(2, 1 + len(days), 6.5)
    sheet.set_column(2 + len(days), 2 + len(days), 8)
    sheet.freeze_panes(2, 2)
    print_setup(sheet, lang, header_rows=(0, 1))


def name_width(frame: pd.DataFrame, column: str = "name", minimum: int = 16, maximum: int = 40) -> int:
    longest = max((len(str(name)) for name in frame[column]), default=0) if column in frame else 0
    return max(minimum, min(maximum, longest + 2))


TASK_STATUS = {"on_time": "good", "late": "neutral", "missing": "bad", "not_due": "center"}


def status_label(state: str, t: dict[str, str], lang: str) -> str:
    """A submission status as people read it (not_due: "Belum jatuh tempo")."""
    if state == "not_due":
        return tr(lang, N_("Not due yet"))
    return t.get(state, state)


def write_tasks(sheet: Worksheet, results: Results, style: Style, t: dict[str, str], lang: str = "id") -> None:
    """"PR-TT": status per participant and task, then per task already due the names still missing,
    one line per cell so a selection pastes into WhatsApp as lines (a task not yet due is left out).
    Printed, a task's list starts a new page rather than being split (when it fits on one)."""
    tasks = in_program_order([task.id for task in results.program.tasks], map(str, results.submissions["task"]))
    due = {task.id: task.due for task in results.program.tasks}
    status = {(int(no), str(task)): str(state) for no, task, state in
              zip(results.submissions["no"], results.submissions["task"], results.submissions["status"])}
    titles = [t["no"], t["name"]] + [f"{task}\n({due[task]:%d/%m})" if due.get(task) else task for task in tasks]
    header_row(sheet, 0, titles, style)
    people = list(results.activeness.itertuples(index=False))
    for row, person in enumerate(people, start=1):
        put(sheet, row, 0, person.no, style, "int")
        put(sheet, row, 1, person.name, style)
        for offset, task in enumerate(tasks):
            state = status.get((int(person.no), task), "missing")
            sheet.write_string(row, 2 + offset, status_label(state, t, lang), style[TASK_STATUS.get(state, "center")])
    row = len(people) + 3
    sheet.write_string(row, 0, t["missing_list"], style["bold"])
    as_of = results.as_of.day if results.as_of is not None else None
    blocks: dict[int, int] = {}          # a task's list: its heading row → its last name's row
    for task in tasks:
        if as_of is not None and due.get(task) is not None and due[task] > as_of:
            continue   # not due yet: nobody is missing it
        row += 1
        missing = [p.name for p in people if status.get((int(p.no), task), "missing") == "missing"]
        when = t["missing_due"].format(due=f"{due[task]:%d/%m/%Y}") if due.get(task) else ""
        if not missing:
            sheet.write_string(row, 0, t["all_submitted"].format(task=f"*{task}*"))
        else:
            sheet.write_string(row, 0, t["missing_heading"].format(task=f"*{task}*", n=len(missing), due=when))
            blocks[row] = row + len(missing)
            for number, name in enumerate(missing, start=1):
                row += 1
                sheet.write_string(row, 0, f"{number}. {name}")
        row += 1
    name_col = name_width(results.activeness)
    # the list's headings are written in column A and run on to the right: the printed width holds them
    task_col = max(12.0, (LIST_WIDTH - 5 - name_col) / max(len(tasks), 1))
    sheet.set_row(0, 30)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, name_col)
    sheet.set_column(2, 1 + max(len(tasks), 1), task_col)
    sheet.freeze_panes(1, 2)
    capacity = page_capacity([5, name_col] + [task_col] * max(len(tasks), 1), header_height=30)
    sheet.set_h_pagebreaks(page_breaks([LINE_HEIGHT] * row, blocks, capacity, first=1))
    print_setup(sheet, lang, header_rows=(0, 0))


def write_table(sheet: Worksheet, frame: pd.DataFrame, titles: list[str], formats: list[str], style: Style,
                row: int = 0, widths: list[float] | None = None) -> int:
    """A plain table with a header row; returns the next free row."""
    header_row(sheet, row, titles, style)
    for r, values in enumerate(frame_rows(frame), start=row + 1):
        for c, value in enumerate(values):
            put(sheet, r, c, value, style, formats[c])
    for c, width in enumerate(widths or []):
        sheet.set_column(c, c, width)
    return row + 1 + len(frame)


def write_evidence(sheet: Worksheet, results: Results, style: Style, t: dict[str, str], lang: str = "id") -> None:
    """"Bukti": for every counted day the message that counted (filterable), the rule in plain words."""
    frame = results.evidence[["no", "name", "date", "time", "author", "text", "rule"]].copy()
    frame["rule"] = [rule_words(rule, lang) for rule in frame["rule"]]
    titles = [t["no"], t["name"], t["date"], t["time"], t["author"], t["text"], t["rule"]]
    widths = [5, name_width(frame), 11, 7, 24, 60, 24]
    end = write_table(sheet, frame, titles, ["int", "text", "date", "time", "text", "wrap", "wrap"], style,
                      widths=widths)
    fit_rows(sheet, 1, ([(text, widths[5]), (rule, widths[6])] for text, rule in zip(frame["text"], frame["rule"])))
    sheet.autofilter(0, 0, max(end - 1, 0), len(titles) - 1)
    sheet.freeze_panes(1, 0)
    print_setup(sheet, lang, header_rows=(0, 0))


def write_review(sheet: Worksheet, results: Results, style: Style, t: dict[str, str], lang: str = "id") -> None:
    """"Periksa": the review queue (periksa.csv) — every uncertain message with its rule and reason."""
    frame = results.review
    sheet.write_string(0, 0, t["review_intro"] if len(frame) else t["review_empty"], style["bold"])
    columns = ["id", "no", "name", "date", "time", "author", "text", "tasks", "rule", "reason"]
    if not len(frame):
        print_setup(sheet, lang, header_rows=(0, 0))
        return
    titles = [t["id"], t["no"], t["name"], t["date"], t["time"], t["author"], t["text"], t["tasks_read"], t["rule"],
              t["reason"]]
    widths = [12, 5, name_width(frame), 11, 7, 20, 50, 12, 22, 50]
    end = write_table(sheet, frame[columns], titles, ["text", "int", "text", "date", "time", "text", "wrap", "text",
                                                      "text", "wrap"], style, row=1, widths=widths)
    fit_rows(sheet, 2, ([(text, widths[6]), (reason, widths[9])] for text, reason in zip(frame["text"],
                                                                                          frame["reason"])))
    sheet.autofilter(1, 0, max(end - 1, 1), len(titles) - 1)
    sheet.freeze_panes(2, 0)
    print_setup(sheet, lang, header_rows=(1, 1))


def write_warnings(sheet: Worksheet, results: Results, report: ScoreReport | None, style: Style,
                   t: dict[str, str], lang: str = "id") -> None:
    """"Peringatan": the run's warnings (refused files, date order, gaps …), unknown senders, score notes;
    long lines wrap in column A, which is as wide as the printed page allows."""
    widths = [WARNING_WIDTH, 17, 17, 17, 30]
    sheet.merge_range(0, 0, 0, len(widths) - 1, t["warnings"], style["header"])
    row = 1
    lines: list[str] = [str(w) for w in results.warnings] or [t["no_warnings"]]
    for warning in lines:
        sheet.write_string(row, 0, warning, style["wrap_plain"])
        row += 1
    fit_rows(sheet, 1, ([(line, widths[0])] for line in lines))
    row += 1
    sheet.write_string(row, 0, t["unknown_senders"], style["bold"])
    columns = ["author", "messages", "first_seen", "last_seen"]
    titles = [t["author"], t["messages"], t["first_seen"], t["last_seen"]]
    if "suggestions" in results.unknown_senders:     # "maksudnya …?": proposed, never assigned
        columns.append("suggestions")
        titles.append(tr(lang, N_("Did you mean?")))
    frame = results.unknown_senders[columns]
    start = row + 2
    row = write_table(sheet, frame, titles, ["text", "int", "datetime", "datetime", "wrap"], style, row=row + 1) + 1
    if "suggestions" in frame:
        fit_rows(sheet, start, ([(text, widths[4])] for text in frame["suggestions"]))
    if report is not None and report.notes:
        sheet.write_string(row, 0, t["score_notes"], style["bold"])
        for offset, note in enumerate(report.notes, start=1):
            sheet.write_string(row + offset, 0, note, style["wrap_plain"])
        fit_rows(sheet, row + 1, ([(note, widths[0])] for note in report.notes))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    print_setup(sheet, lang, header_rows=(0, 0))


def write_scores(sheet: Worksheet, report: ScoreReport, results: Results, style: Style, t: dict[str, str],
                 lang: str) -> None:
    """"Nilai": scores per task, NA, predikat, Lulus/TL, mastery, activeness; then the statistics."""
    grading = results.program.grading
    tasks = list(report.tasks)
    titles = [t["no"], t["name"], *(f"{task}\n(maks. {m:g})" if lang != "en" else f"{task}\n(max. {m:g})"
                                      for task, m in zip(tasks, report.maxima)),
              t["obtained"], t["maximum"], t["na"], t["predikat"], t["result"], t["tuntas"], t["activeness_percent"]]
    header_row(sheet, 0, titles, style)
    for row, raw in enumerate(report.table.to_dict("records"), start=1):
        record = {key: plain(value) for key, value in raw.items()}   # NaN (no score) → None
        cells: list[tuple[object, str]] = [(record["no"], "int"), (record["name"], "text")]
        cells += [(record[task], "dec1") for task in tasks]
        result = record["result"]
        cells += [(record["obtained"], "dec1"), (record["maximum"], "dec1"), (record["na"], "dec1"),
                  (record["predikat"], "center"),
                  (None if result is None else t["pass"] if result == "Lulus" else t["fail"],
                   "center" if result is None else "good" if result == "Lulus" else "bad"),
                  (None if record["tuntas"] is None else t["yes"] if record["tuntas"] else t["no_"], "center"),
                  (record["percent"], "dec1")]
        for col, (value, fmt) in enumerate(cells):
            put(sheet, row, col, value, style, fmt)
    row = len(report.table) + 2
    undefined = t["undefined"]
    strength = undefined
    if report.r is not None:
        sign = direction_label(report.r < 0, lang)
        strength = f"{coefficient_label(abs(report.r), lang)} ({sign})"
    stats: list[tuple[str, object, str]] = [
        (t["stat_n"], report.n, "int"),
        (t["stat_r"], report.r if report.r is not None else undefined, "dec3"),
        (t["stat_strength"], strength, "text"),
        (t["stat_k"], len(tasks), "int"),
        (t["stat_alpha"], report.alpha if report.alpha is not None else undefined, "dec3"),
        (t["stat_alpha_label"], undefined if report.alpha is None else coefficient_label(report.alpha, lang), "text"),
        (t["stat_ketuntasan"].format(mark=f"{grading.ketuntasan:g}"),
         report.ketuntasan / 100 if report.ketuntasan is not None else undefined, "pct1"),
        (t["stat_pass"].format(mark=f"{grading.pass_mark:g}"), report.passed, "int"),
    ]
    for offset, (label, value, fmt) in enumerate(stats):
        sheet.write_string(row + offset, 1, label, style["bold"])
        put(sheet, row + offset, 2, value, style, fmt if not isinstance(value, str) else "text")
    sheet.set_row(0, 30)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, max(name_width(report.table), 34))
    sheet.set_column(2, len(titles) - 1, 11)
    sheet.freeze_panes(1, 2)
    print_setup(sheet, lang, header_rows=(0, 0))
