"""The second engine: `build --engine zensical` builds the rendered Markdown with Zensical."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from generator.pipeline import check_content

from .conftest import BASIC, PROJECT, run_cli

pytestmark = pytest.mark.slow


def test_the_seed_briefing_builds_with_zensical_and_search_finds_its_claims(tmp_path):
    site = tmp_path / "site"
    result = run_cli("build", "--engine", "zensical", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert "with Zensical" in result.stdout
    briefing = check_content(PROJECT / "content").briefing
    for claim in briefing.claims:
        page = site / "claims" / claim.id / "index.html"
        assert page.is_file(), f"no page for {claim.id}"
        assert 'content="zensical-' in page.read_text(encoding="utf-8")  # built by Zensical, not MkDocs
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    for claim in briefing.claims:
        # the longest word of the claim, as a reader would type it into the search box
        word = max(re.findall(r"[A-Za-z]{4,}", claim.text), key=len).lower()
        found = {
            item["location"].split("#")[0]
            for item in index["items"]
            if word in (item["title"] + " " + item["text"]).lower()
        }
        assert f"claims/{claim.id}/" in found, f"searching {word!r} does not find {claim.id}"
    for data in ("claims.json", "claims.csv", "feed.xml", "stylesheets/briefing.css"):
        assert (site / data).is_file(), data
    home = (site / "index.html").read_text(encoding="utf-8")
    # Zensical's own search button, not the search form of the MkDocs theme override, which breaks its header
    assert 'class="md-search__button"' in home and "md-search__form" not in home
    assert 'type="application/atom+xml"' in home  # the rest of the theme override is used


def test_a_title_with_markup_stays_text_under_zensical(tmp_path):
    """Zensical's templates print the site name unescaped in places; the adapter escapes it."""
    content = tmp_path / "content"
    shutil.copytree(BASIC, content)
    briefing = content / "briefing.yaml"
    briefing.write_text(
        briefing.read_text().replace("title: Test briefing", "title: \"<script>alert(1)</script> & <b>co</b>\""),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = run_cli("build", "--engine", "zensical", "--content", str(content), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<b>co</b>" not in html, page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;" in (site / "index.html").read_text()


def test_zensical_leaves_the_previous_site_when_the_content_is_invalid(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BASIC, content)
    (content / "claims" / "horses-by-train.yaml").write_text("claim: [unclosed\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous")
    result = run_cli("build", "--engine", "zensical", "--content", str(content), "--site-dir", str(site))
    assert result.returncode == 1
    assert "horses-by-train.yaml" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no working folder left behind
