"""The wording tables as the parser uses them: compiled from the `*.toml` files only when those (or the
code that compiles them) changed, otherwise read back from a record of the last compilation, and
then only as far as a file needs them.

Compiling 57 tables (reading the TOML, every template's key word and its spellings, the index) takes
about 0.13 s of CPU. The record lets a start skip that; it is laid out so that reading it back
builds almost nothing up front (`Wordings`): the quick check's forms (`prefilter`), the stripped forms
of every key word's spellings (one set, for the test "does this body hold a key word at all"), and
the rest kept as it was read until a body needs it: a token's key words and their templates are
looked up the first time a body holds that token, and a table's templates are built the first time
one of them is tried (one section per table file: an Indonesian chat builds Indonesian templates and
the few others that share a key word). Reading it back costs a few milliseconds where building
every template and each of the 105,000 spellings of the key words cost about 0.08 s.

The TOML files stay the only thing people edit: the record is plain JSON kept beside Python's own
compiled files (`__pycache__/` of this folder, so whoever could change it could change the code),
keyed by a digest of every table's bytes, of the compiling code and of the Python and Unicode
versions. It is checked field by field when read (a section of templates when it is first used); a
record that is missing, stale, damaged or odd in any way is ignored and compiled again (a damaged
section later on makes the tables be compiled again then, before any of it is used). No code is ever
read from it: its texts are templates, compiled by `tables.compile_template` as before, and the
edited markers, compiled by `tables.edited_pattern`.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from bisect import bisect_left
from itertools import accumulate
from operator import le
from pathlib import Path

from whatsapp_ingest.export.languages import prefilter, tables
from whatsapp_ingest.export.languages.prefilter import HEAD_SIZE, TAIL_SIZE, Prefilter
from whatsapp_ingest.export.languages.tables import (
    GLUE, SCOPES, Rule, Tables, Template, compile_tables, edited_pattern, key_word, read_sources, spellings,
)
from whatsapp_ingest.fileio import keep_record, parts_digest
from whatsapp_ingest.records import Kind

__all__ = ["FOLDER", "RECORD", "Wordings", "load", "cache_key", "record_of"]

FOLDER = Path(tables.__file__).parent
RECORD = FOLDER / "__pycache__" / "wordings.json"
FORMAT = 2   # the record's layout: a new layout is a new number (an old record is then simply stale)
_KINDS = {kind.value: kind for kind in Kind}
_EXACT_KEPT = 20_000   # tokens whose key words were looked up, kept (a chat's words repeat)


def load(folder: Path = FOLDER, record: Path = RECORD) -> Wordings:
    """The tables of `folder`: from `record` when it holds this very compilation, else compiled from
    the TOML (and `record` written for the next start; a folder it cannot be written to only costs
    the compilation)."""
    sources = read_sources(folder)
    key = cache_key(sources)
    found = _read(record, key, folder)
    if found is not None:
        return found
    return _compile(folder, record, key, sources)


def _compile(folder: Path, record: Path, key: str, sources: list[tuple[str, bytes]]) -> Wordings:
    """Compile the tables, write their record, and give them back as the record reads them."""
    data = record_of(key, compile_tables(sources, folder.name))
    keep_record(record, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    wordings = Wordings(data, folder, record)
    for section in range(len(data["sections"])):   # all built now (a fault here is a fault of this code)
        wordings._build(section)
    return wordings


def cache_key(sources: list[tuple[str, bytes]]) -> str:
    """A digest of what the compiled tables depend on: the tables' names and bytes, the compiling
    code, the record's layout, and the Python and Unicode versions (case rules decide spellings)."""
    parts = [str(FORMAT).encode(), sys.version.encode(), unicodedata.unidata_version.encode(),
             Path(tables.__file__).read_bytes(), Path(prefilter.__file__).read_bytes(),
             Path(__file__).read_bytes()]
    for name, data in sources:
        parts += [name.encode("utf-8"), data]
    return parts_digest(parts)


def _read(record: Path, key: str, folder: Path) -> Wordings | None:
    """The tables the record holds, if it is a well-formed record of `key`; None otherwise."""
    try:
        data = json.loads(record.read_bytes())
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        return Wordings(data, folder, record)
    except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None


