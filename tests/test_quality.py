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
    # measured 0.9566 (IndoSum alone 0.992; PFSA's gold puts every opening ” on the sentence
    # before it, which costs ~0.04 on that set — see the issue 2 closing note)
    ("split", "F1"): 0.953,
    ("summary.lead", "R1"): 67.2,  # measured 67.64
    ("summary.rank", "R1"): 68.4,  # measured 68.85
    ("summary.rank", "R2"): 61.7,  # measured 62.21
    ("quotes", "recall"): 0.97,  # measured 1.000
    # PFSA links no quote to its speaker; the scorer looks for a person span near the quote,
    # and 14 of 162 quotes have none in its window, right speaker or not; 7 more name the right
    # person, whose mention near the quote PFSA did not label: 141/162 = 0.870 (issue 13)
    ("quotes", "speaker_accuracy"): 0.86,  # measured 0.870
    ("quotes.dev30", "precision"): 0.99,  # measured 1.000
    ("quotes.dev30", "recall"): 0.99,  # measured 1.000
    ("quotes.dev30", "speaker_accuracy"): 0.95,  # measured 0.958
    ("quotes.dev30b", "precision"): 0.98,  # measured 0.991
    ("quotes.dev30b", "recall"): 0.975,  # measured 0.981
    ("quotes.dev30b", "speaker_accuracy"): 0.96,  # measured 0.972
}
# lower is better: a wrong speaker puts words in someone else's mouth
CEILINGS = {
    ("quotes.dev30", "wrong_speaker"): 0.015,  # measured 0.007
    ("quotes.dev30b", "wrong_speaker"): 0.015,  # measured 0.000
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


@pytest.mark.parametrize(("name", "metric"), sorted(CEILINGS))
def test_quality_ceiling(figures: dict[str, dict[str, float]], name: str, metric: str) -> None:
    assert figures[name][metric] <= CEILINGS[name, metric], figures
