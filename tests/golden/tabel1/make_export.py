"""Write the exports that reproduce Tabel 1 of the bimlat PTK paper (6–30 April 2020).

Run `python tests/golden/tabel1/make_export.py` to regenerate the files in inbox/; the tests import
`events()` and `ACTIVE` from here, so the data the exports hold and what the tests expect are
reviewable in one place.

Eleven teachers (no 1–11), weekly active-day counts exactly as in Tabel 1; a supervisor
(pembimbing, no 15) who writes every working day; three honorary teachers (no 12–14) who write on
days 1–2 and leave on day 3 (status mundur); messages on weekends (consultation days, not counted);
a deleted message on a day its author is otherwise silent; WhatsApp's notices (group created,
added, left, encryption, and iOS notices written under a person's name); an unknown sender.

Two overlapping exports, as a supervisor collects them:
- Android, Indonesian, without media (`06/04/20 08.15 - Nama: teks`), 5–24 April, from the
  supervisor's phone: teacher 8 is not in his contacts and appears as her phone number;
- iPhone, Indonesian, a .zip with `_chat.txt` (`[20/04/20 08.15.32] Nama: teks`), 18 April – 30 April,
  from teacher 6's phone: she moved to a new iPhone on 18 April without restoring her chats, so her
  export starts there; the supervisor is saved as "Pak Mulyadi Pengawas", teacher 8 by name.
"""

from __future__ import annotations

import random
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
GROUP = "Bimlat PTK Cipocok"
ANDROID_FILE = f"Chat WhatsApp dengan {GROUP}.txt"
IOS_FILE = f"WhatsApp Chat - {GROUP}.zip"
ANDROID_END = datetime(2020, 4, 24, 23, 59)
IOS_START = datetime(2020, 4, 18, 0, 0)
LRM = "\u200e"

NAMES = {
    1: "Ahmad Fauzi", 2: "Siti Rohmah", 3: "Nurhayati", 4: "Dedi Supriadi", 5: "Eka Rahmawati",
    6: "Rina Marlina", 7: "Hasanudin", 8: "Yuyun Yuningsih", 9: "Agus Salim", 10: "Euis Kurniasih",
    11: "Lilis Suryani", 12: "Tati Hartati", 13: "Ujang Rahmat", 14: "Neneng Hasanah", 15: "Drs. H. Mulyadi, M.Pd",
}
PHONE_8 = "+62 812-8765-4321"
ANDROID_NAME = {**NAMES, 3: "Bu Nurhayati", 8: PHONE_8, 15: "Mulyadi"}
IOS_NAME = {**NAMES, 3: "Bu Nurhayati", 15: "Pak Mulyadi Pengawas"}
UNKNOWN = "+62 857-7777-1234"

W1 = [date(2020, 4, d) for d in range(6, 11)]
W2 = [date(2020, 4, d) for d in range(13, 18)]
W3 = [date(2020, 4, d) for d in range(20, 25)]
W4 = [date(2020, 4, d) for d in range(27, 31)]


def _days(*groups: list[date]) -> frozenset[date]:
    return frozenset(d for group in groups for d in group)


# The working days on which each teacher writes (their counts per week are Tabel 1's).
ACTIVE: dict[int, frozenset[date]] = {
    1: _days(W1[2:], W2, W3, W4),
    2: _days(W1[2:], W2, W3, W4),
    3: _days(W1, W2[:1]),
    4: _days(W1, W2, W3),
    5: _days(W1, W2, W3, W4),
    6: _days(W1, W2, W3, W4),
    7: _days(W1, W2, W3[:1]),
    8: _days(W1, W2, [W3[0], W3[2]]),
    9: _days([W1[0]], W1[2:], [W2[0], W2[2]]),
    10: _days(W1[:3]),
    11: _days(W1[:4], W2, W3, W4),
}
TABEL_1 = {1: (3, 5, 5, 4), 2: (3, 5, 5, 4), 3: (5, 1, 0, 0), 4: (5, 5, 5, 0), 5: (5, 5, 5, 4), 6: (5, 5, 5, 4),
           7: (5, 5, 1, 0), 8: (5, 5, 2, 0), 9: (4, 2, 0, 0), 10: (3, 0, 0, 0), 11: (4, 5, 5, 4)}

