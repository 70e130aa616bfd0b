"""The Typer app, shared options and helpers, and the entry point that maps errors to exit codes.

Examples:

    ringkas summarize seeds/000_fad9490de3d14571.txt
    ringkas summarize articles/ --format json | jq '.summary[].translation'
    cat article.txt | ringkas summarize - --sentences 2 --quotes all
"""

from __future__ import annotations

import enum
import io
import os
import shutil
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ringkas import __version__
from ringkas.errors import EXIT_INTERRUPTED, RingkasError, UsageError
from ringkas.settings import DEFAULT_MAX_CHARS

# Only typer and a few small modules load at import time, so `ringkas --help` stays about as
# quick as `import typer`; every command imports the machinery it needs when it runs.
if TYPE_CHECKING:
    from ringkas.document import Article, Report
    from ringkas.render import RenderOptions
    from ringkas.sources import Failure
    from ringkas.translate import Translator

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
    # Click's plain help: Rich's help renderer alone costs more than importing typer.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(enum.StrEnum):
    """Output formats (ringkas.render.FORMATS; tests/test_render.py keeps the two equal)."""

    auto = "auto"
    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"


class Method(enum.StrEnum):
    """Summary methods (ringkas.summarize.METHODS; tests/test_summarize.py keeps them equal)."""

    lead = "lead"
    rank = "rank"


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
    """Parse --quotes: a count, or 'all' (None)."""
    if value.strip().lower() == "all":
        return None
    try:
        number = int(value)
    except ValueError:
        raise typer.BadParameter("use a whole number or 'all'") from None
    if number < 0:
        raise typer.BadParameter("use a number >= 0 or 'all'")
    return number


def iter_articles(
    paths: list[str],
    jsonl: bool,
    *,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    force_language: str | None = None,
    check_language: bool = True,
) -> Iterator[Article | Failure]:
    """Read every input as an Article (or a Failure): bounded, language-checked, in order.

    Prints a notice on stderr for each article cut at `max_chars`, and a progress line when
    stderr is a terminal. `max_chars` 0 or None reads everything.
    """
    from ringkas.document import Article
    from ringkas.language import check_language as check_article_language
    from ringkas.sources import TRUNCATED, Failure

    max_chars = max_chars or None
    items = _read_inputs(paths, jsonl, max_chars)
    if sys.stderr.isatty():
        items = _with_progress(items)
    for item in items:
        if isinstance(item, Article) and TRUNCATED in item.flags:
            err(
                f"Note: {item.source} is too long; only its first {len(item.text):,} characters "
                f"are used (--max-chars {max_chars:,}; 0 for no limit)."
            )
        if isinstance(item, Article) and check_language:
            try:
                item = check_article_language(item, force_language)
            except RingkasError as error:
                item = Failure(item.source, error)
        yield item


def _read_inputs(
    paths: list[str], jsonl: bool, max_chars: int | None
) -> Iterator[Article | Failure]:
    from ringkas.sources import (
        INPUT_SUFFIXES,
        JSONL_SUFFIXES,
        STDIN,
        Failure,
        expand_paths,
        read_article,
        read_jsonl,
    )

    if STDIN in paths and (sys.stdin is None or sys.stdin.isatty()):
        problem = "is closed" if sys.stdin is None else "is a terminal; pipe a file in"
        yield Failure("<stdin>", UsageError(f"'-' reads standard input, but it {problem}"))
        paths = [p for p in paths if p != STDIN]
    stdin = sys.stdin.buffer if sys.stdin is not None else io.BytesIO()
    suffixes = JSONL_SUFFIXES if jsonl else INPUT_SUFFIXES
    for name in expand_paths(paths, suffixes):
        if isinstance(name, Failure):
            yield name
            continue
        try:
            if jsonl:
                yield from read_jsonl(name, stdin, max_chars=max_chars)
            else:
                yield read_article(name, stdin, max_chars=max_chars)
        except RingkasError as error:
            yield Failure(name, error)


def _with_progress(items: Iterator[Article | Failure]) -> Iterator[Article | Failure]:
    """Show a count of inputs read on stderr (a terminal) from the second input on."""
    first = next(items, None)
    if first is None:
        return
    yield first
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.completed:,} inputs read"), TimeElapsedColumn())
    # Rich would route stdout through the (stderr) progress console: results meant for a file
    # or a pipe must not go there. On a terminal they must, or the progress line erases them.
    progress = Progress(
        *columns,
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=sys.stdout.isatty(),
    )
    with progress:
        task = progress.add_task("read", total=None, completed=1)
        for item in items:
            progress.advance(task)
            yield item


EXIT_BROKEN_PIPE = 141  # what a shell reports for a process killed by SIGPIPE


class ReaderGone(Exception):
    """Standard output's reader went away (`ringkas … | head`)."""


