"""The charts: the paper's Gambar 1 and the class per week, as reproducible PNG files."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

import pytest
from test_write_fixtures import paper_results

from whatsapp_ingest.report.charts import PARTICIPANTS_CHART, WEEKS_CHART, render_charts, week_percents


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    out, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        out.append((png[at + 4:at + 8], png[at + 8:at + 8 + length]))
        at += 12 + length
    return out


def size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", dict(chunks(png))[b"IHDR"][:8])


def test_both_charts_are_reproducible_pngs_without_a_software_tag(tmp_path: Path) -> None:
    first = render_charts(paper_results(tmp_path))
    assert list(first) == [PARTICIPANTS_CHART, WEEKS_CHART]
    assert render_charts(paper_results(tmp_path)) == first
    for png in first.values():
        texts = [data for kind, data in chunks(png) if kind in (b"tEXt", b"iTXt", b"zTXt", b"tIME")]
        assert not any(t.startswith(b"Software") for t in texts)
        assert not any(kind == b"tIME" for kind, _ in chunks(png))


def test_week_percents_of_tabel_1(tmp_path: Path) -> None:
    # week 1: 3+3+5+5+5+5+5+5+4+3+4 = 47 of 11 × 5 → 85.45 %; week 2: 43/55; week 3: 33/55; week 4: 20/44
    assert week_percents(paper_results(tmp_path)) == pytest.approx([47 / 55 * 100, 43 / 55 * 100, 60.0, 20 / 44 * 100])


def test_labels_follow_the_language(tmp_path: Path) -> None:
    indonesian = render_charts(paper_results(tmp_path))
    english = render_charts(paper_results(tmp_path, lang="en"))
    assert all(indonesian[name] != english[name] for name in indonesian)


def test_participant_chart_grows_with_the_class(tmp_path: Path) -> None:
    small = paper_results(tmp_path)
    big = paper_results(tmp_path)
    frame = big.activeness
    big = type(big)(**{**big.__dict__, "activeness": frame.loc[frame.index.repeat(3)].reset_index(drop=True)})
    assert size(render_charts(big)[PARTICIPANTS_CHART])[1] > size(render_charts(small)[PARTICIPANTS_CHART])[1]


def test_odd_names_render_without_warnings(tmp_path: Path) -> None:
    names = ["Rp $5 $ juta", "\tTab", "\rCR", "=1+1", "x" * 80, "Ümit 😀", "a", "b", "c", "d", "e"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        charts = render_charts(paper_results(tmp_path, names=names))
    assert all(png.startswith(b"\x89PNG") for png in charts.values())
