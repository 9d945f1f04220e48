"""Benchmark: the READ stage on a ~80 MB export, `classify` per call, and the shape filter per body.

    python benchmarks/bench_classify.py [--messages N] [--runs R]

Prints medians. Targets: decoding a 1,000,000-message export well under a second; `classify`
returning None for an ordinary chat line well under 1 µs. For scale it also prints a bare
`body.split()` and an empty function call on the same machine (shared machines vary a lot).
The parser calls `classify` only on the bodies `may_be_notices` picks out of a chunk (~650
bodies at a time); its cost per body is printed for a mix of typical bodies.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import timeit
import zipfile
from pathlib import Path

from whatsapp_ingest.export.classify import classify, classify_authorless, may_be_notices
from whatsapp_ingest.export.read import read_export

LRM = "\u200e"
LINE = "06/04/20 08.15 - Bu Siti Nurhaliza: Baik bu, terima kasih {} silakan kirim tugasnya\n"
BODIES = {
    "plain, short": ("Baik bu, terima kasih 🙏", True),
    "plain, 110 chars": ("Assalamualaikum wr wb, bapak ibu peserta bimlat, silakan kirim tugas proposal PTK hari "
                         "ini ya sebelum jam 16.00", True),
    "plain, 600 chars": (" ".join(["materi siklus refleksi rpp guru madrasah"] * 15), True),
    "plain, a key word": ("Saya sudah keluar dari kelas, nanti saya kirim", True),
    "media placeholder": ("<Media tidak disertakan>", True),
    "attachment": ("Laporan PTK 12.pdf (file terlampir)", True),
    "iOS notice": (LRM + "Budi menambahkan Ani", True),
    "edited": ("Baik bu, sudah saya kirim <Pesan ini diedit>", True),
    "encryption": ("Pesan dan panggilan dienkripsi secara end-to-end. Tidak seorang pun di luar chat ini, termasuk "
                   "WhatsApp, yang dapat membaca atau mendengarkannya. Ketuk untuk mempelajari selengkapnya.", True),
}
AUTHORLESS = {
    "authorless, a message line": "Budi: Baik bu, terima kasih 🙏",
    "authorless, a notice": "Budi keluar",
}


def per_call(fn, *args, number: int, runs: int) -> float:
    """Median ns per call over `runs` repeats of `number` calls."""
    return statistics.median(t / number * 1e9 for t in timeit.repeat(lambda: fn(*args), number=number, repeat=runs))


def bench_classify(runs: int) -> None:
    print("classify (ns per call, median)")
    print(f"  {'empty function call':28} {per_call(lambda: None, number=500_000, runs=runs):8.0f}")
    short = BODIES["plain, short"][0]
    print(f"  {'bare split, short body':28} {per_call(short.split, number=500_000, runs=runs):8.0f}")
    for name, (body, has_author) in BODIES.items():
        number = 200_000 if name.startswith("plain") else 20_000
        print(f"  {name:28} {per_call(classify, body, has_author, number=number, runs=runs):8.0f}")
    for name, line in AUTHORLESS.items():
        print(f"  {name:28} {per_call(classify_authorless, line, number=100_000, runs=runs):8.0f}")


def bench_filter(runs: int) -> None:
    """ns per body of `may_be_notices` on chunks of 650 bodies: all ASCII, and with emoji in some."""
    print("may_be_notices (ns per body, median; chunks of 650 bodies)")
    plain = [BODIES["plain, 110 chars"][0], "Hadir pak", "Terima kasih bu", BODIES["plain, a key word"][0],
             "Saya mau bertanya\ntentang siklus 2", "<Media tidak disertakan>", "Laporan PTK 12.pdf (file terlampir)"]
    for name, bodies in (("ascii bodies", plain * 93), ("1 in 7 with an emoji", [*plain[1:], "Baik bu 🙏"] * 93)):
        multiline = [b.count("\n") for b in bodies]
        per = per_call(may_be_notices, bodies, multiline, number=200, runs=runs) / len(bodies)
        print(f"  {name:28} {per:8.0f}   ({len(may_be_notices(bodies, multiline))} of {len(bodies)} picked)")


def bench_read(messages: int, runs: int) -> None:
    print(f"read_export of {messages:,} messages (s, median of {runs})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = {
            "utf-8, emoji on every line": LINE.format("🙏") * messages,
            "utf-8, ascii only": LINE.format(":)") * messages,
        }
        for name, text in cases.items():
            data = text.encode("utf-8")
            path = folder / "chat.txt"
            path.write_bytes(data)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                read_export(path)
                times.append(time.perf_counter() - start)
            print(f"  {name:28} {len(data) / 1e6:6.1f} MB  {statistics.median(times):6.3f} s")
            if name.startswith("utf-8, emoji"):
                zipped = folder / "chat.zip"
                with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
                    zf.writestr("_chat.txt", data)
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    read_export(zipped)
                    times.append(time.perf_counter() - start)
                print(f"  {'same, as an iOS zip':28} {zipped.stat().st_size / 1e6:6.1f} MB  "
                      f"{statistics.median(times):6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bench_classify(args.runs)
    bench_filter(args.runs)
    bench_read(args.messages, args.runs)


if __name__ == "__main__":
    main()