TASKS = {"PR.1": date(2020, 4, 8), "TT.1": date(2020, 4, 10), "PR.2": date(2020, 4, 14), "TT.2": date(2020, 4, 16),
         "PR.3": date(2020, 4, 17), "TT.3": date(2020, 4, 17), "PR.4": date(2020, 4, 22), "TT.4": date(2020, 4, 24),
         "PR.5": date(2020, 4, 28), "TT.5": date(2020, 4, 30)}

# How teachers write that they send a task: every spelling the rule set must recognise.
SUBMIT = ["Assalamualaikum Pak, berikut {PR}.{n} saya", "{PR} {n} sudah saya kerjakan pak, mohon koreksinya",
          "{pr}{n} terlampir", "{PR}-{n} Judul PTK: Upaya Meningkatkan Hasil Belajar", "{PR} ke-{n} saya kirim pak",
          "Izin mengumpulkan {long} {n}", "{long} ke {n} sudah selesai bapak"]
CHAT = ["Assalamualaikum wr. wb. hadir Pak", "Siap Pak, terima kasih materinya", "Baik pak, saya pelajari dulu",
        "Alhamdulillah sudah paham pak", "Mohon bimbingannya pak, rumusan masalah saya masih ragu",
        "Terima kasih ilmunya pak 🙏", "Selamat pagi bapak ibu, semangat WFH", "Nggih pak, siap",
        "Maaf baru gabung pak, tadi mengajar daring", "Pak, kalau siklusnya dua apakah cukup"]
SUPERVISOR = ["Assalamualaikum bapak ibu peserta bimlat, selamat pagi. Materi hari ini saya kirim ya",
              "Silakan dipelajari, yang belum mengumpulkan tugas segera dikirim",
              "Terima kasih bapak ibu, sampai jumpa besok"]


@dataclass(frozen=True)
class Event:
    """One line of the chat as it happened. `no` None: a notice or an unknown sender."""

    at: datetime
    no: int | None
    kind: str                      # message, media, attachment, deleted, system
    text: str = ""
    attachment: str = ""           # the document's file name (only the iPhone export keeps it)
    author: str = ""               # for an unknown sender, or a notice iOS writes under a name
    tasks: tuple[str, ...] = ()    # the tasks the text or file name names


