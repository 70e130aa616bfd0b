"""Indonesian word lists, quote marks and dateline patterns: data only, one copy of each.

The text analysis (segment, summarize, quotes, speakers, furniture) reads its language
knowledge from here, so a word added for one module reaches every module that reads the same
list. Where two modules need different lists for one kind of word, both are here under their
own names, with the reason they differ. Words are lower case unless a comment says otherwise.
"""

from __future__ import annotations

import re

# --- quote marks ----------------------------------------------------------------------------

# Strings, so they serve `in`, `str.strip` and regex character classes alike (none of them is
# a regex metacharacter: f"[{DOUBLE_QUOTES}]" is a class of exactly these marks).
# Kompas opens and closes with U+201D and other sites use U+201C twice, so no mark says by
# itself which way it points; the modules work that out from the characters around it.
DOUBLE_QUOTES = '"“”„‟«»'
# "'" is also an apostrophe (Jum'at, Newell's): the modules tell the two apart by context.
SINGLE_QUOTES = "'‘’‚‹›"
QUOTE_MARKS = DOUBLE_QUOTES + SINGLE_QUOTES
# Double marks that open a quote far more often than they close one (“…” „…“ ‟…” «…»).
OPENING_QUOTES = "“„‟«"
# Marks a sentence ends with after its final stop ('… bersama.” Lalu', "…?' kata dia"), so a
# line ending in one is punctuated. Only the plain closing forms: » and › end menu items and
# breadcrumbs ("Berita »", "Berikutnya ›") far more often than quotes on Indonesian pages.
CLOSING_QUOTES = "\"'”’"
# One double quote mark (the quote finder walks them; the summarizer counts them).
DOUBLE_QUOTE = re.compile(f"[{DOUBLE_QUOTES}]")
# A quoted stretch between two double marks; group 1 holds what is quoted.
QUOTED = re.compile(f"[{DOUBLE_QUOTES}]([^{DOUBLE_QUOTES}]*)[{DOUBLE_QUOTES}]")

# --- datelines -------------------------------------------------------------------------------

# Top-level domains of outlets' names: "Suara.com", "Kumparan.co", "Antaranews.id".
_OUTLET_DOMAIN = r"\.(?:com|co|net|id|org)\b"
# An outlet's domain in a dateline or a speaker phrase.
DOMAIN = re.compile(_OUTLET_DOMAIN, re.IGNORECASE)

# Two patterns for one thing, because they run in different places. DATELINE runs on the
# article's first sentence only, where a lone outlet or place ("Rimanews -", "SWEDIA -") is a
# dateline too: it finds a candidate prefix that summarize.strip_dateline then judges. The
# speaker resolver strips MARKED_DATELINE from every sentence and clause it reads, where
# "Anak - anak" and "Rata - rata" (reduplications split by spaces) are common, so it asks for
# the mark a dateline carries: a comma or a bracket after the first word, or a domain. On the
# eval sets' 7,149 sentences, DATELINE and its judge would strip 51 reduplications after the
# first sentence; MARKED_DATELINE misses the lone outlets that open 22 articles.
# "JAKARTA, KOMPAS —", "Jakarta, CNN Indonesia --", "Wamena (ANTARA News) -", "Suara.com -"
DATELINE = re.compile(r"^(?P<prefix>[^\s\-–—][^\n\-–—]{0,60}?)\s+(?:--?|–|—)\s*(?=\S)")
# "JAKARTA, KOMPAS — ", "Jakarta, CNN Indonesia -- ", "Kuta (ANTARA News) - ": the source
MARKED_DATELINE = re.compile(
    rf"^(?:[A-Z][\w.]*(?:,|\s*\()|[\w.]+{_OUTLET_DOMAIN})[^—–\n]{{0,45}}?"
    r"\s(?:--?|[—–])\s+(?=[A-Z])"
)

# --- days and months -------------------------------------------------------------------------

