"""The record of the last rebuild of out/: the inputs' fingerprint, each output's digest, and the
results as plain data (JSON), so a re-run with nothing new can skip the rebuild.

Plain data only: the file is parsed as JSON and nothing in it is ever run. A programme folder may be
copied or synced from someone else, so a damaged, foreign or hostile record is simply not used
(the outputs are rebuilt); an output it names is only read when it is a plain file of out/.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from whatsapp_ingest.fileio import NotRegular, atomic_write, read_regular
from whatsapp_ingest.figures.results import Changes, Results
from whatsapp_ingest.programme.program import Program
from whatsapp_ingest.report.csvout import frame_columns

CACHE_FILE = "outputs.json"
OLD_PICKLE = "outputs.pickle"    # written by versions before 0.1: never read, removed on sight
FORMAT = 1
MAX_CACHE_BYTES = 256 << 20     # a record larger than this is not read (it could not be ours)
MAX_OUTPUT_BYTES = 1 << 30
# Not kept in the record (a re-run gets the field's empty default): one row per counted message, written
# to no file, and 80 % of the record's size: a 40,000-message programme's re-run read it in 1.9 s.
NOT_RECORDED = frozenset({"verdicts"})


class Unsupported(Exception):
    """A value the record cannot hold as plain data: the run is then simply not recorded."""


def load(program: Program, key: str) -> tuple[Results, list[Path]] | None:
    """The recorded results and outputs when `key` matches and every output is intact, else None."""
    try:
        data = json.loads(_read_regular(program.state / CACHE_FILE, MAX_CACHE_BYTES))
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        outputs = [_output_path(program, name, sha) for name, sha in data["outputs"]]
        fields = {name: _decode(value) for name, value in data["results"].items()}
        results = Results(program=program, **fields)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError, Unsupported):
        return None
    return (results, outputs) if all(p is not None for p in outputs) else None  # type: ignore[return-value]


def save(program: Program, key: str, results: Results, outputs: list[tuple[str, str]]) -> None:
    """Record this rebuild with the digests of its outputs (`glance.output_digests`); a result that
    is not plain data leaves no record (the next run rebuilds)."""
    try:
        fields = {f.name: _encode(getattr(results, f.name)) for f in dataclasses.fields(results)
                  if f.name != "program" and f.name not in NOT_RECORDED}
    except Unsupported:
        (program.state / CACHE_FILE).unlink(missing_ok=True)
        return
    (program.state / OLD_PICKLE).unlink(missing_ok=True)
    document = {"format": FORMAT, "key": key, "outputs": outputs, "results": fields}
    # (no cycle can be in plain data just built: the encoder's check of every list and dict is skipped)
    atomic_write(program.state / CACHE_FILE,
                 json.dumps(document, ensure_ascii=False, check_circular=False).encode("utf-8"))


def forget(program: Program) -> None:
    """Remove the record: the next run rebuilds out/ whatever its inputs."""
    (program.state / CACHE_FILE).unlink(missing_ok=True)


def _output_path(program: Program, name: object, sha: object) -> Path | None:
    """out/NAME when NAME is a plain file name and the file there is a regular file with digest `sha`."""
    if not isinstance(name, str) or not isinstance(sha, str) or name in ("", ".", "..") or "/" in name or "\\" in name:
        return None
    path = program.out / name
    try:
        data = _read_regular(path, MAX_OUTPUT_BYTES)
    except OSError:
        return None
    return path if hashlib.sha256(data).hexdigest() == sha else None


def _read_regular(path: Path, bound: int) -> bytes:
    """The bytes of a regular file (never a FIFO, device or link), at most `bound` of them; else OSError."""
    try:
        return read_regular(path, bound, follow_links=False)
    except NotRegular as exc:
        raise OSError(str(exc)) from None


_PLAIN = frozenset({str, int, bool, type(None)})   # exact types JSON takes as they are (never numpy's)


def _encode(value: Any) -> Any:
    """Plain JSON for a value of Results: frames, dates, tuples and scalars, tagged where JSON has none."""
    if type(value) in _PLAIN:   # most cells: no import lookups, no isinstance chain
        return value
    import numpy as np
    import pandas as pd

    from whatsapp_ingest.figures.asof import AsOf

    if isinstance(value, pd.DataFrame):
        # column by column (a column's values taken at once, not cell by cell through pandas), then
        # the rows put together: the same rows as the frame's own iteration gives
        columns = [_encode_column(column) for column in frame_columns(value)]
        return {"$": "frame", "columns": [str(c) for c in value.columns],
                "dtypes": [str(t) for t in value.dtypes],
                "rows": [list(row) for row in zip(*columns)] if columns else [[] for _ in range(len(value))]}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.generic):
        return _encode(value.item())
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
    if value is pd.NA:
        return {"$": "NA"}
    if value is pd.NaT:
        return {"$": "NaT"}
    if isinstance(value, pd.Timestamp):
        return {"$": "timestamp", "v": value.isoformat()}
    if isinstance(value, datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, time):
        return {"$": "time", "v": value.isoformat()}
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [_encode(v) for v in value]}
    if isinstance(value, AsOf):
        return {"$": "as_of", "v": [_encode(getattr(value, f.name)) for f in dataclasses.fields(AsOf)]}
    if isinstance(value, Changes):
        return {"$": "changes", "v": [_encode(getattr(value, f.name)) for f in dataclasses.fields(Changes)]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    raise Unsupported(type(value).__name__)


def _encode_column(values: list[Any]) -> list[Any]:
    """A frame's column as plain JSON values: as it is when every value already is one."""
    plain = _PLAIN
    if all(type(v) in plain for v in values):
        return values
    return [v if type(v) in plain else _encode_cell(v) for v in values]


