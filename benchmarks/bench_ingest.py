"""Benchmark of `ingest`: first run, a re-run with nothing new, and one more weekly export.

A programme of MESSAGES messages arrives as weekly exports that overlap as WhatsApp's do: each
export holds the newest CAP messages (WhatsApp's cap without media is 40,000), so consecutive
exports share most of their lines. Timed through `run_ingest` and the store, then as the whole
`ingest` command (`pipeline.run`: store, aggregation and every output). Prints medians and ratios.

    python benchmarks/bench_ingest.py [--messages 200000] [--per-week 8000] [--cap 40000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from whatsapp_ingest.store.ingest import run_ingest
from whatsapp_ingest.programme.program import Program, load_program
from whatsapp_ingest.store.db import load_messages

WORK = Path(__file__).resolve().parent / ".work" / "ingest"
GROUP = "Bimlat PTK Cipocok"
AUTHORS = ([f"Peserta {i:02d}" for i in range(1, 25)] + ["Pak Dedi", "~ Siti Aminah", "~ Nur Aini"]
           + [f"+62 812\u2011{3400 + i}\u2011{7890 + i}" for i in range(3)])
TEXTS = ["hadir", "ok", "terima kasih", "<Media tidak disertakan>", "PR.{n} sudah saya kirim",
         "Assalamualaikum, selamat pagi bapak ibu", "izin bertanya tentang siklus {n}\nterima kasih"]


def lines(count: int) -> list[str]:
    """`count` messages in the Indonesian Android shape, one every 75 seconds from 6 April 2020."""
    start = datetime(2020, 4, 6, 6, 0)
    out = []
    for i in range(count):
        when = start + timedelta(seconds=75 * i)
        text = TEXTS[i % len(TEXTS)].format(n=i % 5 + 1)
        out.append(f"{when:%d/%m/%y %H.%M} - {AUTHORS[(i * 7) % len(AUTHORS)]}: {text}\n")
    return out


def make_program(folder: Path) -> Program:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "inbox").mkdir(parents=True)
    (folder / "program.toml").write_text(
        f'name = "Benchmark"\ngroup = "{GROUP}"\nstart = 2020-04-06\nend = 2020-12-31\n', encoding="utf-8")
    return load_program(folder)


def drop_week(program: Program, all_lines: list[str], week: int, per_week: int, cap: int) -> None:
    end = min(week * per_week, len(all_lines))
    name = f"WhatsApp Chat with {GROUP}" + (f" ({week - 1})" if week > 1 else "") + ".txt"
    (program.inbox / name).write_text("".join(all_lines[max(0, end - cap):end]), encoding="utf-8")


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--per-week", type=int, default=8_000)
    parser.add_argument("--cap", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    weeks = -(-args.messages // args.per_week)
    all_lines = lines(args.messages + args.per_week)     # one more week to add at the end
    program = make_program(WORK / "program")
    for week in range(1, weeks + 1):
        drop_week(program, all_lines[: args.messages], week, args.per_week, args.cap)
    exported = sum(min(w * args.per_week, args.messages) - max(0, min(w * args.per_week, args.messages) - args.cap)
                   for w in range(1, weeks + 1))
    print(f"{args.messages:,} messages in {weeks} weekly exports of up to {args.cap:,} ({exported:,} lines to read)")

    firsts = []
    for _ in range(args.repeat):
        shutil.rmtree(program.state, ignore_errors=True)
        seconds, report = timed(lambda: run_ingest(program))
        firsts.append(seconds)
    assert report.messages_new == args.messages, report.messages_new
    first = statistics.median(firsts)
    print(f"first run            median {first:8.3f} s  ({args.messages / first:,.0f} stored messages/s)")

    reruns = [timed(lambda: run_ingest(program))[0] for _ in range(max(5, args.repeat))]
    rerun = statistics.median(reruns)
    print(f"re-run, nothing new  median {rerun:8.3f} s  = {rerun / first:6.2%} of the first run (target <= 5 %)")

    loads = [timed(lambda: load_messages(program))[0] for _ in range(args.repeat)]
    print(f"load_messages        median {statistics.median(loads):8.3f} s  (every stored message as one DataFrame: explain and tests; the figures stream instead)")

    # One more weekly export, on the full store and on a store of a few weeks: same cost = not the history.
    adds = {}
    few = max(1, min(5, weeks - 1))   # (a small programme: fewer weeks than five, and one is added)
    for label, held in (("full store", weeks), (f"{few}-week store", few)):
        costs = []
        for _ in range(args.repeat):
            small = make_program(WORK / "add")
            for week in range(1, held + 1):
                drop_week(small, all_lines, week, args.per_week, args.cap)
            run_ingest(small)
            drop_week(small, all_lines, held + 1, args.per_week, args.cap)
            seconds, report = timed(lambda: run_ingest(small))
            costs.append(seconds)
        adds[label] = statistics.median(costs)
        added = next(f for f in report.files if f.status == "new")
        print(f"add one week ({label:12}) median {adds[label]:8.3f} s  for {added.messages_new:,} new of "
              f"{added.messages_new + added.messages_known:,} read")
    print(f"ratio add-week full / {few}-week store: {adds['full store'] / adds[f'{few}-week store']:.2f} (about 1 = cost of the"
          " new export, not of the history)")

    # The whole `ingest` command as a supervisor runs it: store, then rebuild every output in out/.
    from whatsapp_ingest.figures.aggregate import build_results
    from whatsapp_ingest.pipeline import run

    seconds, _ = timed(lambda: build_results(program, report.warnings))
    print(f"aggregate.build_results      {seconds:8.3f} s  (for scale)")
    wholes = []
    for _ in range(args.repeat):
        shutil.rmtree(program.state, ignore_errors=True)
        shutil.rmtree(program.out, ignore_errors=True)
        wholes.append(timed(lambda: run(program))[0])
    whole = statistics.median(wholes)
    print(f"whole ingest, first run      median {whole:8.3f} s  (store + aggregate + CSV, XLSX, charts)")
    again = [timed(lambda: run(program))[0] for _ in range(max(5, args.repeat))]
    rerun = statistics.median(again)
    print(f"whole ingest, nothing new    median {rerun:8.3f} s  = {rerun / whole:6.2%} of the first run (target <= 5 %)")

if __name__ == "__main__":
    main()
