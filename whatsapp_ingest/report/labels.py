"""Words people read in the reports, as data: workbook and chart labels (Indonesian by default,
English with `lang = "en"`) and the Indonesian CSV headers of the "id" dialect.

Keeping them here means a translation is a change of data, not of the writers.
"""

from __future__ import annotations

import re
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
                        "last_seen": "Terakhir Terlihat"},
    "participants": {"no": "No", "name": "Nama", "phone": "Telepon", "role": "Peran", "status": "Status"},
    "review": {"id": "id", "no": "No", "name": "Nama", "date": "Tanggal", "time": "Jam", "author": "Pengirim",
               "text": "Pesan", "tasks": "Tugas Terbaca", "rule": "Aturan", "reason": "Alasan"},
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


LABELS: dict[str, dict[str, str]] = {
    "id": {
        # sheet names (Excel allows at most 31 characters, no []:*?/\)
        "sheet_activeness": "Rekap Keaktifan", "sheet_decisions": "Keputusan Siklus", "sheet_daily": "Harian",
        "sheet_tasks": "PR-TT", "sheet_evidence": "Bukti", "sheet_warnings": "Peringatan",
        "sheet_summary": "Ringkasan", "sheet_scores": "Nilai", "sheet_review": "Periksa",
        "id": "id", "tasks_read": "Tugas terbaca", "reason": "Alasan",
        "review_intro": "Perlu diperiksa: konfirmasi atau koreksi di koreksi.csv (id, tugas, no, catatan)",
        "review_empty": "Tidak ada yang perlu diperiksa.",
        "title_activeness": "Rekap Keaktifan Peserta", "no": "No", "name": "Nama Peserta",
        "week": "Minggu ke-{k}", "week_max": "Minggu ke-{k}\n(maks. {n})", "weeks": "Minggu",
        "total": "Jumlah", "total_max": "Jumlah\n(maks. {n})", "possible": "Hari Kerja",
        "percent": "Persentase", "remark": "Keterangan", "mean": "Rata-rata",
        "period": "Periode {start} s/d {end} · {days} hari kerja · batas {threshold}%",
        "group": "Grup WhatsApp: {group}",
        "active_days": "Hari Aktif", "decision": "Keputusan", "count_dl": "Jumlah DL", "count_tdl": "Jumlah TDL",
        "date": "Tanggal", "time": "Jam", "author": "Pengirim (sesuai ekspor)", "text": "Pesan", "rule": "Aturan",
        "present": "H", "absent": "–",
        "task": "Tugas", "missing_heading": "{task} — belum mengumpulkan ({n} orang){due}:",
        "missing_due": ", batas {due}", "all_submitted": "{task} — semua sudah mengumpulkan.",
        "missing_list": "Daftar yang belum mengumpulkan (siap disalin ke WhatsApp)",
        "on_time": "Tepat waktu", "late": "Terlambat", "missing": "Belum",
        "warnings": "Peringatan", "no_warnings": "Tidak ada peringatan.",
        "unknown_senders": "Pengirim tidak dikenal (tidak dihitung; tambahkan ke roster.csv bila peserta)",
        "messages": "Pesan", "first_seen": "Pertama terlihat", "last_seen": "Terakhir terlihat",
        "metric": "Ukuran", "value": "Nilai", "program": "Program", "group_name": "Grup",
        "start": "Mulai", "end": "Selesai", "threshold": "Batas keaktifan (%)", "rules": "Aturan",
        "legend": "DL = Dapat Lanjut, TDL = Tidak Dapat Lanjut; Aktif/Pasif: keaktifan seluruh program "
                  "di atas/di bawah batas.",
        "Aktif": "Aktif", "Pasif": "Pasif",
        "obtained": "Jumlah Skor", "maximum": "Skor Maks.", "na": "NA", "predikat": "Predikat",
        "result": "Kelulusan", "tuntas": "Tuntas", "yes": "Ya", "no_": "Tidak",
        "pass": "Lulus", "fail": "TL", "activeness_percent": "Keaktifan (%)",
        "stat_n": "n (peserta bernilai)", "stat_r": "r keaktifan–NA (product moment)",
        "stat_strength": "Kekuatan hubungan", "stat_alpha": "Alpha Cronbach (r11)", "stat_k": "Banyak butir (k)",
        "stat_alpha_label": "Interpretasi reliabilitas", "stat_ketuntasan": "% ketuntasan (NA ≥ {mark})",
        "stat_pass": "Lulus (NA ≥ {mark})", "undefined": "tidak terdefinisi",
        "score_notes": "Catatan nilai",
        "chart_participants": "Persentase Keaktifan Peserta", "chart_weeks": "Keaktifan Kelas per Minggu",
        "chart_participant_axis": "Peserta", "chart_percent_axis": "Keaktifan (%)",
        "chart_threshold": "Batas {threshold}%", "chart_week_axis": "Minggu",
    },
    "en": {
        "sheet_activeness": "Activeness", "sheet_decisions": "Cycle decisions", "sheet_daily": "Daily",
        "sheet_tasks": "Tasks", "sheet_evidence": "Evidence", "sheet_warnings": "Warnings",
        "sheet_summary": "Summary", "sheet_scores": "Scores", "sheet_review": "Review",
        "id": "id", "tasks_read": "Tasks read", "reason": "Reason",
        "review_intro": "To check: confirm or correct in koreksi.csv (id, tugas, no, catatan)",
        "review_empty": "Nothing to check.",
        "title_activeness": "Participants' activeness", "no": "No", "name": "Participant",
        "week": "Week {k}", "week_max": "Week {k}\n(max. {n})", "weeks": "Weeks",
        "total": "Total", "total_max": "Total\n(max. {n})", "possible": "Working days",
        "percent": "Percent", "remark": "Status", "mean": "Mean",
        "period": "Period {start} to {end} · {days} working days · threshold {threshold}%",
        "group": "WhatsApp group: {group}",
        "active_days": "Active days", "decision": "Decision", "count_dl": "DL count", "count_tdl": "TDL count",
        "date": "Date", "time": "Time", "author": "Author (as exported)", "text": "Message", "rule": "Rule",
        "present": "H", "absent": "–",
        "task": "Task", "missing_heading": "{task} — not submitted yet ({n}){due}:",
        "missing_due": ", due {due}", "all_submitted": "{task} — everyone has submitted.",
        "missing_list": "Who has not submitted (ready to paste into WhatsApp)",
        "on_time": "On time", "late": "Late", "missing": "Missing",
        "warnings": "Warnings", "no_warnings": "No warnings.",
        "unknown_senders": "Unknown senders (not counted; add them to roster.csv if they are participants)",
        "messages": "Messages", "first_seen": "First seen", "last_seen": "Last seen",
        "metric": "Metric", "value": "Value", "program": "Programme", "group_name": "Group",
        "start": "Start", "end": "End", "threshold": "Activeness threshold (%)", "rules": "Rules",
        "legend": "DL = may continue (Dapat Lanjut), TDL = may not continue; Active/Passive: activeness over "
                  "the whole programme at/above or below the threshold.",
        "Aktif": "Active", "Pasif": "Passive",
        "obtained": "Score obtained", "maximum": "Max. score", "na": "Final score", "predikat": "Grade",
        "result": "Result", "tuntas": "Mastery", "yes": "Yes", "no_": "No",
        "pass": "Pass", "fail": "Fail", "activeness_percent": "Activeness (%)",
        "stat_n": "n (participants with scores)", "stat_r": "r activeness–final score (Pearson)",
        "stat_strength": "Strength", "stat_alpha": "Cronbach's alpha (r11)", "stat_k": "Items (k)",
        "stat_alpha_label": "Reliability", "stat_ketuntasan": "% mastery (final score ≥ {mark})",
        "stat_pass": "Passed (final score ≥ {mark})", "undefined": "undefined",
        "score_notes": "Notes on scores",
        "chart_participants": "Participants' activeness", "chart_weeks": "Class activeness per week",
        "chart_participant_axis": "Participant", "chart_percent_axis": "Activeness (%)",
        "chart_threshold": "Threshold {threshold}%", "chart_week_axis": "Week",
    },
}

