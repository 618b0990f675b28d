"""The reader's site in a real browser: Debian's chromium, driven by Playwright.

One real MkDocs build of tests/fixtures/reader, served over HTTP under a
sub-path (as GitHub Pages serves a project site), then read the way people
read it: searching, following links, filtering and sorting the claims,
with and without JavaScript, with the keyboard, on a phone, in the dark
scheme, on paper; and checked with axe-core on every page type.

Screenshots of the home and a claim page are written to
test-output/screenshots/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from generator.boundary import BuildRequest
from generator.site import build as build_site

from .conftest import FIXTURES, PROJECT
from .harness import search_site, serve_directory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READER = FIXTURES / "reader"
SCREENSHOTS = PROJECT / "test-output" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

CLAIM = "claims/dprk-denies-arms-exports/"
#: one page of each type the site has
PAGE_TYPES = {
    "home": "",
    "claims index": "claims/",
    "claim": CLAIM,
    "claim with a table": "claims/rail-trade-resumed-after-two-years/",
    "sources index": "sources/",
    "source": "sources/ap-2022-11-08/",
    "claimants index": "claimants/",
    "claimant": "claimants/dprk-ministry-of-national-defense/",
    "topics index": "topics/",
    "topic": "topics/denials/",
    "ratings": "ratings/",
    "verdict": "verdicts/unproven/",
    "empty verdict": "verdicts/false/",
    "corrections": "corrections/",
    "timeline": "timeline/",
    "about": "about/",
    "printable": "print/",
    "data": "data/",
    "not found": "404.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    """The reader fixture built by MkDocs and served under /briefing/; yields its base URL."""
    out = tmp_path_factory.mktemp("reader-site") / "site"
    build_site(BuildRequest(READER, out, site_url="http://127.0.0.1/briefing/"))
    with serve_directory(out, prefix="/briefing/") as base:
        yield base


@pytest.fixture
def browse(chromium):
    """Open pages in a fresh browser context: `browse(path, **context options)` → page."""
    contexts = []

    def open_page(base_and_path: str, **options):
        context = chromium.new_context(**({"viewport": DESKTOP} | options))
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.js_errors = errors
        response = page.goto(base_and_path)
        assert response is not None and response.status == 200, base_and_path
        return page

    yield open_page
    for context in contexts:
        context.close()


def rows(page):
    return page.locator("table[data-briefing-claims] tbody tr")


def heading(page) -> str:
    """The page's h1 without its permalink mark."""
    return page.locator("h1").inner_text().removesuffix("¶").strip()


def visible_claims(page) -> list[str]:
    return [row.locator("td.briefing-claims__claim a").inner_text() for row in rows(page).all() if row.is_visible()]


# -- finding and following ------------------------------------------------------------------


def test_search_finds_a_claim_by_a_word_from_its_analysis(site, browse):
    page = browse(site)
    results = search_site(page, "White House")  # only in the analysis of one claim
    assert results, "search found nothing"
    assert "North Korea has never exported weapons" in results[0].inner_text()
    links = [link.get_attribute("href") for link in results[0].locator("a").all()]
    assert any(CLAIM in link and link.endswith("#analysis") for link in links), links  # the Analysis section


def test_claim_to_claimant_to_source_and_back(site, browse):
    page = browse(site + CLAIM)
    claim_heading = heading(page)

    page.locator(".briefing-summary a", has_text="DPRK Ministry of National Defense").click()
    assert page.url == site + "claimants/dprk-ministry-of-national-defense/"
    assert heading(page) == "DPRK Ministry of National Defense"
    page.locator("table[data-briefing-claims] a", has_text=claim_heading).click()
    assert page.url == site + CLAIM

    page.locator(".briefing-evidence--contradicts a", has_text="North Korea denies sending artillery").click()
    assert page.url == site + "sources/ap-2022-11-08/"
    row = page.locator("table.briefing-citations tr", has_text=claim_heading)
    assert "Contradicts the claim" in row.inner_text() and "significant number" in row.inner_text()
    row.locator("a", has_text=claim_heading).click()
    assert page.url == site + CLAIM

    page.go_back()
    assert page.url == site + "sources/ap-2022-11-08/"
    assert not page.js_errors


# -- filtering and sorting the claims ------------------------------------------------------


def test_the_filters_narrow_the_table_and_say_how_many_are_shown(site, browse):
    page = browse(site)
    form = page.locator("form[data-briefing-filters]")
    status = form.locator("[data-briefing-status]")
    assert form.is_visible() and status.inner_text() == "Showing all 5 claims."
    assert len(visible_claims(page)) == 5

    form.locator("select[name=verdict]").select_option("unproven")
    assert status.inner_text() == "Showing 2 of 5 claims."
    assert all(row.get_attribute("data-rating") == "unproven" for row in rows(page).all() if row.is_visible())
    assert page.url.endswith("?verdict=unproven")

    form.locator("select[name=claimant]").select_option("dprk-ministry-of-national-defense")
    assert visible_claims(page) == ["North Korea has never exported weapons or ammunition to Russia and does not plan to."]

    form.locator("select[name=topic]").select_option("rail-links")
    assert visible_claims(page) == [] and status.inner_text() == "No claim matches these filters."

    form.locator("button[type=reset]").click()
    page.wait_for_function("document.querySelector('[data-briefing-status]').textContent.startsWith('Showing all')")
    assert len(visible_claims(page)) == 5 and page.url == site
    assert not page.js_errors


