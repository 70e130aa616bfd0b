"""JSON renderers: a documented, versioned contract for scripts (README "JSON schema")."""

from __future__ import annotations

import json

from ringkas.document import Report


def render_json(report: Report, options: object = None) -> str:
    """Render one report as indented JSON with sorted keys."""
    data = report.to_dict()
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def render_jsonl(report: Report, options: object = None) -> str:
    """Render one report as a single line of JSON (JSON Lines)."""
    data = report.to_dict()
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"
