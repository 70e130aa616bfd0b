"""The digest state: what each source held (content hash), when it was processed and last seen.

Two kinds of file, both JSON and written atomically:

- the state file: one small record per source (hash, times, result), and a fingerprint of the
  digest last written, so a rerun with nothing new checks hashes and stops, without loading a
  single report;
- one day file beside it (`<state>.days/YYYY-MM-DD.jsonl`, a story per line) with the day's
  stories (report and text sketch) and their groups, so a later run the same day adds new
  stories to the day's digest without model work and without regrouping the old ones.
  Earlier days' files are deleted: their digests are final.

Records of files not seen for `keep_days` days are dropped, so the state stays bounded by the
files in the inbox plus those of the last `keep_days` days.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ringkas.digest.group import Story, make_sketch
from ringkas.document import Report
from ringkas.errors import InputError
from ringkas.fileio import sha256_hex, write_atomic
from ringkas.settings import Settings

STATE_SCHEMA = 2
DAY_SCHEMA = 1
OK = "ok"
FAILED = "failed"
DEFAULT_KEEP_DAYS = 30


@dataclass(frozen=True)
class Record:
    """What the state knows about one source file."""

    sha256: str | None
    processed_at: str  # ISO 8601 UTC time of the last attempt
    result: str  # OK or FAILED
    day: str | None = None  # the digest date (YYYY-MM-DD) the story went into, or failed on
    error: str | None = None
    seen: str | None = None  # the last digest date (YYYY-MM-DD) a run found the file
    size: int | None = None  # size and modification time when last read: a rerun that finds
    mtime_ns: int | None = None  # both unchanged does not read the file again
    untranslated: bool | None = None  # True: its story went out in Indonesian (no model then)


@dataclass(frozen=True)
class Written:
    """The digest file a run last wrote: its day, path and SHA-256."""

    day: str
    path: str
    sha256: str


@dataclass(frozen=True)
class State:
    """All records, keyed by the source's absolute path, and the digest last written.

    `carried` holds the day's stories of a schema-1 state file (which kept them in the
    records); a run moves them to the day file.
    """

    records: Mapping[str, Record] = field(default_factory=dict)
    written: Written | None = None
    carried: Mapping[str, Story] = field(default_factory=dict)


@dataclass(frozen=True)
class Day:
    """One day's stories by state key, and the groups of keys found among them (None: not yet)."""

    day: str
    stories: Mapping[str, Story] = field(default_factory=dict)
    groups: tuple[tuple[str, ...], ...] | None = ()


def default_state_path(
    settings: Settings, out: Path, *, notify: Callable[[str], None] | None = None
) -> Path:
    """One state per output: <state folder>/digest/state-<hash of the absolute --out>.json.

    A state left by ringkas 0.1 in the config folder moves to the state folder on first use
    (`notify` hears of the move).
    """
    key = sha256_hex(str(out.resolve()).encode("utf-8"))[:12]
    path = settings.digest_state_dir / f"state-{key}.json"
    old = settings.old_digest_state_dir / path.name
    if old != path and old.exists() and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):  # another run moved it first
            shutil.move(old, path)  # across file systems too
            if notify is not None:
                notify(f"Note: moved the digest state {old} to {path} (the user state folder).")
    return path


def _from_plain(hint: Any, value: Any) -> Any:
    """Rebuild a value of type `hint` from JSON data; raise TypeError on anything else."""
    # JSON gives lists where the dataclasses hold tuples, and dicts where they hold dataclasses.
    origin = typing.get_origin(hint)
    if origin is tuple and isinstance(value, list):
        (item_hint, *_) = typing.get_args(hint) or (Any,)
        return tuple(_from_plain(item_hint, item) for item in value)
    if is_dataclass(hint) and isinstance(hint, type) and isinstance(value, dict):
        return _dataclass_from_plain(hint, value)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(hint):
            with contextlib.suppress(TypeError):
                return _from_plain(option, value)
    if hint is Any or (hint is type(None) and value is None):
        return value
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint in (str, int, bool) and type(value) is hint:
        return value
    raise TypeError(f"{type(value).__name__} where {getattr(hint, '__name__', hint)} belongs")


