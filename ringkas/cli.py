"""Typer app: options, TTY checks, exit codes; the only module that prints.

Examples:

    ringkas summarize seeds/000_fad9490de3d14571.txt
    ringkas summarize articles/ --format json | jq '.summary[].translation'
    cat article.txt | ringkas summarize - --sentences 2 --quotes all
"""

from __future__ import annotations

import enum
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ringkas import __version__
from ringkas.document import Article, Report
from ringkas.errors import EXIT_INPUT, EXIT_INTERRUPTED, RingkasError, UsageError
from ringkas.pipeline import Options, build_report
from ringkas.render import FORMATS, RenderOptions, choose_format, get_renderer
from ringkas.sources import STDIN, Failure, expand_paths, read_article, read_jsonl
from ringkas.summarize import METHODS, SummaryLength

app = typer.Typer(
    name="ringkas",
    help=(
        "Turn Indonesian news articles into short English briefings.\n\n"
        "Examples:\n\n"
        "  ringkas summarize seeds/000_fad9490de3d14571.txt\n\n"
        "  ringkas summarize articles/ --format json | jq '.summary[].translation'\n\n"
        "  cat berita.txt | ringkas summarize - --sentences 2 --quotes all"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Format = enum.Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
Method = enum.Enum("Method", {name: name for name in METHODS}, type=str)  # type: ignore[misc]


@dataclass
class _State:
    debug: bool = False


_STATE = _State()


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _fail(err: RingkasError) -> NoReturn:
    line = f"Error: {err}"
    if err.hint:
        line += f" {err.hint}"
    _err(line)
    raise typer.Exit(err.exit_code)


def _version(value: bool) -> None:
    if value:
        print(f"ringkas {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks for unexpected errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn Indonesian news articles into short English briefings."""
    _STATE.debug = debug


def _parse_quotes(value: str) -> int | None:
    if value.strip().lower() == "all":
        return None
    try:
        number = int(value)
    except ValueError:
        raise typer.BadParameter("use a whole number or 'all'") from None
    if number < 0:
        raise typer.BadParameter("use a number >= 0 or 'all'")
    return number


def _iter_articles(paths: list[str], jsonl: bool) -> Iterator[Article | Failure]:
    stdin = sys.stdin.buffer
    if STDIN in paths and sys.stdin.isatty():
        yield Failure(
            "<stdin>",
            UsageError("'-' reads standard input, but it is a terminal; pipe a file in"),
        )
        paths = [p for p in paths if p != STDIN]
    for name in expand_paths(paths):
        if isinstance(name, Failure):
            yield name
            continue
        if jsonl:
            try:
                yield from read_jsonl(name, stdin)
            except RingkasError as err:
                yield Failure(name, err)  # type: ignore[arg-type]
            continue
        try:
            yield read_article(name, stdin)
        except RingkasError as err:
            yield Failure(name, err)  # type: ignore[arg-type]


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _render_options(no_color: bool, bilingual: bool = False) -> RenderOptions:
    color = sys.stdout.isatty() and not no_color and "NO_COLOR" not in os.environ
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    return RenderOptions(width=width, color=color, bilingual=bilingual)


def _output_format(requested: str, jsonl: bool) -> str:
    fmt = choose_format(requested, stdout_is_tty=sys.stdout.isatty())
    if jsonl and fmt == "json":
        return "jsonl"  # one object per record, one per line
    return fmt


def _emit(reports: Iterable[Report], fmt: str, options: RenderOptions) -> None:
    render = get_renderer(fmt)
    separator = "\n" if fmt in ("plain", "markdown", "rich") else ""
    for number, report in enumerate(reports):
        _write((separator if number else "") + render(report, options))


PathsArg = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders (their .txt/.md files), globs, or '-' for standard input.",
        show_default=False,
    ),
]
JsonlOpt = Annotated[
    bool,
    typer.Option(
        "--jsonl",
        help='Read JSON Lines records {"id", "text", "title"?}; write one result per record.',
    ),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colours (also when NO_COLOR is set).")
]


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
    ] = Format.auto,  # type: ignore[attr-defined]
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
    ] = Method.rank,  # type: ignore[attr-defined]
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
) -> None:
    """Summarise Indonesian articles, find key quotes and translate them to English."""
    options = Options(
        method=method.value,
        length=SummaryLength(sentences=sentences, words=words, ratio=ratio),
        quotes=_parse_quotes(quotes),
    )
    fmt = _output_format(output_format.value, jsonl)
    reports: list[Report] = []
    failed = 0
    for item in _iter_articles(paths, jsonl):
        if isinstance(item, Failure):
            _err(f"Error: {item.error}")
            failed += 1
            continue
        reports.append(build_report(item, options))
    _emit(reports, fmt, _render_options(no_color))
    if failed:
        raise typer.Exit(EXIT_INPUT)


@app.command("sentences")
def sentences_command(paths: PathsArg, jsonl: JsonlOpt = False) -> None:
    """Print one sentence per line (with --jsonl: sentences and their offsets as JSON)."""
    from ringkas.segment import split_sentences

    failed = 0
    for item in _iter_articles(paths, jsonl):
        if isinstance(item, Failure):
            _err(f"Error: {item.error}")
            failed += 1
            continue
        found = split_sentences(item.text)
        if jsonl:
            record = {
                "id": item.id,
                "sentences": [{"text": s.text, "start": s.start, "end": s.end} for s in found],
            }
            _write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        else:
            _write("".join(s.text.replace("\n", " ") + "\n" for s in found))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def main() -> None:
    """Console-script entry point: run the app, map errors to exit codes, stay quiet on pipes."""
    try:
        app()
    except RingkasError as err:
        if _STATE.debug:
            raise
        try:
            _fail(err)
        except typer.Exit as exit_:
            sys.exit(exit_.exit_code)
    except KeyboardInterrupt:
        _err("Interrupted.")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `ringkas … | head`: the reader left; say nothing and do not let Python complain at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)


if __name__ == "__main__":
    main()
