"""Renderers of `ringkas translate`: a whole text in English, paragraph by paragraph.

A sentence without a usable translation is never shown as English: plain text prints
`[not translated] <Indonesian>` in its place, JSON Lines gives the record a null translation.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ringkas.document import Article, Flag, Paragraph
from ringkas.render.text import NOT_TRANSLATED

#: The flag of a record with a sentence the translator gave no usable English for (the same
#: flag ringkas.pipeline gives such a report).


def render_translation_plain(
    paragraphs: Sequence[Paragraph], *, bilingual: bool = False, heading: str | None = None
) -> str:
    """Render a translated text: paragraphs apart, `heading` (a source) as `==> name <==`.

    `bilingual` puts each Indonesian sentence, indented, under its English.
    """
    blocks = []
    for paragraph in paragraphs:
        lines = []
        for source, target in zip(paragraph.sentences, paragraph.translations, strict=True):
            lines.append(target if target is not None else f"{NOT_TRANSLATED} {source}")
            if bilingual and target is not None:
                lines.append(f"  {source}")
        blocks.append(("\n" if bilingual else " ").join(lines))
    header = f"==> {heading} <==\n" if heading is not None else ""
    return header + "\n\n".join(blocks) + "\n"


def render_translation_jsonl(article: Article, paragraphs: Sequence[Paragraph]) -> str:
    """Render one output line: the record's whole translation, or null when any sentence failed."""
    flags = set(article.flags)
    if any(t is None for p in paragraphs for t in p.translations):
        flags.add(Flag.TRANSLATION_FAILED)
        translation = None
    else:
        translation = "\n\n".join(" ".join(str(t) for t in p.translations) for p in paragraphs)
    record = {"id": article.id, "translation": translation, "flags": sorted(flags)}
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
