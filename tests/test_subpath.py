"""The site works under any path, as GitHub Pages serves a project site under /<repo>/.

A real MkDocs build, its `site_url` under a sub-path, served on 127.0.0.1
under that prefix; every page is crawled and every internal link, asset and
#anchor must resolve without leaving the prefix.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest

from generator.boundary import BuildRequest
from generator.site import build as build_site

from .conftest import BASIC, PROJECT
from .crawl import Crawler, fetch
from .harness import serve_directory

pytestmark = pytest.mark.slow

PREFIX = "/fact-check-briefing/"
REAL_CONTENT = PROJECT / "content"
BRIEFINGS = [
    pytest.param(BASIC, id="basic-fixture"),
    pytest.param(
        REAL_CONTENT,
        id="content",
        marks=pytest.mark.skipif(
            not (REAL_CONTENT / "briefing.yaml").is_file(), reason="content/ has no briefing yet"
        ),
    ),
]


@pytest.fixture(scope="module", params=BRIEFINGS)
def served_site(request, tmp_path_factory, compiled):
    """(base URL, site folder): the briefing built for and served under PREFIX."""
    root = tmp_path_factory.mktemp("subpath") / "site"
    root.mkdir()
    with serve_directory(root, PREFIX) as base:
        # The port is known only once the server runs; the build then swaps into the served folder.
        build_site(BuildRequest(request.param, root, site_url=base, caches=compiled.build()))
        yield base, root


def test_every_page_link_asset_and_anchor_resolves_under_the_prefix(served_site):
    base, root = served_site
    report = Crawler(base).crawl(base)
    assert report.failures == []
    built_pages = {path.parent.relative_to(root).as_posix() for path in root.rglob("index.html")}
    crawled = {urllib.parse.urlsplit(url).path.removeprefix(PREFIX).rstrip("/") or "." for url in report.pages}
    assert built_pages <= crawled, f"pages no link reaches: {sorted(built_pages - crawled)}"
    assert any(url.endswith(".css") for url in report.fetched) and any(url.endswith(".js") for url in report.fetched)


def test_the_404_page_works_at_any_depth(served_site):
    # GitHub Pages answers any missing address with 404.html, so its links must be absolute.
    base, _ = served_site
    crawler = Crawler(base)
    crawler.crawl(base)
    crawler.check_page_as_served_at(base + "404.html", base + "no/such/deep/page/")
    assert crawler.report.failures == []


def test_absolute_addresses_use_the_published_url(served_site):
    base, _ = served_site
    status, _, body = fetch(base + "sitemap.xml")
    assert status == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8"))
    assert locations and all(loc.startswith(base) for loc in locations)
    assert all(fetch(loc)[0] == 200 for loc in locations)
    claim = next(loc for loc in locations if re.search(r"/claims/[^/]+/$", loc))
    _, _, page = fetch(claim)
    assert f'<link rel="canonical" href="{claim}">' in page.decode("utf-8")


def test_the_crawler_catches_what_it_is_meant_to(tmp_path):
    """The checker itself: a broken link, a missing anchor and an escape from the prefix all fail."""
    (tmp_path / "index.html").write_text(
        '<a href="good/">ok</a> <a href="missing/">gone</a> <a href="good/#nowhere">anchor</a>'
        ' <a href="good/#here">anchor ok</a> <a href="/elsewhere/">out</a> <a href="https://example.org/">ext</a>',
        encoding="utf-8",
    )
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "index.html").write_text('<h1 id="here">Here</h1>', encoding="utf-8")
    with serve_directory(tmp_path, PREFIX) as base:
        report = Crawler(base).crawl(base)
    failures = "\n".join(report.failures)
    assert len(report.failures) == 3, failures
    assert f"broken link to {base}missing/" in failures
    assert f"missing anchor {base}good/#nowhere" in failures
    assert "'/elsewhere/' leaves the site's path" in failures
    assert report.external == {"https://example.org/"}
