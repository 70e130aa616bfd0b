"""How soon `ringkas models pull` gives up without network, beside the CLI's bare start-up.

    python bench/pull_offline.py               # 5 interleaved rounds
    python bench/pull_offline.py --repeats 9

Each case is a fresh process in an empty HF cache and RINGKAS_HOME, run round-robin so both
share the machine's load:
- `ringkas --version`: start-up alone;
- `ringkas models pull` with the hub's name unresolvable (HF_ENDPOINT=https://hub.invalid), as
  on a machine without network: the goal is under 2 s, one line, exit 3 (before: ~24 s of
  huggingface_hub's retry lines).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RINGKAS = [sys.executable, "-m", "ringkas"]


def _time(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done.returncode, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "RINGKAS_HOME": str(Path(tmp) / "home"),
            "HF_HOME": str(Path(tmp) / "hf"),
            "HF_ENDPOINT": "https://hub.invalid",
        }
        cases = {
            "ringkas --version": [*RINGKAS, "--version"],
            "models pull": [*RINGKAS, "models", "pull"],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        said = ""
        for _ in range(options.repeats):
            for name, args in cases.items():
                took, code, stderr = _time(args, env)
                times[name].append(took)
                if name == "models pull":
                    said = f"exit {code}, {stderr.count(chr(10))} line(s): {stderr.strip()}"
        base = statistics.median(times["ringkas --version"])
        for name, values in times.items():
            median = statistics.median(values)
            print(f"{name:20s} median {median:5.2f} s  ({median / base:4.1f}x start-up)")
        print(said)


if __name__ == "__main__":
    main()
