"""Indonesia's national holidays (from the `holidays` package) for a programme's dates: `init` writes
them into program.toml for the supervisor to edit, and `ingest` warns when a working day is one of
them but is not listed. The package is read only here, and only when asked (it takes 0.2 s to load).
"""

from __future__ import annotations

from datetime import date


def national_holidays(start: date, end: date, lang: str = "id") -> list[tuple[date, str]]:
    """(day, name) of every national holiday from `start` to `end`, in order; names in Indonesian
    (`lang` "id") or English. Empty when the package is not installed (then nothing is suggested)."""
    try:
        import holidays
    except ImportError:
        return []
    calendar = holidays.country_holidays("ID", years=range(start.year, end.year + 1),
                                         language="id" if lang == "id" else "en_US")
    return sorted((day, name) for day, name in calendar.items() if start <= day <= end)


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