WEEKDAYS = frozenset({"senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"})
MONTHS = frozenset(
    {
        "januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
        "oktober", "november", "desember",
    }
)  # fmt: skip
# Short month names, Indonesian and English: "16 Jun 2015", "Agt.", "Sept.", "Oct 5".
MONTH_ABBREVIATIONS = frozenset(
    {
        "jan", "feb", "mar", "apr", "jun", "jul", "agt", "agu", "aug", "sep", "sept", "okt",
        "oct", "nov", "des", "dec",
    }
)  # fmt: skip

# --- sentence splitting ----------------------------------------------------------------------

# Abbreviations that always stand before a name, place or number, so their dot never ends a
# sentence, even before a capital: "Dr. Soehartati", "Jl. Sudirman", "Rp. 5.000", "Kab. Bogor".
# Lower-cased, without the final dot.
TITLE_ABBREVIATIONS = frozenset(
    {
        # people: academic, religious and honorific titles
        "dr", "drg", "prof", "ir", "drs", "dra", "h", "hj", "kh", "st", "sdr", "sdri", "bpk",
        "bp", "yth", "ny", "nn", "tn", "mr", "mrs", "ms", "pdt", "ust", "tgk", "sp", "moh",
        "muh", "mhd", "abd", "tb", "rev", "rd", "rr", "mgr", "kgs",  # "Tb. Hasanuddin"
        # police and military ranks
        "v",  # "Roe v. Wade"
        "kol", "brigjen", "mayjen", "letjen", "jend", "kapt", "kompol", "akbp", "kombes",
        "irjen", "komjen", "ipda", "iptu", "aiptu", "aipda", "bripka", "brigpol", "laksda",
        "marsda", "lettu", "letda", "serka", "sertu", "pelda", "kopda", "praka", "letkol",
        "mayor", "serda",
        # addresses and administrative units
        "jl", "jln", "gg", "no", "kab", "kec", "kel", "prov", "ds", "dsn", "rt", "rw", "kep",
        "lt", "blok",
        # references and contact details
        "hlm", "tel", "telp", "hp", "fax", "vol", "psl", "a.n", "u.p", "a.l", "s.d", "rp",
    }
)  # fmt: skip

# Abbreviations that can close a sentence: their dot is a full stop only when a capital
# follows ("... buah, sayur, dll. Harga ..."), never before a lower-case word ("dll. yang").
# Dotted forms not listed here (S.Pd., M.Kes.) are recognised by shape.
TRAILING_ABBREVIATIONS = frozenset(
    {
        "dll", "dsb", "dkk", "tsb", "dst", "sda", "dgn", "yg", "spt", "krn", "etc", "vs",
        "jr", "sr", "lc",
        # informal short forms and units
        "thn", "bln", "tgl", "mgg", "jt", "rb", "kg", "km", "cm", "mm", "ml", "gr", "sdh",
        "blm", "utk", "tdk", "dpt", "hrs", "bbrp",
    }
) | MONTH_ABBREVIATIONS  # fmt: skip

# Abbreviations that go on into a name as often as they end a sentence: company forms
# ("Hyundai Merchant Marine Co. Ltd.", "PT XL Axiata Tbk. Dian Siswarini"), "RS." (rumah
# sakit: "RS. Santo Borromeus") and "A.S." (Amerika Serikat: "Presiden A.S. Donald Trump").
# Their dot ends a sentence before a word that opens sentences ("di A.S. Ia pulang") or a
# lone capitalised word ("Tbk. Harga saham naik"), not before a name (two capitalised words).
NAME_ABBREVIATIONS = frozenset(
    {
        "tbk", "inc", "ltd", "co", "corp", "bhd", "pte", "llc", "plc", "gmbh", "rs", "rsud",
        "a.s", "u.s", "u.k",
    }
)  # fmt: skip

