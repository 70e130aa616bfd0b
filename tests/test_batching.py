"""Translation batches cut by tokens (ringkas.translate.batching) and the guarded translator."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ringkas.translate.batching import token_batches
from ringkas.translate.guarded import GuardedTranslator
from tests.test_lock import ScriptedEngine


def test_short_sentences_share_big_batches_and_long_ones_small() -> None:
    sizes = [4] * 10 + [30] * 4
    batches = token_batches(range(len(sizes)), sizes, max_tokens=64, max_count=100)
    assert [len(b) for b in batches] == [10, 2, 2]  # 10 x 4 = 40; 2 x 30 = 60 <= 64


def test_an_item_over_the_budget_goes_alone_and_the_count_cap_holds() -> None:
    assert token_batches([0, 1, 2], [5, 500, 5], max_tokens=64) == [[0], [1], [2]]
    assert token_batches(range(5), [1] * 5, max_tokens=64, max_count=2) == [[0, 1], [2, 3], [4]]


@given(
    st.lists(st.integers(min_value=1, max_value=200), max_size=60),
    st.integers(min_value=1, max_value=2048),
    st.integers(min_value=1, max_value=64),
)
def test_batches_keep_order_and_budget(sizes: list[int], budget: int, cap: int) -> None:
    order = sorted(range(len(sizes)), key=lambda i: (sizes[i], i))
    batches = token_batches(order, sizes, max_tokens=budget, max_count=cap)
    assert [i for batch in batches for i in batch] == order
    for batch in batches:
        assert len(batch) <= cap
        assert len(batch) == 1 or len(batch) * max(sizes[i] for i in batch) <= budget


def test_guarded_translator_batches_by_tokens_in_length_order() -> None:
    engine = ScriptedEngine(greedy={}, beam={})
    engine.max_input_tokens = 64
    short = [f"Kata{i}." for i in range(12)]  # 2 tokens each
    long = [" ".join(f"kata{i}{j}" for j in range(19)) for i in range(3)]  # 20 tokens each
    translator = GuardedTranslator(engine, "x@0000000 scripted", batch_tokens=40)

    out = translator.translate([*long, *short])

    assert out == [f"EN {t}" for t in [*long, *short]]
    assert [len(texts) for _, texts in engine.calls] == [12, 2, 1]
