"""One `ingest` run end to end, under the programme's lock: store new exports, then rebuild out/.

Everything in out/ is derived from the store and the programme's own files, so it is rebuilt
whenever any of them changed. When none did — the usual weekly re-run of an inbox with nothing new —
the rebuild is skipped: the fingerprint of every input matches the one recorded with the outputs,
and every output is still on disk with the bytes written then. This keeps a re-run cheap without
ever showing results that the current inputs would not give.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from whatsapp_ingest import __version__
from whatsapp_ingest.i18n import _
from whatsapp_ingest.errors import IngestError
from whatsapp_ingest.fileio import atomic_write, parts_digest
from whatsapp_ingest.store.ingest import IngestReport, run_ingest
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.report import glance as glance_record
from whatsapp_ingest.report.glance import Glance
from whatsapp_ingest.store.db import connect, program_lock, store_state

if TYPE_CHECKING:
    from whatsapp_ingest.figures.verdicts_aside import Aside as VerdictsAside

# Files of the program folder that aggregation and the writers read besides the store.
INPUT_FILES = ("roster.csv", "overrides.csv", "koreksi.csv", "scores.csv")


@dataclass(frozen=True)
class RunOutcome:
    report: IngestReport
    results: Results | None   # None only for run(results=False) when nothing had changed: see `glance`
    written: list[Path]
    rebuilt: bool          # False when nothing had changed and out/ was already up to date
    glance: Glance         # what the terminal shows of the results


def run(program: Program, *, date_order: str | None = None, any_group: bool = False,
        progress: Callable[[int, int, str], None] | None = None, as_of: date | None = None,
        stage: Callable[[str], None] | None = None, results: bool = True) -> RunOutcome:
    """Ingest the inbox and bring out/ up to date, holding the lock throughout (Busy if held).
    `as_of` (--as-of) takes the figures on that day instead of the latest stored message's date.
    `progress` hears of each export stored, `stage` of the rebuild's steps ("figures", "outputs").
    `results=False` (the command line): when nothing changed, only the recorded terminal view is
    read (`outcome.results` is None), so the re-run imports neither pandas nor the rules."""
    with program_lock(program):
        outcome = _run_locked(program, date_order, any_group, progress, as_of, stage or (lambda _step: None),
                              results)
        with collector_spared():   # (loading the holidays package the first time makes many objects)
            told = holiday_warnings(program, tuple(date.fromisoformat(d) for d in outcome.glance.working_days))
        if not told:
            return outcome
        # said this once, with the run's warnings: not an input of the outputs, so not in the workbook
        return dataclasses.replace(
            outcome, report=dataclasses.replace(outcome.report, warnings=outcome.report.warnings + tuple(told)))


def _run_locked(program: Program, date_order: str | None, any_group: bool,
                progress: Callable[[int, int, str], None] | None, as_of: date | None,
                stage: Callable[[str], None], need_results: bool = True) -> RunOutcome:
    """`run` without its lock and once-only warnings: store the new exports, rebuild out/ when needed.
    When a new export is stored, a forked child decides the rules' verdicts of its messages
    meanwhile (figures/verdicts_aside.py); it is stopped whenever this ends."""
    from whatsapp_ingest.figures.verdicts_aside import Aside

    verdicts = Aside(program)
    try:
        return _store_and_rebuild(program, date_order, any_group, progress, as_of, stage, need_results, verdicts)
    finally:
        verdicts.close()


def _store_and_rebuild(program: Program, date_order: str | None, any_group: bool,
                       progress: Callable[[int, int, str], None] | None, as_of: date | None,
                       stage: Callable[[str], None], need_results: bool, verdicts: VerdictsAside) -> RunOutcome:
    """`_run_locked`'s work, the child (if any) started by the store, its verdicts taken by the figures."""
    report = run_ingest(program, date_order=date_order, any_group=any_group, progress=progress,
                        lock=False, before_store=verdicts.before_store)
    key = fingerprint(program, report, as_of)
    if not need_results:
        seen = glance_record.load(program, key)
        if seen is not None:
            return RunOutcome(report, None, seen[1], rebuilt=False, glance=seen[0])
    from whatsapp_ingest.report import outputs_cache   # (imports pandas: `roster` and `init` start without it)

    cached = outputs_cache.load(program, key)
    if cached is not None:
        results, written = cached
        view = glance_record.glance(results)   # (a record from an older version had no view)
        glance_record.save(program, key, view, glance_record.output_digests(written))
        return RunOutcome(report, results, written, rebuilt=False, glance=view)
    # Only a rebuild needs the rules, pandas and the workbook writer (half a second of imports).
    from whatsapp_ingest.figures.aggregate import build_results
    from whatsapp_ingest.figures.changes import with_changes
    from whatsapp_ingest.report.write import write_outputs

    known = verdicts.known()   # (after the imports above: the child had that time too)
    with collector_spared():
        stage("figures")
        results = with_changes(program, build_results(program, report.warnings, as_of, known=known), as_of)
        stage("outputs")
        notes: list[str] = []
        written = write_outputs(results, notes)
        if notes:   # a workbook held open went under another name: the next run must write it again
            results = dataclasses.replace(results, warnings=(*results.warnings, *notes))
            view = glance_record.glance(results)
            outputs_cache.forget(program)
            glance_record.forget(program)
        else:
            view = glance_record.glance(results)
            outputs = glance_record.output_digests(written)   # (both records check the same files)
            outputs_cache.save(program, key, results, outputs)
            glance_record.save(program, key, view, outputs)
    return RunOutcome(report, results, written, rebuilt=True, glance=view)


