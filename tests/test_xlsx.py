"""rekap.xlsx opened with openpyxl: the paper's Tabel 1 layout, formats, colours, page setup, sheets."""

from __future__ import annotations

import io
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest
from test_write_fixtures import NAMES, paper_results, with_program
from test_write import HOSTILE, SCORES

from whatsapp_ingest.programme.program import Grading
from whatsapp_ingest.figures.scores import load_scores, score_table
from whatsapp_ingest.report.xlsx import build_workbook

GOOD, BAD, NEUTRAL = "FFC6EFCE", "FFFFC7CE", "FFFFEB9C"
SHEETS_ID = ["Rekap Keaktifan", "Keputusan Siklus", "Harian", "PR-TT", "Bukti", "Periksa", "Peringatan", "Ringkasan"]
SHEETS_EN = ["Activeness", "Cycle decisions", "Daily", "Tasks", "Evidence", "Review", "Warnings", "Summary"]


def workbook(data: bytes, values: bool = False) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=values)


@pytest.fixture
def paper(tmp_path: Path) -> bytes:
    return build_workbook(paper_results(tmp_path))


def test_sheets_in_indonesian_and_english(tmp_path: Path, paper: bytes) -> None:
    assert workbook(paper).sheetnames == SHEETS_ID
    english = workbook(build_workbook(paper_results(tmp_path, lang="en")))
    assert english.sheetnames == SHEETS_EN
    sheet = english["Activeness"]
    assert [sheet.cell(5, c).value for c in range(1, 10)] == [
        "No", "Participant", "Siklus I", None, "Siklus II", None, "Total\n(max. 19)", "Percent", "Status"]
    assert sheet["C6"].value == "Week 1\n(max. 5)" and sheet["I7"].value == "Active" and sheet["I9"].value == "Passive"
    assert sheet["A18"].value == "Mean"


def test_rekap_keaktifan_is_tabel_1(paper: bytes) -> None:
    sheet = workbook(paper)["Rekap Keaktifan"]
    assert sheet["A1"].value == "Rekap Keaktifan Peserta — Bimlat PTK April 2020"
    assert sheet["A3"].value == "Periode 06/04/2020 s/d 30/04/2020 · 19 hari kerja · batas 70%"
    assert [sheet.cell(5, c).value for c in range(1, 10)] == [
        "No", "Nama Peserta", "Siklus I", None, "Siklus II", None, "Jumlah\n(maks. 19)", "Persentase", "Keterangan"]
    assert [sheet.cell(6, c).value for c in range(3, 7)] == [
        "Minggu ke-1\n(maks. 5)", "Minggu ke-2\n(maks. 5)", "Minggu ke-3\n(maks. 5)", "Minggu ke-4\n(maks. 4)"]
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A5:A6", "B5:B6", "C5:D5", "E5:F5", "G5:G6", "H5:H6",
                                                           "I5:I6", "A18:B18"}
    body = [[sheet.cell(r, c).value for c in range(1, 8)] for r in range(7, 18)]
    assert body[0] == [1, "Ahmad Fauzi", 3, 5, 5, 4, 17]
    assert body[9] == [10, "Agus Salim", 3, 0, 0, 0, 3]
    assert [row[6] for row in body] == [17, 17, 6, 15, 19, 19, 11, 12, 6, 3, 18]
    # the exact fraction, displayed by the format as the paper's 89,5 % … 94,7 %
    percents = [sheet.cell(r, 8).value for r in range(7, 18)]
    assert percents == pytest.approx([t / 19 for t in (17, 17, 6, 15, 19, 19, 11, 12, 6, 3, 18)])
    assert [round(p * 100 + 1e-9, 1) for p in percents] == [89.5, 89.5, 31.6, 78.9, 100.0, 100.0, 57.9, 63.2,
                                                             31.6, 15.8, 94.7]
    assert sheet["H7"].number_format == "0.0%"
    assert [sheet.cell(r, 9).value for r in range(7, 18)].count("Aktif") == 6


