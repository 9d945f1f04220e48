"""`parse -o` on several processes: the very bytes, summary, warnings and errors of one process.

The export is cut into spans (`ExportStream.spans`), each written by a forked child and put
together by the parent (report/parse_split.py). Here the spans are made tiny so that every cut
falls somewhere interesting: inside runs of multi-line messages, between an iPhone file and its
caption, after a name the parse took for a person in an earlier span.
"""

from __future__ import annotations

import io
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export import parse as parse_module
from whatsapp_ingest.export.parse import ExportStream, parse_text
from whatsapp_ingest.report import parse_split
from whatsapp_ingest.report.parse_rows import describe_parse, records_csv, write_stream
from whatsapp_ingest.report.parse_split import write_csv_file

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the split needs os.fork")


@pytest.fixture
def tiny_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spans of any size, chunks of a message or two: cuts everywhere."""
    monkeypatch.setattr(parse_module, "SPAN_MIN", 1)
    monkeypatch.setattr(parse_module, "CHUNK", 60)


def split_run(text: str, tmp_path: Path, processes: int, file: str = "grup.txt") -> tuple[bytes, str, tuple[str, ...]]:
    """(CSV bytes, summary, warnings) of `parse -o` with up to `processes` processes."""
    stream = ExportStream(text, file)
    tmp_path.mkdir(exist_ok=True)
    out = tmp_path / "records.csv"
    tally = write_csv_file(stream, out, processes)
    assert not [p for p in tmp_path.iterdir() if p.name != "records.csv"], "a part was left behind"
    return out.read_bytes(), describe_parse(stream, tally), stream.warnings


def one_process(text: str, file: str = "grup.txt") -> tuple[bytes, str, tuple[str, ...]]:
    stream = ExportStream(text, file)
    handle = io.StringIO(newline="")
    tally = write_stream(stream, handle)
    return handle.getvalue().encode("utf-8"), describe_parse(stream, tally), stream.warnings


def android_line(when: datetime, author: str, body: str) -> str:
    return f"{when:%d/%m/%y %H.%M} - " + (f"{author}: {body}" if author else body)


def ios_line(when: datetime, author: str, body: str) -> str:
    return f"[{when:%d/%m/%y %H.%M.%S}] {author}: {body}"


ANDROID_BODIES = ["halo", "baris satu\nbaris dua\nbaris tiga", "<Media tidak disertakan>", "Pesan ini telah dihapus",
                  "PTK 1.pdf (file terlampir)", "oke <Pesan ini diedit>", '"kutip", koma', "=SUM(A1)", "-"]
IOS_BODIES = ["\u200e<attached: 00000012-PTK_Siti.docx>", "keterangan PR 1", "\u200eimage omitted",
              "dua\nbaris", "halo"]


@st.composite
def exports(draw: st.DrawFn) -> str:
    """An Android or iPhone export whose messages come in the shapes a cut must survive."""
    iphone = draw(st.booleans())
    when = datetime(2020, 4, 13, 7, 0)
    lines = ["Chat Bimlat", ""] if draw(st.booleans()) and not iphone else []
    for _ in range(draw(st.integers(1, 40))):
        when += timedelta(seconds=draw(st.sampled_from([0, 0, 30, 61, 3600])))
        author = draw(st.sampled_from(["Budi", "~\u00a0Ani", "Siti, S.Pd."]))
        if iphone:
            lines.append(ios_line(when, author, draw(st.sampled_from(IOS_BODIES))))
        elif draw(st.integers(0, 9)) == 0:
            lines.append(android_line(when, "", draw(st.sampled_from(["Ani keluar", "Budi menghapus Siti"]))))
        else:
            lines.append(android_line(when, author, draw(st.sampled_from(ANDROID_BODIES))))
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(text=exports(), processes=st.integers(2, 4))
def test_split_gives_the_bytes_summary_and_warnings_of_one_process(
        text: str, processes: int, tiny_spans: None, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert split_run(text, tmp_path_factory.mktemp("out"), processes) == one_process(text)
    assert one_process(text)[0] == records_csv(parse_text(text, "grup.txt").messages)


def captioned(pairs: int) -> str:
    """An iPhone export of `pairs` files, each followed by its caption in the same second."""
    when, lines = datetime(2020, 4, 13, 7, 0), []
    for i in range(pairs):
        when += timedelta(minutes=1)
        lines += [ios_line(when, "Siti", f"\u200e<attached: 000000{i:02d}-PR_{i}.docx>"), ios_line(when, "Siti", f"PR {i}")]
    return "\r\n".join(lines) + "\r\n"


def test_a_caption_first_in_its_span_still_names_the_file_before_it(tiny_spans: None, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    text = captioned(30)
    lines = text.replace("\r\n", "\n")
    cut_before_caption = 0
    for size in range(20, 140, 9):   # chunk sizes that cut before files and before captions
        monkeypatch.setattr(parse_module, "CHUNK", size)
        spans = ExportStream(text, "grup.txt").spans(4)
        cut_before_caption += sum(bool(re.search(r"\] Siti: PR \d+$", lines[s.start + 1:].split("\n", 1)[0]))
                                  for s in spans[1:])
        data, summary, warnings = split_run(text, tmp_path / str(size), 4)
        assert (data, summary, warnings) == one_process(text)
        assert data.count(b'{""caption_of"": ') == 30
    assert cut_before_caption > 0


def test_a_name_read_as_a_person_before_the_cut_stays_a_person_after_it(tiny_spans: None, tmp_path: Path) -> None:
    # `Budi changed the subject from "A` is a sender's name on line 1 (its line is no notice); the whole
    # parse keeps it a name, so the line after the cut is that sender's message, though alone it is a notice.
    name = 'Budi changed the subject from "A'
    lines = [f"13/04/20 07.00 - {name}: halo"] + [f"13/04/20 07.{i:02d} - Siti: pesan {i}" for i in range(1, 40)]
    lines.append(f'13/04/20 08.00 - {name}: B" to "C"')
    text = "\n".join(lines) + "\n"
    stream = ExportStream(text, "grup.txt")
    spans = stream.spans(2)
    assert len(spans) == 2
    alone = [c for chunk in stream.chunks(spans[1]) for c in zip(chunk.authors, chunk.kinds)]
    assert alone[-1] == ("", "system")   # read without what the span before decided: a notice
    data, summary, warnings = split_run(text, tmp_path, 2)
    assert (data, summary, warnings) == one_process(text)
    assert data.splitlines()[-1].startswith(b'grup.txt,41,2020-04-13T08:00:00,"Budi changed the subject from ""A",message')


def test_an_impossible_date_in_a_later_span_is_the_error_of_one_process(tiny_spans: None, tmp_path: Path) -> None:
    lines = [f"13/04/20 07.{i:02d} - Siti: pesan {i}" for i in range(40)] + ["31/02/20 08.00 - Siti: salah"]
    text = "\n".join(lines) + "\n"
    with pytest.raises(BadExport) as whole:
        one_process(text)
    with pytest.raises(BadExport) as split:
        split_run(text, tmp_path, 3)
    assert split.value.render() == whole.value.render() and split.value.line == 41
    assert [p.name for p in tmp_path.iterdir()] == []   # neither the output nor a part


def test_a_child_that_dies_leaves_its_span_to_the_parent(tiny_spans: None, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_split, "_child", lambda *args: os._exit(9))
    text = captioned(20)
    assert split_run(text, tmp_path, 3) == one_process(text)


def test_one_core_or_a_small_file_is_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", no_fork)
    text = captioned(20)
    assert split_run(text, tmp_path, 4) == one_process(text)   # far below SPAN_MIN
    monkeypatch.setattr(parse_module, "SPAN_MIN", 1)
    monkeypatch.setattr(parse_split, "cores", lambda: 1)
    stream = ExportStream(text, "grup.txt")
    write_csv_file(stream, tmp_path / "records.csv")
    assert (tmp_path / "records.csv").read_bytes() == one_process(text)[0]


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="Linux only")
def test_a_second_process_only_for_a_core_other_work_leaves_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.5, 0.5))
    assert parse_split.cores() == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (5.5, 6.0, 6.0))   # a machine busy with other jobs
    assert parse_split.cores() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    assert parse_split.cores() == 3   # 2.5 cores left idle: two more, and this one


@pytest.mark.parametrize("refused", [None, 0, 1 << 16])   # sendfile works; refuses at once; after 64 KiB
def test_a_part_is_appended_whole_then_rows_go_after_it(refused: int | None, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    real = os.sendfile
    data = bytes(range(256)) * 2000   # 512,000 bytes: several reads of the fallback's buffer too

    def sendfile(out: int, source: int, offset: int, count: int) -> int:
        if refused is not None and offset >= refused:
            raise OSError(errno.EINVAL, "not between these files")
        return real(out, source, offset, min(count, 1 << 16))

    monkeypatch.setattr(os, "sendfile", sendfile)
    (tmp_path / "part").write_bytes(b"skip" + data)
    with (tmp_path / "out").open("w", encoding="utf-8", newline="") as out, (tmp_path / "part").open("rb") as part:
        out.write("kepala\r\n")
        part.seek(4)
        parse_split.append_file(part, out)
        out.write("baris é\r\n")
    assert (tmp_path / "out").read_bytes() == b"kepala\r\n" + data + "baris é\r\n".encode()


def test_a_full_disk_while_appending_a_part_is_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def sendfile(out: int, source: int, offset: int, count: int) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "sendfile", sendfile)
    (tmp_path / "part").write_bytes(b"rows")
    with (tmp_path / "out").open("w") as out, (tmp_path / "part").open("rb") as part:
        with pytest.raises(OSError) as caught:
            parse_split.append_file(part, out)
    assert caught.value.errno == errno.ENOSPC
