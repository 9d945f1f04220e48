"""EXPORT golden files: short synthetic exports in WhatsApp's real wordings, the records expected beside them.

Each `tests/golden/export/NAME.txt` is parsed and compared, record by record, with `NAME.json`
(line, timestamp, author, kind, notice, attachment, text, details) and the warnings of the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from whatsapp_ingest.export.parse import parse_text
from whatsapp_ingest.i18n import set_language

GOLDEN = Path(__file__).parent / "golden" / "export"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


def records(name: str) -> dict[str, object]:
    """The parse of one golden export as plain data (what the .json beside it holds)."""
    set_language("en")
    try:
        parsed = parse_text((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"), f"{name}.txt")
    finally:
        set_language(None)
    return {
        "date_order": parsed.date_order,
        "warnings": list(parsed.warnings),
        "messages": [[m.line, m.timestamp.isoformat(), m.author, m.kind.value, m.notice, m.attachment, m.text,
                      [list(d) for d in m.details]] for m in parsed.messages],
    }


def test_every_golden_export_has_its_expected_records() -> None:
    assert CASES and all((GOLDEN / f"{name}.json").is_file() for name in CASES)


@pytest.mark.parametrize("name", CASES)
def test_golden_export(name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert records(name) == expected
