"""Direct quotes: where they are and what their own sentence says of the speaker.

The work runs in two passes, each linear in the text length:

1. pair quote marks into spans (`_pair_marks`), inferring each mark's direction from its
   neighbours, because Kompas opens *and* closes with U+201D and other sites use U+201C twice;
2. read each span's sentence (`_attribute`): a cue verb after it (`"…," kata X`), a reporting
   verb before it (`X mengatakan, "…"`), or the speaker of the reported speech around it, as a
   `speakers.Claim` — named, anaphoric (`katanya`) or bare.

Who said each quote — `katanya`, nicknames, continued paragraphs, confidence — is decided by
`ringkas.speakers.resolve_speakers`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ringkas.document import Quote, Sentence, SummaryItem
from ringkas.lexicon import (
    ATTRIBUTION_VERBS,
    CUE_FORMS,
    DOUBLE_QUOTE,
    DOUBLE_QUOTES,
    OPENING_QUOTES,
    PASSIVE_CUES,
    QUOTED,
    REPORTING_VERBS,
    SPEECH_NOUNS,
    TITLE_SMALL_WORDS,
)
from ringkas.speakers import (
    ANAPHOR,
    BARE,
    MENURUT,
    NAMED,
    REPORTING,
    SENTENCE_END,
    WINDOW,
    Bounds,
    Claim,
    is_name_word,
    parse_cue_phrase,
    parse_subject,
    resolve_speakers,
    word_alternation,
)

#: Bump when this stage changes its output on any text (the report signature names it).
#: 4 (speakers included): „ ‟ « » in the speaker patterns; datelines of .co/.net/.org outlets.
VERSION = 4

_LEFT_OPEN = frozenset(" \t\r\n([{—–-/:")
_RIGHT_CLOSE = frozenset(" \t\r\n)]}.,;:!?—–…")
_MAX_SPAN = 2000  # characters; an opener with no closer this far on is a stray mark
_FULL_FLOOR = 0.5  # Quote.score of a full statement; partial quotes score below it
_CUE_AFTER = re.compile(r"\s*[,.]?\s*(?:[—–-]\s*)?(?:(demikian)\s+)?([A-Za-z]+)\b")
_ACCOUNT_BEFORE = re.compile(r"\bakun\s+(?:[\w-]+\s+){0,2}(@\w+)\s*[,:]?$")
_MENURUT_BEFORE = re.compile(rf"\b[Mm]enurut\s+([^,;{DOUBLE_QUOTES}]{{2,120}}),?$")
_CUE_BEFORE = re.compile(rf"\b([A-Za-z]+)\s+([A-Z][^,;{DOUBLE_QUOTES}]{{0,80}}),$")
# a reporting verb, maybe with a short phrase after it, that ends just before the quote
_INTRO_VERB = re.compile(
    r"(\w+)(?:\s+(?:kepada|pada|di|dalam|melalui|lewat|saat|ketika)(?:\s+[\w.-]+){1,4})?"
    r"\s*[,:]?\s*(?:bahwa\s*,?)?$"
)
_GOES_ON = re.compile(r"\s*[a-z(]")
_CUE_ANYWHERE = re.compile(r"\b(" + word_alternation(CUE_FORMS) + r")\b\s*(.*)")
_WORDS = re.compile(r"\w+")
_LAST_WORD = re.compile(r"(\w+)\s*[,:]?\s*(?:bahwa\s*,?)?$")


@dataclass(frozen=True)
class _Span:
    """A paired quote: positions of its marks and of the text between them."""

    open: int
    close: int
    body_start: int
    body_end: int
    inner: tuple[int, ...] = ()  # marks inside the body (garbled nesting)
    continued: bool = False  # a multi-paragraph quote: the next paragraph carries on


def find_quotes(text: str, sentences: Sequence[Sentence]) -> tuple[Quote, ...]:
    """Find direct quotes in text and attribute them to a speaker where the text says who."""
    spans = _pair_marks(text)
    bounds = Bounds(text, sentences)
    claims = [c for c in (_attribute(text, span, bounds) for span in spans) if c is not None]
    quoted = [(s.open, s.close + 1) for s in spans]
    return resolve_speakers(text, claims, bounds, quoted)


# --- pass 1: pairing quote marks -------------------------------------------------------------


def _direction(text: str, i: int) -> str:
    """Say whether the mark at i opens, closes, or could do either ("?")."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    left_open = before in _LEFT_OPEN
    right_close = after in _RIGHT_CLOSE or after in DOUBLE_QUOTES
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    if text[i] in OPENING_QUOTES and not right_close:
        return "open"
    return "?"


