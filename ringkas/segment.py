"""Indonesian sentence splitting with character offsets (abbreviations, quotes, decimals)."""

from __future__ import annotations

import re

from ringkas.document import Article, Segmented, Sentence

# Abbreviations that end in a dot but never end a sentence (lower-cased, without the final dot).
ABBREVIATIONS = frozenset(
    {
        "dr",
        "prof",
        "jl",
        "jln",
        "no",
        "dkk",
        "dll",
        "dsb",
        "tsb",
        "a.n",
        "s.h",
        "m.si",
        "rp",
        "h",
        "hj",
        "ir",
        "drs",
        "st",
        "kab",
        "kec",
        "bpk",
        "sdr",
        "yth",
        "kol",
        "brigjen",
        "mayjen",
        "letjen",
        "jend",
        "kapt",
        "ny",
        "tn",
        "nn",
        "mr",
        "mrs",
        "ms",
        "vs",
        "s.e",
        "m.m",
        "s.pd",
        "s.t",
        "m.t",
        "ph.d",
        "kh",
        "pt",
        "tbk",
        "cv",
        "u.s",
        "a.s",
        "p.m",
        "a.m",
        "dra",
        "kel",
        "prov",
        "ds",
        "gg",
        "rt",
        "rw",
        "hlm",
        "tel",
        "telp",
        "sept",
        "okt",
        "des",
        "jan",
        "feb",
        "mar",
        "apr",
        "agt",
        "nov",
        "inc",
        "co",
        "ltd",
        "jr",
        "sr",
    }
)

_BOUNDARY = re.compile(r"(?:[.!?]+|…|\.\.\.)[\"'”’)\]]*(?=\s+[\"'“”‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_FINAL_PUNCT = tuple(".!?…:;,\"'”’)")
_MAX_HEADING_WORDS = 20


def _is_abbreviation(text_before_dot: str) -> bool:
    match = _WORD_BEFORE.search(text_before_dot)
    if not match:
        return False
    word = match.group(1).lower()
    # Single capital letters are initials ("Choiruman J. Putro") and never end a sentence.
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _split_block(text: str, offset: int) -> list[tuple[int, int]]:
    """Split one paragraph into (start, end) spans, absolute to the article text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        punct = match.group(0)
        if (
            punct.startswith(".")
            and not punct.startswith("...")
            and _is_abbreviation(text[: match.start() + 1])
        ):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append((offset + a + lead, offset + a + trail))
    return out


def _is_heading_line(line: str) -> bool:
    stripped = line.strip()
    return (
        bool(stripped)
        and len(stripped.split()) <= _MAX_HEADING_WORDS
        and not stripped.endswith(_FINAL_PUNCT)
    )


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split text into sentences with offsets; every line break ends a sentence."""
    sentences: list[Sentence] = []
    paragraph = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if not body.strip():
            if sentences and sentences[-1].paragraph == paragraph:
                paragraph += 1
            pos += len(line)
            continue
        heading = _is_heading_line(body)
        for a, b in _split_block(body, pos):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=text[a:b],
                    start=a,
                    end=b,
                    paragraph=paragraph,
                    is_heading=heading,
                )
            )
        if heading:
            paragraph += 1
        pos += len(line)
    return tuple(sentences)


def segment_article(article: Article) -> Segmented:
    """Split an article into its headline (first short unpunctuated line) and body sentences."""
    sentences = split_sentences(article.text)
    title = article.title
    if (
        sentences
        and sentences[0].is_heading
        and len(sentences) > 1
        and sentences[0].start < 1 + (len(article.text) - len(article.text.lstrip()))
    ):
        first = sentences[0]
        title = title or first.text
        sentences = tuple(
            Sentence(
                index=i,
                text=s.text,
                start=s.start,
                end=s.end,
                paragraph=s.paragraph,
                is_heading=s.is_heading,
            )
            for i, s in enumerate(sentences[1:])
        )
    return Segmented(title=title, sentences=sentences)
