"""Digest renderers: Markdown, a self-contained HTML page, and versioned JSON.

Every format carries the digest date in a machine-readable marker (an HTML comment in Markdown, a
meta tag in HTML, a field in JSON) so the CLI can tell a day's digest from an earlier day's, or
from a file ringkas did not write, before it replaces anything.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ringkas._version import __version__
from ringkas.digest.group import Digest, Entry
from ringkas.document import Flag, Quote, Report, report_to_dict
from ringkas.render.markdown import escape_markdown, markdown_code

DIGEST_SCHEMA = 1
KIND = "ringkas-digest"
EXTENSIONS = {"markdown": "md", "html": "html", "json": "json"}

# English names, not the locale's: cron often runs under LANG=C or an Indonesian locale.
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MARKER = re.compile(
    r"<!-- ringkas-digest (\d{4}-\d{2}-\d{2}) -->"
    r'|<meta name="ringkas-digest-date" content="(\d{4}-\d{2}-\d{2})">'
)


def long_date(day: date) -> str:
    """Format a date as `Friday 27 November 2026`, whatever the locale."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _plural(count: int, word: str, words: str) -> str:
    return f"{count} {word if count == 1 else words}"


def header_line(digest: Digest) -> str:
    """Summarise the digest in one line: stories, sources, failures, translation."""
    parts = [
        _plural(len(digest.entries), "story", "stories"),
        f"from {_plural(digest.sources_total, 'article', 'articles')}",
    ]
    if digest.not_processed:
        parts.append(f"{len(digest.not_processed)} not processed")
    if digest.models:
        parts.append("translated with " + ", ".join(digest.models))
    if digest.untranslated:
        parts.append(
            f"{digest.untranslated} not translated (Indonesian shown; "
            "the next run translates them after ringkas models pull)"
        )
    if not digest.entries:
        parts = ["no new stories", *parts[2:]]
    return " · ".join(parts)


def headline(report: Report) -> str:
    """The entry's headline: English when translated, else Indonesian, else the file name."""
    return report.title_translation or report.title or report.id


def _text(original: str, translation: str | None) -> str:
    return translation or original


def quotes_to_show(report: Report) -> tuple[Quote, ...]:
    """The quote blocks worth showing: not one whose sentence is already a summary bullet."""
    in_summary = {s.index for s in report.summary}
    return tuple(q for q in report.quotes if q.sentence_index not in in_summary)


def _lang(report: Report, translation: str | None) -> str:
    """` lang="id"` on Indonesian shown untranslated; nothing on English (the page is `en`)."""
    return "" if translation or Flag.ALREADY_ENGLISH in report.flags else ' lang="id"'


def _anchor(number: int) -> str:
    return f"story-{number}"


def _attribution(quote: Quote) -> str:
    if not quote.speaker:
        return ""
    return quote.speaker + (f", {quote.role}" if quote.role else "")


# --- Markdown ---------------------------------------------------------------------------------

# Article text, titles, speakers and file names are untrusted: each is escaped for its spot.
_md = escape_markdown
_md_code = markdown_code


def _md_entry(number: int, entry: Entry) -> list[str]:
    report = entry.report
    lines = [f'<a id="{_anchor(number)}"></a>', "", f"## {number}. {_md(headline(report))}", ""]
    if report.title_translation and report.title:
        lines += [f"*{_md(report.title)}*", ""]
    lines += [f"- {_md(_text(s.text, s.translation))}" for s in report.summary]
    for quote in quotes_to_show(report):
        said = f" — **{_md(_attribution(quote))}**" if quote.speaker else ""
        lines += ["", f"> “{_md(_text(quote.text, quote.translation))}”{said}"]
    original = f" · [original](<{report.url}>)" if report.url else ""
    lines += ["", "Sources: " + ", ".join(_md_code(s) for s in entry.sources) + original, ""]
    return lines


def render_digest_markdown(digest: Digest) -> str:
    """Render the digest as Markdown: a title, a header line, one section per story."""
    lines = [
        f"<!-- ringkas-digest {digest.day.isoformat()} -->",
        f"# Ringkas digest — {long_date(digest.day)}",
        "",
        f"_{_md(header_line(digest))}_",
        "",
    ]
    if len(digest.entries) > 1:
        lines += ["**Contents**", ""]
        lines += [
            f"{n}. [{_md(headline(e.report))}](#{_anchor(n)})"
            for n, e in enumerate(digest.entries, start=1)
        ]
        lines.append("")
    for number, entry in enumerate(digest.entries, start=1):
        lines += _md_entry(number, entry)
    if digest.not_processed:
        lines += ["## Not processed", ""]
        lines += [f"- {_md_code(s.source)}: {_md(s.reason)}" for s in digest.not_processed]
        lines.append("")
    lines.append(f"<sub>ringkas {__version__}</sub>")
    return "\n".join(lines) + "\n"


# --- HTML -------------------------------------------------------------------------------------