# Summary metrics of results.summary as people read them; unknown metrics keep their name.
METRICS: dict[str, dict[str, str]] = {
    "id": {"participants": "Jumlah peserta", "withdrawn": "Peserta mundur", "working_days": "Hari kerja",
           "weeks": "Jumlah minggu", "mean_percent": "Rata-rata keaktifan (%)", "aktif": "Aktif", "pasif": "Pasif",
           "as_of": "Data sampai tanggal", "working_days_elapsed": "Hari kerja yang sudah berjalan",
           "scored_participants": "Peserta bernilai"},
    "en": {"participants": "Participants", "withdrawn": "Withdrawn", "working_days": "Working days",
           "weeks": "Weeks", "mean_percent": "Mean activeness (%)", "aktif": "Active", "pasif": "Passive",
           "as_of": "Figures up to", "working_days_elapsed": "Working days elapsed",
           "scored_participants": "Participants with scores"},
}

# Interpretation of a coefficient (Arikunto 2003: 75, as quoted by the second paper), lower bound inclusive.
COEFFICIENT_BANDS: dict[str, tuple[tuple[float, str], ...]] = {
    "id": ((0.8, "Sangat tinggi"), (0.6, "Tinggi"), (0.4, "Cukup"), (0.2, "Rendah"), (float("-inf"), "Sangat rendah")),
    "en": ((0.8, "Very high"), (0.6, "High"), (0.4, "Moderate"), (0.2, "Low"), (float("-inf"), "Very low")),
}
DIRECTION = {"id": ("positif", "negatif"), "en": ("positive", "negative")}


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


