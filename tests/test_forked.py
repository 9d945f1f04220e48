"""Outputs made by a forked child (forking.aside, as report/write.py uses it): the files of one process, whatever the child
does; a child that fails, dies or is still at work when the parent stops never leaves anything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import process_alive
from test_write_fixtures import paper_results

from whatsapp_ingest.errors import OutputError
from whatsapp_ingest import forking
from whatsapp_ingest.forking import aside
from whatsapp_ingest.report import write
from whatsapp_ingest.report.write import write_outputs

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the child needs os.fork")
PARENT = os.getpid()


def made_by(pid: int) -> dict[str, bytes]:
    """Files saying which process made them (the last one big: more than a pipe or buffer holds)."""
    return {"a.txt": f"made by {pid}".encode(), "leer.bin": b"", "gross.bin": bytes(range(256)) * 40_000}


def test_the_child_makes_the_files_and_the_parent_gets_them_whole() -> None:
    with aside(lambda: made_by(os.getpid()), fork=True) as made:
        child = made.pid
        assert child not in (0, PARENT)
        files = made.result()
    assert files == made_by(child)
    assert not process_alive(child)


def test_without_a_fork_the_files_are_made_here_when_asked_for() -> None:
    calls = []
    with aside(lambda: calls.append(1) or made_by(os.getpid()), fork=False) as made:
        assert made.pid == 0 and calls == []
        assert made.result() == made_by(PARENT)
    assert calls == [1]


def fails_in_child() -> dict[str, bytes]:
    if os.getpid() != PARENT:
        raise OutputError("x.txt", "the child cannot write", "never shown")
    return made_by(os.getpid())


def dies_in_child() -> dict[str, bytes]:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return made_by(os.getpid())


def interrupted_in_child() -> dict[str, bytes]:
    if os.getpid() != PARENT:
        raise KeyboardInterrupt
    return made_by(os.getpid())


def names_not_text() -> dict[str, bytes]:
    return {b"bytes as a name": b"x"} if os.getpid() != PARENT else made_by(os.getpid())   # type: ignore[dict-item]


@pytest.mark.parametrize("make", [fails_in_child, dies_in_child, interrupted_in_child, names_not_text])
def test_whatever_goes_wrong_in_the_child_the_parent_makes_the_files_itself(make) -> None:  # noqa: ANN001
    with aside(make, fork=True) as made:
        assert made.pid not in (0, PARENT)
        assert made.result() == made_by(PARENT)


def test_an_error_made_here_too_is_raised_as_one_process_raises_it() -> None:
    def always() -> dict[str, bytes]:
        raise OutputError("x.txt", "cannot be made", "free some space")

    for fork in (False, True):
        with aside(always, fork=fork) as made, pytest.raises(OutputError) as caught:
            made.result()
        assert caught.value.render() == "x.txt: cannot be made; free some space"


def test_leaving_the_block_while_the_child_works_stops_it() -> None:
    def forever() -> dict[str, bytes]:
        if os.getpid() != PARENT:
            while True:
                signal.pause()   # (the child ignores Ctrl-C: the parent stops it)
        return {}

    with pytest.raises(KeyboardInterrupt), aside(forever, fork=True) as made:
        child = made.pid
        os.kill(child, signal.SIGINT)   # what Ctrl-C sends the whole process group
        assert process_alive(child)
        raise KeyboardInterrupt
    assert not process_alive(child)   # killed and reaped, not left running


def test_a_ctrl_c_that_comes_while_forking_still_stops_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    children: list[int] = []
    real = os.fork

    def fork_then_ctrl_c() -> int:
        pid = real()
        if pid:
            children.append(pid)
            os.kill(os.getpid(), signal.SIGINT)   # held back until the child is known
        return pid

    def forever() -> dict[str, bytes]:
        while os.getpid() != PARENT:
            signal.pause()
        return {}

    monkeypatch.setattr(forking.os, "fork", fork_then_ctrl_c)
    try:
        with pytest.raises(KeyboardInterrupt), aside(forever, fork=True):
            pytest.fail("the Ctrl-C was not raised when the fork ended")
        assert len(children) == 1 and not process_alive(children[0])
    finally:
        for child in children:   # (had it been left running: stop it here)
            if process_alive(child):
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)


def count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every child forked from here on, by pid."""
    children: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(forking.os, "fork", fork)
    return children


def out_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "out").iterdir())}


def built_here(monkeypatch: pytest.MonkeyPatch, in_child=None) -> list[int]:  # noqa: ANN001
    """Each workbook this process builds (the child's builds are not seen here); `in_child` replaces
    the build in a forked child."""
    calls: list[int] = []
    real = write.build_workbook

    def build(results, report=None):  # noqa: ANN001, ANN202
        if os.getpid() != PARENT and in_child is not None:
            return in_child(results, report)
        calls.append(os.getpid())
        return real(results, report)

    monkeypatch.setattr(write, "build_workbook", build)
    return calls


