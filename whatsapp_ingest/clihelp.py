"""The command line's help, in the reader's language.

Help texts are written in the code as English msgids (`N_`) and translated only when shown, so the
language can be chosen after the commands are defined: from the command line itself before it is
read (`--lang`, or the programme folder's `[output] lang`), else WHATSAPP_INGEST_LANG, else Indonesian.
The framework's own words (Usage, Options, "Missing argument" …) come from the same catalogs.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

if TYPE_CHECKING:
    import click

from whatsapp_ingest.i18n import LANGUAGES, N_, _, set_language

PROGRAMME_COMMANDS = ("ingest", "roster", "explain", "jelaskan", "forget", "lupakan")


# The framework's placeholders in a usage line, as people read them.
WORDS = {"[OPTIONS]": N_("[OPTIONS]"), "COMMAND [ARGS]...": N_("COMMAND [ARGS]..."), "FILE": N_("FILE"),
         "FOLDER": N_("FOLDER"), "NAME": N_("NAME")}
NO_REWRAP = "\n\n\b\n"   # click prints a paragraph that starts with \b as it is (example commands)


def examples(heading: str, *lines: str, command: str) -> str:
    """An epilog: the heading (a msgid, translated when shown) and example command lines kept as typed."""
    return heading + NO_REWRAP + "\n".join(f"  whatsapp-ingest {command} {line}" for line in lines)


def _translate(item: Any, attribute: str) -> None:
    """Replace `item.<attribute>` by its translation, keeping the msgid for the next time. In an
    epilog only the heading is translated; the example commands after it stay as typed."""
    key = "_msgid_" + attribute
    if not hasattr(item, key):
        setattr(item, key, getattr(item, attribute, None))
    msgid = getattr(item, key)
    if msgid:
        heading, rest = msgid.split(NO_REWRAP, 1) if NO_REWRAP in msgid else (msgid, None)
        setattr(item, attribute, _(heading) + (NO_REWRAP + rest if rest is not None else ""))


def _translate_command(command: click.Command) -> None:
    for attribute in ("help", "epilog", "short_help"):
        _translate(command, attribute)
    for param in command.params:
        _translate(param, "help")
        if isinstance(param, TyperArgument):
            _plain_argument(param)


def _plain_argument(param: TyperArgument) -> None:
    """An argument shown by its name alone (`FOLDER`), not with the framework's `{FOLDER}...` and
    `<list[str]>`, which mean nothing to the people reading the help."""
    name = _(param.metavar or (param.name or "").upper())
    param._usage_display_name = lambda: name              # type: ignore[attr-defined]
    param.display_type_rich = lambda ctx: None            # type: ignore[method-assign]


# typer 0.2x coerces every value typed on the command line through a pydantic TypeAdapter: importing
# pydantic and building the adapters took about 0.06 s of CPU at every start of every command. The
# values of this command line are plain words (a str, a list of them, a flag, a Path without checks), which
# are given the very values typer's own coercion gives; anything else goes to typer's coercion.
try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:   # another typer: its own coercion throughout
    RuntimeParam = None   # type: ignore[assignment,misc]


if RuntimeParam is not None:
    @dataclass(frozen=True)
    class _Plain(RuntimeParam):   # type: ignore[misc,valid-type]
        """A str, bool, list[str] or Path value as typer's own coercion gives it, without pydantic."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.annotation is str and type(value) is str or self.annotation is bool and type(value) is bool:
                return value
            if self.annotation == list[str] and type(value) in (tuple, list) and all(type(v) is str for v in value):
                return list(value)
            if self.annotation is Path and type(value) is str and "\0" not in value:
                try:
                    return coerce_cli_path(Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx)
                except TypeError:   # a typer whose helper takes other arguments: its own coercion
                    pass
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)


def plain_values(command: Any, ctx: Any) -> None:
    """Give `command`'s plain parameters (see `_Plain`) a coercion without pydantic, before any value is read."""
    if RuntimeParam is None:
        return
    for param in command.get_params(ctx):   # (its help option too)
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue
        info = descriptor.parameter_info
        try:
            if (descriptor.annotation in (str, bool, Path) or descriptor.annotation == list[str]) and (
                    descriptor.file_annotation is None and info.parser is None
                    and getattr(info, "path_type", None) is None):
                param._runtime_param = _Plain(info, descriptor.annotation)
        except (AttributeError, TypeError):   # a typer made otherwise: its own coercion
            continue


