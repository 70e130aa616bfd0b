"""Indonesian sentence splitting with character offsets (abbreviations, quotes, decimals).

Every line break ends a sentence. Inside a line, a sentence can end only where a run of
terminal punctuation (`.`, `!`, `?`, `…`, `...`), plus any closing quotes or brackets, is
followed by white space. Each such candidate is then judged on what follows (a capital, an
opening quote or bracket: new sentence; a lower-case word: the same sentence goes on) and on
the word before the dot (abbreviation, initial, list number).
All work per candidate is bounded, so the splitter runs in linear time on any input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ringkas.document import Article, Segmented, Sentence
from ringkas.furniture import furniture_reason
from ringkas.lexicon import (
    CLOSING_QUOTES,
    DOUBLE_QUOTES,
    LABEL_NOUNS,
    NAME_ABBREVIATIONS,
    NAME_INTRODUCERS,
    QUOTE_MARKS,
    SENTENCE_STARTERS,
    SPLITTER_ATTRIBUTION_VERBS,
    TITLE_ABBREVIATIONS,
    TRAILING_ABBREVIATIONS,
)

#: Bump when this stage changes its output on any text (the report signature names it).
#: 3: the lexicon's quote marks and month abbreviations (aug, oct, dec) are the splitter's too.
VERSION = 3

_TERMINAL = re.compile(r"[.!?…]+")
# Characters that are not letters but can stand right before or after a sentence boundary.
_OPEN_BRACKETS = frozenset("([{")
_CLOSE_BRACKETS = frozenset(")]}")
# What may follow terminal punctuation and still belong to the sentence it ends.
_CLOSERS = _CLOSE_BRACKETS | frozenset(QUOTE_MARKS)
_OPENERS = _OPEN_BRACKETS | frozenset(QUOTE_MARKS)
_QUOTE_MARK = re.compile(f"[{QUOTE_MARKS}]")
_BRACKET = re.compile(r"[()\[\]{}]")
# Zero-width characters that pasted web text carries; they count as white space here.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")
_FINAL_PUNCT = tuple(".!?…:;,)" + CLOSING_QUOTES)
_DOTTED_ABBREVIATION = re.compile(r"[A-Za-z]{1,4}(?:\.[A-Za-z]{1,4})+")
_DOTTED_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])+")
_LIST_MARKER = re.compile(r"\d{1,2}|[A-Za-z]|[IVXivx]{1,4}")
_MAX_HEADING_WORDS = 20
_MAX_HEADING_CHARS = 200
# How far back to look for the word before a dot, and how short a bracketed aside must be
# to be kept whole ("(Uu. C003)"): bounds that keep the work per candidate constant.
_MAX_WORD = 40
_MAX_ASIDE = 40


def _is_space(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with white space."""
    # Zero-width marks other than the byte-order mark stay: they are part of the text.
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _has_visible(text: str, start: int, end: int) -> bool:
    """True when text[start:end] holds more than white space and zero-width marks."""
    return any(not _is_space(char) for char in text[start:end])


def _quote_roles(line: str) -> dict[int, bool]:
    """Map each quote mark's position to True when it opens a quote.

    Kompas opens and closes quotes with the same mark (U+201D), and detokenised text leaves
    marks standing free (`kata dia. " Lalu`), so direction comes from context: a mark glued
    to the word after it opens, one glued to the word before it closes, and a free-standing
    one does the opposite of the previous mark of its kind. Double and single quotes are
    tracked apart; an apostrophe between letters (Newell's, Syar'i) is no quote at all.
    """
    roles: dict[int, bool] = {}
    is_open = {True: False, False: False}  # keyed by "is a double quote"
    for mark in _QUOTE_MARK.finditer(line):
        i, char = mark.start(), mark.group()
        is_double = char in DOUBLE_QUOTES
        before = line[i - 1] if i else " "
        after = line[i + 1] if i + 1 < len(line) else " "
        if not is_double and before.isalnum() and after.isalnum():
            continue
        glued_before = not (_is_space(before) or before in _OPEN_BRACKETS)
        glued_after = not (_is_space(after) or after in ",.;:!?…" or after in _CLOSE_BRACKETS)
        if glued_after and not glued_before:
            is_open[is_double] = True
        elif glued_before and not glued_after:
            is_open[is_double] = False
        else:
            is_open[is_double] = not is_open[is_double]
        roles[i] = is_open[is_double]
    return roles


