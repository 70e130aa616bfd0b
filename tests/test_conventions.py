"""The conventions of CLIs people already like (issue 15): one JSON document, input and output
named apart, -o/--output, --text, --color, help without Python types, usage errors for
conflicts, shell completion, the config file, `info`, `cache clear`, `models list`."""

from __future__ import annotations

import html
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringkas.cli import app
from ringkas.cli.options import wants_color
from ringkas.document import Quote, Report, SummaryItem
from ringkas.render import RenderOptions
from ringkas.render.panels import render_panels
from tests.conftest import ROOT, SEED

runner = CliRunner()
SEED_TEXT = SEED.read_text(encoding="utf-8")
SHORT = "Judul Berita\n\nSatu dua tiga empat lima. Enam tujuh delapan sembilan sepuluh.\n"
NO_MT = ("summarize", "--no-translate")
ESCAPE = "\x1b["


def _run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _ringkas(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real entry point (errors mapped to exit codes, as a shell sees them)."""
    return subprocess.run(
        [sys.executable, "-m", "ringkas", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def _articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"a{number}.txt").write_text(SEED_TEXT, encoding="utf-8")
    return folder


# --- pipes and formats -----------------------------------------------------------------------


def test_json_of_several_inputs_is_one_array(tmp_path: Path) -> None:
    code, out, err = _run(*NO_MT, "-f", "json", str(SEED), str(SEED))
    assert code == 0, err
    reports = json.loads(out)  # one document: `python -m json.tool` accepts it
    assert [r["id"] for r in reports] == [SEED.stem, SEED.stem]


def test_json_of_one_file_is_an_object_and_of_a_folder_always_an_array(tmp_path: Path) -> None:
    assert json.loads(_run(*NO_MT, "-f", "json", str(SEED))[1])["id"] == SEED.stem
    folder = _articles(tmp_path / "in", 1)
    assert [r["id"] for r in json.loads(_run(*NO_MT, "-f", "json", str(folder))[1])] == ["a0"]
    glob = str(tmp_path / "in" / "*.txt")
    assert len(json.loads(_run(*NO_MT, "-f", "json", glob)[1])) == 1


def test_json_array_stays_valid_when_inputs_fail(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code, out, _ = _run(*NO_MT, "-f", "json", str(tmp_path / "empty.txt"), str(SEED))
    assert code == 1
    assert len(json.loads(out)) == 1
    code, out, _ = _run(*NO_MT, "-f", "json", str(tmp_path / "empty.txt"), "nope.txt")
    assert (code, json.loads(out)) == (1, [])


def test_jsonl_output_is_one_object_per_line(tmp_path: Path) -> None:
    code, out, _ = _run(*NO_MT, "-f", "jsonl", str(_articles(tmp_path / "in", 3)))
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a0", "a1", "a2"]


def test_input_format_jsonl_and_its_alias_agree() -> None:
    records = "".join(json.dumps({"id": i, "text": SHORT}) + "\n" for i in ("x", "y"))
    by_name = _run(*NO_MT, "--input-format", "jsonl", "-f", "json", "-", stdin=records)
    by_alias = _run(*NO_MT, "--jsonl", "-f", "json", "-", stdin=records)
    assert by_name == by_alias
    assert [r["id"] for r in json.loads(by_name[1])] == ["x", "y"]


def test_plain_text_read_as_jsonl_says_once_how_to_read_text() -> None:
    code, _, err = _run(*NO_MT, "--jsonl", "-", stdin=SHORT)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("Error: <stdin>:1: not valid JSON")
    assert lines[1].startswith("Hint: --input-format jsonl (--jsonl) reads JSON Lines; for plain")
    assert sum(line.startswith("Hint:") for line in lines) == 1
    assert sum(line.startswith("Error:") for line in lines) == 2  # lines 1 and 3 of the text


@pytest.mark.parametrize("command", ["summarize", "sentences"])
def test_output_file_gets_what_stdout_would(tmp_path: Path, command: str) -> None:
    extra = ("--no-translate", "-f", "json") if command == "summarize" else ()
    _, expected, _ = _run(command, *extra, str(SEED))
    target = tmp_path / "out" / "result.txt"
    code, out, err = _run(command, *extra, "-o", str(target), str(SEED))
    assert code == 0, err
    assert out == ""
    assert target.read_text(encoding="utf-8") == expected
    assert not list(target.parent.glob(".*.tmp"))  # written through a renamed temporary file


def test_output_file_is_left_alone_when_every_input_fails(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_text("yesterday", encoding="utf-8")
    code, _, _ = _run(*NO_MT, "-f", "plain", "-o", str(target), str(tmp_path / "missing.txt"))
    assert code == 1
    assert target.read_text(encoding="utf-8") == "yesterday"


def test_translate_writes_its_output_file(tmp_path: Path, random_marian_lock: Path) -> None:
    target = tmp_path / "english.txt"
    args = ("translate", "--engine", "transformers", "--lock", str(random_marian_lock))
    code, out, err = _run(*args, "-o", str(target), "-", stdin="Harga beras naik.\n")
    assert code == 0, err
    assert out == ""
    assert target.read_text(encoding="utf-8").strip()


def test_translate_of_empty_input_says_nothing_to_translate() -> None:
    code, _, err = _run("translate", "-", stdin="  \n")
    assert code == 1
    assert err.strip() == "Error: <stdin>: empty input, nothing to translate"


def test_text_option_summarises_a_string() -> None:
    code, out, err = _run(*NO_MT, "-f", "json", "--text", SEED_TEXT)
    assert code == 0, err
    report = json.loads(out)
    assert (report["source"], report["id"]) == ("<text>", "text")
    assert report["summary"] == json.loads(_run(*NO_MT, "-f", "json", str(SEED))[1])["summary"]


def test_nothing_to_summarise_is_a_usage_error() -> None:
    code, _, err = _run(*NO_MT)
    assert code == 2
    assert "nothing to summarise: give files, folders, globs, '-' or --text" in err


# --- colour and terminal ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # no-color.org: set *and* non-empty
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"TERM": "dumb"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),  # a flag beats the environment
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_colour_decision(choice: str, env: dict[str, str], tty: bool, expected: bool) -> None:
    assert wants_color(choice, is_tty=tty, env=env) is expected


def test_color_always_reaches_a_pipe_and_no_color_is_an_alias() -> None:
    always = _run(*NO_MT, "-f", "rich", "--color", "always", str(SEED))[1]
    assert ESCAPE in always
    assert ESCAPE not in _run(*NO_MT, "-f", "rich", "--no-color", str(SEED))[1]
    assert ESCAPE not in _run(*NO_MT, "-f", "rich", "--color", "never", str(SEED))[1]
    forced = _run(*NO_MT, "-f", "rich", str(SEED), env={"FORCE_COLOR": "1"})[1]
    assert ESCAPE in forced


@pytest.mark.parametrize("command", ["summarize", "sentences", "translate", "digest", "info"])
def test_every_output_command_takes_color(command: str) -> None:
    assert "--color" in _run(command, "--help")[1]


def _report(title: str, quote: str, translation: str | None) -> Report:
    return Report(
        id="x",
        source="x.txt",
        title=title,
        sentences_total=1,
        summary=(SummaryItem(index=0, text="Satu dua tiga.", score=1.0, translation="One."),),
        quotes=(
            Quote(
                text=quote,
                speaker="Andi",
                role=None,
                cue="kata",
                sentence_index=0,
                translation=translation,
            ),
        ),
        method="rank",
        signature="s",
    )


def test_a_title_cut_at_a_narrow_width_ends_with_an_ellipsis() -> None:
    title = "Putin Dan Kim Jong-un Bertemu Pertama Kalinya di Rusia Untuk Membahas Kerja Sama"
    out = render_panels(_report(title, "Kami siap", None), RenderOptions(width=40))
    first = out.splitlines()[0]
    assert "…" in first
    assert len(first) == 40


def test_bilingual_quotes_give_each_language_its_own_marks() -> None:
    report = _report("Judul", "Kami siap bekerja", "We are ready to work")
    out = render_panels(report, RenderOptions(width=80, bilingual=True))
    assert "“We are ready to work”" in out
    assert "“Kami siap bekerja”" in out


def test_no_progress_line_for_a_single_input(tmp_path: Path) -> None:
    leader, follower = pty.openpty()  # stderr is a terminal: progress would show there
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ringkas", *NO_MT, "-f", "json", str(SEED)],
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            check=False,
        )
        os.set_blocking(leader, False)
        try:
            err = os.read(leader, 65536).decode()
        except BlockingIOError:
            err = ""
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0
    assert "inputs read" not in err


# --- help and options ------------------------------------------------------------------------

COMMANDS = [
    ["summarize"],
    ["sentences"],
    ["translate"],
    ["digest"],
    ["info"],
    ["config", "path"],
    ["config", "show"],
    ["cache", "clear"],
    ["models", "list"],
    ["models", "pull"],
    ["models", "convert"],
    ["models", "verify"],
    ["models", "path"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_names_values_not_python_types(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0
    for python in ("<list[", "range>", "<str>", "<int>", "<float>", "<path>", "<file>"):
        assert python not in out, (python, out)
    assert not re.search(r"\{\w+\}\.\.\.", out), out  # Typer's "{paths}..."


def test_help_and_readme_agree_on_what_folders_yield() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("summarize", "sentences", "translate", "digest"):
        help_text = " ".join(_run(command, "--help")[1].split())
        assert ".txt, .md, .html and .htm" in help_text, command
    assert "`.txt`, `.md`, `.html` and `.htm`" in readme


def test_an_invalid_value_names_its_option(tmp_path: Path) -> None:
    code, _, err = _run(*NO_MT, "--quotes", "lots", str(SEED))
    assert code == 2
    assert "Invalid value for '--quotes': 'lots' is not a number or 'all'" in err
    out = str(tmp_path / "d.md")
    code, _, err = _run("digest", str(tmp_path), "--out", out, "--since", "yesterday")
    assert code == 2
    assert "Invalid value for '--since': 'yesterday' is not a number and a unit" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-n", "2", "--ratio", "0.5", "--words", "10"), "--sentences, --ratio and --words do"),
        (("--ratio", "0.5", "--words", "10"), "--ratio and --words do not go together"),
        (("--bilingual", "--no-translate"), "--bilingual and --no-translate do not go"),
        (("--bilingual", "--translate", "never"), "--bilingual and --translate never do not"),
    ],
)
def test_conflicting_options_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    code, out, err = _run("summarize", *args, str(SEED))
    assert (code, out) == (2, "")
    assert message in err


def test_shell_completion_is_on() -> None:
    assert "--install-completion" in _run("--help")[1]
    env = {"_RINGKAS_COMPLETE": "complete_bash", "COMP_WORDS": "ringkas summ", "COMP_CWORD": "1"}
    script = Path(sys.executable).with_name("ringkas")  # the console script a shell runs
    done = subprocess.run(
        [str(script)], capture_output=True, text=True, env={**os.environ, **env}, timeout=60
    )
    assert done.stdout.split() == ["summarize"]


# --- settings --------------------------------------------------------------------------------


def _config(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "ringkas.toml"
    path.write_text(text, encoding="utf-8")
    return {"RINGKAS_CONFIG": str(path)}


def test_config_sets_defaults_and_flags_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _config(tmp_path, 'sentences = 1\nquotes = 0\nformat = "json"\n')
    monkeypatch.setenv("RINGKAS_CONFIG", env["RINGKAS_CONFIG"])
    report = json.loads(_run(*NO_MT, str(SEED))[1])
    assert (len(report["summary"]), report["quotes"]) == (1, [])
    report = json.loads(_run(*NO_MT, "-n", "2", "--quotes", "1", str(SEED))[1])
    assert (len(report["summary"]), len(report["quotes"])) == (2, 1)


def test_config_length_does_not_conflict_with_a_length_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGKAS_CONFIG", _config(tmp_path, "sentences = 1\n")["RINGKAS_CONFIG"])
    code, out, err = _run(*NO_MT, "-f", "json", "--words", "60", str(SEED))
    assert code == 0, err
    summary = json.loads(out)["summary"]
    assert len(summary) > 1  # the flag's length in words, not the config's one sentence
    assert sum(len(s["text"].split()) for s in summary) <= 60


def test_environment_beats_config_colour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RINGKAS_CONFIG", _config(tmp_path, 'color = "always"\n')["RINGKAS_CONFIG"])
    assert ESCAPE in _run(*NO_MT, "-f", "rich", str(SEED))[1]
    assert ESCAPE not in _run(*NO_MT, "-f", "rich", str(SEED), env={"NO_COLOR": "1"})[1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sentence = 2\n", "unknown key 'sentence' (did you mean 'sentences'?)"),
        ('quotes = "lots"\n', 'quotes = "lots": use a whole number >= 0 or "all".'),
        ("[digest]\nsince = 3\n", "digest.since = 3: use a number and a unit"),
        ("[digest]\nsnce = '2d'\n", "unknown key 'digest.snce' (did you mean 'since'?)"),
        ("sentences = \n", "not valid TOML"),
    ],
)
def test_a_bad_config_is_one_line_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    done = _ringkas(*NO_MT, str(SEED), env=_config(tmp_path, text))
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(f"Error: {tmp_path / 'ringkas.toml'}: ")
    assert message in line


def test_config_path_and_show(tmp_path: Path, ringkas_home: Path) -> None:
    assert _run("config", "path")[1] == f"{ringkas_home / 'config.toml'}\n"
    env = _config(tmp_path, "sentences = 2\n[digest]\nsince = '2d'\n")
    assert _run("config", "path", env=env)[1] == f"{env['RINGKAS_CONFIG']}\n"
    shown = _run("config", "show", env=env)[1]
    assert "\nsentences = 2\n" in shown
    assert "\n# quotes = 3  (built-in)\n" in shown
    assert "\n[digest]\n" in shown
    assert '\nsince = "2d"\n' in shown


def test_info_lists_engines_models_folders_and_config(ringkas_home: Path) -> None:
    code, out, _ = _run("info", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["version"]
    assert info["python"]
    assert set(info["engines"]) == {"transformers", "ctranslate2"}
    assert [m["name"] for m in info["models"]] == ["translate.id-en"]
    assert info["models"][0]["status"] in ("missing", "verified", "mismatch")
    folders = {f["what"]: f for f in info["folders"]}
    assert folders["config file"]["path"] == str(ringkas_home / "config.toml")
    assert folders["digest state"]["path"] == str(ringkas_home / "digest")
    assert "translation cache" in folders
    assert "language model cache" in folders
    text = _run("info")[1]
    assert "Files and folders ringkas writes:" in text
    assert f"Config file: {ringkas_home / 'config.toml'}" in text


def test_cache_clear_removes_what_it_says(ringkas_home: Path) -> None:
    cache = ringkas_home / "cache"
    (cache / "language").mkdir(parents=True)
    (cache / "language" / "model.bin").write_bytes(b"x" * 100)
    (cache / "translations.sqlite3").write_bytes(b"y" * 10)
    state = ringkas_home / "digest"
    state.mkdir()
    (state / "state-abc.json").write_text("{}", encoding="utf-8")
    code, out, _ = _run("cache", "clear", "--translations")
    assert code == 0
    assert out == f"Removed translations: {cache / 'translations.sqlite3'} (10 B)\n"
    assert (cache / "language").exists()
    assert _run("cache", "clear")[0] == 0
    assert not (cache / "language").exists()
    assert state.exists()  # the digest's memory goes only when asked
    assert "Removed digest state" in _run("cache", "clear", "--state")[1]
    assert not state.exists()


def test_digest_state_moves_from_the_config_folder(tmp_path: Path) -> None:
    from ringkas.digest.state import default_state_path
    from ringkas.settings import Settings

    settings = Settings(
        home=tmp_path / "config", cache_dir=tmp_path / "cache", lock_path=None,
        state_dir=tmp_path / "state",
    )  # fmt: skip
    out = tmp_path / "digests"
    new = default_state_path(settings, out)
    assert new.parent == tmp_path / "state" / "digest"
    old = tmp_path / "config" / "digest" / new.name
    old.parent.mkdir(parents=True)
    old.write_text('{"records": {}}', encoding="utf-8")
    assert default_state_path(settings, out) == new
    assert new.read_text(encoding="utf-8") == '{"records": {}}'
    assert not old.exists()


def test_models_list_json_and_plain_rows() -> None:
    code, out, _ = _run("models", "list", "--json")
    assert code == 0
    [row] = json.loads(out)
    assert set(row) == {"name", "model", "status", "size", "folder"}
    plain = _run("models", "list")[1]
    assert plain.startswith("translate.id-en\t")  # no header when piped


def test_digest_out_without_suffix_is_a_new_folder(tmp_path: Path) -> None:
    _articles(tmp_path / "in", 1)
    out = tmp_path / "newdigests"
    code, _, err = _run("digest", str(tmp_path / "in"), "--out", str(out), "--translate", "never")
    assert code == 0, err
    [written] = out.iterdir()
    assert re.fullmatch(r"ringkas-\d{4}-\d{2}-\d{2}\.md", written.name)


def test_digest_exclude_skips_matching_files(tmp_path: Path) -> None:
    folder = _articles(tmp_path / "in", 2)
    (folder / "a1.txt").rename(folder / "draft-a1.txt")
    out = tmp_path / "d.json"
    args = ("digest", str(folder), "--out", str(out), "--translate", "never")
    code, _, err = _run(*args, "--exclude", "draft-*", "--exclude", "nothing/*")
    assert code == 0, err
    digest = out.read_text(encoding="utf-8")
    assert "a0.txt" in digest
    assert "draft-a1.txt" not in digest


# --- the digest a newsroom reads -------------------------------------------------------------

QUOTED = (
    "KPU Tetapkan Jadwal Pilkada\n\n"
    "Komisi Pemilihan Umum menetapkan jadwal pemungutan suara pilkada serentak pada bulan "
    "November. Tahapan pendaftaran calon dibuka pekan depan.\n\n"
    '"Semua tahapan sudah kami susun dengan cermat," ujar Ketua KPU, Siti Rahma.'
)


def _digest_page(tmp_path: Path, fmt: str) -> str:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kpu.txt").write_text(QUOTED, encoding="utf-8")
    (folder / "seed.txt").write_text(SEED_TEXT, encoding="utf-8")
    out = tmp_path / f"d.{fmt}"
    code, _, err = _run("digest", str(folder), "--out", str(out), "--translate", "never")
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_html_digest_has_contents_lang_and_no_quote_twice(tmp_path: Path) -> None:
    page = _digest_page(tmp_path, "html")
    nav = page.split('<nav class="contents"', 1)[1].split("</nav>", 1)[0]
    assert nav.count('<a href="#story-') == 2
    assert '<article id="story-1">' in page
    assert '<article id="story-2">' in page
    # untranslated Indonesian is marked as such on an English page
    assert '<html lang="en">' in page
    assert '<h2 lang="id">' in page
    assert "<li>" not in page.split("<main>", 1)[1].split("</nav>", 1)[1]  # every bullet: id
    # the KPU quote is a summary sentence: one bullet, no second block
    assert page.count("Semua tahapan sudah kami susun dengan cermat") == 1


def test_markdown_digest_contents_link_to_entries(tmp_path: Path) -> None:
    text = _digest_page(tmp_path, "md")
    assert "**Contents**\n\n1. [" in text
    assert "](#story-1)\n2. [" in text
    assert '<a id="story-2"></a>' in text


PAGE = """<!DOCTYPE html><html lang="id"><head><title>Banjir Melanda Jakarta Utara</title>
<link rel="canonical" href="{url}"></head><body><article><h1>Banjir Melanda Jakarta Utara</h1>
<p>Banjir setinggi satu meter melanda kawasan Jakarta Utara pada Senin pagi setelah hujan deras
sepanjang malam. Ratusan rumah di Penjaringan dan Pluit terendam air.</p>
<p>Warga diungsikan ke masjid dan sekolah terdekat. Dinas Sosial membuka dapur umum di tiga
lokasi untuk para pengungsi yang kehilangan tempat tinggal.</p></article></body></html>"""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.id/banjir?id=1&x=2", "https://news.example.id/banjir?id=1&amp;x=2"),
        ('https://news.example.id/a"><script>', "https://news.example.id/a%22%3E%3Cscript%3E"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("/local/banjir.html", None),
    ],
)
def test_digest_links_to_the_original_only_over_http(
    tmp_path: Path, url: str, expected: str | None
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    page_html = PAGE.format(url=html.escape(url))  # as a page writes it in an attribute
    (folder / "banjir.html").write_text(page_html, encoding="utf-8")
    (folder / "seed.txt").write_text(SEED_TEXT, encoding="utf-8")  # a local file: no link
    out = tmp_path / "d.html"
    code, _, err = _run("digest", str(folder), "--out", str(out), "--translate", "never")
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]*)" rel="noopener noreferrer">original</a>', page)
    assert links == ([expected] if expected else [])
    assert "<script>" not in page
    assert "javascript:" not in page


def test_jsonl_url_field_is_kept_when_http() -> None:
    import io

    from ringkas.sources import read_jsonl

    records = [
        {"id": "a", "text": SHORT, "url": "https://news.example.id/a"},
        {"id": "b", "text": SHORT, "url": "javascript:alert(1)"},
        {"id": "c", "text": SHORT},
    ]
    stdin = io.BytesIO("".join(json.dumps(r) + "\n" for r in records).encode())
    urls = [getattr(item, "url", "failed") for item in read_jsonl("-", stdin)]
    assert urls == ["https://news.example.id/a", None, None]


def test_markdown_digest_links_the_original(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    url = "https://news.example.id/banjir"
    (folder / "banjir.html").write_text(PAGE.format(url=url), encoding="utf-8")
    out = tmp_path / "d.md"
    assert _run("digest", str(folder), "--out", str(out), "--translate", "never")[0] == 0
    assert f"Sources: `{folder / 'banjir.html'}` · [original](<{url}>)" in out.read_text("utf-8")
