"""A persistent translation cache: SQLite in WAL mode, keyed by (model pin, engine, source).

WAL lets many processes read while one writes; writers wait on the busy timeout instead of
failing, and every batch is one short transaction, so concurrent runs (cron and a person at a
terminal) share it safely. A cache that cannot be opened is skipped, never fatal.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from ringkas.translate import Translator

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL,
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (model, engine, source)
) WITHOUT ROWID
"""
_BUSY_SECONDS = 30.0
_CHUNK = 500  # well under SQLite's limit on bound parameters


class TranslationCache:
    """Look up and store translations of one SQLite file."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def lookup(self, model: str, engine: str, sources: Iterable[str]) -> dict[str, str]:
        """Return the cached translations of those sources that have one."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT source, translation FROM translations "
                f"WHERE model = ? AND engine = ? AND source IN ({marks})",
                (model, engine, *chunk),
            )
            found.update(rows)
        return found

    def store(self, model: str, engine: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Save translations (a pair already present keeps its first value)."""
        rows = [(model, engine, source, english) for source, english in pairs]
        if not rows:
            return
        with self._db:  # one transaction per batch
            self._db.executemany(
                "INSERT OR IGNORE INTO translations VALUES (?, ?, ?, ?)",
                rows,
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def open_cache(path: Path) -> TranslationCache | None:
    """Open (creating if needed) the cache at `path`; None when it cannot be used."""
    # Switching a new file to WAL while another process creates it can fail at once with
    # "database is locked" (SQLite does not always wait on the busy timeout for it): retry.
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=_BUSY_SECONDS, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            with connection:
                connection.execute(_SCHEMA)
            return TranslationCache(connection)
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                return None
            time.sleep(0.05)
        except (OSError, sqlite3.Error):
            return None


class CachedTranslator:
    """A Translator that answers from the cache first and sends only misses to the model."""

    def __init__(self, inner: Translator, cache: TranslationCache, *, model: str, engine: str):
        self.inner = inner
        self.cache = cache
        self.model = model
        self.engine = engine

    @property
    def label(self) -> str:
        """The wrapped translator's label (the cache does not change what is produced)."""
        return self.inner.label

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate, asking the model only for sentences not already cached."""
        try:
            known = self.cache.lookup(self.model, self.engine, texts)
        except sqlite3.Error:
            known = {}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            fresh = dict(zip(missing, self.inner.translate(missing), strict=True))
            with contextlib.suppress(sqlite3.Error):  # a locked cache costs speed, not results
                self.cache.store(self.model, self.engine, fresh.items())
            known.update(fresh)
        return [known[t] for t in texts]
