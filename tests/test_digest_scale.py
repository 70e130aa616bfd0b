"""`ringkas digest` at scale: no-change reruns, incremental groups, bounded state, progress."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from ringkas.cli import digest as digest_cli
from ringkas.digest import group as digest_core
from ringkas.digest import run as digest_run
from ringkas.digest.state import days_folder, read_day, read_state
from tests.articlekit import INDOSUM, make_articles
from tests.conftest import ROOT

DAY = date(2026, 11, 27)


@pytest.fixture
def day(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The digest's today, settable by the test (the first item)."""
    today = [DAY]
    monkeypatch.setattr(digest_cli, "_today", lambda: today[0])
    return today


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """30 IndoSum articles and edited copies of them (near duplicates on both sides)."""
    if not INDOSUM.exists():
        pytest.skip(f"{INDOSUM} is absent")
    folder = tmp_path / "inbox"
    folder.mkdir()
    articles = make_articles(1000)
    for number in [i + copy for copy in (0, 234, 468, 702, 936) for i in range(6)]:
        name, text = articles[number]
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        hour_ago = path.stat().st_mtime - 3600
        os.utime(path, (hour_ago, hour_ago))  # files older than the run, as in a real inbox
    return folder


def _digest(inbox: Path, tmp_path: Path, *args: str) -> tuple[int, str]:
    state = tmp_path / "state.json"
    argv = ["digest", str(inbox), "--out", f"{tmp_path / 'out'}/", "--state", str(state)]
    result = CliRunner().invoke(app, [*argv, "--translate", "never", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def _fail_if_called(*args: object, **kwargs: object) -> None:
    raise AssertionError("no grouping work was expected")


def test_rerun_with_nothing_new_reads_no_day_file_and_groups_nothing(
    inbox: Path, tmp_path: Path, day: list[date], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _digest(inbox, tmp_path)[0] == 0
    state_bytes = (tmp_path / "state.json").read_bytes()
    monkeypatch.setattr(digest_core, "candidate_pairs", _fail_if_called)
    monkeypatch.setattr(digest_run, "read_day", _fail_if_called)
    monkeypatch.setattr(digest_run, "build_digest", _fail_if_called)

    code, stdout = _digest(inbox, tmp_path)

    assert (code, "Nothing new" in stdout) == (0, True)
    assert (tmp_path / "state.json").read_bytes() == state_bytes  # not even rewritten


def test_a_later_run_groups_only_new_stories_and_lands_where_a_rebuild_does(
    inbox: Path, tmp_path: Path, day: list[date], monkeypatch: pytest.MonkeyPatch
) -> None:
    later = sorted(inbox.glob("*.txt"))[::3]
    held = {path: path.read_text(encoding="utf-8") for path in later}
    for path in later:
        path.unlink()
    _digest(inbox, tmp_path)
    for path, text in held.items():
        path.write_text(text, encoding="utf-8")
    looked_up: list[list[int]] = []
    real = digest_core.candidate_pairs

    def spy(sketches: list[tuple[int, ...]], fresh: list[int] | None = None) -> object:
        looked_up.append(list(range(len(sketches))) if fresh is None else list(fresh))
        return real(sketches, fresh)

    monkeypatch.setattr(digest_core, "candidate_pairs", spy)

    _digest(inbox, tmp_path)
    incremental = (tmp_path / "out" / f"ringkas-{DAY}.md").read_text(encoding="utf-8")
    _digest(inbox, tmp_path, "--rebuild")
    rebuilt = (tmp_path / "out" / f"ringkas-{DAY}.md").read_text(encoding="utf-8")

    assert len(looked_up[0]) == len(later)  # the incremental run: the new files only
    assert len(looked_up[1]) == 30  # --rebuild: everything
    assert incremental == rebuilt
    assert "from 30 articles" in rebuilt
    assert rebuilt.count("\n## ") < 30  # copies were merged


def test_keep_days_prunes_records_and_old_day_files(
    inbox: Path, tmp_path: Path, day: list[date]
) -> None:
    _digest(inbox, tmp_path)
    gone = sorted(inbox.glob("*.txt"))[0]
    gone.unlink()
    state_path = tmp_path / "state.json"
    key = str(gone.resolve())

    day[0] = DAY + timedelta(days=3)
    _digest(inbox, tmp_path, "--keep-days", "3")
    assert key in read_state(state_path).records  # last seen 3 days ago: kept
    assert [p.name for p in days_folder(state_path).iterdir()] == ["2026-11-30.jsonl"]

    day[0] = DAY + timedelta(days=4)
    _digest(inbox, tmp_path, "--keep-days", "3")
    records = read_state(state_path).records
    assert key not in records
    assert len(records) == 29
    assert all(r.seen == "2026-12-01" for r in records.values())


def test_a_changed_file_leaves_its_old_group_and_the_rest_is_regrouped(
    inbox: Path, tmp_path: Path, day: list[date]
) -> None:
    _digest(inbox, tmp_path)
    state_path = tmp_path / "state.json"
    groups = read_day(state_path, read_state(state_path), DAY.isoformat()).groups or ()
    group = max(groups, key=len)
    changed = Path(group[0])
    changed.write_text("Berita lain sama sekali.\n\nIsinya tidak mirip apa pun.", "utf-8")

    _digest(inbox, tmp_path)
    after = read_day(state_path, read_state(state_path), DAY.isoformat()).groups or ()
    _digest(inbox, tmp_path, "--rebuild")
    rebuilt = read_day(state_path, read_state(state_path), DAY.isoformat()).groups

    assert (str(changed),) in after
    assert after == rebuilt


def _run_on_a_terminal(args: list[str], home: Path) -> tuple[int, str]:
    """Run ringkas with stderr on a pseudo-terminal (stdout a pipe); return code and stderr."""
    main, child = pty.openpty()
    env = {**os.environ, "RINGKAS_HOME": str(home), "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ringkas", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=child,
    )
    os.close(child)
    seen = b""
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(main)
    return proc.returncode, seen.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_and_none_with_quiet(inbox: Path, tmp_path: Path) -> None:
    args = ["digest", str(inbox), "--out", f"{tmp_path / 'out'}/", "--translate", "never"]

    code, stderr = _run_on_a_terminal(
        [*args, "--quiet", "--state", str(tmp_path / "q.json")], tmp_path
    )
    assert (code, stderr) == (0, "")

    code, stderr = _run_on_a_terminal([*args, "--rebuild", "--force"], tmp_path)
    assert code == 0
    assert "Reading files" in stderr
    assert "30/30" in stderr


def test_no_progress_when_stderr_is_not_a_terminal(inbox: Path, tmp_path: Path) -> None:
    args = ["digest", str(inbox), "--out", f"{tmp_path}/o/", "--translate", "never"]
    proc = subprocess.run(
        [sys.executable, "-m", "ringkas", *args],
        cwd=ROOT,
        env={**os.environ, "RINGKAS_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
