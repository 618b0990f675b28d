"""The reader's pages, as rendered Markdown: what each page type shows and how they connect.

These run on tests/fixtures/reader (the basic briefing plus two claims, a
five-point scale and archived addresses) without a browser; the browser
tests in test_reader_browser.py check the same site as a reader meets it.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import pytest

from generator import chart
from generator.i18n import translator
from generator.pipeline import check_content
from generator.briefing_index import RELATED_LIMIT, BriefingIndex
from generator.render import render_site
from benchmarks.synthetic import write_briefing
from generator.boundary import BuildRequest
from generator.site import build as build_site

from .conftest import FIXTURES
from .crawl import Crawler
from .golden import TEMPLATES
from .harness import serve_directory

READER = FIXTURES / "reader"


@pytest.fixture(scope="module")
def pages(compiled) -> dict[str, str]:
    result = check_content(READER)
    assert result.ok, result.problems
    return {page.path: page.markdown for page in render_site(result.briefing, TEMPLATES, caches=compiled.render()).pages}


class Elements(HTMLParser):
    """Every start tag (with its attributes) and every piece of text in some HTML."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.texts).split())


def as_html(page_markdown: str) -> str:
    """What MkDocs makes of a page (the same Markdown extensions as mkdocs.yml)."""
    return markdown.markdown(page_markdown, extensions=["tables", "toc"])


def text_of(page_markdown: str) -> str:
    return Elements(as_html(page_markdown)).text


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


# -- every page type, connected ----------------------------------------------------


def test_every_page_type_is_rendered(pages):
    expected = {
        "index.md", "claims/index.md", "timeline.md", "print.md", "about.md", "ratings.md", "corrections.md",
        "sources/index.md", "claimants/index.md", "topics/index.md",
        "claims/rail-trade-resumed-after-two-years.md", "sources/un-ga-2022-03-02-vote.md",
        "claimants/interfax.md", "topics/un-votes.md",
    }  # fmt: skip
    verdicts = {f"verdicts/{r}.md" for r in ("accurate", "mostly-accurate", "misleading", "mostly-false", "false", "unproven")}
    assert expected | verdicts <= set(pages)


@pytest.mark.slow
def test_every_link_and_anchor_of_the_built_site_resolves(tmp_path, compiled):
    """Links in raw HTML are not checked by MkDocs: crawl the built site, anchors included."""
    root = tmp_path / "site"
    root.mkdir()
    with serve_directory(root, "/briefing/") as base:
        build_site(BuildRequest(READER, root, site_url=base, caches=compiled.build()))
        report = Crawler(base).crawl(base)
    assert report.failures == []
    for address in ("verdicts/mostly-accurate/", "timeline/", "print/", "claimants/interfax/", "topics/un-votes/"):
        assert base + address in report.pages, address


# -- the claim page --------------------------------------------------------------------


def test_claim_page_opens_with_the_claim_then_a_summary_box_verdict_why_who_when(pages):
    page = pages["claims/rail-trade-resumed-after-two-years.md"]
    claim = "Rail trade between Russia and North Korea resumed following a two-year hiatus due to COVID-19."
    box = page[page.index("<section") : page.index("</section>")]
    text = Elements(box).text
    # The claim is the heading, and said once: not again in the box.
    assert html.unescape(page.split("---\n")[2]).startswith(f"# {claim}")
    assert html.unescape(text_of(page)).count(claim) == 1
    assert text.startswith("Verdict Mostly accurate The reopening is confirmed")
    assert 'class="briefing-badge briefing-badge--tone-3">Mostly accurate</span>' in box
    assert "The reopening is confirmed, but the AP puts the closure at 2½ years" in html.unescape(text)
    assert "Claimed by Interfax, Russian news agency, as reported by Newsweek, on 2 November 2022" in text
    assert "Last reviewed 8 November 2022" in text


