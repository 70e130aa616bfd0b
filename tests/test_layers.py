"""The layers of README "How the code is laid out", checked by import-linter (pyproject.toml).

import-linter reads every import, at module level and inside functions, so a lazy import that
climbs a layer breaks the contract as surely as a top-level one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# `lint-imports`, run by the Python running the tests (a console script may not be on PATH).
LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_layers_hold() -> None:
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # a leaf reaching up, inside a function: the lazy back edge the old layout had
        (
            "document.py",
            "def _up():\n    from ringkas.render.data import render_json\n",
            "ringkas.document is not allowed to import ringkas.render",
        ),
        # a backend importing the door
        (
            "translate/ct2.py",
            "from ringkas.translate.load import ENGINES\n",
            "ringkas.translate.ct2 is not allowed to import ringkas.translate.load",
        ),
        # the text analysis reaching for settings
        (
            "quotes.py",
            "from ringkas.settings import load_settings\n",
            "ringkas.quotes is not allowed to import ringkas.settings",
        ),
    ],
)
def test_a_climbing_import_breaks_them(tmp_path: Path, module: str, line: str, broken: str) -> None:
    shutil.copytree(
        ROOT / "ringkas", tmp_path / "ringkas", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "ringkas" / module).open("a", encoding="utf-8") as handle:
        handle.write("\n\n" + line)
    done = _lint(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 broken" in done.stdout
    assert broken in done.stdout.split("Broken contracts")[1]


def test_a_new_module_must_take_a_layer(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "ringkas", tmp_path / "ringkas", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "ringkas" / "stray.py").write_text('"""Not in any layer."""\n', encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode != 0
    assert "stray" in done.stdout + done.stderr
