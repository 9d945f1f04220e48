"""What a person reads, in Indonesian by default and in English on request: whole command lines,
the framework's own words, path mistakes, and warnings stored by one run shown in another's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program
from typer.testing import CliRunner

from whatsapp_ingest import i18n
from whatsapp_ingest.cli import app
from whatsapp_ingest.store.ingest import run_ingest

runner = CliRunner()
# 01/02 and 02/03 read forward both ways: the file cannot show its date order, a stored warning says so
UNDECIDED = android(("2020-04-01 08:15", "Rina", "hadir"), ("2020-04-02 09:00", "Siti", "hadir"))


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("lang", "words"), [
    ("id", ("Cara pakai: whatsapp-ingest ingest [PILIHAN] FOLDER", "Argumen:", "Pilihan:",
            "Tampilkan bantuan ini lalu keluar.", "Contoh:", '    whatsapp-ingest ingest "Bimlat PTK April 2020"')),
    ("en", ("Usage: whatsapp-ingest ingest [OPTIONS] FOLDER", "Arguments:", "Options:",
            "Show this message and exit.", "Examples:", '    whatsapp-ingest ingest "Bimlat PTK April 2020"')),
])
def test_help_in_the_chosen_language_with_the_frameworks_words_and_examples(lang: str, words: tuple[str, ...]) -> None:
    args = ["ingest", "--help"] + (["--lang", "en"] if lang == "en" else [])
    code, out, _ = run(*args)
    assert code == 0
    for word in words:
        assert word in out, word
    if lang == "id":
        assert "Usage" not in out and "Options" not in out and "Show this message" not in out


def test_top_level_help_lists_the_commands_in_indonesian() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert out.startswith("Cara pakai: whatsapp-ingest [PILIHAN] PERINTAH [ARGUMEN]...\n")
    assert "Perintah:\n  parse     Membaca satu berkas ekspor" in out and "  jelaskan  Sama dengan explain" in out


def test_the_environment_chooses_english_outside_a_programme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENV_VARIABLE, "en")
    assert run("ingest", "--help")[1].startswith("Usage: whatsapp-ingest ingest [OPTIONS] FOLDER")


@pytest.mark.parametrize(("args", "id_line", "en_line"), [
    (["ingest"], "kesalahan: FOLDER belum ditulis; untuk bantuan ketik: whatsapp-ingest ingest --help",
     "error: FOLDER is missing; for help type: whatsapp-ingest ingest --help"),
    (["ingest", "x", "--bogus"], "kesalahan: tidak ada pilihan --bogus; untuk bantuan ketik: whatsapp-ingest ingest --help",
     "error: there is no option --bogus; for help type: whatsapp-ingest ingest --help"),
    (["hapus"], "kesalahan: tidak ada perintah hapus; untuk bantuan ketik: whatsapp-ingest --help",
     "error: there is no command hapus; for help type: whatsapp-ingest --help"),
])
def test_the_frameworks_errors_are_one_translated_line(args: list[str], id_line: str, en_line: str) -> None:
    assert run(*args) == (2, "", id_line + "\n")
    assert run(*args, "--lang", "en") == (2, "", en_line + "\n")


def test_a_folder_name_with_spaces_without_quotes_says_what_to_type(tmp_path: Path) -> None:
    code, _, err = run("ingest", "Bimlat", "PTK", "April")
    assert (code, err) == (2, 'kesalahan: Bimlat PTK April: nama folder yang mengandung spasi harus ditulis di antara '
                              'tanda kutip; ketik: whatsapp-ingest ingest "Bimlat PTK April"\n')


def test_a_file_given_for_the_folder_names_the_programme_folder(tmp_path: Path) -> None:
    program = make_program(tmp_path / "Bimlat PTK")
    export = drop(program, ANDROID_NAME, UNDECIDED)
    code, _, err = run("ingest", str(export))
    assert (code, err) == (2, f"kesalahan: {export}: ini sebuah berkas, bukan folder program; "
                              f'ketik: whatsapp-ingest ingest "{program.folder}"\n')
    code, _, err = run("ingest", str(export), "--lang", "en")
    assert err == f'error: {export}: this is a file, not a programme folder; type: whatsapp-ingest ingest "{program.folder}"\n'


def test_a_missing_folder_suggests_the_one_spelt_alike_or_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_program(tmp_path / "Bimlat PTK")
    monkeypatch.chdir(tmp_path)
    assert run("ingest", "bimlat ptk")[2] == ('kesalahan: bimlat ptk: folder ini tidak ada; maksudnya: '
                                             'whatsapp-ingest ingest "Bimlat PTK"\n')
    assert run("roster", "lain")[2] == ("kesalahan: lain: folder ini tidak ada; periksa namanya (pakai tanda kutip bila "
                                        "ada spasi), atau buat program baru dengan: whatsapp-ingest init lain\n")


def test_the_programmes_language_chooses_everything(tmp_path: Path) -> None:
    program = make_program(tmp_path, "no,name\n1,Rina\n1,Siti\n", extra='[output]\nlang = "en"\n')
    code, _, err = run("ingest", str(program.folder))
    assert (code, err) == (2, f"error: {program.roster_csv}:3: no 1 is used twice; give every participant their own number\n")
    assert run("ingest", str(program.folder), "--bogus")[2].startswith("error: there is no option --bogus")
    assert run("ingest", str(program.folder), "--lang", "id")[2].startswith("kesalahan: ")


def test_a_stored_warning_is_shown_in_the_readers_language(tmp_path: Path) -> None:
    program = make_program(tmp_path, "no,name\n1,Rina\n2,Siti\n")
    drop(program, ANDROID_NAME, UNDECIDED)
    first = run_ingest(program)                   # stored in an Indonesian run …
    assert first.files[0].status == "new"
    assert ("inbox/WhatsApp Chat with Bimlat PTK Cipocok.txt: dari tanggalnya tidak terlihat apakah tanggal atau "
            "bulan yang di depan; dibaca tanggal dulu; bila ternyata bulan dulu, jalankan lagi dengan --date-order MDY"
            ) in first.warnings
    i18n.set_language("en")                       # … read back in an English one, from the store
    again = run_ingest(program)
    assert again.files[0].status == "unchanged"
    assert ("inbox/WhatsApp Chat with Bimlat PTK Cipocok.txt: the dates do not show whether the day or the month "
            "comes first; read them day first; if they are month-first, run again with --date-order MDY"
            ) in again.warnings


def test_ingest_prints_indonesian_and_english_on_request(tmp_path: Path) -> None:
    program = make_program(tmp_path, "no,name\n1,Rina\n2,Siti\n")
    drop(program, ANDROID_NAME, UNDECIDED)
    (program.inbox / "catatan.pdf").write_bytes(b"%PDF")
    code, out, err = run("ingest", str(program.folder))
    assert code == 0
    assert "peringatan: inbox/catatan.pdf: dilewati: bukan berkas ekspor .txt atau .zip" in err.splitlines()
    assert "1 berkas: 1 baru, 0 tidak berubah, 0 ditolak; 2 pesan baru, 0 sudah tersimpan" in out.splitlines()
    code, out, err = run("ingest", str(program.folder), "--lang", "en")
    assert "warning: inbox/catatan.pdf: ignored: not a .txt or .zip export" in err.splitlines()
    assert "1 file(s): 0 new, 1 unchanged, 0 refused; 0 message(s) new, 2 already stored" in out.splitlines()
