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

import json
from collections.abc import Iterable, Iterator, Mapping
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
    "title_derived",
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
_BOOLEANS = ("title_derived",)
#: Columns of the input rows `ringkas batch` makes (all strings: "" stands for none).
READ_COLUMNS = ("id", "source", "text", "title", "flags", "error")


def output_schema() -> pa.Schema:
    """The Arrow schema of Summarizer's output: fixed, so every block has the same one."""
    import pyarrow as pa

    types = {
        name: pa.int64() if name in _INTEGERS else pa.bool_() if name in _BOOLEANS else pa.string()
        for name in COLUMNS
    }
    return pa.schema([(name, types[name]) for name in COLUMNS])


class Summarizer:
    """A callable class for `Dataset.map_batches(Summarizer, concurrency=N)`.

    The constructor takes `ringkas.Pipeline`'s options (translate, engine, lock, cache,
    sentences, quotes, …; one engine thread per actor by default) and opens the translator
    once per actor. A batch holds rows {"id", "text", "title"?}; rows `ringkas batch` makes also
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
        try:
            done = list(self.pipeline.run_safely(wanted))
        except Exception:  # a bug one record triggers must not fail the job: find it alone
            done = [self._one(item) for item in wanted]
        results = iter(done)
        out = [_error_row(row) if row.get("error") else row_of(next(results)) for row in rows]
        return pa.Table.from_pylist(out, schema=output_schema())

    def _one(self, item: Article | Mapping[str, Any]) -> Report | Failure:
        """Summarise one item alone; an unexpected error becomes its Failure."""
        from ringkas.api import failure_of

        try:
            return next(iter(self.pipeline.run_safely([item])))
        except Exception as error:
            problem = RingkasError(f"internal error ({type(error).__name__}: {error})")
            return failure_of(item, 0, problem)


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
    """An Article for a row `ringkas batch` made (already read and bounded), else the record."""
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


def _read_row(item: Article) -> dict[str, str]:
    flags = json.dumps(list(item.flags))
    return {"id": item.id, "source": item.source, "text": item.text, "title": item.title or "",
            "flags": flags, "error": ""}  # fmt: skip


FAILURES = "_failures.jsonl"
SHARD = "part-{:05d}.jsonl"


@dataclass(frozen=True)
class BatchJob:
    """What `ringkas batch` runs: the output folder, Ray and the summary options."""

    out: Path
    address: str | None = None  # a running cluster ("auto", "ray://host:10001"); None: local
    actors: int | None = None  # None: one per CPU of the cluster
    shard_size: int = 10_000
    batch_size: int = 64  # articles per actor call: the CLI's chunk, one batched translation
    window: int = 256  # chunks per Ray dataset run (bounds the driver's memory)
    options: Mapping[str, Any] = field(default_factory=dict)  # Pipeline's (translate, lock, …)


@dataclass
class BatchResult:
    """What a batch run wrote."""

    records: int = 0
    failed: int = 0
    shards: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # the first few errors, for stderr
    actors: int = 0


def run_batch(
    job: BatchJob,
    items: Iterable[Article | ReadFailure],
    *,
    summarizer: type[Summarizer] = Summarizer,
) -> BatchResult:
    """Summarise and translate read, language-checked articles on Ray; write shards, failures.

    `items` is what `ringkas summarize` reads (cli.inputs.iter_articles). They are cut into the
    CLI's chunks of `job.batch_size` articles, one Ray block and one actor call each, so each
    translation batch (and thus each output, as MarianMT's depends on its batch) is the CLI's.
    Starts a local Ray instance sized to the machine unless `job.address` names a cluster (or
    Ray is already initialised). Output keeps input order; what fails goes to FAILURES.
    """
    import ray

    _check_out(job.out)
    result = BatchResult()
    failures: list[str] = []
    started = not ray.is_initialized()
    if started:
        _init_ray(job.address)
    shards = _ShardWriter(job.out, job.shard_size)
    try:
        result.actors = job.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        for window in _prefetched(_windows(items, job, failures)):
            for row in _iter_output(job, window, summarizer, result.actors):
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


def _prefetched(windows: Iterator[list[pa.Table]]) -> Iterator[list[pa.Table]]:
    """Read the next window in a thread while the cluster works on this one."""
    import queue
    import threading

    box: queue.Queue[list[pa.Table] | BaseException | None] = queue.Queue(maxsize=1)

    def fill() -> None:
        try:
            for window in windows:
                box.put(window)
        except BaseException as error:  # handed to the caller's thread, raised there
            box.put(error)
        else:
            box.put(None)

    threading.Thread(target=fill, name="ringkas-batch-reader", daemon=True).start()
    while (item := box.get()) is not None:
        if isinstance(item, BaseException):
            raise item
        yield item


def _windows(
    items: Iterable[Article | ReadFailure], job: BatchJob, failures: list[str]
) -> Iterator[list[pa.Table]]:
    """Cut articles into chunks (Arrow tables) and chunks into windows; note read failures."""
    import pyarrow as pa

    schema = pa.schema([(name, pa.string()) for name in READ_COLUMNS])
    window: list[pa.Table] = []
    chunk: list[dict[str, str]] = []
    for item in items:
        if not isinstance(item, Article):
            failures.append(_failure_line({"source": item.source, "error": str(item.error)}))
            continue
        chunk.append(_read_row(item))
        if len(chunk) == job.batch_size:
            window.append(pa.Table.from_pylist(chunk, schema=schema))
            chunk = []
        if len(window) == job.window:
            yield window
            window = []
    if chunk:
        window.append(pa.Table.from_pylist(chunk, schema=schema))
    if window:
        yield window


def _write_failures(out: Path, failures: list[str]) -> None:
    """Write FAILURES (always, empty when nothing failed, so a reader knows the run ended)."""
    from ringkas.fileio import write_atomic

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
    job: BatchJob, window: list[pa.Table], summarizer: type[Summarizer], actors: int
) -> Iterator[dict[str, Any]]:
    """Run one window of chunks through the actors and yield output rows, in input order."""
    import sys

    import ray

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # shards in input order, reproducible
    context.enable_progress_bars = sys.stderr.isatty()
    options = {**job.options, "check_language": False}  # iter_articles checked it
    dataset = ray.data.from_arrow(window).map_batches(
        summarizer.bind(**options),
        batch_size=None,  # one block, one chunk: the CLI's translation batch
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=min(actors, len(window))),
        num_cpus=1,
    )  # Ray Data restarts a dead actor and retries its batch (max_restarts=-1 by default).
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
        from ringkas.fileio import write_atomic

        if self.lines:
            path = self.out / SHARD.format(len(self.written))
            write_atomic(path, "\n".join(self.lines) + "\n")
            self.written.append(path)
            self.lines = []
