"""Quality floor on the shared evaluation data: a regression in splitting, summary or quotes fails.

The floors sit a little under what bench/evaluate.py measures; raising them is a deliberate commit.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import EVAL, ROOT

pytest.importorskip("rouge_score")
if not EVAL.is_dir():
    pytest.skip(f"{EVAL} is absent", allow_module_level=True)

FLOORS = {
    ("split", "F1"): 0.95,
    ("summary.lead", "R1"): 65.0,
    ("summary.rank", "R1"): 65.5,
    ("quotes", "recall"): 0.93,
    ("quotes", "speaker_accuracy"): 0.65,
}


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, float]]:
    spec = importlib.util.spec_from_file_location("evaluate", Path(ROOT, "bench", "evaluate.py"))
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result: dict[str, dict[str, float]] = module.evaluate()
    return result


@pytest.mark.parametrize(("name", "metric"), sorted(FLOORS))
def test_quality_floor(figures: dict[str, dict[str, float]], name: str, metric: str) -> None:
    assert figures[name][metric] >= FLOORS[name, metric], figures
