"""Direct quotes and their speakers.

The work runs in three passes, each linear in the text length:

1. pair quote marks into spans (`_pair_marks`), inferring each mark's direction from its
   neighbours, because Kompas opens *and* closes with U+201D and other sites use U+201C twice;
2. attribute each span: a cue verb after it (`"…," kata X`), a reporting verb before it
   (`X mengatakan, "…"`), or the speaker of the reported speech around it;
3. resolve anaphoric cues (`katanya`, `kata politisi itu`) to the most recent speaker, and short
   names (`Pompeo`) to the full name and role given earlier (`Menteri Luar Negeri AS, Mike Pompeo`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ringkas.document import Quote, Sentence, SummaryItem


def _words(spaced: str) -> frozenset[str]:
    """A word list written as one space-separated string."""
    return frozenset(spaced.split())


# Verbs that attribute a direct quote: `"…," kata Heri.` Their -nya forms point back to the
# speaker already in play: `"…," katanya.`
ATTRIBUTION_VERBS = frozenset(
    {
        "kata",
        "ujar",
        "ucap",
        "ungkap",
        "jelas",
        "tutur",
        "tambah",
        "tegas",
        "sebut",
        "tulis",
        "lanjut",
        "papar",
        "terang",
        "imbuh",
        "tanya",
        "pungkas",
        "seru",
        "sahut",
        "jawab",
        "pesan",
        "kenang",
        "aku",
        "akunya",
        "katakan",
        "ujarkan",
        "timpal",
        "bilang",
        "ungkit",
        "urai",
        "beber",
        "sambung",
        "tukas",
        "tandas",
        "celetuk",
        "bisik",
        "keluh",
        "harap",
        "pinta",
        "sindir",
        "kilah",
        "klaim",
        "lapor",
        "tutup",
        "buka",
        "teriak",
        "cuit",
        "kicau",
        "singkat",
        "bunyi",
        "tegur",
        "sergah",
        "kelakar",
        "canda",
        "ajak",
        "imbau",
        "ingat",
        "nilai",
    }
)
# Passive attributions: `"…," disimpulkan para peneliti`.
PASSIVE_CUES = frozenset(
    {
        "dikatakan",
        "diungkapkan",
        "disampaikan",
        "dijelaskan",
        "ditegaskan",
        "dituturkan",
        "disimpulkan",
        "ditambahkan",
        "ditulis",
        "tertulis",
        "ditekankan",
        "dinyatakan",
        "diakui",
        "disebutkan",
        "dipaparkan",
        "diterangkan",
        "diucapkan",
    }
)
_CUE_FORMS = ATTRIBUTION_VERBS | {verb + "nya" for verb in ATTRIBUTION_VERBS}

# Verbs of reported speech: the subject before them is the speaker in play, and a quote right
# after them is theirs: `Heri Koswara mengatakan, "…"`.
REPORTING_VERBS = frozenset(
    {
        "mengatakan",
        "menambahkan",
        "menuturkan",
        "menjelaskan",
        "menegaskan",
        "mengungkapkan",
        "menyebutkan",
        "menyebut",
        "menyatakan",
        "menilai",
        "berpendapat",
        "berkata",
        "memaparkan",
        "menerangkan",
        "menyampaikan",
        "mengaku",
        "mengakui",
        "berharap",
        "meminta",
        "mengimbau",
        "menghimbau",
        "memastikan",
        "mengingatkan",
        "membenarkan",
        "membantah",
        "menanggapi",
        "mengklaim",
        "melanjutkan",
        "menyambung",
        "menulis",
        "bertanya",
        "menanyakan",
        "mengeluhkan",
        "mengusulkan",
        "menyoroti",
        "mengungkap",
        "memprediksi",
        "memperkirakan",
        "menduga",
        "menyayangkan",
        "mengajak",
        "mendesak",
        "menekankan",
        "mengemukakan",
        "bercerita",
        "berujar",
        "berpesan",
        "mengimbuhkan",
        "mengutarakan",
        "menjanjikan",
        "menjamin",
        "mengklarifikasi",
    }
)

# Title words: they name a position, so a name after them belongs to a person with that role.
_TITLE_WORDS = _words(
    "presiden wakil menteri menko ketua kepala direktur dirut sekretaris sekjen gubernur wagub "
    "bupati wabup wali camat lurah kapolri kapolda kapolres kapolresta kapolsek kasat kabid kasi "
    "kasubdit kadis kabag kasubbag juru bicara jubir koordinator manajer manager komisaris kombes "
    "akbp akp iptu ipda aiptu ajun inspektur brigadir jenderal letnan kolonel mayor kapten sersan "
    "laksamana marsekal brigjen mayjen letjen irjen komjen rektor dekan guru besar profesor prof "
    "dosen peneliti pengamat ekonom analis anggota staf pemimpin redaksi pimpinan duta dubes hakim "
    "jaksa panglima kasad pangdam danrem dandim kapendam kapuspen head director chief ceo "
    "president founder pendiri pemilik ustaz kiai pendeta uskup imam raja ratu sultan perdana "
    "senator mantan plt pj penjabat pelaksana asisten deputi khusus penasihat kabiro bendahara "
    "komandan danlanud pelatih marketing kanit panit wakapolres kapuspenkum sekda sekretaris "
    "officer executive operating vice senior general owner chef co pensiunan pemred humas politisi "
    "politikus pakar ahli aktivis pegiat pemerhati perwakilan pengajar "
    "warga pengacara kuasa dokter perawat sumber pejabat petugas relawan pemain penyanyi aktor "
    "aktris artis sutradara produser penulis wartawan jurnalis pengelola pedagang petani nelayan "
    "sopir pengemudi mahasiswa siswa orangtua ayah ibu kakak adik istri suami rekan teman "
    "tetangga kerabat saksi korban tersangka terdakwa pengurus ketum waketum dirjen irjen "
    "kabareskrim dirreskrimum dirkrimum kasatreskrim kepala pj. plh direktris kasatlantas "
    "ombudsman auditor kajari kajati kapuspen kadiv kapenrem kepala"
)

# Organisation heads: a phrase that starts with one of these names an institution.
_ORG_WORDS = _words(
    "pemerintah pemprov pemkot pemkab kementerian kemenkes kemendag kemenhan badan dinas suku "
    "komisi lembaga partai fraksi dewan majelis mahkamah pengadilan kejaksaan kepolisian polda "
    "polres polresta polrestabes polsek polri tni kodam korem kodim universitas institut sekolah "
    "fakultas rumah sakit rsud rsup pt perusahaan bank kantor biro yayasan asosiasi ikatan "
    "perhimpunan persatuan himpunan serikat satgas satuan tugas gugus direktorat sekretariat "
    "pusat kantor berita agensi kelompok organisasi koalisi aliansi tim panitia bpbd bmkg kpk "
    "dpr dprd dpd mpr gedung istana markas mabes polisi pihak"
)

# A capitalised word right after these is a place, part of an institution's name, not a person:
# "Ketua DPRD Kota Bekasi Choiruman" → Choiruman.
_PLACE_INTRO = _words(
    "kota kabupaten kab provinsi prov kecamatan kec desa kelurahan pulau daerah distrik nagari "
    "di ke dari asal negara negeri"
)
# Places and compass points: never part of a person's name.
_PLACE_WORDS = _PLACE_INTRO | _words(
    "dki jawa sumatera kalimantan sulawesi nusa papua maluku polda polres polresta polsek kodam "
    "jakarta universitas rsup rsud timnas klub barat timur utara selatan tengah indonesia"
)

# Words that end the speaker phrase after a cue: `kata Heri, dalam konferensi pers, Kamis`.
_SPEAKER_STOPS = _words(
    "saat ketika dalam di kepada pada seusai usai setelah sebelum melalui lewat via sambil yang "
    "tentang soal mengenai terkait menjawab beberapa hari kemarin seperti dari sebagaimana "
    "sembari waktu menanggapi merujuk mengutip dikutip dilansir kala tadi sore pagi siang malam "
    "belum lalu awal akhir sejak dan ketika kemudian lantas seraya dengan menyusul untuk saat "
    "senin selasa rabu kamis jumat sabtu minggu pekan bulan tahun sebagai selaku sekaligus"
)
# Connectors that may continue a title or institution: "Kepala Bidang Humas dan Protokol".
_ROLE_CONNECTORS = _words("dari pada untuk dan ke / - & of and the bidang sekaligus")
_ADVERBS = _words(
    "juga pun sendiri lalu kemudian telah sudah kembali lantas bahkan pula tak tidak hanya sempat "
    "masih akan sebelumnya lebih lanjut secara terpisah pernah justru mengatakan pun turut "
    "langsung tegas sempat"
)
# Capitalised at the start of a sentence, but never part of a name.
_FUNCTION_WORDS = _words(
    "ketika jika di meski meskipun saat untuk dalam pada dengan karena setelah sebelum apabila "
    "bila kalau namun tetapi menurut hal ini itu dari ke oleh bagi sejak hingga sampai agar "
    "supaya sementara selain tak tidak yang para sang si kini kemarin sebelumnya adapun bahkan "
    "akan sudah telah juga pun lalu kemudian selama seperti sebagai atas dan atau tapi usai "
    "seusai begitu jadi maka namanya semua setiap beberapa banyak sebanyak sekitar senin selasa "
    "rabu kamis jumat sabtu minggu januari februari maret april mei juni juli agustus september "
    "oktober november desember pria wanita perempuan lelaki warga kendati demi karenanya eks "
    "seorang sedangkan sehingga lantaran pasalnya menurutnya"
)
_GENERIC_PEOPLE = _words("pria wanita lelaki perempuan laki-laki sosok orang")
_DETERMINERS = _words("seorang salah satu sebuah para sang si")
_ACTIVE_VERB = re.compile(r"^(?:meng|meny|mem|men)[a-z]{4,}$")
_VERB_LIKE = re.compile(r"^(?:me|ber|di|ter)[a-z]{4,}$")
_PRONOUNS = _words("ia dia beliau mereka pihaknya dirinya saya kami kita aku")
_ANAPHORS = frozenset({"tersebut", "itu", "ini"})
_STATEMENT_NOUNS = re.compile(
    r"^(?:oleh\s+)?(?:(?:isi|bunyi)\s+)?(?:tertulis\s+)?(?:(?:sebuah|suatu|dalam|di|menurut)\s+)?"
    r"(?:pernyataan|keterangan|siaran\s+pers|rilis|laporan|surat|unggahan|cuitan|kicauan|"
    r"tulisan|akun|situs|laman|petisi|pengumuman)(?:\s+(?:resmi|tertulis))?"
    r"(?:\s+(?:dari|oleh|milik))?\s+|^oleh\s+",
    re.IGNORECASE,
)
_LEADING_CONNECTIVES = re.compile(
    r"^(?:namun|tetapi|sementara\s+itu|selain\s+itu|sebelumnya|adapun|di\s+sisi\s+lain|"
    r"oleh\s+karena\s+itu|karena\s+itu|meski\s+demikian|terpisah|secara\s+terpisah|lebih\s+lanjut|"
    r"kemudian|lalu|bahkan|dan|sedangkan|sedang|hal\s+senada|senada)\b[\s,]*",
    re.IGNORECASE,
)

QUOTE_MARKS = '"“”„‟«»'
_MARK = re.compile(r"[\"“”„‟«»]")
_OPEN_BIAS = frozenset("“„‟«")
_LEFT_OPEN = frozenset(" \t\r\n([{—–-/:")
_RIGHT_CLOSE = frozenset(" \t\r\n)]}.,;:!?—–…")
_MAX_SPAN = 2000  # characters; an opener with no closer this far on is a stray mark
_FULL_FLOOR = 0.5  # Quote.score of a full statement; partial quotes score below it
_FORGET = 1500  # characters after which a speaker is no longer "the one speaking"
_WINDOW = 300  # characters looked at around a quote for its attribution
_CUE_AFTER = re.compile(r"\s*[,.]?\s*(?:[—–-]\s*)?(?:(demikian)\s+)?([A-Za-z]+)\b")
_WORD = re.compile(r"@\w+|[^\W\d_][\w'’.-]*|\d[\w./:-]*|[(),;/&]")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[\"“”(\[]?[A-Z0-9])")
_REPORTING = re.compile(r"\b(" + "|".join(sorted(REPORTING_VERBS)) + r")\b")
_MENURUT = re.compile(r"\b[Mm]enurut\s+([^,.;:\"“”]{2,120})")
_INDIRECT_CUE = re.compile(
    r",\s*(kata|ujar|lanjut|tambah|imbuh|jelas|tutur|ungkap)\s+([A-Z][^,.;\"“”]{1,100})"
)
# pe-…-an and ke-…-an nouns name portfolios and offices, hardly ever people
_ABSTRACT_NOUN = re.compile(r"^(?:pe|ke)[a-z]{3,}an$")
# "JAKARTA, KOMPAS — ", "Jakarta, CNN Indonesia -- ", "Kuta (ANTARA News) - ": the source
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.]*(?:,|\s*\()|[\w.]+\.(?:com|id)\b)[^—–\n]{0,45}?\s(?:--?|[—–])\s+(?=[A-Z])"
)
_CAPITAL = re.compile(r"\b[A-Z][\w'’-]+")
_MID_CAPITAL = re.compile(r"(?<=[a-z,] )[A-Z][\w'’-]+")
# A sentence that opens with capitalised words then goes on in lower case: "Tri R tiba …"
_SUBJECT_RUN = re.compile(r"((?:[A-Z@][\w'’.-]*,?\s+){1,8})(?=[a-z])")
# "Hal tersebut diungkapkan oleh Presiden Ferrari, Sergio Marchionne."
_PASSIVE = re.compile(
    r"\bdi(?:katakan|ungkapkan|sampaikan|jelaskan|tegaskan|tuturkan|utarakan|paparkan)"
    r"\s+(?:langsung\s+)?oleh\s+([^.;\"“”]{2,120})"
)
_PLACE_USE = re.compile(
    r"\b(?:di|asal|negara|negeri|[Kk]ota|[Pp]rovinsi|[Kk]abupaten|[Pp]artai|[Ff]raksi|PT)"
    r"\s+([A-Z][\w-]+)"
)
_MENURUT_BEFORE = re.compile(r"\b[Mm]enurut\s+([^,;\"“”]{2,120}),?$")
_CUE_BEFORE = re.compile(r"\b([A-Za-z]+)\s+([A-Z][^,;\"“”]{0,80}),$")
# a reporting verb, maybe with a short phrase after it, that ends just before the quote
_INTRO_VERB = re.compile(
    r"(\w+)(?:\s+(?:kepada|pada|di|dalam|melalui|lewat|saat|ketika)(?:\s+[\w.-]+){1,4})?"
    r"\s*[,:]?\s*(?:bahwa\s*,?)?$"
)
_SPEECH_NOUNS = _words(
    "komentarnya keterangannya pernyataannya tanggapannya sambutannya pidatonya pesannya "
    "jawabannya penjelasannya"
)
# small words that stay lower case inside titles of works and events
_TITLE_SMALL_WORDS = _words(
    "dan di ke dari of the a an bagi untuk dengan dalam yang atau pada sampai hingga tentang atas "
    "oleh tanpa"
)
_GOES_ON = re.compile(r"\s*[a-z(]")
_NICKNAME = re.compile(r"\byang\s+(?:akrab|biasa)\s+(?:disapa|dipanggil)\s+([A-Z][\w'’-]+)")
# "selaras dengan penuturan psikolog Tamlin Conner": reported speech by a noun
_SPEECH_OF = re.compile(
    r"\b(?:penuturan|pernyataan|keterangan|ucapan|penjelasan|pengakuan)\s+([^,.;\"“”]{2,100})"
)
_LAST_WORD = re.compile(r"(\w+)\s*[,:]?\s*(?:bahwa\s*,?)?$")
_PAREN = re.compile(r"\([^()]{0,80}\)")


@dataclass(frozen=True)
class _Span:
    """A paired quote: positions of its marks and of the text between them."""

    open: int
    close: int
    body_start: int
    body_end: int
    inner: tuple[int, ...] = ()  # marks inside the body (garbled nesting)
    continued: bool = False  # a multi-paragraph quote: the next paragraph carries on


@dataclass(frozen=True)
class _Mention:
    """Someone who speaks at `position` (a cue, a reporting verb or `menurut X`)."""

    position: int
    speaker: str
    role: str | None


def find_quotes(text: str, sentences: Sequence[Sentence]) -> tuple[Quote, ...]:
    """Find direct quotes in text and attribute them to a speaker where the text says who."""
    spans = _pair_marks(text)
    bounds = _Bounds(text, sentences)
    speakers = _Speakers(_find_mentions(text, spans, bounds), _find_subjects(text, bounds))
    quotes: list[Quote] = []
    for span in spans:
        quote = _attribute(text, span, bounds, speakers)
        if quote is not None:
            quotes.append(quote)
            if quote.speaker:
                speakers.last_quoted = _Mention(quote.start, quote.speaker, quote.role)
    quotes = _inherit_speakers(quotes, spans, text)
    names = _name_registry(speakers.mentions, quotes)
    places = _place_words(text)
    return tuple(_trim_places(_canonical(q, names), places) for q in quotes)


# --- pass 1: pairing quote marks -------------------------------------------------------------


def _direction(text: str, i: int) -> str:
    """Say whether the mark at i opens, closes, or could do either ("?")."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    left_open = before in _LEFT_OPEN
    right_close = after in _RIGHT_CLOSE or after in QUOTE_MARKS
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    if text[i] in _OPEN_BIAS and not right_close:
        return "open"
    return "?"


