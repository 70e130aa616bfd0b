"""Where results and messages go: stdout (a pipe may close), stderr, -o FILE, and in what format.

Results go to stdout and nothing else does; notices and `Error:` lines go to stderr.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ringkas.cli.options import ColorChoice, wants_color

if TYPE_CHECKING:
    from ringkas.document import Report
    from ringkas.render import RenderOptions


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


def err(message: str) -> None:
    """Print a message on stderr (never stdout, which carries only results).

    Control characters and bidi overrides (from a file name, say) show as escapes.
    """
    from ringkas.sanitize import escape_message

    print(escape_message(message), file=sys.stderr, flush=True)


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
# Reports: format, terminal facts, and one document however many there are


def resolve_format(requested: str) -> str:
    """Resolve `auto` by the terminal: Rich panels on one, plain text in a pipe or file."""
    from ringkas.render import choose_format

    return choose_format(requested, stdout_is_tty=sys.stdout.isatty())


def render_options(
    color: str = ColorChoice.auto, *, no_color: bool = False, bilingual: bool = False
) -> RenderOptions:
    """Terminal width and colour for the renderers (--color, NO_COLOR, FORCE_COLOR, TERM)."""
    from ringkas.render import RenderOptions

    use_color = wants_color(color, is_tty=sys.stdout.isatty(), no_color=no_color)
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    return RenderOptions(width=width, color=use_color, bilingual=bilingual)


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
