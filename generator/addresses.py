"""Where each page lives. The addresses are part of the content contract
(`/claims/<id>/`, `/sources/<id>/` ...), so they are defined once, here."""

from __future__ import annotations

import posixpath

from . import model as m


def claim_page(claim: m.Claim) -> str:
    return f"claims/{claim.id}.md"


def source_page(source: m.Source) -> str:
    return f"sources/{source.id}.md"


def claimant_page(claimant: m.Claimant) -> str:
    return f"claimants/{claimant.slug}.md"


def topic_page(topic: str) -> str:
    return f"topics/{topic}.md"


def verdict_page(rating: m.Rating) -> str:
    """The claims given one verdict: the filter by verdict that works without JavaScript.

    Not under ratings/ (the scale is ratings.md → /ratings/), so that a rating
    with the id "index" cannot collide with it.
    """
    return f"verdicts/{rating.id}.md"


TIMELINE_PAGE = "timeline.md"
PRINT_PAGE = "print.md"


def internal_page(kind: str, target: str) -> str:
    """The page a `claim:<id>` or `source:<id>` link in content points to."""
    return f"{'claims' if kind == 'claim' else 'sources'}/{target}.md"


def page_url(path: str) -> str:
    """The address a Markdown page is published at, relative to the site root."""
    if path == "index.md":
        return ""
    stem = path.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def relative_url(from_path: str, to_path: str) -> str:
    """The address of page `to_path` as seen from page `from_path` (both Markdown paths)."""
    here, there = page_url(from_path), page_url(to_path)
    relative = posixpath.relpath(there or ".", here or ".")
    return "./" if relative == "." else relative + "/"


def relative_md(from_path: str, to_path: str) -> str:
    """A Markdown link target from one page to another, which MkDocs resolves and checks."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def topic_label(topic: str) -> str:
    """'arms-transfers' → 'Arms transfers'."""
    words = topic.replace("-", " ")
    return words[:1].upper() + words[1:]
