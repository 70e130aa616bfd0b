"""Writing files so that no reader sees half of one, swapping folders whole, and hashing.

The one copy of each: every module that writes a result, a state, a record or a shard uses
`write_atomic`; every folder built beside its target (a download, a conversion) goes into place
with `swap_folder`; every SHA-256 is `sha256_file` or `sha256_hex`.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path


def _new_file_mode(path: Path) -> int:
    """The mode a plain `open(path, "w")` would give: the old file's, else 0666 less umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def temporary_name(path: Path) -> Path:
    """A fresh name for a temporary file beside `path`: `.<name>.<random>.tmp`."""
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")


def write_atomic(path: Path, data: str | Iterable[str]) -> None:
    """Write text (or its pieces, one after another) to `path` through a temporary file and a
    rename, so no reader sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The name is known before the file exists, so an interrupt (Ctrl-C, SIGTERM) arriving
    # just after it is created still finds it to remove; mkstemp returns the name too late.
    tmp = temporary_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        # The file starts private; a digest is for reading (a web folder, a mail job).
        os.fchmod(fd, _new_file_mode(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines([data] if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def swap_folder(work: Path, target: Path) -> None:
    """Put the finished folder `work` in place of `target` (there or not) by renames.

    A reader sees the old folder or the new one; the old one is removed only once the new one
    is in place (a crash in between leaves `.<name>.old-<pid>` beside it, never a half folder).
    """
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(work, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(work, target)


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in blocks."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sha256_hex(data: bytes) -> str:
    """Return the hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()
