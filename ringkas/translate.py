"""The Translator protocol, the guards against known MarianMT failures, and the one door to the
heavy translation backends (`load_translator`).

A translator returns one string per input, in order; an empty string means "no usable
translation" (the guards refused the output twice), and the pipeline flags it instead of
printing garbage.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ringkas.batching import DEFAULT_BATCH_TOKENS, MAX_BATCH_SENTENCES, token_batches
from ringkas.errors import LockError, ModelUnavailable, PackagesMissing, UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from ringkas.lock import ModelPin
    from ringkas.settings import Settings

#: Bump when the guards or splitting change what a translation is (it is part of cache keys).
GUARD_VERSION = 2
#: Files the translation engines read from a model folder besides the weights: a lock that does
#: not pin every one of them is refused, so no unpinned file decides what is printed.
MODEL_FILES = (
    "config.json",
    "generation_config.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
)


@dataclass(frozen=True)
class EngineSpec:
    """How to build an engine: `module:function(folder, pin, threads=…)`, and what it imports."""

    loader: str
    needs: tuple[str, ...]


#: Engines by name; "auto" picks the first whose packages are installed.
ENGINES = {
    "ctranslate2": EngineSpec("ringkas.ct2:load_engine", ("ctranslate2", "sentencepiece")),
    "transformers": EngineSpec("ringkas.marian:load_engine", ("torch", "transformers")),
}
RETRY_BEAMS = 4
RETRY_NO_REPEAT = 3
#: What the model's generation_config.json asks for when it names no beam (transformers' own).
DEFAULT_BEAMS = 1


class EngineUnavailable(PackagesMissing):
    """The model is there but the packages its engine needs (torch, transformers) are not."""


class Translator(Protocol):
    """Turns Indonesian sentences into English, one output per input, in order."""

    @property
    def label(self) -> str:
        """What produced the output: `Helsinki-NLP/opus-mt-id-en@1a64c13 transformers`."""
        ...

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate a batch of sentences ("" where no usable translation was found)."""
        ...


@dataclass(frozen=True)
class Generated:
    """One engine output: the decoded text and how many target tokens it took."""

    text: str
    tokens: int


class Engine(Protocol):
    """A loaded model that generates translations of a batch (transformers, CTranslate2)."""

    @property
    def name(self) -> str:
        """The engine's name in labels and cache keys, e.g. `transformers`."""
        ...

    @property
    def max_input_tokens(self) -> int:
        """The longest source (in tokens, with EOS) the model takes."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source tokens of each text, with EOS, however long (never cut to max_input_tokens)."""
        ...

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int = 1,
        max_new_tokens: int = 256,
        no_repeat_ngram_size: int | None = None,
    ) -> list[Generated]:
        """Translate one batch, greedy when beam_size is 1."""
        ...


# --- guards -------------------------------------------------------------------------------

EMPTY = "empty"
REPEATS = "repeats"
TOO_LONG = "too long"


def output_budget(source_tokens: int) -> int:
    """The most target tokens a sane translation of `source_tokens` needs (EOS excluded)."""
    # English runs about as long as Indonesian in SentencePiece tokens; twice plus slack is
    # generous, and a loop that never ends hits it fast.
    return 2 * source_tokens + 10


def _has_word_loop(words: Sequence[str]) -> bool:
    """True when some 1–4 word n-gram repeats at least four times in a row."""
    for size in range(1, 5):
        for start in range(len(words) - 4 * size + 1):
            gram = words[start : start + size]
            if all(words[start + k * size : start + (k + 1) * size] == gram for k in range(1, 4)):
                return True
    return False


# A unit of 2–20 non-space characters written five or more times with no space between
# ("ManaManaManaManaMana"); digits alone (1000000000) are numbers, not loops.
_GLUED_LOOP = re.compile(r"(\S{2,20}?)\1{4,}")


