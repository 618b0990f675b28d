"""Lists split into numbered pages (generator/paging.py): the pure rules, the rendered pages,
and a real MkDocs build of a small synthetic briefing with small page sizes, crawled.

Page sizes are part of the render request (`PageSizes`), so a briefing of 24
claims splits every list as 10,000 claims would with the real sizes; the
real sizes leave the test fixtures and the seed briefing on one page each
(the golden files, test_render.py).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from functools import partial
from pathlib import Path

import pytest

from benchmarks.synthetic import write_briefing
from generator import paging
from generator.addresses import list_page, page_url, print_part
from generator.boundary import BuildRequest
from generator.briefing_index import BriefingIndex
from generator.chronology import Event, Month
from generator.pipeline import check_content
from generator.render import plan_site, render_site
from generator.site import build as build_site

from .conftest import BASIC, PROJECT
from .crawl import Crawler
from .harness import serve_directory

TEMPLATES = PROJECT / "site_templates" / "pages"
#: small enough that every list of a 24-claim briefing runs over several pages
SMALL = paging.PageSizes(claims=5, sources=4, groups=3, events=7, print_claims=6)
CLAIMS = 24
PAGER = re.compile(r'<nav class="briefing-pager".*?</nav>', re.S)
HREF = re.compile(r'href="([^"#]*)"')


# -- the rules ---------------------------------------------------------------------------


def test_the_first_page_keeps_the_lists_address_and_the_others_follow_it():
    assert list_page("claims/index.md", 1) == "claims/index.md"
    assert page_url(list_page("claims/index.md", 2)) == "claims/page/2/"
    assert page_url(list_page("verdicts/false.md", 3)) == "verdicts/false/page/3/"
    assert page_url(list_page("claimants/ada-lovelace.md", 2)) == "claimants/ada-lovelace/page/2/"
    assert page_url(list_page("timeline.md", 2)) == "timeline/page/2/"
    assert page_url(print_part(4)) == "print/part/4/"


def test_a_list_is_cut_into_pages_of_the_size_given_and_each_knows_its_neighbours():
    pagers = paging.paginate(tuple(range(11)), 5, partial(list_page, "sources/index.md"))
    assert [p.items for p in pagers] == [(0, 1, 2, 3, 4), (5, 6, 7, 8, 9), (10,)]
    assert [p.path for p in pagers] == ["sources/index.md", "sources/page/2.md", "sources/page/3.md"]
    assert (pagers[0].previous, pagers[0].next) == (None, "sources/page/2.md")
    assert (pagers[2].previous, pagers[2].next) == ("sources/page/2.md", None)
    assert [(p.start, p.total, p.count, p.split) for p in pagers] == [(0, 11, 3, True), (5, 11, 3, True), (10, 11, 3, True)]


def test_a_list_that_fits_is_one_page_without_a_pager_even_when_empty():
    (only,) = paging.paginate((), 5, partial(list_page, "claims/index.md"))
    assert (only.items, only.path, only.split) == ((), "claims/index.md", False)
    (full,) = paging.paginate(tuple(range(5)), 5, partial(list_page, "claims/index.md"))
    assert not full.split


@pytest.mark.parametrize(
    "number, count, shown",
    [
        (1, 1, (1,)),
        (1, 9, (1, 2, 3, None, 9)),
        (5, 10, (1, 2, 3, 4, 5, 6, 7, None, 10)),
        (9, 9, (1, None, 7, 8, 9)),
        (50, 100, (1, None, 48, 49, 50, 51, 52, None, 100)),
    ],
)
def test_the_pager_shows_the_first_the_last_and_the_pages_near_this_one(number, count, shown):
    pager = paging.Pager((), number, tuple(f"p{n}.md" for n in range(1, count + 1)))
    assert pager.numbers() == shown


def test_page_sizes_must_be_positive():
    with pytest.raises(ValueError, match="claims must be at least 1"):
        paging.PageSizes(claims=0)


def _month(year: int, month: int, events: int) -> Month:
    day = dt.date(year, month, 1)
    return Month(day, tuple(Event(day, "made", None) for _ in range(events)))  # type: ignore[arg-type]


def test_the_timeline_keeps_a_month_whole_where_it_fits_and_carries_a_long_one_over():
    months = (_month(2020, 1, 2), _month(2020, 2, 2), _month(2020, 3, 7), _month(2020, 4, 1))
    pagers = paging.paginate_months(months, 3, partial(list_page, "timeline.md"))
    shape = [[(m.first_day.month, len(m.events)) for m in p.items] for p in pagers]
    assert shape == [[(1, 2)], [(2, 2)], [(3, 3)], [(3, 3)], [(3, 1), (4, 1)]]
    assert [p.start for p in pagers] == [0, 2, 4, 7, 10] and pagers[0].total == 12
    assert all(sum(len(m.events) for m in p.items) <= 3 for p in pagers)


# -- the rendered pages ------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = write_briefing(tmp_path_factory.mktemp("synthetic") / "briefing", CLAIMS)
    result = check_content(folder)
    assert result.briefing is not None, result.problems
    return folder, result.briefing


def test_the_fixtures_and_the_seed_briefing_fit_on_one_page_each(compiled):
    for folder in (BASIC, PROJECT / "content"):
        briefing = check_content(folder).briefing
        assert briefing is not None
        paths = [page.path for page in render_site(briefing, TEMPLATES, caches=compiled.render()).pages]
        assert not [p for p in paths if "/page/" in p or p.startswith("print/")], folder


def _linked(page: str, html: str, directory_urls: bool = True) -> list[str]:
    """The Markdown paths the pager on `page` links to, resolved as a browser would."""
    (nav,) = PAGER.findall(html)
    here = page_url(page) if directory_urls else posixpath.dirname(page) + "/"
    found = []
    for href in HREF.findall(nav):
        target = posixpath.normpath(posixpath.join(here, href)) + ("/" if href.endswith("/") or href == "./" else "")
        found.append(target.removeprefix("./"))
    return found


def test_every_page_of_every_list_has_a_pager_whose_links_are_pages_of_that_list(synthetic, compiled):
    _, briefing = synthetic
    pages = {p.path: p.markdown for p in render_site(briefing, TEMPLATES, sizes=SMALL, caches=compiled.render()).pages}
    addresses = {page_url(path): path for path in pages}
    lists = {"claims/index.md", "sources/index.md", "claimants/index.md", "topics/index.md", "timeline.md"}
    index = BriefingIndex(briefing)
    lists |= {f"verdicts/{r}.md" for r, cs in index.by_rating.items() if len(cs) > SMALL.claims}
    lists |= {f"claimants/{s}.md" for s, cs in index.claimants.items() if len(cs) > SMALL.claims}
    lists |= {f"topics/{t}.md" for t, cs in index.topics.items() if len(cs) > SMALL.claims}
    assert any(p.startswith("claimants/") and p != "claimants/index.md" for p in lists), "no claimant page splits"
    for first in sorted(lists):
        stem = first.removesuffix(".md").removesuffix("/index")
        own = [first] + sorted((p for p in pages if p.startswith(f"{stem}/page/")), key=lambda p: int(p.split("/")[-1][:-3]))
        assert len(own) > 1, f"{first} did not split"
        for number, path in enumerate(own, 1):
            targets = {addresses[url] for url in _linked(path, pages[path])}
            assert targets <= set(own), f"{path} links out of its list: {targets - set(own)}"
            assert f"Page {number} of {len(own)}" in pages[path]
        assert 'aria-current="page"' in PAGER.findall(pages[own[1]])[0]
        assert 'rel="prev"' not in pages[own[0]] and 'rel="next"' not in pages[own[-1]]


def test_the_offline_copy_links_the_pages_as_files(synthetic):
    _, briefing = synthetic
    plan = plan_site(briefing, TEMPLATES, directory_urls=False, sizes=SMALL)
    files = {p.path.removesuffix(".md") + ".html": p for p in plan.pages}
    page = files["claims/page/2.html"]
    targets = _linked(page.path, page.render(), directory_urls=False)
    assert targets and all(t in files for t in targets), targets
    assert "claims/index.html" in targets and "claims/page/3.html" in targets


def test_the_printable_briefing_is_an_index_of_parts_holding_every_claim_once(synthetic, compiled):
    _, briefing = synthetic
    pages = {p.path: p for p in render_site(briefing, TEMPLATES, sizes=SMALL, caches=compiled.render()).pages}
    parts = sorted((p for p in pages if p.startswith("print/part/")), key=lambda p: int(p.split("/")[-1][:-3]))
    assert parts == [print_part(n) for n in range(1, -(-CLAIMS // SMALL.print_claims) + 1)]
    contents = pages["print.md"].markdown
    for n, part in enumerate(parts, 1):
        assert f'<a href="part/{n}/">Part {n}</a>' in contents
    printed = [m for part in parts for m in re.findall(r'<h2 id="claim&#45;([^"]+)"', pages[part].markdown)]
    wanted = [c.id for c in BriefingIndex(briefing).claims_by_date]
    assert [p.replace("&#45;", "-") for p in printed] == wanted
    assert [h[0] for h in pages[parts[0]].meta.headings] == [f"claim-{c}" for c in wanted[: SMALL.print_claims]]
    assert "in 4 parts, to print or save as PDF" in pages["index.md"].markdown


def test_past_the_first_page_the_title_says_which_page(synthetic, compiled):
    _, briefing = synthetic
    pages = {p.path: p for p in render_site(briefing, TEMPLATES, sizes=SMALL, caches=compiled.render()).pages}
    assert pages["claims/index.md"].meta.title == "All claims"
    assert pages["claims/page/2.md"].meta.title == "All claims, page 2 of 5"


def test_the_filters_of_a_page_of_claims_offer_what_is_on_that_page_and_say_so(synthetic, compiled):
    _, briefing = synthetic
    pages = {p.path: p.markdown for p in render_site(briefing, TEMPLATES, sizes=SMALL, caches=compiled.render()).pages}
    second = pages["claims/page/2.md"]
    assert "Filter the claims on this page by verdict, topic or claimant" in second
    assert 'data-msg-all="Showing all 5 claims on this page."' in second
    shown = set(re.findall(r'data-claimant="([^"]+)"', second))
    form = second[second.index("<form") : second.index("</form>")]
    offered = set(re.findall(r'<option value="([^"]+)">', form[form.index('data-filter="claimant"') :]))
    assert offered == shown
    # the links that filter without JavaScript still lead to every verdict, topic and claimant
    index = BriefingIndex(briefing)
    browse = second[second.index('<div class="briefing-browse">') : second.index("</details>")]
    assert len(re.findall(r'href="../../../claimants/', browse)) == len(index.claimants)


def test_past_a_few_topics_or_claimants_the_filter_panel_links_to_their_lists(synthetic):
    """The panel is on every page of /claims/: naming every claimant there (1,283 at 10,000
    claims) made each page 120 KB longer. Past `filter_links`, one link to the list stands for
    them; the verdicts are always named, and every link leads to a page of the site."""
    _, briefing = synthetic
    index = BriefingIndex(briefing)
    few = paging.PageSizes(claims=5, filter_links=len(index.claimants) - 1)
    assert len(index.topics) > few.filter_links
    rendered = {p.path: p.markdown for p in render_site(briefing, TEMPLATES, sizes=few).pages}
    claims_pages = [path for path in rendered if path == "claims/index.md" or path.startswith("claims/page/")]
    assert len(claims_pages) == -(-CLAIMS // few.claims)
    for path in claims_pages:
        page = rendered[path]
        browse = page[page.index('<div class="briefing-browse">') : page.index("</details>")]
        targets = [posixpath.normpath(posixpath.join(posixpath.dirname(page_url(path)), h)) for h in HREF.findall(browse)]
        verdicts = [f"verdicts/{r.id}" for r in briefing.ratings.all]
        assert targets == [*verdicts, "topics", "claimants"], path
        assert f'>All topics</a> ({len(index.topics)})' in browse and f'>All claimants</a> ({len(index.claimants)})' in browse
        # the form still offers this page's claimants and topics, for filtering in place
        form = page[page.index("<form") : page.index("</form>")]
        assert set(re.findall(r'data-claimant="([^"]+)"', page)) == set(
            re.findall(r'<option value="([^"]+)">', form[form.index('data-filter="claimant"') :])
        )
    assert {page_url(p).rstrip("/") for p in rendered} >= {"topics", "claimants"}
    named = render_site(briefing, TEMPLATES, sizes=paging.PageSizes(claims=5, filter_links=len(index.claimants))).pages
    first = next(p.markdown for p in named if p.path == "claims/index.md")
    browse = first[first.index('<div class="briefing-browse">') : first.index("</details>")]
    assert len(re.findall(r'<a href="../claimants/[^"]+/"', browse)) == len(index.claimants)  # as many as the limit: each named


def test_the_split_pages_come_out_as_python_markdown_makes_them(synthetic, compiled):
    """The new pages (later pages of lists, the printable index and parts) are headings and HTML blocks
    too: given only their headings, Python-Markdown makes the page it makes of the whole, and the
    headings the generator writes itself are Python-Markdown's (as test_html_blocks checks the others)."""
    from markdown.extensions.toc import slugify
    from mkdocs.structure.pages import _ExtractTitleTreeprocessor
    from mkdocs.utils.meta import get_data

    from generator import html_blocks

    from .test_html_blocks import _converter

    _, briefing = synthetic
    compared = set()
    for page in render_site(briefing, TEMPLATES, sizes=SMALL, caches=compiled.render()).pages:
        if "/page/" in page.path or page.path.startswith("print"):
            assert page.meta.html_blocks, page.path
            body, _ = get_data(page.markdown)
            split = html_blocks.split(body)
            converter = _converter()
            title = _ExtractTitleTreeprocessor()
            title._register(converter)
            headings = converter.convert(split.markdown)
            assert split.assemble(headings) == _converter().convert(body), page.path
            written = html_blocks.write_headings(split.headings, slugify, "Permanent link")
            assert (written.html, written.toc_tokens, written.title) == (headings, converter.toc_tokens, title.title), page.path
            compared.add(page.meta.kind)
    assert compared == {"list", "timeline", "print", "verdict", "claimant", "topic"}


