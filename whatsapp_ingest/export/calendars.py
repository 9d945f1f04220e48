"""The calendars phones write header dates in, and their dates on the Gregorian calendar.

A phone writes the date of its own calendar setting. The year tells which calendar it is, since
the years of a chat's lifetime (WhatsApp began in 2009) do not overlap between them:

| years        | calendar                                   | e.g.                         |
|--------------|--------------------------------------------|------------------------------|
| 00–49        | Gregorian, two digits (`23` → 2023)         | `15/01/23`                   |
| 50–99        | Buddhist era, two digits (Thai phones: `64` = 2564 = 2021; as Gregorian, 2050–2099 could not be a chat's) | `4/3/64` |
| 1300–1419    | Persian (Solar Hijri, Jalali): Iranian phones | `۱۴۰۰/۵/۱۳` = 2021-08-04   |
| 1420–1500    | Hijri (Islamic, Umm al-Qura): Arabic phones set to it | `٢٥/١٢/١٤٤٢ هـ` = 2021-08-04 |
| 1900–2400    | Gregorian                                  | `15/01/2023`                 |
| 2443–2943    | Buddhist era (Thai phones): Gregorian + 543 | `14/3/2565` = 2022-03-14     |

Japanese era years (`R4`) are turned into Gregorian ones where the header is read (formats). Any
other year is of no calendar WhatsApp writes: `calendar_of` gives "" and the header is refused with
its line, never guessed.
"""

from __future__ import annotations

from datetime import date, timedelta

GREGORIAN, PERSIAN, HIJRI, BUDDHIST = "gregorian", "persian", "hijri", "buddhist"
NONE = ""
BUDDHIST_OFFSET = 543
SHORT_BUDDHIST_FROM = 50   # a two-digit year from here on is the Buddhist era's (2550 = 2007)
_PERSIAN_YEARS = range(1300, 1420)
_HIJRI_YEARS = range(1420, 1501)
_GREGORIAN_YEARS = range(1900, 2401)


def calendar_of(year: int) -> str:
    """The calendar a header year is of (GREGORIAN, PERSIAN, HIJRI, BUDDHIST), NONE when no calendar fits."""
    if year < SHORT_BUDDHIST_FROM or year in _GREGORIAN_YEARS:
        return GREGORIAN
    if year < 100:
        return BUDDHIST
    if year in _PERSIAN_YEARS:
        return PERSIAN
    if year in _HIJRI_YEARS:
        return HIJRI
    if year - BUDDHIST_OFFSET in _GREGORIAN_YEARS:
        return BUDDHIST
    return NONE


def to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a header's year, month and day in the calendar its year shows.

    Raises ValueError when no such day exists in that calendar, or the year is of no calendar.
    """
    calendar = calendar_of(year)
    if calendar == GREGORIAN:
        return date(2000 + year if year < 100 else year, month, day)
    if calendar == BUDDHIST:
        return date((2500 + year if year < 100 else year) - BUDDHIST_OFFSET, month, day)
    if calendar == PERSIAN:
        return persian_to_gregorian(year, month, day)
    if calendar == HIJRI:
        return hijri_to_gregorian(year, month, day)
    raise ValueError(f"year {year} is of no calendar")


# --- Persian (Solar Hijri) calendar ------------------------------------------------------------
# Months 1-6 have 31 days, 7-11 have 30, Esfand (12) 29 or 30 in a leap year. Between the years 1210
# and 1634 the leap years follow one 33-year cycle: those whose remainder by 33 is one of these
# (1399, 1403, 1408 … were leap); this agrees with the astronomical calendar Iran keeps over that span.
_PERSIAN_LEAP_REMAINDERS = frozenset({1, 5, 9, 13, 17, 22, 26, 30})
_PERSIAN_EPOCH_YEAR, _PERSIAN_EPOCH = 1400, date(2021, 3, 21)   # 1 Farvardin 1400 (Nowruz)
_PERSIAN_CYCLE = range(1210, 1635)


def persian_is_leap(year: int) -> bool:
    """True when Esfand of this Persian year has 30 days."""
    return year % 33 in _PERSIAN_LEAP_REMAINDERS


def persian_month_days(year: int, month: int) -> int:
    """The number of days of a month of the Persian calendar."""
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if persian_is_leap(year) else 29


def persian_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Persian (Solar Hijri) date; ValueError when there is no such day."""
    if year not in _PERSIAN_CYCLE or not 1 <= month <= 12 or not 1 <= day <= persian_month_days(year, month):
        raise ValueError(f"no Persian date {year}/{month}/{day}")
    first, last = sorted((year, _PERSIAN_EPOCH_YEAR))
    years = sum(366 if persian_is_leap(y) else 365 for y in range(first, last))
    days = years if year >= _PERSIAN_EPOCH_YEAR else -years
    days += (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return _PERSIAN_EPOCH + timedelta(days=days + day - 1)


# --- Hijri (Islamic) calendar ------------------------------------------------------------------
def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Hijri date of the Umm al-Qura calendar (the one Saudi Arabia keeps and
    phones offer as the Islamic calendar); ValueError when there is no such day."""
    from hijridate import Hijri   # imported only when a file is dated in it

    try:
        g = Hijri(year, month, day).to_gregorian()
    except OverflowError as exc:
        raise ValueError(str(exc)) from None
    return date(g.year, g.month, g.day)
