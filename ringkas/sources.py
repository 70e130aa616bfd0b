"""Files, folders, globs and stdin → Articles (decoded text, HTML pages reduced to the article)."""

from __future__ import annotations

import codecs
import itertools
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from ringkas.document import Article, Flag
from ringkas.errors import InputError, RingkasError
from ringkas.html import extract_html
from ringkas.links import clean_url, find_page_url
from ringkas.sanitize import clean_text, count_controls, escape_name
from ringkas.settings import DEFAULT_MAX_CHARS

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
JSONL_SUFFIXES = (".jsonl",)
STDIN = "-"


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
_TAG = re.compile(r"<[A-Za-z]")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)


class EmptyFolder(InputError):
    """A folder (named or matched) that holds no input files: a quiet day for a cron job."""


@dataclass(frozen=True)
class Failure:
    """An input that could not be turned into an Article, with the reason."""

    source: str
    error: RingkasError


def expand_paths(
    args: Iterable[str],
    suffixes: tuple[str, ...] = INPUT_SUFFIXES,
    *,
    follow_links: bool = False,
) -> Iterator[str | Failure]:
    """Expand files, folders (their files with `suffixes`, sorted) and globs, lazily.

    A file named in `args` is given as it is. Inside folders and globs only regular files are
    given, and a symlink only when it leads to a place inside the folder (or the glob's fixed
    folder); `follow_links` allows links out, to files anyone may read.
    """
    for arg in args:
        if arg == STDIN:
            yield STDIN
            continue
        # os.path's tests answer False instead of raising (a name too long, a NUL byte).
        if os.path.isdir(arg):
            yield from _expand_folder(Path(arg), arg, suffixes, follow_links)
        elif os.path.lexists(arg):
            yield arg  # reading says what is wrong with it (a dangling link, a loop)
        elif _has_magic(arg):
            yield from _expand_glob(arg, suffixes, follow_links)
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


def _expand_folder(
    path: Path, arg: str, suffixes: tuple[str, ...], follow_links: bool
) -> Iterator[str | Failure]:
    found = False
    for item in walk_folder(path, suffixes, follow_links=follow_links):
        found = found or not isinstance(item, Failure)
        yield item
    if not found:
        label = display_name(arg)
        yield Failure(label, EmptyFolder(f"{label}: folder holds no {_describe(suffixes)}"))


def _describe(suffixes: tuple[str, ...]) -> str:
    if suffixes == INPUT_SUFFIXES:
        return ".txt or .md files (nor .html/.htm pages)"
    return " or ".join(suffixes) + " files"


def _glob_root(pattern: str) -> str:
    """The folder a glob cannot leave: its leading components without wildcards."""
    parts = Path(pattern).parts
    fixed = list(itertools.takewhile(lambda part: not _has_magic(part), parts[:-1]))
    return os.path.realpath(os.path.join(*fixed) if fixed else ".")


def _expand_glob(
    pattern: str, suffixes: tuple[str, ...], follow_links: bool
) -> Iterator[str | Failure]:
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
    root = _glob_root(pattern)
    for match in matches:
        kind = _check_entry(match, root, follow_links, outside=False, suffixes=None)
        if isinstance(kind, Failure):
            yield kind
            continue
        if kind is None:
            continue
        found = (
            _expand_folder(Path(match), match, suffixes, follow_links)
            if kind == _FOLDER
            else [match]
        )
        for item in found:
            if isinstance(item, str):
                if item in given:
                    continue
                given.add(item)
            yield item


_FOLDER = "folder"
_FILE = "file"
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((kind for test, kind in _SPECIAL_KINDS if test(mode)), "not a regular file")


def _is_inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _refuse(path: str, reason: str) -> Failure:
    label = display_name(path)
    return Failure(label, InputError(f"{label}: {reason}"))


def _check_entry(
    path: str, root: str, follow_links: bool, *, outside: bool, suffixes: tuple[str, ...] | None
) -> str | Failure | None:
    """Say what a walked entry is: _FOLDER, _FILE, a Failure (one line), or None (skip it).

    `outside` says the entry's folder was reached through a link out of `root`; `suffixes`
    None means a glob named the entry, so its suffix does not matter.
    """
    wanted = suffixes is None or path.lower().endswith(suffixes)
    try:
        is_link = os.path.islink(path)
        info = os.stat(path)  # follows links
    except OSError as error:
        if not wanted:
            return None
        return _refuse(path, f"cannot read ({error.strerror or type(error).__name__})")
    if is_link or outside:
        target = os.path.realpath(path)
        if not _is_inside(target, root) and not follow_links:
            what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
            if what == "file" and not wanted:
                return None
            return _refuse(
                path, f"links to a {what} outside the folder; not followed (--follow-links)"
            )
        # A private file reached through a link out of the folder would end up in output
        # that others read (a 0644 digest): only files everyone may read are followed.
        outside = not _is_inside(target, root)
        if outside and stat.S_ISREG(info.st_mode) and not info.st_mode & stat.S_IROTH and wanted:
            return _refuse(path, "links to a private file outside the folder; not read")
    if stat.S_ISDIR(info.st_mode):
        return _FOLDER
    if not wanted:
        return None
    if not stat.S_ISREG(info.st_mode):
        return _refuse(path, f"is {_kind(info.st_mode)}, not a regular file; not read")
    return _FILE


