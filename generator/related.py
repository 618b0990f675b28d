"""Related claims, ranked without comparing a claim with every claim of its topics.

The rule (`BriefingIndex.related`): the claimant's other claims first, then
claims sharing at least one topic; within each, the most shared topics first,
then the newest. Counting shared topics over the claim's topic lists costs the
sum of their lengths for every claim: at 10,000 synthetic claims, topics of
hundreds of claims made that grow as the claims to the power 1.5.

Here a claim sharing two or more topics is found through the list of claims
on each pair of its topics (short, unless two topics go together), and the
claims sharing exactly one are read newest first off the topic lists, only
as far as the list needs. Everything is by position in the newest-first order
of the published claims (its "rank"), inside a scope: every claim, or one
claimant's.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence

#: every claim, as opposed to one claimant's (whose scope is their key)
ALL = ""


class RelatedRanking:
    """Ranks by shared topics; built once from each claim's claimant and topics, newest claim first."""

    def __init__(self, claimants: Sequence[str], topics: Sequence[Collection[str]]) -> None:
        self.claimants = tuple(claimants)
        self.topics = tuple(frozenset(ts) for ts in topics)
        by_topic: dict[tuple[str, str], list[int]] = defaultdict(list)
        by_pair: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        by_claimant: dict[str, list[int]] = defaultdict(list)
        for rank, (claimant, own) in enumerate(zip(self.claimants, self.topics)):
            by_claimant[claimant].append(rank)
            for scope in (ALL, claimant):
                for topic in own:
                    by_topic[scope, topic].append(rank)
                for first, second in itertools.combinations(sorted(own), 2):
                    by_pair[scope, first, second].append(rank)
        self._by_topic = dict(by_topic)
        self._by_pair = dict(by_pair)
        self._by_claimant = dict(by_claimant)

    def related(self, claimant: str, topics: Collection[str], limit: int, own: int | None = None) -> list[int]:
        """The ranks of the `limit` claims most related to a claim by `claimant` on `topics`, best first.

        `own` is the claim's own rank (None for a withdrawn claim), left out.
        """
        wanted = frozenset(topics)
        mine = list(itertools.islice((r for r in self._by_claimant.get(claimant, ()) if r != own), limit))
        if len(mine) < limit:  # all of them, ranked; then other claimants' claims
            chosen = sorted(mine, key=lambda r: (-self._shared(r, wanted), r))
            return chosen + self._top(ALL, wanted, limit - len(chosen), lambda r: r == own or r in mine)
        chosen = self._top(claimant, wanted, limit, lambda r: r == own)
        taken = set(chosen)
        rest = (r for r in self._by_claimant.get(claimant, ()) if r != own and r not in taken)
        return chosen + list(itertools.islice(rest, limit - len(chosen)))  # sharing no topic: newest first

    def _shared(self, rank: int, topics: frozenset[str]) -> int:
        return len(self.topics[rank] & topics)

    def _top(self, scope: str, topics: frozenset[str], limit: int, skip: Callable[[int], bool]) -> list[int]:
        """The `limit` best claims in `scope` sharing a topic: most shared topics, then newest."""
        if limit <= 0:
            return []
        several = self._sharing_several(scope, topics, limit, skip)
        ranked = sorted(several, key=lambda r: (-self._shared(r, topics), r))[:limit]
        if len(ranked) == limit:
            return ranked
        # Fewer than `limit` claims share two topics or more, so few are passed over here.
        lists = [self._by_topic.get((scope, t), ()) for t in sorted(topics)]
        once = (r for r in heapq.merge(*lists) if not skip(r) and self._shared(r, topics) == 1)
        return ranked + list(itertools.islice(once, limit - len(ranked)))

    def _sharing_several(self, scope: str, topics: frozenset[str], limit: int, skip: Callable[[int], bool]) -> set[int]:
        """Every claim in `scope` sharing two topics or more, but of those sharing only the pair of
        the longest pair list, the newest `limit` (older ones cannot make the list)."""
        pairs = sorted(
            (self._by_pair.get((scope, *pair), ()) for pair in itertools.combinations(sorted(topics), 2)),
            key=len,
        )
        if not pairs:
            return set()
        found = {r for ranks in pairs[:-1] for r in ranks if not skip(r)}
        only_pair = (r for r in pairs[-1] if r not in found and not skip(r))
        found.update(itertools.islice(only_pair, limit))
        return found

