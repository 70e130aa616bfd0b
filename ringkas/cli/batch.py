"""`ringkas batch`: an archive through Ray Data, into JSON Lines shards."""

import time
from pathlib import Path
from typing import Annotated

import typer

from ringkas.cli.inputs import iter_articles
from ringkas.cli.options import (
    EngineName,
    EngineOpt,
    ForceLanguageOpt,
    FullOpt,
    JsonlOpt,
    LockOpt,
    MaxCharsOpt,
    Method,
    NoCacheOpt,
    NoTranslateOpt,
    PathsArg,
    TranslateMode,
    TranslateOpt,
    parse_quotes,
)
from ringkas.cli.output import err, write_out
from ringkas.cli.translator import model_notice
from ringkas.errors import EXIT_INPUT, UsageError
from ringkas.settings import DEFAULT_MAX_CHARS


def batch(
    paths: PathsArg,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="New or empty folder for part-NNNNN.jsonl shards and _failures.jsonl.",
            file_okay=False,
        ),
    ],
    jsonl: JsonlOpt = False,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray",
            help="Ray cluster to run on: 'auto' (this node's cluster) or ray://HOST:10001. "
            "Default: a local Ray instance sized to this machine.",
        ),
    ] = None,
    actors: Annotated[
        int | None,
        typer.Option(
            "--actors", min=1, help="Summariser processes (one CPU each); default: every CPU."
        ),
    ] = None,
    shard_size: Annotated[
        int, typer.Option("--shard-size", min=1, help="Records per output shard.")
    ] = 10_000,
    sentences: Annotated[
        int, typer.Option("--sentences", "-n", min=1, help="Summary length in sentences.")
    ] = 3,
    words: Annotated[
        int | None, typer.Option("--words", min=1, help="Cap the summary at N words.")
    ] = None,
    ratio: Annotated[
        float | None,
        typer.Option(
            "--ratio", min=0.0, max=1.0, help="Summary length as a share of the sentences."
        ),
    ] = None,
    method: Annotated[
        Method, typer.Option("--method", help="rank (default) or lead.")
    ] = Method.rank,
    quotes: Annotated[
        str, typer.Option("--quotes", help="How many key quotes to keep, or 'all'.")
    ] = "3",
    translate: TranslateOpt = TranslateMode.auto,
    no_translate: NoTranslateOpt = False,
    full: FullOpt = False,
    lock: LockOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = EngineName.auto,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    force_language: ForceLanguageOpt = None,
) -> None:
    """Summarise an archive on Ray Data into JSON Lines shards.

    Each record is what `ringkas summarize --jsonl --format jsonl` prints for it; records that
    cannot be processed go to _failures.jsonl and the rest goes on (exit 1 if any failed).

      ringkas batch archive/ --jsonl --out results/ --translate always

      ringkas batch archive/ --jsonl --out results/ --ray auto --actors 64
    """
    try:
        from ringkas.ray import BatchJob, run_batch
    except ImportError as error:
        raise UsageError(
            f"ringkas batch needs Ray ({error.name}): pip install 'ringkas[ray]'"
        ) from None
    from ringkas.api import open_translator

    mode = TranslateMode.never if no_translate else translate
    # Checked here once, so a missing model fails (always) or is named (auto) before any work.
    if mode != TranslateMode.never and open_translator(mode.value, lock=lock) is None:
        err(model_notice())
    options = {
        "translate": mode.value,
        "engine": engine.value,
        "lock": str(lock.resolve()) if lock else None,
        "cache": not no_cache,
        "sentences": sentences,
        "words": words,
        "ratio": ratio,
        "method": method.value,
        "quotes": parse_quotes(quotes),
        "full": full,
        "force_language": force_language.value if force_language else None,
    }
    job = BatchJob(
        out=out, address=ray_address, actors=actors, shard_size=shard_size, options=options
    )
    if "-" in paths:
        raise UsageError("batch reads files and folders, not standard input ('-')")
    # Read and language-checked here, exactly as `ringkas summarize` does (same notices).
    forced = force_language.value if force_language else None
    articles = iter_articles(paths, jsonl, max_chars=max_chars, force_language=forced)
    started = time.perf_counter()
    result = run_batch(job, articles)
    seconds = time.perf_counter() - started
    for message in result.failures:
        err(f"Error: {message}")
    if result.failed > len(result.failures):
        err(f"… and {result.failed - len(result.failures):,} more in {out / '_failures.jsonl'}")
    write_out(
        f"{result.records:,} articles in {len(result.shards)} shard(s) in {out}, "
        f"{result.failed:,} failed; {seconds:.1f} s, {result.records / seconds:.1f} articles/s "
        f"on {result.actors} actor(s)\n"
    )
    if result.failed:
        raise typer.Exit(EXIT_INPUT)
