"""The speaker resolver, step by step: mentions, aliases, current speaker, bare quotes, names.

Every input is written here (invented people and places), so each test shows all it reads.
"""

from __future__ import annotations

import pytest

from ringkas.document import Quote
from ringkas.quotes import find_quotes
from ringkas.segment import split_sentences
from ringkas.speakers import (
    AliasTable,
    Bounds,
    Mention,
    find_mentions,
    find_subjects,
    parse_cue_phrase,
)


def quotes_in(text: str) -> tuple[Quote, ...]:
    """Run the real splitter, quote finder and speaker resolver over text."""
    return find_quotes(text, split_sentences(text))


def speakers_in(text: str) -> list[str | None]:
    return [q.speaker for q in quotes_in(text)]


def mentions_in(text: str) -> list[tuple[str, str | None]]:
    found = find_mentions(text, [], Bounds(text, split_sentences(text)))
    return [(m.speaker, m.role) for m in found if not m.is_anaphor]


# --- step 1: candidate mentions ------------------------------------------------------------


def test_reporting_verb_subject_is_a_mention_with_its_role() -> None:
    text = "Kepala Dinas Pasar Kota Lumbung Rudi Hartono mengatakan, harga beras stabil."
    assert mentions_in(text) == [("Rudi Hartono", "Kepala Dinas Pasar Kota Lumbung")]


def test_relative_clause_keeps_the_subject_not_the_companions() -> None:
    text = (
        "Ketua Panwas Kota Tirta Wayan Suarsa yang didampingi dua anggotanya, Made Arka dan "
        "Nyoman Sudi mengatakan, pengawasan diperketat."
    )
    assert mentions_in(text) == [("Wayan Suarsa", "Ketua Panwas Kota Tirta")]


def test_going_on_is_not_speaking() -> None:
    # "melanjutkan" reports speech only when speech follows it
    assert mentions_in("Tim Garuda Muda akan melanjutkan perjalanan ke Medan.") == []
    assert mentions_in("Budi melanjutkan, jadwal itu belum pasti.") == [("Budi", None)]


def test_social_account_is_a_mention() -> None:
    text = "Keluhan itu dijawab dari akun @LayananKita dalam hitungan menit."
    assert ("@LayananKita", None) in mentions_in(text)


def test_documents_and_media_never_speak() -> None:
    text = "Pernyataan itu menambahkan, proyek berjalan. Detikcom.com menyebut, data lengkap."
    assert mentions_in(text) == []


def test_subject_after_an_opening_phrase() -> None:
    text = "Pada kesempatan itu, anggota DPRD Sari Kumala mengucapkan terima kasih."
    subjects = find_subjects(text, Bounds(text, split_sentences(text)))
    assert [(m.speaker, m.role) for m in subjects] == [("Sari Kumala", "anggota DPRD")]


# --- step 2: the alias table ----------------------------------------------------------------


def table(*names: str, nicknames: dict[str, str] | None = None) -> AliasTable:
    return AliasTable([Mention(i, n, None) for i, n in enumerate(names)], nicknames or {})


@pytest.mark.parametrize(
    ("short", "full"),
    [
        pytest.param("Hartono", "Rudi Hartono", id="surname"),
        pytest.param("Rudi", "Rudi Hartono", id="first-name"),
        pytest.param("Sandri", "Sandriano Putra", id="clipped-first-name"),
        pytest.param("Man Raya", "Manggala Raya", id="clipped-words"),
        pytest.param("RH", "Rudi Hartono", id="initials"),
        pytest.param("Rudi Hartonoo", "Rudi Hartono", id="one-letter-slip"),
    ],
)
def test_short_forms_expand_to_the_full_name(short: str, full: str) -> None:
    aliases = table(full, full, "Dewi Lestari")
    assert aliases.expand(short, 100)[0] == full


def test_two_people_sharing_a_short_name_is_not_sure() -> None:
    aliases = table("Rudi Hartono", "Rudi Salim")
    name, _, sure = aliases.expand("Rudi", 100)
    assert name == "Rudi Salim"
    assert not sure


