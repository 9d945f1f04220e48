"""The programme: `program.toml` of a program folder, read into frozen dataclasses.

`load_program(folder) -> Program` validates every key and raises ConfigError(file, message, hint,
line) naming the key and its line (see tomlcheck). `init_program` (program_init) writes a new folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.i18n import _, choose_language
from whatsapp_ingest.programme.tomlcheck import TomlFile
from whatsapp_ingest.programme.textfile import read_text

STATE_DIR = ".whatsapp-ingest"   # the tool's own state inside a program folder
MAX_PERIOD_DAYS = 2 * 365 + 1    # two years: a bimlat runs weeks or months


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
    pembimbing: tuple[str, ...] = ()    # the supervisors' names in the chat: the draft roster never counts them

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
    None: ("name", "group", "start", "end", "workdays", "holidays", "rules", "also_groups", "pembimbing",
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


def load_program(folder: Path, *, csv: str | None = None, lang: str | None = None) -> Program:
    """Read and check `folder/program.toml`; `csv`/`lang` (command-line options) override [output]."""
    folder = Path(folder)
    path = folder / "program.toml"
    if not path.is_file():
        shown = f'"{folder}"' if " " in str(folder) else str(folder)
        raise ConfigError(path, _("no program.toml here"),
                          _("create the program folder with: whatsapp-ingest init {folder}").format(folder=shown))
    toml = TomlFile(read_text(path), path, arrays=("cycles", "tasks"))
    data = toml.load(_('check quotes, brackets and "key = value" on this line'))
    toml.check_keys(None, data, KEYS[None])
    for key in ("name", "group", "start", "end"):
        if key not in data:
            raise ConfigError(path, _("the key {key} is missing").format(key=key),
                              _("add a line {key} = … (see whatsapp-ingest init)").format(key=key))
    start = toml.as_date(None, "start", data["start"])
    end = toml.as_date(None, "end", data["end"])
    if end < start:
        raise toml.error(None, "end", _("end {end} is before start {start}").format(end=end, start=start),
                         _("check the two dates"))
    if (end - start).days > MAX_PERIOD_DAYS:   # a typo (2204 for 2024) would make every table centuries long
        raise toml.error(None, "end", _("end = {end} is {years} years after start = {start}; a programme lasts at "
                                        "most {most} years").format(end=end, start=start,
                                                                    years=(end - start).days // 365,
                                                                    most=MAX_PERIOD_DAYS // 365),
                         _("check the year of end (and of start)"))
    workdays = []
    for day in toml.as_list(None, "workdays", data.get("workdays", ["mon", "tue", "wed", "thu", "fri"])):
        if not isinstance(day, str) or day.strip().lower() not in DAYS:
            raise toml.error(None, "workdays", _("workdays: {day} is not a day").format(day=repr(day)),
                             _('write e.g. ["mon", "tue", "wed", "thu", "fri"]'))
        workdays.append(DAYS[day.strip().lower()])
    if not workdays:   # an empty list would leave no working day to count, not every day
        raise toml.error(None, "workdays", _("workdays is empty"),
                         _('list the working days, e.g. ["mon", "tue", "wed", "thu", "fri"]'))
    holidays = tuple(toml.as_date(None, "holidays", d) for d in toml.as_list(None, "holidays", data.get("holidays", [])))
    also = tuple(toml.as_text(None, "also_groups", g) for g in toml.as_list(None, "also_groups", data.get("also_groups", [])))
    named = data.get("pembimbing", [])
    supervisors = tuple(toml.as_text(None, "pembimbing", s) for s in
                        ([named] if isinstance(named, str) else toml.as_list(None, "pembimbing", named)))
    decision = toml.table(data, "decision", KEYS["decision"])
    grading = toml.table(data, "grading", KEYS["grading"])
    output = toml.table(data, "output", KEYS["output"])
    out = Output(
        csv=toml.as_text("output", "csv", output.get("csv", "standard"), choices=CSV_DIALECTS),
        # a programme that does not say keeps the language chosen outside it (environment, else Indonesian)
        lang=toml.as_text("output", "lang", output.get("lang", choose_language(None)), choices=LANGS))
    if csv is not None and csv.strip().lower() not in CSV_DIALECTS:
        raise ConfigError("--csv", _("'{value}' is not a CSV dialect").format(value=csv), _("use id or standard"))
    if lang is not None and lang.strip().lower() not in LANGS:
        raise ConfigError("--lang", _("'{value}' is not a language of the outputs").format(value=lang), _("use id or en"))
    out = Output(csv=(csv or out.csv).strip().lower(), lang=(lang or out.lang).strip().lower())
    return Program(
        folder=folder,
        name=toml.as_text(None, "name", data["name"]),
        group=toml.as_text(None, "group", data["group"]),
        start=start, end=end,
        workdays=tuple(sorted(set(workdays))),
        holidays=tuple(sorted(set(holidays))),
        rules=toml.as_text(None, "rules", data.get("rules", "bimlat-ptk")),
        decision=Decision(
            threshold=_percent(toml, "decision", "threshold", decision.get("threshold", 70)),
            basis=toml.as_text("decision", "basis", decision.get("basis", "cumulative"), choices=("cumulative", "cycle"))),
        cycles=_cycles(toml, toml.tables(data, "cycles", KEYS["cycles"])),
        tasks=_tasks(toml, toml.tables(data, "tasks", KEYS["tasks"])),
        grading=_grading(toml, grading),
        output=out,
        also_groups=also,
        pembimbing=supervisors,
    )


def _cycles(toml: TomlFile, items: list[dict[str, Any]]) -> tuple[Cycle, ...]:
    cycles: list[Cycle] = []
    owner: dict[int, str] = {}
    for i, item in enumerate(items):
        if "name" not in item or "weeks" not in item:
            raise toml.error("cycles", None, _("cycle {n} needs both name and weeks").format(n=i + 1),
                             _('write name = "Siklus I" and weeks = [1, 2]'), i)
        name = toml.as_text("cycles", "name", item["name"], i)
        if any(c.name == name for c in cycles):
            raise toml.error("cycles", "name", _("cycle name '{name}' is used twice").format(name=name),
                             _("give each cycle its own name"), i)
        weeks = toml.as_list("cycles", "weeks", item["weeks"], i)
        for week in weeks:
            if isinstance(week, bool) or not isinstance(week, int) or week < 1:
                raise toml.error("cycles", "weeks", _("cycle '{name}': week {week} is not a week number from 1").format(
                    name=name, week=repr(week)), _("write e.g. weeks = [1, 2]"), i)
            if week in owner:
                raise toml.error("cycles", "weeks", _("week {week} is in cycle '{first}' and in '{second}'").format(
                    week=week, first=owner[week], second=name), _("put each week in one cycle"), i)
            owner[week] = name
        if not weeks:
            raise toml.error("cycles", "weeks", _("cycle '{name}' has no weeks").format(name=name),
                             _("write e.g. weeks = [1, 2]"), i)
        cycles.append(Cycle(name, tuple(weeks)))
    return tuple(cycles)


def _tasks(toml: TomlFile, items: list[dict[str, Any]]) -> tuple[Task, ...]:
    tasks: list[Task] = []
    for i, item in enumerate(items):
        if "id" not in item:
            raise toml.error("tasks", None, _("task {n} has no id").format(n=i + 1), _('write id = "PR.1"'), i)
        task_id = toml.as_text("tasks", "id", item["id"], i)
        same = next((t.id for t in tasks if task_key(t.id) == task_key(task_id)), None)
        if same is not None:   # "pr.1" beside "PR.1" would be a second task nobody can ever submit
            shown = (_("task id '{id}' is used twice").format(id=task_id) if same == task_id
                     else _("task id '{id}' is the same task as '{same}'").format(id=task_id, same=same))
            raise toml.error("tasks", "id", shown, _("give each task its own id"), i)
        due = toml.as_date("tasks", "due", item["due"], i) if "due" in item else None
        score = toml.as_number("tasks", "max_score", item.get("max_score", 100), 0, None, i)
        if score <= 0:
            raise toml.error("tasks", "max_score", _("task '{id}': max_score must be above 0").format(id=task_id),
                             _("write e.g. max_score = 100"), i)
        tasks.append(Task(task_id, due, score))
    return tuple(tasks)


def task_key(task_id: str) -> str:
    """A task id compared as people mean it: case, spaces, dots, dashes and underscores ignored ("PR 1" = "pr.1")."""
    return "".join(ch for ch in task_id.casefold() if ch.isalnum())


def in_program_order(declared: Iterable[str], seen: Iterable[str]) -> list[str]:
    """The distinct values of `seen` (task ids, cycle names): those program.toml declares first, in its
    order, then the others in the order they first appear."""
    found = dict.fromkeys(seen)
    named = [name for name in declared if name in found]
    return named + [name for name in found if name not in named]


def _grading(toml: TomlFile, grading: dict[str, Any]) -> Grading:
    default = Grading()
    bands = default.bands
    if "bands" in grading:
        pairs = []
        for band in toml.as_list("grading", "bands", grading["bands"]):
            if (not isinstance(band, list) or len(band) != 2 or isinstance(band[0], bool)
                    or not isinstance(band[0], (int, float)) or not isinstance(band[1], str) or not band[1].strip()):
                raise toml.error("grading", "bands", _('[grading] bands: {band} is not a [lower bound, "label"] pair').format(
                    band=repr(band)), _('write e.g. bands = [[91, "Amat Baik"], [76, "Baik"], [0, "Kurang"]]'))
            pairs.append((float(band[0]), band[1].strip()))
        if not pairs:
            raise toml.error("grading", "bands", _("[grading] bands is empty"),
                             _('list at least one [lower bound, "label"] pair'))
        bands = tuple(sorted(pairs, key=lambda p: -p[0]))
    return Grading(
        pass_mark=_percent(toml, "grading", "pass_mark", grading.get("pass_mark", default.pass_mark)),
        bands=bands,
        ketuntasan=_percent(toml, "grading", "ketuntasan", grading.get("ketuntasan", default.ketuntasan)))


def _percent(toml: TomlFile, table: str, key: str, value: Any) -> float:
    """A percent from 0 to 100. A value between 0 and 1 is refused: 0.7 is surely meant as 70 %, and
    taken as 0.7 % it would pass everybody."""
    number = toml.as_number(table, key, value, 0, 100)
    if 0 < number < 1:
        meant = f"{round(number * 100, 2):g}"
        raise toml.error(table, key, _("{key} = {value} is a fraction, but it is a percent from 0 to 100").format(
            key=toml.where(table, key), value=repr(value)), _("write e.g. {meant} for {meant} %").format(meant=meant))
    return number