@contextmanager
def collector_spared() -> Iterator[None]:
    """The objects alive now (the imported modules above all) left out of Python's cyclic garbage
    collections until the block ends. A rebuild makes many objects, and each full collection went
    through every module's objects again: 0.1 s of CPU in a 40,000-message programme's first run.
    Objects made in the block are collected as usual; those left out are looked at again afterwards."""
    if gc.get_freeze_count():   # (someone else froze them: they unfreeze them)
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


HOLIDAYS_TOLD = "holidays_told.json"


def holiday_warnings(program: Program, working_days: tuple[date, ...]) -> list[str]:
    """A warning, once per programme folder, for the working days that are national holidays not
    listed in `holidays` (the supervisor may have meant them as days off). The tool's folder keeps,
    as JSON, the working days already checked, so an unchanged calendar is not checked again (the
    holidays package takes 0.2 s to load)."""
    import json

    from whatsapp_ingest.programme.national_holidays import unlisted_holidays

    path = program.state / HOLIDAYS_TOLD
    checked = [day.isoformat() for day in working_days]
    try:
        if json.loads(path.read_text(encoding="utf-8")) == checked:
            return []
    except (OSError, ValueError):
        pass
    from whatsapp_ingest.i18n import language

    found = unlisted_holidays(working_days, language())
    atomic_write(path, json.dumps(checked).encode("utf-8"))
    if not found:
        return []
    days = ", ".join(f"{day.isoformat()} ({name})" for day, name in found)
    return [_("{days}: a national holiday counted as a working day; if the participants were not expected in the "
              "group that day, add it to holidays in program.toml (this is said once)").format(days=days)]


def fingerprint(program: Program, report: IngestReport, as_of: date | None = None) -> str:
    """A digest of everything the outputs are computed from (store, settings, roster, rules, warnings)."""
    from whatsapp_ingest.programme.ruleset import rule_source

    parts: list[object] = [__version__, program, report.warnings, as_of,
                           rule_source(program.rules, program.folder, program.program_toml)[0]]
    for name in INPUT_FILES:
        path = program.folder / name
        parts.append(path.read_bytes() if path.is_file() else b"<none>")
    conn = connect(program)
    try:
        parts.append(store_state(conn))
    finally:
        conn.close()
    return parts_digest(parts)


