"""`ringkas translate`: whole texts to English, sentence by sentence, keeping paragraphs."""

from pathlib import Path
from typing import Annotated

import typer

from ringkas.cli.common import (
    EngineName,
    EngineOpt,
    FollowLinksOpt,
    LockOpt,
    MaxCharsOpt,
    NoCacheOpt,
    Outcome,
    PathsArg,
    TranslateMode,
    app,
    err,
    iter_articles,
    open_translator,
    write_out,
)
from ringkas.cli.options import ColorChoice, ColorOpt, OutputOpt, output_to
from ringkas.settings import DEFAULT_MAX_CHARS


@app.command("translate")
def translate_command(
    paths: PathsArg,
    bilingual: Annotated[
        bool,
        typer.Option("--bilingual", help="Print each Indonesian sentence under its English."),
    ] = False,
    lock: LockOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = EngineName.auto,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    follow_links: FollowLinksOpt = False,
    output: OutputOpt = None,
    color: ColorOpt = ColorChoice.auto,
) -> None:
    """Translate whole texts to English.

    A plain translator of whole Indonesian texts, paragraph by paragraph ('-' reads stdin).

    Exits 3 when the pinned model is missing or does not match models.lock.
    """
    with output_to(output):
        _translate(paths, bilingual, lock, no_cache, engine, max_chars, color, follow_links)


def _translate(
    paths: list[str],
    bilingual: bool,
    lock: Path | None,
    no_cache: bool,
    engine: EngineName,
    max_chars: int,
    color: str,
    follow_links: bool,
) -> None:
    from ringkas.pipeline import group_paragraphs
    from ringkas.segment import split_sentences
    from ringkas.sources import Failure

    articles = []
    outcome = Outcome()
    inputs = iter_articles(
        paths,
        False,
        max_chars=max_chars,
        check_language=False,
        color=color,
        purpose="translate",
        follow_links=follow_links,
    )
    for item in inputs:
        if isinstance(item, Failure):
            err(f"Error: {item.error}")
            outcome.note(item.error.exit_code)
            continue
        articles.append(item)
    if articles:
        translator = open_translator(
            TranslateMode.always.value, lock=lock, use_cache=not no_cache, engine=engine.value
        )
        assert translator is not None  # always: a missing model raised ModelUnavailable
        grouped = [group_paragraphs(split_sentences(article.text)) for article in articles]
        texts = sorted({t for paragraphs in grouped for p in paragraphs for t in p.sentences})
        english = dict(zip(texts, translator.translate(texts), strict=True))
        refused = 0
        joiner = "\n" if bilingual else " "
        for number, (article, paragraphs) in enumerate(zip(articles, grouped, strict=True)):
            blocks = []
            for paragraph in paragraphs:
                lines = []
                for source in paragraph.sentences:
                    target = english[source]
                    refused += not target
                    lines.append(target or source)
                    if bilingual and target:
                        lines.append(f"  {source}")
                blocks.append(joiner.join(lines))
            header = f"==> {article.source} <==\n" if len(articles) > 1 else ""
            write_out(("\n" if number else "") + header + "\n\n".join(blocks) + "\n")
        if refused:
            err(
                f"Note: {refused} sentence(s) had no usable translation and are left in Indonesian."
            )
    outcome.finish()
