"""The command-line layer: the only package that reads argv, prints, and picks exit codes.

Each command lives in its own module and registers itself on the one Typer `app`.
"""

from ringkas.cli import batch as _batch  # noqa: F401  (registers `ringkas batch`)
from ringkas.cli import cache as _cache  # noqa: F401  (registers `ringkas cache`)
from ringkas.cli import config as _config  # noqa: F401  (registers `ringkas config`)
from ringkas.cli import digest as _digest  # noqa: F401  (registers `ringkas digest`)
from ringkas.cli import info as _info  # noqa: F401  (registers `ringkas info`)
from ringkas.cli import models as _models  # noqa: F401  (registers `ringkas models`)
from ringkas.cli import summarize as _summarize  # noqa: F401  (registers commands)
from ringkas.cli import translate as _translate  # noqa: F401  (registers `ringkas translate`)
from ringkas.cli.common import app, main

__all__ = ["app", "main"]
