"""Names from other people's phones and folders reach the terminal harmless: no rich markup
traceback (`\\[/x]`, a programme named `[/]`), no raw ESC sequence, no forged line from a newline.
In subprocesses, with and without a colour terminal, as a supervisor runs the tool."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import GROUP, PROGRAM_TOML, android

from whatsapp_ingest.report.printable import printable, printable_data

ROSTER = "no,name\n1,Rina Wulandari\n2,[/]\n"
EVIL_AUTHORS = ["\\[/x]", "Budi\x1b[2J\x1b[H", "Ani\x9b31m", "[bold red]Dedi[/]", "Eko\u202eigam"]


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "programme"
    (folder / "inbox").mkdir(parents=True)
    toml = PROGRAM_TOML.format(extra="").replace('name = "Bimlat Penyusunan PTK April 2020"', 'name = "[/]"')
    (folder / "program.toml").write_text(toml, encoding="utf-8")
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    messages = [("2020-04-06 08:15", "Rina Wulandari", "hadir"), ("2020-04-06 08:16", "[/]", "hadir")]
    messages += [(f"2020-04-06 09:{i:02d}", author, "halo") for i, author in enumerate(EVIL_AUTHORS)]
    (folder / "inbox" / f"WhatsApp Chat with {GROUP}.txt").write_text(android(*messages), encoding="utf-8")
    forged = f"WhatsApp Chat with X\nerror: forged line\x1b[2J.txt"
    # a line before the first message: a warning that names the file (its dates fit the programme: no date-order one)
    (folder / "inbox" / forged).write_text("disalin dari ponsel\n" + android(*messages[:1]), encoding="utf-8")
    return folder


def ingest(folder: Path, *args: str, colour: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS")}
    if colour:
        env["FORCE_COLOR"] = "1"   # rich then writes its own colours, as on a terminal
    return subprocess.run([sys.executable, "-m", "whatsapp_ingest", "ingest", str(folder), *args],
                          capture_output=True, text=True, env=env, timeout=300)


def test_printable_escapes_controls_and_drops_overrides() -> None:
    assert printable("Budi\x1b[2J") == "Budi\\x1b[2J"
    assert printable("a\nerror: b\r\tc") == "a\\nerror: b\\r\\tc"
    assert printable("Ani\x9b31m\u2028") == "Ani\\x9b31m\\u2028"
    assert printable("Eko\u202eigam") == "Ekoigam"
    assert printable("Siti 🌸 [/]") == "Siti 🌸 [/]"
    assert printable_data("a,\"b\nc\"\tx\r\n\x1b[2J") == "a,\"b\nc\"\tx\r\n\\x1b[2J"


@pytest.mark.parametrize("colour", [False, True])
def test_ingest_shows_hostile_names_without_traceback_or_raw_controls(tmp_path: Path, colour: bool) -> None:
    folder = make_folder(tmp_path)
    result = ingest(folder, colour=colour)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    for stream in (result.stdout, result.stderr):
        assert "\x1b[2J" not in stream and "\x1b[H" not in stream and "\x9b" not in stream and "\u202e" not in stream
    if not colour:   # (on a colour terminal a progress bar may share stderr)
        for line in result.stderr.splitlines():   # a newline in a name cannot start a line of its own
            assert line.startswith(("peringatan: ", "kesalahan: ")), line
    assert not any(line.startswith(("error", "kesalahan")) for line in result.stdout.splitlines())
    assert "X\\nerror: forged line\\x1b[2J.txt" in result.stdout + result.stderr
    assert "Budi\\x1b[2J\\x1b[H" in result.stderr   # the unknown sender, recognisable
    assert "\\[/x]" in result.stderr and "[bold red]Dedi[/]" in result.stderr
    assert "[/]" in result.stdout   # the programme's name as the table's title


def test_json_keeps_names_but_no_terminal_controls(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    result = ingest(folder, "--json")
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    document = json.loads(result.stdout)
    assert "Budi\x1b[2J\x1b[H" in document["unknown_senders"] and "Ani\x9b31m" in document["unknown_senders"]
    assert document["program"] == "[/]"


def test_an_error_naming_a_hostile_file_is_one_line(tmp_path: Path) -> None:
    export = tmp_path / "chat\nerror: all data deleted\x1b[2J.txt"
    export.write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "whatsapp_ingest", "parse", str(export)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("kesalahan: chat\\nerror: all data deleted\\x1b[2J.txt")
