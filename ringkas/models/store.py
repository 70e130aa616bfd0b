"""Where a pinned model lives, whether its files match models.lock, and how it is pulled.

A pin with `path` lives in that folder; any other lives in the Hugging Face cache under
`models--OWNER--NAME/snapshots/REVISION/`. Checking a file compares its size and SHA-256 with the
lock. Files the lock pins only by revision (no sha256 yet) are trusted on first use: their hash
is recorded under RINGKAS_HOME/models/ and any later change is refused, until
`ringkas models pull --record` writes measured hashes into the lock itself.

Hashing 300 MB takes a quarter of a second, so a load reuses a recorded hash while the file's
size, mtime and inode are unchanged (as git's index does); `ringkas models verify` always
re-hashes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ringkas.errors import DownloadFailed, ModelUnavailable, PackagesMissing
from ringkas.fileio import sha256_file, swap_folder, write_atomic
from ringkas.models.lock import FilePin, ModelPin
from ringkas.settings import Settings

OK = "ok"
TRUSTED = "trusted"  # no hash in the lock; matches the hash recorded on first use
MISSING = "missing"
WRONG_SIZE = "wrong size"
WRONG_HASH = "wrong sha256"

#: Downloads one pinned file and returns its local path: (pin, file name, target folder or None).
Downloader = Callable[[ModelPin, str, Path | None], Path]


@dataclass(frozen=True)
class FileCheck:
    """One file of a model as found on disk."""

    name: str
    status: str
    size: int | None = None
    sha256: str | None = None

    @property
    def is_good(self) -> bool:
        """True when the file is present and matches the lock (or its first-use record)."""
        return self.status in (OK, TRUSTED)


@dataclass(frozen=True)
class ModelCheck:
    """What was found for a pinned model: its folder and every pinned file's status."""

    pin: ModelPin
    folder: Path
    files: tuple[FileCheck, ...]

    @property
    def is_present(self) -> bool:
        """True when every pinned file exists (matching or not)."""
        return all(f.status != MISSING for f in self.files)

    @property
    def is_verified(self) -> bool:
        """True when every pinned file exists and matches."""
        return all(f.is_good for f in self.files)

    @property
    def size(self) -> int:
        """Bytes on disk of the pinned files that exist."""
        return sum(f.size or 0 for f in self.files)

    def problems(self) -> list[str]:
        """One line per file that is missing or does not match."""
        return [f"{f.name}: {f.status}" for f in self.files if not f.is_good]


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache (HF_HUB_CACHE, HF_HOME/hub or ~/.cache/huggingface/hub)."""
    try:
        from huggingface_hub import constants
    except ImportError:  # the translate extra is not installed; follow the same variables
        if os.environ.get("HF_HUB_CACHE"):
            return Path(os.environ["HF_HUB_CACHE"]).expanduser()
        if os.environ.get("HF_HOME"):
            return Path(os.environ["HF_HOME"]).expanduser() / "hub"
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(xdg).expanduser() / "huggingface" / "hub"
    return Path(constants.HF_HUB_CACHE)


def model_folder(pin: ModelPin) -> Path:
    """The folder holding the pinned files: the lock's `path`, or the HF cache snapshot."""
    if pin.path is not None:
        return pin.path
    repo_folder = "models--" + pin.repo.replace("/", "--")
    return hf_cache_dir() / repo_folder / "snapshots" / pin.revision


def _record_path(settings: Settings, pin: ModelPin, folder: Path) -> Path:
    where = hashlib.sha1(str(folder.resolve()).encode(), usedforsecurity=False).hexdigest()[:10]
    return settings.home / "models" / f"{pin.name}@{pin.revision[:12]}-{where}.json"


