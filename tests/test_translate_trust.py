"""Issue 12: translation that can be trusted the day the real weights arrive. Each test drives the
real loaders and engines on the architecture-exact random-weights MarianMT (tests/modelkit.py)
or its CTranslate2 conversion (tests/ct2kit.py), and failed before the fix it is named after."""

from __future__ import annotations

import json
import os
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from ringkas.errors import LockError, ModelUnavailable, RingkasError
from ringkas.models.lock import read_lock
from ringkas.settings import load_settings
from ringkas.translate.guarded import GuardedTranslator
from ringkas.translate.load import load_translator
from tests.conftest import EVAL, SHARED_TOKENIZER
from tests.ct2kit import adopt_conversion, converted_lock
from tests.modelkit import MODEL_FILES, WEIGHTS, write_random_marian_lock

pytestmark = pytest.mark.usefixtures("no_network")
runner = CliRunner()
NTREX = EVAL / "ntrex128_ind_eng.jsonl"


@pytest.fixture(scope="module", autouse=True)
def one_thread() -> None:
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)


@pytest.fixture(scope="module")
def ct2_module_lock(
    random_marian: Path, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    pytest.importorskip("ctranslate2")
    return converted_lock(random_marian, request.config.cache, tmp_path_factory.mktemp("ct2"))


@pytest.fixture
def ct2_lock(ct2_module_lock: Path) -> Path:
    adopt_conversion(ct2_module_lock)
    return ct2_module_lock


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Run the app; a RingkasError comes back as its exit code and its one line (with hint)."""
    result = runner.invoke(app, list(args), input=stdin)
    error = result.exception
    if isinstance(error, RingkasError):
        return error.exit_code, result.stdout, f"Error: {error} {error.hint}"
    if error and not isinstance(error, SystemExit):
        raise error
    return result.exit_code, result.stdout, result.stderr


def _copy_model(source: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in MODEL_FILES:
        shutil.copyfile(source / name, dest / name)
    return dest


class _Recorder:
    """Wraps an Engine and records every text sent to generate()."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.sent: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def generate(self, texts: Sequence[str], **options: Any) -> Any:
        self.sent += texts
        return self.engine.generate(texts, **options)


def _guarded(lock: Path, engine: str, **options: Any) -> GuardedTranslator:
    translator = load_translator(read_lock(lock).pin(), engine=engine, use_cache=False, **options)
    assert isinstance(translator, GuardedTranslator)
    return translator


# --- 1. sentences over 512 tokens ----------------------------------------------------------

CLAUSE = "warga desa nomor {n} membangun jembatan bambu di tepi sungai yang deras"


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_long_sentence_every_clause_is_translated(
    engine: str, random_marian_lock: Path, request: pytest.FixtureRequest
) -> None:
    lock = request.getfixturevalue("ct2_lock") if engine == "ctranslate2" else random_marian_lock
    translator = _guarded(lock, engine, beam=1)
    recorder = _Recorder(translator.engine)
    translator.engine = recorder
    clauses = [CLAUSE.format(n=n) for n in range(80)]
    sentence = ", dan ".join(clauses) + "."
    assert recorder.count_tokens([sentence])[0] > 1024  # counted without the 512 cap
    (english,) = translator.translate([sentence])
    assert english
    assert all(count <= 512 for count in recorder.count_tokens(recorder.sent))
    sent = " ".join(recorder.sent)
    assert all(clause in sent for clause in clauses)  # nothing cut off the end
    assert len(sent.replace(" ", "")) == len(sentence.replace(" ", ""))  # and nothing else


# --- 2. strict weights ---------------------------------------------------------------------


def _model_with_state(
    random_marian: Path, tmp_path: Path, change: Any, *, name: str = WEIGHTS
) -> tuple[Path, Path]:
    import torch

    folder = _copy_model(random_marian, tmp_path / "m")
    state = torch.load(random_marian / WEIGHTS, weights_only=True)
    change(state)
    (folder / WEIGHTS).unlink()
    if name.endswith(".safetensors"):
        from safetensors.torch import save_file

        save_file(state, str(folder / name))
    else:
        torch.save(state, folder / name)
    return folder, write_random_marian_lock(folder, tmp_path / "a.lock")


def test_weights_missing_a_layer_are_refused(random_marian: Path, tmp_path: Path) -> None:
    _, lock = _model_with_state(
        random_marian, tmp_path, lambda s: s.pop("model.decoder.layers.3.fc1.weight")
    )
    code, out, err = _run(
        "translate", "--lock", str(lock), "--engine", "transformers", "-", stdin="Kami siap."
    )
    assert code == 3
    assert "missing: model.decoder.layers.3.fc1.weight" in err
    assert out == ""


def test_weights_of_the_wrong_shape_or_extra_are_refused(
    random_marian: Path, tmp_path: Path
) -> None:
    import torch

    def change(state: dict[str, Any]) -> None:
        state["model.encoder.layers.0.fc2.bias"] = torch.zeros(7)
        state["model.encoder.layers.9.fc2.bias"] = torch.zeros(512)

    _, lock = _model_with_state(random_marian, tmp_path, change)
    translator = load_translator(read_lock(lock).pin(), engine="transformers", use_cache=False)
    with pytest.raises(ModelUnavailable) as caught:
        translator.translate(["Kami siap."])
    assert "unexpected: model.encoder.layers.9.fc2.bias" in str(caught.value)
    assert "wrong shape: model.encoder.layers.0.fc2.bias" in str(caught.value)


def test_corrupt_safetensors_is_a_model_error(random_marian: Path, tmp_path: Path) -> None:
    folder = _copy_model(random_marian, tmp_path / "m")
    (folder / WEIGHTS).unlink()
    (folder / "model.safetensors").write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json")
    lines = [
        '["translate.id-en"]',
        'repo = "ringkas-tests/broken"',
        f'revision = "{"a" * 40}"',
        f"path = {json.dumps(str(folder))}",
        "",
        '["translate.id-en".files]',
        *(f'"{n}" = {{}}' for n in (*MODEL_FILES[:-1], "model.safetensors")),
    ]
    path = tmp_path / "s.lock"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    translator = load_translator(read_lock(path).pin(), engine="transformers", use_cache=False)
    with pytest.raises(ModelUnavailable, match="not a readable safetensors file"):
        translator.translate(["Kami siap."])


def test_checkpoint_without_tied_and_static_weights_loads_and_translates_the_same(
    random_marian: Path, random_marian_lock: Path, tmp_path: Path
) -> None:
    rebuilt = (
        "lm_head.weight",
        "model.encoder.embed_tokens.weight",
        "model.decoder.embed_tokens.weight",
        "model.encoder.embed_positions.weight",
        "model.decoder.embed_positions.weight",
    )

    def drop(state: dict[str, Any]) -> None:
        for key in rebuilt:
            del state[key]

    _, lock = _model_with_state(random_marian, tmp_path, drop)
    texts = ["Kami siap.", "Banjir merendam ratusan rumah warga."]
    full = _guarded(random_marian_lock, "transformers", beam=1).translate(texts)
    assert _guarded(lock, "transformers", beam=1).translate(texts) == full


def test_pickle_refusal_is_one_clean_line(random_marian: Path, tmp_path: Path) -> None:
    import torch

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[object, ...]]:
            return (os.system, ("true",))

    folder = _copy_model(random_marian, tmp_path / "m")
    torch.save({"x": Payload()}, folder / WEIGHTS)
    lock = write_random_marian_lock(folder, tmp_path / "e.lock")
    translator = load_translator(read_lock(lock).pin(), engine="transformers", use_cache=False)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with pytest.raises(ModelUnavailable) as caught:
            translator.translate(["Kami siap."])
    message = str(caught.value)
    assert "pickled code" in message
    assert "weights_only" not in message
    assert "\x1b" not in message
    assert "\n" not in message
    assert not [w for w in seen if "torch" in str(w.filename)]


