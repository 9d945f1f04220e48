"""READ stage: one export file (a .txt, or the .zip an iPhone shares) → its decoded text.

The text is returned exactly as decoded, minus a byte-order mark: line ends (CRLF or LF), invisible
marks and everything else are left to the parser. A zip is never extracted to disk: only its chat
member is read, in chunks against a size bound so that a zip bomb is refused early, and media
members are never touched, however large the zip.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export.prefetch import ZIP_MAGIC, MAX_EXPORT_BYTES
from whatsapp_ingest.fileio import file_kind
from whatsapp_ingest.i18n import N_, Text
from whatsapp_ingest.records import ExportText

if TYPE_CHECKING:
    from whatsapp_ingest.export.prefetch import Prefetch

EXPORT_AGAIN = N_("export the chat again from WhatsApp (Export chat → Without media)")
GIVE_TXT = N_("unzip it and give the chat's .txt file instead")


def _again() -> Text:
    return Text(EXPORT_AGAIN)

_CHUNK = 1 << 20
# Real chats deflate 5–15× and even a synthetic chat of one repeated line stays near 300×; a member of one
# repeated byte, the stuff of zip bombs, reaches deflate's ceiling near 1030×.
_MAX_RATIO = 800
_RATIO_FROM = 8 << 20  # small members may compress well for innocent reasons


# MAX_EXPORT_BYTES: the largest export file, and the largest chat unpacked from a zip (defined beside
# `Prefetch`, which `parse` starts before it imports this module).


def read_export(path: Path, *, max_bytes: int = MAX_EXPORT_BYTES, digest: str | None = None,
                early: Prefetch | None = None) -> ExportText:
    """Read and decode one export file; raise `BadExport` naming the file when it cannot be a chat.

    `name` is the file's own name (`path.name`), `member` the chat file inside a zip. `max_bytes`
    bounds both the file and the decompressed chat. Accepts UTF-8 with or without a byte-order mark and
    UTF-16 LE/BE with one. `digest`: the file's SHA-256 when the caller already has it (ingest hashes
    every inbox file first to recognise unchanged ones), so the file is not hashed twice. `early`:
    the file's bytes being read meanwhile (`prefetch.Prefetch`, same `max_bytes`), used when it has them.
    """
    path = Path(path)
    # A name whose bytes are not UTF-8 (an old Windows USB stick) is shown with � so it can be printed and stored.
    name = (path.name or str(path)).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        is_zip = _is_zip(path, name)
    finally:   # (the thread always ends here, whatever happens)
        fetched = early.take() if early is not None else None
    if is_zip:
        # An iPhone export "with media" can be far larger than its chat: the zip is read from disk
        # member by member, never whole, and only the chat's unpacked size is bounded.
        member, data = _chat_from_zip(path, name, max_bytes)
        text, encoding, repaired = _decode(data, name, Text(" in {member}", member=member))
        return ExportText(name=name, text=text, digest=digest or file_digest(path), encoding=encoding, member=member,
                          warnings=repaired)
    raw = fetched if fetched is not None else _read_bytes(path, name, max_bytes)
    del fetched
    if digest is not None:
        text, encoding, repaired = _decode(raw, name, "")
        return ExportText(name=name, text=text, digest=digest, encoding=encoding, member="", warnings=repaired)
    # hashlib lets go of the GIL on large buffers: hash on a second core while this one decodes.
    from concurrent.futures import ThreadPoolExecutor   # (only here: `parse` never hashes)

    with ThreadPoolExecutor(1) as pool:
        hashed = pool.submit(_sha256, raw)
        text, encoding, repaired = _decode(raw, name, "")
        return ExportText(name=name, text=text, digest=hashed.result(), encoding=encoding, member="",
                          warnings=repaired)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (a zip with media may be large)."""
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@contextmanager
def _readable(name: str) -> Iterator[None]:
    """Turn the ways a file cannot be read into a BadExport a person can act on."""
    try:
        yield
    except FileNotFoundError:
        raise BadExport(name, Text("file not found"), Text("check the file name and folder")) from None
    except PermissionError:
        raise BadExport(name, Text("cannot read the file (permission denied)"),
                        Text("check that your user may read it")) from None
    except IsADirectoryError:
        raise BadExport(name, Text("is a folder, not an exported chat"),
                        Text("give the .txt or .zip file WhatsApp exported")) from None
    except OSError as exc:
        raise BadExport(name, Text("cannot read the file ({error})", error=exc.strerror or str(exc)),
                        Text("check the file and the disk")) from None