def record_of(key: str, compiled: Tables) -> dict:
    """The record of compiled tables (see `Wordings` for its fields)."""
    templates = compiled.templates
    by_word: dict[str, list[int]] = {}
    for i, t in enumerate(templates):   # (the order the compilation indexed the key words in)
        by_word.setdefault(t.key, []).append(i)
    edited = list(dict.fromkeys(key_word(m) for m in compiled.markers))
    words = list(by_word) + [w for w in edited if w not in by_word]
    number = {w: i for i, w in enumerate(words)}
    pairs = sorted({(s.strip(GLUE), number[w]) for w in words for s in spellings(w)})
    files = list(dict.fromkeys(map(_file, templates)))
    section_of = {name: n for n, name in enumerate(files)}
    parts: list[list[int]] = [[] for _ in files]
    for i, t in enumerate(templates):
        parts[section_of[_file(t)]].append(i)
    pre = prefilter.prefilter(compiled)
    return {
        "format": FORMAT,
        "key": key,
        "markers": list(compiled.markers),
        "heads": _lines(pre.heads),
        "long_tails": _lines(pre.long_tails),
        "short_tails": _lines(pre.short_tails),
        "line_tails": _lines(pre.line_tails),
        "everything": pre.everything,
        "words": words,
        "word_sizes": [len(by_word.get(w, ())) for w in words],
        "word_ids": [i for w in words for i in by_word.get(w, ())],
        "edited_words": [number[w] for w in edited],
        "cores": _lines([core for core, _ in pairs]),
        "core_words": [w for _, w in pairs],
        "template_sections": [section_of[_file(t)] for t in templates],
        "sections": [_section([templates[i] for i in ids], ids) for ids in parts],
    }


def _file(template: Template) -> str:
    return template.rule.source.split(" rule ")[0]


def _section(templates: list[Template], ids: list[int]) -> str:
    """One table file's templates (with their global indices) and rules, as a JSON text of its own:
    the record is read without building them, and a section is parsed when first needed."""
    rules = list(dict.fromkeys(t.rule for t in templates))
    number = {rule: i for i, rule in enumerate(rules)}
    return json.dumps({
        "rules": [[r.notice, r.kind.value, r.scope, [list(d) for d in r.details], r.source, r.needs_mark]
                  for r in rules],
        "templates": [[i, number[t.rule], t.text, t.free_start, t.key, t.weight] for i, t in zip(ids, templates)],
    }, ensure_ascii=False, separators=(",", ":"))


def _lines(words: frozenset[str] | tuple[str, ...] | list[str]) -> str | None:
    """Words as one text of lines (None for none); no word holds a newline (they are tokens or ASCII
    endings), which the split when reading back relies on."""
    if any("\n" in w for w in words):
        raise ValueError("a word of the tables holds a newline")   # (never: words are tokens)
    return "\n".join(sorted(words)) if words else None


def _split(text: object) -> list[str]:
    if text is None:
        return []
    _need(type(text) is str)
    return text.split("\n")   # type: ignore[union-attr]


