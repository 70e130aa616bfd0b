"""The extractive summarizer: methods, length limits, near-duplicates, headings, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringkas.document import Sentence, SummaryItem
from ringkas.lexicon import STOPWORDS
from ringkas.pipeline import Options, build_report
from ringkas.summary import (
    DEFAULT_METHOD,
    FEATURES,
    METHODS,
    NEAR_DUPLICATE,
    RANK_WEIGHTS,
    SummaryLength,
    candidate_sentences,
    derive_title,
    is_boilerplate,
    is_candidate,
    pick_summary,
    quote_fragments,
    sentence_features,
    strip_dateline,
)
from tests.conftest import SEED, article

HEADING = "# "  # a paragraph line starting with this is a heading in doc()


def doc(*paragraphs: str | tuple[str, ...]) -> tuple[Sentence, ...]:
    """Sentences built by hand (no splitter involved): a tuple is a paragraph of sentences."""
    sentences: list[Sentence] = []
    pos = 0
    for number, paragraph in enumerate(paragraphs):
        lines = (paragraph,) if isinstance(paragraph, str) else paragraph
        for line in lines:
            is_heading = line.startswith(HEADING)
            text = line.removeprefix(HEADING)
            sentences.append(
                Sentence(len(sentences), text, pos, pos + len(text), number, is_heading)
            )
            pos += len(text) + 1
    return tuple(sentences)


def summarize(
    source: tuple[Sentence, ...], method: str = DEFAULT_METHOD, **length: object
) -> tuple[SummaryItem, ...]:
    return pick_summary(source, method=method, length=SummaryLength(**length))  # type: ignore[arg-type]


def texts(items: tuple[SummaryItem, ...]) -> list[str]:
    return [item.text for item in items]


NEWS = doc(
    (
        "Jakarta, CNN Indonesia -- Pemerintah Kota Bandung menutup tiga pasar tradisional "
        "karena banjir besar.",
        "Banjir merendam ratusan rumah warga di Bandung sejak Senin pagi.",
    ),
    "Baca juga: Banjir Rendam Bandung Selatan",
    (
        "Wali Kota Bandung mengatakan pasar akan dibuka kembali setelah air surut.",
        "Petugas membersihkan lumpur di pasar tradisional pada Selasa.",
    ),
    '"Kami minta warga tetap tenang dan mengikuti arahan petugas," kata Wali Kota.',
    (
        "Hujan deras diperkirakan masih turun hingga akhir pekan ini.",
        "Warga diminta waspada terhadap banjir susulan di Bandung.",
    ),
)


def test_methods_offer_lead_and_the_default() -> None:
    assert "lead" in METHODS
    assert DEFAULT_METHOD in METHODS
    assert len(RANK_WEIGHTS) == len(FEATURES)


def test_lead_takes_the_first_candidates_without_dateline_or_boilerplate() -> None:
    items = summarize(NEWS, method="lead")
    assert [i.index for i in items] == [0, 1, 3]
    assert items[0].text.startswith("Pemerintah Kota Bandung menutup")


@pytest.mark.parametrize("method", METHODS)
def test_summary_is_in_document_order_with_index_and_score(method: str) -> None:
    items = summarize(NEWS, method=method)
    assert len(items) == 3
    indices = [i.index for i in items]
    assert indices == sorted(indices)
    assert len(set(indices)) == 3
    for item in items:
        assert NEWS[item.index].text.endswith(item.text)  # only a dateline may be cut
        assert 0.0 < item.score <= 1.0


def test_default_method_keeps_the_lead_and_skips_boilerplate() -> None:
    items = summarize(NEWS)
    assert items[0].index == 0
    assert not any(is_boilerplate(text) for text in texts(items))


def test_rank_scores_direct_speech_below_reporting() -> None:
    # the same position and length pattern, once as a quote and once as reported speech
    quoted = doc(
        "Pemerintah Kota Bandung menutup tiga pasar tradisional karena banjir besar.",
        '"Warga harus tetap tenang dan mengikuti arahan petugas di lapangan," kata Wali Kota.',
    )
    reported = doc(
        "Pemerintah Kota Bandung menutup tiga pasar tradisional karena banjir besar.",
        "Wali Kota meminta warga tetap tenang dan mengikuti arahan petugas di lapangan.",
    )
    quote_score = summarize(quoted, sentences=2)[1].score
    report_score = summarize(reported, sentences=2)[1].score
    assert quote_score < report_score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jakarta, CNN Indonesia -- Presiden tiba di Bandung.", "Presiden tiba di Bandung."),
        ("JAKARTA, KOMPAS — Presiden tiba di Bandung.", "Presiden tiba di Bandung."),
        ("Wamena (ANTARA News) - Pemerintah mendatangkan tim.", "Pemerintah mendatangkan tim."),
        ("Suara.com - Cerita sekuel terbaru bocor.", "Cerita sekuel terbaru bocor."),
        ("JAKARTA (Pos Kota) –Presiden Joko Widodo mengaku.", "Presiden Joko Widodo mengaku."),
        ("GOLD COAST, JUARA.net - Pebulu tangkis menang.", "Pebulu tangkis menang."),
        ("Jakarta - Presiden tiba di Bandung.", "Presiden tiba di Bandung."),
        # hyphens that are not datelines stay
        ("Pemimpin Korea Utara Kim Jong - un dikenal tegas.", None),
        ("Skor akhir 2 - 1 untuk tuan rumah.", None),
        ("Presiden tiba di Bandung - kota kembang - pagi ini.", None),
        ("Timnas U - 23 lolos ke final.", None),
        ("Pemimpin Korea Utara (Korut) Kim Jong - un dikenal tegas.", None),
        ("Menurut dia, harga - harga naik lagi.", None),
        (
            "Rio de Janeiro, CNN Indonesia -- Polisi menangkap dua orang.",
            "Polisi menangkap dua orang.",
        ),
    ],
)
def test_strip_dateline(text: str, expected: str | None) -> None:
    assert strip_dateline(text) == (expected if expected is not None else text)


def test_only_the_first_sentence_loses_a_dateline() -> None:
    sentences = doc(("Presiden tiba di Bandung pagi ini.", "Jakarta - Menteri ikut ke sana."))
    assert [s.text for s in candidate_sentences(sentences)] == [s.text for s in sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Baca juga: Setya Novanto: Jangan Sampai Kisruh Taksi", True),
        ("[Baca Juga: Banjir Rendam Bandung]", True),
        ("SIMAK JUGA: Jadwal Liga 1 Pekan Ini", True),
        ("Tim Cook, CEO Apple (Foto: Reuters)", True),
        ("Editor: Budi Santoso", True),
        ("Warga membaca juga koran pagi di pasar.", False),
        ("Sumber dana proyek itu berasal dari APBD.", False),
    ],
)
def test_is_boilerplate(text: str, expected: bool) -> None:
    assert is_boilerplate(text) is expected


@pytest.mark.parametrize("method", METHODS)
def test_headings_are_never_picked(method: str) -> None:
    sentences = doc(
        "# Banjir di Bandung",
        ("Pemerintah menutup tiga pasar karena banjir.", "Ratusan rumah warga terendam air."),
        "# Diplomasi yang tak mulus",
        ("Wali Kota meminta bantuan provinsi.", "Bantuan tiba pada Selasa sore."),
    )
    items = summarize(sentences, method=method, sentences=10)
    assert [i.index for i in items] == [1, 2, 4, 5]
    assert summarize(doc("# Banjir di Bandung", "# Pasar ditutup sementara"), method=method) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pemerintah menutup tiga pasar karena banjir.", True),
        ("iPhone X resmi dijual di Indonesia hari ini.", True),  # a brand, not a continuation
        ("dan warga diminta tetap tenang di rumah.", False),  # the rest of a broken sentence
        ("Pasar ditutup sementara.", False),  # too short to carry news
        ("Baca juga: Banjir Rendam Bandung Selatan", False),
    ],
)
def test_is_candidate(text: str, expected: bool) -> None:
    assert is_candidate(Sentence(0, text, 0, len(text))) is expected


def test_headings_are_not_candidates() -> None:
    text = "Diplomasi yang tak mulus di semenanjung Korea"
    assert not is_candidate(Sentence(0, text, 0, len(text), is_heading=True))


@pytest.mark.parametrize(
    ("paragraphs", "fragments"),
    [
        # a quote over three sentences: every piece is a fragment
        (
            [
                (
                    '"Pasar kami tutup sampai air surut.',
                    "Petugas sedang membersihkan lumpur.",
                    'Warga harap bersabar," kata Wali Kota.',
                )
            ],
            [True, True, True],
        ),
        # a whole quote with its attribution in one sentence stands alone
        (['"Pasar kami tutup sampai air surut," kata Wali Kota.'], [False]),
        # Kompas opens quotes with ” as well as closing them
        ([("”Pasar kami tutup.", "Warga harap bersabar,” kata Wali Kota.")], [True, True]),
        # a quote left open runs on within its paragraph ...
        ([('Ia menyebut "pasar rakyat di kota.', "Warga menunggu kabar.")], [True, True]),
        # ... but a stray quote mark does not swallow the next paragraph
        (['Ia menyebut "pasar rakyat di kota.', "Warga menunggu kabar."], [True, False]),
    ],
)
def test_quote_fragments(paragraphs: list[str | tuple[str, ...]], fragments: list[bool]) -> None:
    assert quote_fragments(doc(*paragraphs)) == fragments


@pytest.mark.parametrize("method", METHODS)
def test_quote_fragments_are_never_picked(method: str) -> None:
    sentences = doc(
        (
            '"Pasar kami tutup sampai air surut benar-benar.',
            "Petugas sedang membersihkan lumpur di los daging.",
            'Warga harap bersabar menunggu kabar," kata Wali Kota.',
        ),
        "Pemerintah menutup tiga pasar tradisional karena banjir.",
        '"Kami minta warga tetap tenang," kata Wali Kota di Balai Kota.',
    )
    assert [i.index for i in summarize(sentences, method=method, sentences=10)] == [3, 4]


@pytest.mark.parametrize(
    ("cap", "expected"),
    [
        (None, [0, 1, 3]),  # no cap: 10 + 10 + 11 words
        (25, [0, 1]),  # nothing else fits in the 5 words left
        (18, [0, 4]),  # the second best (10 words) is skipped for a shorter one (8) that fits
        (10, [0]),
        (3, [0]),  # a cap below every sentence still yields the best sentence
    ],
)
def test_words_cap(cap: int | None, expected: list[int]) -> None:
    items = summarize(NEWS, method="lead", words=cap)
    assert [i.index for i in items] == expected
    if cap is not None and cap >= 10:
        assert sum(len(t.split()) for t in texts(items)) <= cap


@pytest.mark.parametrize(
    ("ratio", "sentences", "expected"),
    [
        (None, 3, 3),
        (None, 20, 7),  # never more than the candidates (7 of 8: one is "Baca juga")
        (0.5, 3, 4),  # ratio wins over the sentence count: ceil(7 * 0.5)
        (0.01, 3, 1),  # at least one
        (1.0, 3, 7),
    ],
)
@pytest.mark.parametrize("method", METHODS)
def test_length_by_count_and_ratio(
    method: str, ratio: float | None, sentences: int, expected: int
) -> None:
    assert len(summarize(NEWS, method=method, sentences=sentences, ratio=ratio)) == expected


BASE = "Pemerintah Kota Bandung menutup tiga pasar tradisional karena banjir besar."


@pytest.mark.parametrize(
    ("twin", "is_duplicate"),
    [
        (BASE, True),  # copied verbatim further down
        ("Pemerintah Kota Bandung menutup tiga pasar tradisional karena banjir.", True),
        ("Karena banjir besar, Pemerintah Kota Bandung menutup tiga pasar tradisional.", True),
        ("Pemkot Bandung menutup tiga pasar tradisional karena banjir besar kemarin.", True),
        # a longer sentence that holds the whole lead is no news either
        (
            "Pemerintah Kota Bandung menutup tiga pasar tradisional karena banjir besar, "
            "kata juru bicara wali kota.",
            True,
        ),
        ("Pemerintah Kota Bandung membuka dapur umum bagi korban banjir.", False),
    ],
)
@pytest.mark.parametrize("method", METHODS)
def test_near_duplicates_are_not_picked_together(
    method: str, twin: str, is_duplicate: bool
) -> None:
    sentences = doc(
        (BASE, "Ratusan rumah warga terendam air sejak Senin pagi."),
        ("Wali Kota meminta bantuan pemerintah provinsi.", twin),
    )
    picked = [i.index for i in summarize(sentences, method=method, sentences=4)]
    assert (3 not in picked) is is_duplicate
    assert 0 in picked


# Words the Indonesian stemmer leaves as they are, so a brute-force check can use them as is.
_WORDS = [
    "rumah",
    "mobil",
    "kucing",
    "buku",
    "meja",
    "kursi",
    "pintu",
    "jalan",
    "kota",
    "desa",
    "gunung",
    "pasar",
    "kantor",
]
_SENTENCE = st.lists(st.sampled_from(_WORDS), min_size=4, max_size=9)


@settings(max_examples=60, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=25))
def test_near_duplicate_index_matches_brute_force(word_lists: list[list[str]]) -> None:
    sentences = doc(tuple(" ".join(words).capitalize() + "." for words in word_lists))
    kept: list[set[str]] = []
    expected = []
    for sentence in sentences:  # lead order: the order in which the summarizer tries them
        stems = {w for w in sentence.text.lower().rstrip(".").split() if w not in STOPWORDS}
        if any(len(stems & k) >= NEAR_DUPLICATE * min(len(stems), len(k)) for k in kept):
            continue
        kept.append(stems)
        expected.append(sentence.index)
    items = summarize(sentences, method="lead", sentences=len(sentences))
    assert [i.index for i in items] == expected


@pytest.mark.parametrize("method", METHODS)
def test_summary_is_deterministic(method: str) -> None:
    runs = {summarize(NEWS, method=method, sentences=n) for n in (2, 2, 2)}
    assert len(runs) == 1


def test_no_hash_ordering_leaks_between_processes() -> None:
    code = (
        "import json, sys; from ringkas.document import Article; "
        "from ringkas.pipeline import Options, build_report; "
        "text = open(sys.argv[1], encoding='utf-8').read(); "
        "r = build_report(Article('s', 's', text), Options()); "
        "print(json.dumps([[i.index, i.text, i.score] for i in r.summary]))"
    )
    outputs = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code, str(SEED)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) == 3


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown summary method"):
        summarize(NEWS, method="magic")


@pytest.mark.parametrize("method", METHODS)
def test_empty_input_gives_an_empty_summary(method: str) -> None:
    assert summarize((), method=method) == ()


def test_features_stay_linear_in_shape() -> None:
    rows = sentence_features(candidate_sentences(NEWS))
    assert len(rows) == len(candidate_sentences(NEWS))
    assert all(len(row) == len(FEATURES) for row in rows)


def test_pipeline_summary_points_at_segmented_sentences() -> None:
    report = build_report(
        article(
            "Jakarta, CNN Indonesia -- Pemerintah Kota Bandung menutup tiga pasar tradisional "
            "karena banjir besar. Banjir merendam ratusan rumah warga sejak Senin pagi.",
            "Wali Kota Bandung mengatakan pasar akan dibuka kembali setelah air surut.",
        ),
        Options(length=SummaryLength(sentences=2)),
    )
    assert [i.index for i in report.summary] == [0, 1]
    assert report.summary[0].text.startswith("Pemerintah Kota Bandung")
    assert report.sentences_total == 3


def test_cli_method_choices_match_the_summarizer() -> None:
    from ringkas.cli.options import Method
    from ringkas.summary import METHODS

    assert {m.value for m in Method} == set(METHODS)


# --- page furniture that reached the text is never picked --------------------------------------

FURNITURE = [
    "Selasa, 16 Juni 2015, 14:05 WIB.",  # a dateline alone
    "MUDA DAN MENGINSPIRASI BANGSA INI!",  # a kicker in capitals
    "Rate artikel ini",  # widget labels and counters
    "Like (0)",
    "Home › Berita › Nasional › Daerah",  # a breadcrumb
    "© 2015 PT Kabar Contoh. All Rights Reserved.",
    "Foto: Petugas mengevakuasi warga dengan perahu karet.",
    "Warga mengevakuasi korban banjir di Kampung Melayu (ANTARA FOTO/Puspa Perwitasari).",
]


@pytest.mark.parametrize("text", FURNITURE)
def test_furniture_is_not_a_candidate(text: str) -> None:
    assert not is_candidate(Sentence(0, text, 0, len(text)))


LEAD = "Banjir merendam ribuan rumah di Jakarta Timur pada Senin pagi."
BODY = (
    "Badan Penanggulangan Bencana Daerah mencatat ketinggian air mencapai satu meter.",
    "Sebanyak 3.200 warga mengungsi ke sekolah dan masjid terdekat di Jakarta Timur.",
)


@pytest.mark.parametrize("method", METHODS)
def test_a_caption_split_from_its_credit_is_never_picked(method: str) -> None:
    # The splitter cuts "… Melayu. (Budi Santoso/Kabar)" in two: the paragraph is the caption.
    caption = ("Warga mengungsi dengan perahu karet di Kampung Melayu.", "(Budi Santoso/Kabar)")
    source = doc("Selasa 16 Jun 2015, 14:05 WIB.", caption, LEAD, *BODY)
    got = texts(summarize(source, method, sentences=3))
    assert got == [LEAD, *BODY]


def test_a_reporters_initials_do_not_make_a_caption() -> None:
    source = doc((LEAD, "(abc/xyz)"), *BODY)
    assert texts(summarize(source, "lead", sentences=1)) == [LEAD]


# --- a derived headline for texts without one ---------------------------------------------------


@pytest.mark.parametrize(
    ("paragraphs", "title"),
    [
        # the first clause, when it is a headline's length
        (["Ketua MPR Zulkifli Hasan menyesalkan kisruh transportasi online, kata dia di Jakarta."],
         "Ketua MPR Zulkifli Hasan menyesalkan kisruh transportasi online"),
        # a short lead is the headline, without its full stop or its dateline
        (["JAKARTA, KOMPAS.com - Cerita sekuel terbaru James Bond bocor."],
         "Cerita sekuel terbaru James Bond bocor"),
        # a long lead is cut after 12 words, and says so
        (["Pemerintah Kabupaten Jayawijaya, Papua, mendatangkan tim arkeolog dari Makassar dan "
          "Jayapura untuk melakukan konservasi mumi."],
         "Pemerintah Kabupaten Jayawijaya, Papua, mendatangkan tim arkeolog dari Makassar dan "
         "Jayapura untuk …"),
        # furniture before the lead is skipped
        (["Selasa 16 Jun 2015, 14:05 WIB.", LEAD], LEAD.rstrip(".")),
        ([], None),
    ],
)  # fmt: skip
def test_derive_title(paragraphs: list[str], title: str | None) -> None:
    assert derive_title(doc(*paragraphs)) == title


def test_a_text_without_headline_gets_a_derived_title_marked_in_json() -> None:
    from ringkas.render.data import render_json
    from ringkas.render.text import render_markdown

    plain = build_report(article(LEAD, *BODY), Options())
    assert plain.title == LEAD.rstrip(".")
    assert plain.title_derived
    assert json.loads(render_json(plain))["title_derived"] is True
    assert render_markdown(plain).startswith(f"## {LEAD.rstrip('.')}\n")  # not the file name
    headed = build_report(article("Banjir Rendam Jakarta\n\n" + LEAD, *BODY), Options())
    assert (headed.title, headed.title_derived) == ("Banjir Rendam Jakarta", False)
    assert json.loads(render_json(headed))["title_derived"] is False