# Words that open sentences and never go on a name: pronouns, demonstratives, conjunctions,
# prepositions and sentence adverbs. After an ambiguous dot (an initial, "A.S.", "Tbk.", a
# spaced " ... ") one of these says a new sentence starts. "Karena" is left out: after a
# spaced ellipsis it usually goes on the sentence ("Soal itu ... Karena kami banding").
SENTENCE_STARTERS = frozenset(
    {
        "ia", "dia", "mereka", "kami", "kita", "saya", "aku", "anda", "beliau", "kamu",
        "ini", "itu", "hal", "namun", "tetapi", "tapi", "sementara", "sedangkan", "selain",
        "kemudian", "lalu", "setelah", "sebelum", "saat", "ketika", "sejak", "meski",
        "meskipun", "walau", "walaupun", "bahkan", "adapun", "menurut", "dalam", "pada", "di",
        "dari", "untuk", "dengan", "oleh", "sebelumnya", "selanjutnya", "kini", "sekarang",
        "akibatnya", "maka", "jika", "bila", "apabila", "kalau", "selama", "tak", "tidak",
        "belum", "sudah", "juga", "apalagi", "padahal", "sebab", "soal", "terkait", "sedang",
        "akan", "para", "semua", "seluruh", "setiap", "tiap", "begitu", "demikian",
        "the", "he", "she", "it", "they", "we", "this", "that", "these", "but", "in", "on",
        "at", "after", "when", "there",
    }
)  # fmt: skip

# Lower-case nouns that name a label, so a capital letter and a dot after them can end a
# sentence ("kasus hepatitis B. Vaksin ..."); after other lower-case words such a letter is
# a name's initial ("pengacara J. Pardede").
LABEL_NOUNS = frozenset(
    {
        "hepatitis", "vitamin", "grup", "group", "tipe", "type", "kelas", "golongan",
        "kategori", "blok", "huruf", "seri", "generasi", "zona", "gate", "pintu", "tribun",
        "pasal", "ayat", "opsi", "rencana", "poin", "nomor", "bagian", "sektor", "level",
        "lantai", "ruang", "kode", "jalur", "lajur", "paket", "skenario", "varian", "model",
        "versi", "gelombang", "tahap", "babak", "grade", "peringkat", "nilai", "kelompok",
        "regu", "tim", "plan", "vaksin", "virus", "influenza", "sel", "nomer", "gedung",
        "menara", "terminal", "sesi", "kuadran", "formasi", "skor", "predikat", "angka",
    }
)  # fmt: skip

# Lower-case words after which a capital letter and a dot start a name, not end a sentence.
NAME_INTRODUCERS = frozenset(
    {
        "oleh", "dari", "kepada", "dengan", "dan", "atau", "bersama", "yakni", "yaitu",
        "adalah", "ialah", "kata", "ujar", "tutur", "ucap", "bernama", "pada", "untuk", "bagi",
        "atas", "antara", "saudara", "pak", "bu", "bapak", "ibu", "mas", "mbak", "bung", "si",
        "sang",
    }
)  # fmt: skip

# --- attribution: who said it ----------------------------------------------------------------

# Verbs that attribute a direct quote right after its closing mark: `"…," kata Heri.` Their
# -nya forms (CUE_FORMS) point back to the speaker already in play: `"…," katanya.` Right
# after `,"` even everyday words ("aku", "ingat", "nilai", "buka") can only be the cue.
ATTRIBUTION_VERBS = frozenset(
    {
        "kata", "ujar", "ucap", "ungkap", "jelas", "tutur", "tambah", "tegas", "sebut", "tulis",
        "lanjut", "papar", "terang", "imbuh", "tanya", "pungkas", "seru", "sahut", "jawab", "pesan",
        "kenang", "aku", "akunya", "katakan", "ujarkan", "timpal", "bilang", "ungkit", "urai",
        "beber", "sambung", "tukas", "tandas", "celetuk", "bisik", "keluh", "harap", "pinta",
        "sindir", "kilah", "klaim", "lapor", "tutup", "buka", "teriak", "cuit", "kicau", "singkat",
        "bunyi", "tegur", "sergah", "kelakar", "canda", "ajak", "imbau", "ingat", "nilai",
    }
)  # fmt: skip
CUE_FORMS = ATTRIBUTION_VERBS | {verb + "nya" for verb in ATTRIBUTION_VERBS}

