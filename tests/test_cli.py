"""The command line as scripts and people use it: inputs, formats, errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from tests.conftest import SEED

runner = CliRunner()
SEED_TEXT = SEED.read_text(encoding="utf-8")


def _run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_summarize_seed_plain() -> None:
    code, out, err = _run("summarize", "--no-translate", "-f", "plain", str(SEED))
    assert code == 0, err
    assert out.startswith("Putin Dan Kim Jong-un Bertemu Pertama Kalinya di Rusia\n")
    assert "Traceback" not in err


def test_stdin_dash_reads_standard_input() -> None:
    code, out, _ = _run("summarize", "--no-translate", "-f", "json", "-", stdin=SEED_TEXT)
    assert code == 0
    data = json.loads(out)
    assert data["source"] == "<stdin>"
    assert data["title"] == "Putin Dan Kim Jong-un Bertemu Pertama Kalinya di Rusia"


def test_bom_and_crlf_give_the_same_result(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"\xef\xbb\xbf" + SEED_TEXT.replace("\n", "\r\n").encode())
    plain = _run("summarize", "--no-translate", "-f", "json", str(SEED))[1]
    other = _run("summarize", "--no-translate", "-f", "json", str(crlf))[1]
    assert json.loads(plain)["summary"] == json.loads(other)["summary"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty input"),
        (b"   \n\n\t\n", "empty input"),
        (b"\x00\x01\x02binary\x00", "binary"),
    ],
)
def test_bad_file_is_one_line_naming_it(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = _run("summarize", "--no-translate", str(bad))
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert str(bad) in lines[0]
    assert message in lines[0]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    code, _, err = _run("summarize", "--no-translate", str(tmp_path / "nope.txt"))
    assert code == 1
    assert "nope.txt" in err
    assert "Traceback" not in err
    code, _, err = _run("summarize", "--no-translate", str(tmp_path))
    assert code == 1
    assert "no .txt or .md files" in err


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.md").write_text(SEED_TEXT, encoding="utf-8")
    code, out, err = _run("summarize", "--no-translate", "-f", "jsonl", str(tmp_path))
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "c"]
    assert "b.txt" in err


def test_glob_expands_sorted(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(SEED_TEXT, encoding="utf-8")
    code, out, _ = _run("summarize", "--no-translate", "-f", "jsonl", str(tmp_path / "*.txt"))
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "b"]


def test_jsonl_keeps_ids_and_order_and_reports_bad_records() -> None:
    records = [
        json.dumps({"id": "z9", "text": SEED_TEXT}),
        "{not json",
        json.dumps({"id": 7, "text": "Satu dua tiga empat lima. Enam tujuh delapan sembilan."}),
        json.dumps({"id": "empty", "text": "  "}),
    ]
    stdin = "\n".join(records) + "\n"
    code, out, err = _run("summarize", "--jsonl", "--no-translate", "-f", "jsonl", "-", stdin=stdin)
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["z9", "7"]
    assert "<stdin>:2" in err
    assert "<stdin>:4" in err


def test_jsonl_title_overrides_headline() -> None:
    stdin = json.dumps({"id": 1, "title": "Judul", "text": "Satu dua tiga empat. Lima enam."})
    code, out, _ = _run("summarize", "--jsonl", "--no-translate", "-f", "json", "-", stdin=stdin)
    assert code == 0
    assert [report["title"] for report in json.loads(out)] == ["Judul"]


@pytest.mark.parametrize(("value", "expected"), [("all", None), ("1", 1), ("0", 0)])
def test_quotes_option(value: str, expected: int | None) -> None:
    code, out, _ = _run("summarize", "--no-translate", "-f", "json", "--quotes", value, str(SEED))
    assert code == 0
    quotes = json.loads(out)["quotes"]
    if expected is None:
        assert len(quotes) >= 3
    else:
        assert len(quotes) == expected


@pytest.mark.parametrize(
    "args",
    [["--quotes", "many"], ["--sentences", "0"], ["--format", "pdf"], ["--method", "magic"]],
)
def test_bad_usage_exits_2(args: list[str]) -> None:
    code, out, _ = _run("summarize", "--no-translate", *args, str(SEED))
    assert code == 2
    assert out == ""


@pytest.mark.parametrize("n", [1, 2, 5])
def test_sentences_option(n: int) -> None:
    code, out, _ = _run("summarize", "--no-translate", "-f", "json", "-n", str(n), str(SEED))
    assert code == 0
    assert len(json.loads(out)["summary"]) == n


def test_sentences_jsonl_offsets_point_into_the_text() -> None:
    stdin = json.dumps({"id": "s", "text": SEED_TEXT})
    code, out, _ = _run("sentences", "--jsonl", "-", stdin=stdin)
    assert code == 0
    record = json.loads(out)
    assert record["id"] == "s"
    for sentence in record["sentences"]:
        assert SEED_TEXT[sentence["start"] : sentence["end"]] == sentence["text"]


def test_sentences_plain_one_per_line() -> None:
    code, out, _ = _run("sentences", str(SEED))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Putin Dan Kim Jong-un Bertemu Pertama Kalinya di Rusia"
    assert "Diplomasi yang tak mulus" in lines


def _ringkas(*args: str) -> list[str]:
    return [sys.executable, "-m", "ringkas", *args]


def test_broken_pipe_is_quiet() -> None:
    cmd = _ringkas("summarize", "--no-translate", "-f", "plain", *[str(SEED)] * 40)
    shell = " ".join(f"'{c}'" for c in cmd) + " | head -1"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "Putin Dan Kim Jong-un Bertemu Pertama Kalinya di Rusia"
    assert "BrokenPipe" not in done.stderr
    assert "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


def _pty_run(args: list[str], env: dict[str, str]) -> str:
    """Run ringkas with stdout on a pseudo-terminal and return what it printed."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, stdout=follower, stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("extra_env", "extra_args", "colored"),
    [({}, [], True), ({"NO_COLOR": "1"}, [], False), ({}, ["--no-color"], False)],
)
def test_terminal_gets_rich_panels_and_honours_no_color(
    extra_env: dict[str, str], extra_args: list[str], colored: bool
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"TERM": "xterm-256color", "COLUMNS": "100", **extra_env})
    out = _pty_run(_ringkas("summarize", "--no-translate", *extra_args, str(SEED)), env)
    assert "╭" in out  # Rich panel on a terminal
    assert ("\x1b[" in out) is colored
