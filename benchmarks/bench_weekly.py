"""Benchmark: the weekly `ingest` a supervisor runs, against whatstk merely reading the same export.

    python benchmarks/bench_weekly.py [--messages 40000] [--runs 5]

Builds a programme (in `benchmarks/.work/weekly/`, not tracked) whose inbox holds one Indonesian
Android export of MESSAGES messages (40,000 is WhatsApp's cap without media: a large real group),
with a roster of its 110 named members, then runs, each in a fresh process, interleaved (one of
each per round):

  first        `whatsapp-ingest ingest FOLDER` on an empty store: parse, store, rules, every table,
               the workbook and the charts (the tool's folder and out/ removed before each run)
  whatstk      whatstk reading the same export and writing its CSV (`from_source(...).to_csv`)
  rerun        `whatsapp-ingest ingest FOLDER` again with nothing new

It prints the medians of wall time and of CPU time (user + system, steadier on a shared machine)
and the peak memory (the child's own ru_maxrss), and the ratios against the targets: the first
run ≤ 0.8× whatstk's read, the re-run well under half a second.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_parse import FIRST, LAST, WHATSTK_CSV, WHATSTK_HFORMAT, write_export  # noqa: E402

WORK = Path(__file__).resolve().parent / ".work" / "weekly"
GROUP = "Bimlat PTK Cipocok"


def make_programme(folder: Path, messages: int) -> Path:
    """A programme folder with program.toml, roster.csv and one export in the inbox; returns the export."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "inbox").mkdir(parents=True)
    export = folder / "inbox" / f"WhatsApp Chat with {GROUP}.txt"
    write_export(export, messages)
    (folder / "program.toml").write_text(
        f'name = "Benchmark"\ngroup = "{GROUP}"\nstart = 2020-04-06\nend = 2020-05-29\n'
        '[[cycles]]\nname = "Siklus I"\nweeks = [1, 2, 3, 4]\n[[cycles]]\nname = "Siklus II"\nweeks = [5, 6, 7, 8]\n',
        encoding="utf-8")
    # The same draw of names as bench_parse.make_authors: the 110 named members are the roster.
    rng = random.Random(2020)
    names = list(dict.fromkeys(f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(110)))
    rows = ["no,name,phone,aliases,role,status"] + [f"{i},{name},,,peserta,aktif" for i, name in enumerate(names, 1)]
    (folder / "roster.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return export


def run_once(argv: list[str], before: callable = None) -> dict[str, float]:
    """One fresh process: wall and CPU seconds and its own peak RSS in MB (from wait4)."""
    if before is not None:
        before()
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{argv[:5]} failed with exit code {code}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = WORK / "programme"
    export = make_programme(folder, args.messages)

    def empty() -> None:
        shutil.rmtree(folder / ".whatsapp-ingest", ignore_errors=True)
        shutil.rmtree(folder / "out", ignore_errors=True)

    ingest = [sys.executable, "-m", "whatsapp_ingest", "ingest", str(folder)]
    tasks = {
        "first": (ingest, empty),
        "whatstk": ([sys.executable, "-c", WHATSTK_CSV, str(export), str(WORK / "whatstk.csv"), WHATSTK_HFORMAT], None),
        "rerun": (ingest, None),
    }
    print(f"{args.messages:,} messages in one export ({export.stat().st_size / 1e6:.1f} MB); median of {args.runs} "
          "rounds, every task once per round, each in a fresh process")
    runs: dict[str, list[dict[str, float]]] = {task: [] for task in tasks}
    for _ in range(args.runs):
        for task, (argv, before) in tasks.items():
            runs[task].append(run_once(argv, before))
    med = {task: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for task, rs in runs.items()}
    for task, f in med.items():
        print(f"  {task:8} wall {f['wall']:6.2f} s   cpu {f['cpu']:6.2f} s   peak {f['peak_mb']:6.0f} MB")
    first, peer = med["first"], med["whatstk"]
    pairs = ", ".join(f"{a['wall'] / b['wall']:.2f}" for a, b in zip(runs["first"], runs["whatstk"]))
    print(f"first ingest / whatstk read: wall {first['wall'] / peer['wall']:.2f}x (per round {pairs}), "
          f"cpu {first['cpu'] / peer['cpu']:.2f}x (target <= 0.8)")
    print(f"re-run with nothing new: wall {med['rerun']['wall']:.2f} s (target well under 0.5 s)")


if __name__ == "__main__":
    main()
