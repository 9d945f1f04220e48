"""Rule sets: which messages make a participant active on a day, and which submit a task.

A rule set is a TOML file (see docs/rules.md). Shipped sets live in the top-level `rules/` folder,
installed as the package `whatsapp_ingest.rules`; a programme names one (`rules = "bimlat-ptk"`) or
gives a path to its own file. The module is called `ruleset` because `whatsapp_ingest.rules` is
that folder of TOML files.

Evaluation, for one message (first match wins):
1. WhatsApp notices (kind `system` or `call`) never count, whatever the rules say.
2. The `[[rule]]` tables are tried top to bottom; the first whose `kinds` (if given) holds the
   message's kind and whose `pattern` (if given) is found in one of its `fields` decides.
3. No rule matched: in mode "any" the message counts when its kind is in `[activity] kinds`;
   in mode "rollcall" it does not count.
"""

from __future__ import annotations

import functools
import importlib.resources
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import regex

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.records import Kind
from whatsapp_ingest.programme.tomlcheck import TomlFile
from whatsapp_ingest.programme.textfile import read_text

ACTIONS = ("ignore", "attend", "submit")
MODES = ("any", "rollcall")
FIELDS = ("text", "attachment")
NOTICE_KINDS = frozenset({Kind.SYSTEM.value, Kind.CALL.value})
MESSAGE_KINDS = tuple(k.value for k in Kind if k.value not in NOTICE_KINDS)
DEFAULT_KINDS = ("message", "media", "attachment", "poll", "location", "contact", "view_once")
HINT = "see docs/rules.md for the rule-file format"


@dataclass(frozen=True)
class Rule:
    """One `[[rule]]` table. `task` is a template over the pattern's named groups ("PR.{n}")."""

    name: str
    action: str
    pattern: regex.Pattern[str] | None = None
    fields: tuple[str, ...] = FIELDS
    kinds: tuple[str, ...] = ()
    task: str = ""
    map: tuple[tuple[str, str], ...] = ()   # normalised captured value → replacement ("pekerjaanrumah" → "PR")

    def applies(self, kind: str, text: str, attachment: str) -> bool:
        """True when this rule decides the message (its kinds and its pattern both fit)."""
        if self.kinds and kind not in self.kinds:
            return False
        if self.pattern is None:
            return True
        search, fields = self.pattern.search, self.fields
        if text and "text" in fields and search(text) is not None:
            return True
        return bool(attachment) and "attachment" in fields and search(attachment) is not None

    def tasks(self, text: str, attachment: str) -> tuple[str, ...]:
        """Every task the pattern names in the rule's fields, in order of appearance, each once."""
        if self.pattern is None:
            return ()
        found: list[str] = []
        for value in self._values(text, attachment):
            for match in self.pattern.finditer(value):
                groups = {k: self._lookup.get(normalise(v or ""), v or "") for k, v in match.groupdict().items()}
                task = self.task.format(**groups)
                if task not in found:
                    found.append(task)
        return tuple(found)

    def _values(self, text: str, attachment: str) -> list[str]:
        """The non-empty fields this rule looks at: the text first, then the file name."""
        return [v for f, v in (("text", text), ("attachment", attachment)) if v and f in self.fields]

    @cached_property
    def _lookup(self) -> dict[str, str]:
        return dict(self.map)


@dataclass(frozen=True)
class Verdict:
    """What the rules decided for one message: does it count, under which rule, which tasks."""

    counts: bool
    rule: str
    action: str          # "ignore", "attend", "submit", "default" (no rule matched) or "notice"
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    """A loaded rule set. `label` names the days counted when no rule matched (mode "any")."""

    file: str
    mode: str = "any"
    kinds: tuple[str, ...] = DEFAULT_KINDS
    label: str = "pesan (mode: any)"
    description: str = ""
    rules: tuple[Rule, ...] = ()

    def classify(self, kind: str, text: str, attachment: str) -> Verdict:
        """Decide one message (see the module docstring for the order)."""
        if kind in NOTICE_KINDS:
            return Verdict(False, "", "notice")
        for rule in self.rules:
            if rule.applies(kind, text, attachment):
                if rule.action == "ignore":
                    return Verdict(False, rule.name, "ignore")
                if rule.action == "attend":
                    return Verdict(True, rule.name, "attend")
                return Verdict(self.mode == "any", rule.name, "submit", rule.tasks(text, attachment))
        if self.mode == "any" and kind in self.kinds:
            return Verdict(True, self.label, "default")
        return Verdict(False, "", "default")


