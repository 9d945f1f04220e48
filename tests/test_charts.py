"""The charts: the paper's Gambar 1, the class per week and the cycles side by side, as reproducible
200 dpi PNG and SVG files that survive a black-and-white print."""

from __future__ import annotations

import io
import struct
import warnings
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from test_write_fixtures import paper_results

from hypothesis import given, settings
from hypothesis import strategies as st

from whatsapp_ingest.report.chart_draw import Box, Style, paint, png_bytes
from whatsapp_ingest.report.charts import (ACTIVE, CYCLES_CHART, DPI, PARTICIPANTS_CHART, PASSIVE, WEEKS_CHART,
                                           Chart, cycles_figure, label_boxes, participants_figure, render_charts,
                                           week_percents, weeks_figure)
from whatsapp_ingest.report.labels import labels

SVG = "{http://www.w3.org/2000/svg}"


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


def svg_texts(svg: bytes) -> list[str]:
    """The words of an SVG as a viewer shows them (parsed: the file must be well-formed XML)."""
    return [element.text or "" for element in ET.fromstring(svg).iter(f"{SVG}text")]


def test_every_chart_is_a_reproducible_200_dpi_png_and_svg_without_a_software_tag(tmp_path: Path) -> None:
    first = render_charts(paper_results(tmp_path))
    assert list(first) == [PARTICIPANTS_CHART, "grafik_keaktifan.svg", WEEKS_CHART, "grafik_mingguan.svg",
                           CYCLES_CHART, "grafik_siklus.svg"]
    assert render_charts(paper_results(tmp_path)) == first
    pngs = [data for name, data in first.items() if name.endswith(".png")]
    for png in pngs:
        texts = [data for kind, data in chunks(png) if kind in (b"tEXt", b"iTXt", b"zTXt", b"tIME")]
        assert not any(t.startswith(b"Software") for t in texts)
        assert not any(kind == b"tIME" for kind, _ in chunks(png))
        x_per_metre, y_per_metre, unit = struct.unpack(">IIB", dict(chunks(png))[b"pHYs"])
        assert (round(x_per_metre * 0.0254), round(y_per_metre * 0.0254), unit) == (200, 200, 1)
    for name, svg in first.items():
        if name.endswith(".svg"):
            assert svg.startswith(b"<?xml") and b"date" not in svg.lower()


def test_each_png_holds_exactly_the_painted_pixels_as_pillow_would_write_them(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    for build in (participants_figure, weeks_figure, cycles_figure):
        chart = build(results)
        painted = paint(chart.width, chart.height, chart.shapes, DPI)
        ours = Image.open(io.BytesIO(chart.png()))
        buffer = io.BytesIO()
        painted.save(buffer, format="PNG", dpi=(DPI, DPI))   # Pillow's own encoder, for comparison
        theirs = Image.open(io.BytesIO(buffer.getvalue()))
        assert ours.mode == theirs.mode == "RGB" and ours.size == theirs.size == painted.size
        assert ours.tobytes() == theirs.tobytes() == painted.tobytes()
        assert ours.info["dpi"] == theirs.info["dpi"]
        Image.open(io.BytesIO(chart.png())).verify()   # every chunk's checksum and the stream whole


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 40), st.integers(1, 40), st.randoms(use_true_random=False))
def test_png_bytes_decode_to_the_same_pixels(width: int, height: int, rng) -> None:  # noqa: ANN001
    rgb = bytes(rng.choice((0, 7, 128, 255, rng.randrange(256))) for _ in range(3 * width * height))
    cut = 3 * width * rng.randrange(height + 1)   # two bands of whole rows (one may be empty)
    image = Image.open(io.BytesIO(png_bytes([rgb[:cut], rgb[cut:]], width, height, 200)))
    assert (image.mode, image.size, image.tobytes()) == ("RGB", (width, height), rgb)
    with pytest.raises(ValueError):
        png_bytes([rgb + b"\0"], width, height, 200)
    with pytest.raises(ValueError):
        png_bytes([rgb, rgb], width, height, 200)


