"""DataFrame cells as plain values for the CSV writer and the workbook (`whatsapp_ingest.fileio` renders them)."""

from __future__ import annotations

from typing import Any


def plain(value: object) -> object:
    """A DataFrame cell as a plain Python value for format_cell: numpy scalars unwrapped (so a
    negative count is a number, not a formula-looking text), missing values (NaN, NA, NaT) as None,
    dates and times in ISO form."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:   # most cells: nothing to unwrap
        return value
    if kind is float:
        return None if value != value else value
    item = getattr(value, "item", None)
    if callable(item) and type(value).__module__ == "numpy":
        value = item()
    if isinstance(value, float) and value != value:
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    to_py = getattr(value, "to_pydatetime", None)
    if callable(to_py):
        value = to_py()
    if hasattr(value, "isoformat") and not isinstance(value, str):
        text = value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "day") else value.isoformat()
        return text
    return value


def frame_columns(frame: Any) -> list[list[object]]:
    """A DataFrame's columns as lists of cells, each taken whole (the cells its rows hold, as
    `frame.itertuples(index=False, name=None)` gives them): pandas' own iteration fetches a text
    column's cells one by one."""
    return [frame.iloc[:, i].tolist() for i in range(frame.shape[1])]


def frame_rows(frame: Any) -> list[tuple[object, ...]]:
    """A DataFrame's rows as tuples of cells, as `frame.itertuples(index=False, name=None)` gives them
    (`frame_columns` put together)."""
    columns = frame_columns(frame)
    return list(zip(*columns)) if columns else [()] * len(frame)
