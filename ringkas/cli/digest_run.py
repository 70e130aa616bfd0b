"""The work behind `ringkas digest` (imported only when it runs), safe to run from cron.

A run, under a file lock held from start to end:

1. expand SOURCES; a file is new work when the state has no record of it, its content hash
   changed, or its last attempt failed (`--since` skips files not modified recently);
2. summarise the new files, then translate them all in one batched call;
3. merge them with the stories already in today's digest (the day file beside the state),
   group only the new ones against the old groups, render, write the digest to a temporary file
   and rename it into place;
4. only then write the day file and the state (also atomically), dropping records of files not
   seen for `--keep-days` days.

A rerun that finds nothing new and no failures, with the digest on disk as it wrote it, stops
after hashing the inputs: no day file read, no grouping, no rendering.

A kill at any point leaves the previous digest and state as they were, or a digest that is ahead
of the state; either way the next run redoes the unrecorded work (the translation cache makes that
cheap) and lands on the same digest. Stale temporary files are removed under the lock.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import io
import os
import re
import shutil
import signal
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePath

import typer

from ringkas.api import MODEL_MISSING
from ringkas.cli.app import unexpected_failure
from ringkas.cli.digest import DigestFormat
from ringkas.cli.digest_progress import DigestProgress, ProgressTranslator
from ringkas.cli.options import TranslateMode
from ringkas.cli.output import err
from ringkas.cli.translator import model_is_present, open_translator
from ringkas.digest import Skipped, Story, build_digest, find_groups, sketch_text
from ringkas.errors import EXIT_INPUT, Busy, RingkasError, UsageError, cannot_write
from ringkas.render.digest import DIGEST_RENDERERS, EXTENSIONS, digest_date_of
from ringkas.settings import DEFAULT_MAX_CHARS, Settings, load_settings
from ringkas.sources import (
    STDIN,
    EmptyFolder,
    Failure,
    RawInput,
    article_from_input,
    display_name,
    expand_paths,
    read_input,
    write_atomic,
)
from ringkas.state import (
    DEFAULT_KEEP_DAYS,
    FAILED,
    OK,
    Day,
    Record,
    State,
    Written,
    hash_bytes,
    prune,
    read_day,
    read_state,
    remove_other_days,
    write_day,
    write_state,
)
from ringkas.translate import Translator

# Test hook: kill this process with SIGKILL at a named point of the run (tests/test_digest_cli.py).
_KILL_AT_ENV = "RINGKAS_TEST_KILL_AT"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_RACY_NS = 2_000_000_000
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_LONGEST_WINDOW = timedelta(days=365 * 2000)  # back to before the year 1: files have no such age


@dataclass
class _Work:
    """What one run found: new stories, failures, and the state records to write."""

    stories: list[Story] = field(default_factory=list)
    failures: list[Skipped] = field(default_factory=list)
    records: dict[str, Record] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)  # state key of each story, in order
    code: int = EXIT_INPUT  # the exit code when something failed: 70 if a bug was met
    redone: int = 0  # stories of today that went out untranslated and are translated now
    seen: set[str] = field(default_factory=set)  # state keys of every file found
    restat: dict[str, Record] = field(default_factory=dict)  # touched files, content unchanged


def parse_duration(value: str | None) -> timedelta | None:
    """Parse `24h`, `90m`, `2d`, `1w` or `3600s` into a timedelta."""
    if value is None:
        return None
    match = _DURATION.match(value)
    if not match:
        raise typer.BadParameter(
            f"{value!r} is not a number and a unit: 90m, 24h, 2d, 1w", param_hint="'--since'"
        )
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds >= _LONGEST_WINDOW.total_seconds():
        raise typer.BadParameter(
            f"{value.strip()} reaches back before the year 1; leave --since out to take every file",
            param_hint="'--since'",
        )
    return timedelta(seconds=seconds)


def _today() -> date:
    # The digest day is the local calendar day: cron schedules in local time.
    return date.today()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _kill_point(name: str) -> None:
    if os.environ.get(_KILL_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


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


def digest_target(out: Path, *, is_folder: bool, fmt: DigestFormat, today: date) -> Path:
    """Return the file to write: `--out` itself, or `ringkas-YYYY-MM-DD.EXT` inside a folder."""
    if is_folder:
        return out / f"ringkas-{today.isoformat()}.{EXTENSIONS[fmt.value]}"
    return out


def default_state_path(settings: Settings, out: Path) -> Path:
    """One state per output: <state folder>/digest/state-<hash of the absolute --out>.json.

    A state left by ringkas 0.1 in the config folder moves to the state folder on first use.
    """
    key = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:12]
    path = settings.digest_state_dir / f"state-{key}.json"
    old = settings.old_digest_state_dir / path.name
    if old != path and old.exists() and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):  # another run moved it first
            shutil.move(old, path)  # across file systems too
            err(f"Note: moved the digest state {old} to {path} (the user state folder).")
    return path


@contextmanager
def run_lock(path: Path, wait: float) -> Iterator[None]:
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
    work: _Work, source: str, reason: str, key: str | None, sha: str | None, day: str
) -> None:
    err(f"Error: {reason}")
    # The digest lists the source beside the reason, so drop the "name: " the message starts with.
    reason = reason.removeprefix(f"{source}: ")
    work.failures.append(Skipped(source=source, reason=reason))
    if key is not None:
        work.records[key] = Record(
            sha256=sha, processed_at=_now(), result=FAILED, day=day, error=reason
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


def collect_work(
    sources: list[str],
    state: State,
    *,
    since: timedelta | None,
    rebuild: bool,
    day: str,
    force_language: str | None = None,
    follow_links: bool = False,
    exclude: tuple[str, ...] = (),
    progress: DigestProgress | None = None,
) -> _Work:
    """Find new or changed files, summarise them; failures are noted, never raised.

    Only regular files are read, and only the bytes that will be processed (--max-chars): a
    FIFO or device reached by a link never hangs the run or fills memory under the lock.
    """
    work = _Work()
    cutoff = time.time() - since.total_seconds() if since else None
    seen = work.seen
    # A list of names: the progress bar knows the total.
    names = list(expand_paths(sources, follow_links=follow_links))
    folders: dict[str, str] = {}
    if progress is not None:
        progress.start("Reading files", total=len(names))
    for name in names:
        if progress is not None:
            progress.advance()
        if isinstance(name, Failure):
            if not _is_quiet_folder(name):
                _fail(work, name.source, str(name.error), None, None, day)
            continue
        if name == STDIN:
            _fail(work, "-", "digest reads files and folders, not standard input", None, None, day)
            continue
        key, info = _source_key(name, folders)
        if key in seen or is_excluded(name, exclude):
            continue
        seen.add(key)
        known = state.records.get(key)
        retry = known is not None and known.result == FAILED  # retried whatever its age
        label = display_name(name)
        try:
            if info is None:
                info = os.stat(name)  # raises the error lstat met
            if cutoff is not None and not retry and info.st_mtime < cutoff:
                continue
            if not rebuild and _is_same_file(known, info):
                continue  # same size and modification time: not even read
            # Regular files only, and only the bytes that will be processed (--max-chars).
            raw = read_input(name, io.BytesIO(), max_chars=DEFAULT_MAX_CHARS, regular_only=True)
        except OSError as error:
            _fail(work, label, f"{label}: cannot read ({error.strerror})", key, None, day)
            continue
        except RingkasError as error:
            _fail(work, label, str(error), key, None, day)
            continue
        sha = hash_bytes(raw.data)
        size, mtime_ns = _trusted_stat(info)
        if not rebuild and known and known.result == OK and known.sha256 == sha:
            # touched, not changed: remember its new time so the next run need not read it
            work.restat[key] = replace(known, size=size, mtime_ns=mtime_ns)
            continue
        try:
            story = _summarise(name, raw, force_language)
        except RingkasError as error:
            _fail(work, label, str(error), key, sha, day)
            continue
        except Exception as error:  # a bug met on one file: listed, retried, the others go on
            failure = unexpected_failure(error, stage="digest", source=name)
            work.code = max(work.code, failure.error.exit_code)
            _fail(work, label, str(failure.error), key, sha, day)
            continue
        work.stories.append(story)
        work.keys.append(key)
        work.records[key] = Record(
            sha256=sha, processed_at=_now(), result=OK, day=day, size=size, mtime_ns=mtime_ns
        )
    return work


def is_excluded(name: str, patterns: tuple[str, ...]) -> bool:
    """True when a glob matches the file's name or the end of its path (`arsip/*`)."""
    path = PurePath(name)
    return any(fnmatch.fnmatchcase(path.name, p) or path.match(p) for p in patterns)


