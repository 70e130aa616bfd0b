"""One digest run as a function: `run(DigestJob) -> DigestResult`, safe to run from cron.

A run, under a file lock held from start to end:

1. expand the sources; a file is new work when the state has no record of it, its content hash
   changed, or its last attempt failed (`since` skips files not modified recently);
2. summarise the new files, then translate them all in one batched call;
3. merge them with the stories already in today's digest (the day file beside the state),
   group only the new ones against the old groups, render, write the digest to a temporary file
   and rename it into place;
4. only then write the day file and the state (also atomically), dropping records of files not
   seen for `keep_days` days.

A rerun that finds nothing new and no failures, with the digest on disk as it wrote it, stops
after hashing the inputs: no day file read, no grouping, no rendering.

A kill at any point leaves the previous digest and state as they were, or a digest that is ahead
of the state; either way the next run redoes the unrecorded work (the translation cache makes that
cheap) and lands on the same digest. Stale temporary files are removed under the lock.

Nothing here prints or knows about Typer: the caller (ringkas.cli.digest) passes in how to open
the translator, hears of each failed file as it happens and of progress through small callbacks,
and gets a DigestResult. What stops a run (another run holds the lock, another day's digest at
the target, a damaged state, an unwritable file, no model under "always") raises a RingkasError.
"""

from __future__ import annotations

import fnmatch
import io
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Protocol

from ringkas.digest import DigestFormat
from ringkas.digest.group import Skipped, Story, build_digest, find_groups, sketch_text
from ringkas.digest.render import DIGEST_RENDERERS, EXTENSIONS, digest_date_of
from ringkas.digest.state import (
    DEFAULT_KEEP_DAYS,
    FAILED,
    OK,
    Day,
    Record,
    State,
    Written,
    day_path,
    prune,
    read_day,
    read_state,
    remove_other_days,
    write_day,
    write_state,
)
from ringkas.document import Flag
from ringkas.errors import (
    EXIT_INPUT,
    Busy,
    RingkasError,
    UsageError,
    cannot_write,
    describe_unexpected,
)
from ringkas.fileio import sha256_hex, write_atomic
from ringkas.settings import DEFAULT_MAX_CHARS
from ringkas.sources import (
    STDIN,
    EmptyFolder,
    Failure,
    RawInput,
    article_from_input,
    display_name,
    expand_paths,
    read_input,
)

if TYPE_CHECKING:
    from ringkas.translate.base import Translator, TranslatorId

_RACY_NS = 2_000_000_000
# Texts per call to the translator: enough for full batches (the pipeline sorts the texts by
# length first), few enough that a progress bar moves every few seconds.
_TEXTS_PER_STEP = 256


class OpenTranslator(Protocol):
    """How a run opens the pinned translator (the CLI passes cli.translator's; tests theirs).

    Returns None to keep Indonesian (never, or auto without a model); raises to stop the run.
    """

    def __call__(
        self,
        mode: str,
        *,
        lock: Path | None,
        use_cache: bool,
        engine: str,
        beam: int | None,
        quiet: bool,
    ) -> Translator | None: ...


class Progress(Protocol):
    """Where a run shows how far it is: files read, then texts translated."""

    def start(self, description: str, *, total: int | None) -> None:
        """Begin a new stage of `total` steps."""

    def advance(self, steps: int = 1) -> None:
        """Count `steps` more steps of the current stage."""


@dataclass(frozen=True)
class DigestJob:
    """Everything one run is asked to do: what `ringkas digest`'s options decide."""

    sources: tuple[str, ...]  # folders, files or globs
    target: Path  # the digest file (digest_target turns --out into it)
    fmt: DigestFormat
    state: Path  # the state file; its day files and the run lock sit beside it
    today: date  # the digest day
    since: timedelta | None = None  # only files modified this recently (and the failed ones)
    exclude: tuple[str, ...] = ()  # globs on a file's name or the end of its path
    wait: float = 0.0  # seconds to wait for another run's lock before Busy
    rebuild: bool = False  # ignore the state: redo every file, rebuild today's digest
    force: bool = False  # replace the target even when it holds another day's digest
    keep_days: int = DEFAULT_KEEP_DAYS  # forget files not seen for this many days
    translate: str = "auto"  # auto, always or never, as --translate
    model_lock: Path | None = None  # the models.lock to read (None: the usual one)
    engine: str = "auto"  # the translation engine (auto, ctranslate2, transformers)
    beam: int | None = None  # beam size (None: the engine's default)
    quiet: bool = False  # the translator says nothing about a missing model
    follow_links: bool = False  # follow links that lead out of the folders given
    force_language: str | None = None  # id, ms or en: skip the language check


