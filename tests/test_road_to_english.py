"""The road to English: a digest that went out in Indonesian is translated once the model is there.

Runs the real entry point in a child process with the architecture-exact random MarianMT
(tests/modelkit.py) standing in for the pulled model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ringkas.errors import EXIT_MODEL, PULL
from tests.test_errors import FLOOD, ringkas

ELECTION = (
    "KPU Tetapkan Jadwal Pilkada\n\n"
    "Komisi Pemilihan Umum menetapkan jadwal pemungutan suara pilkada serentak pada bulan "
    "November. Tahapan pendaftaran calon dibuka pekan depan.\n\n"
    '"Semua tahapan sudah kami susun dengan cermat," ujar Ketua KPU, Siti Rahma.\n'
)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (folder / "kpu.txt").write_text(ELECTION, encoding="utf-8")
    return folder


@pytest.fixture
def missing_lock(random_marian_lock: Path, tmp_path: Path) -> Path:
    """The random model's lock, pointing at a folder that does not exist: no model yet."""
    text = random_marian_lock.read_text(encoding="utf-8")
    folder = json.dumps(str(tmp_path / "no-model-yet"))
    lines = [f"path = {folder}" if ln.startswith("path = ") else ln for ln in text.splitlines()]
    lock = tmp_path / "missing.lock"
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lock


def test_an_untranslated_digest_is_translated_by_the_next_run_after_the_model_arrives(
    inbox: Path, tmp_path: Path, missing_lock: Path, random_marian_lock: Path
) -> None:
    home = tmp_path / "home"
    out = tmp_path / "d.json"
    args = ("digest", inbox, "--out", out)

    code, _, err = ringkas(*args, "--lock", missing_lock, home=home)

    assert code == 0, err
    assert PULL in err
    first = json.loads(out.read_text(encoding="utf-8"))
    assert first["counts"]["untranslated"] == 2

    # Cron's `--translate always` fails while the day's digest still holds Indonesian stories,
    # even with no new file, and leaves the digest as it was.
    code, _, err = ringkas(*args, "--translate", "always", "--lock", missing_lock, home=home)

    assert code == EXIT_MODEL
    assert err.startswith("Error:")
    assert json.loads(out.read_text(encoding="utf-8")) == first

    # `ringkas models pull` happened: the next ordinary run translates them, no --rebuild.
    code, stdout, err = ringkas(*args, "--lock", random_marian_lock, home=home)

    assert code == 0, err
    assert "0 new file(s), 2 translated now" in stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["counts"]["untranslated"] == 0
    for entry in data["entries"]:
        assert "model_missing" not in entry["report"]["flags"]
        assert entry["report"]["title_translation"]
        assert all(s["translation"] for s in entry["report"]["summary"])

    code, stdout, _ = ringkas(
        *args, "--translate", "always", "--lock", random_marian_lock, home=home
    )

    assert code == 0
    assert stdout.startswith("Nothing new")


def test_quiet_without_the_model_prints_nothing_and_the_header_says_what_to_do(
    inbox: Path, tmp_path: Path, missing_lock: Path
) -> None:
    out = tmp_path / "d.md"
    args = ("digest", inbox, "--out", out, "--quiet", "--lock", missing_lock)

    code, stdout, err = ringkas(*args, home=tmp_path / "home")

    assert (code, stdout, err) == (0, "", "")  # cron mails nothing
    header = out.read_text(encoding="utf-8").split("\n\n")[1]
    assert "2 not translated" in header
    assert PULL in header


def test_the_notice_is_shown_once_per_run(inbox: Path, tmp_path: Path, missing_lock: Path) -> None:
    args = ("digest", inbox, "--out", tmp_path / "d.md", "--lock", missing_lock)

    code, _, err = ringkas(*args, home=tmp_path / "home")

    assert code == 0
    assert err.count(PULL) == 1
    assert err.count("\n") == 1
