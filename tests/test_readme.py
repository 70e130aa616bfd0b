"""README.md's set-up commands are the ones CI runs and the ones that work."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_shows_exactly_two_setup_commands() -> None:
    install, tests = _setup_commands()
    assert "ringkas summarize seeds/" in install
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    _, tests = _setup_commands()
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_seed_named_in_readme_exists() -> None:
    install, _ = _setup_commands()
    seed = re.search(r"seeds/\S+", install)
    assert seed
    assert (ROOT / seed.group(0)).is_file()


def test_ci_runs_the_readme_install_command_in_a_fresh_virtualenv() -> None:
    install, _ = _setup_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install in ci.splitlines()
    assert "pip check" in ci


def test_usage_examples_name_only_files_in_the_clone() -> None:
    # Every path a README example names exists in the clone, so examples run as written.
    for path in re.findall(r"\b(seeds/[\w./]*)", README):
        assert (ROOT / path).exists(), path
