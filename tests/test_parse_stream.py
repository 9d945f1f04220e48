"""PARSE, streamed: `parse -o` writes chunk by chunk the very bytes the records would give.

The command never builds the Message records; these tests hold its CSV and summary to what
`records_csv` and `describe_parse` make of `parse_text`'s records, on random exports whose cells
need every kind of care (commas, quotes, line ends, formula starts, notices, preamble lines).
"""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whatsapp_ingest.export import parse as parse_module
from whatsapp_ingest.export.parse import ExportStream, parse_text
from whatsapp_ingest.report.parse_rows import describe_parse, records_csv, write_stream

cells = st.lists(st.sampled_from(list('ab ,"\r\n=+-@\t\'xyz.é\u202a') + ["\r\n"]), max_size=12).map("".join)
names = st.sampled_from(["Budi", "=Ani", "+62 812", "Siti, S.Pd.", 'Pak "Ed"', "~\u00a0Nur", "-Dedi"])
bodies = st.one_of(cells, st.sampled_from([
    "<Media tidak disertakan>", "Pesan ini telah dihapus", "PTK 1.pdf (file terlampir)", "halo <Pesan ini diedit>",
    "=SUM(A1)", "-", '"kutip", koma']))


@st.composite
def exports(draw: st.DrawFn) -> str:
    """An Android export: an optional preamble, then messages and author-less notices, any line ends."""
    lines = [draw(st.sampled_from(["Chat Bimlat", "=judul", ""]))] if draw(st.booleans()) else []
    minute = 0
    for _ in range(draw(st.integers(1, 12))):
        minute += draw(st.integers(0, 90))
        when = datetime(2020, 4, 13 + minute // 1440, minute // 60 % 24, minute % 60)
        stamp = f"{when:%d/%m/%y %H.%M} - "
        if draw(st.integers(0, 9)) == 0:
            lines.append(stamp + draw(st.sampled_from(["Ani keluar", "Budi bergabung menggunakan tautan undangan"])))
        else:
            lines.append(stamp + f"{draw(names)}: {draw(bodies)}")
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


def streamed(text: str, file: str = "grup.txt", bom: bool = True) -> tuple[bytes, str]:
    """(CSV bytes, summary) as the `parse` command makes them."""
    stream = ExportStream(text, file)
    handle = io.StringIO(newline="")
    tally = write_stream(stream, handle, bom=bom)
    return handle.getvalue().encode("utf-8"), describe_parse(stream, tally)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=exports(), file=st.sampled_from(["grup.txt", "=grup, 1.txt", 'a"b.txt']))
def test_streamed_csv_and_summary_equal_those_of_the_records(text: str, file: str) -> None:
    parsed = parse_text(text, file)
    data, summary = streamed(text, file)
    assert data == records_csv(parsed.messages)
    assert summary == describe_parse(parsed)


def test_many_chunks_give_the_same_bytes_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(f"{13 + i // 1440:02d}/04/20 {i // 60 % 24:02d}.{i % 60:02d} - Budi, S.Pd.: pesan {i},\nke-{i}\n"
                   for i in range(3000))
    whole = records_csv(parse_text(text, "grup.txt").messages)
    monkeypatch.setattr(parse_module, "CHUNK", 100)   # a chunk every two or three messages
    data, summary = streamed(text)
    assert data == whole
    assert summary.splitlines()[0] == "grup.txt: 3.000 pesan dari 1 pengirim (pesan 3.000)"
    assert summary.splitlines()[-1] == "baris: 6.000 = 3.000 kepala pesan + 3.000 lanjutan + 0 sebelum pesan pertama"


def test_without_bom_for_a_terminal() -> None:
    data, _ = streamed("13/04/20 09.00 - Budi: a\n", bom=False)
    assert data == b"file,line,timestamp,author,kind,text,attachment,edited,notice,details\r\ngrup.txt,1,2020-04-13T09:00:00,Budi," \
                   b"message,a,,false,,\r\n"


def test_an_impossible_date_stops_the_stream_with_its_line() -> None:
    from whatsapp_ingest.errors import BadExport

    text = "25/01/2023, 10:00 - Budi: a\n" * 2000 + "30/02/2023, 10:00 - Budi: b\n"
    with pytest.raises(BadExport) as caught:
        streamed(text)
    assert caught.value.line == 2001


ios_bodies = st.sampled_from([
    "\u200e<attached: 00000012-PR1_Budi.pdf>", "\u200e<terlampir: 00000013-PHOTO-2021-08-04-07-07-00.jpg>",
    "\u200edokumen tidak disertakan", "\u200egambar tidak disertakan", "PR 1", "caption\nkedua", "ok",
    "Pesan ini dihapus"])