# Words that, after a quote ending in "?" or "!", show its attribution goes on in the same
# sentence, even when a name comes first: '"Siapa?" Budi bertanya.' A second list, not
# ATTRIBUTION_VERBS, because the splitter reads them after capitalised words, where a new
# sentence may just as well start: it takes only words that say "speech" wherever they stand,
# in every form a writer uses there (kata, katanya, mengatakan), and leaves out the everyday
# words ("Aku", "Ingat", "Buka", "Nilai") that ATTRIBUTION_VERBS may hold.
SPLITTER_ATTRIBUTION_VERBS = frozenset(
    {
        "kata", "ujar", "ucap", "ungkap", "jelas", "tutur", "tambah", "tegas", "sebut", "tulis",
        "lanjut", "papar", "terang", "imbuh", "tanya", "pungkas", "seru", "jawab", "sahut",
        "katanya", "ujarnya", "ucapnya", "tanyanya", "tambahnya", "tegasnya", "serunya",
        "mengatakan", "menambahkan", "berkata", "bertanya", "menegaskan", "menjelaskan",
        "mengungkapkan", "menuturkan", "menyatakan", "menanyakan", "berseru", "menulis",
        "menjawab", "menimpali", "menyahut", "berteriak", "bergumam",
    }
)  # fmt: skip

# Cue verbs that also attribute mid-sentence after a comma: `…, kata Heri Koswara, …`.
INDIRECT_CUE_VERBS = frozenset(
    {
        "kata", "ujar", "lanjut", "tambah", "imbuh", "jelas", "tutur", "ungkap", "sambung",
        "terang", "papar", "tegas", "sebut",
    }
)  # fmt: skip

# Passive attributions: `"…," disimpulkan para peneliti`.
PASSIVE_CUES = frozenset(
    {
        "dikatakan", "diungkapkan", "disampaikan", "dijelaskan", "ditegaskan", "dituturkan",
        "disimpulkan", "ditambahkan", "ditulis", "tertulis", "ditekankan", "dinyatakan", "diakui",
        "disebutkan", "dipaparkan", "diterangkan", "diucapkan",
    }
)  # fmt: skip
# Passive verbs whose agent follows "oleh": `Hal itu diungkapkan oleh Presiden Ferrari, …`.
PASSIVE_AGENT_VERBS = frozenset(
    {
        "dikatakan", "diungkapkan", "disampaikan", "dijelaskan", "ditegaskan", "dituturkan",
        "diutarakan", "dipaparkan",
    }
)  # fmt: skip

# Verbs of reported speech: the subject before them is the speaker in play, and a quote right
# after them is theirs: `Heri Koswara mengatakan, "…"`.
REPORTING_VERBS = frozenset(
    {
        "mengatakan", "menambahkan", "menuturkan", "menjelaskan", "menegaskan", "mengungkapkan",
        "menyebutkan", "menyebut", "menyatakan", "menilai", "berpendapat", "berkata", "memaparkan",
        "menerangkan", "menyampaikan", "mengaku", "mengakui", "berharap", "meminta", "mengimbau",
        "menghimbau", "memastikan", "mengingatkan", "membenarkan", "membantah", "menanggapi",
        "mengklaim", "melanjutkan", "menyambung", "menulis", "bertanya", "menanyakan",
        "mengeluhkan", "mengusulkan", "menyoroti", "mengungkap", "memprediksi", "memperkirakan",
        "menduga", "menyayangkan", "mengajak", "mendesak", "menekankan", "mengemukakan",
        "bercerita", "berujar", "berpesan", "mengimbuhkan", "mengutarakan", "menjanjikan",
        "menjamin", "mengklarifikasi", "mencuit", "berkicau", "mengunggah", "mengucapkan",
        "membalas",
    }
)  # fmt: skip
# Reporting verbs that are speech only when speech follows: `melanjutkan, "…"`, not
# "Coding Teen akan melanjutkan perjalanannya".
SOMETIMES_SPEECH_VERBS = frozenset({"melanjutkan", "menyambung", "menanggapi", "menjamin"})
# Speech verbs that introduce words quoted inside a quote: `Dia bilang kepada saya, '…'`.
INNER_SPEECH_VERBS = frozenset(
    {
        "bilang", "berkata", "mengatakan", "bertanya", "menjawab", "menyahut", "berteriak",
        "berujar", "menulis",
    }
)  # fmt: skip
# Nouns of speech that introduce a quote like a verb: `X memberikan komentarnya, "…"`.
SPEECH_NOUNS = frozenset(
    {
        "komentarnya", "keterangannya", "pernyataannya", "tanggapannya", "sambutannya", "pidatonya",
        "pesannya", "jawabannya", "penjelasannya",
    }
)  # fmt: skip

