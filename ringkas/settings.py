"""Frozen Settings: RINGKAS_HOME, cache and lock paths, worked out on call."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# Long enough for any news article (the longest in IndoSum is ~20k characters), short enough
# that a 50 MB log dumped into ringkas costs a fraction of a second, not minutes.
DEFAULT_MAX_CHARS = 200_000


@dataclass(frozen=True)
class Settings:
    """Where ringkas keeps its state and cache; nothing is created until used."""

    home: Path
    cache_dir: Path
    lock_path: Path | None
    state_dir: Path | None = None  # None: `home` (RINGKAS_HOME keeps everything together)

    @property
    def digest_state_dir(self) -> Path:
        """Folder of the digest's state files (the user *state* folder, not config)."""
        return (self.state_dir or self.home) / "digest"

    @property
    def old_digest_state_dir(self) -> Path:
        """Where ringkas 0.1 kept digest state (under the config folder), to migrate from."""
        return self.home / "digest"

    @property
    def translation_cache(self) -> Path:
        """SQLite file holding translations keyed by model pin, engine and source."""
        return self.cache_dir / "translations.sqlite3"


def _default_home() -> Path:
    import typer

    return Path(typer.get_app_dir("ringkas"))


def _default_state() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("ringkas", appauthor=False))


def _default_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ringkas", appauthor=False))


def load_settings(env: Mapping[str, str] | None = None, *, lock: Path | None = None) -> Settings:
    """Work out Settings from the environment (RINGKAS_HOME, RINGKAS_MODELS_LOCK)."""
    env = os.environ if env is None else env
    home_var = env.get("RINGKAS_HOME")
    home = Path(home_var).expanduser() if home_var else _default_home()
    cache = home / "cache" if home_var else _default_cache()
    if lock is None and env.get("RINGKAS_MODELS_LOCK"):
        lock = Path(env["RINGKAS_MODELS_LOCK"]).expanduser()
    state = None if home_var else _default_state()
    return Settings(home=home, cache_dir=cache, lock_path=lock, state_dir=state)
