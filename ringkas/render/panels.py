"""Rich panels for a person at a terminal."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ringkas.document import Report
from ringkas.render import RenderOptions
from ringkas.render.text import NOT_TRANSLATED, is_untranslated


def _lines_with_source(
    english: str | None, original: str, bilingual: bool, *, failed: bool = False
) -> Text:
    if failed:  # the translator gave nothing usable: the Indonesian, dim italic, marked
        return Text(f"{NOT_TRANSLATED} {original}", style="dim italic")
    text = Text(english or original)
    if bilingual and english:
        text.append("\n" + original, style="dim italic")
    return text


def _title(title: str, width: int, style: str = "bold") -> Text:
    """The panel title on one line, cut with an ellipsis to fit the border."""
    text = Text(" ".join(title.split()), style=style)
    # The border keeps "╭─ " before the title and " ─╮" after it.
    text.truncate(max(width - 6, 1), overflow="ellipsis")
    return text


def render_panels(report: Report, options: RenderOptions | None = None) -> str:
    """Render a report as Rich panels on a virtual console of the given width."""
    options = options or RenderOptions()
    console = Console(
        file=io.StringIO(),
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        legacy_windows=False,
        highlight=False,
    )
    title = report.title_translation or report.title or report.source
    title_style = "bold"
    if report.title and is_untranslated(report, report.title_translation):
        title, title_style = f"{NOT_TRANSLATED} {report.title}", "bold dim italic"
    summary = Table.grid(padding=(0, 1))
    summary.add_column(width=1)
    summary.add_column()
    for item in report.summary:
        failed = is_untranslated(report, item.translation)
        summary.add_row(
            "•", _lines_with_source(item.translation, item.text, options.bilingual, failed=failed)
        )
    console.print(
        Panel(summary, title=_title(title, options.width, title_style), title_align="left")
    )
    if report.quotes:
        rows = []
        for quote in report.quotes:
            if is_untranslated(report, quote.translation):
                body = Text(f"{NOT_TRANSLATED} “{quote.text}”", style="dim italic")
            else:
                body = Text(f"“{quote.translation or quote.text}”")
                if options.bilingual and quote.translation:
                    # Each language its own quote marks: one pair around both reads as one quote.
                    body.append(f"\n“{quote.text}”", style="dim italic")
            if quote.speaker:
                who = f"— {quote.speaker}" + (f", {quote.role}" if quote.role else "")
                body.append("\n" + who, style="cyan")
            rows.append(body)
        console.print(Panel(Group(*rows), title="Quotes", title_align="left"))
    if report.paragraphs:
        blocks: list[Text] = []
        for paragraph in report.paragraphs:
            english = paragraph.translations or (None,) * len(paragraph.sentences)
            block = Text("\n" if blocks else "")
            for number, (source, target) in enumerate(
                zip(paragraph.sentences, english, strict=True)
            ):
                failed = is_untranslated(report, target)
                if options.bilingual:
                    shown = _lines_with_source(target, source, True, failed=failed)
                    block.append_text(shown).append("\n")
                else:
                    block.append(" " if number else "")
                    block.append_text(_lines_with_source(target, source, False, failed=failed))
            blocks.append(block)
        console.print(Panel(Group(*blocks), title="Full text", title_align="left"))
    flags = f" · flags: {', '.join(report.flags)}" if report.flags else ""
    console.print(
        Text(
            f"{report.source} · {len(report.summary)} of {report.sentences_total} sentences"
            f" · method {report.method}{flags}",
            style="dim",
        )
    )
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()
