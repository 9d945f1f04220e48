"""Write every output of a programme into `out/`: the CSVs, rekap.xlsx and the charts.

Each file is rendered in memory and the whole set replaces out/'s at once (report.outset), a file
kept as it was when its bytes did not change, so a run with nothing new leaves `out/` untouched
(same bytes, same modification times).

The workbook, the longest output, is built by a forked child while this process writes the CSVs,
paints the charts and renders the page (whatsapp_ingest/forking.py: Linux, a core idle, no
thread running). Its bytes are taken only when the child made exactly the workbook; a child that
fails, dies or is killed only makes this process build it, after the others, so errors, messages
and exit codes are those of one process. Nothing is published until every output is made.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from whatsapp_ingest.report.chart_record import chart_key, record_charts, recorded_charts
from whatsapp_ingest.fileio import render_csv
from whatsapp_ingest.forking import aside, fork_pays
from whatsapp_ingest.report.outset import publish
from whatsapp_ingest.report.html import REPORT_FILE, render_report
from whatsapp_ingest.report.page import REMINDER_FILE, reminder_text
from whatsapp_ingest.report.week import WEEK_FILE, week_csv
from whatsapp_ingest.report.csvout import frame_rows, plain
from whatsapp_ingest.report.labels import csv_value, csv_header
from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.figures.scores import SCORES_FILE, ScoreReport, load_scores, round_half_up, score_table
from whatsapp_ingest.report.xlsx import WORKBOOK_FILE, build_workbook

# (file name, Results attribute): the CSVs every run writes, in this order.
CSV_TABLES = (
    ("activeness.csv", "activeness"),
    ("decisions.csv", "decisions"),
    ("daily.csv", "daily"),
    ("submissions.csv", "submissions"),
    ("summary.csv", "summary"),
    ("unknown_senders.csv", "unknown_senders"),
    ("participants.csv", "participants"),
    ("periksa.csv", "review"),      # the review queue: answer it in koreksi.csv (docs/rules.md)
)


def write_outputs(results: Results, notes: list[str] | None = None) -> list[Path]:
    """Write all outputs of `results` into `results.program.out` and return their paths.

    The list holds every output of this run — rewritten or already up to date — in a fixed order:
    the CSVs, minggu_ini.csv (this week and what changed since the last run), scores.csv (when the program folder has a scores.csv), rekap.xlsx, the charts,
    laporan.html (the figures as one page that opens offline), pengingat.txt (the at-risk reminder).
    A stale out/scores.csv is removed when the program's scores.csv is gone. The files replace
    out/'s as one set (report.outset); `notes` receives what people should know about it (a
    workbook held open by Excel written under another name). Raises ConfigError for a broken
    scores.csv before anything is written, OutputError when out/ cannot be written.
    """
    program = results.program
    dialect = program.output.csv
    scores = load_scores(program)
    report = None
    if scores is not None and not scores.empty:
        report = score_table(program, scores, results.activeness, results.participants)
    key = chart_key(results)
    charts = recorded_charts(results, key)   # drawn only when what they show changed
    # The workbook, the longest output, is built by a forked child when a core is idle, while this
    # process makes the others (see the module docstring); else it is built here, after them, in the same order.
    with aside(lambda: workbook_files(results, report), fork=fork_pays()) as workbook:
        tables: list[tuple[str, bytes]] = []
        for name, attribute in CSV_TABLES:
            frame = getattr(results, attribute)
            if attribute == "summary" and report is not None:
                frame = pd.concat([frame, score_summary(report)], ignore_index=True)
            tables.append((name, frame_csv(frame, attribute, dialect)))
        tables.append((WEEK_FILE, week_csv(results, dialect)))
        if report is not None:
            tables.append((SCORES_FILE, frame_csv(report.table, "scores", dialect)))
        if charts is None:
            charts = draw_charts(results)
        page = render_report(results, charts)
        made = workbook.child_files()
        if made is None or made.keys() != {WORKBOOK_FILE}:   # no child, or it failed: built here
            made = workbook_files(results, report)
        book = made[WORKBOOK_FILE]
    files = [*tables, (WORKBOOK_FILE, book), *charts.items(), (REPORT_FILE, page)]
    # CRLF: Notepad on an older Windows shows a text with bare LF line ends as one long line
    files.append((REMINDER_FILE, (reminder_text(results).replace("\n", "\r\n") + "\r\n").encode("utf-8")))
    published = publish(program.out, files, drop=[] if report is not None else [SCORES_FILE])
    record_charts(results, key, charts)
    if notes is not None:
        notes.extend(published.notes)
    moved = dict(published.renamed)
    return [moved.get(name, program.out / name) for name, _ in files]


def workbook_files(results: Results, report: ScoreReport | None) -> dict[str, bytes]:
    """rekap.xlsx's bytes by its name (XlsxWriter imported only here: report.xlsx)."""
    return {WORKBOOK_FILE: build_workbook(results, report)}


def draw_charts(results: Results) -> dict[str, bytes]:
    """Every chart's PNG and SVG bytes by file name (report.charts; Pillow imported only here)."""
    from whatsapp_ingest.report.charts import render_charts

    return render_charts(results)


def frame_csv(frame: pd.DataFrame, table: str, dialect: str) -> bytes:
    """One table as CSV bytes in the dialect: headers (Indonesian for "id"), cells made plain; in the
    "id" dialect the words in the cells are Indonesian too (statuses, summary metrics)."""
    header = [csv_header(table, str(column), dialect) for column in frame.columns]
    columns = [str(column) for column in frame.columns]
    rows = ([csv_value(table, column, plain(value), dialect) for column, value in zip(columns, row)]
            for row in frame_rows(frame))
    return render_csv(header, rows, dialect)


def score_summary(report: ScoreReport) -> pd.DataFrame:
    """The scores' statistics as extra `metric,value` rows of summary.csv (empty value = undefined)."""
    metrics = [
        ("scored_participants", report.n),
        ("pearson_r", None if report.r is None else round_half_up(report.r, 4)),
        ("cronbach_alpha", None if report.alpha is None else round_half_up(report.alpha, 4)),
        ("score_items", len(report.tasks)),
        ("ketuntasan_percent", None if report.ketuntasan is None else round_half_up(report.ketuntasan, 2)),
        ("lulus", report.passed),
        ("tl", report.n - report.passed),
    ]
    return pd.DataFrame(metrics, columns=["metric", "value"], dtype=object)
