"""`ringkas cache clear`: remove what ringkas can rebuild (and, when asked, the digest state)."""

import shutil
from pathlib import Path
from typing import Annotated

import typer

from ringkas.cli.output import write_out

cache_app = typer.Typer(
    short_help="Clear cached translations, the language model, or digest state.",
    rich_markup_mode=None,
    help=(
        "Remove files ringkas keeps between runs. Model weights stay (they live in the Hugging "
        "Face cache; see `ringkas info`).\n\n"
        "Examples:\n\n"
        "  ringkas cache clear\n\n"
        "  ringkas cache clear --translations\n\n"
        "  ringkas cache clear --state"
    ),
    no_args_is_help=True,
)


@cache_app.command("clear")
def clear(
    translations: Annotated[
        bool,
        typer.Option("--translations", help="The translation cache (SQLite), rebuilt as used."),
    ] = False,
    language_model: Annotated[
        bool,
        typer.Option(
            "--language-model",
            help="The uncompressed language detector (~45 MB), rebuilt on the next run.",
        ),
    ] = False,
    state: Annotated[
        bool,
        typer.Option(
            "--state",
            help="Every digest's memory of what it processed: the next digest run redoes all "
            "files (never cleared unless asked).",
        ),
    ] = False,
) -> None:
    """Remove caches (with no option: translations and the language model)."""
    from ringkas.cli.info import folder_size, format_size
    from ringkas.settings import load_settings

    settings = load_settings()
    if not (translations or language_model or state):
        translations = language_model = True
    targets: list[tuple[str, Path]] = []
    if translations:
        cache = settings.translation_cache
        targets += [("translations", cache.with_name(cache.name + s)) for s in ("", "-wal", "-shm")]
    if language_model:
        targets.append(("language model", settings.cache_dir / "language"))
    if state:
        targets.append(("digest state", settings.digest_state_dir))
    for what, target in targets:
        if not target.exists():
            continue
        size = folder_size(target)
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
        write_out(f"Removed {what}: {target} ({format_size(size)})\n")
