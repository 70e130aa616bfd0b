"""The RingkasError family: problems a user can fix, each with an exit code and a hint."""

from __future__ import annotations

# Exit codes are part of the CLI contract (README "Exit codes").
EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_MODEL = 3
EXIT_BUSY = 4
EXIT_INTERNAL = 70  # BSD sysexits EX_SOFTWARE: a bug in ringkas, or a broken installation
EXIT_CANNOT_WRITE = 74  # BSD sysexits EX_IOERR: an output, state or cache could not be written
EXIT_INTERRUPTED = 130

DEBUG_HINT = "rerun with --debug for details"

# The road to English, in order (README, "English translation").
CPU_TORCH = "pip install torch --index-url https://download.pytorch.org/whl/cpu"
TRANSLATE_EXTRAS = "pip install 'ringkas[translate,fast]'"
PULL = "ringkas models pull"

# Modules a ringkas feature imports when it runs, and how to install what provides them.
_INSTALL = {
    "torch": CPU_TORCH,
    "transformers": TRANSLATE_EXTRAS,
    "sentencepiece": TRANSLATE_EXTRAS,
    "safetensors": TRANSLATE_EXTRAS,
    "huggingface_hub": TRANSLATE_EXTRAS,
    "ctranslate2": TRANSLATE_EXTRAS,
    "lxml_html_clean": "pip install lxml_html_clean",
}


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
    hint = 'Run `ringkas models pull` (README, "English translation").'


class DownloadFailed(ModelUnavailable):
    """`ringkas models pull` could not reach the hub or fetch a file."""

    hint = (
        'Without internet, copy the model from a connected machine: README, "Air-gapped machine".'
    )


class PackagesMissing(ModelUnavailable):
    """Translating or downloading needs packages of the [translate,fast] extras."""

    hint = (
        f"Install them with `{CPU_TORCH}` (CPU-only torch, ~200 MB instead of ~3 GB of CUDA), "
        f'then `{TRANSLATE_EXTRAS}` (README, "English translation").'
    )


class LockError(RingkasError):
    """models.lock is missing, malformed or pins something that is not a full commit."""

    exit_code = EXIT_MODEL
    hint = "Check models.lock (or the file named by --lock / RINGKAS_MODELS_LOCK)."


class Busy(RingkasError):
    """Another ringkas run holds the lock."""

    exit_code = EXIT_BUSY
    hint = "Another digest run is still working; try again later or raise --wait."


class CannotWrite(RingkasError):
    """An output, the digest state or a cache could not be written (no permission, disk full)."""

    exit_code = EXIT_CANNOT_WRITE


class InternalError(RingkasError):
    """An unexpected exception, reported as one line (`--debug` shows its traceback)."""

    exit_code = EXIT_INTERNAL


def cannot_write(what: str, error: OSError) -> CannotWrite:
    """Describe an OSError met while writing `what` (a path or a name) as one line."""
    import errno

    reason = error.strerror or type(error).__name__
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "free some space and rerun"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "choose a folder you can write to and rerun"
    else:
        advice = "check the path and rerun"
    return CannotWrite(f"cannot write {what}: {reason}; {advice}.")


def _missing_module(error: ImportError) -> str | None:
    """The top-level module an ImportError is about, if it says."""
    if error.name:
        return error.name.split(".")[0]
    # lxml raises a bare ImportError naming the project that replaced lxml.html.clean.
    return "lxml_html_clean" if "lxml_html_clean" in str(error) else None


def describe_unexpected(error: BaseException, *, stage: str, source: str | None) -> RingkasError:
    """Turn an exception ringkas did not expect into one line: what, where, what to do."""
    while_reading = f" while reading {source}" if source else ""
    if isinstance(error, RingkasError):
        return error
    if isinstance(error, ImportError):
        module = _missing_module(error)
        install = _INSTALL.get(module or "", f"pip install {module}" if module else "")
        how = f"; install it with `{install}`" if install else ""
        missing = f"the Python package {module}" if module else f"a Python module ({error})"
        return InternalError(f"{stage}{while_reading} needs {missing}, not installed{how}.")
    if isinstance(error, OSError) and error.filename is not None:
        return cannot_write(str(error.filename), error)
    message = str(error).splitlines()[0] if str(error) else ""
    detail = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return InternalError(f"internal error in {stage}{while_reading}: {detail} — {DEBUG_HINT}")
