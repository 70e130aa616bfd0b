"""Interrupts at the worst moments leave no temporary files and no tracebacks (issue 11, part 5)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ringkas import language
from ringkas.fileio import write_atomic


def test_an_interrupt_just_after_the_temporary_file_is_created_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def open_then_interrupt(*args: object, **kwargs: object) -> int:
        real_open(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # Ctrl-C lands as the call returns, before its result is kept

    target = tmp_path / "digest.md"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(os, "open", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.md"]
    assert target.read_text(encoding="utf-8") == "old"


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_saving_the_language_model_removes_what_killed_saves_left(tmp_path: Path) -> None:
    folder = language.language_model_file(tmp_path).parent
    folder.mkdir(parents=True)
    killed = folder / f".langid-{_dead_pid()}-0badc0de.tmp"  # a SIGKILLed first save
    killed.write_bytes(b"\x93NUMPY" + b"\x00" * 1000)
    running = folder / f".langid-{os.getppid()}-12345678.tmp"  # a save still in progress
    running.write_bytes(b"partial")
    legacy = folder / "tmpa1b2c3d4.tmp"  # the old NamedTemporaryFile name, abandoned long ago
    legacy.write_bytes(b"old")
    hour_ago = time.time() - 7200
    os.utime(legacy, (hour_ago, hour_ago))

    saved = language.cache_language_model(tmp_path)

    assert saved.exists()
    assert not killed.exists()
    assert not legacy.exists()
    assert running.exists()  # another process is writing it


def test_ctrl_c_while_the_command_line_loads_exits_130_quietly() -> None:
    # KeyboardInterrupt raised by the import of ringkas.cli, as Ctrl-C during start-up would.
    code = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name == 'ringkas.cli':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted\n"
        "sys.argv = ['ringkas', '--version']\n"
        "import runpy\n"
        "runpy.run_module('ringkas', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 130
    assert done.stderr == "Interrupted.\n"
    assert done.stdout == ""


def test_the_console_script_starts_from_the_bare_entry_point() -> None:
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert pyproject["project"]["scripts"]["ringkas"] == "ringkas.__main__:main"
