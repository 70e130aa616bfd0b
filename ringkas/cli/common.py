"""The Typer app, shared options and helpers, and the entry point that maps errors to exit codes.

Examples:

    ringkas summarize seeds/000_fad9490de3d14571.txt
    ringkas summarize articles/ --format json | jq '.summary[].translation'
    cat article.txt | ringkas summarize - --sentences 2 --quotes all
"""

from __future__ import annotations

import enum
import io
import itertools
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
from ringkas.cli.options import (
    JSONL_HINT,
    ColorChoice,
    RingkasGroup,
    stdin_hint,
    wants_color,
)
from ringkas.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    ModelUnavailable,
    RingkasError,
    UsageError,
    describe_unexpected,
)
from ringkas.settings import DEFAULT_MAX_CHARS

# Only typer and a few small modules load at import time, so `ringkas --help` stays about as
# quick as `import typer`; every command imports the machinery it needs when it runs.
if TYPE_CHECKING:
    from ringkas.document import Article, Report
    from ringkas.render import RenderOptions
    from ringkas.sources import Failure
    from ringkas.translate.base import Translator

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
    cls=RingkasGroup,
    # `ringkas --install-completion` (bash, zsh, fish, PowerShell); README "Shell completion".
    add_completion=True,
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
    """Summary methods (ringkas.summary.METHODS; tests/test_summarize.py keeps them equal)."""

    lead = "lead"
    rank = "rank"


@dataclass
class _State:
    debug: bool = False
    command: str = "ringkas"  # the command that runs, for "internal error in …" lines


_STATE = _State()


def err(message: str) -> None:
    """Print a message on stderr (never stdout, which carries only results).

    Control characters and bidi overrides (from a file name, say) show as escapes.
    """
    from ringkas.sanitize import escape_message

    print(escape_message(message), file=sys.stderr, flush=True)


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
    ctx: typer.Context,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the full traceback of an unexpected error, and what HTML extraction "
            "dropped (also after any command).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn Indonesian news articles into short English briefings."""
    # main() takes --debug out of argv (it may follow the command) and sets _STATE first.
    _STATE.debug = _STATE.debug or debug
    _log_debug_to_stderr(_STATE.debug)

    if ctx.resilient_parsing:  # shell completion: no config errors in the middle of a word
        return
    from ringkas.config import load_config

    # Flags > environment > config file > built-in: Click consults default_map only for
    # options the command line left out.
    ctx.default_map = load_config().default_map(os.environ)


def _log_debug_to_stderr(enabled: bool) -> None:
    """Send ringkas's DEBUG records (lines HTML extraction dropped, …) to stderr, or stop.

    One handler at most, replaced on every run, so a process that runs several commands (tests,
    the Python API) never keeps an earlier run's --debug.
    """
    import logging

    logger = logging.getLogger("ringkas")
    for old in [h for h in logger.handlers if getattr(h, "ringkas_debug", False)]:
        logger.removeHandler(old)
    if not enabled:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("debug: %(message)s"))
    handler.ringkas_debug = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def parse_quotes(value: str) -> int | None:
    """Parse --quotes: a count, or 'all' (None); a bad value names the option."""
    if value.strip().lower() == "all":
        return None
    try:
        number = int(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a number or 'all'", param_hint="'--quotes'"
        ) from None
    if number < 0:
        raise typer.BadParameter("use a number >= 0 or 'all'", param_hint="'--quotes'")
    return number


_NO_LIMIT_ABOVE = 2**50  # characters; far more than a machine can hold


def iter_articles(
    paths: list[str],
    jsonl: bool,
    *,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    force_language: str | None = None,
    check_language: bool = True,
    follow_links: bool = False,
    text: str | None = None,
    color: str = ColorChoice.auto,
    purpose: str = "summarise",
) -> Iterator[Article | Failure]:
    """Read every input as an Article (or a Failure): bounded, language-checked, in order.

    Prints a notice on stderr for each article cut at `max_chars`, and a progress line when
    stderr is a terminal. `max_chars` 0 or None reads everything. `text` (--text) is read
    before the paths, as the source `<text>`. `purpose` names the work in "empty input,
    nothing to …".
    """
    from ringkas.document import Article
    from ringkas.errors import InputError
    from ringkas.language import check_language as check_article_language
    from ringkas.sources import TRUNCATED, Failure

    # A limit beyond any file (10**23) means no limit, not an overflow deep in the reader.
    max_chars = max_chars if max_chars and max_chars < _NO_LIMIT_ABOVE else None
    items = _read_inputs(paths, jsonl, max_chars, follow_links)
    if text is not None:
        items = itertools.chain(_read_text_option(text, max_chars), items)
    if sys.stderr.isatty():
        items = _with_progress(items, color)
    hinted = False
    for item in items:
        if isinstance(item, Failure) and jsonl and not hinted and _is_not_json(item):
            # Said once: the usual cause is plain text read with --jsonl, meant for output.
            item = Failure(item.source, InputError(f"{item.error}\n{JSONL_HINT}"))
            hinted = True
        elif isinstance(item, Failure) and purpose != "summarise":
            message = str(item.error).replace("nothing to summarise", f"nothing to {purpose}")
            item = Failure(item.source, InputError(message))
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
            except Exception as error:
                item = unexpected_failure(error, stage="language detection", source=item.source)
        yield item


