"""Ray Data's cost and gain: articles/s of `ringkas batch` with 1 and 2 actors against one
`ringkas summarize --jsonl` process, untranslated and translated, side by side in one run.

    python bench/ray_scale.py [--repeat 2] [--translated 60] [--new-tokens 32]

Input: the IndoSum dev articles (`--repeat` copies for the untranslated runs, the first
`--translated` for the translated ones). Translation uses the architecture-exact random-weights
MarianMT converted for CTranslate2 (int8, what `--engine auto` picks), built to emit
`--new-tokens` word pieces per sentence: about the length of the real model's English for a
news sentence, so the work per sentence is the real model's (its words are not).

Timings: the single process is the whole command (start-up included); the Ray runs are
`run_batch` on an already-started local cluster (as on a real one), and the cluster's start-up is
printed apart. Overhead ratio = single-process articles/s / Ray-with-1-actor articles/s (both use
one core for the work; the CLI may use a second engine thread). The machine is shared: compare
figures from the same run only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
INDOSUM = ROOT.parent / "shared" / "eval" / "indosum_dev01.jsonl"
RINGKAS = Path(sys.executable).with_name("ringkas")


def _write_input(path: Path, records: list[dict[str, str]], repeat: int) -> int:
    lines = [
        json.dumps({"id": f"{r['id']}#{k}", "text": r["text"]}, ensure_ascii=False)
        for k in range(repeat)
        for r in records
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _single_process(path: Path, translate: list[str]) -> float:
    start = time.perf_counter()
    command = [str(RINGKAS), "summarize", "--jsonl", "-f", "jsonl", *translate, str(path)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _ray(path: Path, work: Path, actors: int, options: dict[str, object], chunk: int) -> float:
    from ringkas.cli.inputs import iter_articles
    from ringkas.ray import BatchJob, run_batch

    out = Path(tempfile.mkdtemp(dir=work))
    job = BatchJob(out=out, actors=actors, options=options, batch_size=chunk)
    start = time.perf_counter()  # reading and the language check included, as in the CLI
    result = run_batch(job, iter_articles([str(path)], jsonl=True))
    seconds = time.perf_counter() - start
    assert result.failed == 0, result.failures
    return seconds


def _lock(work: Path, new_tokens: int) -> Path:
    from tests.ct2kit import converted_lock_in
    from tests.modelkit import build_random_marian

    cache = ROOT / ".pytest_cache" / "bench-ray-scale"
    model = build_random_marian(cache / f"marian-{new_tokens}", new_tokens=new_tokens)
    return converted_lock_in(model, cache, work, compute_type="int8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="copies of the dev set, untranslated")
    parser.add_argument("--translated", type=int, default=60, help="articles translated")
    parser.add_argument("--new-tokens", type=int, default=32, help="word pieces per sentence")
    parser.add_argument(
        "--chunk",
        type=int,
        default=64,
        help="articles per actor call (the CLI's: 64); a run uses at most articles/chunk actors",
    )
    parser.add_argument("--only", choices=("untranslated", "translated"), help="one kind only")
    args = parser.parse_args()
    import ray

    records = [json.loads(line) for line in INDOSUM.read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["RINGKAS_HOME"] = str(work / "home")  # no translation cache of ours
        lock = _lock(work, args.new_tokens)
        plain = work / "plain.jsonl"
        translated = work / "translated.jsonl"
        sizes = {
            "untranslated": _write_input(plain, records, args.repeat),
            "translated": _write_input(translated, records[: args.translated], 1),
        }
        runs = {
            "untranslated": (plain, ["--no-translate"], {"translate": "never"}),
            "translated": (
                translated,
                ["--translate", "always", "--no-cache", "--lock", str(lock)],
                {"translate": "always", "cache": False, "lock": str(lock)},
            ),
        }
        started = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        print(f"local Ray cluster start-up: {time.perf_counter() - started:.1f} s")
        try:
            for name, (path, flags, options) in runs.items():
                if args.only and name != args.only:
                    continue
                count = sizes[name]
                single = count / _single_process(path, flags)
                one = count / _ray(path, work, 1, options, args.chunk)
                two = count / _ray(path, work, 2, options, args.chunk)
                print(
                    f"{name:13} {count:4} articles, chunks of {args.chunk}: "
                    f"single process {single:6.1f}/s | Ray 1 actor {one:6.1f}/s | "
                    f"2 actors {two:6.1f}/s | overhead {single / one:.2f}x, "
                    f"2-actor gain {two / one:.2f}x"
                )
        finally:
            ray.shutdown()


if __name__ == "__main__":
    main()
