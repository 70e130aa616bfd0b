"""The Python API (`import ringkas`) gives what the CLI prints: same JSON, same errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import ringkas
from ringkas import errors
from ringkas.cli import app
from ringkas.render.data import render_json, render_jsonl
from tests.conftest import EVAL, FRENCH, SEED, FakeTranslator

runner = CliRunner()
DEV = EVAL / "indosum_dev01.jsonl"


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_to_dict_is_what_format_json_prints_for_the_seed() -> None:
    printed = json.loads(_cli("summarize", "-f", "json", "--no-translate", str(SEED)))
    text = SEED.read_text(encoding="utf-8")
    report = ringkas.summarize(text, translate="never", id=SEED.stem, source=str(SEED))
    assert report.to_dict() == printed
    # One code path: the renderers print exactly to_dict().
    assert json.loads(render_json(report)) == report.to_dict()
    assert (
        render_jsonl(report)
        == json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
    )


def test_translated_seed_matches_the_cli(random_marian_lock: Path) -> None:
    pytest.importorskip("torch").set_num_threads(1)
    model = ("--engine", "transformers", "--lock", str(random_marian_lock), "--no-cache")
    printed = json.loads(_cli("summarize", "-f", "json", "--full", *model, str(SEED)))
    report = ringkas.summarize(
        SEED.read_text(encoding="utf-8"),
        translate="always",
        engine="transformers",
        lock=random_marian_lock,
        cache=False,
        full=True,
        id=SEED.stem,
        source=str(SEED),
    )
    assert report.to_dict() == printed
    assert report.model
    assert all(item.translation for item in report.summary)


def _dev_records(count: int) -> list[dict[str, Any]]:
    if not DEV.is_file():
        pytest.skip(f"{DEV} is absent (../shared not beside the repository)")
    with DEV.open(encoding="utf-8") as handle:
        return [json.loads(line) for _, line in zip(range(count), handle, strict=False)]


def test_pipeline_matches_the_cli_on_50_dev_articles(tmp_path: Path) -> None:
    records = _dev_records(50)
    path = tmp_path / "dev50.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    printed = _cli("summarize", "--jsonl", "-f", "jsonl", "--sentences", "2", "--quotes", "all",
                   "--no-translate", str(path))  # fmt: skip
    items = [{**r, "source": f"{path}:{n}"} for n, r in enumerate(records, start=1)]
    with ringkas.Pipeline(translate="never", sentences=2, quotes=None) as pipeline:
        lines = [render_jsonl(report) for report in pipeline.run(items)]
    assert len(lines) == 50
    assert "".join(lines) == printed


def test_pipeline_opens_one_translator_and_batches_like_the_cli() -> None:
    fake = FakeTranslator()
    texts = [f"Presiden berkata bahwa rapat ke-{n} berjalan lancar." for n in range(130)]
    pipeline = ringkas.Pipeline(translator=fake, force_language="id")
    reports = list(pipeline.run(texts))
    assert [r.id for r in reports] == [str(n) for n in range(1, 131)]
    assert len(fake.calls) == 3  # chunks of 64, 64 and 2: one batched call each
    assert reports[0].summary[0].translation == f"[en] {texts[0]}"
    assert reports[0].model == fake.identity.label


def test_errors_are_the_cli_exception_types() -> None:
    assert ringkas.RingkasError is errors.RingkasError
    assert ringkas.InputError is errors.InputError
    assert ringkas.ModelUnavailable is errors.ModelUnavailable
    with pytest.raises(ringkas.InputError, match="French") as refused:
        ringkas.summarize(FRENCH, translate="never")
    assert refused.value.exit_code == errors.EXIT_INPUT
    with pytest.raises(ringkas.UsageError):
        ringkas.Pipeline(translate="never", method="best")


def test_missing_model_raises_on_always_and_flags_on_auto(
    random_marian_lock: Path, random_marian: Path, tmp_path: Path
) -> None:
    lock = tmp_path / "models.lock"  # the random model's pins, at a folder that holds nothing
    text = random_marian_lock.read_text(encoding="utf-8")
    lock.write_text(text.replace(str(random_marian.resolve()), str(tmp_path / "absent")))
    with pytest.raises(ringkas.ModelUnavailable) as missing:
        ringkas.summarize("Presiden berkata rapat berjalan lancar.", translate="always", lock=lock)
    assert missing.value.exit_code == errors.EXIT_MODEL
    report = ringkas.summarize("Presiden berkata rapat berjalan lancar.", lock=lock)
    assert report.flags == ("model_missing",)
    assert report.to_dict()["summary"][0]["translation"] is None


def test_run_safely_yields_failures_in_place_and_goes_on() -> None:
    items = ["Presiden berkata rapat berjalan lancar.", {"id": "fr", "text": FRENCH}, {"id": 3}]
    results = list(ringkas.Pipeline(translate="never").run_safely(items))
    assert isinstance(results[0], ringkas.Report)
    assert isinstance(results[1], ringkas.Failure)
    assert results[1].id == "fr"
    assert isinstance(results[1].error, ringkas.InputError)
    assert isinstance(results[2], ringkas.Failure)
    assert "text" in str(results[2].error)


def test_import_ringkas_stays_light_and_ships_py_typed() -> None:
    probe = (
        "import sys, ringkas; ringkas.__version__; ringkas.RingkasError\n"
        "print(sorted(m for m in ('numpy', 'torch', 'rich', 'ringkas.api', 'ray') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"
    assert (Path(ringkas.__file__).parent / "py.typed").is_file()
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    assert '"py.typed"' in pyproject
