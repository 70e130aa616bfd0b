"""Who said a quote: the speaker resolver.

quotes.py finds quote spans and reads the words right around each one (a `Claim`); this module
decides who said it, in named steps, each tested in tests/test_speakers.py:

1. candidate mentions (`find_mentions`, `find_subjects`): people reported speaking outside
   quotes (`X mengatakan`, `menurut X`, `akun @x`) and people sentences open with;
2. the article's alias table (`build_aliases`): full names, and the surnames, clipped names,
   initials and nicknames (`alias`, `yang akrab disapa`, `(RD)`) that stand for them;
3. the current speaker (`follow_speakers`): `katanya` and `kata politisi itu` resolve to the
   person speaking or introduced just before, paragraph by paragraph;
4. quotes with no attribution (`inherit_speakers`): split quotes, quotes over several
   paragraphs attributed in one of them, a quote right after `X menyampaikan …`;
5. full names (`_name_fully`): the fullest name the article gives, roles and places in `role`;
6. unknown rather than a guess (`_settle`): below a confidence floor, `speaker` is null.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ringkas.document import Quote, Sentence
from ringkas.lexicon import (
    ADVERBS,
    ANAPHORS,
    CLOSING_QUOTES,
    DETERMINERS,
    DOCUMENT_WORDS,
    DOMAIN,
    DOUBLE_QUOTES,
    FUNCTION_WORDS,
    GENERIC_PEOPLE,
    INDIRECT_CUE_VERBS,
    INNER_SPEECH_VERBS,
    MARKED_DATELINE,
    NEGERI_OFFICES,
    ORG_HEADS,
    ORG_WORDS,
    PASSIVE_AGENT_VERBS,
    PLACE_INTRO,
    PLACE_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    QUOTED,
    REPORTING_VERBS,
    ROLE_CONNECTORS,
    SELF_PRONOUNS,
    SOMETIMES_SPEECH_VERBS,
    SPEAKER_STOPS,
    TITLE_WORDS,
    WEEKDAYS,
)


def word_alternation(words: Iterable[str]) -> str:
    """A regex alternation of words grouped by first letter (`b(?:erkata|ertanya)|k(?:ata)`).

    Python's regex engine tries every branch at every position; grouping by the first letter
    lets it drop all but one branch on the first character, twice as fast on a long list.
    """
    by_letter: dict[str, list[str]] = {}
    for word in sorted(words):
        by_letter.setdefault(word[0], []).append(word[1:])
    return "|".join(
        re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")"
        for first, rests in sorted(by_letter.items())
    )


_ACTIVE_VERB = re.compile(r"^(?:meng|meny|mem|men)[a-z]{4,}$")
_VERB_LIKE = re.compile(r"^(?:me|ber|di|ter)[a-z]{4,}$")
_STATEMENT_NOUNS = re.compile(
    r"^(?:oleh\s+)?(?:(?:isi|bunyi)\s+)?(?:tertulis\s+)?(?:(?:sebuah|suatu|dalam|di|menurut)\s+)?"
    r"(?:pernyataan|keterangan|siaran\s+pers|rilis|laporan|surat|unggahan|cuitan|kicauan|"
    r"tulisan|akun|situs|laman|petisi|pengumuman)(?:\s+(?:resmi|tertulis))?"
    r"(?:\s+(?:dari|oleh|milik))?\s+|^oleh\s+",
    re.IGNORECASE,
)
_LEADING_CONNECTIVES = re.compile(
    r"^(?:namun|tetapi|sementara\s+itu|selain\s+itu|sebelumnya|adapun|di\s+sisi\s+lain|"
    r"oleh\s+karena\s+itu|karena\s+itu|meski\s+demikian|terpisah|secara\s+terpisah|lebih\s+lanjut|"
    r"kemudian|lalu|bahkan|dan|sedangkan|sedang|hal\s+senada|senada)\b[\s,]*",
    re.IGNORECASE,
)

_FORGET = 1500  # characters after which a speaker is no longer "the one speaking"
WINDOW = 300  # characters looked at around a quote for its attribution
_WORD = re.compile(r"@\w+|[^\W\d_][\w'’.-]*|\d[\w./:-]*|[(),;/&]")
SENTENCE_END = re.compile(rf"[.!?…][)\]{CLOSING_QUOTES}]*\s+(?=[(\[{DOUBLE_QUOTES}]?[A-Z0-9])")
REPORTING = re.compile(r"\b(" + word_alternation(REPORTING_VERBS) + r")\b")
MENURUT = re.compile(rf"\b[Mm]enurut\s+([^,.;:{DOUBLE_QUOTES}]{{2,120}})")
_INDIRECT_CUE = re.compile(
    rf",\s*({word_alternation(INDIRECT_CUE_VERBS)})\s+([A-Z][^,.;{DOUBLE_QUOTES}]{{1,100}})"
)
# pe-…-an and ke-…-an nouns name portfolios and offices, hardly ever people
_ABSTRACT_NOUN = re.compile(r"^(?:pe|ke)[a-z]{3,}an$")
_CAPITAL = re.compile(r"\b[A-Z][\w'’-]+")
_MID_CAPITAL = re.compile(r"(?<=[a-z,] )[A-Z][\w'’-]+")
# A sentence that opens with capitalised words then goes on in lower case: "Tri R tiba …"
_SUBJECT_RUN = re.compile(r"((?:[A-Z@][\w'’.-]*,?\s+){1,8})(?=[a-z])")
# "Hal tersebut diungkapkan oleh Presiden Ferrari, Sergio Marchionne."
_PASSIVE = re.compile(
    r"\b(?:" + word_alternation(PASSIVE_AGENT_VERBS) + r")"
    rf"\s+(?:langsung\s+)?oleh\s+([^.;{DOUBLE_QUOTES}]{{2,120}})"
)
_PLACE_USE = re.compile(
    r"\b(?:di|asal|negara|negeri|Kota|Provinsi|Kabupaten|[Pp]artai|[Ff]raksi|PT)"
    r"\s+([A-Z][\w-]+)"
)
_NICKNAME = re.compile(r"\byang\s+(?:akrab|biasa)\s+(?:disapa|dipanggil)\s+([A-Z][\w'’-]+)")
# "selaras dengan penuturan psikolog Tamlin Conner": reported speech by a noun
_SPEECH_OF = re.compile(
    r"\b(?:penuturan|pernyataan|keterangan|ucapan|penjelasan|pengakuan)"
    rf"\s+([^,.;{DOUBLE_QUOTES}]{{2,100}})"
)
# "akun @TelkomCare", "lewat akun Twitter-nya @x": a social account speaks
_ACCOUNT = re.compile(r"\bakun\s+(?:[\w-]+\s+){0,2}(@\w+)")
# "Pada kesempatan itu, …", "Setelah rapat selesai, …": an opening phrase before the subject
_OPENING_PHRASE = re.compile(
    r"^(?:[Ss]eperti|[Ss]ebagaimana|[Bb]erdasarkan|[Dd]engan|[Uu]ntuk|[Kk]arena|[Nn]amun|"
    r"[Pp]ada|[Dd]alam|[Ss]aat|[Ss]etelah|[Ss]ebelum|[Ss]elain|[Ss]ementara|[Ss]eusai|[Uu]sai|"
    r"[Dd]i|[Kk]etika|[Ss]ejak|[Mm]eski|[Kk]epada|[Bb]agi|[Ss]elama)\b"
    rf"[^,.{DOUBLE_QUOTES}]{{0,80}},\s+"
)
# "anggota DPR Katherine Angela Oendoen mengucapkan …": a lower-case title before the name
_TITLED_SUBJECT = re.compile(r"((?:[a-z]+\s+){1,3}(?:[A-Z][\w'’.-]*,?\s+){1,6})(?=[a-z])")
# "seorang juru bicara …", "salah seorang warga", "sumber dalam …", "penyanyi lain": unnamed
_UNNAMED_SOURCE = re.compile(
    r"^(?:(?:seorang|salah\s+(?:seorang|satu)|para)\s+\w+|sumber\s+\w+|[a-z]+\s+lain(?:nya)?$)",
    re.IGNORECASE,
)
_SPEECH_FOLLOWS = re.compile(rf"\s*(?:[,:{DOUBLE_QUOTES}]|bahwa\b)")
_PASSIVE_VERB = re.compile(r"^Di[a-z]{3,}(?:kan|i)$")
_DESCRIBED_NAME = re.compile(
    r"((?:[a-z]+\s+){1,3})([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})(?=\s*(?:[,.;]|$|\s[a-z(]))"
)
_BRAND = re.compile(r"^[A-Z]?[a-z]+[A-Z]{2,}\w*$")
# runs of capitalised words: candidate full names for the alias table
# (the capital comes first and the look-behinds after it: the scan then skips to capitals)
_NAME_RUN = re.compile(
    r"(?m)[A-Z](?:(?<=[a-z,(.!?] [A-Z])|(?<=^[A-Z]))[\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}"
)
# "Rahmad Darmawan (RD)", "Suhariyanto yang akrab disapa Ketjuk", "X alias Om Shancoz": the cue
# and the nickname; the full name is the run of capitals just before (`_NAME_BEFORE`)
_ALIAS_CUE = re.compile(
    r"\((?!\d)([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\)|"
    r"\b(?:alias|yang\s+(?:akrab|biasa|kerap|karib)\s+(?:disapa|dipanggil|dikenal)|"
    r"yang\s+dikenal(?:\s+dengan)?(?:\s+nama)?|atau\s+(?:yang\s+)?(?:akrab\s+)?disapa)\s+"
    r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)"
)
# "nama Budiman Santoso atau Budi", "Budiman Santoso, atau Budi,": "atau" names an alternative
# too ("Jakarta atau Bandung"), so the short word counts only when it clips or abbreviates the name
_OR_CUE = re.compile(r"\batau\s+([A-Z][\w'’-]*)\b(?!\s+[A-Z])")
# searched backwards from a cue (the text up to it), so the scan starts only where a cue is
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,4}[A-Z][\w'’.-]*)\s*,?\s*$")
_LOOK_BACK = 200  # characters before an alias cue that may hold the full name
_PAREN = re.compile(r"\([^()]{0,80}\)")
_ASIDE = re.compile(r"\d|[a-z]{4}")  # a bracket with a date or words: an aside, not a name
_AS_ROLE = re.compile(r"\s+(?:selaku|sebagai)\s+")
_CLAUSE_BREAK = re.compile(f"[{DOUBLE_QUOTES};]")


@dataclass(frozen=True)
class Mention:
    """Someone who speaks at `position` (a cue, a reporting verb or `menurut X`)."""

    position: int
    speaker: str
    role: str | None
    is_anaphor: bool = False  # `politisi itu mengatakan`: a role pointing back, no name
    is_run: bool = False  # only a run of capitalised words (`Manchester United`), no speech


# How the words around a quote name its speaker
NAMED = "named"  # `"…," kata Budi`, `Budi mengatakan, "…"`
ANAPHOR = "anaphor"  # `"…," katanya`, `kata politisi itu`: someone named before
BARE = "bare"  # nothing: a quote paragraph on its own


@dataclass(frozen=True)
class Claim:
    """A quote and what its own sentence says of its speaker, before the article is read."""

    quote: Quote
    how: str  # NAMED, ANAPHOR or BARE
    fallback: str | None = None  # the nickname in `kata pria yang akrab disapa Emil itu`
    continued: bool = False  # the quote runs on into the next paragraph


# speaker_confidence by the way the speaker was found; below _UNSURE the speaker is dropped
_CONFIDENCE = {
    "named": 0.95,  # named right at the quote
    "current": 0.85,  # `katanya`: the person speaking just before
    "split": 0.9,  # the second half of a quote broken by its attribution
    "continued": 0.85,  # a quote over several paragraphs, attributed in one of them
    "role": 0.8,  # `kata politisi itu`: the one person named with that role
    "introduced": 0.75,  # a bare quote right after `X menyampaikan …`
    "subject": 0.7,  # `katanya` after a sentence about X
    "unnamed": 0.75,  # an unnamed source as the article describes it
    "far": 0.4,  # the last speaker was more than _FORGET characters back
}
_UNSURE = 0.5


# --- sentences around a position -------------------------------------------------------------


class Bounds:
    """Sentence spans to look up by position (lines when no sentences are given)."""

    def __init__(self, text: str, sentences: Sequence[Sentence]) -> None:
        if sentences:
            self.spans = [(s.start, s.end, s.index) for s in sentences]
        else:
            self.spans = []
            start = 0
            for number, line in enumerate(text.split("\n")):
                self.spans.append((start, start + len(line), number))
                start += len(line) + 1
        self.starts = [start for start, _, _ in self.spans]

    def locate(self, position: int) -> int:
        """Offset into self.spans of the sentence holding position (or the one before it)."""
        return max(bisect.bisect_right(self.starts, position) - 1, 0)

    def index(self, position: int) -> int:
        """The sentence index of position."""
        return self.spans[self.locate(position)][2] if self.spans else 0

    def start(self, position: int) -> int:
        """Where the sentence holding position starts."""
        return self.spans[self.locate(position)][0] if self.spans else 0

    def end(self, position: int) -> int:
        """Where the sentence holding position ends."""
        return self.spans[self.locate(position)][1] if self.spans else position


# --- parsing speaker phrases -----------------------------------------------------------------


def _tokens(phrase: str) -> list[str]:
    """Words and the punctuation that matters for speaker phrases."""
    phrase = _PAREN.sub(lambda m: " " if _ASIDE.search(m.group()) else m.group(), phrase)
    return _WORD.findall(phrase)


@functools.lru_cache(maxsize=4096)  # a pure test of one word; articles repeat their names
def is_name_word(word: str) -> bool:
    """True for a word that can be part of a person's name (capitalised, not an acronym)."""
    if not word[:1].isupper() and not word.startswith("@"):
        return False
    low = word.lower().rstrip(".")
    if low in TITLE_WORDS or low in ORG_WORDS or low in FUNCTION_WORDS or low in PLACE_WORDS:
        return False
    if _ABSTRACT_NOUN.match(low):
        return False  # "Perekonomian", "Kesehatan": the portfolio in a title, not a name
    if word.startswith("@"):
        return True  # a social-media handle
    if _PASSIVE_VERB.match(word):
        return False  # "Ditambahkan Endra, …": the passive cue, not a first name
    if _BRAND.match(word):
        return False  # "MotoGP", "LummoSHOP": capitals after lower case make a brand
    return len(word) == 1 or not word.isupper() or (len(word) <= 2 and word.endswith("."))


