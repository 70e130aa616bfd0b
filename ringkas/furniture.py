"""Page furniture by the shape of a line: captions, credits, kickers, dates, widgets, footers.

Shared by HTML extraction (which drops such lines) and the summarizer (which never picks them,
whatever reached it). Data and pure functions only.
"""

from __future__ import annotations

import re

from ringkas.lexicon import BYLINE_LABELS, CLOSING_QUOTES, DATE_WORDS, WIDGET_LABELS

_DATE_TOKEN = re.compile(r"[\w']+")
# "Like (0)", "Komentar (12)", "Credits (3)": a short label with a counter.
_COUNTER = re.compile(r"[^\W\d]+(?:\s+[^\W\d]+)?\s*\(\s*\d+\s*\)")
_BULLET = re.compile(r"^[-•·*–—>]+\s*")
# "Editor: Name", "Penulis : Name", "Sumber: Antara": a byline label, not the story.
_BYLINE = re.compile(rf"(?:{'|'.join(sorted(BYLINE_LABELS))})\s*:", re.I)
_MAX_BYLINE_WORDS = 6
_COPYRIGHT = re.compile(r"©|\bcopyright\b|\ball rights reserved\b|\bhak cipta\b", re.I)
_MAX_FOOTER_WORDS = 30
# Syndication notes and app/channel promotions: "Artikel ini telah tayang di Kompas.com dengan
# judul …", "Dapatkan update berita pilihan … Mari bergabung di Grup Telegram".
_SYNDICATION = re.compile(
    r"(?:artikel ini (?:telah )?(?:tayang|terbit|dimuat)|this (?:article|story) "
    r"(?:was|first) (?:first )?(?:published|appeared))\b",
    re.I,
)
_PROMO = re.compile(
    r"^(?:dapatkan|ikuti|follow|klik|download|unduh|gabung|bergabung|subscribe|simak)\b"
    r".{0,200}\b(?:google news|telegram|whatsapp|instagram|aplikasi|app store|play store"
    r"|channel|newsletter)\b",
    re.I,
)
_MAX_PROMO_WORDS = 40
# A photo credit closing a caption: "(Bagus Kurniawan/detikcom)", "(Foto: Antara)",
# "(ANTARA FOTO/Puspa Perwitasari)". A reporter's initials ("(bgs/rul)") are no photo credit.
_PHOTO_CREDIT = re.compile(
    r"\((?:(?i:foto|photo|ilustrasi|dok|doc)\b[^()]*"
    r"|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)+\s*/\s*[^()/]+)\)\.?\s*$"
)
_PHOTO_LEAD = re.compile(r"(?:foto|photo|ilustrasi)\s*:", re.I)
_MAX_CAPTION_LINE_CHARS = 400
# A kicker or section label in capitals: "MUDA DAN MENGINSPIRASI".
_MAX_KICKER_WORDS = 8
# "Home › Berita › Nasional", "Beranda | Politik | Ekonomi": a menu or breadcrumb trail.
_NAV_SEPARATOR = re.compile(r"\s(?:[›»|/·>]|::)\s")
_MIN_NAV_SEPARATORS = 2
_SENTENCE_END = tuple(".!?…)" + CLOSING_QUOTES)
_MAX_HEADLINE_WORDS = 20


def furniture_reason(line: str) -> str:
    """Why a line of page text is furniture, not story ("" when it is story text)."""
    words = line.split()
    name = label(line)
    checks = (
        ("widget", name in WIDGET_LABELS or bool(_COUNTER.fullmatch(name))),
        ("byline", len(words) <= _MAX_BYLINE_WORDS and bool(_BYLINE.match(line))),
        ("copyright", len(words) <= _MAX_FOOTER_WORDS and bool(_COPYRIGHT.search(line))),
        ("syndication", len(words) <= _MAX_PROMO_WORDS and bool(_SYNDICATION.match(line))),
        ("promotion", len(words) <= _MAX_PROMO_WORDS and bool(_PROMO.match(line))),
        ("date", is_date_only(line)),
        ("kicker", is_kicker(line)),
        ("caption", is_caption(line)),
        ("navigation", is_navigation(line)),
    )
    return next((reason for reason, hit in checks if hit), "")


def label(line: str) -> str:
    """A line as a widget label: no bullet, no final colon, lower case, single spaces."""
    return " ".join(_BULLET.sub("", line).rstrip(":").split()).lower()


def is_date_only(line: str) -> bool:
    """A line of only day and month names, numbers, times and time zones."""
    tokens = _DATE_TOKEN.findall(line.lower())
    has_number = any(t.isdigit() for t in tokens)
    return has_number and all(t.isdigit() or t in DATE_WORDS for t in tokens)


def is_kicker(line: str) -> bool:
    """A short line all in capitals without a full stop ("MUDA DAN MENGINSPIRASI", "AWAS!")."""
    letters = [c for c in line if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and len(line.split()) <= _MAX_KICKER_WORDS
        and not line.endswith(".")
    )


def is_caption(line: str) -> bool:
    """A short line closed by a photo credit, or opened by "Foto:"."""
    if len(line) > _MAX_CAPTION_LINE_CHARS:
        return False
    return bool(_PHOTO_CREDIT.search(line) or _PHOTO_LEAD.match(line))


def is_navigation(line: str) -> bool:
    """A menu or breadcrumb: words between two or more separators, no sentence end."""
    return len(_NAV_SEPARATOR.findall(line)) >= _MIN_NAV_SEPARATORS and is_headline_like(line)


def is_headline_like(line: str) -> bool:
    """A short line without final punctuation: a headline, a subheading or a link."""
    return (
        bool(line) and len(line.split()) <= _MAX_HEADLINE_WORDS and not line.endswith(_SENTENCE_END)
    )
