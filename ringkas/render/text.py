"""Plain-text and Markdown renderers: stable layouts that scripts may grep."""

from __future__ import annotations

from ringkas.document import Quote, Report
from ringkas.render import RenderOptions
from ringkas.render.markdown import escape_markdown

#: Marks, where it stands, a sentence the translator ran on but gave no usable English for.
NOT_TRANSLATED = "[not translated]"


def is_untranslated(report: Report, translation: str | None) -> bool:
    """True when a translator ran on the report but this text has no translation."""
    return report.model is not None and not translation


def _show(report: Report, original: str, translation: str | None) -> str:
    """The English, or the source marked as untranslated when the translator failed on it."""
    if translation:
        return translation
    return f"{NOT_TRANSLATED} {original}" if report.model is not None else original


def _attribution(quote: Quote) -> str:
    if not quote.speaker:
        return ""
    return f" — {quote.speaker}" + (f" ({quote.role})" if quote.role else "")


def _footer(report: Report) -> str:
    flags = f"; flags: {', '.join(report.flags)}" if report.flags else ""
    return (
        f"{report.source} · {len(report.summary)} of {report.sentences_total} sentences"
        f" · method {report.method}{flags}"
    )


def render_plain(report: Report, options: RenderOptions | None = None) -> str:
    """Render a report as plain text: headline, summary lines, quotes, footer."""
    options = options or RenderOptions()
    lines: list[str] = []
    if report.title:
        lines.append(_show(report, report.title, report.title_translation))
        if options.bilingual and report.title_translation:
            lines.append(f"  {report.title}")
        lines.append("")
    for item in report.summary:
        lines.append(_show(report, item.text, item.translation))
        if options.bilingual and item.translation:
            lines.append(f"  {item.text}")
    if report.quotes:
        lines.append("")
        lines.append("Quotes:")
        for quote in report.quotes:
            lines.append(f'- "{_show(report, quote.text, quote.translation)}"{_attribution(quote)}')
            if options.bilingual and quote.translation:
                lines.append(f'  "{quote.text}"')
    lines += _full_text(report, options, indent="  ")
    lines.append("")
    lines.append(f"-- {_footer(report)}")
    return "\n".join(lines) + "\n"


def _full_text(report: Report, options: RenderOptions, *, indent: str) -> list[str]:
    """The whole body for --full: one paragraph per block, sources under when bilingual."""
    if not report.paragraphs:
        return []
    lines = ["", "Full text:"]
    for paragraph in report.paragraphs:
        lines.append("")
        english = paragraph.translations or (None,) * len(paragraph.sentences)
        if options.bilingual:
            for source, target in zip(paragraph.sentences, english, strict=True):
                lines.append(_show(report, source, target))
                if target:
                    lines.append(f"{indent}{source}")
        else:
            pairs = zip(paragraph.sentences, english, strict=True)
            lines.append(" ".join(_show(report, source, target) for source, target in pairs))
    return lines


# Untrusted text as one line of Markdown: no markup, raw HTML, table cell or block can start.
_md_escape = escape_markdown


def render_markdown(report: Report, options: RenderOptions | None = None) -> str:
    """Render a report as Markdown: `##` headline, summary list, block-quoted quotes."""
    options = options or RenderOptions()
    title = report.title or report.source
    heading = _show(report, title, report.title_translation) if report.title else title
    lines = [f"## {_md_escape(heading)}", ""]
    if options.bilingual and report.title_translation and report.title:
        lines += [f"*{_md_escape(report.title)}*", ""]
    for item in report.summary:
        lines.append(f"- {_md_escape(_show(report, item.text, item.translation))}")
        if options.bilingual and item.translation:
            lines.append(f"  *{_md_escape(item.text)}*")
    if report.quotes:
        lines += ["", "**Quotes**", ""]
        for quote in report.quotes:
            lines.append(f"> “{_md_escape(_show(report, quote.text, quote.translation))}”")
            if quote.speaker:
                lines.append(f"> {_md_escape(_attribution(quote).strip())}")
            if options.bilingual and quote.translation:
                lines.append(f"> *“{_md_escape(quote.text)}”*")
            lines.append("")
        lines.pop()
    if report.paragraphs:
        lines += ["", "**Full text**"]
        for paragraph in report.paragraphs:
            english = paragraph.translations or (None,) * len(paragraph.sentences)
            pairs = list(zip(paragraph.sentences, english, strict=True))
            if not options.bilingual:
                lines += ["", " ".join(_md_escape(_show(report, s, t)) for s, t in pairs)]
                continue
            for source, target in pairs:
                lines += ["", _md_escape(_show(report, source, target))]
                if target:
                    lines[-1] += "\\"  # a hard line break before the source
                    lines.append(f"*{_md_escape(source)}*")
    lines += ["", f"<sub>{_md_escape(_footer(report))}</sub>"]
    return "\n".join(lines) + "\n"
