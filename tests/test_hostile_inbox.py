"""Hostile inboxes: symlinks out of the folder, devices, FIFOs and sockets (issue 11, parts 2-3).

Folders and globs follow a link only to a place inside the folder (unless --follow-links),
read regular files only, and say so in one line each; a file named on the command line is
read as given. The digest never hangs on a FIFO, never reads /dev/zero without bound, and
never publishes a private file reached through a link.
"""

from __future__ import annotations

import json
import os
import socket
import stat
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from ringkas.cli import digest as digest_cli
from ringkas.digest.state import read_state
from ringkas.fileio import sha256_hex
from ringkas.settings import DEFAULT_MAX_CHARS
from ringkas.sources import Failure, expand_paths
from tests.conftest import FLOOD, SEED, FakeTranslator

SEED_TEXT = SEED.read_text(encoding="utf-8")
SECRET = "Catatan rahasia: kata sandi bank adalah 12345. Jangan dibagikan kepada siapa pun."
DAY = date(2026, 11, 27)
pytestmark = pytest.mark.timeout(120)  # a FIFO read that blocks fails here instead of hanging


@pytest.fixture
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest_cli, "_today", lambda: DAY)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "berita.txt").write_text(SEED_TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def private(tmp_path: Path) -> Path:
    notes = tmp_path / "home" / "notes"
    notes.parent.mkdir()
    notes.write_text(SECRET * 20, encoding="utf-8")
    notes.chmod(0o600)
    return notes


def _invoke(*args: str, deps: digest_cli.DigestDeps | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj=deps)
    return result.exit_code, result.stdout, result.stderr


def _digest(inbox: Path, out: Path, *extra: str) -> tuple[int, str, str, str]:
    fake = digest_cli.DigestDeps(open_translator=lambda m, lock, **_: FakeTranslator())
    code, stdout, err = _invoke("digest", str(inbox), "--out", str(out), *extra, deps=fake)
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    return code, stdout, err, text


def test_link_to_a_private_file_outside_is_not_published(
    inbox: Path, private: Path, tmp_path: Path, fixed_day: None
) -> None:
    (inbox / "catatan.txt").symlink_to(private)
    out = tmp_path / "digest.md"
    code, _, err, text = _digest(inbox, out)
    assert code == 1
    assert err.splitlines()[0] == (
        f"Error: {inbox / 'catatan.txt'}: links to a file outside the folder; "
        "not followed (--follow-links)"
    )
    assert "rahasia" not in text
    assert "Putin" in text  # the rest goes on
    # Even --follow-links does not publish a file only its owner may read.
    code, _, err, text = _digest(inbox, out, "--follow-links", "--rebuild")
    assert code == 1
    assert "links to a private file outside the folder; not read" in err
    assert "rahasia" not in text
    state = next((tmp_path / "home").parent.rglob("state-*.json"), None)
    if state is not None:
        assert "rahasia" not in state.read_text(encoding="utf-8")


def test_follow_links_reads_a_file_anyone_may_read(
    inbox: Path, private: Path, tmp_path: Path, fixed_day: None
) -> None:
    private.chmod(0o644)
    private.write_text(FLOOD, encoding="utf-8")
    (inbox / "bersama.txt").symlink_to(private)
    code, _, err, text = _digest(inbox, tmp_path / "digest.md", "--follow-links")
    assert code == 0, err
    assert "Banjir Melanda Jakarta Utara" in text


def test_link_to_a_system_file_is_neither_read_nor_hashed(
    inbox: Path, tmp_path: Path, fixed_day: None
) -> None:
    (inbox / "shadow.txt").symlink_to("/etc/shadow")
    state_file = tmp_path / "state.json"
    code, _, err, _ = _digest(inbox, tmp_path / "d.md", "--state", str(state_file))
    assert code == 1
    assert "shadow.txt: links to a file outside the folder" in err
    records = read_state(state_file).records
    assert all(r.sha256 is None for k, r in records.items() if "shadow" in k)


def test_link_to_root_is_not_walked(inbox: Path) -> None:
    (inbox / "semua").symlink_to("/")
    found = list(expand_paths([str(inbox)]))
    assert found[0] == str(inbox / "berita.txt")
    assert isinstance(found[1], Failure)
    assert str(found[1].error).endswith(
        "semua: links to a folder outside the folder; not followed (--follow-links)"
    )
    assert len(found) == 2


def test_links_inside_the_folder_are_followed(inbox: Path) -> None:
    (inbox / "sub").mkdir()
    (inbox / "sub" / "asli.txt").write_text(SEED_TEXT, encoding="utf-8")
    (inbox / "tautan.txt").symlink_to(inbox / "sub" / "asli.txt")
    (inbox / "sub" / "naik").symlink_to(inbox)  # a loop, inside: walked once
    found = list(expand_paths([str(inbox)]))
    assert found == [
        str(inbox / "berita.txt"),
        str(inbox / "sub" / "asli.txt"),
        str(inbox / "tautan.txt"),
    ]


@pytest.mark.parametrize("kind", ["fifo", "socket", "device-link", "fifo-link"])
def test_specials_in_a_folder_get_one_line_and_never_hang(
    inbox: Path, tmp_path: Path, kind: str, fixed_day: None
) -> None:
    special = inbox / "aneh.txt"
    if kind == "fifo":
        os.mkfifo(special)
        reason = "is a FIFO, not a regular file; not read"
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(special))
        reason = "is a socket, not a regular file; not read"
    elif kind == "device-link":
        special.symlink_to("/dev/zero")
        reason = "links to a file outside the folder; not followed (--follow-links)"
    else:
        os.mkfifo(inbox / "pipa")
        special.symlink_to(inbox / "pipa")
        reason = "is a FIFO, not a regular file; not read"
    for args in (
        ["sentences", str(inbox)],
        ["summarize", "--no-translate", "-f", "plain", str(inbox)],
    ):
        code, out, err = _invoke(*args)
        assert code == 1
        assert err.splitlines() == [f"Error: {special}: {reason}"]
        assert "Putin" in out
    code, _, err, text = _digest(inbox, tmp_path / "d.md")
    assert code == 1
    assert err.splitlines()[0] == f"Error: {special}: {reason}"
    assert "Putin" in text