def _is_zip(path: Path, name: str) -> bool:
    """A zip by its first bytes, or by its name; an empty file is refused here whatever its name."""
    with _readable(name):
        if path.is_dir():
            raise BadExport(name, Text("is a folder, not an exported chat"), Text("give the .txt or .zip file WhatsApp exported"))
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):   # a FIFO would wait for a writer for ever, /dev/zero never ends
            raise BadExport(name, Text("is {what}, not an exported chat", what=file_kind(mode)),
                            Text("give the .txt or .zip file WhatsApp exported"))
        with path.open("rb") as handle:
            head = handle.read(4)
    if not head:
        raise BadExport(name, Text("the file is empty"), _again())
    return head.startswith(ZIP_MAGIC) or path.suffix.lower() == ".zip"


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes, or a BadExport saying why they cannot be had."""
    with _readable(name):
        size = path.stat().st_size
        if size > max_bytes:
            raise BadExport(name, Text("the file is {size}, more than the {limit} a chat export can be",
                                       size=_mb(size), limit=_mb(max_bytes)), Text("check that this is the exported chat"))
        with path.open("rb") as f:
            raw = f.read()  # sized from the file: read(max_bytes) would allocate the whole bound first
    if len(raw) > max_bytes:  # the file grew while being read
        raise BadExport(name, Text("the file is more than {size}", size=_mb(max_bytes)),
                        Text("check that this is the exported chat"))
    if not raw:
        raise BadExport(name, Text("the file is empty"), _again())
    return raw


def _chat_from_zip(path: Path, name: str, max_bytes: int) -> tuple[str, bytes]:
    """(member name, bytes) of the chat inside an iOS export zip; media members are never read."""
    try:
        with _readable(name), zipfile.ZipFile(path) as zf:
            info = _pick_member(zf, name)
            return info.filename, _read_member(zf, info, name, max_bytes)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError):
        # zipfile's own wording varies by Python version and says nothing a supervisor can act on
        raise BadExport(name, Text("the zip file is damaged or incomplete"), _again()) from None


def _pick_member(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    """`_chat.txt` (in any folder), else the only .txt member; macOS `__MACOSX/` and `._` forks are skipped."""
    texts = []
    for info in zf.infolist():
        base = PurePosixPath(info.filename).name
        if info.is_dir() or info.filename.startswith("__MACOSX/") or base.startswith("._"):
            continue
        if base.lower().endswith(".txt"):
            texts.append(info)
    chats = [i for i in texts if PurePosixPath(i.filename).name == "_chat.txt"]
    if len(chats) == 1:
        return chats[0]
    if len(chats) > 1 or len(texts) > 1:
        listed = ", ".join(i.filename for i in (chats or texts))
        raise BadExport(name, Text("the zip holds several chat files ({files})", files=listed), Text(GIVE_TXT))
    if not texts:
        inner = [i.filename for i in zf.infolist() if i.filename.lower().endswith(".zip")]
        if inner:   # the phone's .zip zipped once more
            raise BadExport(name, Text("the zip holds another zip ({inner}) and no chat file", inner=inner[0]),
                            Text("give that inner .zip (or the chat's .txt) instead"))
        raise BadExport(name, Text("the zip holds no chat (.txt) file"), _again())
    return texts[0]


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, max_bytes: int) -> bytes:
    """The member's bytes, refusing it when declared or actual size passes the bound (a zip bomb)."""
    bomb = Text("{member} in the zip unpacks to more than {size} (a damaged or malicious zip)",
                member=info.filename, size=_mb(max_bytes))
    if info.file_size > max_bytes:
        raise BadExport(name, bomb, EXPORT_AGAIN)
    if info.file_size > _RATIO_FROM and info.file_size > _MAX_RATIO * max(info.compress_size, 1):
        raise BadExport(name, Text("{member} in the zip is compressed {ratio}× (a malicious zip)", member=info.filename,
                                   ratio=info.file_size // max(info.compress_size, 1)), _again())
    if info.flag_bits & 0x1:
        raise BadExport(name, Text("the zip is password-protected"), Text("export the chat again without a password"))
    parts, total = [], 0
    with zf.open(info) as f:  # the declared size can lie: count what actually comes out
        while chunk := f.read(_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise BadExport(name, bomb, EXPORT_AGAIN)
            parts.append(chunk)
    data = b"".join(parts)
    if not data:
        raise BadExport(name, Text("{member} in the zip is empty", member=info.filename), _again())
    return data


def _decode(data: bytes, name: str, where: str) -> tuple[str, str, tuple[str, ...]]:
    """(text without BOM, encoding, warnings). UTF-16 only with its BOM; otherwise strict UTF-8.

    A few stray NUL bytes in otherwise valid UTF-8 (a copy damaged in transit) are dropped, each with
    a warning naming its line; more than MAX_STRAY_NUL mean binary data or UTF-16 without its BOM.
    """
    repaired: tuple[str, ...] = ()
    # The BOM-aware codecs drop the mark themselves: no 80 MB copy of the bytes without it.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, codec, start = ("utf-16-le" if data[0] == 0xFF else "utf-16-be"), "utf-16", 2
    else:
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        encoding = codec = "utf-8-sig" if start else "utf-8"
        nul = data.find(b"\x00")
        if nul >= 0:
            data, repaired = _drop_stray_nuls(data, nul, name, where)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = _line_of(data, start, exc.start, encoding)
        if exc.end >= len(data) and exc.reason in ("unexpected end of data", "truncated data"):   # last char cut in two
            raise BadExport(name, Text("the file{where} ends in the middle of a character: it was cut short", where=where),
                            Text("copy the export from the phone again (the copy is incomplete)"), line=line) from None
        what = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
        raise BadExport(name, Text("not {encoding} text{where} (undecodable bytes)", encoding=what, where=where),
                        _again(), line=line) from None
    if not text:
        raise BadExport(name, Text("the file{where} is empty", where=where), _again())
    return text, encoding, repaired


MAX_STRAY_NUL = 16


def _drop_stray_nuls(data: bytes, first: int, name: str, where: str) -> tuple[bytes, tuple[str, ...]]:
    """`data` without its NUL bytes and a warning for each, or BadExport when they are too many to be
    stray (binary data, UTF-16 without BOM) or the rest is not UTF-8."""
    count = data.count(b"\x00")
    if count > MAX_STRAY_NUL:
        raise BadExport(name, Text("not UTF-8 text{where} (binary data: a NUL byte)", where=where), _again(),
                        line=data.count(b"\n", 0, first) + 1)
    lines, at = [], first
    while at >= 0:
        lines.append(data.count(b"\n", 0, at) + 1)
        at = data.find(b"\x00", at + 1)
    cleaned = data.replace(b"\x00", b"")
    try:
        cleaned.decode("utf-8")
    except UnicodeDecodeError:  # NUL among bytes that are not text either: a binary file
        raise BadExport(name, Text("not UTF-8 text{where} (binary data: a NUL byte)", where=where), _again(),
                        line=lines[0]) from None
    where_shown = Text("{file}{where}", file=name, where=where) if where else name
    return cleaned, tuple(Text("{file}:{line}: a stray NUL byte was dropped (the rest of the line is kept)",
                               file=where_shown, line=line) for line in lines)


def _line_of(data: bytes, start: int, offset: int, encoding: str) -> int:
    """1-based line holding byte `offset` of the encoded text that begins at `start` (after the BOM)."""
    if encoding.startswith("utf-8"):
        return data.count(b"\n", start, offset) + 1
    head = data[start: offset - (offset - start) % 2].decode(encoding, errors="replace")
    return head.count("\n") + 1


def _mb(n: int) -> str:
    """A byte count as people read it."""
    return f"{n / (1 << 20):.0f} MB" if n >= 1 << 20 else Text("{n} bytes", n=n)


@contextmanager
def open_chat(path: Path, max_bytes: int = MAX_EXPORT_BYTES) -> Iterator[BinaryIO]:
    """The chat's bytes as a file to read in pieces, never all at once: the .txt itself, or the chat
    member of an iPhone zip, unpacked as it is read. Raises BadExport (or the zip module's errors)
    when the file cannot be a chat of at most `max_bytes`; the bytes themselves (their encoding, a
    zip's real unpacked size) are for the reader to check, and `read_export` says what is wrong."""
    path = Path(path)
    name = (path.name or str(path)).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if _is_zip(path, name):
        with _readable(name), zipfile.ZipFile(path) as zf:
            info = _pick_member(zf, name)
            if (info.file_size > max_bytes or info.flag_bits & 0x1
                    or info.file_size > _RATIO_FROM and info.file_size > _MAX_RATIO * max(info.compress_size, 1)):
                raise ValueError("not unpacked in pieces: read_export refuses it")
            with zf.open(info) as member:
                yield member
        return
    with _readable(name):
        if path.stat().st_size > max_bytes:
            raise ValueError("too large: read_export refuses it")
        with path.open("rb") as handle:
            yield handle