def open_digest_translator(
    mode: TranslateMode, lock: Path | None, *, quiet: bool = False
) -> Translator | None:
    """Open the pinned translator as `--translate` asks (None: keep Indonesian)."""
    return open_translator(mode.value, lock=lock, use_cache=True, quiet=quiet)


def translate_stories(
    stories: list[Story],
    mode: TranslateMode,
    lock: Path | None,
    progress: DigestProgress | None = None,
    *,
    quiet: bool = False,
) -> list[Story]:
    """Translate every new story in one batched call; auto without a model flags them."""
    if not stories or mode == TranslateMode.never:
        return stories
    from ringkas.language import ALREADY_ENGLISH

    translator = open_digest_translator(mode, lock, quiet=quiet)
    if translator is None:  # auto mode, no model: the notice is on stderr (or in the header)
        return [
            s
            if ALREADY_ENGLISH in s.report.flags
            else Story(s.report.with_flags(MODEL_MISSING), s.sketch)
            for s in stories
        ]
    if progress is not None:
        translator = ProgressTranslator(translator, progress)
    from ringkas.pipeline import translate_reports

    reports = translate_reports([s.report for s in stories], translator)
    return [Story(report=r, sketch=s.sketch) for r, s in zip(reports, stories, strict=True)]


def requeue_untranslated(
    work: _Work, state: State, state_path: Path, day: str, mode: TranslateMode, lock: Path | None
) -> None:
    """Put today's stories that went out untranslated (no model then) back into the work.

    In auto mode only once the model is present; in always mode every time, so that a run
    fails (exit 3) while the day's digest still holds Indonesian stories. The records say which
    stories wait, so a run with none to redo never reads the day file.
    """
    if mode == TranslateMode.never:
        return
    waiting = sorted(
        key
        for key, record in state.records.items()
        if record.untranslated
        and record.day == day
        and record.result == OK
        and key not in work.records
    )
    if not waiting or (mode == TranslateMode.auto and not model_is_present(lock)):
        return
    stories = read_day(state_path, state, day).stories
    for key in waiting:
        story = stories.get(key)
        if story is None:
            continue
        flags = tuple(f for f in story.report.flags if f != MODEL_MISSING)
        work.stories.append(Story(replace(story.report, flags=flags), story.sketch))
        work.keys.append(key)
        work.records[key] = replace(state.records[key], processed_at=_now(), untranslated=None)
        work.redone += 1


