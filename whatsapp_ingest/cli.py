"""The command line. Thin: it calls the library and is the only place that turns errors into
one-line messages and exit codes (0 ok, 1 a refused or unreadable input, 2 a broken
program.toml / roster.csv / rule set or a command typed wrongly, 3 another ingest is running, 4 an
output, the store or the standard output cannot be written: a full disk …).

Every word it prints is translated (see `i18n`), the framework's own words too: help texts are
written here in English and translated when shown (`clihelp`), in the language chosen before the
command line is read (`--lang`, the programme's `[output] lang`, WHATSAPP_INGEST_LANG, Indonesian).
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from whatsapp_ingest.clihelp import Command, Group, examples
from whatsapp_ingest.clipaths import program_folder
from whatsapp_ingest.errors import IngestError, OutputError
from whatsapp_ingest.i18n import N_, _, set_language

if TYPE_CHECKING:
    from whatsapp_ingest.programme.program import Program

app = typer.Typer(
    name="whatsapp-ingest",
    cls=Group,
    help=N_("Turn exported WhatsApp group chats into the attendance and activeness records of a bimlat programme."),
    epilog=N_("Run 'whatsapp-ingest COMMAND --help' for the help of one command, with examples."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,    # click's plain help: every word of it goes through the catalogs
)

DateOrder = Annotated[
    Optional[str],
    typer.Option("--date-order", metavar="DMY|MDY|YMD",
                 help=N_("DMY, MDY or YMD: used only when an export cannot show its own date order.")),
]
Lang = Annotated[
    Optional[str],
    typer.Option("--lang", metavar="id|en",
                 help=N_("Language of messages, help and outputs: id (Bahasa Indonesia) or en (English).")),
]
Folder = Annotated[
    list[str],
    typer.Argument(metavar="FOLDER", show_default=False, help=N_("The programme folder (see `init`).")),
]


@app.callback()
def main(lang: Lang = None) -> None:
    """The options that come before the command."""
    use_language(lang)


def fail(error: IngestError) -> None:
    """Print an error as one line on stderr and exit with its code."""
    from whatsapp_ingest.report.printable import printable

    # file names come from other people's folders
    typer.echo(_("error: {message}").format(message=printable(error.render())), err=True)
    raise typer.Exit(error.exit_code)


def open_program(folder: list[str], command: str, lang: str | None) -> Program:
    """The programme of FOLDER, read and checked, with its language chosen (`--lang` before `[output] lang`)."""
    from whatsapp_ingest.programme.program import load_program

    program = load_program(program_folder(folder, command), lang=lang)
    set_language(lang or program.output.lang)
    return program


@contextlib.contextmanager
def stdout_guard() -> Iterator[None]:
    """What a command prints, flushed at its end; a standard output that cannot be written (a full
    disk behind `> file`, a closed pipe) is one line on stderr and exit code 4, not a traceback."""
    try:
        yield
        sys.stdout.flush()
    except OSError as exc:
        # Later writes, and Python's own flush at exit, go nowhere instead of failing again.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        fail(OutputError(_("standard output"), _("cannot be written ({error})").format(error=exc.strerror or exc),
                         _("free some space on the disk that receives the output, or write it elsewhere") if full
                         else _("check where the output is sent (a file, a pipe) and run again")))


def use_language(lang: str | None) -> None:
    """Apply an explicit --lang (checked: an unknown value is a typing mistake, exit 2)."""
    if lang is not None and lang.strip().lower() not in ("id", "en"):
        typer.echo(_("error: {message}").format(message=_("--lang {value}: use id or en").format(value=lang)),
                   err=True)
        raise typer.Exit(2)
    if lang is not None:
        set_language(lang)


def check_date_order(value: str | None) -> str | None:
    """The --date-order value in capitals, or exit 2 with one line."""
    if value is None:
        return None
    order = value.upper()
    if order not in ("DMY", "MDY", "YMD"):
        typer.echo(_("error: {message}").format(message=_("--date-order {value}: use DMY, MDY or YMD").format(value=value)),
                   err=True)
        raise typer.Exit(2)
    return order


@app.command(
    cls=Command,
    help=N_("Read one export and write one row per message (file, line, timestamp, author, kind, text …), "
            "to check how an export is read."),
    epilog=examples(N_("Examples:"), '"WhatsApp Chat with Bimlat PTK.txt"', "chat.zip -o pesan.csv",
                    "chat.zip --lang en", command="parse"),
)
def parse(
    file: Annotated[Path, typer.Argument(metavar="FILE", help=N_("An export: the Android .txt or the iPhone .zip."))],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="CSV",
                                                   help=N_("Write the records to this CSV."))] = None,
    date_order: DateOrder = None,
    lang: Lang = None,
) -> None:
    """Read one export and write one row per message."""
    from whatsapp_ingest.export.prefetch import MAX_EXPORT_BYTES, Prefetch

    early = Prefetch(file, MAX_EXPORT_BYTES)   # the bytes read on another core while the parser loads
    from whatsapp_ingest.export.parse import stream_export
    from whatsapp_ingest.export.read import read_export
    from whatsapp_ingest.report.parse_rows import check_output, describe_parse, write_stream
    from whatsapp_ingest.report.parse_split import write_csv_file
    from whatsapp_ingest.report.printable import TerminalSafe, printable, printable_lines

    use_language(lang)
    order = check_date_order(date_order)
    try:
        # digest="": parse does not need the file's identity (ingest does), so the file is not hashed
        stream = stream_export(read_export(file, digest="", early=early), date_order=order)
        if output is not None:
            check_output(output, file)
            tally = write_csv_file(stream, output)   # on several cores when the file is large
        else:
            # On a terminal nothing in a message may steer it; a file or pipe gets the exact CSV.
            with stdout_guard():
                tally = write_stream(stream, TerminalSafe(sys.stdout) if sys.stdout.isatty() else sys.stdout,
                                     bom=False)
    except IngestError as error:
        fail(error)
    for warning in stream.warnings:
        typer.echo(_("warning: {message}").format(message=printable(warning)), err=True)
    with stdout_guard():
        typer.echo(printable_lines(describe_parse(stream, tally)), err=output is None)


@app.command(
    cls=Command,
    help=N_("Create a programme folder: program.toml, roster.csv, inbox/ and out/. "
            "The programme's name is taken from the folder's name."),
    epilog=examples(N_("Examples:"), '"Bimlat PTK April 2020"', "bimlat-ptk --lang en", command="init"),
)
def init(
    folder: Folder,
    lang: Lang = None,
    start: Annotated[Optional[str], typer.Option("--start", metavar="YYYY-MM-DD", help=N_(
        "The programme's first day (2020-04-06); its national holidays are filled in."))] = None,
    end: Annotated[Optional[str], typer.Option("--end", metavar="YYYY-MM-DD", help=N_(
        "The programme's last day (2020-04-30)."))] = None,
) -> None:
    """Create a programme folder."""
    from whatsapp_ingest.programme.create import END, START, check_period, init_program

    use_language(lang)
    try:
        first, last = check_period(start, end, START, END)
        path = program_folder(folder, "init", must_exist=False)
        created = init_program(path, first, last)
    except IngestError as error:
        fail(error)
    shown = f'"{path}"' if " " in str(path) else str(path)   # so the command can be copied as it is
    with stdout_guard():
        for created_path in created:
            typer.echo(_("created {path}").format(path=created_path))
        typer.echo(_("Next: edit {program} and {roster}, put exports in {inbox}, then run: "
                     "whatsapp-ingest ingest {folder}").format(
            program=path / "program.toml", roster=path / "roster.csv", inbox=path / "inbox", folder=shown))


@app.command(
    "app",
    cls=Command,
    help=N_("Open the programme in the browser: drop exports on the page, read the figures and charts, copy "
            "the lists for WhatsApp, fix the roster. Listens on 127.0.0.1 only; Ctrl-C stops it."),
    epilog=examples(N_("Examples:"), '"Bimlat PTK April 2020"', '"Bimlat PTK April 2020" --port 8080 --no-browser',
                    command="app"),
)
def app_command(
    folder: Folder,
    port: Annotated[int, typer.Option("--port", help=N_("The port on 127.0.0.1 (default: a free one)."))] = 0,
    no_browser: Annotated[bool, typer.Option("--no-browser", help=N_("Do not open the browser."))] = False,
    lang: Lang = None,
) -> None:
    """Open the programme in the browser."""
    from whatsapp_ingest.app.serve import serve

    use_language(lang)
    try:
        program = open_program(folder, "app", lang)   # a broken program.toml is said before any server
    except IngestError as error:
        fail(error)

    def announce(url: str) -> None:
        typer.echo(_("The programme's page is open at {url} (keep this window open; Ctrl-C stops it)").format(url=url))

    try:
        serve(program.folder, port=port, open_browser=not no_browser, announce=announce)
    except OSError as exc:
        typer.echo(_("error: {message}").format(message=f"--port {port}: " + _(
            "cannot listen there ({reason}); choose another port or leave --port out").format(
                reason=exc.strerror or exc)), err=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        pass


@app.command(
    cls=Command,
    help=N_("Write a draft roster.csv from the senders seen in the stored exports."),
    epilog=examples(N_("Example (after a first ingest):"), '"Bimlat PTK April 2020"', command="roster"),
)
def roster(folder: Folder, lang: Lang = None) -> None:
    """Write a draft roster.csv."""
    from whatsapp_ingest.pipeline import draft_roster

    use_language(lang)
    try:
        program = open_program(folder, "roster", lang)
        path = draft_roster(program)
    except IngestError as error:
        fail(error)
    with stdout_guard():
        if path.name == "roster.csv":
            typer.echo(_("wrote {path}: check names, phones and roles, then run ingest again").format(path=path))
        else:   # roster.csv already lists people: it is never overwritten
            typer.echo(_("wrote {path}: roster.csv already lists people, so the draft is beside it; "
                         "copy what you need into roster.csv").format(path=path))


@app.command(
    cls=Command,
    help=N_("Read every export in the inbox, store each message once, and rebuild everything in out/ "
            "(tables, workbook rekap.xlsx, charts)."),
    epilog=examples(N_("Examples:"), '"Bimlat PTK April 2020"', '"Bimlat PTK April 2020" --quiet',
                    "bimlat-ptk --date-order DMY --lang en", command="ingest"),
)
def ingest(
    folder: Folder,
    date_order: DateOrder = None,
    any_group: Annotated[bool, typer.Option("--any-group",
                                            help=N_("Accept exports whose group name differs from program.toml."))] = False,
    csv: Annotated[Optional[str], typer.Option(
        "--csv", metavar="id|standard",
        help=N_("CSV dialect: id (Excel Indonesia: ';' and decimal comma) or standard (comma)."))] = None,
    lang: Lang = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("Print only warnings and errors."))] = False,
    json: Annotated[bool, typer.Option("--json", help=N_("Print a machine-readable summary instead of tables."))] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help=N_(
        "Take the figures on this day (2020-04-11) instead of the latest stored message's date."))] = None,
) -> None:
    """Read every export in the inbox and rebuild out/."""
    from whatsapp_ingest.figures.asof import check_as_of, parse_as_of
    from whatsapp_ingest.pipeline import run
    from whatsapp_ingest.programme.program import load_program
    from whatsapp_ingest.report.terminal import Console

    use_language(lang)
    order = check_date_order(date_order)
    console = Console(quiet=quiet, json=json)
    try:
        day = parse_as_of(as_of) if as_of is not None else None
        program = load_program(program_folder(folder, "ingest"), csv=csv, lang=lang)
        set_language(program.output.lang)
        if day is not None:
            check_as_of(program, day)   # before anything is read: a wrong date changes nothing
        outcome = run(program, date_order=order, any_group=any_group, progress=console.progress, as_of=day,
                      results=False)
    except IngestError as error:
        fail(error)
    except KeyboardInterrupt:
        # Each file is one transaction and each output is replaced in one step: nothing half-done stays.
        typer.echo(_("interrupted: what was stored so far is kept; run the same command again to finish"), err=True)
        raise typer.Exit(130) from None
    with stdout_guard():
        console.show(outcome.report, outcome.glance, outcome.written)
    raise typer.Exit(1 if outcome.report.refused else 0)


def explain(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help=N_("The program folder (see `init`)."))],
    name: Annotated[str, typer.Argument(metavar="NAME",
                                        help=N_("The participant: her no or her name (a part of it is enough)."))],
    lang: Lang = None,
) -> None:
    """Why a participant has her figures: every working day and task with the message and the rule that decided it."""
    from whatsapp_ingest.pipeline import explain_participant

    use_language(lang)
    try:
        program = open_program([str(folder)], "explain", lang)
        lines = explain_participant(program, name)
    except IngestError as error:
        fail(error)
    with stdout_guard():
        for line in lines:
            typer.echo(line)


EXPLAIN_HELP = N_("Why a participant has her figures: every working day and task with the message and the rule "
                   "that decided it.")
app.command("explain", cls=Command, help=EXPLAIN_HELP,
            epilog=examples(N_("Examples:"), '"Bimlat PTK April 2020" 3', '"Bimlat PTK April 2020" Neneng',
                            command="explain"))(explain)
app.command("jelaskan", cls=Command, help=N_("Same as explain (Indonesian name)."),
            epilog=examples(N_("Examples:"), '"Bimlat PTK April 2020" Neneng', command="jelaskan"))(explain)


def forget(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help=N_("The program folder (see `init`)."))],
    file: Annotated[str, typer.Argument(metavar="FILE", help=N_(
        "The export added by mistake: its file in the inbox, or its name as ingest showed it."))],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))] = False,
    lang: Lang = None,
) -> None:
    """Remove from the store the messages of one export added by mistake."""
    from whatsapp_ingest.pipeline import find_export, forget as forget_export
    from whatsapp_ingest.report.printable import printable

    use_language(lang)
    try:
        program = open_program([str(folder)], "forget", lang)
        export = find_export(program, file)
    except IngestError as error:
        fail(error)
    shown = printable(export.name)
    if not yes:
        typer.echo(_("Remove the {n} messages stored from {file}? Type y and Enter to remove them: ").format(
            n=export.messages, file=shown), nl=False, err=True)
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "ya", "yes"):
            typer.echo(_("nothing was removed"), err=True)
            raise typer.Exit(1)
    try:
        removed = forget_export(program, export)
    except IngestError as error:
        fail(error)
    with stdout_guard():
        typer.echo(_("removed {n} messages of {file} from the store; take the file out of the inbox, then run "
                     "whatsapp-ingest ingest to rebuild out/").format(n=removed, file=shown))


FORGET_HELP = N_("Remove from the store the messages of one export added by mistake (asks first; --yes does not). "
                 "Messages the other exports also hold stay.")
app.command("forget", cls=Command, help=FORGET_HELP,
            epilog=examples(N_("Examples:"), '"Bimlat PTK April 2020" "inbox/WhatsApp Chat with Arisan RT 05.txt"',
                            '"Bimlat PTK April 2020" "Arisan RT 05.txt" --yes', command="forget"))(forget)
app.command("lupakan", cls=Command, help=N_("Same as forget (Indonesian name)."),
            epilog=examples(N_("Examples:"), '"Bimlat PTK April 2020" "inbox/WhatsApp Chat with Arisan RT 05.txt"',
                            command="lupakan"))(forget)


def run() -> None:
    """The `whatsapp-ingest` command (and `python -m whatsapp_ingest`): the CLI in a process of its own.
    Everything it made is left out of the interpreter's last garbage collections: a run ends with
    its files closed and its output flushed, and going through every object it loaded (pandas, the
    figures) once more on the way out cost a 40,000-message ingest 30 ms for nothing."""
    atexit.register(gc.freeze)   # registered first, so it runs after every other exit handler
    app(prog_name="whatsapp-ingest")
