"""The config file: user defaults for command options, parsed and checked key by key.

`config.toml` lives in the user config folder (RINGKAS_HOME when set; RINGKAS_CONFIG names
another file). Precedence is flags > environment > config file > built-in defaults; the CLI
applies the file as Click's `default_map`, so a flag always wins.

```toml
sentences = 2          # summary length (summarize -n)
quotes = "all"         # a number or "all"
format = "json"        # summarize --format
color = "never"        # every command's --color
engine = "ctranslate2" # auto | ctranslate2 | transformers
translate = "never"    # auto | always | never (summarize, digest)
lock = "/srv/ringkas/models.lock"
max_chars = 50000

[digest]
format = "html"
since = "48h"
translate = "always"
wait = 60
```
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ringkas.errors import UsageError

CONFIG_ENV = "RINGKAS_CONFIG"
CONFIG_NAME = "config.toml"

_FORMATS = ("auto", "rich", "plain", "markdown", "json", "jsonl")
_MODES = ("auto", "always", "never")
_ENGINES = ("auto", "ctranslate2", "transformers")
_DIGEST_FORMATS = ("markdown", "html", "json")


class ConfigError(UsageError):
    """The config file cannot be read, or holds an unknown key or a bad value (exit 2)."""

    hint = "Fix the file, or see `ringkas config show` for the keys it takes."


def _choice(*allowed: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise ValueError(f"use one of {', '.join(allowed)}")
        return value

    return check


def _whole(minimum: int) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"use a whole number >= {minimum}")
        return value

    return check


def _quotes(value: Any) -> Any:
    if value == "all":
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError('use a whole number >= 0 or "all"')
    return str(value)


def _text(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("use a non-empty string")
    return value


def _seconds(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError("use a number of seconds >= 0")
    return float(value)


def _duration(value: Any) -> Any:
    import re

    if not isinstance(value, str) or not re.fullmatch(r"\s*\d+(\.\d+)?\s*[smhdw]\s*", value):
        raise ValueError("use a number and a unit: 90m, 24h, 2d, 1w")
    return value


# key -> (check, the commands and option names it sets)
_TOP: dict[str, tuple[Callable[[Any], Any], dict[str, str]]] = {
    "sentences": (_whole(1), {"summarize": "sentences"}),
    "quotes": (_quotes, {"summarize": "quotes"}),
    "method": (_choice("rank", "lead"), {"summarize": "method"}),
    "format": (_choice(*_FORMATS), {"summarize": "output_format"}),
    "color": (
        _choice(*_MODES),
        dict.fromkeys(("summarize", "sentences", "translate", "digest", "info"), "color"),
    ),
    "engine": (_choice(*_ENGINES), {"summarize": "engine", "translate": "engine"}),
    "translate": (_choice(*_MODES), {"summarize": "translate", "digest": "translate"}),
    "lock": (_text, dict.fromkeys(("summarize", "translate", "digest", "info"), "lock")),
    "max_chars": (_whole(0), dict.fromkeys(("summarize", "sentences", "translate"), "max_chars")),
}
_DIGEST: dict[str, Callable[[Any], Any]] = {
    "format": _choice(*_DIGEST_FORMATS),
    "since": _duration,
    "translate": _choice(*_MODES),
    "wait": _seconds,
    "out": _text,
    "color": _choice(*_MODES),
}
_DIGEST_PARAMS = {"format": "output_format"}
_LOCK_ENV = "RINGKAS_MODELS_LOCK"
_MODEL_COMMANDS = ("list", "pull", "convert", "verify", "path")


@dataclass(frozen=True)
class Config:
    """The checked contents of a config file (empty when there is none)."""

    path: Path
    exists: bool
    values: dict[str, Any] = field(default_factory=dict)
    digest: dict[str, Any] = field(default_factory=dict)

    @property
    def lock(self) -> Path | None:
        """The models.lock the file names, relative to the file's folder."""
        value = self.values.get("lock")
        return None if value is None else self.path.parent / Path(value).expanduser()

    def default_map(self, env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
        """Option defaults per command (Click's default_map); environment variables win."""
        result: dict[str, dict[str, Any]] = {}
        color_from_env = bool(env.get("NO_COLOR") or env.get("FORCE_COLOR"))
        for key, value in self.values.items():
            if (key == "color" and color_from_env) or (key == "lock" and env.get(_LOCK_ENV)):
                continue
            if key == "lock":
                value = self.lock
                result["models"] = {c: {"lock": value} for c in _MODEL_COMMANDS}
            for command, param in _TOP[key][1].items():
                result.setdefault(command, {})[param] = value
        digest = result.setdefault("digest", {})
        for key, value in self.digest.items():
            if key == "color" and color_from_env:
                continue
            digest[_DIGEST_PARAMS.get(key, key)] = value
        return {command: params for command, params in result.items() if params}


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """The config file: RINGKAS_CONFIG, else config.toml in RINGKAS_HOME or the config folder."""
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser()
    if env.get("RINGKAS_HOME"):
        return Path(env["RINGKAS_HOME"]).expanduser() / CONFIG_NAME
    from platformdirs import user_config_dir

    return Path(user_config_dir("ringkas", appauthor=False)) / CONFIG_NAME


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Read and check the config file; a missing default file is an empty config.

    A file named by RINGKAS_CONFIG must exist: a typo there would otherwise go unnoticed.
    """
    env = os.environ if env is None else env
    path = config_path(env)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if env.get(CONFIG_ENV):
            raise ConfigError(f"{path}: no such config file (named by {CONFIG_ENV})") from None
        return Config(path=path, exists=False)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the config file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    return Config(path=path, exists=True, **check_config(data, path))


def check_config(data: Mapping[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    """Check every key and value; the first problem is a ConfigError naming its key."""
    values: dict[str, Any] = {}
    digest: dict[str, Any] = {}
    for key, value in data.items():
        if key == "digest" and isinstance(value, dict):
            for sub, subvalue in value.items():
                if sub not in _DIGEST:
                    raise _unknown(path, f"digest.{sub}", sorted(_DIGEST))
                digest[sub] = _checked(path, f"digest.{sub}", _DIGEST[sub], subvalue)
            continue
        if key not in _TOP:
            raise _unknown(path, key, [*sorted(_TOP), "[digest]"])
        values[key] = _checked(path, key, _TOP[key][0], value)
    return {"values": values, "digest": digest}


def _checked(path: Path, key: str, check: Callable[[Any], Any], value: Any) -> Any:
    try:
        return check(value)
    except ValueError as error:
        raise ConfigError(f"{path}: {key} = {_toml(value)}: {error}.") from None


def _unknown(path: Path, key: str, known: list[str]) -> ConfigError:
    import difflib

    close = difflib.get_close_matches(key.split(".")[-1], known, n=1)
    suggestion = f" (did you mean {close[0]!r}?)" if close else ""
    return ConfigError(f"{path}: unknown key {key!r}{suggestion}; known keys: {', '.join(known)}.")


# Shown by `ringkas config show` for keys the file leaves out.
_BUILT_IN = {
    "sentences": "3",
    "quotes": "3",
    "method": '"rank"',
    "format": '"auto"',
    "color": '"auto"',
    "engine": '"auto"',
    "translate": '"auto"',
    "lock": "the models.lock shipped with ringkas",
    "max_chars": "200000",
}
_DIGEST_BUILT_IN = {
    "format": "from the --out suffix",
    "since": "every file",
    "translate": '"auto"',
    "wait": "0",
    "out": "required on the command line",
    "color": '"auto"',
}


def describe_config(config: Config) -> str:
    """The file's settings as TOML; keys it leaves out are comments with the built-in value."""
    state = "" if config.exists else " (not present: built-in defaults)"
    lines = [f"# {config.path}{state}"]
    lines += _describe_keys(config.values, _BUILT_IN)
    lines += ["", "[digest]", *_describe_keys(config.digest, _DIGEST_BUILT_IN)]
    return "\n".join(lines) + "\n"


def _describe_keys(values: Mapping[str, Any], built_in: Mapping[str, str]) -> list[str]:
    return [
        f"{key} = {_toml(values[key])}" if key in values else f"# {key} = {default}  (built-in)"
        for key, default in built_in.items()
    ]


def _toml(value: Any) -> str:
    import json

    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.isdigit():  # quotes = 3 is kept as the string "3"
        return value
    return json.dumps(value, ensure_ascii=False)
