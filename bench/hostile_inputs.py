"""Hostile inputs: does any stage grow faster than linearly, and what do huge inputs cost?

    python bench/hostile_inputs.py scaling [--sizes 50000 100000 200000]
    python bench/hostile_inputs.py files [--count 100000]
    python bench/hostile_inputs.py big [--megabytes 50]

1. scaling: split_sentences, find_quotes and build_report (split + summary + quotes) on
   adversarial texts of growing size; "x2" is the time ratio when the size doubles (about 2
   is linear, about 4 quadratic). Texts: real IndoSum news (../shared/eval, or the seed), one
   paragraph of it, one sentence with no punctuation, every word an abbreviation, quotes
   that never close, many closed quotes, a line per word, dots only, quote marks only.
2. files: `ringkas summarize --no-translate -f json DIR` on COUNT tiny files in one folder:
   wall time, peak memory (kB) and the time to the first byte of output.
3. big: `ringkas summarize --no-translate -f json FILE` on a file of N MB (default limit).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ringkas.document import Article
from ringkas.pipeline import Options, build_report
from ringkas.quotes import find_quotes
from ringkas.segment import segment_article, split_sentences

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "indosum_dev01.jsonl"
SEED = ROOT / "seeds" / "000_fad9490de3d14571.txt"
RSS_PROBE = """
import atexit, resource, sys
out = sys.argv[1]
peak = lambda: str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
atexit.register(lambda: open(out, "w").write(peak()))
sys.argv = ["ringkas", *sys.argv[2:]]
from ringkas.cli import main
main()
"""


def _news() -> str:
    if EVAL.exists():
        with EVAL.open(encoding="utf-8") as handle:
            return "\n\n".join(json.loads(line)["text"] for line in handle)
    return SEED.read_text(encoding="utf-8")


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _kinds(news: str) -> dict[str, Callable[[int], str]]:
    return {
        "news": lambda n: _repeat(news + "\n\n", n),
        "one paragraph": lambda n: _repeat(news.replace("\n", " ") + " ", n),
        "no punctuation": lambda n: _repeat("kata ", n),
        "abbreviations": lambda n: _repeat("Dr. H. Jl. No. 5 dkk. Prof. ", n),
        "unclosed quotes": lambda n: _repeat('"Ini kutipan tanpa penutup kata Budi. ', n),
        "closed quotes": lambda n: _repeat('"Ini kutipan yang panjang sekali," kata Budi. ', n),
        "line per word": lambda n: _repeat("kata\n", n),
        "dots": lambda n: _repeat(".", n),
        "quote marks": lambda n: _repeat('"”“', n),
        "mixed quotes": lambda n: _repeat("“a” b “", n),
        "quote + cue": lambda n: _repeat('"a," kata B. ', n),
        "initials": lambda n: _repeat("A. ", n),
        "one long word": lambda n: "a" * n,
    }


def _time(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def scaling(sizes: list[int]) -> None:
    """Print the time of each stage per size and the growth when the size doubles."""
    print(f"{'text':16} {'chars':>8} {'split s':>8} {'quotes s':>9} {'report s':>9} {'x2':>5}")
    for name, make in _kinds(_news()).items():
        previous = None
        for size in sizes:
            article = Article(id="x", source="x", text=make(size))
            split = _time(lambda a=article: split_sentences(a.text))
            segmented = segment_article(article)
            quotes = _time(lambda a=article, s=segmented: find_quotes(a.text, s.sentences))
            report = _time(lambda a=article: build_report(a, Options()))
            growth = f"{report / previous:5.1f}" if previous else "    -"
            print(f"{name:16} {size:8} {split:8.2f} {quotes:9.2f} {report:9.2f} {growth}")
            previous = report
            if report > 60:
                print(f"{name:16} stopped: over a minute")
                break


def _run_measured(args: list[str]) -> tuple[float, float, int, int]:
    """Run ringkas; return (wall s, s to first output byte, peak kB, exit code)."""
    with tempfile.TemporaryDirectory() as tmp:
        rss = Path(tmp) / "rss"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", RSS_PROBE, str(rss), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert proc.stdout is not None
        proc.stdout.read(1)
        first = time.perf_counter() - start
        while proc.stdout.read(1 << 20):
            pass
        code = proc.wait()
        wall = time.perf_counter() - start
        return wall, first, int(rss.read_text()), code


def files(count: int) -> None:
    """Time summarize over `count` tiny files in one folder."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for number in range(count):
            (folder / f"{number:06}.txt").write_text(f"Berita nomor {number}. Isinya pendek.")
        for command in (["sentences"], ["summarize", "--no-translate", "-f", "json"]):
            wall, first, peak, code = _run_measured([*command, str(folder)])
            print(
                f"{' '.join(command)} on {count} files: {wall:.1f} s, first output after "
                f"{first:.1f} s, peak {peak / 1024:.0f} MB, exit {code}"
            )


def big(megabytes: int) -> None:
    """Time summarize on one huge file (cut at the default --max-chars)."""
    unit = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        with path.open("w", encoding="utf-8") as handle:
            while handle.tell() < megabytes * 1_000_000:
                handle.write(unit)
        wall, _, peak, code = _run_measured(
            ["summarize", "--no-translate", "-f", "json", str(path)]
        )
        print(f"{megabytes} MB file: {wall:.1f} s, peak {peak / 1024:.0f} MB, exit {code}")


def main() -> None:
    """Parse arguments and run one benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("scaling").add_argument(
        "--sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000]
    )
    sub.add_parser("files").add_argument("--count", type=int, default=100_000)
    sub.add_parser("big").add_argument("--megabytes", type=int, default=50)
    args = parser.parse_args()
    if args.what == "scaling":
        scaling(args.sizes)
    elif args.what == "files":
        files(args.count)
    else:
        big(args.megabytes)


if __name__ == "__main__":
    main()
