"""Rule sets: which messages make a participant active on a day, and which submit a task.

A rule set is a TOML file (see docs/rules.md). Shipped sets live in the top-level `rules/` folder,
installed as the package `whatsapp_ingest.rules`; a programme names one (`rules = "bimlat-ptk"`) or
gives a path to its own file. The module is called `ruleset` because `whatsapp_ingest.rules` is
that folder of TOML files.

Every message answers two questions, each decided on its own (docs/rules.md, "How rules are
evaluated"): does it make the day active (attendance), and which tasks does it submit (submission)?
1. WhatsApp notices (kind `system` or `call`) never count, whatever the rules say.
2. The `[[rule]]` tables are tried top to bottom. A rule applies when its `kinds` (if given) hold the
   message's kind and its `pattern` (if given) is found in one of its `fields`; a `submit` rule
   applies only when it also finds a task. `attend`/`absent` answer attendance, `submit`/`mention`
   answer submission, `ignore` answers both. For each question the first applying rule decides;
   later rules only answer the questions still open. So a message may attend *and* submit.
3. A question no rule answered: attendance is yes in mode "any" when the message's kind is in
   `[activity] kinds`, else no; submission is none.
4. A rule with `review` puts the message it decided into the review queue with that reason.
"""

from __future__ import annotations

import functools
import importlib.resources
import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import regex

from whatsapp_ingest.errors import ConfigError, RuleError
from whatsapp_ingest.i18n import N_, _, language
from whatsapp_ingest.records import Kind
from whatsapp_ingest.programme.pattern_needs import NeedsIndex, needs
from whatsapp_ingest.programme.tomlcheck import TomlFile
from whatsapp_ingest.programme.textfile import read_text

ACTIONS = ("ignore", "attend", "absent", "submit", "mention")
ATTENDANCE = frozenset({"ignore", "attend", "absent"})
SUBMISSION = frozenset({"ignore", "submit", "mention"})
MODES = ("any", "rollcall")
FIELDS = ("text", "attachment")
NOTICE_KINDS = frozenset({Kind.SYSTEM.value, Kind.CALL.value})
MESSAGE_KINDS = tuple(k.value for k in Kind if k.value not in NOTICE_KINDS)
DEFAULT_KINDS = ("message", "media", "attachment", "poll", "location", "contact", "view_once")
HINT = N_("see docs/rules.md for the rule-file format")
_DEFAULT_LABEL = regex.compile(r"pesan \(mode: \w+\)")


def default_label(mode: str) -> str:
    """The evidence a day counted by no rule carries (mode "any"). It is a key kept in the figures
    and the goldens as it always was; people read it through `evidence_words`."""
    return f"pesan (mode: {mode})"


def is_default_label(rule: str) -> bool:
    """Whether `rule` is the label of a day counted by no rule (`default_label`), in any mode."""
    return _DEFAULT_LABEL.fullmatch(rule) is not None


def evidence_words(rule: str) -> str:
    """A rule name as evidence for people: the default label in plain words ("a message of their own",
    as the workbook says it); a rule's own name ("hadir di awal") as the rule file writes it."""
    return _("a message of their own") if is_default_label(rule) else rule


def rule_label(index: int, name: str | None = None) -> str:
    """How messages name the `index`-th [[rule]] table (from 0): "rule 2", or "rule 2 (name)"."""
    if name is None:
        return _("rule {n}").format(n=index + 1)
    return _("rule {n} ({name})").format(n=index + 1, name=name)


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
    review: str = ""                         # a reason: the messages this rule decides go to the review queue
    review_en: str = ""                      # the same reason in English (`--lang en`); "" shows `review`

    def reason(self) -> str:
        """The review reason in the language of this run: `review_en` in English when the file gives
        one, else `review` (rule files are written in Indonesian)."""
        return self.review_en if self.review_en and language() == "en" else self.review

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
                for task in self._names(match):
                    if task not in found:
                        found.append(task)
        return tuple(found)

    def _names(self, match: regex.Match[str]) -> list[str]:
        """The task names of one match. A group that captured several times ("PR 1 dan 2": n = 1, 2)
        gives one task per capture; a number loses its leading zeros ("TT 01" → TT.1)."""
        single = {k: self._value(v or "") for k, v in match.groupdict().items()}
        repeated = [k for k in single if len(match.captures(k)) > 1]
        if not repeated:
            return [self.task.format(**single)]
        key = repeated[0]
        return [self.task.format(**{**single, key: self._value(v)}) for v in match.captures(key)]

    def _value(self, captured: str) -> str:
        value = self._lookup.get(normalise(captured), captured)
        return str(int(value)) if value.isdigit() else value

    def _values(self, text: str, attachment: str) -> list[str]:
        """The non-empty fields this rule looks at: the text first, then the file name."""
        return [v for f, v in (("text", text), ("attachment", attachment)) if v and f in self.fields]

    @cached_property
    def _lookup(self) -> dict[str, str]:
        return dict(self.map)


