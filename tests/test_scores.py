"""scores.csv → NA, predikat, Lulus/TL and the second paper's statistics, checked against sums done by hand."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.program import Grading, Program, Task
from whatsapp_ingest.figures.scores import cronbach_alpha, load_scores, pearson, population_variance, predikat, score_table

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
# What a person reads is checked in Indonesian, the default.

TASKS = (Task("PR.1", max_score=50), Task("TT.1", max_score=50))


def program(folder: Path, scores: str | None = None, tasks: tuple[Task, ...] = TASKS) -> Program:
    if scores is not None:
        (folder / "scores.csv").write_text(scores, encoding="utf-8")
    return Program(folder=folder, name="Bimlat", group="G", start=date(2020, 4, 6), end=date(2020, 4, 30),
                   tasks=tasks)


def activeness(totals: list[int], possible: int = 20) -> pd.DataFrame:
    rows = [[no, f"Guru {no}", total, possible, total * 100 / possible, ""] for no, total in enumerate(totals, 1)]
    return pd.DataFrame(rows, columns=["no", "name", "total", "possible", "percent", "status"])


HAND = "no,task,score\n1,PR.1,40\n1,TT.1,45\n2,PR.1,30\n2,TT.1,35\n3,PR.1,50\n3,TT.1,48\n4,PR.1,20\n4,TT.1,25\n"


def test_hand_computed_data_set(tmp_path: Path) -> None:
    # Participants 1–4: PR.1 = 40, 30, 50, 20 and TT.1 = 45, 35, 48, 25 (each out of 50), so the
    # obtained totals are 85, 65, 98, 45 out of 100 and NA = 85, 65, 98, 45.
    # Activeness X = 18/20, 12/20, 20/20, 8/20 → 90, 60, 100, 40 %. Participant 5 has no scores.
    p = program(tmp_path, HAND)
    report = score_table(p, load_scores(p), activeness([18, 12, 20, 8, 19]))
    table = report.table.set_index("no")
    assert table["na"].tolist()[:4] == [85.0, 65.0, 98.0, 45.0]
    assert table["predikat"].tolist()[:4] == ["Baik", "Cukup", "Amat Baik", "Kurang"]
    assert table["result"].tolist()[:4] == ["Lulus", "TL", "Lulus", "TL"]        # pass mark 76
    assert table["tuntas"].tolist()[:4] == [True, True, True, False]            # mastery at NA ≥ 65
    assert pd.isna(table.loc[5, "na"]) and pd.isna(table.loc[5, "result"]) and pd.isna(table.loc[5, "predikat"])
    assert report.n == 4 and report.passed == 2
    # % ketuntasan = 3 tuntas / 4 × 100 = 75
    assert report.ketuntasan == 75.0
    # Product moment, N = 4: ΣX = 290, ΣY = 293, ΣX² = 23300, ΣY² = 23079, ΣXY = 23150;
    # NΣXY − ΣXΣY = 92600 − 84970 = 7630; NΣX² − (ΣX)² = 93200 − 84100 = 9100;
    # NΣY² − (ΣY)² = 92316 − 85849 = 6467; r = 7630 / √(9100 × 6467) = 7630 / 7671.356 = 0.99461
    assert report.r == pytest.approx(7630 / math.sqrt(9100 * 6467), rel=1e-12)
    assert round(report.r, 5) == 0.99461
    # Cronbach: σ²(PR.1) = (5400 − 140²/4)/4 = 125; σ²(TT.1) = (6179 − 153²/4)/4 = 81.6875;
    # σ²(total) = (23079 − 293²/4)/4 = 404.1875; α = 2/1 × (1 − 206.6875/404.1875) = 6320/6467 = 0.97727
    assert report.alpha == pytest.approx(6320 / 6467, rel=1e-12)
    assert round(report.alpha, 5) == 0.97727


def test_population_variance_is_the_papers_sigma_squared() -> None:
    # (Σx² − (Σx)²/n)/n for 2, 4, 4, 4, 5, 5, 7, 9: Σx = 40, Σx² = 232 → (232 − 200)/8 = 4
    assert population_variance([2, 4, 4, 4, 5, 5, 7, 9]) == 4


@pytest.mark.parametrize(("x", "y"), [([50, 60, 70], [80, 80, 80]), ([70, 70, 70], [60, 75, 90]), ([1], [2])])
def test_pearson_is_undefined_for_constant_data_or_one_pair(x: list[float], y: list[float]) -> None:
    assert pearson(x, y) is None


def test_pearson_of_a_perfect_negative_line() -> None:
    # Y = 100 − X exactly: r = −1
    assert pearson([10, 20, 30], [90, 80, 70]) == pytest.approx(-1.0)


def test_constant_percent_with_floats_that_do_not_sum_exactly() -> None:
    # 17/19 × 100 is not exact in binary; constant data must still give None, not a tiny r
    value = 17 / 19 * 100
    assert pearson([value] * 7, [1, 2, 3, 4, 5, 6, 8]) is None


def test_cronbach_alpha_undefined_cases() -> None:
    assert cronbach_alpha([[10], [20], [30]]) is None            # one item
    assert cronbach_alpha([[10, 20]]) is None                     # one person
    assert cronbach_alpha([[10, 20], [20, 10], [15, 15]]) is None  # totals all 30: σt² = 0


def test_cronbach_alpha_three_items_by_hand() -> None:
    # items (rows = people): [2,3,3], [4,4,5], [3,3,3]; totals 8, 13, 9
    # σ²: item1 (29 − 81/3)/3 = 2/3; item2 (34 − 100/3)/3 = 2/9; item3 (43 − 121/3)/3 = 8/9
    # σt² = (314 − 900/3)/3 = 14/3; α = 3/2 × (1 − (16/9)/(14/3)) = 3/2 × (1 − 8/21) = 13/14
    assert cronbach_alpha([[2, 3, 3], [4, 4, 5], [3, 3, 3]]) == pytest.approx(13 / 14)


@pytest.mark.parametrize(("na", "label"), [(100, "Amat Baik"), (91, "Amat Baik"), (90.99, "Baik"), (76, "Baik"),
                                           (75.99, "Cukup"), (61, "Cukup"), (60.5, "Sedang"), (51, "Sedang"),
                                           (50.99, "Kurang"), (50, "Kurang"), (0, "Kurang")])
def test_predikat_bands_of_the_second_paper(na: float, label: str) -> None:
    assert predikat(na, Grading().bands) == label


def test_missing_task_counts_zero_and_is_noted(tmp_path: Path) -> None:
    # no 1: PR.1 = 40, TT.1 missing → 40/100 → NA 40; no 2: 50 + 50 → 100
    p = program(tmp_path, "no,task,score\n1,PR.1,40\n2,PR.1,50\n2,TT.1,50\n")
    report = score_table(p, load_scores(p), activeness([10, 20]))
    assert report.table["na"].tolist() == [40.0, 100.0]
    assert report.notes == ("no 1 (Guru 1) belum memiliki nilai untuk TT.1: dihitung 0",)
    assert report.alpha is not None and report.r is not None


def test_na_rounds_half_up_to_two_places(tmp_path: Path) -> None:
    # 2 tasks of max 100 → maximum 200; 100 + 33.345 → 133.345/200 × 100 = 66.6725 → 66.67;
    # 100 + 33.35 → 66.675 → 66.68 (half up, where float rounding would give 66.67)
    tasks = (Task("PR.1"), Task("TT.1"))
    p = program(tmp_path, "no,task,score\n1,PR.1,100\n1,TT.1,33.345\n2,PR.1,100\n2,TT.1,33.35\n", tasks)
    report = score_table(p, load_scores(p), activeness([10, 20]))
    assert report.table["na"].tolist() == [66.67, 66.68]


def test_semicolon_and_decimal_comma_from_excel_indonesia(tmp_path: Path) -> None:
    p = program(tmp_path, "\ufeffNo;Task;Score\n1;pr.1;42,5\n")
    frame = load_scores(p)
    assert frame.to_dict("records") == [{"no": 1, "task": "PR.1", "score": 42.5, "line": 2}]


def test_no_scores_file(tmp_path: Path) -> None:
    assert load_scores(program(tmp_path)) is None


def test_tasks_not_in_the_program_default_to_100_when_it_lists_none(tmp_path: Path) -> None:
    p = program(tmp_path, "no,task,score\n1,Ujian,80\n2,Ujian,90\n", tasks=())
    report = score_table(p, load_scores(p), activeness([10, 20]))
    assert report.tasks == ("Ujian",) and report.maxima == (100.0,)
    assert report.alpha is None                                      # one item


@pytest.mark.parametrize(("content", "message"), [
    ("no,task\n1,PR.1\n", "scores.csv:1: kolom score tidak ada; baris judul harus berisi no,task,score"),
    ("no,task,score\nx,PR.1,40\n", "scores.csv:2: no 'x' bukan nomor peserta; tulis nomor (no) sesuai roster"),
    ("no,task,score\n1,PR.9,40\n",
     "scores.csv:2: tugas 'PR.9' tidak dikenal; gunakan salah satu dari PR.1, TT.1 atau tambahkan di bawah [[tasks]]"),
    ("no,task,score\n1,PR.1,sembilan\n", "scores.csv:2: nilai 'sembilan' bukan angka; tulis mis. 85 atau 85,5"),
    ("no,task,score\n1,PR.1,\n", "scores.csv:2: nilai '' bukan angka; tulis mis. 85 atau 85,5"),
    ("no,task,score\n1,PR.1,51\n", "scores.csv:2: nilai 51 untuk PR.1 di luar rentang 0…50; perbaiki nilainya atau "
                                   "max_score tugas itu di program.toml"),
    ("no,task,score\n1,PR.1,-1\n", "scores.csv:2: nilai -1 untuk PR.1 di luar rentang 0…50; perbaiki nilainya atau "
                                   "max_score tugas itu di program.toml"),
    ("no,task,score\n1,PR.1,40\n\n1,pr.1,41\n", "scores.csv:4: nilai kedua untuk no 1, PR.1 (yang pertama di baris 2); "
                                                "sisakan satu baris untuk setiap peserta dan tugas"),
    ("no,task,score\n1,,40\n", "scores.csv:2: tugas (task) kosong; tulis kode tugas, mis. PR.1"),
])
def test_bad_rows_are_refused_with_the_line(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_scores(program(tmp_path, content))
    assert caught.value.render() == f"{tmp_path / message}"
    assert caught.value.exit_code == 2


def test_unknown_participant_number_is_refused(tmp_path: Path) -> None:
    p = program(tmp_path, "no,task,score\n1,PR.1,40\n77,PR.1,40\n")
    with pytest.raises(ConfigError) as caught:
        score_table(p, load_scores(p), activeness([10]))
    assert caught.value.render() == (f"{tmp_path / 'scores.csv'}:3: no 77 tidak ada di roster; "
                                     f"perbaiki nomornya atau tambahkan guru tersebut ke roster.csv")


def test_scores_of_a_withdrawn_teacher_are_left_out_and_noted(tmp_path: Path) -> None:
    p = program(tmp_path, "no,task,score\n1,PR.1,40\n1,TT.1,40\n2,PR.1,50\n")
    roster = pd.DataFrame([[1, "Guru 1"], [2, "Guru Mundur"]], columns=["no", "name"])
    report = score_table(p, load_scores(p), activeness([10]), roster)
    assert report.n == 1 and report.table["no"].tolist() == [1]
    assert report.notes == ("scores.csv:4: no 2 bukan peserta yang dihitung; nilainya tidak dipakai",)
