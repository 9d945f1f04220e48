"""Drawing a chart: a list of shapes in points (1/72 inch, origin at the top left), written as SVG
text or painted into a PNG.

The charts are bars, straight lines and horizontal text, so they are drawn here rather than by a
plotting library: the same shapes give the SVG (text stays text, with a list of fonts to fall back
on) and the PNG (painted with Pillow), deterministic and about seven times faster than matplotlib
was, which took more time than parsing, storing and every table of a 40,000-message programme
together. Text is measured and painted with the DejaVu Sans font shipped in `fonts/` (so a chart
comes out the same on every machine); its metrics place the labels.
"""

from __future__ import annotations

import functools
import math
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
# What an SVG viewer without DejaVu Sans uses instead (all as wide or narrower, so labels stay clear).
SVG_FONTS = "'DejaVu Sans', Arial, Helvetica, sans-serif"
_MEASURE_PX = 1000   # the size text is measured at (in pixels), scaled to points
PNG_BAND = 64        # rows of pixels encoded at a time


@dataclass(frozen=True)
class Style:
    """How a bar (or its legend key) is filled: colour, edge colour and an optional hatch pattern
    ("/" up-right lines, "\\" down-right lines, "." dots; the count of characters is the density)."""

    color: str
    edgecolor: str
    hatch: str | None = None


@dataclass(frozen=True)
class Pen:
    """How a line is drawn: colour, width in points and the dash pattern in points (None: solid)."""

    color: str
    width: float
    dash: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Box:
    """A rectangle (x, y its top-left corner), filled and outlined; `edge_width` 0 draws no outline."""

    x: float
    y: float
    w: float
    h: float
    style: Style
    edge_width: float = 0.8


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    pen: Pen


@dataclass(frozen=True)
class Label:
    """Text at (x, y): `anchor` says which of its ends is at x ("start", "middle", "end"), `valign`
    which part is at y ("top", "middle", "bottom"); `upright` turns it a quarter to read bottom-up;
    `backdrop` puts a white box behind it (a value label over grid lines)."""

    x: float
    y: float
    text: str
    size: float
    anchor: str = "start"
    valign: str = "middle"
    color: str = "#000000"
    upright: bool = False
    backdrop: bool = False


Shape = Box | Line | Label


# XML's escapes written out here: xml.sax.saxutils, which says the same, imports urllib.request (and
# with it http, email and ssl: a tenth of the charts' start-up) for functions the charts never call.
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;",
                                    "\t": "&#9;"})


def escape(text: str) -> str:
    """`text` as XML character data (`&`, `<` and `>` escaped)."""
    return text.translate(_TEXT_ESCAPES)


def quoteattr(value: str) -> str:
    """`value` as a quoted XML attribute value, quotes included: double quotes unless the value holds
    one and no single quote; line ends and tabs escaped so that they survive the parser."""
    value = value.translate(_ATTRIBUTE_ESCAPES)
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"{}"'.format(value.replace('"', "&quot;"))


@functools.lru_cache(maxsize=64)
def _font(px: int):   # noqa: ANN202 - PIL.ImageFont.FreeTypeFont, imported only when drawing
    from PIL import ImageFont

    # BASIC layout: the same widths with or without libraqm installed
    return ImageFont.truetype(str(FONT_FILE), px, layout_engine=ImageFont.Layout.BASIC)


def text_width(text: str, size: float) -> float:
    """The width of `text` in points at `size` points."""
    return _font(_MEASURE_PX).getlength(text) * size / _MEASURE_PX


@functools.lru_cache(maxsize=1)
def _metrics() -> tuple[float, float]:
    ascent, descent = _font(_MEASURE_PX).getmetrics()
    return ascent / _MEASURE_PX, descent / _MEASURE_PX


def text_height(size: float) -> float:
    """The height of a line of text (ascender to descender) in points at `size` points."""
    ascent, descent = _metrics()
    return (ascent + descent) * size