@dataclass(frozen=True)
class Verdict:
    """What the rules decided for one message: does it make the day active (`counts`, decided by
    `rule`), which tasks it submits (decided by `task_rule`), and why it needs a look (`review`)."""

    counts: bool
    rule: str
    action: str          # "ignore", "submit" (names tasks), "attend", "absent", "default" or "notice"
    tasks: tuple[str, ...] = ()
    task_rule: str = ""  # the rule that answered the submission question ("" when none did)
    review: str = ""     # the reason this message goes to the review queue ("" when certain)
    review_rule: str = ""


@dataclass
class _Shape:
    """The rules that can apply to messages of one kind with or without a text and a file name
    (`RuleSet._shape`): all of them in order, the bits (NeedsIndex) of the patterns they search,
    those that search nothing, and what those decide alone (`quiet`, once known)."""

    rules: tuple[tuple[int, Rule], ...]
    searched: int
    unsearched: tuple[tuple[int, Rule], ...]
    quiet: Verdict | None = None


@dataclass(frozen=True)
class RuleSet:
    """A loaded rule set. `label` names the days counted when no rule matched (mode "any")."""

    file: str
    mode: str = "any"
    kinds: tuple[str, ...] = DEFAULT_KINDS
    label: str = default_label("any")
    description: str = ""
    rules: tuple[Rule, ...] = ()
    finder: Rule | None = None     # the [tasks] section: how tasks are named, for submit rules without `task`

    def classify(self, kind: str, text: str, attachment: str) -> Verdict:
        """Decide one message (see the module docstring for the order). A pattern is searched only
        in the fields that hold a literal it needs (programme.pattern_needs) and a rule only when
        its kinds and fields fit the message: `classify_plainly` tries every rule and searches every
        pattern, and gives the same verdict (tests hold them equal)."""
        if kind in NOTICE_KINDS:
            return Verdict(False, "", "notice")
        index = self._index
        may = (index.possible(text) if text else 0, index.possible(attachment) if attachment else 0)
        shape = self._shape(kind, bool(text), bool(attachment))
        if not (may[0] | may[1]) & shape.searched:
            # No pattern of these rules (nor the [tasks] one) can match: only the rules without a
            # pattern may apply, and what they decide depends on the kind alone.
            if shape.quiet is None:
                shape.quiet = self._decide(kind, "", "", shape.unsearched, None)
            return shape.quiet
        return self._decide(kind, text, attachment, shape.rules, may)

    def classify_plainly(self, kind: str, text: str, attachment: str) -> Verdict:
        """Decide one message as docs/rules.md says, rule by rule, every pattern searched."""
        if kind in NOTICE_KINDS:
            return Verdict(False, "", "notice")
        return self._decide(kind, text, attachment, tuple(enumerate(self.rules)), None)

    def _decide(self, kind: str, text: str, attachment: str, rules: tuple[tuple[int, Rule], ...],
                may: tuple[int, int] | None) -> Verdict:
        """The verdict from `rules` (numbered as in the file), tried in order; `may`: the bits of the
        patterns that may match the text and the file name (NeedsIndex), None: search every one."""
        attend: tuple[bool, str, str] | None = None        # (counts, rule, action)
        submit: tuple[tuple[str, ...], str] | None = None  # (tasks, rule)
        review = ("", "")
        for i, rule in rules:
            open_attend = attend is None and rule.action in ATTENDANCE
            open_submit = submit is None and rule.action in SUBMISSION
            if not (open_attend or open_submit):
                continue
            if may is None:
                if not rule.applies(kind, text, attachment):
                    continue
            elif not self._fits(i, rule, kind, text, attachment, may):
                continue
            if rule.action == "submit":
                tasks = self.tasks_of(rule, text, attachment, may)
                if not tasks:
                    continue    # a submit rule needs a task
                submit = (tasks, rule.name)
            elif rule.action == "mention":
                submit = ((), rule.name)
            else:
                if open_submit:
                    submit = ((), rule.name)
                if open_attend:
                    attend = (rule.action == "attend", rule.name, rule.action)
            if rule.review and not review[0]:
                review = (rule.reason(), rule.name)
            if attend is not None and submit is not None:
                break
        if attend is None:
            attend = (True, self.label, "default") if self.mode == "any" and kind in self.kinds else (False, "", "default")
        tasks, task_rule = submit if submit is not None else ((), "")
        action = "submit" if tasks else attend[2]
        return Verdict(attend[0], attend[1], action, tasks, task_rule, *review)

    @staticmethod
    def _fits(i: int, rule: Rule, kind: str, text: str, attachment: str, may: tuple[int, int]) -> bool:
        """`rule.applies`, with a field its pattern's needs rule out left empty (not searched: the
        search could not match it)."""
        bit = 1 << i
        return rule.applies(kind, text if may[0] & bit else "", attachment if may[1] & bit else "")

    def _shape(self, kind: str, text: bool, attachment: bool) -> _Shape:
        """The rules that can apply to a message of `kind` with a text and/or a file name, in order:
        the others would be skipped anyway (their kinds do not hold `kind`, or they read only empty
        fields), so leaving them out changes no verdict."""
        key = (kind, text, attachment)
        found = self._by_shape.get(key)
        if found is None:
            filled = {f for f, v in (("text", text), ("attachment", attachment)) if v}
            rules = tuple((i, rule) for i, rule in enumerate(self.rules)
                          if (not rule.kinds or kind in rule.kinds)
                          and ((rule.pattern is None and rule.action != "submit") or not filled.isdisjoint(rule.fields)))
            finder = 1 << len(self.rules)   # a submit rule without a pattern searches with [tasks]
            searched = sum((1 << i) if rule.pattern is not None else finder
                           for i, rule in rules if rule.pattern is not None or rule.action == "submit")
            unsearched = tuple((i, rule) for i, rule in rules if rule.pattern is None and rule.action != "submit")
            found = self._by_shape[key] = _Shape(rules, searched, unsearched)
        return found

    @cached_property
    def _by_shape(self) -> dict[tuple[str, bool, bool], _Shape]:
        """`_shape` by (kind, has a text, has a file name), filled as messages come."""
        return {}

    @cached_property
    def _index(self) -> NeedsIndex:
        """What each rule's pattern (bit i: rule i) and the [tasks] pattern (the last bit) need."""
        patterns = [rule.pattern for rule in self.rules] + [self.finder.pattern if self.finder else None]
        return NeedsIndex([needs(p) if p is not None else None for p in patterns])

    def tasks_of(self, rule: Rule, text: str, attachment: str, may: tuple[int, int] | None = None) -> tuple[str, ...]:
        """The tasks a submit rule finds: by its own `task` template, else by the [tasks] section
        (searched in the rule's fields; with `may`, only in those its needs leave possible)."""
        if rule.task or self.finder is None:
            return rule.tasks(text, attachment)
        if may is not None:
            bit = 1 << len(self.rules)
            text, attachment = (text if may[0] & bit else ""), (attachment if may[1] & bit else "")
            if not (text or attachment):
                return ()
        finder = self._finders.get(rule.fields)
        if finder is None:   # made once per set of fields, not once per message
            finder = self._finders[rule.fields] = replace(self.finder, fields=rule.fields)
        return finder.tasks(text, attachment)

    @cached_property
    def _finders(self) -> dict[tuple[str, ...], Rule]:
        """The [tasks] finder searching given fields, by those fields (filled by `tasks_of`)."""
        return {}


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
            raise ConfigError(program_file, _("rules: the rule file {file} does not exist").format(file=spec),
                              _("give a path relative to the program folder, or a shipped name: {names}").format(
                                  names=", ".join(shipped_rule_sets())))
        return read_text(path), str(path)
    resource = importlib.resources.files("whatsapp_ingest.rules") / f"{spec}.toml"
    if not resource.is_file():
        raise ConfigError(program_file, _("rules: there is no shipped rule set named {name}").format(name=repr(spec)),
                          _("use one of {names}, or a path to a .toml file").format(names=", ".join(shipped_rule_sets())))
    return resource.read_text(encoding="utf-8"), f"rules/{spec}.toml"


