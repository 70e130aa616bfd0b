"""Files, folders, globs and stdin → Articles (decoded text); atomic writes for outputs."""

from __future__ import annotations

import glob
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ringkas.document import Article
from ringkas.errors import InputError, RingkasError

TEXT_SUFFIXES = (".txt", ".md")
STDIN = "-"


@dataclass(frozen=True)
class Failure:
    """An input that could not be turned into an Article, with the reason."""

    source: str
    error: RingkasError


def expand_paths(args: Iterable[str]) -> Iterator[str | Failure]:
    """Expand files, folders (their *.txt/*.md, sorted) and globs into input names."""
    for arg in args:
        if arg == STDIN:
            yield STDIN
            continue
        path = Path(arg)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file()
            )
            if not files:
                yield Failure(arg, InputError(f"{arg}: folder holds no .txt or .md files"))
            yield from (str(p) for p in files)
        elif path.exists():
            yield arg
        elif glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield Failure(arg, InputError(f"{arg}: no file matches this pattern"))
            yield from expand_paths(matches)
        else:
            yield Failure(arg, InputError(f"{arg}: no such file or folder"))


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) and normalise line ends; refuse binary data."""
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: not valid UTF-8 (byte {err.start}); save it as UTF-8 and try again"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(name: str, stdin: BinaryIO) -> bytes:
    if name == STDIN:
        return stdin.read()
    try:
        return Path(name).read_bytes()
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror})") from None


def read_article(name: str, stdin: BinaryIO) -> Article:
    """Read one file (or stdin) as an Article; empty or unreadable input raises InputError."""
    label = "<stdin>" if name == STDIN else name
    text = decode_text(_read_bytes(name, stdin), label)
    if not text.strip():
        raise InputError(f"{label}: empty input, nothing to summarise")
    article_id = "stdin" if name == STDIN else Path(name).stem
    return Article(id=article_id, source=label, text=text)


def read_jsonl(name: str, stdin: BinaryIO) -> Iterator[Article | Failure]:
    """Read JSON Lines records {"id", "text", "title"?} as Articles, in input order."""
    label = "<stdin>" if name == STDIN else name
    text = decode_text(_read_bytes(name, stdin), label)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{label}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Failure(where, InputError(f"{where}: not valid JSON ({err.msg})"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Failure(where, InputError(f'{where}: a record needs a "text" string'))
            continue
        record_id = str(record.get("id", number))
        if not record["text"].strip():
            yield Failure(where, InputError(f"{where}: record {record_id} has empty text"))
            continue
        title = record.get("title")
        yield Article(
            id=record_id,
            source=where,
            text=record["text"].replace("\r\n", "\n"),
            title=title if isinstance(title, str) and title.strip() else None,
        )


def write_atomic(path: Path, data: str) -> None:
    """Write text to `path` through a temporary file and a rename, so no reader sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
