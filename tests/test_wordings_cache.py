"""The wording tables' record (export/languages/cached.py): what it gives back is exactly what the TOML
files compile to; a stale, damaged or forged record is never used, only written again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from whatsapp_ingest.export.languages import cached, prefilter, tables
from whatsapp_ingest.export.languages.tables import load_tables

COMPILED = load_tables()
PREFILTER = prefilter.prefilter(COMPILED)


def same_as_compiled(found: cached.Wordings, compiled=COMPILED, forms: prefilter.Prefilter = PREFILTER) -> bool:
    """Everything the record gives back is what the TOML compiles to: every template (rule, text,
    key, weight), every spelling's indices, the edited markers and the quick check's forms."""
    return (found.templates() == compiled.templates and found.keys() == compiled.keys
            and found.edited_keys() == compiled.edited_keys and found.markers == compiled.markers
            and found.edited.pattern == compiled.edited.pattern and found.prefilter == forms)


def test_the_record_gives_back_exactly_the_compiled_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "wordings.json"
    assert same_as_compiled(cached.load(record=record))      # compiled, and the record written
    assert json.loads(record.read_text(encoding="utf-8"))["key"] == cached.cache_key(tables.read_sources(cached.FOLDER))

    def no_compiling(*args: object) -> None:
        raise AssertionError("compiled although the record holds these tables")

    monkeypatch.setattr(cached, "compile_tables", no_compiling)
    again = cached.load(record=record)
    assert same_as_compiled(again)
    assert [t.pattern.pattern for t in again.templates()[:50]] == [t.pattern.pattern for t in COMPILED.templates[:50]]


def test_a_token_spells_a_key_word_exactly_when_the_compiled_index_holds_it(tmp_path: Path) -> None:
    """`Wordings.exact` looks a token's key words up through their stripped forms, without the
    105,000 spellings: the answer is the compiled index's, for its every spelling and for near misses
    (other cases, marks and punctuation glued on, stripped, doubled)."""
    record = tmp_path / "wordings.json"
    cached.load(record=record)
    found = cached.load(record=record)
    tokens = set(COMPILED.keys)
    for spelling in list(COMPILED.keys)[::7]:
        tokens |= {spelling.swapcase(), spelling.strip(tables.GLUE), spelling + "..", "\u200f\u200e" + spelling,
                   spelling + "!", spelling[:-1], spelling.casefold(), spelling.title(), "\u200e\u200e" + spelling}
    tokens |= {"", ".", ",", "\u200e", "saya", "hadir", "Pak", "x" * 40}
    for token in tokens:
        expected = COMPILED.keys.get(token)
        got = found.exact(token)
        if expected is None:
            assert got is None, token
        else:
            assert got == (tuple(sorted(expected)), token in COMPILED.edited_keys), token
        assert (token.strip(tables.GLUE) in found.cores) >= (expected is not None), token


def test_a_changed_table_is_compiled_again(tmp_path: Path) -> None:
    folder = tmp_path / "languages"
    shutil.copytree(cached.FOLDER, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    record = tmp_path / "wordings.json"
    assert same_as_compiled(cached.load(folder, record))
    with (folder / "id.toml").open("a", encoding="utf-8") as table:
        table.write('\n[[rule]]\nnotice = "left"\nkind = "system"\ntemplates = ["{actor} sudah pamit dari grup"]\n')
    changed = cached.load(folder, record)
    assert "{actor} sudah pamit dari grup" in {t.text for t in changed.templates()}
    assert changed.exact("pamit") is not None and changed.exact("Pamit.") is not None
    recompiled = load_tables(folder)
    assert same_as_compiled(changed, recompiled, prefilter.prefilter(recompiled))
    assert recompiled != COMPILED
    assert json.loads(record.read_text(encoding="utf-8"))["key"] == cached.cache_key(tables.read_sources(folder))


def _forged(data: dict, field: str, value: object) -> dict:
    return {**data, field: value}


def _section(data: dict, change) -> dict:
    """The record with its first section of templates changed by `change` (a section is read lazily)."""
    section = json.loads(data["sections"][0])
    text = json.dumps(change(section), ensure_ascii=False)
    return _forged(data, "sections", [text, *data["sections"][1:]])


@pytest.mark.parametrize("damage", [
    "truncated", "not json", "a list", "other key", "other format", "word index too large", "size as text",
    "template index too large", "sizes not adding up", "unknown kind", "unknown scope", "rule index a bool",
    "rule index too large", "weight as text", "section missing a template", "section not json",
    "section deeply nested", "no markers", "cores of different lengths", "cores out of order", "head too long",
    "deeply nested", "section index too large",
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
        cores = data["cores"].split("\n")
        forged = json.dumps({
            "a list": lambda: [data],
            "other key": lambda: _forged(data, "key", "0" * 64),
            "other format": lambda: _forged(data, "format", 1),
            "word index too large": lambda: _forged(data, "core_words", [len(data["words"]), *data["core_words"][1:]]),
            "size as text": lambda: _forged(data, "word_sizes", [str(data["word_sizes"][0]), *data["word_sizes"][1:]]),
            "template index too large": lambda: _forged(data, "word_ids", [len(data["template_sections"]),
                                                                          *data["word_ids"][1:]]),
            "sizes not adding up": lambda: _forged(data, "word_sizes", [data["word_sizes"][0] + 1,
                                                                       *data["word_sizes"][1:]]),
            "unknown kind": lambda: _section(data, lambda s: {**s, "rules": [[s["rules"][0][0], "exec",
                                                                               *s["rules"][0][2:]], *s["rules"][1:]]}),
            "unknown scope": lambda: _section(data, lambda s: {**s, "rules": [[*s["rules"][0][:2], "everything",
                                                                                *s["rules"][0][3:]], *s["rules"][1:]]}),
            "rule index a bool": lambda: _section(data, lambda s: {**s, "templates": [
                [s["templates"][0][0], True, *s["templates"][0][2:]], *s["templates"][1:]]}),
            "rule index too large": lambda: _section(data, lambda s: {**s, "templates": [
                [s["templates"][0][0], len(s["rules"]), *s["templates"][0][2:]], *s["templates"][1:]]}),
            "weight as text": lambda: _section(data, lambda s: {**s, "templates": [
                [*s["templates"][0][:5], str(s["templates"][0][5])], *s["templates"][1:]]}),
            "section missing a template": lambda: _section(data, lambda s: {**s, "templates": s["templates"][1:]}),
            "section not json": lambda: _forged(data, "sections", ["import os", *data["sections"][1:]]),
            "section deeply nested": lambda: _forged(data, "sections", ["[" * 100_000, *data["sections"][1:]]),
            "section index too large": lambda: _forged(data, "template_sections", [len(data["sections"]),
                                                                                  *data["template_sections"][1:]]),
            "no markers": lambda: _forged(data, "markers", []),
            "cores of different lengths": lambda: _forged(data, "core_words", data["core_words"][:-1]),
            "cores out of order": lambda: _forged(data, "cores", "\n".join([cores[-1], *cores[1:-1], cores[0]])),
            "head too long": lambda: _forged(data, "heads", data["heads"] + "\nabcde"),
        }[damage](), ensure_ascii=False)
        assert forged != text
    record.write_text(forged, encoding="utf-8")
    assert same_as_compiled(cached.load(record=record))
    assert record.read_text(encoding="utf-8") == text      # written again, whole


def test_a_damaged_section_found_later_makes_the_tables_compile_again(tmp_path: Path) -> None:
    """A section is read when a body first needs it: one that does not read back then is not used
    either; the tables are compiled again at that moment (and the record written again)."""
    record = tmp_path / "wordings.json"
    cached.load(record=record)
    text = record.read_text(encoding="utf-8")
    data = json.loads(text)
    record.write_text(json.dumps(_forged(data, "sections", ["{}" for _ in data["sections"]]), ensure_ascii=False),
                      encoding="utf-8")
    found = cached.load(record=record)   # the index reads back; no section is read yet
    assert same_as_compiled(found)
    assert record.read_text(encoding="utf-8") == text


def test_a_record_that_cannot_be_written_only_costs_the_compilation(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    record = tmp_path / "file" / "wordings.json"       # its folder is a file
    assert same_as_compiled(cached.load(record=record))
    assert same_as_compiled(cached.load(record=record))
    assert list(tmp_path.iterdir()) == [tmp_path / "file"]


def test_a_fresh_process_reads_the_record_without_compiling(tmp_path: Path) -> None:
    """What the parser imports: the second start reads the record; neither start leaves a temporary file."""
    record = tmp_path / "wordings.json"
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from whatsapp_ingest.export.languages import cached, prefilter, tables\n"
        "calls = []\n"
        "real = cached.compile_tables\n"
        "cached.compile_tables = lambda *a: calls.append(1) or real(*a)\n"
        "found = cached.load(record=Path(sys.argv[1]))\n"
        "compiled = tables.load_tables()\n"
        "print(len(calls), found.templates() == compiled.templates and found.keys() == compiled.keys\n"
        "      and found.prefilter == prefilter.prefilter(compiled))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", probe, str(record)], capture_output=True, text=True, check=True)
            for _ in range(2)]
    assert [run.stdout for run in runs] == ["1 True\n", "0 True\n"]
    assert [p.name for p in tmp_path.iterdir()] == ["wordings.json"]


def test_the_tables_are_read_when_a_body_needs_them_and_only_the_tables_it_needs(tmp_path: Path) -> None:
    """Importing the parser reads no table (`parse` forks its processes before its first body); an
    Indonesian chat builds the templates of Indonesian and of the few tables sharing one of its key
    words, not of all 57."""
    probe = (
        "import sys\n"
        "from whatsapp_ingest.export import classify\n"
        "from whatsapp_ingest.export.parse import parse_text\n"
        "assert classify._WORDINGS is None\n"
        "parsed = parse_text(open(sys.argv[1], encoding='utf-8').read(), 'chat.txt')\n"
        "w = classify._WORDINGS\n"
        "files = {t.rule.source.split()[0] for t in w._templates if t is not None}\n"
        "print(len(parsed.messages), 'id.toml' in files, len(files), len(set(w._section_of)))\n"
    )
    chat = tmp_path / "chat.txt"
    chat.write_text("06/04/20 07.00 - Budi: selamat pagi bapak ibu\n"
                    "06/04/20 07.01 - Siti: <Media tidak disertakan>\n"
                    "06/04/20 07.02 - Siti: Pesan ini telah dihapus\n"
                    "06/04/20 07.03 - Budi: saya hadir <Pesan ini diedit>\n"
                    "06/04/20 07.04 - Ani keluar\n", encoding="utf-8")
    # the record on disk first: a process that has to compile the tables builds every table's templates
    # (a fresh checkout, or one whose tables or loader just changed, until a first run has written it)
    subprocess.run([sys.executable, "-c", "from whatsapp_ingest.export.languages import cached; cached.load()"],
                   check=True)
    run = subprocess.run([sys.executable, "-c", probe, str(chat)], capture_output=True, text=True, check=True)
    count, has_id, built, tables_count = run.stdout.split()
    assert (count, has_id) == ("5", "True")
    assert 1 <= int(built) <= 8 < int(tables_count)
