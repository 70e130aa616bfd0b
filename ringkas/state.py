"""The digest state file: what each source held (content hash), when it was processed, the result.

A source processed into today's digest keeps its report and text sketch here, so a second run the
same day can rebuild the day's digest (earlier stories plus new ones) without any model work.
Records of earlier days keep only hash, time and result. The file is JSON, written atomically.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ringkas.document import Quote, Report, SummaryItem
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


def _pick(cls: type, data: Mapping[str, Any]) -> dict[str, Any]:
    # Ignore keys a newer ringkas may have added, so an old reader still loads the state.
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """Rebuild a Report stored by `report_to_plain`."""
    values = _pick(Report, data)
    values["summary"] = tuple(SummaryItem(**_pick(SummaryItem, s)) for s in data["summary"])
    values["quotes"] = tuple(Quote(**_pick(Quote, q)) for q in data["quotes"])
    values["flags"] = tuple(data.get("flags", ()))
    return Report(**values)


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
    report = data.get("report")
    return Record(
        sha256=data.get("sha256"),
        processed_at=str(data["processed_at"]),
        result=str(data["result"]),
        day=data.get("day"),
        error=data.get("error"),
        report=report_from_dict(report) if report else None,
        sketch=tuple(int(h) for h in data.get("sketch", ())),
    )


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
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(
            f"{name}: the digest state file is damaged ({error}); "
            "move it away and rerun with --rebuild"
        ) from None
    return State(records=records)


def read_state(path: Path) -> State:
    """Read the state file; a missing file is an empty state."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State()
    except OSError as error:
        raise InputError(f"{path}: cannot read the digest state ({error.strerror})") from None
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