def parse_cue_phrase(phrase: str) -> tuple[str | None, str | None, bool]:
    """Speaker and role after a cue verb: `kata Kepala Polres X Komisaris Besar Budi, Senin`."""
    nickname = _NICKNAME.search(phrase[:200])
    if nickname is not None:
        # "kata pria yang akrab disapa Emil itu": the name the text gives
        role_words = [
            w
            for w in _tokens(phrase[: nickname.start()])
            if w not in {",", "(", ")"} and w.lower() not in GENERIC_PEOPLE
        ]
        return nickname.group(1), _join(role_words) if role_words else None, True
    first = _tokens(phrase[:40])[:1]
    if first and first[0].lower() in GENERIC_PEOPLE:
        return None, first[0].lower(), True  # "ucap pria berusia 46 tahun itu": a description
    described = _DESCRIBED_NAME.match(_STATEMENT_NOUNS.sub("", phrase.lstrip()))
    if (
        described is not None
        and first
        and first[0].lower() not in TITLE_WORDS | PRONOUNS
        and not any(w in ORG_WORDS for w in described.group(1).split())
    ):
        name = described.group(2).split()
        if all(map(is_name_word, name)):
            # "tutur psikolog Tamlin Conner": a lower-case job before the name is its role
            return " ".join(name), described.group(1).strip(), False
    parts: list[list[str]] = [[]]
    in_role = False
    phrase = _STATEMENT_NOUNS.sub("", phrase.lstrip())
    tokens = _tokens(phrase)[:40]
    for k, word in enumerate(tokens):
        low = word.lower()
        if word in {".", ";"}:
            break
        if word == ",":
            if parts[-1]:
                parts.append([])
                in_role = False
            continue
        if word in {"(", ")"}:
            continue
        if not parts[-1]:
            in_role = low in TITLE_WORDS or low in ORG_WORDS
        ends_sentence = word.endswith(".") and len(word) >= 3
        if ends_sentence:
            word, low = word.rstrip("."), low.rstrip(".")
        if low in ANAPHORS and parts[-1]:
            parts[-1].append(word)  # "kata CEO sekaligus penggagas produk ini, Azar T"
            if ends_sentence:
                break
            continue
        if low in SPEAKER_STOPS and not (
            in_role and (low in ROLE_CONNECTORS or _continues_title(tokens, k))
        ):
            if low in {"selaku", "sebagai"} and parts[-1]:
                parts.append([])
                in_role = True
                continue
            break
        if word[:1].isdigit():
            break
        if in_role and low in ROLE_CONNECTORS:
            parts[-1].append(word)
            continue
        if low in TITLE_WORDS and parts[-1] and all(map(is_name_word, parts[-1])):
            parts.append([])  # "Senaz perwakilan dari …": a role right after the name
            in_role = True
        elif word[:1].islower() and low not in TITLE_WORDS and low not in DETERMINERS:
            named = any(map(is_name_word, parts[-1]))
            if any(c.isupper() for c in word):
                named = False  # "aCommerce": a brand written in camel case
            if not in_role or named or _VERB_LIKE.match(low):
                break  # "ujar Bupati X menyampaikan …": the clause goes on without the speaker
        parts[-1].append(word)
        if ends_sentence:
            break
    return _read_parts([p for p in parts if p])


