"""The inputs of a command: FILE arguments and --text read as Articles, and the one loop that
turns each input that fails into an `Error:` line on stderr, counts it, and goes on."""

from __future__ import annotations

import io
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from ringkas.cli.app import Outcome, report_unexpected, unexpected_failure
from ringkas.cli.options import ColorChoice, wants_color
from ringkas.cli.output import err
from ringkas.errors import RingkasError, UsageError
from ringkas.settings import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from ringkas.document import Article
    from ringkas.sources import Failure

T = TypeVar("T")

_JSONL_HINT = (
    "Hint: --input-format jsonl (--jsonl) reads JSON Lines; for plain text files drop it. "
    "For JSON Lines output use --format jsonl."
)
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
    from ringkas.document import Article, Flag
    from ringkas.errors import InputError
    from ringkas.language import check_language as check_article_language
    from ringkas.sources import Failure

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
            item = Failure(item.source, InputError(f"{item.error}\n{_JSONL_HINT}"))
            hinted = True
        elif isinstance(item, Failure) and purpose != "summarise":
            message = str(item.error).replace("nothing to summarise", f"nothing to {purpose}")
            item = Failure(item.source, InputError(message))
        if isinstance(item, Article) and Flag.TRUNCATED in item.flags:
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


def each_article(items: Iterable[Article | Failure], outcome: Outcome) -> Iterator[Article]:
    """Yield the articles; each input that failed is one `Error:` line, counted in `outcome`."""
    from ringkas.sources import Failure

    for item in items:
        if isinstance(item, Failure):
            err(f"Error: {item.error}")
            outcome.note(item.error.exit_code)
        else:
            yield item


def process_articles(
    items: Iterable[Article | Failure],
    work: Callable[[Article], T],
    *,
    stage: str,
    outcome: Outcome,
) -> Iterator[tuple[Article, T]]:
    """Yield each article with what `work` made of it; inputs that fail, and bugs `work` meets
    on one article, are an `Error:` line each, counted in `outcome`, and the others go on."""
    for article in each_article(items, outcome):
        try:
            done = work(article)
        except Exception as error:  # a bug met on one article: the others go on
            outcome.note(report_unexpected(error, stage=stage, source=article.source))
            continue
        yield article, done


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


def _stdin_hint() -> str:
    """The one line shown when '-' reads an article typed or pasted into a terminal."""
    end = "Ctrl-Z then Enter" if sys.platform == "win32" else "Ctrl-D"
    return f"Reading the article from the terminal: paste it, then press {end} on an empty line."


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
        err(_stdin_hint())  # a journalist pastes an article: read it until end of input
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
