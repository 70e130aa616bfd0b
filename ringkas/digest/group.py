"""One day's Reports → Digest: near-duplicate stories merged, entries in a deterministic order.

Near duplicates are found by the Jaccard similarity of word 3-shingles over the normalised text
(NFKC, case-folded, words only). Each text keeps a bottom-k sketch: the `SKETCH_SIZE` smallest
64-bit BLAKE2b hashes of its shingles. For texts with fewer shingles than that the sketch is the
whole set and the similarity is exact; for longer ones it is the standard bottom-k estimate. The
sketch has a fixed size, so the state file can keep it and a later run the same day can merge a
new file with a story processed earlier without reading the old file again.

Grouping compares only candidate pairs, never all pairs: each sketch gets a MinHash of
`LSH_BANDS` x `LSH_ROWS` values (datasketch, seeded, so the same in every run), and two stories
are candidates when one band of rows agrees (MinHashLSH). Each candidate pair is then checked
with the bottom-k `similarity` above, the same test the all-pairs loop made, so the LSH can
only miss a pair, never add one. Two rows per band keep the miss chance at the threshold
(Jaccard 0.35 of the sketches) at (1 - 0.35**2)**64 = 2e-4, and far lower for real copies
(1e-8 at 0.5); single linkage gives a second chance through every other copy of the story.
tests/test_digest.py checks the groups equal the all-pairs result on 1,000 IndoSum articles.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeAlias

from ringkas.document import Report

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_WORDS = 3
SKETCH_SIZE = 256
# Two reports of one story (a re-published wire copy, a lightly edited version) share far more
# 3-word runs than this; two different stories, even on one topic, share almost none.
DUPLICATE_THRESHOLD = 0.35
# 64 bands of 2 MinHash values (128 permutations): see the module docstring for why.
LSH_BANDS = 64
LSH_ROWS = 2
_LSH_SEED = 1

_WORD = re.compile(r"\w+")

#: A bottom-k sketch: sorted unsigned 64-bit hashes, 8 bytes each (a tuple of ints takes 40).
Sketch: TypeAlias = "array[int]"


@dataclass(frozen=True)
class Story:
    """One processed source: its report and the sketch of its text."""

    report: Report
    sketch: Sketch


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


def make_sketch(values: Iterable[int]) -> Sketch:
    """Pack sorted hash values into a Sketch."""
    return array("Q", values)


def sketch_text(text: str) -> Sketch:
    """Return the bottom-k sketch (sorted smallest shingle hashes) of a text."""
    words = _words(text)
    if len(words) < SHINGLE_WORDS:
        shingles = {" ".join(words)} if words else set()
    else:
        shingles = {
            " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
        }
    return make_sketch(heapq.nsmallest(SKETCH_SIZE, {_hash(s) for s in shingles}))


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimate the Jaccard similarity of two texts from their bottom-k sketches."""
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    # The k smallest hashes of the union are a uniform sample of it; count those in both texts.
    union_sketch = sorted(set_a | set_b)[:SKETCH_SIZE]
    shared = len(set_a.intersection(set_b, union_sketch))
    return shared / len(union_sketch)


def _top32(value: int) -> int:
    # Sketch values are already uniform 64-bit hashes; MinHash's affine32 scheme takes 32 bits.
    return value >> 32


def _minhashes(sketches: Sequence[Sequence[int]]) -> list[MinHash]:
    from datasketch import MinHash  # numpy and scipy load only when there is grouping to do

    size = LSH_BANDS * LSH_ROWS
    template = MinHash(num_perm=size, seed=_LSH_SEED, scheme="affine32")
    found = []
    for sketch in sketches:
        minhash = MinHash(
            num_perm=size,
            seed=_LSH_SEED,
            hashfunc=_top32,
            permutations=template.permutations,
            scheme="affine32",
        )
        minhash.update_batch(sketch)
        found.append(minhash)
    return found