def _require_store(program: Program) -> None:
    """IngestError when nothing has been ingested yet (the commands that read the store say so)."""
    from whatsapp_ingest.store.db import store_path

    if not store_path(program).exists():
        raise IngestError(program.folder, _("nothing has been ingested yet"),
                          _("put exports in {inbox}/ and run whatsapp-ingest ingest first").format(inbox=program.inbox.name))


def draft_roster(program: Program) -> Path:
    """Write a draft roster from the stored authors (see programme.roster_draft); IngestError when
    nothing has been ingested yet."""
    from whatsapp_ingest.programme.roster_draft import NOTICE_LENGTH, write_draft_roster
    from whatsapp_ingest.store.db import admin_actors, long_texts, number_links, stored_authors

    _require_store(program)
    with program_lock(program):   # never read a store an ingest is still building (Busy, exit 3)
        conn = connect(program)
        try:
            authors = [row[0] for row in stored_authors(conn)]
            # the supervisor is found by the admin notices and the notices she posts (never a participant)
            return write_draft_roster(program, authors, number_links(conn), admin_actors(conn),
                                      long_texts(conn, NOTICE_LENGTH))
        finally:
            conn.close()


def explain_participant(program: Program, who: str) -> list[str]:
    """Why one participant has her figures: every working day and task with the message and rule that
    decided it, as lines of text (figures.explain). Reads the store; changes nothing."""
    from whatsapp_ingest.figures.aggregate import build_results
    from whatsapp_ingest.figures.explain import explain, render

    _require_store(program)
    results = build_results(program, keep_verdicts=True)
    return render(explain(results, who, program.folder / "roster.csv"))


@dataclass(frozen=True)
class StoredExport:
    """One export in the store: its bytes' digest, the inbox name it was stored under, and how many
    messages were first stored from it (those `forget` removes)."""

    digest: str
    name: str
    messages: int


def find_export(program: Program, file: str) -> StoredExport:
    """The stored export `file` names: a file of the inbox (its bytes decide, under any name) or the
    name the store knows it by ("inbox/…", or the file name alone when only one has it).
    UsageMistake when none is stored under that name (the stored ones are listed)."""
    from whatsapp_ingest.errors import UsageMistake
    from whatsapp_ingest.export.read import file_digest
    from whatsapp_ingest.store.db import stored_exports

    _require_store(program)
    conn = connect(program)
    try:
        exports = [StoredExport(*row) for row in stored_exports(conn)]
    finally:
        conn.close()
    digest = ""
    for place in (Path(file), program.folder / file, program.inbox / file):
        try:
            if place.is_file():
                digest = file_digest(place)
                break
        except OSError:
            continue
    wanted = file.replace("\\", "/").strip()
    found = [e for e in exports if e.digest == digest] or [e for e in exports if e.name == wanted] or [
        e for e in exports if e.name == f"{program.inbox.name}/{wanted}"] or [
        e for e in exports if Path(e.name).name == Path(wanted).name]
    if len(found) == 1 and sum(e.name == found[0].name for e in exports) > 1:
        # (WhatsApp saves each week's export under one name) their messages cannot be told apart
        raise UsageMistake(file, _("several stored exports were stored under the name {name}, so the messages of "
                                   "one of them cannot be told apart").format(name=found[0].name),
                           _("take the wrong file out of the inbox, delete the folder {folder} and run ingest again: "
                             "the store is rebuilt from the exports in the inbox").format(folder=program.state.name))
    if len(found) == 1:
        return found[0]
    names = ", ".join(e.name for e in exports) or _("none")
    raise UsageMistake(file, _("no stored export has this name") if not found else
                       _("several stored exports have this name"),
                       _("give one of the stored exports: {names}").format(names=names))


def forget(program: Program, export: StoredExport) -> int:
    """Remove the messages first stored from `export`, under the programme's lock (Busy while an
    ingest runs), in one transaction; the next ingest rebuilds out/. Returns how many were removed."""
    from whatsapp_ingest.store.db import forget_export

    with program_lock(program):
        conn = connect(program)
        try:
            return forget_export(conn, export.digest)
        finally:
            conn.close()