def _pair_marks(text: str) -> list[_Span]:
    """Pair quote marks paragraph by paragraph; stray marks never swallow the rest."""
    spans: list[_Span] = []
    stack: list[int] = []  # opener positions, at most two deep
    nested: list[_Span] = []  # pairs inside the open outer quote
    paragraph_end = _next_newline(text, 0)
    for match in _MARK.finditer(text):
        i = match.start()
        if i > paragraph_end:
            _close_paragraph(text, paragraph_end, stack, nested, spans)
            stack, nested = [], []
            paragraph_end = _next_newline(text, i)
        if stack and i - stack[0] > _MAX_SPAN:
            stack.pop(0)
            spans.extend(nested)
            nested = []
        kind = _direction(text, i)
        if kind == "?" or (kind == "open" and stack and _cue_after(text, i) is not None):
            # `… UNESCO, "katanya dalam siaran pers.`: a mark before a cue verb closes
            kind = "close" if stack else "open"
        if kind == "open":
            if len(stack) == 2:  # the outer one never closed
                stack.pop(0)
                spans.extend(nested)
                nested = []
            stack.append(i)
            continue
        if not stack:
            _recover_stray(text, i, spans)
            continue
        opener = stack.pop()
        pair = _Span(opener, i, opener + 1, i)
        if not stack:
            spans.append(pair)
            nested = []
        elif _cue_after(text, i) is not None:
            # an attributed quote is never nested: the outer mark was a stray
            stack.clear()
            spans.extend(nested)
            spans.append(pair)
            nested = []
        else:
            nested.append(pair)
    _close_paragraph(text, len(text), stack, nested, spans)
    spans.sort(key=lambda s: s.open)
    return spans


