"""Direct quotes and their speakers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ringkas.document import Quote, Sentence, SummaryItem

ATTRIBUTION_VERBS = frozenset(
    {
        "kata",
        "ujar",
        "ucap",
        "ungkap",
        "jelas",
        "tutur",
        "tambah",
        "tegas",
        "sebut",
        "tulis",
        "lanjut",
        "papar",
        "terang",
        "imbuh",
        "tanya",
        "pungkas",
        "katanya",
        "ujarnya",
        "ucapnya",
        "ungkapnya",
        "jelasnya",
        "tuturnya",
        "tambahnya",
        "tegasnya",
        "sebutnya",
        "tulisnya",
        "lanjutnya",
        "paparnya",
        "terangnya",
        "imbuhnya",
        "tanyanya",
        "pungkasnya",
    }
)

_QUOTE = re.compile(r"[\"“”]([^\"“”]{2,}?)[\"“”]")
_CUE_AFTER = re.compile(r"^\s*,?\s*(\w+)\s+((?:[A-Z][\w.-]*\s?){1,4})")


def find_quotes(text: str, sentences: Sequence[Sentence]) -> tuple[Quote, ...]:
    """Find direct quotes in text and attribute them to a speaker where the text says who."""
    quotes = []
    for match in _QUOTE.finditer(text):
        body = match.group(1).strip()
        if len(body.split()) < 4:
            continue  # scare quotes and titles: "menantang"
        after = text[match.end() : match.end() + 120]
        speaker = cue = None
        cue_match = _CUE_AFTER.match(after)
        if cue_match and cue_match.group(1).lower() in ATTRIBUTION_VERBS:
            cue = cue_match.group(1).lower()
            speaker = cue_match.group(2).strip()
        index = next((s.index for s in sentences if s.start <= match.start() < s.end), 0)
        quotes.append(
            Quote(
                text=body.rstrip(","),
                speaker=speaker,
                role=None,
                cue=cue,
                sentence_index=index,
                start=match.start(),
                end=match.end(),
            )
        )
    return tuple(quotes)


def pick_quotes(
    quotes: Sequence[Quote], summary: Sequence[SummaryItem], limit: int | None
) -> tuple[Quote, ...]:
    """Rank quotes (speaker known, substance, near the summary) and keep `limit` in text order."""
    picked = {s.index for s in summary}

    def rank(q: Quote) -> tuple[int, int, int, int]:
        return (-int(q.has_speaker), -int(q.sentence_index in picked), -len(q.text), q.start)

    ranked = sorted(quotes, key=rank)
    if limit is not None:
        ranked = ranked[:limit]
    return tuple(sorted(ranked, key=lambda q: q.start))