# --- 3. the cache key names what produced the text -----------------------------------------


def test_cache_is_keyed_on_the_model_files_not_the_revision(
    random_marian: Path, random_marian_lock: Path, tmp_path: Path
) -> None:
    folder = _copy_model(random_marian, tmp_path / "other")
    config = json.loads((folder / "generation_config.json").read_text(encoding="utf-8"))
    config["max_length"] = 5  # other decoding settings under the same revision
    (folder / "generation_config.json").write_text(json.dumps(config), encoding="utf-8")
    other = write_random_marian_lock(folder, tmp_path / "other.lock")
    same_revision = read_lock(random_marian_lock).pin().revision
    text = other.read_text(encoding="utf-8")
    text = text.replace(read_lock(other).pin().revision, same_revision)
    other.write_text(text, encoding="utf-8")
    settings = load_settings()
    texts = ["Kami siap.", "Banjir merendam ratusan rumah warga."]
    first = load_translator(read_lock(random_marian_lock).pin(), settings=settings, beam=1)
    cached_first = first.translate(texts)
    fresh = _guarded(other, "transformers", beam=1).translate(texts)
    assert fresh != cached_first
    second = load_translator(read_lock(other).pin(), settings=settings, beam=1)
    assert second.translate(texts) == fresh
    beams = load_translator(read_lock(other).pin(), settings=settings, beam=2)
    assert getattr(beams, "engine", "") != getattr(second, "engine", "")  # the cache key
    assert beams.identity.label.endswith("|beam:2")


