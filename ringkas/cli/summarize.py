"""`ringkas summarize` and `ringkas sentences`."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ringkas.cli.app import Outcome
from ringkas.cli.inputs import expects_several, iter_articles, process_articles
from ringkas.cli.options import (
    BeamOpt,
    ColorChoice,
    ColorOpt,
    EngineName,
    EngineOpt,
    FollowLinksOpt,
    ForceLanguageOpt,
    Format,
    FullOpt,
    InputFormat,
    InputFormatOpt,
    JsonlOpt,
    LockOpt,
    MaxCharsOpt,
    Method,
    NoCacheOpt,
    NoColorOpt,
    NoTranslateOpt,
    OptionalPathsArg,
    OutputOpt,
    PathsArg,
    TextOpt,
    TranslateMode,
    TranslateOpt,
    is_jsonl,
    parse_quotes,
    refuse_together,
)
from ringkas.cli.output import ReportWriter, output_to, render_options, resolve_format, write_out
from ringkas.cli.translator import open_translator
from ringkas.settings import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ringkas.document import Article, Report
    from ringkas.pipeline import Options
    from ringkas.sources import Failure
    from ringkas.translate.base import Translator


def summarize(
    ctx: typer.Context,
    paths: OptionalPathsArg = None,
    text: TextOpt = None,
    input_format: InputFormatOpt = InputFormat.text,
    jsonl: JsonlOpt = False,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="auto: Rich panels on a terminal, plain text when piped; json: one object for "
            "one file or '-', an array for folders, globs, several files or JSON Lines input; "
            "jsonl: one object per line.",
        ),
    ] = Format.auto,
    output: OutputOpt = None,
    sentences: Annotated[
        int,
        typer.Option("--sentences", "-n", min=1, metavar="N", help="Summary length in sentences."),
    ] = 3,
    words: Annotated[
        int | None,
        typer.Option(
            "--words",
            min=1,
            metavar="N",
            help="Summary length in words instead: sentences up to N words (the best sentence "
            "is kept even if longer). Not with -n or --ratio.",
        ),
    ] = None,
    ratio: Annotated[
        float | None,
        typer.Option(
            "--ratio",
            min=0.0,
            max=1.0,
            metavar="SHARE",
            help="Summary length as a share of the sentences instead (0.2: a fifth). "
            "Not with -n or --words.",
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
        str,
        typer.Option("--quotes", metavar="N|all", help="How many key quotes to show, or 'all'."),
    ] = "3",
    translate: TranslateOpt = TranslateMode.auto,
    no_translate: NoTranslateOpt = False,
    full: FullOpt = False,
    bilingual: Annotated[
        bool,
        typer.Option("--bilingual", help="Show each English sentence over its Indonesian source."),
    ] = False,
    lock: LockOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = EngineName.auto,
    beam: BeamOpt = None,
    color: ColorOpt = ColorChoice.auto,
    no_color: NoColorOpt = False,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    force_language: ForceLanguageOpt = None,
    follow_links: FollowLinksOpt = False,
) -> None:
    """Summary, key quotes and English translation.

    Summarise Indonesian articles, find key quotes and who said them, and translate them to
    English.

    Examples:

      ringkas summarize berita.txt

      ringkas summarize --text "Presiden mengatakan ..." --no-translate

      ringkas summarize inbox/ -f json -o today.json
    """
    from ringkas.pipeline import Options
    from ringkas.summary import SummaryLength

    paths = paths or []
    _check_usage(ctx, paths, text, bilingual=bilingual, no_translate=no_translate)
    jsonl = is_jsonl(input_format, jsonl)
    if words is not None:  # a length in words: as many sentences as fit, not -n's default
        sentences = _AS_MANY_AS_FIT
    length = SummaryLength(sentences=sentences, words=words, ratio=ratio)
    options = Options(method=method.value, length=length, quotes=parse_quotes(quotes), full=full)
    forced = force_language.value if force_language else None
    run = _Run(
        mode=TranslateMode.never if no_translate else translate,
        lock=lock,
        use_cache=not no_cache,
        engine=engine.value,
        beam=beam,
    )
    with output_to(output):
        articles = iter_articles(
            paths,
            jsonl,
            max_chars=max_chars,
            force_language=forced,
            text=text,
            color=color,
            follow_links=follow_links,
        )
        fmt = resolve_format(output_format.value)
        render = render_options(color, no_color=no_color, bilingual=bilingual)
        writer = ReportWriter(fmt, render, as_array=expects_several(paths, jsonl=jsonl, text=text))
        for reports in run.reports(articles, options):
            writer.write(reports)
        writer.close()
        run.outcome.finish()


def _check_usage(
    ctx: typer.Context, paths: list[str], text: str | None, *, bilingual: bool, no_translate: bool
) -> None:
    """Refuse options that contradict each other (exit 2) instead of silently picking one."""
    if not paths and text is None:
        ctx.fail("nothing to summarise: give files, folders, globs, '-' or --text.")
    refuse_together(
        ctx,
        {"sentences": "--sentences", "ratio": "--ratio", "words": "--words"},
        "each sets the summary length; pick one",
    )
    if bilingual and (no_translate or ctx.params.get("translate") == TranslateMode.never):
        off = "--no-translate" if no_translate else "--translate never"
        ctx.fail(f"--bilingual and {off} do not go together: --bilingual shows the English.")


_AS_MANY_AS_FIT = 1_000_000  # sentences; SummaryLength.target caps it at the article's count

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
    outcome: Outcome = field(default_factory=Outcome)
    _translator: "Translator | None" = None
    _opened: bool = False

    def reports(
        self, articles: "Iterator[Article | Failure]", options: "Options"
    ) -> "Iterator[list[Report]]":
        """Yield the reports of each chunk of articles, translated, in input order."""
        from ringkas.pipeline import build_report

        chunk: list[Report] = []
        summarised = process_articles(
            articles,
            lambda article: build_report(article, options),
            stage="summarize",
            outcome=self.outcome,
        )
        for _, report in summarised:
            chunk.append(report)
            if len(chunk) == _CHUNK:
                yield self._translate(chunk)
                chunk = []
        if chunk:
            yield self._translate(chunk)

    def _translate(self, reports: "list[Report]") -> "list[Report]":
        """Translate one chunk in a batched call, or flag it when auto mode has no model."""
        from ringkas.pipeline import translate_or_flag

        if not self._opened:  # once per run, and only when there is something to translate
            self._translator = open_translator(
                self.mode.value,
                lock=self.lock,
                use_cache=self.use_cache,
                engine=self.engine,
                beam=self.beam,
            )
            self._opened = True
        return translate_or_flag(reports, self._translator, self.mode.value)


def sentences_command(
    paths: PathsArg,
    input_format: InputFormatOpt = InputFormat.text,
    jsonl: JsonlOpt = False,
    output: OutputOpt = None,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    color: ColorOpt = ColorChoice.auto,
    follow_links: FollowLinksOpt = False,
) -> None:
    """Split into sentences, one per line.

    Prints one sentence per line; with JSON Lines input, the sentences and their offsets as
    one JSON object per record.
    """
    from ringkas.segment import split_sentences

    jsonl = is_jsonl(input_format, jsonl)
    outcome = Outcome()
    with output_to(output):
        items = iter_articles(
            paths,
            jsonl,
            max_chars=max_chars,
            check_language=False,
            color=color,
            follow_links=follow_links,
        )
        for article, found in process_articles(
            items, lambda article: split_sentences(article.text), stage="sentences", outcome=outcome
        ):
            if jsonl:
                record = {
                    "id": article.id,
                    "sentences": [{"text": s.text, "start": s.start, "end": s.end} for s in found],
                }
                write_out(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            else:
                write_out("".join(s.text.replace("\n", " ") + "\n" for s in found))
        outcome.finish()