def write_out(text: str) -> None:
    """Write results to stdout now; a reader that left raises ReaderGone (exit 141, quietly)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Typer would turn the OSError into a quiet exit 1; the README promises 141.
        raise ReaderGone from None


def render_options(no_color: bool, bilingual: bool = False) -> RenderOptions:
    """Terminal width and colour for the renderers (NO_COLOR and --no-color turn colour off)."""
    from ringkas.render import RenderOptions

    color = sys.stdout.isatty() and not no_color and "NO_COLOR" not in os.environ
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    return RenderOptions(width=width, color=color, bilingual=bilingual)


def resolve_format(requested: str, jsonl: bool) -> str:
    """Resolve `auto` by the terminal; JSON in --jsonl mode is one object per line."""
    from ringkas.render import choose_format

    fmt = choose_format(requested, stdout_is_tty=sys.stdout.isatty())
    if jsonl and fmt == "json":
        return "jsonl"  # one object per record, one per line
    return fmt


def emit_reports(
    reports: Iterable[Report], fmt: str, options: RenderOptions, *, first: bool = True
) -> None:
    """Render reports in one format and write them to stdout, separated for people.

    `first=False` continues an earlier call's output (a separator before the first report).
    """
    from ringkas.render import get_renderer

    render = get_renderer(fmt)
    separator = "\n" if fmt in ("plain", "markdown", "rich") else ""
    for number, report in enumerate(reports):
        write_out((separator if number or not first else "") + render(report, options))


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


class ForcedLanguage(enum.StrEnum):
    """Languages --force-language accepts (see ringkas.language)."""

    indonesian = "id"
    malay = "ms"
    english = "en"


MaxCharsOpt = Annotated[
    int,
    typer.Option(
        "--max-chars",
        min=0,
        help="Use at most N characters of each article (a notice says when one is cut); "
        "0: no limit.",
    ),
]
ForceLanguageOpt = Annotated[
    ForcedLanguage | None,
    typer.Option(
        "--force-language",
        help="Skip language detection and treat every input as id (Indonesian), ms (Malay) "
        "or en (English: not translated). Without it, other languages are refused.",
    ),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colours (also when NO_COLOR is set).")
]


class TranslateMode(enum.StrEnum):
    """When to translate: auto (if the model is present), always (exit 3 without it), never."""

    auto = "auto"
    always = "always"
    never = "never"


MODEL_NOTICE = "English translation needs the model: run ringkas models pull"
MODEL_MISSING = "model_missing"  # the flag a report gets when auto mode found no model

LockOpt = Annotated[
    Path | None,
    typer.Option(
        "--lock",
        help="Read model pins from this models.lock (default: RINGKAS_MODELS_LOCK, then the "
        "one shipped with ringkas).",
        dir_okay=False,
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Translate everything afresh; do not read or write the cache."),
]


class EngineName(enum.StrEnum):
    """Translation engines (see ringkas.translate.ENGINES)."""

    auto = "auto"
    ctranslate2 = "ctranslate2"
    transformers = "transformers"


EngineOpt = Annotated[
    EngineName,
    typer.Option(
        "--engine",
        help="auto: CTranslate2 once the model is converted (ringkas models convert), "
        "else transformers.",
    ),
]


BeamOpt = Annotated[
    int | None,
    typer.Option(
        "--beam",
        min=1,
        help="Beam size: 1 is greedy (fastest); default: the model's own (num_beams in its "
        "generation_config.json, 6 for opus-mt-id-en).",
        show_default=False,
    ),
]


def open_translator(
    mode: str,
    *,
    lock: Path | None,
    use_cache: bool,
    engine: str = "auto",
    beam: int | None = None,
) -> Translator | None:
    """Open the pinned translator as `--translate` asks; None means keep Indonesian.

    auto: a missing model (or missing torch) prints one notice on stderr and gives None, and
    the caller flags its reports `model_missing`; always: raises ModelUnavailable (exit 3);
    never: None. A model that is present but does not match models.lock is refused (exit 3)
    in every mode but never.
    """
    if mode == TranslateMode.never:
        return None
    if mode not in (TranslateMode.auto, TranslateMode.always):
        raise UsageError(f"--translate takes auto, always or never, not {mode!r}")
    from ringkas.lock import read_lock
    from ringkas.models_store import check_model
    from ringkas.settings import load_settings
    from ringkas.translate import EngineUnavailable, load_translator

    settings = load_settings(lock=lock)
    pin = read_lock(settings.lock_path).pin()
    if mode == TranslateMode.auto and not check_model(pin, settings).is_present:
        err(MODEL_NOTICE)
        return None
    try:
        return load_translator(
            pin, settings=settings, engine=engine, use_cache=use_cache, beam=beam, notify=err
        )
    except EngineUnavailable as error:
        if mode == TranslateMode.always:
            raise
        err(f"English translation needs more packages: {error}")
        return None


def main() -> None:
    """Console-script entry point: run the app, map errors to exit codes, stay quiet on pipes."""
    # `kill`/`timeout` (SIGTERM) unwinds like Ctrl-C, so write_atomic removes its temporary file.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        try:
            app()
        finally:
            if sys.stdout is not None:
                # Output still in Python's buffer meets a gone reader here, not at interpreter
                # exit (where it would print "Exception ignored … BrokenPipeError", exit 120).
                sys.stdout.flush()
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
    except SystemExit as exit_:
        # Typer and Rich meet a broken pipe before we do and exit 1 from their handlers.
        if isinstance(exit_.__context__, BrokenPipeError):
            _quiet_exit_for_gone_reader()
        raise
    except (BrokenPipeError, ReaderGone):
        _quiet_exit_for_gone_reader()


def _quiet_exit_for_gone_reader() -> NoReturn:
    # `ringkas … | head`: the reader left; say nothing and do not let Python complain at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_BROKEN_PIPE)


def _terminate(signum: int, frame: object) -> NoReturn:
    raise SystemExit(128 + signum)
