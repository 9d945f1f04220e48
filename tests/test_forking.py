"""The package's forked children (whatsapp_ingest/forking.py): what a caller that does the work itself
when the child does not help gets back, and a child that does not end in time is stopped."""

from __future__ import annotations

import os
import signal

import pytest
from ingest_helpers import process_alive

from whatsapp_ingest.forking import aside

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the child needs os.fork")
PARENT = os.getpid()


def said_by_child() -> dict[str, bytes]:
    return {"who": str(os.getpid()).encode()}


def test_the_childs_files_come_back_as_it_wrote_them() -> None:
    with aside(said_by_child, fork=True) as made:
        child = made.pid
        assert made.child_files(timeout=600) == {"who": str(child).encode()}
    assert not process_alive(child)


def test_without_a_child_or_with_a_child_that_failed_there_are_no_files_and_nothing_is_made_here() -> None:
    calls = []
    with aside(lambda: calls.append(1) or said_by_child(), fork=False) as made:
        assert made.child_files() is None

    def fails() -> dict[str, bytes]:
        calls.append(2)
        raise ValueError("in the child only")

    with aside(fails, fork=True) as made:
        assert made.child_files() is None
    assert calls == []   # (the child's own call is in its own memory)


def test_a_child_that_does_not_end_in_time_is_stopped_and_reaped() -> None:
    def forever() -> dict[str, bytes]:
        while os.getpid() != PARENT:
            signal.pause()
        return {}

    with aside(forever, fork=True) as made:
        child = made.pid
        assert made.child_files(timeout=0) is None
        assert made.pid == 0
        assert not process_alive(child)