def find_fault(text: str, source_tokens: int, output_tokens: int) -> str | None:
    """Name what is wrong with an output (empty, repeats, too long), or None when it looks sane."""
    if not any(ch.isalnum() for ch in text):
        return EMPTY
    words = [w.strip(".,;:!?\"'()").lower() for w in text.split()]
    if _has_word_loop([w for w in words if w]):
        return REPEATS
    if any(not m.group(1).isdigit() for m in _GLUED_LOOP.finditer(text)):
        return REPEATS
    if output_tokens >= output_budget(source_tokens):
        return TOO_LONG
    return None


# --- long inputs --------------------------------------------------------------------------

# Indonesian clause openers: a comma before one of these is the best place to cut.
_CONJUNCTIONS = (
    "tetapi|namun|sedangkan|sehingga|karena|sebab|yang|dan|atau|serta|bahwa|ketika|saat|"
    "sementara|meskipun|walaupun|padahal|agar|supaya|jika|kalau|apabila|hingga|lalu|kemudian"
)
_CUTS = (
    re.compile(r"(?<=[;:])\s+"),  # between clauses marked as such
    re.compile(rf"(?<=,)\s+(?=(?:{_CONJUNCTIONS})\b)", re.IGNORECASE),  # ", tetapi …"
    re.compile(r"(?<=,)\s+"),  # any comma
    re.compile(rf"\s+(?=(?:{_CONJUNCTIONS})\b)", re.IGNORECASE),  # "… yang …" without comma
)


def split_long(text: str, fits: Callable[[str], bool], level: int = 0) -> list[str]:
    """Split text that is too long for the model at clause boundaries, then between words."""
    if fits(text):
        return [text]
    if level >= len(_CUTS):
        words = text.split()
        if len(words) < 2:
            return [text]  # one enormous token run: the tokenizer truncates it
        middle = len(words) // 2
        left, right = " ".join(words[:middle]), " ".join(words[middle:])
        return split_long(left, fits, level) + split_long(right, fits, level)
    parts = [p for p in _CUTS[level].split(text) if p]
    if len(parts) < 2:
        return split_long(text, fits, level + 1)
    chunks: list[str] = []
    current = ""
    for part in parts:
        joined = f"{current} {part}" if current else part
        if current and not fits(joined):
            chunks.append(current)
            current = part
        else:
            current = joined
    chunks.append(current)
    return [piece for chunk in chunks for piece in split_long(chunk, fits, level + 1)]


# --- the guarded translator ---------------------------------------------------------------


# Text with no letters once web and mail addresses are set aside (numbers, prices, dates,
# phone numbers, URLs, emoji) has nothing to translate: the model would only invent words.
_ADDRESSES = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)


def has_words(text: str) -> bool:
    """True when a text holds letters outside web and mail addresses (something to translate)."""
    return any(ch.isalpha() for ch in _ADDRESSES.sub(" ", text))