def events() -> list[Event]:
    """Every event of the programme, in time order (deterministic)."""
    rng = random.Random(2020)
    out: list[Event] = [
        Event(datetime(2020, 4, 5, 19, 58, 12), None, "system", "Drs. H. Mulyadi, M.Pd membuat grup \"Bimlat PTK Cipocok\""),
        *[Event(datetime(2020, 4, 5, 20, 1, 5 + no), None, "system", f"Drs. H. Mulyadi, M.Pd menambahkan {NAMES[no]}")
          for no in (3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)],
        Event(datetime(2020, 4, 5, 20, 15, 40), 15, "message", "Assalamualaikum. Bimlat penyusunan PTK dimulai besok Senin 6 April 2020"),
        Event(datetime(2020, 4, 8, 6, 50, 3), None, "system", f"Drs. H. Mulyadi, M.Pd menambahkan {NAMES[1]}"),
        Event(datetime(2020, 4, 8, 6, 50, 9), None, "system", f"Drs. H. Mulyadi, M.Pd menambahkan {NAMES[2]}"),
    ]
    day = date(2020, 4, 5)
    submitted: dict[tuple[int, str], bool] = {}
    while day <= date(2020, 5, 1):
        at = datetime.combine(day, datetime.min.time())
        weekday = day.weekday() < 5 and day <= date(2020, 4, 30)
        if weekday:
            out.append(Event(at + timedelta(hours=7, minutes=30, seconds=rng.randrange(60)), 15, "message", SUPERVISOR[0]))
            out.append(Event(at + timedelta(hours=7, minutes=31, seconds=rng.randrange(60)), 15, "media", "", "MATERI.pdf"))
            if day.weekday() == 2:
                out.append(Event(at + timedelta(hours=16, minutes=rng.randrange(60)), 15, "message", SUPERVISOR[1]))
            out.append(Event(at + timedelta(hours=20, minutes=rng.randrange(60)), 15, "message", SUPERVISOR[2]))
        for no in range(1, 12):
            if day not in ACTIVE[no]:
                continue
            minute = 8 * 60 + rng.randrange(12 * 60)
            out.append(Event(at + timedelta(minutes=minute, seconds=rng.randrange(60)), no, "message", rng.choice(CHAT)))
            for task, due in TASKS.items():
                # most send a task in the two days before it is due; some send it after (late)
                late = (no * 3 + int(task[-1])) % 5 == 0
                opens = due + timedelta(days=1) if late else due - timedelta(days=2)
                if submitted.get((no, task)) or not (opens <= day <= due + timedelta(days=3)):
                    continue
                submitted[(no, task)] = True
                prefix, n = task.split(".")
                template = SUBMIT[(no + int(n) + (prefix == "TT")) % len(SUBMIT)]
                long = "Pekerjaan Rumah" if prefix == "PR" else "Tugas Teknis"
                text = template.format(PR=prefix, pr=prefix.lower(), n=n, long=long)
                when = at + timedelta(minutes=minute + 5 + int(n), seconds=rng.randrange(60))
                out.append(Event(when, no, "message", text, tasks=(task,)))
                out.append(Event(when + timedelta(seconds=20), no, "attachment", "",
                                 f"{prefix}{n}_{NAMES[no].split()[0]}.docx", tasks=(task,)))
        out += _extras(day)
        day += timedelta(days=1)
    return sorted(out, key=lambda e: e.at)


def _extras(day: date) -> list[Event]:
    """What must not count: withdrawn teachers, weekends, a deleted message, notices, an unknown sender."""
    at = datetime.combine(day, datetime.min.time())
    table = {
        date(2020, 4, 6): [Event(at.replace(hour=9, minute=12, second=41), 12, "message", "Hadir pak, Tati dari MIS Nurul Huda"),
                           Event(at.replace(hour=9, minute=40, second=2), 13, "message", "Ujang hadir pak"),
                           Event(at.replace(hour=10, minute=3, second=55), 14, "message", "Neneng hadir, terima kasih pak")],
        date(2020, 4, 7): [Event(at.replace(hour=8, minute=44, second=30), 12, "message", "Maaf pak, saya banyak tugas daring madrasah"),
                           Event(at.replace(hour=9, minute=5, second=11), 13, "message", "Izin pak, belum bisa ikut aktif")],
        date(2020, 4, 8): [Event(at.replace(hour=13, minute=10, second=1), None, "system", f"{NAMES[12]} keluar"),
                           Event(at.replace(hour=13, minute=22, second=45), None, "system", f"{NAMES[13]} keluar"),
                           Event(at.replace(hour=14, minute=2, second=7), None, "system", f"{NAMES[14]} keluar")],
        date(2020, 4, 11): [Event(at.replace(hour=10, minute=15, second=3), 10, "message", "Pak, hari Sabtu boleh konsultasi judul?"),
                            Event(at.replace(hour=10, minute=31, second=9), 3, "message", "Konsultasi PTK saya pak, sudah saya revisi")],
        date(2020, 4, 14): [Event(at.replace(hour=11, minute=0, second=44), 3, "deleted", "Pesan ini telah dihapus")],
        date(2020, 4, 16): [Event(at.replace(hour=15, minute=20, second=18), None, "message",
                                  "Assalamualaikum, mohon izin bergabung di grup bimlat pak", author=UNKNOWN)],
        date(2020, 4, 19): [Event(at.replace(hour=16, minute=45, second=27), 9, "message", "Maaf pak baru bisa buka WA, masih boleh ikut?")],
        date(2020, 4, 21): [Event(at.replace(hour=10, minute=2, second=13), None, "system",
                                  f"Kode keamanan Anda dengan {NAMES[10]} telah berubah. Ketuk untuk info selengkapnya.", author=NAMES[10])],
        date(2020, 4, 25): [Event(at.replace(hour=9, minute=8, second=50), 7, "message", "Pak, PTK saya lanjut di periode berikutnya ya")],
        date(2020, 4, 27): [Event(at.replace(hour=9, minute=14, second=2), None, "system",
                                  f"Kode keamanan Anda dengan {NAMES[9]} telah berubah. Ketuk untuk info selengkapnya.", author=NAMES[9])],
    }
    return table.get(day, [])


