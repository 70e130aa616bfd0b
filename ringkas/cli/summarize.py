"""`ringkas summarize` and `ringkas sentences`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ringkas.cli.common import (
    ForceLanguageOpt,
    Format,
    JsonlOpt,
    MaxCharsOpt,
    Method,
    NoColorOpt,
    PathsArg,
    app,
    emit_reports,
    err,
    iter_articles,
    parse_quotes,
    render_options,
    resolve_format,
    write_out,
)
from ringkas.document import Report
from ringkas.errors import EXIT_INPUT
from ringkas.pipeline import Options, build_report
from ringkas.sources import DEFAULT_MAX_CHARS, Failure
from ringkas.summarize import SummaryLength


@app.command()
def summarize(
    paths: PathsArg,
    jsonl: JsonlOpt = False,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="auto: Rich panels on a terminal, plain text when piped.",
        ),
    ] = Format.auto,
    sentences: Annotated[
        int, typer.Option("--sentences", "-n", min=1, help="Summary length in sentences.")
    ] = 3,
    words: Annotated[
        int | None, typer.Option("--words", min=1, help="Cap the summary at about N words.")
    ] = None,
    ratio: Annotated[
        float | None,
        typer.Option(
            "--ratio", min=0.0, max=1.0, help="Summary length as a share of the sentences."
        ),
    ] = None,
    method: Annotated[
        Method, typer.Option("--method", help="lead: first sentences; rank: the default model.")
    ] = Method.rank,
    quotes: Annotated[
        str, typer.Option("--quotes", help="How many key quotes to show, or 'all'.")
    ] = "3",
    translate: Annotated[
        str,
        typer.Option(
            "--translate",
            help="auto: translate when the pinned model is present; always: fail without it; "
            "never: keep Indonesian.",
        ),
    ] = "auto",
    no_translate: Annotated[
        bool, typer.Option("--no-translate", help="Same as --translate never.")
    ] = False,
    no_color: NoColorOpt = False,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    force_language: ForceLanguageOpt = None,
) -> None:
    """Summarise Indonesian articles, find key quotes and translate them to English."""
    options = Options(
        method=method.value,
        length=SummaryLength(sentences=sentences, words=words, ratio=ratio),
        quotes=parse_quotes(quotes),
    )
    fmt = resolve_format(output_format.value, jsonl)
    reports: list[Report] = []
    failed = 0
    forced = force_language.value if force_language else None
    for item in iter_articles(paths, jsonl, max_chars=max_chars, force_language=forced):
        if isinstance(item, Failure):
            err(f"Error: {item.error}")
            failed += 1
            continue
        reports.append(build_report(item, options))
    emit_reports(reports, fmt, render_options(no_color))
    if failed:
        raise typer.Exit(EXIT_INPUT)


@app.command("sentences")
def sentences_command(
    paths: PathsArg, jsonl: JsonlOpt = False, max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS
) -> None:
    """Print one sentence per line (with --jsonl: sentences and their offsets as JSON)."""
    from ringkas.segment import split_sentences

    failed = 0
    for item in iter_articles(paths, jsonl, max_chars=max_chars, check_language=False):
        if isinstance(item, Failure):
            err(f"Error: {item.error}")
            failed += 1
            continue
        found = split_sentences(item.text)
        if jsonl:
            record = {
                "id": item.id,
                "sentences": [{"text": s.text, "start": s.start, "end": s.end} for s in found],
            }
            write_out(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        else:
            write_out("".join(s.text.replace("\n", " ") + "\n" for s in found))
    if failed:
        raise typer.Exit(EXIT_INPUT)
