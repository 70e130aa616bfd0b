"""Ray Data: summarise and translate archives across a cluster (`pip install 'ringkas[ray]'`).

    import ray
    from ringkas.ray import Summarizer

    ds = ray.data.read_json("archive/")  # rows {"id", "text", "title"?}
    out = ds.map_batches(Summarizer, fn_constructor_kwargs={"translate": "always"},
                         concurrency=8, batch_size=64, batch_format="pyarrow")

Each actor opens the pinned translator once (CTranslate2 when converted); every output row holds
the schema-1 fields of `ringkas summarize --format json` as columns (summary, quotes, flags and
paragraphs as JSON strings, so Arrow never has to guess a nested schema), plus `error`: null, or
why that row could not be summarised (one bad record never fails the job). `ringkas batch` is
the command built on it. Ray itself is imported only when a dataset is built.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ringkas.document import Article
from ringkas.errors import RingkasError, UsageError

if TYPE_CHECKING:
    import pyarrow as pa

    from ringkas.api import Failure
    from ringkas.document import Report
    from ringkas.sources import Failure as ReadFailure

#: Output columns: the JSON contract's fields, then `error`.
COLUMNS = (
    "schema",
    "id",
    "source",
    "title",
    "title_translation",
    "sentences_total",
    "method",
    "summary",
    "quotes",
    "flags",
    "model",
    "signature",
    "paragraphs",
    "error",
)
#: Fields carried as JSON text (their nested shape would force an Arrow schema on users).
NESTED = ("summary", "quotes", "flags", "paragraphs")
_INTEGERS = ("schema", "sentences_total")
#: Columns of the rows `read_inputs` produces (all strings: "" stands for none).
READ_COLUMNS = ("id", "source", "text", "title", "flags", "error")


def output_schema() -> pa.Schema:
    """The Arrow schema of Summarizer's output: fixed, so every block has the same one."""
    import pyarrow as pa

    types = {name: pa.int64() if name in _INTEGERS else pa.string() for name in COLUMNS}
    return pa.schema([(name, types[name]) for name in COLUMNS])


class Summarizer:
    """A callable class for `Dataset.map_batches(Summarizer, concurrency=N)`.

    The constructor takes `ringkas.Pipeline`'s options (translate, engine, lock, cache,
    sentences, quotes, …; one engine thread per actor by default) and opens the translator
    once per actor. A batch holds rows {"id", "text", "title"?}; rows `read_inputs` made also
    carry their source, flags and any read error. Returns a pyarrow Table of COLUMNS.
    """

    def __init__(self, **options: Any) -> None:
        from ringkas.api import Pipeline

        options.setdefault("threads", 1)
        self.pipeline = Pipeline(**options)

    @classmethod
    def bind(cls, **options: Any) -> type[Summarizer]:
        """A subclass with these options built in (no constructor arguments to keep alive)."""

        def __init__(self: Summarizer, **more: Any) -> None:
            cls.__init__(self, **{**options, **more})

        return type(cls.__name__, (cls,), {"__init__": __init__, "__module__": cls.__module__})

    def __call__(self, batch: Any) -> pa.Table:
        """Summarise one batch; rows that fail come back with `error` set, in input order."""
        import pyarrow as pa

        rows = _batch_rows(batch)
        wanted = [_item(row) for row in rows if not row.get("error")]
        results = iter(self.pipeline.run_safely(wanted))
        out = [_error_row(row) if row.get("error") else row_of(next(results)) for row in rows]
        return pa.Table.from_pylist(out, schema=output_schema())


def _batch_rows(batch: Any) -> list[dict[str, Any]]:
    """Rows of a batch in any of Ray's formats: pyarrow, pandas, or a dict of columns."""
    if hasattr(batch, "to_pylist"):
        rows: list[dict[str, Any]] = batch.to_pylist()
        return rows
    if hasattr(batch, "to_dict"):
        records: list[dict[str, Any]] = batch.to_dict("records")
        return records
    columns = {name: list(values) for name, values in dict(batch).items()}
    size = len(next(iter(columns.values()), []))
    return [{name: _native(values[i]) for name, values in columns.items()} for i in range(size)]


