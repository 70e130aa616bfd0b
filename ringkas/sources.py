"""Files, folders, globs and stdin → Articles (decoded text); atomic writes for outputs."""

from __future__ import annotations

import codecs
import itertools
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from ringkas.document import Article
from ringkas.errors import InputError, RingkasError
from ringkas.settings import DEFAULT_MAX_CHARS

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
JSONL_SUFFIXES = (".jsonl",)
STDIN = "-"

TRUNCATED = "truncated"
FROM_HTML = "html"

# UTF-8 needs at most 4 bytes a character, UTF-16 and UTF-32 too (with a BOM of up to 4).
_BYTES_PER_CHAR = 4
# Markup around the text: news pages run 100 kB-2 MB for 5-20k characters of article.
# trafilatura takes ~1.5 s a MB, so the default limit (2 MB of page) bounds it to ~3 s.
_HTML_BYTES_PER_CHAR = 10
# A JSON line escapes each character in at most 12 bytes ("\ud83d\ude00" for one emoji).
_JSON_BYTES_PER_CHAR = 12
_JSON_OVERHEAD = 64 * 1024

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy newsroom files are Windows-1252 (curly quotes at 0x93/0x94) or Latin-1.
_LEGACY_ENCODINGS = ["cp1252", "latin_1"]
# C0 controls other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[A-Za-z]")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)


@dataclass(frozen=True)
class Failure:
    """An input that could not be turned into an Article, with the reason."""

    source: str
    error: RingkasError


def expand_paths(
    args: Iterable[str], suffixes: tuple[str, ...] = INPUT_SUFFIXES
) -> Iterator[str | Failure]:
    """Expand files, folders (their files with `suffixes`, sorted) and globs, lazily."""
    for arg in args:
        if arg == STDIN:
            yield STDIN
            continue
        # os.path's tests answer False instead of raising (a name too long, a NUL byte).
        if os.path.isdir(arg):
            yield from _expand_folder(Path(arg), arg, suffixes)
        elif os.path.lexists(arg):
            yield arg  # reading says what is wrong with it (a dangling link, a loop)
        elif _has_magic(arg):
            yield from _expand_glob(arg, suffixes)
        else:
            label = display_name(arg)
            yield Failure(label, InputError(f"{label}: {_why_missing(arg)}"))


def _why_missing(arg: str) -> str:
    try:
        os.stat(arg)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as error:
        return f"cannot read ({getattr(error, 'strerror', None) or error})"
    return "no such file or folder"


def _has_magic(arg: str) -> bool:
    return any(char in arg for char in "*?[")


def _expand_folder(path: Path, arg: str, suffixes: tuple[str, ...]) -> Iterator[str | Failure]:
    found = False
    for item in walk_folder(path, suffixes):
        found = found or not isinstance(item, Failure)
        yield item
    if not found:
        label = display_name(arg)
        yield Failure(label, InputError(f"{label}: folder holds no {_describe(suffixes)}"))


def _describe(suffixes: tuple[str, ...]) -> str:
    if suffixes == INPUT_SUFFIXES:
        return ".txt or .md files (nor .html/.htm pages)"
    return " or ".join(suffixes) + " files"


def _expand_glob(pattern: str, suffixes: tuple[str, ...]) -> Iterator[str | Failure]:
    from wcmatch import glob as wcglob

    # wcmatch's `**` does not follow symlinked folders (the stdlib's does, and two looping
    # links make it walk 2**40 paths); BRACE allows {a,b}, GLOBSTAR makes ** recursive.
    matches = sorted(wcglob.iglob(pattern, flags=wcglob.GLOBSTAR | wcglob.BRACE))
    if not matches:
        label = display_name(pattern)
        yield Failure(label, InputError(f"{label}: no file matches this pattern"))
    # A file the pattern names is read whatever its suffix; a folder gives its `suffixes`
    # files. `**` matches a folder and its files both, so each file is given once.
    given: set[str] = set()
    for match in matches:
        found = _expand_folder(Path(match), match, suffixes) if os.path.isdir(match) else [match]
        for item in found:
            if isinstance(item, str):
                if item in given:
                    continue
                given.add(item)
            yield item


