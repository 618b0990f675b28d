"""Related claims (generator/related.py) choose as one pass over every claim would: the
claimant's claims first, then the most shared topics, then the newest; compared on
generated briefings, including topics that go together and withdrawn claims."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.related import RelatedRanking

CLAIMANTS = ("ana", "bo", "cai", "dara")
TOPICS = ("aid", "oil", "rail", "ships", "tanks", "wheat")

topic_sets = st.lists(st.sampled_from(TOPICS), max_size=5, unique=True)
claims = st.lists(st.tuples(st.sampled_from(CLAIMANTS), topic_sets), max_size=40)


def every_claim(claims: list[tuple[str, list[str]]], claimant: str, topics: list[str], own: int | None, limit: int):
    """The rule, as a pass over every claim (claims newest first; a stable sort keeps them so)."""
    found = []
    for rank, (other_claimant, other_topics) in enumerate(claims):
        same = other_claimant == claimant
        shared = [t for t in topics if t in other_topics]
        if rank != own and (same or shared):
            found.append((rank, same, len(shared)))
    found.sort(key=lambda f: (not f[1], -f[2]))
    return [rank for rank, _, _ in found[:limit]]


@given(claims, st.integers(0, 8), st.data())
def test_a_published_claims_related_claims_are_those_of_a_pass_over_every_claim(claims, limit, data):
    ranking = RelatedRanking([c for c, _ in claims], [ts for _, ts in claims])
    for own, (claimant, topics) in enumerate(claims):
        assert ranking.related(claimant, topics, limit, own) == every_claim(claims, claimant, topics, own, limit)


@given(claims, st.sampled_from((*CLAIMANTS, "nobody-else")), st.lists(st.sampled_from((*TOPICS, "gone")), unique=True), st.integers(0, 8))
def test_a_withdrawn_claims_related_claims_are_those_of_a_pass_over_every_claim(claims, claimant, topics, limit):
    """A withdrawn claim has no rank; its claimant and topics may have no published claim left."""
    ranking = RelatedRanking([c for c, _ in claims], [ts for _, ts in claims])
    assert ranking.related(claimant, topics, limit) == every_claim(claims, claimant, topics, None, limit)


def test_topics_that_go_together_rank_by_how_many_they_share():
    """Many claims on the same two topics (the pair list is long), a few on three."""
    claims = [("bo", ["oil", "ships"])] * 30 + [("cai", ["oil", "ships", "wheat"])] * 3 + [("ana", ["wheat"])] * 5
    ranking = RelatedRanking([c for c, _ in claims], [ts for _, ts in claims])
    chosen = ranking.related("dara", ["oil", "ships", "wheat"], 6)
    assert chosen == [30, 31, 32, 0, 1, 2]
    assert chosen == every_claim(claims, "dara", ["oil", "ships", "wheat"], None, 6)
