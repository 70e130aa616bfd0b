"""`ringkas summarize` and `ringkas sentences`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ringkas.cli.common import (
    MODEL_MISSING,
    EngineName,
    EngineOpt,
    ForceLanguageOpt,
    Format,
    JsonlOpt,
    LockOpt,
    MaxCharsOpt,
    Method,
    NoCacheOpt,
    NoColorOpt,
    PathsArg,
    TranslateMode,
    app,
    emit_reports,
    err,
    iter_articles,
    open_translator,
    parse_quotes,
    render_options,
    resolve_format,
    write_out,
)
from ringkas.document import Report
from ringkas.errors import EXIT_INPUT
from ringkas.pipeline import Options, build_report, translate_reports
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
        int | None,
        typer.Option(
            "--words",
            min=1,
            help="Cap the summary at N words (the best sentence is kept even if longer).",
        ),
    ] = None,
    ratio: Annotated[
        float | None,
        typer.Option(
            "--ratio", min=0.0, max=1.0, help="Summary length as a share of the sentences."
        ),
    ] = None,
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            help="rank (default): learned position/centrality model; lead: the first sentences.",
        ),
    ] = Method.rank,
    quotes: Annotated[
        str, typer.Option("--quotes", help="How many key quotes to show, or 'all'.")
    ] = "3",
    translate: Annotated[
        TranslateMode,
        typer.Option(
            "--translate",
            help="auto: translate when the pinned model is present; always: exit 3 without it; "
            "never: keep Indonesian.",
        ),
    ] = TranslateMode.auto,
    no_translate: Annotated[
        bool, typer.Option("--no-translate", help="Same as --translate never.")
    ] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="Also translate the whole text, paragraph by paragraph."),
    ] = False,
    bilingual: Annotated[
        bool,
        typer.Option("--bilingual", help="Show each English sentence over its Indonesian source."),
    ] = False,
    lock: LockOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = EngineName.auto,
    no_color: NoColorOpt = False,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    force_language: ForceLanguageOpt = None,
) -> None:
    """Summarise Indonesian articles, find key quotes and translate them to English."""
    options = Options(
        method=method.value,
        length=SummaryLength(sentences=sentences, words=words, ratio=ratio),
        quotes=parse_quotes(quotes),
        full=full,
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
    mode = TranslateMode.never if no_translate else translate
    if reports:
        reports = _translate(reports, mode, lock=lock, use_cache=not no_cache, engine=engine.value)
    emit_reports(reports, fmt, render_options(no_color, bilingual=bilingual))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _translate(
    reports: list[Report],
    mode: TranslateMode,
    *,
    lock: Path | None,
    use_cache: bool,
    engine: str = "auto",
) -> list[Report]:
    """Translate every report in batched calls, or flag them when auto mode has no model."""
    translator = open_translator(mode.value, lock=lock, use_cache=use_cache, engine=engine)
    if translator is None:
        if mode == TranslateMode.auto:
            return [report.with_flags(MODEL_MISSING) for report in reports]
        return reports
    out: list[Report] = []
    for start in range(0, len(reports), _TRANSLATE_CHUNK):
        out += translate_reports(reports[start : start + _TRANSLATE_CHUNK], translator)
    return out


# Reports per translation call: big enough for full batches, small enough to bound memory.
_TRANSLATE_CHUNK = 256


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