def test_an_appearance_is_not_listed_again_as_bare_context_evidence(briefing, compiled):
    """A source where the claim appeared is listed once; as context evidence again only with a quote or note."""

    def sections() -> tuple[str, str]:
        result = briefing.check()
        assert result.ok, result.problems
        page = next(p for p in render_site(result.briefing, TEMPLATES, caches=compiled.render()).pages if p.path == "claims/dprk-denies-arms-exports.md").markdown
        split = page.index("## Where the claim appeared")
        return page[page.index("## Evidence") : split], page[split:]

    evidence, appearances = sections()  # newsweek is an appearance, and context evidence with nothing of its own
    assert "newsweek-2022-11-02" not in evidence and "### Context" not in evidence
    assert "newsweek-2022-11-02" in appearances and "ap-2022-11-08" in evidence
    briefing.replace("claims/dprk-denies-arms-exports.yaml", "      stance: context\n", "      stance: context\n      note: Reports the denial.\n")
    evidence, _ = sections()
    assert "newsweek-2022-11-02" in evidence and "Reports the denial." in evidence


def test_verdict_badges_always_carry_the_label_as_text(pages):
    badges = re.findall(r'<span class="briefing-badge briefing-badge--([\w-]+)">([^<]*)</span>', "".join(pages.values()))
    assert badges and all(label.strip() for _, label in badges)
    assert {tone for tone, _ in badges} == {"tone-4", "tone-3", "tone-2", "tone-1", "tone-0", "tone-unscored"}


def test_evidence_is_grouped_by_stance_with_quotes_and_full_citations(pages):
    text = text_of(pages["claims/rail-trade-resumed-after-two-years.md"])
    supports = between(text, "Supports the claim", "Contradicts the claim")
    contradicts = between(text, "Contradicts the claim", "Where the claim appeared")
    assert "“rail trade between Russia and North Korea had resumed following a two-year hiatus" in supports
    assert "Newsweek, 2 November 2022" in supports
    assert "“opening the border with its neighbor for the first time in 2½ years”" in contradicts
    assert "North Korea denies sending artillery to Russia for use against Ukraine, Associated Press (via Los Angeles Times), 8 November 2022" in contradicts


def test_citations_link_the_original_and_the_archived_copy_where_known(pages):
    page = html.unescape(pages["claims/rail-trade-resumed-after-two-years.md"])
    assert '<a href="https://example.org/newsweek-fixture">original</a>' in page
    assert (
        '<a href="https://example.org/archive/2022-11-03/newsweek-fixture-with-a-long-address-that-has-no-natural-'
        'break-points-0123456789abcdef">archived copy</a>'
    ) in page
    # The AP source has neither address: no empty links are made up for it.
    ap_line = next(line for line in page.splitlines() if "briefing-evidence__source" in line and "ap-2022-11-08" in line)
    assert "original" not in ap_line and "archived" not in ap_line


def test_verdict_history_is_a_timeline_ending_with_the_current_verdict(pages):
    page = pages["claims/dprk-denies-arms-exports.md"]
    history = page[page.index("## Verdict history") : page.index("## Corrections")]
    items = re.findall(r'<li class="briefing-timeline__item( briefing-timeline__item--current)?">', history)
    assert items == ["", " briefing-timeline__item--current"]
    text = Elements(history).text
    assert text.index("23 September 2022") < text.index("8 November 2022 Current verdict")
    assert "#verdict-history" in page and "#corrections" in page  # the summary box links down to both


def test_related_claims_share_the_claimant_first_then_topics(briefing):
    exports = briefing.read("claims/dprk-denies-arms-exports.yaml")
    same_claimant = exports.replace("topics: [arms-transfers, denials]", "topics: [unrelated]").replace(
        "date: 2022-09-22", "date: 2022-09-01"
    )
    briefing.write("claims/same-claimant.yaml", same_claimant)
    for n in range(RELATED_LIMIT + 2):  # more claims on the topic than a page lists
        briefing.write(f"claims/on-denials-{n}.yaml", briefing.read("claims/dprk-denies-arms-dealings.yaml"))
    index = BriefingIndex(briefing.check().briefing)
    claim = next(c for c in index.briefing.claims if c.id == "dprk-denies-arms-exports")
    related = index.related(claim)
    assert len(related) == RELATED_LIMIT
    assert related[0].claim.id == "same-claimant" and related[0].same_claimant
    assert all(r.shared_topics == ("denials",) and not r.same_claimant for r in related[1:])
    assert claim.id not in {r.claim.id for r in related}


