"""Language identification: load time, time per article and accuracy, detectors side by side.

    python bench/language_speed.py              # 5 cold processes per load figure
    python bench/language_speed.py --repeats 9

Detectors, each judged through `ringkas.language.judge_language` (same word floor, same
confidence rule), so only the detector differs:
- `py3langid`: the old way, py3langid's LZMA model decompressed in every process;
- `py3langid+cache`: ringkas now, the restricted model read uncompressed from the user cache
  (`first` is the process that builds and writes it, `cached` every later one);
- `lingua` / `lingua-low`: lingua-language-detector restricted to the languages it shares with
  ours, high and low accuracy mode (skipped when lingua is not installed).
Load = a fresh process importing the detector and classifying one sentence (median wall time,
imports included). Accuracy on whole documents from ../shared/eval (skipped when absent):
IndoSum and PFSA-ID articles and NTREX documents (sentences grouped by doc_id) must come out
Indonesian with no flag, NTREX's English references English, and a few written Malay and
French/German articles Malay (flagged) and refused. `--sample N` rows show the same detector on
each document's first N characters.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from ringkas import language  # noqa: E402
from ringkas.document import Flag  # noqa: E402

Detect = Callable[[str], tuple[str, float]]

MALAY_ARTICLES = [
    "Kerajaan akan memperuntukkan wang tambahan sebanyak RM500 juta bagi membaiki sekolah daif "
    "di seluruh negara tahun hadapan, kata Menteri Pendidikan semalam. Beliau berkata, "
    "peruntukan itu diluluskan oleh Kabinet selepas laporan mendapati lebih daripada 400 buah "
    "sekolah memerlukan pembaikan segera.\n\n"
    '"Kita tidak boleh menunggu sehingga bangunan runtuh baharu hendak bertindak. Murid-murid '
    'berhak belajar dalam keadaan yang selamat," katanya kepada pemberita selepas merasmikan '
    "sebuah sekolah di Kuala Terengganu.\n\n"
    "Menurut beliau, kerja-kerja pembaikan akan dimulakan pada bulan Januari dan dijangka siap "
    "dalam tempoh enam bulan sahaja. Kementerian juga akan memantau kontraktor yang dilantik "
    "supaya projek tidak tertangguh seperti yang berlaku sebelum ini.",
    "Polis Diraja Malaysia menahan tiga lelaki yang dipercayai terlibat dalam sindiket penipuan "
    "pelaburan dalam talian yang menyebabkan mangsa kerugian hampir RM2 juta. Ketua Polis "
    "Daerah berkata, suspek berusia antara 25 hingga 40 tahun ditahan dalam serbuan di sebuah "
    "kondominium di Petaling Jaya pada petang Isnin.\n\n"
    "Beliau berkata, sindiket itu menawarkan pulangan lumayan kepada mangsa yang kebanyakannya "
    "pesara dan suri rumah. Orang ramai dinasihatkan supaya tidak mudah terpedaya dengan "
    "tawaran yang tidak masuk akal dan menyemak status syarikat pelaburan dengan Suruhanjaya "
    "Sekuriti terlebih dahulu.",
]
FOREIGN_ARTICLES = {
    "fr": "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les "
    "ménages face à la hausse des prix de l'énergie. Le Premier ministre a déclaré que l'aide "
    "serait versée dès le mois prochain aux familles les plus modestes, selon un communiqué "
    "publié dans la soirée. « Nous ne laisserons personne de côté », a-t-il affirmé.",
    "de": "Die Bundesregierung hat am Dienstag ein neues Hilfspaket für Haushalte mit geringem "
    "Einkommen beschlossen. Der Kanzler sagte vor Journalisten in Berlin, das Geld solle schon "
    "im kommenden Monat ausgezahlt werden. Die Opposition kritisierte, die Maßnahmen kämen zu "
    "spät und reichten bei weitem nicht aus, um die gestiegenen Preise auszugleichen.",
    "es": "El Gobierno aprobó el martes un nuevo paquete de medidas para ayudar a los hogares "
    "con menos ingresos a hacer frente al aumento del coste de la vida. El presidente afirmó "
    "que las ayudas llegarán a las familias a partir del próximo mes y que el plan costará "
    "más de dos mil millones de euros, según un comunicado oficial.",
}


def read_sets() -> dict[str, tuple[list[str], str, tuple[str, ...]]]:
    """Name -> (texts, expected code, expected flags)."""
    sets: dict[str, tuple[list[str], str, tuple[str, ...]]] = {}
    if EVAL.is_dir():

        def rows(name: str) -> list[dict[str, object]]:
            with open(EVAL / name, encoding="utf-8") as stream:
                return [json.loads(line) for line in stream]

        documents: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        for row in rows("ntrex128_ind_eng.jsonl"):
            documents[str(row["doc_id"])][0].append(str(row["src"]))
            documents[str(row["doc_id"])][1].append(str(row["ref"]))
        sets["indosum"] = ([str(r["text"]) for r in rows("indosum_dev01.jsonl")], "id", ())
        sets["pfsa"] = ([str(r["text"]) for r in rows("pfsa_id_test_quotes.jsonl")], "id", ())
        sets["ntrex-id"] = ([" ".join(src) for src, _ in documents.values()], "id", ())
        sets["ntrex-en"] = (
            [" ".join(ref) for _, ref in documents.values()], "en", (Flag.ALREADY_ENGLISH,)
        )  # fmt: skip
    sets["malay"] = (MALAY_ARTICLES, "ms", (Flag.MALAY,))
    for code, text in FOREIGN_ARTICLES.items():
        sets[code] = ([text], code, ())
    return sets


def old_py3langid() -> Detect:
    """The detector as ringkas had it: the LZMA model, restricted after loading."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(language.LANGUAGES)

    def detect(text: str) -> tuple[str, float]:
        code, confidence = identifier.classify(text)
        return str(code), float(confidence)

    return detect


