"""The offline copy (`build --offline`), opened from the file system as a reader would open it.

Built once by the command line, then read in Chromium over file://: a
click from the home page to a claim, a search that finds a claim, and not
one request that leaves the copy (every request is trapped and listed) nor
one script the Content-Security-Policy blocks.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from .browser_traps import SETTLE, Traps
from .conftest import BASIC, PROJECT, run_cli
from .harness import search_site


CLAIM_TEXT = "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses."
SITE_URL = "https://example.org/briefing/"


def test_make_offline_writes_the_copy_the_workflow_keeps_as_a_zip():
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^offline: .*\n\t\$\(BIN\)/python -m generator build --offline --site-dir site-offline$", makefile, re.M)
    assert "/site-offline/" in (PROJECT / ".gitignore").read_text(encoding="utf-8").splitlines()
    workflow = yaml.safe_load((PROJECT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    (make,) = [s for s in steps if "make offline" in s.get("run", "").splitlines()]
    (keep,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert steps.index(make) < steps.index(keep) and "if" not in make and "if" not in keep
    assert keep["with"]["path"] == "site-offline" and keep["with"]["if-no-files-found"] == "error"


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "copy"
    result = run_cli("build", "--offline", "--content", str(BASIC), "--site-dir", str(out), "--site-url", SITE_URL)
    assert result.returncode == 0, result.stderr
    assert f"Open {out / 'index.html'} in a browser" in result.stdout
    return out


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.slow
def test_pages_are_files_and_every_link_between_them_opens_a_file(offline_copy):
    assert (offline_copy / "claims" / "horses-by-train.html").is_file()
    assert not (offline_copy / "claims" / "horses-by-train").exists()
    checked = 0
    # 404.html is for a server, which sends it for any address: its links start at the site's root.
    for page in [p for p in html_files(offline_copy) if p.name != "404.html"]:
        for href in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "//")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(offline_copy)} links to {href}, which is not a file"
            checked += 1
    assert checked > 500


@pytest.mark.slow
def test_the_canonical_address_is_the_published_one_not_the_copys_file(offline_copy):
    html = (offline_copy / "claims" / "horses-by-train.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}claims/horses-by-train/">' in html


@pytest.mark.slow
def test_search_index_as_a_script_and_the_worker_shim_are_in_the_copy(offline_copy):
    assert (offline_copy / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    home = (offline_copy / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/javascripts/iframe-worker.js"' in home
    for page in html_files(offline_copy):
        html = page.read_text(encoding="utf-8")
        # nothing loaded from elsewhere: no script, stylesheet or font from the network
        assert not re.search(r'<script[^>]+src="(https?:)?//', html), page
        assert not re.search(r'<link[^>]+rel="stylesheet"[^>]+href="(https?:)?//', html), page
        assert "fonts.googleapis.com" not in html and "unpkg.com" not in html, page


@pytest.fixture
def reader(chromium, offline_copy):
    """A fresh browser context with every trap armed; `reader.page` opened on the copy's home page."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    traps = Traps.arm(context, "file://")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((offline_copy / "index.html").as_uri())
    yield page, traps, requests, errors
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_click_from_home_opens_a_claim(reader, offline_copy):
    page, traps, requests, errors = reader
    link = page.locator('a[href="claims/horses-by-train.html"]').first
    link.click()
    page.wait_for_load_state()
    assert page.url == (offline_copy / "claims" / "horses-by-train.html").as_uri()
    assert CLAIM_TEXT in page.locator("h1").inner_text()
    page.evaluate(SETTLE)
    assert traps.fired == [] and traps.outside == [] and errors == []
    assert requests and all(url.startswith("file://") for url in requests), requests


@pytest.mark.slow
@pytest.mark.browser
def test_search_finds_a_claim_without_a_server(reader, offline_copy):
    page, traps, requests, errors = reader
    results = search_site(page, "thoroughbred")
    assert results, "search found nothing"
    assert CLAIM_TEXT in results[0].inner_text()
    results[0].locator("a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith((offline_copy / "claims" / "horses-by-train.html").as_uri())
    page.evaluate(SETTLE)
    # The search worker's frame ran its script (allowed by hash) and nothing left the copy.
    assert traps.fired == [] and traps.outside == [] and errors == []
    assert all(url.startswith("file://") for url in requests), requests
