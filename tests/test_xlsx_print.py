"""rekap.xlsx as it prints: rendered to PDF by LibreOffice (Debian's libreoffice-calc, headless, in
a private profile) and read back page by page with pypdf.

Every page carries its sheet's name in the page header, so the pages are grouped by sheet. One page
wide means every printed page of a sheet shows both the leftmost and the rightmost title of the
sheet's repeated header: a sheet two pages wide prints its right-hand columns on pages without the
first column. A larger class than Tabel 1 (55 participants) makes the sheets run to several pages.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_write_fixtures import paper_results

from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.report.xlsx import build_workbook

pypdf = pytest.importorskip("pypdf")
SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (apt-get install libreoffice-calc)")

COPIES = 5          # Tabel 1's eleven teachers five times over
A4 = (595, 842)
LONG_MESSAGE = ("Assalamualaikum Bu, berikut saya kirimkan ringkasan hasil diskusi kelompok kami tentang "
                "penelitian tindakan kelas.\nPertama, rumusan masalah sudah kami perbaiki.\nKedua, siklus I "
                "akan dilaksanakan minggu depan.\nKetiga, instrumen observasi terlampir. Terima kasih 🙏")


def class_of_55(folder: Path, lang: str = "id") -> Results:
    """Tabel 1's programme with every participant five times (new numbers and names), some long
    messages in "Bukti", long warnings and two rows to review."""
    base = paper_results(folder, lang=lang, warnings=(
        "inbox/lama.txt: refused: an export of another group",
        "pengirim '+62 878-5555-0101' (1 pesan, 2024-07-18) tidak ada di roster.csv dan tidak dihitung; tambahkan "
        "namanya (atau nomor teleponnya, atau nama lainnya) ke roster.csv bila ia peserta, lalu jalankan lagi "
        "perintah yang sama"))

    def grow(frame: pd.DataFrame) -> pd.DataFrame:
        parts = []
        for copy in range(COPIES):
            part = frame.copy()
            part["no"] = part["no"] + 11 * copy
            part["name"] = [f"{name} {copy + 1}" if copy else name for name in part["name"]]
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    evidence = grow(base.evidence)
    evidence.loc[::9, "text"] = LONG_MESSAGE
    review = evidence.head(2)[["no", "name", "date", "time", "author", "text"]].copy()
    review.insert(0, "id", ["a1b2c3d4e5f6", "0f1e2d3c4b5a"])
    review["tasks"] = "PR.1"
    review["rule"] = "kirim tugas"
    review["reason"] = "disebut PR.1 tetapi tanpa lampiran; periksa apakah ini pengiriman tugas"
    return replace(base, activeness=grow(base.activeness), decisions=grow(base.decisions), daily=grow(base.daily),
                   submissions=grow(base.submissions), evidence=evidence, review=review)


def render(data: bytes, folder: Path) -> list[str]:
    """The workbook printed to PDF by LibreOffice; the text of each page."""
    source = folder / "rekap.xlsx"
    source.write_bytes(data)
    profile = folder / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=300)
    reader = pypdf.PdfReader(folder / "rekap.pdf")
    for page in reader.pages:   # every page A4, portrait or landscape
        assert sorted(round(float(v)) for v in (page.mediabox.width, page.mediabox.height)) == list(A4)
    return [page.extract_text() for page in reader.pages]


def pages_by_sheet(pages: list[str], names: list[str]) -> dict[str, list[str]]:
    """Pages grouped by the sheet named in their page header (their first line)."""
    grouped: dict[str, list[str]] = {name: [] for name in names}
    for text in pages:
        first = text.split("\n", 1)[0].strip()
        assert first in grouped, f"a page without its sheet's name on top: {text[:80]!r}"
        grouped[first].append(text)
    return grouped


def edge_titles(sheet: openpyxl.worksheet.worksheet.Worksheet) -> tuple[str, str]:
    """The leftmost and the rightmost text of the sheet's repeated header rows."""
    rows = sheet.print_title_rows
    assert rows, f"{sheet.title}: no header rows repeated"
    first, last = (int(part.strip("$")) for part in rows.split(":"))
    cells = [(cell.column, str(cell.value)) for row in sheet.iter_rows(min_row=first, max_row=last)
             for cell in row if cell.value not in (None, "")]
    return min(cells)[1], max(cells)[1]


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[openpyxl.Workbook, dict[str, list[str]]]:
    folder = tmp_path_factory.mktemp("print")
    data = build_workbook(class_of_55(folder))
    book = openpyxl.load_workbook(io.BytesIO(data))
    return book, pages_by_sheet(render(data, folder), book.sheetnames)