def lingua(low_accuracy: bool) -> Detect:
    """lingua-language-detector restricted to the languages it shares with ringkas."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    chosen = []
    for code in language.LANGUAGES:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is not None:
            chosen.append(Language.from_iso_code_639_1(iso))
    builder = LanguageDetectorBuilder.from_languages(*chosen)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def detect(text: str) -> tuple[str, float]:
        best = detector.compute_language_confidence_values(text)[0]
        return best.language.iso_code_639_1.name.lower(), float(best.value)

    return detect


def has_lingua() -> bool:
    """Whether lingua-language-detector is importable here."""
    import importlib.util

    return importlib.util.find_spec("lingua") is not None


LOAD_SNIPPETS = {
    "py3langid": "from bench.language_speed import old_py3langid as make; d = make()",
    "py3langid+cache": "from ringkas.language import detect_language as d",
    "lingua": "from bench.language_speed import lingua; d = lingua(False)",
    "lingua-low": "from bench.language_speed import lingua; d = lingua(True)",
}


def cold_load(name: str, home: str) -> float:
    """Wall seconds of a fresh process that loads the detector and classifies one sentence."""
    code = (
        "import time, sys; t = time.perf_counter(); "
        f"sys.path.insert(0, {str(ROOT)!r}); {LOAD_SNIPPETS[name]}; "
        "d('Presiden meresmikan jembatan baru di Surabaya pada hari Senin.'); "
        "print(time.perf_counter() - t)"
    )
    env = {**os.environ, "RINGKAS_HOME": home}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def judged(detect: Detect, text: str) -> language.Verdict:
    """`judge_language` with `detect` in place of ringkas's detector."""
    return language.judge_language(text, detect=detect)


def score(
    detect: Detect, sets: dict[str, tuple[list[str], str, tuple[str, ...]]], sample: int | None
) -> tuple[dict[str, str], float]:
    """Per set 'right/total' and the mean milliseconds per document over all sets."""
    results, seconds, count = {}, 0.0, 0
    for name, (texts, code, flags) in sets.items():
        right = 0
        for text in texts:
            start = time.perf_counter()
            verdict = judged(detect, text if sample is None else text[:sample])
            seconds += time.perf_counter() - start
            right += verdict.code == code and verdict.flags == flags
        results[name] = f"{right}/{len(texts)}"
        count += len(texts)
    return results, 1000 * seconds / count


def main() -> None:
    """Print the load and accuracy table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    names = ["py3langid", "py3langid+cache"] + (["lingua", "lingua-low"] if has_lingua() else [])
    loads: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as work:
        warm = str(Path(work) / "warm")
        cold_load("py3langid+cache", warm)  # writes the cache the `cached` rows read
        for round_ in range(args.repeats):  # round-robin, so the cases share the machine's load
            loads["py3langid+cache first"].append(
                cold_load("py3langid+cache", str(Path(work) / f"fresh{round_}"))
            )
            for name in names:
                loads[name].append(cold_load(name, warm))
    sets = read_sets()
    detectors: dict[str, Detect] = {
        "py3langid": old_py3langid(),
        "py3langid+cache": language.detect_language,
    }
    if has_lingua():
        detectors["lingua"] = lingua(False)
        detectors["lingua-low"] = lingua(True)
    for detect in detectors.values():
        detect("Satu kalimat untuk memanaskan detektor sebelum diukur.")
    header = ["detector", "sample", "load s", "ms/doc", *sets]
    rows = [header]
    for name, detect in detectors.items():
        for sample in (None, 3000, 1000) if name == "py3langid+cache" else (None,):
            results, per_doc = score(detect, sets, sample)
            load = statistics.median(loads[name])
            label = "whole" if sample is None else str(sample)
            rows.append([name, label, f"{load:.3f}", f"{per_doc:.2f}", *results.values()])
    rows.append(
        ["py3langid+cache first", "", f"{statistics.median(loads['py3langid+cache first']):.3f}"]
        + [""] * (len(header) - 3)
    )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    python = sys.version.split()[0]
    print(f"\nload: median of {args.repeats} cold processes, imports included; python {python}")


if __name__ == "__main__":
    main()
