"""The progress bar of `ringkas digest`: files read, then texts translated, on a terminal only."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class DigestProgress:
    """One Rich bar at a time on stderr (ringkas.digest.run.Progress); off, it does nothing."""

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