def test_the_svg_keeps_its_words_as_text_in_indonesian(tmp_path: Path) -> None:
    charts = render_charts(paper_results(tmp_path))
    t = labels("id")
    words = svg_texts(charts["grafik_keaktifan.svg"])
    assert t["chart_participants"] in words and "Bimlat PTK April 2020" in words
    assert "1. Ahmad Fauzi" in words and "11. Wati Rahmawati" in words
    assert "Aktif (minimal 70%)" in words and "Pasif (di bawah 70%)" in words
    assert "89,5%" in words and "15,8%" in words   # the value labels, with the decimal comma
    assert t["chart_percent_axis"] in words
    assert "Minggu ke-1" in svg_texts(charts["grafik_mingguan.svg"])
    assert {"Siklus I", "Siklus II"} <= set(svg_texts(charts["grafik_siklus.svg"]))


def pixels(chart: Chart, box: Box) -> list[int]:
    """The grey levels of the PNG inside a drawn box (its outline left out)."""
    image = Image.open(io.BytesIO(chart.png())).convert("L")
    scale = DPI / 72
    inner = (round(box.x * scale) + 4, round(box.y * scale) + 4,
             round((box.x + box.w) * scale) - 4, round((box.y + box.h) * scale) - 4)
    return list(image.crop(inner).tobytes())