def _read_record(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_record(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(data, indent=2, sort_keys=True))


def _stat_key(stat: os.stat_result) -> list[int]:
    # ctime cannot be set back by a program (mtime can, with utime): a file rewritten in place
    # with its old mtime restored still gets a new ctime, so it is hashed again.
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


# A stat taken within this long of a file's last change is not recorded ("racy git"): file
# times tick in coarse steps, so a write in the same step would leave mtime and ctime unchanged.
_RACY_NS = 2_000_000_000


def _stat_entry(stat: os.stat_result) -> list[int] | None:
    changed = max(stat.st_mtime_ns, stat.st_ctime_ns)
    return None if time.time_ns() - changed < _RACY_NS else _stat_key(stat)


def read_model_state(pin: ModelPin, settings: Settings, folder: Path, key: str) -> Any:
    """A value ringkas recorded about a pinned model in this home (None when none is)."""
    return _read_record(_record_path(settings, pin, folder)).get(key)


def write_model_state(
    pin: ModelPin, settings: Settings, folder: Path, key: str, value: Any
) -> None:
    """Record a value about a pinned model in this home (beside its files' first-use hashes)."""
    path = _record_path(settings, pin, folder)
    record = _read_record(path)
    record[key] = value
    _write_record(path, record)


def check_model(pin: ModelPin, settings: Settings, *, full: bool = False) -> ModelCheck:
    """Check every pinned file; with `full`, re-hash even files whose stat is unchanged."""
    folder = model_folder(pin)
    record_path = _record_path(settings, pin, folder)
    record = _read_record(record_path)
    checks = []
    changed = False
    for item in pin.files:
        check, entry = _check_file(folder / item.name, item, record.get(item.name), full=full)
        checks.append(check)
        if entry is not None and entry != record.get(item.name):
            record[item.name] = entry
            changed = True
    if changed:
        with contextlib.suppress(OSError):  # a read-only home only costs a re-hash next time
            _write_record(record_path, record)
    return ModelCheck(pin=pin, folder=folder, files=tuple(checks))


def _check_file(
    path: Path, item: FilePin, seen: Any, *, full: bool
) -> tuple[FileCheck, dict[str, Any] | None]:
    """Return the file's check and the record entry to keep for it (None: keep nothing new)."""
    try:
        stat = path.stat()
    except OSError:
        return FileCheck(item.name, MISSING), None
    if item.size is not None and stat.st_size != item.size:
        return FileCheck(item.name, WRONG_SIZE, size=stat.st_size), None
    seen = seen if isinstance(seen, dict) else {}
    if not full and seen.get("stat") == _stat_key(stat) and isinstance(seen.get("sha256"), str):
        digest = seen["sha256"]
    else:
        digest = sha256_file(path)
    expected = item.sha256 or seen.get("trusted")
    if expected is not None and digest != expected:
        return FileCheck(item.name, WRONG_HASH, size=stat.st_size, sha256=digest), None
    status = OK if item.sha256 else TRUSTED
    entry = {"stat": _stat_entry(stat), "sha256": digest}
    if item.sha256 is None:
        entry["trusted"] = expected or digest  # trust on first use
    return FileCheck(item.name, status, size=stat.st_size, sha256=digest), entry


def require_model(pin: ModelPin, settings: Settings) -> Path:
    """Return the folder of a present, matching model, or raise ModelUnavailable."""
    check = check_model(pin, settings)
    if not check.is_present:
        missing = ", ".join(f.name for f in check.files if f.status == MISSING)
        raise ModelUnavailable(f"{pin.ref} is not in {check.folder} (missing: {missing}).")
    if not check.is_verified:
        raise ModelUnavailable(
            f"{pin.ref} in {check.folder} does not match models.lock: "
            + "; ".join(check.problems())
            + ".",
        )
    return check.folder


def pull_model(
    pin: ModelPin,
    settings: Settings,
    *,
    progress: bool = False,
    downloader: Downloader | None = None,
) -> ModelCheck:
    """Download exactly the pinned revision, check every hash, and never leave a bad copy."""
    check = check_model(pin, settings, full=True)
    if check.is_verified:
        return check
    download = downloader or _hub_downloader(progress, pin)
    if pin.path is None:
        for item in pin.files:
            download(pin, item.name, None)  # the hub writes *.incomplete, then renames
    else:
        _pull_into_folder(pin, download)
    check = check_model(pin, settings, full=True)
    if not check.is_verified:
        _discard_bad_files(check)
        raise ModelUnavailable(
            f"the download of {pin.ref} does not match models.lock: "
            + "; ".join(check.problems())
            + "; the bad files were removed."
        )
    return check


def _pull_into_folder(pin: ModelPin, download: Downloader) -> None:
    """Download into a temporary sibling folder and rename it into place when complete."""
    assert pin.path is not None
    target = pin.path
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        for item in pin.files:
            present = target / item.name
            if present.is_file() and item.sha256 and sha256_file(present) == item.sha256:
                shutil.copy2(present, work / item.name)
                continue
            got = download(pin, item.name, work)
            if got != work / item.name:
                shutil.move(got, work / item.name)
            if item.sha256 and sha256_file(work / item.name) != item.sha256:
                raise ModelUnavailable(
                    f"the download of {pin.ref} does not match models.lock: "
                    f"{item.name}: {WRONG_HASH}; nothing was changed in {target}."
                )
        shutil.rmtree(work / ".cache", ignore_errors=True)  # the hub's download metadata
        work.chmod(0o755)
        swap_folder(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _discard_bad_files(check: ModelCheck) -> None:
    for item in check.files:
        if item.status in (WRONG_HASH, WRONG_SIZE):
            path = check.folder / item.name
            blob = path.resolve()
            path.unlink(missing_ok=True)
            if blob != path:  # the HF cache links snapshot files to blobs
                blob.unlink(missing_ok=True)


_REACH_TIMEOUT = 1.5  # seconds: the hub answers far sooner; a machine without network never does


def check_hub_reachable(endpoint: str, *, timeout: float = _REACH_TIMEOUT) -> None:
    """Raise DownloadFailed at once when nothing answers at the hub's address (or its proxy).

    Without this, huggingface_hub retries each file five times with back-off (~25 s of retry
    lines) before it gives up on a machine without network. Any HTTP answer, even an error,
    counts as reachable: the hub client then says what is wrong.
    """
    import ssl
    import threading
    import urllib.error
    import urllib.parse
    import urllib.request

    problem: list[str] = [f"no answer within {timeout:g} s"]

    def ask() -> None:  # in a thread: name resolution itself has no timeout
        request = urllib.request.Request(endpoint, method="HEAD")
        try:
            urllib.request.urlopen(request, timeout=timeout).close()
        except urllib.error.HTTPError:
            pass  # a server answered
        except urllib.error.URLError as error:
            if isinstance(error.reason, ssl.SSLError):  # TLS answered; the hub client has its
                problem.clear()  # own certificate settings, so let it decide
                return
            reason = error.reason
            problem[:] = [getattr(reason, "strerror", None) or str(reason)]
            return
        except (OSError, ValueError) as error:
            problem[:] = [getattr(error, "strerror", None) or str(error) or type(error).__name__]
            return
        problem.clear()

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(timeout + 0.2)
    if problem:
        where = urllib.parse.urlsplit(endpoint)
        raise DownloadFailed(
            f"cannot reach {where.scheme}://{where.netloc} to download the model ({problem[0]})."
        )


def _hub_downloader(progress: bool, pin: ModelPin) -> Downloader:
    # The hub's own variables, read before importing it (a third of a second): a machine without
    # network learns so at once. The check asks for the first pinned file, nothing else.
    if os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in ("1", "ON", "YES", "TRUE"):
        raise DownloadFailed("HF_HUB_OFFLINE is set, so nothing is downloaded.")
    endpoint = os.environ.get("HF_ENDPOINT", "").rstrip("/") or "https://huggingface.co"
    check_hub_reachable(f"{endpoint}/{pin.repo}/resolve/{pin.revision}/{pin.files[0].name}")
    try:
        import huggingface_hub
        from huggingface_hub import utils as hub_utils
    except ImportError:
        raise PackagesMissing(
            "downloading models needs the Python package huggingface_hub."
        ) from None
    bars: Any = hub_utils  # the hub's tqdm bars go to stderr; only a terminal gets them
    if progress:
        bars.enable_progress_bars()
    else:
        bars.disable_progress_bars()

    def download(pin: ModelPin, name: str, folder: Path | None) -> Path:
        try:
            got = huggingface_hub.hf_hub_download(
                pin.repo, name, revision=pin.revision, local_dir=folder
            )
        except Exception as error:  # the hub library raises many types; all mean "no file"
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise DownloadFailed(f"could not download {name} of {pin.ref}: {reason}") from None
        return Path(str(got))

    return download


def measured_pins(check: ModelCheck) -> dict[str, FilePin]:
    """The size and SHA-256 of every good file, for writing into models.lock."""
    return {
        f.name: FilePin(name=f.name, size=f.size, sha256=f.sha256)
        for f in check.files
        if f.is_good and f.sha256 is not None
    }
