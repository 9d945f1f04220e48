"""`parse -o` on several cores: the export cut into spans at header lines, each span's rows written
by a process of its own, the parts put together in file order.

The parent reads and decodes the file and decides its shape and date order once (as for one
process); then it forks one child per span after the first (the children share the decoded text
with it, unchanged), writes the first span's rows itself into the output, and appends each
child's part after it. Every span is cut where the whole parse starts a chunk of its own, and
starts with the line number, the author decisions and (iPhone) the document before it that the
whole parse would have there (`ExportStream.spans`, `ExportStream.chunks`), so the bytes are those
of one process; a test compares them.

Whatever goes wrong in a child (a date that cannot exist, a disk full, a child killed, an author
decided otherwise than the spans before it decided it) only makes the parent read that span
again itself, so errors and their lines are those of one process. On one core, outside Linux, or
for a small file, the rows are written by the one process.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from whatsapp_ingest.export.parse import ExportStream, Span, SpanCounts
from whatsapp_ingest.fileio import atomic_text
from whatsapp_ingest.forking import cores, kill_and_reap
from whatsapp_ingest.records import Kind
from whatsapp_ingest.report.parse_rows import Tally, header, write_rows


def write_csv_file(stream: ExportStream, output: Path, processes: int | None = None) -> Tally:
    """Write the stream's CSV (`write_stream`'s bytes) to `output` in one atomic step, using up to
    `processes` (default: `cores()`) processes, and count it for the summary."""
    spans = stream.spans(processes or cores())
    with atomic_text(output) as handle:
        if len(spans) == 1:
            tally = write_rows(stream, handle, header())
        else:
            tally = _write_spans(stream, handle, spans, Path(output).parent)
    tally.authors.discard("")
    return tally


@dataclass
class _Child:
    """A forked process writing the rows of one span into `part`; it reports its counts on `pipe`."""

    span: Span
    pid: int
    part: Path
    pipe: int

    @classmethod
    def start(cls, stream: ExportStream, span: Span, folder: Path) -> _Child:
        """Fork a process that writes `span`'s rows into a hidden file in `folder`."""
        fd, part = tempfile.mkstemp(prefix=".parse-", suffix=".part", dir=folder)
        try:
            read_end, write_end = os.pipe()
        except OSError:
            os.close(fd)
            Path(part).unlink(missing_ok=True)
            raise
        pid = os.fork()
        if pid == 0:   # the child: never returns
            os.close(read_end)
            _child(stream, span, fd, write_end)
        os.close(fd)
        os.close(write_end)
        return cls(span, pid, Path(part), read_end)

    def result(self) -> tuple[Tally, SpanCounts] | None:
        """What the child counted, once it has ended; None when it did not finish its span."""
        with open(self.pipe, "rb", closefd=True) as pipe:
            data = pipe.read()
        self.pipe = -1
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if status != 0 or not data:
            return None
        got = json.loads(data)
        tally = Tally(Counter({Kind(k): n for k, n in got["kinds"].items()}), set(got["authors"]),
                      got["first"], got["last"])
        counts = SpanCounts(got["messages"], got["last_line"], got["continuation"], got["unknown"], (),
                            got["names"])
        return tally, counts

    def close(self) -> None:
        """Stop the child if it still runs, and remove its part."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid:
            kill_and_reap(self.pid)
            self.pid = 0
        self.part.unlink(missing_ok=True)


def _write_spans(stream: ExportStream, handle: TextIO, spans: tuple[Span, ...], folder: Path) -> Tally:
    """The first span's rows written here, the others' by children, appended in order."""
    children: list[_Child] = []
    try:
        for span in spans[1:]:
            children.append(_Child.start(stream, span, folder))
        tally = write_rows(stream, handle, header(), spans[0])
        # While the children still write, this span's rows go to the disk: the final fsync then writes
        # only the parts appended after them (about 25 ms less after the children at 1M messages, when
        # they end later than this one). An error here is the final fsync's, reported as it would be.
        handle.flush()
        os.fsync(handle.fileno())
        counts = stream.last_counts
        assert counts is not None
        stream.add_counts(counts)
        names = dict(counts.names)
        for child in children:
            done = child.result()
            if done is not None and all(names.get(cand, named) == named for cand, named in done[1].names.items()):
                with child.part.open("rb") as part:
                    append_file(part, handle)
                part_tally, counts = done
            else:   # the child failed, or read a name otherwise than the spans before it: read it here
                part_tally = write_rows(stream, handle, "", child.span, names)
                counts = stream.last_counts
                assert counts is not None
            tally.merge(part_tally)
            stream.add_counts(counts)
            for cand, named in counts.names.items():
                names.setdefault(cand, named)
    finally:
        for child in children:
            child.close()
    stream.finish()
    return tally


def append_file(source: BinaryIO, handle: TextIO) -> None:
    """Append the rest of `source` to the file of `handle` (both files on disk), in the kernel where it can.

    os.sendfile copies between the two files' pages without a buffer in this process: the 65 MB
    part of a 1M-message export cost 25 ms CPU so, against 90-110 ms through shutil.copyfileobj,
    whose every 1 MB read is a new buffer to fault in. Where the system cannot (no sendfile, a
    file system that refuses it), the bytes left are copied through one reused buffer. Either way the
    handle's next writes go after them: its buffers are empty and a file is written at its offset."""
    handle.flush()
    target: BinaryIO = handle.buffer   # type: ignore[attr-defined]
    start = source.tell()
    size = os.fstat(source.fileno()).st_size
    sent = 0
    if hasattr(os, "sendfile"):
        try:
            while start + sent < size:
                done = os.sendfile(target.fileno(), source.fileno(), start + sent, size - start - sent)
                if done == 0:
                    break
                sent += done
        except OSError as exc:
            if exc.errno not in _NO_SENDFILE:
                raise
    if start + sent < size:
        source.seek(start + sent)
        buffer = memoryview(bytearray(1 << 20))
        while read := source.readinto(buffer):
            target.write(buffer[:read])
        target.flush()


_NO_SENDFILE = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSOCK})


def _child(stream: ExportStream, span: Span, fd: int, pipe: int) -> None:
    """In the forked child: write the span's rows into `fd`, its counts as JSON into `pipe`, exit."""
    code = 1
    try:
        import gc

        gc.disable()   # a collection would touch (and so copy) every object shared with the parent
        with open(fd, "w", encoding="utf-8", newline="", buffering=1 << 20) as part:
            tally = write_rows(stream, part, "", span)
        counts = stream.last_counts
        assert counts is not None
        report = {"kinds": {str(k): n for k, n in tally.kinds.items()}, "authors": sorted(tally.authors),
                  "first": tally.first, "last": tally.last, "messages": counts.messages,
                  "last_line": counts.last_line, "continuation": counts.continuation, "unknown": counts.unknown,
                  "names": counts.names}
        with open(pipe, "wb") as out:
            out.write(json.dumps(report, ensure_ascii=False).encode("utf-8"))
        code = 0
    except BaseException:   # noqa: BLE001 — whatever it was, the parent reads this span itself
        pass
    finally:
        os._exit(code)
