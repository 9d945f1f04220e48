"""`whatsapp-ingest forget FOLDER FILE` (Indonesian: `lupakan`): the messages of one export added by
mistake leave the store in one transaction, after a confirmation (`--yes` skips it); what another
export also holds is stored back by the next ingest; the warning for a stored export gone from the
inbox gives the command."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from ingest_helpers import ANDROID_NAME, android, drop, make_program, stored

from whatsapp_ingest.i18n import catalog

t = catalog("id").gettext
ROSTER = "no,name\n1,Budi\n2,Ani\n"
OURS = [("2020-04-06 08:15", "Budi", "hadir"), ("2020-04-06 08:16", "Ani", "hadir"),
        ("2020-04-07 08:15", "Budi", "hadir")]
WRONG = "Salah kirim.txt"
# A file the supervisor dropped by mistake: one message of ours, three of a stranger's chat.
MISTAKE = [("2020-04-07 08:15", "Budi", "hadir"), ("2020-04-08 19:00", "Bu Eko", "arisan besok"),
           ("2020-04-08 19:01", "Bu Eko", "jam 4"), ("2020-04-08 19:02", "Budi", "siap bu")]


def run(*args: str, cwd: Path, answer: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WHATSAPP_INGEST_LANG"}
    return subprocess.run([sys.executable, "-m", "whatsapp_ingest", *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=cwd, input=answer if answer is not None else "")


def programme(tmp_path: Path):   # noqa: ANN201
    """Ours and the mistake, stored in one run; the mistake first (inbox order), so the message both
    hold is stored under the mistake's name."""
    program = make_program(tmp_path / "p", ROSTER + "3,Bu Eko\n", extra="holidays = [2020-04-10]")
    drop(program, ANDROID_NAME, android(*OURS))
    drop(program, WRONG, android(*MISTAKE))
    assert run("ingest", "p", "--quiet", cwd=tmp_path).returncode == 0
    return program


def texts(program) -> list[tuple[str, str]]:   # noqa: ANN001
    return [(row[2], row[4]) for row in stored(program)]


def test_no_answer_removes_nothing(tmp_path: Path) -> None:
    program = programme(tmp_path)
    before = texts(program)
    result = run("forget", "p", f"inbox/{WRONG}", cwd=tmp_path, answer="n\n")
    assert result.returncode == 1
    assert result.stderr == t("Remove the {n} messages stored from {file}? Type y and Enter to remove them: ").format(
        n=4, file=f"inbox/{WRONG}") + t("nothing was removed") + "\n"
    assert texts(program) == before


def test_yes_removes_the_exports_messages_and_keeps_what_another_export_holds(tmp_path: Path) -> None:
    program = programme(tmp_path)
    assert len(texts(program)) == 6
    result = run("forget", "p", WRONG, cwd=tmp_path, answer="y\n")
    assert result.returncode == 0
    assert result.stdout == t("removed {n} messages of {file} from the store; take the file out of the inbox, then "
                              "run whatsapp-ingest ingest to rebuild out/").format(n=4, file=f"inbox/{WRONG}") + "\n"
    still = run("ingest", "p", "--quiet", cwd=tmp_path)   # the file is still in the inbox: said, never stored again
    assert still.returncode == 1
    assert still.stderr == t("warning: {message}").format(message=t("{file}: refused: {reason}").format(
        file=f"inbox/{WRONG}", reason=t("its messages were removed with whatsapp-ingest forget; remove the file "
                                        "from the inbox"))) + "\n"
    (program.inbox / WRONG).unlink()
    assert run("ingest", "p", "--quiet", cwd=tmp_path).returncode == 0
    assert texts(program) == [(who, text) for _when, who, text in OURS]   # 7 April's "hadir" is back, from ours


def test_lupakan_with_yes_asks_nothing(tmp_path: Path) -> None:
    program = programme(tmp_path)
    result = run("lupakan", "p", str(program.inbox / WRONG), "--yes", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == t("removed {n} messages of {file} from the store; take the file out of the inbox, then "
                              "run whatsapp-ingest ingest to rebuild out/").format(n=4, file=f"inbox/{WRONG}") + "\n"
    assert texts(program) == [(who, text) for _when, who, text in OURS[:2]]
    (program.inbox / WRONG).unlink()
    assert run("ingest", "p", "--quiet", cwd=tmp_path).returncode == 0
    assert texts(program) == [(who, text) for _when, who, text in OURS]


def test_a_name_not_stored_is_one_line_listing_the_stored_ones(tmp_path: Path) -> None:
    programme(tmp_path)
    result = run("forget", "p", "arisan.txt", "--yes", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == t("error: {message}").format(message="arisan.txt: " + t(
        "no stored export has this name") + "; " + t("give one of the stored exports: {names}").format(
        names=f"inbox/{WRONG}, inbox/{ANDROID_NAME}")) + "\n"


def test_the_warning_for_an_export_gone_from_the_inbox_gives_the_command_and_it_works(tmp_path: Path) -> None:
    program = programme(tmp_path)
    (program.inbox / WRONG).unlink()   # taken out of the inbox: its messages are still counted
    result = run("ingest", "p", "--quiet", cwd=tmp_path)
    warning = t("warning: {message}").format(message=t(
        "{file}: stored, but no longer in the inbox; its messages are still counted; if it was added by mistake, "
        "remove them with: whatsapp-ingest forget {folder} {name}").format(
        file=f"inbox/{WRONG}", folder="p", name=f'"inbox/{WRONG}"'))
    assert result.stderr == warning + "\n"
    command = shlex.split(warning.split(": whatsapp-ingest ", 1)[1])
    assert run(*command, "--yes", cwd=tmp_path).returncode == 0
    assert run("ingest", "p", "--quiet", cwd=tmp_path).stderr == ""   # nothing left to warn about
    assert texts(program) == [(who, text) for _when, who, text in OURS]


def test_forget_waits_for_no_ingest_it_says_one_is_running(tmp_path: Path) -> None:
    from whatsapp_ingest.store.db import program_lock

    program = programme(tmp_path)
    before = texts(program)
    with program_lock(program):   # as while an ingest is storing
        result = run("forget", "p", WRONG, "--yes", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr == t("error: {message}").format(message="p: " + t(
        "another whatsapp-ingest is already working on this program folder") + "; " + t("wait for it to finish")) + "\n"
    assert texts(program) == before