def _native(value: Any) -> Any:
    """A numpy scalar as the Python value it holds."""
    return value.item() if hasattr(value, "item") else value


def _item(row: Mapping[str, Any]) -> Article | Mapping[str, Any]:
    """An Article for a row `read_inputs` made (already bounded), else the record itself."""
    if "flags" not in row or not isinstance(row.get("source"), str):
        return row
    return Article(
        id=str(row["id"]),
        source=row["source"],
        text=row["text"],
        title=row.get("title") or None,
        flags=tuple(json.loads(row["flags"] or "[]")),
    )


def row_of(result: Report | Failure) -> dict[str, Any]:
    """One output row: a report's schema-1 fields (nested ones as JSON), or its failure."""
    from ringkas.api import Failure

    if isinstance(result, Failure):
        return _error_row({"id": result.id, "source": result.source, "error": str(result.error)})
    data = result.to_dict()
    row = {name: data.get(name) for name in COLUMNS}
    for name in NESTED:
        if name in data:
            row[name] = json.dumps(data[name], ensure_ascii=False, sort_keys=True)
    return row


def _error_row(row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(COLUMNS)
    out.update(id=row.get("id") or None, source=row.get("source"), error=row["error"])
    return out


def record_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """The schema-1 object of an output row (what `--format json` prints), without `error`."""
    data = {name: row[name] for name in COLUMNS if name not in ("error", "paragraphs")}
    for name in NESTED:
        if name in data:
            data[name] = json.loads(data[name])
    if row.get("paragraphs") is not None:
        data["paragraphs"] = json.loads(row["paragraphs"])
    return data


def read_inputs(batch: Any) -> Iterator[pa.Table]:
    """Read a batch of input files ({"path", "jsonl", "max_chars", "rows"}) into READ_COLUMNS.

    Each file is read as `ringkas summarize` reads it (a text or HTML file is one article, a
    JSON Lines file one per record, streamed in tables of `rows` records: one block is one
    actor call, so a single big file still spreads over every actor); what cannot be read
    becomes a row with `error`.
    """
    import pyarrow as pa

    schema = pa.schema([(name, pa.string()) for name in READ_COLUMNS])
    out: list[dict[str, str]] = []
    for row in _batch_rows(batch):
        size = int(row.get("rows") or 64)
        for item in _read_file(str(row["path"]), bool(row["jsonl"]), row.get("max_chars")):
            out.append(_read_row(item))
            if len(out) >= size:
                yield pa.Table.from_pylist(out, schema=schema)
                out = []
    if out:
        yield pa.Table.from_pylist(out, schema=schema)


def _read_file(name: str, jsonl: bool, max_chars: int | None) -> Iterator[Article | ReadFailure]:
    from ringkas.sources import Failure, read_article, read_jsonl

    no_stdin = io.BytesIO()
    try:
        if jsonl:
            yield from read_jsonl(name, no_stdin, max_chars=max_chars or None)
        else:
            yield read_article(name, no_stdin, max_chars=max_chars or None)
    except RingkasError as error:
        yield Failure(name, error)


def _read_row(item: Article | ReadFailure) -> dict[str, str]:
    if isinstance(item, Article):
        flags = json.dumps(list(item.flags))
        return {"id": item.id, "source": item.source, "text": item.text,
                "title": item.title or "", "flags": flags, "error": ""}  # fmt: skip
    return {"id": "", "source": item.source, "text": "", "title": "", "flags": "[]",
            "error": str(item.error)}  # fmt: skip


FAILURES = "_failures.jsonl"
SHARD = "part-{:05d}.jsonl"


@dataclass(frozen=True)
class BatchJob:
    """What `ringkas batch` runs: inputs, the output folder, Ray and the summary options."""

    paths: Sequence[str]
    out: Path
    jsonl: bool = False
    address: str | None = None  # a running cluster ("auto", "ray://host:10001"); None: local
    actors: int | None = None  # None: one per CPU of the cluster
    shard_size: int = 10_000
    batch_size: int = 64  # records per actor call: one batched translation, like the CLI
    max_chars: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)  # Pipeline's (translate, lock, …)


@dataclass
class BatchResult:
    """What a batch run wrote."""

    records: int = 0
    failed: int = 0
    shards: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # the first few errors, for stderr
    actors: int = 0


