"""The Excel-Indonesia CSV (the default of a new programme) and the roster as supervisors write it."""

from __future__ import annotations

from pathlib import Path

from whatsapp_ingest.fileio import format_cell, render_csv
from whatsapp_ingest.programme.create import init_program
from whatsapp_ingest.programme.program import load_program
from whatsapp_ingest.programme.roster import load_roster
from whatsapp_ingest.report.labels import csv_value


def test_long_digit_strings_keep_every_digit_and_formulas_stay_refused() -> None:
    # Excel reads ="…" as the text between the quotes: all 18 digits, the leading 0 and the +, no apostrophe
    assert format_cell("198501012010011001", "id") == '="198501012010011001"'
    assert format_cell("081234567890", "id") == '="081234567890"'
    assert format_cell("+6281234567890", "id") == '="+6281234567890"'
    assert format_cell('=HYPERLINK("x")', "id") == '\'=HYPERLINK("x")'    # anything else formula-like stays text
    assert format_cell("+62 812-3456", "id") == "'+62 812-3456"
    assert format_cell("12345", "id") == "12345"
    assert render_csv(["NIP", "Nilai"], [["198501012010011001", 87.5]], "id") == (
        '\ufeffNIP;Nilai\r\n"=""198501012010011001""";87,5\r\n'.encode("utf-8"))


def test_the_id_dialect_writes_indonesian_words() -> None:
    assert csv_value("submissions", "status", "not_due", "id") == "belum jatuh tempo"
    assert csv_value("submissions", "status", "late", "id") == "terlambat"
    assert csv_value("summary", "metric", "mean_percent", "id") == "Rata-rata keaktifan (%)"
    assert csv_value("submissions", "status", "late", "standard") == "late"


def test_decisions_say_final_in_both_dialects() -> None:
    import pandas as pd

    from whatsapp_ingest.report.write import frame_csv

    frame = pd.DataFrame([[1, "Ani", "Siklus I", 4, 4, 100.0, "DL", "yes"],
                          [2, "Budi", "Siklus II", 1, 3, 33.3, "TDL", "no"]],
                         columns=["no", "name", "cycle", "active_days", "possible_days", "percent", "decision", "final"])
    assert frame_csv(frame, "decisions", "id").decode("utf-8-sig").splitlines() == [
        "No;Nama;Siklus;Hari Aktif;Hari Kerja;Persentase;Keputusan;Pasti",
        "1;Ani;Siklus I;4;4;100,0;DL;ya", "2;Budi;Siklus II;1;3;33,3;TDL;tidak"]
    assert frame_csv(frame, "decisions", "standard").decode("utf-8-sig").splitlines()[0].endswith(",decision,final")


def test_init_names_the_programme_after_its_folder_and_writes_excel_indonesia_csv(tmp_path: Path) -> None:
    folder = tmp_path / "Bimlat PTK \"Mei\" 2021"
    init_program(folder)
    program = load_program(folder)
    assert program.name == 'Bimlat PTK "Mei" 2021'
    assert program.output.csv == "id"


def test_a_pembimbing_needs_no_number(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("no;name;phone;aliases;role;status\n1;Rina;;;peserta;aktif\n;Pak Dedi;;;pembimbing;\n"
                    ";Bu Sari;;;pembimbing;\n2;Siti;;;;\n", encoding="utf-8")
    roster = load_roster(path)
    assert [(p.no, p.name, p.counted) for p in roster.participants] == [
        (1, "Rina", True), (-1, "Pak Dedi", False), (-2, "Bu Sari", False), (2, "Siti", True)]
    assert roster.resolve("Pak Dedi").role == "pembimbing"