@dataclass(frozen=True)
class Failed:
    """A source a run could not use (it is listed in the digest and retried on the next run)."""

    source: str  # as shown to the user
    message: str  # one line that names the source: what follows `Error: `
    # An exception ringkas did not expect (a bug) behind the message, for a --debug traceback.
    bug: Exception | None = field(default=None, compare=False)

    @property
    def reason(self) -> str:
        """The message without the `source: ` it starts with (the digest lists the source)."""
        return self.message.removeprefix(f"{self.source}: ")


@dataclass(frozen=True)
class DigestResult:
    """What a run did: the files it wrote, what it found, and the exit code it calls for."""

    target: Path  # the digest file
    written: tuple[Path, ...]  # the files this run wrote, in order (digest, day file, state)
    entries: int  # stories in the digest as written now (0: it was up to date, not rendered)
    summarised: int  # new or changed files summarised
    redone: int  # stories of today that went out untranslated, taken up again
    translated_now: int  # of those, the ones translated now
    skipped: int  # files found with nothing to do: unchanged, or older than `since`
    failures: tuple[Failed, ...]
    exit_code: int  # 0; 1 when a file failed; the gravest code (70, 74) when a bug met one

    @property
    def processed(self) -> int:
        """Stories made or redone by this run: when 0, the digest had nothing new."""
        return self.summarised + self.redone


@dataclass
class _Work:
    """What one run found: new stories, failures, and the state records to write."""

    on_failure: Callable[[Failed], None]  # told of each failure as it happens
    stories: list[Story] = field(default_factory=list)
    failures: list[Failed] = field(default_factory=list)
    records: dict[str, Record] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)  # state key of each story, in order
    code: int = EXIT_INPUT  # the exit code when something failed: 70 if a bug was met
    redone: int = 0  # stories of today that went out untranslated and are translated now
    skipped: int = 0  # files found with nothing new
    seen: set[str] = field(default_factory=set)  # state keys of every file found
    restat: dict[str, Record] = field(default_factory=dict)  # touched files, content unchanged


class _HiddenProgress:
    """Progress nobody watches."""

    def start(self, description: str, *, total: int | None) -> None:
        """Do nothing."""

    def advance(self, steps: int = 1) -> None:
        """Do nothing."""


def _hidden_progress() -> AbstractContextManager[Progress]:
    return nullcontext(_HiddenProgress())


def _ignore(_: object) -> None:
    return None