@pytest.mark.parametrize(
    "intro",
    [
        "Pelatih Rajawali FC Ahmad Darmaji (AD) tiba di Medan.",
        "Pelatih Rajawali FC Ahmad Darmaji yang akrab disapa AD tiba di Medan.",
        "Pelatih Rajawali FC Ahmad Darmaji alias AD tiba di Medan.",
    ],
)
def test_nicknames_print_the_full_name(intro: str) -> None:
    text = intro + ' "Kami siap bertanding besok," kata AD.'
    assert speakers_in(text) == ["Ahmad Darmaji"]


def test_nickname_that_clips_the_first_name() -> None:
    text = (
        '"Pesta rakyat digelar di lima titik," kata Wakil Wali Kota Lumbung Sandriano Putra. '
        '"Semua gratis," kata Sandri.'
    )
    assert speakers_in(text) == ["Sandriano Putra", "Sandriano Putra"]


@pytest.mark.parametrize(
    "intro",
    [
        "Sejak lama, nama Wiratmojo Sastrodipuro atau Wirat dikenal di panggung lawak.",
        "Wiratmojo Sastrodipuro, atau Wirat, sudah lama dikenal di panggung lawak.",
        "Pelawak Wiratmojo Sastrodipuro yang akrab dipanggil Wirat tampil lagi.",
        "Pelawak Wiratmojo Sastrodipuro (Wirat) tampil lagi di Surabaya.",
        "Pelawak Wiratmojo Sastrodipuro alias Wirat tampil lagi di Surabaya.",
        "Pelawak Wiratmojo Sastrodipuro yang dikenal dengan nama Wirat tampil lagi.",
        "Penonton memadati gedung. Wiratmojo Sastrodipuro tampil lagi di Surabaya.",
    ],
)
def test_alias_learnt_from_any_mention_not_only_from_speakers(intro: str) -> None:
    text = intro + '\n\nPenonton tertawa. "Saya senang bisa kembali," tutur Wirat.'
    assert speakers_in(text) == ["Wiratmojo Sastrodipuro"]


def test_atau_between_two_names_is_an_alternative_not_an_alias() -> None:
    text = 'Tiket dijual di Kota Lumbung atau Sawahlunto mulai besok. "Kami siap," kata Lumbung.'
    assert speakers_in(text) == ["Lumbung"]


def test_exact_first_name_beats_a_longer_name_it_clips() -> None:
    text = (
        "Warga menyambut Ahmadi Sutarjo di balai desa. Ketua RT Ahmad Yani ikut hadir. "
        '"Kami bangga," kata Ahmad.'
    )
    assert speakers_in(text) == ["Ahmad Yani"]


@pytest.mark.parametrize(
    ("phrase", "name", "role"),
    [
        (
            "Direktur Lalu Lintas Polda Lumbung Komisaris Besar Rudi Hartono saat ditemui",
            "Rudi Hartono",
            "Direktur Lalu Lintas Polda Lumbung Komisaris Besar",
        ),
        ("Menteri Luar Negeri Rudi Hartono seusai rapat", "Rudi Hartono", "Menteri Luar Negeri"),
        ("Menteri Dalam Negeri Rudi Hartono, Senin", "Rudi Hartono", "Menteri Dalam Negeri"),
        ("Kepala Dinas Kota Lumbung Rudi Hartono Senin pagi", "Rudi Hartono", None),
    ],
)
def test_capitalised_stop_words_inside_a_title(phrase: str, name: str, role: str | None) -> None:
    found, found_role, _ = parse_cue_phrase(phrase)
    assert found == name
    if role is not None:
        assert found_role == role


def test_heading_glued_to_a_sentence_is_not_the_speaker() -> None:
    # a sub-heading without a stop runs into the next sentence: its first word is no name
    text = (
        "Kapolres Lumbung Ajun Komisaris Rudi Hartono meninjau jalur mudik. "
        "Gratis untuk 900 Orang, Ada 12 Kabupaten / Kota Tujuan Rudi menambahkan, jalur "
        "alternatif dibuka. Pengendara diminta sabar. "
        '"Arus balik dibagi dua tahap," tuturnya.'
    )
    assert speakers_in(text) == ["Rudi Hartono"]


