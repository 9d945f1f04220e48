"""Benchmark: the peak memory of storing and of the figures, each in its own fresh process.

    python benchmarks/bench_stages.py [--sizes 50000,200000,500000]

For each size it writes the `bench_weekly.py` programme (one Indonesian Android export, the
110-member roster) into `benchmarks/.work/stages/` (not tracked), then runs in fresh processes:

  store    `run_ingest`: read, parse, check and store the export (empty store)
  figures  `build_results`: every table from the stored messages (nothing written)

and prints CPU seconds and the peak memory (the child's own ru_maxrss) of each, so that the stage
whose memory grows with the messages shows.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_weekly import make_programme, run_once  # noqa: E402

WORK = Path(__file__).resolve().parent / ".work" / "stages"
STAGE = """
import sys
from pathlib import Path
from whatsapp_ingest.programme.program import load_program
program = load_program(Path(sys.argv[2]))
if sys.argv[1] == "store":
    from whatsapp_ingest.store.ingest import run_ingest
    run_ingest(program)
else:
    from whatsapp_ingest.figures.aggregate import build_results
    build_results(program)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50000,200000,500000")
    args = parser.parse_args()
    print(f"{'messages':>10} {'stage':8} {'cpu s':>8} {'peak MB':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        folder = WORK / f"p{size}"
        make_programme(folder, size)
        for stage in ("store", "figures"):
            f = run_once([sys.executable, "-c", STAGE, stage, str(folder)])
            print(f"{size:>10,} {stage:8} {f['cpu']:8.2f} {f['peak_mb']:8.0f}", flush=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