def _continues_title(tokens: Sequence[str], k: int) -> bool:
    """True for a capitalised stop word inside a title: `Direktur Lalu Lintas`, `Dalam Negeri`."""
    word = tokens[k]
    return (
        word[:1].isupper()
        and word.lower() not in WEEKDAYS
        and k + 1 < len(tokens)
        and tokens[k + 1][:1].isupper()
    )


def parse_subject(clause: str) -> tuple[str | None, str | None, bool]:
    """Speaker and role in the subject before a reporting verb: `Menteri X, Mike Pompeo,`."""
    clause = QUOTED.sub(" ", clause)  # what is said, not who says it
    clause = MARKED_DATELINE.sub("", clause.strip())
    clause = _LEADING_CONNECTIVES.sub("", clause)
    clause = _LEADING_CONNECTIVES.sub("", clause)
    kept: list[list[str]] = []
    clause = _AS_ROLE.sub(", ", clause)  # "Daniel selaku CEO OLX"
    relative = False
    for part in clause.split(","):
        words = [w for w in _tokens(part) if w not in {"(", ")"}]
        lowered = [w.lower() for w in words]
        if any(w in REPORTING_VERBS for w in lowered):
            kept = []  # "X mengatakan, pedagang mengeluhkan": X speaks, not the traders
            relative = False
            continue
        if relative:
            continue  # "X yang didampingi A, B dan C mengatakan": X speaks, not A, B or C
        if "yang" in lowered:
            words = words[: lowered.index("yang")]  # "X yang dihubungi terpisah mengatakan"
            # "Kepada kuasa usaha Jepang yang …, Soemitro": an adverbial, not the subject
            relative = bool(words) and words[0].lower() not in PREPOSITIONS
        while (
            words
            and words[-1].lower() not in ANAPHORS  # "tersebut" looks like a ter- verb
            and (words[-1].lower() in ADVERBS or _VERB_LIKE.match(words[-1]))
        ):
            words.pop()  # "Daniel Tumiwa, memberikan komentarnya": no name in the verb
        if len(words) == 1 and kept and len(kept[-1]) >= 2 and kept[-1][-2].lower() == "di":
            continue  # "peneliti di Bochum, Jerman,": the country after the city
        if words:
            kept.append(words)
    if not kept:
        return None, None, False
    last = kept[-1]
    if len(last) == 1 and last[0].lower() in PRONOUNS:
        return None, None, True
    parts: list[list[str]] = []
    for words in kept[-3:]:
        run = _subject_run(words)
        parts = [*parts, run] if run else []
    return _read_parts(parts, prefer_last=True)


