"""`ringkas config path|show`: where the config file is and what it sets."""

import typer

from ringkas.cli.output import write_out

config_app = typer.Typer(
    short_help="Show the config file and the defaults it sets.",
    rich_markup_mode=None,
    help=(
        "Defaults for options, from config.toml in the user config folder (RINGKAS_CONFIG "
        "names another file). Flags win over environment variables (NO_COLOR, FORCE_COLOR, "
        "RINGKAS_MODELS_LOCK), which win over the file, which wins over built-in defaults.\n\n"
        "Examples:\n\n"
        "  ringkas config path\n\n"
        "  ringkas config show\n\n"
        "  RINGKAS_CONFIG=/srv/ringkas.toml ringkas config show"
    ),
    no_args_is_help=True,
)


@config_app.command("path")
def path() -> None:
    """Print the config file's path (it need not exist)."""
    from ringkas.config import config_path

    write_out(f"{config_path()}\n")


@config_app.command("show")
def show() -> None:
    """Print the settings the config file sets, as TOML; unset keys are commented."""
    from ringkas.config import describe_config, load_config

    write_out(describe_config(load_config()))
