"""Read and check models.lock: each model pinned to a full commit and, where known, file hashes.

The format (TOML):

    ["translate.id-en"]
    repo = "Helsinki-NLP/opus-mt-id-en"
    revision = "1a64c1365188ab289269900bdb12b6fea3fb3063"   # a full 40-hex commit, nothing else
    path = "/srv/models/opus-mt-id-en"   # optional: a local folder instead of the HF cache

    ["translate.id-en".files]
    "pytorch_model.bin" = { size = 291176931, sha256 = "798f…" }
    "config.json" = {}          # pinned by the revision until a hash is recorded

A relative `path` is read from the lock file's folder.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from ringkas.errors import LockError

DEFAULT_MODEL = "translate.id-en"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")

_REVISION = re.compile(r"[0-9a-f]{40}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_REPO = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
_ENTRY_KEYS = frozenset({"repo", "revision", "path", "files"})


@dataclass(frozen=True)
class FilePin:
    """One file of a pinned model: its name and, where recorded, size and SHA-256."""

    name: str
    size: int | None = None
    sha256: str | None = None

    @property
    def is_hashed(self) -> bool:
        """True when the lock records this file's SHA-256."""
        return self.sha256 is not None


@dataclass(frozen=True)
class ModelPin:
    """A model pinned to a commit: where it comes from, which files, and how to check them."""

    name: str
    repo: str
    revision: str
    files: tuple[FilePin, ...]
    path: Path | None = None

    @property
    def ref(self) -> str:
        """`repo@revision[:7]`, as shown in signatures."""
        return f"{self.repo}@{self.revision[:7]}"

    @property
    def weights(self) -> FilePin:
        """The weights file (safetensors preferred over a pickle-format .bin)."""
        by_name = {f.name: f for f in self.files}
        for name in WEIGHT_FILES:
            if name in by_name:
                return by_name[name]
        raise LockError(f"models.lock entry {self.name!r} lists no weights file ({WEIGHT_FILES})")

    def file(self, name: str) -> FilePin:
        """Return the pinned file called `name`."""
        for item in self.files:
            if item.name == name:
                return item
        raise KeyError(name)


@dataclass(frozen=True)
class Lock:
    """A parsed models.lock: the pins in file order and where the file lives."""

    path: Path
    models: tuple[ModelPin, ...]

    def pin(self, name: str | None = None) -> ModelPin:
        """Return the pin called `name` (default: the translation model)."""
        wanted = name or DEFAULT_MODEL
        for model in self.models:
            if model.name == wanted:
                return model
        if name is None and len(self.models) == 1:
            return self.models[0]
        known = ", ".join(m.name for m in self.models) or "none"
        raise LockError(f"{self.path}: no model named {wanted!r} (pinned: {known})")


def default_lock_path() -> Path:
    """The models.lock shipped with ringkas."""
    return Path(str(resources.files("ringkas") / "models.lock"))


def read_lock(path: Path | None = None) -> Lock:
    """Read and check a models.lock (default: the one shipped with ringkas)."""
    path = path or default_lock_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LockError(f"cannot read {path}: {error.strerror or error}") from None
    return parse_lock(text, path)


def parse_lock(text: str, path: Path) -> Lock:
    """Parse models.lock text; `path` names it in errors and anchors relative folders."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LockError(f"{path}: not valid TOML ({error})") from None
    models = tuple(_parse_entry(name, entry, path) for name, entry in data.items())
    if not models:
        raise LockError(f"{path}: pins no model")
    return Lock(path=path, models=models)


def _parse_entry(name: str, entry: Any, path: Path) -> ModelPin:
    where = f"{path}: [{name!r}]"
    if not isinstance(entry, Mapping):
        raise LockError(f"{where} must be a table")
    if not _NAME.fullmatch(name):
        raise LockError(f"{where}: model names use lower-case letters, digits, '.', '_', '-'")
    unknown = sorted(set(entry) - _ENTRY_KEYS)
    if unknown:
        raise LockError(f"{where}: unknown keys {unknown}")
    repo = entry.get("repo")
    if not isinstance(repo, str) or not _REPO.fullmatch(repo):
        raise LockError(f"{where}: repo must look like 'owner/name'")
    revision = entry.get("revision")
    if not isinstance(revision, str) or not _REVISION.fullmatch(revision):
        raise LockError(
            f"{where}: revision must be a full 40-character commit hash (lower-case hex), "
            f"not {revision!r}"
        )
    folder = entry.get("path")
    if folder is not None and (not isinstance(folder, str) or not folder):
        raise LockError(f"{where}: path must be a folder name")
    files = entry.get("files")
    if not isinstance(files, Mapping) or not files:
        raise LockError(f"{where}: list the model's files under [{name!r}.files]")
    local = None
    if folder is not None:
        local = Path(folder).expanduser()
        local = local if local.is_absolute() else path.parent / local
    pin = ModelPin(
        name=name,
        repo=repo,
        revision=revision,
        files=tuple(_parse_file(where, file_name, spec) for file_name, spec in files.items()),
        path=local,
    )
    if not any(item.name in WEIGHT_FILES for item in pin.files):
        raise LockError(f"{where}: lists no weights file ({', '.join(WEIGHT_FILES)})")
    return pin


def _parse_file(where: str, name: str, spec: Any) -> FilePin:
    if "/" in name or "\\" in name or name in ("", ".", ".."):
        raise LockError(f"{where}: {name!r} is not a plain file name")
    if not isinstance(spec, Mapping) or set(spec) - {"size", "sha256"}:
        raise LockError(f"{where}: {name!r} takes only size and sha256")
    size = spec.get("size")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        raise LockError(f"{where}: {name!r} size must be a whole number of bytes")
    sha256 = spec.get("sha256")
    if sha256 is not None and (not isinstance(sha256, str) or not _SHA256.fullmatch(sha256)):
        raise LockError(f"{where}: {name!r} sha256 must be 64 lower-case hex digits")
    return FilePin(name=name, size=size, sha256=sha256)


def record_hashes(lock: Lock, name: str, found: Mapping[str, FilePin]) -> Lock:
    """Return `lock` with the files of model `name` filled in from `found` (hashes measured)."""
    models = []
    for model in lock.models:
        if model.name == name:
            files = tuple(
                f if f.is_hashed and f.size is not None else found.get(f.name, f)
                for f in model.files
            )
            model = replace(model, files=files)
        models.append(model)
    return replace(lock, models=tuple(models))


def format_lock(lock: Lock, header: str = "") -> str:
    """Write a Lock back as models.lock text (stable order, one line per file)."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    for model in lock.models:
        if lines:
            lines.append("")
        lines += [
            f'["{model.name}"]',
            f'repo = "{model.repo}"',
            f'revision = "{model.revision}"',
        ]
        if model.path is not None:
            lines.append(f"path = {_toml_string(_relative(model.path, lock.path.parent))}")
        lines += ["", f'["{model.name}".files]']
        for item in model.files:
            fields = []
            if item.size is not None:
                fields.append(f"size = {item.size}")
            if item.sha256 is not None:
                fields.append(f'sha256 = "{item.sha256}"')
            body = "{ " + ", ".join(fields) + " }" if fields else "{}"
            lines.append(f"{_toml_string(item.name)} = {body}")
    return "\n".join(lines) + "\n"


def _relative(folder: Path, base: Path) -> str:
    try:
        return str(folder.relative_to(base))
    except ValueError:
        return str(folder)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