def _subject_run(words: list[str]) -> list[str]:
    """The part of a clause that can be a subject: a title phrase or capitalised words."""
    first = words[0].lower()
    if first in TITLE_WORDS or first in ORG_WORDS:
        # "Penasihat urusan luar negeri Putin", "Ketua DPRD Kota Bekasi Choiruman"; but not
        # "Presiden HRC Yoshishige Nomura pun sangat senang"
        for k in range(1, len(words)):
            if words[k][:1].islower() and any(w[:1].isupper() for w in words[1:k]):
                low = words[k].lower()
                if low in ANAPHORS:
                    return words[: k + 1]  # "Ketua Progres 98 itu": a role pointing back
                if low not in TITLE_WORDS and low not in ROLE_CONNECTORS:
                    return words[:k]
        return words
    if words[-1][:1].isupper() and words[-1].lower() not in FUNCTION_WORDS:
        start = len(words)
        while start > 0 and (
            words[start - 1][:1].isupper() or words[start - 1].lower() in TITLE_WORDS
        ):
            start -= 1
        # "Efek libur panjang Dicky": the subject is the run next to the verb
        run = words[start:]
        if start > 0 and words[start - 1].lower() in PLACE_INTRO:
            return []  # "peneliti di Bochum": a place, not the subject
    else:
        run = []
        for word in words:  # "Kim membangkitkan … dan": the run that opens the clause
            if not word[:1].isupper():
                break
            run.append(word)
    while run and (
        run[0].lower() in FUNCTION_WORDS
        or run[0].lower() in PRONOUNS
        or (_ACTIVE_VERB.match(run[0].lower()) and run[0].lower() not in TITLE_WORDS)
    ):
        run = run[1:]  # "Mengutip Science Alert, …": a verb, not a name
    return run


def _read_parts(
    parts: list[list[str]], *, prefer_last: bool = False
) -> tuple[str | None, str | None, bool]:
    """Pick the name and the role out of comma-separated parts of a speaker phrase."""
    if not parts:
        return None, None, False
    is_name = [all(is_name_word(w) for w in p) and len(p) <= 4 for p in parts]
    if prefer_last:
        # the subject is the part next to the verb: "…berlanjut, Gedung Putih mengatakan"
        if not is_name[-1] and len(parts) >= 2 and is_name[-2] and _is_role(parts[-1]):
            return " ".join(parts[-2]), _join(parts[-1]), False  # "Wiku, Juru Bicara Satgas,"
        if not is_name[-1]:
            parts, is_name = parts[-1:], is_name[-1:]
    if any(is_name):
        k = max(i for i, ok in enumerate(is_name) if ok) if prefer_last else is_name.index(True)
        if prefer_last:
            role_words = parts[k - 1] if k > 0 and _is_role(parts[k - 1]) else None
        else:
            role_words = next((p for p, ok in zip(parts, is_name, strict=True) if not ok), None)
        if role_words and role_words[-1].lower() in ANAPHORS:
            role_words = role_words[:-1]
        return " ".join(parts[k]), _join(role_words), False
    first = parts[-1] if prefer_last else parts[0]
    if first[-1].lower() in ANAPHORS:
        return None, _join(first[:-1]), True  # "kata politisi PDI-P tersebut"
    if len(first) == 1 and first[0].lower() in PRONOUNS:
        return None, None, True
    if len(first) == 1 and first[0].islower():
        return None, _join(first), True  # "kata dia", "ujar lelaki yang …": someone named before
    if first[0].lower() in ORG_WORDS and not any(w.lower() in TITLE_WORDS for w in first):
        return " ".join(first), None, False  # "Pemerintah Korea Utara"
    ordered = parts[::-1] if prefer_last else parts
    for part in ordered:
        name, role = _split_role_name(part)
        if name:
            others = [p for p in parts if p is not part]
            return name, role or _join(others[0] if others else None), False
    return _join(first), None, False  # "juru bicara Kementerian X": the role is all we know


def _is_role(words: Sequence[str]) -> bool:
    """True for a title phrase: `Menteri Luar Negeri AS`, `juru bicara KPK`."""
    return bool(words) and (words[0].lower() in TITLE_WORDS or words[0].lower() in ORG_WORDS)


def _split_role_name(words: list[str]) -> tuple[str | None, str | None]:
    """Split `Kepala Polsek Tarumajaya Ajun Komisaris Edy Suprayitno` into name and role."""
    end = len(words)
    start = end
    # a name after a title rarely has more than three words: "Menteri Energi Rusia Aleksandr
    # Novak" → Aleksandr Novak, not Rusia Aleksandr Novak
    initials = any(len(w.rstrip(".")) == 1 for w in words[-4:])  # "Gatot S Dewa Broto"
    longest = 4 if initials or all(map(is_name_word, words)) else 3
    while start > 0 and is_name_word(words[start - 1]) and end - start < longest:
        if start >= 2 and _introduces_place(words, start - 2, end - start):
            break
        start -= 1
    if start == end or (end - start == 1 and start > 0 and words[start - 1].lower() in ORG_HEADS):
        return None, _join(words)  # "juru bicara Badan Pangan": the office's name, no person
    if start == 0 and end - start > 1 and words[0].lower() in PLACE_INTRO:
        start = 1
    return " ".join(words[start:end]), _join(words[:start])


def _introduces_place(words: Sequence[str], k: int, named: int) -> bool:
    """True when words[k] names a place after it (`Kota Bekasi`), `named` words on being a name.

    After `Luar Negeri` one capitalised word is the country (`Kementerian Luar Negeri Tirta`),
    two are the person (`Menteri Luar Negeri Rudi Santoso`), three the country and the person.
    """
    if words[k].lower() not in PLACE_INTRO:
        return False
    is_office = words[k].lower() == "negeri" and k > 0 and words[k - 1].lower() in NEGERI_OFFICES
    return not is_office or named != 1


def _join(words: Sequence[str] | None) -> str | None:
    """Words back into a phrase (None when empty)."""
    if not words:
        return None
    phrase = " ".join(words).replace(" / ", "/").strip(" ,")
    return phrase or None


# --- step 1: candidate mentions --------------------------------------------------------------


