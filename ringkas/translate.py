"""The Translator protocol and the one door to the heavy translation backends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Translator(Protocol):
    """Turns Indonesian sentences into English, one output per input, in order."""

    @property
    def label(self) -> str:
        """What produced the output: `Helsinki-NLP/opus-mt-id-en@1a64c13 transformers`."""
        ...

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate a batch of sentences."""
        ...
