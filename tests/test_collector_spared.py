"""The rebuild leaves the objects alive before it out of Python's cyclic collections (they are many,
and went through again at each full collection), and gives them back to the collector afterwards."""

from __future__ import annotations

import gc
import os
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, make_program

from whatsapp_ingest import pipeline
from whatsapp_ingest.pipeline import collector_spared
from whatsapp_ingest.report import write
from whatsapp_ingest.forking import aside


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Nothing frozen, and no automatic collection in the test's way (gc.collect still collects)."""
    gc.unfreeze()
    gc.disable()
    yield
    gc.enable()
    gc.unfreeze()


def test_objects_from_before_are_spared_then_collected_again_and_new_garbage_as_usual(unfrozen: None) -> None:
    before = weakref.ref(Node())   # garbage from before the block
    with collector_spared():
        assert gc.get_freeze_count() > 0
        gc.collect()
        assert before() is not None   # left alone during the block
        during = weakref.ref(Node())
        gc.collect()
        assert during() is None       # garbage made in the block is collected as usual
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert before() is None           # and the spared garbage afterwards


def test_a_freeze_made_by_someone_else_is_left_to_them(unfrozen: None) -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with collector_spared():
        pass
    assert gc.get_freeze_count() == frozen


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the child needs os.fork")
@pytest.mark.parametrize("spared", [False, True])
def test_a_child_at_work_spares_the_parents_objects_and_gives_them_back_as_it_found_them(
        unfrozen: None, spared: bool) -> None:
    if spared:
        gc.freeze()
    frozen = gc.get_freeze_count()
    with aside(lambda: {"a": b"x"}, fork=True) as made:
        assert gc.get_freeze_count() >= max(frozen, 1)
        assert made.result() == {"a": b"x"}
    assert (gc.get_freeze_count() > 0) == spared


def test_a_rebuild_gives_every_object_back_to_the_collector(tmp_path: Path, unfrozen: None,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    program = make_program(tmp_path)
    drop(program, ANDROID_NAME, android(("2020-04-06 08:15", "Bu Rina", "hadir")))
    seen = []
    real = write.write_outputs
    monkeypatch.setattr(write, "write_outputs", lambda *args: seen.append(gc.get_freeze_count()) or real(*args))
    assert pipeline.run(program).rebuilt
    assert seen and seen[0] > 0             # spared while the outputs were made
    assert gc.get_freeze_count() == 0       # and given back
