"""Rule sets: the shipped files, how people write PR/TT, first match wins, and refused rule files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.ruleset import Verdict, load_rules, parse_rules, shipped_rule_sets, task_order

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
pytestmark = pytest.mark.usefixtures("english")

PTK = load_rules("bimlat-ptk", Path("."))
ABSEN = load_rules("bimlat-absen", Path("."))


def test_shipped_rule_sets_are_found_by_name() -> None:
    assert shipped_rule_sets() == ("bimlat-absen", "bimlat-ptk")
    assert PTK.mode == "any" and PTK.label == "pesan (mode: any)"
    assert ABSEN.mode == "rollcall"
    submission = ["format/template tugas", "format yang sudah diisi", "daftar/kutipan, bukan pengumpulan", "pertanyaan dengan file",
                  "janji dengan file", "pertanyaan, bukan pengumpulan", "janji, bukan pengumpulan",
                  "keluhan, bukan pengumpulan", "pengumpulan PR/TT", "file tanpa nomor tugas"]
    assert [r.name for r in PTK.rules] == ["pesan dihapus", *submission]
    # both sets recognise the same submissions (issue: bimlat-absen had no question rule)
    assert [r.name for r in ABSEN.rules] == ["pesan dihapus", "hadir di awal", "pertanyaan tentang kehadiran",
                                             "tidak hadir", "absen: hadir", *submission]


@pytest.mark.parametrize("text, task", [
    ("PR.1", "PR.1"), ("PR 1", "PR.1"), ("pr1", "PR.1"), ("PR-1", "PR.1"), ("PR ke-1", "PR.1"),
    ("PR ke 1", "PR.1"), ("Pekerjaan Rumah 1", "PR.1"), ("pekerjaan rumah ke-3 saya", "PR.3"),
    ("TT.2", "TT.2"), ("Tugas Teknis 2", "TT.2"), ("tugas teknis ke 2", "TT.2"), ("TT_4 terlampir", "TT.4"),
    ("Assalamualaikum Pak, berikut PR.5 saya", "PR.5"), ("PR: 2", "PR.2"), ("tugasteknis3", "TT.3"),
])
def test_every_way_people_write_a_task_is_recognised(text: str, task: str) -> None:
    assert PTK.classify("message", text, "") == Verdict(True, "pesan (mode: any)", "submit", (task,), "pengumpulan PR/TT")


@pytest.mark.parametrize("attachment, task", [
    ("PR1_Rina.docx", "PR.1"), ("Rina_TT2.pdf", "TT.2"), ("TUGAS TEKNIS 3 - Dedi.docx", "TT.3"),
    ("00000045-PR4_Ahmad.docx", "PR.4"),
])
def test_a_task_in_a_file_name_is_a_submission(attachment: str, task: str) -> None:
    assert PTK.classify("attachment", "", attachment).tasks == (task,)


def test_a_caption_around_a_media_placeholder_is_read() -> None:
    assert PTK.classify("media", "PR 2 saya pak", "").tasks == ("PR.2",)


def test_every_task_named_in_one_message_is_recorded_once_in_order() -> None:
    verdict = PTK.classify("message", "Berikut TT 2 dan PR.2, sekali lagi TT.2", "")
    assert verdict.tasks == ("TT.2", "PR.2")


@pytest.mark.parametrize("text", ["Apr 1 libur", "PR 2020", "sprint 3", "TTD 1 kepala madrasah", "PRO 1",
                                  "ke PR saya", "Program kerja 2"])
def test_words_that_only_look_like_tasks_are_plain_messages(text: str) -> None:
    assert PTK.classify("message", text, "") == Verdict(True, "pesan (mode: any)", "default")


def test_first_match_wins_a_question_about_a_task_is_not_a_submission() -> None:
    assert PTK.classify("message", "PR 1 dikumpulkan kapan pak?", "") == Verdict(
        True, "pesan (mode: any)", "default", (), "pertanyaan, bukan pengumpulan")
    assert PTK.classify("message", "TT 2 belum selesai pak", "").tasks == ()
    # a document whose caption asks is still a submission, and goes to the review queue
    asked = PTK.classify("attachment", "PR 1 sudah benar pak?", "PR1_Rina.docx")
    assert asked.tasks == ("PR.1",) and asked.task_rule == "pertanyaan dengan file"
    assert asked.review.startswith("a question sent with a file")    # review_en: this module reads English


def test_notices_never_count_and_deleted_messages_are_ignored() -> None:
    assert PTK.classify("system", "Kode keamanan Anda dengan Rina berubah", "") == Verdict(False, "", "notice")
    assert PTK.classify("call", "", "") == Verdict(False, "", "notice")
    assert PTK.classify("deleted", "Pesan ini telah dihapus", "") == Verdict(False, "pesan dihapus", "ignore", (),
                                                                           "pesan dihapus")


@pytest.mark.parametrize("kind", ["message", "media", "attachment", "poll", "location", "contact", "view_once"])
def test_any_own_message_counts_in_mode_any(kind: str) -> None:
    assert PTK.classify(kind, "", "") == Verdict(True, "pesan (mode: any)", "default")


def test_rollcall_counts_only_roll_call_answers() -> None:
    assert ABSEN.classify("message", "Hadir pak, Rina", "") == Verdict(True, "hadir di awal", "attend")
    assert ABSEN.classify("message", "absen dulu", "").counts
    assert ABSEN.classify("message", "Mohon maaf tidak bisa hadir", "") == Verdict(False, "tidak hadir", "absent")
    assert ABSEN.classify("message", "Selamat pagi", "") == Verdict(False, "", "default")
    # a submission is recorded but is not presence in roll-call mode
    assert ABSEN.classify("message", "PR 1 terlampir", "") == Verdict(False, "", "submit", ("PR.1",), "pengumpulan PR/TT")


def test_task_order_puts_pr_before_tt_and_numbers_in_order() -> None:
    tasks = ["TT.1", "PR.10", "X.1", "PR.2", "TT.10", "PR.1"]
    assert sorted(tasks, key=task_order) == ["PR.1", "PR.2", "PR.10", "TT.1", "TT.10", "X.1"]


GOOD_RULE = '''
[[rule]]
name = "r"
action = "submit"
pattern = 'PR(?P<n>[0-9])'
task = "PR.{n}"
'''


@pytest.mark.parametrize("text, message, line", [
    ('colour = "red"\n', "colour: unknown key", 1),
    ('[activity]\nmode = "all"\n', "activity.mode: 'all' is not a mode", 2),
    ('[activity]\nkinds = ["message", "system"]\n', "activity.kinds: 'system' is a WhatsApp notice and never counts", 2),
    ('[activity]\nkinds = ["sticker"]\n', "activity.kinds: 'sticker' is not a message kind", 2),
    ('[activity]\nlabel = 3\n', "activity.label: must be a string, not 3", 2),
    ('[[rule]]\nname = "a"\naction = "count"\npattern = "x"\n', "rule 1 (a): action: 'count' is not an action", 3),
    ('[[rule]]\nname = "a"\naction = "ignore"\npattern = "(x"\n',
     "rule 1 (a): pattern: does not compile: missing ) at position 2", 4),
    ('[[rule]]\nname = "a"\naction = "ignore"\n', "rule 1 (a): needs a pattern, kinds, or both", 1),
    ('[[rule]]\naction = "ignore"\npattern = "x"\n', "rule 1: name: missing", 1),
    (GOOD_RULE + '\n[[rule]]\nname = "b"\naction = "ignore"\npattern = "x"\nfeilds = ["text"]\n',
     "rule 2: feilds: unknown key", 12),
    ('[[rule]]\nname = "a"\naction = "attend"\npattern = "x"\nfields = ["author"]\n',
     "rule 1 (a): fields: 'author' is not a field", 5),
    ('[[rule]]\nname = "a"\naction = "submit"\npattern = "PR([0-9])"\ntask = "PR.{n}"\n',
     "rule 1 (a): task: {n} is not a named group of the pattern", 5),
    ('[[rule]]\nname = "a"\naction = "submit"\npattern = "PR(?P<n>[0-9])"\n',
     'rule 1 (a): task: missing for action "submit"', 1),
    ('[[rule]]\nname = "a"\naction = "attend"\npattern = "x"\ntask = "PR.{n}"\n',
     'rule 1 (a): task/map only belong to action "submit"', 5),
    (GOOD_RULE + '[rule.map]\n"pr" = 1\n', "rule 1 (r): map: the value of 'pr' must be a string", 7),
    ('[[rule]]\nname = "a"\naction = "attend"\npattern = "x"\nfields = []\n', "rule 1 (a): fields: empty", 5),
    (GOOD_RULE + GOOD_RULE, "rule 2: name: 'r' is also the name of rule 1", 9),
    ('[[rule]]\nname = "a"\naction = "ignore"\npattern = "x"\n[[rule]\n', "not valid TOML", 5),
])
def test_a_broken_rule_file_is_refused_with_file_key_reason_and_line(text: str, message: str, line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_rules(text, "aturan.toml")
    assert caught.value.file == "aturan.toml"
    assert caught.value.message.startswith(message)
    assert caught.value.line == line
    assert caught.value.exit_code == 1     # refused input (the issue): not 2 as for program.toml


def test_a_rule_file_path_is_relative_to_the_program_folder(tmp_path: Path) -> None:
    (tmp_path / "aturan").mkdir()
    (tmp_path / "aturan" / "kelas.toml").write_text(GOOD_RULE + '[activity]\nmode = "rollcall"\n', encoding="utf-8")
    rules = load_rules("aturan/kelas.toml", tmp_path)
    assert rules.mode == "rollcall" and rules.file == str(tmp_path / "aturan" / "kelas.toml")
    assert rules.classify("message", "PR3", "") == Verdict(False, "", "submit", ("PR.3",), "r")


def test_a_missing_rule_set_names_the_shipped_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_rules("bimlat-pkt", tmp_path, tmp_path / "program.toml")
    assert caught.value.render() == (f"{tmp_path / 'program.toml'}: rules: there is no shipped rule set named "
                                     "'bimlat-pkt'; use one of bimlat-absen, bimlat-ptk, or a path to a .toml file")
    with pytest.raises(ConfigError, match="the rule file lain.toml does not exist"):
        load_rules("lain.toml", tmp_path)


@given(prefix=st.sampled_from(["PR", "pr", "Pr", "Pekerjaan Rumah", "pekerjaan  rumah", "TT", "tt", "Tugas Teknis"]),
       sep=st.sampled_from(["", " ", ".", "-", "_", ". ", " ke-", " ke ", " ke"]),
       n=st.integers(min_value=1, max_value=99),
       before=st.sampled_from(["", "Berikut ", "Assalamualaikum pak, ", "(", "Rina_"]),
       after=st.sampled_from(["", " saya", ".docx", " terlampir", ")", "_Rina.pdf"]))
def test_property_a_task_written_any_way_is_that_task(prefix: str, sep: str, n: int, before: str, after: str) -> None:
    kind = "PR" if prefix.casefold().startswith("p") else "TT"
    verdict = PTK.classify("message", f"{before}{prefix}{sep}{n}{after}", "")
    assert verdict.tasks == (f"{kind}.{n}",)


# ---- The eight failure classes of issue 13, in both rule sets --------------------------------------

BOTH = pytest.mark.parametrize("rules", [PTK, ABSEN], ids=["bimlat-ptk", "bimlat-absen"])


@pytest.mark.parametrize("text", ["Presensi: Ahmad Fauzi, SDN Kasemen 2", "Absensi Dedi hadir", "Hadiir 🙏🏻",
                                  "Sampurasun. Hadir", "Nuwun sewu pak, hadir",
                                  "Hadir bu, mohon maaf kemarin tdk bisa hadir"])
def test_roll_calls_written_presensi_absensi_or_after_a_greeting_are_present(text: str) -> None:
    assert ABSEN.classify("message", text, "").counts


@pytest.mark.parametrize("text", ["Mohon maaf bu, sy tidak dapat hadir krn rapat", "Izin bu, berhalangan hadir hari ini",
                                  "Punten bu, hari ini wajib hadir bu?", "Ngapunten pak, kulo mboten saged hadir",
                                  "Pak presensi e sampai jam berapa nggih"])
def test_absence_and_questions_about_attendance_are_not_present(text: str) -> None:
    assert not ABSEN.classify("message", text, "").counts


@BOTH
@pytest.mark.parametrize("kind, text, attachment", [
    ("message", "Yang sudah kirim PR1:\n1. Siti ✅\n2. Rina ✅", ""),
    ("message", "Sing sampun ngirim PR 1:\n1. Sri ✅", ""),
    ("message", "> PR 2: Buatlah analisis hasil observasi\nitu di kelas sendiri bu", ""),
    ("attachment", "", "Format PR 2.docx"),
    ("message", "PR 2 nya susah bu 😅", ""),
    ("message", "PR 3 dikumpulkan kapan ya bu 🙏", ""),
    ("message", "Bu Euis, PR 2 nya sudah masuk? 🙂", ""),
    ("message", "Bu PR 1 nya dikirim di grup atau japri", ""),
    ("message", "PR 1 segera saya kirim bu", ""),
    ("message", "Izin bu, PR 2 nya menyusul ya", ""),
    ("message", "Mhn maaf bu PR 1 sedang dikerjakan", ""),
])
def test_naming_a_task_without_sending_it_is_not_a_submission(rules, kind: str, text: str, attachment: str) -> None:
    assert rules.classify(kind, text, attachment).tasks == ()


@BOTH
def test_belum_does_not_swallow_a_real_submission(rules) -> None:
    verdict = rules.classify("attachment", "Mohon maaf masih belum sempurna bu 🙏", "PR1_Dedi.docx")
    assert verdict.tasks == ("PR.1",) and verdict.task_rule == "pengumpulan PR/TT" and not verdict.review


@BOTH
@pytest.mark.parametrize("text, tasks", [
    ("PR 1 dan 2 sekalian pak", ("PR.1", "PR.2")), ("PR kedua Sri", ("PR.2",)), ("TT 01 Rina", ("TT.1",)),
    ("PR ke-4 Endang", ("PR.4",)), ("PR 3, TT 1, PR 4 Nur", ("PR.3", "TT.1", "PR.4")), ("PR 04 Sri", ("PR.4",)),
    ("PR 2 dan TT 1 saya", ("PR.2", "TT.1")), ("Pekerjaan rumah pertama", ("PR.1",)), ("PR II Rina", ("PR.2",)),
    ("PR ke dua", ("PR.2",)), ("PR 1-2 sekalian", ("PR.1", "PR.2")), ("PR 2 - 2024", ("PR.2",)),
])
def test_several_tasks_and_every_numbering(rules, text: str, tasks: tuple[str, ...]) -> None:
    assert rules.classify("media", text, "").tasks == tasks


def test_one_message_attends_and_submits() -> None:
    verdict = ABSEN.classify("message", "Hadir bu, sekalian setor PR 2", "")
    assert verdict == Verdict(True, "hadir di awal", "submit", ("PR.2",), "pengumpulan PR/TT")


@BOTH
def test_uncertain_sends_carry_a_review_reason(rules) -> None:
    promise = rules.classify("attachment", "PR 3 nya menyusul bu, ini baru sebagian", "PR3_Dedi.docx")
    assert promise.tasks == ("PR.3",) and promise.review_rule == "janji dengan file"
    filled = rules.classify("attachment", "", "Format PR 2 Rina.docx")
    assert filled.tasks == ("PR.2",) and filled.review_rule == "format yang sudah diisi"
    unnamed = rules.classify("attachment", "", "Tugas_Ahmad Fauzi.docx")
    assert unnamed.tasks == () and unnamed.review == "a file without a task number: which task was sent?"   # review_en


def test_a_task_pattern_that_misses_its_example_is_refused_with_the_line() -> None:
    text = '[tasks]\npattern = \'PR(?P<n>[0-9])\'\ntask = "PR.{n}"\nexamples = ["PR1", "PR 1"]\n'
    with pytest.raises(ConfigError) as caught:
        parse_rules(text, "aturan.toml")
    assert caught.value.render() == ("aturan.toml:4: tasks.examples: the pattern finds no task in 'PR 1'; "
                                     "correct the pattern, or the example")
    assert caught.value.exit_code == 1


def test_a_rule_example_its_pattern_does_not_find_is_refused_with_the_line() -> None:
    text = '[[rule]]\nname = "tanya"\naction = "mention"\npattern = \'\\?$\'\nexamples = ["kapan bu"]\n'
    with pytest.raises(ConfigError) as caught:
        parse_rules(text, "aturan.toml")
    assert caught.value.render() == ("aturan.toml:5: rule 1 (tanya): examples: the pattern does not find 'kapan bu'; "
                                     "correct the pattern, or the example")


@given(st.sampled_from(["PR", "pr", "TT", "Tugas Teknis", "Pekerjaan Rumah"]), st.integers(1, 19),
       st.lists(st.integers(1, 9), min_size=1, max_size=3), st.sampled_from([" dan ", ", ", " & ", " sama ", "+"]),
       st.sampled_from(["", "Berikut ", "Hadir bu, sekalian "]), st.sampled_from(["", " saya bu 🙏", "_Rina.docx"]))
def test_property_a_list_of_numbers_names_every_task_once_in_order(kind: str, first: int, more: list[int], sep: str,
                                                                   before: str, after: str) -> None:
    prefix = "TT" if kind.lower() in ("tt", "tugas teknis") else "PR"
    text = before + kind + " " + str(first) + "".join(sep + str(n) for n in more) + after
    expected = tuple(dict.fromkeys(f"{prefix}.{n}" for n in [first, *more]))
    for rules in (PTK, ABSEN):
        assert rules.classify("media", text, "").tasks == expected