def luminance(colour: str) -> float:
    r, g, b = (int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_aktif_and_pasif_stay_apart_in_a_greyscale_print_and_are_named_in_the_legend(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    for chart in (participants_figure(results), weeks_figure(results)):
        active = [b for b in chart.bars if b.style.hatch is None]
        passive = [b for b in chart.bars if b.style.hatch]
        assert active and passive   # Tabel 1 has both
        assert min(luminance(b.style.color) for b in passive) - max(luminance(b.style.color) for b in active) > 0.5
        assert any(t.startswith("Aktif") for t in chart.legend) and any(t.startswith("Pasif") for t in chart.legend)
        # and so they are printed: the painted bars, greyed, hatch included
        boxes = [shape for shape in chart.shapes if isinstance(shape, Box) and shape.w > 30 and shape.h > 10]
        dark = [sum(p) / len(p) for p in (pixels(chart, b) for b in boxes if b.style == ACTIVE)]
        light = [sum(p) / len(p) for p in (pixels(chart, b) for b in boxes if b.style == PASSIVE)]
        assert dark and light and min(light) - max(dark) > 0.4 * 255
        hatched = pixels(chart, next(b for b in boxes if b.style == PASSIVE))
        assert min(hatched) < max(hatched) - 60   # the pattern is there: dark lines on the light fill
    assert luminance(PASSIVE.color) - luminance(ACTIVE.color) > 0.5


def line_positions(chart: Chart) -> list[float]:
    return [line.value for line in chart.lines]


@pytest.mark.parametrize("percents", [
    [69.0, 68.0, 66.1, 63.2, 71.0, 70.0, 62.0, 3.0, 0.0, 100.0, 65.0],   # around the threshold and the mean
    [66.0] * 11,                                                           # every label just short of the line
])
def test_no_value_label_is_crossed_by_a_line(tmp_path: Path, percents: list[float]) -> None:
    results = paper_results(tmp_path)
    results = replace(results, activeness=results.activeness.assign(percent=percents))
    for figure, horizontal in ((participants_figure(results), True), (weeks_figure(results), False),
                               (cycles_figure(results), True)):
        lines = line_positions(figure)
        assert lines and len(label_boxes(figure)) == len(figure.bars)
        for text, (x0, y0, x1, y1) in label_boxes(figure):
            low, high = (x0, x1) if horizontal else (y0, y1)
            assert not [line for line in lines if low <= line <= high], (text, low, high, lines)


def test_participants_are_numbered_consecutively_after_a_withdrawal(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    kept = results.activeness[results.activeness["no"] != 3].reset_index(drop=True)   # no 3 withdrew
    figure = participants_figure(replace(results, activeness=kept))
    ticks = figure.ticks
    assert ticks[:3] == ["1. Ahmad Fauzi", "2. Siti Aminah", "3. Nur Hasanah"]
    assert ticks[-1] == "10. Wati Rahmawati"


def test_the_cycle_chart_sets_siklus_i_beside_siklus_ii_for_each_participant(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    figure = cycles_figure(results)
    assert figure.legend[:2] == ["Siklus I", "Siklus II"]
    widths = sorted((round(b.position, 3), round(b.value, 1)) for b in figure.bars)
    # Dedi Kurniawan (3rd): 60.0 % in Siklus I (6 of 10 days), 31.6 % cumulative at the end of Siklus II
    assert [w for y, w in widths if 1.5 < y < 2.5] == [60.0, 31.6]
    assert len(widths) == 22
    styles = {b.style for b in figure.bars}
    assert len(styles) == 2 and all(isinstance(style, Style) for style in styles)   # one look per cycle


def test_a_programme_of_one_cycle_has_no_cycle_chart(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    one = replace(results, program=replace(results.program, cycles=results.program.cycles[:1]),
                  decisions=results.decisions[results.decisions["cycle"] == "Siklus I"])
    assert CYCLES_CHART not in render_charts(one)


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
    names = ["Rp $5 $ juta", "\tTab", "\rCR", "=1+1", "x" * 80, "Ümit 😀", "<b>&amp;", "b", "c", "d", "e"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        charts = render_charts(paper_results(tmp_path, names=names))
    assert all(data.startswith(b"\x89PNG" if name.endswith(".png") else b"<?xml") for name, data in charts.items())
    words = svg_texts(charts["grafik_keaktifan.svg"])
    assert ["1. Rp $5 $ juta", "2. Tab", "3. CR", "4. =1+1", "5. " + "x" * 29 + "…", "6. Ümit 😀",
            "7. <b>&amp;"] == words[words.index("1. Rp $5 $ juta"):][:7]


def test_during_the_programme_only_the_weeks_and_cycles_begun_are_drawn(tmp_path: Path) -> None:
    from datetime import date

    from test_write_fixtures import WEEKS

    from whatsapp_ingest.figures.asof import AsOf

    results = paper_results(tmp_path)
    day = date(2020, 4, 15)   # Wednesday of week 2: weeks 3 and 4 and Siklus II not begun
    elapsed = tuple(d for week in WEEKS for d in week if d <= day)
    decisions = results.decisions.astype(object)
    decisions.loc[decisions["cycle"] == "Siklus II", ["active_days", "possible_days", "decision"]] = [None, None, ""]
    during = replace(results, as_of=AsOf(day, elapsed, 19, False), decisions=decisions)
    assert weeks_figure(during).ticks == ["Minggu ke-1", "Minggu ke-2"]
    assert CYCLES_CHART not in render_charts(during)
    assert weeks_figure(results).ticks[-1] == "Minggu ke-4"


@given(st.text(alphabet=st.sampled_from(list("&<>\"'\n\r\tab é;#")), max_size=12))
def test_svg_escapes_are_xml_saxutils_own(text: str) -> None:
    """The charts' own XML escapes give what xml.sax.saxutils gives, and the attribute reads back as the text."""
    from xml.sax import saxutils

    from whatsapp_ingest.report.chart_draw import escape, quoteattr

    assert escape(text) == saxutils.escape(text)
    assert quoteattr(text) == saxutils.quoteattr(text)
    element = ET.fromstring(f"<a v={quoteattr(text)}>{escape(text)}</a>")
    assert element.attrib["v"] == text   # escaped line ends and tabs survive the parser
