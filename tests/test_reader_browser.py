"""The reader's site in a real browser: Debian's chromium, driven by Playwright.

One real MkDocs build of tests/fixtures/reader, served over HTTP under a
sub-path (as GitHub Pages serves a project site), then read the way people
read it: searching, following links, filtering and sorting the claims,
with and without JavaScript, with the keyboard, on a phone, in the dark
scheme, on paper; and checked with axe-core on every page type.

Screenshots of the main page types at 375 and 1280 px are written to
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

# In conftest.SPREAD: its tests go to any worker; the sites are session-scoped, built once on each worker that needs them.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

READER = FIXTURES / "reader"
READER_V11 = FIXTURES / "reader-v11"  # every key of content format v1.1
SEED = PROJECT / "content"  # the project's own briefing
REPOSITORY = "https://github.com/example/briefing"
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


#: one page of each type in the v1.1 fixture and in the seed briefing, where they differ from PAGE_TYPES
V11_PAGE_TYPES = PAGE_TYPES | {
    "claim with original wording": "claims/rail-trade-resumed-after-two-years/",
    "withdrawn claim": "claims/horses-by-train/",
    "claimant, a person": "claimants/vice-director-foreign-ministry-military-foreign-affairs-office/",
    "empty verdict": "verdicts/mostly-false/",
}
SEED_PAGE_TYPES = PAGE_TYPES | {
    "claim": "claims/kirby-north-korea-covertly-supplying-artillery-shells/",
    "claim with a table": "claims/unga-march-2022-five-states-voted-against/",
    "claimant": "claimants/john-kirby/",
    "verdict": "verdicts/accurate/",
    "empty verdict": "verdicts/false/",
}


def built_and_served(tmp_path_factory, compiled, content: Path, name: str, **options) -> Iterator[str]:
    """`content` built by MkDocs (with the BuildRequest `options` given) and served under /briefing/."""
    out = tmp_path_factory.mktemp(name) / "site"
    build_site(BuildRequest(content, out, site_url="http://127.0.0.1/briefing/", caches=compiled.build(), **options))
    with serve_directory(out, prefix="/briefing/") as base:
        yield base


@pytest.fixture(scope="session")
def site(tmp_path_factory, compiled) -> Iterator[str]:
    """The reader fixture built by MkDocs and served under /briefing/; yields its base URL."""
    yield from built_and_served(tmp_path_factory, compiled, READER, "reader-site")


@pytest.fixture(scope="session")
def v11_site(tmp_path_factory, compiled) -> Iterator[str]:
    """The v1.1 reader fixture, its repository known: claim pages link to a new issue there."""
    yield from built_and_served(tmp_path_factory, compiled, READER_V11, "reader-v11-site", repo_url=REPOSITORY)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory, compiled) -> Iterator[str]:
    """The project's own briefing (content/), 22 claims."""
    yield from built_and_served(tmp_path_factory, compiled, SEED, "seed-site")


@pytest.fixture(scope="session")
def sites(site, v11_site, seed_site) -> dict[str, tuple[str, dict[str, str]]]:
    return {"reader": (site, PAGE_TYPES), "v1.1": (v11_site, V11_PAGE_TYPES), "seed": (seed_site, SEED_PAGE_TYPES)}


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


@pytest.fixture(scope="session")
def tab(chromium) -> Iterator[object]:
    """For tests that only read pages: a page in a browser context kept for the run (a new
    context and its cold first page load cost more than a page load). Every page load starts
    with nothing stored, as in a new context, so the scheme is the system's, not a remembered choice."""
    context = chromium.new_context(viewport=DESKTOP, color_scheme="light")
    context.add_init_script(FORGET_THE_SCHEME)
    yield context.new_page()
    context.close()


SCHEMES = {"light": "default", "dark": "slate"}
#: each page starts in the system's scheme, not in the one the theme's switch chose on the page before
FORGET_THE_SCHEME = "localStorage.clear(); sessionStorage.clear();"


def to_the_dark_scheme(page) -> None:
    """The system set to the dark scheme and the theme's own switch clicked: the page as it is
    when loaded in the dark, without loading it again (the theme follows the system only at load)."""
    page.emulate_media(color_scheme="dark")
    page.locator('label[for="__palette_1"]').click()


def rows(page):
    return page.locator("table[data-briefing-claims] tbody tr")


