"""Translation batches by tokens, not by count: one helper both engines' callers share.

A batch costs about (number of sentences) x (longest sentence) decoder work, padding
included. Cutting length-sorted sentences so that product stays within a token budget gives
short sentences big batches (more work per matrix call) and long ones small batches (less
padding and memory), where a fixed count gives every length the same. CTranslate2 takes the
same budget as `max_batch_size` with `batch_type="tokens"`.

`DEFAULT_BATCH_TOKENS` is the best of 512/1024/2048 in bench/token_batching.py (ct2-int8, 160
NTREX sentences, outputs 1.2 x source): 1.18x the sentences/s of 16 a batch, 1024 1.01x,
2048 1.06x, on a heavily shared machine (noisy; transformers not yet measured).
"""

from __future__ import annotations

from collections.abc import Sequence

DEFAULT_BATCH_TOKENS = 512
#: Never more sentences than this in one batch, however short they are.
MAX_BATCH_SENTENCES = 128


def token_batches(
    order: Sequence[int],
    sizes: Sequence[int],
    *,
    max_tokens: int = DEFAULT_BATCH_TOKENS,
    max_count: int = MAX_BATCH_SENTENCES,
) -> list[list[int]]:
    """Cut `order` (indices into `sizes`, shortest first) into batches of at most `max_tokens`.

    A batch's size is its count times its longest item, as padded; an item longer than the
    budget goes alone.
    """
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index in order:
        wider = max(longest, sizes[index])
        if current and (wider * (len(current) + 1) > max_tokens or len(current) >= max_count):
            batches.append(current)
            current, wider = [], sizes[index]
        current.append(index)
        longest = wider
    if current:
        batches.append(current)
    return batches