# --- people, roles, institutions and places --------------------------------------------------

# Title words: they name a position, so a name after them belongs to a person with that role.
TITLE_WORDS = frozenset(
    {
        "presiden", "wakil", "menteri", "menko", "ketua", "kepala", "direktur", "dirut",
        "sekretaris", "sekjen", "gubernur", "wagub", "bupati", "wabup", "wali", "camat", "lurah",
        "kapolri", "kapolda", "kapolres", "kapolresta", "kapolsek", "kasat", "kabid", "kasi",
        "kasubdit", "kadis", "kabag", "kasubbag", "juru", "bicara", "jubir", "koordinator",
        "manajer", "manager", "komisaris", "kombes", "akbp", "akp", "iptu", "ipda", "aiptu", "ajun",
        "inspektur", "brigadir", "jenderal", "letnan", "kolonel", "mayor", "kapten", "sersan",
        "laksamana", "marsekal", "brigjen", "mayjen", "letjen", "irjen", "komjen", "rektor",
        "dekan", "guru", "besar", "profesor", "prof", "dosen", "peneliti", "pengamat", "ekonom",
        "analis", "anggota", "staf", "pemimpin", "redaksi", "pimpinan", "duta", "dubes", "hakim",
        "jaksa", "panglima", "kasad", "pangdam", "danrem", "dandim", "kapendam", "kapuspen", "head",
        "director", "chief", "ceo", "president", "founder", "pendiri", "pemilik", "ustaz", "kiai",
        "pendeta", "uskup", "imam", "raja", "ratu", "sultan", "perdana", "senator", "mantan", "plt",
        "pj", "penjabat", "pelaksana", "asisten", "deputi", "khusus", "penasihat", "kabiro",
        "bendahara", "komandan", "danlanud", "pelatih", "marketing", "kanit", "panit", "wakapolres",
        "kapuspenkum", "sekda", "officer", "executive", "operating", "vice", "senior", "general",
        "owner", "chef", "co", "pensiunan", "pemred", "humas", "politisi", "politikus", "pakar",
        "ahli", "aktivis", "pegiat", "pemerhati", "perwakilan", "pengajar", "warga", "pengacara",
        "kuasa", "dokter", "perawat", "sumber", "pejabat", "petugas", "relawan", "pemain",
        "penyanyi", "aktor", "aktris", "artis", "sutradara", "produser", "penulis", "wartawan",
        "jurnalis", "pengelola", "pedagang", "petani", "nelayan", "sopir", "pengemudi", "mahasiswa",
        "siswa", "orangtua", "ayah", "ibu", "kakak", "adik", "istri", "suami", "rekan", "teman",
        "tetangga", "kerabat", "saksi", "korban", "tersangka", "terdakwa", "pengurus", "ketum",
        "waketum", "dirjen", "kabareskrim", "dirreskrimum", "dirkrimum", "kasatreskrim", "pj.",
        "plh", "direktris", "kasatlantas", "ombudsman", "auditor", "kajari", "kajati", "kadiv",
        "kapenrem", "seniman", "budayawan", "penyair", "musisi", "pebalap", "pembalap",
        "pesepakbola", "gelandang", "bek", "striker", "kiper", "penyerang", "pelawak", "komedian",
        "presenter", "desainer", "fotografer", "koreografer", "rapper", "vokalis", "gitaris",
        "drummer", "atlet", "petinju", "legenda", "bintang", "juara", "gm", "coo", "cfo", "cto",
        "eks",
    }
)  # fmt: skip

