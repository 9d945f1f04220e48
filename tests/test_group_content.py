"""The group check reads the content, not only the file name: another group's export saved (or
renamed) under this group's name is refused when its notices name another group, or when none of
its senders is in roster.csv or in the exports stored so far."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ingest_helpers import ANDROID_NAME, GROUP, android, drop, make_program, stored

from whatsapp_ingest.i18n import catalog
from whatsapp_ingest.store.ingest import run_ingest

t = catalog("id").gettext
ROSTER = "no,name\n1,Budi\n2,Ani\n3,Citra\n4,Dedi\n"
OURS = android(("2020-04-06 08:15", "Budi", "hadir"), ("2020-04-06 08:16", "Ani", "hadir"),
               ("2020-04-06 08:17", "Citra", "hadir"), ("2020-04-06 08:18", "Dedi", "hadir"))
ARISAN = android(("2020-04-13 16:00", "Bu Eko", "arisan jam 4"), ("2020-04-13 16:05", "Bu Fajar", "siap"),
                 ("2020-04-13 16:06", "Bu Gita", "oke"), ("2020-04-13 16:07", "Bu Hana", "hadir"))
SECOND = f"WhatsApp Chat with {GROUP} (1).txt"
SAVED_UNDER_OUR_NAME = t("none of its {authors} senders is in roster.csv or in the exports stored so far: it looks "
                         "like another group's export saved under this group's name").format(authors=4) + "; " + t(
    "check the file, or run with --any-group")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WHATSAPP_INGEST_LANG"}
    return subprocess.run([sys.executable, "-m", "whatsapp_ingest", *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=cwd)


def test_another_groups_export_under_this_groups_name_is_refused(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p", ROSTER, extra="holidays = [2020-04-10]")
    drop(program, ANDROID_NAME, OURS)
    assert run("ingest", "p", "--quiet", cwd=tmp_path).returncode == 0
    drop(program, SECOND, ARISAN)
    result = run("ingest", "p", "--quiet", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == t("warning: {message}").format(message=t("{file}: refused: {reason}").format(
        file=f"inbox/{SECOND}", reason=SAVED_UNDER_OUR_NAME)) + "\n"
    assert len(stored(program)) == 4
    assert run("ingest", "p", "--quiet", "--any-group", cwd=tmp_path).returncode == 0   # the way out, if it is ours
    assert len(stored(program)) == 8


def test_without_a_roster_the_stored_senders_are_compared(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p")
    drop(program, ANDROID_NAME, OURS)
    run_ingest(program)
    drop(program, SECOND, ARISAN)
    report = run_ingest(program)
    assert {f.name: (f.status, f.reason) for f in report.files} == {
        f"inbox/{ANDROID_NAME}": ("unchanged", ""), f"inbox/{SECOND}": ("refused", SAVED_UNDER_OUR_NAME)}


def test_one_known_sender_is_enough(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p", ROSTER)
    drop(program, ANDROID_NAME, OURS)
    run_ingest(program)
    drop(program, SECOND, ARISAN + android(("2020-04-14 08:00", "Budi", "hadir")))
    assert {f.name: f.status for f in run_ingest(program).files} == {
        f"inbox/{ANDROID_NAME}": "unchanged", f"inbox/{SECOND}": "new"}


def test_the_first_export_with_a_roster_in_other_spellings_is_warned_not_refused(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p", "no,name\n1,Budi Santoso S.Pd\n2,Ani Rahmawati S.Pd\n")
    drop(program, ANDROID_NAME, ARISAN)
    report = run_ingest(program)
    assert [f.status for f in report.files] == ["new"]
    assert t("{file}: none of its {authors} senders is in roster.csv; check that it is an export of this group, or "
             "add the names as WhatsApp shows them to the aliases column").format(
        file=f"inbox/{ANDROID_NAME}", authors=4) in report.warnings


def test_notices_naming_another_group_win_over_the_file_name(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p", ROSTER)
    drop(program, ANDROID_NAME, android(("2020-04-13 07:00", "", 'Bu Eko membuat grup "Arisan RT 05"')) + ARISAN)
    report = run_ingest(program)
    assert [(f.status, f.reason) for f in report.files] == [("refused", t(
        "export of group '{found}', but program.toml says group = '{group}'").format(
        found="Arisan RT 05", group=GROUP) + "; " + t('if the group was renamed add also_groups = ["{found}"] to '
                                                      "program.toml, or run with --any-group").format(
        found="Arisan RT 05"))]
    assert stored(program) == []


def test_a_renamed_group_whose_notices_name_its_old_name_is_ours(tmp_path: Path) -> None:
    program = make_program(tmp_path / "p", ROSTER)
    drop(program, ANDROID_NAME, android(
        ("2020-04-06 07:00", "", f'Budi mengubah subjek dari "PTK lama" menjadi "{GROUP}"')) + OURS)
    assert [f.status for f in run_ingest(program).files] == ["new"]
