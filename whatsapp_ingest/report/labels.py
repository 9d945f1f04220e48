"""Words people read in the reports: the keys of the workbook, page and chart labels (msgids of the
catalogs, Indonesian by default, English with `lang = "en"`) and the Indonesian CSV headers and
values of the "id" dialect (the dialect's own words, whatever the language).

Keeping them here means a translation is a change of the catalogs, not of the writers.
"""

from __future__ import annotations

import functools

from datetime import date

from whatsapp_ingest.i18n import N_, catalog

# CSV headers of the Excel-Indonesia dialect, by table and column of results.py.
# Columns not listed (extra roster columns) keep their own name.
CSV_HEADERS_ID: dict[str, dict[str, str]] = {
    "activeness": {"no": "No", "name": "Nama", "total": "Jumlah", "possible": "Hari Kerja",
                   "percent": "Persentase", "status": "Keterangan"},
    "decisions": {"no": "No", "name": "Nama", "cycle": "Siklus", "active_days": "Hari Aktif",
                  "possible_days": "Hari Kerja", "percent": "Persentase", "decision": "Keputusan",
                  "final": "Pasti"},
    "daily": {"no": "No", "name": "Nama", "date": "Tanggal", "week": "Minggu", "messages": "Pesan",
              "active": "Aktif"},
    "submissions": {"no": "No", "name": "Nama", "task": "Tugas", "status": "Status",
                    "first_submitted": "Pertama Dikirim", "submissions": "Jumlah Kiriman"},
    "summary": {"metric": "Metrik", "value": "Nilai"},
    "unknown_senders": {"author": "Pengirim", "messages": "Pesan", "first_seen": "Pertama Terlihat",
                        "last_seen": "Terakhir Terlihat", "suggestions": "Maksudnya"},
    "participants": {"no": "No", "name": "Nama", "phone": "Telepon", "role": "Peran", "status": "Status"},
    "review": {"id": "id", "no": "No", "name": "Nama", "date": "Tanggal", "time": "Jam", "author": "Pengirim",
               "text": "Pesan", "tasks": "Tugas Terbaca", "rule": "Aturan", "reason": "Alasan"},
    "minggu_ini": {"no": "No", "name": "Nama", "week_active": "Hari Aktif Minggu Ini",
                   "week_days": "Hari Kerja Minggu Ini", "active_before": "Hari Aktif Sebelumnya",
                   "active": "Hari Aktif", "status_before": "Keterangan Sebelumnya", "status": "Keterangan",
                   "new_submissions": "Tugas Baru Dikirim", "decision_changes": "Perubahan Keputusan"},
    "scores": {"no": "No", "name": "Nama", "obtained": "Jumlah Skor", "maximum": "Skor Maksimum",
               "na": "NA", "predikat": "Predikat", "result": "Kelulusan", "tuntas": "Tuntas",
               "percent": "Persentase Keaktifan"},
}


def csv_header(table: str, column: str, dialect: str) -> str:
    """The header of one CSV column: the contract name, or its Indonesian form in the "id" dialect."""
    if dialect != "id":
        return column
    if column.startswith("week_") and column[5:].isdigit():
        return f"Minggu {column[5:]}"
    return CSV_HEADERS_ID.get(table, {}).get(column, column)


