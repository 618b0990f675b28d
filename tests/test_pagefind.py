"""Search with Pagefind's chunked index behind the theme's search box (generator/pagefind.py).

Real builds with BRIEFING_SEARCH=pagefind (what `auto` chooses for a large
briefing), served under a sub-path and searched in Chromium.
"""

from __future__ import annotations

import gzip
import json
import os
import re
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


#: parts this small split the fixture briefing's index (claims and sources first) as 2,000,000 characters split a large one's
PART_TEXT = 600


@pytest.fixture(scope="module")
def site(tmp_path_factory, compiled) -> Path:
    out = tmp_path_factory.mktemp("pagefind") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_SEARCH", "pagefind")  # what `auto` chooses for a large briefing
        build_site(BuildRequest(BASIC, out, site_url=SITE_URL, search_part_text=PART_TEXT, caches=compiled.build()))
    return out


def bundles(site: Path) -> list[Path]:
    """The index's parts: the bundle the page loads, then those it lists."""
    bundle = site / "pagefind"
    return [bundle, *(bundle / part for part in json.loads((bundle / pagefind.PARTS).read_text(encoding="utf-8")))]


def addresses(bundle: Path) -> list[str]:
    """The addresses of the pages indexed in one part, from its fragments (gzip, a signature, JSON)."""
    fragments = (gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd") for path in (bundle / "fragment").iterdir())
    return [json.loads(fragment)["url"] for fragment in fragments]


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


def test_records_split_in_order_into_parts_of_at_most_the_text_given():
    records = [{"content": "x" * length, "n": n} for n, length in enumerate((3, 4, 2, 9, 1, 1, 5))]
    parts = pagefind.split(records, 6)
    assert [[record["n"] for record in part] for part in parts] == [[0], [1, 2], [3], [4, 5], [6]]
    assert pagefind.split(records, 100) == [records]
    assert pagefind.split([], 6) == [[]]  # an empty index is still one bundle for the page to load


# -- the built site ---------------------------------------------------------------------


@pytest.mark.slow
def test_the_site_has_pagefinds_bundle_and_not_materials_index(site):
    assert (site / "pagefind" / "pagefind.js").is_file()
    entries = [json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8")) for bundle in bundles(site)]
    # the pages Material's search indexes: claims, sources, the text pages; no list page
    material_pages = sum(1 for path in (BASIC / "claims").glob("*.yaml")) + sum(1 for path in (BASIC / "sources").glob("*.yaml"))
    assert sum(entry["languages"]["en"]["page_count"] for entry in entries) > material_pages
    assert not (site / "search").exists()
    for bundle in bundles(site):
        assert not (bundle / "pagefind-ui.js").exists()  # the bundle's own interface is not used


@pytest.mark.slow
def test_the_index_is_in_parts_each_page_in_one_and_the_searched_claim_in_a_merged_part(site):
    parts = bundles(site)
    assert [part.name for part in parts[1:]] == [f"part-{number}" for number in range(2, len(parts) + 1)]
    assert len(parts) >= 3
    indexed = [addresses(part) for part in parts]
    everywhere = [address for part in indexed for address in part]
    assert len(everywhere) == len(set(everywhere))
    assert "/claims/dprk-denies-arms-exports/" in set(everywhere) - set(indexed[0])
    # the claims' and sources' parts come first: they were made while MkDocs wrote the pages
    early = [re.fullmatch(r"/(claims|sources)/[^/]+/", address) is not None for address in everywhere]
    assert early == sorted(early, reverse=True)
    assert early.count(True) == len(list((BASIC / "claims").glob("*.yaml"))) + len(list((BASIC / "sources").glob("*.yaml")))
    for part in parts[1:]:
        assert not (part / "pagefind.js").exists()  # loaded once, from the first part


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


def test_a_cancelled_early_index_stops_after_the_part_being_made(tmp_path):
    entries = [(f"claims/{n}/", f"Claim {n}", f"<p>word{n} text</p>") for n in range(40)]
    early = pagefind.Early(entries, tmp_path / "bundle", "en", part_text=15)  # a part for each record
    early.cancel()
    made = early.finish()
    assert len(made) < 40
    for number, folder in enumerate(made, start=1):
        assert folder == ("" if number == 1 else f"part-{number}/")
        assert pagefind.indexed_pages(tmp_path / "bundle" / folder) == 1


def test_a_part_counts_as_written_only_when_its_entry_file_counts_every_record(tmp_path):
    (tmp_path / "pagefind-entry.json").write_text("", encoding="utf-8")  # as a loaded machine once left it
    assert pagefind.indexed_pages(tmp_path) is None
    (tmp_path / "pagefind-entry.json").write_text('{"languages": {"en": {"page_count": 3}}}', encoding="utf-8")
    assert pagefind.indexed_pages(tmp_path) == 3
    assert pagefind.indexed_pages(tmp_path / "missing") is None
    records = [{"type": "AddRecord", "url": f"/p{n}/", "content": f"word{n}", "language": "en", "meta": {"title": "t"}} for n in range(4)]
    pagefind._index_part(records, tmp_path / "part")
    assert pagefind.indexed_pages(tmp_path / "part") == 4
