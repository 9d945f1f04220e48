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

from whatsapp_ingest.export import calendars, months


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
    # Chinese, Korean and Japanese write the day period before the time: `下午7:02`, `오후 7:02`, `午後7:02`
    "zh": "(?:上午|下午|中午|凌晨|早上|晚上)",
    "ko": "(?:오전|오후)",
    "ja": "(?:午前|午後)",
}
PERIOD_FIRST = frozenset({"zh", "ko", "ja"})
_SUFFIX = "(?:" + "|".join(v for k, v in SUFFIXES.items() if k not in PERIOD_FIRST) + ")"
_PREFIX = "(?:" + "|".join(SUFFIXES[k] for k in sorted(PERIOD_FIRST)) + ")"
SUFFIX_SHOWN = {"am/pm": "AM/PM", "a.m.": "a.m./p.m.", "arabic": "ص/م", "day-period": "in the morning/…",
                "day-period-id": "pagi/siang/sore/malam", "zh": "上午/下午", "ko": "오전/오후 ", "ja": "午前/午後"}
_TIME = (r"(?:" + _PREFIX + _SPACE + r"?)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:" + _SPACE + "*" + _SUFFIX + ")?")
# Years as phones write them: digits (of any script: `١٤٤٢`, `۱۴۰۰`), with the mark of their era
# (`2565 BE`, Thai phones; `١٤٤٢ هـ`, Hijri) and Japanese era years (`R4` Reiwa 4 = 2022, `H30` Heisei
# 30 = 2018, `S63` Showa 63 = 1988). Which calendar a year is of: see `calendars`.
ERAS = {"R": 2018, "H": 1988, "S": 1925}
_ERA_YEAR = r"[RHS]\d{1,2}"
_YEAR_MARK = "(?:" + _DIR + _SPACE + _DIR + "(?:BE|AH|هـ))?"
# Numbers and separators (`15/01/23`, `2021-08-04`, `2021. 3. 4.` Korean and Hungarian, `13.6.18.`
# Serbian: a space after each separator and a dot after the last field are part of the shape).
_DATE = (r"(?:\d{1,4}|" + _ERA_YEAR + ")" + _DIR + r"(?P<SEP>[/.\-]" + _SPACE + "?)" + _DIR + r"\d{1,2}" + _DIR
         + r"(?P=SEP)" + _DIR + r"(?:\d{1,4}" + _YEAR_MARK + "|" + _ERA_YEAR + r")\.?")
# Dates whose words settle the order (see `months` for the month words):
#   DMY `12 Jan 2021`, `12. Okt. 21`, `12 марта 2021 г.`, `4 มี.ค. 2564`, `۱۳ مرداد ۱۴۰۰`
#   MDY `Jan 12, 2021`
#   DMY-vi `4 tháng 3, 2021`, `4 thg 3, 2021`, `ngày 4 tháng 3 năm 2021` (Vietnamese: the month's number after its word)
#   YMD-cjk `2021年3月4日` (Chinese, Japanese), `2021년 3월 4일` (Korean)
_MONTH = months.pattern()
_MONTH_WORD = re.compile(_MONTH)
_YEAR_SUFFIX = "(?:" + _SPACE + "[гр]\\.|" + _YEAR_MARK[3:]   # Russian `2021 г.`, Ukrainian `2021 р.`, Hijri `هـ`
NAMED_DATES: dict[str, tuple[str, str]] = {
    "DMY": (r"\d{1,2}\.?" + _SPACE + _MONTH + _SPACE + r"(?:\d{4}|\d{2})" + _YEAR_SUFFIX, "DMY"),
    "MDY": (_MONTH + _SPACE + r"\d{1,2}," + _SPACE + r"(?:\d{4}|\d{2})", "MDY"),
    "DMY-vi": (r"(?:ngày" + _SPACE + r")?\d{1,2}" + _SPACE + r"(?:tháng|thg)" + _SPACE + r"\d{1,2}(?:," + _SPACE
               + "|" + _SPACE + "năm" + _SPACE + r")\d{4}", "DMY"),
    "YMD-cjk": (r"\d{4}(?:年|년" + _SPACE + r"?)\d{1,2}(?:月|월" + _SPACE + r"?)\d{1,2}(?:日|일)", "YMD"),
}
_NAMED_DATE = "(?:" + "|".join(rx for rx, _ in NAMED_DATES.values()) + ")"
# What may stand between date and time: a comma (Arabic `،`), a space, a short word (`klo`, `lúc`),
# but never a day period that belongs to the time (`2021. 3. 4. 오후 7:02`).
_JOIN = (_DIR + r"(?:,|،)?" + _DIR + _SPACE + r"(?:(?!" + _PREFIX + r")[^\W\d_]{1,5}\.?" + _SPACE + ")?" + _DIR)

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
    "上午": _AM, "下午": _PM, "中午": "midday", "凌晨": _AM, "早上": _AM, "晚上": "night",
    "오전": _AM, "오후": _PM, "午前": _AM, "午後": _PM,
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
    # the day period after the time (`7:02 PM`), or before it (`下午7:02`, `오후 7:02`)
    period = text[last:].strip(" \u00a0\u202f") or text[:text.find(fields[0])].strip(" \u00a0\u202f")
    hour, minute = int(fields[0]), int(fields[1])
    second = int(fields[2]) if len(fields) > 2 else 0
    return hour24(hour, period), minute, second


