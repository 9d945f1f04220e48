"""PARSE: random messages rendered in every header shape parse back unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import jdatetime
from hijridate import Gregorian

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from whatsapp_ingest.export.classify import classify
from whatsapp_ingest.export.parse import parse_text
from whatsapp_ingest.records import Kind

NNBSP, NBSP, LRM = "\u202f", "\u00a0", "\u200e"
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def h12(t: datetime) -> int:
    return t.hour % 12 or 12


def ampm(t: datetime, am: str, pm: str) -> str:
    return am if t.hour < 12 else pm


def period(t: datetime) -> str:
    """English day periods as phones write them (CLDR): morning, afternoon, evening, night."""
    h = t.hour
    return ("at night" if h < 6 or h >= 21 else "in the morning" if h < 12 else
            "in the afternoon" if h < 18 else "in the evening")


# name → (render a header, date order to pass, seconds kept, author always present)
SHAPES: dict[str, tuple[Callable[[datetime], str], str, bool]] = {
    "android d/m/yy, H:MM": (lambda t: f"{t.day}/{t.month}/{t:%y}, {t.hour}:{t:%M} - ", "DMY", False),
    "android dd/mm/yyyy, HH:MM": (lambda t: f"{t:%d/%m/%Y, %H:%M} - ", "DMY", False),
    "android dd/mm/yy HH.MM": (lambda t: f"{t:%d/%m/%y %H.%M} - ", "DMY", False),
    "android dd.mm.yy, HH:MM": (lambda t: f"{t:%d.%m.%y, %H:%M} - ", "DMY", False),
    "android dd-mm-yyyy HH:MM": (lambda t: f"{t:%d-%m-%Y %H:%M} - ", "DMY", False),
    "android yyyy-mm-dd, h:mm p.m.": (lambda t: f"{t:%Y-%m-%d}, {h12(t)}:{t:%M} {ampm(t, 'a.m.', 'p.m.')} - ", "YMD", False),
    "android yyyy/mm/dd, h:mm pm": (lambda t: f"{t:%Y/%m/%d}, {h12(t)}:{t:%M} {ampm(t, 'am', 'pm')} - ", "YMD", False),
    "android m/d/yy, h:mm AM": (lambda t: f"{t.month}/{t.day}/{t:%y}, {h12(t)}:{t:%M}{NNBSP}{ampm(t, 'AM', 'PM')} - ",
                                "MDY", False),
    "android p. m. with NBSP": (
        lambda t: f"{t:%d/%m/%Y}, {h12(t)}:{t:%M}{NBSP}{ampm(t, f'a.{NBSP}m.', f'p.{NBSP}m.')} - ", "DMY", False),
    "android klo": (lambda t: f"{t.day}.{t.month}.{t.year} klo {t:%H.%M} - ", "DMY", False),
    "android day periods": (lambda t: f"{t:%d/%m/%Y}, {h12(t)}:{t:%M} {period(t)} - ", "DMY", False),
    "android Arabic-Indic": (
        lambda t: f"{t.day}/{t.month}/{t.year}، {h12(t)}:{t:%M} {ampm(t, 'ص', 'م')} - ".translate(ARABIC), "DMY", False),
    "android Buddhist era": (lambda t: f"{t.day}/{t.month}/{t.year + 543} {t:%H:%M} - ", "DMY", False),
    "ios [dd/mm/yy HH.MM.SS]": (lambda t: f"[{t:%d/%m/%y %H.%M.%S}] ", "DMY", True),
    "ios [d/m/yy, h:mm:ss PM]": (
        lambda t: f"[{t.day}/{t.month}/{t:%y}, {h12(t)}:{t:%M:%S}{NNBSP}{ampm(t, 'AM', 'PM')}] ", "DMY", True),
    "ios [yyyy/m/d HH:MM:SS]": (lambda t: f"[{t.year}/{t.month}/{t.day} {t:%H:%M:%S}] ", "YMD", True),
    "ios [mm-dd-yyyy, HH:MM:SS]": (lambda t: f"[{t:%m-%d-%Y, %H:%M:%S}] ", "MDY", True),
    "ios time first": (lambda t: f"[{t:%H:%M:%S}, {t.day}/{t.month}/{t:%y}] ", "DMY", True),
    "legacy dd/mm/yyyy HH:MM:SS:": (lambda t: f"{t:%d/%m/%Y %H:%M:%S}: ", "DMY", True),
}
# Lines pasted into bodies are drawn from these (month-name shapes differ only in their words, which
# the parser rightly takes for one shape).
FOREIGN = [render for render, _, _ in SHAPES.values()]
EN_MONTHS = " Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ")
ID_MONTHS = " Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split(" ")
DE_MONTHS = " Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.".split(" ")
SHAPES.update({
    "android d mmm yyyy, HH:MM": (lambda t: f"{t.day} {EN_MONTHS[t.month]} {t.year}, {t:%H:%M} - ", "DMY", False),
    "android mmm d, yyyy, h:mm AM": (
        lambda t: f"{EN_MONTHS[t.month]} {t.day}, {t.year}, {h12(t)}:{t:%M} {ampm(t, 'AM', 'PM')} - ", "MDY", False),
    "android d mmm yyyy HH.MM (Indonesian)": (lambda t: f"{t.day} {ID_MONTHS[t.month]} {t.year} {t:%H.%M} - ", "DMY",
                                              False),
    "ios [d mmm yyyy HH.MM.SS] (Indonesian)": (
        lambda t: f"[{t.day} {ID_MONTHS[t.month]} {t.year} {t:%H.%M.%S}] ", "DMY", True),
    "android dd. mmm yyyy, HH:MM (German)": (lambda t: f"{t:%d}. {DE_MONTHS[t.month]} {t.year}, {t:%H:%M} - ", "DMY",
                                            False),
})
# Month words of more UI languages, two-digit years, Chinese, Korean and Japanese dates and day
# periods, Thai Buddhist-era years, and the Persian and Hijri calendars with their own digits.
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
RU_MONTHS = " янв. февр. марта апр. мая июня июля авг. сент. окт. нояб. дек.".split(" ")
UK_MONTHS = " січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split(" ")
PL_MONTHS = (" stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada "
             "grudnia").split(" ")
TR_MONTHS = " Oca Şub Mar Nis May Haz Tem Ağu Eyl Eki Kas Ara".split(" ")
AR_MONTHS = " يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split(" ")
LEVANT_MONTHS = ("|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|"
                 "كانون الأول").split("|")
FA_MONTHS = " ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر".split(" ")
JALALI_MONTHS = " فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split(" ")
HIJRI_MONTHS = ("|محرم|صفر|ربيع الأول|ربيع الآخر|جمادى الأولى|جمادى الآخرة|رجب|شعبان|رمضان|شوال|ذو القعدة|"
                "ذو الحجة").split("|")
TH_MONTHS = " ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split(" ")
RLM = "\u200f"


def jalali(t: datetime) -> tuple[int, int, int]:
    """The Persian (Solar Hijri) date of `t`, by jdatetime (a converter other than the parser's own)."""
    d = jdatetime.date.fromgregorian(date=t.date())
    return d.year, d.month, d.day


def hijri(t: datetime) -> tuple[int, int, int]:
    """The Hijri (Umm al-Qura) date of `t`."""
    d = Gregorian(t.year, t.month, t.day).to_hijri()
    return d.year, d.month, d.day


def zh_period(t: datetime) -> str:
    return ampm(t, "上午", "下午")


SHAPES.update({
    "android d mmmm yyyy г., HH:MM (Russian)": (
        lambda t: f"{t.day} {RU_MONTHS[t.month]} {t.year} г., {t:%H:%M} - ", "DMY", False),
    "ios [d mmmm yyyy р., HH:MM:SS] (Ukrainian)": (
        lambda t: f"[{t.day} {UK_MONTHS[t.month]} {t.year} р., {t:%H:%M:%S}] ", "DMY", True),
    "android d mmmm yyyy, HH:MM (Polish)": (lambda t: f"{t.day} {PL_MONTHS[t.month]} {t.year}, {t:%H:%M} - ", "DMY",
                                           False),
    "android d mmm yy HH:MM (Turkish)": (lambda t: f"{t.day} {TR_MONTHS[t.month]} {t:%y} {t:%H:%M} - ", "DMY", False),
    "android mmm d, yy, h:mm AM": (
        lambda t: f"{EN_MONTHS[t.month]} {t.day}, {t:%y}, {h12(t)}:{t:%M} {ampm(t, 'AM', 'PM')} - ", "MDY", False),
    "android d mmm yy HH.MM (Indonesian)": (lambda t: f"{t.day} {ID_MONTHS[t.month]} {t:%y} {t:%H.%M} - ", "DMY",
                                            False),
    "android d tháng m, yyyy HH:MM (Vietnamese)": (
        lambda t: f"{t.day} tháng {t.month}, {t.year} {t:%H:%M} - ", "DMY", False),
    "ios [d thg m, yyyy HH:MM:SS] (Vietnamese)": (
        lambda t: f"[{t.day} thg {t.month}, {t.year} {t:%H:%M:%S}] ", "DMY", True),
    "android yyyy年m月d日 下午h:mm (Chinese)": (
        lambda t: f"{t.year}年{t.month}月{t.day}日 {zh_period(t)}{h12(t)}:{t:%M} - ", "YMD", False),
    "ios [yyyy/m/d 下午h:mm:ss] (Chinese)": (
        lambda t: f"[{t.year}/{t.month}/{t.day} {zh_period(t)}{h12(t)}:{t:%M:%S}] ", "YMD", True),
    "ios [yyyy. m. d. 오후 h:mm:ss] (Korean)": (
        lambda t: f"[{t.year}. {t.month}. {t.day}. {ampm(t, '오전', '오후')} {h12(t)}:{t:%M:%S}] ", "YMD", True),
    "android yyyy년 m월 d일 오후 h:mm (Korean)": (
        lambda t: f"{t.year}년 {t.month}월 {t.day}일 {ampm(t, '오전', '오후')} {h12(t)}:{t:%M} - ", "YMD", False),
    "android yyyy/mm/dd 午後h:mm (Japanese)": (
        lambda t: f"{t:%Y/%m/%d} {ampm(t, '午前', '午後')}{h12(t)}:{t:%M} - ", "YMD", False),
    "android d. m. yyyy. HH:MM (Serbian)": (lambda t: f"{t.day}. {t.month}. {t.year}. {t:%H:%M} - ", "DMY", False),
    "android d mmm yyyy HH:MM (Thai, Buddhist era)": (
        lambda t: f"{t.day} {TH_MONTHS[t.month]} {t.year + 543} {t:%H:%M} - ", "DMY", False),
    "android d/m/yy HH:MM (Thai, Buddhist era, two digits)": (
        lambda t: f"{t.day}/{t.month}/{(t.year + 543) % 100:02d} {t:%H:%M} - ", "DMY", False),
    "android d mmmm yyyy هـ، h:mm م (Hijri calendar, month names)": (
        lambda t: "{2} {1} {0} هـ، {3}:{4:%M} {5} - ".format(hijri(t)[0], HIJRI_MONTHS[hijri(t)[1]], hijri(t)[2], h12(t),
                                                           t, ampm(t, "ص", "م")).translate(ARABIC), "DMY", False),
    "android d mmmm yyyy، h:mm م (Arabic)": (
        lambda t: f"{t.day} {AR_MONTHS[t.month]} {t.year}، {h12(t)}:{t:%M} {ampm(t, 'ص', 'م')} - ".translate(ARABIC),
        "DMY", False),
    "android d mmmm yyyy, HH:MM (Levantine Arabic)": (
        lambda t: f"{t.day} {LEVANT_MONTHS[t.month]} {t.year}، {t:%H:%M} - ", "DMY", False),
    "android d mmmm yyyy، HH:MM (Persian)": (
        lambda t: f"{t.day} {FA_MONTHS[t.month]} {t.year}،{RLM} {t:%H:%M} - ".translate(PERSIAN), "DMY", False),
    "android yyyy/m/d، HH:MM (Persian calendar)": (
        lambda t: "{0}/{1}/{2}، {3:%H:%M} - ".format(*jalali(t), t).translate(PERSIAN), "YMD", False),
    "ios [d mmmm yyyy، HH:MM:SS] (Persian calendar, month names)": (
        lambda t: "[{2} {1} {0}، {3:%H:%M:%S}] ".format(jalali(t)[0], JALALI_MONTHS[jalali(t)[1]], jalali(t)[2], t)
        .translate(PERSIAN), "DMY", True),
    "ios [d/m/yyyy هـ، h:mm:ss م] (Hijri calendar)": (
        lambda t: "[{2}{4}/{1}{4}/{0} هـ، {3}:{5:%M:%S} {6}] ".format(*hijri(t), h12(t), RLM, t, ampm(t, "ص", "م"))
        .translate(ARABIC), "DMY", True),
})

letters = st.characters(categories=("Lu", "Ll", "Lo"), exclude_characters="\u2028\u2029")
word = st.text(letters, min_size=1, max_size=8)
names = st.lists(word, min_size=1, max_size=3).map(" ".join)
phones = st.tuples(st.integers(811, 899), st.integers(1000, 9999), st.integers(1000, 9999)).map(
    lambda p: (f"\u202a+62 {p[0]}\u2011{p[1]}\u2011{p[2]}\u202c", f"+62 {p[0]}-{p[1]}-{p[2]}"))
authors = st.one_of(
    names.map(lambda n: (n, n)),
    names.map(lambda n: (f"~{NBSP}{n}", n)),
    names.map(lambda n: (f"~ {n}", n)),
    names.map(lambda n: (f"\u2068{n}\u2069", n)),
    phones,
)
plain_line = st.text(st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\u2028\u2029\x85"),
                     max_size=30)


@st.composite
def body_lines(draw: st.DrawFn, own: Callable[[datetime], str]) -> tuple[str, int]:
    """A body of 1-4 lines, and how many of its later lines start like a header of another shape."""
    lines, foreign = [draw(plain_line)], 0
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            render = draw(st.sampled_from([r for r in FOREIGN if r is not own]))
            # an excerpt pasted into a message quotes older messages (the chat's own start in 2010): lines that
            # fit the order of time are a change of shape part-way (test_two_shapes_joined_in_time_order_…)
            when = draw(st.datetimes(datetime(2001, 1, 1), datetime(2009, 12, 31)))
            lines.append(render(when) + draw(plain_line))
            foreign += 1
        else:
            lines.append(draw(plain_line))
    return "\n".join(lines), foreign


@st.composite
def chats(draw: st.DrawFn, shape: str) -> list[tuple[datetime, str, str, str]]:
    render, _, seconds = SHAPES[shape]
    times = draw(st.lists(st.datetimes(datetime(2010, 1, 1), datetime(2035, 12, 31)), min_size=1, max_size=6))
    out, foreign = [], 0
    for when in sorted(t.replace(microsecond=0, second=t.second if seconds else 0) for t in times):
        raw, clean = draw(authors)
        body, pasted = draw(body_lines(render))
        out.append((when, raw, clean, body))
        foreign += pasted
    # The file's shape is the one most header-like lines have: pasted ones must not outnumber the real.
    assume(foreign <= len(out))
    return out


@pytest.mark.parametrize("shape", list(SHAPES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_random_messages_parse_back_unchanged(shape: str, data: st.DataObject) -> None:
    render, order, seconds = SHAPES[shape]
    chat = data.draw(chats(shape))
    for _, _, _, body in chat:
        assume(classify(body, True) is None)  # a random body that happens to be a notice is another test
        assume(body != "")  # `Name: ` and nothing after it is a view-once media (test_parse_shapes)
    text = "".join(f"{render(when)}{raw}: {body}\n" for when, raw, _, body in chat)
    parsed = parse_text(text, "chat.txt", date_order=order)
    got = [(m.timestamp, m.raw_author, m.author, m.text, m.kind, m.seconds) for m in parsed.messages]
    assert got == [(when, raw, clean, body, Kind.MESSAGE, seconds) for when, raw, clean, body in chat]
    lines = [1]
    for _, _, _, body in chat[:-1]:
        lines.append(lines[-1] + body.count("\n") + 1)
    assert [m.line for m in parsed.messages] == lines
    assert parsed.total_lines == len(chat) + parsed.continuation_lines and not parsed.preamble



@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(first=st.sampled_from(list(SHAPES)), second=st.sampled_from(list(SHAPES)), data=st.data())
def test_two_shapes_joined_in_time_order_are_both_read(first: str, second: str, data: st.DataObject) -> None:
    # two exports (or an export edited part-way) in two header shapes, one after the other in time:
    # every message is read in its own shape, whatever the file's first shape is
    assume(SHAPES[first][1] == SHAPES[second][1] or "YMD" in (SHAPES[first][1], SHAPES[second][1]))
    parts = []
    for shape, days in ((first, (1, 10)), (second, (11, 20))):
        render, _, seconds = SHAPES[shape]
        times = sorted(data.draw(st.lists(st.datetimes(datetime(2021, 3, days[0]), datetime(2021, 3, days[1], 23)),
                                          min_size=2, max_size=5)))
        parts.append([(render, t.replace(microsecond=0, second=t.second if seconds else 0), seconds,
                       data.draw(names), data.draw(plain_line.filter(lambda b: b.strip() != ""))) for t in times])
    chat = parts[0] + parts[1]
    for *_, body in chat:
        assume(classify(body, True) is None)
    text = "".join(f"{render(when)}{name}: {body}\n" for render, when, _, name, body in chat)
    parsed = parse_text(text, "chat.txt", date_order=SHAPES[first][1] if SHAPES[first][1] != "YMD" else SHAPES[second][1])
    got = [(m.line, m.timestamp, m.author, m.text, m.seconds) for m in parsed.messages]
    assert got == [(i, when, name, body, seconds) for i, (_, when, seconds, name, body) in enumerate(chat, 1)]
