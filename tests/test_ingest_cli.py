"""The `init`, `roster` and `ingest` commands: exact messages and exit codes (0, 1 refused, 2 config, 3 busy)."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import ANDROID_NAME, android, drop, make_program, stored
from typer.testing import CliRunner

from whatsapp_ingest.cli import app
from whatsapp_ingest.store.db import program_lock

runner = CliRunner()
WEEK = [("2020-04-14 08:15", "Bu Rina", "hadir"), ("2020-04-14 08:20", "~ Siti Aminah", "hadir"),
        ("2020-04-15 09:00", "Pak Dedi", "terima kasih")]
ROSTER = "no,name,aliases,role\n1,Rina Wulandari,Bu Rina,\n2,Siti Aminah,,\n3,Pak Dedi,,pembimbing\n"


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / "out").rglob("*")) if p.is_file()}


def test_init_then_init_again(tmp_path: Path) -> None:
    folder = tmp_path / "bimlat"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:4] == [f"dibuat {folder / name}" for name in
                                              ("program.toml", "roster.csv", "inbox", "out")]
    again = runner.invoke(app, ["init", str(folder)])
    assert again.exit_code == 2
    assert again.stderr == (f"kesalahan: {folder / 'program.toml'}: sudah ada; ubah berkas itu, atau pilih folder lain"
                            " untuk program baru\n")


def test_init_prints_the_next_command_ready_to_copy_even_with_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "Bimlat PTK April"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[7] == (
        f"Selanjutnya: isi {folder / 'program.toml'} dan {folder / 'roster.csv'}, simpan berkas ekspor di "
        f'{folder / "inbox"}, lalu jalankan: whatsapp-ingest ingest "{folder}"')


def test_broken_program_toml_exits_2(tmp_path: Path) -> None:
    make_program(tmp_path)
    toml = tmp_path / "program.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("weeks = [1, 2]", "weeks = [1, 2]\nweek = 3"),
                    encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"kesalahan: {toml}:9: kunci [[cycles]] week tidak dikenal; maksudnya 'weeks'?\n"


def test_broken_roster_exits_2(tmp_path: Path) -> None:
    make_program(tmp_path, "no,name\n1,Rina\n1,Siti\n")
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"kesalahan: {tmp_path / 'roster.csv'}:3: no 1 dipakai dua kali; beri setiap peserta nomor sendiri\n"


def test_busy_exits_3(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    with program_lock(program):
        result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 3
    assert result.stderr == (f"kesalahan: {tmp_path}: whatsapp-ingest lain sedang bekerja pada folder program ini;"
                             " tunggu sampai selesai\n")


def test_refused_file_exits_1_and_rerun_keeps_outputs_byte_identical(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    drop(program, "WhatsApp Chat with Arisan RT 05.txt", android(("2020-04-14 08:00", "Bu Rina", "arisan")))
    first = runner.invoke(app, ["ingest", str(tmp_path)])
    assert first.exit_code == 1, first.output
    assert "ekspor dari grup 'Arisan RT 05', padahal program.toml menulis group = 'Bimlat PTK Cipocok'" in first.output
    assert [r[0] for r in stored(program)] == [1, 2, 3]
    before = outputs(tmp_path)
    assert before
    second = runner.invoke(app, ["ingest", str(tmp_path)])
    assert second.exit_code == 1
    assert outputs(tmp_path) == before
    accepted = runner.invoke(app, ["ingest", str(tmp_path), "--any-group"])
    assert accepted.exit_code == 0, accepted.output
    assert [r[0] for r in stored(program)] == [1, 1, 2, 3]


def test_roster_command_writes_a_draft(tmp_path: Path) -> None:
    program = make_program(tmp_path)
    drop(program, ANDROID_NAME, android(*WEEK))
    assert runner.invoke(app, ["ingest", str(tmp_path)]).exit_code == 0
    result = runner.invoke(app, ["roster", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout == (f"{tmp_path / 'roster.csv'} sudah ditulis: periksa nama, nomor telepon dan peran, lalu "
                             "jalankan ingest lagi\n")
    assert (tmp_path / "roster.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "no,name,phone,aliases,role,status", "1,Bu Rina,,,peserta,aktif", "2,Siti Aminah,,,peserta,aktif",
        "3,Pak Dedi,,,peserta,aktif"]
