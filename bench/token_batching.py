"""Translation batches by tokens against today's 16 sentences per batch, side by side.

    python bench/token_batching.py                      # transformers and ct2-int8
    python bench/token_batching.py --engines ct2-int8 --budgets 512 1024 --repeats 1

The random-weights MarianMT never chooses EOS, so left alone every output runs to the same
length and padding waste disappears. Here each sentence's output is forced to 1.2 x its
source tokens: every batch decodes exactly as many steps as its longest forced output
(min = max length), which is what a batch costs in transformers, where finished rows stay in
the batch until the longest is done. On realistic NTREX-128 sentences, in file order, sorted
by length as GuardedTranslator sorts them, each policy cuts its batches the way ringkas does
(`count-16`: slices of 16, the old DEFAULT_BATCH; `tokens-N`:
ringkas.translate.batching.token_batches with budget N, and the same budget as CTranslate2's
max_batch_size, batch_type="tokens").
Policies are interleaved, repeat by repeat, so they see the same machine load; medians.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.translate_speed import CACHE, load_engines, sentences  # noqa: E402
from ringkas.translate.batching import MAX_BATCH_SENTENCES, token_batches  # noqa: E402
from tests.modelkit import build_random_marian  # noqa: E402

OUTPUT_RATIO = 1.2


def count_batches(order: list[int], size: int) -> list[list[int]]:
    """Today's batching: length-sorted slices of `size` sentences."""
    return [order[i : i + size] for i in range(0, len(order), size)]


def run_policy(engine: Any, texts: list[str], batches: list[list[int]], forced: list[int]) -> float:
    """Translate every batch with its forced length; return seconds."""
    start = time.perf_counter()
    for batch in batches:
        engine._fixed = max(forced[i] for i in batch)  # the batch runs to its longest output
        engine.generate([texts[i] for i in batch])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["transformers", "ct2-int8"])
    parser.add_argument("--sentences", type=int, default=256)
    parser.add_argument("--budgets", type=int, nargs="+", default=[256, 512, 1024, 2048, 4096])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    model = build_random_marian(CACHE / "ringkas-random-marian" / "seed0")
    texts = sentences(args.sentences)
    with tempfile.TemporaryDirectory() as tmp:
        engines = load_engines(args.engines, model, Path(tmp), 8, args.threads)
        first = next(iter(engines.values()))
        sizes = first.count_tokens(texts)
        forced = [math.ceil(OUTPUT_RATIO * size) for size in sizes]
        order = sorted(range(len(texts)), key=lambda i: (sizes[i], i))
        policies = {"count-16": count_batches(order, 16)}
        for budget in args.budgets:
            policies[f"tokens-{budget}"] = token_batches(
                order, sizes, max_tokens=budget, max_count=MAX_BATCH_SENTENCES
            )
        print(
            f"{len(texts)} NTREX sentences, source tokens {min(sizes)}-{max(sizes)} "
            f"(median {statistics.median(sizes):.0f}), outputs forced to {OUTPUT_RATIO} x source, "
            f"greedy, {args.threads} thread(s), load average {os.getloadavg()[0]:.1f}"
        )
        for engine in engines.values():
            engine._fixed = 4
            engine.generate(texts[:4])  # warm up
        times: dict[tuple[str, str], list[float]] = {}
        for repeat in range(args.repeats):
            for policy, batches in policies.items():
                for name, engine in engines.items():
                    if hasattr(engine, "batch_tokens"):  # CTranslate2: the same budget inside
                        budget = policy.removeprefix("tokens-")
                        engine.batch_tokens = int(budget) if budget.isdigit() else 0
                    seconds = run_policy(engine, texts, batches, forced)
                    times.setdefault((name, policy), []).append(seconds)
            print(f"repeat {repeat + 1}/{args.repeats}, load average {os.getloadavg()[0]:.1f}")
    print(
        f"\n{'engine':<14} {'policy':<12} {'batches':>7} {'padded tok':>10} {'sent/s':>7} "
        f"{'vs count-16':>11}"
    )
    for name in engines:
        base = statistics.median(times[(name, "count-16")])
        for policy, batches in policies.items():
            padded = sum(len(b) * max(forced[i] for i in b) for b in batches)
            median = statistics.median(times[(name, policy)])
            print(
                f"{name:<14} {policy:<12} {len(batches):>7} {padded:>10} "
                f"{len(texts) / median:>7.2f} {base / median:>10.2f}x"
            )


if __name__ == "__main__":
    main()
