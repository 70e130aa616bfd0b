"""`ringkas digest`: the command and its options; the work lives in ringkas.cli.digest_run."""

import enum
from pathlib import Path
from typing import Annotated

import typer

from ringkas.cli.options import (
    ColorChoice,
    ColorOpt,
    FollowLinksOpt,
    ForceLanguageOpt,
    LockOpt,
    TranslateMode,
)


class DigestFormat(enum.StrEnum):
    """Digest file formats (see ringkas.render.digest.DIGEST_RENDERERS)."""

    markdown = "markdown"
    html = "html"
    json = "json"


def _nonempty_out(value: str) -> str:
    # An empty --out would resolve to the current folder and write a digest there unasked.
    if not value.strip():
        raise typer.BadParameter("give a file or a folder, not an empty name")
    return value


def digest(
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
    from ringkas.cli.digest_run import run_digest

    forced = force_language.value if force_language else None
    run_digest(
        sources,
        out,
        output_format,
        since,
        state_file,
        wait,
        rebuild,
        force,
        quiet,
        translate,
        lock,
        force_language=forced,
        follow_links=follow_links,
        exclude=tuple(exclude or ()),
        keep_days=keep_days,
    )
