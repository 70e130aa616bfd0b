"""`ringkas digest` end to end: reruns, the day file, failures, the lock, kill -9, Chromium."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from ringkas.cli import digest as digest_cli
from ringkas.digest.state import FAILED, OK, read_state
from ringkas.errors import EXIT_BUSY, EXIT_INPUT, RingkasError
from tests.conftest import FLOOD, ROOT, SEED, FakeTranslator

DAY = date(2026, 11, 27)
DIGEST = f"ringkas-{DAY.isoformat()}.md"

ELECTION = (
    "KPU Tetapkan Jadwal Pilkada\n\n"
    "Komisi Pemilihan Umum menetapkan jadwal pemungutan suara pilkada serentak pada bulan "
    "November. Tahapan pendaftaran calon dibuka pekan depan.\n\n"
    '"Semua tahapan sudah kami susun dengan cermat," ujar Ketua KPU, Siti Rahma.\n'
)


class Opened:
    """Counts how often the digest opens a translator, and hands out FakeTranslators."""

    def __init__(self) -> None:
        self.translators: list[FakeTranslator] = []

    def __call__(self, mode: object, **_: object) -> FakeTranslator:
        self.translators.append(FakeTranslator())
        return self.translators[-1]

    @property
    def texts(self) -> list[str]:
        return [t for tr in self.translators for call in tr.calls for t in call]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Opened:
    """In-process runs translate with FakeTranslator (`_run(..., opener=opened)`) on a fixed day."""
    monkeypatch.setattr(digest_cli, "_today", lambda: DAY)
    return Opened()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (folder / "kpu.txt").write_text(ELECTION, encoding="utf-8")
    return folder


def _run(*args: str | Path, opener: Opened | None = None) -> tuple[int, str, str]:
    deps = digest_cli.DigestDeps(open_translator=opener) if opener is not None else None
    result = CliRunner().invoke(app, ["digest", *map(str, args)], obj=deps)
    if isinstance(result.exception, RingkasError):  # what ringkas.cli.main does for users
        return result.exception.exit_code, result.stdout, result.stderr + str(result.exception)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_rerun_on_unchanged_input_adds_nothing_and_does_no_model_work(
    inbox: Path, tmp_path: Path, opened: Opened
) -> None:
    out = tmp_path / "out"
    code, stdout, _ = _run(inbox, "--out", f"{out}/", opener=opened)
    assert code == 0, stdout
    first = (out / DIGEST).read_text(encoding="utf-8")
    assert "\\[en\\] Banjir Melanda Jakarta Utara" in first
    assert len(opened.translators) == 1
    assert len(opened.translators[0].calls) == 1  # every text of every file in one batch
    stamp = (out / DIGEST).stat().st_mtime_ns

    code, stdout, _ = _run(inbox, "--out", out, opener=opened)

    assert (code, len(opened.translators)) == (0, 1)  # no translator opened, no model work
    assert "Nothing new" in stdout
    assert (out / DIGEST).read_text(encoding="utf-8") == first
    assert (out / DIGEST).stat().st_mtime_ns == stamp  # not even rewritten


def test_second_run_the_same_day_adds_new_stories_to_the_days_digest(
    inbox: Path, tmp_path: Path, opened: Opened
) -> None:
    (inbox / "kpu.txt").unlink()
    out = tmp_path / "out"
    _run(inbox, "--out", f"{out}/", opener=opened)
    (inbox / "kpu.txt").write_text(ELECTION, encoding="utf-8")

    code, _stdout, _ = _run(inbox, "--out", out, opener=opened)

    assert code == 0
    text = (out / DIGEST).read_text(encoding="utf-8")
    assert "\\[en\\] Banjir Melanda Jakarta Utara" in text
    assert "\\[en\\] KPU Tetapkan Jadwal Pilkada" in text
    assert "2 stories · from 2 articles" in text
    # only the new file went to the model
    assert not any("Banjir" in t for t in opened.translators[1].calls[0])


def test_a_new_day_gets_a_new_file_and_the_old_one_is_left_alone(
    inbox: Path, tmp_path: Path, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _run(inbox, "--out", f"{out}/", opener=opened)
    yesterday = (out / DIGEST).read_bytes()
    monkeypatch.setattr(digest_cli, "_today", lambda: date(2026, 11, 28))
    (inbox / "new.txt").write_text(FLOOD.replace("Senin", "Selasa") + "Air surut sore.\n")

    code, _, _ = _run(inbox, "--out", out, opener=opened)

    assert code == 0
    assert (out / DIGEST).read_bytes() == yesterday
    today = (out / "ringkas-2026-11-28.md").read_text(encoding="utf-8")
    assert "1 story · from 1 article" in today
    assert "new.txt" in today
    assert "kpu.txt" not in today


def test_an_explicit_file_holding_an_earlier_day_is_kept_unless_forced(
    inbox: Path, tmp_path: Path, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "digest.html"
    _run(inbox, "--out", out, opener=opened)
    before = out.read_bytes()
    monkeypatch.setattr(digest_cli, "_today", lambda: date(2026, 11, 28))

    code, _, stderr = _run(inbox, "--out", out, opener=opened)
    assert code == 2
    assert "holds the digest of 2026-11-27; pass --force" in stderr
    assert out.read_bytes() == before

    code, _, _ = _run(inbox, "--out", out, "--force", opener=opened)
    assert code == 0
    assert '<meta name="ringkas-digest-date" content="2026-11-28">' in out.read_text()


def test_a_file_ringkas_did_not_write_is_never_replaced(tmp_path: Path, inbox: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# my notes\n")
    code, _, stderr = _run(inbox, "--out", notes, "--translate", "never")
    assert code == 2
    assert "a file ringkas did not write" in stderr
    assert notes.read_text() == "# my notes\n"


def test_bad_files_are_reported_listed_and_retried(
    inbox: Path, tmp_path: Path, opened: Opened
) -> None:
    (inbox / "empty.txt").write_text("  \n")
    (inbox / "binary.md").write_bytes(b"\x00\x01\x02")
    out = tmp_path / "out"

    code, _, stderr = _run(inbox, "--out", f"{out}/", "--state", tmp_path / "s.json", opener=opened)

    assert code == EXIT_INPUT
    assert "empty.txt" in stderr
    assert "binary.md" in stderr
    assert "not processed; they are retried on the next run" in stderr
    text = (out / DIGEST).read_text(encoding="utf-8")
    assert "2 stories" in text
    section = text.split("## Not processed")[1]
    assert "`" + str(inbox / "empty.txt") + "`" in section
    assert str(inbox / "binary.md") in section
    state = read_state(tmp_path / "s.json")
    assert state.records[str((inbox / "empty.txt").resolve())].result == FAILED

    (inbox / "empty.txt").write_text(ELECTION.replace("KPU", "Bawaslu") + "Lain.\n")
    (inbox / "binary.md").unlink()
    code, _, _ = _run(inbox, "--out", out, "--state", tmp_path / "s.json", opener=opened)

    text = (out / DIGEST).read_text(encoding="utf-8")
    assert "empty.txt" in text.split("## Not processed")[0]  # retried, now a story
    assert "binary.md" not in text
    state = read_state(tmp_path / "s.json")
    assert state.records[str((inbox / "empty.txt").resolve())].result == OK


def test_changed_content_is_new_work_and_replaces_the_story(
    inbox: Path, tmp_path: Path, opened: Opened
) -> None:
    out = tmp_path / "out"
    _run(inbox, "--out", f"{out}/", opener=opened)
    (inbox / "kpu.txt").write_text(ELECTION.replace("November", "Desember"), encoding="utf-8")

    _run(inbox, "--out", out, opener=opened)

    text = (out / DIGEST).read_text(encoding="utf-8")
    assert "Desember" in text
    assert "bulan November" not in text
    assert "2 stories" in text


def test_rebuild_redoes_everything(inbox: Path, tmp_path: Path, opened: Opened) -> None:
    out = tmp_path / "out"
    _run(inbox, "--out", f"{out}/", opener=opened)
    code, _, _ = _run(inbox, "--out", out, "--rebuild", opener=opened)
    assert code == 0
    assert len(opened.translators) == 2
    assert "2 stories" in (out / DIGEST).read_text(encoding="utf-8")


def test_since_skips_files_not_modified_recently(
    inbox: Path, tmp_path: Path, opened: Opened
) -> None:
    old = time.time() - 3 * 86400
    os.utime(inbox / "kpu.txt", (old, old))
    out = tmp_path / "out"
    code, _, _ = _run(inbox, "--out", f"{out}/", "--since", "24h", opener=opened)
    assert code == 0
    text = (out / DIGEST).read_text(encoding="utf-8")
    assert "flood.txt" in text
    assert "kpu.txt" not in text


def test_since_still_retries_a_file_that_failed(
    inbox: Path, tmp_path: Path, opened: Opened
) -> None:
    (inbox / "late.txt").write_text(" \n")
    out = tmp_path / "out"
    assert _run(inbox, "--out", f"{out}/", "--since", "24h", opener=opened)[0] == EXIT_INPUT
    (inbox / "late.txt").write_text(ELECTION.replace("KPU", "Bawaslu") + "Lain.\n")
    old = time.time() - 3 * 86400
    os.utime(inbox / "late.txt", (old, old))

    code, _, _ = _run(inbox, "--out", out, "--since", "24h", opener=opened)

    assert code == 0
    assert "late.txt" in (out / DIGEST).read_text(encoding="utf-8")


def test_an_empty_inbox_is_a_quiet_day_not_an_error(tmp_path: Path, opened: Opened) -> None:
    (tmp_path / "inbox").mkdir()
    code, stdout, stderr = _run(tmp_path / "inbox", "--out", f"{tmp_path}/out/", opener=opened)
    assert (code, stderr) == (0, "")
    assert "Nothing new" in stdout
    assert "_no new stories_" in (tmp_path / "out" / DIGEST).read_text(encoding="utf-8")


def test_since_needs_a_unit(inbox: Path, tmp_path: Path) -> None:
    code, _, stderr = _run(inbox, "--out", tmp_path, "--since", "24")
    assert code == 2
    assert "90m, 24h, 2d, 1w" in stderr


def test_json_and_html_follow_the_out_suffix(inbox: Path, tmp_path: Path, opened: Opened) -> None:
    _run(inbox, "--out", tmp_path / "d.json", opener=opened)
    data = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert data["counts"]["stories"] == 2
    _run(inbox, "--out", tmp_path / "d.html", "--state", tmp_path / "h.json", opener=opened)
    assert (tmp_path / "d.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_stale_temporary_file_from_a_killed_run_is_removed(
    inbox: Path, tmp_path: Path, opened: Opened
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".{DIGEST}.k1ll3d.tmp"
    stale.write_text("half")
    _run(inbox, "--out", out, opener=opened)
    assert not stale.exists()
    assert (out / DIGEST).exists()


# --- real processes: cron's bare environment, the lock, kill -9 ------------------------------


def _cron_env(home: Path, **extra: str) -> dict[str, str]:
    """What cron gives a job: a minimal PATH, no TTY, no TERM, no colour settings."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "RINGKAS_HOME": str(home), **extra}