def test_every_sheet_prints_one_page_wide_with_its_header_on_every_page(printed) -> None:
    book, pages = printed
    assert len(pages["Bukti"]) >= 3 and len(pages["PR-TT"]) >= 2 and len(pages["Harian"]) >= 2   # several pages
    for sheet in book.worksheets:
        assert pages[sheet.title], f"{sheet.title}: not printed"
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth in (None, 1)
        assert sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
        left, right = edge_titles(sheet)
        for number, text in enumerate(pages[sheet.title], start=1):
            flat = words(text)
            assert words(left) in flat and words(right) in flat, (sheet.title, number, left, right, text[:300])


def test_every_participant_is_printed(printed) -> None:
    book, pages = printed
    for title in ("Rekap Keaktifan", "Keputusan Siklus", "Harian", "PR-TT"):
        text = words(" ".join(pages[title]))
        names = [row[0].value for row in book[title].iter_rows(min_col=2, max_col=2)
                 if isinstance(row[0].value, str) and row[0].value.startswith("Wati Rahmawati")]
        assert len(names) == COPIES and all(name in text for name in names), title


def test_pr_tt_lists_are_never_split_across_pages(printed) -> None:
    book, pages = printed
    column = [str(c.value) for c in book["PR-TT"]["A"]]
    headings = [row for row, value in enumerate(column) if value.startswith("*")]
    assert [column[row].split(" ")[0] for row in headings] == ["*PR.1*", "*TT.1*"]
    started_a_page = 0
    for row in headings:
        count = int(column[row].split("(")[1].split(" ")[0])
        last = column[row + count]
        assert last.startswith(f"{count}. ")
        on = [text.split("\n") for text in pages["PR-TT"] if column[row] in text.split("\n")]
        assert len(on) == 1, column[row]
        lines = on[0]
        assert last in lines[lines.index(column[row]):], f"{column[row]} split across pages"
        started_a_page += lines.index(column[row]) <= 3   # sheet name, page number, header row, then the heading
    assert started_a_page >= 1      # the class is long enough that a list had to move to a new page


def test_wrapped_cells_have_row_heights(printed) -> None:
    book, _ = printed
    evidence = book["Bukti"]
    long_rows = [cell.row for cell in evidence["F"] if cell.value == LONG_MESSAGE]
    assert long_rows and all(evidence.row_dimensions[r].height >= 5 * 15 for r in long_rows)
    short = next(cell.row for cell in evidence["F"][1:] if cell.value != LONG_MESSAGE)
    assert evidence.row_dimensions[short].height is None


def test_internal_words_are_not_printed(printed) -> None:
    _, pages = printed
    everything = " ".join(" ".join(p) for p in pages.values())
    assert "mode: any" not in everything and "bimlat-ptk" not in everything
    summary = words(pages["Ringkasan"][0])
    assert "Uraian Jumlah" in summary
    assert "Yang membuat satu hari dihitung aktif" in summary
    assert "setiap pesan dari peserta sendiri pada hari kerja membuat hari itu aktif" in summary
    assert "Rata-rata keaktifan (%) 68.4 " in summary      # one decimal, as every percent
    decisions = words(" ".join(pages["Keputusan Siklus"]))
    assert ("Siklus II: hari yang dihitung mulai dari awal program, Senin 06/04/2020, sampai hari kerja terakhir "
            "siklus ini, Kamis 30/04/2020 (19 hari kerja).") in decisions
