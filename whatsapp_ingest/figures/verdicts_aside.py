"""The rule set's verdicts of the messages being stored, decided on the second core while they are stored.

A first run's figures asked the rules for every distinct message (0.45 s of a 40,000-message
programme's run, after the half second of storing it). When an ingest is about to store a new
export and a core is idle (forking.fork_pays), the parent loads the rule set and forks a child:
the child reads that export, and the inbox exports after it, with the parser the store uses (so
kinds, texts, file names and notices are those stored), takes the distinct keys of the messages a
verdict is asked for (figures.verdicts.verdict_key; WhatsApp's notices never need one), up to the
verdict cache's limit (memory stays flat however large the export), decides each with the rule set
and gives them back as JSON. Meanwhile the parent stores the export and imports what the figures
need; then it takes the verdicts (`Aside.known`) and primes the figures' cache with them
(`Verdicts.prime`). `RuleSet.classify` is a pure function of the key and the rule set, so the
figures are the same to the byte whichever process decided.

What comes back is never trusted blindly: its shape and kinds are checked and a sample of its
verdicts is decided again here. Anything wrong — the child failed, crashed, was killed, did not end
in time (`WAIT`), wrote something odd, or the rule set changed meanwhile — only means no help: the
figures ask the rules as they always did. Errors, messages and exit codes are those of one
process; a Ctrl-C or an error in the parent stops and reaps the child (`Aside.close`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whatsapp_ingest import forking
from whatsapp_ingest.programme.program import Program

if TYPE_CHECKING:   # (imported when a child is started: a re-run with nothing new needs none of them)
    from whatsapp_ingest.figures.verdicts import Key, KnownVerdicts
    from whatsapp_ingest.programme.ruleset import RuleSet, Verdict

WAIT = 30.0     # seconds the parent waits for the child at most: a child stopped or starved must not hold the run
CHECKED = 24    # verdicts of the child's decided again by the parent (spread over them): a wrong one → no help
FILE = "verdicts.json"


class Aside:
    """The verdicts of the exports an ingest stores, decided by a forked child (see the module
    docstring). Give `before_store` to `run_ingest`; ask for them with `known`; `close` at the end."""

    def __init__(self, program: Program, fork: bool | None = None) -> None:
        self.program = program
        self.fork = fork      # None: when forking.fork_pays()
        self.asked = False    # the first export to store has been heard of
        self.rules: RuleSet | None = None
        self.child: forking.Aside | None = None

    def before_store(self, path: Path, digest: str, date_order: str | None) -> None:
        """`run_ingest`'s hook: the first export about to be stored starts the child (once a run)."""
        if self.asked:
            return
        self.asked = True
        if not (forking.fork_pays() if self.fork is None else self.fork):
            return
        from whatsapp_ingest.programme.ruleset import load_rules

        program = self.program
        try:
            rules = load_rules(program.rules, program.folder, program.program_toml)
        except Exception:   # noqa: BLE001 - a broken rule set is reported where the figures load it, as always
            return
        self.rules = rules
        self.child = forking.Aside(lambda: {FILE: _decided(program, rules, path, digest, date_order)})
        self.child.start()

    def known(self, timeout: float | None = None) -> KnownVerdicts | None:
        """The child's verdicts, once it has ended (waiting `timeout` seconds at most, default
        `WAIT`), checked; None when there are none to trust."""
        from whatsapp_ingest.figures.verdicts import KnownVerdicts

        if self.child is None or self.rules is None:
            return None
        files = self.child.child_files(WAIT if timeout is None else timeout)
        if files is None or set(files) != {FILE}:
            return None
        try:
            verdicts = _read(files[FILE])
        except (ValueError, TypeError, KeyError):
            return None
        step = max(1, len(verdicts) // CHECKED)
        for key in list(verdicts)[::step]:
            if self.rules.classify(*key) != verdicts[key]:
                return None
        return KnownVerdicts(self.rules, verdicts)

    def close(self) -> None:
        """Stop the child if it still runs and wait for it."""
        if self.child is not None:
            self.child.close()


def _decided(program: Program, rules: RuleSet, first: Path, digest: str, date_order: str | None) -> bytes:
    """In the child: the verdicts of the messages of `first` and of the inbox exports after it, as JSON
    of a table of the distinct verdicts and the keys column by column (each key's verdict by its
    place in the table): {"verdicts": [[counts, rule, action, [task …], task_rule, review,
    review_rule] …], "kinds": […], "texts": […], "attachments": […], "verdict": [index …]}."""
    order: dict[Verdict, int] = {}
    keys = list(_keys(program, first, digest, date_order))
    index = [order.setdefault(rules.classify(*key), len(order)) for key in keys]
    table = [[v.counts, v.rule, v.action, list(v.tasks), v.task_rule, v.review, v.review_rule] for v in order]
    kinds, texts, attachments = (list(column) for column in zip(*keys)) if keys else ([], [], [])
    return json.dumps({"verdicts": table, "kinds": kinds, "texts": texts, "attachments": attachments,
                       "verdict": index}).encode("ascii")


def _keys(program: Program, first: Path, digest: str, date_order: str | None) -> Iterable[Key]:
    """The distinct verdict keys of the counted participants' messages of `first`, then of the inbox
    exports after it, in their order, at most CACHE_LIMIT; an export that cannot be read adds none
    (one the group check refuses adds its keys: a few verdicts decided in vain, never a wrong one)."""
    from whatsapp_ingest.errors import IngestError
    from whatsapp_ingest.export.blocks import open_export
    from whatsapp_ingest.export.read import file_digest
    from whatsapp_ingest.figures.verdicts import CACHE_LIMIT, verdict_key
    from whatsapp_ingest.programme.roster import load_roster
    from whatsapp_ingest.programme.ruleset import MESSAGE_KINDS
    from whatsapp_ingest.store.ingest import display_name, inbox_files

    kinds = frozenset(MESSAGE_KINDS)
    roster = load_roster(program.roster_csv)
    # Only counted participants' messages are decided (Scan.add): the authors the roster names
    # (one named only by a phone link the store knows is decided by the figures themselves).
    counted: dict[str, bool] = {}

    def is_counted(author: str) -> bool:
        known = counted.get(author)
        if known is None:
            person = roster.resolve(author) if roster else None
            known = counted[author] = person.counted if person is not None else not roster
        return known

    paths = inbox_files(program)[0]
    later = paths[paths.index(first) + 1:] if first in paths else []
    keys: dict[Key, None] = {}
    done: set[str] = set()
    for path in [first, *later]:
        try:
            sha = digest if path == first else file_digest(path)
            if sha in done:
                continue
            done.add(sha)
            source = open_export(path, display_name(program, path), sha, date_order, (program.start, program.end))
            for chunk in source.stream().chunks():
                for author, kind, text, attachment, notice in zip(chunk.authors, chunk.kinds, chunk.texts,
                                                                  chunk.attachments, chunk.notices):
                    if author and kind.value in kinds and is_counted(author):
                        keys[verdict_key(kind.value, text, attachment, notice)] = None
                if len(keys) >= CACHE_LIMIT:
                    return list(keys)[:CACHE_LIMIT]
        except (IngestError, OSError):
            continue
    return keys


def _read(data: bytes) -> dict[Key, Verdict]:
    """The child's JSON as verdicts by key; ValueError (or TypeError, KeyError) for anything odd.
    (The columns are checked whole, in C: this is on the parent's way, the rest is not.)"""
    from whatsapp_ingest.figures.verdicts import CACHE_LIMIT
    from whatsapp_ingest.programme.ruleset import MESSAGE_KINDS

    got: dict[str, Any] = json.loads(data)
    table = [_verdict(item) for item in got["verdicts"]]
    kinds, texts, attachments, index = got["kinds"], got["texts"], got["attachments"], got["verdict"]
    if not (type(kinds) is type(texts) is type(attachments) is type(index) is list
            and len(kinds) == len(texts) == len(attachments) == len(index) <= CACHE_LIMIT):
        raise ValueError("not columns of one length, or more keys than the cache holds")
    if not (set(kinds) <= set(MESSAGE_KINDS) and set(map(type, texts)) | set(map(type, attachments)) <= {str}
            and set(map(type, index)) <= {int} and (not index or 0 <= min(index) <= max(index) < len(table))):
        raise ValueError("not verdict keys")
    verdicts = dict(zip(zip(kinds, texts, attachments), map(table.__getitem__, index)))
    if len(verdicts) != len(index):
        raise ValueError("a key twice")
    return verdicts


def _verdict(item: list[Any]) -> Verdict:
    """One verdict of the child's table; ValueError (or TypeError) when it is not one."""
    from whatsapp_ingest.programme.ruleset import ACTIONS, Verdict

    counts, rule, action, tasks, task_rule, review, review_rule = item
    if not (type(counts) is bool and action in (*ACTIONS, "default", "notice") and isinstance(tasks, list)
            and all(isinstance(v, str) for v in (rule, task_rule, review, review_rule, *tasks))):
        raise ValueError("not a verdict")
    return Verdict(counts, rule, action, tuple(tasks), task_rule, review, review_rule)
