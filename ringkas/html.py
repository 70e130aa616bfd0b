"""HTML page → headline and article text, without the page's furniture.

trafilatura finds the article; ringkas then removes what news sites put inside or around it
that is not the story, in two passes that name no site:

1. before extraction, elements that are media furniture or widgets by their markup:
   `figure`/`figcaption`, elements whose class or id says caption, credit, photo, share,
   rating, related …, and short text right after an image;
2. after extraction, lines that are furniture by their shape (ringkas.furniture): a repeated
   headline, a date alone, an all-caps kicker, a photo caption with its credit, widget labels
   and counters ("Like (0)"), menus, copyright footers, "Baca juga:" lists and trailing
   headline lists.

Every dropped line is kept in `Extraction.dropped` with its reason, and logged at DEBUG on
the "ringkas.html" logger (`ringkas --debug` shows it on stderr).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from ringkas.errors import InputError
from ringkas.furniture import furniture_reason, is_headline_like, label
from ringkas.lexicon import LIST_HEADERS
from ringkas.sanitize import escape_message, escape_name

_log = logging.getLogger("ringkas.html")

# Measured on html_dev with bench/html_extract.py (clean pages and word precision, trafilatura
# alone → with ringkas's filter; word recall 1.000 → 0.990 throughout, the "Baca juga" list):
# defaults 3/5 0.975 → 5/5 1.000; favor_precision 4/5 0.982 → 5/5 1.000; favor_recall 3/5 0.903
# → 5/5 0.957; include_images 2/5 0.240 → 5/5 0.989; tables and comments change nothing here.
# favor_precision gains nothing once filtered and trades story text away by design (a missing
# paragraph makes a page as dirty as a leak), so trafilatura's defaults stay.
TRAFILATURA_OPTIONS: dict[str, bool] = {
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "favor_precision": False,
    "favor_recall": False,
}

# --- pass 1: markup ---------------------------------------------------------------------------

# Words in a class or id that mark media furniture or page widgets, matched as whole parts of
# the name ("pic_artikel", "article-image", "share-box"), so "topic" or "likes-you" do not.
_FURNITURE_WORDS = frozenset(
    {
        # media and its captions ("foto" is Indonesian for photo)
        "caption", "captions", "credit", "credits", "foto", "photo", "photos", "pic", "pics",
        "picture", "image", "img", "gallery", "figure", "thumbnail", "keterangan",
        # widgets: sharing, reactions, ratings, comments, related links, tags
        "share", "sharing", "social", "socmed", "reaction", "reactions", "rating", "rate",
        "vote", "like", "likes", "thumbs", "comment", "comments", "komentar", "related",
        "terkait", "readmore", "baca", "tags", "breadcrumb", "breadcrumbs", "newsletter",
        "copyright", "footer",
    }
)  # fmt: skip
# Names that say caption or credit even glued to other words ("fotocaption", "imgcredit").
_FURNITURE_INFIXES = ("caption", "credit")
_NAME_PARTS = re.compile(r"[^a-z0-9]+")
_FURNITURE_TAGS = frozenset({"figure", "figcaption"})
# An element this large, or with this many paragraphs, is a container of the story, whatever
# its class says: it is left to trafilatura.
_MAX_FURNITURE_CHARS = 500
_MAX_FURNITURE_PARAGRAPHS = 1
# Text right after an image this short is its caption.
_MAX_CAPTION_CHARS = 300
# Not <p>: a story's first paragraph often stands right after its photo.
_CAPTION_SIBLING_TAGS = frozenset({"span", "div", "small", "em", "i", "cite"})

# --- pass 2: lines (ringkas.furniture) and titles ---------------------------------------------

# " - ", " | ", " – ", " — ", " :: ", " · ", " » " between a headline and the site's name.
_TITLE_SEPARATOR = re.compile(r"\s+(?:[-|–—·»]|::)\s+")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|co\.id|id|net|org|tv|news|co)\b", re.I)


@dataclass(frozen=True)
class Dropped:
    """A line of page text that is not the story, and why."""

    reason: str
    text: str


@dataclass(frozen=True)
class Extraction:
    """What a page gives: its headline, its article text, and the lines dropped from it."""

    title: str | None
    text: str
    dropped: tuple[Dropped, ...]


def extract_html(html: str, name: str) -> tuple[str | None, str]:
    """Pull the headline and the article body (paragraphs) out of an HTML page."""
    extraction = extract_article(html)
    for item in extraction.dropped:
        _log.debug("%s: dropped %s: %s", escape_name(name), item.reason, escape_message(item.text))
    if not extraction.text:
        raise InputError(f"{name}: HTML page with no article text that ringkas could find")
    return extraction.title, extraction.text


def extract_article(html: str, options: dict[str, bool] | None = None) -> Extraction:
    """Extract a page's headline and article text; `options` are trafilatura's switches."""
    import trafilatura

    # trafilatura logs its own doubts at WARNING; ringkas reports what matters itself.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    tree = trafilatura.load_html(html)
    if tree is None:
        return Extraction(None, "", ())
    dropped = list(_drop_furniture_elements(tree))
    switches = TRAFILATURA_OPTIONS if options is None else options
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=switches["include_comments"],
        include_tables=switches["include_tables"],
        include_images=switches["include_images"],
        favor_precision=switches["favor_precision"],
        favor_recall=switches["favor_recall"],
    )
    raw_title = (getattr(document, "title", None) or "").strip()
    sitename = getattr(document, "sitename", None) or ""
    hostname = getattr(document, "hostname", None) or ""
    title = strip_site_name(raw_title, sitename, hostname) or None
    lines = [line.strip() for line in (getattr(document, "text", None) or "").splitlines()]
    kept, dropped_lines = clean_lines([line for line in lines if line], (raw_title, title or ""))
    return Extraction(title, "\n\n".join(kept), (*dropped, *dropped_lines))


def _drop_furniture_elements(tree: Any) -> list[Dropped]:
    """Remove captions, credits and widgets from the parsed page; return what went.

    Every element is judged on the page as it came, then the furniture is removed, so
    removing a caption never makes the story paragraph after it "text under an image".
    """
    found: list[tuple[Any, str]] = []
    chosen: set[Any] = set()
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue  # comments, processing instructions, the root
        if any(ancestor in chosen for ancestor in element.iterancestors()):
            continue  # inside furniture already found
        reason = _furniture_reason(element)
        if reason:
            found.append((element, reason))
            chosen.add(element)
    dropped: list[Dropped] = []
    for element, reason in found:
        text = " ".join(element.text_content().split())
        if text:
            dropped.append(Dropped(reason, text))
        element.drop_tree()  # keeps the text that follows it (its tail)
    return dropped


def _furniture_reason(element: Any) -> str:
    """Why an element is media furniture or a widget ("" when it is not)."""
    tag = element.tag.lower()
    if tag in _FURNITURE_TAGS:
        return "caption"
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    parts = set(_NAME_PARTS.split(names))
    is_named = bool(parts & _FURNITURE_WORDS) or any(i in names for i in _FURNITURE_INFIXES)
    if is_named and _is_small(element):
        return "caption" if parts & {"caption", "credit", "foto", "photo", "pic"} else "widget"
    if tag in _CAPTION_SIBLING_TAGS and _follows_image(element):
        text = element.text_content().strip()
        if text and len(text) <= _MAX_CAPTION_CHARS and _is_small(element):
            return "caption"
    return ""


def _is_small(element: Any) -> bool:
    """Too little text to hold the story (a misnamed story container must survive)."""
    if len(element.text_content()) > _MAX_FURNITURE_CHARS:
        return False
    paragraphs = sum(1 for _ in element.iter("p"))
    return paragraphs <= _MAX_FURNITURE_PARAGRAPHS


def _follows_image(element: Any) -> bool:
    """True when the element comes right after an image (or a link or block holding one)."""
    previous = element.getprevious()
    if previous is None or not isinstance(previous.tag, str):
        return False
    if (previous.tail or "").strip():
        return False  # text stands between them
    if previous.tag.lower() in {"img", "picture"}:
        return True
    return previous.tag.lower() in {"a", "div", "span"} and (
        next(previous.iter("img"), None) is not None and not previous.text_content().strip()
    )


def clean_lines(lines: list[str], titles: tuple[str, ...]) -> tuple[list[str], list[Dropped]]:
    """Drop the lines that are page furniture by their shape; return (kept, dropped)."""
    headlines = {_fold(t) for t in titles if t}
    kept: list[str] = []
    dropped: list[Dropped] = []
    in_list = False
    for line in lines:
        reason = _line_reason(line, headlines)
        if not reason and in_list and is_headline_like(line):
            reason = "related headline"
        in_list = label(line) in LIST_HEADERS or (in_list and reason == "related headline")
        if reason:
            dropped.append(Dropped(reason, line))
        else:
            kept.append(line)
    # Headlines listed after the story (related, popular) have no final punctuation.
    while len(kept) > 1 and is_headline_like(kept[-1]):
        dropped.append(Dropped("trailing headline", kept.pop()))
    return kept, dropped


def _line_reason(line: str, headlines: set[str]) -> str:
    """Why one extracted line is furniture ("" when it is story text)."""
    if _fold(line) in headlines:
        return "headline repeated"
    if _starts_list(line):
        return "related headline"
    return furniture_reason(line)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _starts_list(line: str) -> bool:
    """ "Baca juga: Another headline" on one line, with no sentence after it."""
    head, colon, rest = line.partition(":")
    return bool(colon) and label(head) in LIST_HEADERS and is_headline_like(rest.strip())


def strip_site_name(title: str, sitename: str, hostname: str) -> str:
    """Remove the site's name from the end or start of a headline ("… - Kompas.com Bola").

    A part split off by " - " or " | " is the site's name when it holds the page's
    og:site_name, its host's name, or a web address; the headline itself is never emptied.
    """
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    keys = {_fold(k).replace(" ", "") for k in (sitename, hostname.split(".")[0]) if k.strip()}
    keys.discard("")

    def is_site(part: str) -> bool:
        folded = _fold(part).replace(" ", "")
        return bool(_DOMAIN.search(part)) or any(
            k in folded or (len(folded) >= 5 and folded in k) for k in keys
        )

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    # Rejoin with the separators the title used between the parts that stay.
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " - ".join(parts)
