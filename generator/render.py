"""Stage 3 — render: the validated briefing → Markdown pages, via Jinja2.

Templates in `site_templates/pages/` receive fully resolved model objects
and an index of who-cites-what; they never read files or load content.
How they escape what they print is in `templating`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from . import exports, html_blocks
from . import model as m
from .addresses import (
    LOCAL_SITE_URL,
    PRINT_CHART_ANCHOR,
    PRINT_PAGE,
    PRINT_PARTS_ANCHOR,
    PRINT_RATINGS_ANCHOR,
    TIMELINE_PAGE,
    absolute_url,
    claim_page,
    list_page,
    print_part,
    claimant_page,
    correction_request_url,
    print_anchor,
    source_page,
    topic_label,
    topic_page,
    verdict_page,
)
from .briefing_index import BriefingIndex
from .chronology import EVENT_KINDS, event_counts
from .claimreview import claim_review
from .escape import Trusted, json_for_script, one_line
from .exports import GeneratedFile, PlannedFile
from .i18n import N_, Translator, translator
from .paging import PageSizes, Pager, paginate, paginate_months
from .search_entries import SearchEntry, claim_entry, source_entry
from .templating import RenderCaches, make_environment
from .urls import checked_site_url


@dataclass(frozen=True)
class PageMeta:
    """What the theme needs beyond the Markdown: plain text, escaped by the theme."""

    title: str  # also the title of the page's social card
    description: str  # the meta description and the social card's text
    kind: str  # "home", "claim", "source", "claimant", "topic", "list" ...
    #: the page's absolute address (site_url + its own); set by the renderer
    url: str = ""
    #: schema.org JSON-LD, already safe inside a <script> element: print it as it is
    json_ld: Trusted | None = None
    #: (id, text) of the sections whose headings the page writes as HTML, which
    #: MkDocs' table of contents cannot see; the site adds them to it
    headings: tuple[tuple[str, str], ...] = ()
    #: when what the page shows last changed (the sitemap's lastmod): a claim's own
    #: latest change on its page, the briefing's "last updated" date on every other
    updated: dt.date | None = None
    #: the page's search entries, made from the model (`search_entries`); None: Material indexes the page's HTML
    search: tuple[SearchEntry, ...] | None = None
    #: the page is headings and raw HTML blocks only: MkDocs is given the headings alone (`html_blocks`)
    html_blocks: bool = False


@dataclass(frozen=True)
class Page:
    path: str  # the Markdown file's path, as MkDocs sees it: "claims/x.md"
    markdown: str
    meta: PageMeta


@dataclass(frozen=True)
class NavEntry:
    title: str
    path: str


@dataclass(frozen=True)
class RenderedSite:
    pages: tuple[Page, ...]
    nav: tuple[NavEntry, ...]
    #: claims.json, claims.csv, feed.xml: published beside the pages, byte for byte
    files: tuple[GeneratedFile, ...] = ()

    def write_to(self, folder: Path) -> None:
        """The pages' Markdown and the data files, under `folder` (`render --out`, another engine)."""
        for page in self.pages:
            target = folder / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
        for data in self.files:
            (folder / data.path).write_bytes(data.content)


#: the templates that write headings and raw HTML blocks only (`html_blocks`): the pages that grow with the briefing
HTML_BLOCK_TEMPLATES = frozenset(
    {
        "home.md.j2",
        "claims_index.md.j2",
        "sources_index.md.j2",
        "claimants_index.md.j2",
        "topics_index.md.j2",
        "corrections.md.j2",
        "timeline.md.j2",
        "print.md.j2",
        "print_index.md.j2",
        "print_part.md.j2",
        "verdict.md.j2",
        "claim.md.j2",
        "source.md.j2",
        "claimant.md.j2",
        "topic.md.j2",
    }
)

#: the navigation tabs, their titles in English (`navigation` gives them in the site's language)
NAV = (
    NavEntry(N_("Home"), "index.md"),
    NavEntry(N_("Claims"), "claims/index.md"),
    NavEntry(N_("Timeline"), TIMELINE_PAGE),
    NavEntry(N_("Sources"), "sources/index.md"),
    NavEntry(N_("Claimants"), "claimants/index.md"),
    NavEntry(N_("Topics"), "topics/index.md"),
    NavEntry(N_("Ratings"), "ratings.md"),
    NavEntry(N_("Corrections"), "corrections.md"),
    NavEntry(N_("About"), "about.md"),
)


def navigation(tr: Translator) -> tuple[NavEntry, ...]:
    return tuple(NavEntry(tr.gettext(entry.title), entry.path) for entry in NAV)


