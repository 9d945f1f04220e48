"""WhatsApp's wordings added from real exports and string resources: Persian placeholders, group notices.

Each line is as a phone writes it (Android, no author for notices); the notice name is what every
later stage reads, whatever the language. A person writing the same words under her own name
keeps a message.
"""

from __future__ import annotations

import pytest

from whatsapp_ingest.export.parse import parse_text

ZWNJ = "\u200c"
CASES = [
    # Persian (a real export's shape: Persian digits, year first, Arabic comma)
    ("۲۰۲۱/۵/۳۰، ۱۸:۴۴ - پیامها و تماسها سرتاسر رمزگذاری شدهاند. هیچ شخصی خارج از گفتگو حتی خود واتساپ هم "
     "نمیتواند آنها را بخواند یا بشنود. برای کسب اطلاعات بیشتر، اینجا را بزنید.", "", "system", "encrypted"),
    (f"۲۰۲۱/۵/۳۰، ۱۸:۴۴ - پیام{ZWNJ}ها و تماس{ZWNJ}ها سرتاسر رمزگذاری شده{ZWNJ}اند. برای کسب اطلاعات بیشتر، "
     "اینجا را بزنید.", "", "system", "encrypted"),
    ("۲۰۲۱/۵/۳۰، ۱۸:۴۹ - شطرنج: <رسانه حذف شد>", "شطرنج", "media", "media"),
    # Russian
    ("12.03.2021, 10:00 - Иван создал(-а) группу «Класс 5А»", "", "system", "created_group"),
    ("12.03.2021, 10:01 - Иван добавил(-а) Мария", "", "system", "added"),
    ("12.03.2021, 10:01 - Иван добавил(-а) вас", "", "system", "added"),
    ("12.03.2021, 10:02 - Иван удалил(-а) Мария", "", "system", "removed"),
    ("12.03.2021, 10:03 - Мария вышел(-а)", "", "system", "left"),
    ("12.03.2021, 10:04 - Иван изменил(-а) название группы с «Класс» на «Класс: 5А»", "", "system", "subject_changed"),
    ("12.03.2021, 10:05 - Иван изменил(-а) картинку группы", "", "system", "icon_changed"),
    ("12.03.2021, 10:06 - Иван изменил(-а) описание группы", "", "system", "description_changed"),
    ("12.03.2021, 10:07 - Иван: Мария вышел(-а)", "Иван", "message", ""),
    # What *you* did: the pronoun is a name hole, so under a person's name (no LRM) it stays her message
    ("12.03.2021, 10:08 - Вы покинули группу", "", "system", "left"),
    ("12.03.2021, 10:09 - Иван: Вы покинули группу", "Иван", "message", ""),
    ('12.03.2021, 10:10 - Вы изменили тему с "Класс" на "Класс: 5А"', "", "system", "subject_changed"),
    # Turkish, Polish, Malay, Ukrainian, Vietnamese, Thai (WhatsApp's string resources)
    ("12.03.2021 10:11 - Ahmet bu grubun simgesini değiştirdi", "", "system", "icon_changed"),
    ("12.03.2021 10:12 - Ahmet grup açıklamasını sildi", "", "system", "description_deleted"),
    ("12.03.2021 10:13 - Jan włączył(a) znikające wiadomości.", "", "system", "disappearing"),
    ("12.03.2021 10:14 - Aminah: Aminah telah menambah Siti", "Aminah", "message", ""),
    ("12.03.2021 10:15 - Оксана вийшов(-ла) з групи", "", "system", "left"),
    ("12.03.2021 10:16 - Lan đã rời nhóm", "", "system", "left"),
    ("12.03.2021 10:17 - Somchai ออกจากกลุ่ม", "", "system", "left"),
    # iPhone lines of a real Thai and Ukrainian export: the mark written twice, the location's own word
    ("[28/04/22 20:17:30] Elon Musk: \u200e\u200eรหัสความปลอดภัยของคุณกับ Elon มีการเปลี่ยนแปลง \u200eแตะเพื่อเรียนรู้เพิ่มเติม",
     "Elon Musk", "system", "security_code"),
    ("[27/03/22 21:56:45] Dmitry S: \u200eРозташування: https://maps.google.com/?q=51.5021456,-0.127397", "Dmitry S",
     "location", "location"),
    # Uzbek writes its apostrophe as U+2018 (o‘); a template's final period is optional for its key word too
    ("12.03.2021 10:20 - Budi Anini qo\u2018shdi", "", "system", "added"),
    ("12.03.2021 10:21 - Dilnoza: Ushbu xabar o\u2018chirildi", "Dilnoza", "deleted", "deleted"),
    ("12.03.2021 10:22 - Budi vás odobral/a", "", "system", "removed"),
    # Indonesian wordings the app's strings hold and id.toml lacked (iPhone's "Missed Voice Call" only after its mark)
    ("[14/03/22 10.00.00] Bu Ani: Tak terjawab", "Bu Ani", "message", ""),
    ("[14/03/22 10.00.00] Bu Ani: \u200eTak Terjawab", "Bu Ani", "call", "missed_call"),
    ("14/03/22 10.01 - Budi mematikan pesan sementara.", "", "system", "disappearing"),
    ("14/03/22 10.02 - Nomor Budi telah diganti dari +62 812-3456-7890 ke +62 813-3456-7890.", "", "system",
     "changed_number"),
    ("14/03/22 10.03 - Bu Ani: Pesan ini telah dihapus untuk semua orang", "Bu Ani", "deleted", "deleted"),
    # Dutch
    ("12-03-2021 10:00 - Jan heeft de groep verlaten", "", "system", "left"),
    ("12-03-2021 10:01 - Piet is toegetreden via de uitnodigingslink van deze groep", "", "system", "joined_link"),
    ('12-03-2021 10:02 - Piet heeft het onderwerp gewijzigd van "Klas: 5" naar "Klas 6"', "", "system",
     "subject_changed"),
    ("12-03-2021 10:03 - Piet heeft de groepsfoto gewijzigd", "", "system", "icon_changed"),
    ("12-03-2021 10:04 - Piet: ik heb de groep verlaten", "Piet", "message", ""),
]