def _encode_cell(value: Any) -> Any:
    """`_encode` of one cell, the usual kinds of a frame's cells first (exact types: a Timestamp
    is a datetime and a datetime a date, each tagged as itself by `_encode`)."""
    kind = type(value)
    if kind is date:
        return {"$": "date", "v": value.isoformat()}
    if kind is float and math.isfinite(value):
        return value
    return _encode(value)


def _decode(value: Any) -> Any:
    """The inverse of `_encode`; anything unexpected raises (the record is then not used)."""
    import pandas as pd

    from whatsapp_ingest.figures.asof import AsOf

    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        if value is None or isinstance(value, (bool, str, int, float)):
            return value
        raise Unsupported(type(value).__name__)
    tag = value["$"]
    if tag == "frame":
        columns, dtypes = list(value["columns"]), list(value["dtypes"])
        if len(columns) != len(dtypes) or not all(isinstance(c, str) for c in columns):
            raise Unsupported("frame")
        frame = pd.DataFrame([[_decode(v) for v in row] for row in value["rows"]], columns=columns, dtype=object)
        for column, dtype in zip(columns, dtypes):
            frame[column] = _as_dtype(frame[column], str(dtype))
        return frame
    decoders = {"float": lambda v: float(v), "NA": lambda v: pd.NA, "NaT": lambda v: pd.NaT,
                "timestamp": pd.Timestamp, "datetime": datetime.fromisoformat, "date": date.fromisoformat,
                "time": time.fromisoformat, "tuple": lambda v: tuple(_decode(x) for x in v),
                "as_of": lambda v: AsOf(*(_decode(x) for x in v)),
                "changes": lambda v: Changes(*(_decode(x) for x in v))}
    if tag not in decoders:
        raise Unsupported(str(tag))
    return decoders[tag](value.get("v"))


# dtypes a frame of Results may have; another name in a record means the record is not ours.
_DTYPES = ("int64", "Int64", "float64", "Float64", "bool", "boolean", "object", "str", "string")


def _as_dtype(column: Any, dtype: str) -> Any:
    import pandas as pd

    if dtype.startswith("datetime64"):
        return pd.to_datetime(column).astype(dtype)
    if dtype not in _DTYPES:
        raise Unsupported(dtype)
    return column if dtype == "object" else column.astype(dtype)
