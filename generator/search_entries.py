"""What search finds on a claim's or a source's page, made from the model, not from the page's HTML.

Material's search plugin parses every page's HTML again to index it (a
quarter of a build), and indexes all of it. A claim's page is one search
result: titled "verdict: claim", its text the summary, who made the claim
and when, the analysis, and the publishers of its sources (a search for a
claimant, a publisher or a word of the analysis finds it). A source's page:
its title, and its publisher, type, date, authors and notes. The rest of a
page (the evidence's quotes, the related claims, the tables) is left out: it
repeats what other pages hold. Texts are escaped HTML, as Material's entries are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import model as m
from . import schema
from .escape import one_line
from .i18n import Translator

_TAG = re.compile(r"<[^>]*>")  # in sanitized HTML (markup.sanitize), `>` inside an attribute is escaped


@dataclass(frozen=True)
class SearchEntry:
    """One search result: its title and text as escaped HTML, and how much it ranks above others."""

    title: str
    text: str
    boost: float | None = None

    def for_material(self, location: str) -> dict:
        """The entry as Material's search index holds it (`location`: the page's address in the site)."""
        entry: dict = {"location": location, "title": self.title, "text": self.text}
        if self.boost is not None:
            entry["boost"] = self.boost
        return entry


def claim_entry(claim: m.Claim, tr: Translator, html_of: Callable[[str], str]) -> SearchEntry:
    """A claim's page as one result; above sources in the ranking, so that a publisher's name finds the claims first."""
    verdict = claim.verdict
    label = tr.gettext("Withdrawn") if claim.withdrawn else verdict.rating.label
    values = {"claimant": claim.claimant.name, "role": claim.claimant.role, "date": tr.long_date(claim.date)}
    if claim.claimant.role:
        who = tr.gettext("Claimed by %(claimant)s, %(role)s, on %(date)s") % values
    else:
        who = tr.gettext("Claimed by %(claimant)s on %(date)s") % values
    publishers = sorted({item.source.publisher for item in verdict.evidence} | {a.source.publisher for a in claim.appearances})
    paragraphs = [_text(verdict.summary), _text(who), _plain(html_of(verdict.analysis)), _text(tr.join(publishers))]
    return SearchEntry(f"{_text(label)}: {_text(claim.text)}", _paragraphs(paragraphs), boost=2)


def source_entry(source: m.Source, tr: Translator, html_of: Callable[[str], str]) -> SearchEntry:
    """A source's page as one result: what it is and who published it, and its notes."""
    facts = [tr.gettext("Publisher: %(publisher)s") % {"publisher": source.publisher}]
    facts.append(tr.gettext(schema.SOURCE_TYPE_LABELS[source.type]))
    if source.published:
        facts.append(tr.long_date(source.published))
    if source.authors:
        facts.append(tr.gettext("By %(authors)s") % {"authors": ", ".join(source.authors)})
    paragraphs = [_text(" · ".join(facts))]
    if source.notes:
        paragraphs.append(_plain(html_of(source.notes)))
    return SearchEntry(_text(source.title), _paragraphs(paragraphs))


def _text(text: str) -> str:
    return html.escape(one_line(text), quote=False)


def _plain(sanitized_html: str) -> str:
    """The text of sanitized HTML, still escaped, on one line."""
    return one_line(_TAG.sub("", sanitized_html))


def _paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs if paragraph)
