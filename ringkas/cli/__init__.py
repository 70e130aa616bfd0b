"""The command-line layer: the only package that reads argv, prints, and picks exit codes.

    app.py      the Typer app, main(): --debug, --version, errors and signals → exit codes
    options.py  the options commands share, one definition each
    inputs.py   FILE arguments read as Articles; the one "failure → Error: line → count" loop
    output.py   stdout (a pipe may close), stderr, -o FILE written atomically, report formats
    translator.py  the pinned translator, with the steps to English when it is missing
    one module per command, registered below in the order `ringkas --help` lists them

Command modules import only typer and small modules at import time, so `ringkas --help` stays
light; each command imports its machinery when it runs.
"""

from ringkas.cli import batch, cache, config, digest, info, models, summarize, translate
from ringkas.cli.app import app, main

app.command("batch")(batch.batch)
app.command("digest")(digest.digest)
app.command("info")(info.info)
app.command("summarize")(summarize.summarize)
app.command("sentences")(summarize.sentences_command)
app.command("translate")(translate.translate_command)
app.add_typer(cache.cache_app, name="cache")
app.add_typer(config.config_app, name="config")
app.add_typer(models.models_app, name="models")

__all__ = ["app", "main"]
