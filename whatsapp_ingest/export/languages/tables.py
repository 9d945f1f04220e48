"""Load the wording tables (`*.toml` beside this file) and compile them into matchers.

A template is WhatsApp's sentence with holes (docs/languages.md):
  `{name}`        a name or other text; it never holds ": " unless the hole sits inside quotes,
                  so a message `Budi: I added it` is not a notice by "Budi: I"
  `{name:phone}`  a phone number such as `+62 812‑3456‑7890`
  `{*}`           any text, not captured
Everything else is literal: matched case-insensitively, a space matches a run of spaces, and a final
period is optional. A hole named `file` becomes the attachment; other holes become details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.export.formats import MARKS  # the invisible marks of headers are those of bodies and names
from whatsapp_ingest.records import Kind
SCOPES = ("whole", "first_line", "block")
KEY_WITHIN = 8  # a template's key word is one of its first 8 words (classify looks only that far)
_HOLE = re.compile(r"\{(\*|[a-z_]+(?::phone)?)\}")
_NAME = r"(?:(?!: ).)+?"
MIN_HEAD = 2   # characters of literal text a template needs before its first hole, if it has any
_PHONE = r"\+?\d[\d \-\u2011().]{4,}\d"
# Spellings a key word may have as a token of the raw body: glued to an LRM/RLM or a final period/comma.
_PREFIXES = ("", "\u200e", "\u200f", "\u200e\u200f")  # iOS: its LRM before an RTL string's own RLM
_SUFFIXES = ("", ".", ",", "\u200e")
# What those glue to a key word: a spelling stripped of these characters is its word's form stripped of them.
GLUE = "".join(sorted(set("".join(_PREFIXES + _SUFFIXES))))


@dataclass(frozen=True, slots=True)
class Rule:
    """One `[[rule]]`: the notice it names, the kind it gives, where it looks and its fixed details."""

    notice: str
    kind: Kind
    scope: str
    details: tuple[tuple[str, str], ...]
    source: str  # "en.toml rule 3", for messages about the tables themselves
    needs_mark: bool = False  # a sentence a person could write too ("Du hast Anna hinzugefügt"): see free_start


@dataclass(frozen=True, slots=True)
class Template:
    """One template. `free_start`: a notice opening with a name hole, or of a rule with `needs_mark`
    (either needs iOS's mark under an author).

    The regex is compiled the first time a body holding the template's key word is tried: with
    some 2,000 templates in 50 languages, compiling all of them would cost every run a second.
    """

    rule: Rule
    text: str
    free_start: bool
    key: str
    weight: int  # literal characters: when two templates match, the one saying more wins

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled template (see `compile_template`), compiled once."""
        found = _COMPILED.get(self.text)
        if found is None:
            found = _COMPILED[self.text] = compile_template(self.text)
        return found


_COMPILED: dict[str, re.Pattern[str]] = {}


@dataclass(frozen=True, slots=True)
class Tables:
    """Every template, most specific first; the key-word index into them; the edited marker; the shapes.

    The shapes say what a body under an author (without iOS's mark) must look like to be anything but
    an ordinary message: it starts with one of `heads`, or it ends with one of `tails` (or its first
    line with one of `line_tails`), a final period allowed; all case-insensitively. `tails` is None
    when some template has no such shape (then every body must be matched).
    """

    templates: tuple[Template, ...]
    keys: dict[str, tuple[int, ...]]
    edited_keys: frozenset[str]
    edited: re.Pattern[str]
    heads: frozenset[str] = frozenset()
    tails: frozenset[str] | None = None
    line_tails: frozenset[str] = frozenset()
    markers: tuple[str, ...] = ()   # the edited markers `edited` is made of (see `edited_pattern`)


def load_tables(folder: Path | None = None) -> Tables:
    """Read every `*.toml` in `folder` (default: beside this module) and compile it.

    The parser loads its tables through `languages.cached`, which compiles them only when they changed."""
    folder = folder or Path(__file__).parent
    return compile_tables(read_sources(folder), folder.name)


def read_sources(folder: Path) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every `*.toml` in `folder`, in the order of their names."""
    sources = []
    for path in sorted(folder.glob("*.toml")):
        try:
            sources.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise ConfigError(path.name, f"cannot read the wording table ({exc})", "fix the file") from None
    return sources


def compile_tables(sources: list[tuple[str, bytes]], folder_name: str) -> Tables:
    """The tables of `sources` ((file name, bytes) in order, see `read_sources`) compiled."""
    import tomllib   # (only when the tables are compiled: a start that reads their record never needs it)

    found: list[Template] = []
    markers: list[str] = []
    shapes: list[tuple[str, str, str]] = []  # (head, tail, scope) of each template an author can write
    for name, data in sources:
        try:   # (the newlines as a text-mode read gives them)
            table = tomllib.loads(data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(name, f"cannot read the wording table ({exc})", "fix the file") from None
        markers += _strings(table.get("edited", []), name, "edited")
        for n, entry in enumerate(table.get("rule", []), 1):
            where = f"{name} rule {n}"
            templates = _rule(entry, where)
            found += templates
            shapes += [_quick_shape(text, t.rule.scope, where)
                       for text, t in zip(entry["templates"], templates) if not t.free_start]
    if not markers:
        raise ConfigError(folder_name, "no edited marker in any wording table", "add `edited = [...]` to a table")
    # Stable sort: among equally specific templates, file and table order decide.
    templates = tuple(sorted(found, key=lambda t: -t.weight))
    by_key: dict[str, list[int]] = {}
    for i, t in enumerate(templates):
        by_key.setdefault(t.key, []).append(i)
    # Each key word's spellings share one tuple of template indices (built once per word, not per template).
    keys: dict[str, tuple[int, ...]] = {}
    for key, found_ids in by_key.items():
        ids = tuple(found_ids)
        for spelling in spellings(key):
            known = keys.get(spelling)
            keys[spelling] = ids if known is None else tuple(sorted({*known, *ids}))
    edited_keys = frozenset(s for m in markers for s in spellings(key_word(m)))
    for s in edited_keys:
        keys.setdefault(s, ())
    heads = frozenset(h for h, _, _ in shapes if h)
    ends = [t for h, t, scope in shapes if not h and scope == "whole"]
    tails = None if any(not h and not t for h, t, _ in shapes) else frozenset([m.split()[-1] for m in markers] + ends)
    line_tails = frozenset(t for h, t, scope in shapes if not h and scope != "whole")
    return Tables(templates, keys, edited_keys, edited_pattern(markers), heads, tails, line_tails, tuple(markers))


def edited_pattern(markers: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """The edited marker at the end of a body (any of `markers`, longest first) and what follows it."""
    alternatives = "|".join(_literal(m) for m in sorted(markers, key=len, reverse=True))
    return re.compile(f"(?:{alternatives})[\\s{MARKS}]*", re.IGNORECASE)


def shape(template: str, scope: str) -> tuple[str, str, str]:
    """(literal before the first hole, last word after the last hole, scope) of a template as compiled."""
    template = template.strip()
    if template.endswith(".") and not template.endswith("{*}."):
        template = template[:-1]
    holes = list(_HOLE.finditer(template))
    if not holes:
        return template, "", scope
    tail = template[holes[-1].end():]
    return template[:holes[0].start()], (tail.split() or [""])[-1] if tail.strip() else "", scope


def _quick_shape(template: str, scope: str, where: str) -> tuple[str, str, str]:
    """The shape of a template the parser's quick check uses (see `shape`), refused if its head is too short."""
    found = shape(template, scope)
    head = found[0].strip()
    if head and len(head) < MIN_HEAD:
        # The quick check spells out every ASCII opening a head allows (export/classify.py): a
        # one-character head like "<" before a hole makes that set millions long and every parse
        # about three times slower.
        raise ConfigError(where, f"template {template!r} opens with only {head!r} before a hole",
                          f"give it at least {MIN_HEAD} characters of WhatsApp's own text before the first "
                          "hole, or leave the template out")
    return found


def _rule(entry: dict, where: str) -> list[Template]:
    """One `[[rule]]` table → its compiled templates."""
    try:
        notice, kind, scope = str(entry["notice"]), Kind(entry["kind"]), str(entry.get("scope", "whole"))
        texts = _strings(entry["templates"], where, "templates")
        details = tuple((str(k), str(v)) for k, v in dict(entry.get("details", {})).items())
        needs_mark = entry.get("needs_mark", False)
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(where, f"a rule needs notice, kind (a Kind) and templates ({exc})", "fix the rule") from None
    if not isinstance(needs_mark, bool):
        raise ConfigError(where, "needs_mark must be true or false", "fix the rule")
    if scope not in SCOPES or not texts:
        raise ConfigError(where, f"scope must be one of {', '.join(SCOPES)} and templates not empty", "fix the rule")
    rule = Rule(notice, kind, scope, details, where, needs_mark)
    if kind is Kind.MEDIA:  # old iPhones wrote `<‎image omitted>`: the same words inside angle brackets
        texts = texts + [f"<{t}>" for t in texts if "{" not in t and not t.startswith("<")]
    templates = []
    for text in texts:
        key = key_word(text)
        if not key:
            raise ConfigError(where, f"template {text!r} has no literal word among its first {KEY_WITHIN}",
                              "start the template with WhatsApp's own words")
        # Only a notice opening with a free-form name, or one a person could write as well (WhatsApp's
        # "You added Anna" in a language where it opens with "you"), needs iOS's mark under an author.
        free_start = (text.startswith("{") or needs_mark) and kind in (Kind.SYSTEM, Kind.CALL)
        weight = len(_HOLE.sub("", text))
        names = [h for h in _HOLE.findall(text) if h != "*"]
        if len(set(names)) != len(names):  # the one way a template cannot compile (checked without compiling)
            raise ConfigError(where, f"template {text!r} cannot be compiled (the same hole twice)",
                              "fix the template")
        templates.append(Template(rule, text, free_start, key, weight))
    return templates


def _strings(value: object, where: str, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(where, f"{field} must be a list of non-empty strings", "fix the table")
    return value


def compile_template(template: str) -> re.Pattern[str]:
    """A template → a case-insensitive regex for `fullmatch` on cleaned text (see module doc)."""
    template = template.strip()
    if template.endswith(".") and not template.endswith("{*}."):
        template = template[:-1]
    out, at = [], 0
    for m in _HOLE.finditer(template):
        out.append(_literal(template[at:m.start()]))
        hole = m.group(1)
        quoted = template[m.start() - 1:m.start()] in "\"'" and m.start() > 0
        if hole == "*":
            out.append(".*?")
        elif hole.endswith(":phone"):
            out.append(f"(?P<{hole[:-6]}>{_PHONE})")
        else:
            out.append(f"(?P<{hole}>{'.+?' if quoted else _NAME})")
        at = m.end()
    out.append(_literal(template[at:]))
    return re.compile("".join(out) + r"\.?", re.IGNORECASE)


def _literal(text: str) -> str:
    return "[ \t]+".join(re.escape(part) for part in text.split(" "))


def key_word(template: str) -> str:
    """The longest whole literal word among the template's first KEY_WITHIN words (the later on a tie).

    Every text the template matches holds it as a whitespace-separated token.
    """
    template = template.strip()
    if template.endswith(".") and not template.endswith("{*}."):  # the final period is optional (compile_template)
        template = template[:-1]
    best = ""
    for word in template.split()[:KEY_WITHIN]:
        if "{" not in word and "}" not in word and len(word) >= len(best):
            best = word
    return best


def spellings(word: str) -> set[str]:
    """The forms a key word can take as a token of a raw body (case, glued marks, final punctuation)."""
    cap = word
    for i, ch in enumerate(word):
        if ch.isalpha():
            cap = word[:i] + ch.upper() + word[i + 1:].lower()
            break
    forms = {word, word.lower(), word.upper(), cap}
    forms |= {f.replace("'", q) for f in forms for q in "\u2019\u2018"}  # Uzbek writes o‘ (U+2018)
    return {p + f + s for f in forms for p in _PREFIXES for s in _SUFFIXES}
