"""Fit the `rank` summarizer's logistic-regression weights on IndoSum dev, with K-fold CV.

    python bench/fit_summary.py [../shared/eval/indosum_dev01.jsonl] [--folds 5]

Each candidate sentence (ringkas's own split) gets a label: 1 when it overlaps a sentence of
IndoSum's official extractive labels (`gold_labels`), 0 otherwise. The script fits
ringkas.summary.FEATURES on every article and prints the weights to paste into RANK_WEIGHTS,
then reports ROUGE F1 of `pick_summary` in-sample and K-fold cross-validated (fit on K-1 folds,
score the held-out fold), plus LEAD-3 and the weights currently in the code for comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from ringkas.document import Article
from ringkas.segment import segment_article
from ringkas.summary import (
    FEATURES,
    RANK_WEIGHTS,
    SummaryLength,
    candidate_sentences,
    pick_summary,
    sentence_features,
)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "indosum_dev01.jsonl"
L2 = 1.0  # ridge penalty on every weight but the bias


class _Tok:
    """The scorer's tokenizer: lower-cased \\w+ (same as ../shared/eval/score_summary.py)."""

    def tokenize(self, text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def load(path: Path) -> list[dict[str, object]]:
    """IndoSum records with ringkas's split, features and labels."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        segmented = segment_article(Article(id=rec["id"], source="dev", text=rec["text"]))
        candidates = candidate_sentences(segmented.sentences)
        gold = [
            _words(s)
            for para, labels in zip(rec["paragraphs_tok"], rec["gold_labels"], strict=True)
            for s, label in zip(para, labels, strict=True)
            if label
        ]
        labels = []
        for s in candidates:
            words = _words(s.text)
            best = max((len(words & g) / max(len(words | g), 1) for g in gold), default=0.0)
            labels.append(1.0 if best >= 0.5 else 0.0)
        rows = sentence_features(candidates)
        records.append(
            {
                "rec": rec,
                "segmented": segmented,
                "x": np.array(rows, dtype=float).reshape(-1, len(FEATURES)),
                "y": np.array(labels, dtype=float),
            }
        )
    return records


def fit(records: list[dict[str, object]]) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method."""
    x = np.vstack([r["x"] for r in records])  # type: ignore[misc]
    y = np.concatenate([r["y"] for r in records])  # type: ignore[misc]
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def rouge(records: list[dict[str, object]], method: str, weights: tuple[float, ...]) -> list[float]:
    """Mean ROUGE-1/2/L F1 x100 at 3 sentences."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=_Tok())
    total = [0.0, 0.0, 0.0]
    for r in records:
        segmented = r["segmented"]
        items = pick_summary(
            segmented.sentences,  # type: ignore[attr-defined]
            method=method,
            length=SummaryLength(sentences=3),
            weights=weights,
        )
        scores = scorer.score(r["rec"]["summary"], " ".join(i.text for i in items))  # type: ignore[index]
        for k, key in enumerate(("rouge1", "rouge2", "rougeL")):
            total[k] += scores[key].fmeasure
    return [100 * t / len(records) for t in total]


def cross_validate(records: list[dict[str, object]], folds: int) -> list[float]:
    """ROUGE of weights fitted on the other folds, each fold scored once (interleaved folds)."""
    totals = [0.0, 0.0, 0.0]
    for k in range(folds):
        train = [r for i, r in enumerate(records) if i % folds != k]
        test = [r for i, r in enumerate(records) if i % folds == k]
        weights = tuple(float(v) for v in fit(train))
        for j, v in enumerate(rouge(test, "rank", weights)):
            totals[j] += v * len(test)
    return [t / len(records) for t in totals]


def _fmt(scores: list[float]) -> str:
    return "R1 {:.2f} R2 {:.2f} RL {:.2f}".format(*scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} is missing")
    records = load(args.data)
    weights = tuple(round(float(v), 2) for v in fit(records))
    print("fitted weights:")
    for name, value in zip(FEATURES, weights, strict=True):
        print(f"  {name:20s} {value:+.2f}")
    print(f"RANK_WEIGHTS = {weights}")
    print(f"lead                     {_fmt(rouge(records, 'lead', weights))}")
    if len(RANK_WEIGHTS) == len(FEATURES):
        print(f"rank, weights in code    {_fmt(rouge(records, 'rank', RANK_WEIGHTS))}")
    print(f"rank, fitted (in-sample) {_fmt(rouge(records, 'rank', weights))}")
    print(f"rank, {args.folds}-fold CV           {_fmt(cross_validate(records, args.folds))}")


if __name__ == "__main__":
    main()