def heading(page) -> str:
    """The page's h1 without its permalink mark."""
    return page.locator("h1").inner_text().removesuffix("¶").strip()


def visible_claims(page) -> list[str]:
    return [row.locator("td.briefing-claims__claim a").inner_text() for row in rows(page).all() if row.is_visible()]


# -- finding and following ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "claim"),
    [
        ("White House", CLAIM),  # a word only in one claim's analysis
        ("Interfax", "claims/rail-trade-resumed-after-two-years/"),  # a claimant's name (who also has a page)
        ("Korean Central", CLAIM),  # a source's publisher (whose source also has a page)
    ],
)
def test_search_finds_the_claim_page_first_with_its_verdict_first(site, browse, query, claim):
    page = browse(site)
    results = search_site(page, query)
    assert results, f"search for {query!r} found nothing"
    first = results[0]
    links = [link.get_attribute("href") for link in first.locator("a").all()]
    assert links and links[0].split("?")[0].endswith(claim), links
    assert len(links) == 1, "a claim is one result: its sections (Analysis, Evidence) are not results of their own"
    title = first.locator(".md-search-result__article h1").inner_text()
    labels = ("Accurate", "Mostly accurate", "Misleading", "Mostly false", "False", "Unproven")
    assert title.startswith(tuple(f"{label}: " for label in labels)), title


def test_search_shows_a_sources_metadata_as_text(site, browse):
    page = browse(site)
    results = search_site(page, "denies sending artillery")
    text = " ".join(r.inner_text() for r in results)
    assert "Publisher: Associated Press (via Los Angeles Times) · News report · 8 November 2022" in text
    assert "Analysis" not in [r.locator("h1, h2").first.inner_text() for r in results]


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


def open_filters(page):
    page.locator("details.briefing-filter-panel > summary").click()


def test_the_filters_narrow_the_table_and_say_how_many_are_shown(site, browse):
    page = browse(site + "claims/")
    assert not page.locator("form[data-briefing-filters]").is_visible()  # folded behind one control
    open_filters(page)
    form = page.locator("form[data-briefing-filters]")
    status = form.locator("[data-briefing-status]")
    assert form.is_visible() and status.inner_text() == "Showing all 5 claims."
    assert len(visible_claims(page)) == 5

    form.locator("select[name=verdict]").select_option("unproven")
    assert status.inner_text() == "Showing 2 of 5 claims."
    assert all(row.get_attribute("data-rating") == "unproven" for row in rows(page).all() if row.is_visible())
    assert page.url.endswith("claims/?verdict=unproven")

    form.locator("select[name=claimant]").select_option("dprk-ministry-of-national-defense")
    assert visible_claims(page) == ["North Korea has never exported weapons or ammunition to Russia and does not plan to."]

    form.locator("select[name=topic]").select_option("rail-links")
    assert visible_claims(page) == [] and status.inner_text() == "No claim matches these filters."

    form.locator("button[type=reset]").click()
    # A function, not an expression: Playwright polls an expression with eval, which the site's policy forbids.
    page.wait_for_function("() => document.querySelector('[data-briefing-status]').textContent.startsWith('Showing all')")
    assert len(visible_claims(page)) == 5 and page.url == site + "claims/"
    assert not page.js_errors


def test_a_filtered_view_can_be_shared_by_its_address(site, browse):
    page = browse(site + "claims/?topic=rail-links")
    assert page.locator("details.briefing-filter-panel").get_attribute("open") is not None  # the filter in use is shown
    assert page.locator("select[name=topic]").input_value() == "rail-links"
    assert sorted(visible_claims(page)) == [
        "Rail trade between Russia and North Korea resumed following a two-year hiatus due to COVID-19.",
        "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses.",
    ]
    page = browse(site + "claims/?verdict=no-such-verdict")  # an unknown value is ignored, not an empty table
    assert len(visible_claims(page)) == 5


def test_without_javascript_the_table_is_whole_and_verdict_pages_do_the_filtering(site, browse):
    page = browse(site + "claims/", java_script_enabled=False)
    assert len(visible_claims(page)) == 5
    open_filters(page)
    assert not page.locator("form[data-briefing-filters]").is_visible()  # it needs JavaScript
    page.locator(".briefing-browse a", has_text="Unproven").click()
    assert page.url == site + "verdicts/unproven/"
    assert set(visible_claims(page)) == {
        'North Korea has never had "arms dealings" with Russia and has no plan to.',
        "North Korea has never exported weapons or ammunition to Russia and does not plan to.",
    }


