"""The CTranslate2 engine: a converted copy of the pinned MarianMT, checked like the model itself.

Translating needs only `ctranslate2` and `sentencepiece` (never torch or transformers): text is
cut into pieces with the model's own source.spm and mapped through vocab.json exactly as
MarianTokenizer does, and output pieces are joined back the same way.

Converting needs torch and transformers (`ringkas models convert`, or `models pull`): the weights
are read through `ringkas.marian` (weights_only, from the verified folder, offline) and written
into a sibling folder with a manifest, `ringkas-ct2.json`, that names the source pin, the
compute type, and the size and SHA-256 of every file. A load checks those files the way
`models_store` checks the model's own, so a changed file is refused.

Compute type and threads come from bench/translate_speed.py on a 2-core AMD EPYC (Zen 4 in a
VM): int8 decodes 2-4x faster than float32, since decoding is bound by reading weights (the
54k x 512 output projection alone is 112 MB in float32, 28 MB in int8, per step), and one
thread does as well as two on a shared machine, where a second OpenMP thread spins waiting.
(CT2_USE_MKL=1 would make int8 ~40x slower here: MKL's integer GEMM on a non-Intel CPU.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ringkas.batching import DEFAULT_BATCH_TOKENS
from ringkas.errors import ModelUnavailable, UsageError
from ringkas.lock import FilePin, ModelPin
from ringkas.settings import Settings
from ringkas.translate import Generated

ENGINE_NAME = "ctranslate2"
MANIFEST = "ringkas-ct2.json"
MANIFEST_SCHEMA = 1
DEFAULT_COMPUTE_TYPE = "int8"
#: What `models convert --compute-type` accepts: the CPU types CTranslate2 runs here.
COMPUTE_TYPES = ("int8", "int8_float32", "float32")
#: One intra-op thread: as fast as two when the CPU is shared, and no spinning second thread.
DEFAULT_THREADS = 1
#: Tokenizer and generation files copied from the model folder (when the lock pins them).
_COPIED = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
    "generation_config.json",
)
_UNK, _EOS, _PAD = "<unk>", "</s>", "<pad>"
_SPECIAL_SPLIT = re.compile(r"(</s>|<unk>|<pad>)")


class ConversionMissing(ModelUnavailable):
    """The CTranslate2 engine was asked for, but the model has no converted copy."""

    hint = "Run `ringkas models convert` (needs torch and transformers once), or --engine auto."


class ConversionBad(ModelUnavailable):
    """The converted copy does not match what `models convert` recorded, or the pinned model."""

    hint = "Run `ringkas models convert` to convert the pinned model again."


#: The key of the model's state (RINGKAS_HOME/models/…) holding what `models convert` made: the
#: manifest's own SHA-256 (the manifest cannot vouch for itself) and the weights it came from.
STATE_KEY = "@ctranslate2"


@dataclass(frozen=True)
class Converted:
    """A verified converted model: its folder and the compute type it was converted to."""

    folder: Path
    compute_type: str
    manifest_sha256: str

    @property
    def engine_label(self) -> str:
        """The engine as named in labels, signatures and cache keys: `ctranslate2-int8`."""
        return f"{ENGINE_NAME}-{self.compute_type}"


# --- where the conversion lives and how it is checked ---------------------------------------


def converted_folder(pin: ModelPin, folder: Path) -> Path:
    """The converted copy's folder: beside a local model, or beside the hub snapshots."""
    if pin.path is not None:
        return folder.with_name(f"{folder.name}.ct2")
    # <hub>/models--OWNER--NAME/snapshots/REV -> <hub>/models--OWNER--NAME/ctranslate2/REV, out
    # of `snapshots/` so the hub's own cache tools never mistake it for a revision.
    return folder.parent.parent / "ctranslate2" / pin.revision