def test_rata_rata_row_is_a_live_average_with_its_value(paper: bytes) -> None:
    sheet = workbook(paper)["Rekap Keaktifan"]
    assert sheet["A18"].value == "Rata-rata"
    assert sheet["C18"].value == "=AVERAGE(C7:C17)" and sheet["H18"].value == "=AVERAGE(H7:H17)"
    assert sheet["H18"].number_format == sheet["H7"].number_format == "0.0%"   # the rows' decimals
    cached = workbook(paper, values=True)["Rekap Keaktifan"]
    # exact mean 143 / 209 = 68.42 % (the paper printed 68,43 % from rounded values)
    assert cached["H18"].value == pytest.approx(143 / 209)
    assert round(cached["H18"].value * 100, 2) == 68.42
    assert cached["G18"].value == pytest.approx(143 / 11)
    assert cached["I18"].value == "Pasif"          # the class as a whole is below 70 %, as the paper concludes


def test_colours_freeze_widths_and_page(paper: bytes) -> None:
    sheet = workbook(paper)["Rekap Keaktifan"]
    aktif, pasif = sheet["I7"], sheet["I9"]
    assert (aktif.value, aktif.fill.fill_type, aktif.fill.fgColor.rgb) == ("Aktif", "solid", GOOD)
    assert (pasif.value, pasif.fill.fgColor.rgb, pasif.font.color.rgb) == ("Pasif", BAD, "FF9C0006")
    assert sheet["A5"].font.bold and sheet["A5"].alignment.wrap_text
    assert sheet.freeze_panes == "C7"
    assert sheet.column_dimensions["A"].width < 6 < sheet.column_dimensions["B"].width
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$5:$6"
    assert sheet.oddHeader.center.text == "&A" and sheet.oddFooter.center.text == "Halaman &P dari &N"


def test_statuses_stay_apart_in_greyscale(paper: bytes) -> None:
    """Without colour (a greyscale print) each status still looks different: plain, italic, bold."""
    book = workbook(paper)

    def look(cell: openpyxl.cell.Cell) -> tuple[bool, bool, object]:
        return bool(cell.font.bold), bool(cell.font.italic), cell.font.underline

    tasks = book["PR-TT"]
    looks = {tasks.cell(r, 3).value: look(tasks.cell(r, 3)) for r in (2, 4, 8)}
    assert len(set(looks.values())) == 3, looks
    activeness = book["Rekap Keaktifan"]
    assert look(activeness["I7"]) != look(activeness["I9"])            # Aktif, Pasif
    assert look(activeness["I18"]) != (True, False, None)              # the mean row's Pasif: not just bold


def test_the_same_decimals_everywhere(tmp_path: Path, paper: bytes) -> None:
    """One decimal for every percent, mean and score in every sheet (three only for r and alpha)."""
    (tmp_path / "scores.csv").write_text(SCORES, encoding="utf-8")
    results = paper_results(tmp_path)
    report = score_table(results.program, load_scores(results.program), results.activeness, results.participants)
    data = build_workbook(results, report)
    formats = {cell.number_format for sheet in workbook(data).worksheets for row in sheet.iter_rows()
               for cell in row if isinstance(cell.value, float) or str(cell.value).startswith("=AVERAGE")}
    assert formats <= {"0.0", "0.0%", "0.000", "General"}, formats
    assert "0.00" not in formats and "0.00%" not in formats


