"""Renderer registry: every renderer is `Report -> str`, loaded by import path on demand."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from ringkas.document import Report

# Import paths, so that piping JSON never loads Rich.
RENDERERS = {
    "plain": "ringkas.render.text:render_plain",
    "markdown": "ringkas.render.text:render_markdown",
    "json": "ringkas.render.data:render_json",
    "jsonl": "ringkas.render.data:render_jsonl",
    "rich": "ringkas.render.panels:render_panels",
}
FORMATS = ("auto", *RENDERERS)


@dataclass(frozen=True)
class RenderOptions:
    """Terminal facts the renderers need, passed in by the CLI (fixed values in tests)."""

    width: int = 88
    color: bool = False
    bilingual: bool = False


Renderer = Callable[[Report, RenderOptions], str]


def choose_format(requested: str, *, stdout_is_tty: bool) -> str:
    """Resolve `auto` to Rich panels on a terminal and plain text in a pipe."""
    if requested != "auto":
        return requested
    return "rich" if stdout_is_tty else "plain"


def get_renderer(name: str) -> Renderer:
    """Import and return the renderer registered under `name`."""
    module_name, func_name = RENDERERS[name].split(":")
    return cast(Renderer, getattr(importlib.import_module(module_name), func_name))
