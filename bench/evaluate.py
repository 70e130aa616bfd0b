"""Run the shared evaluations (splitting, summary ROUGE, quotes on PFSA, dev30, dev30b).

    python bench/evaluate.py                 # everything, on the full dev data
    python bench/evaluate.py --limit 60      # a slice (faster)

Uses the scorers in ../shared/eval exactly as its README shows, with this checkout's ringkas.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
RINGKAS = f"{shlex.quote(sys.executable)} -m ringkas"


def _slice(path: Path, limit: int, tmp: Path) -> Path:
    if not limit:
        return path
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = tmp / path.name
    out.write_text("\n".join(lines[:limit]) + "\n", encoding="utf-8")
    return out


def _score(script: str, data: list[Path], cmd: str) -> str:
    args = [sys.executable, str(EVAL / script), *map(str, data), "--cmd", cmd]
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip().splitlines()[-1]


def _numbers(line: str) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r"([A-Za-z0-9_]+(?: F1)?) ([0-9.]+)", line)}


def evaluate(limit: int = 0) -> dict[str, dict[str, float]]:
    """Run every evaluation; return {name: {metric: value}}."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        indosum = _slice(EVAL / "indosum_dev01.jsonl", limit, tmp)
        pfsa = _slice(EVAL / "pfsa_id_test_quotes.jsonl", limit, tmp)
        results = {
            "split": _score("score_split.py", [indosum, pfsa], f"{RINGKAS} sentences --jsonl -"),
        }
        base = f"{RINGKAS} summarize --jsonl --no-translate --format json"
        for method in ("lead", "rank"):
            results[f"summary.{method}"] = _score(
                "score_summary.py", [indosum], f"{base} --method {method} -"
            )
        results["quotes"] = _score("score_quotes.py", [pfsa], f"{base} --quotes all -")
        # the fully annotated sets: precision, recall, speaker accuracy and wrong-speaker share
        for name in ("dev30", "dev30b"):
            annotated = _slice(EVAL / f"quotes_annotated_{name}.jsonl", limit, tmp)
            results[f"quotes.{name}"] = _score(
                "score_quotes.py", [annotated], f"{base} --quotes all -"
            )
    return {name: _numbers(line) for name, line in results.items()}


def main() -> None:
    """Print the figures as JSON (machine) and a short table (people)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N records")
    args = parser.parse_args()
    if not EVAL.is_dir():
        raise SystemExit(f"{EVAL} is missing: the evaluation data sits beside the repository")
    figures = evaluate(args.limit)
    print(json.dumps(figures, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