def parse_rules(text: str, file: str) -> RuleSet:
    """Read and validate a rule file's text; every problem is a RuleError naming the key and line."""
    try:
        return _parse_rules(text, file)
    except RuleError:
        raise
    except ConfigError as error:   # tomlcheck's errors: the same line, as a rule file's error
        raise RuleError(error.file, error.message, error.hint, error.line) from None


def _parse_rules(text: str, file: str) -> RuleSet:
    where = TomlFile(text, file)
    data = where.load(_(HINT), with_position=True)
    where.no_unknown(data, {"description", "activity", "tasks", "rule"}, "")
    description = where.typed(data, "description", str, "", _(HINT))
    activity = where.typed(data, "activity", dict, {}, _(HINT))
    where.no_unknown(activity, {"mode", "kinds", "label"}, "activity.", "activity")
    mode = where.typed(activity, "mode", str, "any", _(HINT), "activity", label="activity.mode")
    if mode not in MODES:
        raise where.error("activity", "mode", _("activity.mode: {value} is not a mode").format(value=repr(mode)),
                          _('use "any" or "rollcall"'))
    kinds = _kinds(activity, "kinds", DEFAULT_KINDS, where, "activity", 0, "activity.kinds")
    label = where.typed(activity, "label", str, default_label(mode), _(HINT), "activity", label="activity.label")
    finder = _finder(where.typed(data, "tasks", dict, None, _(HINT)), where)
    tables = where.typed(data, "rule", list, [], _(HINT), strings=False)
    rules = tuple(_rule(table, i, where, finder) for i, table in enumerate(tables))
    names = [rule.name for rule in rules]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise where.error("rule", "name", _("{rule}: name: {name} is also the name of rule {n}").format(
                rule=rule_label(i), name=repr(name), n=names.index(name) + 1),
                _("give every rule its own name (it is shown as the evidence)"), i)
    return RuleSet(file, mode, kinds, label, description, rules, finder)


