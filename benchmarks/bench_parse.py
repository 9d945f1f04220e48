"""Benchmark: parse a 1,000,000-message Indonesian Android export, against whatstk and a bare regex.

    python benchmarks/bench_parse.py [--messages N] [--runs R] [--skip-whatstk] [--keep FILE] [--library]

It writes a realistic export (`dd/mm/yy HH.MM - `, multi-line bodies, media placeholders,
attachments, deleted and edited messages, author-less notices, `~ ` names and phone numbers),
then runs, each in a fresh process, interleaved (one run of every task, then the next round):

  command      `whatsapp-ingest parse FILE -o OUT.csv`, the command a user types (whole process; on a
               multi-core machine it forks one process per core: their CPU time is counted in, and
               the peak memory is that of the largest process, the parent)
  whatstk-csv  whatstk reading the same file and writing its CSV (`from_source(...).to_csv`), whole process
  regex        reading the file + one compiled header regex with MULTILINE, finditer, touching each match

and with --library also, timed inside the process (imports excluded):

  ours     read_export + parse_export to Message records (the library call ingest makes)
  whatstk  whatstk.WhatsAppChat.from_source on the same file (given the header format)
  (--breakdown adds "ours-unclassified": ours with classification switched off)

It prints the median of R runs of each (time and peak memory: the child's own ru_maxrss, from
wait4) and the ratios against the targets: the command ≥ 6× (goal 10×) faster than whatstk's
read-and-write at ≤ half its memory. The machine may be shared: compare the ratios, which come
from runs made side by side, rather than the absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

BARE_HEADER = r"^(\d{1,2}/\d{1,2}/\d{2}) (\d{1,2}\.\d{2}) - "
WHATSTK_HFORMAT = "%d/%m/%y %H.%M - %name:"
# whatstk's own to-CSV script refuses files over 50 MB (its max_size default): the same two calls, unbounded.
WHATSTK_CSV = ("import sys, warnings\nwarnings.simplefilter('ignore')\nfrom whatstk import WhatsAppChat\n"
               "WhatsAppChat.from_source(filepath=sys.argv[1], hformat=sys.argv[3], max_size=None).to_csv(sys.argv[2])")

FIRST = ["Budi", "Siti", "Ahmad", "Dewi", "Rina", "Agus", "Wati", "Eko", "Nur", "Yanti", "Hendra", "Sri",
         "Joko", "Lestari", "Fajar", "Ayu", "Bambang", "Putri", "Rudi", "Indah"]
LAST = ["Santoso", "Rahayu", "Hidayat", "Lestari", "Wijaya", "Kusuma", "Saputra", "Pratama", "Nugroho", "S.Pd."]
WORDS = ("saya hadir pak bu terima kasih materi hari ini sudah dikirim tugas ptk mohon izin bertanya tentang "
         "siklus refleksi rpp guru madrasah kelas laporan penelitian tindakan bimbingan latihan").split()


def make_authors(rng: random.Random) -> list[str]:
    """~150 authors as exports write them: names, `~ ` names, phone numbers with U+2011 in marks."""
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(110)]
    names += [f"~\u00a0{rng.choice(FIRST)}" for _ in range(20)]
    names += [f"\u202a+62\u00a0{rng.randint(811, 899)}\u2011{rng.randint(1000, 9999)}\u2011{rng.randint(1000, 9999)}\u202c"
              for _ in range(20)]
    return names


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 14)))


def body(rng: random.Random, authors: list[str]) -> tuple[str, str]:
    """(author or "", text) of one message in the mix."""
    roll = rng.random()
    author = rng.choice(authors)
    if roll < 0.10:
        return author, "\n".join(sentence(rng) for _ in range(rng.randint(2, 6)))
    if roll < 0.18:
        return author, "<Media tidak disertakan>"
    if roll < 0.20:
        return author, f"Laporan PTK {rng.randint(1, 99)}.pdf (file terlampir)"
    if roll < 0.21:
        return author, "Pesan ini telah dihapus"
    if roll < 0.22:
        return author, sentence(rng) + " <Pesan ini diedit>"
    if roll < 0.23:
        who = rng.choice(authors).lstrip("~\u00a0")
        return "", rng.choice([f"{who} keluar", f"{who} bergabung menggunakan tautan undangan grup ini",
                               f"Anda menambahkan {who}"])
    return author, sentence(rng)


def write_export(path: Path, messages: int, seed: int = 2020) -> None:
    """Write an Indonesian Android export of `messages` messages to `path`."""
    rng = random.Random(seed)
    authors = make_authors(rng)
    when = datetime(2020, 4, 6, 7, 0)
    lines = ["06/04/20 07.00 - Pesan dan panggilan dienkripsi secara end-to-end. Tidak seorang pun di luar "
             "chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya. Ketuk untuk info selengkapnya."]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for i in range(messages - 1):
            when += timedelta(minutes=rng.choice((0, 0, 1, 1, 2, 3, 5)))
            author, text = body(rng, authors)
            stamp = f"{when:%d/%m/%y %H.%M} - "
            lines.append(stamp + (f"{author}: {text}" if author else text))
            if len(lines) >= 10000:
                out.write("\n".join(lines) + "\n")
                lines = []
        out.write("\n".join(lines) + "\n")


def run_child(task: str, path: Path) -> dict[str, float]:
    """Time one in-library task in this (fresh) process; return seconds and what it found."""
    start = time.perf_counter()
    if task in ("ours", "ours-unclassified"):
        from whatsapp_ingest.export.parse import parse_export
        from whatsapp_ingest.export.read import read_export

        if task == "ours-unclassified":  # for the breakdown only: every body an ordinary message
            from whatsapp_ingest.export import classify

            classify.may_be_notices = lambda bodies, multiline: []
            classify.classify = lambda body, has_author, ios=False: None
            classify.classify_authorless = lambda rest: None

        start = time.perf_counter()
        parsed = parse_export(read_export(path))
        found = len(parsed.messages)
    elif task == "regex":
        text = path.read_text(encoding="utf-8")
        found = 0
        for m in re.compile(BARE_HEADER, re.MULTILINE).finditer(text):
            m.start()
            found += 1
    else:
        import warnings

        from whatstk import WhatsAppChat

        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            chat = WhatsAppChat.from_source(filepath=str(path), hformat=WHATSTK_HFORMAT, max_size=None)
        found = len(chat.df)
    return {"seconds": time.perf_counter() - start, "found": found}


def command(task: str, path: Path, out: Path) -> list[str]:
    """The argv of one task."""
    if task == "command":
        return [sys.executable, "-m", "whatsapp_ingest", "parse", str(path), "-o", str(out)]
    if task == "whatstk-csv":
        return [sys.executable, "-c", WHATSTK_CSV, str(path), str(out), WHATSTK_HFORMAT]
    return [sys.executable, __file__, "--child", task, str(path)]


def run_once(argv: list[str]) -> dict[str, float]:
    """Run one fresh process: wall seconds, its own peak RSS in MB (wait4), and its JSON line if any."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed with exit code {child.returncode}")
    figures = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}
    if "--child" in argv:
        figures.update(json.loads(output))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-whatstk", action="store_true")
    parser.add_argument("--library", action="store_true", help="also time the library calls inside a process")
    parser.add_argument("--keep", type=Path, help="write the export here and keep it (an existing file is reused)")
    parser.add_argument("--breakdown", action="store_true",
                        help="also time our parse with classification switched off (what the notices cost)")
    parser.add_argument("--child", nargs=2, metavar=("TASK", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child[0], Path(args.child[1]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench_chat.txt"
        began = time.perf_counter()
        if not path.exists():
            write_export(path, args.messages)
        size = path.stat().st_size / 1e6
        print(f"export of {args.messages:,} messages ({size:.0f} MB) ready in {time.perf_counter() - began:.1f} s; "
              f"median of {args.runs} rounds, every task once per round, each in a fresh process")
        tasks = ["command"] + ([] if args.skip_whatstk else ["whatstk-csv"]) + ["regex"]
        if args.library:
            tasks += ["ours"] + (["ours-unclassified"] if args.breakdown else []) + (
                [] if args.skip_whatstk else ["whatstk"])
        runs: dict[str, list[dict[str, float]]] = {task: [] for task in tasks}
        for _ in range(args.runs):
            for task in tasks:
                runs[task].append(run_once(command(task, path, Path(tmp) / f"{task}.csv")))
    figures = {task: {key: statistics.median(r[key] for r in rs) for key in rs[0]} for task, rs in runs.items()}
    for task, f in figures.items():
        inside = f" (inside the process {f['seconds']:6.2f} s)" if "seconds" in f else ""
        print(f"  {task:17} wall {f['wall']:7.2f} s   cpu {f['cpu']:7.2f} s   peak {f['peak_mb']:7.0f} MB{inside}")
    if "whatstk-csv" in figures:
        ours, w = figures["command"], figures["whatstk-csv"]
        pairs = [b["wall"] / a["wall"] for a, b in zip(runs["command"], runs["whatstk-csv"])]
        print(f"parse command vs whatstk read + CSV: {w['wall'] / ours['wall']:.1f}x faster in wall time (medians; "
              f"per round {', '.join(f'{p:.1f}' for p in pairs)}), {w['cpu'] / ours['cpu']:.1f}x in CPU time "
              f"(target >= 6, goal 10); memory "
              f"{ours['peak_mb'] / w['peak_mb']:.2f} of whatstk's (target <= 0.5)")
    if "ours" in figures and "whatstk" in figures:
        print(f"library parse vs whatstk from_source, inside the process: "
              f"{figures['whatstk']['seconds'] / figures['ours']['seconds']:.1f}x faster")


if __name__ == "__main__":
    main()
