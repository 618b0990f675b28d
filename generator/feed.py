"""feed.xml: an Atom feed (RFC 4287) of the verdicts, newest review first.

One entry per claim. An entry's `id` is the claim page's absolute address,
which never changes while the site stays where it is; its `updated` is the
date of the current verdict, or of the withdrawal of a withdrawn claim, so
a feed reader shows the claim again when its verdict changes or it is taken
back. Who checked the verdict are the entry's `author`s (feed readers show
them; without any, the feed's author, the publisher, stands), who edited it
its `contributor`s, and both are named in the entry's text, since readers
rarely show contributors. The feed's `updated` is the briefing's "last
updated" date (`Briefing.updated`). Content dates have no time of day:
they are written as midnight UTC. The XML is built with ElementTree, which
escapes every text and attribute; nothing is assembled from strings.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from . import markup
from . import model as m
from .addresses import absolute_url, claim_page, internal_page, topic_label
from .escape import html_text
from .i18n import Translator, translator

FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
_XML_NS = "http://www.w3.org/XML/1998/namespace"  # for xml:lang and xml:base
# No date at all (no claims, no `updated`): Atom still requires one.
_NO_DATE = dt.date(1970, 1, 1)


def atom_feed(briefing: m.Briefing, site_url: str, tr: Translator | None = None, html: markup.HtmlCache | None = None) -> bytes:
    """The feed, its own words (a withdrawal, the bylines) in the briefing's language, or `tr`'s."""
    tr = tr or translator(briefing.language)
    claims = sorted(briefing.claims, key=lambda c: (-_entry_updated(c).toordinal(), c.id))
    feed = ET.Element("feed", {"xmlns": ATOM, f"{{{_XML_NS}}}lang": briefing.language})
    _text(feed, "id", absolute_url(site_url, FEED))
    _text(feed, "title", briefing.title)
    if briefing.subtitle:
        _text(feed, "subtitle", briefing.subtitle)
    _text(feed, "updated", _timestamp(briefing.updated or _NO_DATE))
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=absolute_url(site_url, FEED))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=site_url)
    author = ET.SubElement(feed, "author")
    _text(author, "name", briefing.publisher.name)
    if briefing.publisher.url:
        _text(author, "uri", briefing.publisher.url)
    for claim in claims:
        feed.append(_entry(claim, site_url, tr, html))
    ET.indent(feed)
    xml = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    # A parser turns a literal carriage return in text into a line feed; a
    # character reference keeps it. Markup itself never contains one.
    xml = xml.replace("\r", "&#13;")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{xml}\n'.encode("utf-8")


def _entry(claim: m.Claim, site_url: str, tr: Translator, cache: markup.HtmlCache | None) -> ET.Element:
    page = absolute_url(site_url, claim_page(claim))
    verdict = claim.verdict
    entry = ET.Element("entry")
    _text(entry, "id", page)
    _text(entry, "title", tr.gettext("Withdrawn: %(claim)s") % {"claim": claim.text} if claim.withdrawn else claim.text)
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=page)
    _text(entry, "published", _timestamp(claim.first_reviewed))
    _text(entry, "updated", _timestamp(_entry_updated(claim)))
    for tag, names in (("author", verdict.checked_by), ("contributor", verdict.edited_by)):
        for name in names:
            _text(ET.SubElement(entry, tag), "name", name)
    summary = tr.gettext("%(rating)s: %(summary)s") % {"rating": verdict.rating.label, "summary": verdict.summary}
    if claim.withdrawn:
        values = {"date": tr.long_date(claim.withdrawn.date), "summary": summary}
        summary = tr.gettext("Withdrawn on %(date)s. It was rated %(summary)s") % values
    _text(entry, "summary", summary)
    ET.SubElement(
        entry, "category", term=verdict.rating.id, label=verdict.rating.label, scheme=absolute_url(site_url, "ratings.md")
    )
    for topic in claim.topics:
        ET.SubElement(
            entry, "category", term=topic, label=topic_label(topic), scheme=absolute_url(site_url, "topics/index.md")
        )
    # Relative links in the analysis (#anchors) resolve against the claim's page.
    content = _text(entry, "content", _content_html(claim, site_url, tr, cache), type="html")
    content.set(f"{{{_XML_NS}}}base", page)
    return entry


def _content_html(claim: m.Claim, site_url: str, tr: Translator, cache: markup.HtmlCache | None) -> str:
    """The verdict and its analysis as HTML, with links to other pages made absolute."""

    def resolve(kind: str, target: str) -> str:
        return absolute_url(site_url, internal_page(kind, target))

    verdict = claim.verdict
    parts = []
    if claim.withdrawn:
        withdrawn = tr.gettext("Withdrawn on %(date)s.") % {"date": tr.long_date(claim.withdrawn.date)}
        notice = f"<p><strong>{html_text(withdrawn)}</strong></p>"
        parts += [notice, markup.render_html(claim.withdrawn.reason, resolve, cache)]
    parts.append(f"<p><strong>{html_text(verdict.rating.label)}</strong>: {html_text(verdict.summary)}</p>")
    bylines = []
    if verdict.checked_by:
        bylines.append(tr.gettext("Checked by %(names)s.") % {"names": tr.join(verdict.checked_by)})
    if verdict.edited_by:
        bylines.append(tr.gettext("Edited by %(names)s.") % {"names": tr.join(verdict.edited_by)})
    if bylines:
        parts.append(f"<p>{html_text(' '.join(bylines))}</p>")
    parts.append(markup.render_html(verdict.analysis, resolve, cache))
    return "\n".join(parts)


def _entry_updated(claim: m.Claim) -> dt.date:
    return claim.withdrawn.date if claim.withdrawn else claim.verdict.reviewed


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element
