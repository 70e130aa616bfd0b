"""`ringkas digest` at 1k, 5k and 10k articles against a plain summarize pass of the same texts.

    python bench/digest_scale.py                     # 1000 5000 10000 (about 20 min on 2 cores)
    python bench/digest_scale.py --sizes 1000 2000   # a quick look

For each size, in one process and one after another (so all three see the same machine load):

- `ringkas summarize --jsonl --no-translate --format jsonl` of the texts (one JSONL file);
- the first `ringkas digest FOLDER --out OUT/ --translate never --quiet` (fresh state);
- the rerun with nothing new.

The articles are IndoSum dev texts repeated with small edits (tests/articlekit.py), written
as one .txt file each for the digest. Prints wall time and peak RSS of every run (os.wait4),
the digest/summarize ratio, the state's size on disk (state file + day file) per 1,000
articles, and the largest size's time over the smallest's; ends with the issue-16 targets.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.articlekit import make_articles  # noqa: E402

RINGKAS = [sys.executable, "-m", "ringkas"]


@dataclass(frozen=True)
class Run:
    """One measured command: wall and CPU (user + system) seconds, peak resident set in MB."""

    wall: float
    cpu: float
    rss_mb: float


def measure(args: list[str], env: dict[str, str]) -> Run:
    """Run a command with stdout to /dev/null; fail loudly if it fails."""
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen(args, stdout=sink, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        assert proc.stderr is not None
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        errors = proc.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{errors}")
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mb=usage.ru_maxrss / 1024)


def write_inputs(count: int, folder: Path) -> tuple[Path, Path]:
    """Write `count` articles as .txt files and as one JSONL file; return both paths."""
    inbox = folder / "inbox"
    inbox.mkdir()
    jsonl = folder / "articles.jsonl"
    with jsonl.open("w", encoding="utf-8") as handle:
        for name, text in make_articles(count):
            (inbox / f"{name}.txt").write_text(text, encoding="utf-8")
            handle.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
    return inbox, jsonl


def state_bytes(home: Path) -> tuple[int, int]:
    """Bytes of the digest state on disk: the state file, and the day file."""
    folder = home / "digest"
    return (
        sum(p.stat().st_size for p in folder.glob("*.json")),
        sum(p.stat().st_size for p in folder.rglob("*.jsonl")),
    )


def bench_size(count: int, work: Path) -> dict[str, float]:
    """Measure summarize, the first digest and the no-change rerun on `count` articles."""
    folder = work / str(count)
    folder.mkdir()
    inbox, jsonl = write_inputs(count, folder)
    home = folder / "home"
    env = {**os.environ, "RINGKAS_HOME": str(home)}
    env.pop("RINGKAS_TEST_KILL_AT", None)
    plain = measure(
        [*RINGKAS, "summarize", "--jsonl", "--no-translate", "--format", "jsonl", str(jsonl)], env
    )
    digest = [*RINGKAS, "digest", str(inbox), "--out", f"{folder / 'out'}/"]
    digest += ["--translate", "never", "--quiet"]
    first = measure(digest, env)
    records, stories = state_bytes(home)
    rerun = measure(digest, env)
    row = {
        "articles": count,
        "summarize_s": plain.wall,
        "summarize_cpu_s": plain.cpu,
        "summarize_rss_mb": plain.rss_mb,
        "digest_s": first.wall,
        "digest_cpu_s": first.cpu,
        "digest_rss_mb": first.rss_mb,
        "rerun_s": rerun.wall,
        "rerun_cpu_s": rerun.cpu,
        "rerun_rss_mb": rerun.rss_mb,
        "digest_over_summarize": first.wall / plain.wall,
        "digest_over_summarize_cpu": first.cpu / plain.cpu,
        "load_average": os.getloadavg()[0],
        "state_kb_per_1000": records / 1024 / (count / 1000),
        "day_file_kb_per_1000": stories / 1024 / (count / 1000),
    }
    print(json.dumps({k: round(v, 2) for k, v in row.items()}), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ringkas-scale-") as tmp:
        rows = [bench_size(count, Path(tmp)) for count in args.sizes]
    rows.sort(key=lambda r: r["articles"])
    small, large = rows[0], rows[-1]
    print(
        f"\n{'articles':>8} {'summarize wall/CPU':>18} {'digest wall/CPU':>16} "
        f"{'ratio':>10} {'rerun':>12} {'RSS MB':>6} {'state KB/1k':>11} {'day KB/1k':>9}"
    )
    for r in rows:
        print(
            f"{r['articles']:>8,} {r['summarize_s']:>9.1f}s/{r['summarize_cpu_s']:>6.1f}s "
            f"{r['digest_s']:>7.1f}s/{r['digest_cpu_s']:>6.1f}s "
            f"{r['digest_over_summarize']:>5.2f}/{r['digest_over_summarize_cpu']:.2f} "
            f"{r['rerun_s']:>5.2f}s/{r['rerun_cpu_s']:.2f}s {r['digest_rss_mb']:>6.0f} "
            f"{r['state_kb_per_1000']:>11.0f} {r['day_file_kb_per_1000']:>9.0f}"
        )
    print("CPU: user + system seconds, the fair figure on a shared machine")
    scale = large["articles"] / small["articles"]
    wall = large["digest_s"] / small["digest_s"]
    cpu = large["digest_cpu_s"] / small["digest_cpu_s"]
    print(
        f"digest {large['articles']:,} / {small['articles']:,}: wall {wall:.1f}, "
        f"CPU {cpu:.1f} (linear: {scale:.0f})"
    )
    print(
        f"targets at {large['articles']:,}: digest <= 1.5x summarize (wall "
        f"{large['digest_over_summarize']:.2f}, CPU {large['digest_over_summarize_cpu']:.2f}); "
        f"rerun <= 1 s (wall {large['rerun_s']:.2f}, CPU {large['rerun_cpu_s']:.2f}); "
        f"peak RSS <= 500 MB ({large['digest_rss_mb']:.0f})"
    )


if __name__ == "__main__":
    main()
