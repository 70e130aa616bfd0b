"""The Python API: `summarize(text)` for one article, `Pipeline` for many; the CLI's behaviour.

    import ringkas

    report = ringkas.summarize(text, title="Banjir di Jakarta")
    report.to_dict()  # exactly what `ringkas summarize --format json` prints

    with ringkas.Pipeline(translate="always") as pipeline:  # opens the translator once
        for report in pipeline.run(records):  # str, {"id", "text", "title"?} or Article
            ...

Nothing prints: a missing model in `translate="auto"` flags reports `model_missing`, as the CLI
does (the CLI also says so on stderr).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ringkas.document import Article, Flag, Report
from ringkas.errors import InputError, ModelUnavailable, RingkasError, UsageError
from ringkas.settings import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from ringkas.pipeline import Options
    from ringkas.translate.base import Translator

TranslateMode = Literal["auto", "always", "never"]
#: What `Pipeline.run` takes: an article's text, a JSON Lines-like record, or an Article.
Item = str | Mapping[str, Any] | Article
#: Reports per batched translation call (the CLI's chunk: results stream chunk by chunk).
CHUNK = 64


@dataclass(frozen=True)
class Failure:
    """An item `Pipeline.run_safely` could not summarise, and why (the CLI's `Error:` line)."""

    id: str
    source: str
    error: RingkasError


def open_translator(
    mode: str,
    *,
    lock: Path | None = None,
    engine: str = "auto",
    use_cache: bool = True,
    threads: int | None = None,
    beam: int | None = None,
    notify: Callable[[str], None] | None = None,
) -> Translator | None:
    """Open the pinned translator as `translate=` asks (None: keep Indonesian), never printing.

    auto: a missing model or engine gives None; always: raises ModelUnavailable; never: None.
    A model present but not matching models.lock is refused in auto and always alike. `beam`
    None decodes as the model asks; `notify` receives notices (a damaged cache set aside).
    The CLI opens its translator here too, and only adds what it says on stderr.
    """
    if mode == "never":
        return None
    if mode not in ("auto", "always"):
        raise UsageError(f"translate takes auto, always or never, not {mode!r}")
    from ringkas.models.lock import read_lock
    from ringkas.models.store import check_model
    from ringkas.settings import load_settings
    from ringkas.translate.base import EngineUnavailable
    from ringkas.translate.load import load_translator

    settings = load_settings(lock=lock)
    pin = read_lock(settings.lock_path).pin()
    if mode == "auto" and not check_model(pin, settings).is_present:
        return None
    try:
        return load_translator(
            pin,
            settings=settings,
            engine=engine,
            use_cache=use_cache,
            threads=threads,
            beam=beam,
            notify=notify,
        )
    except EngineUnavailable:
        if mode == "always":
            raise
        return None


def article_from_record(
    record: Mapping[str, Any], number: int, *, source: str | None = None
) -> Article:
    """Turn a {"id", "text", "title"?} record into an Article as `--jsonl` reads a line."""
    from ringkas.sanitize import escape_name
    from ringkas.sources import article_from_record as checked_article

    given = record.get("source")
    where = source or (given if isinstance(given, str) and given else f"<record {number}>")
    return checked_article(dict(record), escape_name(where), number)


class Pipeline:
    """Summarise and translate many articles with one translator, batched like the CLI.

    The options are `ringkas summarize`'s: `translate` (auto, always, never), `engine` (auto,
    ctranslate2, transformers), `lock` (a models.lock), `cache` (the translation cache),
    `sentences`/`words`/`ratio`, `method` (rank, lead), `quotes` (a count, None for all),
    `full`, `force_language` (id, ms, en) and `max_chars` (None: no limit). `translator`
    passes in an open Translator instead of the pinned one.
    """

    def __init__(
        self,
        *,
        translate: TranslateMode = "auto",
        engine: str = "auto",
        lock: str | Path | None = None,
        cache: bool = True,
        sentences: int = 3,
        words: int | None = None,
        ratio: float | None = None,
        method: str = "rank",
        quotes: int | None = 3,
        full: bool = False,
        force_language: str | None = None,
        max_chars: int | None = DEFAULT_MAX_CHARS,
        threads: int | None = None,
        translator: Translator | None = None,
        check_language: bool = True,
    ) -> None:
        self.options = _options(method, sentences, words, ratio, quotes, full)
        if force_language not in (None, "id", "ms", "en"):
            raise UsageError(f"force_language takes id, ms or en, not {force_language!r}")
        self.force_language = force_language
        self.check_language = check_language  # False: Articles given were checked already
        self.max_chars = max_chars or None
        self.mode = translate
        if translator is None:
            translator = open_translator(
                translate,
                lock=Path(lock) if lock is not None else None,
                engine=engine,
                use_cache=cache,
                threads=threads,
            )
        self.translator = translator

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the translator (its engine and cache connection)."""
        self.translator = None

    def summarize(
        self,
        text: str,
        *,
        title: str | None = None,
        id: str = "text",  # noqa: A002  (the JSON field it fills)
        source: str = "<text>",
    ) -> Report:
        """Summarise (and translate) one text; a refused language raises InputError."""
        return next(self.run([{"id": id, "text": text, "title": title, "source": source}]))

    def run(self, items: Iterable[Item]) -> Iterator[Report]:
        """Yield one report per item, in order; the first item that fails raises its error."""
        for result in self.run_safely(items):
            if isinstance(result, Failure):
                raise result.error
            yield result

    def run_safely(self, items: Iterable[Item]) -> Iterator[Report | Failure]:
        """Yield a report, or a Failure for an item that cannot be summarised, per item."""
        from ringkas.pipeline import build_report

        chunk: list[Report | Failure] = []
        for number, item in enumerate(items, start=1):
            try:
                chunk.append(build_report(self.prepare(item, number), self.options))
            except RingkasError as error:
                chunk.append(failure_of(item, number, error))
            if len(chunk) == CHUNK:
                yield from self._translate(chunk)
                chunk = []
        if chunk:
            yield from self._translate(chunk)

    def prepare(self, item: Item, number: int) -> Article:
        """Make an item an Article as the CLI reads it: bounded, language-checked and flagged."""
        from ringkas.language import check_language
        from ringkas.sources import truncate_text

        if isinstance(item, str):
            item = {"id": str(number), "text": item}
        if isinstance(item, Article):
            return check_language(item, self.force_language) if self.check_language else item
        item = article_from_record(item, number)
        text, shortened = truncate_text(item.text, self.max_chars)
        if shortened:
            item = replace(item, text=text, flags=(*item.flags, Flag.TRUNCATED))
        return check_language(item, self.force_language)

    def _translate(self, chunk: list[Report | Failure]) -> list[Report | Failure]:
        """Translate a chunk's reports in one batched call (or flag them), keeping order."""
        from ringkas.pipeline import translate_or_flag

        reports = [item for item in chunk if isinstance(item, Report)]
        done = iter(translate_or_flag(reports, self.translator, self.mode))
        return [next(done) if isinstance(item, Report) else item for item in chunk]


def _options(
    method: str,
    sentences: int,
    words: int | None,
    ratio: float | None,
    quotes: int | None,
    full: bool,
) -> Options:
    from ringkas.pipeline import Options
    from ringkas.summary import METHODS, SummaryLength

    if method not in METHODS:
        raise UsageError(f"method takes {' or '.join(METHODS)}, not {method!r}")
    if sentences < 1 or (words is not None and words < 1):
        raise UsageError("sentences and words must be at least 1")
    if ratio is not None and not 0.0 <= ratio <= 1.0:
        raise UsageError("ratio must be between 0 and 1")
    if quotes is not None and quotes < 0:
        raise UsageError("quotes must be >= 0, or None for all")
    length = SummaryLength(sentences=sentences, words=words, ratio=ratio)
    return Options(method=method, length=length, quotes=quotes, full=full)


def failure_of(item: Item, number: int, error: RingkasError) -> Failure:
    """The Failure of the `number`th item (its id and source, as far as it has them)."""
    if isinstance(item, Article):
        return Failure(item.id, item.source, error)
    if isinstance(item, Mapping):
        given = item.get("source")
        source = given if isinstance(given, str) and given else f"<record {number}>"
        return Failure(str(item.get("id", number)), source, error)
    return Failure(str(number), f"<record {number}>", error)


def summarize(
    text: str,
    *,
    title: str | None = None,
    translate: TranslateMode = "auto",
    sentences: int = 3,
    quotes: int | None = 3,
    id: str = "text",  # noqa: A002  (the JSON field it fills)
    source: str = "<text>",
    **options: Any,
) -> Report:
    """Summarise one Indonesian text: language check, summary, quotes and English translation.

    Takes every `Pipeline` option; opens the translator for this one call (use a Pipeline for
    many texts). A text in another language raises InputError; a missing model raises
    ModelUnavailable with `translate="always"` and flags the report `model_missing` on auto.
    """
    with Pipeline(translate=translate, sentences=sentences, quotes=quotes, **options) as pipeline:
        return pipeline.summarize(text, title=title, id=id, source=source)


__all__ = [
    "Failure",
    "InputError",
    "ModelUnavailable",
    "Pipeline",
    "RingkasError",
    "UsageError",
    "article_from_record",
    "failure_of",
    "open_translator",
    "summarize",
]