def find_mentions(text: str, quoted: Sequence[tuple[int, int]], bounds: Bounds) -> list[Mention]:
    """Everyone the text has speaking, outside quotes, in text order."""
    opens = [start for start, _ in quoted]

    def inside_quote(position: int) -> bool:
        k = bisect.bisect_right(opens, position) - 1
        return k >= 0 and quoted[k][0] <= position < quoted[k][1]

    found: list[Mention] = []
    for match in REPORTING.finditer(text):
        if inside_quote(match.start()):
            continue
        if match.group(1) in SOMETIMES_SPEECH_VERBS and not _SPEECH_FOLLOWS.match(
            text, match.end()
        ):
            continue  # "Coding Teen akan melanjutkan perjalanannya": going on, not speaking
        start = max(bounds.start(match.start()), match.start() - WINDOW)
        clause = text[start : match.start()]
        clause = _CLAUSE_BREAK.split(clause)[-1]
        speaker, role, anaphoric = parse_subject(clause)
        if speaker and speaker[:1].isupper() and _is_speaker(speaker):
            found.append(Mention(match.start(), speaker, role))
        elif anaphoric:
            # "Ia mengaku …", "politisi itu menilai …": the person in play goes on speaking
            found.append(Mention(match.start(), "", role, is_anaphor=True))
    for pattern, group in ((MENURUT, 1), (_INDIRECT_CUE, 2), (_PASSIVE, 1), (_SPEECH_OF, 1)):
        for match in pattern.finditer(text):
            if inside_quote(match.start()):
                continue
            speaker, role, _ = parse_cue_phrase(match.group(group))
            if speaker and speaker.split()[0].lower() not in PRONOUNS and _is_speaker(speaker):
                found.append(Mention(match.start(), speaker, role))
    for match in _ACCOUNT.finditer(text):
        if not inside_quote(match.start()):
            found.append(Mention(match.start(), match.group(1), None))
    found.sort(key=lambda m: m.position)
    return found


def find_subjects(text: str, bounds: Bounds) -> list[Mention]:
    """People a sentence opens with (`Hakim Kusno menggugurkan …`), as a last resort for -nya."""
    found: list[Mention] = []
    # a one-word subject must also appear capitalised mid-sentence, or often: a name, not
    # "Mulai" or "Baca"
    proper = {m.group() for m in _MID_CAPITAL.finditer(text)}
    counts = Counter(m.group() for m in _CAPITAL.finditer(text))
    proper |= {word for word, n in counts.items() if n >= 3}
    for start, end, _ in bounds.spans:
        head = MARKED_DATELINE.sub("", text[start : min(end, start + 160)])
        head = _LEADING_CONNECTIVES.sub("", head)
        # "Pada kesempatan itu, anggota DPR X …": the subject comes after the opening phrase
        opener = _OPENING_PHRASE.match(head)
        if opener is not None:
            head = head[opener.end() :]
        run = _SUBJECT_RUN.match(head)
        if run is None:
            run = _TITLED_SUBJECT.match(head)
        if run is None:
            continue
        speaker, role, _ = parse_subject(run.group(1))
        if (
            speaker
            and (" " in speaker or speaker in proper)
            and all(map(is_name_word, speaker.split()))
            and _is_speaker(speaker)
        ):
            at = start + text[start:end].find(run.group(1)) + len(run.group(1))
            found.append(Mention(at, speaker, role))
    found.sort(key=lambda m: m.position)
    return found


def _is_speaker(name: str) -> bool:
    """False for phrases that are documents or media, not someone who speaks."""
    first = name.split()[0].lower()
    return first not in DOCUMENT_WORDS and not DOMAIN.search(name)


# --- step 2: who is who (the article's alias table) ------------------------------------------


class AliasTable:
    """Every full name the article gives, and the short names that stand for them."""

    def __init__(self, full_names: Sequence[Mention], nicknames: dict[str, str]) -> None:
        tidy = [
            replace(m, speaker=m.speaker.rstrip(".,;:")) if m.speaker[-1:] in ".,;:" else m
            for m in full_names
        ]
        self.full_names = sorted(tidy, key=lambda m: m.position)
        self.nicknames = nicknames
        self.roles: dict[str, list[Mention]] = {}
        for mention in self.full_names:
            for word in set((mention.role or "").lower().split()):
                self.roles.setdefault(word, []).append(mention)

    def expand(self, name: str, position: int) -> tuple[str, str | None, bool]:
        """The full name a short one stands for: (name, role, was it unambiguous)."""
        if name in self.nicknames:
            return self.nicknames[name], self.role_of(self.nicknames[name]), True
        words = name.split()
        matches = [
            m
            for m in self.full_names
            # a run of capitals stands for a one-word name only by its first word, whole or
            # clipped: "Donald" or "Don" → Donald Aronggear, but "Larson" may be any Larson
            if (len(words) >= 2 or not m.is_run or m.speaker.split()[0].startswith(words[0]))
            and _abbreviates(words, m.speaker.split())
        ]
        if len(words) == 1 and any(words[0] in m.speaker.split() for m in matches):
            # "Ahmad" is Ahmad Yani, not Ahmadi Sutarjo, when the article has both
            matches = [m for m in matches if words[0] in m.speaker.split()]
        typo = self._misspelt(words)
        if typo:
            return typo, self.role_of(typo), True
        if not matches:
            return name, None, True
        # "Gatot", "Gatot Broto", "Gatot S Dewa Broto": one person, named ever more fully
        longest = max((m.speaker for m in matches), key=lambda n: (len(n.split()), len(n)))
        if all(_abbreviates(m.speaker.split(), longest.split()) for m in matches):
            return longest, self.role_of(longest), True
        # two people share the short name: the one named last before the quote
        before = [m for m in matches if m.position <= position]
        chosen = before[-1] if before else matches[0]
        return chosen.speaker, chosen.role, False

    def person_with_role(self, role: str, position: int) -> Mention | None:
        """The person named before position whose role holds every word of `role`."""
        # "pelatih asal Prancis itu": the title words say who, the rest only describes
        title = [w for w in role.lower().split() if w in TITLE_WORDS]
        if not title:
            return None
        candidates = self.roles.get(title[0], [])
        for mention in reversed(candidates):
            if mention.position < position and all(
                w in (mention.role or "").lower().split() for w in title
            ):
                return mention
        return None

    def _misspelt(self, words: list[str]) -> str | None:
        """The name a one-letter slip stands for: `Lee Min Hoo` → Lee Min Ho, named more often."""
        if len(words) < 2:
            return None
        seen = Counter(m.speaker for m in self.full_names)
        for full, count in seen.items():
            other = full.split()
            if len(other) != len(words) or count < 2 or seen[" ".join(words)] >= count:
                continue
            diffs = [(a, b) for a, b in zip(words, other, strict=True) if a != b]
            if len(diffs) == 1 and _one_edit(*diffs[0]):
                return full
        return None

    def role_of(self, full_name: str) -> str | None:
        return next((m.role for m in self.full_names if m.speaker == full_name and m.role), None)


