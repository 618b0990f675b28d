"""Stage 3 — render: the validated briefing → Markdown pages, via Jinja2.

Templates in `site_templates/pages/` receive fully resolved model objects
and an index of who-cites-what; they never read files or load content.
How they escape what they print is in `templating`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from . import exports
from . import model as m
from .addresses import (
    LOCAL_SITE_URL,
    PRINT_PAGE,
    TIMELINE_PAGE,
    absolute_url,
    checked_site_url,
    claim_page,
    claimant_page,
    source_page,
    topic_label,
    topic_page,
    verdict_page,
)
from .claimreview import claim_review
from .escape import Trusted, json_for_script, one_line
from .exports import GeneratedFile
from .templating import make_environment


@dataclass(frozen=True)
class PageMeta:
    """What the theme needs beyond the Markdown: plain text, escaped by the theme."""

    title: str  # also the title of the page's social card
    description: str  # the meta description and the social card's text
    kind: str  # "home", "claim", "source", "claimant", "topic", "list" ...
    #: extra data for theme templates, keyed by purpose
    extra: dict[str, Any] = field(default_factory=dict)
    #: the page's absolute address (site_url + its own); set by the renderer
    url: str = ""
    #: schema.org JSON-LD, already safe inside a <script> element: print it as it is
    json_ld: Trusted | None = None


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

    @cached_property
    def _meta_by_path(self) -> dict[str, PageMeta]:
        return {page.path: page.meta for page in self.pages}

    def meta_for(self, path: str) -> PageMeta | None:
        return self._meta_by_path.get(path)


NAV = (
    NavEntry("Home", "index.md"),
    NavEntry("Claims", "claims/index.md"),
    NavEntry("Timeline", TIMELINE_PAGE),
    NavEntry("Sources", "sources/index.md"),
    NavEntry("Claimants", "claimants/index.md"),
    NavEntry("Topics", "topics/index.md"),
    NavEntry("Ratings", "ratings.md"),
    NavEntry("Corrections", "corrections.md"),
    NavEntry("About", "about.md"),
)


# -- the index of connections ---------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """One claim's uses of one source."""

    claim: m.Claim
    stances: tuple[str, ...]  # how the claim's evidence uses the source; "appearance" for appearances
    evidence: tuple[m.Evidence, ...] = ()  # the evidence items that cite the source, in order
    appearances: tuple[m.Appearance, ...] = ()  # where the claim appeared in the source


@dataclass(frozen=True)
class Related:
    """A claim related to another, and why."""

    claim: m.Claim
    same_claimant: bool
    shared_topics: tuple[str, ...]


@dataclass(frozen=True)
class Month:
    """The claims made in one month, oldest first: a section of the timeline."""

    first_day: dt.date
    claims: tuple[m.Claim, ...]


#: how many related claims a claim page lists; the topic and claimant pages list them all
RELATED_LIMIT = 6


class BriefingIndex:
    """Who cites what: the connections between claims, sources, claimants and topics."""

    def __init__(self, briefing: m.Briefing) -> None:
        self.briefing = briefing
        self.claims_by_date = tuple(sorted(briefing.claims, key=lambda c: (c.date, c.id), reverse=True))
        claimants: dict[str, list[m.Claim]] = defaultdict(list)
        topics: dict[str, list[m.Claim]] = defaultdict(list)
        by_rating: dict[str, list[m.Claim]] = defaultdict(list)
        for claim in self.claims_by_date:
            claimants[claim.claimant.slug].append(claim)
            for topic in claim.topics:
                topics[topic].append(claim)
            by_rating[claim.verdict.rating.id].append(claim)
        self.citations = _citations(self.claims_by_date)
        self.claimants = {slug: tuple(cs) for slug, cs in sorted(claimants.items())}
        self.topics = {topic: tuple(cs) for topic, cs in sorted(topics.items())}
        self.by_rating = {r.id: tuple(by_rating.get(r.id, ())) for r in briefing.ratings.all}
        self.corrections = tuple(
            sorted(
                ((claim, correction) for claim in briefing.claims for correction in claim.corrections),
                key=lambda pair: (pair[1].date, pair[0].id),
                reverse=True,
            )
        )
        self.timeline = _by_month(reversed(self.claims_by_date))

    def cited_by(self, source: m.Source) -> tuple[Citation, ...]:
        return self.citations.get(source.id, ())

    def claimant_name(self, slug: str) -> m.Claimant:
        return self.claimants[slug][0].claimant

    def claimant_roles(self, slug: str) -> tuple[str, ...]:
        """Every role the claimant is given, once each, newest claim first."""
        return tuple(dict.fromkeys(c.claimant.role for c in self.claimants[slug] if c.claimant.role))

    def tally(self, claims: Iterable[m.Claim]) -> tuple[tuple[m.Rating, int], ...]:
        """How many of `claims` got each verdict, in the scale's order; verdicts nobody got are left out."""
        counts: dict[str, int] = defaultdict(int)
        for claim in claims:
            counts[claim.verdict.rating.id] += 1
        return tuple((r, counts[r.id]) for r in self.briefing.ratings.all if counts[r.id])

    def related(self, claim: m.Claim, limit: int = RELATED_LIMIT) -> tuple[Related, ...]:
        """Claims by the same claimant first, then those sharing the most topics; newest first within each."""
        found = []
        for other in self.claims_by_date:
            same_claimant = other.claimant.slug == claim.claimant.slug
            shared = tuple(t for t in claim.topics if t in other.topics)
            if other.id != claim.id and (same_claimant or shared):
                found.append(Related(other, same_claimant, shared))
        found.sort(key=lambda r: (not r.same_claimant, -len(r.shared_topics)))  # stable: keeps newest first
        return tuple(found[:limit])


