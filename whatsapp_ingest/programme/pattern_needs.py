"""What a rule's pattern needs before it can match plain (ASCII) text: a few literal strings, one of
which is in every text the pattern matches, once the text is in lower case.

Most messages match none of a rule set's patterns, yet every pattern is searched in every message
while a question stays open (docs/rules.md). `needs(pattern)` reads the pattern with the regex
library's own parser (so its reading is the library's) and keeps, from the parsed tree, literal
strings the pattern cannot match without: "kapan" for `\\b kapan \\b`, any of {"sudah", "belum"}
for `yang \\s+ (?: sudah | belum )`. A rule whose needs are all absent from a lower-cased ASCII text
cannot match it, so its search is left out; the verdict is the one the search would have given.

Exact by construction, and held to it by tests (tests/test_pattern_needs.py):
- which ASCII characters a literal of the pattern matches is asked of the regex engine itself,
  with the literal's own case flags (the Kelvin sign matches "k" when case is ignored);
- only nodes whose meaning is plain are read (characters, sets of characters, sequences,
  alternatives, groups, repeats); anything else (classes like `\\w`, look-arounds, backreferences,
  fuzzy matching, conditionals) needs nothing, and a pattern the parser or these rules cannot
  read, or one with other global flags than i, m, s, x, needs nothing: it is always searched;
- texts with any non-ASCII character are always searched.

`NeedsIndex` screens a text for several patterns at once: a trie of all their literals reports
the longest literal starting at each place, word by word (a literal without spaces lies within
one word; each word's result is remembered), and gives the patterns that may match as bits.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import regex

Needs = frozenset[str] | None   # None: nothing known (always search); empty: cannot match ASCII text

_ASCII = tuple(chr(c) for c in range(128))
_PLAIN_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL | regex.VERBOSE | regex.UNICODE | regex.VERSION0
_SMALL_SET = 4   # a set of single characters bigger than this is no use as a need
_WORDS = 50_000  # words whose literals are remembered (memory stays bounded)


class _Unreadable(Exception):
    """A node this module does not read; the pattern needs nothing."""


class NeedsIndex:
    """Which of several patterns may match a text, found in one pass over it: bit i of
    `possible(text)` is set unless pattern i cannot match the text (its needs are all absent)."""

    def __init__(self, all_needs: Sequence[Needs]) -> None:
        self.always = sum(1 << i for i, found in enumerate(all_needs) if found is None)
        self.every = (1 << len(all_needs)) - 1
        literals = sorted({s for found in all_needs if found for s in found})
        # A literal found at a place stands for every literal that is its beginning: the trie
        # pattern reports the longest literal starting at each place of the text.
        self.masks = {found: sum(1 << i for i, needed in enumerate(all_needs)
                                 if needed and any(found.startswith(s) for s in needed))
                      for found in literals}
        self.finder = re.compile(f"(?=({_trie(literals)}))") if literals else None
        # A literal without white space lies within one word of the text (a run between spaces,
        # as str.split cuts): words repeat, so each word's literals are looked up once.
        self.by_words = not any(c.isspace() for literal in literals for c in literal)
        self.words: dict[str, int] = {}

    def possible(self, value: str) -> int:
        """The bits of the patterns that may match `value` (all of them when it is not ASCII)."""
        if not value.isascii():
            return self.every
        if self.finder is None:
            return self.always
        low = value.lower()
        if not self.by_words:
            return self.always | self._found(low)
        mask, words = self.always, self.words
        for word in low.split():
            found = words.get(word)
            if found is None:
                if len(words) >= _WORDS:
                    words.clear()
                found = words[word] = self._found(word)
            mask |= found
        return mask

    def _found(self, low: str) -> int:
        """The bits of the patterns a literal of which is in `low` (lower-case ASCII)."""
        mask, masks = 0, self.masks
        for found in set(self.finder.findall(low)):
            mask |= masks[found]
        return mask


def _trie(literals: Sequence[str]) -> str:
    """A stdlib `re` pattern matching, at a place, the longest of `literals` that starts there
    (lower-case ASCII literals in lower-case ASCII text: plain character equality)."""
    root: dict[str, Any] = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body   # a literal ends here: the longer ones are optional

    return pattern(root)


@functools.lru_cache(maxsize=256)
def needs(pattern: regex.Pattern[str]) -> Needs:
    """The literal strings (lower case) one of which every ASCII text `pattern` matches contains;
    None when nothing is known; an empty set when it matches no ASCII text at all."""
    if pattern.flags & ~_PLAIN_FLAGS:
        return None
    try:
        tree = _parse(pattern)
        return _needs(tree)
    except Exception:   # the library's parser or a node this module does not read: search always
        return None


def _parse(pattern: regex.Pattern[str]) -> Any:
    """The regex library's parsed tree of `pattern`, read as `regex.compile` reads it."""
    from regex import _regex_core as core

    source = core.Source(pattern.pattern)
    info = core.Info(pattern.flags, source.char_type, {})
    info.guess_encoding = regex.UNICODE
    source.ignore_space = bool(info.flags & regex.VERBOSE)
    tree = core._parse_pattern(source, info)
    if not source.at_end():
        raise _Unreadable("unbalanced")
    return tree


