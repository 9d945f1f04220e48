"""Charts only when their figures changed: painting a 110-participant programme's two tall PNGs
at 200 dpi costs about as much as the workbook, yet a
rebuild is often caused by something the charts do not show (a scores.csv, a correction, a new
export that changes no percent).

`.whatsapp-ingest/charts.json` records a digest of everything the charts are drawn from (the
activeness and decision tables, the weeks, the as-of day, the programme's name, language,
threshold and cycles, the language of the labels, the catalogs and the drawing code itself) with the digest of each
chart file written. When the inputs match and every chart in out/ still has its recorded bytes,
those bytes are used again and nothing is drawn or imported for drawing. Plain JSON, never run; a damaged or
foreign record only means the charts are drawn again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from whatsapp_ingest import __version__
from whatsapp_ingest.fileio import NotRegular, atomic_write, parts_digest, read_regular
from whatsapp_ingest.figures.results import Results
from whatsapp_ingest.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, language

RECORD_FILE = "charts.json"
MAX_RECORD_BYTES = 1 << 20
MAX_CHART_BYTES = 64 << 20
# The code that draws: a change to it (between versions, or in development) draws again.
_SOURCES = ("charts.py", "chart_draw.py", "labels.py")


def chart_key(results: Results) -> str:
    """A digest of everything the charts are drawn from."""
    program = results.program
    parts: list[object] = [
        __version__, language(), program.name, program.output.lang, program.decision.threshold, program.cycles,
        results.weeks, results.as_of,
        results.activeness.to_csv(index=False), results.decisions.to_csv(index=False),
    ]
    here = Path(__file__).resolve().parent
    parts += [(here / name).read_bytes() for name in _SOURCES]
    # the charts' words come from the catalogs: a changed translation draws again
    parts += [(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes() for lang in LANGUAGES]
    return parts_digest(parts)


def recorded_charts(results: Results, key: str) -> dict[str, bytes] | None:
    """The chart files of out/ as bytes when the record's key is `key` and each file still has its
    recorded digest; None when the charts must be drawn."""
    program = results.program
    try:
        record = json.loads(read_regular(program.state / RECORD_FILE, MAX_RECORD_BYTES, follow_links=False))
        if not isinstance(record, dict) or record.get("key") != key or not isinstance(record.get("files"), dict):
            return None
        charts = {}
        for name, sha in record["files"].items():
            if not isinstance(name, str) or not isinstance(sha, str) or "/" in name or "\\" in name or name in ("", ".", ".."):
                return None
            data = read_regular(program.out / name, MAX_CHART_BYTES, follow_links=False)
            if hashlib.sha256(data).hexdigest() != sha:
                return None
            charts[name] = data
    except (OSError, NotRegular, ValueError, TypeError):
        return None
    return charts or None


def record_charts(results: Results, key: str, charts: dict[str, bytes]) -> None:
    """Remember the inputs' digest and each chart's digest (after the charts were written)."""
    files = {name: hashlib.sha256(data).hexdigest() for name, data in charts.items()}
    atomic_write(results.program.state / RECORD_FILE, json.dumps({"key": key, "files": files}).encode("utf-8"))