# Organisation heads: a phrase that starts with one of these names an institution.
ORG_WORDS = frozenset(
    {
        "pemerintah", "pemprov", "pemkot", "pemkab", "kementerian", "kemenkes", "kemendag",
        "kemenhan", "badan", "dinas", "suku", "komisi", "lembaga", "partai", "fraksi", "dewan",
        "majelis", "mahkamah", "pengadilan", "kejaksaan", "kepolisian", "polda", "polres",
        "polresta", "polrestabes", "polsek", "polri", "tni", "kodam", "korem", "kodim",
        "universitas", "institut", "sekolah", "fakultas", "rumah", "sakit", "rsud", "rsup", "pt",
        "perusahaan", "bank", "kantor", "biro", "yayasan", "asosiasi", "ikatan", "perhimpunan",
        "persatuan", "himpunan", "serikat", "satgas", "satuan", "tugas", "gugus", "direktorat",
        "sekretariat", "pusat", "berita", "agensi", "kelompok", "organisasi", "koalisi", "aliansi",
        "tim", "panitia", "bpbd", "bmkg", "kpk", "dpr", "dprd", "dpd", "mpr", "gedung", "istana",
        "markas", "mabes", "polisi", "pihak", "division", "department", "education", "group",
        "research", "institute", "foundation", "center", "centre", "company", "corporation", "corp",
        "inc", "ltd", "labs", "studio", "studios", "ventures", "capital", "partners", "holdings",
        "university", "college",
    }
)  # fmt: skip
# Heads of institution names: the one word after them names the institution, not a person
# ("juru bicara Badan Pangan").
ORG_HEADS = frozenset(
    {
        "badan", "dinas", "kementerian", "komisi", "lembaga", "dewan", "majelis", "mahkamah",
        "pengadilan", "kejaksaan", "kepolisian", "universitas", "institut", "yayasan", "asosiasi",
        "perhimpunan", "persatuan", "himpunan", "serikat", "direktorat", "sekretariat", "pusat",
        "biro", "kantor",
    }
)  # fmt: skip

# A capitalised word right after these is a place, part of an institution's name, not a person:
# "Ketua DPRD Kota Bekasi Choiruman" → Choiruman.
PLACE_INTRO = frozenset(
    {
        "kota", "kabupaten", "kab", "provinsi", "prov", "kecamatan", "kec", "desa", "kelurahan",
        "pulau", "daerah", "distrik", "nagari", "di", "ke", "dari", "asal", "negara", "negeri",
    }
)  # fmt: skip
# Places and compass points: never part of a person's name.
PLACE_WORDS = PLACE_INTRO | frozenset(
    {
        "dki", "jawa", "sumatera", "kalimantan", "sulawesi", "nusa", "papua", "maluku", "polda",
        "polres", "polresta", "polsek", "kodam", "jakarta", "universitas", "rsup", "rsud", "timnas",
        "klub", "barat", "timur", "utara", "selatan", "tengah", "indonesia",
    }
)  # fmt: skip
# "Menteri Luar Negeri", "Kementerian Dalam Negeri": "Negeri" ends the office's name here.
NEGERI_OFFICES = frozenset({"luar", "dalam"})
# Connectors that may continue a title or institution: "Kepala Bidang Humas dan Protokol".
ROLE_CONNECTORS = frozenset(
    {"dari", "pada", "untuk", "dan", "ke", "/", "-", "&", "of", "and", "the", "bidang", "sekaligus"}
)
# Descriptions of a person that name nobody: "ucap pria berusia 46 tahun itu".
GENERIC_PEOPLE = frozenset({"pria", "wanita", "lelaki", "perempuan", "laki-laki", "sosok", "orang"})
DETERMINERS = frozenset({"seorang", "salah", "satu", "sebuah", "para", "sang", "si"})
# Documents and media: they carry words but are not the one speaking.
DOCUMENT_WORDS = frozenset(
    {
        "pernyataan", "peryataan", "keterangan", "laporan", "surat", "petisi", "rilis", "unggahan",
        "cuitan", "kicauan", "tulisan", "situs", "laman", "pengumuman", "media", "berita",
    }
)  # fmt: skip

