"""Every wording of every table, written out as a phone writes it, comes back as WhatsApp's own text
of the rule's kind: never as a person's message.

The golden exports (tests/golden/export/) check whole files in the languages they cover; this
checks each template of each of the ~57 tables, so a language without a golden file is still held
to its table, and a template that no longer matches what it says (a hole in the wrong place, a
mark the matcher drops, a key word hidden by punctuation) fails here with its file and text.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from whatsapp_ingest.export import languages
from whatsapp_ingest.export.classify import classify, classify_authorless

LRM = "\u200e"
HOLE = re.compile(r"\{(\*|[a-z_]+(?::phone)?)\}")
FILL = {"actor": "Ana Lestari", "target": "Budi", "admin": "Ana Lestari", "group": "Guru Hebat", "old": "Lama",
        "new": "Baru", "file": "IMG-20210804-WA0001.jpg", "url": "https://maps.google.com/?q=-6.2,106.8",
        "pages": "3"}
TABLES = sorted(Path(languages.__file__).parent.glob("*.toml"))


def written(template: str) -> str:
    """The template as WhatsApp writes it: names in the holes, a further sentence where `{*}` follows a
    blank (WhatsApp's "Tap to call back"), nothing where it is glued to a word."""
    def fill(m: re.Match[str]) -> str:
        hole = m.group(1)
        if hole == "*":
            return "Ketuk 2" if template[m.start() - 1:m.start()] == " " else ""
        return "+62 812-3456-7890" if hole.endswith(":phone") else FILL[hole]
    return re.sub(r"[ \t]+", " ", HOLE.sub(fill, template)).strip()


def wordings(path: Path) -> list[tuple[str, str, str]]:
    """(template, kind, scope) of every rule of one table; a poll (a block over several lines, its
    options in the next lines) is left to tests/test_classify.py."""
    rules = tomllib.loads(path.read_text(encoding="utf-8")).get("rule", [])
    return [(t, r["kind"], r.get("scope", "whole")) for r in rules if r.get("scope") != "block" for t in r["templates"]]


def test_every_table_is_read() -> None:
    assert len(TABLES) >= 50 and all(wordings(path) for path in TABLES)


@pytest.mark.parametrize("path", TABLES, ids=[p.stem for p in TABLES])
def test_every_wording_comes_back_as_whatsapps_own_text_of_its_kind(path: Path) -> None:
    wrong = []
    for template, kind, scope in wordings(path):
        body = written(template) + ("\nsebuah keterangan" if scope == "first_line" else "")
        # an iPhone writes it under a person's (or the group's) name after its invisible mark
        got = classify(LRM + body, True, True)
        if got is None or got.kind.value != kind:
            wrong.append(("iphone", template, None if got is None else got.kind.value))
        # Android writes its notices and calls without an author
        if kind in ("system", "call") and scope == "whole":
            got = classify_authorless(body)
            if got is None or got.kind.value != kind:
                wrong.append(("android", template, None if got is None else got.kind.value))
    assert wrong == []