def test_related_claims_are_those_a_pass_over_every_claim_would_choose(tmp_path):
    """`related` looks only at the claimant's claims and the claim's topics (a pass over every
    claim for every claim page made builds quadratic): it must choose as that pass did."""

    def every_claim(index: BriefingIndex, claim) -> list[tuple[str, bool, tuple[str, ...]]]:
        found = []
        for other in index.claims_by_date:
            same_claimant = other.claimant.slug == claim.claimant.slug
            shared = tuple(t for t in claim.topics if t in other.topics)
            if other.id != claim.id and (same_claimant or shared):
                found.append((other.id, same_claimant, shared))
        found.sort(key=lambda r: (not r[1], -len(r[2])))  # stable: newest first within each
        return found[:RELATED_LIMIT]

    result = check_content(write_briefing(tmp_path / "briefing", 300))
    assert result.ok, result.problems
    index = BriefingIndex(result.briefing)
    for claim in index.briefing.claims:
        chosen = [(r.claim.id, r.same_claimant, r.shared_topics) for r in index.related(claim)]
        assert chosen == every_claim(index, claim), claim.id


# -- the connected pages ---------------------------------------------------------------------


def test_source_page_lists_every_claim_that_cites_it_and_how(pages):
    text = html.unescape(text_of(pages["sources/ap-2022-11-08.md"]))
    assert "4 claims cite this source." in text
    uses = {
        "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses.": "Supports the claim: “a trainload of 30 thoroughbred horses”",
        'North Korea has never had "arms dealings" with Russia': "Context Where the claim appeared",
        "North Korea has never exported weapons or ammunition": "Contradicts the claim: “a “significant number” of ammunition shipments”",
        "Rail trade between Russia and North Korea resumed": "Contradicts the claim: “opening the border",
    }
    for claim, use in uses.items():
        assert use in text[text.index(claim) :], claim


def test_claimant_page_lists_their_claims_with_verdicts(pages):
    page = pages["claimants/interfax.md"]
    assert "Russian news agency, as reported by Newsweek" in page
    assert 'href="../../claims/rail-trade-resumed-after-two-years/"' in page
    assert page.count("<tr data-rating=") == 1


def test_each_verdict_has_a_page_listing_exactly_its_claims(pages):
    unproven = pages["verdicts/unproven.md"]
    assert re.findall(r'<tr data-rating="([^"]+)"', unproven) == ["unproven", "unproven"]
    assert "No claim in this briefing is rated False" in html.unescape(pages["verdicts/false.md"])


def test_home_gives_the_overview_the_findings_and_the_way_in_not_the_table(pages):
    home = pages["index.md"]
    assert "<table" not in home and "data-briefing-filters" not in home  # the table is on /claims/ only
    assert home.count('class="briefing-chart"') == 1  # one verdict overview
    ways = home[home.index('<ul class="briefing-ways">') :]
    for target in ("claims/", "verdicts/unproven/", "verdicts/mostly-accurate/", "topics/", "claimants/", "timeline/", "ratings/"):
        assert f'href="{target}"' in ways, target
    assert 'href="verdicts/false/"' not in ways  # no way into an empty list
    latest = home[home.index('<ul class="briefing-cards"') : home.index("</ul>", home.index('<ul class="briefing-cards"'))]
    assert latest.count("<li") == 5


def test_claims_index_links_every_verdict_topic_and_claimant_page_for_filtering_without_javascript(pages):
    claims = pages["claims/index.md"]
    panel = claims[claims.index('<details class="briefing-filter-panel"') : claims.index("</details>")]
    assert "<form" in panel  # the filters, folded behind one control
    for target in ("../verdicts/unproven/", "../verdicts/mostly-accurate/", "../topics/un-votes/", "../claimants/interfax/"):
        assert f'href="{target}"' in panel, target


def test_each_policy_is_on_one_page_and_linked_from_the_others(pages):
    assert pages["ratings.md"].count('class="briefing-chart"') == 0  # the definitions give the counts
    about, corrections = html.unescape(text_of(pages["about.md"])), html.unescape(text_of(pages["corrections.md"]))
    policy = "Errors are corrected and logged on the corrections page."
    assert (policy in corrections) and (policy not in about), "the corrections policy belongs on /corrections/"
    assert 'corrections.md' in pages["about.md"]


