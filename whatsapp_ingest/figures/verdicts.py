"""Every counted message's verdict: does it make the day active, which tasks it sends and for whom,
and whether the supervisor should look at it (the review queue, out/periksa.csv).

Order (docs/rules.md, "How rules are evaluated"): the rule set decides each message; a sending that
names another participant is credited to her and queued; koreksi.csv then replaces what the
supervisor corrected (and takes those messages out of the queue); last, a task sent again after
its due day by someone who had sent it in time is queued (the status counts the first sending).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from whatsapp_ingest.i18n import _, ngettext
from whatsapp_ingest.programme.corrections import CORRECTIONS_FILE, Correction
from whatsapp_ingest.programme.mentions import finder
from whatsapp_ingest.programme.program import Task
from whatsapp_ingest.programme.roster import Participant
from whatsapp_ingest.programme.ruleset import RuleSet, Verdict
from whatsapp_ingest.figures.frames import plain_frame

if TYPE_CHECKING:
    import pandas as pd

REVIEW = ["id", "no", "name", "date", "time", "author", "text", "tasks", "rule", "reason"]
VERDICT_COLUMNS = ["id", "counts", "rule", "tasks", "task_rule", "credit", "review", "review_rule", "corrected"]
ON_BEHALF_RULE = "atas nama peserta lain"
RESEND_RULE = "kirim ulang setelah batas waktu"
CORRECTION_RULE = "koreksi.csv"
TEXT_NOT_THEIRS = frozenset({"waiting"})   # notices whose body is WhatsApp's text under a person's post
CACHE_LIMIT = 50_000   # verdicts remembered per (kind, text, attachment): repeated texts are common, memory stays bounded
Key = tuple[str, str, str]   # (kind, text the rules read, attachment): what a verdict depends on besides the rule set


def verdict_key(kind: str, text: str, attachment: str, notice: str = "") -> Key:
    """The key of a counted message's rule-set verdict (`Verdicts.decide`). "Waiting for this message":
    the person posted, but the words are WhatsApp's, so no text rule may read them (a rule looking
    for "pesan" must not match "Menunggu pesan ini")."""
    return (kind, "" if notice in TEXT_NOT_THEIRS else text, attachment)


@dataclass(frozen=True)
class KnownVerdicts:
    """Verdicts `rules` gave, by key (`verdict_key`), decided before the messages are read: by a
    forked child while the parent stored them (figures/verdicts_aside.py). See `Verdicts.prime`."""

    rules: RuleSet
    verdicts: Mapping[Key, Verdict]


def message_id(timestamp: str, author: str, text: str, attachment: str) -> str:
    """A message's id in periksa.csv and koreksi.csv: stable across runs (its time, author and body)."""
    return hashlib.sha1(f"{timestamp}|{author}|{text}|{attachment}".encode("utf-8")).hexdigest()[:10]


@dataclass
class MessageVerdict:
    """What decided one counted message: the rule set's verdict, then sends on someone's behalf,
    koreksi.csv and late re-sends (in that order)."""

    id: str
    counts: bool
    rule: str
    tasks: tuple[str, ...]
    task_rule: str
    credit: int
    review: str
    review_rule: str
    corrected: str = ""


