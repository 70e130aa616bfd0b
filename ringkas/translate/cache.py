"""A persistent translation cache: SQLite in WAL mode, keyed by what produced each translation.

The key names the model (repo@revision) and a fingerprint of everything that decides the text:
the hashes of the weights and configs (or of the CTranslate2 manifest), engine, compute type,
beam and guard version (`translate.load_translator` builds it). Every row carries a checksum
of its key and text, so a flipped byte is never served: such rows are dropped and translated
again. A database SQLite cannot read is moved aside (one notice) and a fresh one created.

WAL lets many processes read while one writes; writers wait on the busy timeout instead of
failing, and every batch is one short transaction, so concurrent runs (cron and a person at a
terminal) share it safely. A cache that cannot be opened is skipped, never fatal.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ringkas.fileio import sha256_hex
from ringkas.translate.base import Translator, TranslatorId

# v2: the key is a fingerprint of what produced the text, and each row has a checksum. Rows of
# the old table were keyed on the revision alone, so they are not trusted: it is dropped.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations_v2 (
    model TEXT NOT NULL,
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    checksum TEXT NOT NULL,
    PRIMARY KEY (model, engine, source)
) WITHOUT ROWID
"""
_BUSY_SECONDS = 30.0
_CHUNK = 500  # well under SQLite's limit on bound parameters

Notify = Callable[[str], None]


def row_checksum(model: str, engine: str, source: str, translation: str) -> str:
    """The checksum stored with a row: SHA-256 over its key and text."""
    data = "\x1f".join((model, engine, source, translation)).encode("utf-8", "surrogatepass")
    return sha256_hex(data)[:32]


class TranslationCache:
    """Look up and store translations of one SQLite file."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None = None) -> None:
        self._db = connection
        self.path = path
        self.dropped = 0  # rows that failed their checksum in this session

    def lookup(self, model: str, engine: str, sources: Iterable[str]) -> dict[str, str]:
        """Return the cached translations of those sources that have one (and check out)."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        bad: list[str] = []
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT source, translation, checksum FROM translations_v2 "
                f"WHERE model = ? AND engine = ? AND source IN ({marks})",
                (model, engine, *chunk),
            )
            for source, english, checksum in rows:
                if checksum == row_checksum(model, engine, source, english):
                    found[source] = english
                else:
                    bad.append(source)
        if bad:
            self._drop(model, engine, bad)
        return found

    def _drop(self, model: str, engine: str, sources: list[str]) -> None:
        self.dropped += len(sources)
        with contextlib.suppress(sqlite3.Error), self._db:
            self._db.executemany(
                "DELETE FROM translations_v2 WHERE model = ? AND engine = ? AND source = ?",
                [(model, engine, source) for source in sources],
            )

    def store(self, model: str, engine: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Save translations (a pair already present keeps its first value)."""
        rows = [
            (model, engine, source, english, row_checksum(model, engine, source, english))
            for source, english in pairs
        ]
        if not rows:
            return
        with self._db:  # one transaction per batch
            self._db.executemany(
                "INSERT OR IGNORE INTO translations_v2 VALUES (?, ?, ?, ?, ?)",
                rows,
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=_BUSY_SECONDS, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        with connection:
            connection.execute(_SCHEMA)
            connection.execute("DROP TABLE IF EXISTS translations")
    except BaseException:
        connection.close()
        raise
    return connection


def _is_damaged(error: sqlite3.Error) -> bool:
    """True for errors that mean the file is not a usable database (not: busy, read-only)."""
    if isinstance(error, sqlite3.OperationalError):
        return "malformed" in str(error) or "corrupt" in str(error)
    return isinstance(error, sqlite3.DatabaseError)


def set_aside(path: Path, notify: Notify | None) -> Path | None:
    """Move a damaged cache (and its WAL files) aside so a fresh one can be made; say so once."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    aside = path.with_name(f"{path.name}.damaged-{stamp}-{os.getpid()}")
    try:
        os.replace(path, aside)
    except OSError:
        return None
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.replace(path.with_name(path.name + suffix), aside.with_name(aside.name + suffix))
    if notify is not None:
        notify(
            f"Note: the translation cache {path} was damaged; it was moved to {aside.name} and "
            "a new one started (translations are made again)."
        )
    return aside


def open_cache(path: Path, *, notify: Notify | None = None) -> TranslationCache | None:
    """Open (creating if needed) the cache at `path`; None when it cannot be used.

    A file SQLite cannot read as a database is moved aside with one notice and replaced.
    """
    # Switching a new file to WAL while another process creates it can fail at once with
    # "database is locked" (SQLite does not always wait on the busy timeout for it): retry.
    deadline = time.monotonic() + _BUSY_SECONDS
    moved = False
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return TranslationCache(_connect(path), path)
        except sqlite3.OperationalError as error:
            if "locked" in str(error) and time.monotonic() <= deadline:
                time.sleep(0.05)
                continue
            if moved or not _is_damaged(error) or set_aside(path, notify) is None:
                return None
            moved = True
        except sqlite3.DatabaseError:  # "file is not a database"
            if moved or set_aside(path, notify) is None:
                return None
            moved = True
        except (OSError, sqlite3.Error):
            return None


class CachedTranslator:
    """A Translator that answers from the cache first and sends only misses to the model."""

    def __init__(
        self,
        inner: Translator,
        cache: TranslationCache,
        *,
        model: str,
        engine: str,
        notify: Notify | None = None,
    ):
        self.inner = inner
        self.cache = cache
        self.model = model
        self.engine = engine
        self.notify = notify

    @property
    def identity(self) -> TranslatorId:
        """The wrapped translator's (the cache does not change what is produced)."""
        return self.inner.identity

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate, asking the model only for sentences not already cached."""
        try:
            known = self.cache.lookup(self.model, self.engine, texts)
        except sqlite3.Error as error:
            known = {}
            self._damaged(error)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            fresh = dict(zip(missing, self.inner.translate(missing), strict=True))
            try:
                self.cache.store(self.model, self.engine, fresh.items())
            except sqlite3.Error as error:  # a locked cache costs speed, not results
                self._damaged(error)
            known.update(fresh)
        return [known[t] for t in texts]

    def _damaged(self, error: sqlite3.Error) -> None:
        """Set a cache that turned out damaged aside and go on with a fresh one."""
        if not _is_damaged(error) or self.cache.path is None:
            return
        self.cache.close()
        set_aside(self.cache.path, self.notify)
        fresh = open_cache(self.cache.path)
        if fresh is not None:
            self.cache = fresh
