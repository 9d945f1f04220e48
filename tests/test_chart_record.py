"""Charts are drawn only when what they show changed; otherwise the bytes in out/ are used again."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program

from whatsapp_ingest.figures.aggregate import build_results
from whatsapp_ingest.pipeline import run
from whatsapp_ingest.report import charts
from whatsapp_ingest.report.write import write_outputs

WEEK = [("2020-04-06 08:15", "Bu Rina", "hadir"), ("2020-04-06 08:20", "~ Siti Aminah", "hadir PR 1"),
        ("2020-04-07 09:00", "Pak Dedi", "terima kasih")]
ROSTER = "no,name,aliases,role\n1,Rina Wulandari,Bu Rina,\n2,Siti Aminah,,\n3,Pak Dedi,,pembimbing\n"


@pytest.fixture
def drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A programme built once; afterwards each drawing of the charts is noted in the returned list."""
    program = make_program(tmp_path, ROSTER)
    drop(program, ANDROID_NAME, android(*WEEK))
    run(program)
    calls: list[str] = []
    real = charts.render_charts

    def counted(results):
        calls.append(results.program.name)
        return real(results)

    monkeypatch.setattr(charts, "render_charts", counted)
    return calls


def chart_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "out").glob("grafik_*"))}


def test_a_rebuild_that_changes_no_chart_draws_none(tmp_path: Path, drawn: list[str]) -> None:
    before = chart_files(tmp_path)
    (tmp_path / "overrides.csv").write_text("no,date,mark,note\n", encoding="utf-8")   # an input, but no figure
    outcome = run(make_program(tmp_path, ROSTER))
    assert outcome.rebuilt and drawn == []
    assert chart_files(tmp_path) == before and len(before) >= 4


def test_a_changed_figure_draws_the_charts_again(tmp_path: Path, drawn: list[str]) -> None:
    before = chart_files(tmp_path)
    drop(make_program(tmp_path, ROSTER), "WhatsApp Chat with Bimlat PTK Cipocok (1).txt",
         android(*WEEK, ("2020-04-08 09:00", "Bu Rina", "hadir")))
    run(make_program(tmp_path, ROSTER))
    assert len(drawn) == 1
    assert chart_files(tmp_path)["grafik_keaktifan.png"] != before["grafik_keaktifan.png"]


def test_a_damaged_or_missing_chart_is_drawn_again(tmp_path: Path, drawn: list[str]) -> None:
    before = chart_files(tmp_path)
    program = make_program(tmp_path, ROSTER)
    results = build_results(program)
    (tmp_path / "out" / "grafik_mingguan.png").write_bytes(b"not a png")
    write_outputs(results)
    assert len(drawn) == 1 and chart_files(tmp_path) == before
    (tmp_path / "out" / "grafik_mingguan.svg").unlink()
    write_outputs(results)
    assert len(drawn) == 2 and chart_files(tmp_path) == before
    write_outputs(results)
    assert len(drawn) == 2


def test_another_language_or_name_draws_again(tmp_path: Path, drawn: list[str]) -> None:
    program = make_program(tmp_path, ROSTER)
    results = build_results(program)
    renamed = dataclasses.replace(results, program=dataclasses.replace(program, name="Bimlat lain"))
    write_outputs(renamed)
    assert drawn == ["Bimlat lain"]
