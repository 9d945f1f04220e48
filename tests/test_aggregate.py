"""Aggregation on message frames built in the test (no store): Tabel 1, overrides, rounding, tasks."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from whatsapp_ingest.figures.aggregate import compute, percent, reaches
from whatsapp_ingest.programme.calendar import Override
from whatsapp_ingest.programme.roster import Participant
from whatsapp_ingest.programme.program import Cycle, Decision, Program, Task
from whatsapp_ingest.programme.ruleset import load_rules

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
# What a person reads is checked in Indonesian, the default (English where a test asks for it).

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("tabel1_make_export", HERE / "golden" / "tabel1" / "make_export.py")
tabel1 = sys.modules.setdefault("tabel1_make_export", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(tabel1)

PTK = load_rules("bimlat-ptk", HERE)
PAPER_PERCENT = [89.5, 89.5, 31.6, 78.9, 100.0, 100.0, 57.9, 63.2, 31.6, 15.8, 94.7]
COLUMNS = ["no", "timestamp", "author", "raw_author", "kind", "text", "attachment", "edited", "notice", "details",
           "file", "line"]
PROGRAM = Program(folder=Path("prog"), name="Bimlat PTK", group="Bimlat PTK Cipocok", start=date(2020, 4, 6),
                  end=date(2020, 4, 30), cycles=(Cycle("Siklus I", (1, 2)), Cycle("Siklus II", (3, 4))),
                  tasks=tuple(Task(t, due) for t, due in tabel1.TASKS.items()))


def roster() -> list[Participant]:
    people = [Participant(no, name) for no, name in tabel1.NAMES.items() if no <= 11]
    people += [Participant(no, tabel1.NAMES[no], status="mundur") for no in (12, 13, 14)]
    people.append(Participant(15, tabel1.NAMES[15], role="pembimbing", extra=(("madrasah", "Pengawas"),)))
    return people[::-1]   # any order in, ordered by no out


def frame(rows: list[tuple]) -> pd.DataFrame:
    """A store-shaped frame from (no, timestamp, author, kind, text, attachment) tuples."""
    data = [[no, at, author, author, kind, text, attachment, False, "", "", "chat.txt", i + 1]
            for i, (no, at, author, kind, text, attachment) in enumerate(rows)]
    out = pd.DataFrame(data, columns=COLUMNS)
    out["no"] = out["no"].astype("Int64")
    out["timestamp"] = out["timestamp"].astype("datetime64[ns]")
    return out


def tabel1_frame() -> pd.DataFrame:
    """The golden chat as the store holds it (each message once); iOS notices under a name keep that name."""
    rows = []
    for e in tabel1.events():
        author = e.author or (tabel1.NAMES[e.no] if e.no else "")
        no = e.no
        if e.kind == "system" and e.author in tabel1.NAMES.values():
            no = next(k for k, v in tabel1.NAMES.items() if v == e.author)   # resolved, but a notice
        rows.append((no, e.at, author, e.kind, e.text, e.attachment))
    return frame(rows)


@pytest.fixture(scope="module")
def paper():
    return compute(PROGRAM, PTK, tabel1_frame(), roster(), warnings=("from ingest",))


def test_the_generated_chat_holds_tabel_1_week_by_week() -> None:
    weeks = [tabel1.W1, tabel1.W2, tabel1.W3, tabel1.W4]
    assert {no: tuple(len(days & set(w)) for w in weeks) for no, days in tabel1.ACTIVE.items()} == tabel1.TABEL_1


def test_tabel_1_activeness_is_the_papers(paper) -> None:
    table = paper.activeness
    assert list(table.columns) == ["no", "name", "week_1", "week_2", "week_3", "week_4", "total", "possible",
                                   "percent", "status"]
    assert table["no"].tolist() == list(range(1, 12))
    assert [tuple(r) for r in table[["week_1", "week_2", "week_3", "week_4"]].itertuples(index=False)] == \
        [tabel1.TABEL_1[no] for no in range(1, 12)]
    assert table["total"].tolist() == [17, 17, 6, 15, 19, 19, 11, 12, 6, 3, 18]
    assert table["possible"].tolist() == [19] * 11
    assert table["percent"].tolist() == PAPER_PERCENT
    assert table["status"].value_counts().to_dict() == {"Aktif": 6, "Pasif": 5}


def test_tabel_1_decisions_and_summary(paper) -> None:
    decisions = paper.decisions
    assert list(decisions.columns) == ["no", "name", "cycle", "active_days", "possible_days", "percent", "decision",
                                       "final"]
    assert set(decisions["final"]) == {"yes"}   # the programme is over: every decision is final
    first = decisions[decisions["cycle"] == "Siklus I"]
    assert first["decision"].tolist() == ["DL", "DL", "TDL", "DL", "DL", "DL", "DL", "DL", "TDL", "TDL", "DL"]
    assert first["possible_days"].tolist() == [10] * 11
    second = decisions[decisions["cycle"] == "Siklus II"]
    assert second["percent"].tolist() == PAPER_PERCENT   # cumulative: start to the end of the cycle
    assert [type(v) for v in paper.summary["value"]] == [int] * 4 + [float] + [int] * 6 + [str, int]
    assert dict(paper.summary.itertuples(index=False)) == {
        "participants": 11, "withdrawn": 3, "working_days": 19, "weeks": 4, "mean_percent": 68.42,
        "aktif": 6, "pasif": 5, "Siklus I DL": 8, "Siklus I TDL": 3, "Siklus II DL": 6, "Siklus II TDL": 5,
        "as_of": "2020-04-30", "working_days_elapsed": 19}


def test_cycle_basis_takes_only_the_cycles_own_days() -> None:
    program = replace(PROGRAM, decision=Decision(basis="cycle"))
    results = compute(program, PTK, tabel1_frame(), roster())
    second = results.decisions[results.decisions["cycle"] == "Siklus II"]
    assert second["active_days"].tolist() == [9, 9, 0, 5, 9, 9, 1, 2, 0, 0, 9]
    assert second["possible_days"].tolist() == [9] * 11
    assert second["decision"].tolist().count("DL") == 5


def test_who_is_not_counted_and_what_does_not_count(paper) -> None:
    assert paper.participants["no"].tolist() == list(range(1, 16))
    assert paper.participants.loc[14, ["role", "madrasah"]].tolist() == ["pembimbing", "Pengawas"]
    assert paper.participants["status"].tolist().count("mundur") == 3
    daily = paper.daily
    assert len(daily) == 11 * 19 and list(daily.columns) == ["no", "name", "date", "week", "messages", "active"]
    euis = daily[daily["no"] == 10].set_index("date")
    assert euis.loc[date(2020, 4, 21), ["messages", "active"]].tolist() == [0, 0]   # iOS notice under her name
    nur = daily[daily["no"] == 3].set_index("date")
    assert nur.loc[date(2020, 4, 14), ["messages", "active"]].tolist() == [1, 0]    # a deleted message
    assert paper.unknown_senders.values.tolist() == [
        [tabel1.UNKNOWN, 1, datetime(2020, 4, 16, 15, 20, 18), datetime(2020, 4, 16, 15, 20, 18), ""]]   # no one close


def test_evidence_is_the_first_message_that_counted_each_day(paper) -> None:
    evidence = paper.evidence
    assert list(evidence.columns) == ["no", "name", "date", "time", "author", "text", "rule"]
    assert len(evidence) == 17 + 17 + 6 + 15 + 19 + 19 + 11 + 12 + 6 + 3 + 18
    first = tabel1_frame()
    first = first[(first["no"] == 10) & (first["kind"] != "system")].iloc[0]
    assert evidence[evidence["no"] == 10].iloc[0].tolist() == [
        10, "Euis Kurniasih", date(2020, 4, 6), first["timestamp"].strftime("%H:%M"), "Euis Kurniasih",
        first["text"], "pesan (mode: any)"]
    assert set(evidence["rule"]) <= {"pesan (mode: any)", "pengumpulan PR/TT", "pertanyaan, bukan pengumpulan"}


def test_submissions_on_time_late_missing(paper) -> None:
    subs = paper.submissions
    assert list(subs.columns) == ["no", "name", "task", "status", "first_submitted", "submissions"]
    assert len(subs) == 11 * 10
    expected = {}
    for e in tabel1.events():
        for task in e.tasks:
            expected.setdefault((e.no, task), []).append(e.at)
    for row in subs.itertuples(index=False):
        seen = expected.get((row.no, row.task))
        if seen is None:
            assert (row.status, row.first_submitted, row.submissions) == ("missing", None, 0)
        else:
            late = min(seen).date() > tabel1.TASKS[row.task]
            assert (row.status, row.first_submitted, row.submissions) == ("late" if late else "on_time", min(seen), len(seen))
    assert set(subs["status"]) == {"on_time", "late", "missing"}


def test_without_declared_tasks_the_tasks_seen_are_listed_pr_before_tt() -> None:
    results = compute(replace(PROGRAM, tasks=()), PTK, tabel1_frame(), roster())
    assert results.submissions["task"].drop_duplicates().tolist() == [
        "PR.1", "PR.2", "PR.3", "PR.4", "PR.5", "TT.1", "TT.2", "TT.3", "TT.4", "TT.5"]
    assert set(results.submissions[results.submissions["first_submitted"].notna()]["status"]) == {"on_time"}


def test_an_undeclared_task_is_a_warning() -> None:
    program = replace(PROGRAM, tasks=(Task("PR.1", date(2020, 4, 8)),))
    results = compute(program, PTK, tabel1_frame(), roster())
    named = sum("PR.2" in e.tasks for e in tabel1.events())
    assert named > 0
    assert f"{named} pesan menyebut PR.2, yang bukan tugas di program.toml; tambahkan di bawah [[tasks]] atau " \
           "perbaiki aturannya" == results.warnings[0]


def test_overrides_h_i_s_a(paper) -> None:
    overrides = (Override(10, date(2020, 4, 9), "H", "hadir lewat telepon", 2),   # silent day → active
                 Override(10, date(2020, 4, 6), "A", "", 3),                      # counted day → not active
                 Override(9, date(2020, 4, 7), "S", "sakit", 4),                  # silent day → not possible
                 Override(9, date(2020, 4, 8), "I", "izin rapat", 5),             # active day → not possible
                 Override(15, date(2020, 4, 8), "H", "", 6), Override(99, date(2020, 4, 8), "H", "", 7))
    results = compute(PROGRAM, PTK, tabel1_frame(), roster(), overrides, warnings=("from ingest",))
    rows = results.activeness.set_index("no")
    assert rows.loc[10, ["week_1", "total", "possible", "percent", "status"]].tolist() == [3, 3, 19, 15.8, "Pasif"]
    assert rows.loc[9, ["week_1", "total", "possible", "percent"]].tolist() == [3, 5, 17, 29.4]
    h = results.evidence[(results.evidence["no"] == 10) & (results.evidence["date"] == date(2020, 4, 9))]
    assert h.iloc[0].tolist()[3:] == ["", "", "hadir lewat telepon", "overrides.csv: H"]
    assert results.warnings == (
        "from ingest",
        "overrides.csv:6: peserta 15 (Drs. H. Mulyadi, M.Pd) tidak dihitung (pembimbing, aktif); baris ini diabaikan",
        "overrides.csv:7: peserta 99 tidak ada di roster; baris ini diabaikan")
    first_cycle = results.decisions[(results.decisions["no"] == 9) & (results.decisions["cycle"] == "Siklus I")]
    assert first_cycle[["active_days", "possible_days"]].values.tolist() == [[5, 8]]


def test_rounding_is_half_up_and_the_threshold_compares_the_exact_ratio() -> None:
    assert percent(3, 19) == 15.8 and percent(17, 19) == 89.5 and percent(19, 19) == 100.0
    assert percent(1, 2000) == 0.1 and percent(1, 40) == 2.5 and percent(3, 8) == 37.5
    assert percent(1, 3) == 33.3 and percent(2, 3) == 66.7
    assert percent(1399, 2000) == 70.0 and not reaches(1399, 2000, 70)   # 69.95 shows as 70.0 but is below
    assert reaches(7, 10, 70) and reaches(7, 10, 70.0) and not reaches(7, 10, 70.01)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 400), st.integers(1, 400), st.decimals(0, 100, places=2))
def test_the_threshold_compares_the_exact_ratio_with_the_decimal_written(active: int, possible: int,
                                                                        written: Decimal) -> None:
    """reaches() in integers is the comparison of exact fractions: active / possible × 100 >= the
    threshold as written in program.toml (62.5 is 125/2, not the float nearest to it)."""
    threshold = float(written)
    assert reaches(active, possible, threshold) == (Fraction(active * 100, possible) >= Fraction(str(written)))


def test_gap_warnings_and_an_empty_store() -> None:
    rows = [(15, datetime(2020, 4, 7, 7, 30), "Mulyadi", "message", "pagi", ""),
            (None, datetime(2020, 4, 8, 9, 0), "", "system", "Tati keluar", ""),
            (15, datetime(2020, 4, 10, 7, 30), "Mulyadi", "message", "pagi", "")]
    results = compute(PROGRAM, PTK, frame(rows), roster())
    assert results.warnings == (
        "pesan tersimpan yang pertama bertanggal 2020-04-07, sesudah awal program 2020-04-06: apakah ada ekspor yang "
        "lebih lama yang belum dimasukkan? (WhatsApp hanya mengekspor paling banyak 40.000 pesan terbaru)",
        "tidak ada pesan sama sekali pada 2020-04-09 (hari kerja): apakah ada ekspor yang belum dimasukkan?")
    empty = compute(PROGRAM, PTK, frame([]), roster())
    assert empty.warnings == ("belum ada pesan yang tersimpan: simpan berkas ekspor grup di folder inbox",)
    assert empty.activeness["total"].tolist() == [0] * 11 and empty.activeness["percent"].tolist() == [0.0] * 11
    assert len(empty.evidence) == 0 and len(empty.unknown_senders) == 0
    assert dict(empty.summary.itertuples(index=False))["mean_percent"] == 0.0


def test_rollcall_mode_counts_only_roll_call_answers() -> None:
    rows = [(1, datetime(2020, 4, 6, 8, 0), "Ahmad Fauzi", "message", "Selamat pagi pak", ""),
            (1, datetime(2020, 4, 7, 8, 0), "Ahmad Fauzi", "message", "Hadir pak", ""),
            (1, datetime(2020, 4, 8, 8, 0), "Ahmad Fauzi", "message", "Maaf tidak bisa hadir", ""),
            (1, datetime(2020, 4, 9, 8, 0), "Ahmad Fauzi", "attachment", "", "PR1_Ahmad.docx")]
    results = compute(PROGRAM, load_rules("bimlat-absen", HERE), frame(rows), roster())
    daily = results.daily[results.daily["no"] == 1].head(4)
    assert daily[["messages", "active"]].values.tolist() == [[1, 0], [1, 1], [1, 0], [1, 0]]
    assert results.evidence.iloc[0].tolist()[2:] == [date(2020, 4, 7), "08:00", "Ahmad Fauzi", "Hadir pak", "hadir di awal"]
    ahmad = results.submissions[(results.submissions["no"] == 1) & (results.submissions["task"] == "PR.1")]
    assert ahmad["status"].tolist() == ["late"]


def test_no_possible_day_gives_no_percent_and_a_warning() -> None:
    overrides = tuple(Override(1, d, "I", "", i) for i, d in enumerate(
        [d for w in (tabel1.W1, tabel1.W2, tabel1.W3, tabel1.W4) for d in w], start=2))
    results = compute(PROGRAM, PTK, frame([]), roster(), overrides)
    row = results.activeness.iloc[0]
    assert (row["possible"], row["status"]) == (0, "") and pd.isna(row["percent"])
    assert "participant 1 (Ahmad Fauzi) has no possible working day (every day izin/sakit): no percent or status" \
        in results.warnings


def parsed_frame(text: str, no: int = 1) -> pd.DataFrame:
    """A store-shaped frame of a parsed export (details as the store keeps them), every row participant `no`'s."""
    import json

    from whatsapp_ingest.export.parse import parse_text

    data = [[no, m.timestamp, m.author, m.raw_author, m.kind.value, m.text, m.attachment, m.edited, m.notice,
             json.dumps(dict(m.details)) if m.details else "", "chat.txt", m.line]
            for m in parse_text(text, "chat.txt").messages]
    out = pd.DataFrame(data, columns=COLUMNS)
    out["no"] = out["no"].astype("Int64")
    out["timestamp"] = out["timestamp"].astype("datetime64[ns]")
    return out


