"""In a real browser, under a sub-path: the feed a page advertises and the data files load."""

from __future__ import annotations

import json

import pytest

from .harness import serve_directory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_advertised_feed_and_the_data_files_load_under_a_sub_path(chromium, built_basic_site):
    with serve_directory(built_basic_site, prefix="/briefing/") as base:
        page = chromium.new_page()
        assert page.goto(base + "claims/horses-by-train/").status == 200
        feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
        assert feed.count() == 1
        feed_url = feed.evaluate("link => link.href")  # resolved by the browser
        assert feed_url == base + "feed.xml"
        response = page.request.get(feed_url)
        assert response.ok and b"<feed xmlns=\"http://www.w3.org/2005/Atom\"" in response.body()

        # The JSON-LD the browser sees is the one script of its kind, and parses.
        scripts = page.locator('script[type="application/ld+json"]')
        assert scripts.count() == 1
        assert json.loads(scripts.text_content())["@type"] == "ClaimReview"

        assert page.goto(base + "data/").status == 200
        for name in ("claims.json", "claims.csv", "feed.xml"):
            href = page.locator(f'a[href$="{name}"]').first.evaluate("a => a.href")
            assert href == base + name
            assert page.request.get(href).ok
        page.close()
