"""CLI `parse`: the records, the summary, and one clear line (exit 1, no traceback) for bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whatsapp_ingest.cli import app

EXPORT = ("06/04/20 08.15 - Budi: halo\nbaris dua\n"
          "13/04/20 09.00 - ~\u00a0Ani: <Media tidak disertakan>\n"
          "13/04/20 09.01 - Ani keluar\n")
SUMMARY = ("grup.txt: 3 pesan dari 2 pengirim (pesan 1, media 1, pemberitahuan 1)\n"
           "pertama 2020-04-06 08:15, terakhir 2020-04-13 09:01\n"
           "bentuk kepala pesan: android-24h: dd/mm/yy HH.MM - (android)\n"
           "urutan tanggal: DMY, karena angka tanggal 13 berada di depan pada baris 3 (13/04/20)\n"
           "baris: 4 = 3 kepala pesan + 1 lanjutan + 0 sebelum pesan pertama\n")
SUMMARY_EN = ("grup.txt: 3 messages from 2 authors (message 1, media 1, notice 1)\n"
              "first 2020-04-06 08:15, last 2020-04-13 09:01\n"
              "header format: android-24h: dd/mm/yy HH.MM - (android)\n"
              "date order: DMY, because a day field of 13 comes first on line 3 (13/04/20)\n"
              "lines: 4 = 3 headers + 1 continuation + 0 before the first message\n")
CSV = ("\ufefffile,line,timestamp,author,kind,text,attachment,edited,notice,details\r\n"
       'grup.txt,1,2020-04-06T08:15:00,Budi,message,"halo\nbaris dua",,false,,\r\n'
       "grup.txt,3,2020-04-13T09:00:00,Ani,media,<Media tidak disertakan>,,false,media,\r\n"
       'grup.txt,4,2020-04-13T09:01:00,,system,Ani keluar,,false,left,"{""actor"": ""Ani""}"\r\n')


def run(*args: str):
    return CliRunner().invoke(app, ["parse", *args])


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "grup.txt"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def test_parse_writes_the_csv_with_o_and_prints_the_summary(export: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "records.csv"
    result = run(str(export), "-o", str(out))
    assert result.exit_code == 0
    assert out.read_bytes() == CSV.encode("utf-8")
    assert result.stdout == SUMMARY
    assert result.stderr == ""


def test_parse_summary_in_english_on_request(export: Path, tmp_path: Path) -> None:
    result = run(str(export), "-o", str(tmp_path / "r.csv"), "--lang", "en")
    assert (result.exit_code, result.stdout) == (0, SUMMARY_EN)


def test_parse_without_o_prints_the_csv_and_puts_the_summary_on_stderr(export: Path) -> None:
    result = run(str(export))
    assert result.exit_code == 0
    assert result.stdout.replace("\r\n", "\n") == CSV[1:].replace("\r\n", "\n")
    assert result.stderr == SUMMARY


def test_parse_reads_an_ios_zip(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("_chat.txt", "\ufeff[15/01/23, 19:02:11] Budi: a\n[16/01/23, 08:00:00] Ani: b\n")
        archive.writestr("00000001-PHOTO.jpg", b"\xff\xd8")
    path = tmp_path / "WhatsApp Chat - Bimlat.zip"
    path.write_bytes(buffer.getvalue())
    result = run(str(path), "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == "bentuk kepala pesan: ios-24h-bracket: [dd/mm/yy, HH:MM:SS] (ios)"


def test_parse_warns_about_undecidable_date_order_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_text("01/02/23, 10:00 - Budi: a\n02/03/23, 10:00 - Budi: b\n", encoding="utf-8")
    result = run(str(path), "-o", str(tmp_path / "r.csv"), "--date-order", "mdy")
    assert result.exit_code == 0
    assert result.stderr == ("peringatan: g.txt: dari tanggalnya tidak terlihat apakah tanggal atau bulan yang di depan; "
                             "dibaca sesuai --date-order MDY\n")
    assert "urutan tanggal: MDY, karena tidak ada tanggal yang menunjukkannya" in result.stdout


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.txt", b"", "kesalahan: empty.txt: berkas ini kosong; "),
    ("notes.txt", b"Notulen rapat\nhadir: 12 guru\n",
     "kesalahan: notes.txt: bukan ekspor obrolan WhatsApp: tidak ada baris yang diawali tanggal dan jam seperti tulisan "
     "WhatsApp; "),
    ("broken.txt", b"25/01/2023, 10:00 - Budi: a\n30/02/2023, 10:00 - Budi: b\n",
     "kesalahan: broken.txt:2: tanggal 30/02/2023 di kepala pesan tidak ada bila dibaca DMY; pastikan berkas ini "
     "ekspor WhatsApp yang belum diubah"),
    ("binary.txt", bytes(range(256)) * 4, "kesalahan: binary.txt:1: bukan teks UTF-8 (data biner: ada bita NUL); "),
    ("corrupt.zip", b"PK\x03\x04 not really a zip", "kesalahan: corrupt.zip: berkas zip rusak atau tidak lengkap; "),
], ids=["empty", "not-an-export", "impossible-date", "binary", "corrupt-zip"])
def test_bad_input_gets_one_line_and_exit_1(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_missing_file_gets_one_line_and_exit_1(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nothere.txt"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "kesalahan: nothere.txt: berkas tidak ditemukan; periksa nama berkas dan foldernya\n"


def test_a_bad_date_order_option_is_refused(export: Path) -> None:
    result = run(str(export), "--date-order", "DDMM")
    assert (result.exit_code, result.stderr) == (2, "kesalahan: --date-order DDMM: gunakan DMY, MDY atau YMD\n")
    english = run(str(export), "--date-order", "DDMM", "--lang", "en")
    assert (english.exit_code, english.stderr) == (2, "error: --date-order DDMM: use DMY, MDY or YMD\n")
