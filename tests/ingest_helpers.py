"""Helpers for the ingest tests: a program folder, exports written the way phones write them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from whatsapp_ingest.programme.program import Program, load_program
from whatsapp_ingest.store.db import load_messages

GROUP = "Bimlat PTK Cipocok"
ANDROID_NAME = f"WhatsApp Chat with {GROUP}.txt"

PROGRAM_TOML = '''\
name = "Bimlat Penyusunan PTK April 2020"
group = "Bimlat PTK Cipocok"
start = 2020-04-06
end = 2020-04-30
{extra}
[[cycles]]
name = "Siklus I"
weeks = [1, 2]
'''


def make_program(folder: Path, roster: str = "", extra: str = "") -> Program:
    """A program folder with program.toml, roster.csv (if given) and an empty inbox."""
    (folder / "inbox").mkdir(parents=True, exist_ok=True)
    (folder / "program.toml").write_text(PROGRAM_TOML.format(extra=extra), encoding="utf-8")
    if roster:
        (folder / "roster.csv").write_text(roster, encoding="utf-8")
    return load_program(folder)


def android(*messages: tuple[str, str, str]) -> str:
    """Android, Indonesian phone: `06/04/20 08.15 - Nama: teks` (author "" for a notice)."""
    lines = []
    for when, author, text in messages:
        stamp = datetime.fromisoformat(when)
        head = f"{stamp:%d/%m/%y} {stamp:%H.%M} - "
        lines.append(head + (f"{author}: {text}" if author else text))
    return "\n".join(lines) + "\n"


def ios(*messages: tuple[str, str, str]) -> str:
    """iPhone, Indonesian: `[06/04/20 08.15.02] Nama: teks`, CRLF line ends."""
    lines = []
    for when, author, text in messages:
        stamp = datetime.fromisoformat(when)
        lines.append(f"[{stamp:%d/%m/%y} {stamp:%H.%M.%S}] {author}: {text}")
    return "\r\n".join(lines) + "\r\n"


def drop(program: Program, name: str, text: str | bytes) -> Path:
    """Put an export into the inbox."""
    path = program.inbox / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def stored(program: Program) -> list[tuple[object, ...]]:
    """The stored messages as (no, time, author, kind, text) rows, in order."""
    frame, _ = load_messages(program)
    return [(None if pd.isna(no) else int(no), ts.strftime("%Y-%m-%d %H:%M:%S"), author, kind, text)
            for no, ts, author, kind, text in frame[["no", "timestamp", "author", "kind", "text"]]
            .astype(object).itertuples(index=False)]
