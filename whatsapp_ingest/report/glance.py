"""What the terminal shows of a run, as plain data: the participants' figures, decisions, summary,
who is at risk, the review queue's size and the warnings — and its record beside the outputs.

A re-run with nothing new prints the same summary from this record (`glance.json`, plain JSON)
without importing pandas, the rules or the workbook writer: it is a small file read in
milliseconds. Like the outputs record, it is used only when the inputs' fingerprint matches and
every output it names is on disk with the bytes written then.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whatsapp_ingest.fileio import atomic_write
from whatsapp_ingest.i18n import _
from whatsapp_ingest.programme.program import Program

if TYPE_CHECKING:
    from whatsapp_ingest.figures.results import Results

GLANCE_FILE = "glance.json"
FORMAT = 1
MAX_GLANCE_BYTES = 16 << 20


@dataclass(frozen=True)
class Glance:
    """The terminal's view of one run's results (every value plain: str, int, float, bool, None)."""

    name: str
    lang: str
    out: str
    cycles: tuple[str, ...]
    warnings: tuple[str, ...]
    notices: tuple[str, ...]
    review: tuple[dict[str, Any], ...]          # id, no, name, tasks, rule, reason
    as_of: tuple[str, int, int, bool] | None    # day (ISO), working days elapsed, working days, complete
    participants: tuple[dict[str, Any], ...]    # no, name, total, possible, percent, status
    decisions: tuple[tuple[int, str, str, str], ...]   # no, cycle, decision ("" when none), final yes/no
    summary: tuple[tuple[str, Any], ...]        # metric, value
    at_risk: tuple[dict[str, Any], ...]         # no, name, active, possible, remaining, needed, reachable
    reminder: str                               # the line about the reminder for the group ("" when none)
    working_days: tuple[str, ...]               # ISO days
    week: tuple[str, ...] = ()                  # this week and what changed since the last run (report.week)
    suggestions: dict[str, str] = field(default_factory=dict)   # unknown sender → who they may be
    this_week: dict[str, Any] | None = None     # the same for --json (plain JSON values)

    def day(self) -> date | None:
        """The as-of day, or None."""
        return date.fromisoformat(self.as_of[0]) if self.as_of else None


def glance(results: Results) -> Glance:
    """The terminal's view of freshly computed results."""
    from whatsapp_ingest.report.csvout import plain
    from whatsapp_ingest.report.week import terminal_lines

    def records(frame: Any, columns: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
        if frame is None or not len(frame):
            return ()
        return tuple({c: plain(row[c]) for c in columns} for row in frame.to_dict("records"))

    decisions = results.decisions
    finals = decisions["final"] if "final" in decisions else ["yes"] * len(decisions)
    when = results.as_of
    cycles = [c.name for c in results.program.cycles]
    cycles += [c for c in dict.fromkeys(str(c) for c in decisions["cycle"]) if c not in cycles] if len(decisions) else []
    return Glance(
        name=results.program.name, lang=results.program.output.lang, out=str(results.program.out),
        cycles=tuple(cycles), warnings=tuple(results.warnings), notices=tuple(results.notices),
        review=records(results.review, ("id", "no", "name", "tasks", "rule", "reason")),
        as_of=None if when is None else (when.day.isoformat(), len(when.elapsed), when.total, bool(when.complete)),
        participants=records(results.activeness, ("no", "name", "total", "possible", "percent", "status")),
        decisions=tuple((int(no), str(cycle), str(plain(decision) or ""), str(final))
                        for no, cycle, decision, final in zip(decisions["no"], decisions["cycle"],
                                                              decisions["decision"], finals)) if len(decisions) else (),
        summary=tuple((str(m), plain(v)) for m, v in zip(results.summary["metric"], results.summary["value"]))
        if len(results.summary) else (),
        at_risk=records(results.at_risk, ("no", "name", "active", "possible", "remaining", "needed", "reachable")),
        reminder=reminder_line(results),
        working_days=tuple(day.isoformat() for day in results.working_days),
        week=tuple(terminal_lines(results)), suggestions=suggestions_of(results),
        # as --json prints it (json_text writes what JSON has no type for with str)
        this_week=json.loads(json.dumps(week_document(results), default=str)))


def suggestions_of(results: Results) -> dict[str, str]:
    """Unknown author → the participants they may be ("Name (no. k); …"), for those with any."""
    frame = results.unknown_senders
    if "suggestions" not in frame:
        return {}
    return {str(a): str(s) for a, s in zip(frame["author"], frame["suggestions"]) if s}


def week_document(results: Results) -> dict[str, Any] | None:
    """This week and what changed since the last run, for --json (None when not computed)."""
    changes = results.changes
    if changes is None:
        return None
    return {"previous_as_of": None if changes.previous_as_of is None else changes.previous_as_of.isoformat(),
            "messages_new": changes.messages_new, "files_new": changes.files_new,
            "unknown_new": list(changes.unknown_new), "week": changes.week, "week_days": changes.week_days,
            "participants": [{"no": int(r["no"]), "name": str(r["name"]), "week_active": r["week_active"],
                              "active_before": r["active_before"], "active": r["active"],
                              "status_before": r["status_before"], "status": r["status"],
                              "new_submissions": list(r["new_submissions"]),
                              "decision_changes": [{"cycle": c, "before": b, "before_final": bf, "now": n,
                                                    "now_final": nf} for c, b, bf, n, nf in r["decision_changes"]]}
                             for r in changes.records()]}


def reminder_line(results: Results) -> str:
    """While the programme runs: where the reminder for the group is, or that there is nothing to send."""
    from whatsapp_ingest.report.page import REMINDER_FILE, at_risk_message, reminder_text

    if results.as_of is None or results.as_of.complete:
        return ""
    if at_risk_message(results):
        return _("A reminder for the group, ready to paste into WhatsApp: {file}").format(file=REMINDER_FILE)
    return reminder_text(results)


def output_digests(written: list[Path]) -> list[tuple[str, str]]:
    """(name, SHA-256) of each output just written: what this record and the outputs' record
    (report.outputs_cache) check the outputs on disk against. Read once for both."""
    return [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in written]


def save(program: Program, key: str, view: Glance, outputs: list[tuple[str, str]]) -> None:
    """Record the view with the inputs' fingerprint and the digests of the outputs just written
    (`output_digests`)."""
    # its fields as they are (every value already plain): asdict would copy each record first
    fields_ = {f.name: getattr(view, f.name) for f in fields(view)}
    document = {"format": FORMAT, "key": key, "outputs": outputs, "glance": fields_}
    atomic_write(program.state / GLANCE_FILE, json.dumps(document, ensure_ascii=False).encode("utf-8"))


def forget(program: Program) -> None:
    """Remove the record: the next run rebuilds."""
    (program.state / GLANCE_FILE).unlink(missing_ok=True)


def load(program: Program, key: str) -> tuple[Glance, list[Path]] | None:
    """The recorded view and outputs when `key` matches and every output is intact, else None (a
    damaged or foreign record is simply not used)."""
    from whatsapp_ingest.report.outputs_cache import _output_path, _read_regular

    try:
        data = json.loads(_read_regular(program.state / GLANCE_FILE, MAX_GLANCE_BYTES))
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        outputs = [_output_path(program, name, sha) for name, sha in data["outputs"]]
        view = _decode(data["glance"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    if any(p is None for p in outputs):
        return None
    return view, outputs  # type: ignore[return-value]


_ROWS = {"review": ("id", "no", "name", "tasks", "rule", "reason"),
         "participants": ("no", "name", "total", "possible", "percent", "status"),
         "at_risk": ("no", "name", "active", "possible", "remaining", "needed", "reachable")}
_SCALARS = (str, int, float, bool, type(None))


def _typed(value: Any, *types: type) -> Any:
    """`value` when it is one of `types` (bool is not taken for int), else ValueError."""
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        raise ValueError(repr(value)[:40])
    return value


def _decode(data: dict[str, Any]) -> Glance:
    """A Glance from its JSON form; anything unexpected raises (the record is then not used)."""
    values: dict[str, Any] = {}
    for f in fields(Glance):
        value = data[f.name]
        if f.name == "as_of":
            if value is not None:
                day, elapsed, total, complete = value
                date.fromisoformat(_typed(day, str))
                value = (day, _typed(elapsed, int), _typed(total, int), _typed(complete, bool))
        elif f.name == "decisions":
            value = tuple((_typed(no, int), _typed(c, str), _typed(d, str), _typed(final, str))
                          for no, c, d, final in value)
        elif f.name == "summary":
            value = tuple((_typed(m, str), _typed(v, *_SCALARS)) for m, v in value)
        elif f.name in _ROWS:
            rows = []
            for row in _typed(value, list):
                if not isinstance(row, dict) or tuple(row) != _ROWS[f.name]:
                    raise ValueError(f.name)
                rows.append({k: _typed(v, *_SCALARS) for k, v in row.items()})
            value = tuple(rows)
        elif f.name == "suggestions":
            value = {_typed(k, str): _typed(v, str) for k, v in _typed(value, dict).items()}
        elif f.name == "this_week":
            _typed(value, dict, type(None))   # plain JSON values, shown as they are
        elif isinstance(value, list):
            value = tuple(_typed(v, str) for v in value)
        else:
            _typed(value, str)
        values[f.name] = value
    return Glance(**values)
