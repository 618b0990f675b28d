"""The briefing's connections, computed once per build: who cites what, each
claimant's and topic's claims, verdict counts, related claims, the chronology.

Templates read it as `index`; it holds model objects only (no pages, no MkDocs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from . import model as m
from .chronology import Month, chronology, event_counts
from .related import RelatedRanking


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


#: how many related claims a claim page lists; the topic and claimant pages list them all
RELATED_LIMIT = 6
#: how many of the latest verdicts the home page shows
LATEST_LIMIT = 5


class BriefingIndex:
    """Who cites what: the connections between claims, sources, claimants and topics."""

    def __init__(self, briefing: m.Briefing) -> None:
        self.briefing = briefing
        # Withdrawn claims keep their page, and leave every list, count and chart.
        self.claims_by_date = tuple(sorted(briefing.published_claims, key=lambda c: (c.date, c.id), reverse=True))
        self.withdrawn = tuple(sorted(briefing.withdrawn_claims, key=lambda c: (c.withdrawn.date, c.id), reverse=True))
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
        self._age_rank = {claim.id: rank for rank, claim in enumerate(self.claims_by_date)}  # 0: the newest
        self._related = RelatedRanking([c.claimant.slug for c in self.claims_by_date], [c.topics for c in self.claims_by_date])

    @cached_property
    def timeline(self) -> tuple[Month, ...]:
        """Every event of every claim, by month, oldest first (made when the timeline is rendered)."""
        return chronology(self.briefing.claims)

    @cached_property
    def event_counts(self) -> dict[str, int]:
        return event_counts(self.timeline)

    @cached_property
    def latest_verdicts(self) -> tuple[m.Claim, ...]:
        """The most recently reviewed claims, for the home page."""
        return tuple(sorted(self.claims_by_date, key=lambda c: (c.verdict.reviewed, c.date, c.id), reverse=True)[:LATEST_LIMIT])

    def cited_by(self, source: m.Source) -> tuple[Citation, ...]:
        return self.citations.get(source.id, ())

    def claimant_type(self, slug: str) -> str | None:
        """"person" or "organization", as the newest claim that says gives it; None if none does."""
        return next((c.claimant.type for c in self.claimants[slug] if c.claimant.type), None)

    def claimant_roles(self, slug: str) -> tuple[str, ...]:
        """Every role the claimant is given, once each, newest claim first."""
        return tuple(dict.fromkeys(c.claimant.role for c in self.claimants[slug] if c.claimant.role))

    def tally(self, claims: Iterable[m.Claim]) -> tuple[tuple[m.Rating, int], ...]:
        """How many of `claims` got each verdict, in the scale's order; verdicts nobody got are left out."""
        counts: dict[str, int] = defaultdict(int)
        for claim in claims:
            counts[claim.verdict.rating.id] += 1
        return tuple((r, counts[r.id]) for r in self.briefing.ratings.all if counts[r.id])

    def topic_tally(self, claims: Iterable[m.Claim]) -> tuple[tuple[str, int], ...]:
        """How many of `claims` are on each topic, topics in order; topics none of them is on are left out."""
        counts: dict[str, int] = defaultdict(int)
        for claim in claims:
            for topic in claim.topics:
                counts[topic] += 1
        return tuple((topic, counts[topic]) for topic in sorted(counts))

    def claimant_tally(self, claims: Iterable[m.Claim]) -> tuple[tuple[m.Claimant, int], ...]:
        """How many of `claims` each claimant made, by slug; each named as on their page (their newest claim)."""
        counts: dict[str, int] = defaultdict(int)
        for claim in claims:
            counts[claim.claimant.slug] += 1
        return tuple((self.claimants[slug][0].claimant, counts[slug]) for slug in sorted(counts))

    def related(self, claim: m.Claim, limit: int = RELATED_LIMIT) -> tuple[Related, ...]:
        """Claims by the same claimant first, then those sharing the most topics; newest first within each.

        Ranked by `RelatedRanking` (generator/related.py), which never reads a
        topic's whole list of claims: a pass over those made a build grow faster
        than the claims.
        """
        ranks = self._related.related(claim.claimant.slug, claim.topics, limit, self._age_rank.get(claim.id))
        return tuple(
            Related(c, c.claimant.slug == claim.claimant.slug, tuple(t for t in claim.topics if t in c.topics))
            for c in (self.claims_by_date[r] for r in ranks)
        )


def _citations(claims: Iterable[m.Claim]) -> dict[str, tuple[Citation, ...]]:
    found: dict[str, list[Citation]] = defaultdict(list)
    for claim in claims:
        for source in claim.sources:
            evidence = tuple(e for e in claim.verdict.evidence if e.source.id == source.id)
            appearances = tuple(a for a in claim.appearances if a.source.id == source.id)
            stances = [e.stance for e in evidence] + (["appearance"] if appearances else [])
            found[source.id].append(Citation(claim, tuple(dict.fromkeys(stances)), evidence, appearances))
    return {sid: tuple(cs) for sid, cs in found.items()}
