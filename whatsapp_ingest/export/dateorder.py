"""Decide whether a file's header dates are day-, month- or year-first, from the file's own evidence.

Once per file: a four-digit year first, a field above 12, then chronology (the order in which the
dates never run backwards). Only when nothing decides is the order the user gave used (else
day-first), with a warning; an order the evidence contradicts is overruled, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from whatsapp_ingest.export import formats
from whatsapp_ingest.export.calendars import BUDDHIST, HIJRI, PERSIAN, calendar_of, to_gregorian
from whatsapp_ingest.i18n import N_, Text
from whatsapp_ingest.errors import BadExport
from whatsapp_ingest.export.formats import HeaderFormat, date_fields, full_year

# The evidence sentence of a file whose dates cannot show their order starts with this (its msgid).
UNDECIDED = "no header date shows it"
# The evidence of a file dated in another calendar: the order's evidence, then the calendar's.
WITH_CALENDAR = "{evidence}; {calendar}"
CALENDAR_NOTES = {
    PERSIAN: N_("the years are of the Persian (Solar Hijri) calendar ({date} on line {line}) and are read as "
                "Gregorian dates"),
    BUDDHIST: N_("the years are of the Buddhist era ({date} on line {line}) and are read as Gregorian dates, 543 years "
                 "earlier"),
    HIJRI: N_("the years are of the Hijri calendar ({date} on line {line}) and are read as Gregorian dates by the "
              "Umm al-Qura calendar"),
}


def is_assumed(evidence: str) -> bool:
    """True when `evidence` says no date showed the order (it was assumed), in any language."""
    if getattr(evidence, "msgid", None) == WITH_CALENDAR:
        evidence = evidence.args["evidence"]  # type: ignore[attr-defined]
    return str(getattr(evidence, "msgid", evidence)).startswith(UNDECIDED)


@dataclass(frozen=True, slots=True)
class DateOrder:
    """The file's date order ("DMY", "MDY", "YMD"), the evidence as a sentence, and any warnings."""

    order: str
    evidence: str
    warnings: tuple[str, ...] = ()


def header_dates(text: str, end: int, fmt: HeaderFormat) -> list[str]:
    """Every header's date as written, in file order."""
    core = fmt.core(capture_time=False)
    first = re.match(core, text)
    dates = re.compile("\n" + core).findall(text, 0, end)
    return [first.group(1)] + dates if first else dates


def _line_of(text: str, written: str, fmt: HeaderFormat) -> int:
    """The line of the first header whose date is `written` (for evidence a person can check)."""
    header = re.compile(fmt.core(capture_time=False))
    at = text.find(written)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        m = header.match(text, start)
        if m and m.start(1) == at:
            return text.count("\n", 0, start) + 1
        at = text.find(written, at + 1)
    return 0


def _first_step_back(dates: list[tuple[str, tuple[int, int, int]]], order: str) -> tuple[str, str] | None:
    """The first (earlier, later) pair of header dates that would run backwards read in `order`."""
    previous: tuple[int, int, int] | None = None
    previous_text = ""
    for written, (a, b, c) in dates:
        key = (full_year(c), b, a) if order == "DMY" else (full_year(c), a, b)
        if previous is not None and key < previous:
            return previous_text, written
        previous, previous_text = key, written
    return None


def _inside(fields: list[tuple[str, tuple[int, int, int]]], order: str, period: tuple[date, date]) -> int:
    """How many of the dates fall within `period` when read in `order` ("DMY" or "MDY")."""
    count = 0
    for _written, (a, b, c) in fields:
        day, month = (a, b) if order == "DMY" else (b, a)
        try:
            count += period[0] <= to_gregorian(c, month, day) <= period[1]
        except ValueError:
            continue
    return count


def decide_date_order(text: str, end: int, fmt: HeaderFormat, file: str, given: str | None,
                      period: tuple[date, date] | None = None) -> DateOrder:
    """Decide once per file whether header dates are day-, month- or year-first (see `_decide`);
    the evidence of a file dated in the Persian or Hijri calendar says so (see `calendars`)."""
    found = _decide(text, end, fmt, file, given, period)
    header = re.compile("(?:^|\n)" + fmt.core(capture_time=False)).search(text, 0, end)
    if header is None:
        return found
    written = header.group(1)
    fields = date_fields(written)
    calendar = calendar_of(fields[0] if found.order == "YMD" else fields[2])
    if calendar not in CALENDAR_NOTES:
        return found
    note = Text(CALENDAR_NOTES[calendar], date=written, line=text.count("\n", 0, header.start(1)) + 1)
    return DateOrder(found.order, Text(WITH_CALENDAR, evidence=found.evidence, calendar=note), found.warnings)


