"""PARSE, block by block: a large export read in blocks gives what the whole text gives.

`export.blocks.open_export` reads a large file twice, a block at a time, instead of holding its
decoded text (see its docstring). These tests make the blocks tiny and compare, message by message
and attribute by attribute, what `BlockStream` yields with what `ExportStream` yields on the whole
text of the same file: random exports (Android and iPhone, CRLF, a byte-order mark, preambles,
multi-line bodies, notices, captions, no final newline, date orders shown early, late, by
attachment names or not at all), and the files that must be read whole instead.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from itertools import repeat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export import blocks, formats
from whatsapp_ingest.export.blocks import BlockStream, open_export
from whatsapp_ingest.export.parse import ExportStream

LINES = blocks.FIRST_LINES + 400   # more lines than the first block must hold: later blocks exist


@pytest.fixture(autouse=True)
def tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file read in blocks of 2 KB, and a short date-order evidence prefix (both paths read it)."""
    monkeypatch.setattr(blocks, "STREAM_FROM", 0)
    monkeypatch.setattr(blocks, "BLOCK", 2048)
    monkeypatch.setattr(formats, "EVIDENCE_PREFIX", 3000)


def make_export(rng: random.Random, lines: int = LINES) -> bytes:
    """A random export of about `lines` lines (see the module docstring)."""
    ios = rng.random() < 0.4
    start = datetime(2020, rng.choice([1, 2, 3, 4]), rng.choice([1, 3, 9, 12]), 7)
    order = rng.choice(["DMY", "MDY"])
    step = timedelta(minutes=rng.choice([1, 7, 30, 200]))
    people = ["Budi", "Ani Lestari", "~\u00a0Nur", "+62 812-3456-7890", "Siti, S.Pd.", "Pak \u202aDedi\u202c"]
    out = []
    if rng.random() < 0.2:
        out += ["Chat Bimlat", ""]
    when = start
    while len(out) < lines:
        when += step * rng.randint(0, 2)
        day = f"{when:%d/%m/%y}" if order == "DMY" else f"{when:%m/%d/%y}"
        head = f"[{day} {when:%H.%M.%S}] " if ios else f"{day} {when:%H.%M} - "
        roll = rng.random()
        author = rng.choice(people)
        if roll < 0.05:
            out.append(head + ("Ani keluar" if not ios else "Bimlat PTK: Ani keluar"))
        elif roll < 0.1:
            name = f"IMG-{when:%Y%m%d}-WA{rng.randint(0, 9999):04d}.jpg"
            out.append(head + f"{author}: {name} (file terlampir)" if not ios else head + f"{author}: <lampiran: {name}>")
            if ios and rng.random() < 0.5:
                out.append(head + f"{author}: ini PR saya")
        elif roll < 0.2:
            out.append(head + f"{author}: baris satu")
            out += ["", "baris tiga"][: rng.randint(1, 2)]
        elif roll < 0.22:
            out.append(head + f"{author}: <Media tidak disertakan>")
        else:
            out.append(head + f"{author}: {rng.choice(['Hadir', 'hadir bu', 'PR 1 sudah', 'siap 🙏', 'ok'])}")
    newline = "\r\n" if ios or rng.random() < 0.2 else "\n"
    text = newline.join(out) + (newline if rng.random() < 0.8 else "")
    return (b"\xef\xbb\xbf" if rng.random() < 0.2 else b"") + text.encode("utf-8")


def outcome(stream: ExportStream | BlockStream) -> tuple[object, ...]:
    """Every message the stream yields and everything it says of the file, comparable."""
    rows = [row for chunk in stream.chunks() for row in zip(
        chunk.lines, chunk.timestamps, chunk.authors, chunk.kinds, chunk.texts, chunk.attachments, chunk.edited,
        chunk.raw_authors, chunk.notices, chunk.details, repeat(chunk.seconds))]
    return (rows, stream.header_format, stream.platform, stream.date_order, str(stream.date_order_evidence),
            [str(w) for w in stream.warnings], stream.preamble, stream.total_lines, stream.continuation_lines,
            stream.messages)


