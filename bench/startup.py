"""Cold-process start-up of the CLI, engines side by side: wall time and peak RSS.

    python bench/startup.py               # 5 interleaved rounds
    python bench/startup.py --repeats 9

Each case is a fresh process (the OS file cache is warm: one unmeasured run first); cases run
round-robin so they share the machine's load, and the medians are compared with the goals:
- `ringkas summarize SEED` with the model present and the cache off: CTranslate2 >= 5x faster
  than the transformers engine, and its peak RSS <= 500 MB;
- `ringkas summarize --no-translate SEED` <= 1.0 s;
- `ringkas --help` <= 1.3x `python -c "import typer"`.
The model is the architecture-exact random MarianMT (tests/modelkit.py) with an int8
CTranslate2 copy; each output is 8 tokens (the random model's generation limit).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.translate_speed import CACHE, ct2_lock  # noqa: E402
from tests.modelkit import build_random_marian  # noqa: E402

SEED = ROOT / "seeds" / "000_fad9490de3d14571.txt"


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process; fails loudly on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}: {errors.decode()}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    ringkas = [shutil.which("ringkas") or ""] if shutil.which("ringkas") else []
    ringkas = ringkas or [sys.executable, "-m", "ringkas"]
    model = build_random_marian(CACHE / "ringkas-random-marian" / "seed0")
    with tempfile.TemporaryDirectory() as work:
        lock = ct2_lock(model, "int8", Path(work))
        env = {**os.environ, "RINGKAS_HOME": str(Path(work) / "home")}
        summarize = [*ringkas, "summarize", "-f", "json", "--lock", str(lock), str(SEED)]
        cases = {
            "summarize ctranslate2": [*summarize, "--no-cache", "--engine", "ctranslate2"],
            "summarize transformers": [*summarize, "--no-cache", "--engine", "transformers"],
            "summarize --no-translate": [*summarize, "--no-translate"],
            "ringkas --help": [*ringkas, "--help"],
            "python -c 'import typer'": [sys.executable, "-c", "import typer"],
            "import ctranslate2": [sys.executable, "-c", "import ctranslate2"],
            "import torch, transformers": [
                sys.executable,
                "-c",
                "import torch, transformers; transformers.MarianMTModel",
            ],
        }
        for command in cases.values():
            run(command, env)  # unmeasured: warms the file cache and the hash records
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.repeats):
            for name, command in cases.items():
                results[name].append(run(command, env))
        print(
            f"{args.repeats} rounds, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
        )
        print(f"{'case':<28} {'wall s':>7} {'peak RSS MB':>12}  runs (s)")
        wall = {}
        for name, runs in results.items():
            wall[name] = statistics.median(r[0] for r in runs)
            rss = statistics.median(r[1] for r in runs)
            spread = ", ".join(f"{r[0]:.2f}" for r in runs)
            print(f"{name:<28} {wall[name]:>7.2f} {rss:>12.0f}  {spread}")
        rss_ct2 = max(r[1] for r in results["summarize ctranslate2"])
        speedup = wall["summarize transformers"] / wall["summarize ctranslate2"]
        help_ratio = wall["ringkas --help"] / wall["python -c 'import typer'"]
        goals = [
            (f"CTranslate2 {speedup:.1f}x faster than transformers (>= 5x)", speedup >= 5),
            (
                f"--no-translate {wall['summarize --no-translate']:.2f} s (<= 1.0 s)",
                wall["summarize --no-translate"] <= 1.0,
            ),
            (f"--help {help_ratio:.2f}x import typer (<= 1.3x)", help_ratio <= 1.3),
            (f"CTranslate2 run peak RSS {rss_ct2:.0f} MB, worst run (<= 500 MB)", rss_ct2 <= 500),
        ]
        print()
        for text, met in goals:
            print(f"{'met ' if met else 'MISS'}  {text}")


if __name__ == "__main__":
    main()
