"""The one door to the heavy translation backends: engine registry, choosing, lazy loading.

`load_translator` verifies the pinned model, picks an engine by the dotted names in `ENGINES`
(imported only when a sentence needs it), and wraps it in the guards and the cache.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ringkas.errors import ModelUnavailable, UsageError
from ringkas.fileio import sha256_hex
from ringkas.translate.base import (
    DEFAULT_BEAMS,
    Engine,
    EngineUnavailable,
    Generated,
    Translator,
    TranslatorId,
    require_pinned_files,
)
from ringkas.translate.batching import DEFAULT_BATCH_TOKENS, MAX_BATCH_SENTENCES

if TYPE_CHECKING:
    from pathlib import Path

    from ringkas.models.lock import ModelPin
    from ringkas.settings import Settings

from ringkas.translate.guarded import GUARD_VERSION, GuardedTranslator


@dataclass(frozen=True)
class EngineSpec:
    """How to build an engine: `module:function(folder, pin, threads=…)`, and what it imports."""

    loader: str
    needs: tuple[str, ...]


#: Engines by name; "auto" picks the first whose packages are installed.
ENGINES = {
    "ctranslate2": EngineSpec(
        "ringkas.translate.ct2:load_engine", ("ctranslate2", "sentencepiece")
    ),
    "transformers": EngineSpec("ringkas.translate.marian:load_engine", ("torch", "transformers")),
}


def pick_engine(name: str, folder: Path, pin: ModelPin) -> str:
    """Resolve "auto" and check the engine's packages are installed, without importing them."""
    if name != "auto" and name not in ENGINES:
        raise UsageError(f"unknown engine {name!r} (known: auto, {', '.join(ENGINES)})")
    candidates = list(ENGINES) if name == "auto" else [name]
    if name == "auto":
        from ringkas.translate.convert import has_conversion

        if not has_conversion(pin, folder):  # auto takes CTranslate2 only once converted
            candidates.remove("ctranslate2")
    for candidate in candidates:
        missing = [m for m in ENGINES[candidate].needs if importlib.util.find_spec(m) is None]
        if not missing:
            return candidate
    raise EngineUnavailable(
        f"the {candidates[-1]} engine needs the Python package(s) {', '.join(missing)}."
    )


def load_engine(name: str, folder: Path, pin: ModelPin, *, threads: int | None = None) -> Engine:
    """Import and build the engine called `name` (already resolved by pick_engine)."""
    module_name, func_name = ENGINES[name].loader.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise EngineUnavailable(
            f"the {name} engine needs the Python package {error.name or '(unknown)'}."
        ) from None
    engine: Engine = getattr(module, func_name)(folder, pin, threads=threads)
    return engine


class LazyEngine:
    """An Engine loaded on first use, so a run the cache answers never imports torch."""

    def __init__(self, name: str, load: Callable[[], Engine]) -> None:
        self._name = name
        self._load = load
        self._engine: Engine | None = None

    @property
    def name(self) -> str:
        """The engine's name, known before loading."""
        return self._name

    @property
    def loaded(self) -> Engine:
        """The real engine, loaded now if it was not yet."""
        if self._engine is None:
            self._engine = self._load()
        return self._engine

    @property
    def max_input_tokens(self) -> int:
        """The longest source the model takes."""
        return self.loaded.max_input_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source tokens of each text, with EOS."""
        return self.loaded.count_tokens(texts)

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int = 1,
        max_new_tokens: int = 256,
        no_repeat_ngram_size: int | None = None,
    ) -> list[Generated]:
        """Translate one batch."""
        return self.loaded.generate(
            texts,
            beam_size=beam_size,
            max_new_tokens=max_new_tokens,
            no_repeat_ngram_size=no_repeat_ngram_size,
        )


def read_generation_config(folder: Path) -> dict[str, Any]:
    """The model's generation_config.json (its decoding settings), verified against the lock."""
    path = folder / "generation_config.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelUnavailable(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict):
        raise ModelUnavailable(f"{path} does not hold a JSON object.")
    return data


def model_beams(generation: Mapping[str, Any]) -> int:
    """The beam size the model's authors chose (num_beams), 1 (greedy) when they chose none."""
    beams = generation.get("num_beams", DEFAULT_BEAMS)
    return beams if isinstance(beams, int) and beams >= 1 else DEFAULT_BEAMS


def cache_key(facts: Mapping[str, Any]) -> str:
    """A short hash naming everything that decides a translation (files, engine, decoding)."""
    text = json.dumps(facts, sort_keys=True, separators=(",", ":"))
    return sha256_hex(text.encode())[:32]


def load_translator(
    pin: ModelPin,
    *,
    settings: Settings | None = None,
    engine: str = "auto",
    use_cache: bool = True,
    threads: int | None = None,
    batch_size: int = MAX_BATCH_SENTENCES,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    beam: int | None = None,
    notify: Callable[[str], None] | None = None,
) -> Translator:
    """Build the translator for a pinned model: verified, offline, guarded and cached.

    The model's files are checked now; the engine (torch, transformers) loads only when a
    sentence is not in the cache. `beam` None decodes as the model's generation_config.json
    asks (num_beams); 1 is greedy. `notify` receives notices (a damaged cache set aside).
    """
    from ringkas.models.store import check_model, require_model
    from ringkas.settings import load_settings

    if beam is not None and beam < 1:
        raise UsageError(f"--beam takes a whole number >= 1, not {beam}")
    settings = settings or load_settings()
    require_pinned_files(pin)
    folder = require_model(pin, settings)  # missing or not matching the lock: ModelUnavailable
    name = pick_engine(engine, folder, pin)
    beams = beam or model_beams(read_generation_config(folder))
    hashes = {f.name: f.sha256 for f in check_model(pin, settings).files}
    facts: dict[str, Any] = {"files": hashes}
    label = name
    if name == "ctranslate2":  # its converted copy is checked now, like the model's files
        from ringkas.translate.convert import require_converted

        converted = require_converted(pin, folder, settings)
        label = converted.engine_label
        facts = {"ct2_manifest": converted.manifest_sha256, "weights": hashes[pin.weights.name]}
    backend = LazyEngine(label, lambda: load_engine(name, folder, pin, threads=threads))
    translator: Translator = GuardedTranslator(
        backend,
        TranslatorId(model=pin.ref, engine=backend.name, beam=beams),
        batch_size=batch_size,
        batch_tokens=batch_tokens,
        beam_size=beams,
    )
    if use_cache:
        from ringkas.translate.cache import CachedTranslator, open_cache

        cache = open_cache(settings.translation_cache, notify=notify)
        if cache is not None:
            facts.update(engine=label, beam=beams, guard=GUARD_VERSION)
            translator = CachedTranslator(
                translator,
                cache,
                model=f"{pin.repo}@{pin.revision}",
                engine=f"{label}/beam{beams}/g{GUARD_VERSION}/{cache_key(facts)}",
                notify=notify,
            )
    return translator
