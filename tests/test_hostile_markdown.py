"""Markdown outputs carry untrusted strings as text only (issue 11, part 4).

Each hostile string goes into every spot of the Markdown digest and of `summarize -f
markdown` (headline, summary, quotes, speakers, file names, failure reasons); the result is
rendered by a CommonMark renderer (markdown-it-py, with raw HTML and tables on, as a mail
client or static site would) and the HTML must hold only the tags ringkas itself writes.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from ringkas.digest.group import Skipped, Story, build_digest, sketch_text
from ringkas.digest.render import render_digest_markdown
from ringkas.document import Article, Quote, Report
from ringkas.pipeline import Options, build_report
from ringkas.render import RenderOptions
from ringkas.render.markdown import escape_markdown, markdown_code
from ringkas.render.text import render_markdown

HOSTILE = {
    "backtick-breakout": "a`<script>alert(1)</script>`b",
    "double-backtick": "a``<script>alert(2)</script>``b`",
    "newline-html-block": "x\n\n<script>alert(3)</script>\n\ny",
    "img-onerror": '<img src=x onerror="alert(4)">',
    "link": "[klik](javascript:alert(5))",
    "autolink": "<javascript:alert(6)>",
    "image": "![x](https://evil.example/t.png)",
    "table-cell": "| a | b |\n|---|---|\n| <b>c</b> | d |",
    "entity": "&lt;script&gt;alert(7)&lt;/script&gt;",
    "list-and-rule": "1. satu\n- dua\n---\n=== ",
    "heading": "# judul",
    "html-comment": "--><script>alert(8)</script><!--",
}
# What ringkas writes itself, in either Markdown output (plus the date marker, a comment).
OURS = {"h1", "h2", "p", "ul", "ol", "li", "em", "strong", "blockquote", "code", "sub", "br", "a"}
# The only attributes ringkas writes: story anchors and the contents' links to them.
OUR_ATTRIBUTES = re.compile(r"(id|href)=#?story-\d+")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _html_tags(markdown: str) -> _Tags:
    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    parser = _Tags()
    parser.feed(html)
    return parser


def _assert_only_ours(markdown: str) -> None:
    found = _html_tags(markdown)
    assert {tag for tag, _ in found.tags} <= OURS, found.tags
    # No href, src, on… from the text: only the digest's own anchors and contents links.
    attributes = [f"{key}={value}" for _, attrs in found.tags for key, value in attrs]
    assert all(OUR_ATTRIBUTES.fullmatch(a) for a in attributes), found.tags
    assert all(c.strip().startswith("ringkas-digest ") for c in found.comments), found.comments


def _hostile_report(text: str) -> Report:
    body = (
        f"Judul {text}\n\n"
        f"Banjir setinggi satu meter {text} melanda kawasan Jakarta Utara pada Senin pagi.\n\n"
        f'"Kami siapkan pompa {text}," kata Kepala BPBD, Budi Santoso.\n'
    )
    report = build_report(Article(id=text, source=text, text=body), Options())
    quote = Quote(
        text=f"kutipan {text}", speaker=text, role=text, cue="kata", sentence_index=99
    )  # not a summary sentence: shown as its own block
    return Report(
        id=report.id,
        source=text,
        title=f"Judul {text}",
        title_translation=f"Title {text}",
        sentences_total=report.sentences_total,
        summary=report.summary,
        quotes=(*report.quotes, quote),
        method=report.method,
        signature=report.signature,
        flags=(text,),
    )


@pytest.mark.parametrize("name", list(HOSTILE))
def test_markdown_digest_renders_no_foreign_tags(name: str) -> None:
    text = HOSTILE[name]
    report = _hostile_report(text)
    digest = build_digest(
        [Story(report=report, sketch=sketch_text(text))],
        [Skipped(source=text, reason=text)],
        today=date(2026, 11, 27),
    )
    markdown = render_digest_markdown(digest)
    _assert_only_ours(markdown)
    assert "kutipan" in markdown  # the hostile quote is there, as text


@pytest.mark.parametrize("name", list(HOSTILE))
def test_summarize_markdown_renders_no_foreign_tags(name: str) -> None:
    report = _hostile_report(HOSTILE[name])
    for bilingual in (False, True):
        _assert_only_ours(render_markdown(report, RenderOptions(bilingual=bilingual)))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_escaped_text_and_code_spans_show_the_text_itself(name: str) -> None:
    text = HOSTILE[name]
    flat = " ".join(text.split())
    rendered = MarkdownIt("commonmark").enable("table")
    # As list items, the escaped text renders to exactly the text (HTML-escaped), nothing more.
    html = rendered.render(f"- {escape_markdown(text)}\n")
    assert html == f"<ul>\n<li>{_escape_html(flat)}</li>\n</ul>\n"
    code = rendered.render(f"Sources: {markdown_code(text)}\n")
    assert code.startswith("<p>Sources: <code>")
    assert code.count("<code>") == 1
    assert code.endswith("</code></p>\n")


def _escape_html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def test_old_escaping_let_a_backtick_name_run_a_script() -> None:
    # The digest's old code span: "`` name ``" when the name held a backtick.
    name = HOSTILE["double-backtick"]
    found = _html_tags(f"Sources: `` {name} ``\n")
    assert "script" in {tag for tag, _ in found.tags}  # why markdown_code outruns the ticks