def _dataclass_from_plain(cls: Any, data: Mapping[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    # Keys a newer ringkas may have added are ignored, so an old reader still loads the state.
    values = {
        f.name: _from_plain(hints[f.name], data[f.name]) for f in fields(cls) if f.name in data
    }
    return cls(**values)


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """Rebuild a Report stored by `report_to_plain`."""
    report: Report = _dataclass_from_plain(Report, data)
    return report


def report_to_plain(report: Report) -> dict[str, Any]:
    """Turn a Report into plain JSON data, every field kept."""
    return asdict(report)


def _record_to_plain(record: Record) -> dict[str, Any]:
    data = {
        "sha256": record.sha256,
        "processed_at": record.processed_at,
        "result": record.result,
        "day": record.day,
        "error": record.error,
        "seen": record.seen,
        "size": record.size,
        "mtime_ns": record.mtime_ns,
        "untranslated": record.untranslated or None,
    }
    return {key: value for key, value in data.items() if value is not None}


def _record_from_plain(data: Mapping[str, Any]) -> Record:
    if not isinstance(data, dict):
        raise TypeError(f"{type(data).__name__} where a record belongs")
    plain = dict(data)
    plain.setdefault("seen", data.get("day"))  # schema 1 had no "seen"
    record: Record = _dataclass_from_plain(Record, plain)
    return record


def _story_from_plain(data: Mapping[str, Any]) -> Story:
    return Story(report=report_from_dict(data["report"]), sketch=make_sketch(data["sketch"]))


def _dumps(data: object) -> str:
    # Compact, so json's C encoder writes it (with indent it falls back to pure Python).
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def dump_state(state: State) -> str:
    """Serialise the state as stable, sorted JSON."""
    data: dict[str, Any] = {
        "schema": STATE_SCHEMA,
        "sources": {name: _record_to_plain(r) for name, r in state.records.items()},
    }
    if state.written is not None:
        data["written"] = asdict(state.written)
    return _dumps(data)


def _carried_stories(sources: Mapping[str, Any]) -> dict[str, Story]:
    # Schema 1 kept the current day's reports and sketches inside the records.
    return {
        name: Story(
            report=report_from_dict(data["report"]),
            sketch=make_sketch(data.get("sketch", ())),
        )
        for name, data in sources.items()
        if data.get("report")
    }


def parse_state(text: str, name: str) -> State:
    """Parse a state file's text; anything unreadable raises InputError naming the file."""
    try:
        data = json.loads(text)
        schema = data.get("schema")
        if schema not in (1, STATE_SCHEMA):
            raise InputError(f"{name}: unknown state schema {schema!r}")
        sources = data["sources"]
        records = {k: _record_from_plain(v) for k, v in sources.items()}
        if not all(isinstance(k, str) for k in records):
            raise TypeError("a source that is not a path")
        written = Written(**data["written"]) if data.get("written") else None
        carried = _carried_stories(sources) if schema == 1 else {}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise _damaged(name, f"{type(error).__name__}: {error}") from None
    return State(records=records, written=written, carried=carried)


def _damaged(name: str, reason: str) -> InputError:
    return InputError(
        f"the digest state file is damaged: {name} ({reason}); "
        "move it away and rerun with --rebuild (the sources are read again)"
    )


def read_state(path: Path) -> State:
    """Read the state file; a missing file is an empty state."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State()
    except OSError as error:
        raise InputError(f"{path}: cannot read the digest state ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise _damaged(str(path), f"not UTF-8 at byte {error.start}") from None
    return parse_state(text, str(path))


def write_state(path: Path, state: State) -> None:
    """Write the state atomically (temporary file + rename)."""
    write_atomic(path, dump_state(state))


# --- the day file ---------------------------------------------------------------------------


def days_folder(state_path: Path) -> Path:
    """The folder beside the state file that holds its day files."""
    return state_path.with_name(state_path.stem + ".days")


def day_path(state_path: Path, day: str) -> Path:
    """The day file of `day` for this state file."""
    return days_folder(state_path) / f"{day}.jsonl"


def dump_day(day: Day) -> Iterator[str]:
    """Serialise a day as JSON Lines: a header (day, groups), then one line per story, sorted.

    Line by line, so a day of 10,000 stories is never one string (or one dict) in memory.
    """
    groups = None if day.groups is None else [list(g) for g in day.groups]
    yield _dumps({"schema": DAY_SCHEMA, "day": day.day, "groups": groups})
    for key in sorted(day.stories):
        story = day.stories[key]
        yield _dumps(
            {"key": key, "report": report_to_plain(story.report), "sketch": story.sketch.tolist()}
        )


def parse_day(lines: Iterable[str], name: str) -> Day:
    """Parse a day file's lines; anything unreadable raises InputError naming the file."""
    try:
        rows = iter(lines)
        header = json.loads(next(rows))
        if header.get("schema") != DAY_SCHEMA:
            raise InputError(f"{name}: unknown day file schema {header.get('schema')!r}")
        stories = {}
        for line in rows:
            data = json.loads(line)
            stories[str(data["key"])] = _story_from_plain(data)
        groups = header["groups"]
        return Day(
            day=str(header["day"]),
            stories=stories,
            groups=None if groups is None else tuple(tuple(str(k) for k in g) for g in groups),
        )
    except (ValueError, KeyError, TypeError, AttributeError, StopIteration) as error:
        raise _damaged(name, f"{type(error).__name__}: {error}") from None


def read_day(state_path: Path, state: State, day: str) -> Day:
    """Read the day file of `day`; without one, the stories a schema-1 state carried."""
    path = day_path(state_path, day)
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        carried = {
            key: story
            for key, story in state.carried.items()
            if (record := state.records.get(key)) and record.result == OK and record.day == day
        }
        return Day(day=day, stories=carried, groups=None if carried else ())
    except OSError as error:
        raise InputError(f"{path}: cannot read the digest state ({error.strerror})") from None
    with handle:
        return parse_day(handle, str(path))


def write_day(state_path: Path, day: Day) -> None:
    """Write the day file atomically."""
    write_atomic(day_path(state_path, day.day), dump_day(day))


def remove_other_days(state_path: Path, day: str) -> None:
    """Delete day files of other days (their digests are final) and stale temporary files."""
    folder = days_folder(state_path)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name != day_path(state_path, day).name and path.is_file():
                path.unlink(missing_ok=True)


# --- keeping it bounded ---------------------------------------------------------------------


def prune(records: Mapping[str, Record], today: date, keep_days: int) -> dict[str, Record]:
    """Drop records of files not seen for more than `keep_days` days."""
    cutoff = (today - timedelta(days=keep_days)).isoformat()
    return {name: r for name, r in records.items() if (r.seen or r.day or "") >= cutoff}
