"""Summarizer speed: IndoSum articles/s through the CLI, and growth on huge synthetic documents.

    python bench/summarize_speed.py [--repeat 5] [--sizes 1000 10000 50000]

1. `ringkas summarize --jsonl --no-translate --format json -` in one process on the IndoSum dev
   articles (repeated --repeat times), wall time including start-up: articles/s (goal >= 200).
2. pick_summary alone on synthetic documents of 1k, 10k and 50k sentences (Zipf-distributed
   pseudo-words, so the TF-IDF and near-duplicate index see realistic skew), at 3 sentences and
   at --ratio 0.1; the median of a few runs, and time per sentence, which stays flat when the
   growth is linear. Also the whole build_report (segment + summarise + quotes) on the same text.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ringkas.document import Article
from ringkas.pipeline import Options, build_report
from ringkas.segment import segment_article, split_sentences
from ringkas.summary import SummaryLength, pick_summary

ROOT = Path(__file__).resolve().parents[1]
INDOSUM = ROOT.parent / "shared" / "eval" / "indosum_dev01.jsonl"
RINGKAS = Path(sys.executable).with_name("ringkas")


def _median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_throughput(repeat: int) -> None:
    """Articles/s of one `ringkas summarize --jsonl --no-translate` process."""
    if not INDOSUM.exists():
        print(f"skipped CLI throughput: {INDOSUM} is missing")
        return
    records = [json.loads(line) for line in INDOSUM.read_text(encoding="utf-8").splitlines()]
    lines = [
        json.dumps({"id": f"{r['id']}#{k}", "text": r["text"]}, ensure_ascii=False)
        for k in range(repeat)
        for r in records
    ]
    command = [str(RINGKAS), "summarize", "--jsonl", "--no-translate", "--format", "json", "-"]
    payload = "\n".join(lines) + "\n"

    cpu: list[float] = []

    def run() -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, input=payload, capture_output=True, text=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)

    seconds = _median_seconds(run, 3)
    cpu_seconds = statistics.median(cpu)
    print(
        f"CLI --jsonl --no-translate: {len(lines)} IndoSum articles in {seconds:.2f} s wall "
        f"= {len(lines) / seconds:.0f} articles/s; {cpu_seconds:.2f} s CPU "
        f"= {len(lines) / cpu_seconds:.0f} articles per CPU-second "
        "(one process, start-up included, median of 3; wall time suffers on a shared machine)"
    )
    articles = [Article(id=r["id"], source="indosum", text=r["text"]) for r in records]
    split = [segment_article(a).sentences for a in articles]
    start = time.process_time()
    for sentences in split:
        pick_summary(sentences, method="rank", length=SummaryLength())
    summary_cpu = time.process_time() - start
    print(
        f"pick_summary alone: {len(split) / summary_cpu:.0f} articles per CPU-second "
        f"({1000 * summary_cpu / len(split):.2f} ms each)"
    )


def synthetic_text(n_sentences: int, seed: int = 0) -> str:
    """Paragraphs of pseudo-Indonesian sentences with Zipf-distributed words."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bcdghjklmnprstw" for v in "aiueo"]
    vocabulary = sorted(
        {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(20000)}
    )
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(vocabulary))))
    paragraphs, sentences = [], []
    for _ in range(n_sentences):
        words = rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(6, 30))
        sentences.append(" ".join(words).capitalize() + ".")
        if len(sentences) == 4:
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def synthetic_growth(sizes: list[int]) -> None:
    """Time pick_summary and build_report on synthetic documents of each size."""
    header = ("sentences", "pick 3", "us/sent", "pick 10%", "us/sent", "report")
    print("{:>9} {:>9} {:>8} {:>9} {:>8} {:>8}".format(*header))
    for size in sizes:
        text = synthetic_text(size)
        sentences = split_sentences(text)
        repeats = 5 if size <= 10000 else 3

        def pick(length: SummaryLength, sentences: object = sentences) -> None:
            pick_summary(sentences, method="rank", length=length)  # type: ignore[arg-type]

        three = _median_seconds(lambda: pick(SummaryLength(sentences=3)), repeats)
        tenth = _median_seconds(lambda: pick(SummaryLength(ratio=0.1)), repeats)
        article = Article(id="synthetic", source="synthetic", text=text)
        report = _median_seconds(lambda a=article: build_report(a, Options()), 1)
        n = len(sentences)
        print(
            f"{n:>9} {three:>8.3f}s {1e6 * three / n:>8.1f} {tenth:>8.3f}s "
            f"{1e6 * tenth / n:>8.1f} {report:>7.2f}s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Copies of the IndoSum dev set.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    args = parser.parse_args()
    cli_throughput(args.repeat)
    synthetic_growth(args.sizes)


if __name__ == "__main__":
    main()
