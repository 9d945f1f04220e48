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
