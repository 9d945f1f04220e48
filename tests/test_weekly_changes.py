"""What changed since the last run, shown first by `ingest`: the exact lines, the same on a re-run
with nothing new, and the snapshots kept in the store (one per run that stored new messages)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from ingest_helpers import ANDROID_NAME, android, drop, make_program
from whatsapp_ingest.cli import app

ROSTER = "no,name\n1,Ani\n2,Budi\n"
TASKS = '[output]\ncsv = "id"\n\n[[tasks]]\nid = "PR.1"\ndue = 2020-04-10\n'
MONDAY_TUESDAY = [("2020-04-06 08:00", "Ani", "hadir"), ("2020-04-07 08:00", "Ani", "hadir"),
                  ("2020-04-07 09:00", "Budi", "hadir")]
UP_TO_THURSDAY = MONDAY_TUESDAY + [("2020-04-08 08:00", "Budi", "PR 1 saya kirim"),
                                   ("2020-04-09 08:00", "Budi", "hadir"), ("2020-04-09 08:30", "Tamu", "halo")]
FIRST = [
    "Minggu Ini: Ini pengolahan yang pertama: belum ada pengolahan sebelumnya untuk dibandingkan; mulai pengolahan "
    "berikutnya yang membawa pesan baru, perubahannya ditampilkan di sini.",
    "  Minggu ke-1 (baru 2 dari 5 hari kerja):",
    "    1. Ani: 2 hari aktif minggu ini",
    "    2. Budi: 1 hari aktif minggu ini",
    "1 berkas: 1 baru, 0 tidak berubah, 0 ditolak; 3 pesan baru, 0 sudah tersimpan"]
# Thursday: Ani 2 of 4 days (Aktif → Pasif), Budi 3 of 4 (Pasif → Aktif) and PR.1 sent; Tamu is new
SECOND = [
    "Minggu Ini: Sejak pengolahan sebelumnya (data s/d Selasa 07/04/2020): 3 pesan baru, 1 berkas ekspor baru",
    "  Minggu ke-1 (baru 4 dari 5 hari kerja):",
    "    1. Ani: 2 hari aktif minggu ini; Aktif → Pasif; Siklus I: DL (sementara) → TDL (sementara)",
    "    2. Budi: 3 hari aktif minggu ini; Pasif → Aktif; mengirim PR.1; Siklus I: TDL (sementara) → DL (sementara)",
    "  Pengirim baru yang tidak dikenal (tidak dihitung): Tamu"]


def ingest(folder: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["ingest", str(folder)])
    return result.exit_code, result.stdout.splitlines()


def runs(folder: Path) -> list[tuple[str, int, int]]:
    with sqlite3.connect(folder / ".whatsapp-ingest" / "store.sqlite") as conn:
        return conn.execute("SELECT as_of, messages, files FROM runs ORDER BY id").fetchall()


def test_changes_come_first_and_a_rerun_shows_the_same(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER, extra=TASKS)
    drop(program, ANDROID_NAME, android(*MONDAY_TUESDAY))
    code, lines = ingest(tmp_path)
    assert (code, lines[:5]) == (0, FIRST)
    drop(program, ANDROID_NAME, android(*UP_TO_THURSDAY))
    code, lines = ingest(tmp_path)
    assert (code, lines[:5]) == (0, SECOND)
    assert lines[5] == "1 berkas: 1 baru, 0 tidak berubah, 0 ditolak; 3 pesan baru, 3 sudah tersimpan"
    # nothing new: the same changes (since the run before the newest messages), no new snapshot
    code, lines = ingest(tmp_path)
    assert (code, lines[:5]) == (0, SECOND)
    assert runs(tmp_path) == [("2020-04-07", 3, 1), ("2020-04-09", 6, 2)]
    minggu = (tmp_path / "out" / "minggu_ini.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert minggu == [
        "No;Nama;Hari Aktif Minggu Ini;Hari Kerja Minggu Ini;Hari Aktif Sebelumnya;Hari Aktif;Keterangan Sebelumnya;"
        "Keterangan;Tugas Baru Dikirim;Perubahan Keputusan",
        "1;Ani;2;4;2;2;Aktif;Pasif;;Siklus I: DL (sementara) → TDL (sementara)",
        "2;Budi;3;4;1;3;Pasif;Aktif;PR.1;Siklus I: TDL (sementara) → DL (sementara)"]


def test_a_corrected_roster_changes_the_figures_not_the_baseline(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER, extra=TASKS)
    drop(program, ANDROID_NAME, android(*MONDAY_TUESDAY))
    ingest(tmp_path)
    drop(program, ANDROID_NAME, android(*UP_TO_THURSDAY))
    ingest(tmp_path)
    (tmp_path / "roster.csv").write_text(ROSTER + "3,Tamu\n", encoding="utf-8")
    code, lines = ingest(tmp_path)
    assert (code, lines[:5]) == (0, [
        *SECOND[:4], "    3. Tamu: 1 hari aktif minggu ini"])   # new in the roster: nothing to compare with
    assert runs(tmp_path) == [("2020-04-07", 3, 1), ("2020-04-09", 6, 2)]   # the latest replaced in place


def test_the_minggu_ini_sheet_follows_tabel_1_and_opens_first_while_the_programme_runs(tmp_path: Path) -> None:
    import openpyxl

    program = make_program(tmp_path, ROSTER, extra=TASKS)
    drop(program, ANDROID_NAME, android(*MONDAY_TUESDAY))
    ingest(tmp_path)
    drop(program, ANDROID_NAME, android(*UP_TO_THURSDAY))
    ingest(tmp_path)
    book = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")
    assert book.sheetnames[:3] == ["Rekap Keaktifan", "Minggu Ini", "Keputusan Siklus"]
    sheet = book["Minggu Ini"]
    assert book.active.title == "Minggu Ini"
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert cells[:5] == [
        ["Minggu Ini — Bimlat Penyusunan PTK April 2020"],
        ["s/d Kamis 09/04/2020 · 4 dari 19 hari kerja"],
        [SECOND[0].removeprefix("Minggu Ini: ")],
        ["Minggu ke-1 (baru 4 dari 5 hari kerja)"],
        ["Pengirim baru yang tidak dikenal (tidak dihitung): Tamu"]]
    assert cells[6:] == [
        ["No", "Nama Peserta", "Hari aktif minggu ke-1\n(dari 4 hari)", "Hari aktif sebelumnya", "Hari aktif sekarang",
         "Keterangan sebelumnya", "Keterangan", "Tugas yang baru dikirim", "Perubahan keputusan"],
        [1, "Ani", 2, 2, 2, "Aktif", "Pasif", "Siklus I: DL (sementara) → TDL (sementara)"],
        [2, "Budi", 3, 1, 3, "Pasif", "Aktif", "PR.1", "Siklus I: TDL (sementara) → DL (sementara)"]]
    assert sheet.print_title_rows == "$7:$7" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0


def test_the_minggu_ini_sheet_prints_one_page_wide_with_its_header_on_every_page(tmp_path: Path) -> None:
    import io
    from dataclasses import replace

    import openpyxl
    import pytest

    printing = pytest.importorskip("test_xlsx_print")
    if printing.SOFFICE is None:
        pytest.skip("needs LibreOffice (apt-get install libreoffice-calc)")
    from whatsapp_ingest.figures.changes import snapshot_of, week_changes
    from whatsapp_ingest.report.xlsx import build_workbook

    from whatsapp_ingest.figures.asof import AsOf

    results = printing.class_of_55(tmp_path)
    days = results.working_days
    results = replace(results, as_of=AsOf(days[-1], days, len(days), True))
    now = snapshot_of(results, 900, 4)
    # the last run: everyone two active days fewer and Pasif, every decision still provisional
    before = replace(now, messages=700, files=3,
                     participants={no: (name, active - 2, possible, "Pasif")
                                   for no, (name, active, possible, _s) in now.participants.items()},
                     decisions={key: (decision, False) for key, (decision, _f) in now.decisions.items()})
    data = build_workbook(replace(results, changes=week_changes(results, now, before)))
    book = openpyxl.load_workbook(io.BytesIO(data))
    pages = printing.pages_by_sheet(printing.render(data, tmp_path), book.sheetnames)["Minggu Ini"]
    assert len(pages) >= 2
    left, right = printing.edge_titles(book["Minggu Ini"])
    for text in pages:
        flat = printing.words(text)
        assert printing.words(left) in flat and printing.words(right) in flat
    names = " ".join(printing.words(t) for t in pages)
    assert all(f"Wati Rahmawati {k}" in names for k in range(2, 6))


def test_json_carries_this_week(tmp_path: Path) -> None:
    import json

    program = make_program(tmp_path, ROSTER, extra=TASKS)
    drop(program, ANDROID_NAME, android(*MONDAY_TUESDAY))
    ingest(tmp_path)
    drop(program, ANDROID_NAME, android(*UP_TO_THURSDAY))
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--json"])
    week = json.loads(result.stdout)["this_week"]
    assert result.exit_code == 0
    assert (week["previous_as_of"], week["messages_new"], week["files_new"], week["unknown_new"], week["week"],
            week["week_days"]) == ("2020-04-07", 3, 1, ["Tamu"], 1, 4)
    assert week["participants"][1] == {
        "no": 2, "name": "Budi", "week_active": 3, "active_before": 1, "active": 3, "status_before": "Pasif",
        "status": "Aktif", "new_submissions": ["PR.1"],
        "decision_changes": [{"cycle": "Siklus I", "before": "TDL", "before_final": False, "now": "DL",
                              "now_final": False}]}
