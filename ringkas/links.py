"""Links to an article's original: found in an HTML page's head or a JSON Lines `url`, and only
ever an absolute http(s) URL (a digest must not link to `javascript:`, `file:` or local paths)."""

from __future__ import annotations

import html.parser
import urllib.parse

_SCHEMES = ("http", "https")
_MAX_LENGTH = 2048
# Characters a URL may carry unescaped; everything else is percent-encoded, so the link cannot
# break out of an HTML attribute or a Markdown link, whatever the page put there.
_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def clean_url(value: object) -> str | None:
    """An absolute http(s) URL made safe to print in a link, or None for anything else."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > _MAX_LENGTH or any(ord(c) < 32 for c in value):
        return None
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        return None
    return (
        urllib.parse.quote(value, safe=_SAFE)
        .replace("'", "%27")
        .replace("(", "%28")
        .replace(")", "%29")
    )


class _HeadLinks(html.parser.HTMLParser):
    """Collects <link rel="canonical" href> and <meta property="og:url" content>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical: str | None = None
        self.og_url: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href")
        elif tag == "meta" and values.get("property", "").lower() == "og:url":
            self.og_url = self.og_url or values.get("content")


def find_page_url(page: str) -> str | None:
    """The page's own address: its canonical link, else og:url (only absolute http(s))."""
    end = page.lower().find("</head>")
    parser = _HeadLinks()
    try:
        parser.feed(page[: end if end >= 0 else 200_000])
    except AssertionError:  # html.parser gives up on some broken markup; no link then
        return None
    return clean_url(parser.canonical) or clean_url(parser.og_url)
