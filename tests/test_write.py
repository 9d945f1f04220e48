"""write_outputs: the CSVs in both dialects, formula-safe cells, scores, idempotent re-runs."""

from __future__ import annotations

import re

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_write_fixtures import paper_results

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.report.write import frame_csv, write_outputs

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
# What a person reads is checked in Indonesian, the default (English where a test asks for it).

ALL_FILES = ["activeness.csv", "decisions.csv", "daily.csv", "submissions.csv", "summary.csv",
             "unknown_senders.csv", "participants.csv", "periksa.csv", "minggu_ini.csv", "rekap.xlsx", "grafik_keaktifan.png",
             "grafik_keaktifan.svg", "grafik_mingguan.png", "grafik_mingguan.svg", "grafik_siklus.png", "grafik_siklus.svg",
             "laporan.html", "pengingat.txt"]
HOSTILE = ["+62 812-3456-7890", '=HYPERLINK("http://contoh.test","klik")', "@SUM(A1:A9)", "-1+1", "\tTab Awal",
           "\rCR Awal", "Titik; Koma, Nama", "Ahmad Fauzi", "Nur \"Ibu\" Hasanah", "Lilis", "Agus"]


def rows(path: Path, delimiter: str = ",") -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_standard_dialect_activeness_is_tabel_1(tmp_path: Path) -> None:
    written = write_outputs(paper_results(tmp_path))
    assert [p.name for p in written] == ALL_FILES
    assert all(p.parent == tmp_path / "out" and p.is_file() for p in written)
    text = (tmp_path / "out" / "activeness.csv").read_bytes().decode("utf-8-sig")
    assert text.splitlines()[:4] == ["no,name,week_1,week_2,week_3,week_4,total,possible,percent,status",
                                     "1,Ahmad Fauzi,3,5,5,4,17,19,89.5,Aktif",
                                     "2,Siti Aminah,3,5,5,4,17,19,89.5,Aktif",
                                     "3,Dedi Kurniawan,5,1,0,0,6,19,31.6,Pasif"]
    assert "\r\n" in text
    assert [r[8] for r in rows(tmp_path / "out" / "activeness.csv")[1:]] == [
        "89.5", "89.5", "31.6", "78.9", "100.0", "100.0", "57.9", "63.2", "31.6", "15.8", "94.7"]


def test_indonesian_dialect(tmp_path: Path) -> None:
    write_outputs(paper_results(tmp_path, csv="id"))
    out = tmp_path / "out"
    text = (out / "activeness.csv").read_bytes().decode("utf-8-sig")
    assert text.splitlines()[:2] == [
        "No;Nama;Minggu 1;Minggu 2;Minggu 3;Minggu 4;Jumlah;Hari Kerja;Persentase;Keterangan",
        "1;Ahmad Fauzi;3;5;5;4;17;19;89,5;Aktif"]
    assert rows(out / "summary.csv", ";")[0] == ["Metrik", "Nilai"]
    assert ["Rata-rata keaktifan (%)", "68,42"] in rows(out / "summary.csv", ";")
    assert rows(out / "decisions.csv", ";")[:2] == [
        ["No", "Nama", "Siklus", "Hari Aktif", "Hari Kerja", "Persentase", "Keputusan"],
        ["1", "Ahmad Fauzi", "Siklus I", "8", "10", "80,0", "DL"]]
    assert rows(out / "daily.csv", ";")[:2] == [["No", "Nama", "Tanggal", "Minggu", "Pesan", "Aktif"],
                                               ["1", "Ahmad Fauzi", "2020-04-06", "1", "2", "ya"]]
    assert rows(out / "submissions.csv", ";")[:2] == [
        ["No", "Nama", "Tugas", "Status", "Pertama Dikirim", "Jumlah Kiriman"],
        ["1", "Ahmad Fauzi", "PR.1", "tepat waktu", "2020-04-08 09:00:00", "1"]]
    assert rows(out / "unknown_senders.csv", ";") == [
        ["Pengirim", "Pesan", "Pertama Terlihat", "Terakhir Terlihat"],
        ["'+62 811-0000-0000", "3", "2020-04-07 08:00:00", "2020-04-09 09:00:00"]]
    assert rows(out / "participants.csv", ";")[0] == ["No", "Nama", "Telepon", "Peran", "Status"]


