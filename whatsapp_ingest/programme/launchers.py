"""The double-click files `init` writes into a programme folder, so that the web app opens without a
terminal: `Buka Rekap.bat` (Windows), `Buka Rekap.command` (macOS), `buka-rekap.sh` (Linux).

Each runs `python -m whatsapp_ingest app FOLDER` with the absolute path of the interpreter that ran
`init`, so no virtual environment needs activating and no PATH is needed. Paths are quoted for the
shell that reads them (spaces, quotes, `$`, `%` included).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

WINDOWS = "Buka Rekap.bat"
MACOS = "Buka Rekap.command"
LINUX = "buka-rekap.sh"


def sh_quote(text: str) -> str:
    """`text` as one word for a POSIX shell: in single quotes, each `'` written as '\\''."""
    return "'" + text.replace("'", "'\\''") + "'"


def bat_quote(text: str) -> str:
    """`text` as one argument of a .bat line: in double quotes, `%` doubled (a Windows path holds no `"`)."""
    return '"' + text.replace("%", "%%") + '"'


def posix_script(python: str, folder: str) -> str:
    """The .sh / .command file: the programme's web app, whatever folder it is started from."""
    return ("#!/bin/sh\n"
            "# Membuka rekap program ini di peramban. Klik dua kali, atau jalankan: sh buka-rekap.sh\n"
            f"exec {sh_quote(python)} -m whatsapp_ingest app {sh_quote(folder)} \"$@\"\n")


def bat_script(python: str, folder: str) -> str:
    """The .bat file (CRLF, as Windows expects); the window stays open to show a message."""
    lines = ["@echo off",
             "rem Membuka rekap program ini di peramban. Klik dua kali berkas ini.",
             "chcp 65001 >nul",
             f"{bat_quote(python)} -m whatsapp_ingest app {bat_quote(folder)} %*",
             "pause"]
    return "\r\n".join(lines) + "\r\n"


def launcher_files(folder: Path, python: str | None = None) -> dict[str, str]:
    """File name → content of the three launchers for the programme in `folder`."""
    python = str(Path(python or sys.executable).absolute())
    target = str(Path(folder).absolute())
    return {WINDOWS: bat_script(python, target), MACOS: posix_script(python, target),
            LINUX: posix_script(python, target)}


def write_launchers(folder: Path, python: str | None = None) -> list[Path]:
    """Write the launchers into `folder` (executable where that means something); returns them."""
    written = []
    for name, text in launcher_files(folder, python).items():
        path = Path(folder) / name
        path.write_bytes(text.encode("utf-8"))
        if name != WINDOWS:
            mode = path.stat().st_mode
            os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        written.append(path)
    return written
