"""Wall time of `ringkas digest` over the NTREX documents: cold cache, warm cache, nothing new.

The issue speaks of 41 documents; the shared file holds 32 distinct doc_ids.

    python bench/digest_ntrex.py                  # architecture-exact random MarianMT (default)
    python bench/digest_ntrex.py --repeat 3       # best of three for each case
    python bench/digest_ntrex.py --translate never

The NTREX records (../shared/eval/ntrex128_ind_eng.jsonl) are grouped by `doc_id` into one text
file each in a temporary folder (never in the repository): the first sentence becomes the
headline line, the other sentences one paragraph. Every case is a fresh `python -m ringkas`
process, so the times include start-up and model loading:

- cold: a new RINGKAS_HOME (empty state, empty translation cache);
- warm: the same RINGKAS_HOME with `--rebuild` (every file redone; translations from the cache);
- nothing new: a plain rerun (the state says every file is done: no model work at all).

The model is the architecture-exact MarianMT with seeded random weights from tests/modelkit.py
(the real weights are not on this machine), so times are real model work, translations are not.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NTREX = ROOT.parent / "shared" / "eval" / "ntrex128_ind_eng.jsonl"
MODEL_CACHE = ROOT / ".pytest_cache" / "d" / "ringkas-random-marian" / "seed0"


def write_documents(source: Path, folder: Path) -> int:
    """Group NTREX sentences by doc_id into text files (headline line, then one paragraph)."""
    docs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            docs[record["doc_id"]].append((int(record["id"]), record["src"].strip()))
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, rows in docs.items():
        sentences = [text for _, text in sorted(rows)]
        body = " ".join(sentences[1:])
        (folder / f"{doc_id}.txt").write_text(f"{sentences[0]}\n\n{body}\n", encoding="utf-8")
    return len(docs)


def random_model_lock(work: Path) -> Path:
    """Build (or reuse) the random MarianMT and a models.lock pinning it."""
    sys.path.insert(0, str(ROOT))
    from tests.modelkit import build_random_marian, write_random_marian_lock

    folder = build_random_marian(MODEL_CACHE)
    return write_random_marian_lock(folder, work / "models.lock")


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run one command; return its wall time, CPU time, exit code and last stdout line."""
    cpu = _child_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{shlex.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    lines = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return elapsed, _child_cpu() - cpu, done.returncode, lines[-1] if lines else ""


def count_texts(digest: Path) -> int:
    """Count the distinct texts the digest translated (headlines, summary sentences, quotes)."""
    data = json.loads(digest.read_text(encoding="utf-8"))
    texts: set[str] = set()
    for entry in data["entries"]:
        report = entry["report"]
        texts.update([report["title"]] if report["title"] else [])
        texts.update(item["text"] for item in report["summary"])
        texts.update(quote["text"] for quote in report["quotes"])
    return len(texts)


def main() -> None:
    """Build the NTREX folder, time the three cases and print each with its command."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--translate", choices=("always", "never"), default="always")
    parser.add_argument("--repeat", type=int, default=1, help="Runs per case; the best is shown.")
    args = parser.parse_args()
    if not NTREX.is_file():
        sys.exit(f"{NTREX} is absent; nothing to measure")

    with tempfile.TemporaryDirectory(prefix="ringkas-ntrex-") as tmp:
        work = Path(tmp)
        count = write_documents(NTREX, work / "ntrex")
        base = [sys.executable, "-m", "ringkas", "digest", str(work / "ntrex")]
        base += ["--out", f"{work / 'out'}/", "--format", "json", "--translate", args.translate]
        if args.translate == "always":
            base += ["--lock", str(random_model_lock(work))]
        print(f"{count} documents from {NTREX.name}; translate={args.translate}")
        cases = [("cold cache", []), ("warm cache", ["--rebuild"]), ("nothing new", [])]
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.repeat):
            home = work / f"home-{time.monotonic_ns()}"
            env = {**os.environ, "RINGKAS_HOME": str(home)}
            for name, extra in cases:
                elapsed, cpu, code, said = timed([*base, *extra], env)
                best[name] = min(best.get(name, (elapsed, cpu)), (elapsed, cpu))
                print(f"  {name:<12} {elapsed:7.2f} s wall {cpu:7.2f} s CPU  exit {code}  {said}")
        (digest,) = (work / "out").glob("ringkas-*.json")
        print(f"\n{count_texts(digest)} distinct texts to translate; best of {args.repeat}:")
        for name, extra in cases:
            wall, cpu = best[name]
            cmd = f"RINGKAS_HOME=$H {shlex.join([*base, *extra])}"
            print(f"{name:<12} {wall:7.2f} s wall {cpu:7.2f} s CPU   {cmd}")


if __name__ == "__main__":
    main()
