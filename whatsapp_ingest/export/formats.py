"""The header shapes WhatsApp writes at the start of each message, as data, and their decoding.

A header is `date`, `time` (or time first), framed as Android writes it (`15/01/23, 19.02 - `),
as iOS writes it (`[15/01/23, 19.02.11] `) or as old iOS exports did (`15/01/2023 19:02:11: `).
`detect_format` reads a sample of header-looking lines with one loose pattern and keeps the
most common concrete shape; the compiled `HeaderFormat` is then strict: only that shape, at a line
start, is a header, so a pasted excerpt in another shape stays inside the message body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass


# Invisible direction marks and the BOM that exports put before headers and around names.
MARKS = "\u200e\u200f\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_MARKS = f"[{MARKS}]*"
_DIR = "[\u200e\u200f]?"            # Arabic exports put RLM/LRM around the date separators
_SPACE = "[ \u00a0\u202f]"          # NBSP / narrow NBSP before AM/PM
# What follows a 12-hour time, by family: a file keeps to one, so the strict pattern accepts only it.
SUFFIXES: dict[str, str] = {
    "am/pm": r"[AaPp][Mm]",                                   # AM, am, PM, pm
    "a.m.": r"[AaPp]\." + _SPACE + r"?[Mm]\.",                # a.m., p. m. (NBSP inside)
    "arabic": "[صم]",
    "day-period": r"(?:in the (?:morning|afternoon|evening)|at night|noon|midnight)",
    "day-period-id": r"(?:pagi|siang|sore|malam)",
}
_SUFFIX = "(?:" + "|".join(SUFFIXES.values()) + ")"
SUFFIX_SHOWN = {"am/pm": "AM/PM", "a.m.": "a.m./p.m.", "arabic": "ص/م", "day-period": "in the morning/…",
                "day-period-id": "pagi/siang/sore/malam"}
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:" + _SPACE + "*" + _SUFFIX + ")?"
# Years as phones write them: digits, Buddhist-era years with their mark (`2565 BE`, Thai phones) and
# Japanese era years (`R4` Reiwa 4 = 2022, `H30` Heisei 30 = 2018, `S63` Showa 63 = 1988).
ERAS = {"R": 2018, "H": 1988, "S": 1925}
_ERA_YEAR = r"[RHS]\d{1,2}"
_BE = "(?:" + _SPACE + "BE)?"
_DATE = (r"(?:\d{1,4}|" + _ERA_YEAR + ")" + _DIR + r"(?P<SEP>[/.\-])" + _DIR + r"\d{1,2}" + _DIR + r"(?P=SEP)" + _DIR
         + r"(?:\d{1,4}" + _BE + "|" + _ERA_YEAR + ")")
# Month names of old Android exports and some locales (`12 Jan 2021`, `Jan 12, 2021`, `12 Agu 2021`,
# `12. Okt. 2021`): what a month word starts with, in the languages whose phones write them, → the month.
# Longest first, so French `juin`/`juil` are told apart before `jui…` could be tried.
MONTHS: dict[str, int] = {
    "juin": 6, "juil": 7,
    "jan": 1, "ene": 1, "gen": 1, "oca": 1,
    "feb": 2, "fev": 2, "fév": 2, "şub": 2,
    "mar": 3, "mär": 3, "mrz": 3, "mrt": 3, "mac": 3,
    "apr": 4, "abr": 4, "avr": 4, "nis": 4,
    "may": 5, "mai": 5, "mei": 5, "mag": 5,
    "jun": 6, "giu": 6, "haz": 6,
    "jul": 7, "lug": 7, "tem": 7,
    "aug": 8, "agu": 8, "ags": 8, "agt": 8, "ago": 8, "aoû": 8, "aou": 8, "ogo": 8, "ağu": 8,
    "sep": 9, "set": 9, "eyl": 9,
    "oct": 10, "okt": 10, "ott": 10, "out": 10, "eki": 10,
    "nov": 11, "kas": 11,
    "dec": 12, "des": 12, "dez": 12, "dic": 12, "déc": 12, "dis": 12, "ara": 12,
}
_MONTH = "(?i:(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")[^\W\d_]{0,7}\.?)"
_MONTH_WORD = re.compile(_MONTH)
# `12 Jan 2021`, `12. Jan. 2021` (day first) and `Jan 12, 2021` (month first): always a four-digit year.
NAMED_DATES = {"DMY": r"\d{1,2}\.?" + _SPACE + _MONTH + _SPACE + r"\d{4}",
               "MDY": _MONTH + _SPACE + r"\d{1,2}," + _SPACE + r"\d{4}"}
_NAMED_DATE = "(?:" + "|".join(NAMED_DATES.values()) + ")"
_JOIN = _DIR + r"(?:,|،)?" + _DIR + _SPACE + r"(?:[^\W\d_]{1,5}\.?" + _SPACE + ")?" + _DIR

# One loose pattern for sampling: it accepts every shape, so the sample shows which one a file uses.
LOOSE = re.compile(
    _MARKS + r"(\[)?" + _MARKS +
    r"(?:(?P<date>" + _DATE.replace("SEP", "sep") + "|" + _NAMED_DATE + r")(?P<join>" + _JOIN + r")(?P<time>" + _TIME + r")"
    r"|(?P<time2>" + _TIME + r")(?P<join2>, )(?P<date2>" + _DATE.replace("SEP", "sep2") + r"))"
    r"(?P<close>\] | [-\u2013] |: )"
)
_DIGITS = re.compile(r"\d+")
_FIELD = re.compile(r"([RHS])?(\d+)")
# What precedes the first ": " of a header line (a name may hold ":" but never ": "). The first ": " is
# the only place the name can end, so giving characters back never helps: the lookahead (which never
# backtracks once matched) takes the name and the backreference consumes it. Possessive quantifiers
# or atomic groups would say the same, but Python 3.11.0-3.11.4's `re` mismatches them (every message
# became an author-less notice there, and Debian 12 ships 3.11.2): tests/test_regex_portability.py.
AUTHOR = r"(?:(?=(?P<author>[^\n:]*(?::(?! )[^\n:]*)*))(?P=author): )?"

# Day-period words → how they move a 12-hour clock hour (0-11 after `% 12`) onto 24 hours.
_AM, _PM = "am", "pm"
PERIODS: dict[str, str] = {
    "am": _AM, "pm": _PM, "ص": _AM, "م": _PM,
    "inthemorning": _AM, "intheafternoon": _PM, "intheevening": _PM, "noon": _PM, "midnight": _AM,
    "pagi": _AM, "sore": _PM,
    "atnight": "night", "malam": "night", "siang": "midday",
}


def hour24(hour: int, suffix: str) -> int:
    """The 24-hour hour of `hour` on a 12-hour clock followed by `suffix` ("" for 24-hour shapes)."""
    if not suffix:
        return hour
    period = PERIODS[re.sub(r"[\s.\u00a0\u202f]", "", suffix).lower()]
    hour %= 12
    if period == _PM:
        return hour + 12
    if period == "night":  # 9-11 at night are evening hours; 12-5 at night are after midnight
        return hour + 12 if hour >= 6 else hour
    if period == "midday":  # siang: 11 and 12 are late morning/noon, 1-3 are afternoon
        return hour if hour >= 11 else hour + 12
    return hour


def decode_time(text: str) -> tuple[int, int, int]:
    """(hour, minute, second) of a time as written in a header, e.g. `7:02 PM` or `19.02.11`."""
    fields = _DIGITS.findall(text)
    last = text.rfind(fields[-1]) + len(fields[-1])
    suffix = text[last:].strip(" \u00a0\u202f")
    hour, minute = int(fields[0]), int(fields[1])
    second = int(fields[2]) if len(fields) > 2 else 0
    return hour24(hour, suffix), minute, second


def date_fields(text: str) -> tuple[int, int, int]:
    """The three numbers of a header date in the order written (Arabic-Indic digits included); a
    Japanese era year (`R4`) is given as its Gregorian year (2022); a month written as a word
    (`12 Agu 2021`, `Jan 12, 2021`) is given as its number where it stands."""
    fields = _FIELD.findall(text)
    if len(fields) < 3:   # a month name: two numbers and a word
        word = _MONTH_WORD.search(text)
        day, year = (int(n) for _, n in fields[:2])
        month = month_number(word.group()) if word else 0
        return (day, month, year) if text.lstrip(MARKS + "[")[:1].isdigit() else (month, day, year)
    (e1, a), (e2, b), (e3, c) = fields[:3]
    return (ERAS[e1] + int(a) if e1 else int(a), int(b), ERAS[e3] + int(c) if e3 else int(c))


def month_number(word: str) -> int:
    """The month of a month word as a header writes it (`Jan`, `Agu`, `Okt.`, `juil.`), 0 if unknown."""
    word = word.lower()
    return MONTHS.get(word[:4]) or MONTHS.get(word[:3], 0)


def full_year(year: int) -> int:
    """`23` → 2023; Buddhist-era years (Thai phones, 2566) → Gregorian (2023)."""
    if year < 100:
        return 2000 + year
    if year > 2400:
        return year - 543
    return year


@dataclass(frozen=True, slots=True)
class HeaderFormat:
    """One concrete header shape, as `signature` reads it off a header; `compile` makes it strict."""

    frame: str          # "android" (` - `), "ios" (`[…] `), "legacy" (`…: `)
    time_first: bool
    date_sep: str
    join: str           # what separates date and time: ", ", " ", " klo ", "، "
    time_sep: str
    seconds: bool
    twelve_hour: bool
    suffixes: str       # the SUFFIXES family of a 12-hour shape, "" for 24 hours
    year_first: bool
    year_digits: int    # of the last field when the year is last (2 or 4)
    close: str          # " - ", "] ", ": "
    month_name: str = ""  # "DMY" (`12 Jan 2021`) or "MDY" (`Jan 12, 2021`) when the month is a word

    @property
    def platform(self) -> str:
        return "android" if self.frame == "android" else "ios"

    @property
    def name(self) -> str:
        clock = "12h" if self.twelve_hour else "24h"
        if self.frame == "android":
            return f"android-{clock}"
        if self.frame == "legacy":
            return f"ios-{clock}-legacy"
        return f"ios-{clock}-time-first" if self.time_first else f"ios-{clock}-bracket"

    def core(self, capture_time: bool = True) -> str:
        """The strict regex of this shape, without the line-start anchor (groups: date, time)."""
        sep = re.escape(self.date_sep)
        dsep = _DIR + sep + _DIR
        if self.month_name:
            date = NAMED_DATES[self.month_name]
        elif self.year_first:
            date = r"(?:\d{4}|" + _ERA_YEAR + ")" + dsep + r"\d{1,2}" + dsep + r"\d{1,2}"
        else:
            date = (r"\d{1,2}" + dsep + r"\d{1,2}" + dsep + r"(?:\d{%d}" % self.year_digits + _BE + "|"
                    + _ERA_YEAR + ")")
        tsep = re.escape(self.time_sep)
        time = r"\d{1,2}" + tsep + r"\d{2}" + (tsep + r"\d{2}" if self.seconds else "")
        if self.twelve_hour:
            time += _SPACE + "*" + SUFFIXES[self.suffixes]
        join = _MARKS + _MARKS.join(map(re.escape, self.join)) + _MARKS  # Arabic iPhones put RLM/LRM around it
        opening = r"\[" + _MARKS if self.frame == "ios" else ""
        time = f"({time})" if capture_time else f"(?:{time})"
        stamp = f"{time}{join}({date})" if self.time_first else f"({date}){join}{time}"
        return _MARKS + opening + stamp + re.escape(self.close)

    def compile(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """(pattern of a header after a newline, pattern of a header at the text's start).

        Groups: date, time (time, date when time comes first), and the author: the header line up
        to its first ": ", or None when the line has none.
        """
        core = self.core() + AUTHOR
        return re.compile("\n" + core), re.compile(core)

    def shape(self, order: str) -> str:
        """A person-readable picture of the shape, e.g. `dd/mm/yy HH.MM - ` for `order` "DMY"."""
        letters = {"D": "dd", "M": "mm", "Y": "yyyy" if self.year_first or self.year_digits == 4 else "yy"}
        date = self.date_sep.join(letters[c] for c in order)
        if self.month_name:
            date = "dd mmm yyyy" if self.month_name == "DMY" else "mmm dd, yyyy"
        time = self.time_sep.join(["HH", "MM"] + (["SS"] if self.seconds else []))
        if self.twelve_hour:
            time = time.replace("HH", "h") + " " + SUFFIX_SHOWN[self.suffixes]
        stamp = f"{time}{self.join}{date}" if self.time_first else f"{date}{self.join}{time}"
        return ("[" if self.frame == "ios" else "") + stamp + self.close


def signature(match: re.Match[str]) -> HeaderFormat:
    """The concrete shape of one loosely matched header."""
    time_first = match.group("time2") is not None
    date = match.group("date2") if time_first else match.group("date")
    time = match.group("time2") if time_first else match.group("time")
    join = match.group("join2") if time_first else match.group("join")
    close = match.group("close")
    frame = "ios" if match.group(1) else ("legacy" if close == ": " else "android")
    plain = "".join(ch for ch in date if ch not in MARKS)
    fields = _DIGITS.findall(plain)
    named = "" if len(fields) >= 3 else ("DMY" if plain[:1].isdigit() else "MDY")
    date_sep = " " if named else plain[_FIELD.match(plain).end()]  # type: ignore[union-attr]
    join = "".join(ch for ch in join if ch not in MARKS)
    time_fields = _DIGITS.findall(time)
    time_sep = time[len(time_fields[0])]
    suffix = time[time.rfind(time_fields[-1]) + len(time_fields[-1]):].strip(" \u00a0\u202f")
    family = next((name for name, rx in SUFFIXES.items() if re.fullmatch(rx, suffix)), "") if suffix else ""
    return HeaderFormat(
        frame=frame, time_first=time_first, date_sep=date_sep, join=join, time_sep=time_sep,
        seconds=len(time_fields) == 3, twelve_hour=bool(suffix), suffixes=family,
        year_first=not named and (len(fields[0]) == 4 or plain[0] in ERAS),
        year_digits=4 if named or len(fields[2]) == 4 else 2, close=close, month_name=named,
    )


def sample_headers(text: str, max_lines: int = 5000, max_headers: int = 300) -> list[tuple[int, int, re.Match[str]]]:
    """(line number, position, loose match) for header-looking lines among the first `max_lines` lines."""
    found: list[tuple[int, int, re.Match[str]]] = []
    pos, line, size = 0, 1, len(text)
    match = LOOSE.match
    while pos <= size and line <= max_lines and len(found) < max_headers:
        m = match(text, pos)
        if m:
            found.append((line, pos, m))
        nl = text.find("\n", pos)
        if nl < 0:
            break
        pos, line = nl + 1, line + 1
    return found


# Windows looked at beyond the opening sample, so that a shape that starts part-way (two exports joined)
# is seen: this many, evenly spread, each this many lines long.
PROBES, PROBE_LINES = 16, 32


def probe_shapes(text: str, end: int, fmt: HeaderFormat, start: int = 0) -> set[HeaderFormat]:
    """The header shapes other than `fmt` seen in a few short windows spread over the text after
    `start` (the end of the opening sample). The same few hundred lines whatever the file's size;
    a line in the file's own shape costs one match, only the others are looked at closer."""
    found: set[HeaderFormat] = set()
    own, loose = re.compile(fmt.core(capture_time=False)).match, LOOSE.match
    step = max(1, (end - start) // PROBES)
    last = end
    for _ in range(PROBE_LINES):   # the file's last lines too
        last = max(start, text.rfind("\n", start, last))
    for at in [start + k * step for k in range(PROBES)] + [last]:
        pos = text.find("\n", at) + 1
        for _ in range(PROBE_LINES):
            if pos <= 0 or pos >= end:
                break
            if own(text, pos) is None:
                m = loose(text, pos)
                if m:
                    found.add(signature(m))
            pos = text.find("\n", pos) + 1
    return found


def detect_format(sample: list[tuple[int, int, re.Match[str]]]) -> HeaderFormat | None:
    """The shape of the headers that open and close the sample when they agree and the first is on
    line 1, else the shape most sampled header lines have (the first seen wins a tie), else None.

    WhatsApp starts every export with a header and a pasted chat excerpt sits inside a message, so
    first and last agreeing name the file's own shape: an excerpt in another phone's shape pasted
    into a small export cannot outvote its few real headers. An excerpt before the first real header
    (a hand-edited file) is outvoted as before.
    """
    if not sample:
        return None
    first, last = signature(sample[0][2]), signature(sample[-1][2])
    if sample[0][0] == 1 and first == last:
        return first
    counts = Counter(signature(m) for _, _, m in sample)
    return counts.most_common(1)[0][0]


# Characters read first for date-order evidence (about two weeks of a busy group); see `dateorder`,
# which reads it from here at each call.
EVIDENCE_PREFIX = 1 << 21
