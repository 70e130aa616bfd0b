"""Every failure is one line on stderr with a documented exit code, and nothing computed is lost.

Each case runs the real entry point (`ringkas.cli.main`) in a child process, the way a user or
cron meets it; a missing package is simulated by `sys.modules[name] = None` in that child, which
is what Python does for a module that is not installed as far as ringkas can tell.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ringkas.errors import (
    CPU_TORCH,
    EXIT_CANNOT_WRITE,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_MODEL,
    EXIT_USAGE,
    PULL,
    TRANSLATE_EXTRAS,
)
from tests.conftest import FLOOD, ROOT, SEED

PAGE = (
    "<!doctype html><html><head><title>Banjir</title></head><body><nav>Beranda</nav><article>"
    "<h1>Banjir Melanda Jakarta Utara</h1><p>Banjir setinggi satu meter melanda kawasan Jakarta "
    "Utara pada Senin pagi setelah hujan deras sepanjang malam.</p><p>Ratusan rumah di "
    "Penjaringan dan Pluit terendam, kata petugas.</p></article></body></html>"
)


def ringkas(
    *args: str | Path,
    home: Path,
    block: Sequence[str] = (),
    stdin: str | None = None,
    **env: str,
) -> tuple[int, str, str]:
    """Run `ringkas ARGS` in a child as a user would; `block` modules look uninstalled there."""
    code = (
        "import sys\n"
        f"for name in {list(block)!r}:\n    sys.modules[name] = None\n"
        f"sys.argv = ['ringkas', *{[str(a) for a in args]!r}]\n"
        "from ringkas.cli import main\nmain()\n"
    )
    environ = {"PATH": os.environ["PATH"], "HOME": str(home), "RINGKAS_HOME": str(home), **env}
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
        timeout=300,
    )
    return done.returncode, done.stdout, done.stderr


def one_error(stderr: str) -> str:
    """The stderr of a failed run: exactly one `Error:` line and never a traceback."""
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, stderr
    return errors[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    return folder


# --- ImportError of an optional package: named, with the pip command; the other inputs go on ---


def test_html_without_lxml_html_clean_names_the_package_and_goes_on(
    tmp_path: Path, home: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    args = ("summarize", "--no-translate", "-f", "json", page, SEED)

    code, out, err = ringkas(*args, home=home, block=["lxml_html_clean"])

    assert code == EXIT_INTERNAL
    line = one_error(err)
    assert "page.html" in line
    assert "lxml_html_clean" in line
    assert "`pip install lxml_html_clean`" in line
    # The seed after the page is still printed (two inputs: one JSON array).
    assert [r["source"] for r in json.loads(out)] == [str(SEED)]


def test_digest_of_an_inbox_with_a_page_writes_the_rest_and_retries_the_page(
    inbox: Path, tmp_path: Path, home: Path
) -> None:
    (inbox / "page.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "d.json"
    args = ("digest", inbox, "--out", out, "--translate", "never")

    code, _, err = ringkas(*args, home=home, block=["lxml_html_clean"])

    assert code == EXIT_INTERNAL
    assert "lxml_html_clean" in one_error(err)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["report"]["id"] for e in data["entries"]] == ["flood"]
    assert [s["source"] for s in data["not_processed"]] == [str(inbox / "page.html")]

    code, _, err = ringkas(*args, home=home)  # installed now: the page is retried and goes in

    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["entries"]) == 1  # the page tells the flood story too: one entry
    assert len(data["entries"][0]["sources"]) == 2
    assert data["not_processed"] == []


def test_translate_without_torch_gives_the_steps_not_a_missing_option(
    random_marian_lock: Path, home: Path
) -> None:
    args = ("translate", "--engine", "transformers", "--lock", random_marian_lock, SEED)

    code, out, err = ringkas(*args, home=home, block=["torch"])

    assert code == EXIT_MODEL
    line = one_error(err)
    assert CPU_TORCH in line
    assert TRANSLATE_EXTRAS in line
    assert "--no-translate" not in err  # `ringkas translate` has no such option
    assert out == ""


# --- OSError: unwritable or full disks --------------------------------------------------------


def test_digest_into_proc_is_one_line_and_writes_no_state(inbox: Path, home: Path) -> None:
    code, _, err = ringkas("digest", inbox, "--out", "/proc/", "--translate", "never", home=home)

    assert code == EXIT_CANNOT_WRITE
    assert "cannot write the digest /proc/ringkas-" in one_error(err)
    assert not list((home / "digest").glob("state-*.json"))  # the next run redoes the work


@pytest.mark.parametrize(
    ("option", "env"),
    [
        (("--state", "/proc/nope/s.json"), {}),
        ((), {"RINGKAS_HOME": "/proc/nope"}),
    ],
    ids=["state", "ringkas-home"],
)
def test_an_unwritable_state_or_home_fails_before_any_work(
    inbox: Path, tmp_path: Path, home: Path, option: tuple[str, ...], env: dict[str, str]
) -> None:
    out = tmp_path / "out"
    args = ("digest", inbox, "--out", f"{out}/", "--translate", "never", *option)

    code, _, err = ringkas(*args, home=home, **env)

    assert code == EXIT_CANNOT_WRITE
    assert "cannot write the digest lock /proc/nope/" in one_error(err)
    assert not out.exists()


def test_summarize_with_an_unwritable_home_still_works(home: Path) -> None:
    # The caches under RINGKAS_HOME only save time; a read-only home costs that time, nothing else.
    args = ("summarize", "--no-translate", "-f", "json", SEED)

    code, out, err = ringkas(*args, home=home, RINGKAS_HOME="/proc/nope")

    assert code == 0, err
    assert json.loads(out)["summary"]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 kB tmpfs (needs root); skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root; test_disk_full_in_process covers the path")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _write_forever(fd: int) -> None:
    while True:
        os.write(fd, b"\0" * 1024)


def _fill(disk: Path) -> Path:
    """Fill the disk to the last block."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        with pytest.raises(OSError, match="No space left"):
            _write_forever(fd)
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_under_out_keeps_the_old_digest_and_the_state(
    inbox: Path, home: Path, tiny_disk: Path
) -> None:
    out = tiny_disk / "d.md"
    args = ("digest", inbox, "--out", out, "--translate", "never")
    assert ringkas(*args, home=home)[0] == 0
    before = out.read_text(encoding="utf-8")
    (state,) = (home / "digest").glob("state-*.json")
    state_before = state.read_text(encoding="utf-8")
    (inbox / "kpu.txt").write_text(FLOOD.replace("Banjir", "Gempa") * 30, encoding="utf-8")
    filler = _fill(tiny_disk)

    code, _, err = ringkas(*args, home=home)

    assert code == EXIT_CANNOT_WRITE
    line = one_error(err)
    assert f"cannot write the digest {out}: No space left on device" in line
    assert "free some space" in line
    assert out.read_text(encoding="utf-8") == before
    assert state.read_text(encoding="utf-8") == state_before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["d.md", "filler"]  # no temp left

    filler.unlink()
    code, stdout, err = ringkas(*args, home=home)

    assert code == 0, err
    assert "1 new file(s)" in stdout
    assert "Gempa" in out.read_text(encoding="utf-8")


