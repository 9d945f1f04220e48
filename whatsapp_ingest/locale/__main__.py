"""Maintainer commands for the catalogs: check, missing, compile (see `whatsapp_ingest.locale`)."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from whatsapp_ingest.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE = LOCALE_DIR.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "Text": (1,), "ntext": (1, 2)}
# Python modules, and the Jinja2 templates of the pages (`{{ _("…") }}`), autoescaped like at run time.
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
OPTIONS = {"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def source_messages() -> dict[str, tuple[str, ...]]:
    """msgid → (msgid_plural,) or () for every marked text of the package, with where it stands."""
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS):
        if isinstance(message, tuple):
            found[message[0]] = (message[1],)
        else:
            found[message] = ()
    return found


def load(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def problems() -> list[str]:
    """Every msgid missing from a catalog, untranslated, or whose placeholders differ; duplicates."""
    wanted = source_messages()
    out = []
    for lang in LANGUAGES:
        catalog = load(lang)
        for msgid, plural in wanted.items():
            entry = catalog.get(msgid)
            if entry is None:
                out.append(f"{po_path(lang).name} [{lang}]: missing msgid {msgid!r}")
                continue
            strings = entry.string if isinstance(entry.string, (tuple, list)) else (entry.string,)
            if not all(strings):
                out.append(f"{po_path(lang).name} [{lang}]: no translation for {msgid!r}")
                continue
            names = set(PLACEHOLDER.findall(msgid)) | (set(PLACEHOLDER.findall(plural[0])) if plural else set())
            for text in strings:
                if set(PLACEHOLDER.findall(text)) - names:
                    out.append(f"{po_path(lang).name} [{lang}]: {msgid!r} → {text!r} uses a placeholder the code does not give")
        text = po_path(lang).read_text(encoding="utf-8")
        ids = re.findall(r'^msgid "(.*)"$', text, flags=re.M)
        dup = {i for i in ids if i and ids.count(i) > 1}
        out.extend(f"{po_path(lang).name} [{lang}]: duplicate msgid {d!r}" for d in sorted(dup))
    return out


def mo_bytes(lang: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, load(lang), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for lang in LANGUAGES:
        po_path(lang).with_suffix(".mo").write_bytes(mo_bytes(lang))


def add_missing() -> None:
    wanted = source_messages()
    for lang in LANGUAGES:
        catalog = load(lang)
        added = 0
        for msgid, plural in wanted.items():
            if catalog.get(msgid) is None:
                # English shows the msgid itself; every other language's msgstr is left to fill in.
                same = lang == "en"
                catalog.add((msgid, plural[0]) if plural else msgid,
                            ((msgid, plural[0]) if same else ("", "")) if plural else (msgid if same else ""))
                added += 1
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=0, omit_header=False, sort_output=False)
        po_path(lang).write_bytes(buffer.getvalue())
        print(f"{lang}: {added} msgid(s) added; fill in their msgstr")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "compile":
        compile_all()
        return 0
    if command == "missing":
        add_missing()
        return 0
    found = problems()
    print("\n".join(found) or "catalogs complete")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