def test_claims_table_rows_carry_what_the_filters_need(pages):
    rows = re.findall(r"<tr data-rating=\"([^\"]+)\" data-claimant=\"([^\"]+)\" data-topics=\"([^\"]*)\" data-date=\"([^\"]+)\">", pages["claims/index.md"])
    rows = [tuple(html.unescape(v) for v in row) for row in rows]
    assert ("mostly-accurate", "interfax", "rail-links", "2022-11-02") in rows
    assert ("unproven", "dprk-ministry-of-national-defense", "arms-transfers denials", "2022-09-22") in rows
    dates = [row[3] for row in rows]
    assert len(rows) == 5 and dates == sorted(dates, reverse=True)


def test_timeline_is_a_chronology_of_claims_verdicts_revisions_and_corrections_by_month(pages):
    page = pages["timeline.md"]
    text = html.unescape(text_of(page))
    assert text.index("September 2022") < text.index("November 2022")
    september = between(text, "September 2022", "November 2022")
    # dprk-denies-arms-exports: made 22 September, first verdict 23 September, reviewed again 8 November, corrected 9 November
    assert "22 September 2022 · Claim made North Korea has never exported weapons" in september
    assert "23 September 2022 · Verdict reached North Korea has never exported weapons" in september
    november = text[text.index("November 2022") :]
    assert "8 November 2022 · Verdict revised North Korea has never exported weapons or ammunition to Russia and does not plan to. Unproven reviewed again, unchanged" in november
    assert "9 November 2022 · Correction North Korea has never exported weapons or ammunition to Russia and does not plan to. The role of the official was corrected." in november
    assert text.index("2 November 2022") < text.index("8 November 2022")
    # Each kind can be shown alone, without JavaScript: a link to a marker the stylesheet reads.
    for kind in ("made", "reached", "revised", "correction"):
        assert f'<div class="briefing-chrono-target" id="show-{kind}"></div>' in page
        assert f'href="#show-{kind}"' in page
    assert 'href="#show-withdrawn"' not in page  # no withdrawals here: no link to an empty list
    assert page.startswith("---\nsearch:\n  exclude: true\n---\n")


def test_corrections_log_is_newest_first(briefing, compiled):
    horses = briefing.read("claims/horses-by-train.yaml")
    briefing.write("claims/horses-by-train.yaml", horses + "corrections:\n  - date: 2022-12-01\n    note: A later correction.\n")
    result = briefing.check()
    page = next(p for p in render_site(result.briefing, TEMPLATES, caches=compiled.render()).pages if p.path == "corrections.md")
    text = text_of(page.markdown)
    assert text.index("1 December 2022") < text.index("9 November 2022")


def test_printable_page_holds_every_claim_and_verdict_and_stays_out_of_search(pages):
    page = pages["print.md"]
    assert page.startswith("---\nsearch:\n  exclude: true\n---\n")
    text = html.unescape(text_of(page))
    for claim_path, markdown_text in pages.items():
        if claim_path.startswith("claims/") and claim_path != "claims/index.md":
            claim_text = html.unescape(Elements(as_html(markdown_text.split("\n", 1)[0])).text)
            assert claim_text in text, claim_text
    assert text.count("Claimed by") == 5
    assert "The rating scale" in text and "Mostly false" in text
    # The summary boxes are not landmarks here: 5 landmarks with one name would confuse screen readers.
    assert "<section" not in page


def test_printable_page_is_one_block_of_html_for_markdown_whatever_the_number_of_claims(tmp_path, compiled):
    """Python-Markdown copies the rest of a page at the end of each HTML block: one block per
    claim made this page's build quadratic (most of an hour at 10,000 claims)."""
    blocks = {}
    for size in (10, 40):
        result = check_content(write_briefing(tmp_path / str(size), size))
        assert result.ok, result.problems
        page = next(p for p in render_site(result.briefing, TEMPLATES, caches=compiled.render()).pages if p.path == "print.md")
        converter = markdown.Markdown(extensions=["tables", "toc"])
        converter.convert(page.markdown)
        blocks[size] = len(converter.htmlStash.rawHtmlBlocks)
    assert blocks[10] == blocks[40] < 10


