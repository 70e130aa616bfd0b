"""`ringkas models pull` through the real huggingface_hub client against a local stand-in for
the hub (HF_ENDPOINT): exact revision, every hash checked, nothing bad left behind, --record."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ringkas.models.lock import read_lock

pytest.importorskip("huggingface_hub")

REPO = "Helsinki-NLP/opus-mt-id-en"
REVISION = "1a64c1365188ab289269900bdb12b6fea3fb3063"
FILES = {"config.json": b'{"d_model": 512}\n', "pytorch_model.bin": b"\x00weights" * 1000}


class FakeHub:
    """Serves FILES at /REPO/resolve/REVISION/NAME; `tampered` names get other bytes."""

    def __init__(self) -> None:
        self.tampered: set[str] = set()
        self.requests: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _body(self) -> bytes | None:
                prefix = f"/{REPO}/resolve/{REVISION}/"
                hub.requests.append(f"{self.command} {self.path}")
                name = self.path.removeprefix(prefix)
                if not self.path.startswith(prefix) or name not in FILES:
                    return None
                data = FILES[name]
                return data[::-1] if name in hub.tampered else data

            def _headers(self, body: bytes | None) -> None:
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("X-Repo-Commit", REVISION)
                self.send_header("ETag", f'"{hashlib.sha256(body).hexdigest()}"')
                self.end_headers()

            def do_HEAD(self) -> None:
                self._headers(self._body())

            def do_GET(self) -> None:
                body = self._body()
                self._headers(body)
                if body is not None:
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    fake = FakeHub()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def _lock(path: Path, *, hash_config: bool, folder: Path | None = None) -> Path:
    weights = FILES["pytorch_model.bin"]
    config = (
        f"{{ size = {len(FILES['config.json'])}, "
        f'sha256 = "{hashlib.sha256(FILES["config.json"]).hexdigest()}" }}'
        if hash_config
        else "{}"
    )
    where = f'path = "{folder}"\n' if folder else ""
    path.write_text(
        f'["translate.id-en"]\nrepo = "{REPO}"\nrevision = "{REVISION}"\n{where}\n'
        f'["translate.id-en".files]\n'
        f'"pytorch_model.bin" = {{ sha256 = "{hashlib.sha256(weights).hexdigest()}" }}\n'
        f'"config.json" = {config}\n',
        encoding="utf-8",
    )
    return path


def _ringkas(*args: str, hub: FakeHub, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HF_ENDPOINT": hub.url,
        "HF_HUB_CACHE": str(tmp_path / "hf"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "NO_PROXY": "127.0.0.1",
    }
    env.pop("HF_HUB_OFFLINE", None)
    return subprocess.run(
        [sys.executable, "-m", "ringkas", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_pull_into_the_hf_cache_then_verify_and_path(hub: FakeHub, tmp_path: Path) -> None:
    lock = _lock(tmp_path / "models.lock", hash_config=True)
    done = _ringkas(
        "models", "pull", "--no-convert", "--lock", str(lock), hub=hub, tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert all(f"/resolve/{REVISION}/" in r for r in hub.requests)  # only the pinned commit
    snapshot = tmp_path / "hf" / "models--Helsinki-NLP--opus-mt-id-en" / "snapshots" / REVISION
    assert (snapshot / "pytorch_model.bin").read_bytes() == FILES["pytorch_model.bin"]
    done = _ringkas("models", "path", "--lock", str(lock), hub=hub, tmp_path=tmp_path)
    assert done.stdout == f"{snapshot}\n"
    done = _ringkas("models", "verify", "--lock", str(lock), hub=hub, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr


def test_a_download_that_does_not_match_is_removed(hub: FakeHub, tmp_path: Path) -> None:
    hub.tampered.add("pytorch_model.bin")
    lock = _lock(tmp_path / "models.lock", hash_config=True)
    done = _ringkas(
        "models", "pull", "--no-convert", "--lock", str(lock), hub=hub, tmp_path=tmp_path
    )
    assert done.returncode == 3
    assert "pytorch_model.bin: wrong sha256" in done.stderr
    snapshot = tmp_path / "hf" / "models--Helsinki-NLP--opus-mt-id-en" / "snapshots" / REVISION
    assert not (snapshot / "pytorch_model.bin").exists()
    done = _ringkas("models", "list", "--lock", str(lock), hub=hub, tmp_path=tmp_path)
    assert "\tmissing\t" in done.stdout


def test_pull_into_a_folder_and_record_hashes(hub: FakeHub, tmp_path: Path) -> None:
    lock = _lock(tmp_path / "models.lock", hash_config=False, folder=tmp_path / "model")
    done = _ringkas(
        "models",
        "pull",
        "--no-convert",
        "--record",
        "--lock",
        str(lock),
        hub=hub,
        tmp_path=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == sorted(FILES)
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    config = read_lock(lock).pin().file("config.json")
    assert config.sha256 == hashlib.sha256(FILES["config.json"]).hexdigest()
    assert config.size == len(FILES["config.json"])
