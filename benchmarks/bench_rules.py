"""Benchmark: how well the shipped rule sets read the labelled corpus (tests/corpus/).

    python benchmarks/bench_rules.py

For each rule set (bimlat-ptk, bimlat-absen) and each part of the corpus (tuning; kept aside) it
prints, over the counted teachers' messages:
- attendance accuracy: the messages whose "makes the day active" the rules got right (mode any:
  every own message but a deleted one; mode rollcall: the `hadir` label);
- submission precision / recall / F1 over submission acts (message, credited teacher, task);
- task status accuracy over the teacher × task cells (on_time / late / missing) of
  out/submissions.csv, computed by the real aggregation;
- review recall: of the messages labelled for review, how many the review queue holds.
Targets on the kept-aside part: F1 ≥ 0.97, status ≥ 0.95, attendance ≥ 0.98.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import PARTS, Labelled, load_part  # noqa: E402

from whatsapp_ingest.figures.aggregate import compute  # noqa: E402
from whatsapp_ingest.figures.results import Results  # noqa: E402
from whatsapp_ingest.programme.ruleset import RuleSet, load_rules  # noqa: E402
from whatsapp_ingest.programme.roster import Roster  # noqa: E402

RULE_SETS = ("bimlat-ptk", "bimlat-absen")


def measure(rules: RuleSet, programmes: list[Labelled]) -> dict[str, float]:
    """The figures of one rule set on one part (see the module docstring)."""
    right = total = tp = fp = fn = cells_right = cells = review_hit = review_total = 0
    for labelled in programmes:
        roster = Roster(labelled.participants)
        results = compute(labelled.program, rules, labelled.frame, labelled.participants)
        acts, attends, flagged = predicted(results, labelled)
        expected_acts = set()
        for i, row in enumerate(labelled.rows):
            author = roster.resolve(row["author"])
            if author is None or not author.counted:
                continue
            credit = roster.resolve(row["credit"]).no if row["credit"] else author.no
            expected_acts |= {(i + 1, credit, task) for task in row["tasks"].split()}
            wanted = (row["kind"] != "d") if rules.mode == "any" else row["hadir"] == "1"
            right += attends.get(i + 1, False) == wanted
            total += 1
            if row["review"] == "1":
                review_total += 1
                review_hit += (i + 1) in flagged
        tp += len(acts & expected_acts)
        fp += len(acts - expected_acts)
        fn += len(expected_acts - acts)
        got = {(int(r.no), r.task): r.status for r in results.submissions.itertuples()}
        for key, status in labelled.expected_cells().items():
            cells += 1
            cells_right += got.get(key) == status
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"messages": total, "attendance": right / total, "precision": precision, "recall": recall, "f1": f1,
            "acts": tp + fn, "status": cells_right / cells, "cells": cells,
            "review": review_hit / review_total if review_total else 1.0}


def predicted(results: Results, labelled: Labelled) -> tuple[set[tuple[int, int, str]], dict[int, bool], set[int]]:
    """What the tool decided per message (by corpus line): submission acts, attendance, the lines under review."""
    acts: set[tuple[int, int, str]] = set()
    attends: dict[int, bool] = {}
    for row in results.verdicts.itertuples(index=False):
        attends[int(row.line)] = bool(row.counts)
        acts |= {(int(row.line), int(row.credit), task) for task in row.tasks}
    flagged = {int(line) for line in results.verdicts.loc[results.verdicts["review"] != "", "line"]}
    return acts, attends, flagged


def main() -> None:
    print(f"{'rule set':<13} {'part':<11} {'msgs':>4} {'attend':>7} {'prec':>6} {'recall':>6} {'F1':>6} "
          f"{'acts':>4} {'status':>6} {'cells':>5} {'review':>6}")
    for name in RULE_SETS:
        rules = load_rules(name, Path("."))
        for part in PARTS:
            m = measure(rules, load_part(part))
            print(f"{name:<13} {part:<11} {m['messages']:>4} {m['attendance']:>7.3f} {m['precision']:>6.3f} "
                  f"{m['recall']:>6.3f} {m['f1']:>6.3f} {m['acts']:>4} {m['status']:>6.3f} {m['cells']:>5} "
                  f"{m['review']:>6.3f}")


if __name__ == "__main__":
    main()
