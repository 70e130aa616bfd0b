"""The RingkasError family: problems a user can fix, each with an exit code and a hint."""

from __future__ import annotations

# Exit codes are part of the CLI contract (README "Exit codes").
EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_MODEL = 3
EXIT_BUSY = 4
EXIT_INTERRUPTED = 130


class RingkasError(Exception):
    """A problem the user can fix; shown as one line without a traceback."""

    exit_code = EXIT_INPUT
    hint = ""


class InputError(RingkasError):
    """An input could not be read, was empty, binary or not text."""

    exit_code = EXIT_INPUT


class UsageError(RingkasError):
    """Options that do not fit together."""

    exit_code = EXIT_USAGE


class ModelUnavailable(RingkasError):
    """The pinned model is missing, incomplete or does not match models.lock."""

    exit_code = EXIT_MODEL
    hint = "Run `ringkas models pull`, or pass --no-translate."


class LockError(RingkasError):
    """models.lock is missing, malformed or pins something that is not a full commit."""

    exit_code = EXIT_MODEL
    hint = "Check models.lock (or the file named by --lock / RINGKAS_MODELS_LOCK)."


class Busy(RingkasError):
    """Another ringkas run holds the lock."""

    exit_code = EXIT_BUSY
    hint = "Another digest run is still working; try again later or raise --wait."
