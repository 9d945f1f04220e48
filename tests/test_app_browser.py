"""The web app in a real browser (Debian's chromium driven by Playwright): upload an export, read
Tabel 1, copy the missing list for WhatsApp, edit the roster, add an unknown sender; the page fits a
phone's width; out/laporan.html opens with the network cut off."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest_helpers import ANDROID_NAME, android, app_chat, app_folder
from whatsapp_ingest.app.serve import bind, make_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")



@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return app_folder(tmp_path)


@pytest.fixture()
def url(folder: Path) -> Iterator[str]:
    sock = bind(0)   # listening before the server runs: the browser's first request simply waits in the queue
    server, address = make_server(folder, sock)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield address
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()


@pytest.fixture()
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def export(tmp_path: Path) -> Path:
    path = tmp_path / ANDROID_NAME
    path.write_text(app_chat(), encoding="utf-8")
    return path


def test_upload_table_copy_and_roster_edit(browser, url: str, folder: Path, tmp_path: Path) -> None:   # noqa: ANN001
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url)
    assert page.locator("h2").first.inner_text() == "Tambahkan ekspor WhatsApp"

    with page.expect_navigation():   # the page reloads once the export is stored and ingested
        page.set_input_files("#file", str(export(tmp_path)))
    assert (folder / "inbox" / ANDROID_NAME).is_file()
    assert page.locator("#status").inner_text().startswith(f"disimpan sebagai inbox/{ANDROID_NAME}")
    rows = page.locator("#activeness tbody tr")
    assert rows.nth(0).locator("td").all_inner_texts() == ["1", "Ani", "2", "", "2", "2", "100,0%", "Aktif"]
    assert rows.nth(1).locator("td").all_inner_texts() == ["2", "Budi", "1", "", "1", "2", "50,0%", "Pasif"]

    message = page.locator("#missing-message").inner_text()
    assert message.splitlines()[:2] == ["*PR.1* — belum mengumpulkan (1 orang), batas 07/04/2020:", "1. Budi"]
    button = page.locator("button.copy[data-copy=missing-message]")
    assert button.inner_text() == "Salin untuk WhatsApp"
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == message
    assert button.inner_text() == "Tersalin: tempelkan ke grup WhatsApp."

    page.locator("#roster-table tbody tr").nth(1).locator("input").nth(1).fill("Budi Santoso")
    with page.expect_navigation():
        page.click("#roster-save")
    assert "2,Budi Santoso,,,peserta,aktif" in (folder / "roster.csv").read_text(encoding="utf-8-sig")
    assert "Budi Santoso" in page.locator("#activeness").inner_text()

    page.locator("#roster-table tbody tr").nth(0).locator("input").nth(0).fill("2")   # two number 2s: refused
    page.click("#roster-save")
    page.wait_for_selector("#roster-status.bad")
    assert "roster.csv:3: no 2 dipakai dua kali" in page.locator("#roster-status").inner_text()
    assert "1,Ani," in (folder / "roster.csv").read_text(encoding="utf-8-sig")

    page.reload()
    with page.expect_navigation():
        page.click("button.add-person[data-author=Citra]")
    assert (folder / "roster.csv").read_text(encoding="utf-8-sig").splitlines()[-1] == "3,Citra,,,peserta,aktif"
    assert "Citra" in page.locator("#activeness").inner_text()
    context.close()


def test_a_bad_upload_shows_the_line_and_keeps_nothing(browser, url: str, folder: Path, tmp_path: Path) -> None:   # noqa: ANN001
    page = browser.new_page()
    page.goto(url)
    bad = tmp_path / "catatan.txt"
    bad.write_text("hello world\nthis is not a chat\n", encoding="utf-8")
    page.set_input_files("#file", str(bad))
    page.wait_for_selector("#status.bad")
    assert page.locator("#status").inner_text().startswith("kesalahan: catatan.txt: ")
    assert list((folder / "inbox").iterdir()) == []


def test_the_page_fits_a_phone_screen(browser, url: str, folder: Path, tmp_path: Path) -> None:   # noqa: ANN001
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    page.goto(url)
    with page.expect_navigation():
        page.set_input_files("#file", str(export(tmp_path)))
    # wide tables scroll inside their own box; the page itself never needs sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_laporan_html_opens_offline(browser, folder: Path, tmp_path: Path) -> None:   # noqa: ANN001
    from whatsapp_ingest.pipeline import run
    from whatsapp_ingest.programme.program import load_program

    (folder / "inbox" / ANDROID_NAME).write_bytes(export(tmp_path).read_bytes())
    run(load_program(folder))
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((folder / "out" / "laporan.html").as_uri())
    assert page.locator("h1").inner_text() == "Bimlat Uji"
    widths = page.evaluate("Array.from(document.images, i => i.complete && i.naturalWidth)")
    assert len(widths) == 2 and all(w > 0 for w in widths)   # Siklus II not begun: no cycle chart yet
    assert all(r.startswith(("file:", "data:")) for r in requests)
    context.close()


def test_the_ingest_shows_its_progress_and_a_second_upload_waits(browser, url: str, folder: Path,  # noqa: ANN001
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first upload's ingest is held after its export is stored (a gate in its progress): its page
    shows the bar and the line from GET /progress; an upload from a second tab waits and says so."""
    from whatsapp_ingest.app import server as server_module

    gate = threading.Event()
    real = server_module.run

    def held(program, **kwargs):   # noqa: ANN001, ANN003, ANN202
        told = kwargs["progress"]

        def progress(done: int, total: int, name: str) -> None:
            told(done, total, name)
            assert gate.wait(timeout=120)
        return real(program, **{**kwargs, "progress": progress})

    monkeypatch.setattr(server_module, "run", held)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    first, second = context.new_page(), context.new_page()
    first.goto(url)
    second.goto(url)
    later = tmp_path / "later" / ANDROID_NAME
    later.parent.mkdir()
    later.write_text(app_chat() + android(("2020-04-08 07:30", "Budi", "Hadir")), encoding="utf-8")
    with first.expect_navigation(), second.expect_navigation():
        first.set_input_files("#file", str(export(tmp_path)))
        first.wait_for_function("document.getElementById('progress').value >= 70")
        assert first.locator("#status").inner_text() == f"1 dari 1 berkas ekspor sudah dibaca: inbox/{ANDROID_NAME}"
        second.set_input_files("#file", str(later))
        second.wait_for_function("document.getElementById('status').textContent.includes('menunggu')")
        assert second.locator("#status").inner_text().endswith(
            "1 unggahan lain menunggu sampai yang ini selesai.")
        gate.set()

    # the first run: nothing to compare with yet; Budi (1 of 2 days) is reminded, politely, to be active
    assert first.locator("#this-week p").first.inner_text().startswith("Ini pengolahan yang pertama")
    reminder = first.locator("#at-risk-message").inner_text()
    assert reminder.splitlines() == [
        "Pengingat: sampai hari ini keaktifan Bapak/Ibu berikut masih di bawah 70%. "
        "Mohon ikut berdiskusi di grup setiap hari kerja.",
        "1. Budi: aktif 1 dari 2 hari; perlu 6 hari aktif lagi dari 8 hari kerja tersisa",
        "Terima kasih atas perhatian dan kerja sama Bapak/Ibu."]
    button = first.locator("button.copy[data-copy=at-risk-message]")
    assert button.inner_text() == "Salin untuk WhatsApp"
    button.click()
    assert first.evaluate("navigator.clipboard.readText()") == reminder

    # the second upload, once the first was done: what changed since it
    second.reload()
    assert second.locator("#this-week p").first.inner_text() == (
        "Sejak pengolahan sebelumnya (data s/d Selasa 07/04/2020): 1 pesan baru, 1 berkas ekspor baru")
    rows = second.locator("#week-table tbody tr")
    assert rows.nth(0).locator("td").all_inner_texts() == [
        "1", "Ani", "2", "2", "2", "Aktif", "Pasif", "", "Siklus I: DL (sementara) → TDL (sementara)"]
    assert rows.nth(1).locator("td").all_inner_texts() == ["2", "Budi", "2", "1", "2", "Pasif", "Pasif", "", ""]
    context.close()