def test_a_workbook_built_by_a_child_gives_the_very_files_of_one_process(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    children = count_forks(monkeypatch)
    here = built_here(monkeypatch)
    monkeypatch.setattr(write, "fork_pays", lambda: False)
    one = write_outputs(paper_results(tmp_path / "one"))
    assert children == [] and here == [PARENT]
    monkeypatch.setattr(write, "fork_pays", lambda: True)
    two = write_outputs(paper_results(tmp_path / "two"))
    assert len(children) == 1 and here == [PARENT]   # the child built it; this process did not
    assert [p.name for p in one] == [p.name for p in two]
    assert "rekap.xlsx" in [p.name for p in two] and "grafik_keaktifan.png" in [p.name for p in two]
    assert out_files(tmp_path / "one") == out_files(tmp_path / "two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]   # nothing left beside them
    assert not process_alive(children[0])


def killed(results, report):  # noqa: ANN001, ANN201
    os.kill(os.getpid(), signal.SIGKILL)


def failed(results, report):  # noqa: ANN001, ANN201
    raise OutputError("rekap.xlsx", "cannot be built", "run again")


def interrupted(results, report):  # noqa: ANN001, ANN201
    raise KeyboardInterrupt


@pytest.mark.parametrize("in_child", [killed, failed, interrupted])
def test_a_workbook_the_child_cannot_build_is_built_here_with_the_same_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_child) -> None:  # noqa: ANN001
    monkeypatch.setattr(write, "fork_pays", lambda: False)
    write_outputs(paper_results(tmp_path / "one"))
    children = count_forks(monkeypatch)
    here = built_here(monkeypatch, in_child)
    monkeypatch.setattr(write, "fork_pays", lambda: True)
    write_outputs(paper_results(tmp_path / "two"))
    assert len(children) == 1 and here == [PARENT]   # built again here
    assert out_files(tmp_path / "one") == out_files(tmp_path / "two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]
    assert not process_alive(children[0])


def test_a_child_giving_other_files_than_the_workbook_is_not_believed(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "fork_pays", lambda: False)
    write_outputs(paper_results(tmp_path / "one"))
    real = write.workbook_files

    def more_in_child(results, report):  # noqa: ANN001, ANN202
        made = real(results, report)
        return {**made, "extra.txt": b"?"} if os.getpid() != PARENT else made

    monkeypatch.setattr(write, "workbook_files", more_in_child)
    children = count_forks(monkeypatch)
    here = built_here(monkeypatch)
    monkeypatch.setattr(write, "fork_pays", lambda: True)
    write_outputs(paper_results(tmp_path / "two"))
    assert len(children) == 1 and here == [PARENT]   # built again here
    assert out_files(tmp_path / "one") == out_files(tmp_path / "two")


def errors_here_and_beside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[str, int]], list[int]]:
    """write_outputs failing without and then with the workbook's child: each error (rendered, exit
    code), nothing published either time, and the children forked."""
    children = count_forks(monkeypatch)
    messages = []
    for fork in (False, True):
        monkeypatch.setattr(write, "fork_pays", lambda fork=fork: fork)
        folder = tmp_path / str(fork)
        with pytest.raises(OutputError) as caught:
            write_outputs(paper_results(folder))
        messages.append((caught.value.render(), caught.value.exit_code))
        assert not (folder / "out").exists()   # nothing published
    return messages, children


def test_a_workbook_failing_in_the_child_and_here_raises_the_error_of_one_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "build_workbook", failed)
    messages, children = errors_here_and_beside(tmp_path, monkeypatch)
    assert len(children) == 1 and not process_alive(children[0])
    assert messages[0] == messages[1] == ("rekap.xlsx: cannot be built; run again", OutputError.exit_code)


def test_a_chart_failing_raises_the_error_of_one_process_and_stops_the_child(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(results) -> dict[str, bytes]:  # noqa: ANN001
        raise OutputError("grafik_keaktifan.png", "cannot be painted", "run again")

    monkeypatch.setattr(write, "draw_charts", broken)
    messages, children = errors_here_and_beside(tmp_path, monkeypatch)
    assert len(children) == 1 and not process_alive(children[0])   # the workbook's child, stopped
    assert messages[0] == messages[1] == ("grafik_keaktifan.png: cannot be painted; run again", OutputError.exit_code)


# write_outputs in a fresh interpreter; prints whether the workbook writer was loaded here.
PROBE = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from test_write_fixtures import paper_results
from whatsapp_ingest.report import write
write.fork_pays = lambda: sys.argv[3] == "fork"
paths = write.write_outputs(paper_results(Path(sys.argv[2])))
assert any(p.name == "rekap.xlsx" and p.stat().st_size > 0 for p in paths)
print("xlsxwriter" in sys.modules)
"""


@pytest.mark.parametrize("how", ["fork", "one"])
def test_a_process_whose_child_builds_the_workbook_never_loads_the_workbook_writer(tmp_path: Path, how: str) -> None:
    probe = subprocess.run([sys.executable, "-c", PROBE, str(Path(__file__).parent), str(tmp_path / "p"), how],
                           capture_output=True, text=True, timeout=120, check=True)
    assert probe.stdout.split() == (["False"] if how == "fork" else ["True"])