# Workbook, page and chart labels by key: each is a msgid of the catalogs (Indonesian and English
# msgstr); `labels(lang)` gives them translated. A msgid that would mean two things ("No" the number
# and "No" the answer) says which it is, and the English catalog gives the word itself.
LABEL_MSGIDS: dict[str, str] = {
    "sheet_activeness": N_("Activeness"),
    "sheet_decisions": N_("Cycle decisions"),
    "sheet_daily": N_("Daily"),
    "sheet_tasks": N_("Tasks (sheet name)"),
    "sheet_evidence": N_("Evidence"),
    "sheet_warnings": N_("Warnings"),
    "sheet_summary": N_("Summary"),
    "sheet_scores": N_("Scores"),
    "sheet_review": N_("Review"),
    "id": N_("id (column)"),
    "tasks_read": N_("Tasks read"),
    "reason": N_("Reason"),
    "review_intro": N_("To check: confirm or correct in koreksi.csv (id, tugas, no, catatan)"),
    "review_empty": N_("Nothing to check."),
    "title_activeness": N_("Participants' activeness"),
    "no": N_("No"),
    "name": N_("Participant's name"),
    "week": N_("Week {k}"),
    "week_max": N_("Week {k}\n(max. {n})"),
    "weeks": N_("Weeks"),
    "total": N_("Total"),
    "total_max": N_("Total\n(max. {n})"),
    "possible": N_("Working days (column)"),
    "percent": N_("Percent"),
    "remark": N_("Status"),
    "mean": N_("Mean"),
    "period": N_("Period {start} to {end} · {days} working days · threshold {threshold}%"),
    "group": N_("WhatsApp group: {group}"),
    "active_days": N_("Active days"),
    "decision": N_("Decision"),
    "count_dl": N_("DL count"),
    "count_tdl": N_("TDL count"),
    "date": N_("Date"),
    "time": N_("Time"),
    "author": N_("Author (as exported)"),
    "text": N_("Message"),
    "rule": N_("Rule"),
    "present": N_("H (active day)"),
    "absent": N_("– (no active day)"),
    "task": N_("Task"),
    "missing_heading": N_("{task} — not submitted yet ({n}){due}:"),
    "missing_due": N_(", due {due}"),
    "all_submitted": N_("{task} — everyone has submitted."),
    "missing_list": N_("Who has not submitted (ready to paste into WhatsApp)"),
    "on_time": N_("On time"),
    "late": N_("Late"),
    "missing": N_("Missing"),
    "warnings": N_("Warnings"),
    "no_warnings": N_("No warnings."),
    "unknown_senders": N_("Unknown senders (not counted; add them to roster.csv if they are participants)"),
    "messages": N_("Messages"),
    "first_seen": N_("First seen"),
    "last_seen": N_("Last seen"),
    "metric": N_("Metric"),
    "value": N_("Value"),
    "program": N_("Programme"),
    "group_name": N_("Group"),
    "start": N_("Start"),
    "end": N_("End"),
    "threshold": N_("Activeness threshold (%)"),
    "rules": N_("Rules"),
    "legend": N_("DL = may continue (Dapat Lanjut), TDL = may not continue; Active/Passive: activeness over the whole programme at/above or below the threshold."),
    "Aktif": N_("Active"),
    "Pasif": N_("Passive"),
    "obtained": N_("Score obtained"),
    "maximum": N_("Max. score"),
    "na": N_("Final score"),
    "predikat": N_("Grade"),
    "result": N_("Result"),
    "tuntas": N_("Mastery"),
    "yes": N_("Yes"),
    "no_": N_("No (answer)"),
    "pass": N_("Pass"),
    "fail": N_("Fail"),
    "activeness_percent": N_("Activeness (%)"),
    "stat_n": N_("n (participants with scores)"),
    "stat_r": N_("r activeness–final score (Pearson)"),
    "stat_strength": N_("Strength"),
    "stat_alpha": N_("Cronbach's alpha (r11)"),
    "stat_k": N_("Items (k)"),
    "stat_alpha_label": N_("Reliability"),
    "stat_ketuntasan": N_("% mastery (final score ≥ {mark})"),
    "stat_pass": N_("Passed (final score ≥ {mark})"),
    "undefined": N_("undefined"),
    "score_notes": N_("Notes on scores"),
    "chart_participants": N_("Participants' activeness (chart title)"),
    "chart_weeks": N_("Class activeness per week"),
    "chart_participant_axis": N_("Participant"),
    "chart_percent_axis": N_("Activeness (%)"),
    "chart_threshold": N_("Threshold {threshold}%"),
    "chart_week_axis": N_("Week"),
}

# Summary metrics of results.summary as people read them; unknown metrics keep their name.
METRIC_MSGIDS: dict[str, str] = {
    "participants": N_("Participants"),
    "withdrawn": N_("Withdrawn"),
    "working_days": N_("Working days"),
    "weeks": N_("Number of weeks"),
    "mean_percent": N_("Mean activeness (%)"),
    "aktif": N_("Active"),
    "pasif": N_("Passive"),
    "scored_participants": N_("Participants with scores"),
}

# Interpretation of a coefficient (Arikunto 2003: 75, as quoted by the second paper), lower bound inclusive.
COEFFICIENT_BANDS: tuple[tuple[float, str], ...] = (
    (0.8, N_("Very high")), (0.6, N_("High")), (0.4, N_("Moderate")), (0.2, N_("Low")),
    (float("-inf"), N_("Very low")))
DIRECTION = (N_("positive"), N_("negative"))
WEEKDAY_SHORT = (N_("Mon (short)"), N_("Tue (short)"), N_("Wed (short)"), N_("Thu (short)"), N_("Fri (short)"),
                 N_("Sat (short)"), N_("Sun (short)"))


# Words in the cells of the "id" dialect's CSVs, by table and column (the contract values elsewhere).
CSV_VALUES_ID: dict[tuple[str, str], dict[object, str]] = {
    ("submissions", "status"): {"on_time": "tepat waktu", "late": "terlambat", "missing": "belum",
                                "not_due": "belum jatuh tempo"},
    ("daily", "active"): {True: "ya", False: "tidak"},
    ("decisions", "final"): {"yes": "ya", "no": "tidak"},
}