# --- step 3: the current speaker ----------------------------------------------------------


def test_nya_follows_the_person_just_introduced_not_the_last_quote() -> None:
    text = (
        '"Jalan itu selesai tahun ini," ujar Bupati Kabupaten Tirta Harya Wibawa.\n\n'
        "Pada kesempatan itu, anggota DPRD Sari Kumala mengucapkan terima kasih kepada warga.\n\n"
        '"Warga diharapkan menjaga jalan itu bersama-sama," ujarnya.'
    )
    assert speakers_in(text) == ["Harya Wibawa", "Sari Kumala"]


def test_role_anaphor_keeps_the_current_speaker() -> None:
    text = (
        '"Kami menolak rencana itu," kata Ketua Forum Warga Bambang Sutejo.\n\n'
        "Ketua Forum Warga itu menilai, rencana itu merugikan pedagang.\n\n"
        '"Pemerintah harus mendengar pedagang," jelasnya.'
    )
    assert speakers_in(text) == ["Bambang Sutejo", "Bambang Sutejo"]


def test_generic_description_is_too_weak_to_name_anyone() -> None:
    text = (
        '"Hukumannya enam bulan," kata hakim Rudi Hartono.\n\n'
        '"Saya menerima putusan itu," ucap pria berusia 46 tahun itu.'
    )
    quotes = quotes_in(text)
    assert [q.speaker for q in quotes] == ["Rudi Hartono", None]
    assert quotes[1].speaker_confidence == 0.0


def test_post_with_tulisnya_belongs_to_the_account_holder() -> None:
    text = (
        '"Klien kami tidak bersalah," kata pengacara Dodi Sitompul.\n\n'
        "Penyanyi Rara Anindya kemudian mencuit sebuah pernyataan.\n\n"
        '"Saya benar-benar tidak bersalah," tulisnya.'
    )
    assert speakers_in(text) == ["Dodi Sitompul", "Rara Anindya"]


# --- step 4: quotes with no attribution of their own ---------------------------------------


def test_multi_paragraph_quote_attributed_in_its_last_paragraph() -> None:
    text = (
        "Pebalap Rino Saputra menilai musim ini berat.\n\n"
        '"Motor kami tertinggal di awal musim."\n\n'
        '"Kami bangkit di paruh kedua," tutur Rino.'
    )
    assert speakers_in(text) == ["Rino Saputra", "Rino Saputra"]


def test_bare_quote_after_its_introduction() -> None:
    text = (
        "Kepala Sekolah Dewi Lestari menyampaikan kekecewaannya kepada orangtua murid. "
        '"Anak-anak harus datang tepat waktu."'
    )
    assert speakers_in(text) == ["Dewi Lestari"]


def test_bare_quote_after_a_pronoun_keeps_the_speaker() -> None:
    text = (
        '"Puasa tidak menghalangi saya bekerja," kata penyanyi Laras Ayu.\n\n'
        "Ia mengaku mengurangi kegiatan selama Ramadhan.\n\n"
        '"Kalau tidak sahur, saya istirahat saja."'
    )
    assert speakers_in(text) == ["Laras Ayu", "Laras Ayu"]


def test_split_quote_second_half() -> None:
    text = '"Kami siap," kata Rudi Hartono. "Semua pemain dalam kondisi baik."'
    assert speakers_in(text) == ["Rudi Hartono", "Rudi Hartono"]


def test_bare_quote_with_nobody_in_sight_stays_unknown() -> None:
    text = 'Hujan turun sejak pagi di Kota Tirta.\n\n"Air mulai masuk ke rumah-rumah warga."'
    quotes = quotes_in(text)
    assert [q.speaker for q in quotes] == [None]
    assert quotes[0].speaker_confidence == 0.0


