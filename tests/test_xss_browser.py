"""No payload runs in a real browser: every page of the hostile site, and its search.

The hostile site (tests/hostile.py) is served under a sub-path, as GitHub
Pages serves it, and opened in Debian's chromium with `Traps` armed: any
call to alert/confirm/prompt/print, any dialog, any Content-Security-Policy
violation, any new window and any request for a script elsewhere fails
the test.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from .browser_traps import SETTLE, Traps
from .harness import search_site, serve_directory
from .hostile import load_payloads
from .html_audit import shown

# In conftest.SPREAD: the served site and the armed context are session-scoped, once per worker.
pytestmark = [pytest.mark.browser, pytest.mark.slow]
PARTS = 6  # the pages, visited in this many tests (small ones: the last tests of a run, spread over the workers)

PAYLOADS = load_payloads()
# A heading's text as shown, without the theme's "¶" permalink.
WITHOUT_PERMALINK = """(heading) => {
  const copy = heading.cloneNode(true);
  copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
  return copy.textContent;
}"""


@pytest.fixture(scope="session")
def served(hostile_site):
    with serve_directory(hostile_site, prefix="/briefing/") as base:
        yield base


@pytest.fixture(scope="session")
def browser(chromium, served):
    """One context for the module's tests on a worker, traps armed; yields (page, traps)."""
    context = chromium.new_context()
    traps = Traps.arm(context, served)
    page = context.new_page()
    yield page, traps
    context.close()


def addresses(site: Path) -> list[str]:
    """Every page of the site, as an address relative to its root."""
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return ["" if p == "." else f"{p}/" for p in pages] + ["404.html"]


# First: the longest test of the module, not the last of a run.
def test_no_payload_runs_when_typed_into_search_and_results_show_it_as_text(browser, served, hostile_briefing):
    page, traps = browser
    page.goto(served, wait_until="load")
    assert search_site(page, "alert"), "the search index did not load"
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    placeholder = "Type to start searching"
    claims_seen: set[str] = set()
    for payload in PAYLOADS:
        box.fill("")
        box.press("End")  # Material reads the query on keyup
        meta.filter(has_text=placeholder).wait_for()
        box.fill(payload.text)
        box.press("End")
        page.wait_for_function(
            "([element, placeholder]) => element.textContent.trim() !== placeholder",
            arg=[meta.element_handle(), placeholder],
        )
        page.evaluate(SETTLE)
        for item in page.locator(".md-search-result__item > .md-search-result__link").all():
            path = urlsplit(item.get_attribute("href") or "").path  # the address carries ?h=<query>
            claim = re.fullmatch(r"/briefing/claims/(payload-\d+)/", path)
            if claim and item.locator("h1").count():
                # The claim's verdict, then the page's title, highlighted with <mark> but every
                # character as written.
                title = shown(item.locator("h1").inner_text())
                assert title.endswith(": " + shown(hostile_briefing.plain[claim.group(1)])), payload.origin
                claims_seen.add(claim.group(1))
    assert traps.fired == []
    # Results were shown, and the titles of many different claims were read as written.
    assert len(claims_seen) >= len(hostile_briefing.plain) // 2


@pytest.mark.parametrize("part", range(PARTS))
def test_no_payload_runs_on_any_page(browser, served, hostile_site, hostile_briefing, part):
    page, traps = browser
    title = shown(hostile_briefing.title)
    pages = addresses(hostile_site)
    assert len(pages) > 80
    visited = pages[part::PARTS]
    for address in visited:
        page.goto(served + address, wait_until="load")
        page.evaluate(SETTLE)
        assert traps.fired == [], address
        if address.startswith("claims/payload-"):
            text = shown(hostile_briefing.plain[address.split("/")[1]])
            assert page.title() == f"{text} - {title}"  # the tab shows the text as written
            assert shown(page.locator("article h1").evaluate(WITHOUT_PERMALINK)) == text
    assert traps.fired == []
    assert traps.scripts_that_left_the_site() == []


@pytest.mark.parametrize("payload", PAYLOADS[::8], ids=lambda p: p.origin)
def test_no_payload_runs_from_the_search_and_highlight_addresses(browser, served, payload):
    """Material reads a query from ?q= (search) and ?h= (highlight on the page) in the address."""
    page, traps = browser
    page.goto(f"{served}?q={quote(payload.text)}", wait_until="load")
    page.evaluate(SETTLE)
    page.goto(f"{served}claims/payload-000/?h={quote(payload.text)}", wait_until="load")
    page.evaluate(SETTLE)
    assert traps.fired == []