# Inline and conservative, so the page reads the same in a browser and in mail clients; the
# markup is plain semantic HTML that still reads well when a client drops the <style> block.
_CSS = """
body{margin:0;padding:24px 12px;background:#f4f4f1;color:#1d1d1b;
font:16px/1.55 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:44em;margin:0 auto;background:#fff;padding:24px 28px;border-radius:6px;
border:1px solid #deded8}
h1{font-size:1.6em;line-height:1.25;margin:0 0 .2em}
.meta{color:#5b5b55;margin:0 0 1.5em;font-size:.95em}
article{border-top:1px solid #e4e4de;padding:1.1em 0 .6em}
h2{font-size:1.25em;line-height:1.3;margin:0 0 .25em}
.original{color:#5b5b55;font-style:italic;margin:0 0 .6em}
ul{padding-left:1.2em;margin:.4em 0}
li{margin:.25em 0}
blockquote{margin:.8em 0;padding:.2em 0 .2em 1em;border-left:4px solid #c9a227;color:#2b2b28}
blockquote p{margin:0}
.speaker{color:#5b5b55;font-size:.95em;margin:.2em 0 0}
.sources{color:#5b5b55;font-size:.85em;margin:.7em 0 0;word-break:break-all}
code{font:.9em ui-monospace,Menlo,Consolas,monospace}
.failed{border-top:2px solid #b3261e;padding-top:1em}
footer{color:#8a8a83;font-size:.8em;margin-top:1.5em}
.contents ol{margin:0 0 1.2em;padding-left:1.6em}
.contents li{margin:.15em 0}
.contents a{color:#1d1d1b}
@media (max-width:600px){body{padding:0}main{border:0;border-radius:0;padding:16px}
h1{font-size:1.35em}}
"""


def _h(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def _html_entry(number: int, entry: Entry) -> list[str]:
    report = entry.report
    title_lang = _lang(report, report.title_translation) if report.title else ""
    out = [
        f'<article id="{_anchor(number)}">',
        f"<h2{title_lang}>{number}. {_h(headline(report))}</h2>",
    ]
    if report.title_translation and report.title:
        out.append(f'<p class="original" lang="id">{_h(report.title)}</p>')
    if report.summary:
        out.append("<ul>")
        out += [
            f"<li{_lang(report, s.translation)}>{_h(_text(s.text, s.translation))}</li>"
            for s in report.summary
        ]
        out.append("</ul>")
    for quote in quotes_to_show(report):
        said = _h(_text(quote.text, quote.translation))
        out.append(f"<blockquote><p{_lang(report, quote.translation)}>“{said}”</p>")
        if quote.speaker:
            out.append(f'<p class="speaker">— {_h(_attribution(quote))}</p>')
        out.append("</blockquote>")
    names = ", ".join(f"<code>{_h(s)}</code>" for s in entry.sources)
    if report.url:  # an http(s) URL, percent-encoded by ringkas.links.clean_url
        names += f' · <a href="{_h(report.url)}" rel="noopener noreferrer">original</a>'
    out += [f'<p class="sources">Sources: {names}</p>', "</article>"]
    return out


def render_digest_html(digest: Digest) -> str:
    """Render the digest as one self-contained HTML page: inline CSS, no scripts, no assets."""
    title = f"Ringkas digest — {long_date(digest.day)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="ringkas {_h(__version__)}">',
        f'<meta name="ringkas-digest-date" content="{digest.day.isoformat()}">',
        f"<title>{_h(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(title)}</h1>",
        f'<p class="meta">{_h(header_line(digest))}</p>',
    ]
    if len(digest.entries) > 1:
        out += ['<nav class="contents" aria-label="Contents">', "<ol>"]
        out += [
            f'<li><a href="#{_anchor(n)}"{_lang(e.report, e.report.title_translation)}>'
            f"{_h(headline(e.report))}</a></li>"
            for n, e in enumerate(digest.entries, start=1)
        ]
        out += ["</ol>", "</nav>"]
    for number, entry in enumerate(digest.entries, start=1):
        out += _html_entry(number, entry)
    if digest.not_processed:
        out += ['<section class="failed">', "<h2>Not processed</h2>", "<ul>"]
        out += [
            f"<li><code>{_h(s.source)}</code>: {_h(s.reason)}</li>" for s in digest.not_processed
        ]
        out += ["</ul>", "</section>"]
    out += [f"<footer>ringkas {_h(__version__)}</footer>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


# --- JSON -------------------------------------------------------------------------------------


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    """Turn a digest into the plain data of the digest JSON schema, version 1."""
    return {
        "schema": DIGEST_SCHEMA,
        "kind": KIND,
        "date": digest.day.isoformat(),
        "counts": {
            "stories": len(digest.entries),
            "sources": digest.sources_total,
            "not_processed": len(digest.not_processed),
            "untranslated": digest.untranslated,
        },
        "models": list(digest.models),
        "entries": [
            {
                "headline": headline(e.report),
                "sources": list(e.sources),
                "url": e.report.url,
                "report": report_to_dict(e.report),
            }
            for e in digest.entries
        ],
        "not_processed": [{"source": s.source, "reason": s.reason} for s in digest.not_processed],
        "generator": f"ringkas {__version__}",
    }


def render_digest_json(digest: Digest) -> str:
    """Render the digest as indented JSON with sorted keys."""
    return json.dumps(digest_to_dict(digest), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


DIGEST_RENDERERS: dict[str, Callable[[Digest], str]] = {
    "markdown": render_digest_markdown,
    "html": render_digest_html,
    "json": render_digest_json,
}


def digest_date_of(text: str) -> date | None:
    """Return the date of a digest ringkas wrote (any format), or None for any other text."""
    match = _MARKER.search(text[:4096])
    if match:
        return date.fromisoformat(match.group(1) or match.group(2))
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict) and data.get("kind") == KIND and isinstance(data.get("date"), str):
        try:
            return date.fromisoformat(data["date"])
        except ValueError:
            return None
    return None
