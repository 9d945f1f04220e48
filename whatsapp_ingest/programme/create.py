"""`whatsapp-ingest init`: a new program folder with a commented program.toml, an empty roster.csv,
inbox/ and out/.

The template is in Indonesian, for the supervisors who fill it in; it loads as it is (see program.py
for what each key means).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from whatsapp_ingest.i18n import _
from whatsapp_ingest.errors import ConfigError, IngestError
from whatsapp_ingest.programme.launchers import write_launchers

TEMPLATE = '''\
# Program bimlat: satu berkas ini mengatur satu program (satu grup WhatsApp).
# Ubah nilai di sebelah kanan tanda "="; baris yang diawali "#" hanya catatan.

name = "{name}"   # nama program (muncul di laporan), diambil dari nama folder
group = "Bimlat PTK Cipocok"                 # nama grup WhatsApp, persis seperti di ponsel
# also_groups = ["Nama lama grup"]           # nama lain grup ini jika pernah diganti
# pembimbing = ["Bu Sri Pengawas"]           # nama Anda (pembimbing/pengawas) di grup: draf roster tidak menghitungnya
start = 2020-04-06                           # hari pertama program (tahun-bulan-tanggal)
end = 2020-04-30                             # hari terakhir program
workdays = ["mon", "tue", "wed", "thu", "fri"]   # hari kerja: mon tue wed thu fri sat sun
holidays = []                                # tanggal libur, mis. [2020-04-10]
rules = "bimlat-ptk"                         # aturan penilaian (folder rules/) atau path berkas aturan

[decision]
threshold = 70                # persen hari aktif; sama atau di atas = DL / Aktif
basis = "cumulative"          # "cumulative": dari awal program; "cycle": hanya hari siklus itu

[[cycles]]
name = "Siklus I"
weeks = [1, 2]                # minggu ke-1 dan ke-2 program

[[cycles]]
name = "Siklus II"
weeks = [3, 4]

# Tugas dan batas waktunya (boleh dihapus jika tidak ada):
# [[tasks]]
# id = "PR.1"
# due = 2020-04-08            # batas akhir: sampai akhir hari itu
# max_score = 100

[grading]
pass_mark = 76                # nilai lulus
ketuntasan = 65               # ketuntasan individu: NA sama atau di atas
bands = [[91, "Amat Baik"], [76, "Baik"], [61, "Cukup"], [51, "Sedang"], [0, "Kurang"]]

[output]
csv = "id"                    # "id" (Excel Indonesia: titik koma, koma desimal) atau "standard" (koma)
lang = "id"                   # bahasa label laporan: "id" atau "en"
'''

ROSTER_HEADER = "no,name,phone,aliases,role,status\r\n"


def programme_name(folder: Path) -> str:
    """The programme's name as the supervisor typed the folder ("Bimlat PTK April 2020"): the folder's
    own name, underscores and dashes between words read as spaces."""
    name = Path(folder).resolve().name
    return " ".join(name.replace("_", " ").split()) or "Bimlat"


def toml_string(text: str) -> str:
    """`text` as a TOML basic string (quotes and backslashes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


START, END = date(2020, 4, 6), date(2020, 4, 30)   # the template's dates (the paper's programme)


def program_toml(start: date = START, end: date = END) -> str:
    """The template with the programme's dates and their national holidays (names as comments)."""
    from whatsapp_ingest.programme.national_holidays import holidays_toml

    text = TEMPLATE.replace(f"start = {START}", f"start = {start}").replace(f"end = {END}  ", f"end = {end}  ")
    empty = "holidays = []                                # tanggal libur, mis. [2020-04-10]\n"
    return text.replace(empty, holidays_toml(start, end))


def check_period(start: str | None, end: str | None, default_start: date = START,
                 default_end: date = END) -> tuple[date, date]:
    """--start/--end of `init` as dates (2020-04-06 or 6/4/2020); IngestError (exit 1) when one is not
    a date or the end comes before the start."""
    from whatsapp_ingest.i18n import _
    from whatsapp_ingest.programme.calendar import parse_day
    from whatsapp_ingest.programme.program import MAX_PERIOD_DAYS

    days = []
    for option, text, default in (("--start", start, default_start), ("--end", end, default_end)):
        day = default if text is None else parse_day(text.strip())
        if day is None:
            raise IngestError(option, _("'{value}' is not a date").format(value=text),
                              _("write it as 2020-04-11 or 11/04/2020"))
        days.append(day)
    if days[1] < days[0]:
        raise IngestError("--end", _("{end} is before the start {start}").format(end=days[1], start=days[0]),
                          _("check the two dates"))
    if (days[1] - days[0]).days > MAX_PERIOD_DAYS:
        raise IngestError("--end", _("end = {end} is {years} years after start = {start}; a programme lasts at "
                                     "most {most} years").format(end=days[1], start=days[0],
                                                                 years=(days[1] - days[0]).days // 365,
                                                                 most=MAX_PERIOD_DAYS // 365),
                          _("check the year of end (and of start)"))
    return days[0], days[1]


def init_program(folder: Path, start: date = START, end: date = END) -> list[Path]:
    """Create a program folder for the programme from `start` to `end`; returns what was created.
    Refuses to overwrite program.toml."""
    folder = Path(folder)
    toml = folder / "program.toml"
    if toml.exists():
        raise ConfigError(toml, _("already exists"), _("edit it, or choose another folder for a new program"))
    if folder.exists() and not folder.is_dir():
        raise IngestError(folder, _("is a file, not a folder"), _("give the name of a new folder for the program"))
    created: list[Path] = []
    try:
        if not folder.exists():
            folder.mkdir(parents=True)
        toml.write_text(program_toml(start, end).replace('"{name}"', toml_string(programme_name(folder)), 1),
                        encoding="utf-8")
        created.append(toml)
        roster = folder / "roster.csv"
        if not roster.exists():
            roster.write_bytes(("\ufeff" + ROSTER_HEADER).encode("utf-8"))
            created.append(roster)
        for sub in ("inbox", "out"):
            if not (folder / sub).exists():
                (folder / sub).mkdir()
                created.append(folder / sub)
        created += write_launchers(folder)   # double-click files: the web app without a terminal
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else folder
        raise IngestError(where, _("cannot create it ({error})").format(error=exc.strerror or exc),
                          _("choose a folder your user may write in")) from None
    return created