def test_the_date_column_sorts_newest_or_oldest_first(site, browse):
    page = browse(site + "claims/")
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
    page = browse(site + "claims/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("the filter panel cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "verdict"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("ArrowDown")  # a closed select changes with the arrow keys
    assert page.locator("[data-briefing-status]").inner_text().startswith("Showing ")
    assert len(visible_claims(page)) < 5

    page.locator("th[data-briefing-sort] button").focus()
    page.keyboard.press("Enter")
    assert page.locator("th[data-briefing-sort]").get_attribute("aria-sort") == "ascending"


VIEWPORTS = {"phone": {"width": 375, "height": 812}, "tablet": {"width": 768, "height": 1024}, "desktop": {"width": 1280, "height": 800}}

#: what each page of a list shows: a card (a row, on a phone) or a cell holding text
LIST_ITEMS = ".md-content .briefing-table tbody tr, .md-content .briefing-table tbody td, .briefing-cards > li"

LAYOUT = """() => {
  const one = document.createElement("span");
  one.textContent = "0".repeat(20);
  document.querySelector(".md-content").appendChild(one);
  const twenty = one.getBoundingClientRect().width;
  one.remove();
  const narrow = [];
  for (const el of document.querySelectorAll(arguments_selector)) {
    const text = el.innerText.trim();
    const box = el.getBoundingClientRect();
    // A card, or a cell holding more than a few words, must have room for about 20 characters.
    if (el.offsetParent !== null && text.length > 20 && box.width < twenty * 0.9) narrow.push([text.slice(0, 30), Math.round(box.width)]);
  }
  return {scroll: document.documentElement.scrollWidth, narrow: narrow, twenty: twenty};
}"""


#: the schemes each size is checked in
LAYOUT_SCHEMES = {"phone": ("light", "dark"), "tablet": ("light",), "desktop": ("light", "dark")}


@pytest.mark.parametrize("size", sorted(LAYOUT_SCHEMES))
@pytest.mark.parametrize("briefing", ["reader", "v1.1", "seed"])
def test_no_page_scrolls_sideways_and_no_list_is_squeezed(sites, browse, briefing, size):
    """Every page type at a phone's, a tablet's and a desktop's width, in the light scheme and
    (phone, desktop) the dark. Each page is loaded once, with the system in the light scheme, and
    measured; then the system is set to the dark, the theme's own switch is clicked, and it is
    measured again (a second load per page was a third of the browser tests' time)."""
    base, page_types = sites[briefing]
    viewport = VIEWPORTS[size]
    mobile = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    pages = sorted(page_types.items())
    page = browse(base + pages[0][1], viewport=viewport, color_scheme="light", **mobile)
    page.context.add_init_script(FORGET_THE_SCHEME)
    problems = []
    fresh = True  # the page is as loaded, in the light scheme
    for name, path in pages:
        if not (fresh and page.url == base + path):
            page.emulate_media(color_scheme="light")
            page.goto(base + path)
        for scheme in LAYOUT_SCHEMES[size]:
            if scheme == "dark":
                to_the_dark_scheme(page)
            fresh = scheme == "light"
            assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme], (name, scheme)
            found = page.evaluate(LAYOUT.replace("arguments_selector", repr(LIST_ITEMS)))
            if found["scroll"] > viewport["width"]:
                problems.append(f"{name} ({scheme}) is {found['scroll']} px wide at {viewport['width']} px")
            if found["narrow"]:
                problems.append(f"{name} ({scheme}): squeezed to less than 20 characters ({found['twenty']:.0f} px): {found['narrow'][:3]}")
    assert not problems, "\n".join(problems)


def test_on_a_phone_lists_of_claims_and_sources_are_stacked_cards(site, browse):
    page = browse(site, viewport=PHONE, is_mobile=True, has_touch=True)
    for path in ("claims/", "sources/", "sources/ap-2022-11-08/", "topics/denials/", "claimants/"):
        page.goto(site + path)
        rows = page.locator(".md-content .briefing-table tbody tr")
        assert rows.count(), path
        content = page.locator(".md-content__inner").bounding_box()
        for row in rows.all():
            box = row.bounding_box()
            # Each row is a card as wide as the page's text, not a row of narrow cells.
            assert box["width"] >= content["width"] - 40 and box["x"] + box["width"] <= PHONE["width"], path
        wrap = page.locator(".briefing-table-wrap").first
        assert not wrap.evaluate("w => w.scrollWidth > w.clientWidth"), f"{path}: a list scrolls sideways"
    # A claim's card: its verdict, the claim and the claimant are all in it.
    page.goto(site + "claims/")
    card = page.locator("table[data-briefing-claims] tbody tr").first
    assert card.locator(".briefing-badge").is_visible()
    assert card.locator(".briefing-claims__claimant a").is_visible()