def has_conversion(pin: ModelPin, folder: Path) -> bool:
    """True when a converted copy (its manifest) exists; says nothing about its files."""
    return (converted_folder(pin, folder) / MANIFEST).is_file()


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelUnavailable(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
        raise ModelUnavailable(f"{path} is not a ringkas CTranslate2 manifest (schema 1).")
    return data


def converted_pin(pin: ModelPin, folder: Path) -> tuple[ModelPin, dict[str, Any]]:
    """The converted copy as a ModelPin (its files and hashes from the manifest), and the manifest.

    The pin is checked by `models_store.check_model` like any model: sizes, SHA-256s, and the
    stat cache that spares a re-hash while a file is unchanged.
    """
    where = converted_folder(pin, folder)
    manifest = _read_manifest(where / MANIFEST)
    source = manifest.get("source", {})
    if source.get("repo") != pin.repo or source.get("revision") != pin.revision:
        raise ConversionBad(
            f"{where} was converted from {source.get('repo')}@{source.get('revision')}, "
            f"not from {pin.repo}@{pin.revision}."
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or "model.bin" not in files:
        raise ConversionBad(f"{where / MANIFEST} lists no model.bin.")
    pins = tuple(
        FilePin(name=name, size=spec.get("size"), sha256=spec.get("sha256"))
        for name, spec in sorted(files.items())
    )
    checked = ModelPin(
        name=f"{pin.name}.ct2", repo=pin.repo, revision=pin.revision, files=pins, path=where
    )
    return checked, manifest


def require_converted(pin: ModelPin, folder: Path, settings: Settings) -> Converted:
    """Return the verified converted copy of a verified model, or raise ModelUnavailable.

    The manifest lists every converted file's hash, and the manifest's own hash is the one
    `models convert` recorded in this home for this model, made from the weights the lock pins.
    """
    if not has_conversion(pin, folder):
        raise ConversionMissing(f"{pin.ref} has no CTranslate2 conversion.")
    problems = conversion_problems(pin, folder, settings)
    if problems:
        where = converted_folder(pin, folder)
        raise ConversionBad(f"the CTranslate2 conversion of {pin.ref} in {where} " + problems[0])
    checked, manifest = converted_pin(pin, folder)
    compute_type = str(manifest.get("compute_type"))
    if compute_type not in COMPUTE_TYPES:
        raise ConversionBad(f"{checked.path}: unknown compute type {compute_type!r}.")
    return Converted(
        folder=converted_folder(pin, folder),
        compute_type=compute_type,
        manifest_sha256=_sha256(converted_folder(pin, folder) / MANIFEST),
    )


def _sha256(path: Path) -> str:
    from ringkas.models_store import sha256_file

    return sha256_file(path)


def conversion_problems(
    pin: ModelPin, folder: Path, settings: Settings, *, full: bool = False
) -> list[str]:
    """What is wrong with a model's converted copy (nothing: []); it must exist."""
    from ringkas.models_store import check_model, read_model_state

    try:
        checked, manifest = converted_pin(pin, folder)
    except ModelUnavailable as error:
        return [str(error)]
    check = check_model(checked, settings, full=full)
    if not check.is_verified:
        return ["does not match its manifest: " + "; ".join(check.problems()) + "."]
    weights = next(f.sha256 for f in check_model(pin, settings).files if f.name == pin.weights.name)
    if manifest["source"].get("sha256") != weights:
        return [f"was made from other weights than the pinned {pin.weights.name}."]
    recorded = read_model_state(pin, settings, folder, STATE_KEY)
    if not isinstance(recorded, dict) or recorded.get("weights_sha256") != weights:
        return ["was not made by `ringkas models convert` from these weights in this home."]
    if recorded.get("manifest_sha256") != _sha256(converted_folder(pin, folder) / MANIFEST):
        return [f"has a {MANIFEST} other than the one `ringkas models convert` wrote."]
    return []


def record_conversion(pin: ModelPin, folder: Path, settings: Settings) -> None:
    """Record the converted copy's manifest hash and source weights in the model's state."""
    from ringkas.models_store import write_model_state

    where = converted_folder(pin, folder)
    manifest = _read_manifest(where / MANIFEST)
    value = {
        "manifest_sha256": _sha256(where / MANIFEST),
        "weights_sha256": manifest.get("source", {}).get("sha256"),
    }
    try:
        write_model_state(pin, settings, folder, STATE_KEY, value)
    except OSError as error:
        message = f"cannot record the conversion in {settings.home}: {error}"
        raise ModelUnavailable(message) from None


# --- converting (torch + transformers, once) -------------------------------------------------


def convert_model(
    pin: ModelPin, folder: Path, settings: Settings, *, compute_type: str = DEFAULT_COMPUTE_TYPE
) -> Converted:
    """Convert the verified model in `folder` to CTranslate2 and record every file's hash."""
    if compute_type not in COMPUTE_TYPES:
        raise UsageError(
            f"unknown compute type {compute_type!r} (choose from {', '.join(COMPUTE_TYPES)})"
        )
    try:
        import ctranslate2
        from ctranslate2.converters import TransformersConverter

        from ringkas import marian
    except ImportError as error:
        raise ModelUnavailable(
            f"converting to CTranslate2 needs the Python package {error.name}; install "
            "'ringkas[translate,fast]'."
        ) from None
    from ringkas.models_store import check_model, sha256_file
    from ringkas.translate import require_pinned_files

    require_pinned_files(pin)
    digest = next(f.sha256 for f in check_model(pin, settings).files if f.name == pin.weights.name)
    # The model comes from ringkas.marian (weights_only, the verified file), not from
    # from_pretrained, so conversion runs no pickled code and never asks the hub.
    engine: Any = marian.load_engine(folder, pin)

    class _Converter(TransformersConverter):  # type: ignore[misc]
        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return engine._model

        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kw: Any) -> Any:
            return engine._tokenizer

    target = converted_folder(pin, folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        _Converter(str(folder)).convert(str(work / "m"), quantization=compute_type, force=True)
        for name in _COPIED:
            shutil.copyfile(folder / name, work / "m" / name)
        files = {
            path.name: {"size": path.stat().st_size, "sha256": sha256_file(path)}
            for path in sorted((work / "m").iterdir())
        }
        manifest = {
            "schema": MANIFEST_SCHEMA,
            "source": {"repo": pin.repo, "revision": pin.revision, "sha256": digest},
            "compute_type": compute_type,
            "ctranslate2": ctranslate2.__version__,
            "files": files,
        }
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        (work / "m" / MANIFEST).write_text(text, encoding="utf-8")
        (work / "m").chmod(0o755)
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
            os.replace(work / "m", target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(work / "m", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record_conversion(pin, folder, settings)
    return require_converted(pin, folder, settings)


# --- tokenizing as MarianTokenizer does, without transformers ---------------------------------


class MarianPieces:
    """MarianTokenizer's encode and decode, on sentencepiece and vocab.json alone."""

    def __init__(self, folder: Path) -> None:
        import sentencepiece

        config: dict[str, Any] = {}
        if (folder / "tokenizer_config.json").is_file():
            config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
        self.vocab: dict[str, int] = json.loads((folder / "vocab.json").read_text("utf-8"))
        self.max_length = int(config.get("model_max_length", 512))
        self._source = sentencepiece.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        # MarianTokenizer decodes with the source model unless the vocabularies are separate.
        separate = bool(config.get("separate_vocabs", False))
        self._decoder = (
            sentencepiece.SentencePieceProcessor(model_file=str(folder / "target.spm"))
            if separate
            else self._source
        )
        self._special = {_EOS, _UNK, _PAD}
        self._clean_up = bool(config.get("clean_up_tokenization_spaces", False))

    def encode(self, text: str, *, cut: bool = True) -> list[str]:
        """Source pieces with EOS, unknown pieces as <unk>, cut to the model's length unless
        `cut` is False (counting: a long sentence must be seen as long to be split)."""
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:  # a >>lang<< prefix
            code, text = [text[: end + 2]], text[end + 2 :]
        pieces = list(code)
        # Special tokens written in the text stay whole, as transformers keeps them.
        for part in _SPECIAL_SPLIT.split(text):
            if part in self._special:
                pieces.append(part)
            elif part:
                pieces += self._source.encode(part, out_type=str)
        pieces = [p if p in self.vocab else _UNK for p in pieces]
        if cut:
            pieces = pieces[: self.max_length - 1]
        return [*pieces, _EOS]

    def decode(self, pieces: Sequence[str]) -> str:
        """Join output pieces into text, dropping special tokens (skip_special_tokens)."""
        kept = [p for p in pieces if p not in self._special]
        text: str = self._decoder.decode_pieces(kept)
        text = text.replace("\u2581", " ").strip()
        return clean_up_tokenization(text) if self._clean_up else text


def clean_up_tokenization(text: str) -> str:
    """Undo tokenization spaces as transformers does when `clean_up_tokenization_spaces` is on
    (PreTrainedTokenizerBase.clean_up_tokenization): "I'm here , don't go ." -> "…here, …go."."""
    for spaced, joined in _CLEAN_UP:
        text = text.replace(spaced, joined)
    return text


# In transformers' order: " ' " must become "'" before " 's" is looked at.
_CLEAN_UP = (
    (" .", "."),
    (" ?", "?"),
    (" !", "!"),
    (" ,", ","),
    (" ' ", "'"),
    (" n't", "n't"),
    (" 'm", "'m"),
    (" 's", "'s"),
    (" 've", "'ve"),
    (" 're", "'re"),
)


# --- the engine -------------------------------------------------------------------------------


class CT2Engine:
    """Greedy or beam generation with a CTranslate2 Translator on a converted folder."""

    def __init__(
        self,
        translator: Any,
        pieces: MarianPieces,
        generation: dict[str, Any],
        *,
        name: str,
        fixed_new_tokens: int | None = None,
        target_vocabulary: frozenset[str] | None = None,
    ) -> None:
        self._translator = translator
        self._pieces = pieces
        self.name = name
        self.max_input_tokens = pieces.max_length
        self.max_output_tokens = int(generation.get("max_length") or pieces.max_length) - 1
        self._no_repeat = int(generation.get("no_repeat_ngram_size") or 0)
        # transformers forces EOS at the last allowed step, so its outputs hold one piece less.
        self._forced_eos = generation.get("forced_eos_token_id") is not None
        self._fixed = fixed_new_tokens
        # bad_words_ids (the real model bans <pad>), as transformers applies them. A piece the
        # converted vocabulary lacks cannot be generated at all (the converter drops <pad>).
        by_id = {number: piece for piece, number in pieces.vocab.items()}
        banned = [
            [by_id[i] for i in ids]
            for ids in generation.get("bad_words_ids") or []
            if ids and all(i in by_id for i in ids)
        ]
        known = target_vocabulary
        self._suppress = [s for s in banned if known is None or all(p in known for p in s)]
        self.batch_tokens = DEFAULT_BATCH_TOKENS  # CTranslate2's max_batch_size, in tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return the number of source tokens (with EOS) of each text, however long."""
        return [len(self._pieces.encode(text, cut=False)) for text in texts]

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int = 1,
        max_new_tokens: int = 256,
        no_repeat_ngram_size: int | None = None,
    ) -> list[Generated]:
        """Translate one batch; None for no_repeat_ngram_size keeps the model's own setting."""
        if not texts:
            return []
        steps = min(max_new_tokens, self.max_output_tokens)
        options: dict[str, Any] = {
            "beam_size": beam_size,
            "max_decoding_length": steps - 1 if self._forced_eos else steps,
            "no_repeat_ngram_size": (
                self._no_repeat if no_repeat_ngram_size is None else no_repeat_ngram_size
            ),
        }
        if self._fixed is not None:  # benchmarks: exactly as many decoder steps as transformers
            options.update(
                max_decoding_length=self._fixed,
                min_decoding_length=self._fixed,
                no_repeat_ngram_size=0,
            )
        if self._suppress:
            options["suppress_sequences"] = self._suppress
        results = self._translator.translate_batch(
            [self._pieces.encode(text) for text in texts],
            # The caller's batches are cut by tokens already (ringkas.batching); the same budget
            # here keeps a larger list from becoming one oversized batch.
            max_batch_size=self.batch_tokens,
            batch_type="tokens",
            **options,
        )
        outputs = []
        for result in results:
            pieces = list(result.hypotheses[0])
            if self._fixed is not None and self._forced_eos:
                pieces = pieces[:-1]  # where transformers puts the forced EOS
            outputs.append(Generated(text=self._pieces.decode(pieces), tokens=len(pieces)))
        return outputs


def load_engine(
    folder: Path,
    pin: ModelPin,
    *,
    threads: int | None = None,
    fixed_new_tokens: int | None = None,
    compute_type: str | None = None,
) -> CT2Engine:
    """Load the converted copy of the model in `folder` (checked by require_converted first)."""
    import ctranslate2

    where = converted_folder(pin, folder)
    manifest = _read_manifest(where / MANIFEST)
    stored = str(manifest.get("compute_type", DEFAULT_COMPUTE_TYPE))
    generation: dict[str, Any] = {}
    if (where / "generation_config.json").is_file():
        generation = json.loads((where / "generation_config.json").read_text(encoding="utf-8"))
    translator = ctranslate2.Translator(
        str(where),
        device="cpu",
        compute_type=compute_type or stored,
        intra_threads=threads or DEFAULT_THREADS,
        inter_threads=1,
    )
    return CT2Engine(
        translator,
        MarianPieces(where),
        generation,
        name=f"{ENGINE_NAME}-{compute_type or stored}",
        fixed_new_tokens=fixed_new_tokens,
        target_vocabulary=_target_vocabulary(where),
    )


def _target_vocabulary(where: Path) -> frozenset[str] | None:
    """The pieces the converted model can generate (None when its vocabulary file is unknown)."""
    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        if (where / name).is_file():
            return frozenset(json.loads((where / name).read_text(encoding="utf-8")))
    for name in ("target_vocabulary.txt", "shared_vocabulary.txt"):
        if (where / name).is_file():
            return frozenset((where / name).read_text(encoding="utf-8").splitlines())
    return None
