"""The briefing as validated, typed, immutable data.

Every reference is resolved: an evidence item holds its `Source`, a verdict
its `Rating`. Templates and exporters receive these objects and never look
anything up in files. The model knows nothing of YAML, Jinja or MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property


class MarkdownText(str):
    """Text written in Markdown (CommonMark plus tables), not yet rendered.

    A distinct type so that no template can print it as plain text by
    accident: it must go through the Markdown renderer.
    """

    __slots__ = ()


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str | None


@dataclass(frozen=True)
class Contact:
    """How readers reach the publisher: at least one of the two is set."""

    email: str | None
    url: str | None


@dataclass(frozen=True)
class Rating:
    id: str
    label: str
    description: MarkdownText
    #: position counted from the bottom of the scale (worst = 1); None off the scale
    value: int | None

    @property
    def scored(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class RatingScale:
    scale: tuple[Rating, ...]  # most accurate first
    unscored: tuple[Rating, ...]

    @property
    def all(self) -> tuple[Rating, ...]:
        return self.scale + self.unscored

    @property
    def best(self) -> int:
        return len(self.scale)

    @property
    def worst(self) -> int:
        return 1

    def get(self, rating_id: str) -> Rating | None:
        return next((r for r in self.all if r.id == rating_id), None)


@dataclass(frozen=True)
class Source:
    id: str
    path: str  # the YAML file, relative to the briefing root
    title: str
    publisher: str
    type: str
    authors: tuple[str, ...]
    published: dt.date | None
    url: str | None
    archived_url: str | None
    accessed: dt.date | None
    notes: MarkdownText | None


@dataclass(frozen=True)
class Claimant:
    name: str
    role: str | None
    slug: str  # the claimant page lives at claimants/<slug>/
    type: str | None = None  # "person" or "organization"; None when the briefing does not say


@dataclass(frozen=True)
class Original:
    """The claim as made, in its own language."""

    text: str
    language: str  # a BCP 47 tag


@dataclass(frozen=True)
class Withdrawal:
    """A published claim taken back: its page stays, with this notice."""

    date: dt.date
    reason: MarkdownText


@dataclass(frozen=True)
class Appearance:
    source: Source
    date: dt.date | None
    note: str | None


@dataclass(frozen=True)
class Evidence:
    source: Source
    stance: str  # "supports", "contradicts" or "context"
    quote: str | None
    note: str | None


@dataclass(frozen=True)
class Verdict:
    rating: Rating
    summary: str
    reviewed: dt.date
    analysis: MarkdownText
    evidence: tuple[Evidence, ...]
    checked_by: tuple[str, ...] = ()  # names as they should be printed; () when not given
    edited_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    rating: Rating
    reviewed: dt.date
    summary: str
    checked_by: tuple[str, ...] = ()
    edited_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Correction:
    date: dt.date
    note: str


@dataclass(frozen=True)
class Claim:
    id: str
    path: str  # the YAML file, relative to the briefing root
    text: str
    claimant: Claimant
    date: dt.date
    appearances: tuple[Appearance, ...]
    topics: tuple[str, ...]
    verdict: Verdict
    history: tuple[HistoryEntry, ...]  # oldest first
    corrections: tuple[Correction, ...]
    original: Original | None = None
    withdrawn: Withdrawal | None = None

    @property
    def first_reviewed(self) -> dt.date:
        """When the claim was first given a verdict: its oldest history entry, or the current verdict."""
        return self.history[0].reviewed if self.history else self.verdict.reviewed

    @property
    def last_changed(self) -> dt.date:
        """The latest date its fact-check changed: a review, a correction or the withdrawal."""
        dates = [self.verdict.reviewed, *(h.reviewed for h in self.history), *(c.date for c in self.corrections)]
        if self.withdrawn:
            dates.append(self.withdrawn.date)
        return max(dates)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source the claim cites or appeared in, once each, in first-use order."""
        seen: dict[str, Source] = {}
        for item in (*self.verdict.evidence, *self.appearances):
            seen.setdefault(item.source.id, item.source)
        return tuple(seen.values())


@dataclass(frozen=True)
class NotRated:
    """A statement considered and deliberately not rated."""

    statement: str
    reason: str
    claimant: str | None
    source: Source | None


@dataclass(frozen=True)
class Briefing:
    title: str
    subtitle: str | None
    summary: MarkdownText
    language: str
    publisher: Publisher
    #: the `updated` key as written in briefing.yaml; read `updated` for the date to show
    updated_given: dt.date | None
    about: MarkdownText | None
    methodology: MarkdownText | None
    corrections_policy: MarkdownText | None
    ratings: RatingScale
    sources: tuple[Source, ...]  # sorted by id
    claims: tuple[Claim, ...]  # sorted by id, withdrawn ones included
    as_of: dt.date | None = None  # the day whose situation the briefing describes
    contact: Contact | None = None
    not_rated: tuple[NotRated, ...] = ()

    @cached_property
    def last_changed(self) -> dt.date | None:
        """The latest review, correction or withdrawal of any claim; None without claims."""
        return max((claim.last_changed for claim in self.claims), default=None)

    @property
    def updated(self) -> dt.date | None:
        """"Last updated": `updated` where the briefing gives it, else `last_changed`."""
        return self.updated_given or self.last_changed

    @cached_property
    def published_claims(self) -> tuple[Claim, ...]:
        """The claims not withdrawn: what lists, counts and charts show."""
        return tuple(claim for claim in self.claims if claim.withdrawn is None)

    @cached_property
    def withdrawn_claims(self) -> tuple[Claim, ...]:
        return tuple(claim for claim in self.claims if claim.withdrawn is not None)
