"""Kill `ringkas digest` at random moments and run digests side by side: is anything lost?

    python bench/kill_trials.py [--kills 60] [--concurrent 48] [--parallel 8] [--seed 11]

1. kills: before each trial one new article lands in the inbox; a digest run starts and gets
   SIGKILL, SIGTERM or SIGINT (in turn) after a random delay within one clean run's duration.
   Every fourth trial first deletes the language detector's cached model, so some kills land
   in its first save. After each kill, the digest and the state must still parse (a
   half-written file counts as lost).
2. concurrent: PARALLEL runs start at once (each after adding its own article), in waves,
   until CONCURRENT runs have run; they queue on the lock (--wait) and must all exit 0.
3. at the end one clean run; lost = inbox articles missing from the digest's sources, plus
   damaged files, plus temporary files left anywhere (out/, the state folder, the cache).

Prints tried / survived / lost per signal and for the concurrent runs. Runs on the real entry
point (`python -m ringkas`) with --translate never: the figures are about files, not models.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "indosum_dev01.jsonl"
SEED = ROOT / "seeds" / "000_fad9490de3d14571.txt"
SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)


def _articles() -> list[str]:
    texts = []
    if EVAL.exists():
        with EVAL.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle]
    seed = SEED.read_text(encoding="utf-8")
    return texts or [seed]


class Inbox:
    """A folder that gets one distinct article at a time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.texts = _articles()
        self.count = 0
        folder.mkdir()

    def add(self) -> str:
        name = f"berita-{self.count:04}.txt"
        text = self.texts[self.count % len(self.texts)]
        # A line of its own, so repeated texts stay distinct files with distinct hashes.
        text += f"\n\nCatatan redaksi nomor {self.count}."
        (self.folder / name).write_text(text, encoding="utf-8")
        self.count += 1
        return name


def _command(inbox: Path, out: Path, state: Path) -> list[str]:
    return [
        sys.executable, "-m", "ringkas", "digest", str(inbox), "--out", f"{out}/",
        "--format", "json", "--state", str(state), "--translate", "never", "--quiet",
        "--wait", "300",
    ]  # fmt: skip


def _damaged(out: Path, state: Path) -> list[str]:
    """Files that exist but do not parse: a half-written digest or state."""
    bad = []
    for path in [*out.glob("ringkas-*.json"), state]:
        if path.exists():
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                bad.append(str(path))
    return bad


def _temporaries(*folders: Path) -> list[str]:
    return [str(p) for f in folders if f.exists() for p in f.rglob("*.tmp")]


def _listed_sources(out: Path) -> set[str]:
    listed: set[str] = set()
    for path in out.glob("ringkas-*.json"):
        digest = json.loads(path.read_text(encoding="utf-8"))
        listed |= {Path(s).name for e in digest["entries"] for s in e["sources"]}
    return listed


def run(kills: int, concurrent: int, parallel: int, seed: int) -> int:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="ringkas-kill-") as scratch:
        base = Path(scratch)
        inbox, out, state = Inbox(base / "inbox"), base / "out", base / "state" / "state.json"
        home = base / "home"
        env = {**os.environ, "RINGKAS_HOME": str(home)}
        cmd = _command(inbox.folder, out, state)

        inbox.add()
        start = time.perf_counter()
        first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        clean = time.perf_counter() - start
        if first.returncode != 0:
            print(first.stderr)
            return 1
        print(f"one clean run (first, saves the language model): {clean:.2f} s")

        tried = dict.fromkeys(SIGNALS, 0)
        survived = dict.fromkeys(SIGNALS, 0)
        exits: dict[int, int] = {}
        damaged: list[str] = []
        t0 = time.perf_counter()
        for trial in range(kills):
            sig = SIGNALS[trial % len(SIGNALS)]
            if trial % 4 == 3:  # the next run saves the language model again: kill that too
                for model in (home / "cache" / "language").glob("langid-*.npy"):
                    model.unlink()
            inbox.add()
            proc = subprocess.Popen(
                cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.05, clean))
            proc.send_signal(sig)
            code = proc.wait(timeout=300)
            exits[code] = exits.get(code, 0) + 1
            tried[sig] += 1
            bad = _damaged(out, state)
            damaged += bad
            survived[sig] += not bad
        kill_time = time.perf_counter() - t0

        t0 = time.perf_counter()
        codes = []
        for wave in range(0, concurrent, parallel):
            size = min(parallel, concurrent - wave)
            procs = []
            for _ in range(size):
                inbox.add()
                procs.append(
                    subprocess.Popen(
                        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                    )
                )
            codes += [p.wait(timeout=600) for p in procs]
            damaged += _damaged(out, state)
        concurrent_time = time.perf_counter() - t0

        final = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        listed = _listed_sources(out)
        expected = {p.name for p in inbox.folder.glob("*.txt")}
        missing = sorted(expected - listed)
        temps = _temporaries(out, state.parent, home)
        damaged += _damaged(out, state)

    print(f"\nkill trials ({kill_time:.0f} s; exit codes {dict(sorted(exits.items()))}):")
    print(f"{'signal':<8} {'tried':>6} {'survived':>9} {'lost':>5}")
    for sig in SIGNALS:
        print(f"{sig.name:<8} {tried[sig]:>6} {survived[sig]:>9} {tried[sig] - survived[sig]:>5}")
    ok = sum(code == 0 for code in codes)
    print(f"\nconcurrent runs ({concurrent_time:.0f} s, {parallel} at a time):")
    print(f"{'runs':<8} {len(codes):>6} {ok:>9} {len(codes) - ok:>5}")
    print(f"\nfinal run exit {final.returncode}; articles {len(expected)}, in the digest")
    print(f"{len(expected) - len(missing)}, lost {len(missing)}; damaged files {len(damaged)}; ")
    print(f"temporary files left {len(temps)}")
    for item in missing[:5] + damaged[:5] + temps[:5]:
        print("  ", item)
    lost = len(missing) + len(damaged) + len(temps) + (len(codes) - ok)
    print(f"\nTOTAL tried {kills} kills + {len(codes)} concurrent runs, lost {lost}")
    return 1 if lost or final.returncode else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--concurrent", type=int, default=48)
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    sys.exit(run(args.kills, args.concurrent, args.parallel, args.seed))


if __name__ == "__main__":
    main()
