"""The review queue (periksa.csv, sheet Periksa), koreksi.csv, sends on someone's behalf, late
re-sends, `explain`/`jelaskan`, and broken rule files through the command line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program
from openpyxl import load_workbook
from typer.testing import CliRunner

from whatsapp_ingest.cli import app
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.corrections import read_corrections

runner = CliRunner()
ROSTER = ("no,name,aliases,role\n1,Rina Wulandari,Bu Rina,\n2,Siti Aminah,,\n3,Neneng Hasanah,,\n"
          "4,Yanti Rohayati,,pembimbing\n")
TASKS = '[[tasks]]\nid = "PR.1"\ndue = 2020-04-08\n[[tasks]]\nid = "PR.2"\ndue = 2020-04-15\n'
CHAT = [
    ("2020-04-06 07:00", "Bu Rina", "Hadir bu, sekalian setor PR 1 🙏"),
    ("2020-04-06 08:00", "Siti Aminah", "PR 1 dikumpulkan kapan bu"),
    ("2020-04-07 09:00", "Siti Aminah", "izin kirimkan tugas bu Neneng, HP nya rusak. PR 1 nya"),
    ("2020-04-07 10:00", "Siti Aminah", "Yang sudah kirim PR 1:\n1. Rina ✅\n2. Neneng ✅"),
    ("2020-04-10 11:00", "Bu Rina", "Revisi PR 1 bu"),
    ("2020-04-13 09:00", "Siti Aminah", "PR 2 segera saya kirim"),
    ("2020-04-14 09:00", "Siti Aminah", "PR 2 nya saya kirim di sini ya bu?"),
]


def program(tmp_path: Path, chat=CHAT):
    prog = make_program(tmp_path / "bimlat", ROSTER, TASKS)
    drop(prog, ANDROID_NAME, android(*chat))
    return prog


def table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_uncertain_messages_go_to_periksa_csv_and_the_sheet_with_a_reason(tmp_path: Path) -> None:
    prog = program(tmp_path)
    result = runner.invoke(app, ["ingest", str(prog.folder)])
    assert result.exit_code == 0, result.output
    queue = table(prog.out / "periksa.csv")
    assert [(r["no"], r["name"], r["tasks"], r["rule"], r["reason"]) for r in queue] == [
        ("3", "Neneng Hasanah", "PR.1", "atas nama peserta lain",
         "dikirim oleh Siti Aminah atas nama Neneng Hasanah: dihitung untuk Neneng Hasanah"),
        ("1", "Rina Wulandari", "PR.1", "kirim ulang setelah batas waktu",
         "PR.1 dikirim ulang setelah batas waktu 2020-04-08; status dihitung dari kiriman pertama (2020-04-06)"),
    ]
    assert "2 pesan perlu diperiksa: lihat periksa.csv (lembar Periksa)" in result.stdout
    sheet = load_workbook(prog.out / "rekap.xlsx")["Periksa"]
    assert sheet["A1"].value.startswith("Perlu diperiksa")
    assert [c.value for c in sheet[3]][:3] == [queue[0]["id"], 3, "Neneng Hasanah"]
    status = {(r["name"], r["task"]): r["status"] for r in table(prog.out / "submissions.csv")}
    # the on-behalf send counts for Neneng, not for Siti; the list, question and promise count for no one
    # (PR.2 is due after the last message: not due yet)
    assert status == {("Rina Wulandari", "PR.1"): "on_time", ("Rina Wulandari", "PR.2"): "not_due",
                      ("Siti Aminah", "PR.1"): "missing", ("Siti Aminah", "PR.2"): "not_due",
                      ("Neneng Hasanah", "PR.1"): "on_time", ("Neneng Hasanah", "PR.2"): "not_due"}


def test_koreksi_csv_is_applied_at_the_next_ingest_and_says_so(tmp_path: Path) -> None:
    prog = program(tmp_path)
    runner.invoke(app, ["ingest", str(prog.folder)])
    behalf, resend = table(prog.out / "periksa.csv")
    (prog.folder / "koreksi.csv").write_text(
        f"id,tugas,no,catatan\n{behalf['id']},PR.1,2,ternyata tugas bu Siti sendiri\n{resend['id']},,,benar revisi\n",
        encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(prog.folder)])
    assert result.exit_code == 0, result.output
    assert "koreksi.csv: 2 koreksi diterapkan" in result.stdout.splitlines()
    assert table(prog.out / "periksa.csv") == []
    status = {(r["name"], r["task"]): r["status"] for r in table(prog.out / "submissions.csv")}
    assert status[("Siti Aminah", "PR.1")] == "on_time" and status[("Neneng Hasanah", "PR.1")] == "missing"


@pytest.mark.parametrize("text, message", [
    ("id,tugas\nxyz,PR.1\n", "koreksi.csv:2: id 'xyz' bukan id pesan dari periksa.csv; tulis baris judul id,tugas,no,catatan "
                             "(lihat docs/rules.md, koreksi.csv)"),
    ("id,tugas\nabcdef12,PR 1\n", "koreksi.csv:2: 'PR' bukan nama tugas; tulis tugas seperti di submissions.csv (PR.2 TT.1), "
                                  "atau - jika bukan tugas"),
    ("id,no\nabcdef12,dua\n", "koreksi.csv:2: no 'dua' bukan nomor peserta; tulis nomor peserta dari roster.csv, atau "
                              "biarkan kosong"),
    ("catatan\nx\n", "koreksi.csv:1: baris judul harus memuat kolom id dan tugas atau no; tulis baris judul "
                     "id,tugas,no,catatan (lihat docs/rules.md, koreksi.csv)"),
])
def test_a_bad_koreksi_row_is_refused_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "koreksi.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_corrections(path)
    assert caught.value.render() == str(tmp_path / message)


def test_explain_shows_every_day_and_task_with_message_and_rule(tmp_path: Path) -> None:
    prog = program(tmp_path)
    runner.invoke(app, ["ingest", str(prog.folder)])
    result = runner.invoke(app, ["jelaskan", str(prog.folder), "neneng"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "3 Neneng Hasanah: setiap hari kerja dan tugas, dengan pesan dan aturan yang menentukannya"
    assert lines[3] == "  2020-04-06  minggu 1  aktif: tidak  tidak ada pesan"
    tasks = lines[lines.index("Tugas") + 1:]
    assert tasks[0].startswith("  PR.1   tepat waktu    2020-04-07 09:00  izin kirimkan tugas bu Neneng")
    assert tasks[0].endswith("[pengumpulan PR/TT]  dikirim oleh Siti Aminah  perlu diperiksa: dikirim oleh Siti Aminah "
                             "atas nama Neneng Hasanah: dihitung untuk Neneng Hasanah")
    assert tasks[1] == "  PR.2   belum jatuh tempo"
    english = runner.invoke(app, ["explain", str(prog.folder), "1", "--lang", "en"])
    assert english.stdout.splitlines()[3] == "  2020-04-06  week 1  active: yes    07:00  Hadir bu, sekalian setor PR 1 🙏  [a message of their own]"


def test_explain_names_an_unknown_or_ambiguous_participant_in_one_line(tmp_path: Path) -> None:
    prog = program(tmp_path)
    runner.invoke(app, ["ingest", str(prog.folder)])
    unknown = runner.invoke(app, ["explain", str(prog.folder), "Budi"])
    assert unknown.exit_code == 1
    assert unknown.stderr == (f"kesalahan: {prog.folder / 'roster.csv'}: tidak ada peserta bernama 'Budi'; tulis nomor atau "
                              "nama peserta seperti di roster.csv\n")
    both = runner.invoke(app, ["explain", str(prog.folder), "a"])
    assert both.exit_code == 1
    assert both.stderr.startswith(f"kesalahan: {prog.folder / 'roster.csv'}: 'a' cocok dengan beberapa peserta: 1 Rina Wulandari")
    empty = make_program(tmp_path / "kosong")
    nothing = runner.invoke(app, ["explain", str(empty.folder), "1"])
    assert nothing.exit_code == 1
    assert nothing.stderr == (f"kesalahan: {empty.folder}: belum ada ekspor yang dibaca; taruh ekspor di inbox/ lalu "
                              "jalankan whatsapp-ingest ingest dulu\n")


# The whole line, in Indonesian (the default): keys and values the supervisor types stay as written.
@pytest.mark.parametrize("rules, message", [
    ('[[rule]]\nname = "a"\naction = "mention"\npattern = "(x"\n',
     "aturan.toml:4: aturan 1 (a): pattern: tidak dapat dibaca sebagai ekspresi reguler: missing ) at position 2; "
     "perbaiki ekspresi reguler (regular expression) tersebut"),
    ('[[rule]]\nname = "a"\naction = "mention"\npattern = "x"\nreveiw = "?"\n',
     "aturan.toml:5: aturan 1: reveiw: kunci tidak dikenal; kunci yang dikenal di sini: action, examples, fields, kinds, "
     "map, name, pattern, review, review_en, task"),
    ('[tasks]\npattern = \'PR(?P<n>[0-9])\'\ntask = "PR.{n}"\nexamples = ["PR 1"]\n',
     "aturan.toml:4: tasks.examples: pattern tidak menemukan tugas dalam 'PR 1'; perbaiki pattern, atau contohnya"),
    ('[activity]\nmode = "semua"\n',
     "aturan.toml:2: activity.mode: 'semua' bukan mode yang dikenal; gunakan \"any\" atau \"rollcall\""),
    ('[[rule]]\nname = "a"\naction = "hitung"\npattern = "x"\n',
     "aturan.toml:3: aturan 1 (a): action: 'hitung' bukan tindakan yang dikenal; "
     "gunakan \"ignore\", \"attend\", \"absent\", \"submit\" atau \"mention\""),
    ('[[rule]]\nname = "a"\naction = "ignore"\npattern = "x"\n[[rule]]\nname = "a"\naction = "ignore"\npattern = "y"\n',
     "aturan.toml:6: aturan 2: name: 'a' sudah dipakai sebagai nama aturan 1; "
     "beri setiap aturan nama sendiri (nama itu ditampilkan sebagai bukti)"),
    ('[[rule]]\nname = "a"\naction = "submit"\npattern = "PR([0-9])"\ntask = "PR.{n}"\n',
     "aturan.toml:5: aturan 1 (a): task: {n} bukan grup bernama dalam pattern; "
     "beri nama sebuah grup dalam pattern, misalnya (?P<n>[0-9]+)"),
])
def test_a_broken_rule_file_stops_ingest_with_its_file_and_line_exit_1(tmp_path: Path, rules: str, message: str) -> None:
    prog = make_program(tmp_path / "bimlat", ROSTER, 'rules = "aturan.toml"\n')
    (prog.folder / "aturan.toml").write_text(rules, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(prog.folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"kesalahan: {prog.folder / message}"]


def test_a_rerun_from_the_record_and_json_still_show_the_queue(tmp_path: Path) -> None:
    import json

    prog = program(tmp_path)
    runner.invoke(app, ["ingest", str(prog.folder)])
    again = runner.invoke(app, ["ingest", str(prog.folder)])       # nothing new: results from the record
    assert "2 pesan perlu diperiksa: lihat periksa.csv (lembar Periksa)" in again.stdout
    document = json.loads(runner.invoke(app, ["ingest", str(prog.folder), "--json"]).stdout)
    assert [(r["no"], r["rule"]) for r in document["review"]] == [(3, "atas nama peserta lain"),
                                                                  (1, "kirim ulang setelah batas waktu")]
    assert document["notices"] == []


def test_a_correction_reaches_every_copy_of_a_message_sent_twice_in_one_minute() -> None:
    from datetime import date, datetime

    import pandas as pd

    from whatsapp_ingest.figures.aggregate import compute
    from whatsapp_ingest.programme.corrections import Correction
    from whatsapp_ingest.programme.program import Program, Task
    from whatsapp_ingest.programme.roster import Participant
    from whatsapp_ingest.programme.ruleset import load_rules

    at = datetime(2020, 4, 6, 9, 0)
    frame = pd.DataFrame([[1, at, "Rina", "Rina", "attachment", "", "Tugas Rina.docx", False, "", "", "c.txt", n]
                          for n in (1, 2)],
                         columns=["no", "timestamp", "author", "raw_author", "kind", "text", "attachment", "edited",
                                  "notice", "details", "file", "line"])
    frame["no"] = frame["no"].astype("Int64")
    frame["timestamp"] = frame["timestamp"].astype("datetime64[ns]")
    prog = Program(folder=Path("p"), name="P", group="G", start=date(2020, 4, 6), end=date(2020, 4, 10),
                   tasks=(Task("PR.1", date(2020, 4, 8)),))
    people = [Participant(1, "Rina")]
    rules = load_rules("bimlat-ptk", Path("."))
    queued = compute(prog, rules, frame, people)
    assert len(queued.review) == 2 and queued.review["id"].nunique() == 1
    fixed = compute(prog, rules, frame, people, corrections=[Correction(queued.review["id"][0], ("PR.1",), None, "", 2)])
    assert fixed.review.empty and fixed.notices == ("koreksi.csv: 1 koreksi diterapkan",)
    assert fixed.submissions[["task", "status", "submissions"]].values.tolist() == [["PR.1", "on_time", 2]]
