"""Stage 3: the model rendered into Markdown pages."""

from __future__ import annotations

import html
import re

import jinja2
import pytest

from generator.addresses import relative_md, relative_url
from generator.model import MarkdownText
from generator.render import NAV, render_site
from generator.templating import archive_lookup, make_environment

from .golden import GOLDEN, TEMPLATES, rendered_pages


def test_pages_match_the_golden_markdown_exactly(compiled):
    pages = rendered_pages(compiled.render())
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(golden), "pages added or removed: run `make golden` and review the diff"
    for path, markdown in pages.items():
        assert markdown == golden[path], f"{path} differs from tests/golden: run `make golden` and review the diff"


def test_rendering_is_deterministic():
    assert rendered_pages() == rendered_pages()


def test_every_address_in_the_contract_has_a_page(briefing, compiled):
    site = render_site(briefing.check().briefing, TEMPLATES, caches=compiled.render())
    paths = {page.path for page in site.pages}
    assert {"index.md", "ratings.md", "corrections.md", "claims/horses-by-train.md", "sources/ap-2022-11-08.md"} <= paths
    assert "claimants/dprk-ministry-of-national-defense.md" in paths
    assert "topics/arms-transfers.md" in paths


def test_navigation_does_not_grow_with_the_claims(briefing, compiled):
    before = render_site(briefing.check().briefing, TEMPLATES, caches=compiled.render()).nav
    for n in range(5):
        briefing.write(f"claims/extra-{n}.yaml", briefing.read("claims/horses-by-train.yaml"))
    assert render_site(briefing.check().briefing, TEMPLATES, caches=compiled.render()).nav == before == NAV


def test_author_text_cannot_become_markup_or_template_code(briefing, compiled):
    hostile = "{{ 7*7 }} {% raw %} <img src=x onerror=alert(1)> [x](javascript:y) | *"
    briefing.replace(
        "claims/horses-by-train.yaml",
        "claim: Russia sent Kim Jong Un a trainload of 30 thoroughbred horses.",
        f"claim: '{hostile} Russia sent'",
    )
    result = briefing.check()
    assert result.ok, result.problems
    page = next(p for p in render_site(result.briefing, TEMPLATES, caches=compiled.render()).pages if p.path == "claims/horses-by-train.md")
    assert "49" not in page.markdown
    for raw in ("{{", "{%", "<img", "[x]", "|  *", "(javascript"):
        assert raw not in page.markdown.split("\n", 1)[0]
    assert page.meta.title == hostile + " Russia sent"


def test_a_markdown_field_printed_as_text_is_a_template_error(tmp_path):
    (tmp_path / "t.md.j2").write_text("{{ text }}")
    env = make_environment(tmp_path)
    with pytest.raises(jinja2.TemplateError, match="use the 'markdown' filter"):
        env.get_template("t.md.j2").render(text=MarkdownText("*hi*"))


def test_printing_none_is_a_template_error(tmp_path):
    (tmp_path / "t.md.j2").write_text("{{ missing_role }}")
    with pytest.raises(jinja2.TemplateError, match="test it with 'if'"):
        make_environment(tmp_path).get_template("t.md.j2").render(missing_role=None)


def test_undefined_names_are_errors(tmp_path):
    (tmp_path / "t.md.j2").write_text("{{ claim.nonexistent }}")
    with pytest.raises(jinja2.UndefinedError):
        make_environment(tmp_path).get_template("t.md.j2").render(claim={})


@pytest.mark.parametrize(
    ("here", "there", "url", "md"),
    [
        ("index.md", "claims/x.md", "claims/x/", "claims/x.md"),
        ("claims/x.md", "sources/y.md", "../../sources/y/", "../sources/y.md"),
        ("claims/x.md", "claims/z.md", "../z/", "z.md"),
        ("ratings.md", "index.md", "../", "index.md"),
        ("claims/index.md", "claims/x.md", "x/", "x.md"),
        ("claims/x.md", "claims/x.md", "./", "x.md"),
    ],
)
def test_relative_addresses(here, there, url, md):
    assert relative_url(here, there) == url
    assert relative_md(here, there) == md


def _source_page(briefing, source_id: str, compiled) -> str:
    result = briefing.check()
    assert result.ok, result.problems
    pages = render_site(result.briefing, TEMPLATES, caches=compiled.render()).pages
    return next(p for p in pages if p.path == f"sources/{source_id}.md").markdown


def _hrefs(markdown: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', markdown)]


def test_a_source_with_an_address_but_no_archived_copy_offers_a_lookup(briefing, compiled):
    page = _source_page(briefing, "newsweek-2022-11-02", compiled)
    assert "https://web.archive.org/web/*/https://example.org/newsweek-fixture" in _hrefs(page)
    assert ">Look for an archived copy</a>" in page
    assert "Archived copy</dt>" not in page  # worded as a search, never as a copy that exists


def test_a_source_with_an_archived_copy_links_to_it_and_offers_no_lookup(briefing, compiled):
    archived = "https://web.archive.org/web/20221102000000/https://example.org/newsweek-fixture"
    url = "url: https://example.org/newsweek-fixture"
    briefing.replace("sources/newsweek-2022-11-02.yaml", url, f"{url}\narchived_url: {archived}")
    page = _source_page(briefing, "newsweek-2022-11-02", compiled)
    assert archived in _hrefs(page)
    assert "Look for an archived copy" not in page


def test_a_source_without_an_address_offers_no_lookup(briefing, compiled):
    assert "web.archive.org" not in _source_page(briefing, "ap-2022-11-08", compiled)


@pytest.mark.parametrize(
    "url, lookup",
    [
        ("https://example.org/a/b", "https://web.archive.org/web/*/https://example.org/a/b"),
        ("https://example.org/s?q=a&lang=e#top", "https://web.archive.org/web/*/https://example.org/s?q=a&lang=e"),
        ("https://example.org/a%20b", "https://web.archive.org/web/*/https://example.org/a%20b"),
        ("https://example.org/новости", "https://web.archive.org/web/*/https://example.org/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"),
    ],
)
def test_the_archive_lookup_keeps_the_address_and_encodes_the_rest(url, lookup):
    assert archive_lookup(url) == lookup