@pytest.mark.slow
def test_printable_page_lists_every_claim_in_its_table_of_contents(tmp_path, compiled):
    """Its headings are HTML, which MkDocs' toc extension does not see: the site adds them."""
    build_site(BuildRequest(READER, tmp_path / "site", caches=compiled.build()))
    page = (tmp_path / "site" / "print" / "index.html").read_text(encoding="utf-8")
    toc = page[page.index('class="md-nav md-nav--secondary"') :]
    toc = toc[: toc.index("</nav>\n")]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    claims = sorted(path.stem for path in (READER / "claims").glob("*.yaml"))
    assert anchors[0] == "verdicts-at-a-glance" and anchors[-1] == "rating-scale"
    assert sorted(anchors[1:-1]) == [f"claim-{claim}" for claim in claims]
    ids = {tag[1].get("id") for tag in Elements(page).tags}
    assert set(anchors) <= ids
    text = Elements(toc).text
    assert "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses." in text


# -- the verdict chart ---------------------------------------------------------------------


def test_chart_has_a_text_label_and_count_for_every_verdict_and_says_it_in_words():
    bars = [
        chart.Bar("Accurate", 4, "tone-4", True),
        chart.Bar("Misleading", 2, "tone-2", True),
        chart.Bar("False", 0, "tone-0", True),
        chart.Bar("Unproven", 1, "tone-unscored", False),
    ]
    svg = chart.verdict_chart(translator("en"), bars, "Verdicts on 7 claims", "c")
    elements = Elements(svg)
    root = elements.tags[0]
    assert root[0] == "svg" and root[1]["role"] == "img"
    assert root[1]["aria-labelledby"] == "c-title" and root[1]["aria-describedby"] == "c-desc"
    assert "Accurate: 4 claims. Misleading: 2 claims. False: 0 claims. Unproven (off the scale): 1 claim." in elements.text
    texts = [t for t in elements.texts if t.strip()]
    assert texts[2:] == ["Accurate", "4 claims", "Misleading", "2 claims", "False", "0 claims", "Unproven", "1 claim"]
    widths = [int(attrs["width"]) for tag, attrs in elements.tags if tag == "rect"]
    assert widths == [308, 154, 77]  # proportional; no bar for no claims
    assert sum(1 for tag, _ in elements.tags if tag == "line") == 1  # the rule before the unscored verdicts


def test_chart_labels_are_text_whatever_they_hold():
    svg = chart.verdict_chart(translator("en"), [chart.Bar('<b onclick="x()">&amp; Bold</b>', 1, "tone-4", True)], "T & <i>t</i>", "c")
    elements = Elements(svg)
    assert [tag for tag, _ in elements.tags] == ["svg", "title", "desc", "g", "text", "rect", "text"]
    assert '<b onclick="x()">&amp; Bold</b>' in elements.texts


# -- author text in the new places stays text ----------------------------------------------


def test_author_text_in_filters_captions_and_charts_cannot_become_markup(briefing, compiled):
    hostile = '"><img src=x onerror=alert(1)> {{ 7*7 }} *x*'
    briefing.replace("claims/horses-by-train.yaml", "name: Associated Press", f"name: '{hostile}'")
    briefing.replace("ratings.yaml", "label: Accurate", f"label: '{hostile}'")
    result = briefing.check()
    assert result.ok, result.problems
    for page in render_site(result.briefing, TEMPLATES, caches=compiled.render()).pages:
        elements = Elements(as_html(page.markdown))
        assert "img" not in {tag for tag, _ in elements.tags}, page.path
        assert all("onerror" not in name for _, attrs in elements.tags for name in attrs), page.path
        assert "49" not in elements.text, page.path
    home = next(p for p in render_site(result.briefing, TEMPLATES, caches=compiled.render()).pages if p.path == "claims/index.md")
    home_elements = Elements(as_html(home.markdown))
    assert hostile in home_elements.texts  # the claimant filter's option, exactly as written
    assert f"{hostile} (1)" in home_elements.texts  # the verdict filter's option