class Verdicts:
    """Decides counted participants' messages one at a time, in time order (a late re-send needs
    the first sending before it), holding only per-participant state: never every message."""

    def __init__(self, rules: RuleSet, participants: Sequence[Participant], tasks: Sequence[Task] = (),
                 corrections: Sequence[Correction] = (), every_id: bool = False) -> None:
        self.rules, self.corrections = rules, tuple(corrections)
        self.every_id = every_id   # every message's id (explain keeps them); else only where one is read
        self.names = {p.no: p.name for p in participants}
        self.names_in = finder(participants)
        self.due = {t.id: t.due for t in tasks if t.due is not None}
        self.first: dict[tuple[int, str], date] = {}
        self.cache: dict[Key, Verdict] = {}
        # koreksi.csv rows that can apply (the participant, if given, is counted), by message id
        self.fixes: dict[str, list[Correction]] = {}
        for fix in self.corrections:
            if fix.no is None or fix.no in self.names:
                self.fixes.setdefault(fix.id, []).append(fix)
        self.wanted = {fix.id for fix in self.corrections}
        self.found: set[str] = set()

    def decide(self, no: int, timestamp: str, day: date, author: str, kind: str, text: str,
               attachment: str, notice: str = "") -> MessageVerdict | Verdict:
        """The verdict of one counted participant's message (`no` is its author's number, `notice`
        the export's name for WhatsApp's own wording in it, if any).

        Most messages name no task, need no look and are not in koreksi.csv: for them the rule
        set's own Verdict is returned as it is (its `counts`, `rule`, empty `tasks` and `review`
        are the message's; nothing is credited to anyone else), and no id is worked out unless
        `every_id`. The others get a MessageVerdict with their id."""
        key = verdict_key(kind, text, attachment, notice)
        verdict = self.cache.get(key)
        if verdict is None:
            if len(self.cache) >= CACHE_LIMIT:
                self.cache.clear()
            verdict = self.cache[key] = self.rules.classify(*key)
        wanted = self.wanted
        mid = message_id(timestamp, author, text, attachment) if wanted or self.every_id else ""
        if not (verdict.tasks or verdict.review or self.every_id or mid in wanted):
            return verdict
        mid = mid or message_id(timestamp, author, text, attachment)   # the review queue shows it
        out = MessageVerdict(mid, verdict.counts, verdict.rule, verdict.tasks, verdict.task_rule, no,
                             verdict.review, verdict.review_rule)
        if out.tasks:
            self._on_behalf(out, text, attachment)
        if mid in wanted:
            self.found.add(mid)   # the same text twice in one minute shares an id: both are corrected
            for fix in self.fixes.get(mid, ()):
                if fix.tasks is not None:
                    out.tasks, out.task_rule = fix.tasks, CORRECTION_RULE
                if fix.no is not None:
                    out.credit = fix.no
                out.review = ""
                out.corrected = fix.note or CORRECTION_RULE
        if out.tasks:
            self._late_resend(out, day)
        return out

    def prime(self, known: KnownVerdicts) -> int:
        """Remember verdicts decided elsewhere (a forked child's, figures/verdicts_aside.py) before
        the first message, so `decide` need not ask the rules for them. `RuleSet.classify` is a pure
        function of the key and the rule set, so they are the very verdicts `decide` would get, and
        they are taken only from a rule set equal to this one (else none is); at most the cache's
        limit, as `decide` keeps. Returns how many were taken."""
        if known.rules != self.rules:
            return 0
        before = len(self.cache)
        room = CACHE_LIMIT - 1 - before   # (one left: the first miss would empty a full cache)
        if len(known.verdicts) <= room:   # (the usual case, in one step)
            merged = dict(known.verdicts)
            merged.update(self.cache)
            self.cache = merged
            return len(merged) - before
        for key, verdict in known.verdicts.items():
            if len(self.cache) >= CACHE_LIMIT - 1:
                break
            self.cache.setdefault(key, verdict)
        return len(self.cache) - before

    def _on_behalf(self, out: MessageVerdict, text: str, attachment: str) -> None:
        """A sending that names another counted participant is hers: credit her and queue the message."""
        others = [no for no in self.names_in.named(text, attachment) if no != out.credit]
        if not others:
            return
        sender, out.credit = out.credit, others[0]
        out.review = _("sent by {sender} on behalf of {name}: counted for {name}").format(
            sender=self.names.get(sender, sender), name=self.names[others[0]])
        out.review_rule = ON_BEHALF_RULE

    def _late_resend(self, out: MessageVerdict, day: date) -> None:
        """A task sent again after its due day by someone who had sent it in time: queue it."""
        for task in out.tasks:
            earlier = self.first.get((out.credit, task))
            if earlier is None:
                self.first[(out.credit, task)] = day
            elif task in self.due and earlier <= self.due[task] < day and not out.review and not out.corrected:
                out.review = _("{task} sent again after its due day {due}; the status counts the first sending "
                               "({first})").format(task=task, due=self.due[task].isoformat(), first=earlier.isoformat())
                out.review_rule = RESEND_RULE

    def correction_notes(self) -> tuple[list[str], list[str]]:
        """After every message: (notices, warnings) of koreksi.csv — how many applied, which rows did not."""
        warnings, applied = [], 0
        for fix in self.corrections:
            if fix.id not in self.found:
                warnings.append(_("{file}:{line}: no counted message has the id {id}; the row is ignored").format(
                    file=CORRECTIONS_FILE, line=fix.line, id=fix.id))
            elif fix.no is not None and fix.no not in self.names:
                warnings.append(_("{file}:{line}: participant {no} is not a counted participant; the row is ignored")
                                .format(file=CORRECTIONS_FILE, line=fix.line, no=fix.no))
            else:
                applied += 1
        notices = [ngettext("{file}: {n} correction applied", "{file}: {n} corrections applied", applied).format(
            file=CORRECTIONS_FILE, n=applied)] if applied else []
        return notices, warnings


def review_row(v: MessageVerdict, names: dict[int, str], timestamp: str, day: date, author: str, raw_author: str,
               text: str, attachment: str) -> list[object]:
    """One row of the review queue (periksa.csv, columns REVIEW)."""
    if attachment:
        text = f"{text} [{attachment}]" if text else attachment
    return [v.id, v.credit, names.get(v.credit, ""), day, timestamp[11:16], raw_author or author, text,
            " ".join(v.tasks), v.review_rule or v.task_rule, v.review]


def review_table(rows: list[list[object]]) -> pd.DataFrame:
    """The review queue (periksa.csv): every message with a reason, in time order."""
    return plain_frame(rows, REVIEW, {"no": "int64"})
