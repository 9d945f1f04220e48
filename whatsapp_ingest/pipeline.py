"""One `ingest` run end to end, under the programme's lock: store new exports, then rebuild out/.

Everything in out/ is derived from the store and the programme's own files, so it is rebuilt
whenever any of them changed. When none did — the usual weekly re-run of an inbox with nothing new —
the rebuild is skipped: the fingerprint of every input matches the one recorded with the outputs,
and every output is still on disk with the bytes written then. This keeps a re-run cheap without
ever showing results that the current inputs would not give.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from whatsapp_ingest import __version__
from whatsapp_ingest.i18n import _
from whatsapp_ingest.errors import IngestError
from whatsapp_ingest.i18n import _
from whatsapp_ingest.store.ingest import IngestReport, run_ingest
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.store.db import connect, program_lock

# Files of the program folder that aggregation and the writers read besides the store.
INPUT_FILES = ("roster.csv", "overrides.csv", "koreksi.csv", "scores.csv")


@dataclass(frozen=True)
class RunOutcome:
    report: IngestReport
    results: Results
    written: list[Path]
    rebuilt: bool          # False when nothing had changed and out/ was already up to date


def run(program: Program, *, date_order: str | None = None, any_group: bool = False,
        progress: Callable[[int, int, str], None] | None = None, as_of: date | None = None) -> RunOutcome:
    """Ingest the inbox and bring out/ up to date, holding the lock throughout (Busy if held).
    `as_of` (--as-of) takes the figures on that day instead of the latest stored message's date."""
    from whatsapp_ingest.report import outputs_cache   # (imports pandas: `roster` and `init` start without it)

    with program_lock(program):
        report = run_ingest(program, date_order=date_order, any_group=any_group, progress=progress,
                            lock=False)
        key = fingerprint(program, report, as_of)
        cached = outputs_cache.load(program, key)
        if cached is not None:
            results, written = cached
            return RunOutcome(report, results, written, rebuilt=False)
        # Only a rebuild needs the rules, the workbook writer and matplotlib (half a second of imports).
        from whatsapp_ingest.figures.aggregate import build_results
        from whatsapp_ingest.report.write import write_outputs

        results = build_results(program, report.warnings, as_of)
        notes: list[str] = []
        written = write_outputs(results, notes)
        if notes:   # a workbook held open went under another name: the next run must write it again
            results = dataclasses.replace(results, warnings=(*results.warnings, *notes))
            outputs_cache.forget(program)
        else:
            outputs_cache.save(program, key, results, written)
        return RunOutcome(report, results, written, rebuilt=True)


def fingerprint(program: Program, report: IngestReport, as_of: date | None = None) -> str:
    """A digest of everything the outputs are computed from (store, settings, roster, rules, warnings)."""
    from whatsapp_ingest.programme.ruleset import rule_source

    digest = hashlib.sha256()

    def add(part: object) -> None:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "little") + data)

    add(__version__)
    add(program)
    add(report.warnings)
    add(as_of)
    add(rule_source(program.rules, program.folder, program.program_toml)[0])
    for name in INPUT_FILES:
        path = program.folder / name
        add(path.read_bytes() if path.is_file() else b"<none>")
    conn = connect(program)
    try:
        add(conn.execute("SELECT count(*), coalesce(max(id), 0) FROM messages").fetchone())
        add(conn.execute("SELECT * FROM files ORDER BY digest").fetchall())
    finally:
        conn.close()
    return digest.hexdigest()


def draft_roster(program: Program) -> Path:
    """Write a draft roster from the stored authors (see programme.roster_draft); IngestError when
    nothing has been ingested yet."""
    from whatsapp_ingest.programme.roster_draft import write_draft_roster
    from whatsapp_ingest.store.db import number_links, store_path, stored_authors

    if not store_path(program).exists():
        raise IngestError(program.folder, _("nothing has been ingested yet"),
                          _("put exports in {inbox}/ and run whatsapp-ingest ingest first").format(inbox=program.inbox.name))
    conn = connect(program)
    try:
        authors = [row[0] for row in stored_authors(conn)]
        links = number_links(conn)
    finally:
        conn.close()
    return write_draft_roster(program, authors, links)


def explain_participant(program: Program, who: str) -> list[str]:
    """Why one participant has her figures: every working day and task with the message and rule that
    decided it, as lines of text (figures.explain). Reads the store; changes nothing."""
    from whatsapp_ingest.figures.aggregate import build_results
    from whatsapp_ingest.figures.explain import explain, render
    from whatsapp_ingest.store.db import store_path

    if not store_path(program).exists():
        raise IngestError(program.folder, _("nothing has been ingested yet"),
                          _("put exports in {inbox}/ and run whatsapp-ingest ingest first").format(inbox=program.inbox.name))
    results = build_results(program)
    return render(explain(results, who, program.folder / "roster.csv"))