def _decide(text: str, end: int, fmt: HeaderFormat, file: str, given: str | None,
            period: tuple[date, date] | None = None) -> DateOrder:
    """Decide once per file whether header dates are day-, month- or year-first.

    Evidence first: a year of four digits first, a field above 12, then chronology (the order in
    which the dates never run backwards). When nothing in the file decides and no order is given,
    `period` (the programme's first and last day, a plain pair of dates) chooses the order that puts
    more of the dates inside it. Only when nothing decides is `given` used (else DMY), with a
    warning. A `given` order that the evidence contradicts is overruled, with a warning.
    When the first part of the file already shows a field above 12, the rest is not searched: a
    later date against that order cannot exist in it, and the parser refuses it with its line.
    """
    head = list(dict.fromkeys(header_dates(text, min(end, formats.EVIDENCE_PREFIX), fmt)))
    if fmt.month_name:   # `12 Jan 2021`, `Jan 12, 2021`, `2021年3月4日`: the words say which is the month
        written = (head or header_dates(text, end, fmt))[0]
        if fmt.named_order == "YMD":
            return _against(DateOrder("YMD", Text("the year, the month and the day are each marked, as in {date} on "
                                                  "line {line}", date=written, line=_line_of(text, written, fmt))),
                            given, file)
        return _against(DateOrder(fmt.named_order, Text("the month is written as a word, as in {date} on line {line}",
                                                       date=written, line=_line_of(text, written, fmt))), given, file)
    if fmt.year_first:
        written = (head or header_dates(text, end, fmt))[0]
        return _against(DateOrder("YMD", Text("the year comes first, as in {date} on line {line}", date=written,
                                              line=_line_of(text, written, fmt))), given, file)
    shown = [(d, date_fields(d)) for d in head]
    if any(f[0] > 12 for _, f in shown) != any(f[1] > 12 for _, f in shown):
        dates = head
    else:
        dates = list(dict.fromkeys(header_dates(text, end, fmt)))
    fields = [(d, date_fields(d)) for d in dates]
    day_first = next(((d, f[0]) for d, f in fields if f[0] > 12), None)
    month_first = next(((d, f[1]) for d, f in fields if f[1] > 12), None)
    if day_first and month_first:
        line = _line_of(text, month_first[0], fmt)
        raise BadExport(file, Text("the header dates disagree on their order: {day_first} on line {line} can only be "
                                   "day-first, {month_first} only month-first", day_first=day_first[0],
                                   line=_line_of(text, day_first[0], fmt), month_first=month_first[0]),
                        Text("check that the file is one unchanged WhatsApp export"), line)
    if day_first:
        where = _line_of(text, day_first[0], fmt)
        return _against(DateOrder("DMY", Text("a day field of {day} comes first on line {line} ({date})",
                                              day=day_first[1], line=where, date=day_first[0])), given, file)
    if month_first:
        where = _line_of(text, month_first[0], fmt)
        return _against(DateOrder("MDY", Text("a day field of {day} comes second on line {line} ({date})",
                                              day=month_first[1], line=where, date=month_first[0])), given, file)
    if all(f[0] == f[1] for _, f in fields):
        order = given if given in ("DMY", "MDY") else "DMY"
        return DateOrder(order, Text("every header date has the same day and month number, so both readings agree"))
    back_dmy, back_mdy = _first_step_back(fields, "DMY"), _first_step_back(fields, "MDY")
    if back_dmy is None and back_mdy is not None:
        evidence = Text("the dates run forward only when read day-first (month-first, {date} on line {line} would "
                        "come before {earlier})", date=back_mdy[1], line=_line_of(text, back_mdy[1], fmt),
                        earlier=back_mdy[0])
        return _against(DateOrder("DMY", evidence), given, file)
    if back_mdy is None and back_dmy is not None:
        evidence = Text("the dates run forward only when read month-first (day-first, {date} on line {line} would "
                        "come before {earlier})", date=back_dmy[1], line=_line_of(text, back_dmy[1], fmt),
                        earlier=back_dmy[0])
        return _against(DateOrder("MDY", evidence), given, file)
    named = _attachment_names(text, end, fmt)
    if named is not None:
        return _against(named, given, file)
    if period is not None and given is None:   # the programme's dates weigh more than how often a field changes
        inside = {order: _inside(fields, order, period) for order in ("DMY", "MDY")}
        if inside["DMY"] != inside["MDY"]:
            order = max(inside, key=inside.__getitem__)
            # still UNDECIDED as far as the file goes: a --date-order given later reads it again
            msgid = (N_("no header date shows it; read day-first, {inside} of {count} dates fall within the programme "
                        "({first} to {last}); read the other way, {other}") if order == "DMY" else
                     N_("no header date shows it; read month-first, {inside} of {count} dates fall within the "
                        "programme ({first} to {last}); read the other way, {other}"))
            return DateOrder(order, Text(msgid, inside=inside[order], count=len(fields), first=str(period[0]),
                                         last=str(period[1]), other=inside[min(inside, key=inside.__getitem__)]))
    varies = _field_variation(fields)
    if varies is not None:
        return _against(varies, given, file)
    order = given if given in ("DMY", "MDY") else "DMY"
    evidence = Text("no header date shows it (no field above 12, and the dates run forward either way)")
    how = (Text("as --date-order {order} says", order=given) if given in ("DMY", "MDY")
           else Text("day first; if they are month-first, run again with --date-order MDY"))
    warnings = [Text("{file}: the dates do not show whether the day or the month comes first; read them {how}",
                     file=file, how=how)]
    if given == "YMD":
        warnings.append(Text("{file}: --date-order YMD cannot apply: the year is the last field of these dates", file=file))
    return DateOrder(order, evidence, tuple(warnings))


