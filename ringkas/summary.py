"""Score and pick summary sentences; deterministic, ties broken by position.

`rank` (the default) scores each candidate with nine logistic-regression weights over
position, length, TF-IDF centroid similarity and a few surface cues; `lead` takes the first
sentences. Everything is linear in the number of sentences: no all-pairs similarity.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import snowballstemmer

from ringkas.document import Sentence, SummaryItem
from ringkas.furniture import furniture_reason, is_caption
from ringkas.lexicon import (
    BYLINE_LABELS,
    CLOSING_QUOTES,
    CROSS_REFERENCE_LEADS,
    DATELINE,
    DOMAIN,
    DOUBLE_QUOTE,
    DOUBLE_QUOTES,
    LEAD_LABELS,
    QUOTED,
    STOPWORDS,
)

METHODS = ("lead", "rank")
DEFAULT_METHOD = "rank"

# Features of a candidate sentence; positions count candidates only (headings, captions and
# "Baca juga" lines are not candidates).
FEATURES = (
    "bias",
    "log_position",  # log(1 + position)
    "log_paragraph",  # log(1 + paragraph number among candidates)
    "short",  # fewer than 8 words
    "centroid",  # TF-IDF cosine to the other sentences' centroid
    "lead_similarity",  # TF-IDF cosine to the first candidate
    "quote",  # direct speech: opens with a quote mark or quotes 4+ words
    "question",  # ends with "?"
    "capitalised",  # share of capitalised words: names, places, organisations
)

#: Bump when this stage changes its output on any text (the report signature names it).
#: 3: „ ‟ « » quotes count as direct speech; "Reporter:"/"Fotografer:" lines are boilerplate.
VERSION = 3

# Fitted by bench/fit_summary.py (L2-regularised logistic regression on IndoSum dev01, 234
# articles, label = overlaps an official extractive label); rerun it after changing FEATURES.
RANK_WEIGHTS = (2.19, -1.7, -0.68, -0.38, 1.26, -0.98, -1.83, -1.5, 1.04)

# Two sentences are near-duplicates when this share of the shorter one's stems is in the other.
NEAR_DUPLICATE = 0.7

_WORD = re.compile(r"\w+")
# Cross-references, captions and sign-offs that news sites put between paragraphs.
_BOILERPLATE = re.compile(
    rf"^\W*(?:{'|'.join(sorted(CROSS_REFERENCE_LEADS))}"
    rf"|(?:{'|'.join(sorted(LEAD_LABELS | BYLINE_LABELS))}):)"
    r"|\(\s*foto\s*:",
    re.IGNORECASE,
)
_MAX_DATELINE_WORDS = 5
# A derived headline: the first clause of the lead sentence, at most this many words.
_TITLE_WORDS = 12
_MIN_CLAUSE_WORDS = 5
_CLAUSE_END = re.compile(r"[,;:]\s|\s[-–—]\s")


@dataclass(frozen=True)
class SummaryLength:
    """How long a summary may be: sentence count, optional word cap and ratio."""

    sentences: int = 3
    words: int | None = None
    ratio: float | None = None

    def target(self, available: int) -> int:
        """Number of sentences to pick from `available` candidates."""
        n = self.sentences
        if self.ratio is not None:
            n = max(1, math.ceil(available * self.ratio))
        return max(0, min(n, available))


def tokenize(text: str) -> list[str]:
    """Lower-cased content words of a sentence."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and not w.isdigit()]


def strip_dateline(text: str) -> str:
    """Drop a news dateline ("Jakarta, CNN Indonesia -- ") from the start of a sentence."""
    match = DATELINE.match(text)
    if not match:
        return text
    prefix = match.group("prefix")
    words = prefix.split()
    # A place and/or an outlet: a few capitalised words ("Rio de Janeiro" may hold a small one),
    # marked by a comma, an outlet in brackets, a domain or capitals, or a lone place name
    # ("Jakarta -"). "Kim Jong - un" and "Menurut dia, harga - harga" are not datelines.
    is_dateline = (
        len(words) <= _MAX_DATELINE_WORDS
        and all(w.lstrip("(")[:1].isupper() for w in (words[0], words[-1]))
        and (
            "," in prefix
            or prefix.endswith(")")
            or bool(DOMAIN.search(prefix))
            or prefix.isupper()
            or len(words) == 1
        )
    )
    return text[match.end() :] if is_dateline else text


def is_boilerplate(text: str) -> bool:
    """True for "Baca juga: …" cross-references, photo captions and similar site furniture."""
    return bool(_BOILERPLATE.search(text))


def quote_fragments(sentences: Sequence[Sentence]) -> list[bool]:
    """For each sentence, whether it is a piece of a quote that runs over several sentences."""
    out = []
    is_open, paragraph = False, -1
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            # a quote left open by a stray mark ends with its paragraph
            is_open, paragraph = False, sentence.paragraph
        unbalanced = len(DOUBLE_QUOTE.findall(sentence.text)) % 2 == 1
        out.append(is_open or unbalanced)
        is_open ^= unbalanced
    return out


