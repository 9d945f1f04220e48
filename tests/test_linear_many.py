"""Linear in the number of people: no roster and thousands of senders, a roster of thousands of
rows, number links. Work is counted (calls, as in test_linear.py), never timed. And the bounds that
keep an input from asking for centuries of days or a chart taller than any image."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from ingest_helpers import ANDROID_NAME, drop, make_program
from test_linear import ratio

from whatsapp_ingest.figures.aggregate import build_results
from whatsapp_ingest.figures.results import CHART_BARS
from whatsapp_ingest.i18n import catalog
from whatsapp_ingest.programme.roster import Roster, load_roster
from whatsapp_ingest.report.charts import PARTICIPANTS_CHART, WEEKS_CHART, chart_builders
from whatsapp_ingest.store.ingest import run_ingest

t = catalog("id").gettext


def senders(n: int) -> str:
    """An export in which each of `n` people sends one message."""
    start = datetime(2020, 4, 6, 7, 0)
    return "".join(f"{start + timedelta(minutes=i * 34560 // n):%d/%m/%y %H.%M} - Guru {i:06d}: hadir {i}\n"
                   for i in range(n))


def roster_rows(n: int) -> str:
    return "no,name,phone,aliases\n" + "".join(
        f"{i + 1},Guru {i:06d},08{i:010d},Bu {i:06d};Pak {i:06d}\n" for i in range(n))


def test_figures_without_a_roster_twice_the_work_for_twice_the_senders(tmp_path: Path) -> None:
    def work(n: int) -> Callable[[], object]:
        program = make_program(tmp_path / f"p{n}")
        drop(program, ANDROID_NAME, senders(n))
        run_ingest(program)
        return lambda: build_results(program)

    assert ratio(work, 400) <= 2.3


def test_reading_a_roster_twice_the_work_for_twice_the_rows(tmp_path: Path) -> None:
    def work(n: int) -> Callable[[], object]:
        path = tmp_path / f"roster{n}.csv"
        path.write_text(roster_rows(n), encoding="utf-8")
        return lambda: load_roster(path)

    assert ratio(work, 1000) <= 2.3


def test_resolving_every_author_twice_the_work_for_twice_the_roster(tmp_path: Path) -> None:
    def work(n: int) -> Callable[[], object]:
        path = tmp_path / f"roster{n}.csv"
        path.write_text(roster_rows(n), encoding="utf-8")
        roster = load_roster(path)
        return lambda: [roster.resolve(f"Guru {i:06d}") for i in range(n)]

    assert ratio(work, 1000) <= 2.3


def test_a_roster_from_the_senders_twice_the_work_for_twice_the_senders() -> None:
    def work(n: int) -> Callable[[], object]:
        authors = [f"Guru {i:06d}" for i in range(n)] + [f"+62 812-{i:04d}-0000" for i in range(n)]
        links = [(f"+62 812-{i:04d}-0000", f"+62 813-{i:04d}-0000") for i in range(n)]
        return lambda: Roster.from_authors(authors, links)

    assert ratio(work, 500) <= 2.3


def test_linked_numbers_stay_one_person_through_a_chain() -> None:
    roster = Roster.from_authors(["+62 812-1111-0000", "+62 813-2222-0000", "+62 814-3333-0000", "Ani"],
                                 [("+62 812-1111-0000", "+62 813-2222-0000"),
                                  ("+62 814-3333-0000", "+62 813-2222-0000")])
    assert [(p.no, p.name) for p in roster.participants] == [(1, "+62 812-1111-0000"), (2, "Ani")]
    assert {roster.resolve(n).no for n in ("0812-1111-0000", "0813 2222 0000", "+6281433330000")} == {1}


def test_more_participants_than_a_chart_holds_is_said_and_the_chart_left_out(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p")
    drop(program, ANDROID_NAME, senders(CHART_BARS + 1))
    report = run_ingest(program)
    results = build_results(program, report.warnings)
    said = t("{n} participants are too many for one bar each: the activeness chart is not drawn (the tables and the "
             "workbook list everyone); without a roster.csv every sender counts as a participant, so write the "
             "roster").format(n=CHART_BARS + 1)
    assert said in results.warnings
    assert [name for name, _build in chart_builders(results)] == [WEEKS_CHART]
    assert len(results.activeness) == CHART_BARS + 1   # everyone is still in the tables


def test_a_class_gets_its_chart(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p")
    drop(program, ANDROID_NAME, senders(40))
    results = build_results(program, run_ingest(program).warnings)
    assert [name for name, _build in chart_builders(results)] == [PARTICIPANTS_CHART, WEEKS_CHART]
    assert not any("bar each" in w or "satu batang" in w for w in results.warnings)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WHATSAPP_INGEST_LANG"}
    return subprocess.run([sys.executable, "-m", "whatsapp_ingest", *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=cwd)


def test_a_programme_of_two_centuries_is_refused_in_one_line(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p")
    drop(program, ANDROID_NAME, senders(5))
    text = program.program_toml.read_text(encoding="utf-8").replace("end = 2020-04-30", "end = 2204-07-26")
    program.program_toml.write_text(text, encoding="utf-8")
    result = run("ingest", "p", cwd=tmp_path)
    line = text.splitlines().index("end = 2204-07-26") + 1
    message = (f"p/program.toml:{line}: " + t("end = {end} is {years} years after start = {start}; a programme lasts "
                                             "at most {most} years").format(end="2204-07-26", years=184,
                                                                            start="2020-04-06", most=2)
               + "; " + t("check the year of end (and of start)"))
    assert (result.returncode, result.stderr) == (2, t("error: {message}").format(message=message) + "\n")
    assert not program.state.exists()   # refused before anything was read


def test_two_years_is_still_a_programme(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p")
    text = program.program_toml.read_text(encoding="utf-8").replace("end = 2020-04-30", "end = 2022-04-06")
    program.program_toml.write_text(text, encoding="utf-8")
    drop(program, ANDROID_NAME, senders(5))
    assert run("ingest", "p", "--quiet", cwd=tmp_path).returncode == 0


def test_init_refuses_an_end_two_centuries_on(tmp_path: Path) -> None:
    result = run("init", "baru", "--start", "2024-07-15", "--end", "2204-07-26", cwd=tmp_path)
    message = ("--end: " + t("end = {end} is {years} years after start = {start}; a programme lasts at most {most} "
                             "years").format(end="2204-07-26", years=180, start="2024-07-15", most=2)
               + "; " + t("check the year of end (and of start)"))
    assert (result.returncode, result.stderr) == (1, t("error: {message}").format(message=message) + "\n")
    assert not (tmp_path / "baru").exists()