# --- function words around speakers ----------------------------------------------------------

PRONOUNS = frozenset(
    {"ia", "dia", "beliau", "mereka", "pihaknya", "dirinya", "saya", "kami", "kita", "aku"}
)
# The speaker talking of themselves: `Saya bilang, '…'` is the outer speaker's own words.
SELF_PRONOUNS = frozenset({"saya", "aku", "kami", "gue"})
# Words that point back to someone named before: "kata politisi PDI-P tersebut".
ANAPHORS = frozenset({"tersebut", "itu", "ini"})
PREPOSITIONS = frozenset(
    {
        "kepada", "pada", "dari", "di", "ke", "untuk", "dengan", "dalam", "bagi", "oleh",
        "terhadap", "tentang",
    }
)  # fmt: skip
# Words that end the speaker phrase after a cue: `kata Heri, dalam konferensi pers, Kamis`.
SPEAKER_STOPS = frozenset(
    {
        "saat", "ketika", "dalam", "di", "kepada", "pada", "seusai", "usai", "setelah", "sebelum",
        "melalui", "lewat", "via", "sambil", "yang", "tentang", "soal", "mengenai", "terkait",
        "menjawab", "beberapa", "hari", "kemarin", "seperti", "dari", "sebagaimana", "sembari",
        "waktu", "menanggapi", "merujuk", "mengutip", "dikutip", "dilansir", "kala", "tadi", "sore",
        "pagi", "siang", "malam", "belum", "lalu", "awal", "akhir", "sejak", "dan", "kemudian",
        "lantas", "seraya", "dengan", "menyusul", "untuk", "pekan", "bulan", "tahun", "sebagai",
        "selaku", "sekaligus",
    }
) | WEEKDAYS  # fmt: skip
# Words between a subject and its verb that are not part of the name: "Daniel juga mengatakan".
ADVERBS = frozenset(
    {
        "juga", "pun", "sendiri", "lalu", "kemudian", "telah", "sudah", "kembali", "lantas",
        "bahkan", "pula", "tak", "tidak", "hanya", "sempat", "masih", "akan", "sebelumnya", "lebih",
        "lanjut", "secara", "terpisah", "pernah", "justru", "mengatakan", "turut", "langsung",
        "tegas",
    }
)  # fmt: skip
# Capitalised at the start of a sentence, but never part of a name.
FUNCTION_WORDS = frozenset(
    {
        "ketika", "jika", "di", "meski", "meskipun", "saat", "untuk", "dalam", "pada", "dengan",
        "karena", "setelah", "sebelum", "apabila", "bila", "kalau", "namun", "tetapi", "menurut",
        "hal", "ini", "itu", "dari", "ke", "oleh", "bagi", "sejak", "hingga", "sampai", "agar",
        "supaya", "sementara", "selain", "tak", "tidak", "yang", "para", "sang", "si", "kini",
        "kemarin", "sebelumnya", "adapun", "bahkan", "akan", "sudah", "telah", "juga", "pun",
        "lalu", "kemudian", "selama", "seperti", "sebagai", "atas", "dan", "atau", "tapi", "usai",
        "seusai", "begitu", "jadi", "maka", "namanya", "semua", "setiap", "beberapa", "banyak",
        "sebanyak", "sekitar", "pria", "wanita", "perempuan", "lelaki", "warga", "kendati", "demi",
        "karenanya", "eks", "seorang", "sedangkan", "sehingga", "lantaran", "pasalnya",
        "menurutnya", "orang", "ada",
    }
) | WEEKDAYS | MONTHS  # fmt: skip

# --- summaries -------------------------------------------------------------------------------

