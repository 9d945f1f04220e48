"""Roster loading and author resolution: names, `~ ` authors, phone spellings, number links."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.programme.roster import Participant, Roster, author_key, clean_author, load_roster, phone_e164


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


ROSTER = (
    "no,name,phone,aliases,role,status,NIP,madrasah\n"
    "1,Rina Wulandari,081234567890,Bu Rina;Rina Guru,,,1980,MI Al Huda\n"
    "2,Ahmad Fauzi,,,peserta,mundur,,MTs Cipocok\n"
    "3,Pak Dedi,+62 813-1111-2222,,pembimbing,,,\n"
)

# These tests check each message word for word in English, asked for as a user would
# (WHATSAPP_INGEST_LANG=en); the Indonesian default is checked in test_messages_id.py.
# What a person reads is checked in Indonesian, the default.


def test_load_roster_reads_every_column(tmp_path: Path) -> None:
    roster = load_roster(write(tmp_path, ROSTER))
    assert roster.participants == (
        Participant(1, "Rina Wulandari", "+6281234567890", ("Bu Rina", "Rina Guru"), "peserta", "aktif",
                    (("NIP", "1980"), ("madrasah", "MI Al Huda"))),
        Participant(2, "Ahmad Fauzi", "", (), "peserta", "mundur", (("NIP", ""), ("madrasah", "MTs Cipocok"))),
        Participant(3, "Pak Dedi", "+6281311112222", (), "pembimbing", "aktif", (("NIP", ""), ("madrasah", ""))),
    )
    assert [p.counted for p in roster.participants] == [True, False, False]


def test_semicolon_roster_from_excel_indonesia(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeffno;name;phone\r\n1;Siti Aminah;'+62 812-3456-7890\r\n".encode())
    roster = load_roster(path)
    assert roster.participants == (Participant(1, "Siti Aminah", "+6281234567890"),)


@pytest.mark.parametrize("author", [
    "Rina Wulandari", "rina  wulandari", "~ Rina Wulandari", "~\u00a0Rina Wulandari", "\u200eRina Wulandari\u202c",
    "Bu Rina", "BU RINA", "+62 812-3456-7890", "+62 812\u20113456\u20117890", "6281234567890", "0812 3456 7890",
    "\u202a+62 812-3456-7890\u202c",
])
def test_resolve_spellings(tmp_path: Path, author: str) -> None:
    roster = load_roster(write(tmp_path, ROSTER))
    person = roster.resolve(author)
    assert person is not None and person.no == 1


@pytest.mark.parametrize("author", ["Rina", "Wulandari Rina", "+62 812-3456-7891", "", "~ "])
def test_unknown_authors_do_not_resolve(tmp_path: Path, author: str) -> None:
    assert load_roster(write(tmp_path, ROSTER)).resolve(author) is None


def test_changed_number_links_both_ways(tmp_path: Path) -> None:
    roster = load_roster(write(tmp_path, ROSTER))
    assert roster.resolve("+62 857-0000-1111") is None
    linked = roster.linked([("+62 812-3456-7890", "+62 857-0000-1111"), ("+62 857-0000-1111", "+62 858-2222-3333")])
    assert linked.resolve("+62 857-0000-1111").no == 1
    assert linked.resolve("+62 858\u20112222\u20113333").no == 1   # a chain of changes
    # the roster may hold the new number: the old one still finds the person
    newer = load_roster(write(tmp_path, "no,name,phone\n7,Yani,085700001111\n", "r2.csv"))
    assert newer.linked([("+62 812-9999-0000", "+62 857-0000-1111")]).resolve("+62 812-9999-0000").no == 7


def test_from_authors_numbers_by_first_appearance() -> None:
    roster = Roster.from_authors(["Rina", "~ Dedi", "rina", "+62 812-3456-7890", "+62 813-1111-2222", "Ani"],
                                 links=[("+62 812-3456-7890", "+62 813-1111-2222")])
    assert [(p.no, p.name, p.phone) for p in roster.participants] == [
        (1, "Rina", ""), (2, "Dedi", ""), (3, "+62 812-3456-7890", "+6281234567890"), (4, "Ani", "")]
    assert roster.resolve("+62 813-1111-2222").no == 3


def test_empty_and_missing_roster(tmp_path: Path) -> None:
    assert not load_roster(tmp_path / "nothing.csv")
    assert not load_roster(write(tmp_path, "no,name,phone,aliases,role,status\n\n"))


@pytest.mark.parametrize(("text", "message"), [
    ("name,phone\nRina,0812\n", "roster.csv:1: baris judul tidak memiliki kolom 'no'; baris pertama paling sedikit harus "
                                 "berisi: no,name"),
    ("no,name\n1,Rina\nx,Dedi\n", "roster.csv:3: no 'x' bukan bilangan bulat mulai dari 1; tulis 1, 2, 3 …"),
    ("no,name\n1,Rina\n1,Dedi\n", "roster.csv:3: no 1 dipakai dua kali; beri setiap peserta nomor sendiri"),
    ("no,name\n1,\n", "roster.csv:2: no 1 tidak memiliki nama; tulis nama peserta"),
    ("no,name,phone\n1,Rina,12-ab\n",
     "roster.csv:2: '12-ab' bukan nomor telepon; tulis seperti 0812…, 62812… atau +62 812-…, atau biarkan kosong"),
    ("no,name,role\n1,Rina,guru\n", "roster.csv:2: peran (role) 'guru' tidak dikenal; tulis peserta atau pembimbing"),
    ("no,name,status\n1,Rina,keluar\n", "roster.csv:2: status 'keluar' tidak dikenal; tulis aktif atau mundur"),
    ("no,name,aliases\n1,Rina,Bu Guru\n2,Dedi,bu  guru\n",
     "roster.csv:3: 'bu  guru' juga milik no 1 (baris 2); satu nama, alias atau nomor telepon hanya boleh milik satu "
     "peserta"),
    ('no,name,note\n1,Rina,"two\nlines"\n2,Dedi,x,y\n',
     "roster.csv:4: ada 4 sel, padahal baris judul hanya menyebut 3 kolom; apit dengan tanda kutip nama yang "
     "mengandung ','"),
])
def test_broken_roster_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_roster(path)
    assert raised.value.render() == f"{tmp_path}/{message}"
    assert raised.value.exit_code == 2


@given(st.integers(min_value=10_000_000, max_value=99_999_999), st.sampled_from(["812", "813", "852", "857", "878"]))
def test_every_phone_spelling_has_one_key(rest: int, prefix: str) -> None:
    digits = f"{prefix}{rest}"
    spellings = [f"0{digits}", f"62{digits}", f"+62{digits}", f"+62 {digits[:3]}-{digits[3:7]}-{digits[7:]}",
                 f"+62 {digits[:3]}\u2011{digits[3:7]}\u2011{digits[7:]}", f"\u202a+62 {digits[:3]} {digits[3:]}\u202c"]
    assert {phone_e164(s) for s in spellings} == {f"+62{digits}"}
    assert {author_key(s) for s in spellings} == {f"+62{digits}"}


def test_clean_author() -> None:
    assert clean_author("\u200e~\u00a0Siti   Aminah\u200f") == "Siti Aminah"
    assert phone_e164("Siti Aminah") == ""
