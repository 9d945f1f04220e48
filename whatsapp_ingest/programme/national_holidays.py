"""Indonesia's national holidays (from the `holidays` package) for a programme's dates: `init` writes
them into program.toml for the supervisor to edit, and `ingest` warns when a working day is one of
them but is not listed.

The package takes about 0.07 s of CPU to load and compute a year (it imports every country it knows),
so each year's holidays, once computed, are kept as plain JSON beside this module's compiled code
(`__pycache__/`, where whoever could change it could change the code), keyed by a digest of the
package's version and of its Indonesian calendar, and checked day by day when read back. Nothing of a
programme folder is read for them.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

from whatsapp_ingest.fileio import keep_record, parts_digest

RECORD = Path(__file__).parent / "__pycache__" / "national_holidays.json"
FORMAT = 1
_NAME_LENGTH = 200


def national_holidays(start: date, end: date, lang: str = "id", record: Path = RECORD) -> list[tuple[date, str]]:
    """(day, name) of every national holiday from `start` to `end`, in order; names in Indonesian
    (`lang` "id") or English. Empty when the package is not installed (then nothing is suggested)."""
    language = "id" if lang == "id" else "en_US"
    key = _package_key()
    if key is None:
        return []
    years = range(start.year, end.year + 1)
    known = _read(record, key)
    wanted = {f"{year} {language}" for year in years}
    if not wanted <= known.keys():
        try:
            import holidays
        except ImportError:
            return []
        for entry in sorted(wanted - known.keys()):   # a year at a time: the package computes each year alone
            calendar = holidays.country_holidays("ID", years=[int(entry.split()[0])], language=language)
            known[entry] = sorted(calendar.items())
        _write(record, key, known)
    found = dict(pair for entry in sorted(wanted) for pair in known[entry])
    return sorted((day, name) for day, name in found.items() if start <= day <= end)


def _package_key() -> str | None:
    """A digest of the installed package's version and Indonesian calendar, found without importing it
    (None when it is not installed)."""
    try:
        spec = importlib.util.find_spec("holidays")
        if spec is None or spec.origin is None:
            return None
        folder = Path(spec.origin).parent
        parts = [str(FORMAT).encode(), (folder / "version.py").read_bytes(),
                 (folder / "countries" / "indonesia.py").read_bytes()]
    except (OSError, ImportError, ValueError):
        return ""   # installed in a way this does not know: computed each time, never recorded
    return parts_digest(parts)


def _read(record: Path, key: str) -> dict[str, list[tuple[date, str]]]:
    """The years the record holds for `key`, each day checked (a record that is odd in any way: none)."""
    if not key:
        return {}
    try:
        data = json.loads(record.read_bytes())
        if type(data) is not dict or data.get("format") != FORMAT or data.get("key") != key:
            return {}
        years: dict[str, list[tuple[date, str]]] = {}
        for entry, days in data["years"].items():
            year, language = entry.split(" ")
            if language not in ("id", "en_US") or not year.isdigit() or type(days) is not list:
                return {}
            found = []
            for day, name in days:
                when = date.fromisoformat(day)
                if (abs(when.year - int(year)) > 1 or type(name) is not str or not name.isprintable()
                        or len(name) > _NAME_LENGTH):
                    return {}
                found.append((when, name))
            years[entry] = found
        return years
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return {}


def _write(record: Path, key: str, years: dict[str, list[tuple[date, str]]]) -> None:
    """Write the record atomically; any failure only means computing again next time."""
    if not key:
        return
    data = {"format": FORMAT, "key": key,
            "years": {entry: [[day.isoformat(), name] for day, name in days] for entry, days in sorted(years.items())}}
    keep_record(record, json.dumps(data, ensure_ascii=False))


def holidays_toml(start: date, end: date) -> str:
    """The `holidays = [...]` line(s) of a new program.toml: the national holidays of the period,
    each with its name as a comment, or an empty list with an example."""
    found = national_holidays(start, end)
    if not found:
        return "holidays = []                                # tanggal libur, mis. [2020-04-10]\n"
    lines = ["holidays = [                                 # libur nasional dalam periode program: hapus yang "
             "tetap hari kerja, tambahkan libur lain"]
    lines += [f"    {day.isoformat()},   # {name}" for day, name in found]
    return "\n".join(lines) + "\n]\n"


def unlisted_holidays(working_days: tuple[date, ...], lang: str = "id") -> list[tuple[date, str]]:
    """The working days of a programme that are national holidays (so not in its `holidays` list)."""
    if not working_days:
        return []
    days = set(working_days)
    return [(day, name) for day, name in national_holidays(working_days[0], working_days[-1], lang) if day in days]