def build_aliases(
    text: str,
    mentions: Sequence[Mention],
    subjects: Sequence[Mention],
    claims: Sequence[Claim],
    quoted: Sequence[tuple[int, int]],
) -> AliasTable:
    """Collect the article's full names (speakers, proper-noun runs) and its nicknames."""
    full = [m for m in mentions if len(m.speaker.split()) >= 2]
    full += [m for m in subjects if m.role and len(m.speaker.split()) >= 2]
    full += [
        Mention(c.quote.start, c.quote.speaker, c.quote.role)
        for c in claims
        if c.quote.speaker and len(c.quote.speaker.split()) >= 2
    ]
    opens = [start for start, _ in quoted]
    for match in _NAME_RUN.finditer(text):
        k = bisect.bisect_right(opens, match.start()) - 1
        if k >= 0 and match.start() < quoted[k][1]:
            continue  # names inside quotes are what the speaker talks about
        words = match.group().split()
        for k in range(len(words) - 1):  # "IDI Papua Donald Aronggear" holds Donald Aronggear
            tail = words[k:]
            if len(tail) <= 4 and all(map(is_name_word, tail)):
                full.append(Mention(match.start(), " ".join(tail), None, is_run=True))
                break
    nicknames: dict[str, str] = {}
    for cue, must_clip in ((_ALIAS_CUE, False), (_OR_CUE, True)):
        for match in cue.finditer(text):
            before = _NAME_BEFORE.search(text, max(0, match.start() - _LOOK_BACK), match.start())
            if before is None:
                continue
            name = _name_before(before.group(1))
            nick = next(group for group in match.groups() if group).strip()
            if not name or nick == name or len(name.split()) < 2:
                continue
            if must_clip and not _abbreviates([nick], name.split()):
                continue
            nicknames.setdefault(nick, name)
            full.append(Mention(before.start(), name, None))
    return AliasTable(full, nicknames)


def _name_before(phrase: str) -> str | None:
    """The name at the end of a phrase: `pelatih Persib Rahmad Darmawan` → Rahmad Darmawan."""
    words = [w for w in _tokens(phrase) if w not in {",", "(", ")"}]
    name, _ = _split_role_name(words) if words else (None, None)
    return name


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one inserted, dropped or changed letter (`Hoo`, `Ho`)."""
    if min(len(a), len(b)) < 2 or max(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """True when a short name stands for a longer one the article gives.

    A word of it (`Pompeo`, `Joe`), a clipped first name (`Sandi` → Sandiaga Uno), clipped
    words in order (`Man United` → Manchester United) or initials (`RD` → Rahmad Darmawan).
    """
    if len(short) > len(full):
        return False
    if short == full:
        return True
    if len(short) == 1:
        word = short[0]
        if word in full:
            return True
        if len(word) >= 4 and full[0].startswith(word):
            return True
        return (
            word.isupper()
            and len(word) == len(full)
            and all(w[:1] == c for w, c in zip(full, word, strict=True))
        )
    if len(short) == len(full):
        # "Man United" → Manchester United: each word clips the full one, or is it
        return all(
            w == f or (f.startswith(w) and len(w) >= 3) for w, f in zip(short, full, strict=True)
        )
    k = 0
    for word in full:
        if k < len(short) and word.startswith(short[k]) and len(short[k]) >= 2:
            k += 1
    return k == len(short)


# --- step 3: the current speaker, quote by quote ---------------------------------------------


class SpeakerState:
    """Who is speaking at each point of the article: reported speech, quotes, subjects."""

    def __init__(
        self, mentions: list[Mention], subjects: list[Mention], speaking: Sequence[str]
    ) -> None:
        self.speaking = speaking
        self.mentions = [m for m in mentions if not m.is_anaphor]
        self.anaphors = [m.position for m in mentions if m.is_anaphor]
        self.positions = [m.position for m in self.mentions]
        self.subjects = subjects
        self.subject_positions = [m.position for m in subjects]
        self.last_quoted: Mention | None = None

    def latest_reported(self, position: int) -> Mention | None:
        """The last person reported speaking (outside quotes) before position."""
        k = bisect.bisect_left(self.positions, position) - 1
        return self.mentions[k] if k >= 0 else None

    def latest_speaker(self, position: int) -> Mention | None:
        """The last person reported speaking or quoted before position (quotes in order)."""
        mention = self.latest_reported(position)
        quoted = self.last_quoted
        if quoted is not None and (mention is None or quoted.position > mention.position):
            mention = quoted
        return mention

    def latest_subject(self, position: int, *, people_only: bool = True) -> Mention | None:
        """The last person a sentence opened with before position.

        With people_only, only a person counts: someone titled, or someone the article has
        speaking elsewhere ("Coding Teen akan …" is a product, "Laut Arafura …" a sea).
        """
        k = bisect.bisect_left(self.subject_positions, position) - 1
        while k >= 0:
            subject = self.subjects[k]
            if not people_only or self._is_person(subject):
                return subject
            k -= 1
        return None

    def _is_person(self, subject: Mention) -> bool:
        titled = _is_role(subject.role.split() if subject.role else [])
        return titled or _speaks(subject.speaker, self.speaking)

    def current(self, position: int, *, any_person: bool = False) -> tuple[Mention | None, float]:
        """The current speaker at position, and how sure that is."""
        speaker = self.latest_speaker(position)
        if speaker is None or position - speaker.position > _FORGET:
            # nobody spoke lately: "Tri Rismaharini tiba …. "…," katanya" — the person the
            # text is about, even untitled
            subject = self.latest_subject(position, people_only=False)
        else:
            subject = self.latest_subject(position)
        quoted_after = self.last_quoted is not None and (
            subject is None or self.last_quoted.position >= subject.position
        )
        later = subject is not None and (speaker is None or subject.position > speaker.position)
        if subject is not None and later and (any_person or not quoted_after):
            # someone introduced after the last speaker: `Sementara itu, X …. "…," ujarnya`
            near = position - subject.position <= _FORGET
            return subject, _CONFIDENCE["subject"] if near else _CONFIDENCE["far"]
        if speaker is None:
            return None, 0.0
        near = position - speaker.position <= _FORGET
        return speaker, _CONFIDENCE["current"] if near else _CONFIDENCE["far"]


def follow_speakers(
    claims: Sequence[Claim], state: SpeakerState, aliases: AliasTable
) -> list[Quote]:
    """Resolve anaphoric attributions (`katanya`, `kata pria itu`) with the current speaker."""
    out: list[Quote] = []
    for claim in claims:
        quote = claim.quote
        if claim.how == NAMED:
            quote = replace(quote, speaker_confidence=_CONFIDENCE["named"])
        elif claim.how == ANAPHOR:
            quote = _resolve_anaphor(claim, state, aliases)
        if quote.speaker:
            state.last_quoted = Mention(quote.start, quote.speaker, quote.role)
        out.append(quote)
    return out


def _resolve_anaphor(claim: Claim, state: SpeakerState, aliases: AliasTable) -> Quote:
    """`katanya` → the current speaker; `kata politisi itu` → the politician named before."""
    quote = claim.quote
    role = quote.role
    if role and role.split()[0].lower() not in GENERIC_PEOPLE:
        titled = aliases.person_with_role(role, quote.start)
        if titled is not None:
            return replace(quote, speaker=titled.speaker, speaker_confidence=_CONFIDENCE["role"])
    mention, confidence = state.current(quote.start, any_person=role is not None)
    if role and role.split()[0].lower() in GENERIC_PEOPLE:
        # "ucap pria berusia 46 tahun itu": a description, often of someone other than the
        # last speaker; too weak to name anyone
        confidence = min(confidence, _CONFIDENCE["far"])
    if mention is not None:
        return replace(
            quote, speaker=mention.speaker, role=role or mention.role, speaker_confidence=confidence
        )
    if claim.fallback is not None:
        return replace(quote, speaker=claim.fallback, speaker_confidence=_CONFIDENCE["subject"])
    return quote


# --- step 4: quotes with no attribution of their own -----------------------------------------


def inherit_speakers(
    quotes: list[Quote], claims: Sequence[Claim], state: SpeakerState, text: str
) -> list[Quote]:
    """Give unattributed quotes the speaker next to them: split and multi-paragraph quotes."""
    out = list(quotes)
    bare = [c.how == BARE and not q.speaker for c, q in zip(claims, out, strict=True)]
    # a quote left open at a paragraph end, or a whole quote paragraph right before the
    # attributed one: `"…" ¶ "…," tutur Lorenzo` — the attribution covers both
    for k in range(len(out) - 2, -1, -1):
        following = out[k + 1]
        if not bare[k] or not following.speaker:
            continue
        if claims[k].continued or _only_space(text, out[k].end, following.start):
            confidence = min(following.speaker_confidence, _CONFIDENCE["continued"])
            out[k] = replace(
                out[k],
                speaker=following.speaker,
                role=following.role,
                speaker_confidence=confidence,
            )
    for k in range(len(out)):
        quote = out[k]
        if quote.speaker or quote.cue or not bare[k]:
            continue
        previous = out[k - 1] if k > 0 else None
        introduced = state.latest_reported(quote.start)
        subject = state.latest_subject(quote.start)
        if subject is not None and (introduced is None or subject.position > introduced.position):
            introduced = subject
        if (
            previous is not None
            and previous.speaker
            and (introduced is None or introduced.position < previous.end)
        ):
            gap = text[previous.end : quote.start]
            if len(gap) < 200 and len(SENTENCE_END.findall(gap)) <= 1:
                # `"…," kata X. "…"`: the second half of a split quote
                out[k] = replace(
                    quote,
                    speaker=previous.speaker,
                    role=previous.role,
                    speaker_confidence=min(previous.speaker_confidence, _CONFIDENCE["split"]),
                )
                continue
        pointer = bisect.bisect_left(state.anaphors, quote.start) - 1
        points_back = pointer >= 0 and (
            introduced is None or state.anaphors[pointer] > introduced.position
        )
        if (
            points_back
            and previous is not None
            and previous.speaker
            and _just_before(text, state.anaphors[pointer], quote.start, previous)
        ):
            # `"…," katanya. ¶ Ia mengaku …. ¶ "…"`: the one speaking goes on
            out[k] = replace(
                quote,
                speaker=previous.speaker,
                role=previous.role,
                speaker_confidence=min(previous.speaker_confidence, _CONFIDENCE["introduced"]),
            )
            continue
        if (
            introduced is not None
            and introduced.speaker
            and _just_before(text, introduced.position, quote.start, previous)
        ):
            # `X menyampaikan kekecewaannya …. "…"`: the person just introduced speaks
            out[k] = replace(
                quote,
                speaker=introduced.speaker,
                role=quote.role or introduced.role,
                speaker_confidence=_CONFIDENCE["introduced"],
            )
    return out


def _only_space(text: str, end: int, start: int) -> bool:
    """True when only white space (a paragraph break) lies between two quotes."""
    return 0 <= start - end <= 8 and not text[end:start].strip()


def _just_before(text: str, position: int, start: int, previous: Quote | None) -> bool:
    """True when position is in the quote's paragraph or the one before, after the last quote."""
    if previous is not None and position < previous.end:
        return False
    return text.count("\n\n", position, start) + text.count("\n", position, start) // 2 <= 2