def _short_asides(line: str) -> list[tuple[int, int]]:
    """Return (open, close) positions of short bracketed asides, in order."""
    asides: list[tuple[int, int]] = []
    stack: list[int] = []
    for bracket in _BRACKET.finditer(line):
        i, char = bracket.start(), bracket.group()
        if char in _OPEN_BRACKETS:
            stack.append(i)
        elif char in _CLOSE_BRACKETS and stack:
            start = stack.pop()
            if i - start <= _MAX_ASIDE:
                asides.append((start, i))
    asides.sort()
    return asides


class _Line:
    """One line of text with the context the boundary rules look at."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quote_opens = _quote_roles(text)
        self.asides = _short_asides(text)
        self._aside_cursor = 0

    def in_aside(self, pos: int) -> bool:
        """True when pos lies inside a short bracketed aside (queries must not go backwards)."""
        asides = self.asides
        # Asides are short, so one that starts this far back cannot reach pos.
        while self._aside_cursor < len(asides) and asides[self._aside_cursor][0] < pos - _MAX_ASIDE:
            self._aside_cursor += 1
        i = self._aside_cursor
        while i < len(asides) and asides[i][0] < pos:
            if asides[i][1] > pos:
                return True
            i += 1
        return False

    def is_closing_quote(self, pos: int) -> bool:
        """True when the character at pos is a quote mark that closes a quote."""
        return self.quote_opens.get(pos) is False


def _skip_closers(line: _Line, pos: int) -> tuple[int, int]:
    """From just after terminal punctuation, return (sentence end, next sentence start).

    Closing quotes and brackets glued to the punctuation belong to the sentence that ends
    ('… bersama.” Lalu'), and so does a free-standing closing quote ('… pers. " kata dia').
    """
    text = line.text
    n = len(text)
    end = pos
    while True:
        while end < n and text[end] in _CLOSERS:
            end += 1
        nxt = end
        while nxt < n and _is_space(text[nxt]):
            nxt += 1
        if not (end < nxt < n and line.is_closing_quote(nxt)):
            return end, nxt
        end = nxt + 1


def _skip_openers(text: str, pos: int) -> tuple[int, bool]:
    """Skip opening quotes and brackets at pos (and the space detokenised text leaves after
    them: '" Mereka'); return where the word starts and whether a bracket was among them."""
    i = pos
    in_brackets = False
    while i < len(text) and i < pos + 6 and (text[i] in _OPENERS or (i > pos and text[i] == " ")):
        in_brackets = in_brackets or text[i] in _OPEN_BRACKETS
        i += 1
    return i, in_brackets


def _starts_with_capital(text: str, pos: int) -> bool:
    """True when the word at pos, after any opening quotes or brackets, starts with a capital."""
    i, _ = _skip_openers(text, pos)
    return i < len(text) and text[i].isupper()


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the text at pos looks like the start of a new sentence."""
    i, in_brackets = _skip_openers(text, pos)
    if i >= len(text):
        return False  # a stray "(" at the end belongs to the sentence before it
    char = text[i]
    if char.isupper() or char.isdigit() or char == "#":
        return True
    # Credit tags open with a bracket and are lower-case: "(ant)", "[idc]", "(bir / gen)".
    return in_brackets and char.isalpha()


def _word_before(text: str, pos: int) -> tuple[str, int]:
    """Return the word that ends at pos (without opening quotes or brackets) and its start."""
    start = pos
    limit = max(0, pos - _MAX_WORD)
    while start > limit and not _is_space(text[start - 1]):
        start -= 1
    word = text[start:pos]
    stripped = word.lstrip(QUOTE_MARKS + "([{")
    return stripped, pos - len(stripped)


def _end_before(text: str, pos: int) -> int:
    """Return the end of the text before pos, skipping (a bounded stretch of) white space."""
    limit = max(0, pos - _MAX_WORD)
    while pos > limit and _is_space(text[pos - 1]):
        pos -= 1
    return pos


def _is_initial(word: str, text: str, start: int) -> bool:
    """A single capital before a dot is a name initial ("Choiruman J. Putro", "H. M. Yusuf").

    It is one after a capitalised word, at the start of a sentence, after a word that
    introduces a name ("oleh S. Papagiannopoulos") or another lower-case word ("pengacara
    J. Pardede"); after a label noun or a symbol it is a label that can end a sentence
    ("... kasus hepatitis B. Vaksin ...", "Max - Q. Kini").
    """
    if not (len(word) == 1 and word.isupper()):
        return False
    previous, _ = _word_before(text, _end_before(text, start))
    return (
        not previous
        or previous[0].isupper()
        or previous[-1] in ".!?…,:;"
        or previous in NAME_INTRODUCERS
        or (previous.isalpha() and previous.lower() not in LABEL_NOUNS)
    )