def _is_not_json(failure: Failure) -> bool:
    """True when a line is not JSON at all (plain text), not when it is damaged JSON."""
    return "not valid JSON (Expecting value" in str(failure.error)


def _read_text_option(text: str, max_chars: int | None) -> Iterator[Article | Failure]:
    from dataclasses import replace

    from ringkas.sources import STDIN, Failure, read_article

    try:
        article = read_article(STDIN, io.BytesIO(text.encode("utf-8")), max_chars=max_chars)
    except RingkasError as error:
        yield Failure("<text>", error)
        return
    yield replace(article, id="text", source="<text>")


def _read_inputs(
    paths: list[str], jsonl: bool, max_chars: int | None, follow_links: bool
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

    if STDIN in paths and sys.stdin is None:
        yield Failure("<stdin>", UsageError("'-' reads standard input, but it is closed"))
        paths = [p for p in paths if p != STDIN]
    elif STDIN in paths and sys.stdin.isatty():
        err(stdin_hint())  # a journalist pastes an article: read it until end of input
    stdin = sys.stdin.buffer if sys.stdin is not None else io.BytesIO()
    suffixes = JSONL_SUFFIXES if jsonl else INPUT_SUFFIXES
    named = set(paths)
    for name in expand_paths(paths, suffixes, follow_links=follow_links):
        if isinstance(name, Failure):
            yield name
            continue
        # A name given on the command line is read as given (a FIFO, `<(curl …)`); a file
        # found in a folder or by a glob must still be a regular file when it is opened.
        regular_only = name not in named
        try:
            if jsonl:
                yield from read_jsonl(name, stdin, max_chars=max_chars, regular_only=regular_only)
            else:
                yield read_article(name, stdin, max_chars=max_chars, regular_only=regular_only)
        except RingkasError as error:
            yield Failure(name, error)
        except Exception as error:  # a bug met on one input: say so, go on with the others
            yield unexpected_failure(error, stage="reading", source=name)


def _with_progress(
    items: Iterator[Article | Failure], color: str = ColorChoice.auto
) -> Iterator[Article | Failure]:
    """Show a count of inputs read on stderr (a terminal) once there are two, never for one."""
    first = next(items, None)
    second = next(items, None)
    if first is not None:
        yield first
    if second is None:
        return
    yield second
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.completed:,} inputs read"), TimeElapsedColumn())
    # Rich would route stdout through the (stderr) progress console: results meant for a file
    # or a pipe must not go there. On a terminal they must, or the progress line erases them.
    progress = Progress(
        *columns,
        console=Console(stderr=True, no_color=not wants_color(color, is_tty=True)),
        transient=True,
        redirect_stdout=sys.stdout.isatty(),
    )
    with progress:
        task = progress.add_task("read", total=None, completed=2)
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


def render_options(
    color: str = ColorChoice.auto, *, no_color: bool = False, bilingual: bool = False
) -> RenderOptions:
    """Terminal width and colour for the renderers (--color, NO_COLOR, FORCE_COLOR, TERM)."""
    from ringkas.render import RenderOptions

    use_color = wants_color(color, is_tty=sys.stdout.isatty(), no_color=no_color)
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    return RenderOptions(width=width, color=use_color, bilingual=bilingual)


def resolve_format(requested: str) -> str:
    """Resolve `auto` by the terminal: Rich panels on one, plain text in a pipe or file."""
    from ringkas.render import choose_format

    return choose_format(requested, stdout_is_tty=sys.stdout.isatty())


