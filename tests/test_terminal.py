"""What `ingest` prints: the normal view, --quiet, --json and the progress bar's silence off a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_write_fixtures import paper_results

from whatsapp_ingest import i18n
from whatsapp_ingest.store.ingest import FileOutcome, IngestReport
from whatsapp_ingest.report.terminal import Console, files_line

REPORT = IngestReport(
    files=(FileOutcome("WhatsApp Chat with Bimlat.txt", "new", messages_new=120),
           FileOutcome("lama.txt", "refused", "an export of another group"),
           FileOutcome("WhatsApp Chat with Bimlat (1).txt", "unchanged", messages_known=480)),
    messages_new=120, messages_known=480, unknown_senders=("+62 811-0000-0000",),
    warnings=("inbox/lama.txt: refused: an export of another group",))


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")


def test_files_line() -> None:
    assert files_line(REPORT) == "3 berkas: 1 baru, 1 tidak berubah, 1 ditolak; 120 pesan baru, 480 sudah tersimpan"
    i18n.set_language("en")
    assert files_line(REPORT) == "3 file(s): 1 new, 1 unchanged, 1 refused; 120 message(s) new, 480 already stored"


def test_normal_view(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = paper_results(tmp_path)
    Console().show(REPORT, results, [tmp_path / "out" / "activeness.csv", tmp_path / "out" / "rekap.xlsx"])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == files_line(REPORT)
    assert lines[1] == "  ditolak lama.txt: an export of another group"
    assert lines[2] == "1 pengirim tidak dikenal, tidak dihitung: +62 811-0000-0000"
    row = next(line for line in lines if "Agus Salim" in line)
    assert row.split("│")[1:-1] == [" 10 ", " Agus Salim     ", "   3/19 ", "      15,8% ", " Pasif      ",
                                    "   TDL    ", "    TDL    "]
    mean = next(line for line in lines if "Rata-rata" in line)
    assert mean.split("│")[2:5] == [" Rata-rata      ", "        ", "      68,4% "]
    assert any("Persentase" in line and "Siklus I" in line for line in lines)
    assert lines[-1] == f"Hasil di {tmp_path / 'out'}: activeness.csv, rekap.xlsx"
    assert err == "peringatan: inbox/lama.txt: refused: an export of another group\n"


def test_quiet_prints_only_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Console(quiet=True).show(REPORT, paper_results(tmp_path), [])
    out, err = capsys.readouterr()
    assert out == "" and err == "peringatan: inbox/lama.txt: refused: an export of another group\n"


def test_json_is_one_document_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    written = [tmp_path / "out" / "activeness.csv"]
    Console(json=True).show(REPORT, paper_results(tmp_path), written)
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert err == ""
    assert document["messages"] == {"new": 120, "known": 480}
    assert document["files"][1] == {"name": "lama.txt", "status": "refused", "reason": "an export of another group",
                                    "messages_new": 0, "messages_known": 0}
    assert document["participants"][0] == {"no": 1, "name": "Ahmad Fauzi", "total": 17, "possible": 19,
                                           "percent": 89.5, "status": "Aktif",
                                           "decisions": {"Siklus I": "DL", "Siklus II": "DL"},
                                           "final": {"Siklus I": True, "Siklus II": True}}
    assert [p["percent"] for p in document["participants"]] == [89.5, 89.5, 31.6, 78.9, 100.0, 100.0, 57.9, 63.2,
                                                                31.6, 15.8, 94.7]
    assert document["summary"]["mean_percent"] == 68.42 and document["summary"]["Siklus I DL"] == 8
    assert document["warnings"] == ["inbox/lama.txt: refused: an export of another group"]
    assert document["outputs"] == [str(written[0])]
    assert document["unknown_senders"] == ["+62 811-0000-0000"]


def test_names_with_markup_are_printed_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = ["[bold]Bu Rina[/bold]", "Pak [red]", "a", "b", "c", "d", "e", "f", "g", "h", "i"]
    Console().show(REPORT, paper_results(tmp_path, names=names), [])
    out, _ = capsys.readouterr()
    assert "[bold]Bu Rina[/bold]" in out and "Pak [red]" in out


def test_no_progress_bar_off_a_terminal_or_in_quiet_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    for console in (Console(), Console(quiet=True), Console(json=True)):
        for done in range(1, 4):
            console.progress(done, 3, f"export {done}.txt")
    assert capsys.readouterr() == ("", "")


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    console = Console()
    monkeypatch.setattr(type(console.err), "is_terminal", property(lambda self: True))
    console._started -= 10                          # as if the first export took ten seconds
    console.progress(1, 3, "WhatsApp Chat with Bimlat.txt")
    assert console._bar is not None
    assert console._bar.tasks[0].completed == 1 and console._bar.tasks[0].total == 3
    console.progress(3, 3, "last.txt")
    assert console._bar is None                     # stopped (and, being transient, erased) at the end
