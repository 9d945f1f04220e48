"""The translation catalogs: complete for every marked text, compiled, Indonesian by default."""

from __future__ import annotations

import pytest

from whatsapp_ingest import i18n
from whatsapp_ingest.locale.__main__ import LANGUAGES, mo_bytes, po_path, problems

MESSAGE = "interrupted: what was stored so far is kept; run the same command again to finish"


def test_every_marked_text_is_in_both_catalogs_with_the_same_placeholders() -> None:
    assert problems() == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_mo_is_compiled_from_the_po(lang: str) -> None:
    shipped = po_path(lang).with_suffix(".mo").read_bytes()
    assert shipped == mo_bytes(lang), "run: python -m whatsapp_ingest.locale compile"


def test_indonesian_is_the_default_whatever_the_system_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.delenv(i18n.ENV_VARIABLE, raising=False)
    assert i18n.set_language(None) == "id"
    assert i18n._(MESSAGE).startswith("dihentikan")


def test_english_on_request_and_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.ENV_VARIABLE, raising=False)
    try:
        assert i18n.set_language("en") == "en"
        assert i18n._(MESSAGE) == MESSAGE
        monkeypatch.setenv(i18n.ENV_VARIABLE, "EN")
        assert i18n.set_language(None) == "en"
        assert i18n.set_language("id") == "id"   # an explicit choice wins over the environment
    finally:
        i18n.set_language("id")