@st.composite
def ios_exports(draw: st.DrawFn) -> str:
    """An iPhone export in which documents are often followed, in the same second, by a message."""
    lines, second = [], 0
    for _ in range(draw(st.integers(1, 30))):
        second += draw(st.sampled_from([0, 0, 1, 61]))
        when = datetime(2021, 8, 4, 7 + second // 3600, second // 60 % 60, second % 60)
        lines.append(f"[{when:%d/%m/%y %H.%M.%S}] {draw(st.sampled_from(['Budi', 'Ani']))}: {draw(ios_bodies)}")
    return "\n".join(lines) + "\n"


def streamed_details(text: str) -> list[tuple[int, tuple[tuple[str, str], ...]]]:
    """(line, details) of every message as `ExportStream.chunks` gives them."""
    return [row for chunk in ExportStream(text, "grup.txt").chunks() for row in zip(chunk.lines, chunk.details)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(text=ios_exports(), chunk=st.sampled_from([30, 100, 1 << 16]))
def test_streamed_captions_equal_those_of_the_records(text: str, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # caption_of is set by one code path for both, also when a document ends a chunk and its caption starts the next
    monkeypatch.setattr(parse_module, "CHUNK", chunk)
    records = [(m.line, m.details) for m in parse_text(text, "grup.txt").messages]
    assert streamed_details(text) == records


def test_an_iphone_caption_after_a_document_is_marked_in_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("[04/08/21 07.07.00] Budi: \u200e<attached: 00000012-PR1_Budi.pdf>\n"
            "[04/08/21 07.07.00] Budi: PR 1 saya, Bu\n"
            "[04/08/21 07.07.00] Ani: PR 1 juga\n"          # another author: not a caption
            "[04/08/21 07.08.00] Ani: \u200edokumen tidak disertakan\n"
            "[04/08/21 07.08.01] Ani: PR 2\n")               # a second later: not a caption
    expected = [(1, ()), (2, (("caption_of", "1"),)), (3, ()), (4, (("type", "document"),)), (5, ())]
    assert [(m.line, m.details) for m in parse_text(text, "grup.txt").messages] == expected
    monkeypatch.setattr(parse_module, "CHUNK", 10)   # the caption starts the chunk after its document's
    assert streamed_details(text) == expected


def test_a_file_in_two_shapes_streams_the_same_rows_as_its_records(monkeypatch: pytest.MonkeyPatch) -> None:
    # an Android export with an iPhone part in time order (read in its shape), and a pasted excerpt (kept)
    text = ("".join(f"13/04/20 {8 + i // 60:02d}.{i % 60:02d} - Budi: pesan {i}\n" for i in range(100))
            + "".join(f"[14/04/20 {9 + i // 60:02d}.{i % 60:02d}.05] Ani: \u200e<attached: {i:08d}-PR1.pdf>\n"
                      f"[14/04/20 {9 + i // 60:02d}.{i % 60:02d}.05] Ani: PR 1 ke-{i}\n" for i in range(50))
            + "15/04/20 08.00 - Budi: ini kutipan:\n[01/04/20 07.00.00] Ani: lama\n[01/04/20 07.01.00] Ani: lama\n"
            + "15/04/20 08.01 - Budi: selesai\n")
    parsed = parse_text(text, "grup.txt")
    assert parsed.header_format == "android-24h: dd/mm/yy HH.MM -  + ios-24h-bracket: [dd/mm/yy HH.MM.SS] "
    assert len(parsed.messages) == 100 + 100 + 2
    assert parsed.messages[-2].text == "ini kutipan:\n[01/04/20 07.00.00] Ani: lama\n[01/04/20 07.01.00] Ani: lama"
    monkeypatch.setattr(parse_module, "CHUNK", 50)
    data, summary = streamed(text)
    assert data == records_csv(parsed.messages)
    assert summary == describe_parse(parsed)
    assert streamed_details(text) == [(m.line, m.details) for m in parsed.messages]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(exports(), ios_exports()))
def test_a_chunk_names_every_message_that_is_not_plain(text: str) -> None:
    # the CSV writes the last columns of only these rows: one left out would be written as a plain message
    for chunk in ExportStream(text, "grup.txt").chunks():
        assert chunk.odd == sorted(set(chunk.odd or ()))
        not_plain = [i for i, row in enumerate(zip(chunk.kinds, chunk.attachments, chunk.edited, chunk.notices,
                                                   chunk.details)) if row[0] != "message" or any(row[1:])]
        assert set(not_plain) <= set(chunk.odd or ())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(text=exports(), kept=st.sampled_from([0, 1, 2]))
def test_endings_beyond_the_cache_are_written_alike(text: str, kept: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from whatsapp_ingest.report import parse_rows

    monkeypatch.setattr(parse_rows, "_ENDS_KEPT", kept)   # a chunk whose endings the full cache does not hold
    monkeypatch.setattr(parse_module, "CHUNK", 60)
    assert streamed(text)[0] == records_csv(parse_text(text, "grup.txt").messages)


@given(column=st.lists(cells, max_size=8))
def test_text_cells_are_quoted_and_neutralised_as_csv_writer_does(column: list[str]) -> None:
    import csv

    from whatsapp_ingest.fileio import neutralise
    from whatsapp_ingest.report.parse_rows import _cells

    expected = io.StringIO(newline="")
    csv.writer(expected, lineterminator="\r\n").writerow(["x", *(neutralise(c) for c in column)])
    assert ",".join(["x", *_cells(column)]) + "\r\n" == expected.getvalue()
