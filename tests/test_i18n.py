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


def test_report_labels_come_from_the_catalogs_in_both_languages() -> None:
    """Every workbook/chart label is a msgid translated in both catalogs; a msgid that says which
    meaning it has ("No (answer)") never shows that note to a reader."""
    from whatsapp_ingest.report.labels import LABEL_MSGIDS, METRIC_MSGIDS, labels, metric_label

    indonesian, english = labels("id"), labels("en")
    assert set(indonesian) == set(english) == set(LABEL_MSGIDS)
    assert (indonesian["sheet_tasks"], english["sheet_tasks"]) == ("PR-TT", "Tasks")
    assert (indonesian["no"], indonesian["no_"], english["no_"]) == ("No", "Tidak", "No")
    assert (indonesian["name"], english["name"]) == ("Nama Peserta", "Participant")
    assert (metric_label("weeks", "id"), metric_label("weeks", "en")) == ("Jumlah minggu", "Weeks")
    notes = ("(sheet name)", "(answer)", "(column)", "(chart title)", "(active day)", "(short)")
    for text in [*indonesian.values(), *english.values(), *(metric_label(m, lang) for m in METRIC_MSGIDS
                                                            for lang in ("id", "en"))]:
        assert not any(note in text for note in notes), text