# -- a real build ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(synthetic, tmp_path_factory, compiled) -> Path:
    folder, briefing = synthetic
    out = tmp_path_factory.mktemp("built") / "site"
    rendered = render_site(briefing, TEMPLATES, sizes=SMALL, caches=compiled.render())
    build_site(BuildRequest(folder, out, briefing=briefing, rendered=rendered, caches=compiled.build()))
    return out


@pytest.mark.slow
def test_every_claim_is_reached_by_following_the_pager_from_the_claims_list(built, synthetic):
    _, briefing = synthetic
    assert (built / "claims" / "index.html").is_file() and (built / "claims" / "page" / "2" / "index.html").is_file()
    seen: list[str] = []
    address, pages = "claims/", 0
    while address:
        html = (built / address / "index.html").read_text(encoding="utf-8")
        for href in re.findall(r'<td class="briefing-claims__claim" dir="auto"><a href="([^"]+)"', html):
            seen.append(posixpath.normpath(posixpath.join(address, href)).removeprefix("claims/"))
        pages += 1
        following = re.search(r'<a href="([^"]+)" rel="next">', html)
        address = posixpath.normpath(posixpath.join(address, following.group(1))) + "/" if following else ""
    assert pages == -(-CLAIMS // SMALL.claims)
    assert seen == [c.id for c in BriefingIndex(briefing).claims_by_date]


@pytest.mark.slow
def test_the_built_site_has_no_broken_link_and_its_sitemap_lists_the_new_pages(built):
    with serve_directory(built) as base:
        report = Crawler(base).crawl(base, base + "claims/", base + "print/", base + "timeline/")
    assert not report.failures, "\n".join(report.failures[:20])
    assert base + "claims/page/5/" in report.fetched and base + "print/part/4/" in report.fetched
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    for address in ("claims/page/2/", "sources/page/2/", "timeline/page/2/", "print/part/1/", "topics/page/2/"):
        assert address in sitemap, address
