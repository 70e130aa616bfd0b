"""The progress bar of `ringkas digest`: files read, then texts translated, on a terminal only."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ringkas.translate.base import Translator, TranslatorId

# Texts per call to the translator while a bar is shown: enough for full batches (the pipeline
# sorts the texts by length first), few enough that the bar moves every few seconds.
_TEXTS_PER_STEP = 256


class DigestProgress:
    """One Rich bar at a time on stderr; every method does nothing when it is off."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    @classmethod
    @contextmanager
    def on_stderr(cls, *, enabled: bool, stream: TextIO | None = None) -> Iterator[DigestProgress]:
        """Show the bar on `stream` (stderr) when enabled and it is a terminal."""
        stream = stream if stream is not None else sys.stderr
        if not enabled or stream is None or not stream.isatty():
            yield cls(None)
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=True,
            # stdout carries the result line; only a terminal's may pass through the bar.
            redirect_stdout=sys.stdout is not None and sys.stdout.isatty(),
        )
        with progress:
            yield cls(progress)

    def start(self, description: str, *, total: int | None) -> None:
        """Begin a new stage; the previous one's bar is finished and hidden."""
        if self._progress is None:
            return
        if self._task is not None:
            self._progress.update(self._task, visible=False)
        self._task = self._progress.add_task(description, total=total)

    def advance(self, steps: int = 1) -> None:
        """Count `steps` more units of the current stage."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, steps)


class ProgressTranslator:
    """A Translator that passes texts on in steps and counts them on the progress bar."""

    def __init__(self, inner: Translator, progress: DigestProgress) -> None:
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