# --- step 5: full names, no roles or places in them ------------------------------------------


def _name_fully(quote: Quote, aliases: AliasTable, places: frozenset[str]) -> Quote:
    """Print the fullest name the article gives, with roles and places moved to `role`."""
    if not quote.speaker or not quote.speaker.strip(".,;: "):
        return replace(quote, speaker=None)
    quote = replace(quote, speaker=quote.speaker.strip(".,;: "))
    if quote.speaker in aliases.nicknames:  # "kata AD": the nickname the article gave
        full = aliases.nicknames[quote.speaker or ""]
        return replace(quote, speaker=full, role=quote.role or aliases.role_of(full))
    words = (quote.speaker or "").split()
    if words[0].lower() in ORG_WORDS and any(w[:1].isupper() for w in words[1:]):
        # "bunyi pernyataan pemerintah Spanyol": an institution speaks as itself
        return replace(quote, speaker=words[0][:1].upper() + " ".join(words)[1:])
    if words[0][:1].islower() or not any(map(is_name_word, words)):
        titled = aliases.person_with_role(quote.speaker or "", quote.start)
        if titled is not None:
            return replace(
                quote,
                speaker=titled.speaker,
                role=titled.role,
                speaker_confidence=min(quote.speaker_confidence, _CONFIDENCE["role"]),
            )
        if _UNNAMED_SOURCE.match(quote.speaker or ""):
            # "seorang juru bicara Kementerian X", "sumber dalam Beyonce": the article's own
            # description is all anyone knows of the speaker
            return replace(
                quote, speaker_confidence=min(quote.speaker_confidence, _CONFIDENCE["unnamed"])
            )
        # a role with no name ("juru bicara KPK"): say the role, not a made-up name
        return replace(quote, speaker=None, role=quote.role or quote.speaker)
    name, role, sure = aliases.expand(quote.speaker or "", quote.start)
    confidence = quote.speaker_confidence if sure else min(quote.speaker_confidence, 0.6)
    quote = replace(quote, speaker=name, role=quote.role or role, speaker_confidence=confidence)
    return _trim_places(quote, places)


def _place_words(text: str) -> frozenset[str]:
    """Capitalised words the text uses as places or teams (`di Turki`, `Partai Golkar`)."""
    return frozenset(m.group(1) for m in _PLACE_USE.finditer(text))


