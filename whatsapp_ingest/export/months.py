"""Month words of header dates as phones write them in each UI language, → the month's number.

Old Android exports and some locales write the month as a word (`12 Jan 2021`, `12 марта 2021 г.`,
`4 มี.ค. 2564`, `۱۳ مرداد ۱۴۰۰`). Two kinds of entry:

- PREFIXES, for scripts whose abbreviations cut the word (Latin, Cyrillic): a word that starts with
  the prefix, abbreviated, whole or in its genitive form (`mar`, `März`, `marca`, `марта`), any case;
- WORDS, written whole, for scripts whose forms do not cut that way (Arabic, Persian, Thai; the
  two-word Levantine names such as `كانون الثاني`).

A month word names the month of its own calendar: the Persian (Jalali) month names go with
Persian-calendar years, the Hijri ones with Hijri years, the others with Gregorian ones; `calendars.to_gregorian` tells them apart by
the year.
"""

from __future__ import annotations

PREFIXES: dict[str, int] = {
    # English, Indonesian, Malay, Spanish, Portuguese, French, German, Italian, Dutch, Turkish
    "juin": 6, "juil": 7,   # French: `juin`/`juil` before `jui…` could be tried
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
    # Polish (`sty`, `stycznia` …)
    "sty": 1, "lut": 2, "kwi": 4, "maj": 5, "cze": 6, "lip": 7, "sie": 8, "wrz": 9, "paź": 10, "lis": 11,
    "gru": 12,
    # Russian (`янв.`, `марта`, `мая` …)
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
    "окт": 10, "ноя": 11, "дек": 12,
    # Ukrainian (`січ.`, `березня` …)
    "січ": 1, "лют": 2, "бер": 3, "кві": 4, "тра": 5, "чер": 6, "лип": 7, "сер": 8, "вер": 9, "жов": 10,
    "лис": 11, "гру": 12,
}

WORDS: dict[str, int] = {
    # Arabic (Egypt, the Gulf, the Maghreb)
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
    # Arabic (the Levant and Iraq)
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8,
    "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    # Persian, Gregorian months
    "ژانویه": 1, "فوریه": 2, "آوریل": 4, "مه": 5, "مهٔ": 5, "ژوئن": 6, "ژوئیه": 7, "اوت": 8, "سپتامبر": 9,
    "اکتبر": 10, "نوامبر": 11, "دسامبر": 12,
    # Persian, months of the Persian (Solar Hijri) calendar
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6, "مهر": 7,
    "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
    # Arabic, months of the Hijri calendar
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الآخر": 4, "ربيع الثاني": 4, "جمادى الأولى": 5,
    "جمادى الآخرة": 6, "جمادى الثانية": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11,
    "ذو الحجة": 12,
    # Thai, abbreviated and whole
    "ม.ค.": 1, "ก.พ.": 2, "มี.ค.": 3, "เม.ย.": 4, "พ.ค.": 5, "มิ.ย.": 6, "ก.ค.": 7, "ส.ค.": 8, "ก.ย.": 9,
    "ต.ค.": 10, "พ.ย.": 11, "ธ.ค.": 12,
    "มกราคม": 1, "กุมภาพันธ์": 2, "มีนาคม": 3, "เมษายน": 4, "พฤษภาคม": 5, "มิถุนายน": 6, "กรกฎาคม": 7,
    "สิงหาคม": 8, "กันยายน": 9, "ตุลาคม": 10, "พฤศจิกายน": 11, "ธันวาคม": 12,
}

# A word after a prefix: the rest of the word (`marca`, `Okt.`), never digits.
_REST = r"[^\W\d_]{0,9}\.?"


def pattern() -> str:
    """The regex of one month word (no groups): a whole word of WORDS, or a word starting with a prefix.

    Longest first, so that `مهر` is not read as `مه` and `juil` is tried before `jul`; a whole
    word must not run on into more letters (`دی` is not the start of `دیگر`).
    """
    words = "|".join(map(_escape, sorted(WORDS, key=len, reverse=True)))
    prefixes = "|".join(sorted(PREFIXES, key=len, reverse=True))
    return r"(?:(?:" + words + r")(?![^\W\d_])|(?i:(?:" + prefixes + ")" + _REST + "))"


def _escape(word: str) -> str:
    return word.replace(".", r"\.")


def month_number(word: str) -> int:
    """The month of a month word as a header writes it (`Jan`, `Agu`, `Okt.`, `марта`, `มี.ค.`), 0 if unknown."""
    word = word.strip()
    if word in WORDS:
        return WORDS[word]
    word = word.lower()
    return PREFIXES.get(word[:4]) or PREFIXES.get(word[:3], 0)
