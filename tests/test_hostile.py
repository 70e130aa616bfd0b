"""Hostile and huge inputs through the real entry point: ringkas never crashes, hangs or
loses output, and says what went wrong in one line.

Each case runs `python -m ringkas` in a subprocess (signals, pipes, terminals and memory
need a real process); the subprocess timeouts only catch hangs, they are not benchmarks
(see bench/hostile_inputs.py for timings).
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ENGLISH, FRENCH, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
HEADLINE = "Putin Dan Kim Jong-un Bertemu Pertama Kalinya di Rusia"
# Runs ringkas and, at exit, writes its peak resident memory (kB) to argv[1].
RSS_PROBE = r"""
import atexit, re, sys
out = sys.argv[1]
# VmHWM, not getrusage: Linux carries ru_maxrss over from the forking parent (here pytest, which
# may hold a loaded model), while VmHWM belongs to this process's own memory map.
status = lambda: open("/proc/self/status").read()
peak = lambda: re.search(r"VmHWM:\s*(\d+)", status()).group(1)
atexit.register(lambda: open(out, "w").write(peak()))
sys.argv = ["ringkas", *sys.argv[2:]]
from ringkas.cli import main
main()
"""


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "ringkas", *args]


def _run(*args: str, stdin: bytes | None = b"", timeout: float = 120) -> tuple[int, str, str]:
    done = subprocess.run(
        _cmd(*args), input=stdin, capture_output=True, timeout=timeout, check=False
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- huge ------------------------------------------------------------------------------------


def test_50_mb_file_is_cut_with_a_notice_in_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as handle:
        while handle.tell() < 50_000_000:
            handle.write(SEED_TEXT)
    rss = tmp_path / "rss"
    args = ["summarize", "--no-translate", "-f", "json", str(big)]
    done = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, str(rss), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["flags"] == ["truncated"]
    notice = _one_error_line(done.stderr)
    assert notice.startswith(f"Note: {big} is too long; only its first 19")
    assert notice.endswith("characters are used (--max-chars 200,000; 0 for no limit).")
    # Reading all 50 MB takes ~900 MB here; the first 200k characters take ~160 MB, most of
    # it the language model.
    assert int(rss.read_text()) < 400_000


def test_one_megabyte_sentence_without_punctuation() -> None:
    sentence = ("kata " * 210_000).encode()
    code, out, err = _run("sentences", "--max-chars", "0", "-", stdin=sentence)
    assert code == 0, err
    assert out.count("\n") == 1
    code, out, err = _run(
        "summarize", "--no-translate", "-f", "json", "--max-chars", "0", "-", stdin=sentence
    )
    assert code == 0, err
    assert json.loads(out)["sentences_total"] == 1


def test_many_tiny_files_stream_without_progress_when_not_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number in range(3000):
        (folder / f"{number:05}.txt").write_text(f"Berita nomor {number}. Isinya pendek.")
    code, out, err = _run("sentences", str(folder))
    assert code == 0
    assert err == ""  # no progress bar: stderr is not a terminal
    lines = out.splitlines()
    assert len(lines) == 6000
    assert lines[0] == "Berita nomor 0."
    assert lines[-1] == "Isinya pendek."


@pytest.mark.parametrize("command", ["summarize", "sentences"])
def test_progress_shows_on_a_terminal_only(tmp_path: Path, command: str) -> None:
    for number in range(40):
        (tmp_path / f"{number:03}.txt").write_text(SEED_TEXT, encoding="utf-8")
    leader, follower = pty.openpty()
    args = ["summarize", "--no-translate", "-f", "plain"] if command == "summarize" else [command]
    proc = subprocess.Popen(
        _cmd(*args, str(tmp_path)),
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "80"},
    )
    os.close(follower)
    chunks: list[bytes] = []

    def drain() -> None:  # read the terminal while stdout is read, or both could block
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    out = proc.stdout.read() if proc.stdout else b""
    proc.wait(timeout=120)
    reader.join(timeout=60)
    os.close(leader)
    terminal = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "inputs read" in terminal
    assert HEADLINE not in terminal  # results never leak into the progress console
    assert out.decode().count(HEADLINE) == 40


# --- paths -----------------------------------------------------------------------------------


def test_paths_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    folder = tmp_path / "berita hari ini"
    folder.mkdir()
    path = folder / "Jakarta — banjir ñ.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")
    code, out, err = _run("summarize", "--no-translate", "-f", "json", str(folder), str(path))
    assert code == 0, err
    reports = json.loads(out)  # several inputs: one JSON array
    assert [r["source"] for r in reports] == [str(path), str(path)]
    assert reports[0]["id"] == "Jakarta — banjir ñ"


def test_symlink_loops_in_folders_end(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "news" / "again").symlink_to(tmp_path / "news")
    (tmp_path / "news" / "up").symlink_to(tmp_path)
    code, out, err = _run("sentences", str(tmp_path), timeout=60)
    assert code == 0, err
    assert out.count(HEADLINE) == 1


def test_unreadable_file_is_one_line_and_the_rest_goes_on(tmp_path: Path) -> None:
    secret = tmp_path / "rahasia.txt"
    secret.write_text(SEED_TEXT, encoding="utf-8")
    secret.chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:
        # root reads any file whatever its mode: drop the two capabilities that let it.
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv, so chmod 000 cannot deny a read")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    done = subprocess.run(
        [*prefix, *_cmd("summarize", "--no-translate", "-f", "plain", str(secret), str(SEED))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert _one_error_line(done.stderr) == f"Error: {secret}: permission denied"
    assert done.stdout.startswith(HEADLINE)


def test_folder_where_a_jsonl_file_is_expected(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    code, _, err = _run("summarize", "--no-translate", "--jsonl", str(tmp_path))
    assert code == 1
    assert _one_error_line(err) == f"Error: {tmp_path}: folder holds no .jsonl files"


# --- stdin -----------------------------------------------------------------------------------


def test_stdin_at_end_of_file_is_empty_input() -> None:
    done = subprocess.run(
        _cmd("summarize", "--no-translate", "-"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert _one_error_line(done.stderr) == "Error: <stdin>: empty input, nothing to summarise"


def test_closed_stdin_is_a_clear_error() -> None:
    done = subprocess.run(
        ["bash", "-c", '"$@" <&-', "ringkas", *_cmd("summarize", "--no-translate", "-")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "standard input, but it is closed" in _one_error_line(done.stderr)


def test_terminal_stdin_reads_a_pasted_article_until_ctrl_d() -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            _cmd("summarize", "--no-translate", "-f", "json", "-"),
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # A pasted article, then Ctrl-D (EOT) at the start of a line: end of input.
        os.write(leader, b"Judul Berita\n\nSatu dua tiga empat lima. Enam tujuh delapan.\n\x04")
        out, err = proc.communicate(timeout=60)  # a hang waiting for more input fails here
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 0, err
    assert err.strip().splitlines()[0] == (
        "Reading the article from the terminal: paste it, then press Ctrl-D on an empty line."
    )
    assert json.loads(out)["title"] == "Judul Berita"


# --- signals and pipes -----------------------------------------------------------------------


def _wait_until_reading_stdin(proc: subprocess.Popen[bytes]) -> None:
    """Wait until the process blocks in read(0, …), so a signal meets the real work."""
    syscall = Path(f"/proc/{proc.pid}/syscall")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fields = syscall.read_text().split()
        except OSError:
            time.sleep(5)  # no /proc/PID/syscall here: give it time instead
            return
        if fields[:2] == ["0", "0x0"]:  # x86-64: syscall 0 is read, first argument fd 0
            return
        time.sleep(0.05)
    pytest.fail("ringkas never started reading stdin")


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_exits_quietly_with_its_code(sig: signal.Signals, code: int) -> None:
    proc = subprocess.Popen(
        _cmd("summarize", "--no-translate", "-"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_until_reading_stdin(proc)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert out == b""
    assert b"Traceback" not in err
    assert b"KeyboardInterrupt" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["summarize", "--no-translate", "-f", "plain", str(SEED)],
        ["summarize", "--no-translate", "-f", "json", str(SEED)],
        ["sentences", str(SEED)],
        ["--version"],  # print() leaves its line in Python's buffer until exit
        ["--help"],
    ],
    ids=["plain", "json", "sentences", "version", "help"],
)
def test_reader_gone_before_any_output_is_quiet_141(args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before ringkas writes anything
    try:
        done = subprocess.run(
            _cmd(*args), stdout=write_end, stderr=subprocess.PIPE, timeout=60, check=False
        )
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert done.stderr == b""


def test_head_reading_one_line_is_quiet() -> None:
    cmd = " ".join(f"'{c}'" for c in _cmd("sentences", *[str(SEED)] * 400))
    done = subprocess.run(
        ["bash", "-c", f"{cmd} | head -1; echo ${{PIPESTATUS[0]}} >&2"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout == HEADLINE + "\n"
    assert done.stderr == "141\n"


# --- formats and languages through the command line ------------------------------------------


def test_binary_and_legacy_encodings_side_by_side(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_bytes(SEED_TEXT.encode("utf-16"))
    (tmp_path / "2.txt").write_bytes(SEED_TEXT.encode("cp1252", errors="replace"))
    (tmp_path / "3.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out, err = _run("summarize", "--no-translate", "-f", "plain", str(tmp_path))
    assert code == 1
    assert _one_error_line(err) == (
        f"Error: {tmp_path / '3.txt'}: looks like a binary file, not text (it holds NUL bytes)"
    )
    assert out.count(HEADLINE) == 2


def test_other_language_refused_in_one_line_unless_forced() -> None:
    code, out, err = _run("summarize", "--no-translate", "-", stdin=FRENCH.encode())
    assert code == 1
    assert out == ""
    line = _one_error_line(err)
    assert line.startswith("Error: <stdin>: looks like French (fr")
    assert line.endswith("pass --force-language id to summarise it anyway")
    code, out, err = _run(
        "summarize", "--no-translate", "--force-language", "id", "-f", "json", "-",
        stdin=FRENCH.encode(),
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["flags"] == []


def test_english_is_flagged_and_html_is_extracted(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in ENGLISH.split("\n\n"))
    page.write_text(
        "<html><head><title>Aid for households</title></head><body>"
        f"<nav>Home | World</nav><article><h1>Aid for households</h1>{paragraphs}</article>"
        "<footer>Copyright 2024</footer></body></html>",
        encoding="utf-8",
    )
    code, out, err = _run("summarize", "--no-translate", "-f", "json", str(page))
    assert code == 0, err
    report = json.loads(out)
    assert report["flags"] == ["already_english", "html"]
    assert report["title"] == "Aid for households"
    assert "Copyright" not in json.dumps(report)


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    # A Latin-1 name ("café.txt" from an old share): Python sees a lone surrogate, which strict
    # UTF-8 output (PYTHONIOENCODING=utf-8, or an en_US.UTF-8 locale) cannot print.
    os.mkdir(bytes(tmp_path) + b"/in")
    Path(os.fsdecode(bytes(tmp_path) + b"/in/caf\xe9.txt")).write_text(SEED_TEXT, "utf-8")
    done = subprocess.run(
        _cmd("summarize", "--no-translate", "-f", "json", str(tmp_path / "in")),
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [report] = json.loads(done.stdout.decode("utf-8"))  # valid UTF-8; a folder: an array
    assert report["id"] == "caf\ufffd"
    assert report["source"] == str(tmp_path / "in" / "caf\ufffd.txt")


def test_endless_device_and_a_name_starting_with_a_dash(tmp_path: Path) -> None:
    (tmp_path / "-berita.txt").write_text(SEED_TEXT, encoding="utf-8")
    done = subprocess.run(
        _cmd("summarize", "--no-translate", "-f", "plain", "/dev/zero", "--", "-berita.txt"),
        capture_output=True,
        text=True,
        timeout=60,  # /dev/zero never ends: only a bounded read returns
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1
    assert _one_error_line(done.stderr) == (
        "Error: /dev/zero: looks like a binary file, not text (it holds NUL bytes)"
    )
    assert done.stdout.startswith(HEADLINE)


def test_jsonl_records_are_checked_and_cut_one_by_one() -> None:
    records = [
        {"id": "a", "text": SEED_TEXT},
        {"id": "b", "text": FRENCH},
        {"id": "c", "text": ENGLISH},
    ]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    code, out, err = _run(
        "summarize", "--no-translate", "--jsonl", "-f", "jsonl", "--max-chars", "1000", "-",
        stdin=stdin,
    )  # fmt: skip
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0] == (
        "Note: <stdin>:1 is too long; only its first 981 characters are used "
        "(--max-chars 1,000; 0 for no limit)."
    )
    assert lines[1].startswith("Error: <stdin>:2: looks like French (fr")
    assert len(lines) == 2
    flags = [(r["id"], r["flags"]) for r in map(json.loads, out.splitlines())]
    assert flags == [("a", ["truncated"]), ("c", ["already_english"])]
