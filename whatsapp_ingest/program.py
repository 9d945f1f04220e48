"""The programme: `program.toml` of a program folder, read into frozen dataclasses.

`load_program(folder) -> Program` validates every key and raises ConfigError(file, message, hint,
line) naming the key and its line; `init_program(folder)` writes a commented program.toml, an
empty roster.csv, inbox/ and out/.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from whatsapp_ingest.errors import ConfigError

STATE_DIR = ".whatsapp-ingest"   # the tool's own state inside a program folder


@dataclass(frozen=True)
class Cycle:
    name: str
    weeks: tuple[int, ...]


@dataclass(frozen=True)
class Task:
    id: str                       # "PR.1", "TT.2"
    due: date | None = None       # due at the end of that day
    max_score: float = 100.0      # the maximum score of the task (scores.csv)


@dataclass(frozen=True)
class Decision:
    threshold: float = 70.0       # percent of possible days; at or above = DL / Aktif
    basis: str = "cumulative"     # "cumulative": programme start → end of cycle; "cycle": the cycle's own days


@dataclass(frozen=True)
class Grading:
    """Scores: NA = obtained / maximum × 100, predikat bands, pass mark (the second paper)."""

    pass_mark: float = 76.0
    # (lower bound inclusive, label), highest first; a score below every bound gets the last label
    bands: tuple[tuple[float, str], ...] = (
        (91.0, "Amat Baik"), (76.0, "Baik"), (61.0, "Cukup"), (51.0, "Sedang"), (0.0, "Kurang"),
    )
    ketuntasan: float = 65.0      # individual mastery: NA at or above


@dataclass(frozen=True)
class Output:
    csv: str = "standard"         # "standard" (comma, decimal point) or "id" (Excel Indonesia: ';', decimal comma)
    lang: str = "id"              # labels of the workbook and charts: "id" or "en"


@dataclass(frozen=True)
class Program:
    folder: Path
    name: str
    group: str
    start: date
    end: date
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)   # Monday = 0
    holidays: tuple[date, ...] = ()
    rules: str = "bimlat-ptk"
    decision: Decision = field(default_factory=Decision)
    cycles: tuple[Cycle, ...] = ()
    tasks: tuple[Task, ...] = ()
    grading: Grading = field(default_factory=Grading)
    output: Output = field(default_factory=Output)
    also_groups: tuple[str, ...] = ()   # other names the group had (renamed groups)

    @property
    def program_toml(self) -> Path:
        return self.folder / "program.toml"

    @property
    def roster_csv(self) -> Path:
        return self.folder / "roster.csv"

    @property
    def inbox(self) -> Path:
        return self.folder / "inbox"

    @property
    def out(self) -> Path:
        return self.folder / "out"

    @property
    def state(self) -> Path:
        return self.folder / STATE_DIR


KEYS: dict[str | None, tuple[str, ...]] = {
    None: ("name", "group", "start", "end", "workdays", "holidays", "rules", "also_groups",
           "decision", "cycles", "tasks", "grading", "output"),
    "decision": ("threshold", "basis"),
    "cycles": ("name", "weeks"),
    "tasks": ("id", "due", "max_score"),
    "grading": ("pass_mark", "bands", "ketuntasan"),
    "output": ("csv", "lang"),
}
DAYS = {name: i for i, names in enumerate((
    ("mon", "monday", "sen", "senin"), ("tue", "tuesday", "sel", "selasa"), ("wed", "wednesday", "rab", "rabu"),
    ("thu", "thursday", "kam", "kamis"), ("fri", "friday", "jum", "jumat", "jum'at"),
    ("sat", "saturday", "sab", "sabtu"), ("sun", "sunday", "min", "minggu", "ahad"))) for name in names}
CSV_DIALECTS = ("standard", "id")
LANGS = ("id", "en")


class _Toml:
    """program.toml's text and data, and the line of a key (tomllib gives no line numbers)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8-sig").splitlines()

    def line(self, table: str | None, key: str | None = None, index: int = 0) -> int | None:
        """The 1-based line of `key` in `[table]` (or the index-th `[[table]]`), else of the table."""
        section: tuple[str | None, int] = (None, 0)
        seen: dict[str, int] = {}
        header_line = None
        for number, text in enumerate(self.lines, 1):
            header = re.match(r"\s*(\[\[?)\s*([\w.\-\"]+)\s*\]", text)
            if header:
                name = header.group(2).strip('"')
                if table is None and name == key:
                    return number   # a table named where a top-level key was expected
                seen[name] = seen.get(name, -1) + 1
                section = (name, seen[name] if header.group(1) == "[[" else 0)
                if section == (table, index):
                    header_line = number
                continue
            if section == (table, index) and key and re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", text):
                return number
        return header_line

    def fail(self, where: tuple[str | None, str | None, int], message: str, hint: str) -> None:
        raise ConfigError(self.path, message, hint, self.line(*where))