def test_follow_links_still_refuses_devices(inbox: Path, tmp_path: Path, fixed_day: None) -> None:
    (inbox / "nol.txt").symlink_to("/dev/zero")
    code, _, err, text = _digest(inbox, tmp_path / "d.md", "--follow-links")
    assert code == 1
    assert err.splitlines()[0] == (
        f"Error: {inbox / 'nol.txt'}: is a character device, not a regular file; not read"
    )
    assert "Putin" in text


def test_a_glob_does_not_leave_its_folder(inbox: Path, private: Path) -> None:
    (inbox / "catatan.txt").symlink_to(private)
    found = list(expand_paths([str(inbox / "*.txt")]))
    assert found[0] == str(inbox / "berita.txt")
    assert isinstance(found[1], Failure)
    assert "catatan.txt: links to a file outside the folder" in str(found[1].error)


def test_a_file_named_on_the_command_line_is_read_as_given(inbox: Path, private: Path) -> None:
    link = inbox / "catatan.txt"
    link.symlink_to(private)
    code, out, err = _invoke("sentences", str(link))
    assert code == 0, err
    assert "rahasia" in out


def test_digest_hashes_only_the_bytes_it_processes(
    inbox: Path, tmp_path: Path, fixed_day: None
) -> None:
    big = inbox / "besar.txt"
    data = (SEED_TEXT * (DEFAULT_MAX_CHARS * 5 // len(SEED_TEXT))).encode()
    big.write_bytes(data)
    state_file = tmp_path / "state.json"
    code, _, err, _ = _digest(inbox, tmp_path / "d.md", "--state", str(state_file))
    assert code == 0, err
    record = read_state(state_file).records[str(big.resolve())]
    limit = DEFAULT_MAX_CHARS * 4 + 4  # what read_input reads of a text file
    assert record.sha256 == sha256_hex(data[:limit])
    assert len(data) > limit


def test_digest_output_keeps_the_usual_mode(inbox: Path, tmp_path: Path, fixed_day: None) -> None:
    out = tmp_path / "d.md"
    _digest(inbox, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_empty_out_is_refused(inbox: Path) -> None:
    code, _, err = _invoke("digest", str(inbox), "--out", "")
    assert code == 2
    assert "give a file or a folder, not an empty name" in err


def test_jsonl_ids_must_be_strings_or_whole_numbers() -> None:
    lines = [
        {"id": None, "text": SEED_TEXT},
        {"id": True, "text": SEED_TEXT},
        {"id": {"a": 1}, "text": SEED_TEXT},
        {"id": 1.5, "text": SEED_TEXT},
        {"id": 7, "text": SEED_TEXT},
        {"id": "ok", "text": SEED_TEXT},
    ]
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    stdin += '{"id": NaN, "text": "x"}\n{"id": "inf", "text": "x", "n": Infinity}\n'
    result = CliRunner().invoke(app, ["sentences", "--jsonl", "-"], input=stdin.encode())
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'Error: <stdin>:1: "id" must be a string or a whole number, not null',
        'Error: <stdin>:2: "id" must be a string or a whole number, not true/false',
        'Error: <stdin>:3: "id" must be a string or a whole number, not an object',
        'Error: <stdin>:4: "id" must be a string or a whole number, not a number with a '
        "fraction or exponent",
        "Error: <stdin>:7: not valid JSON (NaN is not JSON)",
        "Error: <stdin>:8: not valid JSON (Infinity is not JSON)",
    ]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["7", "ok"]


def test_jsonl_binary_text_is_refused_naming_the_record() -> None:
    stdin = json.dumps({"id": "a", "text": "\x00\x1b\x9b" * 50}) + "\n"
    result = CliRunner().invoke(app, ["sentences", "--jsonl", "-"], input=stdin.encode())
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: <stdin>:1: record a: looks like a binary file, not text (control characters)\n"
    )


def test_c1_controls_count_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "c1.txt"
    path.write_text("Berita. " + "\x9b\x85\x90" * 40, encoding="utf-8")
    code, _, err = _invoke("sentences", str(path))
    assert code == 1
    assert "looks like a binary file, not text (control characters)" in err


def test_digest_reports_a_link_to_a_folder_outside(
    inbox: Path, tmp_path: Path, fixed_day: None
) -> None:
    (inbox / "semua").symlink_to("/")
    code, _, err, text = _digest(inbox, tmp_path / "d.md")
    assert code == 1  # not a quiet empty folder: a link out of the inbox is worth a line
    assert err.splitlines()[0] == (
        f"Error: {inbox / 'semua'}: links to a folder outside the folder; "
        "not followed (--follow-links)"
    )
    assert "Putin" in text
