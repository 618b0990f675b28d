"""The built site, machine-readable: ClaimReview JSON-LD, sharing metadata, data files.

Real MkDocs builds, read back with an HTML parser, `json`, `csv` and an
XML parser, and compared with the content.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator import model as m
from generator.escape import one_line
from generator.exports import CSV_COLUMNS, JSON_FIELDS, RATING_FIELDS, SOURCE_FIELDS
from generator.pipeline import check_content
from generator.render import render_site
from generator.boundary import BuildRequest
from generator.site import build as build_site, mkdocs_config

from .conftest import BASIC, FIXTURES, PROJECT
from .golden import TEMPLATES

pytestmark = pytest.mark.slow

HOSTILE = FIXTURES / "hostile"
SITE = "https://example.org/briefing/"


class Head(HTMLParser):
    """The <link>, <meta> and JSON-LD <script> elements of a page, attributes unescaped."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []
        self.metas: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "link":
            self.links.append(attributes)
        elif tag == "meta":
            self.metas.append(attributes)
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def meta(self, key: str) -> list[str]:
        return [m["content"] for m in self.metas if m.get("property") == key or m.get("name") == key]

    def link(self, rel: str, type_: str | None = None) -> list[str]:
        return [l["href"] for l in self.links if l.get("rel") == rel and (type_ is None or l.get("type") == type_)]


def load(root: Path) -> m.Briefing:
    result = check_content(root)
    assert result.ok, result.problems
    return result.briefing


@pytest.fixture
def basic_site(basic_site_for_example_org) -> Path:
    return basic_site_for_example_org


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, compiled) -> Path:
    out = tmp_path_factory.mktemp("meta-hostile") / "site"
    build_site(BuildRequest(HOSTILE, out, site_url=SITE, caches=compiled.build()))
    return out


def head(site: Path, address: str) -> Head:
    return Head((site / address / "index.html").read_text(encoding="utf-8"))


def every_page(site: Path) -> list[str]:
    """The address of every page of the site, relative to its root ("" for the home page)."""
    return sorted(p.parent.relative_to(site).as_posix().removeprefix(".") for p in site.rglob("index.html"))


# -- ClaimReview ----------------------------------------------------------------------------


@pytest.mark.parametrize("root", [BASIC, HOSTILE], ids=["basic", "hostile"])
def test_each_claim_page_has_one_claim_review_matching_the_content(root, basic_site, hostile_site):
    site = basic_site if root == BASIC else hostile_site
    briefing = load(root)
    for claim in briefing.claims:
        found = head(site, f"claims/{claim.id}").json_ld
        assert len(found) == 1, claim.id
        review = json.loads(found[0])
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["url"] == f"{SITE}claims/{claim.id}/"
        assert review["claimReviewed"] == claim.text
        assert review["datePublished"] == claim.first_reviewed.isoformat()  # the first review, kept
        assert review["dateModified"] == claim.verdict.reviewed.isoformat()
        assert review["author"]["@type"] == "Organization"
        assert review["author"]["name"] == briefing.publisher.name
        assert review["author"].get("url") == briefing.publisher.url
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] == claim.verdict.rating.label
        assert rating["ratingExplanation"] == claim.verdict.summary
        if claim.verdict.rating.value is None:
            assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)
        else:
            assert rating["ratingValue"] == claim.verdict.rating.value
            assert (rating["bestRating"], rating["worstRating"]) == (len(briefing.ratings.scale), 1)
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["datePublished"] == claim.date.isoformat()
        assert item["author"]["name"] == claim.claimant.name
        assert "@type" not in item["author"]  # a v1 briefing does not say whether a person or an organization
        assert item["author"].get("description") == claim.claimant.role
        appearances = ([item["firstAppearance"]] if "firstAppearance" in item else []) + item.get("appearance", [])
        assert len(appearances) == len(claim.appearances)
        for work, appearance in zip(appearances, claim.appearances):
            assert work["@type"] == "CreativeWork" and work["name"] == appearance.source.title
            assert work.get("url") == appearance.source.url  # only when the source has one
            assert work["publisher"]["name"] == appearance.source.publisher


def test_claim_review_of_content_format_v11(compiled):
    """Claimant types become schema.org types; a withdrawn claim has no ClaimReview (no build needed)."""
    briefing = check_content(FIXTURES / "v11").briefing
    metas = {page.path: page.meta for page in render_site(briefing, TEMPLATES, SITE, caches=compiled.render()).pages}
    reviews = {}
    for claim in briefing.claims:
        json_ld = metas[f"claims/{claim.id}.md"].json_ld
        reviews[claim.id] = json.loads(json_ld) if json_ld else None
    assert reviews["horses-by-train-withdrawn"] is None
    assert reviews["dprk-denies-arms-exports"]["itemReviewed"]["author"]["@type"] == "Organization"
    assert reviews["dprk-denies-arms-dealings"]["itemReviewed"]["author"]["@type"] == "Person"
    re_rated = reviews["dprk-denies-arms-exports"]
    assert (re_rated["datePublished"], re_rated["dateModified"]) == ("2022-09-23", "2022-11-08")
    assert re_rated["author"] == {"@type": "Organization", "name": "Example Fact Check", "url": "https://example.org/"}


def test_only_claim_pages_carry_json_ld(basic_site):
    for address in every_page(basic_site):
        count = len(head(basic_site, address).json_ld)
        assert count == (1 if address.startswith("claims/") else 0), address


