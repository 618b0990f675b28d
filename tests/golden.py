"""Regenerate the golden Markdown: `make golden` (then review the diff in git).

The golden files are what the templates produce for tests/fixtures/basic,
compared byte for byte by test_render.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.pipeline import check_content
from generator.render import render_site
from generator.templating import RenderCaches

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "basic"
GOLDEN = TESTS / "golden" / "basic"
TEMPLATES = TESTS.parent / "site_templates" / "pages"


def rendered_pages(caches: RenderCaches | None = None) -> dict[str, str]:
    result = check_content(FIXTURE)
    assert result.briefing is not None, result.problems
    return {page.path: page.markdown for page in render_site(result.briefing, TEMPLATES, caches=caches).pages}


def main() -> None:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for path, markdown in rendered_pages().items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    print(f"Wrote {GOLDEN.relative_to(TESTS.parent)}/")


if __name__ == "__main__":
    main()
