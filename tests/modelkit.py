"""An architecture-exact MarianMT with seeded random weights, laid out like the real repository.

Tests, benchmarks, the CTranslate2 engine and the digest reuse this; keep the API stable:

    folder = build_random_marian(dest)            # idempotent: a complete folder is reused
    lock = write_random_marian_lock(folder, lock_path)   # a models.lock pinning it (sha256s)

The weights are random, so the model never chooses EOS by itself and greedy decoding falls into
a one-token loop. Two settings in the folder's generation_config.json (a legitimate part of
any model folder, read by the translator like the real one's) keep outputs short, fixed and
non-repeating:
- `max_length = 1 + new_tokens`: every output has exactly `new_tokens - 1` word pieces plus the
  forced EOS, so generation is bounded and test runs stay fast;
- `no_repeat_ngram_size = 1`: no piece repeats, so outputs pass the repetition guard.
Benchmarks override both per call (fixed `min_new_tokens == max_new_tokens`, no n-gram rule).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_TOKENIZER = ROOT.parent / "shared" / "models" / "opus-mt-id-en-tokenizer"

#: Files copied verbatim from the shared tokenizer folder.
TOKENIZER_FILES = (
    "config.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)
WEIGHTS = "pytorch_model.bin"
MODEL_FILES = (*TOKENIZER_FILES, "generation_config.json", WEIGHTS)
#: Stands in for the upstream repository in signatures; it names no real repository.
RANDOM_REPO = "ringkas-tests/opus-mt-id-en-random"
DEFAULT_NEW_TOKENS = 8
# Linear layers get a wider spread than the config's init_std so outputs depend on the input.
_LINEAR_STD = 0.2


def build_random_marian(
    dest: Path, *, seed: int = 0, new_tokens: int = DEFAULT_NEW_TOKENS, source: Path | None = None
) -> Path:
    """Build (once) a MarianMT folder at `dest` with seeded random weights; return `dest`."""
    dest = Path(dest)
    if all((dest / name).is_file() for name in MODEL_FILES):
        return dest
    source = source or SHARED_TOKENIZER
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    work.chmod(0o755)
    try:
        for name in TOKENIZER_FILES:
            shutil.copyfile(source / name, work / name)
        _write_generation_config(source, work, new_tokens)
        _write_weights(source, work / WEIGHTS, seed)
        if dest.exists():  # an incomplete earlier attempt
            shutil.rmtree(dest)
        os.replace(work, dest)  # complete or absent, never half-built
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return dest


def _write_generation_config(source: Path, work: Path, new_tokens: int) -> None:
    config = json.loads((source / "generation_config.json").read_text(encoding="utf-8"))
    config["max_length"] = 1 + new_tokens  # counts the decoder start token
    config["no_repeat_ngram_size"] = 1
    text = json.dumps(config, indent=2, sort_keys=True) + "\n"
    (work / "generation_config.json").write_text(text, encoding="utf-8")


def _write_weights(source: Path, path: Path, seed: int) -> None:
    import torch
    from transformers import MarianConfig, MarianMTModel

    config = MarianConfig.from_pretrained(str(source))
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    generator = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for name, module in model.named_modules():
            if isinstance(module, torch.nn.Linear) and name != "lm_head":
                module.weight.normal_(0.0, _LINEAR_STD, generator=generator)
    # A plain state dict, like the real pytorch_model.bin (loadable with weights_only=True).
    state = {key: value.contiguous() for key, value in model.state_dict().items()}
    torch.save(state, path)


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def random_revision(folder: Path) -> str:
    """A stable 40-hex 'revision' for the random model: SHA-1 over its files' SHA-256s."""
    digest = hashlib.sha1(usedforsecurity=False)
    for name in MODEL_FILES:
        digest.update(f"{name}={sha256_file(folder / name)}\n".encode())
    return digest.hexdigest()


def write_random_marian_lock(
    folder: Path, lock_path: Path, *, name: str = "translate.id-en", repo: str = RANDOM_REPO
) -> Path:
    """Write a models.lock with one local-folder entry pinning every file of `folder`."""
    lines = [
        "# Written by tests/modelkit.py: a random-weights MarianMT for tests and benchmarks.",
        f'["{name}"]',
        f'repo = "{repo}"',
        f'revision = "{random_revision(folder)}"',
        f"path = {json.dumps(str(Path(folder).resolve()))}",
        "",
        f'["{name}".files]',
    ]
    for file_name in MODEL_FILES:
        path = folder / file_name
        size = path.stat().st_size
        lines.append(f'"{file_name}" = {{ size = {size}, sha256 = "{sha256_file(path)}" }}')
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lock_path
