"""Every counted message's verdict: does it make the day active, which tasks it sends and for whom,
and whether the supervisor should look at it (the review queue, out/periksa.csv).

Order (docs/rules.md, "How rules are evaluated"): the rule set decides each message; a sending that
names another participant is credited to her and queued; koreksi.csv then replaces what the
supervisor corrected (and takes those messages out of the queue); last, a task sent again after
its due day by someone who had sent it in time is queued (the status counts the first sending).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

import pandas as pd

from whatsapp_ingest.i18n import _, ngettext
from whatsapp_ingest.programme.corrections import CORRECTIONS_FILE, Correction
from whatsapp_ingest.programme.mentions import finder
from whatsapp_ingest.programme.program import Task
from whatsapp_ingest.programme.roster import Participant
from whatsapp_ingest.programme.ruleset import RuleSet, Verdict

REVIEW = ["id", "no", "name", "date", "time", "author", "text", "tasks", "rule", "reason"]
ON_BEHALF_RULE = "atas nama peserta lain"
RESEND_RULE = "kirim ulang setelah batas waktu"
CORRECTION_RULE = "koreksi.csv"


def message_id(row: object) -> str:
    """A message's id in periksa.csv and koreksi.csv: stable across runs (from the store's message key)."""
    mkey = getattr(row, "mkey", None)
    if mkey is not None and not pd.isna(mkey):
        basis = f"{mkey}|{row.no}"
    else:
        basis = f"{row.timestamp.isoformat()}|{row.author}|{row.text}|{row.attachment}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:10]


def message_verdicts(rules: RuleSet, own: pd.DataFrame, participants: Sequence[Participant],
                     tasks: Sequence[Task] = (), corrections: Sequence[Correction] = ()
                     ) -> tuple[pd.DataFrame, list[str], list[str]]:
    """`own` (counted participants' messages, time order) with the columns id, counts, rule, tasks,
    task_rule, credit, review, review_rule, corrected added; and the notices and warnings to show."""
    cache: dict[tuple[str, str, str], Verdict] = {}
    verdicts = []
    for key in zip(own["kind"].tolist(), own["text"].fillna("").tolist(), own["attachment"].fillna("").tolist()):
        verdict = cache.get(key)
        if verdict is None:
            verdict = cache[key] = rules.classify(*key)
        verdicts.append(verdict)
    out = own.copy()
    out["id"] = [message_id(r) for r in own.itertuples(index=False)]
    out["counts"] = [v.counts for v in verdicts]
    out["rule"] = [v.rule for v in verdicts]
    out["tasks"] = [v.tasks for v in verdicts]
    out["task_rule"] = [v.task_rule for v in verdicts]
    out["credit"] = own["no"].astype(int).tolist()
    out["review"] = [v.review for v in verdicts]
    out["review_rule"] = [v.review_rule for v in verdicts]
    out["corrected"] = ""
    names = {p.no: p.name for p in participants}
    _on_behalf(out, participants, names)
    notices, warnings = _corrections(out, corrections, names)
    _late_resends(out, tasks)
    return out, notices, warnings


def _on_behalf(out: pd.DataFrame, participants: Sequence[Participant], names: dict[int, str]) -> None:
    """A sending that names another counted participant is hers: credit her and queue the message."""
    names_in = finder(participants)
    credit, review, rule = out["credit"].tolist(), out["review"].tolist(), out["review_rule"].tolist()
    for i, (tasks, text, attachment) in enumerate(zip(out["tasks"], out["text"].fillna(""), out["attachment"].fillna(""))):
        if not tasks:
            continue
        others = [no for no in names_in.named(text, attachment) if no != credit[i]]
        if not others:
            continue
        sender = credit[i]
        credit[i] = others[0]
        review[i] = _("sent by {sender} on behalf of {name}: counted for {name}").format(
            sender=names.get(sender, sender), name=names[others[0]])
        rule[i] = ON_BEHALF_RULE
    out["credit"], out["review"], out["review_rule"] = credit, review, rule


def _corrections(out: pd.DataFrame, corrections: Sequence[Correction], names: dict[int, str]
                 ) -> tuple[list[str], list[str]]:
    """Apply koreksi.csv: the corrected tasks and credit replace the rules' reading; the message leaves the queue."""
    if not corrections:
        return [], []
    rows: dict[str, list[int]] = {}
    for i, mid in enumerate(out["id"]):   # the same text twice in one minute shares an id: both are corrected
        rows.setdefault(mid, []).append(i)
    tasks, credit, review = out["tasks"].tolist(), out["credit"].tolist(), out["review"].tolist()
    task_rule, corrected = out["task_rule"].tolist(), out["corrected"].tolist()
    warnings, applied = [], 0
    for fix in corrections:
        found = rows.get(fix.id)
        if found is None:
            warnings.append(_("{file}:{line}: no counted message has the id {id}; the row is ignored").format(
                file=CORRECTIONS_FILE, line=fix.line, id=fix.id))
            continue
        if fix.no is not None and fix.no not in names:
            warnings.append(_("{file}:{line}: participant {no} is not a counted participant; the row is ignored")
                            .format(file=CORRECTIONS_FILE, line=fix.line, no=fix.no))
            continue
        for i in found:
            if fix.tasks is not None:
                tasks[i] = fix.tasks
                task_rule[i] = CORRECTION_RULE
            if fix.no is not None:
                credit[i] = fix.no
            review[i] = ""
            corrected[i] = fix.note or CORRECTION_RULE
        applied += 1
    out["tasks"], out["credit"], out["review"] = tasks, credit, review
    out["task_rule"], out["corrected"] = task_rule, corrected
    notices = [ngettext("{file}: {n} correction applied", "{file}: {n} corrections applied", applied).format(
        file=CORRECTIONS_FILE, n=applied)] if applied else []
    return notices, warnings


def _late_resends(out: pd.DataFrame, tasks: Sequence[Task]) -> None:
    """A task sent again after its due day by someone who had sent it in time: queue it."""
    due = {t.id: t.due for t in tasks if t.due is not None}
    first: dict[tuple[int, str], date] = {}
    review, rule = out["review"].tolist(), out["review_rule"].tolist()
    for i, (no, sent, when, corrected) in enumerate(zip(out["credit"], out["tasks"], out["timestamp"], out["corrected"])):
        for task in sent:
            day = when.date()
            earlier = first.get((no, task))
            if earlier is None:
                first[(no, task)] = day
            elif task in due and earlier <= due[task] < day and not review[i] and not corrected:
                review[i] = _("{task} sent again after its due day {due}; the status counts the first sending "
                              "({first})").format(task=task, due=due[task].isoformat(), first=earlier.isoformat())
                rule[i] = RESEND_RULE
    out["review"], out["review_rule"] = review, rule


def review_table(verdicts: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """The review queue (periksa.csv): every message with a reason, in time order."""
    rows = []
    for r in verdicts[verdicts["review"] != ""].itertuples(index=False):
        text = r.text if isinstance(r.text, str) and r.text else ""
        if isinstance(r.attachment, str) and r.attachment:
            text = f"{text} [{r.attachment}]" if text else r.attachment
        author = r.raw_author if isinstance(r.raw_author, str) and r.raw_author else r.author
        rows.append([r.id, int(r.credit), names.get(int(r.credit), ""), r.timestamp.date(),
                     r.timestamp.strftime("%H:%M"), author, text, " ".join(r.tasks), r.review_rule or r.task_rule,
                     r.review])
    return pd.DataFrame(rows, columns=REVIEW).astype({"date": object})