@pytest.mark.parametrize("line,author,kind,notice", CASES, ids=[c[0][:40] for c in CASES])
def test_wording(line: str, author: str, kind: str, notice: str) -> None:
    (m,) = parse_text(line + "\n", "chat.txt").messages
    assert (m.author, m.kind.value, m.notice) == (author, kind, notice)


def test_a_persian_media_placeholder_keeps_its_caption_for_the_rules() -> None:
    (m,) = parse_text("۲۰۲۱/۵/۳۰، ۱۸:۴۹ - شطرنج: <رسانه حذف شد>\nPR 1\n", "chat.txt").messages
    assert (m.kind.value, m.text) == ("media", "<رسانه حذف شد>\nPR 1")


# WhatsApp writes Bengali য় as one code point (U+09DF), a table normalised to NFC as two: both are read.
BN_MEDIA = "<\u09ae\u09bf\u09a1\u09bf\u09df\u09be \u09ac\u09be\u09a6 \u09a6\u09c7\u0993\u09df\u09be \u09b9\u09df\u09c7\u099b\u09c7>"


@pytest.mark.parametrize("placeholder", [BN_MEDIA, BN_MEDIA.replace("\u09df", "\u09af\u09bc")])
def test_a_bengali_placeholder_in_either_unicode_form(placeholder: str) -> None:
    (m,) = parse_text(f"15/03/22 10:00 - Ben: {placeholder}\nPR 1\n", "chat.txt").messages
    assert (m.kind.value, m.notice, m.text) == ("media", "media", f"{placeholder}\nPR 1")


def test_an_rtl_iphone_string_keeps_its_own_mark_after_whatsapps() -> None:
    # iOS puts LRM before the Persian string, which opens with its own RLM: "image omitted", not "X was removed"
    (m,) = parse_text("[16/03/22, 09:00:00] Ben: \u200e\u200fتصویر حذف شد\n", "chat.txt").messages
    assert (m.kind.value, m.notice, dict(m.details)) == ("media", "media", {"type": "image"})


def test_a_japanese_notice_without_blanks_is_matched_as_a_whole_sentence() -> None:
    (m,) = parse_text("[16/03/22, 09:00:00] Ben: \u200eメッセージを待っています。しばらく時間がかかることがあります。\n",
                      "chat.txt").messages
    assert (m.kind.value, m.notice) == ("media", "waiting")


@pytest.mark.parametrize(("body", "kind", "notice"), [
    ("\u200eWarte auf diese Nachricht. Das kann einen Moment dauern.", "media", "waiting"),
    ("\u200eIn attesa del messaggio. Potrebbe volerci un po' di tempo.", "media", "waiting"),
    ("Warte auf diese Nachricht von Anna", "message", ""),  # a person's sentence, longer than the notice
    ("In attesa del messaggio di conferma", "message", ""),
])
def test_waiting_for_this_message_is_the_sentence_not_its_first_words(body: str, kind: str, notice: str) -> None:
    (m,) = parse_text(f"[16/03/22, 09:00:00] Ben: {body}\n", "chat.txt").messages
    assert (m.kind.value, m.notice) == (kind, notice)


# Newer Android exports write `<Media omitted>` in other words than the older app's strings.
@pytest.mark.parametrize("placeholder", ["<media buraxıldı>", "<fitxers multimèdia omesos>", "<αρχείο παραλήφθηκε>",
                                         "<meedia välja jäetud>", "<media jätettiin pois>", "<મિડિયા છોડી મૂકાયું>"])
def test_newer_android_media_placeholders(placeholder: str) -> None:
    (m,) = parse_text(f"15/03/22 10:00 - Ben: {placeholder}\nPR 1\n", "chat.txt").messages
    assert (m.kind.value, m.notice, m.text) == ("media", "media", f"{placeholder}\nPR 1")


@pytest.mark.parametrize("line", [
    "Resume.pdf • \u200e2 หน้า \u200eละเว้นเอกสาร",                # Thai
    "Resume.pdf • \u200e2 trang \u200eđã bỏ qua tài liệu",          # Vietnamese
    "Resume.pdf • \u200e2 страницы \u200eдокумент отсутствует",    # Russian
    "Resume.pdf • \u200e2 сторінки \u200eдокумент пропущено",      # Ukrainian
    "Resume.pdf • \u200e2 páginas \u200edocumento não revelado",   # Portuguese
])
def test_an_iphone_document_placeholder_names_the_file_and_its_pages(line: str) -> None:
    (m,) = parse_text(f"[27/03/22 21:50:25] Dmitry S: {line}\n", "_chat.txt").messages
    assert (m.kind.value, m.attachment, dict(m.details).get("pages")) == ("media", "Resume.pdf", "2")
