""""Maksudnya …?": the roster's participants an unknown sender may be.

A sender is unknown when the export's name matches no name, alias or phone of roster.csv exactly.
Most often it is a participant written another way: with a title ("Bu Siti", "Pak Hendra, S.Pd"),
a nickname ("Yuli" for Yuliani), a typo, or the name her contacts saved ("Bu Siti SDN 2"). This
module only proposes; it never assigns a message to anyone — the supervisor adds the alias.

Names are compared word by word after dropping titles, degrees, school words and numbers, with
rapidfuzz's edit-distance ratio (a word the beginning of a roster word, like a nickname, counts as
close); a phone number is compared digit by digit with the roster's phones.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

from whatsapp_ingest.programme.roster import Participant, clean_author, phone_e164

MAX_SUGGESTIONS = 3
CLOSE = 80.0            # a word this close (rapidfuzz ratio, 0–100) to a roster word is "the same word"
MARGIN = 15.0           # a suggestion this much less close than the best one is left out
PHONE_CLOSE = 90.0      # one digit wrong in a 12–13 digit number
# Words that say who someone is, not which one: titles, degrees (split at their dots), school words.
NOT_A_NAME = frozenset("""
    bu ibu bunda bun pak bapak bpk bp mas mbak mba mbk kak kakak teh teteh kang akang aa abang bang uda uni
    ust ustad ustadz ustaz ustadzah ustazah hj haji hajjah dr drs dra ir prof kh
    pd ag si kom sos hum kes kep keb ked ip ikom gr th pdi psi hi mpd spd sag ssi skom
    guru kelas wali kepala kepsek sekolah operator admin tu staf pengawas pembimbing fasilitator
    sd sdn sdit mi min mis smp smpn mts mtsn sma sman ma man smk smkn tk ra paud kb yayasan gugus kkg mgmp
""".split())


def name_words(text: str) -> list[str]:
    """The words of a name that tell people apart: lower case, without accents, titles, degrees,
    school words, numbers or single letters."""
    return list(_name_words(text))


@functools.lru_cache(maxsize=65536)   # the roster's spellings are compared with every unknown sender
def _name_words(text: str) -> tuple[str, ...]:
    plain = unicodedata.normalize("NFKD", clean_author(text)).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z]+", plain)
    return tuple(word for word in words if len(word) > 1 and word not in NOT_A_NAME)


def _word_score(word: str, candidates: Iterable[str]) -> float:
    """How close `word` is to the nearest candidate word; a nickname that begins a roster word
    ("yuli" → "yuliani", at least three letters) counts as close."""
    best = 0.0
    for other in candidates:
        score = fuzz.ratio(word, other)
        nickname = len(word) >= 3 and other.startswith(word)
        longer = len(other) >= 4 and word.startswith(other) and len(word) - len(other) <= 3   # "Yuliani" for "Yuli"
        if nickname or longer:
            score = max(score, CLOSE + 5)
        best = max(best, score)
    return best


def closeness(author: str, spelling: str) -> tuple[float, float]:
    """(best word, mean over the author's words) of how close an author is to one roster spelling."""
    return _closeness(_name_words(author), _name_words(spelling))


def _closeness(words: tuple[str, ...], others: tuple[str, ...]) -> tuple[float, float]:
    if not words or not others:
        return 0.0, 0.0
    scores = [_word_score(word, others) for word in words]
    return max(scores), sum(scores) / len(scores)


def _phone_score(number: str, participant: Participant) -> float:
    if not number or not participant.phone:
        return 0.0
    return fuzz.ratio(number, participant.phone) if len(number) == len(participant.phone) else 0.0


def suggest(author: str, participants: Iterable[Participant], limit: int = MAX_SUGGESTIONS) -> tuple[Participant, ...]:
    """The participants (up to `limit`, closest first) an unknown author may be; none when nobody
    is close. Supervisors (pembimbing) and withdrawn participants are proposed too: the sender may be one."""
    ranked: list[tuple[tuple[float, float], int, Participant]] = []
    number = phone_e164(author)   # once per author, not per participant (a re-run says this for every unknown)
    words = _name_words(author)
    for participant in participants:
        if number:
            score = _phone_score(number, participant)
            if score >= PHONE_CLOSE:
                ranked.append(((score, score), participant.no, participant))
            continue
        best = max((_closeness(words, _name_words(spelling)) for spelling in (participant.name, *participant.aliases)),
                   default=(0.0, 0.0))
        if best[0] >= CLOSE:
            ranked.append((best, participant.no, participant))
    ranked.sort(key=lambda item: (-item[0][1], -item[0][0], item[1]))
    top = ranked[0][0][1] if ranked else 0.0
    return tuple(participant for score, _no, participant in ranked[:limit] if score[1] >= top - MARGIN)


def suggestion_text(found: Iterable[Participant], word_or: str) -> str:
    """"Siti Aminah (no. 2) atau Siti Nurhaliza (no. 5)": the suggestions as one phrase, joined by
    the language's "or" (`word_or`)."""
    names = [f"{p.name} (no. {p.no})" for p in found]
    return f" {word_or} ".join(names)