def test_a_full_disk_under_ringkas_home_keeps_the_digest_and_the_next_run_completes(
    inbox: Path, tmp_path: Path, tiny_disk: Path
) -> None:
    home = tiny_disk / "home"
    out = tmp_path / "d.md"
    args = ("digest", inbox, "--out", out, "--translate", "never")
    (home / "digest").mkdir(parents=True)
    filler = _fill(tiny_disk)

    code, _, err = ringkas(*args, home=home)

    assert code == EXIT_CANNOT_WRITE
    assert "cannot write the digest state" in one_error(err)
    written = out.read_text(encoding="utf-8")  # the digest is written before the state
    assert "Banjir Melanda Jakarta Utara" in written

    filler.unlink()
    code, stdout, err = ringkas(*args, home=home)

    assert code == 0, err
    assert "1 new file(s)" in stdout  # the state did not record it: redone, to the same digest
    assert out.read_text(encoding="utf-8") == written
    assert list((home / "digest").glob("state-*.json"))


def test_disk_full_in_process(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same path where no tmpfs can be mounted: the digest's write meets ENOSPC."""
    from ringkas.cli import main
    from ringkas.digest import run as digest_run

    def full(path: Path, data: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path.parent / ".tmp"))

    monkeypatch.setattr(digest_run, "write_atomic", full)
    out = tmp_path / "d.md"
    monkeypatch.setattr(sys, "argv", ["ringkas", "digest", str(inbox), "--out", str(out)])

    with pytest.raises(SystemExit) as done:
        main()

    assert done.value.code == EXIT_CANNOT_WRITE
    assert "No space left on device; free some space" in one_error(capsys.readouterr().err)
    assert not out.exists()