def labels(lang: str) -> dict[str, str]:
    """The label set of a language ("id" unless "en")."""
    return LABELS["en" if lang == "en" else "id"]


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


def metric_label(metric: str, lang: str) -> str:
    """A summary metric in words; unknown metrics (`Siklus I DL`) are shown as they are."""
    if metric in AS_OF_METRICS:
        return tr(lang, AS_OF_METRICS[metric])
    return METRICS["en" if lang == "en" else "id"].get(metric, metric)


def day_text(day: date, lang: str) -> str:
    """`Sabtu 11/04/2020` (the weekday in words, then the date as people write it)."""
    return f"{tr(lang, WEEKDAY_NAMES[day.weekday()])} {day:%d/%m/%Y}"


def as_of_text(day: date, elapsed: int, total: int, lang: str) -> str:
    """`s/d Sabtu 11/04/2020 · 5 dari 19 hari kerja`: the day the figures are taken on."""
    return tr(lang, N_("up to {day} · {elapsed} of {total} working days")).format(
        day=day_text(day, lang), elapsed=elapsed, total=total)


def coefficient_label(value: float, lang: str) -> str:
    """Interpretation band of a coefficient (alpha, or |r| for a correlation's strength)."""
    for bound, label in COEFFICIENT_BANDS["en" if lang == "en" else "id"]:
        if value >= bound:
            return label
    return COEFFICIENT_BANDS["id"][-1][1]


# The rule sets that come with the tool, in words (a programme's own rule file is named by its file).
RULE_SET_WORDS = {"bimlat-ptk": N_("any message of their own on a working day makes the day active"),
                  "bimlat-absen": N_("only an answer to the roll call (hadir) makes the day active")}
# The label a rule file gives days no rule decided ("pesan (mode: any)"): the supervisor reads it in words.
_MODE_LABEL = re.compile(r"pesan \(mode: \w+\)")


def rule_words(rule: object, lang: str) -> str:
    """The rule that counted a day, as a supervisor reads it: the rule set's internal label for "no
    rule decided, any message counts" in plain words; a named rule ("hadir di awal") as it is."""
    text = "" if rule is None else str(rule)
    if _MODE_LABEL.fullmatch(text):
        return tr(lang, N_("a message of their own"))
    return text


def rules_words(rules: str, lang: str) -> str:
    """What makes a day active under the programme's rule set, in words."""
    if rules in RULE_SET_WORDS:
        return tr(lang, RULE_SET_WORDS[rules])
    return tr(lang, N_("as the programme's rule file {file} says")).format(file=f"{rules}.toml")
