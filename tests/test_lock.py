"""models.lock parsing, the model store (verify, first-use records, atomic pull), the translation
cache across processes, and the translation guards — all without torch."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from ringkas.errors import LockError, ModelUnavailable
from ringkas.models.lock import FilePin, Lock, format_lock, parse_lock, read_lock, record_hashes
from ringkas.models.store import (
    MISSING,
    OK,
    TRUSTED,
    WRONG_HASH,
    WRONG_SIZE,
    check_model,
    measured_pins,
    model_folder,
    pull_model,
    require_model,
)
from ringkas.settings import load_settings
from ringkas.translate.base import Generated, TranslatorId
from ringkas.translate.cache import CachedTranslator, open_cache
from ringkas.translate.guarded import (
    EMPTY,
    REPEATS,
    TOO_LONG,
    GuardedTranslator,
    find_fault,
    split_long,
)
from tests.conftest import ROOT

REVISION = "1a64c1365188ab289269900bdb12b6fea3fb3063"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _lock_text(files: str, *, revision: str = REVISION, extra: str = "") -> str:
    return (
        f'["translate.id-en"]\nrepo = "Helsinki-NLP/opus-mt-id-en"\n'
        f'revision = "{revision}"\n{extra}\n["translate.id-en".files]\n{files}\n'
    )


# --- models.lock -------------------------------------------------------------------------


def test_shipped_lock_pins_the_issue_revision_and_weights_hash() -> None:
    lock = read_lock()
    assert lock.path.resolve() == (ROOT / "models.lock").resolve()
    pin = lock.pin()
    assert pin.repo == "Helsinki-NLP/opus-mt-id-en"
    assert pin.revision == REVISION
    assert pin.weights.name == "pytorch_model.bin"
    assert pin.weights.sha256 == (
        "798ff872a045346ff907fc9938ecd8d8dc9b346358cc514b35e08387776bee24"
    )
    assert {"config.json", "source.spm", "target.spm", "vocab.json"} <= {f.name for f in pin.files}


@pytest.mark.parametrize(
    "revision",
    [
        "main",
        "v1.0",
        REVISION[:39],
        REVISION + "0",
        REVISION.upper(),
        "1a64c13",
        "g" + REVISION[1:],
    ],
)
def test_lock_rejects_anything_but_a_full_commit(revision: str) -> None:
    text = _lock_text('"pytorch_model.bin" = {}', revision=revision)
    with pytest.raises(LockError, match="full 40-character commit"):
        parse_lock(text, Path("models.lock"))


@pytest.mark.parametrize(
    ("files", "extra", "message"),
    [
        ('"config.json" = {}', "", "no weights file"),
        ('"pytorch_model.bin" = { sha256 = "abc" }', "", "64 lower-case hex"),
        ('"pytorch_model.bin" = { size = -1 }', "", "whole number"),
        ('"../pytorch_model.bin" = {}', "", "plain file name"),
        ('"pytorch_model.bin" = { md5 = "x" }', "", "only size and sha256"),
        ('"pytorch_model.bin" = {}', 'branch = "main"', "unknown keys"),
        ("", "", "list the model's files"),
    ],
)
def test_lock_rejects_malformed_entries(files: str, extra: str, message: str) -> None:
    with pytest.raises(LockError, match=message):
        parse_lock(_lock_text(files, extra=extra), Path("models.lock"))


def test_lock_rejects_bad_toml_and_unknown_model(tmp_path: Path) -> None:
    with pytest.raises(LockError, match="not valid TOML"):
        parse_lock("[[[", Path("x.lock"))
    lock = parse_lock(_lock_text('"pytorch_model.bin" = {}'), Path("x.lock"))
    with pytest.raises(LockError, match="no model named 'other'"):
        lock.pin("other")
    with pytest.raises(LockError, match="cannot read"):
        read_lock(tmp_path / "absent.lock")


def test_relative_path_is_read_from_the_lock_folder(tmp_path: Path) -> None:
    text = _lock_text('"pytorch_model.bin" = {}', extra='path = "models/id-en"')
    pin = parse_lock(text, tmp_path / "models.lock").pin()
    assert pin.path == tmp_path / "models" / "id-en"
    assert model_folder(pin) == tmp_path / "models" / "id-en"


def test_hf_cache_folder_is_the_pinned_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", "/srv/hf")
    pin = read_lock().pin()
    expected = f"models--Helsinki-NLP--opus-mt-id-en/snapshots/{REVISION}"
    assert str(model_folder(pin)).endswith(expected)


def test_format_lock_round_trips_and_records_hashes(tmp_path: Path) -> None:
    lock = read_lock()
    again = parse_lock(format_lock(lock, "header"), lock.path)
    assert again.models == lock.models
    found = {"config.json": FilePin("config.json", size=5, sha256="a" * 64)}
    updated = record_hashes(lock, "translate.id-en", found)
    assert updated.pin().file("config.json") == found["config.json"]
    assert updated.pin().weights == lock.pin().weights  # a pinned hash is never replaced


# --- the model store ---------------------------------------------------------------------

FILES = {"config.json": b"{}", "vocab.json": b'{"a": 1}', "pytorch_model.bin": b"weights"}


def _folder_lock(tmp_path: Path, *, hash_small: bool = True) -> Lock:
    lines = []
    for name, data in FILES.items():
        if hash_small or name == "pytorch_model.bin":
            lines.append(f'"{name}" = {{ size = {len(data)}, sha256 = "{_sha(data)}" }}')
        else:
            lines.append(f'"{name}" = {{}}')
    text = _lock_text("\n".join(lines), extra=f'path = "{tmp_path / "model"}"')
    return parse_lock(text, tmp_path / "models.lock")


def _write_model(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in FILES.items():
        (folder / name).write_bytes(data)


def test_check_reports_missing_ok_and_tampered_files(tmp_path: Path) -> None:
    settings = load_settings()
    pin = _folder_lock(tmp_path).pin()
    assert not check_model(pin, settings).is_present
    with pytest.raises(ModelUnavailable, match=r"missing: config\.json"):
        require_model(pin, settings)
    _write_model(tmp_path / "model")
    check = check_model(pin, settings)
    assert check.is_verified
    assert [f.status for f in check.files] == [OK, OK, OK]
    (tmp_path / "model" / "pytorch_model.bin").write_bytes(b"Weights")  # same size, new bytes
    assert check_model(pin, settings).files[2].status == WRONG_HASH
    with pytest.raises(ModelUnavailable, match=r"does not match models\.lock"):
        require_model(pin, settings)
    (tmp_path / "model" / "pytorch_model.bin").write_bytes(b"more weights")
    assert check_model(pin, settings).files[2].status == WRONG_SIZE
    (tmp_path / "model" / "config.json").unlink()
    assert check_model(pin, settings).files[0].status == MISSING


def test_unhashed_files_are_trusted_on_first_use_then_held(tmp_path: Path) -> None:
    settings = load_settings()
    pin = _folder_lock(tmp_path, hash_small=False).pin()
    _write_model(tmp_path / "model")
    first = check_model(pin, settings)
    assert [f.status for f in first.files] == [TRUSTED, TRUSTED, OK]
    (tmp_path / "model" / "config.json").write_bytes(b"[]")  # changed after first use
    assert check_model(pin, settings).files[0].status == WRONG_HASH
    assert measured_pins(first)["vocab.json"].sha256 == _sha(FILES["vocab.json"])


def test_unchanged_files_are_not_rehashed_unless_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ringkas.models.store as store

    monkeypatch.setattr(store, "_RACY_NS", 0)  # files written just now may be trusted by stat
    settings = load_settings()
    pin = _folder_lock(tmp_path).pin()
    _write_model(tmp_path / "model")
    check_model(pin, settings)
    hashed: list[Path] = []
    real = store.sha256_file
    monkeypatch.setattr(store, "sha256_file", lambda p: hashed.append(p) or real(p))
    check_model(pin, settings)
    assert hashed == []
    check_model(pin, settings, full=True)
    assert len(hashed) == 3


def test_pull_into_folder_is_all_or_nothing(tmp_path: Path) -> None:
    settings = load_settings()
    pin = _folder_lock(tmp_path).pin()
    calls: list[str] = []

    def broken(_pin: object, name: str, folder: Path | None) -> Path:
        calls.append(name)
        if name == "pytorch_model.bin":
            raise ModelUnavailable("connection reset")
        assert folder is not None
        (folder / name).write_bytes(FILES[name])
        return folder / name

    with pytest.raises(ModelUnavailable, match="connection reset"):
        pull_model(pin, settings, downloader=broken)
    assert not (tmp_path / "model").exists()  # no half-download that looks complete
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]

    def tampered(_pin: object, name: str, folder: Path | None) -> Path:
        assert folder is not None
        (folder / name).write_bytes(FILES[name].upper())
        return folder / name

    with pytest.raises(ModelUnavailable, match="does not match"):
        pull_model(pin, settings, downloader=tampered)
    assert not (tmp_path / "model").exists()

    def good(_pin: object, name: str, folder: Path | None) -> Path:
        assert folder is not None
        (folder / name).write_bytes(FILES[name])
        return folder / name

    assert pull_model(pin, settings, downloader=good).is_verified
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == sorted(FILES)


# --- the translation cache ----------------------------------------------------------------


class CountingTranslator:
    identity = TranslatorId(model="count@0000000", engine="test")

    def __init__(self) -> None:
        self.asked: list[str] = []

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.asked += texts
        return [f"EN {t}" for t in texts]


def test_cache_answers_before_the_model(tmp_path: Path) -> None:
    cache = open_cache(tmp_path / "c" / "t.sqlite3")
    assert cache is not None
    inner = CountingTranslator()
    cached = CachedTranslator(inner, cache, model="m@1", engine="e")
    assert cached.translate(["a", "b", "a"]) == ["EN a", "EN b", "EN a"]
    assert cached.translate(["b", "c"]) == ["EN b", "EN c"]
    assert inner.asked == ["a", "b", "c"]
    other = CachedTranslator(inner, cache, model="m@2", engine="e")  # another pin: no sharing
    other.translate(["a"])
    assert inner.asked[-1] == "a"


def _fill(path: str, worker: int) -> None:
    cache = open_cache(Path(path))
    assert cache is not None
    for round_ in range(20):
        texts = [f"s{worker}-{round_}-{k}" for k in range(25)] + ["shared"]
        cache.store("m", "e", [(t, f"EN {t}") for t in texts])
        assert cache.lookup("m", "e", ["shared"]) == {"shared": "EN shared"}


def test_cache_is_safe_with_concurrent_processes(tmp_path: Path) -> None:
    path = str(tmp_path / "t.sqlite3")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_fill, args=(path, n)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    cache = open_cache(Path(path))
    assert cache is not None
    wanted = [f"s{n}-{r}-{k}" for n in range(4) for r in range(20) for k in range(25)]
    assert len(cache.lookup("m", "e", wanted)) == len(wanted)


def test_unusable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert open_cache(blocker / "t.sqlite3") is None


# --- the guards --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("The president opened a new toll road on Monday.", None),
        ("", EMPTY),
        (" ... ", EMPTY),
        ("the the the the the", REPEATS),
        ("We will, we will, we will, we will go", REPEATS),
        ("ManaManaManaManaManaMana", REPEATS),
        ("It cost 10000000000 rupiah.", None),
    ],
)
def test_find_fault(text: str, fault: str | None) -> None:
    assert find_fault(text, source_tokens=12, output_tokens=len(text.split())) == fault


def test_find_fault_too_long() -> None:
    assert find_fault("A sane sentence.", source_tokens=3, output_tokens=16) == TOO_LONG
    assert find_fault("A sane sentence.", source_tokens=3, output_tokens=15) is None


def test_split_long_prefers_clause_boundaries() -> None:
    def fits(text: str) -> bool:
        return len(text.split()) <= 6

    text = "Harga beras naik tajam; pemerintah menambah impor, tetapi petani menolak rencana itu."
    assert split_long(text, fits) == [
        "Harga beras naik tajam;",
        "pemerintah menambah impor,",
        "tetapi petani menolak rencana itu.",
    ]
    words = " ".join(f"kata{n}" for n in range(20))  # no clause marks at all: halves
    pieces = split_long(words, fits)
    assert all(fits(p) for p in pieces)
    assert " ".join(pieces) == words


class ScriptedEngine:
    """An Engine whose greedy and beam outputs are given per source text."""

    name = "scripted"
    max_input_tokens = 8

    def __init__(self, greedy: dict[str, str], beam: dict[str, str]) -> None:
        self.greedy, self.beam = greedy, beam
        self.calls: list[tuple[int, list[str]]] = []

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int = 1,
        max_new_tokens: int = 256,
        no_repeat_ngram_size: int | None = None,
    ) -> list[Generated]:
        self.calls.append((beam_size, list(texts)))
        table = self.greedy if beam_size == 1 else self.beam
        outs = [table.get(t, f"EN {t}") for t in texts]
        return [Generated(o, min(len(o.split()), max_new_tokens)) for o in outs]


def test_guarded_translator_retries_with_beam_then_refuses() -> None:
    engine = ScriptedEngine(
        greedy={"Satu.": "one one one one", "Dua.": "two two two two two"},
        beam={"Satu.": "One.", "Dua.": "two two two two"},
    )
    translator = GuardedTranslator(engine, "x@0000000 scripted")
    assert translator.translate(["Satu.", "Dua.", "Tiga.", "  "]) == ["One.", "", "EN Tiga.", ""]
    assert [beams for beams, _ in engine.calls] == [1, 4]
    assert sorted(engine.calls[1][1]) == ["Dua.", "Satu."]


def test_guarded_translator_splits_long_inputs_and_joins_the_parts() -> None:
    engine = ScriptedEngine({}, {})
    translator = GuardedTranslator(engine, "x@0000000 scripted")
    long = "Harga beras naik tajam minggu ini, tetapi petani tetap menolak rencana impor itu."
    assert translator.translate([long]) == [
        "EN Harga beras naik tajam minggu ini, EN tetapi petani tetap menolak rencana impor itu."
    ]


def test_lock_file_with_symlinked_package_copy_is_the_same(tmp_path: Path) -> None:
    shipped = ROOT / "ringkas" / "models.lock"
    copy = tmp_path / "models.lock"
    shutil.copyfile(shipped, copy)
    assert read_lock(copy).models == read_lock().models


# --- issue 12: stat key, damaged cache ---------------------------------------------------


def test_a_byte_flipped_in_place_with_the_old_mtime_is_rehashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    import ringkas.models.store as store

    monkeypatch.setattr(store, "_RACY_NS", 0)  # record the stat at once (the test is quick)
    settings = load_settings()
    pin = _folder_lock(tmp_path).pin()
    _write_model(tmp_path / "model")
    assert check_model(pin, settings).is_verified  # records the stat key
    time.sleep(0.05)  # past the file-time tick
    weights = tmp_path / "model" / "pytorch_model.bin"
    before = weights.stat()
    with weights.open("r+b") as handle:  # same inode, same size
        handle.write(b"X")
    os.utime(weights, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert weights.stat().st_mtime_ns == before.st_mtime_ns
    assert check_model(pin, settings).files[2].status == WRONG_HASH


def test_a_damaged_cache_is_set_aside_once_and_recreated(tmp_path: Path) -> None:
    path = tmp_path / "c" / "t.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"this is not a database" * 100)
    notices: list[str] = []
    cache = open_cache(path, notify=notices.append)
    assert cache is not None
    assert len(notices) == 1
    assert "damaged" in notices[0]
    assert [p.name.startswith("t.sqlite3.damaged-") for p in path.parent.iterdir()].count(True) == 1
    inner = CountingTranslator()
    cached = CachedTranslator(inner, cache, model="m", engine="e")
    cached.translate(["a"])
    cached.translate(["a"])
    assert inner.asked == ["a"]  # the new cache works


def test_a_flipped_byte_in_a_stored_translation_is_not_served(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    cache = open_cache(path)
    assert cache is not None
    inner = CountingTranslator()
    CachedTranslator(inner, cache, model="m", engine="e").translate(["Kami siap sekali."])
    cache.close()  # checkpoints the WAL into the file
    data = path.read_bytes()
    at = data.index(b"EN Kami siap sekali.")
    path.write_bytes(data[:at] + b"EN Kami siap sekalI." + data[at + 20 :])
    reopened = open_cache(path)
    assert reopened is not None
    assert reopened.lookup("m", "e", ["Kami siap sekali."]) == {}
    assert reopened.dropped == 1
    again = CachedTranslator(inner, reopened, model="m", engine="e")
    assert again.translate(["Kami siap sekali."]) == ["EN Kami siap sekali."]
    assert inner.asked == ["Kami siap sekali.", "Kami siap sekali."]


def test_guarded_translator_decodes_with_the_chosen_beam_and_keeps_letterless_text() -> None:
    engine = ScriptedEngine({}, {})
    out = GuardedTranslator(engine, "x", beam_size=6).translate(["Kami siap.", "12.500", "🙂"])
    assert out == ["EN Kami siap.", "12.500", "🙂"]
    assert engine.calls == [(6, ["Kami siap."])]
