"""The site works in a real browser: pages load and search finds a claim."""

from __future__ import annotations

import pytest

from .harness import search_site, serve_directory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_search_finds_a_claim_by_a_word_from_its_summary(chromium, built_basic_site):
    with serve_directory(built_basic_site) as base:
        page = chromium.new_page()
        page.goto(base)
        results = search_site(page, "Railway")
        assert results and "thoroughbred horses" in results[0].inner_text()
        page.close()


def test_pages_load_under_a_sub_path(chromium, built_basic_site):
    with serve_directory(built_basic_site, prefix="/briefing/") as base:
        page = chromium.new_page()
        response = page.goto(base + "claims/horses-by-train/")
        assert response.status == 200
        assert page.locator("h1").inner_text().startswith("Russia sent Kim Jong Un")
        stylesheet = page.evaluate("getComputedStyle(document.querySelector('.briefing-badge')).backgroundColor")
        assert stylesheet == "rgb(27, 110, 58)"  # briefing.css loaded from the sub-path
        page.close()
