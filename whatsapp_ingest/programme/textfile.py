"""The text of the files a supervisor edits by hand: program.toml, roster.csv, overrides.csv, scores.csv.

They come back from Notepad and Excel in many shapes: UTF-8 with or without a BOM, the Windows
"ANSI" code page (cp1252), Excel's "Unicode Text" (UTF-16 with a BOM, tab-separated), separated
by commas, semicolons (Excel with Indonesian settings) or tabs. Every way such a file can fail to
be read becomes a ConfigError naming the file (and the line where that is known), never a traceback.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _csv import Reader

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.fileio import NotRegular, read_regular
from whatsapp_ingest.i18n import N_, _

MAX_CONFIG_BYTES = 64 << 20   # a roster of 100,000 people is far below this
SAVE_UTF8 = N_("save it as UTF-8 (Excel: Save As → CSV UTF-8; Notepad: Save As → Encoding UTF-8)")
_DELIMITERS = (",", ";", "\t")


def read_text(path: Path) -> str:
    """The file's text without a BOM: UTF-16 with a BOM, else UTF-8, else cp1252 (Windows "ANSI").

    Raises ConfigError for a folder, an unreadable file, binary data or bytes no encoding above reads.
    """
    path = Path(path)
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)   # a FIFO or /dev/zero is never waited on or read without end
    except NotRegular as exc:
        if exc.what == _("a folder"):
            raise ConfigError(path, _("is a folder, not a file"), _("remove or rename the folder")) from None
        if exc.what == "larger":
            raise ConfigError(path, _("the file is larger than {size} MB, too large for this file").format(
                size=MAX_CONFIG_BYTES >> 20), _("check that this is the right file")) from None
        raise ConfigError(path, _("is {what}, not a file").format(what=exc.what),
                          _("put a plain text file of this name in the programme folder")) from None
    except IsADirectoryError:
        raise ConfigError(path, _("is a folder, not a file"), _("remove or rename the folder")) from None
    except OSError as exc:
        raise ConfigError(path, _("cannot read the file ({error})").format(error=exc.strerror or exc),
                          _("check that the file exists and your user may read it")) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ConfigError(path, _("the file starts like UTF-16 text but is damaged"), _(SAVE_UTF8)) from None
    nul = raw.find(b"\x00")
    if nul >= 0:   # binary data, or UTF-16 without its BOM
        raise ConfigError(path, _("not a text file (it holds binary data)"), _(SAVE_UTF8), raw.count(b"\n", 0, nul) + 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("cp1252")   # Excel's and old Notepad's "ANSI" on Windows
    except UnicodeDecodeError:
        line = raw.count(b"\n", 0, utf8_error.start) + 1
        raise ConfigError(path, _("not UTF-8 text (undecodable bytes)"), _(SAVE_UTF8), line) from None


def sniff_delimiter(text: str) -> str:
    """The separator of a CSV a person saved: the most frequent of `,` `;` tab in its first non-empty line
    (a comma on a tie)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(_DELIMITERS, key=lambda d: (first.count(d), d == ","))


def csv_reader(text: str, path: Path | str = "") -> tuple[Reader, str]:
    """A CSV reader over a file's text, split at the separator `sniff_delimiter` finds, and that separator.

    Line ends are read as Excel and Notepad write them (CRLF, LF, or an old Mac's lone CR). A row the
    csv module cannot read (a cell over its 128 KiB limit) is a ConfigError at its line, naming `path`.
    """
    delimiter = sniff_delimiter(text)
    return _Rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), path), delimiter


class _Rows:
    """A csv reader whose errors are ConfigErrors with the file and line (its `line_num` kept)."""

    def __init__(self, reader: Reader, path: Path | str) -> None:
        self.reader, self.path = reader, path

    @property
    def line_num(self) -> int:
        return self.reader.line_num

    def __iter__(self) -> _Rows:
        return self

    def __next__(self) -> list[str]:
        try:
            return next(self.reader)
        except csv.Error as exc:
            if "field larger" in str(exc):
                raise ConfigError(self.path, _("a cell holds more than {n} characters").format(
                    n=csv.field_size_limit()), _('check the row: a quote " opened and never closed takes in '
                                                 "the rest of the file"), self.reader.line_num) from None
            raise ConfigError(self.path, _("this line cannot be read as CSV ({error})").format(error=exc),
                              _("check the quotes on this line"), self.reader.line_num) from None


def swallowed_rows(cell: str, delimiter: str) -> bool:
    """True when a cell holds what looks like further rows of the file (`…\\n2,…`): a quote `"` was
    opened and never closed, so the CSV reader took the next lines into this cell."""
    return re.search(rf"[\r\n]\s*\"?\s*\d+\s*\"?\s*{re.escape(delimiter)}", cell) is not None