def csv_value(table: str, column: str, value: object, dialect: str) -> object:
    """A CSV cell's value in the dialect: in "id", statuses and summary metrics in Indonesian."""
    if dialect != "id":
        return value
    if table == "summary" and column == "metric" and isinstance(value, str):
        return metric_label(value, "id")
    words = CSV_VALUES_ID.get((table, column))
    if words is not None and not isinstance(value, float):
        return words.get(value, value)
    return value


@functools.lru_cache(maxsize=4)
def labels(lang: str) -> dict[str, str]:
    """The label set of a language ("id" unless "en"), from the catalogs. Made once per language:
    writers ask for it per cell (8,000 participants made it 24,000 dictionaries). Read it, never change it."""
    return {key: tr(lang, msgid) for key, msgid in LABEL_MSGIDS.items()}


def percent_text(value: float, lang: str, places: int = 1) -> str:
    """A percent as people read it: `15,8%` in Indonesian (decimal comma), `15.8%` in English."""
    text = f"{value:.{places}f}%"
    return text if lang == "en" else text.replace(".", ",")


# Summary metrics added with the weekly review, in the catalogs.
AS_OF_METRICS = {"as_of": N_("Figures as of"), "working_days_elapsed": N_("Working days elapsed")}
WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
                 N_("Sunday"))


def tr(lang: str, message: str) -> str:
    """`message` (a msgid marked with N_ or written in place) in the outputs' language `lang`."""
    return catalog("en" if lang == "en" else "id").gettext(message)


def decision_shown(decision: str, provisional: bool, lang: str) -> str:
    """A cycle's decision as every output shows it: `DL`, or `TDL (sementara)` while it may still change."""
    return tr(lang, N_("{decision} (provisional)")).format(decision=decision) if decision and provisional else decision


def metric_label(metric: str, lang: str) -> str:
    """A summary metric in words; unknown metrics (`Siklus I DL`) are shown as they are."""
    if metric in AS_OF_METRICS:
        return tr(lang, AS_OF_METRICS[metric])
    return tr(lang, METRIC_MSGIDS[metric]) if metric in METRIC_MSGIDS else metric


def day_text(day: date, lang: str) -> str:
    """`Sabtu 11/04/2020` (the weekday in words, then the date as people write it)."""
    return f"{tr(lang, WEEKDAY_NAMES[day.weekday()])} {day:%d/%m/%Y}"


def as_of_text(day: date, elapsed: int, total: int, lang: str) -> str:
    """`s/d Sabtu 11/04/2020 · 5 dari 19 hari kerja`: the day the figures are taken on."""
    return tr(lang, N_("up to {day} · {elapsed} of {total} working days")).format(
        day=day_text(day, lang), elapsed=elapsed, total=total)


def coefficient_label(value: float, lang: str) -> str:
    """Interpretation band of a coefficient (alpha, or |r| for a correlation's strength)."""
    for bound, label in COEFFICIENT_BANDS:
        if value >= bound:
            return tr(lang, label)
    return tr(lang, COEFFICIENT_BANDS[-1][1])


def direction_label(negative: bool, lang: str) -> str:
    """"positif" or "negatif": the sign of a correlation in words."""
    return tr(lang, DIRECTION[negative])


def weekday_short(day: date, lang: str) -> str:
    """"Sen", "Sel" … (Mon, Tue …): a day's weekday as a column title."""
    return tr(lang, WEEKDAY_SHORT[day.weekday()])


# The rule sets that come with the tool, in words (a programme's own rule file is named by its file).
RULE_SET_WORDS = {"bimlat-ptk": N_("any message of their own on a working day makes the day active"),
                  "bimlat-absen": N_("only an answer to the roll call (hadir) makes the day active")}


def rule_words(rule: object, lang: str) -> str:
    """The rule that counted a day, as a supervisor reads it: the rule set's internal label for "no
    rule decided, any message counts" in plain words; a named rule ("hadir di awal") as it is."""
    from whatsapp_ingest.programme.ruleset import is_default_label   # the rule loader only where rules are shown

    text = "" if rule is None else str(rule)
    if is_default_label(text):   # the same test as the terminal's `explain` (programme.ruleset)
        return tr(lang, N_("a message of their own"))
    return text


def rules_words(rules: str, lang: str) -> str:
    """What makes a day active under the programme's rule set, in words."""
    if rules in RULE_SET_WORDS:
        return tr(lang, RULE_SET_WORDS[rules])
    return tr(lang, N_("as the programme's rule file {file} says")).format(file=f"{rules}.toml")