def _trim_places(quote: Quote, places: frozenset[str]) -> Quote:
    """Move place words off the front of a name: `Turki Recep Tayyip Erdogan` → Recep …."""
    words = (quote.speaker or "").split()
    moved = 0
    while len(words) - moved >= 2 and words[moved] in places:
        moved += 1
    if not moved:
        return quote
    role = " ".join(filter(None, [quote.role, *words[:moved]]))
    return replace(quote, speaker=" ".join(words[moved:]), role=role)


# --- step 6: unknown rather than a guess -----------------------------------------------------


def _settle(quote: Quote, places: frozenset[str]) -> Quote:
    """Drop a speaker the resolver is unsure of, or one that is a place: `speaker: null`."""
    if not quote.speaker:
        return replace(quote, speaker_confidence=0.0)
    is_place = all(w in places or w.lower() in PLACE_WORDS for w in quote.speaker.split())
    if is_place or quote.speaker_confidence < _UNSURE:
        return replace(quote, speaker=None, speaker_confidence=0.0)
    return quote


def resolve_speakers(
    text: str, claims: Sequence[Claim], bounds: Bounds, quoted: Sequence[tuple[int, int]]
) -> tuple[Quote, ...]:
    """Decide who said each quote; `quoted` holds every quote-mark span (quotes or not)."""
    if not claims:
        return ()  # most articles quote nobody: no need to read who speaks in them
    mentions = find_mentions(text, quoted, bounds)
    subjects = find_subjects(text, bounds)
    aliases = build_aliases(text, mentions, subjects, claims, quoted)
    speaking = [m.speaker for m in mentions] + [c.quote.speaker or "" for c in claims]
    # a sentence subject is a candidate speaker only when it is a person: titled, or someone
    # the article has speaking elsewhere ("Coding Teen akan …" is a product, not a speaker)
    state = SpeakerState(mentions, subjects, speaking)
    quotes = follow_speakers(claims, state, aliases)
    quotes = inherit_speakers(quotes, claims, state, text)
    places = _place_words(text)
    named = [q.speaker or "" for q in quotes]
    spoken = [*speaking, *(n for n in named if len(n.split()) == 1)]
    quotes = [_strip_stray_lead(_name_fully(q, aliases, places), text, spoken) for q in quotes]
    return tuple(_with_nested(_settle(q, places), text) for q in quotes)


def _speaks(name: str, speaking: Sequence[str]) -> bool:
    """True when the article has `name` (or a short form of it) speaking somewhere."""
    words = name.split()
    return any(
        other and (_abbreviates(other.split(), words) or _abbreviates(words, other.split()))
        for other in speaking
    )


def _stands_apart(words: Sequence[str], text: str, speaking: Sequence[str]) -> bool:
    """True when the first word appears without the rest and never speaks on its own.

    "Promogo … Promogo Andrew Tanyono … terang Andrew": the company, not Andrew's first name;
    "Januar P Ruswita … kata Januar": his own first name.
    """
    lead, rest = words[0], re.escape(words[1])
    if lead in speaking:
        return False
    return re.search(rf"\b{re.escape(lead)}\b(?!\s+{rest})", text) is not None


def _strip_stray_lead(quote: Quote, text: str, speaking: Sequence[str] | None = None) -> Quote:
    """Move a leading word the article also uses apart to `role`: `Gogobli Joyce Lim`."""
    words = (quote.speaker or "").split()
    if len(words) < 3 or len(words[0]) < 3 or words[0].startswith("@"):
        return quote
    lead = re.escape(words[0])
    # "Kolla Education", "Gogobli Outlet": the word belongs to another name the article gives;
    # "Januar" alone ("kata Januar") is the person's own first name
    elsewhere = re.finditer(rf"\b{lead}\b(?:\s+([A-Z][\w'’-]*))?", text)
    if not any(m.group(1) and m.group(1) not in words for m in elsewhere) and not (
        speaking is not None and _stands_apart(words, text, speaking)
    ):
        return quote
    role = " ".join(filter(None, [quote.role, words[0]]))
    return replace(quote, speaker=" ".join(words[1:]), role=role)


# --- step 7: quotes inside quotes -----------------------------------------------------------

# `'Saya siap'` or `‘Saya siap’` inside a quote; an apostrophe (`Jum'at`) has a letter beside it
_INNER_QUOTE = re.compile(
    r"(?:(?<=[\s,:(])'([^'\n]{2,300}?)'(?=[\s,.;:!?)]|$)|‘([^‘’\n]{2,300}?)’)"
)
# `Dia bilang kepada saya, '…'`: who speaks the inner words, just before them
_INNER_SPEECH = re.compile(
    r"(?:^|[\s,])((?:[A-Z][\w'’-]*\s+){0,3}[\w'’-]+)\s+"
    r"(?:" + word_alternation(INNER_SPEECH_VERBS) + r")"
    r"(?:\s+(?:kepada|pada|ke)\s+\w+)?\s*[,:]?\s*$"
)
_NESTED_CONFIDENCE = 0.7  # a name given inside the quote, read without the article's help


def _with_nested(quote: Quote, text: str) -> Quote:
    """Add the words a quote reports someone else saying, each with its own speaker."""
    body = text[quote.start + 1 : quote.end - 1]
    if "'" not in body and "‘" not in body:
        return quote
    nested = []
    for match in _INNER_QUOTE.finditer(body):
        speech = _INNER_SPEECH.search(body, max(0, match.start() - 80), match.start())
        if speech is None:
            continue  # `pasang spanduk 'Turunkan Harga'`: a slogan or a title, nobody speaks it
        words = " ".join((match.group(1) or match.group(2)).split()).strip(" ,;")
        nested.append(replace(quote, text=words, nested=(), translation=None, score=0.0))
        nested[-1] = _inner_speaker(nested[-1], speech.group(1), quote)
    return replace(quote, nested=tuple(nested)) if nested else quote


def _inner_speaker(inner: Quote, subject: str, outer: Quote) -> Quote:
    """`Saya bilang` is the outer speaker, `Rudi bilang` is Rudi, `dia bilang` is unknown."""
    words = subject.split()
    if words[-1].lower() in SELF_PRONOUNS:
        return replace(inner, speaker=outer.speaker, role=outer.role)
    names: list[str] = []
    for word in reversed(words):  # "Kemarin Budi Santoso berkata": the run next to the verb
        if word.lower() in PRONOUNS or word.lower() in FUNCTION_WORDS or not is_name_word(word):
            break
        names.insert(0, word)
    if names:
        confidence = min(outer.speaker_confidence, _NESTED_CONFIDENCE)
        return replace(inner, speaker=" ".join(names), role=None, speaker_confidence=confidence)
    # a pronoun or a description: who it points to is not in the quote, and a guess is worse
    return replace(inner, speaker=None, role=None, speaker_confidence=0.0)