def _pair_marks(text: str) -> list[_Span]:
    """Pair quote marks paragraph by paragraph; stray marks never swallow the rest."""
    spans: list[_Span] = []
    stack: list[int] = []  # opener positions, at most two deep
    nested: list[_Span] = []  # pairs inside the open outer quote
    paragraph_end = _next_newline(text, 0)
    for match in DOUBLE_QUOTE.finditer(text):
        i = match.start()
        if i > paragraph_end:
            _close_paragraph(text, paragraph_end, stack, nested, spans)
            stack, nested = [], []
            paragraph_end = _next_newline(text, i)
        if stack and i - stack[0] > _MAX_SPAN:
            stack.pop(0)
            spans.extend(nested)
            nested = []
        kind = _direction(text, i)
        if kind == "?" or (kind == "open" and stack and _cue_after(text, i) is not None):
            # `… UNESCO, "katanya dalam siaran pers.`: a mark before a cue verb closes
            kind = "close" if stack else "open"
        if kind == "open":
            if len(stack) == 2:  # the outer one never closed
                stack.pop(0)
                spans.extend(nested)
                nested = []
            stack.append(i)
            continue
        if not stack:
            _recover_stray(text, i, spans)
            continue
        opener = stack.pop()
        pair = _Span(opener, i, opener + 1, i)
        if not stack:
            spans.append(pair)
            nested = []
        elif _cue_after(text, i) is not None:
            # an attributed quote is never nested: the outer mark was a stray
            stack.clear()
            spans.extend(nested)
            spans.append(pair)
            nested = []
        else:
            nested.append(pair)
    _close_paragraph(text, len(text), stack, nested, spans)
    spans.sort(key=lambda s: s.open)
    return spans


def _next_newline(text: str, start: int) -> int:
    """Position of the next newline at or after start (len(text) when there is none)."""
    found = text.find("\n", start)
    return len(text) if found == -1 else found


def _close_paragraph(
    text: str, end: int, stack: list[int], nested: list[_Span], spans: list[_Span]
) -> None:
    """Settle a paragraph's open quote: a multi-paragraph quote or a stray mark."""
    spans.extend(nested)
    if len(stack) != 1:
        return
    opener = stack[0]
    rest = text[end : end + 40].lstrip()
    if rest and rest[0] in DOUBLE_QUOTES and end - opener <= _MAX_SPAN:
        # journalists leave a quote open at a paragraph end when the next paragraph carries on
        body_end = end
        while body_end > opener + 1 and text[body_end - 1].isspace():
            body_end -= 1
        spans.append(_Span(opener, body_end, opener + 1, body_end, continued=True))