def first_screen_holds(page, selectors: list[str]) -> list[str]:
    """The selectors whose element does not lie wholly within the first screen."""
    height = page.viewport_size["height"]
    missing = []
    for selector in selectors:
        box = page.locator(selector).first.bounding_box()
        if box is None or box["y"] < 0 or box["y"] + box["height"] > height:
            missing.append(selector)
    return missing


@pytest.mark.parametrize("briefing", ["reader", "v1.1", "seed"])
def test_a_phones_first_screen_shows_what_matters(sites, browse, briefing):
    base, page_types = sites[briefing]
    page = browse(base, viewport=PHONE, is_mobile=True, has_touch=True)
    assert first_screen_holds(page, ["h1", ".briefing-asof", ".briefing-overview .briefing-chart"]) == []
    assert "Last updated" in page.locator(".briefing-asof").inner_text()
    for claim in (page_types["claim"], page_types["claim with a table"]):
        page.goto(base + claim)
        assert first_screen_holds(page, ["h1", ".briefing-summary .briefing-badge", ".briefing-summary__why"]) == [], claim


# -- who stands behind it --------------------------------------------------------------------


def test_bylines_contact_and_the_correction_link_are_shown_where_the_briefing_gives_them(v11_site, browse):
    page = browse(v11_site + CLAIM)
    summary = page.locator(".briefing-summary").inner_text()
    assert "Checked by Test Checker One and Test Checker Two; edited by Test Editor" in summary
    ask = page.locator("a", has_text="Ask for a correction")
    href = ask.get_attribute("href")
    assert href.startswith(f"{REPOSITORY}/issues/new?title=Correction%20request%3A%20dprk-denies-arms-exports&body=")
    assert "claims%2Fdprk-denies-arms-exports%2F" in href  # the claim's address is in the issue
    for name, path in sorted(V11_PAGE_TYPES.items()):  # every page's footer: publisher, contact, the pages behind it
        page.goto(v11_site + path)
        footer = page.locator(".md-footer")
        text = footer.inner_text()
        assert "Published by Example Fact Check" in text and "Contact: corrections@example.org" in text, name
        assert footer.locator('a[href="mailto:corrections@example.org"]').count() == 1, name
        links = [a.inner_text() for a in footer.locator(".briefing-footer__links a").all()]
        assert links == ["About", "Ratings", "Corrections", "Data"], name
    page.locator(".briefing-footer__links a", has_text="Corrections").click()
    assert page.url == v11_site + "corrections/"


def test_nothing_is_made_up_where_the_briefing_names_no_one(site, browse):
    page = browse(site)
    for name, path in sorted(PAGE_TYPES.items()):
        page.goto(site + path)
        text = page.locator("body").inner_text()
        for made_up in ("Checked by", "Edited by", "Ask for a correction", "Contact"):
            assert made_up not in text, (name, made_up)
        assert page.locator('a[href^="mailto:"]').count() == 0, name
        assert "Published by Example Fact Check" in page.locator(".md-footer").inner_text(), name


def test_the_timeline_shows_one_kind_of_event_without_javascript(site, browse):
    page = browse(site + "timeline/", java_script_enabled=False)
    events = page.locator(".briefing-event")
    kinds = lambda: {e.locator(".briefing-event__kind").inner_text() for e in events.all() if e.is_visible()}  # noqa: E731
    assert kinds() == {"Claim made", "Verdict reached", "Verdict revised", "Correction"}
    page.locator(".briefing-chrono-kinds a", has_text="Corrections").click()
    assert page.url.endswith("timeline/#show-correction")
    assert kinds() == {"Correction"}
    visible_months = [h.inner_text().removesuffix("¶").strip() for h in page.locator(".md-content h2").all() if h.is_visible()]
    assert visible_months == ["November 2022"]  # the months without a correction are hidden too
    page.locator(".briefing-chrono-kinds a", has_text="Everything").click()
    assert "Claim made" in kinds()