def _is_dotted_initials(word: str, text: str, start: int) -> bool:
    """Capitals joined by dots are a name's initials ("Agus D.W. Martowardojo", "R.A.
    Kartini"), unless a comma stands before them: then they are a degree ("Budi, S.H.")."""
    if not _DOTTED_INITIALS.fullmatch(word):
        return False
    end = _end_before(text, start)
    return end == 0 or text[end - 1] != ","


def _next_word(text: str, pos: int) -> tuple[str, int, bool]:
    """The word at pos after any opening marks: (word without its final dot, where it ends,
    whether an opening double quote stands before it)."""
    i, _ = _skip_openers(text, pos)
    quoted = any(char in DOUBLE_QUOTES for char in text[pos:i])
    end = i
    while end < len(text) and end < i + _MAX_WORD and (text[end].isalnum() or text[end] in ".'-"):
        end += 1
    return text[i:end].rstrip("."), end, quoted


def _opens_sentence(text: str, pos: int) -> bool:
    """True when the word at pos is one that opens sentences ("Ia", "Namun") or a quote."""
    word, _, quoted = _next_word(text, pos)
    return quoted or word.lower() in SENTENCE_STARTERS


def _name_follows(text: str, pos: int) -> bool:
    """True when a name goes on at pos: a company form ("Ltd."), initials, or a capitalised
    word followed by another ("Donald Trump", "Santo Borromeus")."""
    word, end, _ = _next_word(text, pos)
    if word.lower() in NAME_ABBREVIATIONS or _DOTTED_INITIALS.fullmatch(word):
        return True
    if not word[:1].isupper() or end >= len(text) or text[end] != " ":
        return False
    following, _, _ = _next_word(text, end + 1)
    return following[:1].isupper() and following.lower() not in SENTENCE_STARTERS


def _is_list_marker(word: str, text: str, start: int) -> bool:
    """'1.', 'a.' or 'IV.' that opens a line, a sentence or a run after a colon numbers a
    list item ("Simak tips berikut: 1. Keringkan ..."), unlike "menang 3. Kini ..."."""
    if not _LIST_MARKER.fullmatch(word):
        return False
    end = _end_before(text, start)
    return end == 0 or text[end - 1] in ":;.!?"


def _next_is_short_abbreviation(text: str, pos: int) -> bool:
    """True for 'Se.' in the name 'Si. Se. Sa.': a chain of short capitalised abbreviations."""
    word = text[pos : pos + 4].split(" ", 1)[0]
    return 2 <= len(word) <= 3 and word[0].isupper() and word.endswith(".")


def _period_ends_sentence(line: _Line, dot: int, next_start: int) -> bool:
    """Judge a single '.' followed by something that looks like a sentence start."""
    text = line.text
    word, start = _word_before(text, dot)
    lower = word.lower()
    if lower in TITLE_ABBREVIATIONS:
        return False
    if lower in NAME_ABBREVIATIONS:
        # A bracket after "Tbk." holds the ticker: "PT Bank Central Asia Tbk. (BBCA)".
        return text[next_start] not in _OPEN_BRACKETS and (
            _opens_sentence(text, next_start) or not _name_follows(text, next_start)
        )
    if _is_initial(word, text, start) or (
        lower not in TRAILING_ABBREVIATIONS and _is_dotted_initials(word, text, start)
    ):
        return _opens_sentence(text, next_start)
    # A dot inside a short bracketed aside ("(Uu. C003)") stays there, but one that ends a
    # bracketed sentence ("(Ia kalah.) Kini ...") ends the sentence after the bracket.
    if _is_list_marker(word, text, start) or line.in_aside(next_start):
        return False
    if len(word) <= 3 and word[:1].isupper() and _next_is_short_abbreviation(text, next_start):
        return False
    if lower in TRAILING_ABBREVIATIONS or _DOTTED_ABBREVIATION.fullmatch(word):
        return text[next_start] not in _OPEN_BRACKETS and _starts_with_capital(text, next_start)
    return True