def android_text(items: list[Event]) -> str:
    """The supervisor's Android export (Indonesian, without media), 5–24 April."""
    lines = ["05/04/20 19.58 - Pesan dan panggilan dienkripsi secara end-to-end. Tidak seorang pun di luar chat ini, "
             "termasuk WhatsApp, yang dapat membaca atau mendengarkannya. Ketuk untuk mempelajari selengkapnya."]
    for e in items:
        if e.at > ANDROID_END or (e.kind == "system" and e.author):
            continue   # iOS writes some notices under a person's name; the Android phone saw none of these
        stamp = e.at.strftime("%d/%m/%y %H.%M")
        if e.kind == "system":
            # the export comes from the supervisor's phone: his own actions read "Anda …" ("You …")
            lines.append(f"{stamp} - {e.text.replace(NAMES[15] + ' ', 'Anda ', 1)}")
            continue
        author = e.author or ANDROID_NAME[e.no]
        body = {"media": "<Media tidak disertakan>", "attachment": "<Media tidak disertakan>"}.get(e.kind, e.text)
        lines.append(f"{stamp} - {author}: {body}")
    return "\n".join(lines) + "\n"


def ios_text(items: list[Event]) -> str:
    """Teacher 6's iPhone export (Indonesian, with media), 18 April – 1 May."""
    lines = [f"[18/04/20 00.00.01] {GROUP}: {LRM}Pesan dan panggilan dienkripsi secara end-to-end. Tidak seorang pun "
             f"di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya."]
    counter = 100
    for e in items:
        if e.at < IOS_START:
            continue
        stamp = e.at.strftime("[%d/%m/%y %H.%M.%S]")
        if e.kind == "system":
            lines.append(f"{stamp} {e.author or GROUP}: {LRM}{e.text}")
            continue
        author = e.author or IOS_NAME[e.no]
        counter += 1
        if e.kind == "attachment":
            body = f"{LRM}<terlampir: {counter:08d}-{e.attachment}>"
        elif e.kind == "media":
            body = f"{LRM}<terlampir: {counter:08d}-{e.attachment}>"
        elif e.kind == "deleted":
            body = f"{LRM}Pesan ini telah dihapus."
        else:
            body = e.text
        lines.append(f"{stamp} {author}: {body}")
    return "\r\n".join(lines) + "\r\n"


def write(folder: Path = HERE / "inbox") -> list[Path]:
    """Write both exports into `folder` (the zip with a fixed date so its bytes never change)."""
    folder.mkdir(parents=True, exist_ok=True)
    items = events()
    android = folder / ANDROID_FILE
    android.write_bytes(android_text(items).encode("utf-8"))
    ios = folder / IOS_FILE
    with zipfile.ZipFile(ios, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("_chat.txt", date_time=(2020, 5, 1, 7, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, ios_text(items).encode("utf-8"))
    return [android, ios]


if __name__ == "__main__":
    for path in write():
        print(f"wrote {path.relative_to(HERE)}")
