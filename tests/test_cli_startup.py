"""The command line's start: its plain values (words, folders, files, flags) are given without the
framework's pydantic coercion (clihelp._Plain), and they are the very values that coercion gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from ingest_helpers import ANDROID_NAME, android, drop, make_program
from whatsapp_ingest import clihelp
from whatsapp_ingest.cli import app

PROBE = """
import json, sys
from whatsapp_ingest.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & {"pydantic", "pydantic_core"})))
"""


def framework_modules(*args: str, cwd: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_parse_ingest_roster_and_help_start_without_pydantic(tmp_path: Path) -> None:
    program = make_program(tmp_path / "prog")
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Budi", "hadir")))
    export = tmp_path / "grup.txt"
    export.write_text(android(("2020-04-13 09:00", "Ani", "hadir")), encoding="utf-8")
    assert framework_modules("parse", str(export), "-o", str(tmp_path / "r.csv"), "--lang", "en", cwd=tmp_path) == []
    assert (tmp_path / "r.csv").is_file()   # the command did run
    assert framework_modules("ingest", str(program.folder), "--quiet", "--csv", "id", cwd=tmp_path) == []
    assert (program.folder / "out" / "rekap.xlsx").is_file()
    assert framework_modules("roster", str(program.folder), cwd=tmp_path) == []
    assert framework_modules("ingest", "--help", cwd=tmp_path) == []
    assert framework_modules("--lang", "en", "--help", cwd=tmp_path) == []


def _outcome(runtime: object, value: object, param: object, ctx: object) -> object:
    try:
        found = runtime.coerce(value, param=param, ctx=ctx)   # type: ignore[attr-defined]
    except Exception as error:   # the framework's own complaint, compared by kind and words
        return ("error", type(error).__name__, getattr(error, "format_message", lambda: str(error))())
    return ("value", type(found).__name__, found)


@pytest.mark.skipif(clihelp.RuntimeParam is None, reason="this typer has no pydantic coercion to spare")
def test_plain_values_are_the_frameworks_own(tmp_path: Path) -> None:
    from typer._coercion import build_runtime_param

    (tmp_path / "a file.txt").write_text("x", encoding="utf-8")
    words = ["", "x", "a b", "-", "--", "Bimlat PTK April 2020", "café/ñ", str(tmp_path), str(tmp_path / "a file.txt"),
             str(tmp_path / "missing"), "DMY", "id", " spaced ", "~/x", "x\x00y"]
    group = typer.main.get_command(app)
    checked = set()
    for command in [group, *group.commands.values()]:
        ctx = command.context_class(command, info_name="whatsapp-ingest")
        clihelp.plain_values(command, ctx)
        for param in command.get_params(ctx):
            plain = param._runtime_param
            if plain is None:
                continue
            own = build_runtime_param(param.type_descriptor)
            annotation = param.type_descriptor.annotation
            values = ([None, True, False] if annotation is bool else
                      [None, (), tuple(words), ("a", "b")] if annotation == list[str] else [None, *words])
            for value in values:
                assert _outcome(plain, value, param, ctx) == _outcome(own, value, param, ctx), (param.name, value)
            checked.add(repr(annotation))
    assert checked == {"<class 'str'>", "<class 'bool'>", "<class 'pathlib.Path'>", "list[str]"}


def test_the_command_ends_without_a_last_collection_of_what_it_loaded(tmp_path: Path) -> None:
    """`whatsapp-ingest` and `python -m whatsapp_ingest` go through cli.run: once the command has
    ended, every object is frozen before the interpreter's own exit collections, and the exit code
    and output are the command's."""
    import tomllib

    scripts = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["whatsapp-ingest"] == "whatsapp_ingest.cli:run"
    probe = ("import atexit, gc, sys\n"
             "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))   # runs after run()'s own\n"
             "from whatsapp_ingest.cli import run\n"
             "sys.argv = ['whatsapp-ingest', 'roster', sys.argv[1]]\n"
             "run()\n")
    result = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "none")], cwd=tmp_path,
                            capture_output=True, text=True, env={**os.environ, "WHATSAPP_INGEST_LANG": "en"})
    assert result.returncode == 2, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "frozen True"
    assert "Traceback" not in result.stderr
