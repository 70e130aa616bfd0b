"""The guards against known MarianMT failures, and long-input splitting, around any Engine.

Every output is checked (empty, repeating, longer than its source allows); a failed output is
retried once with a wider beam and no repeated n-grams, then given up ("" for the pipeline).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ringkas.translate.base import DEFAULT_BEAMS, Engine, TranslatorId
from ringkas.translate.batching import DEFAULT_BATCH_TOKENS, MAX_BATCH_SENTENCES, token_batches

if TYPE_CHECKING:
    pass

#: Bump when the guards or splitting change what a translation is (it is part of cache keys).
GUARD_VERSION = 2
RETRY_BEAMS = 4
RETRY_NO_REPEAT = 3


# --- guards -------------------------------------------------------------------------------

EMPTY = "empty"
REPEATS = "repeats"
TOO_LONG = "too long"


def output_budget(source_tokens: int) -> int:
    """The most target tokens a sane translation of `source_tokens` needs (EOS excluded)."""
    # English runs about as long as Indonesian in SentencePiece tokens; twice plus slack is
    # generous, and a loop that never ends hits it fast.
    return 2 * source_tokens + 10


def _has_word_loop(words: Sequence[str]) -> bool:
    """True when some 1–4 word n-gram repeats at least four times in a row."""
    for size in range(1, 5):
        for start in range(len(words) - 4 * size + 1):
            gram = words[start : start + size]
            if all(words[start + k * size : start + (k + 1) * size] == gram for k in range(1, 4)):
                return True
    return False


# A unit of 2–20 non-space characters written five or more times with no space between
# ("ManaManaManaManaMana"); digits alone (1000000000) are numbers, not loops.
_GLUED_LOOP = re.compile(r"(\S{2,20}?)\1{4,}")


def find_fault(text: str, source_tokens: int, output_tokens: int) -> str | None:
    """Name what is wrong with an output (empty, repeats, too long), or None when it looks sane."""
    if not any(ch.isalnum() for ch in text):
        return EMPTY
    words = [w.strip(".,;:!?\"'()").lower() for w in text.split()]
    if _has_word_loop([w for w in words if w]):
        return REPEATS
    if any(not m.group(1).isdigit() for m in _GLUED_LOOP.finditer(text)):
        return REPEATS
    if output_tokens >= output_budget(source_tokens):
        return TOO_LONG
    return None


# --- long inputs --------------------------------------------------------------------------

# Indonesian clause openers: a comma before one of these is the best place to cut.
_CONJUNCTIONS = (
    "tetapi|namun|sedangkan|sehingga|karena|sebab|yang|dan|atau|serta|bahwa|ketika|saat|"
    "sementara|meskipun|walaupun|padahal|agar|supaya|jika|kalau|apabila|hingga|lalu|kemudian"
)
_CUTS = (
    re.compile(r"(?<=[;:])\s+"),  # between clauses marked as such
    re.compile(rf"(?<=,)\s+(?=(?:{_CONJUNCTIONS})\b)", re.IGNORECASE),  # ", tetapi …"
    re.compile(r"(?<=,)\s+"),  # any comma
    re.compile(rf"\s+(?=(?:{_CONJUNCTIONS})\b)", re.IGNORECASE),  # "… yang …" without comma
)


def split_long(text: str, fits: Callable[[str], bool], level: int = 0) -> list[str]:
    """Split text that is too long for the model at clause boundaries, then between words."""
    if fits(text):
        return [text]
    if level >= len(_CUTS):
        words = text.split()
        if len(words) < 2:
            return [text]  # one enormous token run: the tokenizer truncates it
        middle = len(words) // 2
        left, right = " ".join(words[:middle]), " ".join(words[middle:])
        return split_long(left, fits, level) + split_long(right, fits, level)
    parts = [p for p in _CUTS[level].split(text) if p]
    if len(parts) < 2:
        return split_long(text, fits, level + 1)
    chunks: list[str] = []
    current = ""
    for part in parts:
        joined = f"{current} {part}" if current else part
        if current and not fits(joined):
            chunks.append(current)
            current = part
        else:
            current = joined
    chunks.append(current)
    return [piece for chunk in chunks for piece in split_long(chunk, fits, level + 1)]


# --- the guarded translator ---------------------------------------------------------------


# Text with no letters once web and mail addresses are set aside (numbers, prices, dates,
# phone numbers, URLs, emoji) has nothing to translate: the model would only invent words.
_ADDRESSES = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)


def has_words(text: str) -> bool:
    """True when a text holds letters outside web and mail addresses (something to translate)."""
    return any(ch.isalpha() for ch in _ADDRESSES.sub(" ", text))


class GuardedTranslator:
    """Translates through an Engine: splits long inputs, checks every output, retries once.

    Segments without words pass through unchanged; `beam_size` is the model's own (its
    generation_config.json) unless the user chose one (`--beam`).
    """

    def __init__(
        self,
        engine: Engine,
        identity: TranslatorId,
        *,
        batch_size: int = MAX_BATCH_SENTENCES,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
        beam_size: int = DEFAULT_BEAMS,
    ) -> None:
        self.engine = engine
        self._identity = identity
        self.batch_size = batch_size  # at most this many sentences in a batch
        self.batch_tokens = batch_tokens  # and at most this many padded source tokens
        self.beam_size = beam_size

    @property
    def identity(self) -> TranslatorId:
        """The model reference, engine and beam, as named in reports and signatures."""
        return self._identity

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate sentences; "" where the output failed the guards twice."""
        pieces: list[str] = []
        owners: list[int] = []
        kept: dict[int, str] = {}

        def fits(text: str) -> bool:
            return self.engine.count_tokens([text])[0] <= self.engine.max_input_tokens

        for number, text in enumerate(texts):
            clean = " ".join(text.split())
            if not clean:
                continue
            if not has_words(clean):
                kept[number] = clean
                continue
            for piece in split_long(clean, fits):
                pieces.append(piece)
                owners.append(number)
        done = self._translate_pieces(pieces)
        parts: list[list[str | None]] = [[] for _ in texts]
        for owner, english in zip(owners, done, strict=True):
            parts[owner].append(english)
        results = ["" if not p or None in p else " ".join(x for x in p if x) for p in parts]
        for number, text in kept.items():
            results[number] = text
        return results

    def _translate_pieces(self, pieces: Sequence[str]) -> list[str | None]:
        if not pieces:
            return []
        sizes = self.engine.count_tokens(pieces)
        results: list[str | None] = [None] * len(pieces)
        failed = self._run(pieces, sizes, range(len(pieces)), results, retry=False)
        self._run(pieces, sizes, failed, results, retry=True)
        return results

    def _run(
        self,
        pieces: Sequence[str],
        sizes: Sequence[int],
        todo: Sequence[int],
        results: list[str | None],
        *,
        retry: bool,
    ) -> list[int]:
        """Translate the pieces numbered `todo` in length-sorted batches; return the failures."""
        order = sorted(todo, key=lambda i: (sizes[i], i))
        failed = []
        beams = max(RETRY_BEAMS, self.beam_size) if retry else self.beam_size
        # A beam search holds `beams` rows per sentence: the token budget is shared by them.
        for batch in token_batches(
            order, sizes, max_tokens=max(1, self.batch_tokens // beams), max_count=self.batch_size
        ):
            budget = max(output_budget(sizes[i]) for i in batch)
            outputs = self.engine.generate(
                [pieces[i] for i in batch],
                beam_size=beams,
                max_new_tokens=budget + 1,  # one past the budget shows a runaway
                no_repeat_ngram_size=RETRY_NO_REPEAT if retry else None,
            )
            for i, out in zip(batch, outputs, strict=True):
                if find_fault(out.text, sizes[i], out.tokens) is None:
                    results[i] = out.text
                else:
                    failed.append(i)
        return failed
