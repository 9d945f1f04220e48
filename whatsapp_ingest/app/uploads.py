"""An export dropped on the page: kept only when it reads as a WhatsApp chat, then put into
`inbox/` under its own name — never over another file: a taken name gets a number, `chat (2).txt`.

The upload is first written to a private folder under the programme's tool folder (hidden from
`ingest`), under its own name so that any error names the file the person chose; it is read with
the read stage's own checks (size, zip bomb, encoding, a chat at all). Only then is it linked into
the inbox, in one step that cannot replace a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath

from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export.parse import parse_export
from whatsapp_ingest.export.read import MAX_EXPORT_BYTES, read_export
from whatsapp_ingest.i18n import _
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.store.ingest import EXPORT_SUFFIXES

CHUNK = 1 << 20


def safe_name(name: str) -> str:
    """The upload's own file name without folders, control characters or a leading dot."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().lstrip(".").strip()
    return base or "export.txt"


def staging_folder(program: Program) -> Path:
    """A new private folder for one upload, inside the tool's own folder."""
    root = program.state / "uploads"
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=root))


def receive(program: Program, name: str, chunks: Iterable[bytes], limit: int = MAX_EXPORT_BYTES) -> Path:
    """Write an upload's bytes to a private folder and check it as an export; returns the staged file.

    Raises BadExport (nothing kept) when it is not a .txt or .zip, is larger than the read stage
    allows, or cannot be read as a WhatsApp chat.
    """
    shown = safe_name(name)
    if PurePosixPath(shown).suffix.lower() not in EXPORT_SUFFIXES:
        raise BadExport(shown, _("not a .txt or .zip export"),
                        _("give the .txt (Android) or .zip (iPhone) file WhatsApp exported"))
    folder = staging_folder(program)
    staged = folder / shown
    try:
        size = 0
        with staged.open("xb") as handle:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise BadExport(shown, _("the file is larger than {mb} MB").format(mb=limit >> 20),
                                    _("export the chat without media"))
                handle.write(chunk)
        parse_export(read_export(staged, max_bytes=limit))
    except BaseException:
        discard(staged)
        raise
    return staged


def discard(staged: Path) -> None:
    """Remove a staged upload and its private folder."""
    shutil.rmtree(staged.parent, ignore_errors=True)


def place_in_inbox(program: Program, staged: Path) -> Path | None:
    """Link the staged file into inbox/ under a free name; None when the inbox already holds a file
    of that name with the same bytes (nothing to add). The staged copy is removed either way."""
    try:
        program.inbox.mkdir(parents=True, exist_ok=True)
        data_size = staged.stat().st_size
        stem, suffix = staged.stem, staged.suffix
        for number in range(1, 10_000):
            target = program.inbox / (staged.name if number == 1 else f"{stem} ({number}){suffix}")
            if target.exists():
                if target.is_file() and target.stat().st_size == data_size and _same(target, staged):
                    return None
                continue
            try:
                os.link(staged, target)       # fails when the name was taken meanwhile: never overwrites
            except FileExistsError:
                continue
            except OSError:                   # a file system without hard links: exclusive create
                try:
                    with staged.open("rb") as source, target.open("xb") as handle:
                        shutil.copyfileobj(source, handle, CHUNK)
                except FileExistsError:
                    continue
            return target
        raise BadExport(staged.name, _("too many files of this name in the inbox"), _("rename the file"))
    finally:
        discard(staged)


def _same(a: Path, b: Path) -> bool:
    with a.open("rb") as left, b.open("rb") as right:
        while True:
            x, y = left.read(CHUNK), right.read(CHUNK)
            if x != y:
                return False
            if not x:
                return True
