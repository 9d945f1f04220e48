"""The draft roster (`whatsapp-ingest roster`) never makes the supervisor a participant: whoever is
named in program.toml, whose name says pengawas/pembimbing, who runs the group (admin notices) or who
posts the group's rules and notices is written as `role = pembimbing`, without a number, under a
note saying why; the roster reads back with her not counted."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program
from typer.testing import CliRunner

from whatsapp_ingest.cli import app
from whatsapp_ingest.programme.roster import load_roster
from whatsapp_ingest.programme.roster_draft import is_notice

runner = CliRunner()
HEADER = "no,name,phone,aliases,role,status"
PARTICIPANTS = [
    ("2020-04-06 08:15", "Rina Wulandari", "hadir bu"),
    ("2020-04-06 08:20", "Siti Aminah", "Hadir, terima kasih Bu"),
    ("2020-04-06 09:00", "Yani Suryani", "Izin bertanya Bu, tugas PR 1 dikumpulkan paling lambat kapan nggih? Mohon "
                                         "maaf bapak ibu peserta"),
    ("2020-04-07 08:10", "Rina Wulandari", "PR.1 sudah saya kirim bu"),
]
NOTICES = [
    ("2020-04-06 07:00", "Endang Pembina",
     "Assalamualaikum Bapak/Ibu peserta bimlat. Mohon setiap hari kerja hadir di grup ini, presensi sebelum jam 10."),
    ("2020-04-08 07:00", "Endang Pembina",
     "Bapak/Ibu peserta, PR 1 dikumpulkan paling lambat Rabu 8 April. Silakan kirim dalam bentuk dokumen."),
    ("2020-04-13 07:00", "Endang Pembina",
     "Pengumuman: jadwal bimlat minggu ini tetap. Bapak/Ibu dimohon membaca tata tertib yang disematkan."),
]


def draft(tmp_path: Path, messages: list[tuple[str, str, str]], extra: str = "", *args: str) -> list[str]:
    drop(make_program(tmp_path, extra=extra), ANDROID_NAME, android(*messages))
    assert runner.invoke(app, ["ingest", str(tmp_path)]).exit_code == 0
    result = runner.invoke(app, ["roster", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    return (tmp_path / "roster.csv").read_text(encoding="utf-8-sig").splitlines()


def counted(tmp_path: Path) -> list[str]:
    return [p.name for p in load_roster(tmp_path / "roster.csv").participants if p.counted]


def test_the_one_who_posts_the_notices_is_pembimbing(tmp_path: Path) -> None:
    lines = draft(tmp_path, [NOTICES[0], *PARTICIPANTS, *NOTICES[1:]])
    assert lines == [HEADER, "1,Rina Wulandari,,,peserta,aktif", "2,Siti Aminah,,,peserta,aktif",
                     "3,Yani Suryani,,,peserta,aktif",
                     '"# Endang Pembina: pembimbing, tidak dihitung (mengirim aturan dan pengumuman ke grup); bila '
                     'Endang Pembina peserta, beri nomor dan tulis peserta pada kolom role"',
                     ",Endang Pembina,,,pembimbing,aktif"]
    assert counted(tmp_path) == ["Rina Wulandari", "Siti Aminah", "Yani Suryani"]
    roles = {p.name: p.role for p in load_roster(tmp_path / "roster.csv").participants}
    assert roles["Endang Pembina"] == "pembimbing"


def test_the_groups_admin_is_pembimbing(tmp_path: Path) -> None:
    admin = [("2020-04-05 20:00", "", 'Bu Endang membuat grup "Bimlat PTK Cipocok"'),
             ("2020-04-05 20:01", "", "Bu Endang menambahkan Rina Wulandari"),
             ("2020-04-05 20:05", "Bu Endang", "Selamat malam")]
    lines = draft(tmp_path, admin + PARTICIPANTS)
    assert lines[-2] == ('"# Bu Endang: pembimbing, tidak dihitung (mengelola grup (membuat grup, menambahkan atau '
                         'mengeluarkan anggota, atau mengubah pengaturannya)); bila Bu Endang peserta, beri nomor dan '
                         'tulis peserta pada kolom role"')
    assert lines[-1] == ",Bu Endang,,,pembimbing,aktif"
    assert counted(tmp_path) == ["Rina Wulandari", "Siti Aminah", "Yani Suryani"]


def test_named_in_program_toml_or_by_title_in_english(tmp_path: Path) -> None:
    chat = [("2020-04-06 07:00", "Pak Dedi", "Selamat pagi"), ("2020-04-06 07:05", "Bu Ani Pengawas", "Pagi"),
            *PARTICIPANTS]
    lines = draft(tmp_path, chat, 'pembimbing = ["Pak Dedi"]', "--lang", "en")
    assert lines[1:4] == ["1,Rina Wulandari,,,peserta,aktif", "2,Siti Aminah,,,peserta,aktif",
                          "3,Yani Suryani,,,peserta,aktif"]
    assert lines[4:] == [
        '"# Pak Dedi: pembimbing, not counted (named as pembimbing in program.toml); if Pak Dedi is a participant, '
        'give a number and write peserta as the role"', ",Pak Dedi,,,pembimbing,aktif",
        '"# Bu Ani Pengawas: pembimbing, not counted (the name says pembimbing/pengawas); if Bu Ani Pengawas is a '
        'participant, give a number and write peserta as the role"', ",Bu Ani Pengawas,,,pembimbing,aktif"]


def test_nobody_stands_out_nobody_is_marked(tmp_path: Path) -> None:
    """One notice each from two people (and questions about the rules) is not enough to say who leads."""
    chat = [*PARTICIPANTS, ("2020-04-07 09:00", "Siti Aminah", "Bapak/Ibu peserta, mohon PR 1 dikumpulkan sebelum "
                                                                "batas waktu ya, semangat semuanya")]
    lines = draft(tmp_path, chat)
    assert lines == [HEADER, "1,Rina Wulandari,,,peserta,aktif", "2,Siti Aminah,,,peserta,aktif",
                     "3,Yani Suryani,,,peserta,aktif"]


@pytest.mark.parametrize(("text", "notice"), [
    (NOTICES[1][2], True),
    ("Izin bertanya Bu, tugas PR 1 dikumpulkan paling lambat kapan?", False),
    ("Hadir bu, mohon maaf terlambat", False),       # one notice word
])
def test_what_reads_as_a_notice(text: str, notice: bool) -> None:
    assert is_notice(text) is notice