def _needs(node: Any) -> Needs:
    """The needs of one node of the parsed tree (see the module docstring)."""
    from regex import _regex_core as core

    kind = type(node)
    if kind is core.Sequence:
        return _sequence(node.items)
    if kind is core.Branch:
        found: set[str] = set()
        for branch in node.branches:
            part = _needs(branch)
            if part is None:
                return None
            found |= part
        return frozenset(found)
    if kind in (core.Group, core.Atomic):
        return _needs(node.subpattern)
    if kind in (core.GreedyRepeat, core.LazyRepeat, core.PossessiveRepeat):
        return _needs(node.subpattern) if node.min_count >= 1 else None
    single = _characters(node)
    if single is None:
        return None
    return frozenset(single) if len(single) <= _SMALL_SET else None


def _sequence(items: list[Any]) -> Needs:
    """A sequence needs what its most telling part needs; runs of single literal characters are
    read as one string ("k", "a", "p", "a", "n" needs "kapan")."""
    parts: list[frozenset[str]] = []
    run = ""
    for item in [*items, None]:
        single = _characters(item) if item is not None else None
        if single is not None and len(single) == 1:
            run += next(iter(single))
            continue
        if run:
            parts.append(frozenset({run}))
            run = ""
        if item is None:
            continue
        part = _needs(item)
        if part is not None:
            parts.append(part)
    if any(not part for part in parts):
        return frozenset()   # a part that matches no ASCII text: neither does the sequence
    if not parts:
        return None
    return max(parts, key=lambda part: (min(len(s) for s in part), -len(part)))


def _characters(node: Any) -> frozenset[str] | None:
    """For a node matching exactly one character: the lower-case ASCII characters it can match
    (empty: none). None for any other node."""
    from regex import _regex_core as core

    kind = type(node)
    if kind is core.Character:
        if not node.positive or node.zerowidth:
            return None
        return _one(node.value, _ignore_case(node.case_flags))
    if kind is core.SetUnion:
        if not node.positive or node.zerowidth or not node.items:
            return None
        found: set[str] = set()
        for item in node.items:
            if type(item) is not core.Character or not item.positive or item.zerowidth:
                return None
            found |= _one(item.value, _ignore_case(node.case_flags))
        return frozenset(found)
    return None


def _ignore_case(case_flags: int) -> bool:
    """Whether a node's case flags ignore case; full case folding (one character matching two)
    is not read."""
    if case_flags & regex.FULLCASE:
        raise _Unreadable("full case folding")
    return bool(case_flags & regex.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _one(value: int, ignore_case: bool) -> frozenset[str]:
    """The ASCII characters, lower-cased, that the literal character `value` matches, as the
    regex engine matches it."""
    literal = regex.compile(regex.escape(chr(value)), (regex.IGNORECASE if ignore_case else 0) | regex.VERSION0)
    return frozenset(c.lower() for c in _ASCII if literal.fullmatch(c))