def _baseline(label: Label) -> float:
    """The offset from the label's y to its baseline (downwards), by its vertical alignment."""
    ascent, descent = _metrics()
    return {"top": ascent, "middle": (ascent - descent) / 2, "bottom": -descent}[label.valign] * label.size


def label_box(label: Label) -> tuple[float, float, float, float]:
    """The text's box in points (x0, y0, x1, y1), y downwards (an upright label: turned)."""
    width, height = text_width(label.text, label.size), text_height(label.size)
    ascent = _metrics()[0] * label.size
    if label.upright:   # turned a quarter: its width runs up the page, centred on (x, y) by anchor
        top = label.y - {"start": width, "middle": width / 2, "end": 0.0}[label.anchor]
        left = label.x + _baseline(label) - ascent
        return left, top, left + height, top + width
    left = label.x - {"start": 0.0, "middle": width / 2, "end": width}[label.anchor]
    top = label.y + _baseline(label) - ascent
    return left, top, left + width, top + height


def _n(value: float) -> str:
    """A coordinate as SVG text: two decimals, no trailing zeros (the same number, the same bytes)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- SVG -----------------------------------------------------------------------------------------

def _hatch_spacing(hatch: str) -> float:
    """Points between two hatch lines or dots: denser with more characters."""
    return 18.0 / max(len(hatch), 1)


def _svg_pattern(ident: str, style: Style) -> str:
    gap = _hatch_spacing(style.hatch or "")
    stroke = f'stroke={quoteattr(style.edgecolor)} stroke-width="0.8"'
    if style.hatch and style.hatch[0] == ".":
        body = f'<circle cx="{_n(gap / 2)}" cy="{_n(gap / 2)}" r="0.9" fill={quoteattr(style.edgecolor)}/>'
    elif style.hatch and style.hatch[0] == "\\":
        body = f'<path d="M0,0L{_n(gap)},{_n(gap)}M-1,{_n(gap - 1)}L1,{_n(gap + 1)}M{_n(gap - 1)},-1L{_n(gap + 1)},1" {stroke}/>'
    else:
        body = f'<path d="M0,{_n(gap)}L{_n(gap)},0M-1,1L1,-1M{_n(gap - 1)},{_n(gap + 1)}L{_n(gap + 1)},{_n(gap - 1)}" {stroke}/>'
    return (f'<pattern id="{ident}" patternUnits="userSpaceOnUse" width="{_n(gap)}" height="{_n(gap)}">'
            f"{body}</pattern>")


def _svg_dash(pen: Pen) -> str:
    return f' stroke-dasharray="{",".join(_n(d) for d in pen.dash)}"' if pen.dash else ""


def to_svg(width: float, height: float, shapes: list[Shape], title: str) -> bytes:
    """The shapes as an SVG document of `width` × `height` points; text stays text."""
    patterns: dict[Style, str] = {}
    for shape in shapes:
        if isinstance(shape, Box) and shape.style.hatch and shape.style not in patterns:
            patterns[shape.style] = f"hatch{len(patterns)}"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}pt" height="{_n(height)}pt" '
           f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{SVG_FONTS}">',
           f"<title>{escape(title)}</title>",
           f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>']
    if patterns:
        out.append("<defs>" + "".join(_svg_pattern(ident, style) for style, ident in patterns.items()) + "</defs>")
    for shape in shapes:
        if isinstance(shape, Box):
            place = f'x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" height="{_n(shape.h)}"'
            edge = (f' stroke={quoteattr(shape.style.edgecolor)} stroke-width="{_n(shape.edge_width)}"'
                    if shape.edge_width else "")
            out.append(f"<rect {place} fill={quoteattr(shape.style.color)}{'' if shape.style.hatch else edge}/>")
            if shape.style.hatch:
                out.append(f'<rect {place} fill="url(#{patterns[shape.style]})"{edge}/>')
        elif isinstance(shape, Line):
            out.append(f'<line x1="{_n(shape.x0)}" y1="{_n(shape.y0)}" x2="{_n(shape.x1)}" y2="{_n(shape.y1)}" '
                       f'stroke={quoteattr(shape.pen.color)} stroke-width="{_n(shape.pen.width)}"{_svg_dash(shape.pen)}/>')
        else:
            if shape.backdrop:
                x0, y0, x1, y1 = label_box(shape)
                pad = 0.1 * shape.size
                out.append(f'<rect x="{_n(x0 - pad)}" y="{_n(y0 - pad)}" width="{_n(x1 - x0 + 2 * pad)}" '
                           f'height="{_n(y1 - y0 + 2 * pad)}" fill="#ffffff"/>')
            anchor = f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else ""
            if shape.upright:
                x, y = shape.x + _baseline(shape), shape.y
                turn = f' transform="rotate(-90 {_n(x)} {_n(y)})"'
            else:
                x, y, turn = shape.x, shape.y + _baseline(shape), ""
            out.append(f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(shape.size)}" fill={quoteattr(shape.color)}'
                       f'{anchor}{turn}>{escape(shape.text)}</text>')
    out.append("</svg>\n")
    return "\n".join(out).encode("utf-8")


# --- PNG -----------------------------------------------------------------------------------------

def _hatch_png(draw, box: tuple[int, int, int, int], style: Style, scale: float) -> None:   # noqa: ANN001
    """Paint the hatch of `style` inside the pixel box (x0, y0, x1, y1): each line cut to the box."""
    x0, y0, x1, y1 = box
    gap = _hatch_spacing(style.hatch or "") * scale
    if style.hatch and style.hatch[0] == ".":
        r = max(1.0, 0.9 * scale)
        for row in range(int((y1 - y0) // gap) + 1):
            for col in range(int((x1 - x0) // gap) + 1):
                cx, cy = x0 + (col + 0.5) * gap, y0 + (row + 0.5) * gap
                if cx + r <= x1 and cy + r <= y1:
                    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=style.edgecolor)
        return
    width = max(1, round(0.8 * scale))
    down = bool(style.hatch) and style.hatch[0] == "\\"
    # lines x + y = c (up-right on the page) or x - y = c (down-right), every `gap` along x
    start = (x0 + y0) if not down else (x0 - y1)
    stop = (x1 + y1) if not down else (x1 - y0)
    c = math.floor(start / gap) * gap
    while c <= stop:
        if down:
            ax, bx = max(x0, c + y0), min(x1, c + y1)
            if ax < bx:
                draw.line((ax, ax - c, bx, bx - c), fill=style.edgecolor, width=width)
        else:
            ax, bx = max(x0, c - y1), min(x1, c - y0)
            if ax < bx:
                draw.line((ax, c - ax, bx, c - bx), fill=style.edgecolor, width=width)
        c += gap


def _dashes(start: float, end: float, dash: tuple[float, ...] | None) -> list[tuple[float, float]]:
    """The drawn stretches of a dashed line from `start` to `end` (one stretch when solid)."""
    if not dash:
        return [(start, end)]
    out, at, k = [], start, 0
    while at < end:
        if k % 2 == 0:
            out.append((at, min(end, at + dash[k % len(dash)])))
        at += dash[k % len(dash)]
        k += 1
    return out


def to_png(width: float, height: float, shapes: list[Shape], dpi: int) -> bytes:
    """The shapes painted at `dpi` as PNG bytes (with the dpi recorded, no software tag or time)."""
    image = paint(width, height, shapes, dpi)
    bands = (image.crop((0, top, image.width, min(top + PNG_BAND, image.height))).tobytes()
             for top in range(0, image.height, PNG_BAND))
    return png_bytes(bands, image.width, image.height, dpi)


def paint(width: float, height: float, shapes: list[Shape], dpi: int):  # noqa: ANN201 - a Pillow RGB image
    """The shapes painted at `dpi` into a Pillow RGB image."""
    from PIL import Image, ImageDraw

    scale = dpi / 72
    image = Image.new("RGB", (max(1, round(width * scale)), max(1, round(height * scale))), "#ffffff")
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        if isinstance(shape, Box):
            box = (round(shape.x * scale), round(shape.y * scale),
                   round((shape.x + shape.w) * scale), round((shape.y + shape.h) * scale))
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            draw.rectangle(box, fill=shape.style.color)
            if shape.style.hatch:
                _hatch_png(draw, box, shape.style, scale)
            if shape.edge_width:
                draw.rectangle(box, outline=shape.style.edgecolor, width=max(1, round(shape.edge_width * scale)))
        elif isinstance(shape, Line):
            pen = shape.pen
            thick = max(1, round(pen.width * scale))
            if shape.x0 == shape.x1:   # vertical (every line of a chart is vertical or horizontal)
                for a, b in _dashes(shape.y0, shape.y1, pen.dash):
                    draw.line((shape.x0 * scale, a * scale, shape.x0 * scale, b * scale), fill=pen.color, width=thick)
            else:
                for a, b in _dashes(shape.x0, shape.x1, pen.dash):
                    draw.line((a * scale, shape.y0 * scale, b * scale, shape.y0 * scale), fill=pen.color, width=thick)
        else:
            font = _font(max(1, round(shape.size * scale)))
            if shape.backdrop:
                x0, y0, x1, y1 = label_box(shape)
                pad = 0.1 * shape.size
                draw.rectangle((round((x0 - pad) * scale), round((y0 - pad) * scale),
                                round((x1 + pad) * scale), round((y1 + pad) * scale)), fill="#ffffff")
            anchor = {"start": "l", "middle": "m", "end": "r"}[shape.anchor] + "s"
            if shape.upright:
                x0, y0, x1, y1 = label_box(shape)
                mask = Image.new("L", (round((y1 - y0) * scale) + 2, round((x1 - x0) * scale) + 2), 0)
                ImageDraw.Draw(mask).text((0, _metrics()[0] * shape.size * scale), shape.text, fill=255, font=font,
                                          anchor="ls")
                turned = mask.rotate(90, expand=True)
                image.paste(shape.color, (round(x0 * scale), round(y0 * scale)), turned)
            else:
                draw.text((shape.x * scale, (shape.y + _baseline(shape)) * scale), shape.text, fill=shape.color,
                          font=font, anchor=anchor)
    return image


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_bytes(bands: Iterable[bytes], width: int, height: int, dpi: int) -> bytes:
    """8-bit RGB pixels (`width` × `height`, given as bands of whole rows, top to bottom) as PNG
    bytes: the dpi recorded, no software tag or time.

    Written here rather than by Pillow's encoder, which tries five row filters on every row and
    keeps the best: on a chart's flat colours the unfiltered rows at zlib level 1 compress as well,
    and the three PNGs of a 110-participant programme take 0.09 s instead of 0.25 s
    (docs/performance.md). The pixels are the same (tests/test_charts.py decodes both). Bands,
    not the whole image at once: a tall chart's pixels are 27 MB."""
    stride = 3 * width
    packer = zlib.compressobj(1)
    parts = []
    rows = 0
    for band in bands:
        pixels = memoryview(band)
        if len(pixels) % stride:
            raise ValueError(f"a band of {len(pixels)} bytes is not whole rows of {width} RGB pixels")
        for start in range(0, len(pixels), stride):   # each row: filter type 0 (none), then its bytes
            parts.append(packer.compress(b"\0"))
            parts.append(packer.compress(pixels[start:start + stride]))
        rows += len(pixels) // stride
    if rows != height:
        raise ValueError(f"{rows} rows of pixels where the image has {height}")
    parts.append(packer.flush())
    per_metre = int(dpi / 0.0254 + 0.5)   # as Pillow records it
    return b"".join((
        _PNG_SIGNATURE,
        _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),   # 8-bit RGB
        _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _png_chunk(b"IDAT", b"".join(parts)),
        _png_chunk(b"IEND", b""),
    ))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
