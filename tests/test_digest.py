"""The digest core (near-duplicate merge, order), its renderers and the state file format."""

from __future__ import annotations

import html.parser
import itertools
import json
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pytest

from ringkas.digest.group import (
    DUPLICATE_THRESHOLD,
    SKETCH_SIZE,
    Digest,
    Skipped,
    Story,
    build_digest,
    candidate_pairs,
    find_groups,
    merge_stories,
    similarity,
    sketch_text,
)
from ringkas.digest.render import (
    digest_date_of,
    render_digest_html,
    render_digest_json,
    render_digest_markdown,
)
from ringkas.digest.state import (
    OK,
    Day,
    Record,
    State,
    Written,
    dump_day,
    dump_state,
    parse_day,
    parse_state,
    prune,
    read_day,
    report_to_plain,
)
from ringkas.document import Article
from ringkas.pipeline import Options, build_report, translate_reports
from tests.conftest import FakeTranslator

DAY = date(2026, 11, 27)

FLOOD = (
    "Banjir Melanda Jakarta Utara\n\n"
    "Banjir setinggi satu meter melanda kawasan Jakarta Utara pada Senin pagi setelah hujan "
    "deras sepanjang malam. Ratusan rumah di Penjaringan dan Pluit terendam.\n\n"
    '"Kami sudah siapkan dua puluh pompa air dan perahu karet," kata Kepala BPBD DKI Jakarta, '
    "Budi Santoso.\n\n"
    "Warga diungsikan ke masjid dan sekolah terdekat. Dinas Sosial membuka dapur umum di tiga "
    "lokasi untuk para pengungsi."
)
# The same wire story re-published: another headline, one paragraph more, a word changed.
FLOOD_COPY = (
    "Jakarta Utara Terendam Banjir Satu Meter\n\n"
    + FLOOD.split("\n\n", 1)[1].replace("Ratusan", "Sekitar 300")
    + "\n\nBMKG memperkirakan hujan masih akan turun hingga Rabu."
)
ELECTION = (
    "KPU Tetapkan Jadwal Pilkada\n\n"
    "Komisi Pemilihan Umum menetapkan jadwal pemungutan suara pilkada serentak pada bulan "
    "November. Tahapan pendaftaran calon dibuka pekan depan.\n\n"
    '"Semua tahapan sudah kami susun dengan cermat," ujar Ketua KPU, Siti Rahma.'
)


def _story(text: str, source: str) -> Story:
    article = Article(id=source.removesuffix(".txt"), source=source, text=text)
    return Story(report=build_report(article, Options()), sketch=sketch_text(text))


def test_similarity_is_exact_jaccard_for_short_texts() -> None:
    # shingles: {"a b c", "b c d"} vs {"b c d", "c d e"}: 1 shared of 3
    assert similarity(sketch_text("a b c d"), sketch_text("B, c d e!")) == pytest.approx(1 / 3)
    assert similarity(sketch_text(FLOOD), sketch_text(FLOOD)) == 1.0
    assert similarity(sketch_text(""), sketch_text(FLOOD)) == 0.0


def test_sketch_is_bounded_and_normalised() -> None:
    long_text = " ".join(f"kata{i}" for i in range(2000))
    assert len(sketch_text(long_text)) == SKETCH_SIZE
    assert sketch_text("Rumah  TERENDAM, banjir.") == sketch_text("rumah terendam banjir")


def test_near_duplicates_merge_into_one_entry_listing_both_sources() -> None:
    stories = [_story(FLOOD, "b/flood.txt"), _story(ELECTION, "a/kpu.txt")]
    stories.append(_story(FLOOD_COPY, "c/flood-copy.txt"))
    assert similarity(stories[0].sketch, stories[2].sketch) > 0.35
    assert similarity(stories[0].sketch, stories[1].sketch) < 0.05

    entries = merge_stories(stories)

    assert [e.sources for e in entries] == [("b/flood.txt", "c/flood-copy.txt"), ("a/kpu.txt",)]
    # the fuller telling (one paragraph more) represents the story
    assert entries[0].report.source == "c/flood-copy.txt"


