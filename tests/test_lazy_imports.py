"""Each command imports what it needs when it needs it: help, `init`, `roster` and `parse` run
without pandas or matplotlib (a quarter to half a second of imports each), and an `ingest` with
nothing new without any of them: it prints the summary recorded by the run that computed it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest_helpers import ANDROID_NAME, android, drop, make_program
from whatsapp_ingest.store.ingest import run_ingest

HEAVY = ("pandas", "matplotlib", "xlsxwriter", "numpy", "PIL")
# Runs one command in a fresh interpreter and prints the heavy top-level packages it loaded.
PROBE = f"""
import json, sys
from whatsapp_ingest.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & {set(HEAVY)!r})))
"""


def heavy_modules(*args: str, cwd: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def program(tmp_path: Path):
    program = make_program(tmp_path / "prog")
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Budi", "hadir"), ("2020-04-13 09:00", "Ani", "hadir")))
    run_ingest(program)
    return program


def test_help_imports_no_pandas_or_matplotlib(tmp_path: Path) -> None:
    assert heavy_modules("--help", cwd=tmp_path) == []


def test_init_imports_no_pandas_or_matplotlib(tmp_path: Path) -> None:
    assert heavy_modules("init", str(tmp_path / "baru"), cwd=tmp_path) == []
    assert (tmp_path / "baru" / "program.toml").is_file()   # the command did run


def test_roster_imports_no_pandas_or_matplotlib(program, tmp_path: Path) -> None:
    assert heavy_modules("roster", str(program.folder), cwd=tmp_path) == []
    assert (program.folder / "roster.csv").read_text(encoding="utf-8-sig").count("\n") == 3   # header + 2 people


def test_parse_imports_no_pandas_or_matplotlib(tmp_path: Path) -> None:
    export = tmp_path / "grup.txt"
    export.write_text(android(("2020-04-13 09:00", "Ani", "hadir")), encoding="utf-8")
    assert heavy_modules("parse", str(export), "-o", str(tmp_path / "r.csv"), cwd=tmp_path) == []
    assert (tmp_path / "r.csv").is_file()


def test_ingest_with_nothing_new_imports_no_pandas_matplotlib_or_workbook_writer(program, tmp_path: Path) -> None:
    assert "pandas" in heavy_modules("ingest", str(program.folder), "--quiet", cwd=tmp_path)   # the first run builds out/
    assert (program.folder / "out" / "rekap.xlsx").is_file()
    assert heavy_modules("ingest", str(program.folder), "--quiet", cwd=tmp_path) == []


def test_ingest_with_nothing_new_prints_what_the_rebuild_printed(program, tmp_path: Path) -> None:
    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "whatsapp_ingest", "ingest", str(program.folder), *extra],
                              cwd=tmp_path, capture_output=True, text=True, check=True)

    first = run("--json")                        # out/ built, both records written
    assert (program.state / "glance.json").is_file()
    (program.state / "outputs.json").unlink()   # the terminal's record alone is enough for a re-run
    again = run("--json")
    built, recorded = json.loads(first.stdout), json.loads(again.stdout)
    assert built["participants"] and built["summary"]["participants"] == 2
    # the only difference: the national-holiday warning is said once, by the first run
    assert recorded.pop("warnings") == [w for w in built.pop("warnings") if "libur nasional" not in w]
    assert recorded == built
    recorded_view = run().stdout
    (program.state / "glance.json").unlink()    # no record at all: rebuilt
    assert run().stdout == recorded_view


def test_ingest_with_nothing_new_loads_neither_the_parser_nor_the_wording_tables(program, tmp_path: Path) -> None:
    probe = ("import sys\nfrom whatsapp_ingest.cli import app\ntry:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('whatsapp_ingest.export.')))")
    run = [sys.executable, "-c", probe, "ingest", str(program.folder), "--quiet"]
    subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, check=True)   # builds out/
    loaded = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert "whatsapp_ingest.export.read" in loaded   # the files are recognised by their bytes' digest
    assert "whatsapp_ingest.export.parse" not in loaded and "whatsapp_ingest.export.classify" not in loaded