def expects_several(paths: list[str], *, jsonl: bool, text: str | None = None) -> bool:
    """True when the command line can name several articles (so JSON output is an array).

    One file or '-' (or --text alone) gives one JSON object; folders, globs, several paths and
    JSON Lines input always give an array, even of one or none, so a script's shape never
    depends on how many files a folder held today.
    """
    from ringkas.sources import STDIN

    if jsonl or len(paths) + (text is not None) != 1:
        return True
    if text is not None:
        return False
    only = paths[0]
    if only == STDIN or (os.path.lexists(only) and not os.path.isdir(only)):
        return False  # a file is read as named, even with glob characters in its name
    return os.path.isdir(only) or any(c in only for c in "*?[")


class ReportWriter:
    """Writes reports to stdout as they come: people's formats separated by a blank line,
    `jsonl` one object per line, and `json` one document (an object, or one array)."""

    def __init__(self, fmt: str, options: RenderOptions, *, as_array: bool) -> None:
        from ringkas.render import get_renderer

        self._render = get_renderer(fmt)
        self._fmt = fmt
        self._options = options
        self._as_array = as_array and fmt == "json"
        self._count = 0

    def write(self, reports: Iterable[Report]) -> None:
        """Render and write each report now (results stream out chunk by chunk)."""
        for report in reports:
            text = self._render(report, self._options)
            if self._as_array:
                text = ("[\n" if not self._count else ",\n") + _indent(text.rstrip("\n"))
            elif self._count and self._fmt in ("plain", "markdown", "rich"):
                text = "\n" + text
            write_out(text)
            self._count += 1

    def close(self) -> None:
        """End the document: close the JSON array (`[]` when no report was made)."""
        if self._as_array:
            write_out("\n]\n" if self._count else "[]\n")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


PathsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Files, folders (their .txt, .md, .html and .htm files; .jsonl with "
        "--input-format jsonl), globs, or '-' for standard input (paste, then Ctrl-D).",
        show_default=False,
    ),
]
OptionalPathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        help="Files, folders (their .txt, .md, .html and .htm files; .jsonl with "
        "--input-format jsonl), globs, or '-' for standard input (paste, then Ctrl-D).",
        show_default=False,
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
        metavar="N",
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
FollowLinksOpt = Annotated[
    bool,
    typer.Option(
        "--follow-links",
        help="In folders and globs, also follow symlinks that lead outside the folder (to "
        "files anyone may read). Without it, such links are reported and skipped.",
    ),
]


class TranslateMode(enum.StrEnum):
    """When to translate: auto (if the model is present), always (exit 3 without it), never."""

    auto = "auto"
    always = "always"
    never = "never"


_TRANSLATE_MODULES = ("transformers", "sentencepiece", "huggingface_hub", "ctranslate2")


def steps_to_english(*, has_model: bool = False) -> str:
    """The steps still missing before ringkas can translate, numbered, in order."""
    import importlib.util

    from ringkas.errors import CPU_TORCH, PULL, TRANSLATE_EXTRAS

    def missing(module: str) -> bool:
        return importlib.util.find_spec(module) is None

    steps = [CPU_TORCH] if missing("torch") else []
    if any(missing(module) for module in _TRANSLATE_MODULES):
        steps.append(TRANSLATE_EXTRAS)
    if not has_model:
        steps.append(PULL)
    numbered = "  ".join(f"{n}. {step}" for n, step in enumerate(steps, 1))
    return f'English needs {len(steps)} step(s): {numbered}  (README, "English translation").'


def model_notice(*, has_model: bool = False) -> str:
    """The one notice of a run that stays Indonesian: the steps still missing, in order."""
    return f"Note: the text stays Indonesian; {steps_to_english(has_model=has_model)}"


MODEL_MISSING = "model_missing"  # the flag a report gets when auto mode found no model