def _is_direct_speech(text: str) -> bool:
    # a quoted word or three is a scare quote or a title ("menantang"), not speech
    return text.lstrip()[:1] in DOUBLE_QUOTES or any(
        len(q.split()) >= 4 for q in QUOTED.findall(text)
    )


def is_candidate(sentence: Sentence) -> bool:
    """True when a sentence may stand alone in a summary (for quote pieces, see quote_fragments).

    Page furniture that reached the text (a caption, a date alone, a kicker in capitals, a
    widget, a menu, a copyright line) never may, whatever the extractor let through.
    """
    words = sentence.text.split()
    return (
        not sentence.is_heading
        and len(words) >= 4
        # a lower-case first word continues the sentence before it ("iPhone" may start one)
        and not words[0].islower()
        and not is_boilerplate(sentence.text)
        and not furniture_reason(sentence.text)
    )


def _caption_paragraphs(sentences: Sequence[Sentence]) -> set[int]:
    """Paragraphs that are photo captions as a whole: short, closed by a photo credit
    ("… I-REBOT. (Bagus Kurniawan/detikcom)"), which the splitter cuts into two sentences."""
    texts: dict[int, list[str]] = {}
    for sentence in sentences:
        texts.setdefault(sentence.paragraph, []).append(sentence.text)
    return {number for number, parts in texts.items() if is_caption(" ".join(parts))}


def candidate_sentences(sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences a summary may use (no quote pieces), the first one without its dateline."""
    first = sentences[0].index if sentences else -1
    captions = _caption_paragraphs(sentences)
    out = []
    for sentence, is_fragment in zip(sentences, quote_fragments(sentences), strict=True):
        if sentence.index == first:
            sentence = replace(sentence, text=strip_dateline(sentence.text))
        if not is_fragment and sentence.paragraph not in captions and is_candidate(sentence):
            out.append(sentence)
    return out


def derive_title(sentences: Sequence[Sentence]) -> str | None:
    """A headline for an article that has none: the lead sentence's first clause, shortened.

    The lead is the first sentence the summary could use (no dateline, caption or quote
    piece); its first clause of five or more words is kept whole up to 12 words, else the
    sentence is cut after 12 words and "…" marks the cut.
    """
    candidates = candidate_sentences(sentences)
    if not candidates:
        return None
    text = " ".join(candidates[0].text.split())
    clause = _CLAUSE_END.search(text)
    if clause and _MIN_CLAUSE_WORDS <= len(text[: clause.start()].split()) <= _TITLE_WORDS:
        return text[: clause.start()].rstrip(" .")
    words = text.split()
    if len(words) <= _TITLE_WORDS:
        return text.rstrip(" .!?…")
    return " ".join(words[:_TITLE_WORDS]).rstrip(",;:.") + " …"


@functools.lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    # Memoised across articles: snowball's Indonesian stemmer is pure Python and most of the
    # summarizer's time; the cache is bounded and only ever maps a word to the same stem.
    # A stemmer per miss because snowball stemmers keep state while they work (threads).
    result: str = snowballstemmer.stemmer("indonesian").stemWord(word)
    return result


def stem_bag(text: str) -> Counter[str]:
    """Stems of a sentence's content words, with counts."""
    return Counter(_stem(w) for w in tokenize(text))


def _weigh(bags: Sequence[Counter[str]], df: Counter[str]) -> list[dict[str, float]]:
    n = len(bags)
    return [
        {w: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in bag.items()}
        for bag in bags
    ]


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _norm(a: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in a.values()))


def _document_frequency(bags: Sequence[Counter[str]]) -> Counter[str]:
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    return df


def _features(
    sentences: Sequence[Sentence], bags: Sequence[Counter[str]], df: Counter[str]
) -> list[tuple[float, ...]]:
    vectors = _weigh(bags, df)
    centroid: dict[str, float] = {}
    for vec in vectors:
        for w, v in vec.items():
            centroid[w] = centroid.get(w, 0.0) + v
    centroid_sq = sum(v * v for v in centroid.values())
    lead = vectors[0] if vectors else {}
    lead_norm = _norm(lead)
    rows: list[tuple[float, ...]] = []
    paragraph, last_paragraph = -1, None
    for pos, (sentence, vec) in enumerate(zip(sentences, vectors, strict=True)):
        if sentence.paragraph != last_paragraph:
            paragraph, last_paragraph = paragraph + 1, sentence.paragraph
        norm = _norm(vec)
        dot = _dot(vec, centroid)
        # cosine to the centroid of the *other* sentences, without building it: C - v
        rest = math.sqrt(max(centroid_sq - 2 * dot + norm * norm, 0.0))
        words = sentence.text.split()
        rows.append(
            (
                1.0,
                math.log(1 + pos),
                math.log(1 + paragraph),
                float(len(words) < 8),
                (dot - norm * norm) / (norm * rest) if norm and rest else 0.0,
                _dot(vec, lead) / (norm * lead_norm) if norm and lead_norm else 0.0,
                float(_is_direct_speech(sentence.text)),
                float(sentence.text.rstrip(CLOSING_QUOTES + ") ").endswith("?")),
                sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0,
            )
        )
    return rows