def _finder(table: dict[str, Any] | None, where: TomlFile) -> Rule | None:
    """The [tasks] section: one pattern and template naming tasks, used by every submit rule without `task`."""
    if table is None:
        return None
    where.no_unknown(table, {"pattern", "task", "map", "examples"}, "tasks.", "tasks")
    fail = functools.partial(where.error, "tasks")
    source = where.typed(table, "pattern", str, None, _(HINT), "tasks", label="tasks.pattern")
    if source is None:
        raise fail(None, _("{key}: missing").format(key="tasks.pattern"), _("the task number comes from the pattern"))
    pattern = _compile(source, "tasks.pattern", functools.partial(fail, "pattern"))
    task = where.typed(table, "task", str, "", _(HINT), "tasks", label="tasks.task")
    _check_template(task, pattern, "tasks.task", "tasks.pattern", fail)
    finder = Rule("tasks", "submit", pattern, FIELDS, (), task, _map(table, "tasks", 0, where, "tasks.map"))
    for example in _examples(table, "tasks", 0, where, "tasks.examples"):
        if not finder.tasks(example, ""):
            raise fail("examples", _("{key}: the pattern finds no task in {example}").format(
                key="tasks.examples", example=repr(example)), _("correct the pattern, or the example"))
    return finder


def _compile(source: str, label: str, fail: Callable[..., ConfigError]) -> regex.Pattern[str]:
    try:
        return regex.compile(source, regex.IGNORECASE | regex.VERSION0)
    except regex.error as error:
        raise fail(_("{key}: does not compile: {error}").format(key=label, error=error),
                   _("fix the regular expression")) from None


def _map(table: dict[str, Any], name: str, index: int, where: TomlFile, label: str) -> tuple[tuple[str, str], ...]:
    mapping = where.typed(table, "map", dict, {}, _(HINT), name, index, label)
    for key, value in mapping.items():
        if not isinstance(value, str):
            raise where.error(name, "map", _("{key}: the value of {name} must be a string").format(key=label, name=repr(key)),
                              _(HINT), index)
    return tuple((normalise(k), v) for k, v in mapping.items())


def _examples(table: dict[str, Any], name: str, index: int, where: TomlFile, label: str) -> list[str]:
    examples = where.typed(table, "examples", list, [], _(HINT), name, index, label)
    for example in examples:
        if not isinstance(example, str):
            raise where.error(name, "examples", _("{key}: {value} is not a text").format(key=label, value=repr(example)),
                              _("write each example in quotes"), index)
    return examples


