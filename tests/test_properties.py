"""Properties of the splitter, the summarizer and the quote finder on any text at all.

Hypothesis builds the texts: arbitrary Unicode, and "news-shaped" texts made of the pieces
that trip Indonesian splitters (abbreviations, decimals, quote marks of every kind, unbalanced
quotes, ellipses, empty lines, invisible characters). The number of examples comes from the
profile in tests/conftest.py: a quick one locally, thousands in CI (CI=true).
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import example, given
from hypothesis import strategies as st

from ringkas.document import Article, Sentence
from ringkas.pipeline import Options, build_report
from ringkas.quotes import find_quotes, pick_quotes
from ringkas.segment import segment_article, split_sentences
from ringkas.summary import METHODS, SummaryLength, pick_summary

# White space and the zero-width marks the splitter treats as space (it may leave them out).
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")

WORDS = st.sampled_from(
    [
        "Presiden", "Joko", "Widodo", "kata", "ujarnya", "menurut", "dia", "di", "Jakarta",
        "pemerintah", "akan", "harga", "beras", "naik", "Menteri", "Keuangan", "Sri", "Mulyani",
        "KPK", "DPR", "Polri", "Senin", "(20/3/2023)", "Kompas.com", "A.", "B", "x",
        "warga", "yang", "tidak", "bisa", "Rp", "5.000", "3,5", "1.500.000", "3.5", "2024",
        "persen", "km", "No.", "pukul", "10.30", "WIB", "e-KTP", "COVID-19", "tsb.",
    ]
)  # fmt: skip
ABBREVIATIONS = st.sampled_from(
    ["Dr.", "dr.", "Prof.", "Jl.", "No.", "dkk.", "dll.", "H.", "Hj.", "S.H.", "M.Si.", "Tbk.",
     "Kab.", "a.n.", "Ir.", "Brigjen.", "Rp.", "Yth.", "dsb.", "M.", "St."]
)  # fmt: skip
MARKS = st.sampled_from(
    ['"', "“", "”", "'", "‘", "’", "«", "»", "„", "(", ")", "[", "]", ".", ",", "!", "?", "…",
     "...", ";", ":", "-", "—", "–", "/", "•", "*", "#"]
)  # fmt: skip
BREAKS = st.sampled_from(
    [" ", " ", " ", "  ", "\t", "\n", "\n\n", "\n \n", "\r\n", "\r", "\u2028", "\u00a0",
     "\u200b", "\ufeff", "\x0c", "\n\n\n"]
)  # fmt: skip
ODD = st.sampled_from(["😀", "é", "e\u0301", "ا", "中文", "ß", "İ", "ǅ", "\x00", "\x1b", "\ud7ff"])

PIECE = st.one_of(WORDS, WORDS, WORDS, ABBREVIATIONS, MARKS, BREAKS, ODD, st.text(max_size=3))
NEWS = st.lists(PIECE, max_size=120).map("".join) | st.lists(
    st.tuples(PIECE, BREAKS), max_size=60
).map(lambda pairs: "".join(a + b for a, b in pairs))
CAPITALS = st.sampled_from(["Presiden", "Ia", "Harga", "Kompas.com", "Menurut", "KPK", "“Kami"])
ENDS = st.sampled_from([".", ".", ".", "!", "?", "…", '."', ".”", "?”", " Dr.", ",” kata dia."])
SENTENCE = st.builds(
    lambda first, words, end: " ".join([first, *words]) + end,
    CAPITALS,
    st.lists(st.one_of(WORDS, WORDS, WORDS, ABBREVIATIONS, MARKS), min_size=3, max_size=20),
    ENDS,
)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
ARTICLE = st.builds(
    lambda paragraphs, breaks: "".join(p + b for p, b in zip(paragraphs, breaks, strict=False)),
    st.lists(PARAGRAPH, min_size=1, max_size=8),
    st.lists(BREAKS, min_size=8, max_size=8),
)
TEXTS = st.one_of(
    st.text(max_size=400), NEWS, NEWS.map(lambda t: t + " Dr."), ARTICLE, ARTICLE, ARTICLE
)
LENGTHS = st.builds(
    SummaryLength,
    sentences=st.integers(1, 6),
    words=st.none() | st.integers(1, 80),
    ratio=st.none() | st.floats(0.0, 1.0),
)

REGRESSIONS = [
    "",
    "\n\n\n",
    "Dr.",
    '"',
    "“Harga naik,” kata dia. “Lagi",
    "Dia bertemu dengan Dr. ",
    "A. B. C.",
    "...",
    "\u2028.\u2029",
    "\ufeff\u200b",
]


def _with_regressions(*rest: object) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Always run the REGRESSIONS texts too (with `rest` for the other arguments)."""

    def decorate(test: Callable[..., None]) -> Callable[..., None]:
        for text in REGRESSIONS:
            test = example(text, *rest)(test)
        return test

    return decorate


