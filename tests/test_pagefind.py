"""Search with Pagefind's chunked index behind the theme's search box (generator/pagefind.py).

Real builds with BRIEFING_SEARCH=pagefind (what `auto` chooses for a large
briefing), served under a sub-path and searched in Chromium.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator import pagefind
from generator.boundary import BuildFailed, BuildRequest
from generator.csp import inline_scripts, script_sources
from generator.site import build as build_site
from generator.site import mkdocs_config

from .browser_traps import SETTLE, Traps
from .conftest import BASIC, run_cli
from .harness import search_site, serve_directory
from .html_audit import audit

SITE_URL = "https://example.org/briefing/"
EXPORTS_CLAIM = "North Korea has never exported weapons or ammunition to Russia"


@pytest.fixture(scope="module")
def site(tmp_path_factory, compiled) -> Path:
    out = tmp_path_factory.mktemp("pagefind") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_SEARCH", "pagefind")  # what `auto` chooses for a large briefing
        build_site(BuildRequest(BASIC, out, site_url=SITE_URL, caches=compiled.build()))
    return out


# -- the choice -------------------------------------------------------------------------


def test_auto_chooses_pagefind_for_a_large_briefing_and_never_offline_or_in_the_preview():
    large = pagefind.PAGEFIND_FROM_CLAIMS
    assert pagefind.chosen("auto", large, offline=False, preview=False)
    assert not pagefind.chosen("auto", large - 1, offline=False, preview=False)
    assert pagefind.chosen("pagefind", 1, offline=False, preview=False)
    assert not pagefind.chosen("material", large * 10, offline=False, preview=False)
    for setting in pagefind.CHOICES:
        assert not pagefind.chosen(setting, large, offline=True, preview=False)
        assert not pagefind.chosen(setting, large, offline=False, preview=True)


def test_an_unknown_setting_fails_the_build_naming_the_choices(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_SEARCH", "lunr")
    with pytest.raises(BuildFailed, match="extra.search in mkdocs.yml is 'lunr'; use one of: auto, material, pagefind"):
        mkdocs_config(BuildRequest(BASIC, tmp_path / "site"))


def test_the_small_fixture_briefing_keeps_materials_search_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("BRIEFING_SEARCH", raising=False)
    assert not mkdocs_config(BuildRequest(BASIC, tmp_path / "site")).extra["pagefind"]


def test_records_are_the_entries_text_without_markup():
    assert pagefind.plain_text("<p>Claimed by <b>A&amp;B</b></p><p>next</p>") == "Claimed by A&B next"


# -- the built site ---------------------------------------------------------------------


@pytest.mark.slow
def test_the_site_has_pagefinds_bundle_and_not_materials_index(site):
    assert (site / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    # the pages Material's search indexes: claims, sources, the text pages; no list page
    material_pages = sum(1 for path in (BASIC / "claims").glob("*.yaml")) + sum(1 for path in (BASIC / "sources").glob("*.yaml"))
    assert entry["languages"]["en"]["page_count"] > material_pages
    assert not (site / "search").exists()
    assert not (site / "pagefind" / "pagefind-ui.js").exists()  # the bundle's own interface is not used


@pytest.mark.slow
def test_every_page_allows_webassembly_and_nothing_else_more(site):
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        csp = audit(html).meta["content-security-policy"]
        script_src = next(d.split()[1:] for d in csp.split("; ") if d.startswith("script-src "))
        assert script_src == ["'self'", "'wasm-unsafe-eval'", *script_sources(inline_scripts(html))], path
        assert 'name="search"' not in html, path  # Material's script would fetch its index for that form


def search(page, query: str):
    """Open the box with "/", type `query`, wait for the results; their titles and links."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert box.evaluate("element => element === document.activeElement")
    box.fill(query)
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    links = page.locator(".md-search-result__link")
    return [(link.locator("h1").inner_text(), link.get_attribute("href")) for link in links.all()]


@pytest.mark.slow
@pytest.mark.browser
def test_search_finds_a_claim_by_claimant_publisher_and_analysis_word(chromium, site):
    with serve_directory(site, prefix="/briefing/") as base:
        context = chromium.new_context(viewport={"width": 375, "height": 740})
        traps = Traps.arm(context, base)
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        claim = base + "claims/dprk-denies-arms-exports/"
        for query in ("Ministry of National Defense", "Newsweek", "contradicted"):
            page.goto(base + "about/", wait_until="load")
            results = search(page, query)
            assert (f"Unproven: {EXPORTS_CLAIM} and does not plan to.", claim) in results, (query, results)
            excerpt = page.locator(".md-search-result__item p").first
            assert excerpt.locator("mark").count() >= 1, query  # the words found are marked
        page.evaluate(SETTLE)
        context.close()
    assert traps.fired == [] and errors == []
    assert not any("/search/search_index.json" in url for url in requests)
    assert any("/briefing/pagefind/" in url for url in requests)


@pytest.mark.slow
@pytest.mark.browser
def test_the_keyboard_opens_moves_through_follows_and_closes(chromium, site):
    with serve_directory(site, prefix="/briefing/") as base:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        traps = Traps.arm(context, base)
        page = context.new_page()
        page.goto(base, wait_until="load")
        results = search(page, "thoroughbred")
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.getAttribute('href')") == results[0][1]
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        search(page, "thoroughbred")
        page.keyboard.press("Enter")
        page.wait_for_url(results[0][1])
        assert "horses" in page.locator("h1").inner_text()
        page.evaluate(SETTLE)
        context.close()
    assert traps.fired == []


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_text_in_results_stays_text(chromium, hostile_briefing, tmp_path, compiled):
    """The excerpt is rebuilt from text and <mark> alone; no payload runs, the policy blocks nothing."""
    out = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_SEARCH", "pagefind")  # what `auto` chooses for a large briefing
        build_site(BuildRequest(hostile_briefing.root, out, caches=compiled.build()))
    with serve_directory(out) as base:
        context = chromium.new_context()
        traps = Traps.arm(context, base)
        page = context.new_page()
        page.goto(base, wait_until="load")
        page.keyboard.press("/")
        page.locator("input.md-search__input").fill("script")
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        tags = page.evaluate(
            "[...document.querySelectorAll('.md-search-result__item *')].map(e => e.tagName.toLowerCase())"
        )
        assert set(tags) <= {"a", "article", "div", "h1", "p", "mark"}, tags
        assert "<script>alert(1)</script>" in page.locator(".md-search-result__list").inner_text()  # shown as written
        page.evaluate(SETTLE)
        context.close()
    assert traps.fired == []


@pytest.mark.slow
@pytest.mark.browser
def test_the_offline_copy_keeps_materials_search(chromium, tmp_path):
    out = tmp_path / "copy"
    env = {**os.environ, "BRIEFING_SEARCH": "pagefind"}
    result = run_cli("build", "--offline", "--content", str(BASIC), "--site-dir", str(out), "--site-url", SITE_URL, env=env)
    assert result.returncode == 0, result.stderr
    assert not (out / "pagefind").exists() and (out / "search" / "search_index.js").is_file()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "wasm-unsafe-eval" not in home and 'name="search"' in home
    context = chromium.new_context()
    traps = Traps.arm(context, "file://")
    page = context.new_page()
    page.goto((out / "index.html").as_uri())
    results = search_site(page, "thoroughbred")
    assert results and "horses" in results[0].inner_text()
    context.close()
    assert traps.fired == [] and traps.outside == []