def _recover_stray(text: str, i: int, spans: list[_Span]) -> None:
    """Make sense of a closing mark with no opener, when a cue verb says it ends a quote."""
    if _cue_after(text, i) is None:
        return
    floor = max(text.rfind("\n", 0, i) + 1, i - _MAX_SPAN // 2)
    last = spans[-1] if spans else None
    if last is not None and last.close >= floor:
        between = text[last.close + 1 : i]
        if not SENTENCE_END.search(between) and _cue_after(text, last.close) is None:
            # `"…sekadar," Hei, … menarik diri," kata Pompeo`: a garbled inner quote
            spans[-1] = replace(last, close=i, body_end=i, inner=(*last.inner, last.close))
            return
        floor = last.close + 1
    start = floor
    for boundary in SENTENCE_END.finditer(text, floor, i):
        start = boundary.end()
    while start < i and text[start].isspace():
        start += 1
    if start < i:
        # the opening mark is missing: the quote runs from the start of its sentence
        spans.append(_Span(start, i, start, i))


def _cue_after(text: str, close: int) -> str | None:
    """The cue verb right after a closing mark (`," kata`), if there is one."""
    found = _find_cue_after(text, close)
    return found[0] if found else None


def _find_cue_after(text: str, close: int) -> tuple[str, int] | None:
    """The cue after a closing mark and where the speaker phrase after it starts."""
    match = _CUE_AFTER.match(text, close + 1, close + 40)
    if match is None:
        return None
    word = match.group(2).lower()
    if word in CUE_FORMS or word in PASSIVE_CUES:
        return word, match.end()
    if match.group(1):
        return "demikian", match.start(2)  # `"…," demikian Presiden Jokowi`
    return None


# --- pass 2: attribution ---------------------------------------------------------------------


def _attribute(text: str, span: _Span, bounds: Bounds) -> Claim | None:
    """Turn a span into a quote with what its sentence says of the speaker (None: not a quote)."""
    body = _clean_body(text, span)
    words = body.split()
    if not words or (words[0].lower() in CUE_FORMS and len(words) <= 6):
        return None  # `UNESCO, "katanya dalam siaran pers.`: a misplaced mark, not a quote
    sentence_start = max(bounds.start(span.open), span.open - WINDOW)
    sentence_end = min(max(bounds.end(span.close), span.close + 1), span.close + WINDOW)
    pre = text[sentence_start : span.open] if span.open != span.body_start else ""
    post = text[span.close + 1 : sentence_end] if span.close < len(text) else ""
    found = _find_cue_after(text, span.close) if span.close < len(text) else None
    cue = found[0] if found else None
    speaker: str | None = None
    role: str | None = None
    anaphoric = False
    fallback: str | None = None
    if found is not None:
        if found[0].endswith("nya") and found[0] not in ATTRIBUTION_VERBS:
            speaker, role, anaphoric = None, None, True  # "katanya, bicara soal kontrak"
        else:
            speaker, role, anaphoric = parse_cue_phrase(text[found[1] : sentence_end])
        if anaphoric:
            fallback, speaker = speaker, None  # "pria yang akrab disapa Emil itu"
    before = _cue_before(pre)
    # `Kim menyatakan bahwa "prioritas tertinggi" ke depan adalah …`: the sentence goes on
    goes_on = cue is None and _GOES_ON.match(post) is not None
    is_full = cue is not None or (before is not None and not goes_on) or span.continued
    if not is_full and not pre.strip(" —–-\t"):
        is_full = _ends_sentence(body, post)
    if not is_full and len(words) >= 6 and body[:1].isupper() and body[-1] in ".!?":
        is_full = True  # whole sentences in quote marks, even with no attribution in sight
    if before is not None and cue is None:
        speaker, role, anaphoric = before
    kind = "full" if is_full else "partial"
    if not _is_key(words, kind, has_cue=cue is not None or before is not None):
        return None
    if kind == "partial":
        subject = _reported_speaker(pre + " " + post)
        if subject is None:
            return None  # a short quoted phrase with nobody saying it: a title or scare quote
        speaker, role, anaphoric = subject
    if speaker is not None:
        how = NAMED
    elif anaphoric or cue is not None:
        how = ANAPHOR  # "katanya", "kata politisi PDI-P tersebut": someone named before
    else:
        how = BARE
    quote = Quote(
        text=body,
        speaker=speaker,
        role=role,
        cue=cue or (_before_verb(pre) if before is not None else None),
        sentence_index=bounds.index(span.body_start),
        start=span.open,
        end=span.close + 1,
        score=_substance(words, kind),
    )
    return Claim(quote, how, fallback=fallback, continued=span.continued)


def _clean_body(text: str, span: _Span) -> str:
    """The quote's words without its marks; garbled inner marks become single quotes."""
    body = text[span.body_start : span.body_end]
    for mark in reversed(span.inner):
        at = mark - span.body_start
        if at > 0 and body[at - 1] in ",:" and body[at + 1 : at + 2].isspace():
            body = body[:at] + " '" + body[at + 2 :]  # `sekadar," Hei` → `sekadar, 'Hei`
        else:
            body = body[:at] + "'" + body[at + 1 :]
    body = " ".join(body.split()).strip(" ,;")
    if span.inner and body.count("'") % 2 == 1:
        body += "'"
    return body


def _ends_sentence(body: str, post: str) -> bool:
    """True when a quote that opens its sentence is the whole sentence."""
    rest = post.strip()
    return body[-1:] in ".!?…," or not rest or bool(SENTENCE_END.match(" " + post))


def _is_key(words: Sequence[str], kind: str, *, has_cue: bool) -> bool:
    """Keep statements; drop scare quotes ("menantang") and titles ('Untitled Unmastered')."""
    if kind == "full":
        return len(words) >= (2 if has_cue else 3) and not (not has_cue and _is_title(words))
    return len(words) >= 3 and not _is_title(words)


def _is_title(words: Sequence[str]) -> bool:
    """True for short capitalised phrases with no final stop: names of works and events."""
    if len(words) > 8 or words[-1][-1:] in ".!?":
        return False
    small = TITLE_SMALL_WORDS
    bare = [w.strip("()[],:;-–—") for w in words]
    return all(not w or w[:1].isupper() or w[:1].isdigit() or w.lower() in small for w in bare)


def _substance(words: Sequence[str], kind: str) -> float:
    """How much a quote says: full statements score 0.5-1 by length, partial quotes below 0.2."""
    length = min(len(words), 40) / 40
    if kind == "full":
        return round(_FULL_FLOOR + (1 - _FULL_FLOOR) * length, 4)
    return round(0.2 * length, 4)


def _cue_before(pre: str) -> tuple[str | None, str | None, bool] | None:
    """The speaker introduced before a quote: `X mengatakan, "…"`, `Menurut X, "…"`."""
    stripped = pre.rstrip()
    tail = stripped[-160:]  # attribution sits right before the quote; keeps the search linear
    if not tail:
        return None
    account = _ACCOUNT_BEFORE.search(tail)
    if account:
        return account.group(1), None, False  # `… dari akun @TelkomCare, "…"`: the account
    menurut = _MENURUT_BEFORE.search(tail)
    if menurut:
        return parse_subject(menurut.group(1))
    cue = _CUE_BEFORE.search(tail)
    if cue and cue.group(1).lower() in CUE_FORMS:
        return parse_cue_phrase(cue.group(2))  # `Lalu, kata Heri, "…"`
    verb = _INTRO_VERB.search(tail)
    if verb is not None and (
        verb.group(1).lower() in REPORTING_VERBS or verb.group(1).lower() in SPEECH_NOUNS
    ):
        # `X menyatakan kepada majelis hakim, "…"`, `X memberikan komentarnya, "…"`
        return parse_subject(stripped[: len(stripped) - len(tail) + verb.start()])
    if tail.endswith(":"):
        # "Budi berkata:" or "Budi:", but not "Terbaca pula poster lain:"
        verb = _LAST_WORD.search(tail[:-1])
        words = tail[:-1].split()
        if verb is not None and verb.group(1).lower().endswith("nya"):
            return None, None, True  # `Katanya: "…"`: the person last named
        if (verb is not None and verb.group(1).lower() in REPORTING_VERBS | CUE_FORMS) or (
            0 < len(words) <= 4 and all(map(is_name_word, words))
        ):
            return parse_subject(stripped[:-1])
    return None


def _before_verb(pre: str) -> str | None:
    """The reporting verb that introduces a quote, for Quote.cue."""
    tail = pre.rstrip()[-160:]
    cue = _CUE_BEFORE.search(tail)
    if cue and cue.group(1).lower() in CUE_FORMS:
        return cue.group(1).lower()
    match = _INTRO_VERB.search(tail)
    if match and match.group(1).lower() in REPORTING_VERBS:
        return match.group(1).lower()
    return None


def _reported_speaker(context: str) -> tuple[str | None, str | None, bool] | None:
    """Who speaks in the sentence around a partial quote (its reporting verb's subject)."""
    outside = QUOTED.sub(" ", context)
    verb = REPORTING.search(outside)
    if verb is not None:
        speaker, role, anaphoric = parse_subject(outside[: verb.start()])
        if speaker or anaphoric:
            return speaker, role, anaphoric
    menurut = MENURUT.search(outside)
    if menurut is not None:
        return parse_subject(menurut.group(1))
    cue = _CUE_ANYWHERE.search(outside)
    if cue is not None:
        speaker, role, anaphoric = parse_cue_phrase(cue.group(2))
        if speaker or anaphoric:
            return speaker, role, anaphoric or cue.group(1).endswith("nya")
    return None


# --- ranking ---------------------------------------------------------------------------------


def pick_quotes(
    quotes: Sequence[Quote], summary: Sequence[SummaryItem], limit: int | None
) -> tuple[Quote, ...]:
    """Rank quotes (speaker known, substance, link to the summary); keep `limit` in text order."""
    picked = {s.index for s in summary}
    summary_words = [(s.index, _content_words(s.text)) for s in summary]

    def value(q: Quote) -> float:
        words = _content_words(q.text)
        # the summary's topic, from sentences other than the quote's own
        topic = set().union(*(w for index, w in summary_words if index != q.sentence_index))
        link = len(words & topic) / len(words) if words else 0.0
        near = bool(picked & {q.sentence_index - 1, q.sentence_index, q.sentence_index + 1})
        is_partial = q.score < _FULL_FLOOR
        if is_partial and q.sentence_index in picked:
            near = False  # a phrase quoted inside a summary sentence adds nothing
        return 2.0 * q.has_speaker + q.score + 0.5 * link + 0.2 * near

    ranked = sorted(quotes, key=lambda q: (-value(q), q.start))
    if limit is not None:
        ranked = ranked[:limit]
    return tuple(sorted(ranked, key=lambda q: q.start))


def _content_words(text: str) -> set[str]:
    """Lower-cased words longer than three letters (function words are shorter or common)."""
    return {w for w in _WORDS.findall(text.lower()) if len(w) > 3}
