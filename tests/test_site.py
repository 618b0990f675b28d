"""Stage 4, end to end: real MkDocs builds of small real briefings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.render import NAV
from generator.boundary import BuildFailed, BuildRequest
from generator.site import build as build_site

from .conftest import BASIC, PROJECT

pytestmark = pytest.mark.slow


@pytest.fixture
def site(basic_site_for_example_org) -> Path:
    return basic_site_for_example_org


def page(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def test_every_claim_has_a_page_showing_its_text(site):
    assert "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses." in page(site, "claims/horses-by-train")
    assert "North Korea has never had &#34;arms dealings&#34; with Russia" in page(site, "claims/dprk-denies-arms-dealings")


def test_claim_page_shows_rating_claimant_date_evidence_history_corrections(site):
    html = page(site, "claims/dprk-denies-arms-exports")
    assert '<span class="briefing-badge briefing-badge--tone-unscored">Unproven</span>' in html
    assert "DPRK Ministry of National Defense" in html and "22 September 2022" in html
    assert "Contradicts the claim" in html and "a “significant number” of ammunition shipments" in html
    assert "Verdict history" in html and "Only anonymous intelligence was available." in html
    assert "The role of the official was corrected." in html


def test_the_contract_addresses_exist(site):
    for address in ("", "claims", "sources/ap-2022-11-08", "claimants/associated-press", "ratings", "corrections", "about", "topics/denials"):
        assert (site / address / "index.html").is_file(), address


def test_links_between_pages_resolve(site):
    html = page(site, "sources/ap-2022-11-08")
    assert 'href="../../claims/horses-by-train/"' in html
    assert (site / "claims" / "horses-by-train" / "index.html").is_file()


def test_site_title_and_page_titles(site):
    html = page(site, "claims/horses-by-train")
    assert "<title>Russia sent Kim Jong Un a trainload of 30 thoroughbred horses. - Test briefing</title>" in html
    assert '<meta name="description" content="Accurate: Russia&#39;s Far Eastern Railway' in html
    assert "<title>Test briefing</title>" in page(site, "")


def test_search_index_holds_claim_text_summary_and_claimant(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    claim_docs = [d for d in index["docs"] if d["location"].startswith("claims/horses-by-train/")]
    text = " ".join(d["title"] + " " + d["text"] for d in claim_docs)
    for words in ("trainload of 30 thoroughbred horses", "Far Eastern Railway", "Associated Press"):
        assert words in text


def test_navigation_lists_sections_not_every_claim(site):
    html = page(site, "claims/horses-by-train")
    nav = html[html.index('class="md-tabs'):html.index("</nav>", html.index('class="md-tabs'))]
    assert "dprk-denies" not in nav
    assert len(re.findall(r'class="md-tabs__link"', nav)) == len(NAV)


def test_a_failed_mkdocs_build_leaves_the_previous_site_untouched(site, tmp_path, compiled):
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "site_templates" / "pages", templates)
    with (templates / "about.md.j2").open("a") as f:
        f.write("\n[a broken link](no-such-page.md)\n")
    with pytest.raises(BuildFailed, match="strict mode"):
        build_site(BuildRequest(BASIC, out, templates=templates, caches=compiled.build()))
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_nothing_is_written_into_the_project(site):
    generated = [p for p in (PROJECT / "site_templates").rglob("*") if p.suffix in (".md", ".html") and "overrides" not in p.parts]
    assert generated == []


def test_the_pages_html_held_during_a_build_comes_back_as_it_was_compressed_only_in_a_large_site():
    from generator.build_state import COMPRESS_HELD_FROM_PAGES, OneBuild

    html = "<p>Kim’s “quote” — ü</p>\n" * 50
    for pages in (1, COMPRESS_HELD_FROM_PAGES - 1, COMPRESS_HELD_FROM_PAGES):
        build = OneBuild(metas=dict.fromkeys(map(str, range(pages))))
        build.hold("claims/a.md", html)
        compressed = len(build.held["claims/a.md"]) < len(html.encode("utf-8"))
        assert compressed == (pages >= COMPRESS_HELD_FROM_PAGES), pages
        assert build.unhold("claims/a.md") == html
        assert build.unhold("claims/a.md") is None
