"""Speed of the transformers MarianMT path on the architecture-exact random-weights model.

    python bench/marian_speed.py                 # everything below
    python bench/marian_speed.py --only batch    # or: load, cli

Measures (medians of --repeats runs; fixed output lengths, so random weights cost what real
ones would):
- import time of torch + transformers, and model load time from the verified folder;
- sentences/s at batch 1, 8 and 32: greedy, exactly --tokens target tokens per sentence, on the
  first sentences of ../shared/eval/ntrex128_ind_eng.jsonl (the seed's sentences without it);
- cold-process wall time of `ringkas summarize SEED --lock <random model>`: with the cache
  warm, with --no-cache, and with --no-translate. These runs use the model folder's own
  generation limit (modelkit: 8 tokens per output), not --tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.modelkit import build_random_marian, write_random_marian_lock  # noqa: E402

NTREX = ROOT.parent / "shared" / "eval" / "ntrex128_ind_eng.jsonl"
SEED = ROOT / "seeds" / "000_fad9490de3d14571.txt"
DEFAULT_MODEL = ROOT / ".pytest_cache" / "d" / "ringkas-random-marian" / "seed0"


def sentences(count: int) -> list[str]:
    """The first `count` Indonesian sentences of NTREX (or the seed's, repeated)."""
    if NTREX.is_file():
        with NTREX.open(encoding="utf-8") as handle:
            found = [json.loads(line)["src"] for line in handle]
    else:
        from ringkas.segment import split_sentences

        found = [s.text for s in split_sentences(SEED.read_text(encoding="utf-8"))]
    return [found[i % len(found)] for i in range(count)]


def bench_load(folder: Path, lock: Path, repeats: int) -> None:
    """Print import and load times (the import is timed once: it is cached after)."""
    start = time.perf_counter()
    import torch  # noqa: F401
    import transformers  # noqa: F401

    print(f"import torch+transformers: {time.perf_counter() - start:.2f} s (first import)")
    from ringkas.models.lock import read_lock
    from ringkas.translate import marian

    pin = read_lock(lock).pin()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        marian.load_engine(folder, pin)
        times.append(time.perf_counter() - start)
    print(f"model load (weights_only, verified folder): median {statistics.median(times):.2f} s")


def bench_batches(folder: Path, lock: Path, args: argparse.Namespace) -> None:
    """Print sentences/s at each batch size with exactly args.tokens tokens per output."""
    import torch

    from ringkas.models.lock import read_lock
    from ringkas.translate import marian

    if args.threads:
        torch.set_num_threads(args.threads)
    pin = read_lock(lock).pin()
    engine = marian.load_engine(folder, pin, fixed_new_tokens=args.tokens)
    texts = sentences(args.sentences)
    engine.generate(texts[:2])  # warm up
    print(f"threads {torch.get_num_threads()}, {len(texts)} sentences, {args.tokens} tokens each")
    for batch in args.batches:
        rates = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            for i in range(0, len(texts), batch):
                outs = engine.generate(texts[i : i + batch])
                assert all(o.tokens == args.tokens - 1 for o in outs)  # fixed length (+ EOS)
            rates.append(len(texts) / (time.perf_counter() - start))
        print(
            f"batch {batch:>2}: median {statistics.median(rates):6.2f} sentences/s "
            f"(runs: {', '.join(f'{r:.2f}' for r in rates)})"
        )


def bench_cli(lock: Path, repeats: int, threads: int) -> None:
    """Print cold-process wall times of `ringkas summarize` on the seed."""
    ringkas = [sys.executable, "-m", "ringkas"]
    base = [*ringkas, "summarize", "-f", "json", "--engine", "transformers"]
    base += ["--lock", str(lock), str(SEED)]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "RINGKAS_HOME": home}
        if threads:
            env["OMP_NUM_THREADS"] = str(threads)  # torch's thread count in the child
        subprocess.run(base, env=env, check=True, capture_output=True)  # fills the cache
        cases = {
            "cache warm": base,
            "--no-cache": [*base, "--no-cache"],
            "--no-translate": [*base, "--no-translate"],
        }
        for name, command in cases.items():
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                subprocess.run(command, env=env, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            print(
                f"ringkas summarize seed, {name:<14}: median {statistics.median(times):.2f} s "
                f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="random model folder")
    parser.add_argument("--only", choices=("load", "batch", "cli"), help="run one part")
    parser.add_argument("--tokens", type=int, default=32, help="target tokens per sentence")
    parser.add_argument("--sentences", type=int, default=64)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    args = parser.parse_args()
    folder = build_random_marian(args.model)
    with tempfile.TemporaryDirectory() as work:
        lock = write_random_marian_lock(folder, Path(work) / "models.lock")
        print(f"model: {folder} ({(folder / 'pytorch_model.bin').stat().st_size:,} bytes)")
        if args.only in (None, "load"):
            bench_load(folder, lock, args.repeats)
        if args.only in (None, "batch"):
            bench_batches(folder, lock, args)
        if args.only in (None, "cli"):
            bench_cli(lock, args.repeats, args.threads)


if __name__ == "__main__":
    main()