def test_hostile_text_cannot_end_the_json_ld_script(hostile_site):
    html = (hostile_site / "claims" / "formula" / "index.html").read_text(encoding="utf-8")
    script = html[html.index('<script type="application/ld+json">') :]
    script = script[: script.index("</script>")]
    assert "<" not in script.removeprefix('<script type="application/ld+json">')
    review = json.loads(head(hostile_site, "claims/formula").json_ld[0])
    assert review["claimReviewed"] == '=HYPERLINK("http://evil.example/","Click"), then </script><script>alert(1)</script>'
    assert "\u2028after a line separator\u2029" in review["reviewRating"]["ratingExplanation"]


# -- sharing metadata --------------------------------------------------------------------


def test_every_page_has_canonical_feed_and_social_tags(basic_site, compiled):
    rendered = render_site(load(BASIC), TEMPLATES, SITE, caches=compiled.render())
    for address in every_page(basic_site):
        tags = head(basic_site, address)
        url = SITE + (address + "/" if address else "")
        assert tags.link("canonical") == [url], address
        [feed] = tags.link("alternate", "application/atom+xml")
        assert urljoin(url, feed) == SITE + "feed.xml"
        meta = next(p.meta for p in rendered.pages if p.meta.url == url)
        assert tags.meta("og:url") == [url]
        assert tags.meta("og:title") == tags.meta("twitter:title") == [meta.title]
        assert tags.meta("description") == tags.meta("og:description") == tags.meta("twitter:description") == [meta.description]
        assert tags.meta("twitter:card") == ["summary"]
        assert tags.meta("og:type") == ["article" if address.startswith("claims/") else "website"]


def test_claim_page_social_card_is_the_claim_and_its_verdict(hostile_site):
    briefing = load(HOSTILE)
    for claim in briefing.claims:
        tags = head(hostile_site, f"claims/{claim.id}")
        # As on the page, a line break in plain text is shown as a space; nothing else changes.
        assert tags.meta("og:title") == [one_line(claim.text)]
        assert tags.meta("og:description") == [one_line(f"{claim.verdict.rating.label}: {claim.verdict.summary}")]
        assert tags.meta("og:site_name") == [briefing.title]


def test_feed_link_works_under_a_sub_path(basic_site):
    tags = Head((basic_site / "404.html").read_text(encoding="utf-8"))
    assert tags.link("alternate", "application/atom+xml") == ["/briefing/feed.xml"]


# -- the data files in the site -------------------------------------------------------------


@pytest.mark.parametrize("root", [BASIC, HOSTILE], ids=["basic", "hostile"])
def test_the_site_publishes_the_exports_byte_for_byte(root, basic_site, hostile_site, compiled):
    site = basic_site if root == BASIC else hostile_site
    for data in render_site(load(root), TEMPLATES, SITE, caches=compiled.render()).files:
        assert (site / data.path).read_bytes() == data.content, data.path
    json.loads((site / "claims.json").read_bytes())
    ET.fromstring((site / "feed.xml").read_bytes())


def test_the_data_page_explains_the_files_and_links_to_them(basic_site):
    html = (basic_site / "data" / "index.html").read_text(encoding="utf-8")
    for name in ("claims.json", "claims.csv", "feed.xml"):
        assert f'href="../{name}"' in html
    text = unescape(html)
    documented = [f.path for f in (*JSON_FIELDS, *RATING_FIELDS, *SOURCE_FIELDS)] + [c.name for c in CSV_COLUMNS]
    for name in documented:
        assert f"<code>{name}</code>" in text, name
    about = (basic_site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/"' in about


# -- the site address from the environment or the command line --------------------------------


def built_claim_review(site: Path) -> dict:
    return json.loads(head(site, "claims/horses-by-train").json_ld[0])


def test_site_url_from_the_environment_reaches_every_absolute_address(tmp_path):
    """`make build` with SITE_URL set: no file edited."""
    env = os.environ | {"SITE_URL": "https://fork.example/elsewhere/"}
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(BASIC), "--site-dir", str(site)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert built_claim_review(site)["url"] == "https://fork.example/elsewhere/claims/horses-by-train/"
    assert head(site, "claims/horses-by-train").link("canonical") == ["https://fork.example/elsewhere/claims/horses-by-train/"]
    assert ET.fromstring((site / "feed.xml").read_bytes()).findtext("{http://www.w3.org/2005/Atom}id") == (
        "https://fork.example/elsewhere/feed.xml"
    )
    assert b"https://fork.example/elsewhere/claims/" in (site / "claims.csv").read_bytes()


def test_plain_mkdocs_reads_site_url_from_the_environment(tmp_path, monkeypatch):
    """mkdocs.yml's `site_url: !ENV [SITE_URL, ...]`, as `mkdocs build` loads it."""
    monkeypatch.setenv("SITE_URL", "https://fork.example/elsewhere/")
    assert mkdocs_config(BuildRequest(BASIC, tmp_path / "site")).site_url == "https://fork.example/elsewhere/"


def test_site_url_from_the_command_line_wins_over_the_environment(tmp_path):
    env = os.environ | {"SITE_URL": "https://ignored.example/"}
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(BASIC), "--site-dir", str(site), "--site-url", "https://cli.example/x"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert built_claim_review(site)["url"] == "https://cli.example/x/claims/horses-by-train/"
    assert json.loads((site / "claims.json").read_bytes())["briefing"]["page"] == "https://cli.example/x/"


def test_a_bad_site_url_is_a_usage_error_not_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(BASIC), "--site-dir", str(tmp_path / "s")],
        cwd=PROJECT,
        env=os.environ | {"SITE_URL": "javascript:alert(1)"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert "must start with https:// or http://" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "s").exists()


def test_render_writes_the_data_files_too(tmp_path, compiled):
    out = tmp_path / "md"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "render", "--content", str(BASIC), "--out", str(out), "--site-url", SITE],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for data in render_site(load(BASIC), TEMPLATES, SITE, caches=compiled.render()).files:
        assert (out / data.path).read_bytes() == data.content
    assert (out / "data.md").is_file()