def compare(path: Path, date_order: str | None = None, period: tuple | None = None) -> type:
    """Assert the file read by `open_export` gives what its whole text gives; returns the stream type."""
    text = path.read_bytes().decode("utf-8-sig")
    try:
        expected = outcome(ExportStream(text, "grup.txt", date_order, (), period))
    except BadExport as error:
        with pytest.raises(BadExport) as raised:
            outcome(open_export(path, "grup.txt", "", date_order, period).stream())
        assert (str(raised.value), raised.value.line) == (str(error), error.line)
        return BadExport
    source = open_export(path, "grup.txt", "", date_order, period)
    stream = source.stream()
    assert outcome(stream) == expected
    assert source.ends_whole == text.endswith(("\n", "\r"))
    assert outcome(source.stream()) == expected   # a second stream of the same file (the cut-off check's)
    return type(stream)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9), order=st.sampled_from([None, "DMY", "MDY"]))
def test_blocks_give_what_the_whole_text_gives(tmp_path: Path, seed: int, order: str | None) -> None:
    path = tmp_path / f"{seed}.txt"
    path.write_bytes(make_export(random.Random(seed)))
    assert compare(path, order) is BlockStream


def dated(days: list[str], sep: str = " - ") -> str:
    """An Android export with messages on each of `days` (written as given): the last day's 100 come
    after the first block, which the other days fill."""
    per = LINES // max(1, len(days) - 1) + 1
    counts = [per] * (len(days) - 1) + [100]
    return "".join(f"{d} {h // 60 % 24:02d}.{h % 60:02d}{sep}Budi: pesan {h}\n"
                   for d, n in zip(days, counts) for h in range(n))


@pytest.mark.parametrize(("days", "kind"), [
    (["01/02/20", "02/02/20", "03/02/20", "13/02/20"], BlockStream),   # day-first shown only after the first block
    (["02/01/20", "02/02/20", "02/03/20", "02/13/20"], BlockStream),   # month-first shown late
    (["01/02/20", "02/02/20", "01/03/20"], BlockStream),               # chronology: forward only month-first
    (["01/02/20", "02/01/20"], BlockStream),                           # undecidable: assumed, with a warning
    (["01/02/20", "13/02/20", "02/14/20"], BadExport),                 # the dates disagree: refused with the line
])
def test_date_order_decided_late_in_the_file(tmp_path: Path, days: list[str], kind: type) -> None:
    path = tmp_path / "grup.txt"
    path.write_text(dated(days), encoding="utf-8")
    assert compare(path) is kind
    compare(path, "MDY")
    compare(path, None, (datetime(2020, 1, 1).date(), datetime(2020, 1, 31).date()))


def test_attachment_names_after_the_first_block_decide(tmp_path: Path) -> None:
    text = dated(["01/02/20", "02/01/20"]) + "".join(
        f"02/01/20 23.{m:02d} - Budi: IMG-20200102-WA00{m:02d}.jpg (file terlampir)\n" for m in range(10))
    path = tmp_path / "grup.txt"
    path.write_text(text, encoding="utf-8")
    assert compare(path) is BlockStream


@pytest.mark.parametrize("tail", [
    "\n13.05.2020, 10:00 - Budi: a header of another shape\n",   # parse._regions decides: read whole
    "\x00",                                                      # a stray NUL: repaired with a warning
    "\rline\rline\r" * LINES,                                    # an old Mac's line ends
])
def test_files_read_whole_give_the_same(tmp_path: Path, tail: str) -> None:
    path = tmp_path / "grup.txt"
    path.write_text(dated(["01/02/20", "13/02/20"]) + tail, encoding="utf-8", newline="")
    source = open_export(path, "grup.txt", "")
    assert isinstance(source.stream(), ExportStream)


def test_a_small_file_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocks, "STREAM_FROM", 1 << 20)
    path = tmp_path / "grup.txt"
    path.write_text(dated(["01/02/20", "13/02/20"]), encoding="utf-8")
    assert isinstance(open_export(path, "grup.txt", "").stream(), ExportStream)
    monkeypatch.setattr(blocks, "STREAM_FROM", 1 << 10)
    assert isinstance(open_export(path, "grup.txt", "").stream(), BlockStream)


def test_an_iphone_zip_is_read_in_blocks_too(tmp_path: Path) -> None:
    import zipfile

    data = make_export(random.Random(5))
    plain = tmp_path / "plain.txt"
    plain.write_bytes(data)
    packed = tmp_path / "WhatsApp Chat - Bimlat.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_chat.txt", data)
        zf.writestr("00000001-PHOTO-2020-04-06-07-00-00.jpg", b"\xff\xd8" * 100)
    stream = open_export(packed, "grup.txt", "").stream()
    assert isinstance(stream, BlockStream)
    assert outcome(stream) == outcome(ExportStream(data.decode("utf-8-sig"), "grup.txt"))
