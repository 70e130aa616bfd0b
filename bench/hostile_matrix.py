"""Issue 11 figures: hostile payloads × every output, and hostile inboxes with exit codes and time.

    python bench/hostile_matrix.py payloads   # in process (CliRunner): 6 payloads × 10 outputs
    python bench/hostile_matrix.py inbox      # real processes: links, devices, FIFOs, sockets

payloads: each payload sits in the title, body, quote and speaker of an article and in its
file name; a cell is "clean" when the output holds no terminal control (C0 but tab/newline,
DEL, C1, ESC other than Rich's own colours, bidi overrides) and none of the payload's data
(its OSC string, CSI parameters). inbox: `ringkas digest INBOX` on an inbox holding one good
article and one hostile entry; the secret must not reach the digest, nothing may hang.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_hostile_text import (  # noqa: E402
    LEFTOVERS,
    NAMES,
    PAYLOADS,
    RAW,
    SGR,
    _name_safe,
)
from tests.test_hostile_text import _article as hostile_article  # noqa: E402

SEED = ROOT / "seeds" / "000_fad9490de3d14571.txt"
SECRET = "Catatan rahasia: kata sandi bank adalah 12345."


def _clean(output: str) -> bool:
    if RAW.search(SGR.sub("", output)):
        return False
    rest = NAMES.sub("", output)
    return not any(leftover in rest for leftover in LEFTOVERS)


def payloads() -> None:
    from typer.testing import CliRunner

    from ringkas.cli import app
    from ringkas.cli import digest as digest_cmd
    from ringkas.document import Article
    from ringkas.pipeline import Options, build_report
    from ringkas.render import RenderOptions
    from ringkas.render.panels import render_panels
    from ringkas.sanitize import clean_text
    from ringkas.sources import display_name

    digest_cmd._today = lambda: date(2026, 11, 27)  # type: ignore[attr-defined]
    outputs = ["rich", "rich+colour", "plain", "markdown", "json", "jsonl", "sentences",
               "digest md", "digest html", "digest json", "stderr"]  # fmt: skip
    print("| payload | " + " | ".join(outputs) + " |")
    print("|---" * (len(outputs) + 1) + "|")
    runner = CliRunner()
    for name, payload in PAYLOADS.items():
        cells = []
        with tempfile.TemporaryDirectory() as scratch:
            os.chdir(scratch)
            os.environ["RINGKAS_HOME"] = scratch
            path = f"xname-berita{_name_safe(payload)}.txt"
            Path(path).write_text(hostile_article(payload), encoding="utf-8")
            bad = f"xname-rusak{_name_safe(payload)}.txt"
            Path(bad).write_bytes(b"\x00" * 64)
            stderr = ""
            for fmt in outputs:
                if fmt == "rich+colour":
                    report = build_report(
                        Article(
                            id="t",
                            source=display_name(path),
                            text=clean_text(hostile_article(payload)),
                        ),
                        Options(),
                    )
                    text = render_panels(report, RenderOptions(width=80, color=True))
                elif fmt == "sentences":
                    result = runner.invoke(app, ["sentences", path, bad])
                    text, stderr = result.stdout, stderr + result.stderr
                elif fmt.startswith("digest"):
                    kind = {"md": "markdown"}.get(fmt.split()[1], fmt.split()[1])
                    args = ["digest", ".", "--out", f"out-{kind}/", "--format", kind,
                            "--translate", "never"]  # fmt: skip
                    result = runner.invoke(app, args)
                    stderr += result.stderr
                    text = next(Path(f"out-{kind}").iterdir()).read_text(encoding="utf-8")
                elif fmt == "stderr":
                    text = stderr
                else:
                    args = ["summarize", "--no-translate", "--quotes", "all", "-f", fmt, path, bad]
                    result = runner.invoke(app, args)
                    text, stderr = result.stdout, stderr + result.stderr
                cells.append("clean" if _clean(text) and text else "DIRTY")
            os.chdir(ROOT)
        print(f"| {name} | " + " | ".join(cells) + " |")


def _case_setup(inbox: Path, case: str) -> tuple[list[str], Path | None]:
    secret = inbox.parent / "home-notes"
    secret.write_text(SECRET * 30, encoding="utf-8")
    secret.chmod(0o600)
    extra: list[str] = []
    special = inbox / "aneh.txt"
    if case == "link to 0600 file outside":
        special.symlink_to(secret)
    elif case == "link to 0600 file, --follow-links":
        special.symlink_to(secret)
        extra = ["--follow-links"]
    elif case == "link to /etc/shadow":
        special.symlink_to("/etc/shadow")
    elif case == "link to /":
        (inbox / "semua").symlink_to("/")
    elif case == "link to /dev/zero":
        special.symlink_to("/dev/zero")
    elif case == "link to /dev/zero, --follow-links":
        special.symlink_to("/dev/zero")
        extra = ["--follow-links"]
    elif case == "FIFO in the inbox":
        os.mkfifo(special)
    elif case == "link to a FIFO inside":
        os.mkfifo(inbox / "pipa")
        special.symlink_to(inbox / "pipa")
    elif case == "socket in the inbox":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(special))
        return extra, None
    return extra, None


CASES = [
    "baseline: one good article",
    "link to 0600 file outside",
    "link to 0600 file, --follow-links",
    "link to /etc/shadow",
    "link to /",
    "link to /dev/zero",
    "link to /dev/zero, --follow-links",
    "FIFO in the inbox",
    "link to a FIFO inside",
    "socket in the inbox",
]


def inbox() -> None:
    print("| case | exit | seconds | × baseline | stderr (first line) | secret in digest |")
    print("|---|---|---|---|---|---|")
    home = Path(tempfile.mkdtemp(prefix="ringkas-home-"))  # one cache: the model is saved once
    baseline = None
    for case in ["baseline: one good article", *CASES]:  # the first run warms the cache
        with tempfile.TemporaryDirectory() as scratch:
            base = Path(scratch)
            folder = base / "inbox"
            folder.mkdir()
            (folder / "berita.txt").write_text(SEED.read_text(encoding="utf-8"), "utf-8")
            extra, _ = _case_setup(folder, case)
            out = base / "digest.json"
            cmd = [sys.executable, "-m", "ringkas", "digest", str(folder), "--out", str(out),
                   "--translate", "never", *extra]  # fmt: skip
            env = {**os.environ, "RINGKAS_HOME": str(home)}
            start = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
            seconds = time.perf_counter() - start
            line = (done.stderr.splitlines() or [""])[0].replace(str(base), "…")
            digest = out.read_text(encoding="utf-8") if out.exists() else ""
            leaked = "rahasia" in digest or "root:" in digest
            assert json.loads(digest)["counts"]["stories"] == 1
            if baseline is None:
                baseline = 0.0  # the warm-up run, not shown
                continue
            baseline = baseline or seconds
            ratio = seconds / baseline
            cells = [case, done.returncode, f"{seconds:.2f}", f"{ratio:.2f}", line, leaked]
            print("| " + " | ".join(map(str, cells)) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["payloads", "inbox"])
    args = parser.parse_args()
    payloads() if args.what == "payloads" else inbox()


if __name__ == "__main__":
    main()