def test_unrelated_stories_stay_apart_and_order_does_not_depend_on_input_order() -> None:
    stories = [
        _story(FLOOD, "flood.txt"),
        _story(ELECTION, "kpu.txt"),
        _story(FLOOD_COPY, "copy.txt"),
    ]
    results = {merge_stories(list(p)) for p in itertools.permutations(stories)}
    assert len(results) == 1


def test_build_digest_header_facts() -> None:
    stories = [_story(FLOOD, "flood.txt"), _story(ELECTION, "kpu.txt")]
    translated = translate_reports([s.report for s in stories], FakeTranslator())
    stories[0] = Story(report=translated[0], sketch=stories[0].sketch)
    failed = [Skipped("z.txt", "empty input"), Skipped("bad.txt", "not UTF-8")]

    digest = build_digest(stories, failed, today=DAY)

    assert digest.day == DAY
    assert digest.models == (FakeTranslator.identity.label,)
    assert digest.untranslated == 1
    assert digest.sources_total == 2
    assert [s.source for s in digest.not_processed] == ["bad.txt", "z.txt"]


def _sample_digest(translate: bool = True) -> Digest:
    stories = [
        _story(FLOOD, "inbox/flood.txt"),
        _story(FLOOD_COPY, "inbox/flood-copy.txt"),
        _story(ELECTION, "inbox/kpu.txt"),
    ]
    if translate:
        reports = translate_reports([s.report for s in stories], FakeTranslator())
        stories = [Story(r, s.sketch) for r, s in zip(reports, stories, strict=True)]
    return build_digest(
        stories, [Skipped("inbox/bad.txt", "looks like a binary file — NUL bytes")], today=DAY
    )


def test_markdown_digest_lists_headlines_quotes_sources_and_failures() -> None:
    text = render_digest_markdown(_sample_digest())
    assert text.startswith("<!-- ringkas-digest 2026-11-27 -->\n# Ringkas digest — Friday 27")
    assert "2 stories · from 3 articles · 1 not processed · translated with fake@" in text
    assert "## 1. \\[en\\] Jakarta Utara Terendam Banjir Satu Meter" in text
    assert "*Jakarta Utara Terendam Banjir Satu Meter*" in text  # the Indonesian original
    assert re.search(r"> “\\\[en\\\] Kami sudah siapkan .*” — \*\*Budi Santoso", text)
    assert "Sources: `inbox/flood-copy.txt`, `inbox/flood.txt`" in text
    assert "## Not processed\n\n- `inbox/bad.txt`: looks like a binary file" in text


