"""The programme folder a person typed, checked for the usual mistakes before anything is read:
a folder name with spaces typed without quotes, a file where the folder is meant, a folder that
does not exist. Each gives one line saying exactly what to type instead."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from whatsapp_ingest.errors import UsageMistake
from whatsapp_ingest.i18n import _


def quoted(path: Path | str) -> str:
    """`path` as it must be typed: in quotes when it has spaces."""
    text = str(path)
    return f'"{text}"' if " " in text or not text else text


def program_folder(words: Sequence[str], command: str, *, must_exist: bool = True) -> Path:
    """The one folder in `words` (what the shell passed as the FOLDER argument); UsageMistake with
    the command to type when it is several words, a file, or (with `must_exist`) not there."""
    if len(words) > 1:
        joined = " ".join(words)
        raise UsageMistake(joined, _("a folder name with spaces must be written in quotes"),
                           _("type: whatsapp-ingest {command} {folder}").format(command=command, folder=quoted(joined)))
    folder = Path(words[0]) if words else Path(".")
    if must_exist and folder.is_file():   # (init says itself that it cannot make a folder of a file)
        raise UsageMistake(folder, _("this is a file, not a programme folder"),
                           _("type: whatsapp-ingest {command} {folder}").format(
                               command=command, folder=quoted(_folder_of(folder))))
    if must_exist and not folder.exists():
        similar = _similar(folder)
        if similar is not None:
            hint = _("did you mean: whatsapp-ingest {command} {folder}").format(command=command, folder=quoted(similar))
        else:
            hint = _("check the name (with quotes when it has spaces), or create a programme with: "
                     "whatsapp-ingest init {folder}").format(folder=quoted(folder))
        raise UsageMistake(folder, _("this folder does not exist"), hint)
    return folder


def _folder_of(file: Path) -> Path | str:
    """The programme folder a file most likely belongs to (program.toml, roster.csv, an inbox export)."""
    for candidate in (file.parent, file.parent.parent):
        if (candidate / "program.toml").is_file():
            return candidate
    return _("FOLDER")


def _similar(folder: Path) -> Path | None:
    """A folder beside `folder` whose name differs only in case or spaces (a likely typing slip)."""
    parent = folder.parent if str(folder.parent) else Path(".")
    key = "".join(folder.name.casefold().split())
    try:
        for entry in parent.iterdir():
            if entry.is_dir() and "".join(entry.name.casefold().split()) == key:
                return entry if str(folder.parent) != "." else Path(entry.name)
    except OSError:
        return None
    return None