def _digest_cmd(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "ringkas", "digest", *map(str, args), "--translate", "never"]


def _spawn(args: Sequence[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    stdout, stderr = proc.communicate(timeout=120)
    return proc.returncode, stdout, stderr


def _today_file(out: Path) -> Path:
    (found,) = out.glob("ringkas-*.md")
    return found


def test_quiet_in_cron_bare_env_prints_nothing(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _spawn(_digest_cmd(inbox, "--out", f"{out}/", "--quiet"), _cron_env(tmp_path / "h"))
    code, stdout, stderr = _finish(proc)
    assert (code, stdout, stderr) == (0, "", "")
    text = _today_file(out).read_text(encoding="utf-8")
    assert "Banjir Melanda Jakarta Utara" in text
    assert "\x1b[" not in text
    assert len(list((tmp_path / "h" / "digest").glob("state-*.json"))) == 1  # under RINGKAS_HOME


def test_an_untranslated_digest_never_imports_torch(inbox: Path, tmp_path: Path) -> None:
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['ringkas', 'digest', {str(inbox)!r}, '--out', {str(tmp_path / 'd.md')!r},"
        " '--translate', 'never']\n"
        "try:\n    runpy.run_module('ringkas', run_name='__main__')\n"
        "except SystemExit as done:\n    assert not done.code, done.code\n"
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    env = _cron_env(tmp_path / "h")
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "False False", done.stderr


def test_two_runs_started_at_once_one_does_the_work_once(inbox: Path, tmp_path: Path) -> None:
    for number in range(6):
        (inbox / f"seed{number}.txt").write_text(
            SEED.read_text(encoding="utf-8").replace("Putin", f"Putin{number}"), encoding="utf-8"
        )
    out = tmp_path / "out"
    env = _cron_env(tmp_path / "h")
    procs = [_spawn(_digest_cmd(inbox, "--out", f"{out}/", "--wait", "60"), env) for _ in "ab"]
    results = [_finish(p) for p in procs]

    assert [code for code, _, _ in results] == [0, 0], results
    said = sorted(stdout.split(":")[0].split(";")[0] for _, stdout, _ in results)
    assert said[0] == "Nothing new"  # the second found the first one's work done
    assert said[1].startswith("Wrote ")
    text = _today_file(out).read_text(encoding="utf-8")
    assert "3 stories · from 8 articles" in text  # the six near-copies merged into one entry
    assert text.count("## ") == 3


def test_a_run_that_cannot_get_the_lock_exits_4_and_touches_nothing(
    inbox: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock\n"
            f"lock = FileLock({str(state) + '.lock'!r}); lock.acquire()\n"
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        cmd = _digest_cmd(inbox, "--out", tmp_path / "out/", "--state", state, "--wait", "0.5")
        code, _stdout, stderr = _finish(_spawn(cmd, _cron_env(tmp_path / "h")))
    finally:
        holder.kill()
        holder.wait()
    assert code == EXIT_BUSY
    assert "another `ringkas digest` run holds" in stderr
    assert "waited 0.5s" in stderr
    assert not (tmp_path / "out").exists()
    assert not state.exists()


@pytest.mark.parametrize("point", ["before-digest", "before-state"])
def test_kill_9_mid_run_keeps_old_digest_and_state_and_next_run_completes(
    inbox: Path, tmp_path: Path, point: str
) -> None:
    out, state = tmp_path / "out", tmp_path / "state.json"
    env = _cron_env(tmp_path / "h")
    cmd = _digest_cmd(inbox, "--out", f"{out}/", "--state", state)
    assert _finish(_spawn(cmd, env))[0] == 0
    old_digest, old_state = _today_file(out).read_bytes(), state.read_bytes()
    (inbox / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")

    code, _, _ = _finish(_spawn(cmd, {**env, "RINGKAS_TEST_KILL_AT": point}))

    assert code == -9
    assert state.read_bytes() == old_state
    if point == "before-digest":
        assert _today_file(out).read_bytes() == old_digest
    else:  # the digest is on disk but not yet recorded: the next run must not duplicate it
        assert "Putin" in _today_file(out).read_text(encoding="utf-8")
    code, _stdout, _ = _finish(_spawn(cmd, env))
    assert code == 0
    text = _today_file(out).read_text(encoding="utf-8")
    assert "3 stories · from 3 articles" in text
    assert len(re.findall(r"^## \d+\. Putin Dan Kim Jong-un Bertemu", text, re.M)) == 1
    assert "Nothing new" in _finish(_spawn(cmd, env))[1]
    assert not list(out.glob(".*.tmp"))


# --- the HTML digest in a real browser ----------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(profile: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        assert CHROMIUM is not None
        base = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
        ]
        return subprocess.run(
            [*base, *args], capture_output=True, text=True, timeout=120, check=True
        )

    return run


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_digest_renders_in_headless_chromium(inbox: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    shutil.copy(SEED, inbox / "seed.txt")
    out = tmp_path / "digest.html"
    cmd = _digest_cmd(inbox, "--out", out)
    assert _finish(_spawn(cmd, _cron_env(tmp_path / "h")))[0] == 0
    chromium = _chromium(tmp_path / "profile")
    png = tmp_path / "digest.png"

    chromium(f"--screenshot={png}", "--window-size=900,1400", out.as_uri())
    dom = chromium("--dump-dom", out.as_uri()).stdout

    with Image.open(png) as image:
        assert image.size == (900, 1400)
        stat = ImageStat.Stat(image.convert("L"))
        assert stat.extrema[0][0] < 80  # dark text on the page
        assert stat.stddev[0] > 10  # not a blank page
    assert "Putin Dan Kim Jong-un Bertemu Pertama Kalinya di Rusia" in dom
    # a summary sentence, so not repeated as a quote block
    assert '"Kami sudah siapkan dua puluh pompa air dan perahu karet," kata' in dom
    assert "“Kami sudah siapkan" not in dom
    quotes = re.findall(r"<blockquote><p[^>]*>(.*?)</p>", out.read_text(encoding="utf-8"))
    assert len(quotes) >= 3
    assert all(html.unescape(quote) in html.unescape(dom) for quote in quotes)
    if os.environ.get("RINGKAS_KEEP_PNG"):
        shutil.copy(png, os.environ["RINGKAS_KEEP_PNG"])
    phone = tmp_path / "phone.png"  # a phone's width: the page reflows, nothing is cut off
    chromium(f"--screenshot={phone}", "--window-size=390,1400", out.as_uri())
    with Image.open(phone) as image:
        assert image.size == (390, 1400)
        assert ImageStat.Stat(image.convert("L")).stddev[0] > 10


# --- the real translation path: the architecture-exact random MarianMT --------------------------


def _rerun_imports(args: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run `ringkas digest ARGS` in a child; report its stdout and whether torch got imported."""
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['ringkas', 'digest', *{args!r}]\n"
        "try:\n    runpy.run_module('ringkas', run_name='__main__')\n"
        "except SystemExit as done:\n    assert not done.code, done.code\n"
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    *said, imported = done.stdout.splitlines()
    return "\n".join(said), imported


def test_digest_translates_with_the_real_model_and_a_rerun_never_loads_it(
    inbox: Path, tmp_path: Path, random_marian_lock: Path
) -> None:
    out = tmp_path / "d.json"
    args = [
        str(inbox),
        "--out",
        str(out),
        "--translate",
        "always",
        "--lock",
        str(random_marian_lock),
    ]
    env = _cron_env(tmp_path / "h")
    cmd = [sys.executable, "-m", "ringkas", "digest", *args]

    code, _stdout, stderr = _finish(_spawn(cmd, env))

    assert code == 0, stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["models"] == [data["entries"][0]["report"]["model"]]
    assert data["models"][0].startswith("ringkas-tests/opus-mt-id-en-random@")
    assert data["counts"]["untranslated"] == 0
    for entry in data["entries"]:
        report = entry["report"]
        assert report["title_translation"]
        assert report["title_translation"] != report["title"]
        assert entry["headline"] == report["title_translation"]
        assert all(s["translation"] for s in report["summary"])
        assert all(q["translation"] for q in report["quotes"])
    assert len(data["entries"]) == 2

    said, imported = _rerun_imports(args, env)

    assert "Nothing new" in said
    assert imported == "False False"  # no model work at all: torch is not even imported
    assert json.loads(out.read_text(encoding="utf-8")) == data


def _missing_model_lock(random_marian_lock: Path, tmp_path: Path) -> Path:
    text = random_marian_lock.read_text(encoding="utf-8")
    folder = json.dumps(str(tmp_path / "no-such-model"))
    lines = [
        f"path = {folder}" if line.startswith("path = ") else line for line in text.splitlines()
    ]
    lock = tmp_path / "missing.lock"
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lock


def test_without_the_model_always_exits_3_and_writes_nothing(
    inbox: Path, tmp_path: Path, random_marian_lock: Path
) -> None:
    lock = _missing_model_lock(random_marian_lock, tmp_path)
    state = tmp_path / "state.json"
    cmd = [sys.executable, "-m", "ringkas", "digest", str(inbox), "--out", f"{tmp_path}/out/"]
    cmd += ["--state", str(state), "--translate", "always", "--lock", str(lock)]

    code, _, stderr = _finish(_spawn(cmd, _cron_env(tmp_path / "h")))

    assert code == 3, stderr
    assert "Error:" in stderr
    assert not (tmp_path / "out").exists()
    assert not state.exists()


def test_without_the_model_auto_writes_indonesian_and_flags_it(
    inbox: Path, tmp_path: Path, random_marian_lock: Path
) -> None:
    lock = _missing_model_lock(random_marian_lock, tmp_path)
    out = tmp_path / "d.json"
    cmd = [sys.executable, "-m", "ringkas", "digest", str(inbox), "--out", str(out)]
    cmd += ["--translate", "auto", "--lock", str(lock)]

    code, _, stderr = _finish(_spawn(cmd, _cron_env(tmp_path / "h")))

    assert code == 0, stderr
    assert "ringkas models pull" in stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["counts"]["untranslated"] == 2
    assert all("model_missing" in e["report"]["flags"] for e in data["entries"])
    assert data["entries"][0]["headline"] == data["entries"][0]["report"]["title"]
