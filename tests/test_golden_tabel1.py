"""Golden test: the paper's Tabel 1 from two real-looking exports through the whole pipeline.

tests/golden/tabel1/ holds the programme (program.toml, roster.csv), the exports in inbox/ (written
by make_export.py, which also says what they contain) and the expected CSVs in expected/. The
exports go through load_program → run_ingest → build_results exactly as `whatsapp-ingest ingest` does.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from whatsapp_ingest.fileio import render_csv
from whatsapp_ingest.report.csvout import plain

GOLDEN = Path(__file__).parent / "golden" / "tabel1"
_spec = importlib.util.spec_from_file_location("tabel1_make_export", GOLDEN / "make_export.py")
tabel1 = sys.modules.setdefault("tabel1_make_export", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(tabel1)

PAPER_PERCENT = [89.5, 89.5, 31.6, 78.9, 100.0, 100.0, 57.9, 63.2, 31.6, 15.8, 94.7]


def table_csv(frame: pd.DataFrame) -> bytes:
    """A result table as CSV in the default dialect, the way the expected files were written."""
    rows = ([plain(value) for value in row] for row in frame.itertuples(index=False, name=None))
    return render_csv([str(c) for c in frame.columns], rows)


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory):
    from whatsapp_ingest.figures.aggregate import build_results
    from whatsapp_ingest.store.ingest import run_ingest
    from whatsapp_ingest.programme.program import load_program

    folder = tmp_path_factory.mktemp("bimlat")
    for name in ("program.toml", "roster.csv"):
        shutil.copy(GOLDEN / name, folder / name)
    shutil.copytree(GOLDEN / "inbox", folder / "inbox")
    program = load_program(folder)
    report = run_ingest(program)
    return report, build_results(program, report.warnings)


def test_the_committed_exports_are_what_make_export_writes(tmp_path: Path) -> None:
    tabel1.write(tmp_path)
    android = tmp_path / tabel1.ANDROID_FILE
    assert android.read_bytes() == (GOLDEN / "inbox" / tabel1.ANDROID_FILE).read_bytes()
    with zipfile.ZipFile(tmp_path / tabel1.IOS_FILE) as made, zipfile.ZipFile(GOLDEN / "inbox" / tabel1.IOS_FILE) as kept:
        assert made.namelist() == kept.namelist() == ["_chat.txt"]
        assert made.read("_chat.txt") == kept.read("_chat.txt")


def test_both_exports_are_ingested(golden) -> None:
    report, _ = golden
    assert [f.status for f in report.files] == ["new", "new"]
    assert not report.refused


def test_activeness_is_tabel_1(golden) -> None:
    _, results = golden
    table = results.activeness
    assert table["no"].tolist() == list(range(1, 12))
    weeks = table[["week_1", "week_2", "week_3", "week_4"]].itertuples(index=False, name=None)
    assert list(weeks) == [tabel1.TABEL_1[no] for no in range(1, 12)]
    assert table["total"].tolist() == [17, 17, 6, 15, 19, 19, 11, 12, 6, 3, 18]
    assert table["percent"].tolist() == PAPER_PERCENT
    assert table_csv(table) == (GOLDEN / "expected" / "activeness.csv").read_bytes()


def test_decisions_dl_tdl_and_aktif_pasif(golden) -> None:
    _, results = golden
    counts = Counter(zip(results.decisions["cycle"], results.decisions["decision"]))
    assert counts == {("Siklus I", "DL"): 8, ("Siklus I", "TDL"): 3, ("Siklus II", "DL"): 6, ("Siklus II", "TDL"): 5}
    assert table_csv(results.decisions) == (GOLDEN / "expected" / "decisions.csv").read_bytes()


def test_summary_mean_is_the_exact_68_42(golden) -> None:
    _, results = golden
    summary = dict(results.summary.itertuples(index=False))
    assert (summary["mean_percent"], summary["aktif"], summary["pasif"]) == (68.42, 6, 5)
    assert table_csv(results.summary) == (GOLDEN / "expected" / "summary.csv").read_bytes()


def test_each_message_is_counted_once_across_the_two_phones(golden) -> None:
    _, results = golden
    expected = Counter((e.no, e.at.date()) for e in tabel1.events() if e.no is not None and e.kind != "system")
    for row in results.daily.itertuples(index=False):
        assert row.messages == expected[(row.no, row.date)], (row.no, row.date)


def test_who_and_what_is_not_counted(golden) -> None:
    _, results = golden
    assert results.participants["status"].tolist().count("mundur") == 3
    assert results.participants.set_index("no").loc[15, "role"] == "pembimbing"
    assert results.unknown_senders["author"].tolist() == [tabel1.UNKNOWN]
    assert results.unknown_senders["messages"].tolist() == [1]
    assert not [w for w in results.warnings if "no messages at all" in w or "first stored message" in w]
    euis = results.daily[(results.daily["no"] == 10) & (results.daily["date"] == date(2020, 4, 21))]
    assert euis["active"].tolist() == [0]   # the iOS security-code notice written under her name


def test_evidence_and_submissions(golden) -> None:
    _, results = golden
    assert len(results.evidence) == 143
    assert set(results.evidence["rule"]) <= {"pesan (mode: any)", "pengumpulan PR/TT", "pertanyaan, bukan pengumpulan"}
    assert results.evidence[results.evidence["no"] == 8]["author"].iloc[0] == tabel1.PHONE_8   # as exported
    firsts: dict[tuple[int, str], object] = {}
    for e in tabel1.events():
        for task in e.tasks:
            firsts.setdefault((e.no, task), e.at)
    for row in results.submissions.itertuples(index=False):
        at = firsts.get((row.no, row.task))
        if at is None:
            assert (row.status, row.first_submitted) == ("missing", None)
        else:
            assert row.status == ("late" if at.date() > tabel1.TASKS[row.task] else "on_time")
            assert row.first_submitted.replace(second=0) == at.replace(second=0)   # Android keeps minutes only


def test_the_demo_programme_ingests(tmp_path: Path) -> None:
    """sample_exports/bimlat-demo: an Android .txt and an overlapping iPhone .zip of two weeks."""
    from whatsapp_ingest.figures.aggregate import build_results
    from whatsapp_ingest.store.ingest import run_ingest
    from whatsapp_ingest.programme.program import load_program

    demo = Path(__file__).parent.parent / "sample_exports" / "bimlat-demo"
    folder = tmp_path / "demo"
    shutil.copytree(demo, folder, ignore=shutil.ignore_patterns("out", ".whatsapp-ingest"))
    program = load_program(folder)
    report = run_ingest(program)
    results = build_results(program, report.warnings)
    assert [f.status for f in report.files] == ["new", "new"]
    assert table_csv(results.activeness) == (
        "\ufeffno,name,week_1,week_2,total,possible,percent,status\r\n"
        "1,Nur Aini,5,5,10,10,100.0,Aktif\r\n"
        "2,Bambang Hermawan,5,3,8,10,80.0,Aktif\r\n"
        "3,Dewi Sartika,4,2,6,10,60.0,Pasif\r\n"
        "4,Fitri Handayani,5,5,10,10,100.0,Aktif\r\n"
        "5,Joko Susilo,1,3,4,10,40.0,Pasif\r\n").encode("utf-8")
    assert results.decisions["decision"].tolist() == ["DL", "DL", "DL", "DL", "TDL", "DL", "DL", "TDL", "DL", "TDL"]
    assert results.participants.set_index("no").loc[6, "status"] == "mundur"
    assert results.unknown_senders["author"].tolist() == ["+62 878-5555-0101"]
    statuses = Counter(results.submissions["status"])
    assert statuses == {"on_time": 12, "missing": 7, "late": 1}
    late = results.submissions[results.submissions["status"] == "late"]
    assert late[["no", "task"]].values.tolist() == [[5, "PR.2"]]
