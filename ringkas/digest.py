"""One day's Reports → Digest: near-duplicate stories merged, entries in a deterministic order.

Near duplicates are found by the Jaccard similarity of word 3-shingles over the normalised text
(NFKC, case-folded, words only). Each text keeps a bottom-k sketch: the `SKETCH_SIZE` smallest
64-bit BLAKE2b hashes of its shingles. For texts with fewer shingles than that the sketch is the
whole set and the similarity is exact; for longer ones it is the standard bottom-k estimate. The
sketch has a fixed size, so the state file can keep it and a later run the same day can merge a
new file with a story processed earlier without reading the old file again.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ringkas.document import Report

SHINGLE_WORDS = 3
SKETCH_SIZE = 256
# Two reports of one story (a re-published wire copy, a lightly edited version) share far more
# 3-word runs than this; two different stories, even on one topic, share almost none.
DUPLICATE_THRESHOLD = 0.35

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Story:
    """One processed source: its report and the sketch of its text."""

    report: Report
    sketch: tuple[int, ...]


@dataclass(frozen=True)
class Entry:
    """One story in the digest: the fullest report of it and every source that told it."""

    report: Report
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    """A source that could not be processed, and why (it is retried on the next run)."""

    source: str
    reason: str


@dataclass(frozen=True)
class Digest:
    """One day's briefing: header facts, the entries, and the sources not processed."""

    day: date
    entries: tuple[Entry, ...]
    not_processed: tuple[Skipped, ...]
    models: tuple[str, ...]

    @property
    def sources_total(self) -> int:
        """How many source files the entries were built from."""
        return sum(len(entry.sources) for entry in self.entries)

    @property
    def untranslated(self) -> int:
        """How many entries are still in Indonesian (no model was available)."""
        return sum(1 for entry in self.entries if entry.report.model is None)


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def sketch_text(text: str) -> tuple[int, ...]:
    """Return the bottom-k sketch (sorted smallest shingle hashes) of a text."""
    words = _words(text)
    if len(words) < SHINGLE_WORDS:
        shingles = {" ".join(words)} if words else set()
    else:
        shingles = {
            " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
        }
    return tuple(heapq.nsmallest(SKETCH_SIZE, {_hash(s) for s in shingles}))


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimate the Jaccard similarity of two texts from their bottom-k sketches."""
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    # The k smallest hashes of the union are a uniform sample of it; count those in both texts.
    union_sketch = sorted(set_a | set_b)[:SKETCH_SIZE]
    shared = len(set_a.intersection(set_b, union_sketch))
    return shared / len(union_sketch)


def _group(stories: Sequence[Story], threshold: float) -> list[list[int]]:
    """Union-find over all pairs at or above the threshold (single linkage)."""
    parent = list(range(len(stories)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(stories)):
        for j in range(i + 1, len(stories)):
            if similarity(stories[i].sketch, stories[j].sketch) >= threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(stories)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _fullest(stories: Sequence[Story]) -> Story:
    # The longest telling carries the most detail; ties go to the first source by name.
    return min(stories, key=lambda s: (-s.report.sentences_total, s.report.source))


def merge_stories(
    stories: Sequence[Story], *, threshold: float = DUPLICATE_THRESHOLD
) -> tuple[Entry, ...]:
    """Merge near-duplicate stories into entries, most-reported first, then by source name."""
    ordered = sorted(stories, key=lambda s: s.report.source)
    entries = []
    for group in _group(ordered, threshold):
        members = [ordered[i] for i in group]
        sources = tuple(sorted({s.report.source for s in members}))
        entries.append(Entry(report=_fullest(members).report, sources=sources))
    return tuple(sorted(entries, key=lambda e: (-len(e.sources), e.sources)))


def build_digest(
    stories: Sequence[Story], not_processed: Sequence[Skipped], *, today: date
) -> Digest:
    """Build the day's digest from its stories and the sources that failed."""
    entries = merge_stories(stories)
    models = tuple(sorted({e.report.model for e in entries if e.report.model}))
    failed = {s.source: s for s in not_processed}  # one line per source, the latest reason
    return Digest(
        day=today,
        entries=entries,
        not_processed=tuple(failed[name] for name in sorted(failed)),
        models=models,
    )
