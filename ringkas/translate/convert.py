"""The CTranslate2 copy of the pinned MarianMT: converting it, and checking it like the model.

Converting needs torch and transformers (`ringkas models convert`, or `models pull`): the weights
are read through `ringkas.translate.marian` (weights_only, from the verified folder, offline) and
written into a sibling folder with a manifest, `ringkas-ct2.json`, that names the source pin, the
compute type, and the size and SHA-256 of every file. A load checks those files the way
`models.store` checks the model's own, so a changed file is refused.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ringkas.errors import ModelUnavailable, UsageError
from ringkas.fileio import sha256_file, swap_folder
from ringkas.models.lock import FilePin, ModelPin
from ringkas.settings import Settings
from ringkas.translate.base import require_pinned_files

ENGINE_NAME = "ctranslate2"
MANIFEST = "ringkas-ct2.json"
MANIFEST_SCHEMA = 1
DEFAULT_COMPUTE_TYPE = "int8"
#: What `models convert --compute-type` accepts: the CPU types CTranslate2 runs here.
COMPUTE_TYPES = ("int8", "int8_float32", "float32")
#: Tokenizer and generation files copied from the model folder (when the lock pins them).
_COPIED = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
    "generation_config.json",
)


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


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest `models convert` wrote (schema checked; its files are not)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelUnavailable(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
        raise ModelUnavailable(f"{path} is not a ringkas CTranslate2 manifest (schema 1).")
    return data


def converted_pin(pin: ModelPin, folder: Path) -> tuple[ModelPin, dict[str, Any]]:
    """The converted copy as a ModelPin (its files and hashes from the manifest), and the manifest.

    The pin is checked by `models.store.check_model` like any model: sizes, SHA-256s, and the
    stat cache that spares a re-hash while a file is unchanged.
    """
    where = converted_folder(pin, folder)
    manifest = read_manifest(where / MANIFEST)
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
        manifest_sha256=sha256_file(converted_folder(pin, folder) / MANIFEST),
    )


def conversion_problems(
    pin: ModelPin, folder: Path, settings: Settings, *, full: bool = False
) -> list[str]:
    """What is wrong with a model's converted copy (nothing: []); it must exist."""
    from ringkas.models.store import check_model, read_model_state

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
    if recorded.get("manifest_sha256") != sha256_file(converted_folder(pin, folder) / MANIFEST):
        return [f"has a {MANIFEST} other than the one `ringkas models convert` wrote."]
    return []


def record_conversion(pin: ModelPin, folder: Path, settings: Settings) -> None:
    """Record the converted copy's manifest hash and source weights in the model's state."""
    from ringkas.models.store import write_model_state

    where = converted_folder(pin, folder)
    manifest = read_manifest(where / MANIFEST)
    value = {
        "manifest_sha256": sha256_file(where / MANIFEST),
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

        from ringkas.translate import marian
    except ImportError as error:
        raise ModelUnavailable(
            f"converting to CTranslate2 needs the Python package {error.name}; install "
            "'ringkas[translate,fast]'."
        ) from None
    from ringkas.models.store import check_model

    require_pinned_files(pin)
    digest = next(f.sha256 for f in check_model(pin, settings).files if f.name == pin.weights.name)
    # The model comes from ringkas.translate.marian (weights_only, the verified file), not from
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
        swap_folder(work / "m", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record_conversion(pin, folder, settings)
    return require_converted(pin, folder, settings)
