"""`ringkas info`: version, Python, engines, model status, every folder ringkas writes, config."""

import contextlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ringkas._version import __version__
from ringkas.cli.options import ColorChoice, ColorOpt, LockOpt
from ringkas.cli.output import write_out

# What each engine needs at run time (README "English translation").
_ENGINES = {
    "transformers": ("torch", "transformers", "sentencepiece"),
    "ctranslate2": ("ctranslate2", "sentencepiece"),
}


def folder_size(path: Path) -> int:
    """Bytes under `path` (a file's own size); unreadable entries count as 0."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):  # removed while we walk
                total += (Path(root) / name).lstat().st_size
    return total


def format_size(size: int) -> str:
    """A size for people: 1.2 MB, 830 kB, 12 B."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size} B"


def _package(name: str) -> str | None:
    if importlib.util.find_spec(name) is None:
        return None
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "installed"


def collect_info(lock: Path | None) -> dict[str, Any]:
    """Everything `ringkas info` shows, as plain data (the --json output)."""
    from ringkas.config import load_config
    from ringkas.models.lock import read_lock
    from ringkas.models.store import check_model, hf_cache_dir
    from ringkas.settings import load_settings

    settings = load_settings(lock=lock)
    config = load_config()
    packages = sorted({p for needs in _ENGINES.values() for p in needs})
    versions = {name: _package(name) for name in packages}
    engines = {
        engine: all(versions[p] is not None for p in needs) for engine, needs in _ENGINES.items()
    }
    models = []
    pinned = read_lock(settings.lock_path)
    for pin in pinned.models:
        check = check_model(pin, settings)
        status = (
            "missing" if not check.is_present else "verified" if check.is_verified else ("mismatch")
        )
        models.append(
            {"name": pin.name, "ref": f"{pin.repo}@{pin.revision}", "status": status,
             "folder": str(check.folder), "size": check.size}
        )  # fmt: skip
    folders = {
        "config file": config.path,
        "translation cache": settings.translation_cache,
        "language model cache": settings.cache_dir / "language",
        "digest state": settings.digest_state_dir,
        "model weights (Hugging Face cache)": hf_cache_dir(),
    }
    return {
        "version": __version__,
        "python": f"{platform.python_version()} ({sys.executable})",
        "packages": versions,
        "engines": engines,
        "lock": str(pinned.path),
        "models": models,
        "config": {"path": str(config.path), "exists": config.exists},
        "folders": [_folder(what, path) for what, path in folders.items()],
    }


def _folder(what: str, path: Path) -> dict[str, Any]:
    exists = path.exists()
    return {"what": what, "path": str(path), "exists": exists,
            "size": folder_size(path) if exists else 0}  # fmt: skip


def _describe(info: dict[str, Any]) -> str:
    lines = [f"ringkas {info['version']}", f"Python {info['python']}", ""]
    lines.append("Engines:")
    for engine, ready in info["engines"].items():
        lines.append(f"  {engine:<14} {'installed' if ready else 'not installed'}")
    lines.append(
        "  packages: "
        + ", ".join(f"{n} {v}" if v else f"{n} (missing)" for n, v in info["packages"].items())
    )
    lines += ["", f"Models (lock: {info['lock']}):"]
    for model in info["models"]:
        lines.append(
            f"  {model['name']:<14} {model['status']:<9} {format_size(model['size']):>9}  "
            f"{model['ref']}"
        )
    lines += ["", "Files and folders ringkas writes:"]
    for item in info["folders"]:
        size = format_size(item["size"]) if item["exists"] else "absent"
        lines.append(f"  {item['what']:<34} {size:>9}  {item['path']}")
    config = info["config"]
    used = "used" if config["exists"] else "not present: built-in defaults"
    lines += ["", f"Config file: {config['path']} ({used})"]
    return "\n".join(lines) + "\n"


def info(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object for scripts.")] = False,
    lock: LockOpt = None,
    color: ColorOpt = ColorChoice.auto,
) -> None:
    """Versions, engines, models, folders and config in use.

    Version, Python, installed engines, each pinned model's status, every file and folder
    ringkas writes with its size, and the config file used.
    """
    data = collect_info(lock)
    if as_json:
        write_out(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
    else:
        write_out(_describe(data))