def test_possible_days_column_appears_when_someone_was_excused(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    results.activeness.loc[0, "possible"] = 18          # one day izin: 17/18
    sheet = workbook(build_workbook(results))["Rekap Keaktifan"]
    assert [sheet.cell(5, c).value for c in range(7, 11)] == ["Jumlah\n(maks. 19)", "Hari Kerja", "Persentase",
                                                             "Keterangan"]
    assert sheet["H7"].value == 18 and sheet["I7"].value == pytest.approx(17 / 18)


def test_keputusan_siklus(paper: bytes) -> None:
    sheet = workbook(paper)["Keputusan Siklus"]
    assert [sheet.cell(1, c).value for c in (1, 2, 3, 7)] == ["No", "Nama Peserta", "Siklus I", "Siklus II"]
    assert [sheet.cell(2, c).value for c in range(3, 7)] == ["Hari Aktif", "Hari Kerja", "Persentase", "Keputusan"]
    assert [sheet.cell(3, c).value for c in range(1, 11)][:6] == [1, "Ahmad Fauzi", 8, 10, 0.8, "DL"]
    assert [sheet.cell(r, 6).value for r in range(3, 14)].count("TDL") == 3
    assert sheet["F5"].fill.fgColor.rgb == BAD and sheet["F3"].fill.fgColor.rgb == GOOD
    cached = workbook(paper, values=True)["Keputusan Siklus"]
    assert (cached["E14"].value, cached["F14"].value, cached["F15"].value) == ("Jumlah DL", 8, 3)
    assert (cached["J14"].value, cached["J15"].value) == (6, 5)       # Aktif/Pasif 6/5 at the end of cycle II
    assert sheet["F14"].value == '=COUNTIF(F3:F13,"DL")'


def test_harian_matrix(paper: bytes) -> None:
    sheet = workbook(paper)["Harian"]
    assert sheet["C1"].value == "Minggu ke-1" and sheet["R1"].value == "Minggu ke-4"
    assert sheet["C2"].value == "Sen\n06/04" and sheet["U2"].value == "Kam\n30/04" and sheet["V1"].value == "Jumlah"
    # participant 1 was active on the first 3 days of week 1 (Tabel 1: 3)
    assert [sheet.cell(3, c).value for c in range(3, 8)] == ["H", "H", "H", "–", "–"]
    assert sheet["C3"].fill.fgColor.rgb == GOOD
    assert [sheet.cell(r, 22).value for r in range(3, 14)] == [17, 17, 6, 15, 19, 19, 11, 12, 6, 3, 18]
    assert sheet.freeze_panes == "C3"


def test_pr_tt_status_and_whatsapp_list(paper: bytes) -> None:
    sheet = workbook(paper)["PR-TT"]
    assert [sheet.cell(1, c).value for c in range(1, 5)] == ["No", "Nama Peserta", "PR.1\n(08/04)", "TT.1\n(15/04)"]
    assert [sheet.cell(r, 3).value for r in (2, 4, 8)] == ["Tepat waktu", "Belum", "Terlambat"]
    assert [sheet.cell(r, 3).fill.fgColor.rgb for r in (2, 4, 8)] == [GOOD, BAD, NEUTRAL]
    lines = [sheet.cell(r, 1).value for r in range(15, 24)]
    assert lines == ["Daftar yang belum mengumpulkan (siap disalin ke WhatsApp)",
                     "*PR.1* — belum mengumpulkan (3 orang), batas 08/04/2020:",
                     "1. Dedi Kurniawan", "2. Lilis Suryani", "3. Agus Salim", None,
                     "*TT.1* — belum mengumpulkan (3 orang), batas 15/04/2020:", "1. Dedi Kurniawan",
                     "2. Lilis Suryani"]


def test_bukti_peringatan_ringkasan(paper: bytes) -> None:
    book = workbook(paper)
    evidence = book["Bukti"]
    assert [c.value for c in evidence[1]] == ["No", "Nama Peserta", "Tanggal", "Jam", "Pengirim (sesuai ekspor)",
                                              "Pesan", "Aturan"]
    assert [c.value for c in evidence[2]] == [1, "Ahmad Fauzi", datetime(2020, 4, 6), time(7, 30), "Ahmad Fauzi",
                                              "Assalamualaikum, hadir 0", "active"]
    assert evidence["C2"].number_format == "dd/mm/yyyy" and evidence.max_row == 144
    assert evidence.auto_filter.ref == "A1:G144"
    warnings = book["Peringatan"]
    assert warnings["A2"].value == "inbox/lama.txt: refused: an export of another group"
    assert [c.value for c in warnings[6]][:4] == ["+62 811-0000-0000", 3, datetime(2020, 4, 7, 8),
                                                  datetime(2020, 4, 9, 9)]
    summary = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(min_row=2, max_row=17, values_only=True)}
    assert summary["Rata-rata keaktifan (%)"] == 68.42 and summary["Siklus I DL"] == 8
    assert summary["Jumlah peserta"] == 11 and summary["Selesai"] == datetime(2020, 4, 30)


def test_same_data_same_bytes(tmp_path: Path, paper: bytes) -> None:
    assert build_workbook(paper_results(tmp_path)) == paper
    assert workbook(paper).properties.created == datetime(2020, 4, 30)
    changed = paper_results(tmp_path)
    changed.activeness.loc[0, "week_1"] = 4
    assert build_workbook(changed) != paper


