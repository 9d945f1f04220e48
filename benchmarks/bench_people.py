"""How the work grows with the number of people: no roster and many senders, a long roster.

    python benchmarks/bench_people.py                       # 2,000 / 4,000 / 8,000 senders, a 20,000-row roster
    python benchmarks/bench_people.py --senders 100000      # one size only
    python benchmarks/bench_people.py --whole               # also the whole `ingest` command (charts included)

Each case is a programme in `benchmarks/.work/people/` (not tracked): one Android export in which
every sender writes one message, with or without a roster.csv naming each of them. Printed per case,
in CPU seconds (median of --runs, each run in a fresh process so nothing is cached): storing the
export (`run_ingest`), the figures (`build_results`) and the outputs without the charts
(`write_outputs`, the charts' drawing left out), and the ratio of each step to the case half its
size: about 2 is linear, about 4 quadratic. `--whole` adds the wall time of the command as a
supervisor runs it. A case that passes --limit seconds is stopped and shown as "> limit".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "people"

PROGRAM = """name = "Bimlat skala"
group = "Bimlat PTK Cipocok"
start = 2020-04-06
end = 2020-04-30
holidays = [2020-04-10]

[[cycles]]
name = "Siklus I"
weeks = [1, 2]
"""

# One run, in a fresh interpreter started outside the repository (the code PYTHONPATH names is measured): CPU seconds of each step, as JSON on stdout.
STEP = """
import json, sys, time
from pathlib import Path
from whatsapp_ingest.programme.program import load_program
from whatsapp_ingest.store.ingest import run_ingest
from whatsapp_ingest.figures.aggregate import build_results
from whatsapp_ingest.report import write as write_module
from whatsapp_ingest.report.write import write_outputs
write_module.draw_charts = lambda results: {}
program = load_program(Path(sys.argv[1]))
took = {}
clock = time.process_time()
report = run_ingest(program)
took["store"] = time.process_time() - clock
clock = time.process_time()
results = build_results(program, report.warnings)
took["figures"] = time.process_time() - clock
clock = time.process_time()
write_outputs(results)
took["outputs"] = time.process_time() - clock
print(json.dumps(took))
"""


def make_case(people: int, roster: bool) -> Path:
    folder = WORK / f"{'roster' if roster else 'senders'}-{people}"
    if (folder / "program.toml").is_file():
        return folder
    (folder / "inbox").mkdir(parents=True, exist_ok=True)
    (folder / "program.toml").write_text(PROGRAM, encoding="utf-8")
    start = datetime(2020, 4, 6, 7, 0)
    lines = [f"{start + timedelta(minutes=i * 34560 // people):%d/%m/%y %H.%M} - Guru {i:06d}: hadir {i}"
             for i in range(people)]
    (folder / "inbox" / "WhatsApp Chat with Bimlat PTK Cipocok.txt").write_text("\n".join(lines) + "\n",
                                                                                 encoding="utf-8")
    if roster:
        (folder / "roster.csv").write_text("no,name\n" + "".join(f"{i + 1},Guru {i:06d}\n" for i in range(people)),
                                           encoding="utf-8")
    return folder


def fresh(folder: Path) -> None:
    """Forget the store and the outputs: every run is a first ingest."""
    for path in (folder / ".whatsapp-ingest", folder / "out"):
        subprocess.run(["rm", "-rf", str(path)], check=True)


def steps(folder: Path, runs: int, limit: float) -> dict[str, float] | None:
    found: dict[str, list[float]] = {}
    for _ in range(runs):
        fresh(folder)
        try:
            out = subprocess.run([sys.executable, "-c", STEP, str(folder)], capture_output=True, text=True,
                                 check=True, timeout=limit, env=os.environ, cwd=WORK).stdout
        except subprocess.TimeoutExpired:
            return None
        for step, seconds in json.loads(out).items():
            found.setdefault(step, []).append(seconds)
    return {step: statistics.median(values) for step, values in found.items()}


def whole(folder: Path, limit: float) -> float | None:
    fresh(folder)
    clock = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-m", "whatsapp_ingest", "ingest", str(folder), "--quiet"],
                       capture_output=True, timeout=limit, env=os.environ, cwd=WORK)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--senders", type=int, nargs="*", default=[2000, 4000, 8000])
    parser.add_argument("--roster", type=int, nargs="*", default=[10000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=300.0)
    parser.add_argument("--whole", action="store_true")
    args = parser.parse_args()
    cases = [(n, False) for n in args.senders] + [(n, True) for n in args.roster]
    seen: dict[tuple[int, bool], dict[str, float]] = {}
    print(f"{'case':<22}{'store':>10}{'figures':>10}{'outputs':>10}{'whole':>10}   ratio to half the size")
    for people, roster in cases:
        folder = make_case(people, roster)
        took = steps(folder, args.runs, args.limit)
        name = f"{people:,} {'roster rows' if roster else 'senders'}"
        if took is None:
            print(f"{name:<22}{'> ' + format(args.limit, 'g') + ' s':>30}")
            continue
        seen[(people, roster)] = took
        total = whole(folder, args.limit) if args.whole else None
        shown = "" if not args.whole else ("> limit" if total is None else f"{total:.2f}")
        half = seen.get((people // 2, roster))
        ratios = "" if half is None else "  ".join(
            f"{step} {took[step] / half[step]:.2f}" for step in took if half[step] > 0)
        print(f"{name:<22}{took['store']:>10.2f}{took['figures']:>10.2f}{took['outputs']:>10.2f}{shown:>10}   {ratios}")


if __name__ == "__main__":
    main()
