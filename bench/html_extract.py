"""Measure trafilatura's options and ringkas's furniture filter on saved news pages.

    python bench/html_extract.py ../shared/eval/html_dev

For each option set, with ringkas's filter (ringkas.html.extract_article) and without it
(trafilatura alone), on every page of DIR/manifest.jsonl: clean pages (every must_contain
passage in, no must_not_contain string), leaked strings, and word recall / precision against
the hand-checked `*_expectation.txt` (multiset overlap of lower-cased words). In-process, so it
scores the extractor only; `score_html.py` scores the whole command.
"""

from __future__ import annotations

import argparse
import html as htmllib
import json
import re
import sys
from collections import Counter
from pathlib import Path

from ringkas.html import TRAFILATURA_OPTIONS, extract_article

VARIANTS = {
    "default (ringkas)": {},
    "favor_precision": {"favor_precision": True},
    "favor_recall": {"favor_recall": True},
    "include_images": {"include_images": True},
    "include_tables": {"include_tables": True},
    "include_comments": {"include_comments": True},
}


def _norm(text: str) -> str:
    text = htmllib.unescape(text).replace("\u200e", "").replace("\u00a0", " ")
    text = re.sub("[“”„]", '"', text)
    text = re.sub("[‘’]", "'", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def _raw(page: str, options: dict[str, bool]) -> str:
    import trafilatura

    document = trafilatura.bare_extraction(page, with_metadata=True, **options)
    return getattr(document, "text", None) or ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    manifest = [json.loads(line) for line in (args.folder / "manifest.jsonl").open()]
    print(f"{'variant':<22} {'filter':<9} clean  leaked missing  recall precision")
    for name, change in VARIANTS.items():
        options = {**TRAFILATURA_OPTIONS, **change}
        for filtered in (True, False):
            clean = leaked = missing = 0
            overlap = got_n = want_n = 0
            for item in manifest:
                page = (args.folder / item["file"]).read_text(encoding="utf-8", errors="replace")
                want = (args.folder / item["file"].replace(".html", "_expectation.txt")).read_text(
                    encoding="utf-8"
                )
                text = extract_article(page, options).text if filtered else _raw(page, options)
                norm = _norm(text)
                miss = [s for s in item["must_contain"] if _norm(s) not in norm]
                leak = [s for s in item["must_not_contain"] if _norm(s) in norm]
                clean += not miss and not leak
                leaked += len(leak)
                missing += len(miss)
                got, expected = _words(text), _words(want)
                overlap += sum((got & expected).values())
                got_n += sum(got.values())
                want_n += sum(expected.values())
            recall, precision = overlap / want_n, overlap / max(got_n, 1)
            print(
                f"{name:<22} {'ringkas' if filtered else 'none':<9} {clean}/{len(manifest)}"
                f"  {leaked:>6} {missing:>7}  {recall:6.3f} {precision:9.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
