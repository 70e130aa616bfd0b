"""Start-up stays light: --help and --no-translate runs never import torch or transformers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED

HEAVY = ("torch", "transformers", "ctranslate2", "rich.progress")
# Not heavy, but `ringkas --help` has no use for them: commands import their machinery on use.
NOT_FOR_HELP = (
    "rich",
    "snowballstemmer",
    "numpy",
    "py3langid",
    "ringkas.pipeline",
    "ringkas.sources",
    "ringkas.render",
)


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    import json

    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_does_not_import_heavy_modules() -> None:
    loaded = _modules_after(
        "from typer.testing import CliRunner; from ringkas.cli import app\n"
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output"
    )
    assert not {m for m in NOT_FOR_HELP if m in loaded}
    assert not {m for m in HEAVY if m in loaded}


def test_no_translate_summary_does_not_import_torch() -> None:
    loaded = _modules_after(
        "from typer.testing import CliRunner; from ringkas.cli import app\n"
        f"args = ['summarize', '--no-translate', '-f', 'json', {str(SEED)!r}]\n"
        "r = CliRunner().invoke(app, args)\n"
        "assert r.exit_code == 0, r.output"
    )
    assert "torch" not in loaded
    assert "transformers" not in loaded
    assert "rich.console" not in loaded  # piping JSON never loads Rich's console


def test_ctranslate2_translation_imports_neither_torch_nor_transformers(
    random_marian: Path, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    pytest.importorskip("ctranslate2")
    from tests.ct2kit import converted_lock

    lock = converted_lock(random_marian, request.config.cache, tmp_path)
    loaded = _modules_after(
        "from typer.testing import CliRunner; from ringkas.cli import app\n"
        "args = ['summarize', '--engine', 'ctranslate2', '--no-cache', '-f', 'json',\n"
        f"        '--lock', {str(lock)!r}, {str(SEED)!r}]\n"
        "r = CliRunner().invoke(app, args)\n"
        "assert r.exit_code == 0, r.output\n"
        "assert '|engine:ctranslate2-int8' in r.output, r.output"
    )
    assert "ctranslate2" in loaded  # it really translated
    assert "torch" not in loaded
    assert "transformers" not in loaded