def _rule(table: Any, index: int, where: TomlFile, finder: Rule | None = None) -> Rule:
    fail = functools.partial(where.error, "rule", index=index)   # fail(key, message, hint)
    label = rule_label(index)
    if not isinstance(table, dict):
        raise where.error(None, None, _("{rule}: must be a table ([[rule]])").format(rule=label), _(HINT))
    where.no_unknown(table, {"name", "action", "pattern", "fields", "kinds", "task", "map", "review", "review_en",
                                "examples"},
                     f"{label}: ", "rule", index)
    if "name" not in table:
        raise fail(None, _("{key}: missing").format(key=f"{label}: name"),
                   _("give every rule a name (it is shown as the evidence)"))
    name = where.typed(table, "name", str, "", _(HINT), "rule", index, f"{label}: name")
    label = rule_label(index, name)
    action = where.typed(table, "action", str, "", _(HINT), "rule", index, f"{label}: action")
    if action not in ACTIONS:
        raise fail("action", _("{rule}: action: {value} is not an action").format(rule=label, value=repr(action)),
                   _('use "ignore", "attend", "absent", "submit" or "mention"'))
    source = where.typed(table, "pattern", str, None, _(HINT), "rule", index, f"{label}: pattern")
    pattern = None
    if source is not None:
        pattern = _compile(source, f"{label}: pattern", functools.partial(fail, "pattern"))
    fields = where.typed(table, "fields", list, list(FIELDS), _(HINT), "rule", index, f"{label}: fields")
    if not fields:
        raise fail("fields", _("{rule}: fields: empty").format(rule=label), _('use ["text"], ["attachment"] or both'))
    for value in fields:
        if value not in FIELDS:
            raise fail("fields", _("{rule}: fields: {value} is not a field").format(rule=label, value=repr(value)),
                       _('use "text" and/or "attachment"'))
    kinds = _kinds(table, "kinds", (), where, "rule", index, f"{label}: kinds")
    task = where.typed(table, "task", str, "", _(HINT), "rule", index, f"{label}: task")
    pairs = _map(table, "rule", index, where, f"{label}: map")
    if action == "submit" and (task or finder is None):
        _check_template(task, pattern, f"{label}: task", f"{label}: pattern", fail)
    elif action != "submit" and (task or pairs):
        raise fail("task" if task else "map", _('{rule}: task/map only belong to action "submit"').format(rule=label),
                   _(HINT))
    if pattern is None and not kinds and not (action == "submit" and finder is not None):
        raise fail(None, _("{rule}: needs a pattern, kinds, or both").format(rule=label),
                   _("a rule without either would match every message"))
    review = where.typed(table, "review", str, "", _(HINT), "rule", index, f"{label}: review")
    review_en = where.typed(table, "review_en", str, "", _(HINT), "rule", index, f"{label}: review_en")
    if review_en.strip() and not review.strip():
        raise fail("review_en", _("{label}: review_en without review").format(label=label),
                   _("write the reason in review first (in Indonesian), then its English form in review_en"))
    rule = Rule(name, action, pattern, tuple(fields), kinds, task, pairs, review.strip(), review_en.strip())
    for example in _examples(table, "rule", index, where, f"{label}: examples"):
        if not replace(rule, kinds=()).applies("message", example, example):
            raise fail("examples", _("{rule}: examples: the pattern does not find {example}").format(
                rule=label, example=repr(example)), _("correct the pattern, or the example"))
        if action == "submit" and not (rule.tasks(example, example) if task else
                                        replace(finder, fields=FIELDS).tasks(example, "") if finder else ()):
            raise fail("examples", _("{rule}: examples: no task is found in {example}").format(
                rule=label, example=repr(example)), _("correct the task pattern, or the example"))
    return rule


def _check_template(task: str, pattern: regex.Pattern[str] | None, task_key: str, pattern_key: str,
                    fail: Callable[..., ConfigError]) -> None:
    """`task_key`/`pattern_key` name the keys in messages ("tasks.task", "aturan 1 (a): task")."""
    if not task:
        raise fail(None, _('{key}: missing for action "submit"').format(key=task_key), _('e.g. task = "{example}"').format(example="PR.{n}"))
    if pattern is None:
        raise fail(None, _('{key}: missing for action "submit"').format(key=pattern_key),
                   _("the task number comes from the pattern"))
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(task) if f is not None]
    except ValueError as error:
        raise fail("task", f"{task_key}: {error}", _("write placeholders as {example}").format(example="{name}")) from None
    for placeholder in names:
        if placeholder not in pattern.groupindex:
            raise fail("task", _("{key}: {placeholder} is not a named group of the pattern").format(
                key=task_key, placeholder="{" + placeholder + "}"),
                _("name a group in the pattern, e.g. {group}").format(group=f"(?P<{placeholder or 'n'}>[0-9]+)"))


def _kinds(data: dict[str, Any], key: str, default: tuple[str, ...], where: TomlFile, table: str, index: int,
           label: str) -> tuple[str, ...]:
    values = where.typed(data, key, list, list(default), _(HINT), table, index, label)
    for value in values:
        if value in NOTICE_KINDS:
            raise where.error(table, key, _("{key}: {value} is a WhatsApp notice and never counts").format(
                key=label, value=repr(value)), _("remove it"), index)
        if value not in MESSAGE_KINDS:
            raise where.error(table, key, _("{key}: {value} is not a message kind").format(key=label, value=repr(value)),
                              _("use {kinds}").format(kinds=", ".join(MESSAGE_KINDS)), index)
    return tuple(values)
