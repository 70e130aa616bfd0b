"""Article (+ Translator) → Report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ringkas import quotes, segment, summary
from ringkas._version import __version__
from ringkas.document import Article, Flag, Paragraph, Report, Sentence
from ringkas.lexicon import QUOTE_MARKS
from ringkas.quotes import find_quotes, pick_quotes
from ringkas.sanitize import clean_text
from ringkas.segment import segment_article
from ringkas.summary import DEFAULT_METHOD, SummaryLength, derive_title, pick_summary
from ringkas.translate.base import Translator, TranslatorId


@dataclass(frozen=True)
class Options:
    """What a summary run should produce."""

    method: str = DEFAULT_METHOD
    length: SummaryLength = field(default_factory=SummaryLength)
    quotes: int | None = 3  # None means every quote
    full: bool = False  # keep every body sentence, by paragraph, for translation


def make_signature(method: str, translator: TranslatorId | None) -> str:
    """Name everything that produced a report, so results can be reproduced."""
    mt = translator.signature if translator is not None else "mt:none"
    return (
        f"ringkas:{__version__}|seg:{segment.VERSION}|sum:{method}.{summary.VERSION}"
        f"|quotes:{quotes.VERSION}|{mt}"
    )


def build_report(article: Article, options: Options) -> Report:
    """Segment, summarise and find quotes in one article (no translation)."""
    segmented = segment_article(article)
    summary = pick_summary(segmented.sentences, method=options.method, length=options.length)
    quotes = find_quotes(article.text, segmented.sentences)
    # No headline line (IndoSum-style files, feed items): digests and panels show the lead's
    # first clause instead of a file name; JSON says it was derived.
    title = segmented.title or derive_title(segmented.sentences)
    return Report(
        id=article.id,
        source=article.source,
        title=title,
        title_derived=title is not None and segmented.title is None,
        sentences_total=len(segmented.sentences),
        summary=summary,
        quotes=pick_quotes(quotes, summary, options.quotes),
        method=options.method,
        signature=make_signature(options.method, None),
        flags=article.flags,
        paragraphs=group_paragraphs(segmented.sentences) if options.full else (),
        url=article.url,
    )


def group_paragraphs(sentences: Sequence[Sentence]) -> tuple[Paragraph, ...]:
    """Group sentences by paragraph, each with its white space folded (the text translated)."""
    groups: dict[int, list[str]] = {}
    for sentence in sentences:
        groups.setdefault(sentence.paragraph, []).append(" ".join(sentence.text.split()))
    return tuple(Paragraph(sentences=tuple(texts)) for _, texts in sorted(groups.items()))


def _unquote(text: str, source: str) -> str:
    """Drop quote marks the model put around a quote, keeping any the source itself has."""
    text = text.strip()
    if not source.startswith(tuple(QUOTE_MARKS)):
        text = text.lstrip(QUOTE_MARKS)
    if not source.endswith(tuple(QUOTE_MARKS)):
        text = text.rstrip(QUOTE_MARKS)
    return text.strip()


def _sources(report: Report) -> list[str]:
    """Every text of a report that goes to the translator: headline, summary, quotes, body."""
    texts = [report.title] if report.title else []
    texts += [item.text for item in report.summary] + [quote.text for quote in report.quotes]
    return texts + [text for paragraph in report.paragraphs for text in paragraph.sentences]


def translate_reports(reports: Sequence[Report], translator: Translator) -> list[Report]:
    """Translate headlines, summaries and quotes of all reports in one batched call."""
    asked = {
        number: _sources(report)
        for number, report in enumerate(reports)
        if Flag.ALREADY_ENGLISH not in report.flags  # English input is never run through the model
    }
    # One call for every document, sorted by length so batches pad little; a caching translator
    # answers what it knows before the model sees anything. "" means the guards refused it.
    unique = sorted({text for texts in asked.values() for text in texts}, key=lambda t: (len(t), t))
    # Model output (or a cache file) is text from outside too: cleaned like article text.
    english = {
        source: (clean_text(result) or None)
        for source, result in zip(unique, translator.translate(unique), strict=True)
    }
    out = []
    for number, report in enumerate(reports):
        if number not in asked:
            out.append(report)  # English input: shown as written
            continue
        done = replace(
            report,
            title_translation=english[report.title] if report.title else None,
            summary=tuple(replace(s, translation=english[s.text]) for s in report.summary),
            quotes=tuple(
                replace(q, translation=_unquote(english[q.text] or "", q.text) or None)
                for q in report.quotes
            ),
            paragraphs=tuple(
                replace(p, translations=tuple(english[t] for t in p.sentences))
                for p in report.paragraphs
            ),
            model=translator.identity.label,
            signature=make_signature(report.method, translator.identity),
        )
        failed = any(english[text] is None for text in asked[number])
        out.append(done.with_flags(Flag.TRANSLATION_FAILED) if failed else done)
    return out


def translate_or_flag(
    reports: Sequence[Report], translator: Translator | None, mode: str
) -> list[Report]:
    """Translate reports in one batched call; with no translator, `translate="auto"` flags
    each `model_missing` (but those already in English), as the CLI does."""
    if translator is not None:
        return translate_reports(reports, translator)
    if mode != "auto":
        return list(reports)
    return [
        r if Flag.ALREADY_ENGLISH in r.flags else r.with_flags(Flag.MODEL_MISSING) for r in reports
    ]
