"""`ringkas batch` on a local Ray cluster: the same records as one process, failures set aside,
a killed worker survived. One module-scoped cluster keeps this file short (CI has 2 cores)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from tests.conftest import EVAL, FRENCH

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'ringkas[ray]'")
pytest.importorskip("ray.data", reason="Ray Data is not installed: pip install 'ringkas[ray]'")

runner = CliRunner()
DEV = EVAL / "indosum_dev01.jsonl"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 2-CPU local Ray cluster whose workers keep their caches in a temporary home."""
    home = tmp_path_factory.mktemp("ray-home")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"RINGKAS_HOME": str(home)}},
    )
    yield home
    ray.shutdown()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 IndoSum dev records, a line that is not JSON and a French record (poisoned)."""
    if not DEV.is_file():
        pytest.skip(f"{DEV} is absent (../shared not beside the repository)")
    with DEV.open(encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(200), handle, strict=False)]
    lines.insert(57, '{"id": "broken", "text": \n')
    lines.insert(131, json.dumps({"id": "french", "text": FRENCH}) + "\n")
    path = tmp_path_factory.mktemp("archive") / "dev.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _adopt_in(home: Path, lock: Path) -> None:
    """Record the conversion in the workers' home too: a conversion is trusted only by homes
    that recorded it (what `ringkas models convert` does on every node)."""
    from ringkas.models.lock import read_lock
    from ringkas.settings import load_settings
    from ringkas.translate import convert

    pin = read_lock(lock).pin()
    assert pin.path is not None
    convert.record_conversion(pin, pin.path, load_settings({"RINGKAS_HOME": str(home)}))


def _lines(folder: Path) -> list[str]:
    shards = sorted(folder.glob("part-*.jsonl"))
    return [line for shard in shards for line in shard.read_text(encoding="utf-8").splitlines()]


def test_batch_on_ray_matches_one_process_and_sets_poisoned_records_aside(
    cluster: Path, archive: Path, random_marian: Path, request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:  # fmt: skip
    pytest.importorskip("ctranslate2")
    from tests.ct2kit import converted_lock

    # The random MarianMT converted for CTranslate2: what `--engine auto` picks on a cluster.
    lock = converted_lock(random_marian, request.config.cache, tmp_path)
    _adopt_in(cluster, lock)
    args = ["--jsonl", "--lock", str(lock), "--no-cache", "--translate", "always", str(archive)]
    single = runner.invoke(app, ["summarize", "-f", "jsonl", *args])
    assert single.exit_code == 1  # the two poisoned records
    expected = single.stdout.splitlines()
    assert len(expected) == 200
    assert all(json.loads(line)["summary"][0]["translation"] for line in expected)

    out = tmp_path / "out"
    done = runner.invoke(app, ["batch", "--out", str(out), "--shard-size", "64", *args])
    assert done.exit_code == 1, done.output
    assert "200 articles in 4 shard(s)" in done.stdout
    assert "2 failed" in done.stdout
    assert _lines(out) == expected  # record by record, in input order
    failures = [json.loads(line) for line in (out / "_failures.jsonl").read_text().splitlines()]
    assert [f["source"] for f in failures] == [f"{archive}:58", f"{archive}:132"]
    assert "not valid JSON" in failures[0]["error"]
    assert "French" in failures[1]["error"]


def test_a_killed_worker_and_a_crashing_record_lose_nothing(
    cluster: Path, archive: Path, tmp_path: Path
) -> None:
    from ringkas.cli.inputs import iter_articles
    from ringkas.ray import BatchJob, Summarizer, run_batch

    marker = tmp_path / "killed-once"

    class DiesOnceAndCrashesOnOne(Summarizer):
        """Its process dies in its first batch (once per run); one record raises a bug."""

        def __call__(self, batch: Any) -> Any:
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                pass
            else:
                os._exit(1)  # mid-job, without any clean-up: what an OOM kill looks like
            return super().__call__(batch)

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            prepare = self.pipeline.prepare

            def crashing(item: Any, number: int) -> Any:
                if getattr(item, "id", None) == "crash-me" or (
                    isinstance(item, dict) and item.get("id") == "crash-me"
                ):
                    raise RuntimeError("a bug only this record triggers")
                return prepare(item, number)

            self.pipeline.prepare = crashing  # type: ignore[method-assign]

    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[:60]]
    records.insert(10, {"id": "crash-me", "text": records[0]["text"]})
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    job = BatchJob(out=tmp_path / "out", actors=2, batch_size=8, options={"translate": "never"})
    articles = iter_articles([str(path)], jsonl=True)
    result = run_batch(job, articles, summarizer=DiesOnceAndCrashesOnOne)
    assert marker.exists()  # a worker really died
    ids = [json.loads(line)["id"] for line in _lines(job.out)]
    assert ids == [r["id"] for r in records if r["id"] != "crash-me"]  # each exactly once
    assert result.failed == 1
    failure = json.loads((job.out / "_failures.jsonl").read_text())
    assert failure["id"] == "crash-me"
    assert "RuntimeError: a bug only this record triggers" in failure["error"]


def test_summarizer_columns_round_trip_to_the_json_contract() -> None:
    """Rows {id, text, title?} in any batch format; schema-1 columns out (no cluster needed)."""
    import pyarrow as pa

    import ringkas
    from ringkas.ray import COLUMNS, Summarizer, record_of

    text = "Presiden berkata bahwa rapat kabinet berjalan lancar. Menteri setuju."
    summarizer = Summarizer.bind(translate="never")()
    batch = {"id": ["a", "fr"], "text": [text, FRENCH], "title": ["Rapat", None]}
    table = summarizer(batch)
    assert table.column_names == list(COLUMNS)
    assert table.schema.field("summary").type == pa.string()  # nested fields as JSON text
    good, refused = table.to_pylist()
    expected = ringkas.summarize(
        text, title="Rapat", translate="never", id="a", source="<record 1>"
    )
    assert record_of(good) == expected.to_dict()
    assert good["error"] is None
    assert refused["id"] == "fr"
    assert "French" in refused["error"]
    assert summarizer(pa.Table.from_pylist([{"id": "a", "text": text}])).num_rows == 1