def _is_unmarked_start(text: str, run: re.Match[str], next_start: int) -> bool:
    """A full stop after a plain word, then a lower-case word: a sentence start typed in
    lower case ("... The Voice America. kala itu, dia ..."). Not after a quote or bracket
    ('"Selesai." kata dia') and not after anything that may be an abbreviation."""
    if run.end() == len(text) or not text[run.end()].isspace():
        return False
    if not text[next_start].islower():
        return False
    word, _ = _word_before(text, run.start())
    word = word.rstrip("".join(_CLOSERS))  # 'bertajuk "Tea and Fashion". sejumlah ...'
    lower = word.lower()
    return (
        len(word) > 2
        and word.isalpha()
        and lower not in TITLE_ABBREVIATIONS
        and lower not in TRAILING_ABBREVIATIONS
        and lower not in NAME_ABBREVIATIONS
    )


def _is_attribution(text: str, pos: int) -> bool:
    """True when a cue verb follows at pos, alone or after up to four capitalised words."""
    words = text[pos : pos + 80].split(maxsplit=5)[:5]
    for word in words:
        bare = word.strip(",.;:!?…" + QUOTE_MARKS).lower()
        if bare in SPLITTER_ATTRIBUTION_VERBS:
            return True
        if not word[:1].isupper():
            return False
    return False


def _is_boundary(line: _Line, run: re.Match[str], next_start: int) -> bool:
    """Decide whether the punctuation run ends a sentence before next_start."""
    text = line.text
    punct = run.group(0)
    if not _starts_sentence(text, next_start):
        # '"…?" tanya Djarot.', 'dll. yang', 'Sp. B, FINACS' go on.
        return punct == "." and _is_unmarked_start(text, run, next_start)
    if "…" in punct or ".." in punct:
        # A free-standing ellipsis marks words left out mid-sentence ("vonis] ... Karena")
        # unless a sentence opener follows ("tunggu ... Mereka datang"); one glued to a word
        # trails off and ends the sentence ("akan… Kim").
        glued = run.start() > 0 and not _is_space(text[run.start() - 1])
        return glued or _opens_sentence(text, next_start)
    if punct[-1] in "!?":
        closes_quote = text[run.end()] in QUOTE_MARKS
        return not (closes_quote and _is_attribution(text, next_start))
    return _period_ends_sentence(line, run.start(), next_start)


def _split_line(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) spans of the sentences in one line, relative to the line."""
    line = _Line(text)
    start = 0
    for run in _TERMINAL.finditer(text):
        end, next_start = _skip_closers(line, run.end())
        if next_start == end or next_start >= len(text):
            continue  # no white space after it ("3.5", "Rp1.500.000") or end of line
        if _is_boundary(line, run, next_start):
            yield start, end
            start = end  # the caller strips the white space in between
    yield start, len(text)


def _is_heading_line(line: str) -> bool:
    """A short line without final punctuation: a headline or a subheading."""
    stripped = line.strip()
    return (
        bool(stripped)
        and len(stripped) <= _MAX_HEADING_CHARS
        and len(stripped.split()) <= _MAX_HEADING_WORDS
        and not stripped.endswith(_FINAL_PUNCT)
    )


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split text into sentences with offsets; every line break ends a sentence."""
    sentences: list[Sentence] = []
    paragraph = 0
    offset = 0
    for raw in text.splitlines(keepends=True):
        line_start = offset
        offset += len(raw)
        body = raw.rstrip("\r\n\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e")
        if not body.strip():
            if sentences and sentences[-1].paragraph == paragraph:
                paragraph += 1  # a blank line ends a paragraph
            continue
        heading = _is_heading_line(body)
        for a, b in _split_line(body):
            start, end = _strip_span(text, line_start + a, line_start + b)
            if _has_visible(text, start, end):
                sentences.append(
                    Sentence(len(sentences), text[start:end], start, end, paragraph, heading)
                )
        if heading:
            paragraph += 1
    return tuple(sentences)


# What furniture_reason may say of a first line that still makes it the headline.
_HEADLINE_REASONS = frozenset({"", "kicker"})


def segment_article(article: Article) -> Segmented:
    """Split an article into its headline (first short unpunctuated line) and body sentences."""
    sentences = split_sentences(article.text)
    title = article.title
    first_line_start = len(article.text) - len(article.text.lstrip())
    if (
        len(sentences) > 1
        and sentences[0].is_heading
        and sentences[0].start == first_line_start
        and sentences[1].paragraph > sentences[0].paragraph
        # a date, menu or widget line above the story is no headline (a kicker may be one)
        and furniture_reason(sentences[0].text) in _HEADLINE_REASONS
    ):
        title = title or sentences[0].text
        sentences = tuple(replace(s, index=i) for i, s in enumerate(sentences[1:]))
    return Segmented(title=title, sentences=sentences)
