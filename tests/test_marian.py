"""The real transformers path on an architecture-exact MarianMT with random weights: loading
from verified files only, offline, never running pickled code; deterministic, bounded output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ringkas.errors import ModelUnavailable
from ringkas.models.lock import read_lock
from ringkas.settings import load_settings
from ringkas.translate.guarded import GuardedTranslator
from ringkas.translate.load import load_translator
from tests.modelkit import MODEL_FILES, TOKENIZER_FILES, WEIGHTS, write_random_marian_lock

SENTENCES = [
    "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin.",
    "Kami siap.",
    "Harga beras naik 3,5 persen bulan ini, kata Badan Pusat Statistik.",
    "Korea Utara mengecam latihan militer gabungan itu.",
]

# A test fails if anything opens a network connection (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("no_network")


@pytest.fixture(scope="module", autouse=True)
def one_thread() -> None:
    """One torch thread: on a shared 2-core machine two spinning threads are far slower."""
    import torch

    torch.set_num_threads(1)


def test_translations_are_nonempty_deterministic_and_bounded(random_marian_lock: Path) -> None:
    pin = read_lock(random_marian_lock).pin()
    first = load_translator(pin, engine="transformers", use_cache=False)
    assert first.identity.label == f"{pin.ref} transformers|beam:6"  # the model's own num_beams
    out = first.translate(SENTENCES)
    assert len(out) == len(SENTENCES)
    assert all(text.strip() for text in out)
    assert first.translate(list(reversed(SENTENCES))) == list(reversed(out))  # batch order free
    assert isinstance(first, GuardedTranslator)
    engine = first.engine
    # modelkit caps outputs at 8 new tokens (7 pieces + the forced EOS)
    assert {g.tokens for g in engine.generate(SENTENCES)} == {7}


def test_fixed_output_length_for_benchmarks(random_marian: Path, random_marian_lock: Path) -> None:
    from ringkas.translate import marian

    pin = read_lock(random_marian_lock).pin()
    engine = marian.load_engine(random_marian, pin, fixed_new_tokens=12)
    assert [g.tokens for g in engine.generate(SENTENCES[:2])] == [11, 11]


def _small_model_folder(source: Path, dest: Path) -> Path:
    dest.mkdir()
    for name in MODEL_FILES:
        if name != WEIGHTS:
            shutil.copyfile(source / name, dest / name)
    return dest


class _Payload:
    """Unpickling this would create a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.marker,))


def test_weights_that_carry_pickled_code_are_refused(random_marian: Path, tmp_path: Path) -> None:
    import torch

    folder = _small_model_folder(random_marian, tmp_path / "evil")
    marker = tmp_path / "code-ran"
    torch.save({"model.shared.weight": torch.zeros(2), "x": _Payload(marker)}, folder / WEIGHTS)
    lock = write_random_marian_lock(folder, tmp_path / "evil.lock")  # hashes match: only the
    pin = read_lock(lock).pin()  # loader stands between this file and code execution
    translator = load_translator(pin, engine="transformers", use_cache=False)
    with pytest.raises(ModelUnavailable, match="not a plain tensor file"):
        translator.translate(["Kami siap."])  # the engine loads on first use
    assert not marker.exists()


def test_tampered_weights_are_refused_before_loading(random_marian: Path, tmp_path: Path) -> None:
    folder = _small_model_folder(random_marian, tmp_path / "copy")
    data = bytearray((random_marian / WEIGHTS).read_bytes())
    lock = write_random_marian_lock(random_marian, tmp_path / "a.lock")
    text = lock.read_text(encoding="utf-8").replace(str(random_marian), str(folder))
    lock.write_text(text, encoding="utf-8")
    data[len(data) // 2] ^= 0xFF
    (folder / WEIGHTS).write_bytes(bytes(data))
    with pytest.raises(ModelUnavailable, match=r"pytorch_model\.bin: wrong sha256"):
        load_translator(read_lock(lock).pin(), settings=load_settings(), use_cache=False)


def test_shared_tokenizer_files_are_the_ones_pinned(random_marian: Path) -> None:
    from tests.modelkit import SHARED_TOKENIZER

    for name in TOKENIZER_FILES:
        assert (random_marian / name).read_bytes() == (SHARED_TOKENIZER / name).read_bytes()
