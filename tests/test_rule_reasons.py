"""Review reasons written in a rule file are shown in the outputs' language: `review` (Indonesian,
the default) or `review_en` under English; the shipped rule sets give both for every reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from whatsapp_ingest import i18n
from whatsapp_ingest.errors import RuleError
from whatsapp_ingest.programme.ruleset import parse_rules

RULES = Path(__file__).resolve().parents[1] / "rules"     # this checkout's rule files, not an installed copy
FILE = """
[[rule]]
name = "file tanpa nomor"
action = "submit"
kinds = ["attachment"]
pattern = '''\\.docx$'''
task = "PR.1"
review = "file tanpa nomor tugas: tugas mana yang dikirim?"
review_en = "a file without a task number: which task was sent?"
"""


@pytest.fixture(autouse=True)
def indonesian_afterwards():
    yield
    i18n.set_language("id")


@pytest.mark.parametrize(("lang", "reason"), [
    ("id", "file tanpa nomor tugas: tugas mana yang dikirim?"),
    ("en", "a file without a task number: which task was sent?"),
])
def test_the_reason_in_the_language_of_the_run(lang: str, reason: str) -> None:
    i18n.set_language(lang)
    verdict = parse_rules(FILE, "aturan.toml").classify("attachment", "", "Tugas Rina.docx")
    assert (verdict.tasks, verdict.review, verdict.review_rule) == (("PR.1",), reason, "file tanpa nomor")


def test_without_review_en_english_shows_the_indonesian_reason() -> None:
    i18n.set_language("en")
    rules = parse_rules(FILE.replace('review_en = "a file without a task number: which task was sent?"\n', ""), "a.toml")
    assert rules.classify("attachment", "", "x.docx").review == "file tanpa nomor tugas: tugas mana yang dikirim?"


def test_review_en_alone_is_refused_in_indonesian() -> None:
    i18n.set_language("id")
    with pytest.raises(RuleError) as raised:
        parse_rules(FILE.replace('review = "file tanpa nomor tugas: tugas mana yang dikirim?"\n', ""), "aturan.toml")
    assert raised.value.render() == ("aturan.toml:8: aturan 1 (file tanpa nomor): ada review_en tanpa review; tulis "
                                     "alasannya dulu di review (bahasa Indonesia), lalu bentuk Inggrisnya di review_en")


@pytest.mark.parametrize("name", ["bimlat-ptk", "bimlat-absen"])
def test_every_shipped_reason_has_its_english_form(name: str) -> None:
    rules = parse_rules((RULES / f"{name}.toml").read_text(encoding="utf-8"), f"rules/{name}.toml")
    reviewed = [rule for rule in rules.rules if rule.review]
    assert len(reviewed) == 4
    for rule in reviewed:
        assert rule.review_en and rule.review_en != rule.review, rule.name
    i18n.set_language("en")
    verdict = rules.classify("attachment", "", "Format PR 2 Rina.docx")
    assert verdict.review == "a file named as a template: make sure this is the filled-in task, not the empty template"