# --- OverflowError from huge option values -----------------------------------------------------


def test_a_huge_max_chars_means_no_limit(home: Path) -> None:
    args = ("summarize", "--no-translate", "-f", "json", "--max-chars", str(10**23), SEED)

    code, out, err = ringkas(*args, home=home)

    assert (code, err) == (0, "")
    assert "truncated" not in json.loads(out)["flags"]


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--since", "99999999999999w", "leave --since out to take every file"),
        ("--wait", "nan", "--wait"),
    ],
)
def test_huge_or_not_a_number_digest_options_are_usage_errors(
    inbox: Path, tmp_path: Path, home: Path, option: str, value: str, says: str
) -> None:
    out = tmp_path / "out"

    code, _, err = ringkas("digest", inbox, "--out", f"{out}/", option, value, home=home)

    assert code == EXIT_USAGE
    assert says in one_error(err)
    assert not out.exists()


# --- RecursionError: a deeply nested JSON Lines record ---------------------------------------


def test_a_deeply_nested_record_fails_alone(home: Path) -> None:
    records = [
        json.dumps({"id": "first", "text": FLOOD}),
        '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"id": "last", "text": FLOOD}),
    ]
    args = ("summarize", "--jsonl", "--no-translate", "-f", "jsonl", "-")

    code, out, err = ringkas(*args, home=home, stdin="\n".join(records) + "\n")

    assert code == EXIT_INPUT
    assert "<stdin>:2: not valid JSON (nested too deeply)" in one_error(err)
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["first", "last"]


# --- damaged state files ---------------------------------------------------------------------


def _damage_with_wrong_types(state: Path) -> None:
    data = json.loads(state.read_text(encoding="utf-8"))
    (record,) = data["sources"].values()
    record["size"] = "not a number of bytes"
    state.write_text(json.dumps(data), encoding="utf-8")


def _damage_with_bytes(state: Path) -> None:
    state.write_bytes(b'{"schema": 1, "sources": {"\xff\xfe": {}}}')


@pytest.mark.parametrize("damage", [_damage_with_wrong_types, _damage_with_bytes])
def test_a_damaged_state_file_says_so_and_how_to_recover(
    inbox: Path, tmp_path: Path, home: Path, damage: object
) -> None:
    out = tmp_path / "d.md"
    state = tmp_path / "s.json"
    args = ("digest", inbox, "--out", out, "--state", state, "--translate", "never")
    assert ringkas(*args, home=home)[0] == 0
    before = out.read_text(encoding="utf-8")
    damage(state)  # type: ignore[operator]

    code, _, err = ringkas(*args, home=home)

    assert code == EXIT_INPUT
    line = one_error(err)
    assert f"the digest state file is damaged: {state}" in line
    assert "move it away and rerun with --rebuild" in line
    assert out.read_text(encoding="utf-8") == before

    state.rename(tmp_path / "s.json.damaged")  # what the line says to do
    code, _, err = ringkas(*args, "--rebuild", home=home)

    assert code == 0, err
    assert out.read_text(encoding="utf-8") == before


