"""CLASSIFY: WhatsApp's own notices, placeholders and markers, recognised from the message text.

The wordings are data (`languages/*.toml`, see docs/languages.md), compiled when they change
(`languages.cached`) and read when a body first needs them, only as far as it needs them. The
parser calls `classify` for every message, so the common case must be cheap: each rule has a
*key word* (a word every text it matches contains, as a whole whitespace-separated token), and a
body none of whose tokens is a key word is an ordinary message after one `str.split` and one set
test. Only bodies that hold a key word are cleaned of invisible marks and tried against the
(few) rules that word belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, repeat
from operator import itemgetter, not_

from whatsapp_ingest.export.languages import cached
from whatsapp_ingest.export.languages.prefilter import HEAD_SIZE, TAIL_SIZE
from whatsapp_ingest.export.languages.tables import GLUE, KEY_WITHIN, MARKS, Rule
from whatsapp_ingest.records import Kind

__all__ = ["Classified", "classify", "classify_authorless", "may_be_notices", "UNKNOWN", "LRM"]

LRM = "\u200e"
# The notice name of WhatsApp's own text in a wording no table holds: an iPhone body that opens with
# LRM (WhatsApp's mark, never typed by a person) or an author-less line ("other").
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Classified:
    """What a body is, when it is not an ordinary message kept unchanged."""

    kind: Kind
    text: str                 # the body with WhatsApp's edited marker removed (otherwise unchanged)
    attachment: str = ""      # file name where the export names one
    edited: bool = False
    notice: str = ""          # the rule's name: "added", "left", "media", "deleted", "attached" …
    details: tuple[tuple[str, str], ...] = ()  # what the notice pattern captured, e.g. (("group", "X"),)


_NOTICE_KINDS = (Kind.SYSTEM, Kind.CALL)
# Matching only: invisible marks go, odd spaces and curly quotes become plain ones.
_strip_marks = re.compile(f"[{MARKS}]").sub
_ODD = "\u00a0\u202f\u2007\u201c\u201d\u201e\u2018\u2019"
_has_odd = re.compile(f"[{_ODD}]").search
_PLAIN = str.maketrans(_ODD, "   \"\"\"''")
# Key words sit among a body's first words (tables.KEY_WITHIN of a template, after names) or end it
# (the edited marker), so a long body's middle is never split into tokens.
_HEAD = 2 * KEY_WITHIN
_TRIM = " \t\r\n\u00a0\u202f" + MARKS
_first = itemgetter(slice(0, HEAD_SIZE))
_last = itemgetter(slice(-TAIL_SIZE, None))

# The tables, read when a body first needs them (not at import: `parse` forks its processes first,
# and a command that reads no export never pays for them). See `languages.cached.Wordings`.
_WORDINGS: cached.Wordings | None = None


def _wordings() -> cached.Wordings:
    global _WORDINGS
    if _WORDINGS is None:
        _WORDINGS = cached.load()
    return _WORDINGS


def may_be_notices(bodies: list[str], multiline: list[int]) -> list[int]:
    """The indices of the bodies (under an author) that `classify(body, True)` may not find ordinary.

    Every other body is an ordinary message, decided by its shape at C speed: an ASCII body (no
    invisible marks, no curly quotes) can only be a placeholder, marker or notice when it starts
    with a template's opening words or ends with its closing word (see `languages.prefilter`). `multiline`:
    a true value for each body that holds a newline (its first line is looked at too).
    """
    n = len(bodies)
    pre = (_WORDINGS or _wordings()).prefilter
    if pre.everything:
        return list(range(n))
    found = set(compress(range(n), map(not_, map(str.isascii, bodies))))   # (a flag of each string: no scan)
    # Stripped at both ends: what a head can start or a tail can end, of the text `_match` sees.
    stripped = list(map(str.strip, bodies))
    found.update(compress(range(n), map(pre.heads.__contains__, map(_first, stripped))))
    ends = list(map(str.lower, map(_last, stripped)))   # (the tails' forms are lower case)
    found.update(compress(range(n), map(pre.long_tails.__contains__, ends)))
    if pre.short_tails:
        found.update(compress(range(n), map(str.endswith, ends, repeat(pre.short_tails))))
    several = list(compress(range(n), multiline))
    if pre.line_tails and several:  # a first line of a longer body, as `_match` cuts it, may end like a tail
        firsts = map(itemgetter(0), map(str.partition, map(str.lstrip, map(bodies.__getitem__, several)),
                                        repeat("\n")))
        ends = map(str.endswith, map(str.lower, map(str.rstrip, firsts)), repeat(pre.line_tails))
        found.update(compress(several, ends))
    return sorted(found)


def classify(body: str, has_author: bool, ios: bool = False) -> Classified | None:
    """Classify a message body. None means: an ordinary message whose text is `body` unchanged.

    `has_author` says the header named someone. iOS writes notices under a person's or the group's
    name, preceded by an invisible LRM mark; a notice that starts with a free-form name ("X left",
    "X keluar") is therefore only recognised under an author when the body opens with such a mark
    (LRM, or the embedding marks around a phone number), so that a teacher writing "Pak Budi keluar"
    stays a message. Without an author, a body that is no known notice is a SYSTEM notice named
    "other" (a wording the tables do not know yet). `ios`: the file has iPhone headers; there a body
    under an author that opens with LRM is WhatsApp's own text whatever its words (structure before
    words), so when no table matches it is a SYSTEM notice named "unknown", never a message.
    """
    keyed = _keyed(_tokens(body))
    if not keyed:
        if not has_author:
            return Classified(Kind.SYSTEM, body, notice="other")
        if not (ios and body.lstrip(" ")[:1] == LRM):
            return None
        # iPhones sometimes write the mark twice ("‎‎รหัสความปลอดภัย…"): the first word's key hides behind both
        keyed = _keyed(_tokens(body.lstrip(" " + MARKS)))
        if not keyed:
            return _structural(body)
    found = _match(body, keyed, has_author, notices_only=False)
    if not has_author and (found is None or found.kind is Kind.MESSAGE):
        return Classified(Kind.SYSTEM, body, notice="other")
    if ios and (found is None or found.kind is Kind.MESSAGE) and body.lstrip(" ")[:1] == LRM:
        return _structural(found.text if found else body, found is not None and found.edited)
    return found


# `<attached: 00000012-PHOTO-2021-08-04-10-11-12.jpg>` in any UI language: a word or two, ": " (Chinese and
# Japanese write the full-width "：", which no template's key word can hold), a file name.
_ATTACHED_ANY = re.compile(r"<[^<>:：\n]{1,40}(?:: |：) ?(?P<file>[^<>\n]+\.[0-9A-Za-z]{1,6})>")


def _structural(body: str, edited: bool = False) -> Classified:
    """An iPhone body that opens with LRM and that no wording table holds: WhatsApp's own text.

    The shape `<word: file.ext>` is an attachment whatever the language; anything else is a notice of
    unknown wording (kind system, notice "unknown"), never a person's message.
    """
    first = _clean(body).strip().split("\n", 1)[0].rstrip()
    m = _ATTACHED_ANY.fullmatch(first) or _ATTACHED_ANY.fullmatch(first.split(" ")[-1])
    if m is not None:
        file = m.group("file").strip()
        kind, notice = (Kind.CONTACT, "contact") if file.lower().endswith(".vcf") else (Kind.ATTACHMENT, "attached")
        return Classified(kind, body, attachment=file, edited=edited, notice=notice)
    return Classified(Kind.SYSTEM, body, edited=edited, notice=UNKNOWN)


def classify_authorless(line_rest: str) -> Classified | None:
    """The text after an Android header, when the whole of it is a known notice (SYSTEM or CALL).

    Called before `Author: text` is split, so that `X changed the subject from "A: B" to "C"` is
    never read as a message by "X changed the subject from "A". Names in notices never hold ": "
    outside quotes, so `Budi: I added the file` is not taken for "Budi: I" adding someone.
    """
    keyed = _keyed(_tokens(line_rest))
    if not keyed:
        return None
    return _match(line_rest, keyed, False, notices_only=True)


def _tokens(text: str) -> list[str]:
    """The words a key word can be among: the first `_HEAD` and the last two (the edited marker's)."""
    tokens = text.split(None, _HEAD)
    if len(tokens) > _HEAD:  # the unsplit rest: only its last two words matter
        tokens[_HEAD:] = tokens[_HEAD].rsplit(None, 2)[-2:]
    return tokens


def _keyed(tokens: list[str]) -> list[tuple[tuple[int, ...], bool]]:
    """What `Wordings.exact` says of each token that spells a key word (none: an ordinary text).

    Most bodies hold no key word, which one pass in C over the tokens' stripped forms tells."""
    wordings = _WORDINGS or _wordings()
    cores = wordings.cores
    if cores.isdisjoint(map(str.strip, tokens, repeat(GLUE))):
        return []
    hits = compress(tokens, map(cores.__contains__, map(str.strip, tokens, repeat(GLUE))))
    return [found for found in map(wordings.exact, hits) if found is not None]


def _match(body: str, keyed: list[tuple[tuple[int, ...], bool]], has_author: bool,
           notices_only: bool) -> Classified | None:
    """Try the templates of the key words `keyed` (see `_keyed`); the first (most specific) that matches wins."""
    wordings = _WORDINGS or _wordings()
    text, edited = body, False
    if not notices_only and any(marker for _, marker in keyed):
        cut = _edited_cut(body, wordings)
        if cut is not None:
            text, edited = body[:cut], True
    candidates: set[int] = set()
    for ids, _ in keyed:
        candidates.update(ids)
    clean = (text if text.isascii() else _clean(text)).strip()
    marked = body.lstrip(" \t")[:1] in MARKS
    first = None
    for i in sorted(candidates):  # most specific template first
        template = wordings.template(i)
        rule = template.rule
        if notices_only and rule.kind not in _NOTICE_KINDS:
            continue
        if template.free_start and has_author and not marked:
            continue
        if rule.scope == "whole":
            subject = clean
        else:
            if first is None:
                first = clean.split("\n", 1)[0].rstrip()
            subject = first
            if rule.scope == "block" and "\n" not in clean:
                continue
        m = template.pattern.fullmatch(subject)
        if m is not None:
            return _result(rule, m, text, edited, clean)
    if edited:
        return Classified(Kind.MESSAGE, text, edited=True)
    return None


def _clean(text: str) -> str:
    """`text` as the tables are matched against it (str.translate is slow on non-ASCII text)."""
    text = _strip_marks("", text)
    return text.translate(_PLAIN) if _has_odd(text) else text


def _edited_cut(body: str, wordings: cached.Wordings) -> int | None:
    """Where the edited marker (and the blank or marks before it) starts, if the body ends with it."""
    k = body.rfind("<")
    if k < 0 or wordings.edited.fullmatch(body, k) is None:
        return None
    return len(body[:k].rstrip(_TRIM))


def _result(rule: Rule, m: re.Match[str], text: str, edited: bool, clean: str) -> Classified:
    """The Classified for a rule's match: captured groups (trimmed) become details."""
    details = list(rule.details)
    attachment = ""
    for key, value in m.groupdict().items():
        if value is None:
            continue
        value = value.strip()
        if key == "file":
            attachment = value
        else:
            details.append((key, value))
    kind, notice = rule.kind, rule.notice
    if rule.scope == "block":
        lines = clean.split("\n")
        details.append(("question", lines[1].strip()))
    if kind is Kind.ATTACHMENT and attachment.lower().endswith(".vcf"):
        kind, notice = Kind.CONTACT, "contact"  # a shared contact card travels as a .vcf file
    return Classified(kind, text, attachment=attachment, edited=edited, notice=notice, details=tuple(details))
