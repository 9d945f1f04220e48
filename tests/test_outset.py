"""out/ is replaced as a set: killed at any step of a run, out/ holds the old set or the new one,
never a mix; leftovers are cleaned; a workbook held open (Excel on Windows) does not stop the run;
a full disk is one line and leaves out/ as it was. Kills are real SIGKILLs of a forked process."""

from __future__ import annotations

import errno
import os
import shutil
import signal
from pathlib import Path

import pytest

from whatsapp_ingest.errors import OutputError
from whatsapp_ingest.i18n import catalog
from whatsapp_ingest.report import outset

OLD = {"activeness.csv": b"old activeness\n", "summary.csv": b"same in both\n", "rekap.xlsx": b"old workbook",
       "scores.csv": b"old scores\n"}
NEW = {"activeness.csv": b"new activeness, longer\n", "summary.csv": b"same in both\n", "rekap.xlsx": b"new workbook",
       "chart.png": b"new chart"}
MINE = {"catatan.txt": b"the supervisor's own note\n"}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}


def make_out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for name, data in {**OLD, **MINE}.items():
        (out / name).write_bytes(data)
    return out


def publish_new(out: Path) -> outset.Published:
    return outset.publish(out, NEW.items(), drop=["scores.csv"])


OLD_SET, NEW_SET = {**OLD, **MINE}, {**NEW, **MINE}


def killed_at(out: Path, step: int, exchange: bool) -> int:
    """Fork; the child publishes and SIGKILLs itself at its `step`-th file-system step. Returns the
    child's wait status (0 when it got through every step)."""
    pid = os.fork()
    if pid == 0:   # the child: never returns into pytest
        try:
            count = [0]

            def counted(function):
                def wrapper(*args, **kwargs):
                    count[0] += 1
                    if count[0] == step:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return function(*args, **kwargs)
                return wrapper

            outset._write = counted(outset._write)
            outset._link = counted(outset._link)
            outset._exchange = counted(outset._exchange if exchange else (lambda a, b: False))
            outset.os.rename = counted(os.rename)
            outset.os.replace = counted(os.replace)
            outset.shutil.rmtree = counted(shutil.rmtree)
            publish_new(out)
            os._exit(0)
        except BaseException:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    return status


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_killed_at_any_step_out_is_all_old_or_all_new(tmp_path: Path, exchange: bool) -> None:
    seen = set()
    for step in range(1, 60):
        folder = tmp_path / f"step{step}"
        folder.mkdir()
        out = make_out(folder)
        status = killed_at(out, step, exchange)
        if exchange or out.exists():
            state = contents(out)
        else:   # killed between the two renames: the next run puts the old set back first
            outset.recover(out)
            state = contents(out)
        assert state in (OLD_SET, NEW_SET), f"step {step}: a mix"
        seen.add("old" if state == OLD_SET else "new")
        outset.recover(out)   # what the next run does first: no leftovers beside or in out/
        assert sorted(p.name for p in folder.iterdir()) == ["out"]
        assert contents(out) == state
        if os.WIFEXITED(status):
            assert os.WEXITSTATUS(status) == 0
            break
        assert os.WTERMSIG(status) == signal.SIGKILL
    else:
        pytest.fail("the run never got to its end")
    assert seen == {"old", "new"} and step > 5


def test_unchanged_files_keep_their_time_and_a_run_with_nothing_new_touches_nothing(tmp_path: Path) -> None:
    out = make_out(tmp_path)
    os.utime(out / "summary.csv", (1_000_000, 1_000_000))
    publish_new(out)
    assert contents(out) == NEW_SET
    assert (out / "summary.csv").stat().st_mtime == 1_000_000
    inode = out.stat().st_ino
    publish_new(out)
    assert out.stat().st_ino == inode   # not even switched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_leftovers_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    out = make_out(tmp_path)
    (out / ".activeness.csv.x1y2.tmp").write_bytes(b"half")
    (tmp_path / ".out.new-abc").mkdir()
    (tmp_path / ".out.new-abc" / "activeness.csv").write_bytes(b"half")
    (tmp_path / ".out.old-123").write_bytes(b"junk")
    publish_new(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert contents(out) == NEW_SET


def test_a_workbook_held_open_goes_under_a_fresh_name_and_the_rest_is_written(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows while Excel has rekap.xlsx open: out/ cannot be renamed, rekap.xlsx not replaced."""
    out = make_out(tmp_path)
    real_rename, real_replace = os.rename, os.replace

    def rename(source, target):
        if Path(source) == out:
            raise PermissionError(errno.EACCES, "held open", str(source))
        return real_rename(source, target)

    def replace(source, target):
        if Path(target) == out / "rekap.xlsx":
            raise PermissionError(errno.EACCES, "held open", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(outset, "_exchange", lambda a, b: False)
    monkeypatch.setattr(outset.os, "rename", rename)
    monkeypatch.setattr(outset.os, "replace", replace)
    published = outset.publish(out, NEW.items(), drop=["scores.csv"])
    fresh = [p for p in out.iterdir() if p.name.startswith("rekap-")]
    assert len(fresh) == 1 and fresh[0].read_bytes() == NEW["rekap.xlsx"]
    assert published.renamed == (("rekap.xlsx", fresh[0]),)
    state = contents(out)
    assert state.pop(fresh[0].name) == NEW["rekap.xlsx"]
    assert state == {**NEW_SET, "rekap.xlsx": OLD["rekap.xlsx"]}
    t = catalog("id").gettext
    assert published.notes == (t("{file} is open in another program (Excel?), so the new one is {fresh}; close it, "
                                 "and the next run writes {name} again").format(
        file=out / "rekap.xlsx", fresh=fresh[0].name, name="rekap.xlsx"),)


def test_a_full_disk_is_one_error_and_out_stays_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = make_out(tmp_path)
    real_write = outset._write

    def write(path: Path, data: bytes) -> None:
        if path.name == "rekap.xlsx":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(outset, "_write", write)
    with pytest.raises(OutputError) as caught:
        publish_new(out)
    t = catalog("id").gettext
    assert caught.value.render() == (f"{out}: " + t("the disk is full, so the outputs could not be written (out/ is "
                                                    "as it was)") + "; " + t("free some space on the disk and run again"))
    assert caught.value.exit_code == 4
    assert contents(out) == OLD_SET
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_every_file_written_is_on_the_disk_before_out_is_switched(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = make_out(tmp_path)
    synced: list[str] = []
    real_sync, real_exchange = outset._sync_file, outset._exchange

    def sync(path: Path) -> None:
        real_sync(path)
        synced.append(path.name)

    def exchange(first: Path, second: Path) -> bool:
        assert sorted(synced) == ["activeness.csv", "chart.png", "rekap.xlsx"]   # summary.csv: linked, unchanged
        return real_exchange(first, second)

    monkeypatch.setattr(outset, "_sync_file", sync)
    monkeypatch.setattr(outset, "_exchange", exchange)
    publish_new(out)
    assert contents(out) == NEW_SET and len(synced) == 3


def test_a_file_the_disk_cannot_keep_is_one_error_and_out_stays_as_it_was(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = make_out(tmp_path)
    real_sync = outset._sync_file

    def sync(path: Path) -> None:   # a full disk said only when the bytes are asked for (delayed allocation)
        if path.name == "chart.png":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_sync(path)

    monkeypatch.setattr(outset, "_sync_file", sync)
    with pytest.raises(OutputError) as caught:
        publish_new(out)
    assert caught.value.exit_code == 4 and "penuh" in caught.value.render()
    assert contents(out) == OLD_SET
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