# --- any other exception: one line naming stage and file, exit 70; --debug shows it all ----------


def _summarize_with_a_bug(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *extra: str) -> Path:
    """Set up `ringkas summarize` on two files in process; summarising the first divides by 0."""
    from ringkas import pipeline

    real = pipeline.build_report
    bad = tmp_path / "bad.txt"
    bad.write_text(FLOOD, encoding="utf-8")

    def build_report(article: object, options: object) -> object:
        if str(article.source).endswith("bad.txt"):  # type: ignore[attr-defined]
            return 1 / 0
        return real(article, options)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "build_report", build_report)
    argv = ["ringkas", "summarize", *extra, "--no-translate", "-f", "json", str(bad), str(SEED)]
    monkeypatch.setattr(sys, "argv", argv)
    return bad


def test_an_unexpected_exception_is_one_line_with_exit_70_and_the_rest_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ringkas.cli import main

    bad = _summarize_with_a_bug(monkeypatch, tmp_path)

    with pytest.raises(SystemExit) as done:
        main()

    assert done.value.code == EXIT_INTERNAL
    out, err = capsys.readouterr()
    assert one_error(err) == (
        f"Error: internal error in summarize while reading {bad}: ZeroDivisionError: "
        "division by zero — rerun with --debug for details"
    )
    assert [r["source"] for r in json.loads(out)] == [str(SEED)]  # two inputs: one array


def test_debug_after_the_command_prints_the_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ringkas.cli import main

    _summarize_with_a_bug(monkeypatch, tmp_path, "--debug")

    with pytest.raises(SystemExit) as done:
        main()

    assert done.value.code == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert "1 / 0" in err


# --- ringkas models pull without network ------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [{"HF_ENDPOINT": "http://127.0.0.1:9"}, {"HF_HUB_OFFLINE": "1"}],
    ids=["unreachable", "offline"],
)
def test_models_pull_without_network_fails_at_once_in_one_line(
    tmp_path: Path, home: Path, env: dict[str, str]
) -> None:
    started = time.monotonic()
    code, out, err = ringkas("models", "pull", home=home, HF_HOME=str(tmp_path / "hf"), **env)
    took = time.monotonic() - started

    assert code == EXIT_MODEL
    assert err.count("\n") == 1, err  # no retry lines
    assert 'README, "Air-gapped machine"' in one_error(err)
    assert out == ""
    assert took < 60  # not a timing test: the hub's own retries would take ~25 s per file


def test_the_hub_check_gives_up_when_nothing_answers() -> None:
    import socket

    from ringkas.errors import DownloadFailed
    from ringkas.models.store import check_hub_reachable

    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(
            DownloadFailed, match=r"cannot reach .* \((timed out|no answer within 0.3 s)\)"
        ):
            check_hub_reachable(f"http://127.0.0.1:{port}", timeout=0.3)
        assert time.monotonic() - started < 5


# --- the road to English: one notice with the real steps, once --------------------------------


def test_without_packages_or_model_one_notice_lists_the_steps_in_order(home: Path) -> None:
    blocked = ["torch", "transformers", "ctranslate2"]
    args = ("summarize", "-f", "jsonl", SEED, SEED)

    code, out, err = ringkas(*args, home=home, block=blocked)

    assert code == 0
    assert err.count("\n") == 1, err  # shown once for two inputs
    steps = [err.index(step) for step in (CPU_TORCH, TRANSLATE_EXTRAS, PULL)]
    assert steps == sorted(steps)
    assert "--no-translate" not in err
    assert len(out.splitlines()) == 2