class _ProgressTranslator:
    """A Translator that passes texts on in steps and counts them on the progress bar."""

    def __init__(self, inner: Translator, progress: Progress) -> None:
        self._inner = inner
        self._progress = progress

    @property
    def identity(self) -> TranslatorId:
        """The wrapped translator's."""
        return self._inner.identity

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate in steps of a few hundred texts, advancing the bar after each."""
        self._progress.start("Translating texts", total=len(texts))
        done: list[str] = []
        for start in range(0, len(texts), _TEXTS_PER_STEP):
            step = texts[start : start + _TEXTS_PER_STEP]
            done += self._inner.translate(step)
            self._progress.advance(len(step))
        return done


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def digest_target(
    out: str, requested: DigestFormat | None, *, today: date
) -> tuple[Path, DigestFormat]:
    """Return the file `--out` names and its format: `out` itself, or `ringkas-DAY.EXT` in it.

    A folder is one that exists, a path written with a trailing `/`, or a new path without a
    suffix; the format comes from `requested`, else from the suffix (.html, .htm, .json), else
    Markdown.
    """
    path = Path(out).expanduser()
    fmt = _infer_format(path, requested)
    if _is_folder(path, out):
        return path / f"ringkas-{today.isoformat()}.{EXTENSIONS[fmt.value]}", fmt
    return path, fmt


def _infer_format(out: Path, requested: DigestFormat | None) -> DigestFormat:
    if requested is not None:
        return requested
    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        return DigestFormat.html
    return DigestFormat.json if suffix == ".json" else DigestFormat.markdown


def _is_folder(out: Path, raw: str) -> bool:
    # A path that does not exist and has no suffix (`--out digests`) is a folder to create:
    # a file named `digests` holding HTML is never what was meant.
    if out.is_dir() or raw.endswith(("/", os.sep)):
        return True
    return not out.exists() and not out.suffix


@contextmanager
def _run_lock(path: Path, wait: float) -> Iterator[None]:
    """Hold the digest lock for the whole run; raise Busy after `wait` seconds."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path), timeout=wait)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:  # an OSError too (TimeoutError): caught first
        raise Busy(
            f"another `ringkas digest` run holds {path} (waited {wait:g}s); nothing was done."
        ) from None
    except OSError as error:
        raise cannot_write(f"the digest lock {path}", error) from None
    try:
        yield
    finally:
        lock.release()


def _remove_stale_temps(*paths: Path) -> None:
    # write_atomic names its temporary files `.<name>.<random>.tmp`; a killed run may leave one.
    # We hold the lock, so no other digest run is writing them now.
    for path in paths:
        if path.parent.is_dir():
            for tmp in path.parent.glob(f".{path.name}.*.tmp"):
                tmp.unlink(missing_ok=True)


def _fail(
    work: _Work,
    source: str,
    message: str,
    key: str | None,
    sha: str | None,
    day: str,
    bug: Exception | None = None,
) -> None:
    failed = Failed(source=source, message=message, bug=bug)
    work.on_failure(failed)
    work.failures.append(failed)
    if key is not None:
        work.records[key] = Record(
            sha256=sha, processed_at=_now(), result=FAILED, day=day, error=failed.reason
        )


def _is_quiet_folder(failure: Failure) -> bool:
    # A readable folder with no articles in it is a quiet news day for a cron job, not an error;
    # a link out of the inbox or an unreadable folder is an error.
    return isinstance(failure.error, EmptyFolder)


def _source_key(name: str, folders: dict[str, str]) -> tuple[str, os.stat_result | None]:
    """The state key of a file (its real path) and its stat, mostly in one system call.

    Resolving every path costs a system call per path component; a plain file's real path is
    its folder's (resolved once per folder) plus its name. Links are resolved one by one.
    """
    try:
        info = os.lstat(name)
    except OSError:
        return str(Path(name).resolve()), None
    if stat.S_ISLNK(info.st_mode):
        return str(Path(name).resolve()), None
    folder, base = os.path.split(os.path.abspath(name))
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = str(Path(folder).resolve())
    return os.path.join(real, base), info


def _is_same_file(known: Record | None, info: os.stat_result) -> bool:
    # Size and modification time to the nanosecond, as make and git trust them.
    return (
        known is not None
        and known.result == OK
        and known.size == info.st_size
        and known.mtime_ns == info.st_mtime_ns
    )


def _trusted_stat(info: os.stat_result) -> tuple[int | None, int | None]:
    """Size and mtime to record, or none for a file modified in the last seconds.

    File times tick coarsely (a few ms); a file rewritten within the same tick after we read
    it would look unchanged. Like git's "racy" check, such a file is hashed again next run.
    """
    if time.time_ns() - info.st_mtime_ns < _RACY_NS:
        return None, None
    return info.st_size, info.st_mtime_ns


def _summarise(name: str, raw: RawInput, force_language: str | None) -> Story:
    """Language-check and summarise one file's bytes (RingkasError when it cannot be used)."""
    # Imported on first use: a rerun with nothing new never loads the text analysis.
    from ringkas.language import check_language
    from ringkas.pipeline import Options, build_report

    article = article_from_input(name, raw, max_chars=DEFAULT_MAX_CHARS)
    article = check_language(article, force_language)  # flags ms/en, refuses others
    return Story(report=build_report(article, Options()), sketch=sketch_text(article.text))


