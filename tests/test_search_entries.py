"""Search entries made from the model: one result per claim and per source, lean and escaped."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from mkdocs.plugins import BasePlugin

from generator import plugin
from generator.boundary import BuildRequest
from generator.i18n import translator
from generator.markup import HtmlCache
from generator.pipeline import check_content
from generator.search_entries import claim_entry, source_entry
from generator.site import mkdocs_config

from .conftest import BASIC, FIXTURES


def _briefing(name: str):
    result = check_content(FIXTURES / name)
    assert result.briefing is not None, result.problems
    return result.briefing


def test_a_claim_is_found_by_its_claimant_a_publisher_and_a_word_of_its_analysis() -> None:
    briefing = _briefing("basic")
    claim = next(c for c in briefing.claims if c.id == "horses-by-train")
    entry = claim_entry(claim, translator("en"), HtmlCache().html_of)
    assert entry.title == "Accurate: Russia sent Kim Jong Un a trainload of 30 thoroughbred horses."
    assert entry.boost == 2
    assert claim.claimant.name in entry.text
    publishers = {item.source.publisher for item in claim.verdict.evidence}
    assert len(publishers) == 2 and all(publisher in entry.text for publisher in publishers)
    assert "Far Eastern Railway" in entry.text  # from the summary and the analysis
    assert entry.for_material("claims/horses-by-train/") == {
        "location": "claims/horses-by-train/", "title": entry.title, "text": entry.text, "boost": 2,
    }  # fmt: skip


def test_a_claims_entry_leaves_out_what_other_pages_hold() -> None:
    """The evidence's quotes are on the claim's page, not in its search entry (the index stays small)."""
    briefing = _briefing("basic")
    claim = next(c for c in briefing.claims if c.id == "horses-by-train")
    entry = claim_entry(claim, translator("en"), HtmlCache().html_of)
    quotes = [item.quote for item in claim.verdict.evidence if item.quote]
    assert quotes and not [q for q in quotes if q in entry.text and q not in claim.verdict.analysis]
    assert "<a " not in entry.text and "href" not in entry.text


def test_a_withdrawn_claim_is_labelled_so_in_the_sites_language() -> None:
    briefing = _briefing("v11")
    claim = next(c for c in briefing.claims if c.withdrawn)
    assert claim_entry(claim, translator("en"), HtmlCache().html_of).title.startswith("Withdrawn: ")
    assert claim_entry(claim, translator("fr"), HtmlCache().html_of).title.startswith("Retiré")


def test_a_source_is_found_by_its_publisher_and_text_is_escaped() -> None:
    briefing = _briefing("basic")
    source = briefing.sources[0]
    entry = source_entry(source, translator("en"), HtmlCache().html_of)
    assert entry.title and f"Publisher: {source.publisher}" in entry.text and entry.boost is None


def test_html_in_content_stays_text_in_an_entry(hostile_briefing) -> None:
    result = check_content(hostile_briefing.root)
    assert result.briefing is not None
    for claim in result.briefing.claims:
        entry = claim_entry(claim, translator("en"), HtmlCache().html_of)
        assert "<script" not in entry.title + entry.text and "<img" not in entry.title + entry.text


# -- Material's search plugin, given nothing to look through on pages it skips (generator/plugin.py) --

#: Material's own expression (material/plugins/search/plugin.py, on_page_context)
MATERIAL_STRIPS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


@given(st.lists(st.sampled_from(["data-search-", "exclude", "=", '"', " ", "x", ">", "<p "]), max_size=12).map("".join))
def test_a_page_is_set_aside_only_where_materials_expression_would_change_nothing(html: str) -> None:
    assert plugin._has_search_attributes(html) == (MATERIAL_STRIPS.sub("", html) != html)


def test_our_pages_valueless_attributes_are_not_what_material_strips() -> None:
    assert not plugin._has_search_attributes('<p data-search-exclude>a</p><div data-search-exclude class="x">')
    assert plugin._has_search_attributes('<p data-search-exclude>a</p><h2 data-search-title="b">')


class _Reader(BasePlugin):
    def on_page_context(self, context, page, config, nav):
        return context


def test_with_another_plugin_reading_the_page_it_is_never_set_aside(tmp_path) -> None:
    config = mkdocs_config(BuildRequest(BASIC, tmp_path / "site"))
    briefing = config.plugins["briefing"]
    assert plugin._only_search_between(config.plugins, briefing)
    config.plugins["reader"] = _Reader()
    assert not plugin._only_search_between(config.plugins, briefing)
