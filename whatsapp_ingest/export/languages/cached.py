"""The wording tables as the parser loads them: compiled from the `*.toml` files only when those (or the
code that compiles them) changed, otherwise read back from a record of the last compilation.

Compiling 57 tables (reading the TOML, every template's key word and its spellings, the index) took
about 0.13 s of CPU at every start of `parse` and `ingest`; reading the record back takes about 0.02 s.
The TOML files stay the only thing people edit: the record is plain JSON kept beside Python's own
compiled files (`__pycache__/` of this folder, so whoever could change it could change the code),
keyed by a digest of every table's bytes, of this code and of the Python and Unicode versions; it
is checked field by field when read, and a record that is missing, stale, damaged or odd in any
way is ignored and written again. No code is ever read from it: its texts are templates, compiled
by `tables.compile_template` as before, and the edited markers, compiled by `tables.edited_pattern`.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from whatsapp_ingest.export.languages import tables
from whatsapp_ingest.fileio import keep_record, parts_digest
from whatsapp_ingest.export.languages.tables import SCOPES, Rule, Tables, Template, compile_tables, read_sources
from whatsapp_ingest.records import Kind

__all__ = ["FOLDER", "RECORD", "load", "cache_key"]

FOLDER = Path(tables.__file__).parent
RECORD = FOLDER / "__pycache__" / "wordings.json"
FORMAT = 1   # the record's layout: a new layout is a new number (an old record is then simply stale)
_KINDS = {kind.value: kind for kind in Kind}


def load(folder: Path = FOLDER, record: Path = RECORD) -> Tables:
    """The compiled tables of `folder`: from `record` when it holds this very compilation, else
    compiled from the TOML (and `record` written for the next start; a folder it cannot be
    written to only costs the compilation)."""
    sources = read_sources(folder)
    key = cache_key(sources)
    found = _read(record, key)
    if found is not None:
        return found
    compiled = compile_tables(sources, folder.name)
    _write(record, key, compiled)
    return compiled


def cache_key(sources: list[tuple[str, bytes]]) -> str:
    """A digest of what the compiled tables depend on: the tables' names and bytes, the compiling
    code, the record's layout, and the Python and Unicode versions (case rules decide spellings)."""
    parts = [str(FORMAT).encode(), sys.version.encode(), unicodedata.unidata_version.encode(),
             Path(tables.__file__).read_bytes(), Path(__file__).read_bytes()]
    for name, data in sources:
        parts += [name.encode("utf-8"), data]
    return parts_digest(parts)


def _read(record: Path, key: str) -> Tables | None:
    """The tables the record holds, if it is a well-formed record of `key`; None otherwise."""
    try:
        data = json.loads(record.read_bytes())
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        return _tables(data)
    except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None


def _write(record: Path, key: str, compiled: Tables) -> None:
    """Write the record atomically (a reader sees the old one or the new one); any failure is ignored.

    Columns rather than rows, and each long list of words as one text of lines (no word holds a
    newline: key words are whitespace-separated tokens), so that reading it back is a few C loops."""
    rules = list(dict.fromkeys(t.rule for t in compiled.templates))
    number = {rule: i for i, rule in enumerate(rules)}
    groups: dict[tuple[int, ...], list[str]] = {}
    for spelling, ids in compiled.keys.items():
        groups.setdefault(ids, []).append(spelling)
    templates = compiled.templates
    data = {
        "format": FORMAT,
        "key": key,
        "rules": [[r.notice, r.kind.value, r.scope, [list(d) for d in r.details], r.source, r.needs_mark]
                  for r in rules],
        "template_rules": [number[t.rule] for t in templates],
        "template_texts": [t.text for t in templates],
        "template_free_starts": [t.free_start for t in templates],
        "template_keys": [t.key for t in templates],
        "template_weights": [t.weight for t in templates],
        "keys": [[list(ids), _lines(spellings)] for ids, spellings in groups.items()],
        "edited_keys": _lines(compiled.edited_keys),
        "markers": list(compiled.markers),
        "heads": _lines(compiled.heads),
        "tails": None if compiled.tails is None else _lines(compiled.tails),
        "line_tails": _lines(compiled.line_tails),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    keep_record(record, text)


def _lines(words: list[str] | frozenset[str]) -> str:
    if any("\n" in w for w in words):
        raise ValueError("a word of the tables holds a newline")   # (never: words are tokens)
    return "\n".join(sorted(words))


def _words(text: object) -> list[str]:
    _need(type(text) is str)
    return text.split("\n") if text else []   # type: ignore[union-attr]


def _tables(data: dict) -> Tables:
    """The record's fields, each checked for its type and range, as Tables (ValueError/TypeError otherwise)."""
    rules = []
    for notice, kind, scope, details, source, needs_mark in _list(data["rules"]):
        _need(type(notice) is str and type(source) is str and scope in SCOPES and type(needs_mark) is bool)
        pairs = tuple(tuple(_typed(pair, str)) for pair in _list(details))
        _need(all(len(pair) == 2 for pair in pairs))
        rules.append(Rule(notice, _KINDS[kind], scope, pairs, source, needs_mark))
    numbers = _typed(data["template_rules"], int)
    texts = _typed(data["template_texts"], str)
    free_starts = _typed(data["template_free_starts"], bool)
    words = _typed(data["template_keys"], str)
    weights = _typed(data["template_weights"], int)
    _need(len(numbers) == len(texts) == len(free_starts) == len(words) == len(weights)
          and _within(numbers, len(rules)) and min(weights, default=0) >= 0 and "" not in words)
    templates = tuple(map(Template, map(rules.__getitem__, numbers), texts, free_starts, words, weights))
    keys: dict[str, tuple[int, ...]] = {}
    for ids, spellings in _list(data["keys"]):
        found = tuple(_typed(ids, int))
        _need(_within(found, len(templates)))
        keys.update(dict.fromkeys(_words(spellings), found))
    markers = tuple(_typed(data["markers"], str))
    _need(len(markers) > 0 and all(markers))
    edited_keys = frozenset(_words(data["edited_keys"]))
    _need(edited_keys <= keys.keys())
    tails = None if data["tails"] is None else frozenset(_words(data["tails"]))
    return Tables(templates, keys, edited_keys, tables.edited_pattern(markers), frozenset(_words(data["heads"])),
                  tails, frozenset(_words(data["line_tails"])), markers)


def _need(condition: bool) -> None:
    if not condition:
        raise ValueError("not a record of the wording tables")


def _list(value: object) -> list:
    _need(type(value) is list)
    return value  # type: ignore[return-value]


def _typed(value: object, kind: type) -> list:
    """`value` if it is a list of `kind` exactly (a bool is no int), checked at C speed."""
    _need(type(value) is list and set(map(type, value)) <= {kind})
    return value  # type: ignore[return-value]


def _within(numbers: list[int] | tuple[int, ...], size: int) -> bool:
    return not numbers or (min(numbers) >= 0 and max(numbers) < size)
