"""HTML pages → headline and story: captions, credits, kickers, widgets and site names go."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from ringkas.html import clean_lines, extract_article, strip_site_name
from ringkas.sources import read_article

HTML_DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "html_dev"

# Written for these tests: three story paragraphs, long enough for trafilatura to take them.
STORY = (
    "<p>Banjir merendam ribuan rumah di Jakarta Timur pada Senin pagi setelah hujan deras "
    "mengguyur ibu kota sejak Minggu malam. Ketinggian air mencapai 1,5 meter.</p>\n"
    '<p>"Kami sudah mengerahkan perahu karet untuk mengevakuasi warga yang terjebak," kata '
    "Kepala Pelaksana BPBD DKI Jakarta Isnawa Adji kepada wartawan di lokasi.</p>\n"
    "<p>Menurut dia, sebanyak 3.200 warga telah mengungsi ke sekolah dan masjid terdekat. "
    "Pemerintah provinsi juga membuka dapur umum di enam lokasi. (abc/xyz)</p>\n"
)


def page(body: str, title: str = "Banjir Rendam Ribuan Rumah", head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}"
        f"</head><body><article><h1>Banjir Rendam Ribuan Rumah</h1>{body}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("furniture", "leak"),
    [
        (
            "<figure><img src='a.jpg'><figcaption>Warga mengungsi dengan perahu karet di "
            "Kampung Melayu. (Budi Santoso/Kabar)</figcaption></figure>",
            "Warga mengungsi",
        ),
        (
            "<div class='pic_artikel'><span>Warga mengungsi dengan perahu karet di Kampung "
            "Melayu.</span></div>",
            "Warga mengungsi",
        ),
        (
            "<div id='photoCaption'>Warga mengungsi dengan perahu karet di Kampung Melayu.</div>",
            "Warga mengungsi",
        ),
        (
            "<img src='a.jpg'><span>Warga mengungsi dengan perahu karet di Kampung Melayu.</span>",
            "Warga mengungsi",
        ),
        (
            "<div class='reactions'><ul><li>Rate artikel ini</li><li>Like (0)</li>"
            "<li>Dislike (0)</li></ul></div>",
            "Rate artikel",
        ),
        ("<div class='share-box'>Bagikan 120 Tweet 14</div>", "Tweet"),
    ],
    ids=["figcaption", "class-pic", "id-caption", "text-under-image", "rating", "share"],
)
def test_media_and_widget_markup_is_dropped(furniture: str, leak: str) -> None:
    got = extract_article(page(furniture + STORY))
    assert leak not in got.text
    assert got.text.startswith("Banjir merendam ribuan rumah")
    assert "(abc/xyz)" in got.text  # a reporter's initials are part of the story
    assert any(leak in item.text for item in got.dropped)


def test_a_story_container_with_a_furniture_name_survives() -> None:
    # Class names lie: a container of several paragraphs is never dropped for its name.
    got = extract_article(page(f"<div class='detail-photo-text'>{STORY}</div>"))
    assert "perahu karet" in got.text
    assert "dapur umum" in got.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Banjir Rendam Ribuan Rumah", "headline repeated"),
        ("Selasa 16 Jun 2015, 14:05 WIB", "date"),
        ("Rabu, 17/06/2015 10:15", "date"),
        ("MUDA DAN MENGINSPIRASI", "kicker"),
        ("Warga mengungsi di Kampung Melayu. (Budi Santoso/Kabar)", "caption"),
        ("Petugas mengevakuasi warga (ANTARA FOTO/Puspa Perwitasari)", "caption"),
        ("Foto: Ilustrasi banjir", "caption"),
        ("Rate artikel ini", "widget"),
        ("- Like (0)", "widget"),
        ("Komentar (12)", "widget"),
        ("Credits (3)", "widget"),
        ("Editor: Budi", "byline"),
        ("© 2015 PT Kabar Contoh. All Rights Reserved.", "copyright"),
        ("Hak cipta dilindungi undang-undang.", "copyright"),
        ("Baca juga: Banjir Kiriman dari Bogor Tiba Sore Ini", "related headline"),
        ("Home › Berita › Nasional", "navigation"),
        ("Lihat Foto", "widget"),
        (
            "Artikel ini telah tayang di Kompas.com dengan judul Banjir Rendam Jakarta.",
            "syndication",
        ),
        (
            "Dapatkan update berita pilihan setiap hari. Mari bergabung di Grup Telegram.",
            "promotion",
        ),
        ("Ikuti berita terkini dari kami di Google News.", "promotion"),
    ],
)
def test_furniture_lines_are_dropped_with_a_reason(line: str, reason: str) -> None:
    story = "Banjir merendam ribuan rumah di Jakarta Timur pada Senin pagi."
    kept, dropped = clean_lines([line, story], ("Banjir Rendam Ribuan Rumah",))
    assert kept == [story]
    assert [(d.reason, d.text) for d in dropped] == [(reason, line)]


@pytest.mark.parametrize(
    "line",
    [
        "Banjir merendam ribuan rumah di Jakarta Timur pada Senin pagi. (abc/xyz)",
        "JAKARTA, KOMPAS.com - Banjir merendam ribuan rumah di Jakarta Timur.",
        "Pada 16 Juni 2015, banjir merendam ribuan rumah.",
        "Ia menyebut PT PLN dan BPBD DKI sudah siaga.",
        '"Kami sudah siaga," kata dia (Senin, 16/6).',
        "Harga naik karena banjir (lihat grafik).",
        "Ikuti perkembangan banjir, warga diminta waspada hingga malam nanti.",
        "Artikel ilmiah itu telah tayang di jurnal Nature pekan lalu.",
        "Sekolah di Jakarta / Bogor / Depok libur sehari.",
    ],
)
def test_story_lines_are_kept(line: str) -> None:
    kept, dropped = clean_lines([line, "Penutup berita ini."], ("Judul Lain",))
    assert kept == [line, "Penutup berita ini."]
    assert dropped == []


def test_related_headlines_after_a_header_and_at_the_end_are_dropped() -> None:
    lines = [
        "Banjir merendam ribuan rumah di Jakarta Timur.",
        "Baca juga:",
        "Banjir Kiriman dari Bogor Tiba Sore Ini",
        "Ahok Tinjau Pintu Air Manggarai",
        "Warga diminta waspada hingga malam nanti.",
        "'Banjir Susulan' -",
        "Hujan masih turun di hulu.",
        "Berita Lain Hari Ini",
        "Harga Cabai Naik Lagi",
    ]
    kept, dropped = clean_lines(lines, ())
    assert kept == [lines[0], lines[4], lines[5], lines[6]]  # a subheading inside stays
    assert [d.reason for d in dropped] == [
        "widget",
        "related headline",
        "related headline",
        "trailing headline",
        "trailing headline",
    ]


@pytest.mark.parametrize(
    ("title", "sitename", "hostname", "expected"),
    [
        ("Eks Pelatih Ditawari Rp 200 Juta - Kompas.com Bola", "Kompas.com Bola", "kompas.com",
         "Eks Pelatih Ditawari Rp 200 Juta"),
        ("Kisah penjaga penjara Guantanamo | merdeka.com", "merdeka.com", "merdeka.com",
         "Kisah penjaga penjara Guantanamo"),
        ("Kabar Contoh | Banjir Rendam Jakarta", "Kabar Contoh", "", "Banjir Rendam Jakarta"),
        ("Banjir Rendam Jakarta - Kabar Contoh", "", "kabarcontoh.co.id", "Banjir Rendam Jakarta"),
        ("Banjir Rendam Jakarta – tempo.co", "", "", "Banjir Rendam Jakarta"),
        ("Jokowi - Prabowo Bertemu di Istana", "Kabar Contoh", "kabar.id",
         "Jokowi - Prabowo Bertemu di Istana"),
        ("Banjir: Warga Mengungsi", "Kabar", "kabar.id", "Banjir: Warga Mengungsi"),
        ("Detiknews", "Detiknews", "detik.com", "Detiknews"),
        ("A - B | merdeka.com", "merdeka.com", "merdeka.com", "A - B"),
    ],
)  # fmt: skip
def test_site_name_is_stripped_from_the_headline(
    title: str, sitename: str, hostname: str, expected: str
) -> None:
    assert strip_site_name(title, sitename, hostname) == expected


def test_page_title_loses_the_site_name_from_og_site_name() -> None:
    head = "<meta property='og:site_name' content='Kabar Contoh'>"
    got = extract_article(page(STORY, title="Banjir Rendam Ribuan Rumah - Kabar Contoh", head=head))
    assert got.title == "Banjir Rendam Ribuan Rumah"


def test_dropped_lines_are_logged_at_debug_without_control_characters(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "ban\x1b[31mjir.html"
    path.write_text(page("<h2>MUDA DAN BERANI</h2>" + STORY), encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="ringkas.html"), path.open("rb") as stdin:
        read_article(str(path), stdin)
    assert "ban\\x1b[31mjir.html: dropped kicker: MUDA DAN BERANI" in caplog.text
    assert "\x1b" not in caplog.text


def test_debug_flag_shows_dropped_lines_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "banjir.html"
    path.write_text(page("<h2>MUDA DAN BERANI</h2>" + STORY), encoding="utf-8")
    logger = logging.getLogger("ringkas")
    handlers, level = list(logger.handlers), logger.level
    try:
        quiet = CliRunner().invoke(app, ["sentences", str(path)])
        loud = CliRunner().invoke(app, ["--debug", "sentences", str(path)])
    finally:  # --debug set up logging for this whole process
        logger.handlers[:] = handlers
        logger.setLevel(level)
    assert quiet.exit_code == loud.exit_code == 0
    assert "MUDA" not in quiet.output
    assert "dropped kicker: MUDA DAN BERANI" in loud.stderr
    assert "MUDA" not in loud.stdout


def _norm(text: str) -> str:
    text = re.sub("[“”„]", '"', text.replace("\u00a0", " "))
    return " ".join(re.sub("[‘’]", "'", text).split()).lower()


@pytest.mark.skipif(not HTML_DEV.is_dir(), reason="../shared/eval/html_dev is not here")
def test_saved_news_pages_give_the_whole_story_and_nothing_else() -> None:
    # The same check as ../shared/eval/score_html.py, on the extractor alone.
    manifest = [json.loads(line) for line in (HTML_DEV / "manifest.jsonl").open()]
    for item in manifest:
        html = (HTML_DEV / item["file"]).read_text(encoding="utf-8", errors="replace")
        got = extract_article(html)
        text = _norm(got.text)
        assert [s for s in item["must_contain"] if _norm(s) not in text] == [], item["file"]
        assert [s for s in item["must_not_contain"] if _norm(s) in text] == [], item["file"]
        assert got.title
        assert not re.search(r"\s[-|]\s.*\.com", got.title), got.title