_SEPARATORS = regex.compile(r"[\s._\-]+")


def normalise(value: str) -> str:
    """How captured values are compared with `map` keys: case-folded, spaces and . - _ removed."""
    return _SEPARATORS.sub("", value).casefold()


def task_order(task: str) -> tuple[int, str, int, str]:
    """Sort key: PR before TT before anything else, then by number ("PR.2" < "PR.10" < "TT.1")."""
    prefix, _, rest = task.partition(".")
    rank = {"PR": 0, "TT": 1}.get(prefix.upper(), 2)
    number = int(rest) if rest.isdigit() else 10**9
    return (rank, prefix, number, task)


def shipped_rule_sets() -> tuple[str, ...]:
    """The names of the rule sets that come with the tool."""
    folder = importlib.resources.files("whatsapp_ingest.rules")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


def load_rules(spec: str, folder: Path, program_file: str | Path = "program.toml") -> RuleSet:
    """Load the rule set a programme names: a shipped name ("bimlat-ptk") or a path (relative to `folder`)."""
    text, file = rule_source(spec, folder, program_file)
    return parse_rules(text, file)


def rule_source(spec: str, folder: Path, program_file: str | Path = "program.toml") -> tuple[str, str]:
    """The text of the rule file a programme names, and the name errors show for it.

    A value ending in `.toml` or holding a path separator is a path; anything else a shipped name.
    """
    if spec.endswith(".toml") or "/" in spec or "\\" in spec:
        path = Path(spec) if Path(spec).is_absolute() else Path(folder) / spec
        if not path.is_file():
            raise ConfigError(program_file, f"rules: the rule file {spec} does not exist",
                              "give a path relative to the program folder, or a shipped name: "
                              + ", ".join(shipped_rule_sets()))
        return read_text(path), str(path)
    resource = importlib.resources.files("whatsapp_ingest.rules") / f"{spec}.toml"
    if not resource.is_file():
        raise ConfigError(program_file, f"rules: there is no shipped rule set named {spec!r}",
                          "use one of " + ", ".join(shipped_rule_sets()) + ", or a path to a .toml file")
    return resource.read_text(encoding="utf-8"), f"rules/{spec}.toml"


def parse_rules(text: str, file: str) -> RuleSet:
    """Read and validate a rule file's text; every problem is a ConfigError naming the key."""
    where = TomlFile(text, file)
    data = where.load(HINT, with_position=True)
    where.no_unknown(data, {"description", "activity", "rule"}, "")
    description = where.typed(data, "description", str, "", HINT)
    activity = where.typed(data, "activity", dict, {}, HINT)
    where.no_unknown(activity, {"mode", "kinds", "label"}, "activity.", "activity")
    mode = where.typed(activity, "mode", str, "any", HINT, "activity", label="activity.mode")
    if mode not in MODES:
        raise where.error("activity", "mode", f"activity.mode: {mode!r} is not a mode", "use \"any\" or \"rollcall\"")
    kinds = _kinds(activity, "kinds", DEFAULT_KINDS, where, "activity", 0, "activity.kinds")
    label = where.typed(activity, "label", str, f"pesan (mode: {mode})", HINT, "activity", label="activity.label")
    tables = where.typed(data, "rule", list, [], HINT, strings=False)
    rules = tuple(_rule(table, i, where) for i, table in enumerate(tables))
    names = [rule.name for rule in rules]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise where.error("rule", "name", f"rule {i + 1}: name: {name!r} is also the name of rule "
                              f"{names.index(name) + 1}", "give every rule its own name (it is shown as the evidence)", i)
    return RuleSet(file, mode, kinds, label, description, rules)


