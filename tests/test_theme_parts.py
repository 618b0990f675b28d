"""The frame's parts rendered once per folder (generator/theme_parts.py): which pages share them.

That shared parts come out as the theme makes them is checked against plain
MkDocs in test_html_blocks.py (every page of a synthetic briefing).
"""

from __future__ import annotations

from types import SimpleNamespace

from generator.theme_parts import around_title, shared_key

HOME, CLAIMS = SimpleNamespace(url=""), SimpleNamespace(url="claims/")
NAV = SimpleNamespace(pages=[HOME, CLAIMS])


def key(url: str):
    return shared_key("nav", SimpleNamespace(url=url), NAV)


def test_pages_of_one_folder_share_their_parts_and_other_folders_do_not():
    assert key("claims/a/") == key("claims/b/") == ("nav", "claims/")
    assert key("claims/page/2/") == key("claims/page/3/") != key("claims/a/")
    assert key("sources/a/") != key("claims/a/")
    assert shared_key("tabs", SimpleNamespace(url="claims/a/"), NAV) != key("claims/a/")


def test_a_page_at_the_top_or_in_the_navigation_is_rendered_on_its_own():
    assert key("data/") is None  # the footer links to it: "./" there, "../data/" elsewhere
    assert shared_key("nav", CLAIMS, NAV) is None
    assert shared_key("nav", None, NAV) is None  # a page of the theme's own (404)
    assert shared_key("nav", SimpleNamespace(url="claims/a/"), None) is None


def test_the_offline_copys_page_files_share_by_their_folder():
    assert key("claims/a.html") == key("claims/b.html") == ("nav", "claims")
    assert key("data.html") == key("about.html") == ("nav", "")  # addresses relative to the same folder


HEADER = (
    '<header><a title="Briefing">Briefing</a><div class="md-header__topic" data-md-component="header-topic">\n'
    '  <span class="md-ellipsis">\n    {title}\n  </span>\n</div><label>Search</label></header>'
)


def test_the_header_is_shared_around_the_title_it_prints_after_its_marker():
    html = HEADER.format(title="Claim &amp; counter-claim")
    before, after = around_title(html, "Claim &amp; counter-claim")
    assert before.endswith('<span class="md-ellipsis">\n    ') and after.startswith("\n  </span>")
    assert before + "Another claim" + after == HEADER.format(title="Another claim")


def test_a_title_that_cannot_be_told_apart_from_the_markup_is_not_shared():
    assert around_title(HEADER.format(title="span"), "span") is None  # "span" comes first in <span ...>
    assert around_title(HEADER.format(title="Search"), "Search") is None  # printed again after it
    assert around_title(HEADER.format(title="A"), "") is None
    assert around_title(HEADER.format(title="A"), "B") is None
    assert around_title("<header>A</header>", "A") is None  # no marker
