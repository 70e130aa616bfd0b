"""ringkas: Indonesian news in, short English briefings out.

    import ringkas

    report = ringkas.summarize(text)            # language check, summary, quotes, English
    print(report.to_dict())                     # the JSON contract, schema 1
    with ringkas.Pipeline(translate="always") as pipeline:
        reports = list(pipeline.run(records))   # one translator, batched like the CLI

Names load on first use (PEP 562), so `import ringkas` and `ringkas --help` stay light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ringkas._version import __version__

if TYPE_CHECKING:
    from ringkas.api import Failure, Pipeline
    from ringkas.document import Article, Quote, Report, SummaryItem
    from ringkas.errors import (
        Busy,
        InputError,
        LockError,
        ModelUnavailable,
        RingkasError,
        UsageError,
    )
    from ringkas.translate.base import EngineUnavailable

# Public name -> the module that defines it.
_EXPORTS = {
    "Pipeline": "ringkas.api",
    "Failure": "ringkas.api",
    "Article": "ringkas.document",
    "Report": "ringkas.document",
    "Quote": "ringkas.document",
    "SummaryItem": "ringkas.document",
    "RingkasError": "ringkas.errors",
    "InputError": "ringkas.errors",
    "UsageError": "ringkas.errors",
    "ModelUnavailable": "ringkas.errors",
    "LockError": "ringkas.errors",
    "Busy": "ringkas.errors",
    "EngineUnavailable": "ringkas.translate.base",
}

__all__ = [
    "Article",
    "Busy",
    "EngineUnavailable",
    "Failure",
    "InputError",
    "LockError",
    "ModelUnavailable",
    "Pipeline",
    "Quote",
    "Report",
    "RingkasError",
    "SummaryItem",
    "UsageError",
    "__version__",
    "summarize",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use."""
    if name == "ray":  # the Ray Data module (`ringkas[ray]`), a submodule
        return importlib.import_module("ringkas.ray")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ringkas' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)


def summarize(text: str, **options: Any) -> Report:
    """Summarise one Indonesian text as the CLI does; see `ringkas.api.summarize`."""
    from ringkas.api import summarize as summarize_text

    return summarize_text(text, **options)
