"""Run ringkas as `python -m ringkas`; `main` is the console script's entry point too."""

import sys


def main() -> None:
    """Load the command line and run it; Ctrl-C while it loads exits 130 without a traceback.

    This module imports nothing heavy, so the import that Ctrl-C can interrupt (Typer, Rich,
    the commands) happens inside the `try`. Python's own start-up (site-packages, before any
    ringkas code runs) is beyond reach without a sitecustomize; see README "Exit codes".
    """
    try:
        from ringkas.cli import main as run_cli
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)  # ringkas.errors.EXIT_INTERRUPTED, not imported: keep this module bare
    run_cli()


if __name__ == "__main__":
    main()
