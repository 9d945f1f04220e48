"""An iPhone caption written as its own message after a file: one sending, through the store.

The parser marks the caption (`caption_of`), the store keeps the mark, and the figures fold the
caption into the file's row (figures/captions.py): the task counts once and the day holds one
message, exactly as for the Android export of the same chat, where file and caption are one message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import ANDROID_NAME, android, drop, ios, make_program
from typer.testing import CliRunner

from whatsapp_ingest.cli import app
from whatsapp_ingest.figures.aggregate import build_results
from whatsapp_ingest.figures.captions import fold_captions

runner = CliRunner()
ROSTER = "no,name\n1,Rina\n2,Siti\n"
TASKS = '\n[[tasks]]\nid = "PR.1"\ndue = 2020-04-08\n\n[[tasks]]\nid = "TT.1"\ndue = 2020-04-08\n'
IPHONE = ios(("2020-04-07 08:00:05", "Rina", "\u200e<attached: 00000012-PHOTO-2020-04-07-08-00-05.jpg>"),
             ("2020-04-07 08:00:05", "Rina", "PR 1 saya, Bu"),
             ("2020-04-07 08:00:05", "Siti", "selamat pagi"),
             ("2020-04-07 09:00:00", "Siti", "\u200e<attached: 00000013-TT1_Siti.docx>"),
             ("2020-04-07 09:00:00", "Siti", "TT 1 saya"))
ANDROID = android(("2020-04-07 08:00:00", "Rina", "IMG-20200407-WA0001.jpg (file terlampir)\nPR 1 saya, Bu"),
                  ("2020-04-07 08:00:00", "Siti", "selamat pagi"),
                  ("2020-04-07 09:00:00", "Siti", "TT1_Siti.docx (file terlampir)\nTT 1 saya"))


@pytest.mark.parametrize("name,text", [("WhatsApp Chat - Bimlat PTK Cipocok.txt", IPHONE), (ANDROID_NAME, ANDROID)],
                         ids=["iphone", "android"])
def test_a_file_and_its_caption_count_once_on_either_phone(tmp_path: Path, name: str, text: str) -> None:
    program = make_program(tmp_path, ROSTER, extra=TASKS)
    drop(program, name, text)
    result = runner.invoke(app, ["ingest", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    results = build_results(program)
    sent = {(r.no, r.task): (r.status, r.submissions) for r in results.submissions.itertuples()}
    assert sent == {(1, "PR.1"): ("on_time", 1), (1, "TT.1"): ("not_due", 0),
                    (2, "PR.1"): ("not_due", 0), (2, "TT.1"): ("on_time", 1)}
    day = results.daily[results.daily["date"].astype(str) == "2020-04-07"]
    assert day[["no", "messages", "active"]].values.tolist() == [[1, 1, 1], [2, 2, 1]]


def row(no, stamp, author, kind, text, details=""):
    return (no, stamp, author, author, kind, text, "", False, "", details, "chat.txt", 1)


def test_fold_keeps_order_and_folds_only_the_same_senders_caption_in_the_same_second() -> None:
    caption = '{"caption_of": "1"}'
    rows = [row(1, "2020-04-07T08:00:05", "Rina", "attachment", "<attached: a.pdf>"),
            row(2, "2020-04-07T08:00:05", "Siti", "message", "halo", caption),       # another sender: kept
            row(1, "2020-04-07T08:00:05", "Rina", "message", "PR 1", caption),        # folded
            row(1, "2020-04-07T08:00:06", "Rina", "message", "PR 2", caption),        # next second: kept
            row(None, "2020-04-07T08:00:07", "Tamu", "media", ""),
            row(None, "2020-04-07T08:00:07", "Tamu", "message", "foto", caption)]     # unknown sender: folded too
    assert [(r[0], r[4], r[5]) for r in fold_captions(rows)] == [
        (1, "attachment", "<attached: a.pdf>\nPR 1"), (2, "message", "halo"), (1, "message", "PR 2"),
        (None, "media", "foto")]