# Function words left out of the summarizer's word counts.
STOPWORDS = frozenset(
    {
        "ada", "adalah", "agar", "akan", "aku", "anda", "apa", "atau", "bagi", "bahwa", "baik",
        "banyak", "beberapa", "begitu", "belum", "bersama", "bisa", "dalam", "dan", "dapat",
        "dari", "dengan", "di", "dia", "hanya", "harus", "hingga", "ia", "ini", "itu", "jadi",
        "jika", "juga", "kami", "kamu", "karena", "kata", "ke", "kepada", "kita", "lagi", "lain",
        "lebih", "maka", "masih", "mereka", "namun", "nya", "oleh", "pada", "para", "pun", "saat",
        "saja", "sangat", "sebagai", "sebuah", "secara", "sedang", "sejak", "seperti", "serta",
        "setelah", "sudah", "tak", "tapi", "telah", "tentang", "terhadap", "tersebut", "tetapi",
        "tidak", "ujar", "untuk", "yaitu", "yang",
    }
)  # fmt: skip
# Small words that stay lower case inside titles of works and events.
TITLE_SMALL_WORDS = frozenset(
    {
        "dan", "di", "ke", "dari", "of", "the", "a", "an", "bagi", "untuk", "dengan", "dalam",
        "yang", "atau", "pada", "sampai", "hingga", "tentang", "atas", "oleh", "tanpa",
    }
)  # fmt: skip

# --- page furniture --------------------------------------------------------------------------

# The words of a date line alone: "Selasa 16 Jun 2015, 14:05 WIB", "Rabu, 17/06/2015 10:15".
DATE_WORDS = WEEKDAYS | MONTHS | MONTH_ABBREVIATIONS | frozenset(
    {
        "jum'at", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "may", "june", "july", "august", "october", "december",
        "wib", "wita", "wit", "gmt", "utc", "pukul", "jam", "am", "pm",
        "diperbarui", "diterbitkan", "dipublikasikan", "updated", "published", "posted",
    }
)  # fmt: skip
# Labels of page widgets and link lists, as a whole line (lower case, no final colon).
WIDGET_LABELS = frozenset(
    {
        "rate artikel ini", "beri rating", "bagikan", "bagikan artikel", "share", "share this",
        "tweet", "komentar", "tulis komentar", "like", "dislike", "suka", "tidak suka", "print",
        "cetak", "kirim", "email", "advertisement", "iklan", "scroll to continue",
        "scroll untuk melanjutkan", "lanjutkan membaca", "read more", "selengkapnya",
        "tags", "tag", "topik", "berita terkait", "artikel terkait", "related", "related news",
        "baca juga", "lihat juga", "simak juga", "read also", "see also", "credits",
        "lihat foto", "simak video", "tonton video", "halaman selanjutnya", "halaman berikutnya",
        "next page", "load more", "muat lainnya", "tutup", "close", "follow", "ikuti kami",
    }
)  # fmt: skip
# Labels of a byline or credit line: "Editor: Budi Santoso", "Penulis : Ani", "Sumber: Antara".
BYLINE_LABELS = frozenset({"editor", "penulis", "pewarta", "reporter", "sumber", "fotografer"})
# Phrases that open a cross-reference to another story: "Baca juga: …", "[Simak Juga: …]".
# Unlike LIST_HEADERS, which must fill a whole line, these mark a line by how it starts, so
# they hold only phrases no story sentence opens with ("Topik", "Related", "Tags" may).
CROSS_REFERENCE_LEADS = frozenset(
    {"baca juga", "simak juga", "lihat juga", "baca pula", "tonton juga", "simak video"}
)
# Labels that mark a cross-reference or a caption by how a line starts, with a colon after
# them: "Baca: …", "Foto: …".
LEAD_LABELS = frozenset({"baca", "simak", "lihat", "foto", "video"})
# Headers after which the lines that follow are a list of other headlines.
LIST_HEADERS = frozenset(
    {
        "baca juga", "lihat juga", "simak juga", "berita terkait", "artikel terkait",
        "read also", "see also", "related", "related news", "topik", "tags", "tag",
    }
)  # fmt: skip