def walk_folder(top: Path, suffixes: tuple[str, ...]) -> Iterator[str | Failure]:
    """Yield a folder's files with `suffixes`, depth-first in name order, one folder at a time.

    Hidden entries (names starting with ".") are skipped. A folder reached twice (a symlink
    loop, or two links to one place) is walked once, so loops end.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(folder: str) -> Failure | None:
        try:
            info = os.stat(folder)
            key = (info.st_dev, info.st_ino)
            if key in seen:
                return None
            seen.add(key)
            with os.scandir(folder) as entries:
                ordered = sorted(
                    (e for e in entries if not e.name.startswith(".")), key=lambda e: e.name
                )
        except OSError as error:
            reason = error.strerror or type(error).__name__
            label = display_name(folder)
            return Failure(label, InputError(f"{label}: cannot read folder ({reason})"))
        stack.append(iter(ordered))
        return None

    failure = enter(str(top))
    if failure:
        yield failure
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:
            is_dir, is_file = False, True  # let reading it report the problem
        if is_dir:
            failure = enter(entry.path)
            if failure:
                yield failure
        elif (is_file or entry.is_symlink()) and entry.name.lower().endswith(suffixes):
            yield entry.path


def decode_text(data: bytes, name: str, *, partial: bool = False) -> str:
    """Decode text (UTF-8/16/32 with BOM, UTF-8, cp1252/Latin-1), normalise line ends.

    Binary data (NUL bytes, control characters, undecodable bytes) raises InputError.
    `partial` says `data` was cut off, so a character split at the end is dropped.
    """
    text = _decode(data, name, partial)
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(f"{name}: looks like a binary file, not text (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, name: str, partial: bool) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _decode_as(data, encoding, partial)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: starts like {encoding.upper()} text but does not decode; "
                    "looks like a binary file"
                ) from None
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file, not text (it holds NUL bytes)")
    try:
        return _decode_as(data, "utf-8", partial)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None:
        raise InputError(
            f"{name}: not UTF-8 and not readable as Windows-1252/Latin-1; "
            "looks like a binary file (save it as UTF-8 text)"
        )
    return str(best)


def _decode_as(data: bytes, encoding: str, partial: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    return decoder.decode(data, final=not partial)


def looks_like_html(name: str, data: bytes) -> bool:
    """True for .html/.htm files and for text that starts like an HTML document."""
    if name.lower().endswith(HTML_SUFFIXES):
        return True
    head = data[:4096].lstrip(codecs.BOM_UTF8)
    return bool(_HTML_START.match(head))


def cut_markup(html: str, max_tags: int | None) -> tuple[str, bool]:
    """Keep the page up to its `max_tags`-th tag; also say whether anything was cut.

    trafilatura spends ~50 µs a tag: a news page (2k-20k tags) takes well under a second,
    a generated 5 MB page of 900k tags a minute. Cutting bounds the time; lxml closes the rest.
    """
    if max_tags is None:
        return html, False
    tag = next(itertools.islice(_TAG.finditer(html), max_tags, None), None)
    if tag is None:
        return html, False
    return html[: tag.start()], True


def extract_html(html: str, name: str) -> tuple[str | None, str]:
    """Pull the headline and the article body (paragraphs) out of an HTML page."""
    import logging

    import trafilatura

    # trafilatura logs its own doubts at WARNING; ringkas reports what matters itself.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    title = getattr(document, "title", None) or None
    lines = [line.strip() for line in (getattr(document, "text", None) or "").splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == title.strip():
        lines = lines[1:]  # the page repeats its headline as the first line of the body
    if not lines:
        raise InputError(f"{name}: HTML page with no article text that ringkas could find")
    return title, "\n\n".join(lines)


def display_name(name: str) -> str:
    """The name to show for an input: "<stdin>" for "-", undecodable bytes as U+FFFD.

    A file name that is not UTF-8 (say Latin-1 "caf\\xe9.txt" from an old share) reaches Python
    with lone surrogates, which no UTF-8 output can carry.
    """
    if name == STDIN:
        return "<stdin>"
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no file system produced
        raw = name.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def _open(name: str, stdin: BinaryIO) -> BinaryIO:
    if name == STDIN:
        return stdin
    label = display_name(name)
    try:
        if stat.S_ISDIR(os.stat(name).st_mode):
            raise InputError(f"{label}: is a folder, not a file")
        return open(name, "rb")  # closed by the caller
    except IsADirectoryError:
        raise InputError(f"{label}: is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as err:
        raise InputError(f"{label}: cannot read ({err.strerror})") from None


def _read_upto(handle: BinaryIO, limit: int | None) -> bytes:
    """Read everything, or at most `limit` + 1 bytes (the extra byte says there was more)."""
    try:
        return handle.read() if limit is None else handle.read(limit + 1)
    except OSError as err:
        raise InputError(
            f"{getattr(handle, 'name', '<stdin>')}: cannot read ({err.strerror})"
        ) from None


def _read_input(name: str, stdin: BinaryIO, max_chars: int | None) -> tuple[bytes, bool, bool]:
    """Read an input's bytes, bounded by `max_chars`: (data, cut off, is HTML)."""
    handle = _open(name, stdin)
    try:
        limit = None if max_chars is None else max_chars * _BYTES_PER_CHAR + 4
        data = _read_upto(handle, limit)
        is_html = looks_like_html(name, data)
        if is_html and limit is not None and len(data) > limit:
            # Markup is most of a page: allow more bytes, the text is cut to max_chars later.
            limit = limit * _HTML_BYTES_PER_CHAR // _BYTES_PER_CHAR
            data += _read_upto(handle, limit - len(data))
    finally:
        if handle is not stdin:
            handle.close()
    if limit is not None and len(data) > limit:
        return data[:limit], True, is_html
    return data, False, is_html


