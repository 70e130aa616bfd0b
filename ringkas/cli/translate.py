"""`ringkas translate`: whole texts to English, sentence by sentence, keeping paragraphs."""

import enum
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ringkas.cli.app import Outcome
from ringkas.cli.inputs import each_article, iter_articles
from ringkas.cli.options import (
    BeamOpt,
    ColorChoice,
    ColorOpt,
    EngineName,
    EngineOpt,
    FollowLinksOpt,
    JsonlOpt,
    LockOpt,
    MaxCharsOpt,
    NoCacheOpt,
    OutputOpt,
    PathsArg,
    TranslateMode,
)
from ringkas.cli.output import err, output_to, write_out
from ringkas.cli.translator import open_translator
from ringkas.settings import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from ringkas.document import Article, Paragraph
    from ringkas.sources import Failure
    from ringkas.translate.base import Translator

# Sentences per window: records are read, translated (in length-sorted batches) and written in
# input order one window at a time, so memory stays bounded however long the input is.
_WINDOW_SENTENCES = 256


class TranslateFormat(enum.StrEnum):
    """Output formats of `ringkas translate`."""

    auto = "auto"
    plain = "plain"
    jsonl = "jsonl"


def translate_command(
    paths: PathsArg,
    jsonl: JsonlOpt = False,
    output_format: Annotated[
        TranslateFormat,
        typer.Option(
            "--format",
            "-f",
            help='plain text, or jsonl: one {"id", "translation", "flags"} per record, in '
            "input order (translation null when any sentence failed). auto: jsonl for --jsonl "
            "input, else plain.",
        ),
    ] = TranslateFormat.auto,
    bilingual: Annotated[
        bool,
        typer.Option("--bilingual", help="Print each Indonesian sentence under its English."),
    ] = False,
    lock: LockOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = EngineName.auto,
    beam: BeamOpt = None,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    follow_links: FollowLinksOpt = False,
    output: OutputOpt = None,
    color: ColorOpt = ColorChoice.auto,
) -> None:
    """Translate whole texts to English.

    A plain translator of whole Indonesian texts, paragraph by paragraph ('-' reads stdin).
    A sentence without a usable translation is printed as `[not translated] <Indonesian>`.

    Examples:

      ringkas translate berita.txt

      ringkas translate --jsonl --format jsonl records.jsonl

    Exits 3 when the pinned model is missing or does not match models.lock.
    """
    with output_to(output):
        _translate(
            paths,
            jsonl=jsonl,
            output_format=output_format,
            bilingual=bilingual,
            lock=lock,
            no_cache=no_cache,
            engine=engine,
            beam=beam,
            max_chars=max_chars,
            color=color,
            follow_links=follow_links,
        )


def _translate(
    paths: list[str],
    *,
    jsonl: bool,
    output_format: "TranslateFormat",
    bilingual: bool,
    lock: Path | None,
    no_cache: bool,
    engine: EngineName,
    beam: int | None,
    max_chars: int,
    color: str,
    follow_links: bool,
) -> None:
    from ringkas.render.text import NOT_TRANSLATED
    from ringkas.render.translation import render_translation_jsonl, render_translation_plain
    from ringkas.sources import Failure

    fmt = output_format
    if fmt == TranslateFormat.auto:
        fmt = TranslateFormat.jsonl if jsonl else TranslateFormat.plain
    items = iter_articles(
        paths,
        jsonl,
        max_chars=max_chars,
        check_language=False,
        color=color,
        purpose="translate",
        follow_links=follow_links,
    )
    first = list(itertools.islice(items, 2))  # a header names each input when there are several
    several = sum(not isinstance(item, Failure) for item in first) > 1
    items = itertools.chain(first, items)
    translator: Translator | None = None
    outcome = Outcome()
    refused = written = 0
    for window in _windows(items):
        articles = list(each_article(window, outcome))
        if not articles:
            continue
        if translator is None:
            translator = open_translator(
                TranslateMode.always.value,
                lock=lock,
                use_cache=not no_cache,
                engine=engine.value,
                beam=beam,
            )
            assert translator is not None  # always: a missing model raised
        for article, paragraphs in _translate_window(articles, translator):
            refused += sum(t is None for p in paragraphs for t in p.translations)
            if fmt == TranslateFormat.jsonl:
                write_out(render_translation_jsonl(article, paragraphs))
            else:
                heading = article.source if several else None
                text = render_translation_plain(paragraphs, bilingual=bilingual, heading=heading)
                write_out(("\n" if written else "") + text)
            written += 1
    if refused:
        err(
            f"Note: {refused} sentence(s) had no usable translation; they are marked "
            f"{NOT_TRANSLATED} and left in Indonesian."
        )
    outcome.finish()


def _windows(
    items: "Iterator[Article | Failure]",
) -> "Iterator[list[Article | Failure]]":
    """Group inputs into windows of about _WINDOW_SENTENCES sentences (by a cheap estimate)."""
    window: list[Article | Failure] = []
    size = 0
    for item in items:
        window.append(item)
        size += max(1, len(getattr(item, "text", "")) // 120)  # ~120 characters a sentence
        if size >= _WINDOW_SENTENCES:
            yield window
            window, size = [], 0
    if window:
        yield window


def _translate_window(
    articles: "list[Article]", translator: "Translator"
) -> "list[tuple[Article, tuple[Paragraph, ...]]]":
    """Translate every sentence of a window in one call (the translator sorts by length)."""
    from dataclasses import replace

    from ringkas.pipeline import group_paragraphs
    from ringkas.segment import split_sentences

    grouped = [group_paragraphs(split_sentences(article.text)) for article in articles]
    texts = sorted({t for paragraphs in grouped for p in paragraphs for t in p.sentences})
    english = {s: (t or None) for s, t in zip(texts, translator.translate(texts), strict=True)}
    return [
        (
            article,
            tuple(
                replace(p, translations=tuple(english[s] for s in p.sentences)) for p in paragraphs
            ),
        )
        for article, paragraphs in zip(articles, grouped, strict=True)
    ]
