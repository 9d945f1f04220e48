"""A kill while `ingest --date-order MDY` re-reads the inbox, then a plain `ingest`: the store holds
every message once, in the one order asked for, never two orders mixed (a real SIGKILL of a fork)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from ingest_helpers import make_program, stored

from whatsapp_ingest.programme.program import load_program
from whatsapp_ingest.store import db, ingest

ROSTER = "no,name\n1,Budi\n2,Ani\n"


def undecidable(start_day: int) -> str:
    """Android, one date (both fields 1-12) and no other evidence: the order cannot be told from the file."""
    return "".join(f"04/{start_day:02d}/20 08.{m:02d} - {'Budi' if m % 2 else 'Ani'}: hadir\n" for m in range(4))


def fill(folder: Path):
    make_program(folder, ROSTER)
    toml = folder / "program.toml"   # a year long, so the programme's dates cannot tell the order either
    toml.write_text(toml.read_text(encoding="utf-8").replace("start = 2020-04-06", "start = 2020-01-01")
                    .replace("end = 2020-04-30", "end = 2020-12-31"), encoding="utf-8")
    program = load_program(folder)
    for i, day in enumerate((1, 5, 9)):
        (program.inbox / f"WhatsApp Chat with Bimlat PTK Cipocok ({i}).txt").write_text(undecidable(day), encoding="utf-8")
    return program


def test_a_killed_reread_is_finished_in_the_same_order(tmp_path: Path) -> None:
    program = fill(tmp_path / "killed")
    ingest.run_ingest(program)   # read day first (the default when the files cannot show it)
    pid = os.fork()
    if pid == 0:
        try:
            calls = [0]
            real = ingest.ingest_file

            def store_then_die(*args, **kwargs):
                result = real(*args, **kwargs)
                calls[0] += 1
                if calls[0] == 1:   # one file re-read and stored, the others not yet
                    os.kill(os.getpid(), signal.SIGKILL)
                return result

            ingest.ingest_file = store_then_die
            ingest.run_ingest(program, date_order="MDY")
            os._exit(0)
        except BaseException:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    ingest.run_ingest(program)   # the plain weekly run after the kill

    clean = fill(tmp_path / "clean")
    ingest.run_ingest(clean, date_order="MDY")
    assert stored(program) == stored(clean)
    assert len(stored(program)) == 12
    assert {row[1][:10] for row in stored(program)} == {"2020-04-01", "2020-04-05", "2020-04-09"}   # month first
    conn = db.connect(program)
    try:
        assert db.remembered_date_order(conn) == "MDY"
    finally:
        conn.close()