class _Translated:
    """What a command and the group share: translated help, usage line and help option."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _translate_command(self)   # type: ignore[arg-type]
        super().format_help(ctx, formatter)   # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = [_(WORDS.get(piece, piece)) for piece in self.collect_usage_pieces(ctx)]   # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)   # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class Command(_Translated, TyperCommand):
    """A command whose help is translated when it is shown."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self, ctx)
        return super().parse_args(ctx, args)

    def get_short_help_str(self, limit: int = 45) -> str:
        _translate_command(self)
        return super().get_short_help_str(limit)


class Group(_Translated, TyperGroup):
    """The whole command line: chooses the language before reading the arguments, and says what
    was typed wrongly in one translated line."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        set_language(early_language(args))
        plain_values(self, ctx)
        return super().parse_args(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo(_("Aborted."), err=True)
            sys.exit(1)
        except Exception as error:
            if not standalone_mode or not _is_usage_error(error):
                raise
            if type(error).__name__ == "NoArgsIsHelpError":   # the command alone: its help
                typer.echo(error.format_message(), err=True)    # type: ignore[attr-defined]
            else:
                typer.echo(_("error: {message}").format(message=usage_message(error)), err=True)
            sys.exit(getattr(error, "exit_code", 2))
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def _is_usage_error(error: BaseException) -> bool:
    """The framework's own exceptions for a command typed wrongly (whichever click it ships)."""
    return hasattr(error, "format_message") and hasattr(error, "exit_code")


EXTRA = re.compile(r"unexpected extra argument(?:\(s\)|s)?\s*\((?P<args>.*)\)\s*$", re.S)


def _no_such_command(message: str) -> str | None:
    """The command named in the framework's "No such command 'x'." (in either language), else None."""
    for template in ("No such command {name!r}.", _("No such command {name!r}.")):
        pattern = re.escape(template).replace(re.escape("{name!r}"), "'(?P<name>.*)'")
        found = re.fullmatch(pattern, message.strip())
        if found:
            return found.group("name")
    return None


def usage_message(error: Any) -> str:
    """A framework error as one translated line: what is wrong; what to type for help."""
    kind = type(error).__name__
    ctx = getattr(error, "ctx", None)
    param = getattr(error, "param", None)
    name = ""
    if param is not None:
        name = (param.metavar or (param.name or "").upper()) if isinstance(param, TyperArgument) else (
            (param.opts or [param.name])[0])
    if kind == "MissingParameter":
        what = _("{name} is missing").format(name=name) if name else _("something is missing")
    elif kind == "NoSuchOption":
        what = _("there is no option {option}").format(option=getattr(error, "option_name", ""))
        possibilities = getattr(error, "possibilities", None)
        if possibilities:
            what += "; " + _("did you mean {options}?").format(options=", ".join(sorted(possibilities)))
    elif kind == "BadOptionUsage" and "requires" in error.format_message():
        what = _("{option} needs a value after it").format(option=getattr(error, "option_name", ""))
    elif EXTRA.search(str(error.format_message())):
        extra = EXTRA.search(str(error.format_message())).group("args")   # type: ignore[union-attr]
        what = _("too many words: {words} (a name with spaces must be written in quotes)").format(words=extra)
    elif _no_such_command(error.format_message()):
        what = _("there is no command {command}").format(command=_no_such_command(error.format_message()))
    else:   # a message the framework wrote: shown as it is, after a translated lead-in
        what = _("the command was not typed correctly: {detail}").format(detail=error.format_message())
    if ctx is None:
        return what
    return _("{problem}; for help type: {command} --help").format(problem=what, command=ctx.command_path)


def early_language(args: Sequence[str]) -> str | None:
    """The language asked for on the command line (`--lang en`, `--lang=en`), else the one of the
    programme folder named after `ingest`/`roster`, else None (environment or Indonesian)."""
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else (
            arg.split("=", 1)[1] if arg.startswith("--lang=") else None)
        if value is not None and value.strip().lower() in LANGUAGES:
            return value.strip().lower()
    if args and args[0] in PROGRAMME_COMMANDS:
        words = [a for a in args[1:] if not a.startswith("-")]
        for candidate in (words[:1], words):   # one folder, or a name with spaces typed without quotes
            if candidate:
                lang = programme_language(Path(" ".join(candidate)))
                if lang:
                    return lang
    return None


def programme_language(folder: Path) -> str | None:
    """`[output] lang` of the programme in `folder`, if it can be read at all (errors come later)."""
    try:
        with (folder / "program.toml").open("rb") as handle:
            value = tomllib.load(handle).get("output", {}).get("lang")
    except (OSError, ValueError, AttributeError, RecursionError):   # said by load_program, in one line
        return None
    return value.strip().lower() if isinstance(value, str) and value.strip().lower() in LANGUAGES else None