def walk_folder(
    top: Path, suffixes: tuple[str, ...], *, follow_links: bool = False
) -> Iterator[str | Failure]:
    """Yield a folder's regular files with `suffixes`, depth-first in name order.

    Hidden entries (names starting with ".") are skipped. A folder reached twice (a symlink
    loop, or two links to one place) is walked once, so loops end. Links are followed only to
    places inside `top` unless `follow_links`; devices, FIFOs and sockets give a Failure each.
    """
    root = os.path.realpath(top)
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Iterator[os.DirEntry[str]], bool]] = []

    def enter(folder: str, outside: bool) -> Failure | None:
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
            return _refuse(folder, f"cannot read folder ({reason})")
        stack.append((iter(ordered), outside))
        return None

    failure = enter(str(top), False)
    if failure:
        yield failure
    while stack:
        entries, outside = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        kind = _check_entry(entry.path, root, follow_links, outside=outside, suffixes=suffixes)
        if kind == _FOLDER:
            beyond = outside or not _is_inside(os.path.realpath(entry.path), root)
            failure = enter(entry.path, beyond)
            if failure:
                yield failure
        elif isinstance(kind, Failure):
            yield kind
        elif kind == _FILE:
            yield entry.path


def decode_text(data: bytes, name: str, *, partial: bool = False) -> str:
    """Decode text (UTF-8/16/32 with BOM, UTF-8, cp1252/Latin-1), normalise line ends.

    Binary data (NUL bytes, control characters, undecodable bytes) raises InputError.
    `partial` says `data` was cut off, so a character split at the end is dropped.
    """
    text = _decode(data, name, partial)
    check_not_binary(text, name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_not_binary(text: str, name: str) -> None:
    """Raise InputError when text holds more control characters (C0, DEL, C1) than text does.

    A few strays pass (old files carry some); `clean_text` removes them before any output.
    """
    if count_controls(text) > max(8, len(text) // 100):
        raise InputError(f"{name}: looks like a binary file, not text (control characters)")


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


def display_name(name: str) -> str:
    """The name to show for an input: "<stdin>" for "-", undecodable bytes as U+FFFD.

    A file name that is not UTF-8 (say Latin-1 "caf\\xe9.txt" from an old share) reaches Python
    with lone surrogates, which no UTF-8 output can carry. Control characters and bidi
    overrides show as escapes (`\\x1b`, `\\u202e`): a name never drives the terminal.
    """
    if name == STDIN:
        return "<stdin>"
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no file system produced
        raw = name.encode("utf-8", "replace")
    return escape_name(raw.decode("utf-8", "replace"))


def _open(name: str, stdin: BinaryIO, regular_only: bool = False) -> BinaryIO:
    if name == STDIN:
        return stdin
    label = display_name(name)
    try:
        if stat.S_ISDIR(os.stat(name).st_mode):
            raise InputError(f"{label}: is a folder, not a file")
        if regular_only:
            return _open_regular(name, label)
        return open(name, "rb")  # closed by the caller
    except IsADirectoryError:
        raise InputError(f"{label}: is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as err:
        raise InputError(f"{label}: cannot read ({err.strerror})") from None


def _open_regular(name: str, label: str) -> BinaryIO:
    # O_NONBLOCK: opening a FIFO with no writer returns at once instead of hanging (cron would
    # hang holding the digest lock); fstat then sees what was really opened, link or not.
    fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(f"{label}: is {_kind(mode)}, not a regular file; not read")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _read_upto(handle: BinaryIO, limit: int | None, label: str) -> bytes:
    """Read everything, or at most `limit` + 1 bytes (the extra byte says there was more)."""
    try:
        return handle.read() if limit is None else handle.read(limit + 1)
    except OSError as err:
        raise InputError(f"{label}: cannot read ({err.strerror})") from None


@dataclass(frozen=True)
class RawInput:
    """An input's bytes as read, at most what `max_chars` lets through."""

    data: bytes
    is_cut: bool
    is_html: bool


def read_input(
    name: str, stdin: BinaryIO, *, max_chars: int | None, regular_only: bool = False
) -> RawInput:
    """Read an input's bytes, bounded by `max_chars` (never more than will be processed).

    `regular_only` refuses devices, FIFOs and sockets (InputError) without blocking on them.
    """
    label = display_name(name)
    handle = _open(name, stdin, regular_only)
    try:
        limit = None if max_chars is None else max_chars * _BYTES_PER_CHAR + 4
        data = _read_upto(handle, limit, label)
        is_html = looks_like_html(name, data)
        if is_html and limit is not None and len(data) > limit:
            # Markup is most of a page: allow more bytes, the text is cut to max_chars later.
            limit = limit * _HTML_BYTES_PER_CHAR // _BYTES_PER_CHAR
            data += _read_upto(handle, limit - len(data), label)
    finally:
        if handle is not stdin:
            handle.close()
    if limit is not None and len(data) > limit:
        return RawInput(data[:limit], True, is_html)
    return RawInput(data, False, is_html)


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
    name: str,
    stdin: BinaryIO,
    *,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    regular_only: bool = False,
) -> Article:
    """Read one file (or stdin) as an Article; empty or unreadable input raises InputError.

    With `max_chars`, at most that many characters are kept and the Article is flagged
    "truncated" when there was more; HTML pages are reduced to their article text first.
    """
    raw = read_input(name, stdin, max_chars=max_chars, regular_only=regular_only)
    return article_from_input(name, raw, max_chars=max_chars)


def article_from_input(name: str, raw: RawInput, *, max_chars: int | None) -> Article:
    """Turn an input's bytes into an Article: decoded, cleaned of control sequences, bounded."""
    label = display_name(name)
    data, cut, is_html = raw.data, raw.is_cut, raw.is_html
    # The one place file text enters a report: nothing after this sees a control sequence.
    text = clean_text(decode_text(data, label, partial=cut))
    title = url = None
    flags: list[str] = []
    if is_html:
        text, too_many_tags = cut_markup(text, None if max_chars is None else max_chars // 4)
        cut = cut or too_many_tags
        url = find_page_url(text)
        title, text = extract_html(text, label)
        flags.append(Flag.HTML)
    if not text.strip():
        raise InputError(f"{label}: empty input, nothing to summarise")
    text, shortened = truncate_text(text, max_chars)
    if cut or shortened:
        flags.append(Flag.TRUNCATED)
    article_id = "stdin" if name == STDIN else Path(label).stem
    title = clean_text(title) if title else None
    return Article(id=article_id, source=label, text=text, title=title, flags=tuple(flags), url=url)


def read_jsonl(
    name: str,
    stdin: BinaryIO,
    *,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    regular_only: bool = False,
) -> Iterator[Article | Failure]:
    """Read JSON Lines records {"id", "text", "title"?} as Articles, one line at a time."""
    label = display_name(name)
    limit = None if max_chars is None else max_chars * _JSON_BYTES_PER_CHAR + _JSON_OVERHEAD
    handle = _open(name, stdin, regular_only)
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
                    item = replace(item, text=text, flags=(*item.flags, Flag.TRUNCATED))
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
        record = json.loads(line, parse_constant=_refuse_constant)
    except json.JSONDecodeError as err:
        return Failure(where, InputError(f"{where}: not valid JSON ({err.msg})"))
    except ValueError as err:
        return Failure(where, InputError(f"{where}: not valid JSON ({err})"))
    except RecursionError:
        return Failure(where, InputError(f"{where}: not valid JSON (nested too deeply)"))
    try:
        return article_from_record(record, where, number)
    except InputError as error:
        return Failure(where, error)


def article_from_record(record: object, where: str, number: int) -> Article:
    """Turn one {"id", "text", "title"?, "url"?} record into an Article: checked and cleaned.

    The JSON Lines reader and the Python API both come through here; a record that cannot be
    used raises InputError naming `where`.
    """
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f'{where}: a record needs a "text" string')
    record_id = record.get("id", number)
    # Python's str() would turn null into "None" and {"a": 1} into "{'a': 1}".
    if isinstance(record_id, bool) or not isinstance(record_id, str | int):
        kind = "true/false" if isinstance(record_id, bool) else _JSON_KINDS[type(record_id)]
        raise InputError(f'{where}: "id" must be a string or a whole number, not {kind}')
    record_id = escape_name(str(record_id))
    title = record.get("title")
    title = title if isinstance(title, str) and title.strip() else None
    for value in (record["text"], title or ""):
        check_not_binary(value, f"{where}: record {record_id}")
    text = clean_text(record["text"])
    if not text.strip():
        raise InputError(f"{where}: record {record_id} has empty text")
    return Article(
        id=record_id,
        source=where,
        text=text,
        title=clean_text(title) if title else None,
        url=clean_url(record.get("url")),
    )


_JSON_KINDS: dict[type, str] = {
    type(None): "null",
    float: "a number with a fraction or exponent",
    list: "a list",
    dict: "an object",
}


def _refuse_constant(name: str) -> float:
    # json accepts NaN and Infinity, which are not JSON (RFC 8259) and no id or text.
    raise ValueError(f"{name} is not JSON")