def _next_newline(text: str, start: int) -> int:
    """Position of the next newline at or after start (len(text) when there is none)."""
    found = text.find("\n", start)
    return len(text) if found == -1 else found


def _close_paragraph(
    text: str, end: int, stack: list[int], nested: list[_Span], spans: list[_Span]
) -> None:
    """Settle a paragraph's open quote: a multi-paragraph quote or a stray mark."""
    spans.extend(nested)
    if len(stack) != 1:
        return
    opener = stack[0]
    rest = text[end : end + 40].lstrip()
    if rest and rest[0] in QUOTE_MARKS and end - opener <= _MAX_SPAN:
        # journalists leave a quote open at a paragraph end when the next paragraph carries on
        body_end = end
        while body_end > opener + 1 and text[body_end - 1].isspace():
            body_end -= 1
        spans.append(_Span(opener, body_end, opener + 1, body_end, continued=True))


def _recover_stray(text: str, i: int, spans: list[_Span]) -> None:
    """Make sense of a closing mark with no opener, when a cue verb says it ends a quote."""
    if _cue_after(text, i) is None:
        return
    floor = max(text.rfind("\n", 0, i) + 1, i - _MAX_SPAN // 2)
    last = spans[-1] if spans else None
    if last is not None and last.close >= floor:
        between = text[last.close + 1 : i]
        if not _SENTENCE_END.search(between) and _cue_after(text, last.close) is None:
            # `"…sekadar," Hei, … menarik diri," kata Pompeo`: a garbled inner quote
            spans[-1] = replace(last, close=i, body_end=i, inner=(*last.inner, last.close))
            return
        floor = last.close + 1
    start = floor
    for boundary in _SENTENCE_END.finditer(text, floor, i):
        start = boundary.end()
    while start < i and text[start].isspace():
        start += 1
    if start < i:
        # the opening mark is missing: the quote runs from the start of its sentence
        spans.append(_Span(start, i, start, i))


def _cue_after(text: str, close: int) -> str | None:
    """The cue verb right after a closing mark (`," kata`), if there is one."""
    found = _find_cue_after(text, close)
    return found[0] if found else None


def _find_cue_after(text: str, close: int) -> tuple[str, int] | None:
    """The cue after a closing mark and where the speaker phrase after it starts."""
    match = _CUE_AFTER.match(text, close + 1, close + 40)
    if match is None:
        return None
    word = match.group(2).lower()
    if word in _CUE_FORMS or word in PASSIVE_CUES:
        return word, match.end()
    if match.group(1):
        return "demikian", match.start(2)  # `"…," demikian Presiden Jokowi`
    return None


# --- sentences around a position -------------------------------------------------------------


class _Bounds:
    """Sentence spans to look up by position (lines when no sentences are given)."""

    def __init__(self, text: str, sentences: Sequence[Sentence]) -> None:
        if sentences:
            self.spans = [(s.start, s.end, s.index) for s in sentences]
        else:
            self.spans = []
            start = 0
            for number, line in enumerate(text.split("\n")):
                self.spans.append((start, start + len(line), number))
                start += len(line) + 1
        self.starts = [start for start, _, _ in self.spans]

    def locate(self, position: int) -> int:
        """Offset into self.spans of the sentence holding position (or the one before it)."""
        return max(bisect.bisect_right(self.starts, position) - 1, 0)

    def index(self, position: int) -> int:
        """The sentence index of position."""
        return self.spans[self.locate(position)][2] if self.spans else 0

    def start(self, position: int) -> int:
        """Where the sentence holding position starts."""
        return self.spans[self.locate(position)][0] if self.spans else 0

    def end(self, position: int) -> int:
        """Where the sentence holding position ends."""
        return self.spans[self.locate(position)][1] if self.spans else position


# --- pass 2: attribution ---------------------------------------------------------------------


def _attribute(text: str, span: _Span, bounds: _Bounds, speakers: _Speakers) -> Quote | None:
    """Turn a span into a Quote with its speaker, or None for scare quotes and titles."""
    body = _clean_body(text, span)
    words = body.split()
    if not words or (words[0].lower() in _CUE_FORMS and len(words) <= 6):
        return None  # `UNESCO, "katanya dalam siaran pers.`: a misplaced mark, not a quote
    sentence_start = max(bounds.start(span.open), span.open - _WINDOW)
    sentence_end = min(max(bounds.end(span.close), span.close + 1), span.close + _WINDOW)
    pre = text[sentence_start : span.open] if span.open != span.body_start else ""
    post = text[span.close + 1 : sentence_end] if span.close < len(text) else ""
    found = _find_cue_after(text, span.close) if span.close < len(text) else None
    cue = found[0] if found else None
    speaker: str | None = None
    role: str | None = None
    anaphoric = False
    fallback: str | None = None
    if found is not None:
        if found[0].endswith("nya") and found[0] not in ATTRIBUTION_VERBS:
            speaker, role, anaphoric = None, None, True  # "katanya, bicara soal kontrak"
        else:
            speaker, role, anaphoric = _parse_cue_phrase(text[found[1] : sentence_end])
        if anaphoric:
            fallback, speaker = speaker, None  # "pria yang akrab disapa Emil itu"
    before = _cue_before(pre)
    # `Kim menyatakan bahwa "prioritas tertinggi" ke depan adalah …`: the sentence goes on
    goes_on = cue is None and _GOES_ON.match(post) is not None
    is_full = cue is not None or (before is not None and not goes_on) or span.continued
    if not is_full and not pre.strip(" —–-\t"):
        is_full = _ends_sentence(body, post)
    if not is_full and len(words) >= 6 and body[:1].isupper() and body[-1] in ".!?":
        is_full = True  # whole sentences in quote marks, even with no attribution in sight
    if before is not None and cue is None:
        speaker, role, anaphoric = before
    kind = "full" if is_full else "partial"
    if not _is_key(words, kind, has_cue=cue is not None or before is not None):
        return None
    if kind == "partial":
        subject = _reported_speaker(pre + " " + post)
        if subject is None:
            return None  # a short quoted phrase with nobody saying it: a title or scare quote
        speaker, role, anaphoric = subject
    if speaker is None and (anaphoric or cue is not None):
        # "kata politisi PDI-P tersebut" points at the person last named; "katanya" at the
        # person last speaking
        mention = speakers.latest(span.open, any_person=anaphoric and role is not None)
        if mention is not None:
            speaker, role = mention.speaker, role or mention.role
        elif fallback is not None:
            speaker = fallback
        elif role is not None:
            speaker, role = role, None  # "kata lelaki itu" with nobody named before
    return Quote(
        text=body,
        speaker=speaker,
        role=role,
        cue=cue or (_before_verb(pre) if before is not None else None),
        sentence_index=bounds.index(span.body_start),
        start=span.open,
        end=span.close + 1,
        score=_substance(words, kind),
    )


def _clean_body(text: str, span: _Span) -> str:
    """The quote's words without its marks; garbled inner marks become single quotes."""
    body = text[span.body_start : span.body_end]
    for mark in reversed(span.inner):
        at = mark - span.body_start
        if at > 0 and body[at - 1] in ",:" and body[at + 1 : at + 2].isspace():
            body = body[:at] + " '" + body[at + 2 :]  # `sekadar," Hei` → `sekadar, 'Hei`
        else:
            body = body[:at] + "'" + body[at + 1 :]
    body = " ".join(body.split()).strip(" ,;")
    if span.inner and body.count("'") % 2 == 1:
        body += "'"
    return body


def _ends_sentence(body: str, post: str) -> bool:
    """True when a quote that opens its sentence is the whole sentence."""
    rest = post.strip()
    return body[-1:] in ".!?…," or not rest or bool(_SENTENCE_END.match(" " + post))


def _is_key(words: Sequence[str], kind: str, *, has_cue: bool) -> bool:
    """Keep statements; drop scare quotes ("menantang") and titles ('Untitled Unmastered')."""
    if kind == "full":
        return len(words) >= (2 if has_cue else 3) and not (not has_cue and _is_title(words))
    return len(words) >= 3 and not _is_title(words)


def _is_title(words: Sequence[str]) -> bool:
    """True for short capitalised phrases with no final stop: names of works and events."""
    if len(words) > 8 or words[-1][-1:] in ".!?":
        return False
    small = _TITLE_SMALL_WORDS
    bare = [w.strip("()[],:;-–—") for w in words]
    return all(not w or w[:1].isupper() or w[:1].isdigit() or w.lower() in small for w in bare)


def _substance(words: Sequence[str], kind: str) -> float:
    """How much a quote says: full statements score 0.5-1 by length, partial quotes below 0.2."""
    length = min(len(words), 40) / 40
    if kind == "full":
        return round(_FULL_FLOOR + (1 - _FULL_FLOOR) * length, 4)
    return round(0.2 * length, 4)


def _cue_before(pre: str) -> tuple[str | None, str | None, bool] | None:
    """The speaker introduced before a quote: `X mengatakan, "…"`, `Menurut X, "…"`."""
    stripped = pre.rstrip()
    tail = stripped[-160:]  # attribution sits right before the quote; keeps the search linear
    if not tail:
        return None
    menurut = _MENURUT_BEFORE.search(tail)
    if menurut:
        return _parse_subject(menurut.group(1))
    cue = _CUE_BEFORE.search(tail)
    if cue and cue.group(1).lower() in _CUE_FORMS:
        return _parse_cue_phrase(cue.group(2))  # `Lalu, kata Heri, "…"`
    verb = _INTRO_VERB.search(tail)
    if verb is not None and (
        verb.group(1).lower() in REPORTING_VERBS or verb.group(1).lower() in _SPEECH_NOUNS
    ):
        # `X menyatakan kepada majelis hakim, "…"`, `X memberikan komentarnya, "…"`
        return _parse_subject(stripped[: len(stripped) - len(tail) + verb.start()])
    if tail.endswith(":"):
        # "Budi berkata:" or "Budi:", but not "Terbaca pula poster lain:"
        verb = _LAST_WORD.search(tail[:-1])
        words = tail[:-1].split()
        if verb is not None and verb.group(1).lower().endswith("nya"):
            return None, None, True  # `Katanya: "…"`: the person last named
        if (verb is not None and verb.group(1).lower() in REPORTING_VERBS | _CUE_FORMS) or (
            0 < len(words) <= 4 and all(map(_is_name_word, words))
        ):
            return _parse_subject(stripped[:-1])
    return None


def _before_verb(pre: str) -> str | None:
    """The reporting verb that introduces a quote, for Quote.cue."""
    tail = pre.rstrip()[-160:]
    cue = _CUE_BEFORE.search(tail)
    if cue and cue.group(1).lower() in _CUE_FORMS:
        return cue.group(1).lower()
    match = _INTRO_VERB.search(tail)
    if match and match.group(1).lower() in REPORTING_VERBS:
        return match.group(1).lower()
    return None


def _reported_speaker(context: str) -> tuple[str | None, str | None, bool] | None:
    """Who speaks in the sentence around a partial quote (its reporting verb's subject)."""
    outside = re.sub(r"[\"“”„‟«»][^\"“”„‟«»]*[\"“”„‟«»]", " ", context)
    verb = _REPORTING.search(outside)
    if verb is not None:
        speaker, role, anaphoric = _parse_subject(outside[: verb.start()])
        if speaker or anaphoric:
            return speaker, role, anaphoric
    menurut = _MENURUT.search(outside)
    if menurut is not None:
        return _parse_subject(menurut.group(1))
    cue = re.search(r"\b(" + "|".join(sorted(_CUE_FORMS)) + r")\b\s*(.*)", outside)
    if cue is not None:
        speaker, role, anaphoric = _parse_cue_phrase(cue.group(2))
        if speaker or anaphoric:
            return speaker, role, anaphoric or cue.group(1).endswith("nya")
    return None


# --- parsing speaker phrases -----------------------------------------------------------------


def _tokens(phrase: str) -> list[str]:
    """Words and the punctuation that matters for speaker phrases."""
    phrase = _PAREN.sub(
        lambda m: " " if re.search(r"\d|[a-z]{4}", m.group()) else m.group(), phrase
    )
    return _WORD.findall(phrase)


def _is_name_word(word: str) -> bool:
    """True for a word that can be part of a person's name (capitalised, not an acronym)."""
    if not word[:1].isupper() and not word.startswith("@"):
        return False
    low = word.lower().rstrip(".")
    if low in _TITLE_WORDS or low in _ORG_WORDS or low in _FUNCTION_WORDS or low in _PLACE_WORDS:
        return False
    if _ABSTRACT_NOUN.match(low):
        return False  # "Perekonomian", "Kesehatan": the portfolio in a title, not a name
    if word.startswith("@"):
        return True  # a social-media handle
    return len(word) == 1 or not word.isupper() or (len(word) <= 2 and word.endswith("."))


def _parse_cue_phrase(phrase: str) -> tuple[str | None, str | None, bool]:
    """Speaker and role after a cue verb: `kata Kepala Polres X Komisaris Besar Budi, Senin`."""
    nickname = _NICKNAME.search(phrase[:200])
    if nickname is not None:
        # "kata pria yang akrab disapa Emil itu": the name the text gives
        role_words = [
            w
            for w in _tokens(phrase[: nickname.start()])
            if w not in {",", "(", ")"} and w.lower() not in _GENERIC_PEOPLE
        ]
        return nickname.group(1), _join(role_words) if role_words else None, True
    parts: list[list[str]] = [[]]
    in_role = False
    phrase = _STATEMENT_NOUNS.sub("", phrase.lstrip())
    for word in _tokens(phrase)[:40]:
        low = word.lower()
        if word in {".", ";"}:
            break
        if word == ",":
            if parts[-1]:
                parts.append([])
                in_role = False
            continue
        if word in {"(", ")"}:
            continue
        if not parts[-1]:
            in_role = low in _TITLE_WORDS or low in _ORG_WORDS
        ends_sentence = word.endswith(".") and len(word) >= 3
        if ends_sentence:
            word, low = word.rstrip("."), low.rstrip(".")
        if low in _ANAPHORS and parts[-1]:
            parts[-1].append(word)  # "kata CEO sekaligus penggagas produk ini, Azar T"
            if ends_sentence:
                break
            continue
        if low in _SPEAKER_STOPS and not (in_role and low in _ROLE_CONNECTORS):
            if low in {"selaku", "sebagai"} and parts[-1]:
                parts.append([])
                in_role = True
                continue
            break
        if word[:1].isdigit():
            break
        if in_role and low in _ROLE_CONNECTORS:
            parts[-1].append(word)
            continue
        if low in _TITLE_WORDS and parts[-1] and all(map(_is_name_word, parts[-1])):
            parts.append([])  # "Senaz perwakilan dari …": a role right after the name
            in_role = True
        elif word[:1].islower() and low not in _TITLE_WORDS and low not in _DETERMINERS:
            named = any(map(_is_name_word, parts[-1]))
            if any(c.isupper() for c in word):
                named = False  # "aCommerce": a brand written in camel case
            if not in_role or named or _VERB_LIKE.match(low):
                break  # "ujar Bupati X menyampaikan …": the clause goes on without the speaker
        parts[-1].append(word)
        if ends_sentence:
            break
    return _read_parts([p for p in parts if p])


def _parse_subject(clause: str) -> tuple[str | None, str | None, bool]:
    """Speaker and role in the subject before a reporting verb: `Menteri X, Mike Pompeo,`."""
    clause = re.sub(r"[\"“”„‟«»][^\"“”„‟«»]*[\"“”„‟«»]", " ", clause)
    clause = _DATELINE.sub("", clause.strip())
    clause = _LEADING_CONNECTIVES.sub("", clause)
    clause = _LEADING_CONNECTIVES.sub("", clause)
    kept: list[list[str]] = []
    clause = re.sub(r"\s+(?:selaku|sebagai)\s+", ", ", clause)  # "Daniel selaku CEO OLX"
    for part in clause.split(","):
        words = [w for w in _tokens(part) if w not in {"(", ")"}]
        lowered = [w.lower() for w in words]
        if any(w in REPORTING_VERBS for w in lowered):
            kept = []  # "X mengatakan, pedagang mengeluhkan": X speaks, not the traders
            continue
        if "yang" in lowered:
            words = words[: lowered.index("yang")]  # "X yang dihubungi terpisah mengatakan"
        while words and (words[-1].lower() in _ADVERBS or _VERB_LIKE.match(words[-1])):
            words.pop()  # "Daniel Tumiwa, memberikan komentarnya": no name in the verb
        if len(words) == 1 and kept and len(kept[-1]) >= 2 and kept[-1][-2].lower() == "di":
            continue  # "peneliti di Bochum, Jerman,": the country after the city
        if words:
            kept.append(words)
    if not kept:
        return None, None, False
    last = kept[-1]
    if len(last) == 1 and last[0].lower() in _PRONOUNS:
        return None, None, True
    parts: list[list[str]] = []
    for words in kept[-3:]:
        run = _subject_run(words)
        parts = [*parts, run] if run else []
    return _read_parts(parts, prefer_last=True)


def _subject_run(words: list[str]) -> list[str]:
    """The part of a clause that can be a subject: a title phrase or capitalised words."""
    first = words[0].lower()
    if first in _TITLE_WORDS or first in _ORG_WORDS:
        # "Penasihat urusan luar negeri Putin", "Ketua DPRD Kota Bekasi Choiruman"; but not
        # "Presiden HRC Yoshishige Nomura pun sangat senang"
        for k in range(1, len(words)):
            if words[k][:1].islower() and any(w[:1].isupper() for w in words[1:k]):
                low = words[k].lower()
                if low not in _TITLE_WORDS and low not in _ROLE_CONNECTORS:
                    return words[:k]
        return words
    if words[-1][:1].isupper() and words[-1].lower() not in _FUNCTION_WORDS:
        start = len(words)
        while start > 0 and (
            words[start - 1][:1].isupper() or words[start - 1].lower() in _TITLE_WORDS
        ):
            start -= 1
        # "Efek libur panjang Dicky": the subject is the run next to the verb
        run = words[start:]
        if start > 0 and words[start - 1].lower() in _PLACE_INTRO:
            return []  # "peneliti di Bochum": a place, not the subject
    else:
        run = []
        for word in words:  # "Kim membangkitkan … dan": the run that opens the clause
            if not word[:1].isupper():
                break
            run.append(word)
    while run and (
        run[0].lower() in _FUNCTION_WORDS
        or run[0].lower() in _PRONOUNS
        or (_ACTIVE_VERB.match(run[0].lower()) and run[0].lower() not in _TITLE_WORDS)
    ):
        run = run[1:]  # "Mengutip Science Alert, …": a verb, not a name
    return run


def _read_parts(
    parts: list[list[str]], *, prefer_last: bool = False
) -> tuple[str | None, str | None, bool]:
    """Pick the name and the role out of comma-separated parts of a speaker phrase."""
    if not parts:
        return None, None, False
    is_name = [all(_is_name_word(w) for w in p) and len(p) <= 4 for p in parts]
    if prefer_last:
        # the subject is the part next to the verb: "…berlanjut, Gedung Putih mengatakan"
        if not is_name[-1] and len(parts) >= 2 and is_name[-2]:
            return " ".join(parts[-2]), _join(parts[-1]), False  # "Wiku, Juru Bicara Satgas,"
        if not is_name[-1]:
            parts, is_name = parts[-1:], is_name[-1:]
    if any(is_name):
        k = max(i for i, ok in enumerate(is_name) if ok) if prefer_last else is_name.index(True)
        if prefer_last:
            role_words = parts[k - 1] if k > 0 and _is_role(parts[k - 1]) else None
        else:
            role_words = next((p for p, ok in zip(parts, is_name, strict=True) if not ok), None)
        if role_words and role_words[-1].lower() in _ANAPHORS:
            role_words = role_words[:-1]
        return " ".join(parts[k]), _join(role_words), False
    first = parts[-1] if prefer_last else parts[0]
    if first[-1].lower() in _ANAPHORS:
        return None, _join(first[:-1]), True  # "kata politisi PDI-P tersebut"
    if len(first) == 1 and first[0].lower() in _PRONOUNS:
        return None, None, True
    if len(first) == 1 and first[0].islower():
        return None, _join(first), True  # "kata dia", "ujar lelaki yang …": someone named before
    if first[0].lower() in _ORG_WORDS and not any(w.lower() in _TITLE_WORDS for w in first):
        return " ".join(first), None, False  # "Pemerintah Korea Utara"
    ordered = parts[::-1] if prefer_last else parts
    for part in ordered:
        name, role = _split_role_name(part)
        if name:
            others = [p for p in parts if p is not part]
            return name, role or _join(others[0] if others else None), False
    return _join(first), None, False  # "juru bicara Kementerian X": the role is all we know


def _is_role(words: Sequence[str]) -> bool:
    """True for a title phrase: `Menteri Luar Negeri AS`, `juru bicara KPK`."""
    return bool(words) and (words[0].lower() in _TITLE_WORDS or words[0].lower() in _ORG_WORDS)


def _split_role_name(words: list[str]) -> tuple[str | None, str | None]:
    """Split `Kepala Polsek Tarumajaya Ajun Komisaris Edy Suprayitno` into name and role."""
    end = len(words)
    start = end
    # a name after a title rarely has more than three words: "Menteri Energi Rusia Aleksandr
    # Novak" → Aleksandr Novak, not Rusia Aleksandr Novak
    initials = any(len(w.rstrip(".")) == 1 for w in words[-4:])  # "Gatot S Dewa Broto"
    longest = 4 if initials or all(map(_is_name_word, words)) else 3
    while start > 0 and _is_name_word(words[start - 1]) and end - start < longest:
        if start >= 2 and words[start - 2].lower() in _PLACE_INTRO:
            break
        start -= 1
    if start == end:
        return None, _join(words)
    if start == 0 and end - start > 1 and words[0].lower() in _PLACE_INTRO:
        start = 1
    return " ".join(words[start:end]), _join(words[:start])


def _join(words: Sequence[str] | None) -> str | None:
    """Words back into a phrase (None when empty)."""
    if not words:
        return None
    phrase = " ".join(words).replace(" / ", "/").strip(" ,")
    return phrase or None


# --- pass 3: who is speaking -----------------------------------------------------------------


def _find_mentions(text: str, spans: Sequence[_Span], bounds: _Bounds) -> list[_Mention]:
    """Everyone the text has speaking, outside quotes, in text order."""
    opens = [s.open for s in spans]

    def inside_quote(position: int) -> bool:
        k = bisect.bisect_right(opens, position) - 1
        return k >= 0 and spans[k].open <= position <= spans[k].close

    found: list[_Mention] = []
    for match in _REPORTING.finditer(text):
        if inside_quote(match.start()):
            continue
        start = max(bounds.start(match.start()), match.start() - _WINDOW)
        clause = text[start : match.start()]
        clause = re.split(r"[\"“”„‟«»;]", clause)[-1]
        speaker, role, _ = _parse_subject(clause)
        if speaker and speaker[:1].isupper():
            found.append(_Mention(match.start(), speaker, role))
    for pattern, group in ((_MENURUT, 1), (_INDIRECT_CUE, 2), (_PASSIVE, 1), (_SPEECH_OF, 1)):
        for match in pattern.finditer(text):
            if inside_quote(match.start()):
                continue
            speaker, role, _ = _parse_cue_phrase(match.group(group))
            if speaker and speaker.split()[0].lower() not in _PRONOUNS:
                found.append(_Mention(match.start(), speaker, role))
    found.sort(key=lambda m: m.position)
    return found


def _find_subjects(text: str, bounds: _Bounds) -> list[_Mention]:
    """People a sentence opens with (`Hakim Kusno menggugurkan …`), as a last resort for -nya."""
    found: list[_Mention] = []
    # a one-word subject must also appear capitalised mid-sentence, or often: a name, not
    # "Mulai" or "Baca"
    proper = {m.group() for m in _MID_CAPITAL.finditer(text)}
    counts = Counter(m.group() for m in _CAPITAL.finditer(text))
    proper |= {word for word, n in counts.items() if n >= 3}
    for start, end, _ in bounds.spans:
        head = _DATELINE.sub("", text[start : min(end, start + 160)])
        run = _SUBJECT_RUN.match(_LEADING_CONNECTIVES.sub("", head))
        if run is None:
            continue
        speaker, role, _ = _parse_subject(run.group(1))
        if (
            speaker
            and (" " in speaker or speaker in proper)
            and all(map(_is_name_word, speaker.split()))
        ):
            found.append(_Mention(start + len(head) - len(run.string) + run.end(1), speaker, role))
    found.sort(key=lambda m: m.position)
    return found


class _Speakers:
    """Who has spoken so far: reported speech outside quotes, and the last quote's speaker."""

    def __init__(self, mentions: list[_Mention], subjects: list[_Mention]) -> None:
        self.mentions = mentions
        self.positions = [m.position for m in mentions]
        self.subjects = subjects
        self.subject_positions = [m.position for m in subjects]
        self.last_quoted: _Mention | None = None

    def latest(self, position: int, *, any_person: bool = False) -> _Mention | None:
        """The most recent speaker before position (a sentence subject when nobody spoke)."""
        k = bisect.bisect_left(self.positions, position) - 1
        mention = self.mentions[k] if k >= 0 else None
        quoted = self.last_quoted
        if quoted is not None and (mention is None or quoted.position > mention.position):
            mention = quoted
        k = bisect.bisect_left(self.subject_positions, position) - 1
        subject = self.subjects[k] if k >= 0 else None
        if subject is not None and mention is not None and any_person:
            return subject if subject.position > mention.position else mention
        if mention is not None and position - mention.position <= _FORGET:
            return mention
        if subject is not None and position - subject.position <= _FORGET:
            return subject
        return mention


def _inherit_speakers(quotes: list[Quote], spans: Sequence[_Span], text: str) -> list[Quote]:
    """Give unattributed quotes the speaker next to them: split and multi-paragraph quotes."""
    continued = {s.open for s in spans if s.continued}
    out = list(quotes)
    for k in range(len(out) - 2, -1, -1):
        if out[k].start in continued and not out[k].speaker and out[k + 1].speaker:
            out[k] = replace(out[k], speaker=out[k + 1].speaker, role=out[k + 1].role)
    for k in range(1, len(out)):
        quote, previous = out[k], out[k - 1]
        if quote.speaker or not previous.speaker or quote.cue:
            continue
        gap = text[previous.end : quote.start]
        if len(gap) < 200 and len(_SENTENCE_END.findall(gap)) <= 1:
            # `"…," kata X. "…"`: the second half of a split quote
            out[k] = replace(quote, speaker=previous.speaker, role=previous.role)
    return out


def _name_registry(
    mentions: Sequence[_Mention], quotes: Sequence[Quote]
) -> dict[str, list[_Mention]]:
    """Every speaker named in full (two words or more), by each word of the name, in text order."""
    named = [m for m in mentions if len(m.speaker.split()) >= 2]
    named += [
        _Mention(q.start, q.speaker, q.role)
        for q in quotes
        if q.speaker and len(q.speaker.split()) >= 2
    ]
    registry: dict[str, list[_Mention]] = {}
    for mention in sorted(named, key=lambda m: m.position):
        for word in set(mention.speaker.split()):
            registry.setdefault(word, []).append(mention)
    titled = [m for m in mentions if m.role] + [
        _Mention(q.start, q.speaker, q.role) for q in quotes if q.speaker and q.role
    ]
    for mention in sorted(titled, key=lambda m: m.position):
        for word in set((mention.role or "").lower().split()):
            registry.setdefault("role:" + word, []).append(mention)
    return registry


def _canonical(quote: Quote, names: dict[str, list[_Mention]]) -> Quote:
    """Expand a short name to the full name and role given earlier: Pompeo → Mike Pompeo."""
    if not quote.speaker:
        return quote
    words = quote.speaker.split()
    if not any(map(_is_name_word, words)):
        return _name_the_role(quote, names)
    candidates = names.get(words[-1], [])
    k = bisect.bisect_left(candidates, quote.start, key=lambda m: m.position)
    # the latest full name before the quote, else the first one after it
    for mention in [*reversed(candidates[max(k - 20, 0) : k]), *candidates[k : k + 20]]:
        full = mention.speaker.split()
        if len(full) > len(words) and all(w in full for w in words):
            return replace(quote, speaker=mention.speaker, role=quote.role or mention.role)
        if mention.speaker == quote.speaker:
            return replace(quote, role=quote.role or mention.role)
    return quote


def _name_the_role(quote: Quote, names: dict[str, list[_Mention]]) -> Quote:
    """Name a speaker given only by title: `ujar Presiden` → the president named before."""
    title = (quote.speaker or "").lower().split()
    candidates = names.get("role:" + title[-1], []) if title else []
    k = bisect.bisect_left(candidates, quote.start, key=lambda m: m.position)
    for mention in reversed(candidates[max(k - 20, 0) : k]):
        if all(w in (mention.role or "").lower().split() for w in title):
            return replace(quote, speaker=mention.speaker, role=mention.role)
    return quote


def _place_words(text: str) -> frozenset[str]:
    """Capitalised words the text uses as places or teams (`di Turki`, `Partai Golkar`)."""
    return frozenset(m.group(1) for m in _PLACE_USE.finditer(text))


def _trim_places(quote: Quote, places: frozenset[str]) -> Quote:
    """Move place words off the front of a name: `Turki Recep Tayyip Erdogan` → Recep …."""
    words = (quote.speaker or "").split()
    moved = 0
    while len(words) - moved >= 2 and words[moved] in places:
        moved += 1
    if not moved:
        return quote
    role = " ".join(filter(None, [quote.role, *words[:moved]]))
    return replace(quote, speaker=" ".join(words[moved:]), role=role)


# --- ranking ---------------------------------------------------------------------------------


def pick_quotes(
    quotes: Sequence[Quote], summary: Sequence[SummaryItem], limit: int | None
) -> tuple[Quote, ...]:
    """Rank quotes (speaker known, substance, link to the summary); keep `limit` in text order."""
    picked = {s.index for s in summary}
    summary_words = [(s.index, _content_words(s.text)) for s in summary]

    def value(q: Quote) -> float:
        words = _content_words(q.text)
        # the summary's topic, from sentences other than the quote's own
        topic = set().union(*(w for index, w in summary_words if index != q.sentence_index))
        link = len(words & topic) / len(words) if words else 0.0
        near = bool(picked & {q.sentence_index - 1, q.sentence_index, q.sentence_index + 1})
        is_partial = q.score < _FULL_FLOOR
        if is_partial and q.sentence_index in picked:
            near = False  # a phrase quoted inside a summary sentence adds nothing
        return 2.0 * q.has_speaker + q.score + 0.5 * link + 0.2 * near

    ranked = sorted(quotes, key=lambda q: (-value(q), q.start))
    if limit is not None:
        ranked = ranked[:limit]
    return tuple(sorted(ranked, key=lambda q: q.start))


def _content_words(text: str) -> set[str]:
    """Lower-cased words longer than three letters (function words are shorter or common)."""
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 3}
