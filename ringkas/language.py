"""Tell Indonesian from Malay, English and other languages, and flag or refuse an article."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ringkas.document import Article
from ringkas.errors import InputError

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

INDONESIAN = "id"
MALAY = "ms"
ENGLISH = "en"
FORCEABLE = (INDONESIAN, MALAY, ENGLISH)

ALREADY_ENGLISH = "already_english"
MALAY_FLAG = "malay"
UNSURE_FLAG = "language_unsure"

# The detector only chooses among these. Besides the three ringkas cares about, the others
# give a foreign article something better to win than "Malay": the region's neighbours
# (Acehnese, Javanese, Tagalog), the languages wires and press releases come in, and "zxx"
# (no language: tables, numbers, code). Leaving out the ~80 rarer languages keeps them from
# winning short Indonesian texts by accident (Kabyle, Breton and Walloon did, on IndoSum).
OTHER_LANGUAGES = {
    "zxx": "no natural language",
    "ace": "Acehnese",
    "jv": "Javanese",
    "tl": "Tagalog",
    "nl": "Dutch",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
    "it": "Italian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "ru": "Russian",
    "th": "Thai",
    "vi": "Vietnamese",
    "hi": "Hindi",
    "tr": "Turkish",
    "pl": "Polish",
    "sw": "Swahili",
}
# Below this many words the detector is a coin toss (on NTREX, 1 Indonesian sentence in 8 came
# out as Malay): such texts are taken as Indonesian without asking.
MIN_WORDS = 25
# A verdict other than Indonesian needs this confidence; whole Malay, English and French
# articles score > 0.99, while Indonesian sentences mistaken for Malay stay under 0.8.
CONFIDENT = 0.9
_WORD = re.compile(r"[^\W\d_]{2,}")
_FORCED_FLAGS = {MALAY: (MALAY_FLAG,), ENGLISH: (ALREADY_ENGLISH,)}


@dataclass(frozen=True)
class Verdict:
    """The language of a text, the detector's confidence, and how ringkas treats it."""

    code: str
    confidence: float
    flags: tuple[str, ...] = ()
    refused: bool = False


@functools.cache
def _identifier() -> LanguageIdentifier:
    """Load the langid model once per process (about 0.7 s), restricted to our languages."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([INDONESIAN, MALAY, ENGLISH, *OTHER_LANGUAGES])
    return identifier


def detect_language(text: str) -> tuple[str, float]:
    """Return the most likely language code of `text` and the detector's confidence."""
    code, confidence = _identifier().classify(text)
    return str(code), float(confidence)


def judge_language(text: str) -> Verdict:
    """Decide how to treat a text: Indonesian as is, Malay and English flagged, others refused."""
    if len(_WORD.findall(text, 0, 20_000)) < MIN_WORDS:
        return Verdict(INDONESIAN, 0.0)
    code, confidence = detect_language(text)
    if code == INDONESIAN:
        return Verdict(code, confidence)
    if confidence < CONFIDENT:
        return Verdict(code, confidence, flags=(UNSURE_FLAG,))
    if code == MALAY:
        return Verdict(code, confidence, flags=(MALAY_FLAG,))
    if code == ENGLISH:
        return Verdict(code, confidence, flags=(ALREADY_ENGLISH,))
    return Verdict(code, confidence, refused=True)


def language_name(code: str) -> str:
    """A language's English name, for messages."""
    names = {INDONESIAN: "Indonesian", MALAY: "Malay", ENGLISH: "English", **OTHER_LANGUAGES}
    return names.get(code, code)


def check_language(article: Article, forced: str | None = None) -> Article:
    """Flag an article's language (malay, already_english); refuse other languages.

    `forced` (id, ms or en) skips detection. A refused article raises InputError.
    """
    if forced is not None:
        verdict = Verdict(forced, 1.0, flags=_FORCED_FLAGS.get(forced, ()))
    else:
        verdict = judge_language(article.text)
    if verdict.refused:
        raise InputError(
            f"{article.source}: looks like {language_name(verdict.code)} "
            f"({verdict.code}, confidence {verdict.confidence:.2f}), not Indonesian; "
            "pass --force-language id to summarise it anyway"
        )
    if not verdict.flags:
        return article
    flags = tuple(sorted(set(article.flags) | set(verdict.flags)))
    return replace(article, flags=flags)
