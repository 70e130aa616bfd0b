"""The command line through the real transformers code on the random-weights MarianMT:
`summarize` translating, the cache, `--full`, `--bilingual`, `ringkas translate`, `ringkas
models`, and every way the model can be missing or wrong. The network is never touched."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from ringkas.cli.translator import model_notice
from ringkas.document import Flag
from ringkas.errors import RingkasError
from ringkas.models.lock import read_lock
from tests.conftest import SEED
from tests.modelkit import MODEL_FILES, WEIGHTS

runner = CliRunner()
TRANSFORMERS = ("--engine", "transformers")

# A test fails if anything opens a network connection (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("no_network")


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Invoke the app as `ringkas` would, mapping RingkasError to its exit code."""
    result = runner.invoke(app, list(args), input=stdin)
    if isinstance(result.exception, RingkasError):
        return result.exception.exit_code, result.stdout, str(result.exception)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module", autouse=True)
def one_thread() -> None:
    """One torch thread: on a shared 2-core machine two spinning threads are far slower."""
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)


@pytest.fixture
def model_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count engine loads and generate() calls of the real MarianMT engine."""
    from ringkas.translate import load as translate
    from ringkas.translate import marian

    counts = {"loads": 0, "generate": 0, "sentences": 0}
    real_load, real_generate = translate.load_engine, marian.MarianEngine.generate

    def load(*args: Any, **kwargs: Any) -> Any:
        counts["loads"] += 1
        return real_load(*args, **kwargs)

    def generate(self: Any, texts: Any, **kwargs: Any) -> Any:
        counts["generate"] += 1
        counts["sentences"] += len(texts)
        return real_generate(self, texts, **kwargs)

    monkeypatch.setattr(translate, "load_engine", load)
    monkeypatch.setattr(marian.MarianEngine, "generate", generate)
    return counts


def test_summarize_translates_everything_and_a_second_run_is_served_by_the_cache(
    random_marian_lock: Path, model_calls: dict[str, int]
) -> None:
    # --engine transformers: this file tests that engine even if a CTranslate2 copy exists.
    args = ("summarize", "-f", "json", *TRANSFORMERS, "--lock", str(random_marian_lock), str(SEED))
    code, out, err = _run(*args)
    assert code == 0, err
    report = json.loads(out)
    pin = read_lock(random_marian_lock).pin()
    assert report["model"] == f"{pin.ref} transformers|beam:6"
    assert report["signature"].endswith(f"|mt:{pin.ref}|engine:transformers|beam:6")
    assert report["flags"] == []
    assert report["title_translation"]
    assert report["summary"]
    assert all(s["translation"] for s in report["summary"])
    assert report["quotes"]
    assert all(q["translation"] for q in report["quotes"])
    asked = {report["title"], *(s["text"] for s in report["summary"])}
    asked |= {q["text"] for q in report["quotes"]}
    assert model_calls["loads"] == 1
    assert model_calls["sentences"] == len(asked)  # each distinct text once, no retries

    first = dict(model_calls)
    code, again, err = _run(*args)
    assert code == 0, err
    assert again == out  # deterministic, and now from the cache
    assert model_calls == first  # no load and no generate: the model did no work

    code, out, _ = _run(*args[:1], "-f", "plain", "--bilingual", *args[3:])
    assert code == 0
    for quote in report["quotes"]:
        assert f'- "{quote["translation"]}"' in out  # the English words back inside the marks
        assert f'  "{quote["text"]}"' in out  # the Indonesian under it
    assert model_calls == first

    # A fresh process answered by the cache never imports torch or transformers.
    probe = (
        "import sys; from ringkas.cli import main; sys.argv = ['ringkas', *sys.argv[1:]]\n"
        "try:\n    main()\nfinally:\n"
        "    print('HEAVY', sorted({'torch', 'transformers'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("HEAVY []\n")
    assert json.loads(done.stdout.rsplit("HEAVY", 1)[0]) == report

    code, out, err = _run(*args[:1], "--no-cache", *args[1:])
    assert code == 0, err
    assert json.loads(out) == report
    assert model_calls["loads"] == 2
    assert model_calls["sentences"] == 2 * len(asked)


def test_full_translates_every_sentence_by_paragraph(random_marian_lock: Path) -> None:
    code, out, err = _run(
        "summarize",
        "-f",
        "json",
        "--full",
        *TRANSFORMERS,
        "--lock",
        str(random_marian_lock),
        str(SEED),
    )
    assert code == 0, err
    report = json.loads(out)
    paragraphs = report["paragraphs"]
    assert len(paragraphs) > 1
    assert sum(len(p) for p in paragraphs) == report["sentences_total"]
    assert all(s["translation"] for p in paragraphs for s in p)


def test_translate_command_reads_stdin_and_keeps_paragraphs(random_marian_lock: Path) -> None:
    text = "Presiden meresmikan jalan tol baru. Harga beras naik.\n\nKami siap, katanya.\n"
    lock = ("--lock", str(random_marian_lock))
    code, out, err = _run("translate", *TRANSFORMERS, *lock, "-", stdin=text)
    assert code == 0, err
    paragraphs = out.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 2
    assert all(p.strip() for p in paragraphs)
    assert "Presiden" not in out  # every sentence came back from the model
    code, bilingual, _ = _run("translate", "--bilingual", *TRANSFORMERS, *lock, "-", stdin=text)
    assert code == 0
    assert "  Presiden meresmikan jalan tol baru." in bilingual
    assert paragraphs[1] in bilingual


def _lock_to(random_marian_lock: Path, folder: Path, dest: Path) -> Path:
    """A copy of the random model's lock that points at another folder."""
    source = read_lock(random_marian_lock).pin().path
    text = random_marian_lock.read_text(encoding="utf-8").replace(str(source), str(folder))
    dest.write_text(text, encoding="utf-8")
    return dest