def _where(table: str | None, key: str, index: int = 0) -> str:
    if table is None:
        return key
    return f"[[{table}]] {key}" if table in ("cycles", "tasks") else f"[{table}] {key}"


def _check_keys(toml: _Toml, table: str | None, data: dict[str, Any], index: int = 0) -> None:
    for key in data:
        if key not in KEYS[table]:
            close = difflib.get_close_matches(key, KEYS[table], n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(KEYS[table])
            toml.fail((table, key, index), f"unknown key {_where(table, key)}", hint)


def _date(toml: _Toml, table: str | None, key: str, value: Any, index: int = 0) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if isinstance(value, datetime) or not isinstance(value, date):
        toml.fail((table, key, index), f"{_where(table, key)} = {value!r} is not a date", "write it as 2020-04-06")
    return value


def _number(toml: _Toml, table: str | None, key: str, value: Any, low: float, high: float | None, index: int = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low or (high is not None and value > high):
        bound = f"from {low:g} to {high:g}" if high is not None else f"above {low:g}"
        toml.fail((table, key, index), f"{_where(table, key)} = {value!r} is not a number {bound}", "write e.g. 70")
    return float(value)


def _text(toml: _Toml, table: str | None, key: str, value: Any, index: int = 0, choices: tuple[str, ...] = ()) -> str:
    if not isinstance(value, str) or not value.strip():
        toml.fail((table, key, index), f"{_where(table, key)} must be a text in quotes", 'write e.g. key = "..."')
    if choices and value.strip().lower() not in choices:
        toml.fail((table, key, index), f"{_where(table, key)} = {value!r} is not known", "write " + " or ".join(choices))
    return value.strip().lower() if choices else value.strip()


def _list(toml: _Toml, table: str | None, key: str, value: Any, index: int = 0) -> list[Any]:
    if not isinstance(value, list):
        toml.fail((table, key, index), f"{_where(table, key)} must be a list in [ ]", "write e.g. key = [1, 2]")
    return value


def _table(toml: _Toml, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        toml.fail((None, key, 0), f"{key} must be a table [{key}]", f"write [{key}] on its own line")
    _check_keys(toml, key, value)
    return value


def _tables(toml: _Toml, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        toml.fail((None, key, 0), f"{key} must be tables [[{key}]]", f"write [[{key}]] before each one")
    for i, item in enumerate(value):
        _check_keys(toml, key, item, i)
    return value


def load_program(folder: Path, *, csv: str | None = None, lang: str | None = None) -> Program:
    """Read and check `folder/program.toml`; `csv`/`lang` (command-line options) override [output]."""
    folder = Path(folder)
    path = folder / "program.toml"
    if not path.is_file():
        raise ConfigError(path, "no program.toml here", f"create the program folder with: whatsapp-ingest init {folder}")
    toml = _Toml(path)
    try:
        data = tomllib.loads("\n".join(toml.lines))
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        what = re.sub(r"\s*\(at .*\)$", "", str(error))
        raise ConfigError(path, f"not valid TOML: {what}",
                          'check quotes, brackets and "key = value" on this line',
                          int(found.group(1)) if found else None) from None
    _check_keys(toml, None, data)
    for key in ("name", "group", "start", "end"):
        if key not in data:
            raise ConfigError(path, f"the key {key} is missing", f"add a line {key} = … (see whatsapp-ingest init)")
    start = _date(toml, None, "start", data["start"])
    end = _date(toml, None, "end", data["end"])
    if end < start:
        toml.fail((None, "end", 0), f"end {end} is before start {start}", "check the two dates")
    workdays = []
    for day in _list(toml, None, "workdays", data.get("workdays", ["mon", "tue", "wed", "thu", "fri"])):
        if not isinstance(day, str) or day.strip().lower() not in DAYS:
            toml.fail((None, "workdays", 0), f"workdays: {day!r} is not a day", 'write e.g. ["mon", "tue", "wed", "thu", "fri"]')
        workdays.append(DAYS[day.strip().lower()])
    holidays = tuple(_date(toml, None, "holidays", d) for d in _list(toml, None, "holidays", data.get("holidays", [])))
    also = tuple(_text(toml, None, "also_groups", g) for g in _list(toml, None, "also_groups", data.get("also_groups", [])))
    decision = _table(toml, data, "decision")
    grading = _table(toml, data, "grading")
    output = _table(toml, data, "output")
    out = Output(
        csv=_text(toml, "output", "csv", output.get("csv", "standard"), choices=CSV_DIALECTS),
        lang=_text(toml, "output", "lang", output.get("lang", "id"), choices=LANGS))
    if csv is not None and csv.strip().lower() not in CSV_DIALECTS:
        raise ConfigError("--csv", f"'{csv}' is not a CSV dialect", "use standard or id")
    if lang is not None and lang.strip().lower() not in LANGS:
        raise ConfigError("--lang", f"'{lang}' is not a language of the outputs", "use id or en")
    out = Output(csv=(csv or out.csv).strip().lower(), lang=(lang or out.lang).strip().lower())
    return Program(
        folder=folder,
        name=_text(toml, None, "name", data["name"]),
        group=_text(toml, None, "group", data["group"]),
        start=start, end=end,
        workdays=tuple(sorted(set(workdays))),
        holidays=tuple(sorted(set(holidays))),
        rules=_text(toml, None, "rules", data.get("rules", "bimlat-ptk")),
        decision=Decision(
            threshold=_number(toml, "decision", "threshold", decision.get("threshold", 70), 0, 100),
            basis=_text(toml, "decision", "basis", decision.get("basis", "cumulative"), choices=("cumulative", "cycle"))),
        cycles=_cycles(toml, _tables(toml, data, "cycles")),
        tasks=_tasks(toml, _tables(toml, data, "tasks")),
        grading=_grading(toml, grading),
        output=out,
        also_groups=also,
    )


def _cycles(toml: _Toml, items: list[dict[str, Any]]) -> tuple[Cycle, ...]:
    cycles: list[Cycle] = []
    owner: dict[int, str] = {}
    for i, item in enumerate(items):
        if "name" not in item or "weeks" not in item:
            toml.fail(("cycles", None, i), f"cycle {i + 1} needs both name and weeks", 'write name = "Siklus I" and weeks = [1, 2]')
        name = _text(toml, "cycles", "name", item["name"], i)
        if any(c.name == name for c in cycles):
            toml.fail(("cycles", "name", i), f"cycle name '{name}' is used twice", "give each cycle its own name")
        weeks = _list(toml, "cycles", "weeks", item["weeks"], i)
        for week in weeks:
            if isinstance(week, bool) or not isinstance(week, int) or week < 1:
                toml.fail(("cycles", "weeks", i), f"cycle '{name}': week {week!r} is not a week number from 1", "write e.g. weeks = [1, 2]")
            if week in owner:
                toml.fail(("cycles", "weeks", i), f"week {week} is in cycle '{owner[week]}' and in '{name}'", "put each week in one cycle")
            owner[week] = name
        if not weeks:
            toml.fail(("cycles", "weeks", i), f"cycle '{name}' has no weeks", "write e.g. weeks = [1, 2]")
        cycles.append(Cycle(name, tuple(weeks)))
    return tuple(cycles)


def _tasks(toml: _Toml, items: list[dict[str, Any]]) -> tuple[Task, ...]:
    tasks: list[Task] = []
    for i, item in enumerate(items):
        if "id" not in item:
            toml.fail(("tasks", None, i), f"task {i + 1} has no id", 'write id = "PR.1"')
        task_id = _text(toml, "tasks", "id", item["id"], i)
        if any(t.id == task_id for t in tasks):
            toml.fail(("tasks", "id", i), f"task id '{task_id}' is used twice", "give each task its own id")
        due = _date(toml, "tasks", "due", item["due"], i) if "due" in item else None
        score = _number(toml, "tasks", "max_score", item.get("max_score", 100), 0, None, i)
        if score <= 0:
            toml.fail(("tasks", "max_score", i), f"task '{task_id}': max_score must be above 0", "write e.g. max_score = 100")
        tasks.append(Task(task_id, due, score))
    return tuple(tasks)


def _grading(toml: _Toml, grading: dict[str, Any]) -> Grading:
    default = Grading()
    bands = default.bands
    if "bands" in grading:
        pairs = []
        for band in _list(toml, "grading", "bands", grading["bands"]):
            if (not isinstance(band, list) or len(band) != 2 or isinstance(band[0], bool)
                    or not isinstance(band[0], (int, float)) or not isinstance(band[1], str) or not band[1].strip()):
                toml.fail(("grading", "bands", 0), f"[grading] bands: {band!r} is not a [lower bound, \"label\"] pair",
                          'write e.g. bands = [[91, "Amat Baik"], [76, "Baik"], [0, "Kurang"]]')
            pairs.append((float(band[0]), band[1].strip()))
        if not pairs:
            toml.fail(("grading", "bands", 0), "[grading] bands is empty", "list at least one [lower bound, \"label\"] pair")
        bands = tuple(sorted(pairs, key=lambda p: -p[0]))
    return Grading(
        pass_mark=_number(toml, "grading", "pass_mark", grading.get("pass_mark", default.pass_mark), 0, 100),
        bands=bands,
        ketuntasan=_number(toml, "grading", "ketuntasan", grading.get("ketuntasan", default.ketuntasan), 0, 100))


TEMPLATE = '''\
# Program bimlat: satu berkas ini mengatur satu program (satu grup WhatsApp).
# Ubah nilai di sebelah kanan tanda "="; baris yang diawali "#" hanya catatan.

name = "Bimlat Penyusunan PTK April 2020"   # nama program (muncul di laporan)
group = "Bimlat PTK Cipocok"                 # nama grup WhatsApp, persis seperti di ponsel
# also_groups = ["Nama lama grup"]           # nama lain grup ini jika pernah diganti
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
csv = "standard"              # "standard" (koma) atau "id" (Excel Indonesia: titik koma)
lang = "id"                   # bahasa label laporan: "id" atau "en"
'''

ROSTER_HEADER = "no,name,phone,aliases,role,status\r\n"


def init_program(folder: Path) -> list[Path]:
    """Create a program folder; returns what was created. Refuses to overwrite program.toml."""
    folder = Path(folder)
    toml = folder / "program.toml"
    if toml.exists():
        raise ConfigError(toml, "already exists", "edit it, or choose another folder for a new program")
    created: list[Path] = []
    if not folder.exists():
        folder.mkdir(parents=True)
    toml.write_text(TEMPLATE, encoding="utf-8")
    created.append(toml)
    roster = folder / "roster.csv"
    if not roster.exists():
        roster.write_bytes(("\ufeff" + ROSTER_HEADER).encode("utf-8"))
        created.append(roster)
    for sub in ("inbox", "out"):
        if not (folder / sub).exists():
            (folder / sub).mkdir()
            created.append(folder / sub)
    return created
