"""Article (+ Translator) → Report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ringkas import __version__
from ringkas.document import Article, Report
from ringkas.language import ALREADY_ENGLISH
from ringkas.quotes import find_quotes, pick_quotes
from ringkas.segment import segment_article
from ringkas.summarize import DEFAULT_METHOD, SummaryLength, pick_summary
from ringkas.translate import Translator

# Bump when a change alters output on the seeds (the signature names them).
SEGMENTER_VERSION = 2
SUMMARIZER_VERSION = 1
QUOTES_VERSION = 1


@dataclass(frozen=True)
class Options:
    """What a summary run should produce."""

    method: str = DEFAULT_METHOD
    length: SummaryLength = field(default_factory=SummaryLength)
    quotes: int | None = 3  # None means every quote


def make_signature(method: str, model: str | None) -> str:
    """Name everything that produced a report, so results can be reproduced."""
    return (
        f"ringkas:{__version__}|seg:{SEGMENTER_VERSION}|sum:{method}.{SUMMARIZER_VERSION}"
        f"|quotes:{QUOTES_VERSION}|mt:{model or 'none'}"
    )


def build_report(article: Article, options: Options) -> Report:
    """Segment, summarise and find quotes in one article (no translation)."""
    segmented = segment_article(article)
    summary = pick_summary(segmented.sentences, method=options.method, length=options.length)
    quotes = find_quotes(article.text, segmented.sentences)
    return Report(
        id=article.id,
        source=article.source,
        title=segmented.title,
        sentences_total=len(segmented.sentences),
        summary=summary,
        quotes=pick_quotes(quotes, summary, options.quotes),
        method=options.method,
        signature=make_signature(options.method, None),
        flags=article.flags,
    )


def translate_reports(reports: Sequence[Report], translator: Translator) -> list[Report]:
    """Translate headlines, summaries and quotes of all reports in one batched call."""
    texts: list[str] = []
    for report in reports:
        if ALREADY_ENGLISH in report.flags:
            continue
        if report.title:
            texts.append(report.title)
        texts.extend(item.text for item in report.summary)
        texts.extend(quote.text for quote in report.quotes)
    unique = sorted(set(texts), key=lambda t: (len(t), t))
    english = dict(zip(unique, translator.translate(unique), strict=True))
    out = []
    for report in reports:
        if ALREADY_ENGLISH in report.flags:
            out.append(report)  # English input: shown as written, never run through the model
            continue
        out.append(
            replace(
                report,
                title_translation=english[report.title] if report.title else None,
                summary=tuple(replace(s, translation=english[s.text]) for s in report.summary),
                quotes=tuple(replace(q, translation=english[q.text]) for q in report.quotes),
                model=translator.label,
                signature=make_signature(report.method, translator.label),
            )
        )
    return out
