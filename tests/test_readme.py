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
