"""The whole `ingest` run: lock held throughout, out/ rebuilt exactly when an input changed."""

from __future__ import annotations

import pytest

import json
from pathlib import Path

from ingest_helpers import ANDROID_NAME, android, drop, ios, make_program, stored
from typer.testing import CliRunner

from whatsapp_ingest.cli import app
from whatsapp_ingest.pipeline import run

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
# What a person reads is checked in Indonesian, the default (English where a test asks for it).

runner = CliRunner()
WEEK = [("2020-04-06 08:15", "Bu Rina", "hadir"), ("2020-04-06 08:20", "~ Siti Aminah", "hadir PR 1"),
        ("2020-04-07 09:00", "Pak Dedi", "terima kasih")]
ROSTER = "no,name,aliases,role\n1,Rina Wulandari,Bu Rina,\n2,Siti Aminah,,\n3,Pak Dedi,,pembimbing\n"


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "out").iterdir())}


def test_rerun_with_nothing_new_skips_the_rebuild_and_keeps_every_byte(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    first = run(program)
    assert first.rebuilt and first.report.messages_new == 3
    before = outputs(tmp_path)
    again = run(program)
    assert not again.rebuilt
    assert outputs(tmp_path) == before
    assert again.results.activeness.equals(first.results.activeness)
    assert [p.name for p in again.written] == [p.name for p in first.written]


def test_a_changed_roster_rebuilds_the_whole_history(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    run(program)
    (tmp_path / "roster.csv").write_text(ROSTER.replace("Bu Rina,", ","), encoding="utf-8")
    outcome = run(program)
    assert outcome.rebuilt
    assert list(outcome.results.unknown_senders["author"]) == ["Bu Rina"]


def test_a_deleted_or_edited_output_is_written_again(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    run(program)
    before = outputs(tmp_path)
    (tmp_path / "out" / "activeness.csv").unlink()
    (tmp_path / "out" / "summary.csv").write_text("edited by hand", encoding="utf-8")
    assert run(program).rebuilt
    assert outputs(tmp_path) == before


def test_a_new_export_rebuilds(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    run(program)
    drop(program, "WhatsApp Chat with Bimlat PTK Cipocok (1).txt",
         android(*WEEK, ("2020-04-08 10:00", "Bu Rina", "hadir")))
    outcome = run(program)
    assert outcome.rebuilt and outcome.report.messages_new == 1
    assert list(outcome.results.activeness["total"]) == [2, 1]


def test_the_file_name_an_iphone_export_shows_is_kept_over_a_bare_placeholder(tmp_path: Path) -> None:
    # Android without media shows only a placeholder; the iPhone export of the same message names the
    # file, and the file name is what shows the submission: it must not be lost to the first export.
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Bu Rina", "<Media tidak disertakan>")))
    run(program)
    drop(program, "WhatsApp Chat - Bimlat PTK Cipocok.txt",
         ios(("2020-04-06 08:15:42", "Bu Rina", "\u200e<terlampir: 00000012-PR1_Rina.docx>")))
    outcome = run(program)
    assert outcome.report.messages_new == 0
    assert stored(program) == [(1, "2020-04-06 08:15:42", "Bu Rina", "attachment",
                                "\u200e<terlampir: 00000012-PR1_Rina.docx>")]
    submitted = outcome.results.submissions.set_index(["no", "task"])
    assert submitted.loc[(1, "PR.1"), "status"] == "on_time"


def test_cli_json_is_one_document_on_stdout(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    result = runner.invoke(app, ["ingest", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["messages"] == {"new": 3, "known": 0}
    # as of Tuesday 7 April (the latest message): 1 active day of the 2 elapsed each
    assert document["as_of"] == {"day": "2020-04-07", "working_days_elapsed": 2, "working_days": 19}
    assert [(p["no"], p["name"], p["possible"], p["percent"]) for p in document["participants"]] == [
        (1, "Rina Wulandari", 2, 50.0), (2, "Siti Aminah", 2, 50.0)]


def test_cli_broken_scores_csv_exits_2_with_file_and_line(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    (tmp_path / "scores.csv").write_text("no,task,score\n1,PR.1,80\n2,PR.1,delapan\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (f"kesalahan: {tmp_path / 'scores.csv'}:3: nilai 'delapan' bukan angka; tulis mis. 85 atau "
                             "85,5\n")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_roster_draft_beside_an_existing_roster(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    runner.invoke(app, ["ingest", str(tmp_path)])
    result = runner.invoke(app, ["roster", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout == (f"{tmp_path / 'roster.draft.csv'} sudah ditulis: roster.csv sudah berisi nama, jadi draf "
                             "disimpan di sebelahnya; salin yang diperlukan ke roster.csv\n")
    english = runner.invoke(app, ["roster", str(tmp_path), "--lang", "en"])
    assert english.stdout == (f"wrote {tmp_path / 'roster.draft.csv'}: roster.csv already lists people, so the draft"
                              " is beside it; copy what you need into roster.csv\n")