def test_hostile_names_are_text_cells(tmp_path: Path) -> None:
    book = workbook(build_workbook(paper_results(tmp_path, names=HOSTILE)))
    for title, column, first in (("Rekap Keaktifan", 2, 7), ("Harian", 2, 3), ("PR-TT", 2, 2)):
        cells = [book[title].cell(r, column) for r in range(first, first + len(HOSTILE))]
        # XlsxWriter stores a CR as the OOXML escape _x000D_, which Excel decodes and openpyxl does not
        assert [c.value.replace("_x000D_", "\r") for c in cells] == HOSTILE
        assert {c.data_type for c in cells} == {"s"}


def test_nilai_sheet_with_statistics(tmp_path: Path) -> None:
    (tmp_path / "scores.csv").write_text(SCORES, encoding="utf-8")
    results = paper_results(tmp_path)
    report = score_table(results.program, load_scores(results.program), results.activeness, results.participants)
    book = workbook(build_workbook(results, report))
    assert book.sheetnames == SHEETS_ID + ["Nilai"]
    sheet = book["Nilai"]
    assert [c.value for c in sheet[1]] == ["No", "Nama Peserta", "PR.1\n(maks. 100)", "TT.1\n(maks. 100)",
                                           "Jumlah Skor", "Skor Maks.", "NA", "Predikat", "Kelulusan", "Tuntas",
                                           "Keaktifan (%)"]
    # no 1: 63 + 59 = 122 of 200 → NA 61 → Cukup, TL, not tuntas (< 65)
    assert [c.value for c in sheet[2]][:10] == [1, "Ahmad Fauzi", 63, 59, 122, 200, 61, "Cukup", "TL", "Tidak"]
    assert sheet["I2"].fill.fgColor.rgb == BAD and sheet["I12"].value == "Lulus"
    stats = {sheet.cell(r, 2).value: sheet.cell(r, 3).value for r in range(14, 22)}
    assert stats["n (peserta bernilai)"] == 11 and stats["Banyak butir (k)"] == 2
    assert stats["r keaktifan–NA (product moment)"] == pytest.approx(report.r)
    assert stats["Alpha Cronbach (r11)"] == pytest.approx(report.alpha)
    assert stats["Lulus (NA ≥ 76)"] == 6
    assert stats["% ketuntasan (NA ≥ 65)"] == pytest.approx(report.ketuntasan / 100)
    assert stats["Interpretasi reliabilitas"] == "Sangat tinggi"


def test_undefined_statistics_are_written_as_words(tmp_path: Path) -> None:
    (tmp_path / "scores.csv").write_text("no,task,score\n1,PR.1,80\n2,PR.1,80\n", encoding="utf-8")
    results = with_program(paper_results(tmp_path), grading=Grading(pass_mark=80))
    report = score_table(results.program, load_scores(results.program), results.activeness)
    sheet = workbook(build_workbook(results, report))["Nilai"]
    stats = {sheet.cell(r, 2).value: sheet.cell(r, 3).value for r in range(14, 22)}
    assert stats["r keaktifan–NA (product moment)"] == "tidak terdefinisi"       # NA constant
    assert stats["Alpha Cronbach (r11)"] == "tidak terdefinisi"                 # one item
    assert stats["Lulus (NA ≥ 80)"] == 2


def test_empty_programme_still_gives_a_workbook(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    empty = type(results)(**{**results.__dict__, **{name: getattr(results, name).iloc[0:0] for name in (
        "activeness", "decisions", "daily", "submissions", "evidence", "unknown_senders")}, "warnings": ()})
    book = workbook(build_workbook(empty))
    assert book["Rekap Keaktifan"]["A7"].value == "Rata-rata"
    assert book["Peringatan"]["A2"].value == "Tidak ada peringatan."
    assert NAMES[0] not in [c.value for c in book["Rekap Keaktifan"]["B"]]


def test_every_sheet_prints_on_a4_one_page_wide_with_its_header_row_repeated(paper: bytes) -> None:
    book = workbook(paper)
    for sheet in book.worksheets:
        assert sheet.page_setup.paperSize in (9, "9"), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert int(sheet.page_setup.fitToWidth or 1) == 1, sheet.title
        assert sheet.print_title_rows, sheet.title