# The date WhatsApp puts in the names of the files it saves: IMG-20210804-WA0170.jpg (Android),
# 00000012-PHOTO-2021-08-04-10-11-12.jpg (iPhone). A file named in a message was mostly saved that day.
_NAMED_DATE = re.compile(r"\b(?:IMG|VID|AUD|PTT|DOC|STK)-(\d{4})(\d{2})(\d{2})-WA\d"
                         r"|\b\d{8}-(?:PHOTO|VIDEO|AUDIO|GIF|STICKER)-(\d{4})-(\d{2})-(\d{2})-")
_MAX_NAMES = 500
MIN_CHANGES = 3  # a field must change at least this often, and over twice as often as the other, to decide


def _attachment_names(text: str, end: int, fmt: HeaderFormat) -> DateOrder | None:
    """The order in which header dates agree with the dates inside the attachment names on their lines."""
    header = re.compile(fmt.core(capture_time=False))
    votes = {"DMY": [], "MDY": []}
    for n, m in enumerate(_NAMED_DATE.finditer(text, 0, end)):
        if n >= _MAX_NAMES:
            break
        start = text.rfind("\n", 0, m.start()) + 1
        h = header.match(text, start)
        if h is None:
            continue
        groups = [g for g in m.groups() if g is not None]
        _, month, day = map(int, groups)
        a, b, _ = date_fields(h.group(1))
        if a == b:
            continue
        if (a, b) == (day, month):
            votes["DMY"].append((h.group(1), m.group(0), text.count("\n", 0, start) + 1))
        elif (a, b) == (month, day):
            votes["MDY"].append((h.group(1), m.group(0), text.count("\n", 0, start) + 1))
    for order, other in (("DMY", "MDY"), ("MDY", "DMY")):
        if votes[order] and len(votes[order]) > 2 * len(votes[other]):
            written, name, line = votes[order][0]
            msgid = (N_("the header dates agree with the dates in attachment names only when read day-first "
                        "({date} and {name}… on line {line}; {agree} of {names} names)") if order == "DMY" else
                     N_("the header dates agree with the dates in attachment names only when read month-first "
                        "({date} and {name}… on line {line}; {agree} of {names} names)"))
            return DateOrder(order, Text(msgid, date=written, name=name, line=line, agree=len(votes[order]),
                                         names=len(votes[order]) + len(votes[other])))
    return None


def _field_variation(fields: list[tuple[str, tuple[int, int, int]]]) -> DateOrder | None:
    """The order in which the field that changes far more often between successive dates is the day."""
    first = second = 0
    for (_, (a, b, c)), (_, (x, y, z)) in zip(fields, fields[1:]):
        if c != z:
            continue
        if a != x and b == y:
            first += 1
        elif b != y and a == x:
            second += 1
    for order, many, few in (("DMY", first, second), ("MDY", second, first)):
        if many >= MIN_CHANGES and many > 2 * few:
            msgid = (N_("the first field of the dates changes far more often ({many} times against {few}), as the "
                        "day does") if order == "DMY" else
                     N_("the second field of the dates changes far more often ({many} times against {few}), as the "
                        "day does"))
            return DateOrder(order, Text(msgid, many=many, few=few))
    return None


def _against(found: DateOrder, given: str | None, file: str) -> DateOrder:
    """`found` (decided by evidence), with a warning when a given date order contradicts it."""
    if given is None or given == found.order:
        return found
    warning = Text("{file}: --date-order {given} was given, but {evidence}; the dates are read {order}",
                   file=file, given=given, evidence=found.evidence, order=found.order)
    return DateOrder(found.order, found.evidence, (warning,))
