"""The daily digest: one English briefing of the new articles in a folder, safe to run from cron.

- `group`: near-duplicate stories found by text sketches (MinHash LSH), merged into entries;
- `state`: what each source held and when (the state file), and the day's stories (day files);
- `render`: the digest as Markdown, a self-contained HTML page, or versioned JSON;
- `run`: one run as a function, `run(DigestJob) -> DigestResult`: no Typer, no printing.

Only this light module loads with `ringkas --help`; the others load when a digest runs.
"""

import enum


class DigestFormat(enum.StrEnum):
    """Digest file formats (see ringkas.digest.render.DIGEST_RENDERERS)."""

    markdown = "markdown"
    html = "html"
    json = "json"
