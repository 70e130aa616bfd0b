"""Indonesian sentence splitting: one table per rule, invariants, speed guards, seed, eval floor."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringkas.document import Article, Sentence
from ringkas.segment import segment_article, split_sentences
from tests.conftest import EVAL, SEED


def texts(sentences: Iterable[Sentence]) -> list[str]:
    return [s.text for s in sentences]


def check_spans(text: str, sentences: Sequence[Sentence]) -> None:
    """Spans are in order, non-overlapping, stripped, and hold exactly their text."""
    previous_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert previous_end <= s.start < s.end <= len(text)
        assert s.text == text[s.start : s.end]
        assert s.text == s.text.strip()
        previous_end = s.end


def check_split(text: str, expected: list[str]) -> None:
    found = split_sentences(text)
    check_spans(text, found)
    assert texts(found) == expected


def check_marked(marked: str) -> None:
    """Split the text that `marked` spells, where " | " marks each expected boundary."""
    check_split(marked.replace(" | ", " "), marked.split(" | "))


# Each table row is the expected split: the input is the row with " | " read as a space.

# Abbreviations: their dot is not a full stop.
ABBREVIATIONS = [
    "Ia dirawat dr. Budi di RS. | Dia pulang.",
    "Pasien ditangani Dr. Ahmad. | Ia sembuh.",
    "Prof. Azyumardi Azra hadir. | Acara usai.",
    "Kantornya di Jl. Sudirman No. 5 Jakarta.",
    "Riset Budi dkk. menunjukkan hasil. | Itu penting.",
    "Ada buah, sayur, dll. yang dijual.",
    "Hal itu, dsb. perlu dicatat.",
    "Kasus tsb. masih diselidiki.",
    "Surat a.n. Menteri dikirim. | Isinya jelas.",
    "Budi Santoso, S.H. memimpin sidang.",
    "Siti, M.Si. mengajar statistik.",
    "Harganya Rp. 5.000 per kilo. | Murah.",
    "Ia berangkat bersama H. Ahmad dan Hj. Siti.",
    "Ir. Soekarno dan Drs. Moh. Hatta hadir.",
    "Gereja St. Yosef ramai. | Misa dimulai.",
    "Warga Kab. Bogor dan Kec. Cibinong hadir.",
    "Surat untuk Bpk. Joko sudah dikirim.",
    "Kadiskes Letkol Laut (K) dr. Hengky Sp. B, FINACS, hadir.",
    "Saham PT Bank Central Asia Tbk. (BBCA) naik.",
    "Putusan Roe v. Wade berlaku. | Presiden A.S. Donald Trump tiba.",
    # Indonesian writes one dot for both: before a capital the abbreviation ends the sentence.
    "Ada buah, sayur, dll. | Harganya murah.",
    "Ia kalah dari Mayweather Jr. | Publik kecewa.",
]


@pytest.mark.parametrize("marked", ABBREVIATIONS)
def test_abbreviations(marked: str) -> None:
    check_marked(marked)


NUMBERS = [
    "Inflasi naik 3,5 persen. | Harga naik.",
    "Bantuan Rp1.500.000 diberikan. | Warga senang.",
    "Sidang digelar Sabtu (19/2/2022). | Hakim hadir.",
    "Rapat dimulai pukul 10.30 WIB. | Semua hadir.",
    "Nilainya Rp 2,3 triliun. | 50 orang diperiksa.",
    "Skor akhir 3 - 0. | Kini mereka juara.",
]


@pytest.mark.parametrize("marked", NUMBERS)
def test_decimals_thousands_and_dates(marked: str) -> None:
    check_marked(marked)


INITIALS = [
    "Ketua DPRD Choiruman J Putro dicopot. | Ia diganti.",
    "Ketua DPRD Choiruman J. Putro dicopot. | Ia diganti.",
    "Gol dicetak oleh S. Papagiannopoulos kemarin.",
    "Kiai H. M. Yusuf hadir.",
    "J. Kristiadi menilai hal itu wajar.",
    # After a common noun a capital letter is a label that can end the sentence.
    "Ada 60 juta kasus hepatitis B. | Vaksin tersedia.",
    "Laptop itu bernama Max - Q. | Kini banyak dijual.",
]


@pytest.mark.parametrize("marked", INITIALS)
def test_initials(marked: str) -> None:
    check_marked(marked)


ELLIPSES = [
    # A free-standing ellipsis leaves words out mid-sentence.
    "Bukan rumah singgah, tapi apa ya ... Rumah sembuh.",
    "Soal itu … Karena kami banding.",
    "Ia ragu … dan pergi.",
    # One glued to the word trails off and ends the sentence.
    "Pertemuan itu akan… | Kim tiba kemudian.",
    "Ia menunggu... | Lalu pergi.",
    "Ia menunggu... dan menunggu.",
    "”Entahlah…” katanya.",
]


@pytest.mark.parametrize("marked", ELLIPSES)
def test_ellipses(marked: str) -> None:
    check_marked(marked)


# Company forms go on into the name or the next one; they end a sentence before a word that
# opens sentences or a lone capitalised word, never before a bracketed ticker.
COMPANIES = [
    "Kapal milik Hyundai Merchant Marine Co. Ltd. tiba di Tanjung Priok.",
    "Ia bekerja di Keppel Singapore Pte. Ltd. sejak 2010.",
    "Presiden Direktur PT XL Axiata Tbk. Dian Siswarini hadir.",
    "Dana itu dikelola Acme Holdings LLC. | Perusahaan itu berbasis di Delaware.",
    "Laba naik di PT Bank Central Asia Tbk. | Harga sahamnya ikut naik.",
    "Kontrak diteken Samsung Co. | Namun nilainya dirahasiakan.",
    "Ia menjabat di Hitachi Ltd. | ”Saya senang,” katanya.",
]


@pytest.mark.parametrize("marked", COMPANIES)
def test_company_forms(marked: str) -> None:
    check_marked(marked)


# Titles and honorifics stand before a name; "RS." (rumah sakit) before a hospital's name.
HONORIFICS = [
    "Pasien dirujuk ke RS. Santo Borromeus Bandung.",
    "Korban dibawa ke RS. | Dia dirawat semalam.",
    "Anggota DPR Tb. Hasanuddin hadir.",
    "Misa dipimpin Rev. John Smith kemarin.",
    "Rombongan dipimpin Hj. Siti Aminah. | Mereka tiba pukul 10.00.",
    "Ceramah diisi H. Abdul Somad dan KH. Ma'ruf Amin.",
]


@pytest.mark.parametrize("marked", HONORIFICS)
def test_honorifics(marked: str) -> None:
    check_marked(marked)


# Initials in names: one letter after any ordinary word, or letters joined by dots; a degree
# after a comma and a label after a label noun can still end the sentence.
NAME_INITIALS = [
    "Ia didampingi pengacara J. Pardede di pengadilan.",
    "Gubernur BI Agus D.W. Martowardojo hadir.",
    "Jaksa Agung H.M. Prasetyo menolak.",
    "Surat itu ditulis R.A. Kartini muda.",
    "Sidang dipimpin Budi, S.H. | Ia tegas.",
    "Roma finis kedua di Serie A. | Mereka mendapat 87 poin.",
    "Gelar itu milik Agus D.W. | Namun ia menolak.",
]


@pytest.mark.parametrize("marked", NAME_INITIALS)
def test_name_initials(marked: str) -> None:
    check_marked(marked)


# "A.S." (Amerika Serikat) goes on into a name, but ends a sentence before a sentence start.
AMERIKA_SERIKAT = [
    "Ia lama tinggal di A.S. | Ia pulang tahun lalu.",
    "Ekonomi melambat di A.S. | Pertumbuhan hanya 1 persen.",
    "Menlu A.S. John Kerry tiba.",
    "Dolar A.S. | Namun rupiah menguat.",
    "Troops left the U.S. | The war was over.",
]


@pytest.mark.parametrize("marked", AMERIKA_SERIKAT)
def test_amerika_serikat(marked: str) -> None:
    check_marked(marked)


# A spaced ellipsis ends the sentence when a sentence opener or a quote follows it.
SPACED_ELLIPSES = [
    "Tunggu dulu ... | Mereka datang bersama.",
    "Ia terdiam … | Namun akhirnya bicara.",
    "Ia berkata ... | “Kami siap.”",
    "Bukan rumah singgah, tapi apa ya ... Rumah sembuh.",
]


@pytest.mark.parametrize("marked", SPACED_ELLIPSES)
def test_spaced_ellipses(marked: str) -> None:
    check_marked(marked)


DATELINES = [
    "JAKARTA, KOMPAS — Ketua DPRD dicopot. | Ia diganti.",
    "Jakarta, CNN Indonesia -- Menteri tiba. | Ia bicara.",
    "BEKASI, KOMPAS.com - Banjir melanda. | Warga mengungsi.",
    "Jakarta (ANTARA News) - Harga naik. | Warga mengeluh.",
    "WASHINGTON D.C. — Presiden tiba.",
]


@pytest.mark.parametrize("marked", DATELINES)
def test_datelines(marked: str) -> None:
    check_marked(marked)


QUOTES = [
    # A quote ending in ',"' or '?"' stays with its attribution.
    '"Kami siap bekerja," kata Budi. | Ia tersenyum.',
    '"Ini kenapa?" tanya Djarot. | Agnes diam.',
    '"Selesai!" seru Budi.',
    "“Kami siap,” kata Budi. | “Ini amanah.”",
    "“Siapa dia?” tanya Ani.",
    '"Siapa?" Budi Santoso bertanya. | Ani diam.',
    "“Ada hiu di air!” Hammel menambahkan. | Lalu ia pergi.",
    "Benarkah? | Budi mengatakan itu bohong.",
    # Kompas opens and closes quotes with U+201D: the opening one starts the next sentence.
    "”Kami siap,” kata Budi. | ”Ini amanah.”",
    "Rapat selesai. | ”Pergantian ini biasa. | Hal yang biasa saja,” kata Heri.",
    "Harganya Rp 130.000 per kg. | ”Kami menunggu,” ujarnya.",
    "Listrik padam. | ”(Sekarang) sudah pulih,” katanya.",
    # A closing quote after the full stop ends the sentence with it.
    'Ia berkata, "Saya lelah." | Lalu ia tidur.',
    "Ia menyebutnya “Anak Presiden.” | Menurut dia, itu biasa.",
    "Ia menulis, ‘Saya cinta dia!’ | Dan ia pergi.",
    # Free-standing marks (detokenised text) take their direction from the mark before.
    'Ia tiba. | " Mereka sepakat. " | Lalu pulang.',
    "Kaus bertuliskan ' Let's Party! '. | Lalu ia pergi.",
    "Ia pindah ke Newell's Old Boys. | Lalu pulang.",
]


@pytest.mark.parametrize("marked", QUOTES)
def test_quotes(marked: str) -> None:
    check_marked(marked)


OTHER = [
    "Hore! | Kita menang. | Benarkah? | Ya.",
    # Credit tags and bracketed sentences stand alone; short asides stay whole.
    "Ia pulang tahun lalu. | (ant)",
    "Kasus itu ditangani polisi. | [idc]",
    "Ia menang 3 - 0. | (bir / gen)",
    "Ia menang. | (Sebelumnya ia kalah.) | Kini juara.",
    "Gempa terjadi kemarin. | (Uu. C003)",
    "Elektabilitas naik. (",
    # List numbers are not sentences of their own.
    "Simak tips berikut: 1. Keringkan baju. | 2. Pakai handuk.",
    "1. Memperkuat Massa Tulang",
    # A full stop, then a sentence typed in lower case.
    "Ia tampil di The Voice America. | kala itu, dia bernyanyi.",
    "Ia berada di AS. | Ia pulang.",
    "Brand Si. Se. Sa. | Selain itu bagus.",
    "Alamatnya di www.kompas.com. | Silakan dibuka.",
]


@pytest.mark.parametrize("marked", OTHER)
def test_other_rules(marked: str) -> None:
    check_marked(marked)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\u200e", "\r\n"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == ()


LINES = [
    ("Baris pertama.\nBaris kedua", ["Baris pertama.", "Baris kedua"]),
    ("Baris pertama.\r\nBaris kedua.\r\n", ["Baris pertama.", "Baris kedua."]),
    ("Satu dua\r\ntiga empat", ["Satu dua", "tiga empat"]),
    ("Satu.\rDua.", ["Satu.", "Dua."]),
    ("Judul\n\nIsi berita. Lanjutan.", ["Judul", "Isi berita.", "Lanjutan."]),
    ("Harga naik dari PDB. \u200e\n\nLalu turun.", ["Harga naik dari PDB. \u200e", "Lalu turun."]),
]


@pytest.mark.parametrize(("text", "expected"), LINES)
def test_every_line_break_ends_a_sentence(text: str, expected: list[str]) -> None:
    check_split(text, expected)


def test_offsets_point_into_the_input() -> None:
    text = "\ufeffJudul\r\n\r\n  Satu dua. Tiga.  \r\n"
    found = split_sentences(text)
    assert [(s.start, s.end) for s in found] == [(1, 6), (12, 21), (22, 27)]
    assert texts(found) == ["Judul", "Satu dua.", "Tiga."]


def test_paragraphs_and_headings() -> None:
    text = "Judul berita\nKalimat satu. Kalimat dua.\n\nSubjudul\nKalimat tiga."
    found = split_sentences(text)
    assert [(s.text, s.paragraph, s.is_heading) for s in found] == [
        ("Judul berita", 0, True),
        ("Kalimat satu.", 1, False),
        ("Kalimat dua.", 1, False),
        ("Subjudul", 2, True),
        ("Kalimat tiga.", 3, False),
    ]


def test_seed_headline_and_subheading() -> None:
    text = SEED.read_text(encoding="utf-8")
    segmented = segment_article(Article(id="seed", source=str(SEED), text=text))
    assert segmented.title == "Putin Dan Kim Jong-un Bertemu Pertama Kalinya di Rusia"
    check_spans(text, segmented.sentences)
    body = texts(segmented.sentences)
    assert body[0].startswith("Presiden Rusia Vladimir Putin")
    heading = body.index("Diplomasi yang tak mulus")
    assert segmented.sentences[heading].is_heading
    assert body[heading + 1].startswith("Beberapa ahli mengatakan")
    assert not any(s.is_heading for s in segmented.sentences[:heading])
    assert body[-1] == '"Kami harap kami bisa membangun itu."'
    attributed = [
        s for s in body if s.endswith("kata Pompeo tentang pertemuan Trump-Kim di Hanoi.")
    ]
    assert len(attributed) == 1
    assert attributed[0].startswith('"Ada lebih banyak nuansa')


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Judul pendek\nIsi berita di sini.", "Judul pendek"),
        ("Kalimat pertama berakhir titik.\nKalimat kedua.", None),
        ("Hanya satu baris tanpa titik", None),
    ],
)
def test_headline_is_a_short_unpunctuated_first_line(text: str, title: str | None) -> None:
    segmented = segment_article(Article(id="x", source="x", text=text))
    assert segmented.title == title
    assert [s.index for s in segmented.sentences] == list(range(len(segmented.sentences)))
    if title:
        assert title not in texts(segmented.sentences)


def test_given_title_is_kept() -> None:
    segmented = segment_article(Article(id="x", source="x", text="Judul\nIsi.", title="Lain"))
    assert segmented.title == "Lain"
    assert texts(segmented.sentences) == ["Isi."]


# Pathological inputs: a quadratic or backtracking splitter hangs on these.
HUGE = 1_000_000


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "text",
    [
        "kata " * (HUGE // 5),  # one 1 MB "sentence" without punctuation
        "a" * HUGE,  # one 1 MB word
        ". " * (HUGE // 2),  # a million candidate boundaries
        "Dr. " * (HUGE // 4),  # abbreviations all the way
        ("(" * 50 + "Ia. Dia") * (HUGE // 57),  # brackets that never close
        "(a) Ia. Dia " * (HUGE // 12),  # short asides between candidate boundaries
        '"' * HUGE,  # quote marks only
        "." * HUGE + " A",  # one endless punctuation run
        "x. " + " " * HUGE + "Y.",  # a sea of white space between two sentences
    ],
    ids=["words", "one-word", "dots", "abbrevs", "brackets", "asides", "quotes", "run", "spaces"],
)
def test_megabyte_inputs_finish(text: str) -> None:
    found = split_sentences(text)
    check_spans(text, found)


def test_megabyte_sentence_without_punctuation_is_one_sentence() -> None:
    text = "kata " * (HUGE // 5)
    assert texts(split_sentences(text)) == [text.strip()]


PIECES = ["Dr.", "dll.", "J.", "3,5", "Rp1.500", "…", "...", "?", "!", '"', "”", "“", "'", "(", ")"]
WORDS = ["kata", "Budi", "ia", "Jakarta", ",", "-", "\n", "\r\n", "\n\n", " ", "\u200e", "\t"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + WORDS), max_size=60).map(" ".join))
def test_spans_cover_the_text_in_order(text: str) -> None:
    found = split_sentences(text)
    check_spans(text, found)
    # Only white space (and a zero-width mark standing alone) falls between sentences,
    # and the result is deterministic.
    covered = "".join(s.text for s in found)
    assert re.sub(r"[\s\u200e]", "", covered) == re.sub(r"[\s\u200e]", "", text)
    assert split_sentences(text) == found


# Quality floor on the shared gold splits (skipped when ../shared/eval is absent).
def _boundaries(sentences: Iterable[str]) -> set[int]:
    ends, n = [], 0
    for s in sentences:
        n += len(re.sub(r"\s+", "", s))
        ends.append(n)
    return set(ends[:-1])


def _gold(record: dict[str, object]) -> list[str]:
    """Gold sentences; PFSA's tokenizer leaves a sentence's opening quote on the sentence
    before ('… Bekasi. ”' + 'Pergantian …'), so that mark is moved back where it belongs."""
    if "paragraphs_tok" in record:
        paragraphs = record["paragraphs_tok"]
        assert isinstance(paragraphs, list)
        return [s for paragraph in paragraphs for s in paragraph]
    text, spans = record["text"], record["sentences"]
    assert isinstance(text, str)
    assert isinstance(spans, list)
    gold = [text[a:b] for a, b in spans]
    for k in range(len(gold) - 1):
        moved = re.search(r"\s([”“\"]?\(?)$", gold[k])
        if moved and moved.group(1):
            gold[k] = gold[k][: moved.start()]
            gold[k + 1] = moved.group(1) + gold[k + 1]
    return gold


def _boundary_f1(path: Path) -> float:
    tp = fp = fn = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold = _boundaries(_gold(record))
        found = _boundaries(texts(split_sentences(record["text"])))
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    return 2 * tp / (2 * tp + fp + fn)


@pytest.mark.parametrize(
    ("name", "floor"), [("indosum_dev01.jsonl", 0.985), ("pfsa_id_test_quotes.jsonl", 0.99)]
)
def test_boundary_f1_floor_on_gold_splits(name: str, floor: float) -> None:
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    assert _boundary_f1(path) >= floor


@pytest.mark.parametrize(
    "first",
    ["Selasa 16 Jun 2015, 14:05 WIB", "Home › Berita › Nasional", "Rate artikel ini"],
)
def test_a_date_menu_or_widget_line_is_no_headline(first: str) -> None:
    got = segment_article(Article("a", "a.txt", f"{first}\n\nBanjir melanda. Warga mengungsi."))
    assert got.title is None
    assert texts(got.sentences)[0] == first
