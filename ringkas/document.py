"""Frozen values that flow between the stages: Article, Sentence, Quote, Report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Article:
    """One input text, as read: `id` names it in output, `source` says where it came from."""

    id: str
    source: str
    text: str
    title: str | None = None
    flags: tuple[str, ...] = ()
    url: str | None = None  # the original online (http(s) only; see ringkas.links)


@dataclass(frozen=True)
class Sentence:
    """A sentence with its character span in the article text."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int = 0
    is_heading: bool = False


@dataclass(frozen=True)
class Segmented:
    """An article split into a headline (if any) and body sentences."""

    title: str | None
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class SummaryItem:
    """A picked sentence: its position in the article, its score, its translation."""

    index: int
    text: str
    score: float
    translation: str | None = None


@dataclass(frozen=True)
class Quote:
    """A direct quote (text without its quote marks) and who said it."""

    text: str
    speaker: str | None
    role: str | None
    cue: str | None
    sentence_index: int
    start: int = 0
    end: int = 0
    score: float = 0.0
    translation: str | None = None
    speaker_confidence: float = 0.0  # 0-1: how sure the speaker is (0 when it is unknown)
    # `"Dia bilang, 'Saya siap'," kata X`: words the speaker reports someone else saying
    nested: tuple[Quote, ...] = ()

    @property
    def has_speaker(self) -> bool:
        """True when the quote is attributed to someone."""
        return bool(self.speaker)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the article body (for `--full`): its sentences and their translations."""

    sentences: tuple[str, ...]
    translations: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything ringkas says about one article."""

    id: str
    source: str
    title: str | None
    sentences_total: int
    summary: tuple[SummaryItem, ...]
    quotes: tuple[Quote, ...]
    method: str
    signature: str
    model: str | None = None
    title_translation: str | None = None
    flags: tuple[str, ...] = field(default=())
    paragraphs: tuple[Paragraph, ...] = ()  # the whole body, filled only for --full
    title_derived: bool = False  # the title is made from the lead sentence (no headline line)
    url: str | None = None  # the article's original online (digest links; not in report JSON)

    def with_flags(self, *extra: str) -> Report:
        """Return a copy with more flags (kept sorted and unique)."""
        return replace(self, flags=tuple(sorted(set(self.flags) | set(extra))))

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (schema 1) as plain data: what `--format json` prints."""
        from ringkas.render.data import report_data  # the one code path for both

        return report_data(self)