class Wordings:
    """The compiled tables as the classifier asks for them (see the module's doc), read from a record.

    `prefilter`: the quick check's forms. `cores`: every key word's spellings stripped of what glues
    to them (`tables.GLUE`): a token whose stripped form is not among them is no key word's spelling.
    `exact(token)`: the template indices of the key words the token spells, and whether one of them
    is an edited marker's; None when it spells none. `template(i)`: template i of the whole list
    (most specific first). `edited`: the edited marker's pattern. Every field is checked when the
    record is read, a section of templates when it is first used (a bad one: compiled again).
    """

    def __init__(self, data: dict, folder: Path = FOLDER, record: Path = RECORD) -> None:
        self._folder, self._record = folder, record
        markers = tuple(_typed(data["markers"], str))
        _need(len(markers) > 0 and all(markers))
        heads, long_tails = _split(data["heads"]), _split(data["long_tails"])
        short_tails, line_tails = _split(data["short_tails"]), _split(data["line_tails"])
        _need(set(map(len, heads)) <= {HEAD_SIZE} and set(map(len, long_tails)) <= {TAIL_SIZE}
              and set(map(len, short_tails)) <= set(range(1, TAIL_SIZE)) and all(line_tails)
              and type(data["everything"]) is bool)
        self.prefilter = Prefilter(frozenset(heads), frozenset(long_tails), tuple(short_tails), tuple(line_tails),
                                   data["everything"])
        words = _typed(data["words"], str)
        sizes = _typed(data["word_sizes"], int)
        ids = _typed(data["word_ids"], int)
        edited_words = _typed(data["edited_words"], int)
        cores = _split(data["cores"])
        core_words = _typed(data["core_words"], int)
        sections = _typed(data["sections"], str)
        section_of = _typed(data["template_sections"], int)
        count = len(section_of)
        _need(len(sizes) == len(words) and min(sizes, default=0) >= 0 and sum(sizes) == len(ids)
              and _within(ids, count) and _within(edited_words, len(words)) and len(edited_words) > 0
              and len(cores) == len(core_words) and _within(core_words, len(words))
              and all(map(le, cores, cores[1:])) and _within(section_of, len(sections)))
        self.markers = markers
        self.cores = frozenset(cores)
        self._words, self._ids, self._edited_words = words, ids, frozenset(edited_words)
        self._starts = list(accumulate(sizes, initial=0))
        self._cores, self._core_words = cores, core_words
        self._sections, self._section_of = sections, section_of
        self._templates: list[Template | None] = [None] * count
        self._spelled: dict[int, set[str]] = {}
        self._exact: dict[str, tuple[tuple[int, ...], bool] | None] = {}
        self._edited: re.Pattern[str] | None = None

    @property
    def edited(self) -> re.Pattern[str]:
        """The edited marker at the end of a body (see `tables.edited_pattern`), compiled when first asked for."""
        if self._edited is None:
            self._edited = edited_pattern(self.markers)
        return self._edited

    def exact(self, token: str) -> tuple[tuple[int, ...], bool] | None:
        """(indices of the templates whose key word `token` spells, sorted; whether it spells an edited
        marker's key word), or None when it spells no key word (as the compiled index says)."""
        try:
            return self._exact[token]
        except KeyError:
            pass
        core, cores = token.strip(GLUE), self._cores
        at = bisect_left(cores, core)
        found: set[int] | None = None
        edited = False
        while at < len(cores) and cores[at] == core:
            word = self._core_words[at]
            at += 1
            if token in self._spellings(word):
                found = found or set()
                found.update(self._ids[self._starts[word]:self._starts[word + 1]])
                edited = edited or word in self._edited_words
        result = None if found is None else (tuple(sorted(found)), edited)
        if len(self._exact) < _EXACT_KEPT:
            self._exact[token] = result
        return result

    def _spellings(self, word: int) -> set[str]:
        known = self._spelled.get(word)
        if known is None:
            known = self._spelled[word] = spellings(self._words[word])
        return known

    def template(self, i: int) -> Template:
        """Template `i` (most specific first), its table's section built when first needed."""
        found = self._templates[i]
        if found is None:
            try:
                self._build(self._section_of[i])
            except (ValueError, TypeError, KeyError, IndexError, RecursionError):
                self._recompile()
            found = self._templates[i]
            assert found is not None
        return found

    def templates(self) -> tuple[Template, ...]:
        """Every template, most specific first (each section built)."""
        return tuple(map(self.template, range(len(self._templates))))

    def keys(self) -> dict[str, tuple[int, ...]]:
        """Every spelling of every key word → its template indices, as `tables.compile_tables` indexes them."""
        keys: dict[str, tuple[int, ...]] = {}
        for word, start, stop in zip(range(len(self._words)), self._starts, self._starts[1:]):
            if start == stop:
                continue
            ids = tuple(self._ids[start:stop])
            for spelling in self._spellings(word):
                known = keys.get(spelling)
                keys[spelling] = ids if known is None else tuple(sorted({*known, *ids}))
        for word in self._edited_words:
            for spelling in self._spellings(word):
                keys.setdefault(spelling, ())
        return keys

    def edited_keys(self) -> frozenset[str]:
        """Every spelling of an edited marker's key word."""
        return frozenset(s for word in self._edited_words for s in self._spellings(word))

    def _build(self, section: int) -> None:
        """Build the templates of one section (one table file), checking every field."""
        data = json.loads(self._sections[section])
        _need(type(data) is dict)
        rules = []
        for notice, kind, scope, details, source, needs_mark in _list(data["rules"]):
            _need(type(notice) is str and type(source) is str and scope in SCOPES and type(needs_mark) is bool)
            pairs = tuple(tuple(_typed(pair, str)) for pair in _list(details))
            _need(all(len(pair) == 2 for pair in pairs))
            rules.append(Rule(notice, _KINDS[kind], scope, pairs, source, needs_mark))
        built: dict[int, Template] = {}
        for i, rule, text, free_start, word, weight in _list(data["templates"]):
            _need(type(i) is int and type(rule) is int and 0 <= rule < len(rules) and type(text) is str
                  and type(free_start) is bool and type(word) is str and word != "" and type(weight) is int
                  and weight >= 0)
            built[i] = Template(rules[rule], text, free_start, word, weight)
        _need(sorted(built) == [i for i, s in enumerate(self._section_of) if s == section])
        for i, template in built.items():
            self._templates[i] = template

    def _recompile(self) -> None:
        """A section of the record did not read back: compile the tables again and use that instead
        (the record written again for the next start)."""
        sources = read_sources(self._folder)
        fresh = _compile(self._folder, self._record, cache_key(sources), sources)
        self.__dict__.update(fresh.__dict__)   # every attribute, so none added later stays stale


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
