"""The rules' quick path (programme/pattern_needs.py, RuleSet.classify) gives exactly the verdicts
of the plain evaluation (every rule tried, every pattern searched: RuleSet.classify_plainly), and
it leaves out the searches that cannot match."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whatsapp_ingest.programme.pattern_needs import NeedsIndex, needs
from whatsapp_ingest.programme.ruleset import MESSAGE_KINDS, RuleSet, load_rules, parse_rules

SHIPPED = {name: load_rules(name, Path(".")) for name in ("bimlat-ptk", "bimlat-absen")}
FLAGS = regex.IGNORECASE | regex.VERSION0   # as rule files are compiled

# Words the shipped rules look for, words of ordinary messages, and characters that test case,
# Unicode and the edges of words: the texts below are made of them.
RULE_WORDS = sorted({s for rules in SHIPPED.values() for r in [*rules.rules, rules.finder]
                     if r is not None and r.pattern is not None for s in (needs(r.pattern) or ())})
WORDS = ["saya", "hadir", "pak", "bu", "sudah", "dikirim", "tugas", "teknis", "PR", "TT", "pr1", "PR 2 dan 3",
         "kapan", "Kapan", "KIRIM", "ke", "di", "yang sudah", "yg blm", "belum", "nanti", "Format", "template",
         "TT 01", "pekerjaan rumah", "Pekerjaan  Rumah 1", "kedua", "II", "susah", "izin telat", "mboten",
         "besok", "insya allah", ".docx", ".pdf", "Tugas_Rina.docx", "Format PR 2.docx", "rekap", "daftar"]
PIECES = RULE_WORDS + WORDS + [" ", "  ", "\n", "\t", "\x1c", "\r\n", "?", ">", ":", ".", "-", "_", ",", "1", "2", "01", "12", "2020",
                               "✅", "✔", "🙏", "\u212a", "\u017f", "İ", "ı", "é", "\u00a0", "Ş", "ẞ", "ß"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
KINDS = st.sampled_from([*MESSAGE_KINDS, "system", "call"])


def verdicts(rules: RuleSet, kind: str, text: str, attachment: str) -> tuple[Any, Any]:
    return rules.classify(kind, text, attachment), rules.classify_plainly(kind, text, attachment)


@pytest.mark.parametrize("name", sorted(SHIPPED))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=KINDS, text=TEXTS, attachment=st.one_of(st.just(""), TEXTS))
def test_the_shipped_rule_sets_decide_as_the_plain_evaluation(name: str, kind: str, text: str, attachment: str) -> None:
    fast, plain = verdicts(SHIPPED[name], kind, text, attachment)
    assert fast == plain


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_real_looking_messages_are_decided_as_the_plain_evaluation(name: str) -> None:
    messages = [("message", "Assalamualaikum, berikut PR 2 saya bu 🙏", ""), ("message", "PR 1 dikirim ke mana bu?", ""),
                ("message", "Yang sudah kirim PR1: 1. Siti ✅ 2. Rina ✅", ""), ("attachment", "", "Format PR 2.docx"),
                ("attachment", "PR 2 sudah benar pak?", "PR2_Rina.docx"), ("media", "TT 01", ""),
                ("message", "Hadir bu, sekalian setor PR 2", ""), ("message", "TT 1 nya belum 🙏", ""),
                ("message", "hadir madrasah terima tindakan terima", ""), ("deleted", "Pesan ini telah dihapus", ""),
                ("attachment", "", "Laporan PTK 12.pdf"), ("message", "\u212aapan dikumpulkan", ""),
                ("message", "PR ke dua sudah sy kirim", ""), ("view_once", "nanti sy kirim", "")]
    for message in messages:
        fast, plain = verdicts(SHIPPED[name], *message)
        assert fast == plain, message


# Patterns a person might write, some on purpose beyond what the quick path reads: each must
# leave its bit set in every text it matches.
ODD_PATTERNS = [
    r"\bkapan\b", r"(?x) yang \s+ (?: sudah | belum ) # a comment", r"(?-i:Kapan)", "\u212aelvin", "\u017fudah",
    r"[✅✔]\s*[✅✔]", r"(ab)\1", r"(?P<w>pr)\s*(?P=w)", r"(?:kapan){e<=1}", r"(?<=di)kirim", r"(?<!x)tugas",
    r"(x)?(?(1)a|b)c", r"ab{0}c", r"ab{2,}c", r"(?:ab)?cd", r"a+b*c?d{1,3}", r"(?>ab|a)c", r"a++b", r"x*?y",
    r"(?i)MiXeD", r"(?s)a.b", r"(?m)^ok$", r"\?", r"\x41\u0042", r"\N{LATIN SMALL LETTER A}pa", r"[a-c]x",
    r"[^a]bc", r"(?:pr){i<=1,d<=1}x", r"(?f)strasse", r"(?w)\bword\b", r"(?r)abc", r"(?b)(?:abc){e<=2}",
    r"", r"|ab", r"(?:)", r"✅", r"é", r"İ", r"(?x) a \  b", r"(?x)[ ]x", r"(?x) a # b \n c", "(?x) a # b\n c",
    r"(?i:A)(?-i:b)", r"\p{L}pr", r"\Apr\Z", r"(?:pr|tt|pekerjaan\s*rumah)\s*\d", r"(?:\d\d)x", r"\bPR\b(?=\s*\d)",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(TEXTS, st.text(alphabet="abcdekprstuxyABCKPRXy?✅ \t\x1c\u212a\u017f\nİé1\\", max_size=12)))
def test_a_pattern_that_matches_a_text_keeps_its_bit(text: str) -> None:
    patterns = [regex.compile(source, FLAGS) for source in ODD_PATTERNS]
    # with a literal holding a space ("a b") the whole text is screened; without, word by word
    spaced = NeedsIndex([needs(p) for p in patterns])
    unspaced = [p for p in patterns if not any(c.isspace() for alt in (needs(p) or ()) for c in "".join(alt))]
    words = NeedsIndex([needs(p) for p in unspaced])
    assert (spaced.by_words, words.by_words) == (False, True)
    for index, chosen in ((spaced, patterns), (words, unspaced)):
        for _ in range(2):   # the second time from the words remembered
            possible = index.possible(text)
            for i, pattern in enumerate(chosen):
                if pattern.search(text) is not None:
                    assert possible >> i & 1, (pattern.pattern, text)


@pytest.mark.parametrize("source, expected", [
    (r"\bkapan\b", {"kapan"}),
    (r"(?x) \b (?: yang | yg ) \s+ (?: sudah | belum ) \b", {"sudah", "belum"}),   # the longer part
    (r"\?", {"?"}),
    (r"[✅✔] .* [✅✔]", set()),          # matches no ASCII text at all
    (r"(?i)hadi+r+", {"had"}),
    (r"\u212a", {"k"}),                  # the Kelvin sign matches "k" when case is ignored
    (r"(?-i:\u212a)", set()),            # …and no ASCII character when it is not
    (r"(?:kapan){e<=1}", None),          # fuzzy: one letter may be wrong, nothing is needed
    (r"(ab)\1x", {"ab"}),
    (r"(?w)kapan", None),                # other global flags: not read
    (r"a?b*", None),
])
def test_what_a_pattern_needs(source: str, expected: set[str] | None) -> None:
    found = needs(regex.compile(source, FLAGS))
    assert (None if found is None else set(found)) == expected


ODD_RULES = '''
[activity]
mode = "rollcall"

[tasks]
pattern = '(?x) (?<![\\p{L}]) (?P<kind> pr | tt ) [\\s._]* (?P<n> [0-9]+ )  # a comment at the end'
task = "{kind}.{n}"

[[rule]]
name = "hapus"
action = "ignore"
kinds = ["deleted"]

[[rule]]
name = "kelvin"
action = "absent"
pattern = '\u212aelvin|(?-i:SAKIT)'

[[rule]]
name = "ulang"
action = "attend"
fields = ["text"]
pattern = '(h)\\1adir|(?:presensi){e<=1}'

[[rule]]
name = "centang"
action = "mention"
pattern = '[✅✔]\\s*[✅✔]|\\?'
review = "periksa"

[[rule]]
name = "file sendiri"
action = "submit"
kinds = ["attachment", "media"]
fields = ["attachment"]
pattern = '(?P<n>[0-9]+)\\.pdf$'
task = "LAP.{n}"

[[rule]]
name = "kirim"
action = "submit"
fields = ["text", "attachment"]

[[rule]]
name = "gambar"
action = "attend"
kinds = ["media"]
'''


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=KINDS, text=st.one_of(TEXTS, st.sampled_from(["hhadir", "prsensi", "SAKIT", "sakit", "\u212aelvin",
                                                            "✅ ✔", "PR 3", "tt_12"])),
       attachment=st.one_of(st.just(""), TEXTS, st.sampled_from(["laporan 3.pdf", "PR2.docx", "x.pdf"])))
def test_odd_custom_rules_decide_as_the_plain_evaluation(kind: str, text: str, attachment: str) -> None:
    fast, plain = verdicts(parse_rules(ODD_RULES, "aturan.toml"), kind, text, attachment)
    assert fast == plain


class CountingPattern:
    """A compiled pattern that counts its searches (the real pattern answers)."""

    def __init__(self, pattern: regex.Pattern[str], counts: list[int]) -> None:
        self.pattern, self.flags, self._real, self._counts = pattern.pattern, pattern.flags, pattern, counts

    def search(self, value: str) -> Any:
        self._counts[0] += 1
        return self._real.search(value)

    def finditer(self, value: str) -> Any:
        self._counts[0] += 1
        return self._real.finditer(value)


def counting(rules: RuleSet, counts: list[int]) -> RuleSet:
    counted = tuple(replace(r, pattern=CountingPattern(r.pattern, counts)) if r.pattern is not None else r
                    for r in rules.rules)
    finder = replace(rules.finder, pattern=CountingPattern(rules.finder.pattern, counts)) if rules.finder else None
    return replace(rules, rules=counted, finder=finder)


def test_a_message_without_what_any_pattern_needs_is_searched_by_none() -> None:
    counts = [0]
    rules = counting(SHIPPED["bimlat-ptk"], counts)
    text = "hadir madrasah terima tindakan terima laporan pak"
    assert rules.classify_plainly("message", text, "") == rules.classify("message", text, "")
    plain, fast = counts[0], 0
    counts[0] = 0
    rules.classify("message", text, "")
    fast = counts[0]
    assert (plain, fast) == (5, 0)   # four text rules and the [tasks] pattern; none of them now
    counts[0] = 0
    rules.classify("message", "PR 2 dikirim kapan?", "")
    assert counts[0] == 1            # the first rule whose literal is there decides the submission
