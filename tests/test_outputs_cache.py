"""The record of the last rebuild is plain JSON: nothing in a programme folder is ever run, and a
damaged, foreign or hostile record only means the outputs are rebuilt."""

from __future__ import annotations

import dataclasses
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd
from ingest_helpers import ANDROID_NAME, android, drop, make_program

import whatsapp_ingest
from whatsapp_ingest.report import glance, outputs_cache
from whatsapp_ingest.pipeline import run

WEEK = [("2020-04-06 08:15", "Bu Rina", "hadir"), ("2020-04-06 08:20", "Siti Aminah", "hadir PR 1"),
        ("2020-04-07 09:00", "Orang Lain", "terima kasih")]
ROSTER = "no,name,aliases,role\n1,Rina Wulandari,Bu Rina,\n2,Siti Aminah,,\n"


class _Payload:
    """Unpickling this runs `touch MARKER`: what a hostile programme folder could carry."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def test_no_pickle_anywhere_in_the_package() -> None:
    package = Path(whatsapp_ingest.__file__).resolve().parent
    offenders = [str(p.relative_to(package)) for p in package.rglob("*.py")
                 if any(word in p.read_text(encoding="utf-8") for word in ("import pickle", "import shelve",
                                                                           "import marshal", "from pickle"))]
    assert offenders == []


def test_the_recorded_results_are_the_computed_ones(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    first = run(program)
    again = run(program)
    assert first.rebuilt and not again.rebuilt
    for field in dataclasses.fields(first.results):
        built, recorded = getattr(first.results, field.name), getattr(again.results, field.name)
        if field.name in outputs_cache.NOT_RECORDED:   # one row per message: the weekly run never holds them
            assert built.empty and recorded.empty, field.name
        elif isinstance(built, pd.DataFrame):
            pd.testing.assert_frame_equal(recorded, built)
        else:
            assert recorded == built, field.name
    record = json.loads((program.state / outputs_cache.CACHE_FILE).read_text(encoding="utf-8"))
    assert [name for name, _ in record["outputs"]] == [p.name for p in first.written]


def test_an_old_pickle_in_the_folder_is_never_run(tmp_path: Path) -> None:
    """A programme folder synced from someone else with a hostile outputs.pickle: nothing runs."""
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    marker = tmp_path / "ran"
    program.state.mkdir(parents=True, exist_ok=True)
    (program.state / "outputs.pickle").write_bytes(pickle.dumps(_Payload(marker)))
    for _ in range(2):
        result = subprocess.run([sys.executable, "-m", "whatsapp_ingest", "ingest", str(tmp_path), "--quiet"],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert not (program.state / "outputs.pickle").exists()


def test_a_hostile_record_is_ignored_and_the_outputs_rebuilt(tmp_path: Path) -> None:
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    first = run(program)
    record_path = program.state / outputs_cache.CACHE_FILE
    record = json.loads(record_path.read_text(encoding="utf-8"))
    hostile = [
        b"\x80\x04not json at all",
        json.dumps({**record, "outputs": [["../program.toml", "0" * 64]]}).encode(),
        json.dumps({**record, "outputs": [["/dev/zero", "0" * 64]]}).encode(),
        json.dumps({**record, "results": {"warnings": {"$": "__import__('os').system('true')"}}}).encode(),
        json.dumps({**record, "results": {**record["results"], "activeness": {
            "$": "frame", "columns": ["no"], "dtypes": ["category"], "rows": [[1]]}}}).encode(),
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps([1, 2, 3]).encode(),
    ]
    for data in hostile:
        record_path.write_bytes(data)
        outcome = run(program)
        assert outcome.rebuilt
        pd.testing.assert_frame_equal(outcome.results.activeness, first.results.activeness)


def test_a_record_that_is_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    """The record as a named pipe: a run in a subprocess finishes instead of waiting for a writer."""
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    run(program)
    import os
    for name in (outputs_cache.CACHE_FILE, glance.GLANCE_FILE):   # the terminal's record is read first
        (program.state / name).unlink()
        os.mkfifo(program.state / name)
    result = subprocess.run([sys.executable, "-m", "whatsapp_ingest", "ingest", str(tmp_path), "--quiet"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (program.state / outputs_cache.CACHE_FILE).is_file() and (program.state / glance.GLANCE_FILE).is_file()


def test_a_hostile_terminal_record_is_ignored_and_the_outputs_rebuilt(tmp_path: Path) -> None:
    """glance.json (what a re-run with nothing new prints) damaged or forged: the run rebuilds."""
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))

    def ingest() -> dict:
        result = subprocess.run([sys.executable, "-m", "whatsapp_ingest", "ingest", str(tmp_path), "--json"],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    first = ingest()
    record_path = program.state / glance.GLANCE_FILE
    record = json.loads(record_path.read_text(encoding="utf-8"))
    forged = {**record["glance"], "participants": [{"no": 1, "name": "Palsu", "total": 0, "possible": 0,
                                                    "percent": None, "status": "Pasif"}]}
    hostile = [
        b"\x80\x04not json at all",
        json.dumps({**record, "outputs": [["../program.toml", "0" * 64]]}).encode(),
        json.dumps({**record, "key": "0" * 64, "glance": forged}).encode(),   # another state of the inputs
        json.dumps({**record, "glance": {**record["glance"], "as_of": "2020"}}).encode(),
        json.dumps({**record, "glance": {**record["glance"], "participants": [1, 2]}}).encode(),
        b"[" * 100_000 + b"]" * 100_000,
    ]
    for data in hostile:
        record_path.write_bytes(data)
        (program.state / outputs_cache.CACHE_FILE).unlink()   # so that a rebuild shows
        again = ingest()
        assert again["participants"] == first["participants"]
        assert (program.state / outputs_cache.CACHE_FILE).is_file()   # rebuilt, recorded again


def cell_by_cell(frame: pd.DataFrame) -> list[list[object]]:
    """A frame's rows encoded as the frame's own iteration gives them, cell by cell."""
    return [[outputs_cache._encode(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def test_a_frame_is_recorded_column_by_column_with_the_rows_of_its_own_iteration() -> None:
    import datetime as dt

    import numpy as np

    mixed = pd.DataFrame({
        "no": [1, 2, 3], "percent": [15.8, float("nan"), float("inf")], "name": ["Ani", None, "Budi"],
        "count": pd.array([1, None, 3], dtype="Int64"), "flag": pd.array([True, None, False], dtype="boolean"),
        "seen": pd.to_datetime(["2020-04-06 08:15", None, "2020-04-07 00:00"]),
        "day": [dt.date(2020, 4, 6), None, dt.datetime(2020, 4, 7, 9, 0)], "at": [dt.time(8, 15), "x", None],
        "numpy": [np.int64(3), np.float64(2.5), np.bool_(True)], "tuple": [(1, "a"), (), ("b",)],
        "active": [True, False, True]})
    mixed["text"] = pd.Series(["hadir", None, "PR 1"], dtype="str")
    for frame in (mixed, mixed.iloc[:0], pd.DataFrame(index=range(2)), pd.DataFrame()):
        encoded = outputs_cache._encode(frame)
        assert encoded["rows"] == cell_by_cell(frame)
        assert json.dumps(encoded["rows"], allow_nan=False)   # plain JSON: NaN and infinity tagged