def test_a_filtered_view_can_be_shared_by_its_address(site, browse):
    page = browse(site + "?topic=rail-links")
    assert page.locator("select[name=topic]").input_value() == "rail-links"
    assert sorted(visible_claims(page)) == [
        "Rail trade between Russia and North Korea resumed following a two-year hiatus due to COVID-19.",
        "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses.",
    ]
    page = browse(site + "?verdict=no-such-verdict")  # an unknown value is ignored, not an empty table
    assert len(visible_claims(page)) == 5


def test_without_javascript_the_table_is_whole_and_verdict_pages_do_the_filtering(site, browse):
    page = browse(site, java_script_enabled=False)
    assert not page.locator("form[data-briefing-filters]").is_visible()
    assert len(visible_claims(page)) == 5
    page.locator("details.briefing-browse summary").click()
    page.locator("details.briefing-browse a", has_text="Unproven").click()
    assert page.url == site + "verdicts/unproven/"
    assert set(visible_claims(page)) == {
        'North Korea has never had "arms dealings" with Russia and has no plan to.',
        "North Korea has never exported weapons or ammunition to Russia and does not plan to.",
    }


def test_the_date_column_sorts_newest_or_oldest_first(site, browse):
    page = browse(site)
    header = page.locator("th[data-briefing-sort]")
    dates = lambda: [row.get_attribute("data-date") for row in rows(page).all()]  # noqa: E731
    assert header.get_attribute("aria-sort") == "descending"
    assert dates() == sorted(dates(), reverse=True)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert dates() == sorted(dates()) and dates()[0] == "2022-09-22"
    header.locator("button").click()
    assert dates() == sorted(dates(), reverse=True)


# -- keyboard, phone, dark scheme, paper -------------------------------------------------


def test_keyboard_alone_reaches_skips_filters_and_sorts(site, browse):
    page = browse(site)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "verdict":
            break
    else:
        pytest.fail("the verdict filter cannot be reached with Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("ArrowDown")  # a closed select changes with the arrow keys
    assert page.locator("[data-briefing-status]").inner_text().startswith("Showing ")
    assert len(visible_claims(page)) < 5

    page.locator("th[data-briefing-sort] button").focus()
    page.keyboard.press("Enter")
    assert page.locator("th[data-briefing-sort]").get_attribute("aria-sort") == "ascending"


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_no_page_scrolls_sideways_on_a_phone(site, browse, name):
    page = browse(site + PAGE_TYPES[name], viewport=PHONE, is_mobile=True, has_touch=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width} px wide at {PHONE['width']} px"
    # Each table that is wider than the phone scrolls inside its own box.
    for table in page.locator(".md-content table").all():
        box = table.evaluate(
            "t => { const s = t.closest('.briefing-table-wrap, .md-typeset__scrollwrap') || t;"
            " return {scroll: s.scrollWidth, client: s.clientWidth, overflow: getComputedStyle(s).overflowX} }"
        )
        if box["scroll"] > box["client"]:
            assert box["overflow"] in ("auto", "scroll"), f"a table on {name} overflows without scrolling"


def test_the_claims_table_scrolls_in_its_box_on_a_phone_with_the_verdict_in_view(site, browse):
    page = browse(site, viewport=PHONE, is_mobile=True, has_touch=True)
    wrap = page.locator(".briefing-table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    badge = rows(page).first.locator(".briefing-badge")
    assert badge.bounding_box()["x"] + badge.bounding_box()["width"] <= PHONE["width"]
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth }")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_dark_scheme_follows_the_system_setting(site, browse):
    page = browse(site + CLAIM, color_scheme="dark")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"


def test_the_printable_page_prints_every_claim_without_the_site_around_it(site, browse):
    page = browse(site + "print/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    headings = page.locator(".md-content h2").all_inner_texts()
    for claim in (
        "North Korea has never exported weapons or ammunition to Russia and does not plan to.",
        "Rail trade between Russia and North Korea resumed following a two-year hiatus due to COVID-19.",
    ):
        assert any(claim in heading for heading in headings), claim
    assert page.locator(".briefing-summary").count() == 5
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    (PROJECT / "test-output").mkdir(exist_ok=True)
    (PROJECT / "test-output" / "briefing-print.pdf").write_bytes(pdf)


# -- accessibility ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_no_serious_or_critical_axe_violations(site, browse, axe, name, scheme):
    page = browse(site + PAGE_TYPES[name], color_scheme=scheme)
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    violations = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )
    assert not violations, f"{name}, {scheme} scheme:\n{report}"


# -- screenshots for people to look at -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "path", "options"),
    [
        ("home-desktop", "", {"viewport": DESKTOP}),
        ("home-phone", "", {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}),
        ("claim-desktop", CLAIM, {"viewport": DESKTOP}),
        ("claim-phone", CLAIM, {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}),
        ("claim-desktop-dark", CLAIM, {"viewport": DESKTOP, "color_scheme": "dark"}),
    ],
)
def test_screenshots_of_the_home_and_a_claim_page(site, browse, name, path, options):
    page = browse(site + path, **options)
    page.evaluate("document.fonts.ready")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target: Path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000  # a rendered page, not a blank one
    assert not page.js_errors
