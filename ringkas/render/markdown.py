"""Untrusted text escaped for the Markdown context it lands in (CommonMark rules)."""

from __future__ import annotations

import re

# Characters that start inline markup (emphasis, code, links, raw HTML, entities, tables,
# strikethrough) wherever they stand in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")
# What starts a block at the beginning of a line: a list item ("- ", "+ ", "1. ", "1) "), a
# thematic break or setext underline ("---", "==="), a heading or quote (escaped above).
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=])")
_LINE_BREAK = re.compile(r"[\r\n]+")
_TICKS = re.compile(r"`+")


def escape_markdown(text: str) -> str:
    """Return text as one line of Markdown that renders as exactly that text, markup-free.

    Line breaks become spaces: a line break lets the next line start a block (raw HTML, a list).
    """
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def markdown_code(text: str) -> str:
    """Return text as a Markdown code span, shown verbatim whatever backticks it holds."""
    # Backslashes do not escape inside a code span: the fence must outrun every backtick run.
    text = _LINE_BREAK.sub(" ", text)
    longest = max((len(run) for run in _TICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or text.startswith(" ") or text.endswith(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