def _citations(claims: Iterable[m.Claim]) -> dict[str, tuple[Citation, ...]]:
    found: dict[str, list[Citation]] = defaultdict(list)
    for claim in claims:
        for source in claim.sources:
            evidence = tuple(e for e in claim.verdict.evidence if e.source.id == source.id)
            appearances = tuple(a for a in claim.appearances if a.source.id == source.id)
            stances = [e.stance for e in evidence] + (["appearance"] if appearances else [])
            found[source.id].append(Citation(claim, tuple(dict.fromkeys(stances)), evidence, appearances))
    return {sid: tuple(cs) for sid, cs in found.items()}


def _by_month(claims_oldest_first: Iterable[m.Claim]) -> tuple[Month, ...]:
    months: dict[dt.date, list[m.Claim]] = defaultdict(list)
    for claim in claims_oldest_first:
        months[claim.date.replace(day=1)].append(claim)
    return tuple(Month(first_day, tuple(claims)) for first_day, claims in sorted(months.items()))


# -- the pages ------------------------------------------------------------------------


class _Renderer:
    def __init__(self, briefing: m.Briefing, templates: Path, site_url: str) -> None:
        self.briefing = briefing
        self.index = BriefingIndex(briefing)
        self.env = make_environment(templates)
        self.site_url = site_url

    def page(self, path: str, template: str, meta: PageMeta, **context: Any) -> Page:
        markdown = self.env.get_template(template).render(
            page_path=path,
            briefing=self.briefing,
            index=self.index,
            **context,
        )
        # The title and description go into meta tags, where a line break means nothing
        # (and a carriage return would not survive HTML parsing): one line, as on the page.
        meta = replace(
            meta,
            title=one_line(meta.title),
            description=one_line(meta.description),
            url=absolute_url(self.site_url, path),
        )
        return Page(path, markdown, meta)

    def claim(self, claim: m.Claim) -> Page:
        path = claim_page(claim)
        review = claim_review(claim, self.briefing, absolute_url(self.site_url, path))
        meta = PageMeta(
            claim.text,
            f"{claim.verdict.rating.label}: {claim.verdict.summary}",
            "claim",
            json_ld=json_for_script(review),
        )
        return self.page(path, "claim.md.j2", meta, claim=claim)


def render_site(briefing: m.Briefing, templates: Path, site_url: str = LOCAL_SITE_URL) -> RenderedSite:
    """Every page of the site, in a stable order, and the data files.

    `site_url` is the address the site is published at; absolute addresses
    (canonical links, ClaimReview, the feed, the exports) start with it.
    """
    r = _Renderer(briefing, templates, checked_site_url(site_url))
    b, index = briefing, r.index
    pages = [
        r.page("index.md", "home.md.j2", PageMeta(b.title, b.subtitle or b.title, "home")),
        r.page("claims/index.md", "claims_index.md.j2", PageMeta("All claims", f"Every claim checked in {b.title}.", "list")),
        r.page("sources/index.md", "sources_index.md.j2", PageMeta("Sources", f"Every source cited in {b.title}.", "list")),
        r.page("claimants/index.md", "claimants_index.md.j2", PageMeta("Claimants", "Who made the claims.", "list")),
        r.page("topics/index.md", "topics_index.md.j2", PageMeta("Topics", "The claims by topic.", "list")),
        r.page("ratings.md", "ratings.md.j2", PageMeta("Ratings and methodology", "What each verdict means.", "ratings")),
        r.page("corrections.md", "corrections.md.j2", PageMeta("Corrections", "Every correction, newest first.", "corrections")),
        r.page("about.md", "about.md.j2", PageMeta(f"About {b.title}", f"Who publishes {b.title}.", "about")),
        r.page(
            "data.md",
            "data.md.j2",
            PageMeta("Data and feed", f"The claims of {b.title} as JSON, CSV and an Atom feed.", "data"),
            formats=exports.FORMATS,
        ),
        r.page(TIMELINE_PAGE, "timeline.md.j2", PageMeta("Timeline", "The claims in the order they were made.", "timeline")),
        r.page(PRINT_PAGE, "print.md.j2", PageMeta(f"{b.title} (printable)", f"Every claim and verdict in {b.title}, on one page.", "print")),
    ]
    for rating in b.ratings.all:
        meta = PageMeta(f"Claims rated {rating.label}", f"Every claim in {b.title} rated {rating.label}.", "verdict")
        pages.append(r.page(verdict_page(rating), "verdict.md.j2", meta, rating=rating, claims=index.by_rating[rating.id]))
    for claim in b.claims:
        pages.append(r.claim(claim))
    for source in b.sources:
        meta = PageMeta(source.title, f"{source.publisher}: the claims that cite this source.", "source")
        pages.append(r.page(source_page(source), "source.md.j2", meta, source=source))
    for slug, claims in index.claimants.items():
        claimant = claims[0].claimant
        meta = PageMeta(claimant.name, f"Claims made by {claimant.name}.", "claimant")
        pages.append(r.page(claimant_page(claimant), "claimant.md.j2", meta, claimant=claimant, claims=claims))
    for topic, claims in index.topics.items():
        meta = PageMeta(topic_label(topic), f"Claims about {topic_label(topic).lower()}.", "topic")
        pages.append(r.page(topic_page(topic), "topic.md.j2", meta, topic=topic, claims=claims))
    return RenderedSite(tuple(pages), NAV, exports.export_files(b, r.site_url))