# -- the pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedPage:
    """A page whose metadata is known and whose Markdown is rendered when asked for."""

    path: str
    meta: PageMeta
    render: Callable[[], str]


@dataclass(frozen=True)
class SitePlan:
    """Every page of the site, in order, each rendered on demand; and the data files.

    MkDocs turns pages into HTML one at a time: rendering each just before
    keeps one page's Markdown in memory instead of the whole site's (half a
    gigabyte at 10,000 claims).
    """

    pages: tuple[PlannedPage, ...]
    files: tuple[PlannedFile, ...]  # made as they are written
    nav: tuple[NavEntry, ...] = NAV


class _Renderer:
    def __init__(
        self,
        briefing: m.Briefing,
        templates: Path,
        site_url: str,
        caches: RenderCaches | None,
        directory_urls: bool,
        repository: str | None = None,
        tr: Translator | None = None,
        sizes: PageSizes = PageSizes(),
    ) -> None:
        self.briefing = briefing
        self.sizes = sizes
        self.index = BriefingIndex(briefing)
        self.tr = tr or translator(briefing.language)
        caches = caches or RenderCaches()
        self.env = make_environment(templates, caches, directory_urls, self.tr)
        self.site_url = site_url
        self.repository = repository  # where readers ask for corrections (a GitHub repository), if known
        self.html = caches.html  # each Markdown text's sanitized HTML

    def page(self, path: str, template: str, meta: PageMeta, **context: Any) -> PlannedPage:
        # The title and description go into meta tags, where a line break means nothing
        # (and a carriage return would not survive HTML parsing): one line, as on the page.
        meta = replace(
            meta,
            title=one_line(meta.title),
            description=one_line(meta.description),
            url=absolute_url(self.site_url, path),
            updated=meta.updated or self.briefing.updated,
            html_blocks=template in HTML_BLOCK_TEMPLATES,
        )
        return PlannedPage(path, meta, partial(self._markdown, path, template, context))

    def pages(self, first: str, template: str, meta: PageMeta, items: Sequence[Any], size: int, **context: Any) -> list[PlannedPage]:
        """The pages of a list: `items`, `size` a page, the first page at `first` (`paging`)."""
        pagers = paginate(items, size, partial(list_page, first))
        return [self.page(p.path, template, _numbered(meta, p, self.tr), pager=p, **context) for p in pagers]

    def _markdown(self, path: str, template: str, context: dict[str, Any]) -> str:
        return html_blocks.canonical(self._template_output(path, template, context))

    def _template_output(self, path: str, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(
            page_path=path,
            briefing=self.briefing,
            index=self.index,
            **context,
        )

    def claim(self, claim: m.Claim) -> PlannedPage:
        path = claim_page(claim)
        review = claim_review(claim, self.briefing, absolute_url(self.site_url, path))
        verdict = claim.verdict
        meta = PageMeta(
            claim.text,
            self.tr.gettext("%(rating)s: %(summary)s") % {"rating": verdict.rating.label, "summary": verdict.summary},
            "claim",
            search=(claim_entry(claim, self.tr, self.html.html_of),),
            json_ld=json_for_script(review) if review else None,
            updated=claim.last_changed,
        )
        email = self.briefing.contact.email if self.briefing.contact else None
        correction = correction_request_url(claim.id, absolute_url(self.site_url, path), self.repository, email)
        return self.page(path, "claim.md.j2", meta, claim=claim, correction_url=correction)


def render_site(
    briefing: m.Briefing,
    templates: Path,
    site_url: str = LOCAL_SITE_URL,
    only: Collection[str] | None = None,
    caches: RenderCaches | None = None,
    repository: str | None = None,
    tr: Translator | None = None,
    sizes: PageSizes = PageSizes(),
) -> RenderedSite:
    """Every page of the site, rendered, in a stable order, and the data files.

    `site_url` is the address the site is published at; absolute addresses
    (canonical links, ClaimReview, the feed, the exports) start with it.
    `only`, when given, names the pages to render (Markdown paths); the
    others, and the data files, are left out: `serve` shows an edited
    claim's page first, then renders the rest. `caches`: the caller's, kept
    between its renders. `repository` (a GitHub repository's address) is
    where claim pages send correction requests. `tr`, when given, replaces
    the translator of the briefing's language (the tests' pseudo-locale).
    `sizes`: how many items a page of each growing list shows (`paging`).
    """
    tr = tr or translator(briefing.language)
    pages = tuple(render_pages(briefing, templates, site_url, only, caches, repository, tr, sizes))
    files = exports.export_files(briefing, checked_site_url(site_url)) if only is None else ()
    return RenderedSite(pages, navigation(tr), files)


def render_pages(
    briefing: m.Briefing,
    templates: Path,
    site_url: str = LOCAL_SITE_URL,
    only: Collection[str] | None = None,
    caches: RenderCaches | None = None,
    repository: str | None = None,
    tr: Translator | None = None,
    sizes: PageSizes = PageSizes(),
) -> Iterator[Page]:
    """The pages of `render_site`, one at a time (so that `serve` can stop between two)."""
    r = _Renderer(briefing, templates, checked_site_url(site_url), caches, True, repository, tr, sizes)
    return (Page(p.path, p.render(), p.meta) for p in _page_plan(r, only) if only is None or p.path in only)


def plan_site(
    briefing: m.Briefing,
    templates: Path,
    site_url: str = LOCAL_SITE_URL,
    caches: RenderCaches | None = None,
    directory_urls: bool = True,
    repository: str | None = None,
    tr: Translator | None = None,
    sizes: PageSizes = PageSizes(),
) -> SitePlan:
    """The site as `render_site` makes it, each page rendered only when its `render` is called.

    `directory_urls` False: the pages link to each other as files (claims/x.html), for the offline copy.
    """
    r = _Renderer(briefing, templates, checked_site_url(site_url), caches, directory_urls, repository, tr, sizes)
    return SitePlan(tuple(_page_plan(r)), exports.planned_files(briefing, r.site_url, r.html), navigation(r.tr))


def _page_plan(r: _Renderer, only: Collection[str] | None = None) -> list[PlannedPage]:
    """Every page, in the site's order; with `only`, claim pages only those named (each makes its ClaimReview).

    The lists that grow with the briefing are split into pages (`paging`):
    each page of a list follows its first.
    """
    b, index, tr, sizes = r.briefing, r.index, r.tr, r.sizes
    title = {"title": b.title}
    parts = paginate(index.claims_by_date, sizes.print_claims, print_part)
    printed_in = len(parts) if parts[0].split else 1  # home and about say how the briefing prints

    plan = [r.page("index.md", "home.md.j2", PageMeta(b.title, b.subtitle or b.title, "home"), print_parts=printed_in)]
    lists: tuple[tuple[str, str, str, Sequence[Any], int], ...] = (
        ("claims", tr.gettext("All claims"), tr.gettext("Every claim checked in %(title)s.") % title, index.claims_by_date, sizes.claims),
        ("sources", tr.gettext("Sources"), tr.gettext("Every source cited in %(title)s.") % title, b.sources, sizes.sources),
        ("claimants", tr.gettext("Claimants"), tr.gettext("Who made the claims."), tuple(index.claimants.items()), sizes.groups),
        ("topics", tr.gettext("Topics"), tr.gettext("The claims by topic."), tuple(index.topics.items()), sizes.groups),
    )
    for name, heading, description, items, size in lists:
        meta = PageMeta(heading, description, "list")
        plan += r.pages(f"{name}/index.md", f"{name}_index.md.j2", meta, items, size, filter_links=sizes.filter_links)
    plan += [
        r.page(
            "ratings.md",
            "ratings.md.j2",
            PageMeta(tr.gettext("Ratings and methodology"), tr.gettext("What each verdict means."), "ratings"),
        ),
        r.page(
            "corrections.md",
            "corrections.md.j2",
            PageMeta(tr.gettext("Corrections"), tr.gettext("Every correction, newest first."), "corrections"),
        ),
        r.page(
            "about.md",
            "about.md.j2",
            PageMeta(tr.gettext("About %(title)s") % title, tr.gettext("Who publishes %(title)s.") % title, "about"),
            print_parts=printed_in,
        ),
        r.page(
            "data.md",
            "data.md.j2",
            PageMeta(
                tr.gettext("Data and feed"), tr.gettext("The claims of %(title)s as JSON, CSV and an Atom feed.") % title, "data"
            ),
            formats=exports.FORMATS,
        ),
    ]
    timeline = paginate_months(index.timeline, sizes.events, partial(list_page, TIMELINE_PAGE))
    plan += [
        r.page(
            p.path,
            "timeline.md.j2",
            _numbered(
                PageMeta(
                    tr.gettext("Timeline"),
                    tr.gettext("Claims made, verdicts reached and revised, and corrections, by month."),
                    "timeline",
                ),
                p,
                tr,
            ),
            pager=p,
            months=p.items,
            counts=event_counts(p.items) if p.split else index.event_counts,
            event_kinds=EVENT_KINDS,
            event_labels={kind: label for kind, label, _ in EVENT_KINDS},
        )
        for p in timeline
    ]
    plan += _printable(r, parts)
    for rating in b.ratings.all:
        values = {"rating": rating.label, "title": b.title}
        meta = PageMeta(
            tr.gettext("Claims rated %(rating)s") % values, tr.gettext("Every claim in %(title)s rated %(rating)s.") % values, "verdict"
        )
        claims = index.by_rating[rating.id]
        plan += r.pages(verdict_page(rating), "verdict.md.j2", meta, claims, sizes.claims, rating=rating, claims=claims)
    plan += [r.claim(claim) for claim in b.claims if only is None or claim_page(claim) in only]
    for source in b.sources:
        description = tr.gettext("%(publisher)s: the claims that cite this source.") % {"publisher": source.publisher}
        meta = PageMeta(source.title, description, "source", search=(source_entry(source, tr, r.html.html_of),))
        plan.append(r.page(source_page(source), "source.md.j2", meta, source=source))
    for slug, claims in index.claimants.items():
        claimant = claims[0].claimant
        meta = PageMeta(claimant.name, tr.gettext("Claims made by %(name)s.") % {"name": claimant.name}, "claimant")
        plan += r.pages(claimant_page(claimant), "claimant.md.j2", meta, claims, sizes.claims, claimant=claimant, claims=claims)
    for topic, claims in index.topics.items():
        label = topic_label(topic)
        meta = PageMeta(label, tr.gettext("Claims about %(topic)s.") % {"topic": label.lower()}, "topic")
        plan += r.pages(topic_page(topic), "topic.md.j2", meta, claims, sizes.claims, topic=topic, claims=claims)
    return plan


def _numbered(meta: PageMeta, pager: Pager, tr: Translator) -> PageMeta:
    """A list page's metadata; past the first page, its title says which page it is (tabs, search results, bookmarks)."""
    if pager.number == 1:
        return meta
    values = {"title": meta.title, "page": tr.number(pager.number), "pages": tr.number(pager.count)}
    return replace(meta, title=tr.gettext("%(title)s, page %(page)s of %(pages)s") % values)


def _printable(r: _Renderer, parts: tuple[Pager[m.Claim], ...]) -> list[PlannedPage]:
    """The printable briefing: one page; past a size, an index of parts (print.md) and the parts."""
    b, index, tr = r.briefing, r.index, r.tr
    if not parts[0].split:
        printable = _print_meta(b, index, tr)  # its first and last sections' headings come from its metadata
        return [r.page(PRINT_PAGE, "print.md.j2", printable, sections=printable.headings)]
    title = {"title": b.title}
    headings = (
        (PRINT_CHART_ANCHOR, tr.gettext("Verdicts at a glance")),
        (PRINT_PARTS_ANCHOR, tr.gettext("The parts")),
        (PRINT_RATINGS_ANCHOR, tr.gettext("The rating scale")),
    )
    description = tr.gettext("Every claim and verdict in %(title)s, in parts to print.") % title
    contents = PageMeta(tr.gettext("%(title)s (printable)") % title, description, "print", headings=headings)
    plan = [r.page(PRINT_PAGE, "print_index.md.j2", contents, parts=parts, sections=headings)]
    for part in parts:
        values = {"title": b.title, "part": tr.number(part.number), "parts": tr.number(part.count)}
        meta = PageMeta(
            tr.gettext("%(title)s (printable), part %(part)s of %(parts)s") % values,
            tr.gettext("Part %(part)s of %(parts)s of every claim and verdict in %(title)s, to print.") % values,
            "print",
            headings=tuple((print_anchor(claim), claim.text) for claim in part.items),
        )
        plan.append(r.page(part.path, "print_part.md.j2", meta, pager=part))
    return plan


def footer_facts(b: m.Briefing, tr: Translator) -> dict[str, str]:
    """What the theme's footer says on every page (partials/copyright.html): plain text, escaped there."""
    facts = {"publisher": b.publisher.name, "publisher_url": b.publisher.url or ""}
    facts["updated"] = tr.long_date(b.updated) if b.updated else ""
    facts["email"] = b.contact.email or "" if b.contact else ""
    facts["contact_url"] = b.contact.url or "" if b.contact else ""
    return facts


def _print_meta(b: m.Briefing, index: BriefingIndex, tr: Translator) -> PageMeta:
    """The printable page: its sections, as print.md.j2 writes them, for the table of contents."""
    headings = (
        (PRINT_CHART_ANCHOR, tr.gettext("Verdicts at a glance")),
        *((print_anchor(claim), claim.text) for claim in index.claims_by_date),
        (PRINT_RATINGS_ANCHOR, tr.gettext("The rating scale")),
    )
    description = tr.gettext("Every claim and verdict in %(title)s, on one page.") % {"title": b.title}
    return PageMeta(tr.gettext("%(title)s (printable)") % {"title": b.title}, description, "print", headings=headings)
