"""The wording tables' record (export/languages/cached.py): what it gives back is exactly what the TOML
files compile to; a stale, damaged or forged record is never used, only written again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from whatsapp_ingest.export.languages import cached, tables
from whatsapp_ingest.export.languages.tables import load_tables

COMPILED = load_tables()


def test_the_record_gives_back_exactly_the_compiled_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "wordings.json"
    assert cached.load(record=record) == COMPILED      # compiled, and the record written
    assert json.loads(record.read_text(encoding="utf-8"))["key"] == cached.cache_key(tables.read_sources(cached.FOLDER))

    def no_compiling(*args: object) -> None:
        raise AssertionError("compiled although the record holds these tables")

    monkeypatch.setattr(cached, "compile_tables", no_compiling)
    again = cached.load(record=record)
    assert again == COMPILED   # every template (rule, text, key, weight), every spelling's indices, the shapes
    assert again.edited.pattern == COMPILED.edited.pattern and again.markers == COMPILED.markers
    assert [t.pattern.pattern for t in again.templates[:50]] == [t.pattern.pattern for t in COMPILED.templates[:50]]


def test_a_changed_table_is_compiled_again(tmp_path: Path) -> None:
    folder = tmp_path / "languages"
    shutil.copytree(cached.FOLDER, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    record = tmp_path / "wordings.json"
    assert cached.load(folder, record) == COMPILED
    with (folder / "id.toml").open("a", encoding="utf-8") as table:
        table.write('\n[[rule]]\nnotice = "left"\nkind = "system"\ntemplates = ["{actor} sudah pamit dari grup"]\n')
    changed = cached.load(folder, record)
    assert "{actor} sudah pamit dari grup" in {t.text for t in changed.templates}
    assert "pamit" in changed.keys and "Pamit." in changed.keys
    assert changed == load_tables(folder) != COMPILED
    assert json.loads(record.read_text(encoding="utf-8"))["key"] == cached.cache_key(tables.read_sources(folder))


def _forged(data: dict, field: str, value: object) -> dict:
    return {**data, field: value}


@pytest.mark.parametrize("damage", [
    "truncated", "not json", "a list", "other key", "other format", "weight as text", "rule index a bool",
    "rule index too large", "unknown kind", "unknown scope", "spelling index too large", "no markers",
    "columns of different lengths", "deeply nested", "edited key not a key",
])
def test_a_damaged_or_forged_record_is_never_used(tmp_path: Path, damage: str) -> None:
    record = tmp_path / "wordings.json"
    cached.load(record=record)
    text = record.read_text(encoding="utf-8")
    data = json.loads(text)
    forged: object
    if damage == "truncated":
        forged = text[: len(text) // 2]
    elif damage == "not json":
        forged = "import os; os.system('echo hacked')"
    elif damage == "deeply nested":
        forged = "[" * 100_000 + "]" * 100_000
    else:
        rule0 = data["rules"][0]
        forged = json.dumps({
            "a list": [data],
            "other key": _forged(data, "key", "0" * 64),
            "other format": _forged(data, "format", 0),
            "weight as text": _forged(data, "template_weights", [str(w) for w in data["template_weights"]]),
            "rule index a bool": _forged(data, "template_rules", [True, *data["template_rules"][1:]]),
            "rule index too large": _forged(data, "template_rules", [len(data["rules"]), *data["template_rules"][1:]]),
            "unknown kind": _forged(data, "rules", [[rule0[0], "exec", *rule0[2:]], *data["rules"][1:]]),
            "unknown scope": _forged(data, "rules", [[*rule0[:2], "everything", *rule0[3:]], *data["rules"][1:]]),
            "spelling index too large": _forged(data, "keys", [[[len(data["template_texts"])], "x"], *data["keys"]]),
            "no markers": _forged(data, "markers", []),
            "columns of different lengths": _forged(data, "template_keys", data["template_keys"][:-1]),
            "edited key not a key": _forged(data, "edited_keys", data["edited_keys"] + "\nnever-a-key"),
        }[damage], ensure_ascii=False)
        assert forged != text
    record.write_text(forged, encoding="utf-8")
    assert cached.load(record=record) == COMPILED
    assert record.read_text(encoding="utf-8") == text      # written again, whole


def test_a_record_that_cannot_be_written_only_costs_the_compilation(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    record = tmp_path / "file" / "wordings.json"       # its folder is a file
    assert cached.load(record=record) == COMPILED
    assert cached.load(record=record) == COMPILED
    assert list(tmp_path.iterdir()) == [tmp_path / "file"]


def test_a_fresh_process_reads_the_record_without_compiling(tmp_path: Path) -> None:
    """What the parser imports: the second start reads the record; neither start leaves a temporary file."""
    record = tmp_path / "wordings.json"
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from whatsapp_ingest.export.languages import cached, tables\n"
        "calls = []\n"
        "real = cached.compile_tables\n"
        "cached.compile_tables = lambda *a: calls.append(1) or real(*a)\n"
        "found = cached.load(record=Path(sys.argv[1]))\n"
        "print(len(calls), found == tables.load_tables())\n"
    )
    runs = [subprocess.run([sys.executable, "-c", probe, str(record)], capture_output=True, text=True, check=True)
            for _ in range(2)]
    assert [run.stdout for run in runs] == ["1 True\n", "0 True\n"]
    assert [p.name for p in tmp_path.iterdir()] == ["wordings.json"]
