"""Benchmark: how time and memory grow with the size of an export, from 10,000 to 1,000,000 messages.

    python benchmarks/bench_growth.py [--sizes 10000,100000,1000000] [--runs 3] [--skip-ingest]

For each size it writes an Indonesian Android export (the `bench_parse.py` mix) into a programme
folder (`benchmarks/.work/growth/`, not tracked) with the `bench_weekly.py` roster, then runs, each in
a fresh process, the median of R runs of:

  parse    `whatsapp-ingest parse FILE -o OUT.csv`
  whatstk  whatstk reading the file and writing its CSV (`from_source(...).to_csv`) (with --whatstk)
  ingest   `whatsapp-ingest ingest FOLDER` on an empty store: every message stored, every output written

and prints wall and CPU seconds and the peak memory (the child's own ru_maxrss), with each size's
figures per 1,000 messages, so that linear growth shows as a flat column.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_parse import WHATSTK_CSV, WHATSTK_HFORMAT  # noqa: E402
from bench_weekly import make_programme, run_once  # noqa: E402

WORK = Path(__file__).resolve().parent / ".work" / "growth"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--whatstk", action="store_true", help="also time whatstk at each size")
    args = parser.parse_args()
    print(f"median of {args.runs} runs, each in a fresh process")
    print(f"{'messages':>10} {'task':8} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'cpu ms/1k':>10} {'MB/1k':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        folder = WORK / f"p{size}"
        export = make_programme(folder, size)

        def empty(folder: Path = folder) -> None:
            shutil.rmtree(folder / ".whatsapp-ingest", ignore_errors=True)
            shutil.rmtree(folder / "out", ignore_errors=True)

        tasks = {"parse": ([sys.executable, "-m", "whatsapp_ingest", "parse", str(export), "-o",
                            str(WORK / "parse.csv")], None)}
        if args.whatstk:
            tasks["whatstk"] = ([sys.executable, "-c", WHATSTK_CSV, str(export), str(WORK / "whatstk.csv"),
                                 WHATSTK_HFORMAT], None)
        if not args.skip_ingest:
            tasks["ingest"] = ([sys.executable, "-m", "whatsapp_ingest", "ingest", str(folder)], empty)
        for task, (argv, before) in tasks.items():
            runs = [run_once(argv, before) for _ in range(args.runs)]
            f = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"{size:>10,} {task:8} {f['wall']:8.2f} {f['cpu']:8.2f} {f['peak_mb']:8.0f} "
                  f"{f['cpu'] / size * 1e6:10.2f} {f['peak_mb'] / size * 1000:7.2f}", flush=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
