"""Shared fixtures: seed paths, FakeTranslator, an isolated RINGKAS_HOME, golden files."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import hypothesis
import pytest

from ringkas.document import Article
from ringkas.translate.base import TranslatorId

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_fad9490de3d14571.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"
EVAL = ROOT.parent / "shared" / "eval"
SHARED_TOKENIZER = ROOT.parent / "shared" / "models" / "opus-mt-id-en-tokenizer"

# Hypothesis: a quick profile locally, thousands of examples in CI (which sets CI=true), and
# HYPOTHESIS_PROFILE to pick one by hand. No deadline: a loaded 2-core runner is not a bug.
hypothesis.settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis.settings.register_profile("ci", max_examples=2000, deadline=None, print_blob=True)
hypothesis.settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)


# A short Indonesian article with a headline and an attributed quote (digest and error tests).
FLOOD = (
    "Banjir Melanda Jakarta Utara\n\n"
    "Banjir setinggi satu meter melanda kawasan Jakarta Utara pada Senin pagi setelah hujan "
    "deras sepanjang malam. Ratusan rumah di Penjaringan dan Pluit terendam.\n\n"
    '"Kami sudah siapkan dua puluh pompa air dan perahu karet," kata Kepala BPBD DKI Jakarta, '
    "Budi Santoso.\n"
)

# Whole articles in languages ringkas does not translate (language tests).
ENGLISH = (
    "The government announced on Tuesday a new package of measures to help low-income "
    "households cope with rising living costs, the prime minister told reporters in the "
    "capital. He said two billion dollars had been approved and that the aid would reach "
    "eligible families from next month.\n\n"
    '"We cannot let people carry this burden alone," he said at the opening of a new hospital.'
)
FRENCH = (
    "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les ménages "
    "face à la hausse des prix de l'énergie. Le Premier ministre a déclaré que l'aide serait "
    "versée dès le mois prochain aux familles les plus modestes, selon un communiqué publié "
    "dans la soirée.\n\n« Nous ne laisserons personne de côté », a-t-il affirmé à la presse."
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden/ from current output."
    )


class FakeTranslator:
    """A fake for formatting tests only: tags text as `[en] …`; no model, no translation."""

    identity = TranslatorId(model="fake@0000000", engine="fake")

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.calls.append(list(texts))
        return [f"[en] {t}" for t in texts]


@pytest.fixture
def fake_translator() -> FakeTranslator:
    return FakeTranslator()


@pytest.fixture(autouse=True)
def ringkas_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own RINGKAS_HOME and no inherited lock or colour settings."""
    home = tmp_path / "ringkas-home"
    monkeypatch.setenv("RINGKAS_HOME", str(home))
    monkeypatch.delenv("RINGKAS_MODELS_LOCK", raising=False)
    for name in ("NO_COLOR", "FORCE_COLOR", "RINGKAS_CONFIG"):  # a user's config stays theirs
        monkeypatch.delenv(name, raising=False)
    yield home
    # A CLI run caches the language model there (~45 MB); pytest keeps three runs' tmp folders.
    shutil.rmtree(home / "cache" / "language", ignore_errors=True)


def article(*paragraphs: str, title: str | None = None, id: str = "t") -> Article:  # noqa: A002
    """Build an Article from paragraphs, so a test shows its whole input."""
    return Article(id=id, source=f"{id}.txt", text="\n\n".join(paragraphs), title=title)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.write_text(actual, encoding="utf-8")
        assert path.exists(), f"{path} is missing; run pytest --update-golden and review it"
        assert actual == path.read_text(encoding="utf-8")

    return check


@pytest.fixture(scope="session")
def random_marian(request: pytest.FixtureRequest) -> Path:
    """An architecture-exact random-weights MarianMT, built once into the pytest cache."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    if not SHARED_TOKENIZER.is_dir():
        pytest.skip(f"{SHARED_TOKENIZER} is absent")
    from tests.modelkit import build_random_marian

    return build_random_marian(request.config.cache.mkdir("ringkas-random-marian") / "seed0")


@pytest.fixture(scope="session")
def random_marian_lock(random_marian: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models.lock pinning the random model as a local-folder entry with every sha256."""
    from tests.modelkit import write_random_marian_lock

    return write_random_marian_lock(random_marian, tmp_path_factory.mktemp("lock") / "models.lock")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Fail the test if anything opens a network connection (the model path runs offline)."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError(f"network access during a test: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts
    assert attempts == [], f"the network was asked for: {attempts}"
