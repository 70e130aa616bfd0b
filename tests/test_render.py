"""Every output format of the seed against its golden file, plus the JSON contract."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from ringkas.document import Report
from ringkas.pipeline import Options, build_report, translate_reports
from ringkas.render import RENDERERS, RenderOptions, choose_format, get_renderer
from ringkas.sources import read_article
from tests.conftest import SEED, FakeTranslator

SUFFIX = {"plain": "txt", "markdown": "md", "json": "json", "jsonl": "jsonl", "rich": "rich.txt"}
FIXED = RenderOptions(width=88, color=False)


def _seed_report(translated: bool) -> Report:
    with SEED.open("rb") as handle:
        article = read_article(str(SEED.relative_to(SEED.parent.parent)), handle)
    report = build_report(article, Options())
    return translate_reports([report], FakeTranslator())[0] if translated else report


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_seed_matches_golden(fmt: str, golden: Callable[[str, str], None]) -> None:
    golden(f"seed.{SUFFIX[fmt]}", get_renderer(fmt)(_seed_report(translated=True), FIXED))


@pytest.mark.parametrize("fmt", ["plain", "markdown"])
def test_seed_untranslated_matches_golden(fmt: str, golden: Callable[[str, str], None]) -> None:
    golden(f"seed.id.{SUFFIX[fmt]}", get_renderer(fmt)(_seed_report(translated=False), FIXED))


@pytest.mark.parametrize("fmt", ["plain", "markdown", "rich"])
def test_bilingual_shows_source_under_translation(fmt: str) -> None:
    report = _seed_report(translated=True)
    out = get_renderer(fmt)(report, RenderOptions(width=200, bilingual=True))
    first = report.summary[0]
    assert first.translation is not None
    english_at = out.index(first.translation[5:45])  # past the fake's "[en] " tag
    assert out.index(first.text[:40], english_at + 1) > english_at


def test_json_contract_fields_and_order() -> None:
    data = json.loads(get_renderer("json")(_seed_report(translated=True), FIXED))
    assert data["schema"] == 1
    assert set(data) >= {"schema", "id", "source", "title", "sentences_total", "summary"}
    assert set(data) >= {"quotes", "flags", "signature"}
    assert [s["index"] for s in data["summary"]] == sorted(s["index"] for s in data["summary"])
    for item in data["summary"]:
        assert set(item) >= {"index", "text", "score", "translation"}
    for quote in data["quotes"]:
        assert set(quote) >= {
            "text",
            "speaker",
            "speaker_confidence",
            "role",
            "cue",
            "sentence_index",
            "translation",
        }
    assert data["signature"].startswith("ringkas:")


def test_jsonl_is_one_line_per_report() -> None:
    out = get_renderer("jsonl")(_seed_report(translated=False), FIXED)
    assert out.count("\n") == 1
    assert json.loads(out)["summary"][0]["translation"] is None


def test_rich_without_color_has_no_escape_codes() -> None:
    out = get_renderer("rich")(_seed_report(translated=True), FIXED)
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= FIXED.width


def test_rich_with_color_uses_escape_codes() -> None:
    out = get_renderer("rich")(_seed_report(translated=True), RenderOptions(width=88, color=True))
    assert "\x1b[" in out


@pytest.mark.parametrize(
    ("requested", "tty", "expected"),
    [("auto", True, "rich"), ("auto", False, "plain"), ("json", True, "json")],
)
def test_choose_format(requested: str, tty: bool, expected: str) -> None:
    assert choose_format(requested, stdout_is_tty=tty) == expected


def test_quote_marks_of_the_source_survive_translation() -> None:
    report = _seed_report(translated=True)
    nested = [q for q in report.quotes if q.text.endswith("'")]
    assert nested, "the seed's Pompeo quote ends in a nested quote"
    assert all((q.translation or "").endswith("'") for q in nested)


def test_cli_format_choices_match_the_registry() -> None:
    from ringkas.cli.options import Format

    assert {f.value for f in Format} == {"auto", *RENDERERS}
