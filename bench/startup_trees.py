"""Cold start-up of two checkouts side by side, rounds interleaved so both see the same load.

    python bench/startup_trees.py OLD_CHECKOUT NEW_CHECKOUT [--rounds 11]

For each checkout, with the Python that runs this script and the checkout first on PYTHONPATH:
`python -c "import typer"`, `python -m ringkas --help` and `python -m ringkas summarize
--no-translate SEED`; prints the medians and the --help/typer ratio (a layout change must not
make start-up heavier). The seed is the NEW checkout's seeds/000_fad9490de3d14571.txt.
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


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs=2, type=Path, help="two checkouts: old, new")
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    seed = args.trees[1].resolve() / "seeds" / "000_fad9490de3d14571.txt"
    home = Path(tempfile.mkdtemp(prefix="ringkas-startup-"))
    cases: dict[tuple[str, str], tuple[list[str], dict[str, str]]] = {}
    for tree in args.trees:
        name = str(tree)
        env = {**os.environ, "PYTHONPATH": str(tree.resolve()), "NO_COLOR": "1",
               "RINGKAS_HOME": str(home / tree.resolve().name)}  # fmt: skip
        python = [sys.executable]
        cases[(name, "typer")] = ([*python, "-c", "import typer"], env)
        cases[(name, "help")] = ([*python, "-m", "ringkas", "--help"], env)
        cases[(name, "plain")] = (
            [*python, "-m", "ringkas", "summarize", "--no-translate", "-f", "plain", str(seed)],
            env,
        )
    for command, env in cases.values():  # warm the OS file cache, unmeasured
        _time(command, env)
    times: dict[tuple[str, str], list[float]] = {key: [] for key in cases}
    for _ in range(args.rounds):
        for key, (command, env) in cases.items():
            times[key].append(_time(command, env))
    for tree in args.trees:
        typer_, help_, plain = (
            statistics.median(times[(str(tree), k)]) for k in ("typer", "help", "plain")
        )
        print(
            f"{tree}: import typer {typer_ * 1000:.0f} ms | ringkas --help {help_ * 1000:.0f} ms "
            f"= {help_ / typer_:.2f}x | summarize --no-translate {plain * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
