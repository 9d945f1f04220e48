"""Every text a person reads, in the reader's language: Indonesian by default, English on request.

Messages are written in the code in English and wrapped in `_()` (or `ngettext` for counts, `N_`
to mark a text that is translated later); the catalogs in `locale/<lang>/LC_MESSAGES/` give each
language's words (`.po`, compiled to the `.mo` that ships). Placeholders are named
(`_("{file}: refused: {reason}").format(...)`) so a translation may reorder them.

The language is Indonesian whatever the system locale, unless chosen: `[output] lang` in a
programme, else `--lang`, else the environment variable WHATSAPP_INGEST_LANG.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "whatsapp_ingest"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
ENV_VARIABLE = "WHATSAPP_INGEST_LANG"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_translations: dict[str, gettext.NullTranslations] = {}
_current = DEFAULT_LANGUAGE


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


def set_language(lang: str | None) -> str:
    """Make `lang` (see `choose_language`) the language of every later `_()`; returns it."""
    global _current
    _current = choose_language(lang)
    return _current


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
