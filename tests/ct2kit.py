"""CTranslate2 copies of the random-weights MarianMT for tests, cached in the pytest cache.

Each copy sits in its own folder of symlinks to the random model, so the folder other tests use
keeps no `.ct2` sibling and their `--engine auto` stays on transformers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ringkas.errors import RingkasError
from ringkas.models.lock import read_lock
from ringkas.settings import load_settings
from tests.modelkit import MODEL_FILES, write_random_marian_lock


def linked_copy(source: Path, dest: Path) -> Path:
    """A model folder of symlinks to `source`: its own place, so its own .ct2 sibling."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        link = dest / name
        if not link.exists():
            link.symlink_to(source / name)
    return dest


def converted_lock(
    random_marian: Path, cache: pytest.Cache, work: Path, *, compute_type: str = "int8"
) -> Path:
    """A lock (written under `work`) for a linked copy of the random model with a CTranslate2
    conversion of `compute_type`, converted once and kept in the pytest cache."""
    base = cache.mkdir("ringkas-random-ct2")
    return converted_lock_in(random_marian, base, work, compute_type=compute_type)


def converted_lock_in(model: Path, base: Path, work: Path, *, compute_type: str) -> Path:
    """Like converted_lock, with the linked copy under `base` (benchmarks use it too)."""
    from ringkas.translate import convert

    folder = linked_copy(model, base / compute_type)
    lock = write_random_marian_lock(folder, work / f"models-{compute_type}.lock")
    settings = load_settings({"RINGKAS_HOME": str(work / "home")})
    pin = read_lock(lock).pin()
    try:  # a conversion kept from an earlier session: files still match its manifest?
        convert.record_conversion(pin, folder, settings)
        convert.require_converted(pin, folder, settings)
    except RingkasError:
        convert.convert_model(pin, folder, settings, compute_type=compute_type)
    adopt_conversion(lock)
    return lock


def adopt_conversion(lock: Path) -> None:
    """Record the lock's (cached) conversion in the current RINGKAS_HOME, as `models convert`
    does where it converts: the conversion is trusted only by homes that recorded it."""
    from ringkas.translate import convert

    pin = read_lock(lock).pin()
    assert pin.path is not None
    convert.record_conversion(pin, pin.path, load_settings())