def _check_sentences(text: str, sentences: tuple[Sentence, ...]) -> None:
    position = 0
    for number, sentence in enumerate(sentences):
        assert sentence.index == number
        assert position <= sentence.start < sentence.end <= len(text)
        assert sentence.text == text[sentence.start : sentence.end]
        assert not sentence.text[0].isspace()
        assert not sentence.text[-1].isspace()
        gap = text[position : sentence.start]
        assert all(char.isspace() or char in INVISIBLE for char in gap), (gap, sentence)
        position = sentence.end
    tail = text[position:]
    assert all(char.isspace() or char in INVISIBLE for char in tail), tail


@_with_regressions()
@given(TEXTS)
def test_sentences_cover_the_text_in_order(text: str) -> None:
    sentences = split_sentences(text)
    _check_sentences(text, sentences)
    assert split_sentences(text) == sentences  # deterministic


@_with_regressions()
@given(TEXTS)
def test_segmented_body_is_the_split_without_its_headline(text: str) -> None:
    segmented = segment_article(Article(id="t", source="t", text=text))
    split = split_sentences(text)
    spans = [(s.start, s.end) for s in segmented.sentences]
    assert spans in ([(s.start, s.end) for s in split], [(s.start, s.end) for s in split[1:]])
    assert [s.index for s in segmented.sentences] == list(range(len(spans)))


@_with_regressions("rank", SummaryLength())
@given(TEXTS, st.sampled_from(METHODS), LENGTHS)
def test_summary_is_a_subset_of_the_sentences_in_order(
    text: str, method: str, length: SummaryLength
) -> None:
    sentences = split_sentences(text)
    summary = pick_summary(sentences, method=method, length=length)
    indices = [item.index for item in summary]
    assert indices == sorted(set(indices))
    assert all(0 <= i < len(sentences) for i in indices)
    assert len(summary) <= max(1, length.target(len(sentences)))
    for item in summary:
        assert item.text
        assert item.text in sentences[item.index].text  # the first may lose its dateline
    assert pick_summary(sentences, method=method, length=length) == summary


@_with_regressions()
@given(TEXTS)
def test_quotes_lie_inside_the_text_and_picks_keep_text_order(text: str) -> None:
    sentences = split_sentences(text)
    quotes = find_quotes(text, sentences)
    for quote in quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert quote.text
        assert quote.text == quote.text.strip()
        assert not sentences or 0 <= quote.sentence_index < len(sentences)
    assert find_quotes(text, sentences) == quotes
    summary = pick_summary(sentences, length=SummaryLength())
    for limit in (None, 0, 1, 3):
        picked = pick_quotes(quotes, summary, limit)
        assert [q.start for q in picked] == sorted(q.start for q in picked)
        assert all(q in quotes for q in picked)
        assert limit is None or len(picked) <= limit


@_with_regressions("rank")
@given(TEXTS, st.sampled_from(METHODS))
def test_whole_report_is_deterministic(text: str, method: str) -> None:
    article = Article(id="t", source="t.txt", text=text)
    options = Options(method=method, quotes=None)
    report = build_report(article, options)
    assert all(item.index < report.sentences_total for item in report.summary)
    assert build_report(article, options) == report