def _rule(table: Any, index: int, where: TomlFile) -> Rule:
    fail = functools.partial(where.error, "rule", index=index)   # fail(key, message, hint)
    label = f"rule {index + 1}"
    if not isinstance(table, dict):
        raise where.error(None, None, f"{label}: must be a table ([[rule]])", HINT)
    where.no_unknown(table, {"name", "action", "pattern", "fields", "kinds", "task", "map"}, f"{label}: ", "rule", index)
    if "name" not in table:
        raise fail(None, f"{label}: name: missing", "give every rule a name (it is shown as the evidence)")
    name = where.typed(table, "name", str, "", HINT, "rule", index, f"{label}: name")
    label = f"{label} ({name})"
    action = where.typed(table, "action", str, "", HINT, "rule", index, f"{label}: action")
    if action not in ACTIONS:
        raise fail("action", f"{label}: action: {action!r} is not an action",
                   "use \"ignore\", \"attend\" or \"submit\"")
    source = where.typed(table, "pattern", str, None, HINT, "rule", index, f"{label}: pattern")
    pattern = None
    if source is not None:
        try:
            pattern = regex.compile(source, regex.IGNORECASE | regex.VERSION0)
        except regex.error as error:
            raise fail("pattern", f"{label}: pattern: does not compile: {error}",
                       "fix the regular expression") from None
    fields = where.typed(table, "fields", list, list(FIELDS), HINT, "rule", index, f"{label}: fields")
    if not fields:
        raise fail("fields", f"{label}: fields: empty", "use [\"text\"], [\"attachment\"] or both")
    for value in fields:
        if value not in FIELDS:
            raise fail("fields", f"{label}: fields: {value!r} is not a field", "use \"text\" and/or \"attachment\"")
    kinds = _kinds(table, "kinds", (), where, "rule", index, f"{label}: kinds")
    if pattern is None and not kinds:
        raise fail(None, f"{label}: needs a pattern, kinds, or both", "a rule without either would match every message")
    task = where.typed(table, "task", str, "", HINT, "rule", index, f"{label}: task")
    mapping = where.typed(table, "map", dict, {}, HINT, "rule", index, f"{label}: map")
    if action == "submit":
        _check_template(task, pattern, label, fail)
    elif task or mapping:
        raise fail("task" if task else "map", f"{label}: task/map only belong to action \"submit\"", HINT)
    for key, value in mapping.items():
        if not isinstance(value, str):
            raise fail("map", f"{label}: map: the value of {key!r} must be a string", HINT)
    pairs = tuple((normalise(k), v) for k, v in mapping.items())
    return Rule(name, action, pattern, tuple(fields), kinds, task, pairs)


def _check_template(task: str, pattern: regex.Pattern[str] | None, label: str,
                    fail: Callable[..., ConfigError]) -> None:
    if not task:
        raise fail(None, f"{label}: task: missing for action \"submit\"", "e.g. task = \"PR.{n}\"")
    if pattern is None:
        raise fail(None, f"{label}: pattern: missing for action \"submit\"", "the task number comes from the pattern")
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(task) if f is not None]
    except ValueError as error:
        raise fail("task", f"{label}: task: {error}", "write placeholders as {name}") from None
    for placeholder in names:
        if placeholder not in pattern.groupindex:
            raise fail("task", f"{label}: task: {{{placeholder}}} is not a named group of the pattern",
                       f"name a group in the pattern, e.g. (?P<{placeholder or 'n'}>[0-9]+)")


def _kinds(data: dict[str, Any], key: str, default: tuple[str, ...], where: TomlFile, table: str, index: int,
           label: str) -> tuple[str, ...]:
    values = where.typed(data, key, list, list(default), HINT, table, index, label)
    for value in values:
        if value in NOTICE_KINDS:
            raise where.error(table, key, f"{label}: {value!r} is a WhatsApp notice and never counts", "remove it", index)
        if value not in MESSAGE_KINDS:
            raise where.error(table, key, f"{label}: {value!r} is not a message kind", "use " + ", ".join(MESSAGE_KINDS),
                              index)
    return tuple(values)
