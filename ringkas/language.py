"""Tell Indonesian from Malay, English and other languages, and flag or refuse an article."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.document import Article, Flag
from ringkas.errors import InputError

if TYPE_CHECKING:
    from array import array
    from collections.abc import Callable
    from typing import Any

    import numpy as np
    from py3langid.langid import LanguageIdentifier

    Detect = Callable[[str], tuple[str, float]]
    # py3langid's model: per-feature log-probabilities (features x languages), class priors,
    # language codes, DFA transitions, DFA row per state, feature emitted per state.
    _Model = tuple[
        np.ndarray[Any, Any], np.ndarray[Any, Any], list[str], array[int], array[int], list[int]
    ]

INDONESIAN = "id"
MALAY = "ms"
ENGLISH = "en"


# The detector only chooses among these. Besides the three ringkas cares about, the others
# give a foreign article something better to win than "Malay": the region's neighbours
# (Acehnese, Javanese, Tagalog), the languages wires and press releases come in, and "zxx"
# (no language: tables, numbers, code). Leaving out the ~80 rarer languages keeps them from
# winning short Indonesian texts by accident (Kabyle, Breton and Walloon did, on IndoSum).
OTHER_LANGUAGES = {
    "zxx": "no natural language",
    "ace": "Acehnese",
    "jv": "Javanese",
    "tl": "Tagalog",
    "nl": "Dutch",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
    "it": "Italian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "ru": "Russian",
    "th": "Thai",
    "vi": "Vietnamese",
    "hi": "Hindi",
    "tr": "Turkish",
    "pl": "Polish",
    "sw": "Swahili",
}
# Everything the detector chooses among.
LANGUAGES = (INDONESIAN, MALAY, ENGLISH, *OTHER_LANGUAGES)
# Detection reads at most this much of an article: every article in the eval sets whole (the
# longest is ~11k characters), while a 200k-character input costs ~8 ms instead of ~80 ms.
SAMPLE_CHARS = 20_000
# Below this many words the detector is a coin toss (on NTREX, 1 Indonesian sentence in 8 came
# out as Malay): such texts are taken as Indonesian without asking.
MIN_WORDS = 25
# A verdict other than Indonesian needs this confidence; whole Malay, English and French
# articles score > 0.99, while Indonesian sentences mistaken for Malay stay under 0.8.
CONFIDENT = 0.9
_WORD = re.compile(r"[^\W\d_]{2,}")
_FORCED_FLAGS = {MALAY: (Flag.MALAY,), ENGLISH: (Flag.ALREADY_ENGLISH,)}


@dataclass(frozen=True)
class Verdict:
    """The language of a text, the detector's confidence, and how ringkas treats it."""

    code: str
    confidence: float
    flags: tuple[str, ...] = ()
    refused: bool = False


@functools.cache
def _identifier() -> LanguageIdentifier:
    """The langid model restricted to our languages, from the user cache when it is there.

    py3langid ships its model LZMA-compressed: decompressing it costs ~0.55 s per process. The
    first process saves the restricted, uncompressed model (~41 MB) under the cache dir, keyed by
    the py3langid version, the model's hash and our language list; later ones read it in ~0.04 s.
    """
    from py3langid.langid import LanguageIdentifier

    from ringkas.settings import load_settings

    ptc, pc, classes, nextmove, row, output = _load_model(load_settings().cache_dir)
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


def cache_language_model(cache_dir: Path) -> Path:
    """Make sure the restricted model is saved under `cache_dir`; return its file."""
    _load_model(cache_dir)
    return language_model_file(cache_dir)


def _load_model(cache_dir: Path) -> _Model:
    """The restricted model from `cache_dir`, built and saved there first when missing."""
    path = language_model_file(cache_dir)
    model = _read_cached_model(path)
    if model is None:
        model = _build_restricted_model()
        _write_cached_model(path, model)
    return model


def language_model_file(cache_dir: Path) -> Path:
    """Where the restricted model lives: one file per py3langid version, model and language list."""
    import hashlib

    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    with open(MODEL_DIR / MODEL_FILE, "rb") as model_file:
        model_hash = hashlib.file_digest(model_file, "sha256").hexdigest()[:16]
    languages_hash = hashlib.sha256(",".join(LANGUAGES).encode()).hexdigest()[:8]
    name = f"langid-{py3langid.__version__}-{model_hash}-{languages_hash}.npy"
    return cache_dir / "language" / name


