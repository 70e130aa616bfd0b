"""One copy of each word list: every module that reads a kind of word or mark reads the same one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ringkas.furniture import furniture_reason
from ringkas.lexicon import (
    BYLINE_LABELS,
    CUE_FORMS,
    MARKED_DATELINE,
    MONTH_ABBREVIATIONS,
    QUOTE_MARKS,
    SPLITTER_ATTRIBUTION_VERBS,
)
from ringkas.quotes import find_quotes
from ringkas.segment import split_sentences
from ringkas.summary import is_boilerplate, quote_fragments, strip_dateline

ROOT = Path(__file__).resolve().parent.parent
TEXT_ANALYSIS = ("segment", "summary", "quotes", "speakers", "furniture")

# Opening and closing marks as Indonesian sites, German and French texts and wires write them.
QUOTE_PAIRS = [('"', '"'), ("“", "”"), ("”", "”"), ("„", "“"), ("‟", "”"), ("«", "»")]


@pytest.mark.parametrize(("opens", "closes"), QUOTE_PAIRS)
def test_every_double_quote_mark_is_a_quote_to_splitter_finder_and_summarizer(
    opens: str, closes: str
) -> None:
    text = (
        "Budi Santoso berbicara di depan warga.\n\n"
        f"{opens}Kami siap bekerja. Kami tidak akan mundur,{closes} kata Budi Santoso."
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Budi Santoso berbicara di depan warga.",
        f"{opens}Kami siap bekerja.",
        f"Kami tidak akan mundur,{closes} kata Budi Santoso.",
    ]
    quotes = find_quotes(text, sentences)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Kami siap bekerja. Kami tidak akan mundur", "Budi Santoso")
    ]
    # both halves of the quote are pieces of it, so neither stands alone in a summary
    assert quote_fragments(sentences) == [False, True, True]


@pytest.mark.parametrize("month", sorted(MONTH_ABBREVIATIONS))
def test_month_abbreviations_are_known_to_the_splitter_and_the_date_line_check(
    month: str,
) -> None:
    name = month.capitalize()
    assert furniture_reason(f"Selasa, 16 {name} 2015 14:05 WIB") == "date"
    text = f"Kontrak itu diteken pada 5 {name}. 2019 di Jakarta."
    assert [s.text for s in split_sentences(text)] == [text]


@pytest.mark.parametrize("label", sorted(BYLINE_LABELS))
def test_a_byline_is_furniture_to_extraction_and_boilerplate_to_the_summarizer(label: str) -> None:
    line = f"{label.capitalize()}: Budi Santoso"
    assert furniture_reason(line) == "byline"
    assert is_boilerplate(line)


def test_the_splitters_short_cue_words_are_cues_to_the_quote_finder() -> None:
    # The splitter's list is its own (see lexicon.py), but a bare or -nya cue it trusts after
    # '"…?"' must be one the quote finder attributes with, or the two disagree on one quote.
    short = {w for w in SPLITTER_ATTRIBUTION_VERBS if not w.startswith(("me", "ber"))}
    assert short <= CUE_FORMS


def test_a_lone_outlet_is_a_dateline_only_at_the_start_of_an_article() -> None:
    assert strip_dateline("Rimanews - Penyidik KPK memeriksa saksi.") == (
        "Penyidik KPK memeriksa saksi."
    )
    # the speaker resolver reads every sentence: it needs the comma, bracket or domain
    assert MARKED_DATELINE.match("Rimanews - Penyidik KPK memeriksa saksi.") is None
    assert MARKED_DATELINE.match("Anak - anak bermain di taman.") is None
    for marked in ("JAKARTA, KOMPAS — ", "Kuta (ANTARA News) - ", "Suara.com - "):
        assert MARKED_DATELINE.sub("", marked + "Ketua DPR hadir.") == "Ketua DPR hadir."


@pytest.mark.parametrize("outlet", ["Suara.com", "Kumparan.co", "Okezone.net", "Tempo.id"])
def test_an_outlets_domain_marks_a_dateline_for_summarizer_and_speaker_resolver(
    outlet: str,
) -> None:
    text = f"{outlet} - Ketua DPR hadir."
    assert strip_dateline(text) == MARKED_DATELINE.sub("", text) == "Ketua DPR hadir."


def _string_literals(module: str) -> list[tuple[int, str]]:
    """Every string literal of a module's code (docstrings left out), with its line."""
    tree = ast.parse((ROOT / "ringkas" / f"{module}.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


@pytest.mark.parametrize("module", TEXT_ANALYSIS)
def test_quote_marks_are_written_down_only_in_the_lexicon(module: str) -> None:
    # Marks that are nothing but quotes: ’ is also the apostrophe in names (Jum’at), ‘…’ pairs
    # an inner quote, and » › separate menu items ("Berita › Nasional").
    typographic = set(QUOTE_MARKS) - set("\"'‘’»›")
    assert typographic >= set("“”„‟«")
    written = [(line, s) for line, s in _string_literals(module) if typographic & set(s)]
    assert written == [], f"ringkas/{module}.py writes quote marks: import them from the lexicon"
