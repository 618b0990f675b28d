"""schema.org ClaimReview for a claim page, as a JSON-LD dict.

Follows schema.org's ClaimReview and Google's fact-check markup guidance:
`claimReviewed`, `reviewRating` (`alternateName` always; the numbers only
for a rating on the scale), `url`, `author` (the publisher, with its `url`
when the briefing gives one), `datePublished` (when the claim was first
given a verdict), `dateModified` (when the current verdict was reached) and
`itemReviewed`, a `Claim` with its author, date and appearances.

Nothing is invented. An appearance's `url` is given only when its source
has one. The claim's author is a `Person` or an `Organization` only where
the briefing says which (`claimant.type`); otherwise it carries no
schema.org type rather than a guessed one. A withdrawn claim has no
ClaimReview: its verdict was taken back, and search engines and fact-check
tools should no longer show it. The dict is serialized for a `<script>`
element by `escape.json_for_script`.
"""

from __future__ import annotations

from typing import Any

from . import model as m


#: schema.org types of the claimant types of the content format
CLAIMANT_TYPES = {"person": "Person", "organization": "Organization"}


def claim_review(claim: m.Claim, briefing: m.Briefing, page_url: str) -> dict[str, Any] | None:
    """The ClaimReview of `claim`, whose page is published at the absolute `page_url`; None when withdrawn."""
    if claim.withdrawn:
        return None
    verdict = claim.verdict
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": claim.text,
        "reviewRating": _rating(verdict, briefing.ratings),
        "author": _without_none({"@type": "Organization", "name": briefing.publisher.name, "url": briefing.publisher.url}),
        "datePublished": claim.first_reviewed.isoformat(),
        "dateModified": verdict.reviewed.isoformat(),
        "inLanguage": briefing.language,
        "itemReviewed": _claim(claim),
    }


def _rating(verdict: m.Verdict, scale: m.RatingScale) -> dict[str, Any]:
    rating = {"@type": "Rating", "alternateName": verdict.rating.label, "ratingExplanation": verdict.summary}
    if verdict.rating.value is not None:  # off-scale verdicts have no number
        rating |= {"ratingValue": verdict.rating.value, "bestRating": scale.best, "worstRating": scale.worst}
    return rating


def _claim(claim: m.Claim) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": _without_none(
            {
                "@type": CLAIMANT_TYPES.get(claim.claimant.type or ""),
                "name": claim.claimant.name,
                "description": claim.claimant.role,
            }
        ),
        "datePublished": claim.date.isoformat(),
    }
    if claim.appearances:
        first, *others = claim.appearances
        item["firstAppearance"] = _creative_work(first.source)
        if others:  # Google: `appearance` lists the appearances other than the first
            item["appearance"] = [_creative_work(a.source) for a in others]
    return item


def _creative_work(source: m.Source) -> dict[str, Any]:
    return _without_none(
        {
            "@type": "CreativeWork",
            "name": source.title,
            "url": source.url,
            "archivedAt": source.archived_url,
            "publisher": {"@type": "Organization", "name": source.publisher},
            "datePublished": source.published.isoformat() if source.published else None,
        }
    )


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}
