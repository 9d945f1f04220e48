"""How every sheet of rekap.xlsx prints: A4, one page wide, header rows on every page, the sheet's
name on top and the page number below, and row heights for wrapped text.

One place for the page layout, so a new sheet prints like the others: call `print_setup` once the
sheet is written (the rows it repeats are its header rows), and `fit_rows` for wrapped columns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from whatsapp_ingest.i18n import N_
from whatsapp_ingest.report.labels import tr

if TYPE_CHECKING:   # (XlsxWriter is imported by xlsx.build_workbook only)
    from xlsxwriter.worksheet import Worksheet

A4 = 9                       # XlsxWriter's paper index of A4
LINE_HEIGHT = 15.0           # points: one line of the default 11-point font
# Printable height of an A4 page in points (842 or 595 minus the margins below and the header/footer).
PRINTABLE_HEIGHT = {True: 595.0 - 2 * 0.6 * 72, False: 842.0 - 2 * 0.6 * 72}
PRINTABLE_WIDTH = {True: 842.0 - 2 * 0.5 * 72, False: 595.0 - 2 * 0.5 * 72}


def print_setup(sheet: Worksheet, lang: str, *, header_rows: tuple[int, int] | None = (0, 0),
                landscape: bool = True, one_page_tall: bool = False) -> None:
    """A4 (landscape unless told), fitted to one page wide (and one tall if `one_page_tall`), the rows
    `header_rows` (first, last; None: none) repeated on every page, the sheet's name in the page
    header and "Halaman n dari m" in the footer."""
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 1 if one_page_tall else 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if header_rows is not None:
        sheet.repeat_rows(*header_rows)
    # `&&` is a literal ampersand in a header; a sheet's name never needs escaping (&A inserts it)
    sheet.set_header("&C&A", {"margin": 0.25})
    footer = tr(lang, N_("Page {page} of {pages}")).replace("&", "&&").format(page="&P", pages="&N")
    sheet.set_footer(f"&C{footer}", {"margin": 0.25})


def text_lines(text: object, width: float) -> int:
    """How many lines `text` takes in a wrapped cell `width` characters wide (its own line breaks
    counted, long lines wrapped; a little slack since proportional letters vary)."""
    usable = max(width - 1, 1)
    lines = str(text if text is not None else "").split("\n")
    return sum(max(1, math.ceil(len(line) / usable)) for line in lines)


def row_height(texts: Iterable[tuple[object, float]]) -> float | None:
    """The height in points a row needs for its wrapped cells (text, column width), or None when
    every cell fits on one line (the default height is kept)."""
    lines = max((text_lines(text, width) for text, width in texts), default=1)
    return None if lines <= 1 else lines * LINE_HEIGHT


def fit_rows(sheet: Worksheet, first_row: int, rows: Iterable[Iterable[tuple[object, float]]]) -> None:
    """Set the height of each row from `first_row` on whose wrapped cells need more than one line:
    a spreadsheet does not grow a row for wrapped text it has not laid out, and the text would
    print over the next row."""
    for offset, cells in enumerate(rows):
        height = row_height(cells)
        if height is not None:
            sheet.set_row(first_row + offset, height)


def column_points(width: float) -> float:
    """A column `width` characters wide in points (the default font's 7-pixel digit plus padding)."""
    return (7 * width + 5) * 0.75 if width >= 1 else width * 12 * 0.75


def page_capacity(widths: Iterable[float], header_height: float, landscape: bool = True) -> float:
    """The height (in the sheet's points) of the rows one printed page holds below the repeated
    header, for a sheet of these column widths fitted to one page wide. Kept on the safe side:
    room for the page header and footer, and a tenth to spare for how a spreadsheet rounds."""
    total = sum(column_points(width) for width in widths)
    scale = min(1.0, PRINTABLE_WIDTH[landscape] / total) if total else 1.0
    body = (PRINTABLE_HEIGHT[landscape] - 2 * 0.35 * 72) * 0.9
    return body / scale - header_height


def page_breaks(heights: list[float], blocks: dict[int, int], capacity: float, first: int) -> list[int]:
    """The rows before which a new page starts, every break chosen here so none is left to the
    spreadsheet: `heights[i]` is row `first + i`'s height; a block (first row → last row) that fits
    on one page starts a new page rather than being split."""
    breaks: list[int] = []
    used = 0.0
    for offset, height in enumerate(heights):
        row = first + offset
        if row in blocks:
            block = sum(heights[offset: blocks[row] - first + 1])
            if used and used + block > capacity >= block:
                breaks.append(row)
                used = 0.0
        if used and used + height > capacity:
            breaks.append(row)
            used = 0.0
        used += height
    return breaks