def _build_restricted_model() -> _Model:
    """Decompress py3langid's model (the slow step) and keep only our languages' columns."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    wanted = set(LANGUAGES)
    keep = [i for i, code in enumerate(classes) if code in wanted]
    return ptc[:, keep], pc[keep], [classes[i] for i in keep], nextmove, row, output


def _read_cached_model(path: Path) -> _Model | None:
    """The model saved by `_write_cached_model`, or None when absent, stale or damaged."""
    import numpy as np

    try:
        with open(path, "rb") as stream:
            ptc, pc, classes, row, output, nextmove = (
                np.load(stream, allow_pickle=False) for _ in range(6)
            )
            if stream.read(1):
                return None
    except (OSError, ValueError, EOFError):
        return None
    codes = [str(code) for code in classes.tolist()]
    if sorted(codes) != sorted(LANGUAGES) or ptc.shape[1:] != (len(codes),):
        return None
    if len(row) != len(output) or len(nextmove) % 256:
        return None
    return ptc, pc, codes, _stdlib_array(nextmove), _stdlib_array(row), output.tolist()


def _write_cached_model(path: Path, model: _Model) -> None:
    """Save the model atomically beside older versions' files, which it replaces; best effort."""
    import contextlib
    import os
    import secrets

    import numpy as np

    ptc, pc, classes, nextmove, row, output = model
    arrays = [
        ptc, pc, np.array(classes), np.frombuffer(row, dtype=f"u{row.itemsize}"),
        np.asarray(output, dtype=np.int32), np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
    ]  # fmt: skip
    # Named before it exists, so an interrupt just after creating it still removes it; the pid
    # in the name lets a later process remove what a killed one (SIGKILL) left behind.
    temporary = path.parent / f".langid-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    saved = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path.parent)
        with open(temporary, "xb") as stream:
            for values in arrays:
                np.save(stream, values, allow_pickle=False)
        os.replace(temporary, path)
        saved = True
        for stale in path.parent.glob("langid-*.npy"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full cache only costs the next process the slow load
    finally:
        if not saved:
            with contextlib.suppress(OSError):  # no folder to hold it (a file in its place)
                temporary.unlink(missing_ok=True)


_STALE_AFTER = 3600.0  # seconds: a save takes about one; a temporary this old is abandoned
_TEMPORARY = re.compile(r"\.langid-(\d+)-[0-9a-f]+\.tmp|tmp\w+\.tmp")


def _remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files a killed save left: its process is gone, or it is an hour old."""
    import time

    for item in folder.iterdir():
        match = _TEMPORARY.fullmatch(item.name)
        if not match:
            continue
        try:
            age = time.time() - item.stat().st_mtime
        except OSError:
            continue
        if age > _STALE_AFTER or (match[1] and not _is_running(int(match[1]))):
            item.unlink(missing_ok=True)


def _is_running(pid: int) -> bool:
    import os

    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


def _stdlib_array(values: np.ndarray[Any, Any]) -> array[int]:
    """An unsigned NumPy array as a stdlib array: py3langid's byte-by-byte walk indexes it fast."""
    from array import array

    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(values.data.cast("B"))
    return out


def detect_language(text: str) -> tuple[str, float]:
    """Return the most likely language code of `text` and the detector's confidence."""
    code, confidence = _identifier().classify(text)
    return str(code), float(confidence)


def judge_language(text: str, *, detect: Detect | None = None) -> Verdict:
    """Decide how to treat a text: Indonesian as is, Malay and English flagged, others refused.

    `detect` replaces `detect_language` (benchmarks compare detectors through the same rules).
    """
    if len(_WORD.findall(text, 0, SAMPLE_CHARS)) < MIN_WORDS:
        return Verdict(INDONESIAN, 0.0)
    code, confidence = (detect or detect_language)(text[:SAMPLE_CHARS])
    if code == INDONESIAN:
        return Verdict(code, confidence)
    if confidence < CONFIDENT:
        return Verdict(code, confidence, flags=(Flag.LANGUAGE_UNSURE,))
    if code == MALAY:
        return Verdict(code, confidence, flags=(Flag.MALAY,))
    if code == ENGLISH:
        return Verdict(code, confidence, flags=(Flag.ALREADY_ENGLISH,))
    return Verdict(code, confidence, refused=True)


def language_name(code: str) -> str:
    """A language's English name, for messages."""
    names = {INDONESIAN: "Indonesian", MALAY: "Malay", ENGLISH: "English", **OTHER_LANGUAGES}
    return names.get(code, code)


def check_language(article: Article, forced: str | None = None) -> Article:
    """Flag an article's language (malay, already_english); refuse other languages.

    `forced` (id, ms or en) skips detection. A refused article raises InputError.
    """
    if forced is not None:
        verdict = Verdict(forced, 1.0, flags=_FORCED_FLAGS.get(forced, ()))
    else:
        verdict = judge_language(article.text)
    if verdict.refused:
        raise InputError(
            f"{article.source}: looks like {language_name(verdict.code)} "
            f"({verdict.code}, confidence {verdict.confidence:.2f}), not Indonesian; "
            "pass --force-language id to summarise it anyway"
        )
    if not verdict.flags:
        return article
    flags = tuple(sorted(set(article.flags) | set(verdict.flags)))
    return replace(article, flags=flags)