class _TagChecker(html.parser.HTMLParser):
    """Checks every non-void element is closed in order; collects tags and URL attributes."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "srcset", "action")]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1:] == [tag], f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_digest_is_well_formed_self_contained_and_escaped() -> None:
    hostile = _story(
        "Judul <script>alert(1)</script> & Co\n\n"
        'Berita ini memuat <img src="http://x.example/a.png"> di tengah kalimat yang panjang.',
        "inbox/evil.txt",
    )
    digest = build_digest([hostile], [], today=DAY)
    page = render_digest_html(digest)
    checker = _TagChecker()
    checker.feed(page)
    checker.close()

    assert checker.stack == []
    assert checker.tags[:3] == ["html", "head", "meta"]
    assert not {"script", "img", "link", "iframe", "object"} & set(checker.tags)
    assert checker.urls == []
    assert not re.search(r"url\(|@import|https?://", page.split("<body>")[0])
    text = "".join(checker.text)
    assert "Judul <script>alert(1)</script> & Co" in text  # shown as text, not markup


def test_html_digest_shows_headline_quotes_and_not_processed() -> None:
    page = render_digest_html(_sample_digest())
    assert '<meta name="ringkas-digest-date" content="2026-11-27">' in page
    assert "<h2>1. [en] Jakarta Utara Terendam Banjir Satu Meter</h2>" in page
    assert '<p class="speaker">— Budi Santoso' in page
    assert "<h2>Not processed</h2>" in page


def test_json_digest_is_versioned_sorted_and_unescaped() -> None:
    text = render_digest_json(_sample_digest())
    data = json.loads(text)
    assert (data["schema"], data["kind"]) == (1, "ringkas-digest")
    assert data["date"] == "2026-11-27"
    assert data["counts"] == {"not_processed": 1, "sources": 3, "stories": 2, "untranslated": 0}
    assert data["entries"][0]["sources"] == ["inbox/flood-copy.txt", "inbox/flood.txt"]
    assert data["entries"][0]["report"]["quotes"][0]["speaker"].startswith("Budi Santoso")
    assert text == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert "binary file — NUL bytes" in text  # ensure_ascii=False: no \\u escapes


@pytest.mark.parametrize("render", [render_digest_markdown, render_digest_html, render_digest_json])
def test_every_format_carries_its_date(render: Callable[[Digest], str]) -> None:
    assert digest_date_of(render(_sample_digest())) == DAY


def test_foreign_text_has_no_digest_date() -> None:
    assert digest_date_of("# My notes\n\n2026-11-27") is None
    assert digest_date_of('{"date": "2026-11-27"}') is None
    assert digest_date_of("") is None


def test_state_round_trips_records_and_the_written_digest() -> None:
    record = Record("ab" * 32, "2026-11-27T06:00:00+00:00", OK, "2026-11-27", seen="2026-11-28")
    written = Written(day="2026-11-28", path="/out/ringkas-2026-11-28.md", sha256="cd" * 32)
    state = State(records={"/in/flood.txt": record}, written=written)

    assert parse_state(dump_state(state), "state.json") == state


def test_day_file_round_trips_reports_sketches_and_groups() -> None:
    story = _story(FLOOD, "flood.txt")
    (report,) = translate_reports([story.report], FakeTranslator())
    day = Day(
        day="2026-11-27",
        stories={
            "/in/flood.txt": Story(report, story.sketch),
            "/in/kpu.txt": _story(ELECTION, "kpu.txt"),
        },
        groups=(("/in/flood.txt",), ("/in/kpu.txt",)),
    )

    assert parse_day(list(dump_day(day)), "day.jsonl") == day


def test_schema_1_state_carries_the_day_stories_into_a_day_file(tmp_path: Path) -> None:
    story = _story(FLOOD, "flood.txt")
    old = {
        "schema": 1,
        "sources": {
            "/in/flood.txt": {
                "sha256": "ab" * 32,
                "processed_at": "2026-11-27T06:00:00+00:00",
                "result": OK,
                "day": "2026-11-27",
                "error": None,
                "report": report_to_plain(story.report),
                "sketch": list(story.sketch),
            }
        },
    }
    state = parse_state(json.dumps(old), "state.json")

    assert state.records["/in/flood.txt"].seen == "2026-11-27"
    day = read_day(tmp_path / "state.json", state, "2026-11-27")
    assert day.stories == {"/in/flood.txt": story}
    assert day.groups is None  # grouped afresh on the next run


def test_prune_forgets_files_not_seen_for_keep_days() -> None:
    def seen(day: str) -> Record:
        return Record("ab" * 32, "2026-10-01T06:00:00+00:00", OK, "2026-10-01", seen=day)

    records = {"old": seen("2026-10-27"), "edge": seen("2026-10-28"), "new": seen("2026-11-27")}

    assert sorted(prune(records, date(2026, 11, 27), keep_days=30)) == ["edge", "new"]


def test_damaged_state_names_the_file_and_the_way_out() -> None:
    from ringkas.errors import InputError

    with pytest.raises(InputError, match=r"the digest state file is damaged: s\.json.*--rebuild"):
        parse_state('{"schema": 1, "sources": {"x": {}}}', "s.json")


def test_markdown_digest_renders_as_intended_in_commonmark() -> None:
    from markdown_it import MarkdownIt  # CommonMark, as GitHub and most viewers speak it

    page = MarkdownIt("commonmark").render(render_digest_markdown(_sample_digest()))

    assert "<!-- ringkas-digest 2026-11-27 -->" in page  # kept as a hidden HTML comment
    assert "<h1>Ringkas digest — Friday 27 November 2026</h1>" in page
    assert "<h2>1. [en] Jakarta Utara Terendam Banjir Satu Meter</h2>" in page
    assert page.count("<blockquote>") == 1  # KPU's quote is a summary bullet: shown once
    assert "<strong>Budi Santoso" in page
    assert "<code>inbox/flood-copy.txt</code>" in page
    assert "\\" not in page  # every escape was consumed by the parser


# --- grouping by LSH against the all-pairs check --------------------------------------------


def _all_pairs_groups(
    sketches: list[tuple[int, ...]], pairs: Iterable[tuple[int, int]]
) -> tuple[tuple[int, ...], ...]:
    """Single linkage over the given pairs with the threshold test, no LSH."""
    parent = list(range(len(sketches)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in pairs:
        if similarity(sketches[i], sketches[j]) >= DUPLICATE_THRESHOLD:
            parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(sketches)):
        groups.setdefault(find(i), []).append(i)
    return tuple(sorted(tuple(g) for g in groups.values()))


def _sharing_pairs(sketches: list[tuple[int, ...]]) -> set[tuple[int, int]]:
    """Every pair whose similarity can reach the threshold: the all-pairs loop, made fast.

    The estimate is shared / |U| over U, the k smallest hashes of both sketches. If it reaches
    t, U has at most (1 - t)|U| unshared hashes, so one of its first (1 - t)|U| + 1 is shared,
    and that hash is within the first (1 - t)k + 1 of each sketch. Pairs sharing nothing there
    are below the threshold for certain (test_sharing_pairs_lose_nothing checks it too).
    """
    prefix = int((1 - DUPLICATE_THRESHOLD) * SKETCH_SIZE) + 1
    holders: dict[int, list[int]] = {}
    pairs = set()
    for j, sketch in enumerate(sketches):
        for value in sketch[:prefix]:
            pairs.update((i, j) for i in holders.setdefault(value, []))
            holders[value].append(j)
    return pairs


@pytest.fixture(scope="module")
def indosum_sketches() -> list[tuple[int, ...]]:
    from tests.articlekit import INDOSUM, make_articles

    if not INDOSUM.exists():
        pytest.skip(f"{INDOSUM} is absent")
    return [sketch_text(text) for _, text in make_articles(1000)]


def test_sharing_pairs_lose_nothing(indosum_sketches: list[tuple[int, ...]]) -> None:
    # The plain all-pairs loop on 200 articles: 40 originals and four edited copies of each.
    sketches = [indosum_sketches[i + c] for c in (0, 234, 468, 702, 936) for i in range(40)]
    every_pair = itertools.combinations(range(len(sketches)), 2)
    above = {(i, j) for i, j in every_pair if similarity(sketches[i], sketches[j]) >= 0.35}
    assert above  # the set holds near duplicates
    assert above <= _sharing_pairs(sketches)


def test_lsh_groups_equal_all_pairs_on_1000_indosum_articles(
    indosum_sketches: list[tuple[int, ...]],
) -> None:
    expected = _all_pairs_groups(indosum_sketches, sorted(_sharing_pairs(indosum_sketches)))
    merged = [g for g in expected if len(g) > 1]
    assert len(merged) > 150  # copies near and far from the threshold are in the set

    assert find_groups(indosum_sketches) == expected


def test_lsh_checks_only_candidate_pairs(indosum_sketches: list[tuple[int, ...]]) -> None:
    candidates = set(candidate_pairs(indosum_sketches))
    sketches = indosum_sketches
    above = {
        (i, j) for i, j in _sharing_pairs(sketches) if similarity(sketches[i], sketches[j]) >= 0.35
    }
    assert above <= candidates
    assert len(candidates) < 3 * len(above)  # of 499,500 pairs


def test_later_run_groups_only_fresh_stories_against_known_groups(
    indosum_sketches: list[tuple[int, ...]],
) -> None:
    earlier = find_groups(indosum_sketches[:600])
    fresh = list(range(600, 1000))

    assert find_groups(indosum_sketches, known=earlier, fresh=fresh) == find_groups(
        indosum_sketches
    )


def test_no_fresh_story_means_no_candidates() -> None:
    sketches = [sketch_text(FLOOD), sketch_text(FLOOD_COPY)]
    assert list(candidate_pairs(sketches, fresh=[])) == []
    assert find_groups(sketches, known=[(0,), (1,)], fresh=[]) == ((0,), (1,))


def test_empty_texts_never_group() -> None:
    sketches = [sketch_text(""), sketch_text("..."), sketch_text(FLOOD)]
    assert find_groups(sketches) == ((0,), (1,), (2,))