# --- 4. every file the loader reads is pinned ----------------------------------------------


def test_a_lock_that_omits_a_read_file_is_refused_naming_it(
    random_marian_lock: Path, tmp_path: Path
) -> None:
    text = random_marian_lock.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith('"vocab.json"')]
    lock = tmp_path / "partial.lock"
    lock.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(LockError, match=r"does not pin vocab\.json"):
        load_translator(read_lock(lock).pin(), use_cache=False)
    code, _, err = _run("translate", "--lock", str(lock), "-", stdin="Kami siap.")
    assert code == 3
    assert "vocab.json" in err


def test_a_missing_source_spm_is_one_line(random_marian: Path, tmp_path: Path) -> None:
    folder = _copy_model(random_marian, tmp_path / "m")
    lock = write_random_marian_lock(folder, tmp_path / "m.lock")
    (folder / "source.spm").unlink()
    code, out, err = _run("translate", "--lock", str(lock), "-", stdin="Kami siap.")
    assert code == 3
    assert "missing: source.spm" in err
    assert "--no-translate" not in err  # `ringkas translate` has no such option
    assert out == ""


# --- 5. generation_config.json pinned and obeyed -------------------------------------------


def test_shipped_lock_pins_generation_config() -> None:
    assert read_lock().pin().file("generation_config.json").sha256 is None  # pinned by revision


def test_default_beam_is_the_models_own(random_marian_lock: Path) -> None:
    code, out, err = _run(
        "summarize",
        "-f",
        "json",
        "--no-cache",
        "--lock",
        str(random_marian_lock),
        "--engine",
        "transformers",
        "-",
        stdin="Kami siap menghadapi banjir tahun ini.",
    )
    assert code == 0, err
    assert json.loads(out)["signature"].endswith("|engine:transformers|beam:6")
    code, out, err = _run(
        "summarize",
        "-f",
        "json",
        "--no-cache",
        "--lock",
        str(random_marian_lock),
        "--engine",
        "transformers",
        "--beam",
        "1",
        "-",
        stdin="Kami siap menghadapi banjir.",
    )
    assert code == 0, err
    assert json.loads(out)["signature"].endswith("|beam:1")


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_bad_words_of_the_generation_config_are_never_generated(
    engine: str, random_marian_lock: Path, request: pytest.FixtureRequest
) -> None:
    lock = request.getfixturevalue("ct2_lock") if engine == "ctranslate2" else random_marian_lock
    pin = read_lock(lock).pin()
    assert pin.path is not None
    texts = ["Kami siap.", "Banjir merendam ratusan rumah warga."]
    if engine == "ctranslate2":
        from ringkas.translate import convert, ct2

        base = ct2.load_engine(pin.path, pin)
        by_piece = base._pieces.vocab

        def with_banned(ids: list[int]) -> Any:
            generation = {
                "max_length": 9,
                "no_repeat_ngram_size": 1,
                "forced_eos_token_id": 0,
                "bad_words_ids": [[i] for i in ids],
            }
            return ct2.CT2Engine(
                base._translator,
                base._pieces,
                generation,
                name="x",
                target_vocabulary=ct2._target_vocabulary(convert.converted_folder(pin, pin.path)),
            )

        def first_ids(engine_: Any) -> list[int]:
            out = engine_._translator.translate_batch(
                [engine_._pieces.encode(t) for t in texts],
                beam_size=1,
                max_decoding_length=7,
                suppress_sequences=engine_._suppress or None,
            )
            return [by_piece[r.hypotheses[0][0]] for r in out]
    else:
        from transformers import GenerationConfig

        from ringkas.translate import marian

        base = marian.load_engine(pin.path, pin)
        tokenizer = base._tokenizer

        def with_banned(ids: list[int]) -> Any:
            config = GenerationConfig.from_dict(
                {**base._generation.to_dict(), "bad_words_ids": [[i] for i in ids]}
            )
            return marian.MarianEngine(base._model, tokenizer, config)

        def first_ids(engine_: Any) -> list[int]:
            # what MarianEngine.generate runs: the model's generate with the engine's config
            batch = tokenizer(texts, return_tensors="pt", padding=True)
            out = engine_._model.generate(
                **batch, generation_config=engine_._generation, num_beams=1, max_new_tokens=3
            )
            return [row[1] for row in out.tolist()]  # row[0] is the decoder start token

    banned = first_ids(with_banned([54795]))
    engine_ = with_banned([54795, *banned])
    assert not set(first_ids(engine_)) & set(banned)


