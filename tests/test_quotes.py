"""Direct quotes and their speakers: hand-made tricky cases, the seed, and hostile input."""

from __future__ import annotations

import json
import random

import pytest

from ringkas.document import Article, Quote, SummaryItem
from ringkas.pipeline import Options, build_report
from ringkas.quotes import find_quotes, pick_quotes
from ringkas.segment import segment_article, split_sentences
from tests.conftest import EVAL, SEED


def quotes_in(text: str) -> tuple[Quote, ...]:
    """Run the real splitter and quote finder over text."""
    return find_quotes(text, split_sentences(text))


def seed_quotes() -> tuple[Quote, ...]:
    text = SEED.read_text(encoding="utf-8")
    segmented = segment_article(Article(id="seed", source=str(SEED), text=text))
    return find_quotes(text, segmented.sentences)


# (input, [(quote text starts with, speaker, role)]): every quote the text holds, in order
CASES = [
    pytest.param(
        '"Kami akan membangun jembatan itu tahun ini," kata Budi Santoso.',
        [("Kami akan membangun", "Budi Santoso", None)],
        id="straight-cue-after",
    ),
    pytest.param(
        "“Harga cabai naik lagi pekan ini,” ujar Siti Aminah di Pasar Minggu, Jakarta, Senin.",
        [("Harga cabai naik", "Siti Aminah", None)],
        id="curly-cue-after-cleans-place-and-date",
    ),
    pytest.param(
        "Rapat digelar tertutup. ”Kami belum mengambil keputusan,” kata Heri, dalam konferensi"
        " pers daring, Kamis (3/3/2022) di Bekasi.",
        [("Kami belum mengambil keputusan", "Heri", None)],
        id="kompas-right-quote-opens",
    ),
    pytest.param(
        "“Korupsi bukan hanya karena pengawasan yang lemah,“ kata Alfian.",
        [("Korupsi bukan hanya", "Alfian", None)],
        id="left-quote-closes",
    ),
    pytest.param(
        'Ketua Umum DPD PKS Kota Bekasi Heri Koswara mengatakan, rotasi itu biasa. "Ini'
        ' konsekuensi organisasi yang modern. Hal yang biasa saja," kata Heri.',
        [
            (
                "Ini konsekuensi organisasi yang modern. Hal yang biasa saja",
                "Heri Koswara",
                "Ketua Umum DPD PKS Kota Bekasi",
            )
        ],
        id="multi-sentence-and-short-name-resolved",
    ),
    pytest.param(
        '"Kami siap," kata Anies. "Semua dinas sudah bergerak sejak pagi tadi."',
        [("Kami siap", "Anies", None), ("Semua dinas sudah bergerak", "Anies", None)],
        id="split-quote-same-speaker",
    ),
    pytest.param(
        "Tri Rismaharini tiba di lokasi banjir pagi ini. ”Air mulai surut di beberapa titik"
        " sejak subuh,” katanya.",
        [("Air mulai surut", "Tri Rismaharini", None)],
        id="katanya-resolves-to-person-named-before",
    ),
    pytest.param(
        'Menteri Kesehatan Budi Gunadi Sadikin menegaskan bahwa "vaksin penguat tetap wajib'
        ' bagi semua pelaku perjalanan".',
        [("vaksin penguat tetap wajib", "Budi Gunadi Sadikin", "Menteri Kesehatan")],
        id="reporting-verb-bahwa-before",
    ),
    pytest.param(
        'Kepala BMKG Dwikorita Karnawati mengatakan, "Gempa ini tidak berpotensi tsunami."',
        [("Gempa ini tidak berpotensi tsunami", "Dwikorita Karnawati", "Kepala BMKG")],
        id="mengatakan-comma-before",
    ),
    pytest.param(
        'Menurut Rizal, "Pemerintah harus segera menurunkan harga minyak goreng."',
        [("Pemerintah harus segera", "Rizal", None)],
        id="menurut-before",
    ),
    pytest.param(
        'Harga naik lagi. Lalu, kata Heri Susanto, "Kami akan menurunkan harga pekan depan."',
        [("Kami akan menurunkan harga", "Heri Susanto", None)],
        id="cue-verb-before",
    ),
    pytest.param(
        '"Pihak berwenang harus berhati-hati dalam mengambil sikap," tulis sebuah pernyataan'
        " dari Pemerintah Korea Utara.",
        [("Pihak berwenang", "Pemerintah Korea Utara", None)],
        id="government-statement",
    ),
    pytest.param(
        '"Latihan itu memperburuk suasana di semenanjung," kata kantor berita Korea Selatan,'
        " Yonhap.",
        [("Latihan itu", "Yonhap", "kantor berita Korea Selatan")],
        id="news-agency-with-role",
    ),
    pytest.param(
        '"Kita tidak akan mundur dari kesepakatan ini," kata Kepala Kepolisian Sektor'
        " Tarumajaya Ajun Komisaris Edy Suprayitno, saat dihubungi Rabu (9/2/2022).",
        [
            (
                "Kita tidak akan mundur",
                "Edy Suprayitno",
                "Kepala Kepolisian Sektor Tarumajaya Ajun Komisaris",
            )
        ],
        id="long-title-then-name",
    ),
    pytest.param(
        "Budhi Setiawan menemui para mahasiswa. ”Tuntutan kalian akan saya teruskan ke"
        " gubernur,” kata politisi PDI-P tersebut.",
        [("Tuntutan kalian", "Budhi Setiawan", "politisi PDI-P")],
        id="description-anaphor",
    ),
    pytest.param(
        "Kalimat dengan tanda kutip yang tidak pernah ditutup. Lalu ”Ini kutipan yang sah,”"
        ' kata Andi. Setelah itu "tanda liar lagi di tengah.',
        [("Ini kutipan yang sah", "Andi", None)],
        id="unbalanced-marks-do-not-swallow",
    ),
    pytest.param(
        "Atas teguran itu, panitia membatalkan acara di panggung utama,” kata Arifin. Acara"
        " lain tetap berjalan.",
        [("Atas teguran itu", "Arifin", None)],
        id="missing-opening-mark",
    ),
    pytest.param(
        'Jalan itu diperlebar. "Kami mulai bulan depan," kata pria yang akrab disapa Emil itu.',
        [("Kami mulai bulan depan", "Emil", None)],
        id="nickname",
    ),
    pytest.param(
        '"Nanti kita lihat keputusan pleno," tutup Idrus Marham.',
        [("Nanti kita lihat", "Idrus Marham", None)],
        id="closing-cue-tutup",
    ),
    pytest.param(
        '"Iya, nanti hari Rabu di TPS yang sama," demikian Presiden Jokowi.',
        [("Iya, nanti hari Rabu", "Jokowi", "Presiden")],
        id="demikian",
    ),
    pytest.param(
        '"Populasi umat Islam masih jauh lebih kecil," disimpulkan oleh para peneliti Pew.',
        [("Populasi umat Islam", "Pew", "para peneliti")],
        id="passive-cue",
    ),
    pytest.param(
        'Daniel Tumiwa selaku CEO OLX Indonesia memberikan komentarnya, "Kerja sama ini'
        ' memudahkan pembeli mobil bekas."',
        [("Kerja sama ini", "Daniel Tumiwa", "CEO OLX Indonesia")],
        id="speech-noun-before",
    ),
    pytest.param(
        'Pompeo mengatakan, pembicaraan akan "menantang" dan berisiko. Album \'Untitled'
        ' Unmastered\' dirilis ulang. Festival "Jakarta Fair Kemayoran" dibuka hari ini.',
        [],
        id="scare-quotes-and-titles-are-not-quotes",
    ),
    pytest.param(
        'Ia menyebut program itu "BBM Satu Harga" di depan wartawan.',
        [],
        id="capitalised-programme-name",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quotes_and_speakers(text: str, expected: list[tuple[str, str | None, str | None]]):
    found = [(q.text, q.speaker, q.role) for q in quotes_in(text)]
    assert len(found) == len(expected), found
    for (body, speaker, role), (start, want_speaker, want_role) in zip(
        found, expected, strict=True
    ):
        assert body.startswith(start), body
        assert speaker == want_speaker, found
        assert role == want_role, found


def test_quote_text_has_no_marks_and_no_trailing_comma():
    (quote,) = quotes_in("“Kami akan menambah armada bus tahun depan,” kata Syafrin.")
    assert quote.text == "Kami akan menambah armada bus tahun depan"
    assert quote.cue == "kata"


def test_offsets_and_sentence_index_point_into_the_text():
    text = 'Pembukaan berita. "Satu dua tiga empat," ujar Rina. Penutup.'
    sentences = split_sentences(text)
    (quote,) = find_quotes(text, sentences)
    assert text[quote.start] == '"'
    assert text[quote.end - 1] == '"'
    assert (
        sentences[quote.sentence_index].start <= quote.start < sentences[quote.sentence_index].end
    )


def test_multi_paragraph_quote_takes_the_speaker_of_its_last_paragraph():
    text = (
        "“Kami sudah bekerja keras sepanjang tahun untuk memperbaiki jalan.\n\n"
        "“Tahun depan anggaran akan ditambah,” kata Kustini Sri Purnomo, Bupati Sleman."
    )
    quotes = quotes_in(text)
    assert [q.speaker for q in quotes] == ["Kustini Sri Purnomo", "Kustini Sri Purnomo"]
    assert quotes[0].role == "Bupati Sleman"
    assert quotes[0].text.startswith("Kami sudah bekerja keras")


def test_nya_cue_after_an_earlier_quote_keeps_that_speaker():
    text = (
        '"Data itu sudah kami kirim ke pusat," kata Arief. Pemkot juga menyiapkan aplikasi baru.'
        ' "Aplikasinya rampung bulan depan," tambahnya.'
    )
    assert [q.speaker for q in quotes_in(text)] == ["Arief", "Arief"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        '"',
        '""',
        '"""',
        "“”",
        '" "',
        '"a"',
        'kata "',
        '," kata',
        '\n\n"\n\n',
        "”" * 50,
        '"\r\n"',
    ],
)
def test_degenerate_inputs_do_not_crash(text: str):
    for quote in quotes_in(text):
        assert 0 <= quote.start < quote.end <= len(text)


def test_nested_straight_quotes_stay_inside_the_outer_quote():
    (quote,) = quotes_in('"Saya bilang "tidak" kepada dia kemarin," kata Rudi.')
    assert quote.text == 'Saya bilang "tidak" kepada dia kemarin'
    assert quote.speaker == "Rudi"


def test_many_unbalanced_marks_in_a_megabyte_finish():
    rng = random.Random(7)
    words = ["kata", "Budi", "harga", "naik", "pasar", "ujarnya", "dan", "itu", "Senin", "rumah"]
    pieces: list[str] = []
    for i in range(10_000):
        pieces.append(" ".join(rng.choice(words) for _ in range(rng.randint(5, 18))))
        pieces.append(rng.choice(['"', "”", "“", '," kata Ani.', ". "]) if i % 2 else ". ")
    text = " ".join(pieces)
    text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    quotes = find_quotes(text, split_sentences(text))
    assert all(q.end - q.start <= 2100 for q in quotes)


def test_seed_speakers():
    quotes = seed_quotes()
    speakers = [q.speaker for q in quotes]
    assert "Yuri Ushakov" in speakers
    assert "Mike Pompeo" in speakers
    north_korea = [q for q in quotes if q.speaker == "Pemerintah Korea Utara"]
    assert [q.cue for q in north_korea] == ["tulis", "tambahnya"]
    pompeo = next(q for q in quotes if q.speaker == "Mike Pompeo")
    assert pompeo.role == "Menteri Luar Negeri AS"
    assert pompeo.text.startswith("Ada lebih banyak nuansa")
    assert pompeo.text.endswith("kami menarik diri'")  # the garbled inner quote stays inside
    assert "menantang" not in [q.text for q in quotes]


def test_seed_partial_quote_ranks_below_full_statements():
    quotes = seed_quotes()
    ushakov = next(q for q in quotes if q.speaker == "Yuri Ushakov")
    assert ushakov.text == "mengkonsolidasikan tren positif"
    picked = pick_quotes(quotes, (), 3)
    assert ushakov not in picked
    assert [q.speaker for q in picked] == [
        "Pemerintah Korea Utara",
        "Pemerintah Korea Utara",
        "Mike Pompeo",
    ]


def test_seed_report_shows_three_full_statements_by_default():
    text = SEED.read_text(encoding="utf-8")
    report = build_report(Article(id="seed", source=str(SEED), text=text), Options())
    assert [q.speaker for q in report.quotes] == [
        "Pemerintah Korea Utara",
        "Pemerintah Korea Utara",
        "Mike Pompeo",
    ]


def test_pick_quotes_prefers_speaker_and_summary_link_and_keeps_text_order():
    anonymous = Quote(
        "Ini kutipan panjang tanpa pembicara yang jelas sama sekali.",
        None,
        None,
        None,
        3,
        start=0,
        end=10,
        score=0.95,
    )
    linked = Quote(
        "Harga beras turun di seluruh pasar.",
        "Budi",
        None,
        "kata",
        10,
        start=20,
        end=30,
        score=0.55,
    )
    unrelated = Quote(
        "Kami siap bekerja sepanjang malam.",
        "Ani",
        None,
        "kata",
        20,
        start=40,
        end=50,
        score=0.6,
    )
    summary = (SummaryItem(index=0, text="Harga beras turun di seluruh pasar induk.", score=1.0),)
    everything = [unrelated, anonymous, linked]
    assert pick_quotes(everything, summary, 1) == (linked,)
    assert pick_quotes(everything, summary, 2) == (linked, unrelated)
    assert pick_quotes(everything, summary, None) == (anonymous, linked, unrelated)
    assert pick_quotes(everything, (), 1) == (unrelated,)


@pytest.mark.skipif(not (EVAL / "pfsa_id_test_quotes.jsonl").exists(), reason="no shared eval")
def test_pfsa_statements_have_speakers():
    """A slice of PFSA-ID: most labelled statements are found and get a speaker."""
    lines = (EVAL / "pfsa_id_test_quotes.jsonl").read_text(encoding="utf-8").splitlines()
    found = total = with_speaker = 0
    for line in lines[:15]:
        record = json.loads(line)
        quotes = quotes_in(record["text"])
        for entity in record["entities"]:
            if entity["label"] != "STATEMENT":
                continue
            total += 1
            hit = next((q for q in quotes if q.start <= entity["start"] + 2 < q.end), None)
            found += hit is not None
            with_speaker += hit is not None and hit.has_speaker
    assert found / total >= 0.95
    assert with_speaker / total >= 0.95