class GuardedTranslator:
    """Translates through an Engine: splits long inputs, checks every output, retries once.

    Segments without words pass through unchanged; `beam_size` is the model's own (its
    generation_config.json) unless the user chose one (`--beam`).
    """

    def __init__(
        self,
        engine: Engine,
        label: str,
        *,
        batch_size: int = MAX_BATCH_SENTENCES,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
        beam_size: int = DEFAULT_BEAMS,
    ) -> None:
        self.engine = engine
        self._label = label
        self.batch_size = batch_size  # at most this many sentences in a batch
        self.batch_tokens = batch_tokens  # and at most this many padded source tokens
        self.beam_size = beam_size

    @property
    def label(self) -> str:
        """The model reference and engine, as named in signatures."""
        return self._label

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate sentences; "" where the output failed the guards twice."""
        pieces: list[str] = []
        owners: list[int] = []
        kept: dict[int, str] = {}

        def fits(text: str) -> bool:
            return self.engine.count_tokens([text])[0] <= self.engine.max_input_tokens

        for number, text in enumerate(texts):
            clean = " ".join(text.split())
            if not clean:
                continue
            if not has_words(clean):
                kept[number] = clean
                continue
            for piece in split_long(clean, fits):
                pieces.append(piece)
                owners.append(number)
        done = self._translate_pieces(pieces)
        parts: list[list[str | None]] = [[] for _ in texts]
        for owner, english in zip(owners, done, strict=True):
            parts[owner].append(english)
        results = ["" if not p or None in p else " ".join(x for x in p if x) for p in parts]
        for number, text in kept.items():
            results[number] = text
        return results

    def _translate_pieces(self, pieces: Sequence[str]) -> list[str | None]:
        if not pieces:
            return []
        sizes = self.engine.count_tokens(pieces)
        results: list[str | None] = [None] * len(pieces)
        failed = self._run(pieces, sizes, range(len(pieces)), results, retry=False)
        self._run(pieces, sizes, failed, results, retry=True)
        return results

    def _run(
        self,
        pieces: Sequence[str],
        sizes: Sequence[int],
        todo: Sequence[int],
        results: list[str | None],
        *,
        retry: bool,
    ) -> list[int]:
        """Translate the pieces numbered `todo` in length-sorted batches; return the failures."""
        order = sorted(todo, key=lambda i: (sizes[i], i))
        failed = []
        beams = max(RETRY_BEAMS, self.beam_size) if retry else self.beam_size
        # A beam search holds `beams` rows per sentence: the token budget is shared by them.
        for batch in token_batches(
            order, sizes, max_tokens=max(1, self.batch_tokens // beams), max_count=self.batch_size
        ):
            budget = max(output_budget(sizes[i]) for i in batch)
            outputs = self.engine.generate(
                [pieces[i] for i in batch],
                beam_size=beams,
                max_new_tokens=budget + 1,  # one past the budget shows a runaway
                no_repeat_ngram_size=RETRY_NO_REPEAT if retry else None,
            )
            for i, out in zip(batch, outputs, strict=True):
                if find_fault(out.text, sizes[i], out.tokens) is None:
                    results[i] = out.text
                else:
                    failed.append(i)
        return failed


# --- the one door -------------------------------------------------------------------------


def pick_engine(name: str, folder: Path, pin: ModelPin) -> str:
    """Resolve "auto" and check the engine's packages are installed, without importing them."""
    if name != "auto" and name not in ENGINES:
        raise UsageError(f"unknown engine {name!r} (known: auto, {', '.join(ENGINES)})")
    candidates = list(ENGINES) if name == "auto" else [name]
    if name == "auto":
        from ringkas.ct2 import has_conversion

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


def require_pinned_files(pin: ModelPin) -> None:
    """Refuse a lock that leaves a file the engines read unpinned (it could change unseen)."""
    pinned = {item.name for item in pin.files}
    missing = [name for name in MODEL_FILES if name not in pinned]
    if missing:
        raise LockError(
            f"models.lock entry {pin.name!r} does not pin {', '.join(missing)}, which the "
            "translator reads; add each under its [.files] table (`{}` pins it by the "
            "revision and trusts it on first use)."
        )


def cache_key(facts: Mapping[str, Any]) -> str:
    """A short hash naming everything that decides a translation (files, engine, decoding)."""
    text = json.dumps(facts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


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
    from ringkas.models_store import check_model, require_model
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
        from ringkas.ct2 import require_converted

        converted = require_converted(pin, folder, settings)
        label = converted.engine_label
        facts = {"ct2_manifest": converted.manifest_sha256, "weights": hashes[pin.weights.name]}
    backend = LazyEngine(label, lambda: load_engine(name, folder, pin, threads=threads))
    translator: Translator = GuardedTranslator(
        backend,
        f"{pin.ref} {backend.name}|beam:{beams}",
        batch_size=batch_size,
        batch_tokens=batch_tokens,
        beam_size=beams,
    )
    if use_cache:
        from ringkas.tcache import CachedTranslator, open_cache

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
