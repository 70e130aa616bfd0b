"""translate_reports without a model: one batched call across documents, refused sentences
flagged, quotes unquoted, and --full paragraphs in every format."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ringkas.document import Flag
from ringkas.pipeline import Options, build_report, translate_reports
from ringkas.render import RenderOptions, get_renderer
from tests.conftest import FakeTranslator, article

FIRST = article(
    "Harga beras naik tajam. Pemerintah menambah impor.",
    '"Kami siap menghadapi lonjakan harga," kata Menteri Perdagangan Budi Santoso.',
    title="Harga Beras Naik",
    id="a",
)
SECOND = article("Hujan deras melanda Jakarta. Banjir merendam ratusan rumah.", id="b")


class QuotingTranslator(FakeTranslator):
    """Wraps outputs in quote marks, as MarianMT sometimes does, and refuses one sentence."""

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.calls.append(list(texts))
        return ["" if "Banjir" in t else f"“EN {t}”" for t in texts]


def test_one_call_for_all_documents_sorted_and_unique() -> None:
    reports = [build_report(a, Options(quotes=None)) for a in (FIRST, SECOND, FIRST)]
    translator = FakeTranslator()
    translate_reports(reports, translator)
    assert len(translator.calls) == 1
    (texts,) = translator.calls
    assert texts == sorted(set(texts), key=lambda t: (len(t), t))
    assert "Hujan deras melanda Jakarta." in texts
    assert "Harga Beras Naik" in texts


def test_refusals_are_flagged_and_quote_marks_stripped() -> None:
    options = Options(quotes=None, full=True)
    first, second = translate_reports(
        [build_report(FIRST, options), build_report(SECOND, options)], QuotingTranslator()
    )
    assert Flag.TRANSLATION_FAILED not in first.flags
    assert first.quotes
    assert first.quotes[0].translation == f"EN {first.quotes[0].text}"
    assert Flag.TRANSLATION_FAILED in second.flags
    assert second.paragraphs[0].translations == ("“EN Hujan deras melanda Jakarta.”", None)
    plain = get_renderer("plain")(first, RenderOptions())
    assert f'- "EN {first.quotes[0].text}"' in plain


def test_full_text_in_every_format() -> None:
    (report,) = translate_reports([build_report(FIRST, Options(full=True))], FakeTranslator())
    assert [p.sentences for p in report.paragraphs] == [
        ("Harga beras naik tajam.", "Pemerintah menambah impor."),
        ('"Kami siap menghadapi lonjakan harga," kata Menteri Perdagangan Budi Santoso.',),
    ]
    both = RenderOptions(bilingual=True, width=100)
    plain = get_renderer("plain")(report, RenderOptions())
    assert "[en] Harga beras naik tajam. [en] Pemerintah menambah impor.\n" in plain
    plain_both = get_renderer("plain")(report, both)
    assert "[en] Harga beras naik tajam.\n  Harga beras naik tajam.\n" in plain_both
    markdown = get_renderer("markdown")(report, both)
    assert "**Full text**" in markdown
    assert "\\[en\\] Pemerintah menambah impor.\\\n*Pemerintah menambah impor.*" in markdown
    rich = get_renderer("rich")(report, both)
    assert "Full text" in rich
    assert "Pemerintah menambah impor." in rich
    data = json.loads(get_renderer("json")(report, RenderOptions()))
    assert data["paragraphs"][0][1] == {
        "text": "Pemerintah menambah impor.",
        "translation": "[en] Pemerintah menambah impor.",
    }
    untranslated = json.loads(get_renderer("json")(build_report(FIRST, Options()), RenderOptions()))
    assert "paragraphs" not in untranslated  # schema 1 stays as it was without --full


def test_an_untranslated_sentence_is_marked_where_it_stands_in_every_format() -> None:
    options = Options(quotes=None, full=True)
    (report,) = translate_reports([build_report(SECOND, options)], QuotingTranslator())
    failed = "Banjir merendam ratusan rumah."
    assert report.model is not None
    plain = get_renderer("plain")(report, RenderOptions())
    assert f"[not translated] {failed}" in plain
    markdown = get_renderer("markdown")(report, RenderOptions())
    assert f"\\[not translated\\] {failed}" in markdown
    rich = get_renderer("rich")(report, RenderOptions(color=True, width=200))
    assert f"\x1b[2;3m[not translated] {failed}" in rich  # dim italic
    data = json.loads(get_renderer("json")(report, RenderOptions()))
    items = {item["text"]: item for item in data["summary"]}
    assert items[failed]["translation"] is None
    assert items[failed]["translation_failed"] is True
    assert "translation_failed" not in items["Hujan deras melanda Jakarta."]
    assert data["paragraphs"][0][1] == {
        "text": failed,
        "translation": None,
        "translation_failed": True,
    }
    # Without a translator (--no-translate) nothing is marked: nothing was attempted.
    plain_source = get_renderer("plain")(build_report(SECOND, options), RenderOptions())
    assert "[not translated]" not in plain_source
