"""CLASSIFY: every wording WhatsApp uses, in English and Indonesian, with and without an author and LRM."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from whatsapp_ingest.export.classify import Classified, classify, classify_authorless, may_be_notices
from whatsapp_ingest.errors import ConfigError
from whatsapp_ingest.export.languages.tables import MARKS, load_tables
from whatsapp_ingest.records import Kind

LRM = "\u200e"
S, C, M, A, D = Kind.SYSTEM, Kind.CALL, Kind.MEDIA, Kind.ATTACHMENT, Kind.DELETED
ENC_EN_NEW = ("Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
              "can read or listen to them. Tap to learn more.")
ENC_EN_OLD = "Messages to this group are now secured with end-to-end encryption. Tap for more info."
ENC_EN_2023 = "Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them."
ENC_ID = ("Pesan dan panggilan dienkripsi secara end-to-end. Tidak seorang pun di luar chat ini, termasuk WhatsApp, "
          "yang dapat membaca atau mendengarkannya. Ketuk untuk mempelajari selengkapnya.")
ENC_ID_OLD = "Pesan yang dikirim ke grup ini sekarang diamankan dengan enkripsi end-to-end. Ketuk untuk info selengkapnya."

# (body, kind, notice, attachment, details, recognised under an author without iOS's LRM mark)
CASES = [
    (ENC_EN_NEW, S, "encrypted", "", (), True),
    (ENC_EN_OLD, S, "encrypted", "", (), True),
    (ENC_EN_2023, S, "encrypted", "", (), True),
    (ENC_ID, S, "encrypted", "", (), True),
    (ENC_ID_OLD, S, "encrypted", "", (), True),
    ('Budi created group "Bimlat PTK 2020"', S, "created_group", "", (("actor", "Budi"), ("group", "Bimlat PTK 2020")), False),
    ('You created group "Bimlat PTK"', S, "created_group", "", (("actor", "You"), ("group", "Bimlat PTK")), False),
    ('Budi membuat grup "Bimlat PTK"', S, "created_group", "", (("actor", "Budi"), ("group", "Bimlat PTK")), False),
    ('Anda membuat grup "Bimlat: PTK"', S, "created_group", "", (("actor", "Anda"), ("group", "Bimlat: PTK")), False),
    ("Budi added Ani", S, "added", "", (("actor", "Budi"), ("target", "Ani")), False),
    ("Bu Siti added Ani, Cici and +62 812-3456-7890", S, "added", "",
     (("actor", "Bu Siti"), ("target", "Ani, Cici and +62 812-3456-7890")), False),
    ("Budi menambahkan Ani", S, "added", "", (("actor", "Budi"), ("target", "Ani")), False),
    ("Anda menambahkan Ani", S, "added", "", (("actor", "Anda"), ("target", "Ani")), False),
    ("Budi removed Ani", S, "removed", "", (("actor", "Budi"), ("target", "Ani")), False),
    ("Budi mengeluarkan Ani", S, "removed", "", (("actor", "Budi"), ("target", "Ani")), False),
    ("Budi left", S, "left", "", (("actor", "Budi"),), False),
    ("Budi keluar", S, "left", "", (("actor", "Budi"),), False),
    ("Pak Budi Santoso telah keluar", S, "left", "", (("actor", "Pak Budi Santoso"),), False),
    ("Budi joined using this group's invite link", S, "joined_link", "", (("actor", "Budi"),), False),
    ("Budi joined using this group\u2019s invite link", S, "joined_link", "", (("actor", "Budi"),), False),
    ("Budi bergabung menggunakan tautan undangan grup ini", S, "joined_link", "", (("actor", "Budi"),), False),
    ('Budi changed the subject from "A: B" to "C"', S, "subject_changed", "",
     (("actor", "Budi"), ("old", "A: B"), ("new", "C")), False),
    ('Budi changed the subject to \u201cBimlat PTK\u201d', S, "subject_changed", "",
     (("actor", "Budi"), ("new", "Bimlat PTK")), False),
    ('Budi changed the group name from "A" to "B"', S, "subject_changed", "",
     (("actor", "Budi"), ("old", "A"), ("new", "B")), False),
    ('Budi mengubah subjek dari "A" menjadi "B"', S, "subject_changed", "",
     (("actor", "Budi"), ("old", "A"), ("new", "B")), False),
    ('Budi mengubah nama grup menjadi "Bimlat"', S, "subject_changed", "", (("actor", "Budi"), ("new", "Bimlat")), False),
    ("Budi changed this group's icon", S, "icon_changed", "", (("actor", "Budi"),), False),
    ("Budi mengubah ikon grup ini", S, "icon_changed", "", (("actor", "Budi"),), False),
    ("Budi changed the group description", S, "description_changed", "", (("actor", "Budi"),), False),
    ("Budi mengubah deskripsi grup", S, "description_changed", "", (("actor", "Budi"),), False),
    ("Your security code with Budi changed. Tap to learn more.", S, "security_code", "", (("target", "Budi"),), True),
    ("Kode keamanan Anda dengan Budi telah berubah. Ketuk untuk info selengkapnya.", S, "security_code", "",
     (("target", "Budi"),), True),
    ("Budi changed their phone number to a new number. Tap to message or add the new number.", S, "changed_number",
     "", (("actor", "Budi"),), False),
    ("\u202a+62 812\u20113456\u20117890\u202c changed to \u202a+62 813\u20111111\u20112222\u202c", S, "changed_number", "",
     (("old", "+62 812\u20113456\u20117890"), ("new", "+62 813\u20111111\u20112222")), False),
    ("Budi telah mengganti nomor teleponnya ke nomor baru. Ketuk untuk mengirim pesan atau menambahkan nomor baru.",
     S, "changed_number", "", (("actor", "Budi"),), False),
    ("Budi berganti nomor dari +62 812-1111-2222 ke +62 813-3333-4444", S, "changed_number", "",
     (("actor", "Budi"), ("old", "+62 812-1111-2222"), ("new", "+62 813-3333-4444")), False),
    ("You're now an admin", S, "now_admin", "", (), True),
    ("Anda sekarang admin", S, "now_admin", "", (), True),
    ("You're no longer an admin", S, "no_longer_admin", "", (), True),
    ("Missed voice call", C, "missed_call", "", (("call", "voice"),), True),
    ("Missed video call", C, "missed_call", "", (("call", "video"),), True),
    ("Missed group video call", C, "missed_call", "", (("call", "video"),), True),
    ("Panggilan suara tak terjawab", C, "missed_call", "", (("call", "voice"),), True),
    ("Panggilan video tak terjawab", C, "missed_call", "", (("call", "video"),), True),
    ("Panggilan suara grup tak terjawab", C, "missed_call", "", (("call", "voice"),), True),
    ("<Media omitted>", M, "media", "", (), True),
    ("<Media tidak disertakan>", M, "media", "", (), True),
    ("image omitted", M, "media", "", (("type", "image"),), True),
    ("video omitted", M, "media", "", (("type", "video"),), True),
    ("audio omitted", M, "media", "", (("type", "audio"),), True),
    ("sticker omitted", M, "media", "", (("type", "sticker"),), True),
    ("GIF omitted", M, "media", "", (("type", "gif"),), True),
    ("document omitted", M, "media", "", (("type", "document"),), True),
    ("Contact card omitted", M, "media", "", (("type", "contact"),), True),
    ("gambar tidak disertakan", M, "media", "", (("type", "image"),), True),
    ("video tidak disertakan", M, "media", "", (("type", "video"),), True),
    ("audio tidak disertakan", M, "media", "", (("type", "audio"),), True),
    ("stiker tidak disertakan", M, "media", "", (("type", "sticker"),), True),
    ("dokumen tidak disertakan", M, "media", "", (("type", "document"),), True),
    (f"Proposal PTK.pdf \u2022 {LRM}2 pages {LRM}document omitted", M, "media", "Proposal PTK.pdf",
     (("type", "document"), ("pages", "2")), True),
    (f"Proposal PTK Ibu Sri.pdf \u2022 {LRM}12 halaman {LRM}dokumen tidak disertakan", M, "media",
     "Proposal PTK Ibu Sri.pdf", (("type", "document"), ("pages", "12")), True),
    ("IMG-20200406-WA0003.jpg (file attached)", A, "attached", "IMG-20200406-WA0003.jpg", (), True),
    ("Proposal PTK Bu Ratna.docx (file terlampir)", A, "attached", "Proposal PTK Bu Ratna.docx", (), True),
    ("<attached: 00000012-PHOTO-2020-04-06-08-15-10.jpg>", A, "attached",
     "00000012-PHOTO-2020-04-06-08-15-10.jpg", (), True),
    ("<terlampir: 00000013-Tugas Pertemuan Ketiga é.pdf>", A, "attached", "00000013-Tugas Pertemuan Ketiga é.pdf",
     (), True),
    ("Budi.vcf (file attached)", Kind.CONTACT, "contact", "Budi.vcf", (), True),
    ("This message was deleted", D, "deleted", "", (), True),
    ("This message was deleted.", D, "deleted", "", (), True),
    ("You deleted this message", D, "deleted", "", (), True),
    ("Pesan ini dihapus", D, "deleted", "", (), True),
    ("Pesan ini telah dihapus.", D, "deleted", "", (), True),
    ("Anda menghapus pesan ini", D, "deleted", "", (), True),
    ("Anda telah menghapus pesan ini.", D, "deleted", "", (), True),
    ("This message was deleted by admin Budi", D, "deleted_by_admin", "", (("admin", "Budi"),), True),
    ("Pesan ini dihapus oleh admin", D, "deleted_by_admin", "", (), True),
    ("Pesan ini dihapus oleh admin Budi.", D, "deleted_by_admin", "", (("admin", "Budi"),), True),
    ("null", Kind.VIEW_ONCE, "view_once", "", (), True),
    ("location: https://maps.google.com/?q=-6.12,106.15", Kind.LOCATION, "location", "",
     (("url", "https://maps.google.com/?q=-6.12,106.15"),), True),
    ("lokasi: https://maps.google.com/?q=-6.12,106.15", Kind.LOCATION, "location", "",
     (("url", "https://maps.google.com/?q=-6.12,106.15"),), True),
    ("POLL:\nKapan bimlat berikutnya?\nOPTION: Senin (3 votes)\nOPTION: Selasa (1 vote)", Kind.POLL, "poll", "",
     (("question", "Kapan bimlat berikutnya?"),), True),
    ("POLING:\nKapan?\nOPSI: Senin (3 suara)", Kind.POLL, "poll", "", (("question", "Kapan?"),), True),
]
IDS = [c[0][:40] for c in CASES]
TABLES = load_tables()


def expected(body: str, case: tuple) -> Classified:
    _, kind, notice, attachment, details, _ = case
    return Classified(kind, body, attachment=attachment, notice=notice, details=details)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_under_an_author_with_ios_mark(case: tuple) -> None:
    body = LRM + case[0]
    assert classify(body, True) == expected(body, case)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_under_an_author_without_mark(case: tuple) -> None:
    body, bare = case[0], case[5]
    # A notice that opens with a free-form name could be a teacher's sentence ("Pak Budi keluar"), unless
    # WhatsApp's own invisible marks open it (here: those around a phone number).
    assert classify(body, True) == (expected(body, case) if bare or body[0] in MARKS else None)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_without_author(case: tuple) -> None:
    body, kind = case[0], case[1]
    assert classify(body, False) == expected(body, case)
    notice = kind in (Kind.SYSTEM, Kind.CALL) and "\n" not in body
    assert classify_authorless(body) == (expected(body, case) if notice else None)
    assert classify_authorless(LRM + body) == (expected(LRM + body, case) if notice else None)


@pytest.mark.parametrize("body", [
    "Baik bu, terima kasih 🙏",
    "Pak Budi keluar",                       # an ordinary sentence shaped like a notice, no iOS mark
    "Saya sudah menambahkan foto kegiatan",
    "Pesan ini dihapus karena salah kirim",  # more than the notice
    "The document omitted page 3",
    "null pointer",
    "Missed voice calls are annoying",
    "Messages here are sent daily",
    "POLL:",                                 # a poll needs its question on the next line
    "Lihat <attached: a.jpg> ya",
    "",
    "   ",
    " ".join(["kata"] * 40) + " keluar dari grup " + " ".join(["lagi"] * 40),
])
def test_ordinary_messages_stay_messages(body: str) -> None:
    assert classify(body, True) is None


@pytest.mark.parametrize("line", [
    "Budi: I added the file",                 # a message, not "Budi: I" adding someone
    "Budi: Budi left",
    "Budi: Missed voice call",
    "Budi: This message was deleted",
    "Budi: " + ENC_EN_NEW,
    "Budi: <Media omitted>",                  # a placeholder is never an author-less notice
    "Baik bu, terima kasih",
])
def test_authorless_refuses_authored_lines(line: str) -> None:
    assert classify_authorless(line) is None


def test_a_known_sentence_without_author_is_an_other_notice() -> None:
    assert classify("Budi mengubah setelan grup", False) == Classified(S, "Budi mengubah setelan grup", notice="other")
    assert classify("Selamat pagi", False) == Classified(S, "Selamat pagi", notice="other")


@pytest.mark.parametrize(("body", "text"), [
    ("Halo semua <This message was edited>", "Halo semua"),
    (f"Halo semua {LRM}<This message was edited>", "Halo semua"),
    ("Tugas dikumpulkan besok\nya bu <Pesan ini diedit>", "Tugas dikumpulkan besok\nya bu"),
    ("Tugas <Pesan ini diedit>\r", "Tugas"),
    ("Tugas <pesan ini diedit>", "Tugas"),
])
def test_edited_marker_is_removed_and_kind_stays_message(body: str, text: str) -> None:
    assert classify(body, True) == Classified(Kind.MESSAGE, text, edited=True)


def test_edited_marker_inside_the_text_is_kept() -> None:
    assert classify("Tulis <This message was edited> di akhir", True) is None


def test_edited_caption_of_an_attachment() -> None:
    body = "IMG-1.jpg (file attached)\nFoto kegiatan <This message was edited>"
    assert classify(body, True) == Classified(A, "IMG-1.jpg (file attached)\nFoto kegiatan", attachment="IMG-1.jpg",
                                              edited=True, notice="attached")


def test_caption_after_an_attachment_stays_in_text() -> None:
    body = f"{LRM}<attached: 00000031-Laporan Bimlat Pertemuan 2.pdf>\nMohon dikoreksi, Pak\nTerima kasih"
    assert classify(body, True) == Classified(A, body, attachment="00000031-Laporan Bimlat Pertemuan 2.pdf",
                                              notice="attached")


@pytest.mark.parametrize("body", [
    "this message was deleted", "THIS MESSAGE WAS DELETED", "This\u00a0message was deleted", "  Pesan ini dihapus \r",
])
def test_matching_ignores_case_odd_spaces_and_surrounding_blanks(body: str) -> None:
    assert classify(body, True) == Classified(D, body, notice="deleted")


def test_crlf_body_keeps_its_carriage_returns() -> None:
    body = "IMG-1.jpg (file attached)\r\nFoto\r"
    assert classify(body, True) == Classified(A, body, attachment="IMG-1.jpg", notice="attached")


def test_wording_tables_report_their_own_mistakes(tmp_path) -> None:
    (tmp_path / "xx.toml").write_text('edited = ["<E>"]\n[[rule]]\nnotice = "n"\nkind = "nonsense"\ntemplates = ["a"]\n')
    with pytest.raises(ConfigError) as err:
        load_tables(tmp_path)
    assert str(err.value).startswith("xx.toml rule 1: a rule needs notice, kind (a Kind) and templates")
    (tmp_path / "xx.toml").write_text('edited = ["<E>"]\n[[rule]]\nnotice = "n"\nkind = "system"\ntemplates = ["{a} {b}"]\n')
    with pytest.raises(ConfigError) as err:
        load_tables(tmp_path)
    assert str(err.value) == ("xx.toml rule 1: template '{a} {b}' has no literal word among its first 8; "
                              "start the template with WhatsApp's own words")


def test_a_template_with_a_hole_twice_is_refused(tmp_path) -> None:
    (tmp_path / "xx.toml").write_text('edited = ["<E>"]\n[[rule]]\nnotice = "n"\nkind = "system"\n'
                                      'templates = ["{a} joined {a}"]\n')
    with pytest.raises(ConfigError) as err:
        load_tables(tmp_path)
    assert str(err.value).startswith("xx.toml rule 1: template '{a} joined {a}' cannot be compiled (")


def test_a_new_language_is_only_a_table(tmp_path) -> None:
    (tmp_path / "xx.toml").write_text(
        'edited = ["<Editado>"]\n[[rule]]\nnotice = "left"\nkind = "system"\ntemplates = ["{actor} se fue"]\n')
    tables = load_tables(tmp_path)
    (template,) = tables.templates
    assert template.rule.notice == "left" and template.free_start and template.key == "fue"
    assert template.pattern.fullmatch("Ana se fue.").groupdict() == {"actor": "Ana"}
    assert "fue." in tables.keys and "Fue" in tables.keys and "<editado>" in tables.edited_keys


def test_a_rule_with_needs_mark_is_taken_only_without_author_or_after_the_mark(tmp_path) -> None:
    (tmp_path / "xx.toml").write_text('edited = ["<E>"]\n[[rule]]\nnotice = "added"\nkind = "system"\n'
                                      'needs_mark = true\ntemplates = ["Jy het {target} bygevoeg"]\n')
    (template,) = load_tables(tmp_path).templates
    assert template.free_start and template.rule.needs_mark
    (tmp_path / "xx.toml").write_text('edited = ["<E>"]\n[[rule]]\nnotice = "added"\nkind = "system"\n'
                                      'needs_mark = "yes"\ntemplates = ["Jy het {target} bygevoeg"]\n')
    with pytest.raises(ConfigError) as err:
        load_tables(tmp_path)
    assert str(err.value).startswith("xx.toml rule 1: needs_mark must be true or false")


@pytest.mark.parametrize(("body", "has_author", "notice"), [
    ("Jy het Piet bygevoeg", False, "added"),            # Android: no author
    (LRM + "Jy het Piet bygevoeg", True, "added"),       # iPhone: after the mark
    ("Jy het Piet bygevoeg", True, None),                # a person's own sentence stays a message
    ("Du har tilføjet Anna", True, None),
    (LRM + "Du har tilføjet Anna", True, "added"),
    ("Jy het verlaat", True, None),                      # "You left"
    ("Jy het verlaat", False, "left"),
])
def test_you_forms_need_the_structure_of_a_notice(body: str, has_author: bool, notice: str | None) -> None:
    found = classify(body, has_author)
    assert (found.notice if found else None) == notice


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
_PIECES = st.sampled_from([c[0] for c in CASES] + [LRM, "\n", " ", "<This message was edited>", "<Pesan ini diedit>",
                                                     ": ", '"', "\r\n", "keluar", "added", "(file attached)"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_TEXT, _PIECES), max_size=6), st.booleans())
def test_classify_never_raises_and_only_removes_the_edited_marker(parts: list[str], has_author: bool) -> None:
    body = "".join(parts)
    for found in (classify(body, has_author), classify_authorless(body)):
        if found is None:
            continue
        assert isinstance(found, Classified)
        if found.edited:  # what was cut is blanks or marks, then a marker of some language, then blanks
            assert body.startswith(found.text)
            rest = body[len(found.text):].lstrip(" \t\r\n\u00a0\u202f" + MARKS)
            assert rest.startswith("<") and TABLES.edited.fullmatch(rest)
        else:
            assert found.text == body


# The parser sends only the bodies `may_be_notices` picks to `classify`: it may pick too many,
# never too few. Bodies are built from the real wordings above, cut, re-cased and padded.
_PIECES = [case[0] for case in CASES] + ["ok", "hadir", "PR 1 sudah", "terima kasih bu", "\n", " ", "."]


@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_PIECES),
                          st.sampled_from(["", "upper", "lower", "cut"])), min_size=1, max_size=30))
@settings(max_examples=300, deadline=None)
def test_the_prefilter_never_misses_a_body_classify_would_catch(parts: list[tuple[str, str, str]]) -> None:
    bodies = []
    for first, second, change in parts:
        body = first if change != "cut" else first[: max(1, len(first) // 2)] + second
        body = body.upper() if change == "upper" else body.lower() if change == "lower" else body
        bodies.append(body)
    picked = set(may_be_notices(bodies, [int("\n" in b) for b in bodies]))
    missed = [b for i, b in enumerate(bodies) if i not in picked and classify(b, True) is not None]
    assert missed == []


def test_a_template_opening_with_one_character_before_a_hole_is_refused(tmp_path) -> None:
    # Turkish iPhone's '<{file} eklendi>' once made every parse about three times slower: the quick
    # check spells out each opening a head allows, and '<' allows millions.
    (tmp_path / "xx.toml").write_text('edited = ["<E>"]\n[[rule]]\nnotice = "attached"\nkind = "attachment"\n'
                                      'templates = ["<{file} eklendi>"]\n')
    with pytest.raises(ConfigError) as err:
        load_tables(tmp_path)
    assert str(err.value) == ("xx.toml rule 1: template '<{file} eklendi>' opens with only '<' before a hole; "
                              "give it at least 2 characters of WhatsApp's own text before the first hole, "
                              "or leave the template out")
    (tmp_path / "xx.toml").write_text('edited = ["<E>"]\n[[rule]]\nnotice = "attached"\nkind = "attachment"\n'
                                      'templates = ["<attached: {file}>"]\n')
    assert [t.rule.notice for t in load_tables(tmp_path).templates] == ["attached"]
