"""Pages of headings and HTML blocks: MkDocs reads the headings only, and the page comes out the same.

The build gives Python-Markdown only a page's headings and puts the HTML
blocks back itself (`generator.html_blocks`). For every such page of the
fixture briefings, the seed briefing, the hostile one and a synthetic one,
that must give exactly the HTML Python-Markdown makes of the whole page
(which is what plain `mkdocs build` does with `render --out`).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
from markdown.extensions.toc import slugify
import pytest
from mkdocs.structure.pages import _ExtractTitleTreeprocessor
from mkdocs.utils.meta import get_data

from generator import html_blocks
from generator.boundary import BuildRequest
from generator.escape import md_html
from generator.pipeline import check_content
from generator.render import render_site
from generator.resources import find_resources
from generator.site import build
from benchmarks.run import prepare_mkdocs_alone
from benchmarks.synthetic import write_briefing

from .conftest import FIXTURES, PROJECT

TEMPLATES = find_resources().pages


def _converter() -> markdown.Markdown:
    """Python-Markdown as the site's mkdocs.yml sets it up (the extensions that make the pages)."""
    return markdown.Markdown(extensions=["tables", "toc"], extension_configs={"toc": {"permalink": True}})


def _pages(content: Path, compiled):
    result = check_content(content)
    assert result.briefing is not None, result.problems
    return render_site(result.briefing, TEMPLATES, caches=compiled.render()).pages


def _compare(content: Path, compiled) -> set[str]:
    """The kinds of page of `content` written as HTML blocks; fails on the first that differs."""
    seen = set()
    for page in _pages(content, compiled):
        if not page.meta.html_blocks:
            continue
        seen.add(page.meta.kind)
        body, _ = get_data(page.markdown)  # as MkDocs reads it: the front matter apart
        whole = _converter().convert(body)
        split = html_blocks.split(body)
        converter = _converter()
        title = _ExtractTitleTreeprocessor()  # how MkDocs finds a page's title
        title._register(converter)
        headings = converter.convert(split.markdown)
        assert split.assemble(headings) == whole, page.path
        written = html_blocks.write_headings(split.headings, slugify, "Permanent link")
        assert (written.html, written.toc_tokens, written.title) == (headings, converter.toc_tokens, title.title), page.path
        assert written.ids == set(re.findall(r'<h[1-6] id="([^"]+)"', headings)), page.path
    return seen


@pytest.mark.parametrize("name", ["basic", "reader", "reader-v11", "v11"])
def test_fixture_pages_come_out_as_python_markdown_makes_them(name: str, compiled) -> None:
    assert _compare(FIXTURES / name, compiled)


def test_seed_briefing_pages_come_out_as_python_markdown_makes_them(compiled) -> None:
    assert _compare(PROJECT / "content", compiled)


def test_hostile_pages_come_out_as_python_markdown_makes_them(hostile_briefing, compiled) -> None:
    assert _compare(hostile_briefing.root, compiled)


def test_every_kind_of_page_of_html_blocks_is_compared(tmp_path: Path, compiled) -> None:
    """A synthetic briefing has every kind of page (corrections, history, withdrawals), each compared."""
    write_briefing(tmp_path / "content", 60)
    kinds = _compare(tmp_path / "content", compiled)
    assert kinds == {"home", "list", "corrections", "timeline", "print", "verdict", "claim", "source", "claimant", "topic"}


def test_headings_and_blocks_are_split_at_heading_lines() -> None:
    split = html_blocks.split("<p>a</p>\n\n# Title\n\n<div>\nx #1\n</div>\n## Part\n")
    assert split.headings == ("# Title", "## Part")
    assert split.blocks == ("<p>a</p>\n", "\n<div>\nx #1\n</div>", "")
    assert split.markdown == "# Title\n\n## Part"


def test_blocks_go_back_around_the_converted_headings() -> None:
    split = html_blocks.split("<p>a</p>\n\n# T\n\n<div id=\"x\">b</div>\n\n## U\n<p>c</p>\n")
    assembled = split.assemble('<h1 id="t">T</h1>\n<h2 id="u">U</h2>')
    assert assembled == '<p>a</p>\n\n<h1 id="t">T</h1>\n<div id="x">b</div>\n\n<h2 id="u">U</h2>\n<p>c</p>'
    assert split.anchor_ids() == {"x"}


def test_a_heading_lost_in_conversion_is_an_error() -> None:
    with pytest.raises(ValueError, match="2 headings came back as 1 lines"):
        html_blocks.split("# A\n\n## B").assemble("<h1>A</h1>")


def test_a_hash_starting_a_line_of_markdown_html_cannot_start_a_heading() -> None:
    html = md_html("<pre><code>x = 1\n# a comment\n</code></pre>")
    assert "\n# " not in html and "\n&#35; a comment" in html
    assert html_blocks.split(html).headings == ()


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
_TOC = re.compile(r'<nav class="md-nav md-nav--secondary"(.*?)</nav>\s*</div>\s*</div>\s*</div>', re.DOTALL)
#: the frame's parts the plugin renders once per folder (generator/theme_parts.py)
_SHARED = {
    "header": re.compile(r'<header class="md-header".*?</header>', re.DOTALL),
    "tabs": re.compile(r'<nav class="md-tabs".*?</nav>', re.DOTALL),
    "nav": re.compile(r'<nav class="md-nav md-nav--primary[^"]*".*?</nav>\s*</div>\s*</div>\s*</div>', re.DOTALL),
    "footer": re.compile(r'<footer class="md-footer">.*?</footer>', re.DOTALL),
    "config": re.compile(r'<script id="__config".*?</script>', re.DOTALL),
}


@pytest.mark.slow  # two real builds: plain MkDocs and the full build
def test_plain_mkdocs_makes_the_same_pages_of_render_out(tmp_path: Path, compiled) -> None:
    """`render --out`, built by plain `mkdocs build` (no briefing plugin): every page's text and
    table of contents as the full build makes them (the printable page's sections excepted: the
    plugin adds them to its table of contents, plain MkDocs cannot), and the frame's header, tabs,
    navigation, footer and script configuration, which the full build renders once per folder."""
    content = write_briefing(tmp_path / "briefing", 12)
    config_file = prepare_mkdocs_alone(content, tmp_path)
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    result = subprocess.run([mkdocs, "build", "--quiet", "--strict", "--config-file", str(config_file)],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    build(BuildRequest(content, tmp_path / "site", site_url="http://127.0.0.1:8000/", caches=compiled.build()))
    plain_site, full_site = tmp_path / "site-alone", tmp_path / "site"
    pages = sorted(p.relative_to(full_site) for p in full_site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        full, plain = (full_site / page).read_text(encoding="utf-8"), (plain_site / page).read_text(encoding="utf-8")
        assert _ARTICLE.search(full).group(1) == _ARTICLE.search(plain).group(1), page
        if page.parts[0] != "print":
            assert _TOC.search(full).group(1) == _TOC.search(plain).group(1), page
        for name, part in _SHARED.items():
            assert part.findall(full) == part.findall(plain) != [], (page, name)
