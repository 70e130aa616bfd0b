"""The digest state file: what each source held (content hash), when it was processed, the result.

A source processed into today's digest keeps its report and text sketch here, so a second run the
same day can rebuild the day's digest (earlier stories plus new ones) without any model work.
Records of earlier days keep only hash, time and result. The file is JSON, written atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from ringkas.document import Report
from ringkas.errors import InputError
from ringkas.sources import write_atomic

STATE_SCHEMA = 1
OK = "ok"
FAILED = "failed"


@dataclass(frozen=True)
class Record:
    """What the state knows about one source file."""

    sha256: str | None
    processed_at: str  # ISO 8601 UTC time of the last attempt
    result: str  # OK or FAILED
    day: str | None = None  # the digest date (YYYY-MM-DD) the story went into, or failed on
    error: str | None = None
    report: Report | None = None  # kept only while `day` is the current digest day
    sketch: tuple[int, ...] = ()


@dataclass(frozen=True)
class State:
    """All records, keyed by the source's absolute path."""

    records: Mapping[str, Record] = field(default_factory=dict)


def hash_bytes(data: bytes) -> str:
    """Return the SHA-256 hex digest that identifies a source's content."""
    return hashlib.sha256(data).hexdigest()


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
    data: dict[str, Any] = {
        "sha256": record.sha256,
        "processed_at": record.processed_at,
        "result": record.result,
        "day": record.day,
        "error": record.error,
    }
    if record.report is not None:
        data["report"] = report_to_plain(record.report)
        data["sketch"] = list(record.sketch)
    return data


def _record_from_plain(data: Mapping[str, Any]) -> Record:
    if not isinstance(data, dict):
        raise TypeError(f"{type(data).__name__} where a record belongs")
    record: Record = _dataclass_from_plain(Record, data)
    return record


def dump_state(state: State) -> str:
    """Serialise the state as stable, sorted JSON."""
    data = {
        "schema": STATE_SCHEMA,
        "sources": {name: _record_to_plain(r) for name, r in state.records.items()},
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def parse_state(text: str, name: str) -> State:
    """Parse a state file's text; anything unreadable raises InputError naming the file."""
    try:
        data = json.loads(text)
        if data.get("schema") != STATE_SCHEMA:
            raise InputError(f"{name}: unknown state schema {data.get('schema')!r}")
        records = {k: _record_from_plain(v) for k, v in data["sources"].items()}
        if not all(isinstance(k, str) for k in records):
            raise TypeError("a source that is not a path")
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise _damaged(name, f"{type(error).__name__}: {error}") from None
    return State(records=records)


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


def stories_of_day(state: State, day: str) -> dict[str, Record]:
    """Return the records whose story went into the digest of `day`."""
    return {
        name: r
        for name, r in state.records.items()
        if r.result == OK and r.day == day and r.report is not None
    }


def prune(state: State, day: str) -> State:
    """Drop stored reports of earlier days; their digests are final, only hash and time stay."""
    records = {
        name: (r if r.day == day else replace(r, report=None, sketch=()))
        for name, r in state.records.items()
    }
    return State(records=records)
