"""Shared fixtures: every test starts in the default language (Indonesian, whatever the machine's
settings); a test module that checks messages word for word in English asks for it (`english`)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from whatsapp_ingest import i18n


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C reaches the processes the tests start, as it does from a terminal. A shell that runs the
    suite as a background job starts it with SIGINT ignored, and a child inherits that: the Ctrl-C
    tests would then wait for an interruption that never comes. A handler (unlike "ignore") is reset
    to the default in every child the tests start."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Indonesian, as a supervisor's machine without any setting gives."""
    monkeypatch.delenv(i18n.ENV_VARIABLE, raising=False)
    i18n.set_language(None)
    yield
    i18n.set_language("id")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """English on request, as WHATSAPP_INGEST_LANG=en gives (for the command line and subprocesses too)."""
    monkeypatch.setenv(i18n.ENV_VARIABLE, "en")
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def outputs_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every output (the workbook too) made and the rules' verdicts decided in the test's own
    process, whatever the machine's load: a test that counts calls or patches a writer must see
    them (tests/test_forked.py and tests/test_verdicts_aside.py ask for the forked children
    themselves)."""
    monkeypatch.setattr("whatsapp_ingest.report.write.fork_pays", lambda: False)
    monkeypatch.setattr("whatsapp_ingest.forking.fork_pays", lambda: False)