def truncate_text(text: str, max_chars: int | None) -> tuple[str, bool]:
    """Cut text to at most `max_chars`, at a paragraph or word break when one is near."""
    if max_chars is None or len(text) <= max_chars:
        return text, False
    floor = max_chars * 4 // 5
    for breaker in ("\n\n", "\n", " "):
        cut = text.rfind(breaker, floor, max_chars)
        if cut > 0:
            return text[:cut], True
    return text[:max_chars], True


def read_article(
    name: str, stdin: BinaryIO, *, max_chars: int | None = DEFAULT_MAX_CHARS
) -> Article:
    """Read one file (or stdin) as an Article; empty or unreadable input raises InputError.

    With `max_chars`, at most that many characters are kept and the Article is flagged
    "truncated" when there was more; HTML pages are reduced to their article text first.
    """
    label = display_name(name)
    data, cut, is_html = _read_input(name, stdin, max_chars)
    text = decode_text(data, label, partial=cut)
    title = None
    flags: list[str] = []
    if is_html:
        text, too_many_tags = cut_markup(text, None if max_chars is None else max_chars // 4)
        cut = cut or too_many_tags
        title, text = extract_html(text, label)
        flags.append(FROM_HTML)
    if not text.strip():
        raise InputError(f"{label}: empty input, nothing to summarise")
    text, shortened = truncate_text(text, max_chars)
    if cut or shortened:
        flags.append(TRUNCATED)
    article_id = "stdin" if name == STDIN else Path(label).stem
    return Article(id=article_id, source=label, text=text, title=title, flags=tuple(flags))


def read_jsonl(
    name: str, stdin: BinaryIO, *, max_chars: int | None = DEFAULT_MAX_CHARS
) -> Iterator[Article | Failure]:
    """Read JSON Lines records {"id", "text", "title"?} as Articles, one line at a time."""
    label = display_name(name)
    limit = None if max_chars is None else max_chars * _JSON_BYTES_PER_CHAR + _JSON_OVERHEAD
    handle = _open(name, stdin)
    try:
        for number, raw, too_long in _iter_lines(handle, limit):
            where = f"{label}:{number}"
            if too_long:
                message = f"{where}: record longer than {limit} bytes; raise --max-chars"
                yield Failure(where, InputError(message))
                continue
            item = _parse_record(raw, where, number, first=number == 1)
            if isinstance(item, Article):
                text, shortened = truncate_text(item.text, max_chars)
                if shortened:
                    item = replace(item, text=text, flags=(*item.flags, TRUNCATED))
            if item is not None:
                yield item
    except OSError as err:
        raise InputError(f"{label}: cannot read ({err.strerror})") from None
    finally:
        if handle is not stdin:
            handle.close()


def _iter_lines(handle: BinaryIO, limit: int | None) -> Iterator[tuple[int, bytes, bool]]:
    """Yield (line number, line, too long); a line over `limit` bytes is skipped, not held."""
    number = 0
    while True:
        line = handle.readline() if limit is None else handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if limit is not None and len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(limit)
            yield number, b"", True
            continue
        yield number, line, False


def _parse_record(raw: bytes, where: str, number: int, *, first: bool) -> Article | Failure | None:
    if not raw.strip():
        return None
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        return Failure(where, InputError(f"{where}: not valid UTF-8 (JSON Lines must be UTF-8)"))
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Failure(where, InputError(f"{where}: not valid JSON ({err.msg})"))
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return Failure(where, InputError(f'{where}: a record needs a "text" string'))
    record_id = str(record.get("id", number))
    text = record["text"].replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Failure(where, InputError(f"{where}: record {record_id} has empty text"))
    title = record.get("title")
    return Article(
        id=record_id,
        source=where,
        text=text,
        title=title if isinstance(title, str) and title.strip() else None,
    )


def _new_file_mode(path: Path) -> int:
    """The mode a plain `open(path, "w")` would give: the old file's, else 0666 less umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: str | Iterable[str]) -> None:
    """Write text (or its pieces, one after another) to `path` through a temporary file and a
    rename, so no reader sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes 0600 files; a digest is for reading (a web folder, a mail job).
        os.fchmod(fd, _new_file_mode(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines([data] if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
