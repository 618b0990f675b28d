"""The briefing's chronology: what happened to each claim, and when, by month.

Made for the timeline page (`briefing_index.BriefingIndex.timeline`): claims made,
verdicts reached and revised, corrections and withdrawals, each an `Event`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import model as m
from .i18n import N_


@dataclass(frozen=True)
class Event:
    """One dated thing in a briefing's history: a section of the chronology lists them by month."""

    date: dt.date
    kind: str  # one of EVENT_KINDS
    claim: m.Claim
    rating: m.Rating | None = None  # the verdict reached, or revised to
    previous: m.Rating | None = None  # for a revision: the verdict it replaced
    note: str = ""  # a correction's note


#: the kinds of event on the timeline, in the order they happen to a claim: (kind, label, plural heading)
EVENT_KINDS = (
    ("made", N_("Claim made"), N_("Claims made")),
    ("reached", N_("Verdict reached"), N_("Verdicts reached")),
    ("revised", N_("Verdict revised"), N_("Verdicts revised")),
    ("correction", N_("Correction"), N_("Corrections")),
    ("withdrawn", N_("Withdrawn"), N_("Withdrawals")),
)


@dataclass(frozen=True)
class Month:
    """What happened in one month, oldest first: a section of the timeline."""

    first_day: dt.date
    events: tuple[Event, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of event in the month, each once."""
        return tuple(dict.fromkeys(event.kind for event in self.events))


def _events(claim: m.Claim) -> Iterator[Event]:
    """A claim's history: made, its first verdict, each revision, its corrections, its withdrawal."""
    yield Event(claim.date, "made", claim)
    verdicts = [(entry.reviewed, entry.rating) for entry in claim.history] + [(claim.verdict.reviewed, claim.verdict.rating)]
    previous = None
    for reviewed, rating in verdicts:
        yield Event(reviewed, "revised" if previous else "reached", claim, rating, previous)
        previous = rating
    for correction in claim.corrections:
        yield Event(correction.date, "correction", claim, note=correction.note)
    if claim.withdrawn is not None:
        yield Event(claim.withdrawn.date, "withdrawn", claim)


_KIND_ORDER = {kind: n for n, (kind, _, _) in enumerate(EVENT_KINDS)}


def _by_month(events: Iterable[Event]) -> tuple[Month, ...]:
    months: dict[dt.date, list[Event]] = defaultdict(list)
    for event in events:
        months[event.date.replace(day=1)].append(event)
    return tuple(
        Month(first_day, tuple(sorted(found, key=lambda e: (e.date, _KIND_ORDER[e.kind], e.claim.date, e.claim.id))))
        for first_day, found in sorted(months.items())
    )


def chronology(claims: Iterable[m.Claim]) -> tuple[Month, ...]:
    """Every event of every claim, by month, oldest first."""
    return _by_month(event for claim in claims for event in _events(claim))


def event_counts(months: Iterable[Month]) -> dict[str, int]:
    """How many events of each kind `months` hold (every kind, 0 for none)."""
    counts = dict.fromkeys((kind for kind, _, _ in EVENT_KINDS), 0)
    for month in months:
        for event in month.events:
            counts[event.kind] += 1
    return counts
