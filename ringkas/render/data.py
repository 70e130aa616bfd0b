"""JSON renderers: a documented, versioned contract for scripts (README "JSON schema")."""

from __future__ import annotations

import json
from typing import Any

from ringkas.document import Report

SCHEMA_VERSION = 1


def _item(report: Report, data: dict[str, Any]) -> dict[str, Any]:
    """Mark an item the translator ran on but gave no usable English for (translation null)."""
    if report.model is not None and not data["translation"]:
        data["translation_failed"] = True
    return data


def report_to_dict(report: Report) -> dict[str, Any]:
    """Turn a report into the plain data of the JSON schema, version 1."""
    data = {
        "schema": SCHEMA_VERSION,
        "id": report.id,
        "source": report.source,
        "title": report.title,
        "title_translation": report.title_translation,
        "title_derived": report.title_derived,
        "sentences_total": report.sentences_total,
        "method": report.method,
        "summary": [
            _item(
                report,
                {"index": s.index, "text": s.text, "score": s.score, "translation": s.translation},
            )
            for s in report.summary
        ],
        "quotes": [
            _item(
                report,
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "speaker_confidence": q.speaker_confidence,
                    "role": q.role,
                    "cue": q.cue,
                    "sentence_index": q.sentence_index,
                    "translation": q.translation,
                    "nested": [
                        {
                            "text": n.text,
                            "speaker": n.speaker,
                            "speaker_confidence": n.speaker_confidence,
                        }
                        for n in q.nested
                    ],
                },
            )
            for q in report.quotes
        ],
        "flags": list(report.flags),
        "model": report.model,
        "signature": report.signature,
    }
    if report.title and report.model is not None and not report.title_translation:
        data["title_translation_failed"] = True
    return data


def _with_paragraphs(report: Report, data: dict[str, Any]) -> dict[str, Any]:
    """Add the --full body (only when asked for, so schema-1 readers see nothing new)."""
    if report.paragraphs:
        data["paragraphs"] = [
            [
                _item(report, {"text": text, "translation": english})
                for text, english in zip(
                    p.sentences, p.translations or (None,) * len(p.sentences), strict=True
                )
            ]
            for p in report.paragraphs
        ]
    return data


def report_data(report: Report) -> dict[str, Any]:
    """The whole JSON object of one report (`Report.to_dict()`; the renderers print it)."""
    return _with_paragraphs(report, report_to_dict(report))


def render_json(report: Report, options: object = None) -> str:
    """Render one report as indented JSON with sorted keys."""
    data = report.to_dict()
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def render_jsonl(report: Report, options: object = None) -> str:
    """Render one report as a single line of JSON (JSON Lines)."""
    data = report.to_dict()
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"
