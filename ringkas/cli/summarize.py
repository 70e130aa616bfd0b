"""`ringkas summarize` and `ringkas sentences`."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ringkas.cli.common import (
    MODEL_MISSING,
    BeamOpt,
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
from ringkas.errors import EXIT_INPUT
from ringkas.settings import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ringkas.document import Article, Report
    from ringkas.pipeline import Options
    from ringkas.sources import Failure
    from ringkas.translate import Translator


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
    beam: BeamOpt = None,
    no_color: NoColorOpt = False,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    force_language: ForceLanguageOpt = None,
) -> None:
    """Summary, key quotes and English translation.

    Summarise Indonesian articles, find key quotes and who said them, and translate them to
    English.
    """
    from ringkas.pipeline import Options
    from ringkas.summarize import SummaryLength

    options = Options(
        method=method.value,
        length=SummaryLength(sentences=sentences, words=words, ratio=ratio),
        quotes=parse_quotes(quotes),
        full=full,
    )
    forced = force_language.value if force_language else None
    articles = iter_articles(paths, jsonl, max_chars=max_chars, force_language=forced)
    run = _Run(
        mode=TranslateMode.never if no_translate else translate,
        lock=lock,
        use_cache=not no_cache,
        engine=engine.value,
        beam=beam,
    )
    fmt = resolve_format(output_format.value, jsonl)
    render = render_options(no_color, bilingual=bilingual)
    for number, reports in enumerate(run.reports(articles, options)):
        emit_reports(reports, fmt, render, first=number == 0)
    if run.failed:
        raise typer.Exit(EXIT_INPUT)


# Articles per chunk: results stream out chunk by chunk (100k files do not wait for the last
# one), and each chunk is one batched translation call, sorted by length.
_CHUNK = 64


@dataclass
class _Run:
    """One summarize run: reads, summarises and translates chunk by chunk; counts failures."""

    mode: TranslateMode
    lock: Path | None
    use_cache: bool
    engine: str
    beam: int | None = None
    failed: int = 0
    _translator: "Translator | None" = None
    _opened: bool = False

    def reports(
        self, articles: "Iterator[Article | Failure]", options: "Options"
    ) -> "Iterator[list[Report]]":
        """Yield the reports of each chunk of articles, translated, in input order."""
        from ringkas.pipeline import build_report
        from ringkas.sources import Failure

        chunk: list[Report] = []
        for item in articles:
            if isinstance(item, Failure):
                err(f"Error: {item.error}")
                self.failed += 1
                continue
            chunk.append(build_report(item, options))
            if len(chunk) == _CHUNK:
                yield self._translate(chunk)
                chunk = []
        if chunk:
            yield self._translate(chunk)

    def _translate(self, reports: "list[Report]") -> "list[Report]":
        """Translate one chunk in a batched call, or flag it when auto mode has no model."""
        from ringkas.language import ALREADY_ENGLISH
        from ringkas.pipeline import translate_reports

        if not self._opened:  # once per run, and only when there is something to translate
            self._translator = open_translator(
                self.mode.value,
                lock=self.lock,
                use_cache=self.use_cache,
                engine=self.engine,
                beam=self.beam,
            )
            self._opened = True
        if self._translator is not None:
            return translate_reports(reports, self._translator)
        if self.mode != TranslateMode.auto:
            return reports
        return [
            report if ALREADY_ENGLISH in report.flags else report.with_flags(MODEL_MISSING)
            for report in reports
        ]


@app.command("sentences")
def sentences_command(
    paths: PathsArg, jsonl: JsonlOpt = False, max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS
) -> None:
    """Split into sentences, one per line.

    Prints one sentence per line; with --jsonl, the sentences and their offsets as JSON.
    """
    from ringkas.segment import split_sentences
    from ringkas.sources import Failure

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
