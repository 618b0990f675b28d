"""Lists that grow with the briefing, split into numbered pages.

Which items each page of a list shows, where each page is, and the way from
one to the next. Pure: the sizes come in as a value (`PageSizes`, part of
the render request, so that a test can split a tiny briefing), the pages
come out as values. A list that fits on one page is one page, at the
list's own address, as if it had never been split.

The sizes keep every page well under 1 MB of HTML at 10,000 claims
(measured with the synthetic briefing: a claims-table row is about 1 KB,
a source or claimant row 0.5 KB, a timeline event 0.45 KB, a claim on the
printable page 6 KB on average), and a page short enough to scroll on a phone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .chronology import Month

T = TypeVar("T")

#: rows of a claims table on one page: /claims/, and each verdict's, topic's and claimant's page
CLAIMS_PER_PAGE = 100
#: rows of the sources table on one page (/sources/)
SOURCES_PER_PAGE = 200
#: rows of the claimants and the topics tables on one page (/claimants/, /topics/)
GROUPS_PER_PAGE = 200
#: events of the timeline on one page (/timeline/); a month may go on over two pages
EVENTS_PER_PAGE = 300
#: claims in one part of the printable briefing; past it, /print/ lists the parts
CLAIMS_PER_PRINT_PART = 50
#: topics or claimants the filter panel of a page of claims names one by one; past it, it links to
#: their list instead (the panel is on every page of /claims/: 1,283 claimants at 10,000 claims)
FILTER_LINKS = 50

#: how many page numbers the pager shows on each side of the current page (besides the first and last)
PAGER_REACH = 2


@dataclass(frozen=True)
class PageSizes:
    """How many items each kind of list shows on one page."""

    claims: int = CLAIMS_PER_PAGE
    sources: int = SOURCES_PER_PAGE
    groups: int = GROUPS_PER_PAGE
    events: int = EVENTS_PER_PAGE
    print_claims: int = CLAIMS_PER_PRINT_PART
    filter_links: int = FILTER_LINKS

    def __post_init__(self) -> None:
        for name, size in vars(self).items():
            if size < 1:
                raise ValueError(f"page size {name} must be at least 1, not {size}")


@dataclass(frozen=True)
class Pager(Generic[T]):
    """One page of a list: the items it shows, and the way to the list's other pages."""

    items: tuple[T, ...]
    number: int  #: from 1
    paths: tuple[str, ...]  #: every page of the list (Markdown paths), the first first
    start: int = 0  #: how many of the list's items (claims, events ...) come before this page's
    total: int = 0  #: how many items the whole list holds

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def split(self) -> bool:
        """Whether the list has more than one page (a list of one page shows no pager)."""
        return self.count > 1

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None

    def numbers(self, reach: int = PAGER_REACH) -> tuple[int | None, ...]:
        """The page numbers the pager links: the first, the last, and those within `reach`
        of this one, in order; None where numbers are left out (an ellipsis stands for two or more)."""
        near = range(max(1, self.number - reach), min(self.count, self.number + reach) + 1)
        shown: list[int | None] = []
        for n in sorted({1, self.count, *near}):
            last = shown[-1] if shown else n - 1
            assert last is not None
            if n - last == 2:
                shown.append(n - 1)
            elif n - last > 2:
                shown.append(None)
            shown.append(n)
        return tuple(shown)


def chunks(items: Sequence[T], size: int) -> tuple[tuple[T, ...], ...]:
    """`items` in runs of `size`; an empty list is one empty page (a list page exists even when empty)."""
    return tuple(tuple(items[i : i + size]) for i in range(0, len(items), size)) or ((),)


def paginate(items: Sequence[T], size: int, path_of: Callable[[int], str]) -> tuple[Pager[T], ...]:
    """`items` on pages of `size`; `path_of(n)` is the Markdown path of page n (from 1)."""
    runs = chunks(items, size)
    paths = tuple(path_of(n) for n in range(1, len(runs) + 1))
    return tuple(Pager(run, n, paths, (n - 1) * size, len(items)) for n, run in enumerate(runs, 1))


def paginate_months(months: Sequence[Month], size: int, path_of: Callable[[int], str]) -> tuple[Pager[Month], ...]:
    """The timeline on pages of at most `size` events, by month as on one page.

    A month starts a new page when it does not fit on the current one; a
    month with more events than a page holds goes on over the next pages,
    its heading repeated on each.
    """
    pages: list[list[Month]] = [[]]
    room = size
    for month in months:
        if len(month.events) > room and pages[-1]:
            pages.append([])
            room = size
        for run in chunks(month.events, size):
            if not room:
                pages.append([])
                room = size
            pages[-1].append(Month(month.first_day, run))
            room -= len(run)
    paths = tuple(path_of(n) for n in range(1, len(pages) + 1))
    total = sum(len(month.events) for month in months)
    starts = [0]
    for page in pages[:-1]:
        starts.append(starts[-1] + sum(len(month.events) for month in page))
    return tuple(Pager(tuple(page), n, paths, starts[n - 1], total) for n, page in enumerate(pages, 1))