def _collect_work(
    job: DigestJob, state: State, progress: Progress, on_failure: Callable[[Failed], None]
) -> _Work:
    """Find new or changed files, summarise them; failures are noted, never raised.

    Only regular files are read, and only the bytes that will be processed (--max-chars): a
    FIFO or device reached by a link never hangs the run or fills memory under the lock.
    """
    work = _Work(on_failure=on_failure)
    day, rebuild = job.today.isoformat(), job.rebuild
    cutoff = time.time() - job.since.total_seconds() if job.since else None
    seen = work.seen
    # A list of names: the progress bar knows the total.
    names = list(expand_paths(list(job.sources), follow_links=job.follow_links))
    folders: dict[str, str] = {}
    progress.start("Reading files", total=len(names))
    for name in names:
        progress.advance()
        if isinstance(name, Failure):
            if not _is_quiet_folder(name):
                _fail(work, name.source, str(name.error), None, None, day)
            continue
        if name == STDIN:
            _fail(work, "-", "digest reads files and folders, not standard input", None, None, day)
            continue
        key, info = _source_key(name, folders)
        if key in seen or _is_excluded(name, job.exclude):
            continue
        seen.add(key)
        known = state.records.get(key)
        retry = known is not None and known.result == FAILED  # retried whatever its age
        label = display_name(name)
        try:
            if info is None:
                info = os.stat(name)  # raises the error lstat met
            if cutoff is not None and not retry and info.st_mtime < cutoff:
                work.skipped += 1
                continue
            if not rebuild and _is_same_file(known, info):
                work.skipped += 1
                continue  # same size and modification time: not even read
            # Regular files only, and only the bytes that will be processed (--max-chars).
            raw = read_input(name, io.BytesIO(), max_chars=DEFAULT_MAX_CHARS, regular_only=True)
        except OSError as error:
            _fail(work, label, f"{label}: cannot read ({error.strerror})", key, None, day)
            continue
        except RingkasError as error:
            _fail(work, label, str(error), key, None, day)
            continue
        sha = sha256_hex(raw.data)
        size, mtime_ns = _trusted_stat(info)
        if not rebuild and known and known.result == OK and known.sha256 == sha:
            # touched, not changed: remember its new time so the next run need not read it
            work.restat[key] = replace(known, size=size, mtime_ns=mtime_ns)
            work.skipped += 1
            continue
        try:
            story = _summarise(name, raw, job.force_language)
        except RingkasError as error:
            _fail(work, label, str(error), key, sha, day)
            continue
        except Exception as error:  # a bug met on one file: listed, retried, the others go on
            described = describe_unexpected(error, stage="digest", source=name)
            work.code = max(work.code, described.exit_code)
            _fail(work, label, str(described), key, sha, day, bug=error)
            continue
        work.stories.append(story)
        work.keys.append(key)
        work.records[key] = Record(
            sha256=sha, processed_at=_now(), result=OK, day=day, size=size, mtime_ns=mtime_ns
        )
    return work


def _is_excluded(name: str, patterns: tuple[str, ...]) -> bool:
    """True when a glob matches the file's name or the end of its path (`arsip/*`)."""
    path = PurePath(name)
    return any(fnmatch.fnmatchcase(path.name, p) or path.match(p) for p in patterns)


def _translate_stories(
    stories: list[Story], job: DigestJob, open_translator: OpenTranslator, progress: Progress
) -> list[Story]:
    """Translate every new story in one batched call; auto without a model flags them."""
    if not stories or job.translate == "never":
        return stories

    translator = open_translator(
        job.translate,
        lock=job.model_lock,
        use_cache=True,
        engine=job.engine,
        beam=job.beam,
        quiet=job.quiet,
    )
    # None: auto mode without a model (the notice is on stderr, or in the header): flagged.
    counted = None if translator is None else _ProgressTranslator(translator, progress)
    from ringkas.pipeline import translate_or_flag

    reports = translate_or_flag([s.report for s in stories], counted, job.translate)
    return [Story(report=r, sketch=s.sketch) for r, s in zip(reports, stories, strict=True)]


