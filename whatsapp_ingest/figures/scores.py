"""Task scores → final score (NA), predikat, pass/fail and the second paper's statistics.

Formulas (the second paper, sections 3.7 and 3.9; see docs/reports.md):
- NA = score obtained / maximum score × 100;
- product-moment r = (NΣXY − ΣXΣY) / √{(NΣX² − (ΣX)²)(NΣY² − (ΣY)²)};
- Cronbach's r11 = k/(k−1) · (1 − Σσb²/σt²) with σ² = (Σx² − (Σx)²/n) / n (population variance);
- % ketuntasan = participants with NA ≥ the mastery mark / participants × 100.
Sums are exact (fractions), so constant data gives exactly zero variance and an undefined r.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import sqrt
from typing import TYPE_CHECKING

from whatsapp_ingest.i18n import _
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.program import Program, in_program_order, task_key
from whatsapp_ingest.programme.textfile import csv_reader, read_text

if TYPE_CHECKING:   # the tables need pandas; round_half_up (every percent) does not
    import pandas as pd

SCORES_FILE = "scores.csv"
SCORE_COLUMNS = ("no", "task", "score")


@dataclass(frozen=True)
class ScoreReport:
    """The "Nilai" table and its statistics. `table` columns: no,name,<task ids…>,obtained,maximum,na,
    predikat,result,tuntas,percent (result `Lulus`/`TL`; `percent` = the activeness percent of activeness.csv)."""

    table: pd.DataFrame
    tasks: tuple[str, ...]
    maxima: tuple[float, ...]
    n: int                      # participants with at least one score (the statistics' N)
    r: float | None             # activeness percent vs NA; None when undefined (n < 2 or constant data)
    alpha: float | None         # Cronbach's alpha over the tasks; None with < 2 tasks or zero total variance
    ketuntasan: float | None    # percent of the n participants with NA ≥ grading.ketuntasan
    passed: int                 # participants with NA ≥ grading.pass_mark
    notes: tuple[str, ...] = ()


def load_scores(program: Program) -> pd.DataFrame | None:
    """Read `scores.csv` of the program folder (`no,task,score`; `;` and decimal comma accepted).

    Returns None when there is no such file, else a DataFrame with columns no, task, score, line.
    Raises ConfigError naming the line for a bad row: a number that is not whole, a task the
    program does not list, a score that is not a number or lies outside 0…maximum, a repeated row.
    """
    import pandas as pd

    path = program.folder / SCORES_FILE
    if not path.is_file():
        return None
    text = read_text(path)   # UTF-8, Excel's cp1252 or UTF-16; ConfigError when unreadable
    reader, _separator = csv_reader(text, path)
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [name for name in SCORE_COLUMNS if name not in header]
    if missing:
        raise ConfigError(path, _("missing column {columns}").format(columns=", ".join(missing)),
                          _("the header must be no,task,score"), 1)
    where = {name: header.index(name) for name in SCORE_COLUMNS}
    known = {task_key(task.id): task for task in program.tasks}   # "tt 1" is TT.1
    rows: list[tuple[int, str, float, int]] = []
    seen: dict[tuple[int, str], int] = {}
    for index, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[len(header):]):   # "87,5" split by the comma: 87 would be kept, 5 lost
            raise ConfigError(path, _("{cells} cells but the header names {columns} columns").format(
                cells=len(cells), columns=len(header)),
                _("write a decimal comma in quotes (\"87,5\"), or separate the columns with ';'"), index)
        cells = cells + [""] * (len(header) - len(cells))
        no_text, task_text, score_text = (cells[where[name]].strip() for name in SCORE_COLUMNS)
        if not no_text.isascii() or not no_text.isdigit():   # "²" is a digit to Python, not to people
            raise ConfigError(path, _("no {no} is not a participant number").format(no=repr(no_text)),
                              _("write the roster's no"), index)
        if not task_text:
            raise ConfigError(path, _("empty task"), _("write the task id, e.g. PR.1"), index)
        task = known.get(task_key(task_text))
        if known and task is None:
            raise ConfigError(path, _("unknown task {task}").format(task=repr(task_text)),
                              _("use one of {tasks} or add it under [[tasks]]").format(
                                  tasks=", ".join(t.id for t in program.tasks)), index)
        task_id = task.id if task else task_text
        maximum = task.max_score if task else 100.0
        try:
            score = float(score_text.replace(",", ".")) if score_text else float("nan")
        except ValueError:
            score = float("nan")
        if score != score:
            raise ConfigError(path, _("score {score} is not a number").format(score=repr(score_text)),
                              _("write e.g. 85 or 85,5"), index)
        if not 0 <= score <= maximum:
            raise ConfigError(path, _("score {score} of {task} is outside 0…{maximum}").format(
                score=score_text, task=task_id, maximum=f"{maximum:g}"),
                _("fix the score or the task's max_score in program.toml"), index)
        key = (int(no_text), task_id)
        if key in seen:
            raise ConfigError(path, _("a second score for no {no}, {task} (first on line {line})").format(
                no=key[0], task=task_id, line=seen[key]), _("keep one row per participant and task"), index)
        seen[key] = index
        rows.append((key[0], task_id, score, index))
    return pd.DataFrame(rows, columns=["no", "task", "score", "line"])


def score_table(program: Program, scores: pd.DataFrame, activeness: pd.DataFrame,
                participants: pd.DataFrame | None = None) -> ScoreReport:
    """NA, predikat, Lulus/TL and the statistics for the participants of `activeness`.

    A participant without any score row is listed without NA and left out of the statistics; a
    graded participant's missing task counts as 0 (noted). Scores of a roster participant who is not
    counted (withdrew, supervisor) are left out and noted; a number nobody has raises ConfigError.
    """
    import pandas as pd

    path = program.folder / SCORES_FILE
    counted = {int(no): row for no, row in zip(activeness["no"], activeness.itertuples(index=False))}
    roster = set(counted) | ({int(no) for no in participants["no"]} if participants is not None else set())
    notes: list[str] = []
    for row in scores.itertuples(index=False):
        if row.no not in roster:
            raise ConfigError(path, _("no {no} is not in the roster").format(no=row.no),
                              _("fix the number or add the teacher to roster.csv"), int(row.line))
        if row.no not in counted:
            notes.append(_("{file}:{line}: no {no} is not a counted participant; score left out").format(
                file=SCORES_FILE, line=row.line, no=row.no))
    tasks = tuple(in_program_order([task.id for task in program.tasks], scores["task"]))
    maxima = tuple(next((t.max_score for t in program.tasks if t.id == task), 100.0) for task in tasks)
    by_person: dict[int, dict[str, float]] = {}
    for row in scores.itertuples(index=False):
        if row.no in counted:
            by_person.setdefault(int(row.no), {})[row.task] = float(row.score)
    grading = program.grading
    records, graded = [], []
    for no, row in counted.items():
        own = by_person.get(no)
        percent = _exact_percent(row)
        record: dict[str, object] = {"no": no, "name": row.name}
        if own is None:
            record.update({task: None for task in tasks})
            record.update(obtained=None, maximum=None, na=None, predikat=None, result=None, tuntas=None)
        else:
            for task in tasks:
                if task not in own:
                    notes.append(_("no {no} ({name}) has no score for {task}: counted as 0").format(
                        no=no, name=row.name, task=task))
            items = [own.get(task, 0.0) for task in tasks]
            obtained, maximum = sum(Fraction(v) for v in items), sum(Fraction(m) for m in maxima)
            na = round_half_up(obtained / maximum * 100, 2)
            record.update({task: own.get(task) for task in tasks})
            record.update(obtained=float(obtained), maximum=float(maximum), na=na,
                          predikat=predikat(na, grading.bands), result="Lulus" if na >= grading.pass_mark else "TL",
                          tuntas=na >= grading.ketuntasan)
            graded.append((items, percent, float(obtained / maximum * 100), na))
        record["percent"] = getattr(row, "percent", None)     # as activeness.csv shows it; r uses the exact one
        records.append(record)
    columns = ["no", "name", *tasks, "obtained", "maximum", "na", "predikat", "result", "tuntas", "percent"]
    table = pd.DataFrame(records, columns=columns)
    pairs = [(p, na) for _, p, na, _ in graded if p is not None]
    n = len(graded)
    return ScoreReport(
        table=table, tasks=tasks, maxima=maxima, n=n,
        r=pearson([p for p, _ in pairs], [na for _, na in pairs]),
        alpha=cronbach_alpha([items for items, *_ in graded]),
        ketuntasan=(sum(1 for *_, na in graded if na >= grading.ketuntasan) / n * 100) if n else None,
        passed=sum(1 for *_, na in graded if na >= grading.pass_mark),
        notes=tuple(notes),
    )


def _exact_percent(row: object) -> float | None:
    """Active days / possible days × 100 unrounded (the correlation uses the exact value)."""
    total, possible = getattr(row, "total", None), getattr(row, "possible", None)
    if total is None or not possible or possible != possible:
        return None
    return float(Fraction(int(total), int(possible)) * 100)


def round_half_up(value: Fraction | float, places: int) -> float:
    """Round as people do on paper (…5 goes up, away from zero), not banker's rounding.

    A Fraction is rounded exactly, in integer arithmetic; a float as the decimal it prints as.
    """
    if isinstance(value, Fraction):
        scaled = abs(value) * 10**places + Fraction(1, 2)
        rounded = (scaled.numerator // scaled.denominator) / 10**places
        return -rounded if value < 0 else rounded
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def predikat(na: float, bands: Sequence[tuple[float, str]]) -> str:
    """The band label of NA: the first band (highest first) whose lower bound NA reaches, else the last."""
    for bound, label in bands:
        if na >= bound:
            return label
    return bands[-1][1]


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Product-moment r by the paper's raw-sum formula; None when n < 2 or either variable is constant."""
    n = len(x)
    if n != len(y) or n < 2:
        return None
    fx, fy = [Fraction(v) for v in x], [Fraction(v) for v in y]
    sx, sy = sum(fx), sum(fy)
    sxx = n * sum(v * v for v in fx) - sx * sx
    syy = n * sum(v * v for v in fy) - sy * sy
    if sxx == 0 or syy == 0:
        return None
    sxy = n * sum(a * b for a, b in zip(fx, fy)) - sx * sy
    return float(sxy) / sqrt(float(sxx)) / sqrt(float(syy))


def population_variance(values: Sequence[float]) -> Fraction:
    """σ² = (Σx² − (Σx)²/n) / n, exactly."""
    exact = [Fraction(v) for v in values]
    n = len(exact)
    return (sum(v * v for v in exact) - sum(exact) ** 2 / n) / n


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """r11 over the item columns of `rows` (one row per person); None with < 2 items, < 2 people
    or zero variance of the totals."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    totals = population_variance([sum(row) for row in rows])
    if totals == 0:
        return None
    items = sum(population_variance([row[i] for row in rows]) for i in range(k))
    return float(Fraction(k, k - 1) * (1 - items / totals))
