"""The web app's contract over HTTP (Starlette's test client): the token, the Origin, POST /inbox
with multipart field `file`, uploads that are not exports, roster edits and downloads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ingest_helpers import ANDROID_NAME, app_chat, app_folder
from whatsapp_ingest.app.server import create_app

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
TOKEN = "rahasia-token-uji"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return app_folder(tmp_path)


@pytest.fixture()
def client(folder: Path) -> TestClient:
    return TestClient(create_app(folder, TOKEN, PORT), base_url=BASE)


def chat() -> bytes:
    return app_chat().encode("utf-8")


def upload(client: TestClient, name: str, data: bytes, **headers: str):   # noqa: ANN201
    return client.post(f"/inbox?token={TOKEN}", files={"file": (name, data, "text/plain")}, headers=headers)


def test_without_the_token_nothing_is_served_or_stored(client: TestClient, folder: Path) -> None:
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    assert client.post("/inbox", files={"file": (ANDROID_NAME, chat(), "text/plain")}).status_code == 403
    assert client.get(f"/out/activeness.csv").status_code == 403
    assert list((folder / "inbox").iterdir()) == []


def test_a_request_from_another_origin_is_refused(client: TestClient, folder: Path) -> None:
    response = upload(client, ANDROID_NAME, chat(), Origin="http://evil.example")
    assert response.status_code == 403
    assert upload(client, ANDROID_NAME, chat(), Origin="null").status_code == 403
    assert list((folder / "inbox").iterdir()) == []
    other_host = TestClient(create_app(folder, TOKEN, PORT), base_url="http://rebind.example:8765")
    assert other_host.get(f"/?token={TOKEN}").status_code == 403


def test_an_upload_is_stored_in_the_inbox_and_ingested(client: TestClient, folder: Path) -> None:
    response = upload(client, ANDROID_NAME, chat(), Origin=BASE)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True
    assert body["lines"][0] == f"disimpan sebagai inbox/{ANDROID_NAME}"
    assert (folder / "inbox" / ANDROID_NAME).read_bytes() == chat()
    activeness = (folder / "out" / "activeness.csv").read_text(encoding="utf-8-sig")
    assert activeness.splitlines()[1:3] == ["1,Ani,2,,2,2,100.0,Aktif", "2,Budi,1,,1,2,50.0,Pasif"]
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200 and "Ani" in page.text and "Citra" in page.text   # Citra: unknown sender
    assert client.get(f"/out/activeness.csv?token={TOKEN}").content == (folder / "out" / "activeness.csv").read_bytes()


def test_a_taken_name_gets_a_number_and_the_same_bytes_are_not_stored_twice(client: TestClient, folder: Path) -> None:
    (folder / "inbox" / ANDROID_NAME).write_bytes(b"an older export")
    assert upload(client, ANDROID_NAME, chat()).status_code == 200
    stem, suffix = ANDROID_NAME.rsplit(".", 1)
    assert (folder / "inbox" / ANDROID_NAME).read_bytes() == b"an older export"
    assert (folder / "inbox" / f"{stem} (2).{suffix}").read_bytes() == chat()
    again = upload(client, ANDROID_NAME, chat())
    assert again.status_code == 200
    assert len(list((folder / "inbox").iterdir())) == 2


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", b"\0" * (24 << 20))   # 24 MB of one byte: deflates ~1000×
    return buffer.getvalue()


def terminal_line(tmp_path: Path, name: str, data: bytes) -> str:
    """What the terminal says about this file (`whatsapp-ingest parse FILE`)."""
    from typer.testing import CliRunner

    from whatsapp_ingest.cli import app

    path = tmp_path / "terminal" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    return result.stderr.strip().replace(str(path), name)


@pytest.mark.parametrize("name, data", [
    ("catatan.txt", "hello world\nthis is not a chat\n".encode()),
    ("WhatsApp Chat - Rusak.zip", b"PK\x03\x04garbage"),
    ("kosong.txt", b""),
])
def test_bad_input_gives_the_terminal_s_line_and_keeps_nothing(client: TestClient, folder: Path, tmp_path: Path,
                                                                name: str, data: bytes) -> None:
    before = sorted(p.relative_to(folder) for p in folder.rglob("*") if ".whatsapp-ingest" not in p.parts)
    response = upload(client, name, data)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": terminal_line(tmp_path, name, data)}
    after = sorted(p.relative_to(folder) for p in folder.rglob("*") if ".whatsapp-ingest" not in p.parts)
    assert after == before
    uploads = folder / ".whatsapp-ingest" / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_file_that_is_no_export_is_refused_by_its_kind(client: TestClient, folder: Path) -> None:
    response = upload(client, "foto.jpg", b"\xff\xd8\xff\xe0")
    assert response.status_code == 400
    assert response.json()["error"] == ("kesalahan: foto.jpg: bukan ekspor .txt atau .zip; berikan berkas .txt (Android) "
                                        "atau .zip (iPhone) hasil ekspor WhatsApp")
    assert list((folder / "inbox").iterdir()) == []


def test_a_zip_bomb_is_refused(client: TestClient, folder: Path) -> None:
    response = upload(client, "WhatsApp Chat - Bom.zip", bomb())
    assert response.status_code == 400
    assert response.json()["error"].startswith("kesalahan: WhatsApp Chat - Bom.zip: ")
    assert list((folder / "inbox").iterdir()) == []


def test_an_oversized_upload_is_refused_before_it_is_read(client: TestClient, folder: Path) -> None:
    from whatsapp_ingest.export.read import MAX_EXPORT_BYTES

    response = client.post(f"/inbox?token={TOKEN}", content=b"x", headers={
        "Content-Length": str(MAX_EXPORT_BYTES + (2 << 20)), "Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413
    assert list((folder / "inbox").iterdir()) == []


def test_without_the_field_file_nothing_happens(client: TestClient, folder: Path) -> None:
    response = client.post(f"/inbox?token={TOKEN}", files={"berkas": (ANDROID_NAME, chat(), "text/plain")})
    assert response.status_code == 400
    assert list((folder / "inbox").iterdir()) == []


def test_a_roster_edit_is_checked_and_saved_atomically(client: TestClient, folder: Path) -> None:
    header = ["no", "name", "phone", "aliases", "role", "status"]
    rows = [["1", "Ani Lestari", "", "", "peserta", "aktif"], ["2", "Budi", "", "", "peserta", "aktif"]]
    response = client.post(f"/roster?token={TOKEN}", json={"header": header, "rows": rows})
    assert response.status_code == 200, response.text
    assert (folder / "roster.csv").read_bytes() == "\ufeffno,name,phone,aliases,role,status\r\n1,Ani Lestari,,,peserta,aktif\r\n2,Budi,,,peserta,aktif\r\n".encode()
    before = (folder / "roster.csv").read_bytes()
    rows[1][0] = "1"   # two participants with number 1
    response = client.post(f"/roster?token={TOKEN}", json={"header": header, "rows": rows})
    assert response.status_code == 400
    assert response.json()["error"].startswith("kesalahan: ") and "roster.csv:3" in response.json()["error"]
    assert (folder / "roster.csv").read_bytes() == before


def test_an_unknown_sender_becomes_a_participant_or_an_alias(client: TestClient, folder: Path) -> None:
    assert upload(client, ANDROID_NAME, chat()).status_code == 200
    assert client.post(f"/roster/add?token={TOKEN}", json={"author": "Citra"}).status_code == 200
    assert (folder / "roster.csv").read_text(encoding="utf-8-sig").splitlines()[-1] == "3,Citra,,,peserta,aktif"
    assert client.post(f"/roster/add?token={TOKEN}", json={"author": "Bu Ani", "alias_of": "1"}).status_code == 200
    assert (folder / "roster.csv").read_text(encoding="utf-8-sig").splitlines()[1] == "1,Ani,,Bu Ani,peserta,aktif"


def test_only_files_of_out_can_be_downloaded(client: TestClient, folder: Path) -> None:
    (folder / "rahasia.csv").write_text("x")
    for name in ("..%2Frahasia.csv", "%2E%2E%2Froster.csv", "store.sqlite"):
        assert client.get(f"/out/{name}?token={TOKEN}").status_code == 404


def test_progress_needs_the_token_and_words_each_step(client: TestClient) -> None:
    from whatsapp_ingest.app.server import progress_words

    assert client.get("/progress").status_code == 403
    assert client.get(f"/progress?token={TOKEN}").json() == {
        "step": "idle", "done": 0, "total": 0, "name": "", "waiting": 0, "percent": 0, "text": ""}
    assert progress_words({"step": "store", "done": 1, "total": 2, "name": "inbox/a.txt"}) == (
        35, "1 dari 2 berkas ekspor sudah dibaca: inbox/a.txt")
    assert progress_words({"step": "figures", "done": 2, "total": 2, "name": ""}) == (
        80, "Menghitung keaktifan dan keputusan …")
    assert progress_words({"step": "outputs", "done": 0, "total": 0, "name": "", "waiting": 2}) == (
        90, "Menulis rekap.xlsx, berkas CSV, grafik dan laporan … 2 unggahan lain menunggu sampai yang ini selesai.")