def _requeue_untranslated(
    work: _Work, state: State, job: DigestJob, model_is_present: Callable[[Path | None], bool]
) -> None:
    """Put today's stories that went out untranslated (no model then) back into the work.

    In auto mode only once the model is present; in always mode every time, so that a run
    fails (exit 3) while the day's digest still holds Indonesian stories. The records say which
    stories wait, so a run with none to redo never reads the day file.
    """
    if job.translate == "never":
        return
    day = job.today.isoformat()
    waiting = sorted(
        key
        for key, record in state.records.items()
        if record.untranslated
        and record.day == day
        and record.result == OK
        and key not in work.records
    )
    if not waiting or (job.translate == "auto" and not model_is_present(job.model_lock)):
        return
    stories = read_day(job.state, state, day).stories
    for key in waiting:
        story = stories.get(key)
        if story is None:
            continue
        flags = tuple(f for f in story.report.flags if f != Flag.MODEL_MISSING)
        work.stories.append(Story(replace(story.report, flags=flags), story.sketch))
        work.keys.append(key)
        work.records[key] = replace(state.records[key], processed_at=_now(), untranslated=None)
        work.redone += 1


def _mark_untranslated(work: _Work, stories: list[Story]) -> None:
    """Note in each record whether its story goes out untranslated (redone once a model is in)."""
    for key, story in zip(work.keys, stories, strict=True):
        untranslated = Flag.MODEL_MISSING in story.report.flags or None
        if work.records[key].untranslated != untranslated:
            work.records[key] = replace(work.records[key], untranslated=untranslated)


def _check_target(target: Path, today: date, force: bool) -> str | None:
    """Return the current text of the target, refusing to replace another day's digest."""
    try:
        current = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        current = ""
    if force:
        return current
    day = digest_date_of(current)
    if day == today:
        return current
    what = f"the digest of {day.isoformat()}" if day else "a file ringkas did not write"
    raise UsageError(
        f"{target} holds {what}; pass --force to replace it, "
        "or give --out a folder to keep one digest per day."
    )


def _merge_records(
    state: State, work: _Work, *, rebuild: bool, today: date, keep_days: int
) -> dict[str, Record]:
    """The records after this run: new results, every found file marked seen, old ones pruned."""
    day = today.isoformat()
    records = dict(state.records)
    if rebuild:  # today's digest is rebuilt from this run's stories only
        records = {k: r for k, r in records.items() if r.day != day or r.result != OK}
    records.update(work.restat)
    records.update(work.records)
    for key in work.seen:
        record = records.get(key)
        if record is not None and record.seen != day:
            records[key] = replace(record, seen=day)
    return prune(records, today, keep_days)


def _merge_day(old: Day, work: _Work, stories: list[Story], records: dict[str, Record]) -> Day:
    """Today's stories after this run, grouped: only stories new or changed are looked up."""
    kept = {
        key: story
        for key, story in old.stories.items()
        if key not in work.records and (r := records.get(key)) and r.result == OK
    }
    fresh = dict(zip(work.keys, stories, strict=True))
    merged = {**kept, **fresh}
    keys = sorted(merged)
    position = {key: number for number, key in enumerate(keys)}
    known: list[tuple[int, ...]] = []
    redo: set[str] = set(fresh)
    for group in old.groups or ():
        if all(key in kept for key in group):
            known.append(tuple(position[key] for key in group))
        else:  # a member changed or left: the group may split, so look its members up again
            redo.update(key for key in group if key in kept)
    if old.groups is None:  # no groups yet (a schema-1 state): group everything
        redo = set(keys)
    groups = find_groups(
        [merged[key].sketch for key in keys],
        known=known,
        fresh=sorted(position[key] for key in redo),
    )
    return Day(
        day=old.day,
        stories=merged,
        groups=tuple(tuple(keys[i] for i in group) for group in groups),
    )


