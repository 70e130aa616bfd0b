"""Score and pick summary sentences; deterministic, ties broken by position."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ringkas.document import Sentence, SummaryItem

METHODS = ("lead", "rank")
DEFAULT_METHOD = "rank"

STOPWORDS = frozenset(
    {
        "ada",
        "adalah",
        "agar",
        "akan",
        "aku",
        "anda",
        "apa",
        "atau",
        "bagi",
        "bahwa",
        "baik",
        "banyak",
        "beberapa",
        "begitu",
        "belum",
        "bersama",
        "bisa",
        "dalam",
        "dan",
        "dapat",
        "dari",
        "dengan",
        "di",
        "dia",
        "hanya",
        "harus",
        "hingga",
        "ia",
        "ini",
        "itu",
        "jadi",
        "jika",
        "juga",
        "kami",
        "kamu",
        "karena",
        "kata",
        "ke",
        "kepada",
        "kita",
        "lagi",
        "lain",
        "lebih",
        "maka",
        "masih",
        "mereka",
        "namun",
        "nya",
        "oleh",
        "pada",
        "para",
        "pun",
        "saat",
        "saja",
        "sangat",
        "sebagai",
        "sebuah",
        "secara",
        "sedang",
        "sejak",
        "seperti",
        "serta",
        "setelah",
        "sudah",
        "tak",
        "tapi",
        "telah",
        "tentang",
        "terhadap",
        "tersebut",
        "tetapi",
        "tidak",
        "ujar",
        "untuk",
        "yaitu",
        "yang",
    }
)

_WORD = re.compile(r"\w+")


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


def _is_candidate(sentence: Sentence) -> bool:
    # Headings and bare quote fragments never stand alone in a summary.
    return not sentence.is_heading and len(sentence.text.split()) >= 4


def score_sentences(sentences: Sequence[Sentence], method: str) -> list[float]:
    """Score each sentence; higher is more summary-worthy."""
    if method == "lead":
        return [1.0 / (1 + s.index) for s in sentences]
    bags = [Counter(tokenize(s.text)) for s in sentences]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(sentences)
    centroid: dict[str, float] = {}
    for bag in bags:
        for w, c in bag.items():
            centroid[w] = centroid.get(w, 0.0) + c * math.log((1 + n) / (1 + df[w]))
    scores = []
    for pos, bag in enumerate(bags):
        overlap = sum(centroid.get(w, 0.0) for w in bag) / (1 + sum(bag.values())) if bag else 0.0
        scores.append(overlap / (1 + max(centroid.values(), default=1.0)) + 1.0 / (1 + pos))
    return scores


def pick_summary(
    sentences: Sequence[Sentence], *, method: str = DEFAULT_METHOD, length: SummaryLength
) -> tuple[SummaryItem, ...]:
    """Pick the best sentences within the length limits and return them in document order."""
    candidates = [s for s in sentences if _is_candidate(s)]
    if not candidates:
        candidates = [s for s in sentences if not s.is_heading]
    scores = score_sentences(candidates, method)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i].index))
    target = length.target(len(candidates))
    chosen: list[int] = []
    words = 0
    for i in order:
        if len(chosen) >= target:
            break
        n_words = len(candidates[i].text.split())
        if length.words is not None and chosen and words + n_words > length.words:
            continue
        chosen.append(i)
        words += n_words
    return tuple(
        SummaryItem(index=candidates[i].index, text=candidates[i].text, score=round(scores[i], 4))
        for i in sorted(chosen, key=lambda i: candidates[i].index)
    )