@pytest.mark.parametrize("dialect", ["standard", "id"])
def test_hostile_names_are_text_in_every_csv(tmp_path: Path, dialect: str) -> None:
    write_outputs(paper_results(tmp_path, csv=dialect, names=HOSTILE))
    delimiter = ";" if dialect == "id" else ","
    expected = ["'+62 812-3456-7890", "'=HYPERLINK(\"http://contoh.test\",\"klik\")", "'@SUM(A1:A9)", "'-1+1",
                "'\tTab Awal", "'\rCR Awal", "Titik; Koma, Nama", "Ahmad Fauzi", "Nur \"Ibu\" Hasanah", "Lilis", "Agus"]
    for name in ("activeness.csv", "participants.csv"):
        table = rows(tmp_path / "out" / name, delimiter)
        assert [r[1] for r in table[1:12]] == expected
    for name in ("decisions.csv", "daily.csv", "submissions.csv"):
        names = {r[1] for r in rows(tmp_path / "out" / name, delimiter)[1:]}
        assert names == set(expected)
    for path in (tmp_path / "out").glob("*.csv"):
        for row in rows(path, delimiter):
            # a formula only in the one form we write ourselves: ="digits" (a NIP or phone kept whole)
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r'="\+?[0-9]+"', cell)
                           for cell in row), (path.name, row)


def test_numbers_from_numpy_stay_numbers() -> None:
    frame = pd.DataFrame({"metric": ["delta", "ratio"], "value": [np.int64(-3), np.float64(-0.5)]}, dtype=object)
    assert frame_csv(frame, "summary", "id").decode("utf-8-sig") == "Metrik;Nilai\r\ndelta;-3\r\nratio;-0,5\r\n"


def test_rerun_with_nothing_new_leaves_every_file_untouched(tmp_path: Path) -> None:
    results = paper_results(tmp_path)
    first = write_outputs(results)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in first}
    again = write_outputs(paper_results(tmp_path))
    assert again == first
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in again} == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(ALL_FILES)   # no temporary files left


SCORES = "no,task,score\n" + "".join(f"{no},PR.1,{60 + 3 * no}\n{no},TT.1,{55 + 4 * no}\n" for no in range(1, 12))


def test_scores_add_scores_csv_summary_rows_and_disappear_with_the_file(tmp_path: Path) -> None:
    (tmp_path / "scores.csv").write_text(SCORES, encoding="utf-8")
    written = write_outputs(paper_results(tmp_path))
    assert [p.name for p in written] == ALL_FILES[:9] + ["scores.csv"] + ALL_FILES[9:]
    table = rows(tmp_path / "out" / "scores.csv")
    assert table[0] == ["no", "name", "PR.1", "TT.1", "obtained", "maximum", "na", "predikat", "result", "tuntas",
                        "percent"]
    # no 1: PR.1 = 63, TT.1 = 59 → 122 / 200 × 100 = 61.0 → Cukup, TL, tuntas (≥ 65? no: 61 < 65)
    assert table[1][:10] == ["1", "Ahmad Fauzi", "63.0", "59.0", "122.0", "200.0", "61.0", "Cukup", "TL", "false"]
    summary = dict(rows(tmp_path / "out" / "summary.csv")[1:])
    assert summary["scored_participants"] == "11" and summary["score_items"] == "2"
    # NA = (115 + 7·no) / 2: NA ≥ 76 for no 6–11 (78.5, 82, 85.5, 89, 92.5, 96); no 5 has 75
    assert summary["lulus"] == "6" and summary["tl"] == "5"
    (tmp_path / "scores.csv").unlink()
    written = write_outputs(paper_results(tmp_path))
    assert [p.name for p in written] == ALL_FILES
    assert not (tmp_path / "out" / "scores.csv").exists()


def test_broken_scores_file_stops_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "scores.csv").write_text("no,task,score\n1,PR.1,abc\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"scores.csv:2: nilai 'abc' bukan angka; tulis mis. 85 atau 85,5"):
        write_outputs(paper_results(tmp_path))
    assert not (tmp_path / "out").exists()


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
                      min_size=1, max_size=5),
       dialect=st.sampled_from(["standard", "id"]))
def test_any_name_reads_back_as_itself_or_quoted_text(names: list[str], dialect: str) -> None:
    frame = pd.DataFrame({"no": range(1, len(names) + 1), "name": names})
    data = frame_csv(frame, "participants", dialect)
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";" if dialect == "id" else ",")
    read = list(reader)
    assert read[0] == (["No", "Nama"] if dialect == "id" else ["no", "name"])
    for name, row in zip(names, read[1:], strict=True):
        dangerous = name.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert row[1] == ("'" + name if dangerous else name)
