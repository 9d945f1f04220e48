"""Linear everywhere: each stage given twice the input does at most about twice the work, never four times.

Work is counted, not timed: the Python function calls (and calls into C) a stage makes, through
sys.setprofile. A loop over messages inside a loop over messages, or a rescan of the store per
export, shows as a ratio near 4. Work done column-wise in C (the parser's passes over a chunk) is
one call per chunk, so a stage's fixed work weighs in and a linear stage can show below 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, drop, make_program

from whatsapp_ingest.export.parse import parse_text
from whatsapp_ingest.figures.aggregate import build_results
from whatsapp_ingest.report.parse_rows import records_csv
from whatsapp_ingest.report.write import write_outputs
from whatsapp_ingest.store.db import StoredMessages
from whatsapp_ingest.store.ingest import run_ingest

TEXTS = ["hadir", "ok pak", "<Media tidak disertakan>", "PR.1 sudah saya kirim", "izin bertanya\nsiklus 1",
         "terima kasih, bu", "TT 2 terlampir", "Pesan ini telah dihapus"]


def calls(action: Callable[[], object]) -> int:
    """How many functions (Python or C) `action` calls."""
    count = 0

    def profile(frame, event, arg):   # noqa: ANN001
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


def export(messages: int, people: int = 20, seed: int = 0) -> str:
    """An Android export of `messages` distinct messages from `people` people over the programme's April."""
    start = datetime(2020, 4, 6, 7, 0)
    span = 24 * 60 * 24   # minutes: 6 to 30 April
    lines = []
    for i in range(messages):
        when = start + timedelta(minutes=i * span // messages)
        text = f"{TEXTS[(i + seed) % len(TEXTS)]} {seed}.{i}"
        lines.append(f"{when:%d/%m/%y %H.%M} - Peserta {i * 7 % people + 1:03d}: {text}")
    return "\n".join(lines) + "\n"


def roster(people: int) -> str:
    return "no,name,phone,aliases,role,status\n" + "".join(
        f"{i},Peserta {i:03d},,,peserta,aktif\n" for i in range(1, people + 1))


def ratio(work: Callable[[int], Callable[[], object]], size: int) -> float:
    """Calls made for twice the input over calls made for the input."""
    small, large = calls(work(size)), calls(work(2 * size))
    print(f"work for {size} and {2 * size}: {small:,} and {large:,} calls")
    return large / small


def test_parse_does_twice_the_work_for_twice_the_messages() -> None:
    assert ratio(lambda n: (lambda text=export(n): parse_text(text, "chat.txt")), 3000) <= 2.3


def test_parse_command_rows_twice_the_work_for_twice_the_messages() -> None:
    def work(n: int) -> Callable[[], object]:
        messages = parse_text(export(n), "chat.txt").messages
        return lambda: records_csv(messages)

    assert 1.7 <= ratio(work, 3000) <= 2.3


def test_storing_does_twice_the_work_for_twice_the_messages(tmp_path: Path) -> None:
    def work(n: int) -> Callable[[], object]:
        program = make_program(tmp_path / f"p{n}", roster(20))
        drop(program, ANDROID_NAME, export(n))
        return lambda: run_ingest(program)

    assert ratio(work, 2000) <= 2.3


def test_adding_an_export_costs_the_export_not_the_history(tmp_path: Path) -> None:
    """The same new export added to a store of one export and to a store of four: about the same work."""
    def work(weeks: int) -> Callable[[], object]:
        program = make_program(tmp_path / f"w{weeks}", roster(20))
        for week in range(weeks):
            drop(program, f"WhatsApp Chat with Bimlat PTK Cipocok ({week}).txt", export(500, seed=week))
        run_ingest(program)
        drop(program, "WhatsApp Chat with Bimlat PTK Cipocok (9).txt", export(500, seed=9))
        return lambda: run_ingest(program).files[-1].messages_new == 500 or pytest.fail("the export was not new")

    assert 0.7 <= ratio(work, 2) <= 1.3


def test_figures_do_at_most_twice_the_work_for_twice_the_messages(tmp_path: Path) -> None:
    def work(n: int) -> Callable[[], object]:
        program = make_program(tmp_path / f"p{n}", roster(20))
        drop(program, ANDROID_NAME, export(n))
        run_ingest(program)
        return lambda: build_results(program)

    assert ratio(work, 1500) <= 2.3


def test_figures_and_reports_do_at_most_twice_the_work_for_twice_the_participants(tmp_path: Path) -> None:
    def work(people: int) -> Callable[[], object]:
        program = make_program(tmp_path / f"r{people}", roster(people))
        drop(program, ANDROID_NAME, export(20 * people, people))
        run_ingest(program)
        results = build_results(program)
        return lambda: (build_results(program), write_outputs(results))

    # The tables, the workbook and the charts (laid out and drawn by our own code, one bar per participant)
    assert ratio(work, 15) <= 2.3


def test_the_store_is_read_once_with_twice_the_work_for_twice_the_messages(tmp_path: Path) -> None:
    """The figures' one read of the store (in time order, two phones merged a minute at a time)."""
    def work(n: int) -> Callable[[], object]:
        program = make_program(tmp_path / f"s{n}", roster(20))
        drop(program, ANDROID_NAME, export(n))
        run_ingest(program)

        def read() -> int:
            with StoredMessages(program) as stored:
                return sum(1 for _ in stored.rows())
        return read

    assert 1.7 <= ratio(work, 3000) <= 2.3


def test_the_figures_never_hold_every_message_in_one_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory flat: the weekly run's tables are per participant, day or task (and the review queue),
    never one row per stored message — whatever the number of messages, the largest table is the same."""
    import pandas as pd

    largest: list[int] = []
    real = pd.DataFrame.__init__

    def spy(self, *args, **kwargs):   # noqa: ANN001, ANN002, ANN003
        real(self, *args, **kwargs)
        largest[-1] = max(largest[-1], len(self))

    def biggest_table(n: int) -> int:
        program = make_program(tmp_path / f"t{n}", roster(20))
        drop(program, ANDROID_NAME, export(n))
        run_ingest(program)
        largest.append(0)
        with monkeypatch.context() as patch:
            patch.setattr(pd.DataFrame, "__init__", spy)
            results = build_results(program)
        assert results.verdicts.empty and int(results.daily["messages"].sum()) > n // 2   # the messages on working days counted
        return largest[-1]

    small, large = biggest_table(2000), biggest_table(8000)
    assert small == large < 2000


def test_a_store_running_past_the_programme_keeps_per_day_state_for_working_days_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory flat in the store's span too: a group that goes on chatting for a year after the
    programme adds nothing per (participant, day) outside the working days, which are all any table reads."""
    from whatsapp_ingest.figures import aggregate

    scans: list[aggregate.Scan] = []

    class Kept(aggregate.Scan):
        def __init__(self, *args, **kwargs) -> None:   # noqa: ANN002, ANN003
            super().__init__(*args, **kwargs)
            scans.append(self)

    monkeypatch.setattr(aggregate, "Scan", Kept)
    program = make_program(tmp_path / "p", roster(20))
    start, lines = datetime(2020, 4, 6, 7, 0), []
    for i in range(3000):   # one message every three hours for a year and more
        when = start + timedelta(hours=3 * i)
        lines.append(f"{when:%d/%m/%y %H.%M} - Peserta {i % 20 + 1:03d}: hadir {i}")
    drop(program, ANDROID_NAME, "\n".join(lines) + "\n")
    run_ingest(program)
    results = build_results(program)

    scan = scans[-1]
    working = set(results.working_days)
    assert len(scan.days) > 300 > 2 * len(working)   # the export did run long past the programme
    assert {day for _no, day in scan.messages} <= working and {day for _no, day in scan.evidence} <= working
    assert len(scan.messages) >= len(working) and int(results.daily["messages"].sum()) > 0


def sqlite_steps(action: Callable[[], object], monkeypatch: pytest.MonkeyPatch) -> int:
    """How much work SQLite does for `action`: its virtual machine's steps, in hundreds, on every
    connection opened meanwhile (a scan of every stored message is one call from Python, so
    `calls` cannot see it)."""
    import sqlite3

    steps = 0
    real = sqlite3.connect

    def counted(*args, **kwargs) -> sqlite3.Connection:   # noqa: ANN002, ANN003
        conn = real(*args, **kwargs)

        def step() -> int:
            nonlocal steps
            steps += 1
            return 0   # (go on)
        conn.set_progress_handler(step, 100)
        return conn

    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", counted)
        action()
    return steps


def test_a_rerun_with_nothing_new_does_not_read_the_stored_messages(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A re-run's work in the store is the same for four times the messages: no step through every
    message (the unknown senders are remembered with the store's state: store/senders.py; the
    fingerprint counts the rows by SQLite's walk of an index, done in C and not counted here:
    db.store_state)."""
    from whatsapp_ingest.pipeline import run

    def rerun_steps(n: int) -> int:
        program = make_program(tmp_path / f"r{n}", roster(20))
        drop(program, ANDROID_NAME, export(n, people=25))   # five senders the roster does not know
        first = run(program, results=False).report
        assert len(first.unknown_senders) == 5

        def again() -> None:
            outcome = run(program, results=False)
            assert not outcome.rebuilt and outcome.report.unknown_senders == first.unknown_senders
        return sqlite_steps(again, monkeypatch)

    small, large = rerun_steps(2000), rerun_steps(8000)
    print(f"SQLite steps of a re-run: {small:,} and {large:,} hundred")
    assert large <= 1.3 * small + 10