def test_missing_model_auto_warns_and_flags_always_exits_3(
    random_marian_lock: Path, tmp_path: Path
) -> None:
    lock = _lock_to(random_marian_lock, tmp_path / "nowhere", tmp_path / "m.lock")
    code, out, err = _run("summarize", "-f", "json", "--lock", str(lock), str(SEED))
    assert code == 0
    assert err == model_notice() + "\n"  # one line, once
    report = json.loads(out)
    assert Flag.MODEL_MISSING in report["flags"]
    assert report["title_translation"] is None
    code, _, err = _run("summarize", "--translate", "always", "--lock", str(lock), str(SEED))
    assert code == 3
    assert "is not in" in err
    code, _, _ = _run("translate", "--lock", str(lock), str(SEED))
    assert code == 3
    code, out, _ = _run("summarize", "--no-translate", "-f", "json", "--lock", str(lock), str(SEED))
    assert code == 0
    assert Flag.MODEL_MISSING not in json.loads(out)["flags"]


def test_tampered_weights_exit_3_in_every_translating_mode(
    random_marian: Path, random_marian_lock: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "copy"
    folder.mkdir()
    for name in MODEL_FILES:
        shutil.copyfile(random_marian / name, folder / name)
    with (folder / WEIGHTS).open("r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 1]))
    lock = _lock_to(random_marian_lock, folder, tmp_path / "m.lock")
    for mode in ("auto", "always"):
        code, _, err = _run("summarize", "--translate", mode, "--lock", str(lock), str(SEED))
        assert code == 3, err
        assert "pytorch_model.bin: wrong sha256" in err
    code, out, _ = _run("models", "verify", "--lock", str(lock))
    assert code == 3
    assert f"{WEIGHTS}\twrong sha256" in out


def test_a_lock_revision_that_is_not_a_commit_is_rejected(
    random_marian_lock: Path, tmp_path: Path
) -> None:
    pin = read_lock(random_marian_lock).pin()
    text = random_marian_lock.read_text(encoding="utf-8").replace(pin.revision, "main")
    bad = tmp_path / "bad.lock"
    bad.write_text(text, encoding="utf-8")
    code, _, err = _run("summarize", "--lock", str(bad), str(SEED))
    assert code == 3
    assert "full 40-character commit" in err


def test_models_commands(random_marian_lock: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin = read_lock(random_marian_lock).pin()
    code, out, _ = _run("models", "list", "--lock", str(random_marian_lock))
    assert code == 0
    assert out.split("\t")[:3] == [pin.name, f"{pin.repo}@{pin.revision}", "verified"]
    code, out, _ = _run("models", "path", pin.name, "--lock", str(random_marian_lock))
    assert (code, out) == (0, f"{pin.path}\n")
    monkeypatch.setenv("RINGKAS_MODELS_LOCK", str(random_marian_lock))
    code, out, _ = _run("models", "verify")
    assert code == 0
    assert out.count("\tok\t") == len(MODEL_FILES)