def sentence_features(sentences: Sequence[Sentence]) -> list[tuple[float, ...]]:
    """Feature rows (see FEATURES) for candidate sentences, in order; linear in their number."""
    bags = [stem_bag(s.text) for s in sentences]
    return _features(sentences, bags, _document_frequency(bags))


def _logistic(rows: Sequence[Sequence[float]], weights: Sequence[float]) -> list[float]:
    out = []
    for row in rows:
        z = sum(w * x for w, x in zip(weights, row, strict=True))
        out.append(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))
    return out


class _NearDuplicates:
    """Stem sets of picked sentences, indexed so a check need not compare against all of them.

    Prefix filtering (as in set-similarity joins): with stems in a fixed rarest-first order, two
    sets sharing at least t * min(|A|, |B|) stems must share one of the smaller set's first
    |S| - ceil(t * |S|) + 1 stems, so only sentences found through those stems are compared.
    """

    def __init__(self, threshold: float, df: Counter[str]) -> None:
        self._threshold = threshold
        self._df = df
        self._sets: list[frozenset[str]] = []
        self._by_stem: dict[str, list[int]] = {}
        self._by_prefix_stem: dict[str, list[int]] = {}

    def _prefix(self, stems: frozenset[str]) -> list[str]:
        ordered = sorted(stems, key=lambda w: (self._df[w], w))
        return ordered[: len(ordered) - math.ceil(self._threshold * len(ordered)) + 1]

    def _similar(self, a: frozenset[str], b: frozenset[str]) -> bool:
        return len(a & b) >= self._threshold * min(len(a), len(b))

    def has(self, stems: frozenset[str]) -> bool:
        """True when a picked sentence is a near-duplicate of `stems`."""
        if not stems:
            return False
        found: set[int] = set()
        for stem in self._prefix(stems):  # picked sets at least as large as this one
            found.update(i for i in self._by_stem.get(stem, ()) if len(self._sets[i]) >= len(stems))
        for stem in stems:  # smaller picked sets, through their own prefixes
            found.update(self._by_prefix_stem.get(stem, ()))
        return any(self._similar(stems, self._sets[i]) for i in sorted(found))

    def add(self, stems: frozenset[str]) -> None:
        """Remember a picked sentence."""
        number = len(self._sets)
        self._sets.append(stems)
        for stem in stems:
            self._by_stem.setdefault(stem, []).append(number)
        for stem in self._prefix(stems):
            self._by_prefix_stem.setdefault(stem, []).append(number)


def _choose(
    candidates: Sequence[Sentence],
    scores: Sequence[float],
    bags: Sequence[Counter[str]],
    df: Counter[str],
    length: SummaryLength,
) -> list[int]:
    """Indices into candidates: best first, skipping near-duplicates and what breaks the cap."""
    seen = _NearDuplicates(NEAR_DUPLICATE, df)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i].index))
    target = length.target(len(candidates))
    chosen: list[int] = []
    words = 0
    for i in order:
        if len(chosen) >= target:
            break
        n_words = len(candidates[i].text.split())
        if length.words is not None and words + n_words > length.words:
            continue
        stems = frozenset(bags[i])
        if seen.has(stems):
            continue
        seen.add(stems)
        chosen.append(i)
        words += n_words
    if not chosen and order and target:
        chosen.append(order[0])  # a cap shorter than every sentence still gets the best one
    return chosen


def pick_summary(
    sentences: Sequence[Sentence],
    *,
    method: str = DEFAULT_METHOD,
    length: SummaryLength,
    weights: Sequence[float] = RANK_WEIGHTS,
) -> tuple[SummaryItem, ...]:
    """Pick the best sentences within the length limits and return them in document order.

    The first sentence of the article comes back without its dateline.
    """
    if method not in METHODS:
        raise ValueError(f"unknown summary method {method!r}; choose from {', '.join(METHODS)}")
    candidates = candidate_sentences(sentences)
    bags = [stem_bag(s.text) for s in candidates]
    df = _document_frequency(bags)
    if method == "lead":
        scores = [1.0 / (1 + pos) for pos in range(len(candidates))]
    else:
        scores = _logistic(_features(candidates, bags, df), weights)
    chosen = _choose(candidates, scores, bags, df, length)
    return tuple(
        SummaryItem(index=candidates[i].index, text=candidates[i].text, score=round(scores[i], 4))
        for i in sorted(chosen, key=lambda i: candidates[i].index)
    )
