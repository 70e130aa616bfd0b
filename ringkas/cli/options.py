"""Options every command shares (--color, -o/--output, --input-format, --text) and tidy help.

Kept apart from common.py so that each convention lives in one place: how colour is decided,
how a result file is written, how input kinds are named, and how help names its values.
"""

from __future__ import annotations

import contextlib
import enum
import io
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup

# ---------------------------------------------------------------------------------------------
# Colour: --color auto|always|never, NO_COLOR, FORCE_COLOR, TERM=dumb


class ColorChoice(enum.StrEnum):
    """When to colour output: auto (a terminal that is not TERM=dumb), always, never."""

    auto = "auto"
    always = "always"
    never = "never"


ColorOpt = Annotated[
    ColorChoice,
    typer.Option(
        "--color",
        "--colour",
        help="auto: colour on a terminal unless NO_COLOR is set or TERM=dumb (FORCE_COLOR "
        "forces it); always: also through pipes (less -R); never.",
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Same as --color never.")]


def wants_color(
    choice: str, *, is_tty: bool, env: Mapping[str, str] | None = None, no_color: bool = False
) -> bool:
    """Decide colour: the flag first, then NO_COLOR, FORCE_COLOR, TERM=dumb, then the terminal.

    NO_COLOR and FORCE_COLOR count when set to anything but the empty string (no-color.org,
    force-color.org).
    """
    env = os.environ if env is None else env
    if no_color or choice == ColorChoice.never:
        return False
    if choice == ColorChoice.always:
        return True
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return is_tty


# ---------------------------------------------------------------------------------------------
# Input kinds: --input-format text|jsonl (--jsonl kept), --text


class InputFormat(enum.StrEnum):
    """What the inputs are: text (files, folders, HTML pages) or JSON Lines records."""

    text = "text"
    jsonl = "jsonl"


InputFormatOpt = Annotated[
    InputFormat,
    typer.Option(
        "--input-format",
        "-i",
        help='text: articles (.txt, .md, .html, .htm); jsonl: JSON Lines records {"id", '
        '"text", "title"?, "url"?}, one result per record.',
    ),
]
JsonlOpt = Annotated[
    bool, typer.Option("--jsonl", help="Same as --input-format jsonl (input, not output).")
]
TextOpt = Annotated[
    str | None,
    typer.Option(
        "--text",
        "-t",
        metavar="TEXT",
        help="Summarise this text instead of files: --text 'Presiden ... kata dia.'",
        show_default=False,
    ),
]
JSONL_HINT = (
    "Hint: --input-format jsonl (--jsonl) reads JSON Lines; for plain text files drop it. "
    "For JSON Lines output use --format jsonl."
)


def is_jsonl(input_format: InputFormat, jsonl: bool) -> bool:
    """True when the inputs are JSON Lines (--input-format jsonl or its alias --jsonl)."""
    return jsonl or input_format == InputFormat.jsonl


# ---------------------------------------------------------------------------------------------
# -o/--output FILE: the whole result, written atomically

OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        dir_okay=False,
        help="Write the result to FILE (atomically: a reader never sees half of it) instead "
        "of standard output.",
        show_default=False,
    ),
]


@contextlib.contextmanager
def output_to(path: Path | None) -> Iterator[None]:
    """Send what the command writes to stdout into `path`, renamed into place at the end.

    Nothing is written when the command is interrupted or cannot go on; a run that exits 1
    (some inputs failed) or 70 (a bug met on some inputs) still writes the results of the
    others, and leaves FILE as it was when there are none.
    """
    if path is None:
        yield
        return
    from ringkas.fileio import write_atomic

    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            yield
    except typer.Exit as done:
        # Inputs that failed (1) or met a bug (70) do not cost the others' results.
        if done.exit_code == 0 or (done.exit_code in (1, 70) and buffer.getvalue()):
            write_atomic(path, buffer.getvalue())
        raise
    write_atomic(path, buffer.getvalue())


# ---------------------------------------------------------------------------------------------
# Conflicting options


def given_on_command_line(ctx: typer.Context, *names: str) -> list[str]:
    """The parameters among `names` the user gave as flags (not defaults or config)."""
    explicit = ("COMMANDLINE", "ENVIRONMENT")
    return [
        name for name in names if getattr(ctx.get_parameter_source(name), "name", None) in explicit
    ]


def refuse_together(ctx: typer.Context, names: Mapping[str, str], why: str) -> None:
    """Exit 2 (usage) when more than one of `names` (param -> flag) was given."""
    given = given_on_command_line(ctx, *names)
    if len(given) > 1:
        flags = ", ".join(names[name] for name in given[:-1]) + " and " + names[given[-1]]
        ctx.fail(f"{flags} do not go together: {why}.")


# ---------------------------------------------------------------------------------------------
# Help that names values instead of Python types


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


def stdin_hint() -> str:
    """The one line shown when '-' reads an article typed or pasted into a terminal."""
    end = "Ctrl-Z then Enter" if sys.platform == "win32" else "Ctrl-D"
    return f"Reading the article from the terminal: paste it, then press {end} on an empty line."
