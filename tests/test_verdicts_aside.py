"""The rules' verdicts decided by a forked child while the parent stores (figures/verdicts_aside.py):
the outputs of one process to the byte whatever the child does (helps, dies, lies, hangs), no
process left behind, and a Ctrl-C while it works stops everything as before."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from ingest_helpers import GROUP, INTERRUPTED, android, drop, interrupt_beside_child, make_program, process_alive

from whatsapp_ingest.export.read import file_digest
from whatsapp_ingest.figures import verdicts_aside
from whatsapp_ingest.figures.verdicts import CACHE_LIMIT, KnownVerdicts, Verdicts, verdict_key
from whatsapp_ingest.programme.program import load_program
from whatsapp_ingest.programme.ruleset import load_rules, parse_rules

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the child needs os.fork")
DEMO = Path(__file__).resolve().parent.parent / "sample_exports" / "bimlat-demo"

# `ingest FOLDER --quiet` with the rules' child forked or not (argv[2]), and told what to do;
# argv[3] is a file that gets a JSON line per event: the child's pid, and how many verdicts the
# figures took from it. The charts are painted here (their own child is tested elsewhere).
INGEST = """
import json, os, signal, sys
from whatsapp_ingest import forking
from whatsapp_ingest.figures import verdicts, verdicts_aside
from whatsapp_ingest.report import write
folder, mode, log = sys.argv[1], sys.argv[2], sys.argv[3]
write.fork_pays = lambda: False
forking.fork_pays = lambda: mode != "one"
parent = os.getpid()

def say(**event):
    with open(log, "a", encoding="utf-8") as out:
        out.write(json.dumps(event) + "\\n")

real_start = forking.Aside.start
def start(self):
    real_start(self)
    if os.getpid() == parent and self.pid:
        say(child=self.pid)
forking.Aside.start = start
real_prime = verdicts.Verdicts.prime
def prime(self, known):
    taken = real_prime(self, known)
    say(primed=taken)
    return taken
verdicts.Verdicts.prime = prime
real_decided = verdicts_aside._decided
def decided(*args):
    if mode == "dies":
        os.kill(os.getpid(), signal.SIGKILL)
    if mode == "garbage":
        return b"\\x00 not what was asked \\xff"
    if mode == "lies":   # well formed, every verdict "counts" under a rule that does not exist
        got = json.loads(real_decided(*args))
        got["verdicts"] = [[True, "aturan palsu", "attend", [], "", "", ""] for _ in got["verdicts"]]
        return json.dumps(got).encode()
    if mode == "hangs":   # until the parent stops it (argv[4]: a pipe to say its pid, argv[5]: never written)
        if len(sys.argv) > 5:
            os.write(int(sys.argv[4]), f"{os.getpid()}\\n".encode())
            os.read(int(sys.argv[5]), 1)
        while True:
            signal.pause()
    return real_decided(*args)
verdicts_aside._decided = decided
if mode == "hangs" and len(sys.argv) <= 5:
    verdicts_aside.WAIT = 0   # (the parent does not wait for a child that has not ended)
