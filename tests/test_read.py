"""READ: encodings, byte-order marks, iOS zips, and every way a file can fail to be an export."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export.read import read_export

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
pytestmark = pytest.mark.usefixtures("english")

CHAT = "06/04/20 08.15 - Bu Siti: Selamat pagi 🙏\r\n06/04/20 08.16 - Pak Budi: Pagi bu, é ñ\n"
AGAIN = "export the chat again from WhatsApp (Export chat → Without media)"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _zip(tmp_path: Path, name: str, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return _write(tmp_path, name, buffer.getvalue())


def _error(path: Path, **kwargs: int) -> str:
    with pytest.raises(BadExport) as err:
        read_export(path, **kwargs)
    return str(err.value)


@pytest.mark.parametrize(("raw", "encoding"), [
    (CHAT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + CHAT.encode("utf-8"), "utf-8-sig"),
    (b"\xff\xfe" + CHAT.encode("utf-16-le"), "utf-16-le"),
    (b"\xfe\xff" + CHAT.encode("utf-16-be"), "utf-16-be"),
])
def test_text_is_decoded_exactly_without_its_bom(tmp_path: Path, raw: bytes, encoding: str) -> None:
    path = _write(tmp_path, "WhatsApp Chat with Bimlat.txt", raw)
    export = read_export(path)
    assert export.text == CHAT  # CRLF and LF kept as they were
    assert (export.name, export.encoding, export.member) == ("WhatsApp Chat with Bimlat.txt", encoding, "")
    assert export.digest == hashlib.sha256(raw).hexdigest()


def test_ios_zip_picks_chat_among_media(tmp_path: Path) -> None:
    path = _zip(tmp_path, "WhatsApp Chat - Bimlat.zip", {
        "00000003-PHOTO-2020-04-06-08-15-10.jpg": b"\xff\xd8\xff\xe0" + bytes(500),
        "00000004-Proposal PTK.pdf": b"%PDF-1.4 ...",
        "notes.txt.jpg": b"not a chat",
        "_chat.txt": b"\xef\xbb\xbf" + CHAT.encode("utf-8"),
    })
    export = read_export(path)
    assert (export.text, export.member, export.encoding) == (CHAT, "_chat.txt", "utf-8-sig")
    assert export.name == "WhatsApp Chat - Bimlat.zip"
    assert export.digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_zip_chat_in_a_folder_and_macos_forks_ignored(tmp_path: Path) -> None:
    path = _zip(tmp_path, "chat.zip", {
        "__MACOSX/Bimlat/._chat.txt": b"\x00\x05\x16\x07",
        "Bimlat/._chat.txt": b"\x00\x05\x16\x07",
        "Bimlat/_chat.txt": CHAT.encode(),
    })
    assert read_export(path).member == "Bimlat/_chat.txt"


def test_zip_with_a_single_txt_of_another_name(tmp_path: Path) -> None:
    path = _zip(tmp_path, "chat.zip", {"IMG-1.jpg": b"\xff\xd8", "WhatsApp Chat with Bimlat.txt": CHAT.encode()},
                zipfile.ZIP_STORED)
    export = read_export(path)
    assert (export.text, export.member) == (CHAT, "WhatsApp Chat with Bimlat.txt")


def test_zip_found_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = _zip(tmp_path, "export.txt", {"_chat.txt": CHAT.encode()})
    assert read_export(path).member == "_chat.txt"


def test_zip_without_chat(tmp_path: Path) -> None:
    path = _zip(tmp_path, "media.zip", {"IMG-1.jpg": b"\xff\xd8", "VID-2.mp4": b"\x00"})
    assert _error(path) == f"media.zip: the zip holds no chat (.txt) file; {AGAIN}"


def test_zip_with_several_txt_and_no_chat_txt(tmp_path: Path) -> None:
    path = _zip(tmp_path, "two.zip", {"a.txt": CHAT.encode(), "b/c.txt": CHAT.encode()})
    assert _error(path) == ("two.zip: the zip holds several chat files (a.txt, b/c.txt); "
                            "unzip it and give the chat's .txt file instead")


def test_zip_with_chat_txt_beside_other_txt_takes_chat_txt(tmp_path: Path) -> None:
    path = _zip(tmp_path, "x.zip", {"readme.txt": b"hello", "_chat.txt": CHAT.encode()})
    assert read_export(path).text == CHAT


@pytest.mark.parametrize("cut", [10, 0.5, -5])
def test_corrupt_zip(tmp_path: Path, cut: float) -> None:
    whole = _zip(tmp_path, "whole.zip", {"_chat.txt": CHAT.encode() * 50}).read_bytes()
    end = int(len(whole) * cut) if isinstance(cut, float) else cut
    path = _write(tmp_path, "broken.zip", whole[:end])
    assert _error(path) == f"broken.zip: the zip file is damaged or incomplete; {AGAIN}"


def test_zip_with_a_damaged_member(tmp_path: Path) -> None:
    raw = bytearray(_zip(tmp_path, "ok.zip", {"_chat.txt": CHAT.encode() * 50}).read_bytes())
    raw[40:60] = bytes(20)  # inside the deflated data: a CRC or inflate error
    path = _write(tmp_path, "bad.zip", bytes(raw))
    assert _error(path) == f"bad.zip: the zip file is damaged or incomplete; {AGAIN}"


def test_zip_bomb_refused_by_declared_size(tmp_path: Path) -> None:
    path = _zip(tmp_path, "bomb.zip", {"_chat.txt": b"a" * 200_000})
    assert _error(path, max_bytes=100_000) == (
        f"bomb.zip: _chat.txt in the zip unpacks to more than 100000 bytes (a damaged or malicious zip); {AGAIN}")


def test_zip_bomb_refused_by_what_actually_comes_out(tmp_path: Path) -> None:
    """A member whose header claims a small size but inflates past the bound."""
    raw = bytearray(_zip(tmp_path, "lie.zip", {"_chat.txt": b"a" * 200_000}).read_bytes())
    big = (200_000).to_bytes(4, "little")
    small = (1_000).to_bytes(4, "little")
    # Rewrite the declared size in the local header and the central directory.
    assert raw.count(big) == 2
    raw = raw.replace(big, small)
    path = _write(tmp_path, "lie.zip", bytes(raw))
    # zipfile stops at the declared size and then finds the checksum wrong; read.py also counts what comes out.
    assert _error(path, max_bytes=100_000) == f"lie.zip: the zip file is damaged or incomplete; {AGAIN}"


def test_zip_bomb_refused_by_compression_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path, "ratio.zip", {"_chat.txt": b"\n" * (9 << 20)})
    (info,) = zipfile.ZipFile(path).infolist()
    ratio = info.file_size // info.compress_size  # about 1000: deflate's best, never a chat's
    assert ratio > 500
    assert _error(path) == f"ratio.zip: _chat.txt in the zip is compressed {ratio}× (a malicious zip); {AGAIN}"


def test_empty_file(tmp_path: Path) -> None:
    assert _error(_write(tmp_path, "empty.txt", b"")) == f"empty.txt: the file is empty; {AGAIN}"


def test_only_a_bom_is_empty(tmp_path: Path) -> None:
    assert _error(_write(tmp_path, "bom.txt", b"\xef\xbb\xbf")) == f"bom.txt: the file is empty; {AGAIN}"


def test_binary_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert _error(path) == f"photo.txt:3: not UTF-8 text (binary data: a NUL byte); {AGAIN}"


def test_utf16_without_bom_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "u16.txt", CHAT.encode("utf-16-le"))
    assert _error(path) == f"u16.txt:1: not UTF-8 text (binary data: a NUL byte); {AGAIN}"


def test_bad_utf8_mid_file_names_its_line(tmp_path: Path) -> None:
    raw = CHAT.encode() * 3 + b"06/04/20 09.00 - Bu Siti: caf\xe9\n" + CHAT.encode()
    path = _write(tmp_path, "latin1.txt", raw)
    assert _error(path) == f"latin1.txt:7: not UTF-8 text (undecodable bytes); {AGAIN}"


def test_bad_utf16_names_its_line(tmp_path: Path) -> None:
    raw = b"\xff\xfe" + "a\nb\nc".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le")  # lone surrogate
    path = _write(tmp_path, "u16.txt", raw)
    assert _error(path) == f"u16.txt:3: not UTF-16-LE text (undecodable bytes); {AGAIN}"


def test_bad_bytes_inside_a_zip_name_the_member(tmp_path: Path) -> None:
    path = _zip(tmp_path, "c.zip", {"_chat.txt": b"ok\n\xff\n"})
    assert _error(path) == f"c.zip:2: not UTF-8 text in _chat.txt (undecodable bytes); {AGAIN}"


def test_a_directory(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    assert _error(tmp_path / "inbox") == (
        "inbox: is a folder, not an exported chat; give the .txt or .zip file WhatsApp exported")


def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "gone.txt") == "gone.txt: file not found; check the file name and folder"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "secret.txt", CHAT.encode())

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)  # file modes do not stop every user (root), so refuse here
    assert _error(path) == "secret.txt: cannot read the file (permission denied); check that your user may read it"


def test_too_large_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"a" * 2000)
    assert _error(path, max_bytes=1000) == (
        "big.txt: the file is 2000 bytes, more than the 1000 bytes a chat export can be; "
        "check that this is the exported chat")


def test_zip_with_media_larger_than_the_bound_is_read_by_its_chat_alone(tmp_path: Path) -> None:
    # An iPhone export "with media" is often hundreds of MB: only the chat's unpacked size is bounded,
    # and the media members are never read (the digest still covers every byte of the file).
    chat = "[06/04/20 08.15.02] Bu Rina: hadir\r\n".encode("utf-8")
    path = tmp_path / "WhatsApp Chat - Bimlat.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", chat, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("00000012-VIDEO-2020-04-06.mp4", bytes(range(256)) * 8_000, compress_type=zipfile.ZIP_STORED)
    assert path.stat().st_size > 2_000_000
    export = read_export(path, max_bytes=100_000)
    assert (export.member, export.text) == ("_chat.txt", chat.decode("utf-8"))
    assert export.digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_empty_file_named_zip_is_empty_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat - Bimlat.zip"
    path.write_bytes(b"")
    assert _error(path) == f"WhatsApp Chat - Bimlat.zip: the file is empty; {AGAIN}"


def test_a_digest_the_caller_already_has_is_used_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(CHAT.encode("utf-8"))
    assert read_export(path, digest="known").digest == "known"
    assert read_export(path).digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_stray_nul_byte_in_utf8_is_dropped_with_a_warning_naming_its_line(tmp_path: Path) -> None:
    from whatsapp_ingest.export.parse import parse_export
    from whatsapp_ingest.i18n import set_language

    raw = "15/01/2023, 19:02 - Budi: satu\n15/01/2023, 19:03 - Ani: du\x00a\n".encode()
    export = read_export(_write(tmp_path, "chat.txt", raw))
    set_language("en")
    try:
        parsed = parse_export(read_export(_write(tmp_path, "chat.txt", raw)))
    finally:
        set_language(None)
    assert export.text == "15/01/2023, 19:02 - Budi: satu\n15/01/2023, 19:03 - Ani: dua\n"
    assert [m.text for m in parsed.messages] == ["satu", "dua"]
    assert parsed.warnings[0] == "chat.txt:2: a stray NUL byte was dropped (the rest of the line is kept)"


def test_bytes_read_early_give_the_same_export(tmp_path: Path) -> None:
    """`parse` reads a plain export's bytes in a thread while it loads the parser: the same text,
    encoding, warnings and digest as reading it then."""
    from whatsapp_ingest.export.prefetch import Prefetch

    path = tmp_path / "chat.txt"
    path.write_bytes(b"\xef\xbb\xbf06/04/20 07.00 - Budi: halo\x00\n06/04/20 07.01 - Siti: \xe2\x80\x8eok\n")
    early = Prefetch(path, 1 << 20)
    assert read_export(path, early=early) == read_export(path)
    assert early.take() is None    # given once


@pytest.mark.parametrize("case", ["zip by its bytes", "zip by its name", "empty", "too large", "folder", "missing",
                                  "fifo"])
def test_what_is_not_read_early_is_read_and_refused_as_before(tmp_path: Path, case: str) -> None:
    """Anything but a plain, non-empty, bounded non-zip file is left to `read_export` (a FIFO never
    makes the thread wait for a writer), which reads or refuses it exactly as without the thread."""
    import os

    from whatsapp_ingest.export.prefetch import Prefetch

    path = tmp_path / ("chat.zip" if case == "zip by its name" else "chat.txt")
    if case.startswith("zip"):
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("_chat.txt", "06/04/20 07.00 - Budi: halo\n")
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "too large":
        path.write_bytes(b"06/04/20 07.00 - Budi: halo\n" * 100)
    elif case == "folder":
        path.mkdir()
    elif case == "fifo":
        os.mkfifo(path)
    bound = 100 if case == "too large" else 1 << 20
    early = Prefetch(path, bound)
    assert early.take() is None
    try:
        expected: object = read_export(path, max_bytes=bound)
    except BadExport as error:
        expected = str(error)
    try:
        got: object = read_export(path, max_bytes=bound, early=Prefetch(path, bound))
    except BadExport as error:
        got = str(error)
    assert got == expected