def test_the_not_found_page_offers_search_home_and_the_claims(site, browse, chromium):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    response = page.goto(site + "no/such/page/")
    assert response.status == 404
    page.goto(site + "404.html")
    page.locator("label", has_text="Search this briefing").click()
    page.locator("input.md-search__input").wait_for(state="visible")
    page.goto(site + "404.html")
    page.locator(".md-content a", has_text="All claims").click()
    assert page.url == site + "claims/"
    page.goto(site + "404.html")
    page.locator(".md-content a", has_text="The home page").click()
    assert page.url == site
    context.close()


LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1000);
})"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_nothing_moves_after_the_page_is_shown(site, browse, size):
    """Cumulative layout shift: Lighthouse's limit for "good" is 0.1; ours is 0.02 on every page type."""
    viewport = VIEWPORTS[size]
    context = browse(site, viewport=viewport).context
    watching = {}
    # One tab per page, each watched for its second at once, not one after the other.
    for name in ("home", "claims index", "claim", "sources index", "source", "timeline", "claimant", "ratings"):
        tab = context.new_page()
        tab.goto(site + PAGE_TYPES[name])  # a new document: its layout shifts counted from its start
        assert tab.evaluate("document.visibilityState") == "visible", name  # so it renders, and shifts, as if in front
        tab.evaluate(f"() => {{ window.__briefingShift = ({LAYOUT_SHIFT})(); }}")
        watching[name] = tab
    shifts = {name: tab.evaluate("window.__briefingShift") for name, tab in watching.items()}
    assert max(shifts.values()) <= 0.02, shifts


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


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def axe_in_both_schemes(page, axe, url: str) -> dict[str, str]:
    """axe-core's serious and critical violations on `url`, with the system in the light and then
    in the dark scheme (one load: see `to_the_dark_scheme`): scheme → report."""
    page.emulate_media(color_scheme="light")
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    reports = {}
    for scheme in ("light", "dark"):
        if scheme == "dark":
            to_the_dark_scheme(page)
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme], (url, scheme)
        violations = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        if violations:
            reports[scheme] = "\n".join(
                f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
            )
    return reports


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_no_serious_or_critical_axe_violations(site, tab, axe, name):
    """Each page type, with the system in the light scheme and in the dark."""
    reports = axe_in_both_schemes(tab, axe, site + PAGE_TYPES[name])
    assert not reports, "\n".join(f"{name}, {scheme} scheme:\n{report}" for scheme, report in reports.items())


V11_AXE = ["claim with original wording", "withdrawn claim", "claimant, a person", "ratings", "about", "corrections", "timeline", "home"]
SEED_AXE = ["home", "claims index", "claim", "sources index", "source", "timeline"]


@pytest.mark.parametrize(("briefing", "name"), [("v1.1", n) for n in V11_AXE] + [("seed", n) for n in SEED_AXE])
def test_no_serious_or_critical_axe_violations_in_the_v11_and_seed_briefings(sites, tab, axe, briefing, name):
    base, page_types = sites[briefing]
    reports = axe_in_both_schemes(tab, axe, base + page_types[name])
    assert not reports, "\n".join(f"{briefing} {name}, {scheme} scheme:\n{report}" for scheme, report in reports.items())


# -- screenshots for people to look at -------------------------------------------------------


SHOTS = {
    "home": "",
    "claim": SEED_PAGE_TYPES["claim"],
    "claims": "claims/",
    "sources": "sources/",
    "source": "sources/ap-2022-11-08/",
    "timeline": "timeline/",
}


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots_for_people_to_look_at(seed_site, browse, width):
    """The seed briefing's home, a claim, the claims, the sources, a source and the timeline,
    at 375 and 1280 px (and a claim in the dark)."""
    site = seed_site
    CLAIM = SHOTS["claim"]  # noqa: N806
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2} if width == "phone" else {"viewport": DESKTOP}
    page = browse(site, **options)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = [(name, path, "light") for name, path in SHOTS.items()] + [("claim", CLAIM, "dark")]
    for name, path, scheme in shots:
        page.emulate_media(color_scheme=scheme)
        page.goto(site + path)
        page.evaluate("document.fonts.ready")
        target: Path = SCREENSHOTS / f"{name}-{width}{'-dark' if scheme == 'dark' else ''}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000  # a rendered page, not a blank one
    assert not page.js_errors
