"""Checking a TOML file for people: the line of a key, unknown keys refused, values of the right type.

`tomllib` gives data without positions, so `TomlFile` finds a key's line in the text itself; every
problem becomes a ConfigError naming the file, that line, what is wrong and what to do. program.toml
and the rule files are both checked with it.

A place in the file is (table, key, index): table None is the top level, "decision" is `[decision]`,
("cycles", index 2) the third `[[cycles]]`; key None is the table's own header line.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.i18n import N_, _

# `[table]`, `[[table]]`, `[ rule . map ]`, `["quoted"]`, then nothing but a comment.
_HEADER = re.compile(r"""\s*(\[\[?)\s*([\w\-"']+(?:\s*\.\s*[\w\-"']+)*)\s*\]\]?\s*(?:#.*)?$""")
NESTING = 20    # brackets open at once; program.toml needs 2 (bands = [[91, "Amat Baik"]])
_TYPE_NAMES = {str: N_("a string"), list: N_("a list"), dict: N_("a table")}


def unknown_key(data: dict[str, Any], known: Iterable[str]) -> str | None:
    """The first key of `data` that is not in `known`, else None."""
    allowed = set(known)
    return next((key for key in data if key not in allowed), None)


def did_you_mean(key: str, known: tuple[str, ...]) -> str:
    """A hint for a misspelt key: the closest known key, else all of them."""
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return _("did you mean '{key}'?").format(key=close[0])
    return _("known keys: {keys}").format(keys=", ".join(known))


# The slips people make when editing by hand, each with what to write instead (first match wins).
_SLIPS = (
    (re.compile(r"=\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b"), N_("write dates as year-month-day, e.g. 2020-04-06")),
    (re.compile(r"=\s*[+-]?\d+,\d+\s*(#.*)?$"), N_("write decimals with a point, e.g. 70.5")),
    (re.compile(r"=\s*[+-]?\d+(\.\d+)?\s*%"), N_("write the number without %, e.g. 70")),
    (re.compile(r"=\s*\"[^\"#]*\"[^\"#,\]\s][^\"#]*\""), N_("a text holds a quote \": write it as \\\" or put the text in "
                                                         "single quotes ' '")),
    (re.compile(r"=\s*(?!(true|false|inf|nan)\b)[^\W\d][^=#]*$"), N_('put texts in quotes, e.g. group = "Bimlat PTK"')),
)


def syntax_hint(line: str) -> str | None:
    """What to write instead, for a line tomllib refused because of a common slip; else None."""
    for found in re.finditer(r"(?<![\d\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d\-])", line):
        try:
            date.fromisoformat(found.group(0))
        except ValueError:   # "2020-4-6" or "2020-04-31"
            return _("{value} is not a date as TOML writes it: year-month-day with two digits each, e.g. 2020-04-06").format(
                value=found.group(0))
    return next((_(hint) for pattern, hint in _SLIPS if pattern.search(line)), None)


def _header_name(raw: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in raw.split("."))


class TomlFile:
    """A TOML file's text, for locating keys and raising ConfigErrors at them.

    `arrays` names the tables written as `[[table]]`, so labels read "[[cycles]] weeks".
    """

    def __init__(self, text: str, file: str | Path, arrays: tuple[str, ...] = ()) -> None:
        self.file = file
        self.text = text
        self.lines = text.splitlines()
        self.arrays = arrays

    def load(self, hint: str, *, with_position: bool = False) -> dict[str, Any]:
        """The data; a syntax error is a ConfigError at tomllib's line (its "(at line …)" kept if `with_position`)."""
        try:
            return tomllib.loads(self.text)
        except RecursionError:   # lists or tables nested hundreds deep: no setting is written so
            raise ConfigError(self.file, _("values are nested too deeply (lists in lists or tables in tables)"),
                              _("no setting needs more than a few brackets; check the brackets on this line"),
                              self._deepest_line()) from None
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"\(at line (\d+), column \d+\)", str(error))
            what = str(error) if with_position else re.sub(r"\s*\(at .*\)$", "", str(error))
            line = int(found.group(1)) if found else None
            if line is not None and 0 < line <= len(self.lines):
                hint = syntax_hint(self.lines[line - 1]) or hint
            if "overwrite" in what or "declare" in what:   # tomllib: "Cannot overwrite a value", "Cannot declare … twice"
                hint = _("this key or table is already written above; keep one of them")
            raise ConfigError(self.file, _("not valid TOML: {detail}").format(detail=what), hint, line) from None

    def _deepest_line(self) -> int | None:
        """The first line where brackets outside strings and comments open more than a setting needs."""
        depth = 0
        for number, text in enumerate(self.lines, 1):
            for char in re.sub(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'|#.*", "", text):
                depth += char in "[{"
                depth -= char in "]}"
                if depth > NESTING:
                    return number
        return None

    def line(self, table: str | None, key: str | None = None, index: int = 0) -> int | None:
        """The 1-based line of `key` in `[table]` (or the index-th `[[table]]`), else of the table's header.

        A key written as a table of its own (`[decision]` at the top level, `[rule.map]` in a
        `[[rule]]`) is found at that header; a key not written out gives the table's header line.
        """
        section: tuple[str | None, int] = (None, 0)
        in_subtable = False   # after `[rule.map]`: the lines are map's keys, not the rule's
        seen: dict[str, int] = {}
        header_line = None
        wanted = re.compile(rf"""\s*["']?{re.escape(key)}["']?\s*[=.]""") if key else None
        for number, text in enumerate(self.lines, 1):
            header = _HEADER.match(text)
            if header:
                name = _header_name(header.group(2))
                if key and table is None and (name == key or name.startswith(f"{key}.")):
                    return number   # a table where a top-level key was expected, or that key as a table
                if section[0] is not None and name.startswith(f"{section[0]}."):
                    if key and section == (table, index) and (name == f"{table}.{key}" or name.startswith(f"{table}.{key}.")):
                        return number
                    in_subtable = True
                    continue
                seen[name] = seen.get(name, -1) + 1
                section = (name, seen[name] if header.group(1) == "[[" else 0)
                in_subtable = False
                if section == (table, index):
                    header_line = number
                continue
            if wanted and not in_subtable and section == (table, index) and wanted.match(text):
                return number
        return header_line

    def error(self, table: str | None, key: str | None, message: str, hint: str, index: int = 0) -> ConfigError:
        """A ConfigError at the line of `key` (see `line`)."""
        return ConfigError(self.file, message, hint, self.line(table, key, index))

    def where(self, table: str | None, key: str) -> str:
        """How messages name a key: "start", "[decision] threshold", "[[cycles]] weeks"."""
        if table is None:
            return key
        return f"[[{table}]] {key}" if table in self.arrays else f"[{table}] {key}"

    # -- program.toml's style: "<where> ... ; write e.g. …", unknown keys with a "did you mean" hint --

    def check_keys(self, table: str | None, data: dict[str, Any], known: tuple[str, ...], index: int = 0) -> None:
        """Refuse the first key of `data` not in `known`, suggesting the closest known key."""
        key = unknown_key(data, known)
        if key is not None:
            raise self.error(table, key, _("unknown key {key}").format(key=self.where(table, key)),
                             did_you_mean(key, known), index)

    def as_date(self, table: str | None, key: str, value: Any, index: int = 0) -> date:
        """A date, written as a TOML date or as an ISO text."""
        if isinstance(value, str):
            ymd = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)   # "2020-4-6" is unambiguous
            try:
                value = date(int(ymd[1]), int(ymd[2]), int(ymd[3])) if ymd else value
            except ValueError:
                pass
        if isinstance(value, datetime) or not isinstance(value, date):
            shown = value.isoformat() if isinstance(value, datetime) else repr(value)
            raise self.error(table, key, _("{key} = {value} is not a date").format(key=self.where(table, key), value=shown),
                             _("write it as 2020-04-06"), index)
        return value

    def as_number(self, table: str | None, key: str, value: Any, low: float, high: float | None, index: int = 0) -> float:
        """A number from `low` to `high` (None: no upper bound)."""
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < low
                or (high is not None and value > high)):   # nan compares false with everything: refused by name
            bound = (_("from {low} to {high}").format(low=f"{low:g}", high=f"{high:g}") if high is not None
                     else _("above {low}").format(low=f"{low:g}"))
            raise self.error(table, key, _("{key} = {value} is not a number {bound}").format(
                key=self.where(table, key), value=repr(value), bound=bound), _("write e.g. 70"), index)
        return float(value)

    def as_text(self, table: str | None, key: str, value: Any, index: int = 0, choices: tuple[str, ...] = ()) -> str:
        """A non-empty text, stripped; with `choices`, one of them (lower-cased)."""
        if not isinstance(value, str) or not value.strip():
            raise self.error(table, key, _("{key} must be a text in quotes").format(key=self.where(table, key)),
                             _('write e.g. key = "..."'), index)
        if choices and value.strip().lower() not in choices:
            raise self.error(table, key, _("{key} = {value} is not known").format(key=self.where(table, key), value=repr(value)),
                             _("write {choices}").format(choices=_(" or ").join(choices)), index)
        return value.strip().lower() if choices else value.strip()

    def as_list(self, table: str | None, key: str, value: Any, index: int = 0) -> list[Any]:
        """A list (its items are checked by the caller)."""
        if not isinstance(value, list):
            raise self.error(table, key, _("{key} must be a list in [ ]").format(key=self.where(table, key)),
                             _("write e.g. key = [1, 2]"), index)
        return value

    def table(self, data: dict[str, Any], key: str, known: tuple[str, ...]) -> dict[str, Any]:
        """The top-level table `[key]` (empty if absent), its keys checked against `known`."""
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(None, key, _("{key} must be a table [{key}]").format(key=key),
                             _("write [{key}] on its own line").format(key=key))
        self.check_keys(key, value, known)
        return value

    def tables(self, data: dict[str, Any], key: str, known: tuple[str, ...]) -> list[dict[str, Any]]:
        """The `[[key]]` tables (none if absent), each one's keys checked against `known`."""
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(None, key, _("{key} must be tables [[{key}]]").format(key=key),
                             _("write [[{key}]] before each one").format(key=key))
        for i, item in enumerate(value):
            self.check_keys(key, item, known, i)
        return value

    # -- the rule files' style: "<label>: must be a string, not 3; <hint>" --

    def typed(self, data: dict[str, Any], key: str, kind: type, default: Any, hint: str, table: str | None = None,
              index: int = 0, label: str | None = None, strings: bool = True) -> Any:
        """`data[key]` if it is a `kind` (a list: of strings, unless `strings` is False), else `default`."""
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, kind):
            kind_name = _(_TYPE_NAMES[kind]) if kind in _TYPE_NAMES else kind.__name__
            raise self.error(table, key, _("{key}: must be {kind}, not {value}").format(
                key=label or key, kind=kind_name, value=repr(value)), hint, index)
        if kind is list and strings and not all(isinstance(v, str) for v in value):
            raise self.error(table, key, _("{key}: must be a list of strings").format(key=label or key), hint, index)
        return value

    def no_unknown(self, data: dict[str, Any], known: Iterable[str], label: str, table: str | None = None,
                   index: int = 0) -> None:
        """Refuse the first key of `data` not in `known`, listing the known keys."""
        key = unknown_key(data, known)
        if key is not None:
            raise self.error(table, key, _("{label}{key}: unknown key").format(label=label, key=key),
                             _("known keys here: {keys}").format(keys=", ".join(sorted(known))), index)
