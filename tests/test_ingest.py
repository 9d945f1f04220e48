"""`run_ingest` end to end on exports written as phones write them: exactly once, two phones, wrong groups."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, ios, make_program, stored

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.group import group_key
from whatsapp_ingest.pipeline import draft_roster as write_draft_roster
from whatsapp_ingest.store.ingest import FileOutcome, run_ingest

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
pytestmark = pytest.mark.usefixtures("english")

ROSTER = ("no,name,phone,aliases,role,status\n"
          "1,Rina Wulandari,,Bu Rina;Rina Guru,,\n"
          "2,Siti Aminah,,,,\n"
          "3,Yani Suryani,081234567890,,,\n"
          "4,Pak Dedi,,Dedi Pembimbing,pembimbing,\n")

WEEK1 = [
    ("2020-04-06 08:00", "Pak Dedi", "Assalamualaikum, selamat pagi"),
    ("2020-04-06 08:15", "Bu Rina", "hadir"),
    ("2020-04-06 08:15", "Bu Rina", "ok"),
    ("2020-04-06 08:15", "Bu Rina", "ok"),                 # the same words twice in a minute: both count
    ("2020-04-07 09:30", "~ Siti Aminah", "hadir pak"),
    ("2020-04-07 09:31", "+62 812\u20113456\u20117890", "hadir"),
]
WEEK2 = WEEK1 + [
    ("2020-04-13 08:02", "Bu Rina", "PR.1 sudah saya kirim\nterima kasih"),
    ("2020-04-13 08:02", "Bu Rina", "<Media tidak disertakan>"),
    ("2020-04-14 10:00", "~ Siti Aminah", "hadir"),
]


def test_weekly_exports_store_each_message_once(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK1))
    first = run_ingest(program)
    assert first.files == (FileOutcome(f"inbox/{ANDROID_NAME}", "new", messages_new=6),)
    drop(program, "WhatsApp Chat with Bimlat PTK Cipocok (1).txt", android(*WEEK2))
    second = run_ingest(program)
    assert second.files == (
        FileOutcome("inbox/WhatsApp Chat with Bimlat PTK Cipocok (1).txt", "new", messages_new=3, messages_known=6),
        FileOutcome(f"inbox/{ANDROID_NAME}", "unchanged", messages_known=6),
    )
    # 06/04 and 07/04 alone cannot show the date order; the programme's dates (April 2020) do: no warning
    assert first.warnings == ()
    assert (second.messages_new, second.messages_known, second.unknown_senders, second.warnings) == (3, 12, (), ())
    assert stored(program) == [
        (4, "2020-04-06 08:00:00", "Pak Dedi", "message", "Assalamualaikum, selamat pagi"),
        (1, "2020-04-06 08:15:00", "Bu Rina", "message", "hadir"),
        (1, "2020-04-06 08:15:00", "Bu Rina", "message", "ok"),
        (1, "2020-04-06 08:15:00", "Bu Rina", "message", "ok"),
        (2, "2020-04-07 09:30:00", "Siti Aminah", "message", "hadir pak"),
        (3, "2020-04-07 09:31:00", "+62 812-3456-7890", "message", "hadir"),
        (1, "2020-04-13 08:02:00", "Bu Rina", "message", "PR.1 sudah saya kirim\nterima kasih"),
        (1, "2020-04-13 08:02:00", "Bu Rina", "media", "<Media tidak disertakan>"),
        (2, "2020-04-14 10:00:00", "Siti Aminah", "message", "hadir"),
    ]


def test_rerun_and_copies_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK2))
    drop(program, "salinan.txt", android(*WEEK2))          # the same file dropped twice under another name
    first = run_ingest(program)
    assert [(f.name, f.status, f.reason, f.messages_new, f.messages_known) for f in first.files] == [
        (f"inbox/{ANDROID_NAME}", "new", "", 9, 0),
        ("inbox/salinan.txt", "unchanged", f"same content as inbox/{ANDROID_NAME}", 0, 9),
    ]
    rows = stored(program)

    def no_parsing(*_: object, **__: object) -> None:
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr("whatsapp_ingest.export.read.read_export", no_parsing)
    again = run_ingest(program)
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert (again.messages_new, again.messages_known, again.warnings) == (0, 18, first.warnings)
    assert stored(program) == rows


@pytest.mark.parametrize("iphone_file", ["WhatsApp Chat - Bimlat PTK Cipocok.txt", "zz dari iPhone.txt"])
def test_two_phones_merge_once_after_resolution(tmp_path: Path, iphone_file: str) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK2))
    # A colleague's iPhone: other contact names, seconds, its own media placeholder wording.
    drop(program, iphone_file, ios(
        ("2020-04-06 08:00:12", "Dedi Pembimbing", "Assalamualaikum, selamat pagi"),
        ("2020-04-06 08:15:03", "Rina Guru", "hadir"),
        ("2020-04-06 08:15:40", "Rina Guru", "ok"),
        ("2020-04-06 08:15:41", "Rina Guru", "ok"),
        ("2020-04-07 09:30:05", "~\u00a0Siti Aminah", "hadir pak"),
        ("2020-04-07 09:31:15", "+62 812 3456 7890", "hadir"),
        ("2020-04-13 08:02:20", "Rina Guru", "PR.1 sudah saya kirim\r\nterima kasih"),
        ("2020-04-13 08:02:21", "Rina Guru", "\u200egambar tidak disertakan"),
        ("2020-04-14 10:00:59", "~\u00a0Siti Aminah", "hadir"),
        ("2020-04-14 10:01:00", "Rina Guru", "sama-sama"),
    ))
    report = run_ingest(program)
    # "~ Siti Aminah" is the same author on both phones: stored once already; the rest merge after resolution.
    assert [f.status for f in report.files] == ["new", "new"]
    assert (report.messages_new, report.messages_known) == (17, 2)
    assert report.unknown_senders == ()
    rows = stored(program)
    # Whichever file came first, each message is there once, with the iPhone's seconds.
    assert rows[:7] + rows[8:] == [
        (4, "2020-04-06 08:00:12", "Dedi Pembimbing", "message", "Assalamualaikum, selamat pagi"),
        (1, "2020-04-06 08:15:03", "Rina Guru", "message", "hadir"),
        (1, "2020-04-06 08:15:40", "Rina Guru", "message", "ok"),
        (1, "2020-04-06 08:15:41", "Rina Guru", "message", "ok"),
        (2, "2020-04-07 09:30:05", "Siti Aminah", "message", "hadir pak"),
        (3, "2020-04-07 09:31:15", "+62 812 3456 7890", "message", "hadir"),
        (1, "2020-04-13 08:02:20", "Rina Guru", "message", "PR.1 sudah saya kirim\nterima kasih"),
        (2, "2020-04-14 10:00:59", "Siti Aminah", "message", "hadir"),
        (1, "2020-04-14 10:01:00", "Rina Guru", "message", "sama-sama"),
    ]
    assert rows[7][:4] == (1, "2020-04-13 08:02:21", "Rina Guru", "media")


def test_phone_number_and_tilde_authors_match_the_roster(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(
        ("2020-04-14 07:00", "+62 812\u20113456\u20117890", "Selamat pagi"),
        ("2020-04-14 07:01", "~\u202fSiti  Aminah", "pagi"),
        ("2020-04-15 07:02", "\u202a+62 857-0000-1111\u202c", "siapa ini?")))
    report = run_ingest(program)
    assert [r[0] for r in stored(program)] == [3, 2, None]
    assert report.unknown_senders == ("+62 857-0000-1111",)
    assert report.warnings == ("unknown sender '+62 857-0000-1111' (1 message, 2020-04-15) is not in roster.csv and"
                               " is not counted; add the name (or the phone, or an alias) to roster.csv if this person"
                               " takes part",)


def test_changed_number_links_old_and_new(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(
        ("2020-04-06 07:00", "+62 812\u20113456\u20117890", "hadir"),
        ("2020-04-08 07:00", "", "+62 812\u20113456\u20117890 changed to +62 857\u20110000\u20111111"),
        ("2020-04-08 07:05", "+62 857\u20110000\u20111111", "hadir, nomor baru saya")))
    report = run_ingest(program)
    assert report.unknown_senders == ()
    assert [(r[0], r[3]) for r in stored(program)] == [(3, "message"), (None, "system"), (3, "message")]


def test_other_group_is_refused_while_others_are_stored(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK1))
    drop(program, "WhatsApp Chat with Alumni MI Al-Huda (1).txt", android(
        ("2020-04-06 10:00", "Bu Rina", "reuni kapan?")))
    drop(program, "kosong.txt", b"")
    report = run_ingest(program)
    wrong = ("export of group 'Alumni MI Al-Huda', but program.toml says group = 'Bimlat PTK Cipocok'; if the group"
             " was renamed add also_groups = [\"Alumni MI Al-Huda\"] to program.toml, or run with --any-group")
    assert [(f.name, f.status) for f in report.files] == [
        ("inbox/WhatsApp Chat with Alumni MI Al-Huda (1).txt", "refused"), (f"inbox/{ANDROID_NAME}", "new"),
        ("inbox/kosong.txt", "refused")]
    assert report.refused[0].reason == wrong
    assert report.refused[1].reason.startswith("the file is empty")
    assert report.warnings[0] == f"inbox/WhatsApp Chat with Alumni MI Al-Huda (1).txt: refused: {wrong}"
    assert report.warnings[-1] == f"inbox/kosong.txt: refused: {report.refused[1].reason}"
    assert len(stored(program)) == 6
    again = run_ingest(program)
    assert [f.status for f in again.files] == ["refused", "unchanged", "refused"]   # refusals are reported every run
    assert again.warnings == report.warnings
    accepted = run_ingest(program, any_group=True)
    assert [f.status for f in accepted.files] == ["new", "unchanged", "refused"]
    assert ("inbox/WhatsApp Chat with Alumni MI Al-Huda (1).txt: accepted with --any-group"
                                    " although: export of group 'Alumni MI Al-Huda', but program.toml says"
                                    " group = 'Bimlat PTK Cipocok'") in accepted.warnings
    assert len(stored(program)) == 7


def test_renamed_group_accepted_through_also_groups(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER, extra='also_groups = ["PTK Cipocok (2020)"]')
    drop(program, "WhatsApp Chat with PTK CIPOCOK 2020 (1).txt", android(*WEEK1))
    drop(program, "WhatsApp Chat - PTK Cipocok (2020).zip", zipped(ios(("2020-04-14 08:00:00", "Bu Rina", "ok"))))
    assert [f.status for f in run_ingest(program).files] == ["new", "new"]


def test_unnamed_export_of_strangers_is_refused(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, "chat.txt", android(*[("2020-04-06 10:00", f"Orang {i}", "halo") for i in range(5)]))
    report = run_ingest(program)
    assert report.refused[0].reason == ("the export does not name its group and only 0 of its 5 authors are in"
                                        " roster.csv: it looks like another group; check the file, or run with"
                                        " --any-group")


def test_broken_roster_stops_before_any_work(tmp_path: Path) -> None:
    program = make_program(tmp_path, "no,name,phone\n1,Rina,0812-ABC\n")
    drop(program, ANDROID_NAME, android(*WEEK1))
    with pytest.raises(ConfigError) as raised:
        run_ingest(program)
    assert raised.value.render() == (f"{tmp_path / 'roster.csv'}:2: phone '0812-ABC' is not a phone number;"
                                     " write it as 0812…, 62812… or +62 812-…, or leave it empty")
    assert raised.value.exit_code == 2
    assert not (program.state / "store.sqlite").exists()


def test_without_roster_everyone_counts_and_a_draft_is_written(tmp_path: Path) -> None:
    program = make_program(tmp_path)
    drop(program, ANDROID_NAME, android(*WEEK2))
    report = run_ingest(program)
    assert report.unknown_senders == () and report.warnings == ()
    assert [r[0] for r in stored(program)] == [1, 2, 2, 2, 3, 4, 2, 2, 3]
    path = write_draft_roster(program)
    assert path == program.roster_csv
    assert path.read_bytes().decode("utf-8-sig").splitlines() == [
        "no,name,phone,aliases,role,status", "1,Pak Dedi,,,peserta,aktif", "2,Bu Rina,,,peserta,aktif",
        "3,Siti Aminah,,,peserta,aktif", "4,'+62 812-3456-7890,'+6281234567890,,peserta,aktif"]
    assert write_draft_roster(program) == program.folder / "roster.draft.csv"   # never overwrite a filled roster
    assert [r[0] for r in stored(program)] == [1, 2, 2, 2, 3, 4, 2, 2, 3]      # the draft reads back the same


def zipped(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("_chat.txt", text)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("WhatsApp Chat - Arisan RT 05.zip", zipped(ios(("2020-04-14 08:00:00", "Bu Rina", "kumpul jam 4")))),
    ("Chat WhatsApp dengan Arisan RT 05 (2).txt", android(("2020-04-14 08:00", "Bu Rina", "kumpul jam 4"))),
    ("chat.txt", android(("2020-04-14 07:00", "", 'Bu Rina membuat grup "Arisan RT 05"'),
                         ("2020-04-14 08:00", "Bu Rina", "kumpul jam 4"))),
    ("chat.txt", ios(("2020-04-14 07:00:00", "Arisan RT 05", "\u200ePesan dan panggilan dienkripsi secara end-to-end."),
                     ("2020-04-14 08:00:00", "Bu Rina", "kumpul jam 4"))),
])
def test_group_named_by_file_name_or_notices(tmp_path: Path, name: str, content: str | bytes) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, name, content)
    report = run_ingest(program)
    assert [(f.status, f.reason) for f in report.files] == [("refused", (
        "export of group 'Arisan RT 05', but program.toml says group = 'Bimlat PTK Cipocok'; if the group was renamed"
        ' add also_groups = ["Arisan RT 05"] to program.toml, or run with --any-group'))]
    assert stored(program) == []
    assert [f.status for f in run_ingest(program, any_group=True).files] == ["new"]


def test_renamed_subject_names_the_group(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, "chat.txt", android(
        ("2020-04-14 07:00", "", 'Pak Dedi mengubah subjek dari "Bimlat PTK Cipocok" menjadi "Bimlat PTK (selesai)"'),
        ("2020-04-14 08:00", "Bu Rina", "terima kasih")))
    assert [f.status for f in run_ingest(program).files] == ["new"]


def test_group_names_compare_without_case_spaces_marks_or_punctuation() -> None:
    assert group_key("\u200eBIMLAT  ptk-cipocok 📚") == group_key("Bimlat PTK – Cipocok📚") == "bimlatptkcipocok📚"
    assert group_key("Bimlat PTK Cipocok 📚") != group_key("Bimlat PTK Cipocok 📖")


def test_copy_of_a_refused_file_is_refused_too(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    other = android(("2020-04-14 08:00", "Bu Rina", "arisan"))
    drop(program, "WhatsApp Chat with Arisan RT 05.txt", other)
    drop(program, "WhatsApp Chat with Arisan RT 05 (1).txt", other)
    report = run_ingest(program)
    first, copy = report.files
    assert (first.status, copy.status) == ("refused", "refused")
    assert first.reason.startswith("export of group 'Arisan RT 05', but program.toml says group")
    assert copy.reason == f"same content as inbox/WhatsApp Chat with Arisan RT 05 (1).txt: {first.reason}"


def test_date_order_given_later_rereads_files_whose_order_was_assumed(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK1))                       # days 06 and 07 only: undecidable
    drop(program, "WhatsApp Chat with Bimlat PTK Cipocok (1).txt", android(*WEEK2))   # shows 13/04: day first
    run_ingest(program)
    assert [r[1][:10] for r in stored(program)][:6] == ["2020-04-06"] * 4 + ["2020-04-07"] * 2
    again = run_ingest(program, date_order="MDY")
    assert again.warnings[0] == (f"inbox/{ANDROID_NAME}: read again with --date-order MDY; the store is rebuilt"
                                 " from the inbox")
    assert [f.status for f in again.files] == ["new", "new"]
    days = sorted({r[1][:10] for r in stored(program)})
    assert days == ["2020-04-06", "2020-04-07", "2020-04-13", "2020-04-14", "2020-06-04", "2020-07-04"]
    assert [f.status for f in run_ingest(program, date_order="MDY").files] == ["unchanged", "unchanged"]
    assert [f.status for f in run_ingest(program).files] == ["unchanged", "unchanged"]
