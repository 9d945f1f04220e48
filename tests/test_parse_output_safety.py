"""`parse -o` writes only a new file or a plain file of no value: never through a link, never over a
device, FIFO or folder, never over a programme's own files; `parse` of a FIFO or a device as the
export neither waits nor reads without end. In subprocesses: files, links and pipes are the point."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from whatsapp_ingest.fileio import file_kind
from whatsapp_ingest.i18n import catalog

t = catalog("id").gettext   # what a supervisor reads (Indonesian is the default)
NEW_NAME = t("give a new file name ending in .csv, e.g. -o records.csv")

EXPORT = "06/04/20 08.15 - Budi: halo\n13/04/20 09.00 - Ani: hadir\n"


def parse(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WHATSAPP_INGEST_LANG"}
    return subprocess.run([sys.executable, "-m", "whatsapp_ingest", "parse", *args], capture_output=True,
                          text=True, timeout=120, env=env)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "grup.txt"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def test_a_link_is_never_written_through(export: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.csv"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "records.csv"
    link.symlink_to(target)
    result = parse(str(export), "-o", str(link))
    assert result.returncode == 2
    assert result.stderr == (f"kesalahan: {link}: "
                             + t("-o is a link; writing the records there would change the file it points to")
                             + f"; {NEW_NAME}\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"


def test_a_fifo_is_not_replaced(export: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "records.csv"
    os.mkfifo(fifo)
    result = parse(str(export), "-o", str(fifo))
    assert result.returncode == 2
    assert result.stderr == (f"kesalahan: {fifo}: " + t("-o is {what}, not a file").format(what=t("a named pipe (FIFO)"))
                             + f"; {NEW_NAME}\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_devices_are_named_as_devices() -> None:
    assert file_kind(os.stat("/dev/null").st_mode) == t("a device")


@pytest.mark.parametrize("name", ["roster.csv", "program.toml", "overrides.csv", "Scores.CSV", "inbox/records.csv"])
def test_a_programmes_own_files_are_never_replaced(export: Path, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "programme"
    (folder / "inbox").mkdir(parents=True)
    (folder / "program.toml").write_text('name = "x"\n', encoding="utf-8")
    target = folder / name
    if not target.exists():
        target.write_text("mine", encoding="utf-8")
    before = target.read_bytes()
    result = parse(str(export), "-o", str(target))
    assert result.returncode == 2, result.stderr
    what = t("a file in {folder}/").format(folder="inbox") if name.startswith("inbox/") else target.name
    assert result.stderr == (f"kesalahan: {target}: "
                             + t("-o is {what} of the programme folder; writing the records there would replace it")
                             .format(what=what) + f"; {NEW_NAME}\n")
    assert target.read_bytes() == before


def test_a_new_file_beside_a_programme_is_written(export: Path, tmp_path: Path) -> None:
    folder = tmp_path / "programme"
    (folder / "inbox").mkdir(parents=True)
    (folder / "program.toml").write_text('name = "x"\n', encoding="utf-8")
    result = parse(str(export), "-o", str(folder / "records.csv"))
    assert result.returncode == 0, result.stderr
    assert (folder / "records.csv").read_text(encoding="utf-8-sig").startswith("file,line,")


def test_a_fifo_as_the_export_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "chat.txt"
    os.mkfifo(fifo)
    result = parse(str(fifo))
    assert result.returncode == 1
    assert result.stderr == ("kesalahan: chat.txt: " + t("is {what}, not an exported chat").format(what=t("a named pipe (FIFO)"))
                             + "; " + t("give the .txt or .zip file WhatsApp exported") + "\n")


def test_dev_zero_as_the_export_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "chat.txt"
    link.symlink_to("/dev/zero")
    result = parse(str(link))
    assert result.returncode == 1
    assert result.stderr == ("kesalahan: chat.txt: " + t("is {what}, not an exported chat").format(what=t("a device"))
                             + "; " + t("give the .txt or .zip file WhatsApp exported") + "\n")