def _is_unchanged(
    state: State, work: _Work, target: Path, current: str | None, day: str, rebuild: bool
) -> bool:
    """True when this run found nothing to add and the digest on disk is the one last written."""
    written = state.written
    return (
        not rebuild
        and not work.records
        and not work.failures
        and written is not None
        and written.day == day
        and written.path == str(target)
        and current is not None
        and written.sha256 == sha256_hex(current.encode("utf-8"))
    )


def _write_digest(
    day: Day, work: _Work, target: Path, fmt: DigestFormat, current: str | None, today: date
) -> tuple[str, int]:
    """Render the day's digest and write it when it changed; return its text and entry count."""
    keys = sorted(day.stories)
    position = {key: number for number, key in enumerate(keys)}
    groups = [tuple(position[key] for key in group) for group in day.groups or ()]
    not_processed = [Skipped(source=f.source, reason=f.reason) for f in work.failures]
    result = build_digest(
        [day.stories[key] for key in keys], not_processed, today=today, groups=groups
    )
    text = DIGEST_RENDERERS[fmt.value](result)
    if text != current:
        try:
            write_atomic(target, text)
        except OSError as error:  # the state stays as it was: the next run redoes the work
            raise cannot_write(f"the digest {target}", error) from None
    return text, len(result.entries)


def run(
    job: DigestJob,
    *,
    open_translator: OpenTranslator,
    model_is_present: Callable[[Path | None], bool],
    show_progress: Callable[[], AbstractContextManager[Progress]] = _hidden_progress,
    on_failure: Callable[[Failed], None] = _ignore,
    checkpoint: Callable[[str], None] = _ignore,
) -> DigestResult:
    """Run one digest: collect new work, translate, write the digest, then the state.

    `open_translator` opens the model when there is something to translate;
    `model_is_present` says whether stories that went out untranslated can be redone (auto);
    `show_progress` is entered once the lock is held; `on_failure` hears of each file that
    could not be used as it happens; `checkpoint` is called with a name before each write
    (tests kill the process there).
    """
    state_path, target, today = job.state, job.target, job.today
    day = today.isoformat()
    entries = 0
    wrote: list[Path] = []
    with (
        _run_lock(state_path.with_name(state_path.name + ".lock"), job.wait),
        show_progress() as progress,
    ):
        _remove_stale_temps(target, state_path)
        current = _check_target(target, today, job.force)
        state = read_state(state_path)
        work = _collect_work(job, state, progress, on_failure)
        _requeue_untranslated(work, state, job, model_is_present)
        stories = _translate_stories(work.stories, job, open_translator, progress)
        _mark_untranslated(work, stories)
        records = _merge_records(
            state, work, rebuild=job.rebuild, today=today, keep_days=job.keep_days
        )
        written = state.written
        if not _is_unchanged(state, work, target, current, day, job.rebuild):
            checkpoint("before-digest")
            old_day = Day(day=day) if job.rebuild else read_day(state_path, state, day)
            new_day = _merge_day(old_day, work, stories, records)
            text, entries = _write_digest(new_day, work, target, job.fmt, current, today)
            if text != current:
                wrote.append(target)
            written = Written(day=day, path=str(target), sha256=sha256_hex(text.encode("utf-8")))
            checkpoint("before-state")
            try:
                write_day(state_path, new_day)
            except OSError as error:  # the digest is written; the next run redoes the work
                raise cannot_write(f"the digest state {state_path}", error) from None
            wrote.append(day_path(state_path, day))
        new_state = State(records=records, written=written)
        if new_state != state or not state_path.exists():
            try:
                write_state(state_path, new_state)
            except OSError as error:  # the digest is written; the next run finds it up to date
                raise cannot_write(f"the digest state {state_path}", error) from None
            wrote.append(state_path)
        remove_other_days(state_path, day)
    summarised = len(stories) - work.redone
    return DigestResult(
        target=target,
        written=tuple(wrote),
        entries=entries,
        summarised=summarised,
        redone=work.redone,
        translated_now=sum(1 for s in stories[summarised:] if s.report.model),
        skipped=work.skipped,
        failures=tuple(work.failures),
        exit_code=work.code if work.failures else 0,
    )