# --- 7. the CTranslate2 manifest does not vouch for itself -----------------------------------


def _own_conversion(ct2_lock: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the converted model (so it can be tampered with), recorded as made."""
    from ringkas.translate import convert

    pin = read_lock(ct2_lock).pin()
    assert pin.path is not None
    model = tmp_path / "m"
    model.mkdir()
    for name in MODEL_FILES:
        (model / name).symlink_to((pin.path / name).resolve())
    shutil.copytree(convert.converted_folder(pin, pin.path), tmp_path / "m.ct2")
    lock = write_random_marian_lock(model, tmp_path / "own.lock")
    adopt_conversion(lock)
    return lock, tmp_path / "m.ct2"


def test_a_rewritten_model_bin_with_its_manifest_is_refused(ct2_lock: Path, tmp_path: Path) -> None:
    from ringkas.fileio import sha256_file
    from ringkas.translate.convert import MANIFEST

    lock, converted = _own_conversion(ct2_lock, tmp_path)
    assert (
        _run(
            "translate",
            "--engine",
            "ctranslate2",
            "--no-cache",
            "--lock",
            str(lock),
            "-",
            stdin="Kami siap.",
        )[0]
        == 0
    )
    data = bytearray((converted / "model.bin").read_bytes())
    data[-100] ^= 0xFF
    (converted / "model.bin").write_bytes(bytes(data))
    manifest = json.loads((converted / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["model.bin"]["sha256"] = sha256_file(converted / "model.bin")
    (converted / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    code, out, err = _run(
        "translate",
        "--engine",
        "ctranslate2",
        "--no-cache",
        "--lock",
        str(lock),
        "-",
        stdin="Kami siap.",
    )
    assert code == 3
    assert "ringkas models convert" in err
    code, out, err = _run("models", "verify", "--lock", str(lock))
    assert code == 3
    assert f"translate.id-en.ct2\t{MANIFEST}\tMISMATCH" in out


def test_a_conversion_from_another_revision_is_a_mismatch_line(
    ct2_lock: Path, tmp_path: Path
) -> None:
    from ringkas.translate.convert import MANIFEST

    lock, converted = _own_conversion(ct2_lock, tmp_path)
    manifest = json.loads((converted / MANIFEST).read_text(encoding="utf-8"))
    manifest["source"]["revision"] = "b" * 40
    (converted / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    code, out, err = _run("models", "list", "--lock", str(lock))
    assert code == 0, err
    assert "translate.id-en.ct2\t" in out
    assert "\tMISMATCH\t" in out.splitlines()[1]
    code, out, err = _run("models", "verify", "--lock", str(lock))
    assert code == 3
    assert f"translate.id-en.ct2\t{MANIFEST}\tMISMATCH" in out
    assert "translate.id-en\tpytorch_model.bin\tok" in out  # the model itself still verified


# --- 9. untranslated text marked where it stands ---------------------------------------------


def test_translate_marks_untranslated_sentences(
    random_marian_lock: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ringkas.translate import guarded as translate

    real = translate.GuardedTranslator._translate_pieces

    def refuse_second(self: Any, pieces: Sequence[str]) -> list[str | None]:
        out = real(self, pieces)
        return [None if "Banjir" in p else o for p, o in zip(pieces, out, strict=True)]

    monkeypatch.setattr(translate.GuardedTranslator, "_translate_pieces", refuse_second)
    args = (
        "translate",
        "--no-cache",
        "--engine",
        "transformers",
        "--lock",
        str(random_marian_lock),
    )
    code, out, err = _run(*args, "-", stdin="Kami siap. Banjir merendam rumah.")
    assert code == 0, err
    assert "[not translated] Banjir merendam rumah." in out
    assert "marked [not translated]" in err
    records = '{"id": "a", "text": "Kami siap."}\n{"id": "b", "text": "Banjir merendam rumah."}\n'
    code, out, err = _run(*args, "--jsonl", "--format", "jsonl", "-", stdin=records)
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in lines] == ["a", "b"]
    assert lines[0]["translation"]
    assert lines[0]["flags"] == []
    assert lines[1] == {"id": "b", "translation": None, "flags": ["translation_failed"]}


# --- 10. segments without letters ------------------------------------------------------------


def test_segments_without_words_pass_through_unchanged(random_marian_lock: Path) -> None:
    translator = _guarded(random_marian_lock, "transformers", beam=1)
    recorder = _Recorder(translator.engine)
    translator.engine = recorder
    kept = ["12.345", "0812-3456-7890", "https://kompas.id/a/b?c=1", "🙂🙂", "(3/4)", "Rp 5.000"]
    out = translator.translate([*kept, "Kami siap."])
    assert out[: len(kept) - 1] == kept[:-1]
    assert out[-2] != "Rp 5.000"  # "Rp" is a word: it is translated
    assert sorted(recorder.sent) == ["Kami siap.", "Rp 5.000"]  # nothing else saw the model


# --- 11. tokenizer clean-up as MarianTokenizer.decode ----------------------------------------


def test_decoding_matches_marian_tokenizer_on_500_real_sentences(random_marian: Path) -> None:
    from transformers import MarianTokenizer

    from ringkas.translate.ct2 import MarianPieces
    from ringkas.translate.marian import _load_tokenizer

    if not NTREX.is_file():
        pytest.skip(f"{NTREX} is absent")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = MarianTokenizer.from_pretrained(str(SHARED_TOKENIZER))
    assert reference.clean_up_tokenization_spaces  # the repository's tokenizer_config asks
    ours = _load_tokenizer(random_marian, {"tokenizer_config.json"})
    pieces = MarianPieces(random_marian)
    by_id = {number: piece for piece, number in pieces.vocab.items()}
    records = [json.loads(line) for line in NTREX.read_text(encoding="utf-8").splitlines()]
    texts = [r["ref"] for r in records][:400] + [r["src"] for r in records][:100]
    texts += ["I'm here , don't go .", "It 's 5 o'clock , isn't it ?"]
    assert len(texts) >= 500
    changed = 0
    for text in texts:
        ids = reference(text_target=text)["input_ids"]
        expected = reference.decode(ids, skip_special_tokens=True)
        assert ours.decode(ids, skip_special_tokens=True) == expected, text
        assert pieces.decode([by_id[i] for i in ids]) == expected, text
        changed += expected != reference.decode(
            ids, skip_special_tokens=True, clean_up_tokenization_spaces=False
        )
    assert changed >= 3  # the clean-up really was exercised


# --- JSON Lines for the release check --------------------------------------------------------


def test_jsonl_records_come_back_in_input_order(random_marian_lock: Path) -> None:
    texts = ["Banjir merendam ratusan rumah warga di Jakarta.", "Kami siap.", "12.500", "Ya."]
    records = "".join(json.dumps({"id": f"r{n}", "text": t}) + "\n" for n, t in enumerate(texts))
    args = ("translate", "--jsonl", "--format", "jsonl", "--no-cache", "--beam", "1")
    code, out, err = _run(*args, "--lock", str(random_marian_lock), "-", stdin=records)
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in lines] == ["r0", "r1", "r2", "r3"]
    assert all(set(r) == {"id", "translation", "flags"} for r in lines)
    assert lines[2]["translation"] == "12.500"
    assert all(r["translation"] for r in lines)


def test_the_release_check_scorer_runs_on_ringkas_translate(
    random_marian_lock: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    pytest.importorskip("sacrebleu")
    scorer = EVAL / "score_translation.py"
    if not scorer.is_file() or not NTREX.is_file():
        pytest.skip("../shared/eval is absent")
    ringkas = Path(sys.executable).with_name("ringkas")
    command = f"{ringkas} translate --jsonl --format jsonl --beam 1 --lock {random_marian_lock} -"
    done = subprocess.run(
        [sys.executable, str(scorer), str(NTREX), "--cmd", command, "--limit", "12"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "BLEU" in done.stdout + done.stderr
