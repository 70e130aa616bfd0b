"""The CTranslate2 engine on the random-weights MarianMT: its tokenizer against MarianTokenizer,
conversion and its manifest, parity with transformers in float32, and the CLI (auto picks it,
a changed converted file exits 3, a missing conversion is named)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from ringkas.errors import RingkasError
from ringkas.models.lock import read_lock
from ringkas.settings import load_settings
from tests.conftest import SEED
from tests.ct2kit import adopt_conversion, converted_lock, linked_copy
from tests.modelkit import write_random_marian_lock

pytest.importorskip("ctranslate2")
pytest.importorskip("sentencepiece")

runner = CliRunner()
SENTENCES = (
    "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada Senin (3/4).",
    "Harga beras naik 3,5 persen, kata Kepala BPS.",
    "“Kami akan terus memantau situasi,” ujar juru bicara kepolisian.",
    "Banjir merendam ratusan rumah warga.",
)


@pytest.fixture(scope="session")
def ct2_session_lock(
    random_marian: Path, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A lock for the random model with an int8 CTranslate2 copy (cached)."""
    return converted_lock(random_marian, request.config.cache, tmp_path_factory.mktemp("ct2"))


@pytest.fixture
def ct2_lock(ct2_session_lock: Path) -> Path:
    """The converted lock, its conversion recorded in this test's RINGKAS_HOME."""
    adopt_conversion(ct2_session_lock)
    return ct2_session_lock


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if isinstance(result.exception, RingkasError):
        return result.exception.exit_code, result.stdout, str(result.exception)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_pieces_match_marian_tokenizer(random_marian: Path) -> None:
    from ringkas.translate.ct2 import MarianPieces
    from ringkas.translate.marian import _load_tokenizer

    tokenizer = _load_tokenizer(random_marian, {"tokenizer_config.json"})
    pieces = MarianPieces(random_marian)
    texts = [*SENTENCES, SEED.read_text(encoding="utf-8")[:400], "a</s>b <unk>", "", "  x  "]
    for text in texts:
        ours = tokenizer.convert_tokens_to_ids(pieces.encode(text))
        assert ours == tokenizer(text)["input_ids"], text
    by_id = {number: piece for piece, number in pieces.vocab.items()}
    rng = random.Random(0)
    for _ in range(300):
        ids = [rng.choice([0, 1, rng.randrange(2, 54795)]) for _ in range(rng.randrange(1, 10))]
        expected = tokenizer.decode(ids, skip_special_tokens=True).strip()
        assert pieces.decode([by_id[i] for i in ids]) == expected, ids


def test_conversion_records_every_file_and_its_compute_type(ct2_lock: Path) -> None:
    from ringkas.translate.convert import MANIFEST, converted_folder

    pin = read_lock(ct2_lock).pin()
    assert pin.path is not None
    folder = converted_folder(pin, pin.path)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["compute_type"] == "int8"
    assert manifest["source"]["revision"] == pin.revision
    on_disk = {p.name for p in folder.iterdir()} - {MANIFEST}
    assert set(manifest["files"]) == on_disk
    assert {"model.bin", "source.spm", "vocab.json", "generation_config.json"} <= on_disk


def test_float32_agrees_with_transformers_token_for_token(
    random_marian: Path, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from ringkas.translate import convert, ct2, marian

    lock = converted_lock(random_marian, request.config.cache, tmp_path, compute_type="float32")
    pin = read_lock(lock).pin()
    assert pin.path is not None
    folder = pin.path
    settings = load_settings({"RINGKAS_HOME": str(tmp_path / "home")})
    assert convert.require_converted(pin, folder, settings).engine_label == "ctranslate2-float32"
    fast = ct2.load_engine(folder, pin)
    reference = marian.load_engine(folder, pin)
    # Greedy only: beam search ranks near-ties differently (length normalisation), and a random
    # model's outputs are all near-ties; the guards use beams only for a retry.
    for options in ({}, {"no_repeat_ngram_size": 2}, {"max_new_tokens": 4}):
        got = fast.generate(SENTENCES, **options)  # type: ignore[arg-type]
        assert got == reference.generate(SENTENCES, **options)  # type: ignore[arg-type]
        assert all(g.text for g in got)


def test_summarize_auto_picks_ctranslate2_and_transformers_on_request(ct2_lock: Path) -> None:
    args = ("summarize", "-f", "json", "--no-cache", "--lock", str(ct2_lock), str(SEED))
    code, out, err = _run(*args)
    assert code == 0, err
    report = json.loads(out)
    assert report["signature"].endswith("|engine:ctranslate2-int8|beam:6")
    assert all(s["translation"] for s in report["summary"])
    code, out, err = _run(*args, "--engine", "transformers")
    assert code == 0, err
    assert json.loads(out)["signature"].endswith("|engine:transformers|beam:6")


def test_translate_command_on_ctranslate2_is_deterministic(ct2_lock: Path) -> None:
    args = ("translate", "--engine", "ctranslate2", "--no-cache", "--lock", str(ct2_lock))
    first = _run(*args, str(SEED))
    assert first[0] == 0, first[2]
    assert first[1].strip()
    assert _run(*args, str(SEED)) == first


def test_models_convert_then_a_changed_file_exits_3_and_verify_names_it(
    random_marian: Path, tmp_path: Path
) -> None:
    folder = linked_copy(random_marian, tmp_path / "m")
    lock = write_random_marian_lock(folder, tmp_path / "models.lock")
    code, _, err = _run("models", "convert", "--compute-type", "int8", "--lock", str(lock))
    assert code == 0, err
    code, out, _ = _run("models", "list", "--lock", str(lock))
    assert f"translate.id-en.ct2\t{read_lock(lock).pin().repo}" in out
    assert "\tverified\t" in out.splitlines()[1]
    assert _run("summarize", "-f", "json", "--lock", str(lock), str(SEED))[0] == 0
    converted = tmp_path / "m.ct2" / "model.bin"
    data = bytearray(converted.read_bytes())
    data[-100] ^= 0xFF
    converted.write_bytes(bytes(data))
    code, _, err = _run("summarize", "-f", "json", "--no-cache", "--lock", str(lock), str(SEED))
    assert code == 3
    assert "model.bin" in err
    code, out, _ = _run("models", "verify", "--lock", str(lock))
    assert code == 3
    assert "translate.id-en.ct2\tmodel.bin\twrong sha256" in out


def test_ctranslate2_without_conversion_exits_3_with_a_hint(
    random_marian_lock: Path, tmp_path: Path
) -> None:
    folder = linked_copy(read_lock(random_marian_lock).pin().path or Path(), tmp_path / "m")
    lock = write_random_marian_lock(folder, tmp_path / "models.lock")
    result = runner.invoke(
        app, ["translate", "--engine", "ctranslate2", "--lock", str(lock), str(SEED)]
    )
    assert isinstance(result.exception, RingkasError)
    assert result.exception.exit_code == 3
    assert "models convert" in result.exception.hint
