"""IndoSum-like article sets of any size, deterministic: dev texts repeated with small edits.

`../shared/eval/indosum_dev01.jsonl` holds 234 articles; copy n of article i (n >= 1) is the
original with a share of its words changed, a share that cycles through light and heavy edits,
so the set holds exact copies, near duplicates (a wire story re-published) and copies edited
past the digest's duplicate threshold, i.e. pairs on both sides of it and close to it.
Used by tests/test_digest.py (LSH against brute force) and bench/digest_scale.py.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

INDOSUM = Path(__file__).resolve().parents[2] / "shared" / "eval" / "indosum_dev01.jsonl"
# Share of words changed in copy n: 0 (a verbatim copy) to 0.45 (well below a 0.35 Jaccard of
# word 3-shingles). Between 0.1 and 0.2 a copy sits near the threshold.
EDIT_SHARES = (0.0, 0.03, 0.08, 0.12, 0.15, 0.18, 0.22, 0.3, 0.45)


def indosum_texts(path: Path = INDOSUM) -> list[tuple[str, str]]:
    """The (id, text) of every IndoSum dev article."""
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [(str(row["id"]), str(row["text"])) for row in rows]


def _edit(text: str, share: float, rng: random.Random) -> str:
    """Change about `share` of the words (a suffix digit), keeping paragraphs and punctuation."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        words = paragraph.split(" ")
        for k, word in enumerate(words):
            if word and rng.random() < share:
                words[k] = word + str(rng.randrange(10))
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)


def make_articles(count: int, path: Path = INDOSUM) -> list[tuple[str, str]]:
    """`count` (name, text) pairs: the dev set first, then edited copies, the same every call."""
    base = indosum_texts(path)
    out = []
    for number in range(count):
        copy, index = divmod(number, len(base))
        ident, text = base[index]
        if copy:
            rng = random.Random(f"{ident}/{copy}")
            text = _edit(text, EDIT_SHARES[copy % len(EDIT_SHARES)], rng)
        out.append((f"{number:05d}-{ident[:40]}", text))
    return out
