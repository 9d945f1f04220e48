"""Every text a person reads, in the reader's language: Indonesian by default, English on request.

Messages are written in the code in English and wrapped in `_()` (or `ngettext` for counts, `N_`
to mark a text that is translated later); the catalogs in `locale/<lang>/LC_MESSAGES/` give each
language's words (`.po`, compiled to the `.mo` that ships). Placeholders are named
(`_("{file}: refused: {reason}").format(...)`) so a translation may reorder them.

The language is Indonesian whatever the system locale, unless chosen: `--lang` on the command
line, else `[output] lang` inside a programme, else the environment variable WHATSAPP_INGEST_LANG.

`Text` is a message that remembers its msgid and arguments: warnings kept in the store are saved
in that form (`to_json`) and shown again in the reader's language (`from_json`), never in the
language of the run that stored them.

The command-line framework (click) translates its own words (Usage, Options, "Missing argument" …)
with the standard `gettext` functions; `set_language` points those at this package's catalogs too,
which carry those words (see `locale/framework.py`).
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Any

DOMAIN = "whatsapp_ingest"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
ENV_VARIABLE = "WHATSAPP_INGEST_LANG"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_translations: dict[str, gettext.NullTranslations] = {}


def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (loaded once); no catalog falls back to the English msgids."""
    if lang not in _translations:
        _translations[lang] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return _translations[lang]


def choose_language(requested: str | None = None) -> str:
    """The language to use: `requested` if given, else WHATSAPP_INGEST_LANG, else Indonesian.
    An unknown value falls back to Indonesian (callers that take a user's value check it first)."""
    for value in (requested, os.environ.get(ENV_VARIABLE)):
        if value and value.strip().lower() in LANGUAGES:
            return value.strip().lower()
    return DEFAULT_LANGUAGE


_current = choose_language(None)   # a library caller gets the environment's choice, else Indonesian


def set_language(lang: str | None) -> str:
    """Make `lang` (see `choose_language`) the language of every later `_()`; returns it."""
    global _current
    _current = choose_language(lang)
    _bind_framework(_current)
    return _current


def _bind_framework(lang: str) -> None:
    """Make the standard `gettext.gettext` (what click calls) answer from this package's catalog in
    `lang`: the application's text domain, as GNU gettext intends for a program and its libraries."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang    # gettext.gettext reads the language from here, at each call


def language() -> str:
    """The language `_()` translates into now."""
    return _current


def _(message: str) -> str:
    """`message` (English, the msgid) in the current language."""
    return catalog(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language."""
    return catalog(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogs without translating it now (translate it with `_()` when shown)."""
    return message


class Text(str):
    """A message shown in the current language that keeps its msgid and arguments, so it can be
    stored (`to_json`) and shown again later in another language (`from_json`).

    It is a `str` (the text as rendered now), so code that handles plain lines needs no change.
    Arguments that are themselves `Text` are re-rendered with it.
    """

    msgid: str
    plural: str
    n: int | None
    args: dict[str, Any]

    def __new__(cls, msgid: str, plural: str = "", n: int | None = None, /, **args: Any) -> "Text":
        template = ngettext(msgid, plural, n) if plural and n is not None else _(msgid)
        self = super().__new__(cls, template.format(**args))
        self.msgid, self.plural, self.n, self.args = msgid, plural, n, args
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.to_json(),))

    def to_json(self) -> dict[str, Any]:
        """A JSON-able form: msgid, plural and n when counted, and the arguments (nested `Text` kept)."""
        data: dict[str, Any] = {"msgid": self.msgid,
                                "args": {k: v.to_json() if isinstance(v, Text) else v for k, v in self.args.items()}}
        if self.plural:
            data["plural"], data["n"] = self.plural, self.n
        return data


def ntext(singular: str, plural: str, n: int, /, **args: Any) -> Text:
    """A counted `Text`: the singular or plural form for `n` (both forms go to the catalogs)."""
    return Text(singular, plural, n, **args)


def _rebuild(data: dict[str, Any]) -> str:
    return from_json(data)


def from_json(data: Any) -> str:
    """A stored message in the current language: a `to_json` form becomes `Text` again; a plain
    string (stored by an older version) is returned as it is."""
    if not isinstance(data, dict) or "msgid" not in data:
        return str(data)
    args = {k: from_json(v) if isinstance(v, dict) else v for k, v in dict(data.get("args", {})).items()}
    return Text(str(data["msgid"]), str(data.get("plural", "")), data.get("n"), **args)


def to_json(message: str) -> Any:
    """What the store keeps for a message: its `to_json` form when it is a `Text`, else the string."""
    return message.to_json() if isinstance(message, Text) else str(message)


def number(value: int) -> str:
    """A whole number with the thousands separator of the current language: 12.345 / 12,345."""
    text = f"{value:,}"
    return text.replace(",", ".") if _current == "id" else text
