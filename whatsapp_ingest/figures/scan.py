"""One pass over the messages, in time order, keeping only what the figures need.

The store streams its messages (store.db.StoredMessages.chunks); each one is seen once and leaves
behind counts per (participant, working day) and per (participant, task), the message that counted
each working day, the review queue, the days with any message and the unknown senders — memory
grows with participants × working days and the review queue, not with the messages (nor with a
store whose messages run for months beyond the programme).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from whatsapp_ingest.programme.corrections import Correction
from whatsapp_ingest.programme.program import Task
from whatsapp_ingest.programme.roster import Participant
from whatsapp_ingest.programme.ruleset import NOTICE_KINDS, RuleSet
from whatsapp_ingest.figures.frames import plain_frame
from whatsapp_ingest.figures.verdicts import VERDICT_COLUMNS, Verdicts, review_row
from whatsapp_ingest.store.db import COLUMNS as STORE_COLUMNS   # the rows StoredMessages.rows yields

Day = tuple[int, date]


class Scan:
    """What the figures keep of the messages (see the module docstring). `keep_verdicts` also keeps
    every counted message with its verdict (the `explain` command reads them; the weekly run does not).
    `working_days` limits the per-day counts and evidence to those days (None: every day), as every
    table reads only the programme's working days."""

    def __init__(self, rules: RuleSet, counted: Sequence[Participant], tasks: Sequence[Task] = (),
                 corrections: Sequence[Correction] = (), keep_verdicts: bool = False,
                 working_days: Collection[date] | None = None) -> None:
        self.verdicts = Verdicts(rules, counted, tasks, corrections, every_id=keep_verdicts)
        self.names = {p.no: p.name for p in counted}
        self.working = None if working_days is None else frozenset(working_days)
        self.messages: Counter[Day] = Counter()           # a counted participant's own messages per working day
        self.evidence: dict[Day, tuple[str, str, str, str]] = {}   # the first message that counted the day
        self.sent: dict[tuple[int, str], list[Any]] = {}  # (credited participant, task) → [first time, count]
        self.task_counts: Counter[str] = Counter()        # messages naming each task
        self.review: list[list[object]] = []
        self.days: set[str] = set()                       # days (ISO) with any stored message
        self.latest: date | None = None                   # the day of the latest message
        self.unknown: dict[str, list[Any]] = {}           # author → [count, first time, last time]
        self.kept: list[list[object]] | None = [] if keep_verdicts else None

    def add_chunks(self, chunks: Iterable[list[tuple[Any, ...]]]) -> None:
        """Take every message, a list of store rows at a time (no, timestamp, author, raw_author, kind,
        text, attachment, edited, notice, …: StoredMessages.chunks), in time order (file and line
        break ties). One loop over the rows, its lookups held in locals: the weekly run passes here
        once per stored message."""
        names, unknown, messages, evidence = self.names, self.unknown, self.messages, self.evidence
        sent, task_counts, review, kept, days = self.sent, self.task_counts, self.review, self.kept, self.days
        decide, working = self.verdicts.decide, self.working
        width = len(STORE_COLUMNS)
        day_text, day = "?", date.min   # "?" starts no timestamp: the first row sets the day
        tally = False
        for rows in chunks:
            for row in rows:
                no, timestamp, author, raw_author, kind, text, attachment, _edited, notice = row[:9]
                if not timestamp.startswith(day_text):   # rows come in time order: a new day is rare
                    day_text = timestamp[:10]
                    day = self.latest = date.fromisoformat(day_text)
                    days.add(day_text)
                    tally = working is None or day in working
                if no is None:
                    if author and kind not in NOTICE_KINDS:
                        seen = unknown.get(author)
                        if seen is None:
                            unknown[author] = [1, timestamp, timestamp]
                        else:
                            seen[0] += 1
                            seen[2] = timestamp   # (in time order: the latest so far)
                    continue
                if no not in names or kind in NOTICE_KINDS:
                    continue
                v = decide(no, timestamp, day, author, kind, text, attachment, notice)
                if tally:   # (a working day: no table reads another)
                    messages[(no, day)] += 1
                    if v.counts and (no, day) not in evidence:
                        shown = text or attachment or f"<{kind}>"
                        evidence[(no, day)] = (timestamp[11:16], raw_author or author, shown, v.rule)
                for task in v.tasks:
                    task_counts[task] += 1
                    got = sent.get((v.credit, task))
                    if got is None:
                        sent[(v.credit, task)] = [timestamp, 1]
                    else:
                        got[1] += 1
                if v.review:
                    review.append(review_row(v, names, timestamp, day, author, raw_author, text, attachment))
                if kept is not None:
                    kept.append([*row[:width], day, v.id, v.counts, v.rule, v.tasks, v.task_rule, v.credit,
                                 v.review, v.review_rule, v.corrected])

    def firsts(self) -> dict[tuple[int, str], tuple[datetime, int]]:
        """(participant, task) → (first sending, how many messages named it)."""
        return {key: (datetime.fromisoformat(first), count) for key, (first, count) in self.sent.items()}

    def verdict_frame(self) -> pd.DataFrame:
        """The counted messages kept with their verdicts (empty unless `keep_verdicts`)."""
        if self.kept is None:
            return pd.DataFrame()
        frame = pd.DataFrame(self.kept, columns=[*STORE_COLUMNS, "day", *VERDICT_COLUMNS])
        frame["timestamp"] = pd.to_datetime(frame["timestamp"], format="ISO8601").astype("datetime64[ns]")
        frame["no"] = frame["no"].astype(int)
        return frame

    def unknown_senders(self) -> pd.DataFrame:
        """Authors of non-notice messages who are not in the roster: how many messages, first and last seen."""
        out = [[author, count, datetime.fromisoformat(first), datetime.fromisoformat(last)]
               for author, (count, first, last) in self.unknown.items()]
        out.sort(key=lambda row: (row[2], row[0]))
        columns = ["author", "messages", "first_seen", "last_seen"]
        return plain_frame(out, columns, {"messages": "int64"})


def frame_rows(frame: pd.DataFrame) -> Iterable[tuple[Any, ...]]:
    """A message frame (the store's columns, in any order) as the rows a Scan takes, in time order."""
    frame = frame.sort_values(["timestamp", "file", "line"], kind="stable")
    numbers = [None if pd.isna(n) else int(n) for n in frame["no"]]
    stamps = frame["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%S").tolist() if len(frame) else []

    def text(column: str) -> list[str]:
        return [v if isinstance(v, str) else "" for v in frame[column]] if column in frame else [""] * len(frame)

    return zip(numbers, stamps, text("author"), text("raw_author"), text("kind"), text("text"), text("attachment"),
               frame["edited"].tolist(), text("notice"), text("details"), text("file"), frame["line"].tolist())
