"""The programme's calendar: working days, weeks, cycles, and the supervisor's overrides.csv.

Working days are the `workdays` from `start` to `end` minus `holidays` (a dateutil rruleset with the
holidays as exdates). Week k is the k-th Monday-to-Sunday week that holds a working day, so a week
with no working day at all (a holiday week) gets no number. Cycles group week numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import regex
from dateutil.rrule import DAILY, rrule, rruleset

from whatsapp_ingest.i18n import N_, _
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.program import Cycle, Program
from whatsapp_ingest.programme.textfile import csv_reader, read_text, swallowed_rows

MARKS = {"H": "hadir (active)", "I": "izin (day not counted)", "S": "sakit (day not counted)", "A": "alpa (not active)"}
OVERRIDES_HINT = N_("overrides.csv has the columns no,date,mark,note; mark is H, I, S or A")


@dataclass(frozen=True)
class Calendar:
    """The working days of a programme, numbered into weeks."""

    working_days: tuple[date, ...]
    weeks: tuple[tuple[int, tuple[date, ...]], ...]   # (week number, its working days)

    def week_of(self, day: date) -> int | None:
        """The week number of a working day, None for any other day."""
        for number, days in self.weeks:
            if day in days:
                return number
        return None

    def cycle_days(self, cycle: Cycle, basis: str = "cumulative") -> tuple[date, ...]:
        """The days a cycle's decision is taken on.

        "cumulative": every working day from the programme start to the end of the cycle's last week;
        "cycle": only the working days of the cycle's own weeks.
        """
        if basis == "cycle":
            return tuple(d for n, days in self.weeks if n in cycle.weeks for d in days)
        last = max(cycle.weeks)
        return tuple(d for n, days in self.weeks if n <= last for d in days)


@dataclass(frozen=True)
class Override:
    """One row of overrides.csv: what the chat cannot show about a participant's day."""

    no: int
    day: date
    mark: str      # "H", "I", "S" or "A"
    note: str
    line: int


def build_calendar(program: Program) -> Calendar:
    """Working days and weeks of the programme; a cycle naming a week that does not exist is refused."""
    rules = rruleset()
    start = datetime.combine(program.start, time())
    rules.rrule(rrule(DAILY, dtstart=start, until=datetime.combine(program.end, time()),
                      byweekday=tuple(program.workdays)))
    for holiday in program.holidays:
        rules.exdate(datetime.combine(holiday, time()))
    days = tuple(moment.date() for moment in rules)
    if not days:
        raise ConfigError(program.program_toml, _("no working days between start {start} and end {end}").format(
            start=program.start, end=program.end), _("check start, end, workdays and holidays"))
    weeks: list[tuple[int, tuple[date, ...]]] = []
    for day in days:
        monday = day.toordinal() - day.weekday()
        if weeks and weeks[-1][1][0].toordinal() - weeks[-1][1][0].weekday() == monday:
            weeks[-1] = (weeks[-1][0], weeks[-1][1] + (day,))
        else:
            weeks.append((len(weeks) + 1, (day,)))
    calendar = Calendar(days, tuple(weeks))
    for cycle in program.cycles:
        for week in cycle.weeks:
            if not 1 <= week <= len(weeks):
                raise ConfigError(program.program_toml, _("cycles: {cycle} names week {week}, but the programme has "
                                                          "{weeks} weeks with working days").format(
                    cycle=repr(cycle.name), week=week, weeks=len(weeks)),
                    _("use week numbers 1 to {weeks}").format(weeks=len(weeks)))
    return calendar


def read_overrides(path: Path, calendar: Calendar) -> tuple[Override, ...]:
    """Read overrides.csv (optional: a missing file gives no overrides).

    Columns no,date,mark[,note] in any order, comma- or semicolon-separated (Excel Indonesia saves
    with `;`); dates as 2020-04-07 or day-first 7/4/2020; marks H, I, S, A in any case. A bad row, a
    day that is not a working day, or the same participant and day twice is a ConfigError with its line.
    """
    path = Path(path)
    if not path.is_file():
        return ()
    text = read_text(path)   # UTF-8, Excel's cp1252 or UTF-16; ConfigError when unreadable
    reader, delimiter = csv_reader(text, path)
    rows = list(reader)
    if not rows or not any(cell.strip() for cell in rows[0]):
        return ()
    header = [cell.strip().casefold() for cell in rows[0]]
    missing = [c for c in ("no", "date", "mark") if c not in header]
    if missing:
        raise ConfigError(path, _("missing column(s) {columns} in the header").format(columns=", ".join(missing)),
                          _(OVERRIDES_HINT), 1)
    where = {name: header.index(name) for name in ("no", "date", "mark")}
    note_at = header.index("note") if "note" in header else None
    seen: dict[tuple[int, date], int] = {}
    overrides: list[Override] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(index: int | None) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        if any(swallowed_rows(value, delimiter) for value in row):
            raise ConfigError(path, _('a cell runs over the next rows (a quote " opened and not closed?)'),
                              _('close the quote, or remove the " from the cell'), number)
        no_text, date_text, mark = cell(where["no"]), cell(where["date"]), cell(where["mark"]).upper()
        if not regex.fullmatch(r"[0-9]+", no_text):
            raise ConfigError(path, _("no {no} is not a participant number").format(no=repr(no_text)),
                              _(OVERRIDES_HINT), number)
        day = parse_day(date_text)
        if day is None:
            raise ConfigError(path, _("date {date} is not a date").format(date=repr(date_text)),
                              _("write it as 2020-04-07 or 7/4/2020"), number)
        if mark not in MARKS:
            raise ConfigError(path, _("mark {mark} is not a mark").format(mark=repr(cell(where["mark"]))),
                              _("use H (hadir), I (izin), S (sakit) or A (alpa)"), number)
        if day not in calendar.working_days:
            raise ConfigError(path, _("{date} is not a working day of the programme").format(date=day.isoformat()),
                              _("overrides only apply to working days"), number)
        key = (int(no_text), day)
        if key in seen:
            raise ConfigError(path, _("participant {no} on {date} is already marked on line {line}").format(
                no=key[0], date=day.isoformat(), line=seen[key]), _("keep one row per participant and day"), number)
        seen[key] = number
        overrides.append(Override(key[0], day, mark, cell(note_at), number))
    return tuple(overrides)


def parse_day(text: str) -> date | None:
    """A date written as ISO (2020-04-07) or day-first (7/4/2020, 07-04-2020), else None."""
    iso = regex.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dmy = regex.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError:
        return None
    return None
