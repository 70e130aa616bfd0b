"""The contract between ringkas and its translation backends: protocols, outputs and errors.

A translator returns one string per input, in order; an empty string means "no usable
translation" (the guards refused the output twice), and the pipeline flags it instead of
printing garbage. Backends (marian, ct2) import this module, never the door (`load`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ringkas.errors import LockError, PackagesMissing

if TYPE_CHECKING:
    from ringkas.models.lock import ModelPin

#: Files the translation engines read from a model folder besides the weights: a lock that does
#: not pin every one of them is refused, so no unpinned file decides what is printed.
MODEL_FILES = (
    "config.json",
    "generation_config.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
)


#: What the model's generation_config.json asks for when it names no beam (transformers' own).
DEFAULT_BEAMS = 1


class EngineUnavailable(PackagesMissing):
    """The model is there but the packages its engine needs (torch, transformers) are not."""


@dataclass(frozen=True)
class TranslatorId:
    """What produces a translation, part by part: the pinned model, the engine, the beam."""

    model: str  # `Helsinki-NLP/opus-mt-id-en@1a64c13`
    engine: str  # `transformers`, `ctranslate2-int8`
    beam: int | None = None  # None: a translator that does not decode (tests' fakes)

    @property
    def label(self) -> str:
        """As reports name it (JSON `model`): `REPO@1a64c13 ctranslate2|beam:6`."""
        beam = "" if self.beam is None else f"|beam:{self.beam}"
        return f"{self.model} {self.engine}{beam}"

    @property
    def signature(self) -> str:
        """Its part of a report's signature: `mt:…|engine:…|beam:…`."""
        beam = "" if self.beam is None else f"|beam:{self.beam}"
        return f"mt:{self.model}|engine:{self.engine}{beam}"


class Translator(Protocol):
    """Turns Indonesian sentences into English, one output per input, in order."""

    @property
    def identity(self) -> TranslatorId:
        """What produced the output: model reference, engine and beam, each on its own."""
        ...

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate a batch of sentences ("" where no usable translation was found)."""
        ...


@dataclass(frozen=True)
class Generated:
    """One engine output: the decoded text and how many target tokens it took."""

    text: str
    tokens: int


class Engine(Protocol):
    """A loaded model that generates translations of a batch (transformers, CTranslate2)."""

    @property
    def name(self) -> str:
        """The engine's name in labels and cache keys, e.g. `transformers`."""
        ...

    @property
    def max_input_tokens(self) -> int:
        """The longest source (in tokens, with EOS) the model takes."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source tokens of each text, with EOS, however long (never cut to max_input_tokens)."""
        ...

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int = 1,
        max_new_tokens: int = 256,
        no_repeat_ngram_size: int | None = None,
    ) -> list[Generated]:
        """Translate one batch, greedy when beam_size is 1."""
        ...


def require_pinned_files(pin: ModelPin) -> None:
    """Refuse a lock that leaves a file the engines read unpinned (it could change unseen)."""
    pinned = {item.name for item in pin.files}
    missing = [name for name in MODEL_FILES if name not in pinned]
    if missing:
        raise LockError(
            f"models.lock entry {pin.name!r} does not pin {', '.join(missing)}, which the "
            "translator reads; add each under its [.files] table (`{}` pins it by the "
            "revision and trusts it on first use)."
        )
