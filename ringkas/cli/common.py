"""The Typer app, shared options and helpers, and the entry point that maps errors to exit codes.

Examples:

    ringkas summarize seeds/000_fad9490de3d14571.txt
    ringkas summarize articles/ --format json | jq '.summary[].translation'
    cat article.txt | ringkas summarize - --sentences 2 --quotes all
"""

from __future__ import annotations

import enum
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, NoReturn

import typer

from ringkas import __version__
from ringkas.document import Article, Report
from ringkas.errors import EXIT_INTERRUPTED, RingkasError, UsageError
from ringkas.render import FORMATS, RenderOptions, choose_format, get_renderer
from ringkas.sources import STDIN, Failure, expand_paths, read_article, read_jsonl
from ringkas.summarize import METHODS

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


class Format(enum.StrEnum):
    """Output formats (see ringkas.render.RENDERERS)."""

    auto = "auto"
    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"


class Method(enum.StrEnum):
    """Summary methods (see ringkas.summarize.METHODS)."""

    lead = "lead"
    rank = "rank"


assert {f.value for f in Format} == set(FORMATS)
assert {m.value for m in Method} == set(METHODS)


@dataclass
class _State:
    debug: bool = False


_STATE = _State()


def err(message: str) -> None:
    """Print a message on stderr (never stdout, which carries only results)."""
    print(message, file=sys.stderr, flush=True)


def fail(error: RingkasError) -> NoReturn:
    """Print a RingkasError as one line (plus its hint) on stderr and exit with its code."""
    line = f"Error: {error}"
    if error.hint:
        line += f" {error.hint}"
    err(line)
    raise typer.Exit(error.exit_code)


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


def parse_quotes(value: str) -> int | None:
    if value.strip().lower() == "all":
        return None
    try:
        number = int(value)
    except ValueError:
        raise typer.BadParameter("use a whole number or 'all'") from None
    if number < 0:
        raise typer.BadParameter("use a number >= 0 or 'all'")
    return number


def iter_articles(paths: list[str], jsonl: bool) -> Iterator[Article | Failure]:
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
                yield Failure(name, err)
            continue
        try:
            yield read_article(name, stdin)
        except RingkasError as err:
            yield Failure(name, err)


def write_out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def render_options(no_color: bool, bilingual: bool = False) -> RenderOptions:
    color = sys.stdout.isatty() and not no_color and "NO_COLOR" not in os.environ
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    return RenderOptions(width=width, color=color, bilingual=bilingual)


def resolve_format(requested: str, jsonl: bool) -> str:
    fmt = choose_format(requested, stdout_is_tty=sys.stdout.isatty())
    if jsonl and fmt == "json":
        return "jsonl"  # one object per record, one per line
    return fmt


def emit_reports(reports: Iterable[Report], fmt: str, options: RenderOptions) -> None:
    render = get_renderer(fmt)
    separator = "\n" if fmt in ("plain", "markdown", "rich") else ""
    for number, report in enumerate(reports):
        write_out((separator if number else "") + render(report, options))


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


def main() -> None:
    """Console-script entry point: run the app, map errors to exit codes, stay quiet on pipes."""
    try:
        app()
    except RingkasError as error:
        if _STATE.debug:
            raise
        try:
            fail(error)
        except typer.Exit as exit_:
            sys.exit(exit_.exit_code)
    except KeyboardInterrupt:
        err("Interrupted.")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `ringkas … | head`: the reader left; say nothing and do not let Python complain at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
