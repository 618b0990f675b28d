"""Stage 3 — render: the validated briefing → Markdown pages, via Jinja2.

Templates in `site_templates/pages/` receive fully resolved model objects
and an index of who-cites-what; they never read files or load content.
How they escape what they print is in `templating`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from . import exports
from . import model as m
from .addresses import (
    LOCAL_SITE_URL,
    absolute_url,
    checked_site_url,
    claim_page,
    claimant_page,
    source_page,
    topic_label,
    topic_page,
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
    claim: m.Claim
    stances: tuple[str, ...]  # how the claim's evidence uses the source; "appearance" for appearances


class BriefingIndex:
    """Who cites what: the connections between claims, sources, claimants and topics."""

    def __init__(self, briefing: m.Briefing) -> None:
        self.briefing = briefing
        self.claims_by_date = tuple(sorted(briefing.claims, key=lambda c: (c.date, c.id), reverse=True))
        citations: dict[str, dict[str, list[str]]] = defaultdict(dict)
        claimants: dict[str, list[m.Claim]] = defaultdict(list)
        topics: dict[str, list[m.Claim]] = defaultdict(list)
        by_rating: dict[str, list[m.Claim]] = defaultdict(list)
        for claim in self.claims_by_date:
            for evidence in claim.verdict.evidence:
                _add_once(citations[evidence.source.id].setdefault(claim.id, []), evidence.stance)
            for appearance in claim.appearances:
                _add_once(citations[appearance.source.id].setdefault(claim.id, []), "appearance")
            claimants[claim.claimant.slug].append(claim)
            for topic in claim.topics:
                topics[topic].append(claim)
            by_rating[claim.verdict.rating.id].append(claim)
        claims = {c.id: c for c in briefing.claims}
        self.citations = {
            sid: tuple(Citation(claims[cid], tuple(st)) for cid, st in uses.items()) for sid, uses in citations.items()
        }
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

    def cited_by(self, source: m.Source) -> tuple[Citation, ...]:
        return self.citations.get(source.id, ())

    def claimant_name(self, slug: str) -> m.Claimant:
        return self.claimants[slug][0].claimant


def _add_once(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


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
    ]
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