def mark_untranslated(work: _Work, stories: list[Story]) -> None:
    """Note in each record whether its story goes out untranslated (redone once a model is in)."""
    for key, story in zip(work.keys, stories, strict=True):
        untranslated = MODEL_MISSING in story.report.flags or None
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
        and written.sha256 == hash_bytes(current.encode("utf-8"))
    )


def _write_digest(
    day: Day, work: _Work, target: Path, fmt: DigestFormat, current: str | None, today: date
) -> tuple[str, int]:
    """Render the day's digest and write it when it changed; return its text and entry count."""
    keys = sorted(day.stories)
    position = {key: number for number, key in enumerate(keys)}
    groups = [tuple(position[key] for key in group) for group in day.groups or ()]
    result = build_digest(
        [day.stories[key] for key in keys], work.failures, today=today, groups=groups
    )
    text = DIGEST_RENDERERS[fmt.value](result)
    if text != current:
        try:
            write_atomic(target, text)
        except OSError as error:  # the state stays as it was: the next run redoes the work
            raise cannot_write(f"the digest {target}", error) from None
    return text, len(result.entries)


def _say(quiet: bool, message: str) -> None:
    if not quiet:
        print(message, flush=True)


def run_digest(
    sources: list[str],
    out: str,
    output_format: DigestFormat | None,
    since: str | None,
    state_file: Path | None,
    wait: float,
    rebuild: bool,
    force: bool,
    quiet: bool,
    translate: TranslateMode,
    lock: Path | None,
    force_language: str | None = None,
    follow_links: bool = False,
    exclude: tuple[str, ...] = (),
    keep_days: int = DEFAULT_KEEP_DAYS,
) -> None:
    """Run one digest: collect new work, translate, write the digest, then the state."""
    window = parse_duration(since)
    settings = load_settings(lock=lock)
    today = _today()
    day = today.isoformat()
    out_path = Path(out).expanduser()
    fmt = _infer_format(out_path, output_format)
    target = digest_target(out_path, is_folder=_is_folder(out_path, out), fmt=fmt, today=today)
    state_path = state_file or default_state_path(settings, out_path)
    entries = 0
    with (
        run_lock(state_path.with_name(state_path.name + ".lock"), wait),
        DigestProgress.on_stderr(enabled=not quiet) as progress,
    ):
        _remove_stale_temps(target, state_path)
        current = _check_target(target, today, force)
        state = read_state(state_path)
        work = collect_work(
            sources,
            state,
            since=window,
            rebuild=rebuild,
            day=day,
            force_language=force_language,
            follow_links=follow_links,
            exclude=exclude,
            progress=progress,
        )
        requeue_untranslated(work, state, state_path, day, translate, lock)
        stories = translate_stories(work.stories, translate, lock, progress, quiet=quiet)
        mark_untranslated(work, stories)
        records = _merge_records(state, work, rebuild=rebuild, today=today, keep_days=keep_days)
        written = state.written
        if not _is_unchanged(state, work, target, current, day, rebuild):
            _kill_point("before-digest")
            old_day = Day(day=day) if rebuild else read_day(state_path, state, day)
            new_day = _merge_day(old_day, work, stories, records)
            text, entries = _write_digest(new_day, work, target, fmt, current, today)
            written = Written(day=day, path=str(target), sha256=hash_bytes(text.encode("utf-8")))
            _kill_point("before-state")
            try:
                write_day(state_path, new_day)
            except OSError as error:  # the digest is written; the next run redoes the work
                raise cannot_write(f"the digest state {state_path}", error) from None
        new_state = State(records=records, written=written)
        if new_state != state or not state_path.exists():
            try:
                write_state(state_path, new_state)
            except OSError as error:  # the digest is written; the next run finds it up to date
                raise cannot_write(f"the digest state {state_path}", error) from None
        remove_other_days(state_path, day)
    if stories:
        count = f"{entries} " + ("story" if entries == 1 else "stories")
        new_files = len(stories) - work.redone
        translated = [s for s in stories[new_files:] if s.report.model]
        redone = f", {len(translated)} translated now" if translated else ""
        _say(quiet, f"Wrote {target}: {count}, {new_files} new file(s){redone}.")
    else:
        _say(quiet, f"Nothing new; {target} is up to date.")
    if work.failures:
        err(f"{len(work.failures)} file(s) not processed; they are retried on the next run.")
        raise typer.Exit(work.code)
