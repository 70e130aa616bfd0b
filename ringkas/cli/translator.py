"""The pinned translator for a command: opened by ringkas.api, with the steps to English said
on stderr when it cannot be (a notice in auto mode, exit 3 in always mode)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.cli.options import TranslateMode
from ringkas.cli.output import err
from ringkas.errors import ModelUnavailable, UsageError

if TYPE_CHECKING:
    from ringkas.models.store import ModelCheck
    from ringkas.translate.base import Translator

_TRANSLATE_MODULES = ("transformers", "sentencepiece", "huggingface_hub", "ctranslate2")


def open_translator(
    mode: str,
    *,
    lock: Path | None,
    use_cache: bool,
    engine: str = "auto",
    beam: int | None = None,
    quiet: bool = False,
) -> Translator | None:
    """Open the pinned translator as `--translate` asks; None means keep Indonesian.

    auto: a missing model (or missing packages) prints one notice with the steps to English on
    stderr (not when `quiet`) and gives None, and the caller flags its reports `model_missing`;
    always: raises ModelUnavailable (exit 3); never: None. A model that is present but does not
    match models.lock is refused (exit 3) in every mode but never.
    """
    from ringkas import api

    if mode == TranslateMode.never:
        return None
    if mode not in (TranslateMode.auto, TranslateMode.always):
        raise UsageError(f"--translate takes auto, always or never, not {mode!r}")
    check = _check_pinned_model(lock)
    if not check.is_present and mode == TranslateMode.always:
        raise _missing_model(check)  # every step still missing, not just the next
    if not check.is_present:
        if not quiet:
            err(model_notice())
        return None
    translator = api.open_translator(
        mode, lock=lock, engine=engine, use_cache=use_cache, beam=beam, notify=err
    )
    if translator is None and not quiet:  # auto, and the engine's packages are missing
        err(model_notice(has_model=True))
    return translator


def model_is_present(lock: Path | None) -> bool:
    """True when every file of the pinned translation model is on disk (matching or not)."""
    return _check_pinned_model(lock).is_present


def model_notice(*, has_model: bool = False) -> str:
    """The one notice of a run that stays Indonesian: the steps still missing, in order."""
    return f"Note: the text stays Indonesian; {_steps_to_english(has_model=has_model)}"


def _steps_to_english(*, has_model: bool = False) -> str:
    """The steps still missing before ringkas can translate, numbered, in order."""
    import importlib.util

    from ringkas.errors import CPU_TORCH, PULL, TRANSLATE_EXTRAS

    def missing(module: str) -> bool:
        return importlib.util.find_spec(module) is None

    steps = [CPU_TORCH] if missing("torch") else []
    if any(missing(module) for module in _TRANSLATE_MODULES):
        steps.append(TRANSLATE_EXTRAS)
    if not has_model:
        steps.append(PULL)
    numbered = "  ".join(f"{n}. {step}" for n, step in enumerate(steps, 1))
    return f'English needs {len(steps)} step(s): {numbered}  (README, "English translation").'


def _check_pinned_model(lock: Path | None) -> ModelCheck:
    from ringkas.models.lock import read_lock
    from ringkas.models.store import check_model
    from ringkas.settings import load_settings

    settings = load_settings(lock=lock)
    return check_model(read_lock(settings.lock_path).pin(), settings)


def _missing_model(check: ModelCheck) -> ModelUnavailable:
    """What `--translate always` says when the model's files are not all on disk."""
    from ringkas.models.store import MISSING

    pin = check.pin
    missing = [f.name for f in check.files if f.status == MISSING]
    if len(missing) < len(check.files):  # a damaged copy: name what is gone
        problem = f"{pin.ref} in {check.folder} is incomplete (missing: {', '.join(missing)})."
    else:
        problem = f"{pin.ref} is not in {check.folder}."
    error = ModelUnavailable(problem)
    error.hint = _steps_to_english()
    return error