from whatsapp_ingest.cli import app
app(prog_name="whatsapp-ingest", args=["ingest", folder, "--quiet"])
"""


def ingest(folder: Path, mode: str, *extra: str, **popen: object) -> tuple[subprocess.CompletedProcess[str],
                                                                        list[dict[str, int]]]:
    """`ingest` through the command line with the child in `mode`; the process and its events."""
    log = folder.parent / f"{folder.name}.{mode}.log"
    log.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", INGEST, str(folder), mode, str(log), *extra], capture_output=True,
                          text=True, timeout=300, **popen)
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    log.unlink(missing_ok=True)
    return done, events


def out_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "out").iterdir())}


RULES = '''
description = "uji: absen pagi, tugas LK, file ditinjau"

[activity]
mode = "rollcall"
label = "tidak dipakai"

[[rule]]
name = "dihapus"
action = "ignore"
kinds = ["deleted"]

[[rule]]
name = "tanya"
action = "absent"
kinds = ["message"]
pattern = '\\?'

[[rule]]
name = "absen pagi"
action = "attend"
pattern = '(?i)\\b(hadir|absen)\\b'

[[rule]]
name = "lembar kerja"
action = "submit"
fields = ["text", "attachment"]
pattern = '(?i)\\bLK[\\s._-]*(?P<n>[1-3])\\b'
task = "LK.{n}"
review = "lembar kerja: periksa isinya"
review_en = "a worksheet: check what it holds"

[[rule]]
name = "foto"
action = "attend"
kinds = ["media"]
'''
TASKS = '[[tasks]]\nid = "LK.1"\ndue = 2020-04-10\n[[tasks]]\nid = "LK.2"\ndue = 2020-04-17\n'
PEOPLE = ["Rina Wulandari", "Siti Aminah", "Neneng Hasanah", "Dedi Kurniawan", "Yanti Rohayati", "Asep Saepudin"]
SAYS = ["Hadir bu", "absen pagi 🙏", "LK 1 saya kirim", "LK-2 sudah bu?", "Assalamualaikum", "<Media tidak disertakan>",
        "LK 1.docx (file terlampir)\nLK 1 Rina", "Pesan ini telah dihapus", "Menunggu pesan ini", "Baik bu, terima kasih",
        "hadir, LK.2 menyusul", "lk_3 revisi"]


def custom_programme(folder: Path) -> None:
    """A programme with its own rule file, tasks, a roster with one supervisor and a departed member,
    and two overlapping exports (the second holds the first and a week more), with an unknown sender."""
    roster = "no,name,aliases,role,status\n" + "".join(
        f"{i},{name},,{'pembimbing' if i == 5 else 'peserta'},{'mundur' if i == 6 else 'aktif'}\n"
        for i, name in enumerate(PEOPLE, 1))
    program = make_program(folder, roster, f'rules = "aturan.toml"\n{TASKS}')
    (folder / "aturan.toml").write_text(RULES, encoding="utf-8")
    start = datetime(2020, 4, 6, 6, 30)
    chat = [((start + timedelta(minutes=97 * i)).isoformat(" ", "minutes"),
             PEOPLE[i % 6] if i % 13 else "Orang Lain", f"{SAYS[i % len(SAYS)]}{' ' + str(i) if i % 4 else ''}")
            for i in range(240)]
    drop(program, f"WhatsApp Chat with {GROUP}.txt", android(*chat[:150]))
    drop(program, f"WhatsApp Chat with {GROUP} (1).txt", android(*chat))


def copies(tmp_path: Path, make: object, *names: str) -> list[Path]:
    """The same programme folder made once per name."""
    folders = []
    for name in names:
        folder = tmp_path / name
        if make == "demo":
            shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("out", ".whatsapp-ingest"))
        else:
            custom_programme(folder)
        folders.append(folder)
    return folders


def same_run(one: subprocess.CompletedProcess[str], other: subprocess.CompletedProcess[str], here: Path,
             there: Path) -> None:
    assert (other.returncode, other.stdout, other.stderr.replace(str(there), str(here))) == (
        one.returncode, one.stdout, one.stderr), other.stderr


@pytest.mark.parametrize("make", ["demo", "custom"])
def test_the_childs_verdicts_give_the_outputs_of_one_process_to_the_byte(tmp_path: Path, make: str) -> None:
    alone, helped = copies(tmp_path, make, "alone", "helped")
    one, events = ingest(alone, "one")
    assert one.returncode == 0, one.stderr
    assert events == []   # no child, nothing primed
    two, events = ingest(helped, "child")
    same_run(one, two, alone, helped)
    assert out_files(helped) == out_files(alone)
    child, primed = events[0]["child"], events[1]["primed"]
    assert primed > 10 and not process_alive(child)
    rerun, events = ingest(helped, "child")   # nothing new: no export stored, no child forked
    assert rerun.returncode == 0 and events == []


@pytest.mark.parametrize("mode", ["dies", "garbage", "lies", "hangs"])
def test_a_child_that_dies_lies_or_hangs_changes_nothing_and_is_not_left_behind(tmp_path: Path, mode: str) -> None:
    alone, helped = copies(tmp_path, "custom", "alone", "helped")
    one, _ = ingest(alone, "one")
    assert one.returncode == 0, one.stderr
    two, events = ingest(helped, mode)
    same_run(one, two, alone, helped)
    assert out_files(helped) == out_files(alone)
    assert [e for e in events if e.get("primed")] == []   # nothing taken from it
    assert not process_alive(events[0]["child"])


@pytest.mark.parametrize("whom", ["group", "parent"])
def test_ctrl_c_while_the_child_decides_leaves_no_outputs_and_no_process(tmp_path: Path, whom: str) -> None:
    hit, reference = copies(tmp_path, "custom", "hit", "reference")
    log = tmp_path / "events.log"
    code, err, child = interrupt_beside_child([sys.executable, "-c", INGEST, str(hit), "hangs", str(log)], whom)
    assert not process_alive(child)   # stopped and reaped by the parent
    assert code == 130, err
    assert err.splitlines()[-1] == INTERRUPTED
    assert "Traceback" not in err
    assert not (hit / "out").exists()
    again, _ = ingest(hit, "child")
    done, _ = ingest(reference, "one")
    assert again.returncode == done.returncode == 0
    assert out_files(hit) == out_files(reference)


def test_the_child_decides_every_counted_key_as_the_rules_do(tmp_path: Path) -> None:
    (folder,) = copies(tmp_path, "custom", "p")
    program = load_program(folder)
    rules = load_rules(program.rules, program.folder, program.program_toml)
    first = sorted(program.inbox.iterdir())[0]
    verdicts = verdicts_aside._read(verdicts_aside._decided(program, rules, first, file_digest(first), None))
    # both exports read (the second holds a week more), only counted participants, never a notice
    texts = {key[1] for key in verdicts}
    assert {"LK 1 saya kirim 2", "absen pagi 🙏 229"} <= texts   # (229: in the second export only)
    # "Menunggu pesan ini": the rules read no text of it
    assert ("media", "", "") in verdicts and not any(t.startswith("Menunggu") for t in texts)
    # written by the unknown sender (13), the supervisor (4, 10), no one counted: not decided
    assert not {"absen pagi 🙏 13", "Assalamualaikum 4", "hadir, LK.2 menyusul 10"} & texts
    assert ("attachment", "LK 1.docx (file terlampir)\nLK 1 Rina 6", "LK 1.docx") in verdicts
    assert all(verdict == rules.classify(*key) for key, verdict in verdicts.items())


def test_the_keys_are_at_most_what_the_cache_keeps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder,) = copies(tmp_path, "custom", "p")
    program = load_program(folder)
    first = sorted(program.inbox.iterdir())[0]
    monkeypatch.setattr("whatsapp_ingest.figures.verdicts.CACHE_LIMIT", 7)
    assert len(list(verdicts_aside._keys(program, first, file_digest(first), None))) == 7


GOOD = {"verdicts": [[True, "absen pagi", "attend", [], "", "", ""],
                     [False, "", "submit", ["LK.1"], "lembar kerja", "periksa", "lembar kerja"]],
        "kinds": ["message", "attachment"], "texts": ["hadir", ""], "attachments": ["", "LK 1.docx"], "verdict": [0, 1]}


@pytest.mark.parametrize("change", [
    {"verdicts": [[1, "x", "attend", [], "", "", ""]] * 2},          # counts not a bool
    {"verdicts": [[True, "x", "terbang", [], "", "", ""]] * 2},      # no such action
    {"verdicts": [[True, "x", "attend", [3], "", "", ""]] * 2},      # a task not text
    {"verdicts": [[True, "x", "attend", [], "", ""]] * 2},           # a field missing
    {"verdicts": None},
    {"kinds": ["system", "attachment"]},                            # a notice: never decided by the rules
    {"kinds": ["message", ["attachment"]]},
    {"kinds": ["message"]},                                         # columns of other lengths
    {"texts": ["hadir", None]},
    {"attachments": {"": 0, "LK 1.docx": 1}},
    {"verdict": [0, 2]},                                            # no such verdict
    {"verdict": [-1, 0]},
    {"verdict": [True, 1]},                                         # an index that is a bool
    {"verdict": [0, 1.0]},
    {"kinds": ["message", "message"], "texts": ["hadir", "hadir"], "attachments": ["", ""]},   # one key twice
])
def test_anything_odd_in_what_comes_back_is_refused(change: dict[str, object]) -> None:
    assert len(verdicts_aside._read(json.dumps(GOOD).encode())) == 2
    with pytest.raises((ValueError, TypeError, KeyError)):
        verdicts_aside._read(json.dumps({**GOOD, **change}).encode())


@pytest.mark.parametrize("data", [b"", b"\xff", b"[]", b"{}", json.dumps(list(GOOD.values())).encode(),
                                  json.dumps({**GOOD, "verdict": None}).encode()])
def test_what_is_not_the_childs_json_is_refused(data: bytes) -> None:
    with pytest.raises((ValueError, TypeError, KeyError)):
        verdicts_aside._read(data)


def test_verdicts_are_primed_only_from_the_same_rule_set_and_up_to_the_cache_limit() -> None:
    rules = parse_rules(RULES, "aturan.toml")
    key = verdict_key("message", "Hadir bu", "")
    decided = {key: rules.classify(*key)}
    verdicts = Verdicts(rules, ())
    assert verdicts.prime(KnownVerdicts(parse_rules(RULES, "aturan.toml"), decided)) == 1
    other = parse_rules(RULES.replace("hadir|absen", "hadir"), "aturan.toml")
    assert Verdicts(rules, ()).prime(KnownVerdicts(other, decided)) == 0
    many = {verdict_key("message", f"teks {i}", ""): decided[key] for i in range(CACHE_LIMIT + 5)}
    full = Verdicts(rules, ())
    assert full.prime(KnownVerdicts(rules, many)) == CACHE_LIMIT - 1 == len(full.cache)


@pytest.mark.parametrize(("name", "text"), [("aturan.toml", RULES + '[[rule]]\nname = "rusak"\naction = "attend"\npattern = "(?"\n'),
                                            ("overrides.csv", "no,date,mark\nsatu,2020-04-07,I\n")])
def test_a_broken_file_is_the_error_of_one_process_with_or_without_the_child(tmp_path: Path, name: str,
                                                                             text: str) -> None:
    alone, helped = copies(tmp_path, "custom", "alone", "helped")
    for folder in (alone, helped):
        (folder / name).write_text(text, encoding="utf-8")
    one, _ = ingest(alone, "one")
    two, events = ingest(helped, "child")
    assert one.returncode in (1, 2) and one.stderr.splitlines()[-1].startswith("kesalahan: "), one.stderr
    same_run(one, two, alone, helped)
    assert not (helped / "out").exists()
    # a rule set that cannot be loaded forks no child (the figures say what is wrong, as always)
    assert [e for e in events if "child" in e] == ([] if name == "aturan.toml" else [events[0]])
    assert not any(process_alive(e["child"]) for e in events if "child" in e)