IPHONE_CAPTIONS = ("[07/04/20 08.00.00] Ahmad Fauzi: \u200e<attached: 00000012-PHOTO-2020-04-07-08-00-00.jpg>\n"
                   "[07/04/20 08.00.00] Ahmad Fauzi: PR 1 saya, Bu\n"
                   "[07/04/20 09.00.00] Ahmad Fauzi: \u200e<attached: 00000013-TT1_Ahmad.docx>\n"
                   "[07/04/20 09.00.00] Ahmad Fauzi: TT 1 sudah\n")
ANDROID_CAPTIONS = ("07/04/20 08.00 - Ahmad Fauzi: IMG-20200407-WA0001.jpg (file terlampir)\nPR 1 saya, Bu\n"
                    "07/04/20 09.00 - Ahmad Fauzi: TT1_Ahmad.docx (file terlampir)\nTT 1 sudah\n")


@pytest.mark.parametrize("text", [IPHONE_CAPTIONS, ANDROID_CAPTIONS], ids=["iphone", "android"])
def test_a_file_and_its_caption_are_one_submission_on_either_phone(text: str) -> None:
    results = compute(PROGRAM, PTK, parsed_frame(text), roster())
    ahmad = results.submissions[results.submissions["no"] == 1].set_index("task")
    # the photo submits PR.1 by its caption alone; the document names TT.1 in its name and its caption: once
    assert ahmad.loc["PR.1", "submissions"] == 1 and ahmad.loc["TT.1", "submissions"] == 1
    assert ahmad.loc["PR.1", "first_submitted"] == datetime(2020, 4, 7, 8, 0)
    day = results.daily[(results.daily["no"] == 1) & (results.daily["date"] == date(2020, 4, 7))]
    assert day[["messages", "active"]].values.tolist() == [[2, 1]]   # two sendings, not four rows
    verdicts = results.verdicts[results.verdicts["no"] == 1]
    assert [t.split("\n")[-1] for t in verdicts["text"]] == ["PR 1 saya, Bu", "TT 1 sudah"]
    assert verdicts["kind"].tolist() == ["attachment", "attachment"]


def test_a_caption_whose_file_is_not_counted_stays_a_message() -> None:
    # the file row is another author's (not the same participant): nothing to fold into
    rows = parsed_frame(IPHONE_CAPTIONS)
    rows.loc[0, "no"] = 2
    results = compute(PROGRAM, PTK, rows, roster())
    ahmad = results.submissions[results.submissions["no"] == 1].set_index("task")
    assert ahmad.loc["PR.1", "submissions"] == 1 and ahmad.loc["TT.1", "submissions"] == 1
    assert results.verdicts[results.verdicts["no"] == 1]["kind"].tolist() == ["message", "attachment"]
