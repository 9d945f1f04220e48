"""The command line. Thin: it calls the library and is the only place that turns errors into
one-line messages and exit codes (0 ok, 1 a refused or unreadable input, 2 a broken
program.toml / roster.csv / rule set, 3 another ingest is running)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from whatsapp_ingest.errors import IngestError
from whatsapp_ingest.i18n import _, set_language

app = typer.Typer(
    name="whatsapp-ingest",
    help="Turn exported WhatsApp group chats into the attendance and activeness records of a bimlat programme.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DateOrder = Annotated[
    Optional[str],
    typer.Option("--date-order", help="DMY, MDY or YMD: used only when an export cannot show its own date order."),
]


def fail(error: IngestError) -> None:
    """Print an error as one line on stderr and exit with its code."""
    from whatsapp_ingest.report.printable import printable

    typer.echo(f"error: {printable(error.render())}", err=True)   # file names come from other people's folders
    raise typer.Exit(error.exit_code)


def check_date_order(value: str | None) -> str | None:
    if value is None:
        return None
    order = value.upper()
    if order not in ("DMY", "MDY", "YMD"):
        typer.echo(f"error: --date-order {value}: use DMY, MDY or YMD", err=True)
        raise typer.Exit(2)
    return order


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="An export: the Android .txt or the iPhone .zip.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the records to this CSV.")] = None,
    date_order: DateOrder = None,
) -> None:
    """Read one export and write one row per message (file, line, timestamp, author, kind, text …)."""
    import sys

    from whatsapp_ingest.export.parse import stream_export
    from whatsapp_ingest.export.read import read_export
    from whatsapp_ingest.fileio import atomic_text
    from whatsapp_ingest.report.parse_rows import check_output, describe_parse, write_stream
    from whatsapp_ingest.report.printable import TerminalSafe, printable, printable_lines

    order = check_date_order(date_order)
    try:
        # digest="": parse does not need the file's identity (ingest does), so the file is not hashed
        stream = stream_export(read_export(file, digest=""), date_order=order)
        if output is not None:
            check_output(output, file)
            with atomic_text(output) as handle:
                tally = write_stream(stream, handle)
        else:
            # On a terminal nothing in a message may steer it; a file or pipe gets the exact CSV.
            tally = write_stream(stream, TerminalSafe(sys.stdout) if sys.stdout.isatty() else sys.stdout, bom=False)
    except IngestError as error:
        fail(error)
    for warning in stream.warnings:
        typer.echo(f"warning: {printable(warning)}", err=True)
    typer.echo(printable_lines(describe_parse(stream, tally)), err=output is None)


@app.command()
def init(folder: Annotated[Path, typer.Argument(help="The program folder to create.")]) -> None:
    """Create a program folder: program.toml, roster.csv, inbox/ and out/."""
    from whatsapp_ingest.programme.create import init_program

    try:
        created = init_program(folder)
    except IngestError as error:
        fail(error)
    for path in created:
        typer.echo(f"created {path}")
    shown = f'"{folder}"' if " " in str(folder) else str(folder)   # so the command can be copied as it is
    typer.echo(f"Next: edit {folder / 'program.toml'} and {folder / 'roster.csv'}, put exports in "
               f"{folder / 'inbox'}, then run: whatsapp-ingest ingest {shown}")


@app.command()
def roster(folder: Annotated[Path, typer.Argument(help="The program folder.")]) -> None:
    """Write a draft roster.csv from the authors seen in the stored exports."""
    from whatsapp_ingest.pipeline import draft_roster
    from whatsapp_ingest.programme.program import load_program

    try:
        path = draft_roster(load_program(folder))
    except IngestError as error:
        fail(error)
    if path.name == "roster.csv":
        typer.echo(f"wrote {path}: check names, phones and roles, then run ingest again")
    else:   # roster.csv already lists people: it is never overwritten
        typer.echo(f"wrote {path}: roster.csv already lists people, so the draft is beside it; "
                   "copy what you need into roster.csv")


@app.command()
def ingest(
    folder: Annotated[Path, typer.Argument(help="The program folder (see `init`).")],
    date_order: DateOrder = None,
    any_group: Annotated[bool, typer.Option("--any-group", help="Accept exports whose group name differs from program.toml.")] = False,
    csv: Annotated[Optional[str], typer.Option("--csv", help="CSV dialect: standard (comma) or id (Excel Indonesia: ';' and decimal comma).")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Labels of the workbook and charts: id or en.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only warnings and errors.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print a machine-readable summary instead of tables.")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help=_(
        "Take the figures on this day (2020-04-11) instead of the latest stored message's date."))] = None,
) -> None:
    """Read every export in the inbox, store each message once, and rebuild everything in out/."""
    from whatsapp_ingest.figures.asof import check_as_of, parse_as_of
    from whatsapp_ingest.pipeline import run
    from whatsapp_ingest.programme.program import load_program
    from whatsapp_ingest.report.terminal import Console

    set_language(lang)
    order = check_date_order(date_order)
    console = Console(quiet=quiet, json=json)
    try:
        day = parse_as_of(as_of) if as_of is not None else None
        program = load_program(folder, csv=csv, lang=lang)
        if day is not None:
            check_as_of(program, day)   # before anything is read: a wrong date changes nothing
        outcome = run(program, date_order=order, any_group=any_group, progress=console.progress, as_of=day)
    except IngestError as error:
        fail(error)
    except KeyboardInterrupt:
        # Each file is one transaction and each output is replaced in one step: nothing half-done stays.
        typer.echo(_("interrupted: what was stored so far is kept; run the same command again to finish"), err=True)
        raise typer.Exit(130) from None
    console.show(outcome.report, outcome.results, outcome.written)
    raise typer.Exit(1 if outcome.report.refused else 0)


def explain(
    folder: Annotated[Path, typer.Argument(help=_("The program folder (see `init`)."))],
    name: Annotated[str, typer.Argument(help=_("The participant: her no or her name (a part of it is enough)."))],
    lang: Annotated[Optional[str], typer.Option("--lang", help=_("Language of the text: id or en."))] = None,
) -> None:
    """Why a participant has her figures: every working day and task with the message and the rule that decided it."""
    from whatsapp_ingest.pipeline import explain_participant
    from whatsapp_ingest.programme.program import load_program

    set_language(lang)
    try:
        program = load_program(folder, lang=lang)
        set_language(lang or program.output.lang)
        lines = explain_participant(program, name)
    except IngestError as error:
        fail(error)
    for line in lines:
        typer.echo(line)


app.command("explain")(explain)
app.command("jelaskan", help=_("Same as explain (Indonesian name)."))(explain)