def candidate_pairs(
    sketches: Sequence[Sequence[int]], fresh: Sequence[int] | None = None
) -> Iterator[tuple[int, int]]:
    """Yield the pairs (i, j) whose MinHash shares a band, each with i < j, at least one fresh.

    `fresh` lists the sketches to look up (default: all); pairs of two others are not yielded.
    Empty sketches (texts without words) are never candidates: their similarity is 0.
    """
    from datasketch import MinHashLSH

    wanted = range(len(sketches)) if fresh is None else sorted(set(fresh))
    if not wanted:
        return
    present = [i for i, sketch in enumerate(sketches) if sketch]
    minhashes = dict(zip(present, _minhashes([sketches[i] for i in present]), strict=True))
    index = MinHashLSH(num_perm=LSH_BANDS * LSH_ROWS, params=(LSH_BANDS, LSH_ROWS))
    is_fresh = set(wanted)
    for i in present:
        if i not in is_fresh:
            index.insert(i, minhashes[i], check_duplication=False)
    for i in wanted:
        if i not in minhashes:
            continue
        # Each fresh sketch meets the older ones and the fresh ones inserted before it.
        for j in sorted(index.query(minhashes[i])):
            yield (min(i, j), max(i, j))
        index.insert(i, minhashes[i], check_duplication=False)


def find_groups(
    sketches: Sequence[Sequence[int]],
    *,
    known: Sequence[Sequence[int]] = (),
    fresh: Sequence[int] | None = None,
    threshold: float = DUPLICATE_THRESHOLD,
) -> tuple[tuple[int, ...], ...]:
    """Group sketches whose similarity reaches the threshold, directly or through others.

    Single linkage over the candidate pairs. `known` holds groups already found among the
    sketches not in `fresh` (an earlier run of the same day); only pairs with a fresh sketch
    are then looked at. Groups come out sorted, each by index.
    """
    parent = list(range(len(sketches)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for group in known:
        for member in group[1:]:
            parent[find(member)] = find(group[0])
    for i, j in candidate_pairs(sketches, fresh):
        root_i, root_j = find(i), find(j)
        # Already one story through other copies: single linkage needs no check.
        if root_i != root_j and similarity(sketches[i], sketches[j]) >= threshold:
            parent[root_j] = root_i
    groups: dict[int, list[int]] = {}
    for i in range(len(sketches)):
        groups.setdefault(find(i), []).append(i)
    return tuple(sorted(tuple(g) for g in groups.values()))


def _fullest(stories: Sequence[Story]) -> Story:
    # The longest telling carries the most detail; ties go to the first source by name.
    return min(stories, key=lambda s: (-s.report.sentences_total, s.report.source))


def build_entries(stories: Sequence[Story], groups: Sequence[Sequence[int]]) -> tuple[Entry, ...]:
    """Make one entry per group of stories (indices), most-reported first, then by source."""
    entries = []
    for group in groups:
        members = [stories[i] for i in group]
        sources = tuple(sorted({s.report.source for s in members}))
        entries.append(Entry(report=_fullest(members).report, sources=sources))
    return tuple(sorted(entries, key=lambda e: (-len(e.sources), e.sources)))


def merge_stories(
    stories: Sequence[Story], *, threshold: float = DUPLICATE_THRESHOLD
) -> tuple[Entry, ...]:
    """Merge near-duplicate stories into entries, most-reported first, then by source name."""
    groups = find_groups([s.sketch for s in stories], threshold=threshold)
    return build_entries(stories, groups)


def build_digest(
    stories: Sequence[Story],
    not_processed: Sequence[Skipped],
    *,
    today: date,
    groups: Sequence[Sequence[int]] | None = None,
) -> Digest:
    """Build the day's digest from its stories (grouped now unless `groups` is given)."""
    if groups is None:
        groups = find_groups([s.sketch for s in stories])
    entries = build_entries(stories, groups)
    models = tuple(sorted({e.report.model for e in entries if e.report.model}))
    failed = {s.source: s for s in not_processed}  # one line per source, the latest reason
    return Digest(
        day=today,
        entries=entries,
        not_processed=tuple(failed[name] for name in sorted(failed)),
        models=models,
    )
