"""`ringkas digest`: options → DigestJob, DigestResult → output lines and exit code.

The work is `ringkas.digest.run.run`; this module only reads the options, the clock and the
environment, and prints.
"""

import os
import re
import signal
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ringkas.cli.app import unexpected_failure
from ringkas.cli.options import (
    ColorChoice,
    ColorOpt,
    FollowLinksOpt,
    ForceLanguageOpt,
    LockOpt,
    TranslateMode,
)
from ringkas.cli.output import err
from ringkas.cli.translator import model_is_present, open_translator
from ringkas.digest import DigestFormat

if TYPE_CHECKING:
    from ringkas.digest.run import DigestResult, Failed, OpenTranslator

# Test hook: kill this process with SIGKILL at a named point of the run (tests/test_digest_cli.py).
_KILL_AT_ENV = "RINGKAS_TEST_KILL_AT"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_LONGEST_WINDOW = timedelta(days=365 * 2000)  # back to before the year 1: files have no such age


@dataclass(frozen=True)
class DigestDeps:
    """What the command opens the model with; a caller (a test) passes its own as Click's `obj`."""

    open_translator: "OpenTranslator" = open_translator


def _nonempty_out(value: str) -> str:
    # An empty --out would resolve to the current folder and write a digest there unasked.
    if not value.strip():
        raise typer.BadParameter("give a file or a folder, not an empty name")
    return value


def _parse_duration(value: str | None) -> timedelta | None:
    """Parse `24h`, `90m`, `2d`, `1w` or `3600s` into a timedelta."""
    if value is None:
        return None
    match = _DURATION.match(value)
    if not match:
        raise typer.BadParameter(
            f"{value!r} is not a number and a unit: 90m, 24h, 2d, 1w", param_hint="'--since'"
        )
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds >= _LONGEST_WINDOW.total_seconds():
        raise typer.BadParameter(
            f"{value.strip()} reaches back before the year 1; leave --since out to take every file",
            param_hint="'--since'",
        )
    return timedelta(seconds=seconds)


def _today() -> date:
    # The digest day is the local calendar day: cron schedules in local time.
    return date.today()


def _kill_point(name: str) -> None:
    if os.environ.get(_KILL_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _show_failure(failed: "Failed") -> None:
    if failed.bug is not None:
        # Shows the bug's traceback under --debug (first, as every command does); the one-line
        # description it also returns is `failed.message` already.
        unexpected_failure(failed.bug, stage="digest", source=failed.source)
    err(f"Error: {failed.message}")


def _show_result(result: "DigestResult", *, quiet: bool) -> None:
    """Print the one result line (stdout), then the failure count (stderr); exit as it calls."""
    if not quiet:
        if result.processed:
            entries = result.entries
            count = f"{entries} " + ("story" if entries == 1 else "stories")
            now = result.translated_now
            redone = f", {now} translated now" if now else ""
            line = f"Wrote {result.target}: {count}, {result.summarised} new file(s){redone}."
        else:
            line = f"Nothing new; {result.target} is up to date."
        print(line, flush=True)
    if result.failures:
        err(f"{len(result.failures)} file(s) not processed; they are retried on the next run.")
        raise typer.Exit(result.exit_code)


def digest(
    ctx: typer.Context,
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="SOURCE",
            help="Folders (their .txt, .md, .html and .htm files), files or globs.",
            show_default=False,
        ),
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="The digest file (a path with a suffix: today.html), or a folder: an existing "
            "one, one written with a trailing /, or a new path without a suffix (created); "
            "then ringkas-YYYY-MM-DD.md|html|json inside it.",
            show_default=False,
            callback=_nonempty_out,
        ),
    ],
    output_format: Annotated[
        DigestFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Digest format (default: from the --out suffix, .html or .json, else markdown).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WINDOW",
            help="Only files modified in this window: 90m, 24h, 2d, 1w.",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Skip files whose name or path matches GLOB (repeatable): --exclude '*draft*' "
            "--exclude 'arsip/*'.",
            show_default=False,
        ),
    ] = None,
    state_file: Annotated[
        Path | None,
        typer.Option(
            "--state",
            metavar="FILE",
            help="State file: what was processed (default: one per --out in the user state "
            "folder; see ringkas info).",
            show_default=False,
        ),
    ] = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            min=0.0,
            metavar="SECONDS",
            help="Seconds to wait for another run to finish before exit 4.",
        ),
    ] = 0.0,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild", help="Ignore the state: redo every file; rebuild today's digest."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace --out even if it holds another day's digest."),
    ] = False,
    keep_days: Annotated[
        int,
        typer.Option(
            "--keep-days",
            metavar="DAYS",
            min=1,
            help="Forget files not seen for this many days (the state stays bounded).",
        ),
    ] = 30,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print nothing on success, and no progress bar."),
    ] = False,
    translate: Annotated[
        TranslateMode,
        typer.Option(
            "--translate",
            help="auto: translate when the pinned model is present; always: exit 3 without it "
            "(use this in cron); never: keep Indonesian.",
        ),
    ] = TranslateMode.auto,
    lock: LockOpt = None,
    force_language: ForceLanguageOpt = None,
    follow_links: FollowLinksOpt = False,
    color: ColorOpt = ColorChoice.auto,
) -> None:
    """Daily English briefing of new articles (cron-safe).

    Writes one English briefing of the new articles in SOURCES; safe to run from cron.

    Files already in the state with unchanged content are skipped, so a rerun does no model work.
    A second run the same day adds its new stories to that day's digest. Exit 1: some files
    were not processed (listed in the digest, retried next run); exit 4: another run is busy.
    """
    # Imported here so that `ringkas --help` does not pay for the digest machinery.
    from ringkas.cli.digest_progress import DigestProgress
    from ringkas.digest.run import DigestJob, digest_target, run
    from ringkas.digest.state import default_state_path
    from ringkas.settings import load_settings

    window = _parse_duration(since)
    settings = load_settings(lock=lock)
    today = _today()
    target, fmt = digest_target(out, output_format, today=today)
    job = DigestJob(
        sources=tuple(sources),
        target=target,
        fmt=fmt,
        state=state_file or default_state_path(settings, Path(out).expanduser(), notify=err),
        today=today,
        since=window,
        exclude=tuple(exclude or ()),
        wait=wait,
        rebuild=rebuild,
        force=force,
        keep_days=keep_days,
        translate=translate.value,
        model_lock=lock,
        quiet=quiet,
        follow_links=follow_links,
        force_language=force_language.value if force_language else None,
    )
    # A caller may hand in other dependencies as Click's context object (tests: a fake model).
    deps = ctx.obj if isinstance(ctx.obj, DigestDeps) else DigestDeps()
    result = run(
        job,
        open_translator=deps.open_translator,
        model_is_present=model_is_present,
        show_progress=lambda: DigestProgress.on_stderr(enabled=not quiet),
        on_failure=_show_failure,
        checkpoint=_kill_point,
    )
    _show_result(result, quiet=quiet)
