""""Maksudnya …?": an unknown sender gets the roster's participants she may be — by title, degree,
nickname, typo, a contact-saved name or a phone with one digit wrong — in the terminal, the
warnings, the workbook, the page and unknown_senders.csv; nobody is ever assigned by it."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program
from typer.testing import CliRunner

from whatsapp_ingest.cli import app
from whatsapp_ingest.programme.roster import Participant
from whatsapp_ingest.programme.suggest import name_words, suggest
from whatsapp_ingest.report.labels import csv_header

ROSTER = [Participant(1, "Ahmad Fauzi"), Participant(2, "Siti Aminah", aliases=("Bu Ami",)),
          Participant(3, "Dedi Kurniawan"), Participant(4, "Nur Hasanah"), Participant(5, "Siti Nurhaliza"),
          Participant(6, "Yuliani Putri"), Participant(7, "Hendra Gunawan", phone="+6281234567890"),
          Participant(8, "Sri Wahyuni"), Participant(9, "Muhammad Rizki"),
          Participant(10, "Dra. Lilis Suryani, M.Pd"), Participant(11, "Agus Salim"),
          Participant(12, "Bu Endang", role="pembimbing")]


def names(author: str) -> list[str]:
    return [p.name for p in suggest(author, ROSTER)]


@pytest.mark.parametrize(("author", "expected"), [
    ("Bu Siti", ["Siti Aminah", "Siti Nurhaliza"]),               # a title and a common first name: both
    ("Siti Aminah, S.Pd", ["Siti Aminah"]),                       # a degree: the one that matches every word
    ("Pak Hendra Gunawan S.Pd.I", ["Hendra Gunawan"]),
    ("Hendra G", ["Hendra Gunawan"]),
    ("Yuli", ["Yuliani Putri"]),                                  # a nickname
    ("Bu Ami SDN 2 Cipocok", ["Siti Aminah"]),                    # the alias, as her contacts saved it
    ("Dedy Kurniawan", ["Dedi Kurniawan"]),                       # a spelling
    ("M. Rizky", ["Muhammad Rizki"]),
    ("Bu Lilis", ["Dra. Lilis Suryani, M.Pd"]),                   # titles on the roster's side too
    ("Endang", ["Bu Endang"]),                                    # the supervisor may be the sender
    ("+62 812-3456-7891", ["Hendra Gunawan"]),                    # one digit of the phone wrong
])
def test_close_participants_are_suggested(author: str, expected: list[str]) -> None:
    assert names(author) == expected


@pytest.mark.parametrize("author", ["Budi Santoso", "Operator Sekolah", "Agustina", "Anis", "Dewi Lestari",
                                    "+62 878-5555-0101", "🌸🌸", "Admin Gugus 3"])
def test_nobody_close_no_suggestion(author: str) -> None:
    assert names(author) == []


def test_titles_degrees_and_school_words_are_not_name_words() -> None:
    assert name_words("Hj. Dra. Siti Aminah, S.Pd.I, M.Pd (SDN 2 Cipocok)") == ["siti", "aminah", "cipocok"]


PROGRAM_ROSTER = ("no,name,phone,aliases,role,status\n"
                  "1,Rina Wulandari,,,,\n"
                  "2,Siti Aminah,,,,\n"
                  "3,Siti Nurhaliza,,,,\n")


def test_suggested_everywhere_and_never_assigned(tmp_path: Path) -> None:
    program = make_program(tmp_path, PROGRAM_ROSTER)
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Bu Rina, S.Pd", "hadir"),
                                        ("2020-04-06 08:20", "Siti Aminah", "hadir"),
                                        ("2020-04-07 08:15", "Bu Siti", "hadir"),
                                        ("2020-04-07 08:30", "Bambang", "hadir")))
    result = CliRunner().invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.stdout + result.stderr
    assert ("pengirim 'Bu Rina, S.Pd' (1 pesan, 2020-04-06) tidak ada di roster.csv dan tidak dihitung; maksudnya "
            "Rina Wulandari (no. 1)? Bila ya, tambahkan 'Bu Rina, S.Pd' ke kolom aliases pada baris itu di "
            "roster.csv") in " ".join(out.split())
    assert "maksudnya Siti Aminah (no. 2) atau Siti Nurhaliza (no. 3)?" in " ".join(out.split())
    assert ("3 pengirim tidak dikenal, tidak dihitung: Bu Rina, S.Pd (maksudnya Rina Wulandari (no. 1)?), Bu Siti "
            "(maksudnya Siti Aminah (no. 2) atau Siti Nurhaliza (no. 3)?), Bambang") in " ".join(out.split())
    csv = (tmp_path / "out" / "unknown_senders.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[0] == "author,messages,first_seen,last_seen,suggestions"
    assert csv[1].endswith(",Rina Wulandari (no. 1)")
    assert csv_header("unknown_senders", "suggestions", "id") == "Maksudnya"     # the Excel-Indonesia dialect
    sheet = openpyxl.load_workbook(io.BytesIO((tmp_path / "out" / "rekap.xlsx").read_bytes()))["Peringatan"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == "Pengirim (sesuai ekspor)")
    assert header[4] == "Maksudnya?"
    assert ["Bu Siti", "Siti Aminah (no. 2); Siti Nurhaliza (no. 3)"] in [[r[0], r[4]] for r in rows]
    page = (tmp_path / "out" / "laporan.html").read_text(encoding="utf-8")
    assert "Maksudnya?" in page and "Rina Wulandari (no. 1)" in page
    # never assigned: Rina Wulandari has no active day, Siti Aminah only her own
    activeness = (tmp_path / "out" / "activeness.csv").read_text(encoding="utf-8-sig").splitlines()
    assert activeness[1].split(",")[:3] == ["1", "Rina Wulandari", "0"]
    assert activeness[2].split(",")[:3] == ["2", "Siti Aminah", "1"]
