"""Reading inputs: encodings, binary refusal, HTML, folders and globs, limits, language."""

from __future__ import annotations

import codecs
import io
import json
import os
from pathlib import Path

import pytest

from ringkas import language
from ringkas.document import Article, Flag
from ringkas.errors import InputError
from ringkas.fileio import write_atomic
from ringkas.language import (
    LANGUAGES,
    cache_language_model,
    check_language,
    detect_language,
    judge_language,
    language_model_file,
)
from ringkas.sources import (
    Failure,
    cut_markup,
    decode_text,
    expand_paths,
    read_article,
    read_jsonl,
    truncate_text,
)
from tests.conftest import ENGLISH, FRENCH, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
NO_STDIN = io.BytesIO()

# Written for these tests (not taken from any corpus): a Malaysian-style news paragraph, an
# English one and a French one, each long enough for the detector to be sure.
MALAY = (
    "Kerajaan Malaysia akan memperkenalkan dasar baharu bagi membantu golongan berpendapatan "
    "rendah menghadapi kenaikan kos sara hidup, kata Perdana Menteri di Kuala Lumpur semalam. "
    "Beliau berkata, peruntukan sebanyak RM2 bilion telah diluluskan dan bantuan itu akan "
    "disalurkan kepada isi rumah yang layak mulai bulan hadapan.\n\n"
    '"Kita tidak boleh membiarkan rakyat terus terbeban kerana harga barang keperluan asas '
    'meningkat," katanya ketika berucap pada majlis perasmian sebuah hospital kerajaan.'
)
MALAY_NEWS = (
    "Kerajaan akan memperuntukkan wang tambahan sebanyak RM500 juta bagi membaiki sekolah daif "
    "di seluruh negara tahun hadapan, kata Menteri Pendidikan semalam. Beliau berkata, "
    "peruntukan itu diluluskan oleh Kabinet selepas laporan mendapati lebih daripada 400 buah "
    "sekolah memerlukan pembaikan segera.\n\n"
    '"Kita tidak boleh menunggu sehingga bangunan runtuh baharu hendak bertindak," katanya '
    "kepada pemberita selepas merasmikan sebuah sekolah di Kuala Terengganu.\n\n"
    "Menurut beliau, kerja-kerja pembaikan akan dimulakan pada bulan Januari dan dijangka siap "
    "dalam tempoh enam bulan sahaja. Kementerian juga akan memantau kontraktor yang dilantik "
    "supaya projek tidak tertangguh seperti yang berlaku sebelum ini."
)

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Banjir Rendam Ribuan Rumah - Kabar Contoh</title></head>
<body>
<nav><a href="/">Beranda</a> | <a href="/politik">Politik</a> | <a href="/ekonomi">Ekonomi</a></nav>
<div class="iklan">Promo spesial: diskon 50 persen untuk pelanggan baru!</div>
<article><h1>Banjir Rendam Ribuan Rumah di Jakarta</h1>
<p>Banjir merendam ribuan rumah di Jakarta Timur pada Senin pagi setelah hujan deras mengguyur
ibu kota sejak Minggu malam. Badan Penanggulangan Bencana Daerah mencatat ketinggian air
mencapai 1,5 meter di beberapa kelurahan.</p>
<p>"Kami sudah mengerahkan perahu karet untuk mengevakuasi warga yang terjebak," kata Kepala
Pelaksana BPBD DKI Jakarta Isnawa Adji kepada wartawan.</p>
<p>Menurut dia, sebanyak 3.200 warga telah mengungsi ke sekolah dan masjid terdekat.
Pemerintah provinsi juga membuka dapur umum di enam lokasi.</p>
</article>
<footer>Hak cipta 2024 Kabar Contoh. Semua hak dilindungi.</footer>
</body></html>
"""


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Harga naik “5 persen” kata café.".encode(),
        codecs.BOM_UTF8 + "Harga naik “5 persen” kata café.".encode(),
        "Harga naik “5 persen” kata café.".encode("utf-16"),  # with its BOM, either order
        codecs.BOM_UTF16_BE + "Harga naik “5 persen” kata café.".encode("utf-16-be"),
        "Harga naik “5 persen” kata café.".encode("utf-32"),
        "Harga naik “5 persen” kata café.".encode("cp1252"),  # curly quotes at 0x93/0x94
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "utf32", "cp1252"],
)
def test_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode_text(data, "x.txt") == "Harga naik “5 persen” kata café."


def test_latin1_legacy_file_decodes() -> None:
    text = "Pak José dan Bu Zoë menghadiri rapat di balai kota hari ini.\n" * 5
    assert decode_text(text.encode("latin-1"), "x.txt") == text


def test_line_ends_are_normalised() -> None:
    assert decode_text(b"Satu.\r\nDua.\rTiga.\n", "x.txt") == "Satu.\nDua.\nTiga.\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "NUL bytes"),
        (bytes(range(256)) * 4, "NUL bytes"),
        (bytes(b % 255 + 1 for b in range(0, 4096 * 7, 7)), "binary"),
        (b"abc\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12" * 20, "control characters"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8\x00\xd8", "does not decode"),  # lone surrogates
    ],
    ids=["zip", "all-bytes", "no-nul-junk", "controls", "broken-utf16"],
)
def test_binary_is_refused_in_one_line_naming_the_file(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        decode_text(data, "foto.jpg")
    assert str(caught.value).startswith("foto.jpg: ")
    assert "\n" not in str(caught.value)


def test_partial_data_drops_a_character_cut_in_half() -> None:
    data = "Rp 5.000 — murah".encode()
    cut = data[: data.index("—".encode()) + 1]  # one byte of a three-byte character
    assert decode_text(cut, "x.txt", partial=True) == "Rp 5.000 "


# --- reading files ---------------------------------------------------------------------------


def test_read_article_names_it_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "berita satu ñ.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")
    got = read_article(str(path), NO_STDIN)
    assert (got.id, got.source, got.text, got.flags) == ("berita satu ñ", str(path), SEED_TEXT, ())


def test_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder, not a file"):
        read_article(str(tmp_path), NO_STDIN)


def test_max_chars_cuts_at_a_break_and_flags(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Kalimat pendek sekali.\n\n" * 1000, encoding="utf-8")
    got = read_article(str(path), NO_STDIN, max_chars=1000)
    assert len(got.text) <= 1000
    assert got.text.endswith("sekali.")
    assert got.flags == (Flag.TRUNCATED,)
    whole = read_article(str(path), NO_STDIN, max_chars=None)
    assert len(whole.text) == 24_000
    assert whole.flags == ()


def test_max_chars_reads_only_a_bounded_prefix() -> None:
    class Endless(io.RawIOBase):
        """A stream of text that never ends, like a runaway log on stdin."""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = b"kata " * (len(buffer) // 5)
            buffer[: len(chunk)] = chunk
            return len(chunk)

    got = read_article("-", io.BufferedReader(Endless()), max_chars=5000)
    assert got.source == "<stdin>"
    assert 4000 <= len(got.text) <= 5000
    assert got.flags == (Flag.TRUNCATED,)


def test_truncate_text_without_breaks_cuts_hard() -> None:
    assert truncate_text("x" * 50, 10) == ("x" * 10, True)
    assert truncate_text("short", 10) == ("short", False)
    assert truncate_text("anything", None) == ("anything", False)


def test_html_file_gives_headline_and_body_without_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "banjir.html"
    path.write_text(PAGE, encoding="utf-8")
    got = read_article(str(path), NO_STDIN)
    assert got.title == "Banjir Rendam Ribuan Rumah di Jakarta"
    assert got.text.startswith("Banjir merendam ribuan rumah di Jakarta Timur")
    assert "perahu karet" in got.text
    for boilerplate in ("Beranda", "diskon", "Hak cipta"):
        assert boilerplate not in got.text
    assert Flag.HTML in got.flags


def test_html_is_detected_by_content_on_stdin() -> None:
    got = read_article("-", io.BytesIO(PAGE.encode("cp1252")))
    assert got.title == "Banjir Rendam Ribuan Rumah di Jakarta"
    assert "Beranda" not in got.text


def test_html_without_an_article_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kosong.htm"
    path.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    with pytest.raises(InputError, match=r"kosong\.htm: HTML page with no article text"):
        read_article(str(path), NO_STDIN)


def test_dense_markup_is_cut_by_tag_count(tmp_path: Path) -> None:
    # trafilatura's time grows with the tags: a page is cut at max_chars // 4 tags.
    assert cut_markup("<p>a</p><p>b</p><p>c</p>", 2) == ("<p>a</p><p>b</p>", True)
    assert cut_markup("<p>a</p><p>b</p>", 2) == ("<p>a</p><p>b</p>", False)
    assert cut_markup("<p>a</p>" * 5, None) == ("<p>a</p>" * 5, False)
    path = tmp_path / "padat.html"
    rows = "".join(f"<p>Berita nomor {n} tentang harga beras di pasar.</p>" for n in range(500))
    path.write_text(f"<html><body><article>{rows}</article></body></html>", encoding="utf-8")
    got = read_article(str(path), NO_STDIN, max_chars=400)  # 100 tags
    assert got.flags == (Flag.HTML, Flag.TRUNCATED)
    assert "Berita nomor 0 " in got.text
    assert "nomor 499" not in got.text


def test_jsonl_streams_records_and_bounds_long_lines() -> None:
    records = [
        json.dumps({"id": "a", "text": "Satu dua tiga."}),
        json.dumps({"id": "b", "text": "x" * 100_000}),  # over the line limit for max_chars=10
        "not json",
        json.dumps({"id": "c", "text": "Empat lima enam tujuh delapan sembilan."}),
    ]
    stream = io.BytesIO(("\n".join(records) + "\n").encode())
    got = list(read_jsonl("-", stream, max_chars=10))
    assert isinstance(got[0], Article)
    assert (got[0].id, got[0].flags) == ("a", (Flag.TRUNCATED,))
    assert isinstance(got[1], Failure)
    assert "<stdin>:2: record longer than" in str(got[1].error)
    assert isinstance(got[2], Failure)
    assert "not valid JSON" in str(got[2].error)
    assert isinstance(got[3], Article)
    assert got[3].id == "c"


def test_write_atomic_leaves_nothing_behind_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "digest.md"
    target.write_text("yesterday", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C in the middle of writing

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "today " * 10_000)
    assert target.read_text(encoding="utf-8") == "yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.md"]


# --- folders and globs -----------------------------------------------------------------------


def _touch(path: Path, text: str = "Isi.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_expands_sorted_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.html", "sub/d.htm", "e.jpg", ".hidden.txt", ".git/f.txt"):
        _touch(tmp_path / name)
    got = list(expand_paths([str(tmp_path)]))
    names = [Path(p).relative_to(tmp_path).as_posix() for p in got if isinstance(p, str)]
    assert names == ["a.md", "b.txt", "c.html", "sub/d.htm"]


def test_folder_is_walked_lazily(tmp_path: Path) -> None:
    _touch(tmp_path / "a" / "1.txt")
    _touch(tmp_path / "z" / "2.txt")
    walk = expand_paths([str(tmp_path)])
    assert next(walk) == str(tmp_path / "a" / "1.txt")
    (tmp_path / "z" / "2.txt").unlink()  # not listed yet, so its removal is seen
    _touch(tmp_path / "z" / "3.txt")
    assert list(walk) == [str(tmp_path / "z" / "3.txt")]


def test_symlink_loops_end(tmp_path: Path) -> None:
    _touch(tmp_path / "news" / "a.txt")
    (tmp_path / "news" / "self").symlink_to(tmp_path / "news")
    (tmp_path / "news" / "up").symlink_to(tmp_path)
    (tmp_path / "news" / "loop.txt").symlink_to(tmp_path / "news" / "loop.txt")
    first, loop = expand_paths([str(tmp_path)])
    assert first == str(tmp_path / "news" / "a.txt")
    assert isinstance(loop, Failure)  # the walk names the loop; reading it says the same
    assert str(loop.error).endswith("loop.txt: cannot read (Too many levels of symbolic links)")
    with pytest.raises(InputError, match=r"loop\.txt: cannot read"):
        read_article(str(tmp_path / "news" / "loop.txt"), NO_STDIN)


def test_recursive_glob_does_not_follow_looping_links(tmp_path: Path) -> None:
    _touch(tmp_path / "news" / "a.txt")
    _touch(tmp_path / "news" / "x" / "b.txt")
    # With the stdlib's glob, two looping links make `**` walk 2**40 paths.
    (tmp_path / "news" / "x" / "l1").symlink_to(tmp_path / "news")
    (tmp_path / "news" / "x" / "l2").symlink_to(tmp_path / "news")
    got = list(expand_paths([str(tmp_path / "news" / "**" / "*.txt")]))
    assert got == [str(tmp_path / "news" / "a.txt"), str(tmp_path / "news" / "x" / "b.txt")]


def test_glob_matching_folders_gives_each_file_once(tmp_path: Path) -> None:
    _touch(tmp_path / "2024-01" / "a.txt")
    _touch(tmp_path / "2024-02" / "b.txt")
    got = list(expand_paths([str(tmp_path / "2024-*"), str(tmp_path / "**")]))
    files = [Path(p).name for p in got if isinstance(p, str)]
    assert files == ["a.txt", "b.txt", "a.txt", "b.txt"]  # once per argument


def test_missing_things_are_failures_not_exceptions(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    got = list(
        expand_paths([str(tmp_path / "nope.txt"), str(tmp_path / "empty"), str(tmp_path / "*.md")])
    )
    assert all(isinstance(f, Failure) for f in got)
    messages = [str(f.error) for f in got if isinstance(f, Failure)]
    assert "no such file or folder" in messages[0]
    assert "folder holds no .txt or .md files" in messages[1]
    assert "no file matches" in messages[2]
    assert list(expand_paths([str(tmp_path / "dangling.txt")])) == [str(tmp_path / "dangling.txt")]
    with pytest.raises(InputError, match=r"dangling\.txt: no such file"):
        read_article(str(tmp_path / "dangling.txt"), NO_STDIN)


# --- language --------------------------------------------------------------------------------


def _article(text: str) -> Article:
    return Article(id="t", source="t.txt", text=text)


def test_indonesian_passes_unflagged() -> None:
    assert check_language(_article(SEED_TEXT)).flags == ()
    assert judge_language(SEED_TEXT).code == "id"


@pytest.mark.parametrize("text", [MALAY, MALAY_NEWS])
def test_malay_is_processed_with_a_flag(text: str) -> None:
    assert check_language(_article(text)).flags == (Flag.MALAY,)


def test_english_is_flagged_not_to_be_translated() -> None:
    assert check_language(_article(ENGLISH)).flags == (Flag.ALREADY_ENGLISH,)


def test_other_languages_are_refused_unless_forced() -> None:
    with pytest.raises(InputError, match=r"t\.txt: looks like French \(fr") as caught:
        check_language(_article(FRENCH))
    assert "--force-language id" in str(caught.value)
    assert check_language(_article(FRENCH), forced="id").flags == ()
    assert check_language(_article(SEED_TEXT), forced="en").flags == (Flag.ALREADY_ENGLISH,)


def test_short_texts_are_taken_as_indonesian() -> None:
    # A dozen words is too few to tell Indonesian from Malay (or from anything).
    assert check_language(_article("Menteri itu berkata harga beras naik.")).flags == ()
    assert check_language(_article("Bonjour tout le monde, merci.")).flags == ()


def test_an_unsure_verdict_is_flagged_not_refused() -> None:
    # Names and numbers: long enough to ask, too little language to be sure.
    table = " ".join(f"Skor {i} Ratchanok Intanon vs Sung Ji-hyun 21-13 set" for i in range(8))
    verdict = judge_language(table)
    if verdict.code != "id":
        assert verdict.flags == (Flag.LANGUAGE_UNSURE,)
        assert check_language(_article(table)).flags == (Flag.LANGUAGE_UNSURE,)


def test_the_cached_model_decides_exactly_like_py3langids_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv("RINGKAS_HOME", str(tmp_path))
    language._identifier.cache_clear()
    cached = language_model_file(tmp_path / "cache")
    assert not cached.exists()
    texts = [SEED_TEXT, MALAY, MALAY_NEWS, ENGLISH, FRENCH, "Skor 21-13, 21-19 untuk Intanon"]
    first = [detect_language(text) for text in texts]  # builds and saves the model
    assert cached.stat().st_size > 10_000_000
    language._identifier.cache_clear()
    again = [detect_language(text) for text in texts]  # reads it back
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    reference.set_languages(list(LANGUAGES))
    expected = [reference.classify(text) for text in texts]
    assert first == again
    assert [code for code, _ in first] == [code for code, _ in expected]
    assert [p for _, p in first] == pytest.approx([p for _, p in expected], abs=1e-6)
    language._identifier.cache_clear()
    cached.unlink()  # ~45 MB; pytest keeps three runs' tmp folders


def test_a_damaged_or_unwritable_model_cache_costs_time_not_a_failure(tmp_path: Path) -> None:
    cached = language_model_file(tmp_path)
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"\x93NUMPY not really")
    stale = cached.with_name("langid-0.0.1-0000000000000000-00000000.npy")
    stale.write_bytes(b"old")
    assert cache_language_model(tmp_path) == cached
    assert cached.stat().st_size > 10_000_000
    assert not stale.exists()
    assert [p.name for p in cached.parent.iterdir()] == [cached.name]  # no temporary left
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert not cache_language_model(blocked).exists()
    cached.unlink()


def test_names_too_long_are_failures(tmp_path: Path) -> None:
    long_name = str(tmp_path / ("a" * 300 + ".txt"))  # over NAME_MAX (255)
    long_path = str(tmp_path) + "/a" * 3000  # over PATH_MAX (4096)
    got = list(expand_paths([long_name, long_path, long_name[:-4] + "*.txt"]))
    assert all(isinstance(f, Failure) for f in got)
    messages = [str(f.error) for f in got if isinstance(f, Failure)]
    assert messages[0].endswith(": cannot read (File name too long)")
    assert messages[1].endswith(": cannot read (File name too long)")
    assert messages[2].endswith(": no file matches this pattern")


def test_deep_folders_do_not_hit_the_recursion_limit(tmp_path: Path) -> None:
    deep = str(tmp_path)
    for _ in range(1200):  # deeper than Python's default recursion limit of 1000
        deep += "/d"
        os.mkdir(deep)  # (pathlib's mkdir(parents=True) itself recurses per level)
    Path(deep, "a.txt").write_text("Isi.", encoding="utf-8")
    try:
        assert list(expand_paths([str(tmp_path)])) == [deep + "/a.txt"]
    finally:
        # shutil.rmtree recurses too: pytest could not clean this tree up later.
        os.remove(deep + "/a.txt")
        while deep != str(tmp_path):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


def test_write_atomic_gives_a_readable_file_and_keeps_an_existing_mode(tmp_path: Path) -> None:
    from ringkas.fileio import write_atomic

    fresh = tmp_path / "fresh.md"
    old_umask = os.umask(0o022)
    try:
        write_atomic(fresh, "baru\n")
    finally:
        os.umask(old_umask)
    assert fresh.stat().st_mode & 0o777 == 0o644
    kept = tmp_path / "kept.md"
    kept.write_text("lama\n", encoding="utf-8")
    kept.chmod(0o600)
    write_atomic(kept, "baru\n")
    assert kept.stat().st_mode & 0o777 == 0o600
    assert kept.read_text(encoding="utf-8") == "baru\n"
