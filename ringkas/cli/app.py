"""The Typer app and the entry point: --debug and --version, errors and signals → exit codes.

Commands are registered on `app` in ringkas/cli/__init__.py, in the order help lists them.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperArgument, TyperGroup

from ringkas._version import __version__
from ringkas.cli.output import ReaderGone, err
from ringkas.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    RingkasError,
    describe_unexpected,
)

# Only typer and a few small modules load at import time, so `ringkas --help` stays about as
# quick as `import typer`; every command imports the machinery it needs when it runs.
if TYPE_CHECKING:
    from ringkas.sources import Failure


class _PlainArgument(TyperArgument):
    """An argument shown as `PATH...` in usage and help, without `<list[str]>`."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return ""

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")


def _tidy(command: Any) -> None:
    # Typer builds its parameters itself; swapping the class is the one place to change how
    # arguments are shown (tests/test_conventions.py checks every command's help).
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = _PlainArgument
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _tidy(sub)


class RingkasGroup(TyperGroup):
    """The root command group: its commands' arguments show plain names in help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy(self)


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


@dataclass
class _State:
    debug: bool = False
    command: str = "ringkas"  # the command that runs, for "internal error in …" lines


_STATE = _State()


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


# ---------------------------------------------------------------------------------------------
# Failures met on the way: one `Error:` line each, the gravest exit code at the end


def report_unexpected(error: Exception, *, stage: str, source: str | None = None) -> int:
    """Print an unexpected exception as one `Error:` line (and its traceback under --debug).

    Returns the exit code it calls for (70 for a bug, 74 for an unwritable output, …), so a
    batch can go on with its other inputs and exit with it at the end.
    """
    _show_traceback(error)
    described = describe_unexpected(error, stage=stage, source=source)
    err(_error_line(described))
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


def _error_line(error: RingkasError) -> str:
    """`Error: …` and the hint that says what to do about it."""
    return f"Error: {error} {error.hint}" if error.hint else f"Error: {error}"


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


# ---------------------------------------------------------------------------------------------
# The entry point

EXIT_BROKEN_PIPE = 141  # what a shell reports for a process killed by SIGPIPE


def _take_debug_flag(argv: list[str]) -> tuple[list[str], bool]:
    """Remove `--debug` from anywhere in argv (before `--`): every command takes it."""
    end = argv.index("--") if "--" in argv else len(argv)
    kept = [word for word in argv[:end] if word != "--debug"] + argv[end:]
    return kept, len(kept) != len(argv)


def _command_path(argv: list[str]) -> str:
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
        argv, debug = _take_debug_flag(sys.argv[1:])
        _STATE.debug = debug  # this run's flag, never an earlier run's (tests run many)
        _STATE.command = _command_path(argv)
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
        err(_error_line(error))
        sys.exit(error.exit_code)
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