# --- step 5: the name only, roles and places aside ---------------------------------------


def test_organisation_before_the_name_goes_to_role() -> None:
    text = (
        "Rajaniaga terus tumbuh. Rajaniaga membuka gudang baru. "
        '"Kami tumbuh dua kali lipat," terang CEO Rajaniaga Joko Susanto.'
    )
    quote = quotes_in(text)[-1]
    assert quote.speaker == "Joko Susanto"
    assert "Rajaniaga" in (quote.role or "")


def test_first_name_that_speaks_on_its_own_stays() -> None:
    text = (
        '"Kami siap," kata Ketua Panitia Januar P Wiratma. Januar mengatakan, acara digelar Sabtu.'
    )
    assert speakers_in(text) == ["Januar P Wiratma"]


def test_profession_before_the_name_is_its_role() -> None:
    text = '"Membuat kue menenangkan pikiran," tutur psikolog Tamara Wening seperti dilansir.'
    quote = quotes_in(text)[0]
    assert (quote.speaker, quote.role) == ("Tamara Wening", "psikolog")


def test_unnamed_source_as_the_article_describes_it() -> None:
    text = '"Kami memantau situasi," ucap seorang juru bicara Kementerian Luar Negeri Tirta.'
    quote = quotes_in(text)[0]
    assert quote.speaker == "seorang juru bicara Kementerian Luar Negeri Tirta"
    assert 0.5 <= quote.speaker_confidence < 0.95


def test_institution_named_in_lower_case() -> None:
    text = '"Prosedur segera dijalankan," bunyi pernyataan pemerintah Tirta, Kamis.'
    assert speakers_in(text) == ["Pemerintah Tirta"]


def test_role_alone_is_not_a_name() -> None:
    text = '"Stok beras aman," kata juru bicara Badan Pangan.'
    quote = quotes_in(text)[0]
    assert quote.speaker is None
    assert quote.role == "juru bicara Badan Pangan"


# --- step 6: confidence ----------------------------------------------------------------------


def test_confidence_orders_the_ways_of_knowing() -> None:
    text = (
        '"Kami siap," kata Rudi Hartono.\n\n'
        "Ia menambahkan, latihan digelar pagi.\n\n"
        '"Semua pemain sehat," katanya.'
    )
    named, anaphoric = quotes_in(text)
    assert named.speaker == anaphoric.speaker == "Rudi Hartono"
    assert 0.5 <= anaphoric.speaker_confidence < named.speaker_confidence <= 1.0


# --- step 7: quotes inside quotes ----------------------------------------------------------


def nested_in(text: str) -> list[tuple[str, str | None]]:
    return [(n.text, n.speaker) for q in quotes_in(text) for n in q.nested]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "dia" points outside the quote: unknown rather than a guess
        ("\"Dia bilang kepada saya, 'Saya siap',\" kata Rudi Hartono.", [("Saya siap", None)]),
        ('"Saya bilang, ‘Tidak bisa’," kata Rudi Hartono.', [("Tidak bisa", "Rudi Hartono")]),
        (
            "\"Kemarin Budi Santoso berkata, 'Kami menolak',\" ujar Rudi Hartono.",
            [("Kami menolak", "Budi Santoso")],
        ),
        # a slogan in single quotes and an apostrophe are nobody's words
        ("\"Warga memasang spanduk 'Turunkan Harga' di jalan,\" kata Rudi Hartono.", []),
        ('"Ia datang hari Jum\'at lalu, lalu pergi lagi," kata Rudi Hartono.', []),
    ],
)
def test_nested_quote_has_its_own_speaker(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert nested_in(text) == expected


def test_nested_quote_leaves_the_outer_quote_and_speaker_alone() -> None:
    text = "\"Dia bilang kepada saya, 'Saya siap',\" kata Rudi Hartono."
    (quote,) = quotes_in(text)
    assert quote.speaker == "Rudi Hartono"
    assert quote.text == "Dia bilang kepada saya, 'Saya siap'"
    assert quote.nested[0].speaker_confidence == 0.0