def run_batch(job: BatchJob, *, summarizer: type[Summarizer] = Summarizer) -> BatchResult:
    """Read, summarise and translate every input on Ray Data; write shards and failures.

    Starts a local Ray instance sized to the machine unless `job.address` names a cluster (or
    Ray is already initialised). Output is in input order; a record that cannot be processed
    goes to FAILURES and the rest goes on.
    """
    import ray

    from ringkas.sources import INPUT_SUFFIXES, JSONL_SUFFIXES, STDIN, Failure, expand_paths

    if STDIN in job.paths:
        raise UsageError("batch reads files and folders, not standard input ('-')")
    _check_out(job.out)
    result = BatchResult()
    failures: list[str] = []
    names: list[str] = []
    for name in expand_paths(job.paths, JSONL_SUFFIXES if job.jsonl else INPUT_SUFFIXES):
        if isinstance(name, Failure):
            failures.append(_failure_line({"id": None, "source": name.source,
                                           "error": str(name.error)}))  # fmt: skip
        else:
            names.append(name)
    started = not ray.is_initialized()
    if started:
        _init_ray(job.address)
    shards = _ShardWriter(job.out, job.shard_size)
    try:
        result.actors = job.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        for row in _iter_output(job, names, summarizer, result.actors):
            if row.get("error"):
                failures.append(_failure_line(row))
            else:
                result.records += 1
                shards.add(json.dumps(record_of(row), ensure_ascii=False, sort_keys=True))
        shards.flush()
    finally:
        if started:
            ray.shutdown()
    result.shards = shards.written
    result.failed = len(failures)
    result.failures = [json.loads(line)["error"] for line in failures[:10]]
    _write_failures(job.out, failures)
    return result


def _write_failures(out: Path, failures: list[str]) -> None:
    """Write FAILURES (always, empty when nothing failed, so a reader knows the run ended)."""
    from ringkas.sources import write_atomic

    write_atomic(out / FAILURES, "".join(line + "\n" for line in failures))


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out}: --out must be a new or empty folder (shards are not mixed)")


def _init_ray(address: str | None) -> None:
    import logging
    import os

    import ray

    # Ray's own logs stay off the driver's stderr (the command prints its summary line).
    if address:
        ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
    else:
        ray.init(
            num_cpus=os.cpu_count() or 1,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.ERROR,
        )


def _iter_output(
    job: BatchJob, names: list[str], summarizer: type[Summarizer], actors: int
) -> Iterator[dict[str, Any]]:
    """Run the dataset and yield its output rows, in input order."""
    import sys

    import ray

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # shards in input order, reproducible
    context.enable_progress_bars = sys.stderr.isatty()
    if not names:
        return
    files = [
        {"path": name, "jsonl": job.jsonl, "max_chars": job.max_chars or 0, "rows": job.batch_size}
        for name in names
    ]
    dataset = (
        ray.data.from_items(files)
        # Reading reserves no CPU: the actors hold every CPU for the whole run, and a reader
        # waiting for one would wait forever.
        .map_batches(read_inputs, batch_size=1, batch_format="pyarrow", num_cpus=0)
        # Ray Data restarts a dead actor and retries its batch (max_restarts=-1 by default).
        .map_batches(
            summarizer.bind(**job.options),
            batch_size=job.batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1,
        )
    )
    for batch in dataset.iter_batches(batch_format="pyarrow", batch_size=None):
        yield from _batch_rows(batch)


def _failure_line(row: Mapping[str, Any]) -> str:
    data = {"id": row.get("id") or None, "source": row.get("source"), "error": row["error"]}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


class _ShardWriter:
    """Writes records to numbered JSON Lines shards of `size` lines, each atomically."""

    def __init__(self, out: Path, size: int) -> None:
        self.out, self.size = out, size
        self.lines: list[str] = []
        self.written: list[Path] = []

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= self.size:
            self.flush()

    def flush(self) -> None:
        from ringkas.sources import write_atomic

        if self.lines:
            path = self.out / SHARD.format(len(self.written))
            write_atomic(path, "\n".join(self.lines) + "\n")
            self.written.append(path)
            self.lines = []
