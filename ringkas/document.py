"""Frozen values that flow between the stages: Article, Sentence, Quote, Report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Flag(StrEnum):
    """Every flag a report can carry (README "JSON schema": `flags`, sorted strings)."""

    MODEL_MISSING = "model_missing"  # auto mode found no model: the report stays Indonesian
    TRANSLATION_FAILED = "translation_failed"  # some text got no usable English
    TRUNCATED = "truncated"  # the input was cut at --max-chars
    HTML = "html"  # read from a web page (its article text)
    MALAY = "malay"  # Malay, processed as Indonesian
    ALREADY_ENGLISH = "already_english"  # English: summarised, never translated
    LANGUAGE_UNSURE = "language_unsure"  # the language detector was unsure


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
        return report_data(self)


# --- the JSON contract (README "JSON schema"); render.data prints it -------------------------

SCHEMA_VERSION = 1


def _item(report: Report, data: dict[str, Any]) -> dict[str, Any]:
    """Mark an item the translator ran on but gave no usable English for (translation null)."""
    if report.model is not None and not data["translation"]:
        data["translation_failed"] = True
    return data


def report_to_dict(report: Report) -> dict[str, Any]:
    """Turn a report into the plain data of the JSON schema, version 1."""
    data = {
        "schema": SCHEMA_VERSION,
        "id": report.id,
        "source": report.source,
        "title": report.title,
        "title_translation": report.title_translation,
        "title_derived": report.title_derived,
        "sentences_total": report.sentences_total,
        "method": report.method,
        "summary": [
            _item(
                report,
                {"index": s.index, "text": s.text, "score": s.score, "translation": s.translation},
            )
            for s in report.summary
        ],
        "quotes": [
            _item(
                report,
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "speaker_confidence": q.speaker_confidence,
                    "role": q.role,
                    "cue": q.cue,
                    "sentence_index": q.sentence_index,
                    "translation": q.translation,
                    "nested": [
                        {
                            "text": n.text,
                            "speaker": n.speaker,
                            "speaker_confidence": n.speaker_confidence,
                        }
                        for n in q.nested
                    ],
                },
            )
            for q in report.quotes
        ],
        "flags": list(report.flags),
        "model": report.model,
        "signature": report.signature,
    }
    if report.title and report.model is not None and not report.title_translation:
        data["title_translation_failed"] = True
    return data


def _with_paragraphs(report: Report, data: dict[str, Any]) -> dict[str, Any]:
    """Add the --full body (only when asked for, so schema-1 readers see nothing new)."""
    if report.paragraphs:
        data["paragraphs"] = [
            [
                _item(report, {"text": text, "translation": english})
                for text, english in zip(
                    p.sentences, p.translations or (None,) * len(p.sentences), strict=True
                )
            ]
            for p in report.paragraphs
        ]
    return data


def report_data(report: Report) -> dict[str, Any]:
    """The whole JSON object of one report (`Report.to_dict()`; the renderers print it)."""
    return _with_paragraphs(report, report_to_dict(report))
