"""The tables of Results as the writers read them: every cell a plain Python object."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:   # the callers import pandas when they build a table
    import pandas as pd


def plain_frame(rows: list[list[Any]], columns: list[str], types: dict[str, str] | None = None) -> pd.DataFrame:
    """A table whose cells stay the plain Python objects of `rows` (object columns), except the
    columns named in `types` (e.g. {"no": "int64"}), converted when there are rows. pandas would
    make text columns string arrays, which hand out each cell through a Python-level lookup: the
    writers read every cell of these tables, several times."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    return frame.astype(types) if types and rows else frame