LockOpt = Annotated[
    Path | None,
    typer.Option(
        "--lock",
        metavar="FILE",
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
    """Translation engines (see ringkas.translate.load.ENGINES)."""

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
        metavar="N",
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
    quiet: bool = False,
) -> Translator | None:
    """Open the pinned translator as `--translate` asks; None means keep Indonesian.

    auto: a missing model (or missing packages) prints one notice with the steps to English on
    stderr (not when `quiet`) and gives None, and the caller flags its reports `model_missing`;
    always: raises ModelUnavailable (exit 3); never: None. A model that is present but does not
    match models.lock is refused (exit 3) in every mode but never.
    """
    if mode == TranslateMode.never:
        return None
    if mode not in (TranslateMode.auto, TranslateMode.always):
        raise UsageError(f"--translate takes auto, always or never, not {mode!r}")
    from ringkas.models.lock import read_lock
    from ringkas.models.store import MISSING, check_model
    from ringkas.settings import load_settings
    from ringkas.translate.base import EngineUnavailable
    from ringkas.translate.load import load_translator

    settings = load_settings(lock=lock)
    pin = read_lock(settings.lock_path).pin()
    check = check_model(pin, settings)
    if not check.is_present and mode == TranslateMode.auto:
        if not quiet:
            err(model_notice())
        return None
    if not check.is_present:  # always: fail, with every step still missing, not just the next
        missing = [f.name for f in check.files if f.status == MISSING]
        if len(missing) < len(check.files):  # a damaged copy: name what is gone
            problem = f"{pin.ref} in {check.folder} is incomplete (missing: {', '.join(missing)})."
        else:
            problem = f"{pin.ref} is not in {check.folder}."
        error = ModelUnavailable(problem)
        error.hint = steps_to_english()
        raise error
    try:
        return load_translator(
            pin, settings=settings, engine=engine, use_cache=use_cache, beam=beam, notify=err
        )
    except EngineUnavailable as error:
        if mode == TranslateMode.always:
            raise
        if not quiet:
            err(model_notice(has_model=True))
        return None


def model_is_present(lock: Path | None) -> bool:
    """True when every file of the pinned translation model is on disk (matching or not)."""
    from ringkas.models.lock import read_lock
    from ringkas.models.store import check_model
    from ringkas.settings import load_settings

    settings = load_settings(lock=lock)
    return check_model(read_lock(settings.lock_path).pin(), settings).is_present


def report_unexpected(error: Exception, *, stage: str, source: str | None = None) -> int:
    """Print an unexpected exception as one `Error:` line (and its traceback under --debug).

    Returns the exit code it calls for (70 for a bug, 74 for an unwritable output, …), so a
    batch can go on with its other inputs and exit with it at the end.
    """
    _show_traceback(error)
    described = describe_unexpected(error, stage=stage, source=source)
    line = f"Error: {described}"
    if described.hint:
        line += f" {described.hint}"
    err(line)
    return described.exit_code


def unexpected_failure(error: Exception, *, stage: str, source: str) -> Failure:
    """An input that met an unexpected exception, as a Failure (traceback shown under --debug)."""
    from ringkas.sources import Failure

    _show_traceback(error)
    return Failure(source, describe_unexpected(error, stage=stage, source=source))


def _show_traceback(error: BaseException) -> None:
    if _STATE.debug:  # --debug: the whole story, before the one line
        import traceback

        traceback.print_exception(error, file=sys.stderr)


@dataclass
class Outcome:
    """The exit code a batch ends with: the gravest of its failures (0 when none)."""

    code: int = 0

    def note(self, code: int) -> None:
        """Remember one failure's exit code: an input that failed is 1, a bug or a write 70/74."""
        self.code = max(self.code, code if code >= EXIT_INTERNAL else EXIT_INPUT)

    def finish(self) -> None:
        """Exit with the gravest code seen, if any."""
        if self.code:
            raise typer.Exit(self.code)


def take_debug_flag(argv: list[str]) -> tuple[list[str], bool]:
    """Remove `--debug` from anywhere in argv (before `--`): every command takes it."""
    end = argv.index("--") if "--" in argv else len(argv)
    kept = [word for word in argv[:end] if word != "--debug"] + argv[end:]
    return kept, len(kept) != len(argv)


def command_path(argv: list[str]) -> str:
    """`ringkas models pull` for argv `models pull …`: the stage an internal error names."""
    words = ["ringkas"]
    names = {"summarize", "sentences", "translate", "digest", "models"}
    for word in argv:
        if word in names:
            words.append(word)
            names = {"list", "pull", "convert", "verify", "path"} if word == "models" else set()
    return " ".join(words)


def main() -> None:
    """Console-script entry point: run the app, map errors to exit codes, stay quiet on pipes."""
    # `kill`/`timeout` (SIGTERM) unwinds like Ctrl-C, so write_atomic removes its temporary file.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        argv, debug = take_debug_flag(sys.argv[1:])
        _STATE.debug = debug  # this run's flag, never an earlier run's (tests run many)
        _STATE.command = command_path(argv)
        try:
            app(args=argv, prog_name="ringkas")
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
    except Exception as error:  # a bug or a broken environment: one line, never a traceback
        sys.exit(report_unexpected(error, stage=_STATE.command))
    finally:
        _STATE.debug = False  # a process that runs several commands starts each one quiet


def _quiet_exit_for_gone_reader() -> NoReturn:
    # `ringkas … | head`: the reader left; say nothing and do not let Python complain at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_BROKEN_PIPE)


def _terminate(signum: int, frame: object) -> NoReturn:
    raise SystemExit(128 + signum)
