"""`parse -o` on every golden export: the CSV's rows hold the records of `NAME.json`, details included.

The golden .json files (tests/test_export_golden.py) say what each export's records are; here the
command a person types writes them as CSV, and each row must carry the same line, timestamp, author,
kind, notice, attachment, text and details (the last column: a JSON object, "" when there are none).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whatsapp_ingest.cli import app
from whatsapp_ingest.report.parse_rows import COLUMNS

GOLDEN = Path(__file__).parent / "golden" / "export"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


def unneutralised(cell: str) -> str:
    """The text a cell shows once Excel's formula guard (a leading `'`) is taken off."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


@pytest.mark.parametrize("name", CASES)
def test_parse_csv_rows_are_the_golden_records(name: str, tmp_path: Path) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))["messages"]
    out = tmp_path / "records.csv"
    result = CliRunner().invoke(app, ["parse", str(GOLDEN / f"{name}.txt"), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS and COLUMNS[-1] == "details"
    got = [[int(r[1]), r[2], unneutralised(r[3]), r[4], r[8], unneutralised(r[6]), unneutralised(r[5]),
            [list(pair) for pair in json.loads(r[9]).items()] if r[9] else []] for r in rows[1:]]
    assert all(r[0] == f"{name}.txt" for r in rows[1:])
    assert got == expected


def test_a_caption_row_names_its_document_line_in_details(tmp_path: Path) -> None:
    export = tmp_path / "chat.txt"
    export.write_text("[14/03/22, 10.00.00] Anna: \u200e<Anhang: 00000007-Laporan.pdf>\n"
                      "[14/03/22, 10.00.00] Anna: Laporan PTK siklus 1\n", encoding="utf-8")
    out = tmp_path / "records.csv"
    result = CliRunner().invoke(app, ["parse", str(export), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert [(r[1], r[4], r[9]) for r in rows[1:]] == [("1", "attachment", ""),
                                                       ("2", "message", '{"caption_of": "1"}')]
