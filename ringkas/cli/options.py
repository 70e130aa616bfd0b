"""The options commands share, one definition each, and the conventions that read them.

A command module names its parameters with these types (`lock: LockOpt = None`) instead of
repeating the option's flags and help; an option only one command has stays in its module.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

# ---------------------------------------------------------------------------------------------
# Inputs: PATH..., --input-format text|jsonl (--jsonl kept), --text, and how they are read

_PATHS_HELP = (
    "Files, folders (their .txt, .md, .html and .htm files; .jsonl with --input-format jsonl), "
    "globs, or '-' for standard input (paste, then Ctrl-D)."
)
PathsArg = Annotated[
    list[str], typer.Argument(metavar="PATH", help=_PATHS_HELP, show_default=False)
]
OptionalPathsArg = Annotated[
    list[str] | None, typer.Argument(metavar="PATH", help=_PATHS_HELP, show_default=False)
]


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


def is_jsonl(input_format: InputFormat, jsonl: bool) -> bool:
    """True when the inputs are JSON Lines (--input-format jsonl or its alias --jsonl)."""
    return jsonl or input_format == InputFormat.jsonl


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


class ForcedLanguage(enum.StrEnum):
    """Languages --force-language accepts (see ringkas.language)."""

    indonesian = "id"
    malay = "ms"
    english = "en"


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

# ---------------------------------------------------------------------------------------------
# The summary: --method, --quotes


class Method(enum.StrEnum):
    """Summary methods (ringkas.summarize.METHODS; tests/test_summarize.py keeps them equal)."""

    lead = "lead"
    rank = "rank"


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


# ---------------------------------------------------------------------------------------------
# Translation: --translate, --no-translate, --full, --lock, --no-cache, --engine, --beam


class TranslateMode(enum.StrEnum):
    """When to translate: auto (if the model is present), always (exit 3 without it), never."""

    auto = "auto"
    always = "always"
    never = "never"


TranslateOpt = Annotated[
    TranslateMode,
    typer.Option(
        "--translate",
        help="auto: translate when the pinned model is present; always: exit 3 without it; "
        "never: keep Indonesian.",
    ),
]
NoTranslateOpt = Annotated[bool, typer.Option("--no-translate", help="Same as --translate never.")]
FullOpt = Annotated[
    bool, typer.Option("--full", help="Also translate the whole text, paragraph by paragraph.")
]
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

# ---------------------------------------------------------------------------------------------
# Output: --format, -o/--output, --color auto|always|never, NO_COLOR, FORCE_COLOR, TERM=dumb


class Format(enum.StrEnum):
    """Output formats (ringkas.render.FORMATS; tests/test_render.py keeps the two equal)."""

    auto = "auto"
    rich = "rich"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"


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
# Conflicting options


def _given_on_command_line(ctx: typer.Context, *names: str) -> list[str]:
    """The parameters among `names` the user gave as flags (not defaults or config)."""
    explicit = ("COMMANDLINE", "ENVIRONMENT")
    return [
        name for name in names if getattr(ctx.get_parameter_source(name), "name", None) in explicit
    ]


def refuse_together(ctx: typer.Context, names: Mapping[str, str], why: str) -> None:
    """Exit 2 (usage) when more than one of `names` (param -> flag) was given."""
    given = _given_on_command_line(ctx, *names)
    if len(given) > 1:
        flags = ", ".join(names[name] for name in given[:-1]) + " and " + names[given[-1]]
        ctx.fail(f"{flags} do not go together: {why}.")