def date_fields(text: str) -> tuple[int, int, int]:
    """The three numbers of a header date in the order written (digits of any script: `١٤٤٢`,
    `۱۴۰۰`); a Japanese era year (`R4`) is given as its Gregorian year (2022); a month written as a
    word (`12 Agu 2021`, `Jan 12, 2021`, `12 марта 2021 г.`) is given as its number where it stands."""
    fields = _FIELD.findall(text)
    if len(fields) < 3:   # a month name: two numbers and a word
        word = _MONTH_WORD.search(text)
        day, year = (int(n) for _, n in fields[:2])
        month = month_number(word.group()) if word else 0
        return (day, month, year) if text.lstrip(MARKS + "[")[:1].isdigit() else (month, day, year)
    (e1, a), (e2, b), (e3, c) = fields[:3]
    return (ERAS[e1] + int(a) if e1 else int(a), int(b), ERAS[e3] + int(c) if e3 else int(c))


month_number = months.month_number


def full_year(year: int) -> int:
    """`23` → 2023; Buddhist-era years (Thai phones, 2566, `66`) → Gregorian (2023); other years as
    they are (their calendar orders them as the Gregorian does: see `calendars` for the date itself)."""
    if year < calendars.SHORT_BUDDHIST_FROM:
        return 2000 + year
    if year < 100:
        return 2500 + year - calendars.BUDDHIST_OFFSET
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
    month_name: str = ""  # the NAMED_DATES style (`12 Jan 2021` "DMY", `2021年3月4日` "YMD-cjk"), or ""
    date_end: str = ""    # what follows the last number of a numeric date (`2021. 3. 4.`: ".")

    @property
    def named_order(self) -> str:
        """The date order the words of a NAMED_DATES style settle ("" for numeric dates)."""
        return NAMED_DATES[self.month_name][1] if self.month_name else ""

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
            date = NAMED_DATES[self.month_name][0].replace(r"(?:\d{4}|\d{2})", r"\d{%d}" % self.year_digits)
        elif self.year_first:
            date = r"(?:\d{4}|" + _ERA_YEAR + ")" + dsep + r"\d{1,2}" + dsep + r"\d{1,2}"
        else:
            date = (r"\d{1,2}" + dsep + r"\d{1,2}" + dsep + r"(?:\d{%d}" % self.year_digits + _YEAR_MARK + "|"
                    + _ERA_YEAR + ")")
        date += re.escape(self.date_end)
        tsep = re.escape(self.time_sep)
        time = r"\d{1,2}" + tsep + r"\d{2}" + (tsep + r"\d{2}" if self.seconds else "")
        if self.suffixes in PERIOD_FIRST:
            time = SUFFIXES[self.suffixes] + _SPACE + "?" + time
        elif self.twelve_hour:
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
        date = self.date_sep.join(letters[c] for c in order) + self.date_end
        if self.month_name:
            date = NAMED_SHOWN.get(self.month_name + self.date_sep.strip(), NAMED_SHOWN[self.month_name])
            date = date.replace("yyyy", letters["Y"])
        time = self.time_sep.join(["HH", "MM"] + (["SS"] if self.seconds else []))
        if self.suffixes in PERIOD_FIRST:
            time = SUFFIX_SHOWN[self.suffixes] + time.replace("HH", "h")
        elif self.twelve_hour:
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
    fields = list(_FIELD.finditer(plain))
    named = _named_style(plain, len(fields))
    if named:
        year = fields[0] if named == "YMD-cjk" else fields[-1]
        date_sep, date_end, year_first = ("년" if "년" in plain else "年") if named == "YMD-cjk" else " ", "", False
    else:
        year = fields[2]
        date_sep = plain[fields[0].end():fields[1].start()]
        date_end = "." if plain.endswith(".") else ""
        year_first = len(fields[0].group()) == 4 or plain[0] in ERAS
    join = "".join(ch for ch in join if ch not in MARKS)
    time_fields = list(_DIGITS.finditer(time))
    time_sep = time[time_fields[0].end()]
    suffix = time[time_fields[-1].end():].strip(" \u00a0\u202f") or time[:time_fields[0].start()].strip(" \u00a0\u202f")
    family = next((name for name, rx in SUFFIXES.items() if re.fullmatch(rx, suffix)), "") if suffix else ""
    return HeaderFormat(
        frame=frame, time_first=time_first, date_sep=date_sep, join=join, time_sep=time_sep,
        seconds=len(time_fields) == 3, twelve_hour=bool(suffix), suffixes=family, year_first=year_first,
        year_digits=4 if len(year.group(2)) == 4 else 2, close=close, month_name=named, date_end=date_end,
    )


def _named_style(plain: str, numbers: int) -> str:
    """The NAMED_DATES style of a date as written (without marks), "" for a numeric date."""
    if numbers < 3:
        return "DMY" if plain[:1].isdigit() else "MDY"
    if plain[-1] in "日일":
        return "YMD-cjk"
    if "th" in plain:   # tháng, thg
        return "DMY-vi"
    return ""


# How `HeaderFormat.shape` pictures a NAMED_DATES style.
NAMED_SHOWN = {"DMY": "dd mmm yyyy", "MDY": "mmm dd, yyyy", "DMY-vi": "dd tháng mm, yyyy", "YMD-cjk": "yyyy年mm月dd日",
               "YMD-cjk년": "yyyy년 mm월 dd일"}


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
