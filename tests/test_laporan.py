"""out/laporan.html: the figures as one page that opens offline — nothing outside the file."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
from test_write_fixtures import WEEKS, paper_results

from whatsapp_ingest.figures.asof import AsOf
from whatsapp_ingest.report.charts import render_charts
from whatsapp_ingest.report.html import render_report
from whatsapp_ingest.report.page import at_risk_message, missing_message, reminder_text
from whatsapp_ingest.report.write import write_outputs


class Links(HTMLParser):
    """Every URL-bearing attribute, every tag, and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data"):
                self.urls.append((tag, name, value or ""))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(data: bytes) -> Links:
    links = Links()
    links.feed(data.decode("utf-8"))
    return links


def test_every_ingest_writes_a_page_with_no_external_resource(tmp_path: Path) -> None:
    written = write_outputs(paper_results(tmp_path))
    page = tmp_path / "out" / "laporan.html"
    assert page in written
    data = page.read_bytes()
    links = parsed(data)
    assert "script" not in links.tags and "link" not in links.tags and "iframe" not in links.tags
    assert links.urls and all(value.startswith("data:image/svg+xml;base64,") for _t, _n, value in links.urls)
    assert b"url(" not in data and b"@import" not in data and b"http" not in data.lower()
    charts = [base64.b64decode(v.split(",", 1)[1]) for _t, _n, v in links.urls]
    assert charts == [v for k, v in render_charts(paper_results(tmp_path)).items() if k.endswith(".svg")]


def test_the_page_holds_tabel_1_in_indonesian_and_is_reproducible(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    charts = render_charts(results)
    data = render_report(results, charts)
    assert render_report(paper_results(tmp_path), charts) == data
    text = " ".join(" ".join(parsed(data).text).split())
    assert "Keaktifan Peserta (Tabel 1)" in text
    assert "1 Ahmad Fauzi 3 5 5 4 17 19 89,5% Aktif" in text
    assert "10 Agus Salim 3 0 0 0 3 19 15,8% Pasif" in text
    assert "inbox/lama.txt: refused: an export of another group" in text


def test_names_and_messages_are_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    names = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "Siti & Aminah", *[f"P{k}" for k in range(8)]]
    data = render_report(paper_results(tmp_path, names=names), {})
    links = parsed(data)
    assert links.tags.count("img") == 0 and "script" not in links.tags
    assert "<script>alert(1)</script>" in "".join(links.text)
    assert b"&lt;img src=x onerror=alert(1)&gt;" in data


def test_the_missing_list_is_ready_to_paste_into_whatsapp(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    frame = results.submissions
    lines = missing_message(results).splitlines()
    missing = frame[(frame["task"] == "PR.1") & (frame["status"] == "missing")]["name"].tolist()
    assert missing   # the fixture has someone missing PR.1
    assert lines[0] == f"*PR.1* — belum mengumpulkan ({len(missing)} orang), batas 08/04/2020:"
    assert lines[1:1 + len(missing)] == [f"{k}. {name}" for k, name in enumerate(missing, start=1)]


def test_the_at_risk_reminder_appears_only_while_the_programme_runs(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    day = date(2020, 4, 15)
    elapsed = tuple(d for week in WEEKS for d in week if d <= day)
    risk = pd.DataFrame([[10, "Agus Salim", 3, 8, 11, 11, True], [3, "Dedi Kurniawan", 5, 8, 11, 9, True]],
                        columns=["no", "name", "active", "possible", "remaining", "needed", "reachable"])
    during = replace(results, as_of=AsOf(day, elapsed, 19, False), at_risk=risk)
    assert at_risk_message(during).splitlines() == [
        "Pengingat: sampai hari ini keaktifan Bapak/Ibu berikut masih di bawah 70%. "
        "Mohon ikut berdiskusi di grup setiap hari kerja.",
        "1. Agus Salim: aktif 3 dari 8 hari; perlu 11 hari aktif lagi dari 11 hari kerja tersisa",
        "2. Dedi Kurniawan: aktif 5 dari 8 hari; perlu 9 hari aktif lagi dari 11 hari kerja tersisa",
        "Terima kasih atas perhatian dan kerja sama Bapak/Ibu."]
    assert b'id="at-risk"' in render_report(during, {})
    after = replace(during, as_of=AsOf(date(2020, 4, 30), elapsed, 19, True))
    assert at_risk_message(after) == "" and b'id="at-risk"' not in render_report(after, {})


def test_pengingat_txt_holds_the_reminder_and_never_names_who_can_no_longer_reach_it(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    day = date(2020, 4, 15)
    elapsed = tuple(d for week in WEEKS for d in week if d <= day)
    risk = pd.DataFrame([[10, "Agus Salim", 3, 8, 11, 11, True], [3, "Dedi Kurniawan", 1, 8, 11, 13, False]],
                        columns=["no", "name", "active", "possible", "remaining", "needed", "reachable"])
    during = replace(results, as_of=AsOf(day, elapsed, 19, False), at_risk=risk)
    write_outputs(during)
    text = (tmp_path / "out" / "pengingat.txt").read_bytes().decode("utf-8")
    assert text == ("Pengingat: sampai hari ini keaktifan Bapak/Ibu berikut masih di bawah 70%. "
                    "Mohon ikut berdiskusi di grup setiap hari kerja.\r\n"
                    "1. Agus Salim: aktif 3 dari 8 hari; perlu 11 hari aktif lagi dari 11 hari kerja tersisa\r\n"
                    "Terima kasih atas perhatian dan kerja sama Bapak/Ibu.\r\n")
    assert "Dedi" not in text   # out of reach: for the supervisor (terminal, page), not for the group
    nobody = replace(during, at_risk=risk.iloc[1:])
    assert reminder_text(nobody) == ("Tidak ada pengingat yang perlu dikirim: tidak ada peserta di bawah batas yang "
                                     "masih dapat mencapainya.")
    assert reminder_text(results) == "Program sudah selesai: tidak ada pengingat yang perlu dikirim."
