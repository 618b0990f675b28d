"""The briefing as data: claims.json, claims.csv and (from `feed`) feed.xml.

Pure functions from the model (and the site's absolute address) to bytes;
nothing here knows MkDocs or Jinja. Each format is written by a library
that escapes for it — `json`, `csv`, `xml.etree.ElementTree` — never by
string concatenation, and the output is deterministic: claims in a fixed
order, and no build timestamps (the feed's dates are verdict dates).

The fields of each format are described once, here (`JSON_FIELDS`,
`CSV_COLUMNS`), and the data page of the site prints those descriptions,
so the documentation cannot drift from the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, BinaryIO

from . import model as m
from .markup import HtmlCache
from .addresses import absolute_url, claim_page, claimant_page, source_page
from .feed import FEED, atom_feed
from .i18n import N_

#: Bumped whenever a field of claims.json or a column of claims.csv changes meaning or goes away.
FORMAT_VERSION = 1

CLAIMS_JSON = "claims.json"
CLAIMS_CSV = "claims.csv"


@dataclass(frozen=True)
class GeneratedFile:
    """A file of the site that is not a page: written as it is, byte for byte."""

    path: str  # relative to the site root: "claims.json"
    content: bytes

    def write(self, out: BinaryIO) -> None:
        out.write(self.content)


@dataclass(frozen=True)
class PlannedFile:
    """A file of the site that is not a page, made as it is written (claims.json: 80 MB at 10,000 claims)."""

    path: str
    write: Callable[[BinaryIO], None]

    @property
    def content(self) -> bytes:
        out = io.BytesIO()
        self.write(out)
        return out.getvalue()


def planned_files(briefing: m.Briefing, site_url: str, html: HtmlCache | None = None) -> tuple[PlannedFile, ...]:
    """claims.json, claims.csv and feed.xml, their addresses starting with `site_url`
    (`html`: the analyses' HTML, if `check` or the pages made it already)."""
    return (
        PlannedFile(CLAIMS_JSON, partial(write_claims_json, briefing, site_url)),
        PlannedFile(CLAIMS_CSV, lambda out: out.write(claims_csv(briefing, site_url))),
        PlannedFile(FEED, lambda out: out.write(atom_feed(briefing, site_url, html=html))),
    )


def export_files(briefing: m.Briefing, site_url: str, html: HtmlCache | None = None) -> tuple[GeneratedFile, ...]:
    """The data files (`planned_files`), made."""
    return tuple(GeneratedFile(file.path, file.content) for file in planned_files(briefing, site_url, html))


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# -- claims.json ------------------------------------------------------------------------

@dataclass(frozen=True)
class JsonField:
    path: str  # `[]` marks a list's items
    meaning: str
    #: "rating" or "source" when the value is such an object (described in RATING_FIELDS, SOURCE_FIELDS)
    object: str | None = None


RATING_FIELDS: tuple[JsonField, ...] = (
    JsonField("id", N_("The rating's id.")),
    JsonField("label", N_("The rating as shown to readers.")),
    JsonField("value", N_("Its place on the scale counted from the worst (1); null for a rating off the scale.")),
)

SOURCE_FIELDS: tuple[JsonField, ...] = (
    JsonField("id", N_("The source's id.")),
    JsonField("page", N_("The address of the source's page on this site.")),
    JsonField("title", N_("Its headline or title.")),
    JsonField("publisher", N_("The outlet, agency or body that published it.")),
    JsonField("type", N_("news, government, intergovernmental, state-media, think-tank, research, official-statement, dataset or other.")),
    JsonField("authors[]", N_("Its authors, when known.")),
    JsonField("published", N_("When it was published (YYYY-MM-DD), or null.")),
    JsonField("url", N_("Where it lives, or null when not known.")),
    JsonField("archived_url", N_("A permanent archived copy, or null.")),
    JsonField("accessed", N_("When it was last checked (YYYY-MM-DD), or null.")),
    JsonField("notes", N_("Notes on its reliability or context (Markdown), or null.")),
)

JSON_FIELDS: tuple[JsonField, ...] = (
    JsonField("format_version", N_("The version of this format, now %(version)s; it changes when a field changes meaning or goes away.")),
    JsonField("briefing.title", N_("The briefing's title.")),
    JsonField("briefing.subtitle", N_("Its subtitle, or null.")),
    JsonField("briefing.language", N_("Its language, a BCP 47 tag such as en.")),
    JsonField(
        "briefing.updated",
        N_(
            "When the briefing was last updated (YYYY-MM-DD): the date its authors give, else the latest review, "
            "correction or withdrawal of a claim; null when there is neither."
        ),
    ),
    JsonField("briefing.as_of", N_("The day whose situation the briefing describes (YYYY-MM-DD), or null.")),
    JsonField("briefing.page", N_("The address of the briefing's home page.")),
    JsonField("briefing.publisher.name", N_("Who publishes the briefing.")),
    JsonField("briefing.publisher.url", N_("The publisher's address, or null.")),
    JsonField("briefing.contact.email", N_("The email address readers write to, or null (contact is null when the briefing gives none).")),
    JsonField("briefing.contact.url", N_("The address of a contact page, or null.")),
    JsonField("ratings.best", N_("The value of the best rating on the scale (the number of ratings on it).")),
    JsonField("ratings.worst", N_("The value of the worst rating on the scale: always 1.")),
    JsonField("ratings.scale[]", N_("The ratings on the scale, from most to least accurate."), "rating"),
    JsonField("ratings.scale[].description", N_("What the rating means (Markdown).")),
    JsonField("ratings.unscored[]", N_("The ratings off the scale, such as unproven."), "rating"),
    JsonField("ratings.unscored[].description", N_("What the rating means (Markdown).")),
    JsonField("claims[].id", N_("The claim's id; claims are in id order.")),
    JsonField("claims[].page", N_("The address of the claim's page.")),
    JsonField("claims[].claim", N_("The claim, worded as it was made.")),
    JsonField("claims[].original.text", N_("The claim as made, in its own language (original is null when not given).")),
    JsonField("claims[].original.language", N_("That language, a BCP 47 tag such as ru.")),
    JsonField("claims[].claimant.name", N_("Who made the claim.")),
    JsonField("claims[].claimant.role", N_("Their role, or null.")),
    JsonField("claims[].claimant.type", N_("person or organization, or null when not given.")),
    JsonField("claims[].claimant.page", N_("The address of the claimant's page.")),
    JsonField("claims[].date", N_("When the claim was made (YYYY-MM-DD).")),
    JsonField("claims[].topics[]", N_("The claim's topic ids.")),
    JsonField("claims[].verdict.rating", N_("The current rating."), "rating"),
    JsonField("claims[].verdict.summary", N_("The conclusion in one or two sentences.")),
    JsonField("claims[].verdict.reviewed", N_("When this verdict was reached (YYYY-MM-DD).")),
    JsonField("claims[].verdict.first_reviewed", N_("When the claim was first given a verdict (YYYY-MM-DD).")),
    JsonField("claims[].verdict.analysis", N_("The reasoning (Markdown).")),
    JsonField("claims[].verdict.evidence[].stance", N_("How the source bears on the claim: supports, contradicts or context.")),
    JsonField("claims[].verdict.evidence[].quote", N_("Words quoted verbatim from the source, or null.")),
    JsonField("claims[].verdict.evidence[].note", N_("A note on the evidence, or null.")),
    JsonField("claims[].verdict.evidence[].source", N_("The source."), "source"),
    JsonField("claims[].verdict.checked_by[]", N_("Who checked the claim, as their names are printed.")),
    JsonField("claims[].verdict.edited_by[]", N_("Who edited the verdict.")),
    JsonField("claims[].appearances[].date", N_("When the claim appeared there, or null; the first appearance comes first.")),
    JsonField("claims[].appearances[].note", N_("A note on the appearance, or null.")),
    JsonField("claims[].appearances[].source", N_("Where the claim was made or reported."), "source"),
    JsonField("claims[].history[].rating", N_("An earlier rating; the history is oldest first."), "rating"),
    JsonField("claims[].history[].reviewed", N_("When that verdict was reached (YYYY-MM-DD).")),
    JsonField("claims[].history[].summary", N_("That verdict's conclusion.")),
    JsonField("claims[].history[].checked_by[]", N_("Who checked that verdict.")),
    JsonField("claims[].history[].edited_by[]", N_("Who edited that verdict.")),
    JsonField("claims[].corrections[].date", N_("When a correction was made (YYYY-MM-DD).")),
    JsonField("claims[].corrections[].note", N_("What was corrected.")),
    JsonField(
        "claims[].withdrawn.date",
        N_(
            "When the claim was withdrawn (YYYY-MM-DD) (withdrawn is null for a claim that stands). "
            "A withdrawn claim stays in this file and keeps its page, but leaves the site's lists and counts."
        ),
    ),
    JsonField("claims[].withdrawn.reason", N_("Why it was withdrawn (Markdown).")),
    JsonField("not_rated[].statement", N_("A statement considered and deliberately not rated.")),
    JsonField("not_rated[].reason", N_("Why it was not rated: an opinion, a forecast, not checkable...")),
    JsonField("not_rated[].claimant", N_("Who made it, or null.")),
    JsonField("not_rated[].source", N_("Where it was made or reported, or null."), "source"),
)


def json_field_paths() -> frozenset[str]:
    """Every documented leaf path of claims.json, objects expanded: "claims[].verdict.rating.id" ..."""
    objects = {"rating": RATING_FIELDS, "source": SOURCE_FIELDS}
    paths = set()
    for field in JSON_FIELDS:
        if field.object is None:
            paths.add(field.path)
        else:
            paths.update(f"{field.path}.{inner.path}" for inner in objects[field.object])
    return frozenset(paths)


def claims_json(briefing: m.Briefing, site_url: str) -> bytes:
    """Every claim (withdrawn ones too) with its verdict, evidence, history, corrections and sources."""
    return PlannedFile(CLAIMS_JSON, partial(write_claims_json, briefing, site_url)).content


def write_claims_json(briefing: m.Briefing, site_url: str, out: BinaryIO) -> None:
    """claims.json, into `out` claim by claim: the bytes of `json.dumps(document, indent=2)`
    without the whole document as one object (at 10,000 claims that took 380 MB to write)."""
    head = {
        "format_version": FORMAT_VERSION,
        "briefing": {
            "title": briefing.title,
            "subtitle": briefing.subtitle,
            "language": briefing.language,
            "updated": _date(briefing.updated),
            "as_of": _date(briefing.as_of),
            "page": site_url,
            "publisher": {"name": briefing.publisher.name, "url": briefing.publisher.url},
            "contact": {"email": briefing.contact.email, "url": briefing.contact.url} if briefing.contact else None,
        },
        "ratings": {
            "best": briefing.ratings.best,
            "worst": briefing.ratings.worst,
            "scale": [_rating_described(r) for r in briefing.ratings.scale],
            "unscored": [_rating_described(r) for r in briefing.ratings.unscored],
        },
    }
    not_rated = [
        {
            "statement": entry.statement,
            "reason": entry.reason,
            "claimant": entry.claimant,
            "source": _source(entry.source, site_url) if entry.source else None,
        }
        for entry in briefing.not_rated
    ]
    out.write(("{\n" + "".join(f"{_member(key, value)},\n" for key, value in head.items()) + '  "claims": ').encode("utf-8"))
    if briefing.claims:
        for number, claim in enumerate(briefing.claims):
            out.write(("[\n    " if number == 0 else ",\n    ").encode("utf-8") + _json(_claim(claim, site_url), 2).encode("utf-8"))
        out.write(b"\n  ]")
    else:
        out.write(b"[]")
    out.write(f",\n{_member('not_rated', not_rated)}\n}}\n".encode("utf-8"))


def _json(value: Any, level: int = 0) -> str:
    """`value` as `json.dumps(..., indent=2)` writes it `level` levels deep. JSON text has no line
    break but between values (one in a string is written \\n), so each is indented as a whole."""
    # ensure_ascii=False: names in any script stay readable; JSON is UTF-8 by definition.
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def _member(key: str, value: Any) -> str:
    return f"  {_json(key)}: {_json(value, 1)}"


def _rating(rating: m.Rating) -> dict[str, Any]:
    return {"id": rating.id, "label": rating.label, "value": rating.value}


def _rating_described(rating: m.Rating) -> dict[str, Any]:
    return _rating(rating) | {"description": str(rating.description)}


def _claim(claim: m.Claim, site_url: str) -> dict[str, Any]:
    verdict = claim.verdict
    return {
        "id": claim.id,
        "page": absolute_url(site_url, claim_page(claim)),
        "claim": claim.text,
        "original": {"text": claim.original.text, "language": claim.original.language} if claim.original else None,
        "claimant": {
            "name": claim.claimant.name,
            "role": claim.claimant.role,
            "type": claim.claimant.type,
            "page": absolute_url(site_url, claimant_page(claim.claimant)),
        },
        "date": _date(claim.date),
        "topics": list(claim.topics),
        "verdict": {
            "rating": _rating(verdict.rating),
            "summary": verdict.summary,
            "reviewed": _date(verdict.reviewed),
            "first_reviewed": _date(claim.first_reviewed),
            "analysis": str(verdict.analysis),
            "evidence": [
                {"stance": e.stance, "quote": e.quote, "note": e.note, "source": _source(e.source, site_url)}
                for e in verdict.evidence
            ],
            "checked_by": list(verdict.checked_by),
            "edited_by": list(verdict.edited_by),
        },
        "appearances": [
            {"date": _date(a.date), "note": a.note, "source": _source(a.source, site_url)} for a in claim.appearances
        ],
        "history": [
            {
                "rating": _rating(h.rating),
                "reviewed": _date(h.reviewed),
                "summary": h.summary,
                "checked_by": list(h.checked_by),
                "edited_by": list(h.edited_by),
            }
            for h in claim.history
        ],
        "corrections": [{"date": _date(c.date), "note": c.note} for c in claim.corrections],
        "withdrawn": (
            {"date": _date(claim.withdrawn.date), "reason": str(claim.withdrawn.reason)} if claim.withdrawn else None
        ),
    }


def _source(source: m.Source, site_url: str) -> dict[str, Any]:
    return {
        "id": source.id,
        "page": absolute_url(site_url, source_page(source)),
        "title": source.title,
        "publisher": source.publisher,
        "type": source.type,
        "authors": list(source.authors),
        "published": _date(source.published),
        "url": source.url,
        "archived_url": source.archived_url,
        "accessed": _date(source.accessed),
        "notes": str(source.notes) if source.notes is not None else None,
    }


# -- claims.csv -------------------------------------------------------------------------

#: Separates the items of a list inside one cell (ids never contain it).
LIST_SEPARATOR = "; "
#: A cell starting with one of these gets an apostrophe in front (see `spreadsheet_safe`).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    value: Callable[[m.Claim, m.Briefing, str], str | int | None]


CSV_COLUMNS: tuple[Column, ...] = (
    Column("id", N_("The claim's id; rows are in id order."), lambda c, b, u: c.id),
    Column("page", N_("The address of the claim's page."), lambda c, b, u: absolute_url(u, claim_page(c))),
    Column("claim", N_("The claim, worded as it was made."), lambda c, b, u: c.text),
    Column("claimant", N_("Who made the claim."), lambda c, b, u: c.claimant.name),
    Column("claimant_role", N_("Their role; empty when not given."), lambda c, b, u: c.claimant.role),
    Column("claim_date", N_("When the claim was made (YYYY-MM-DD)."), lambda c, b, u: _date(c.date)),
    Column("topics", N_("The claim's topic ids, separated by a semicolon and a space."), lambda c, b, u: LIST_SEPARATOR.join(c.topics)),
    Column("rating", N_("The current rating's id."), lambda c, b, u: c.verdict.rating.id),
    Column("rating_label", N_("The current rating as shown to readers."), lambda c, b, u: c.verdict.rating.label),
    Column(
        "rating_value",
        N_("Its place on the scale counted from the worst (1); empty for a rating off the scale."),
        lambda c, b, u: c.verdict.rating.value,
    ),
    Column("best_rating", N_("The value of the best rating on the scale."), lambda c, b, u: b.ratings.best),
    Column("summary", N_("The verdict's conclusion in one or two sentences."), lambda c, b, u: c.verdict.summary),
    Column("reviewed", N_("When the current verdict was reached (YYYY-MM-DD)."), lambda c, b, u: _date(c.verdict.reviewed)),
    Column("first_reviewed", N_("When the claim was first given a verdict (YYYY-MM-DD)."), lambda c, b, u: _date(c.first_reviewed)),
    Column("earlier_verdicts", N_("How many earlier verdicts the claim had (its history is in claims.json)."), lambda c, b, u: len(c.history)),
    Column("corrections", N_("How many corrections were made (their notes are in claims.json)."), lambda c, b, u: len(c.corrections)),
    Column(
        "sources",
        N_("The ids of the sources in the evidence and appearances, separated by a semicolon and a space."),
        lambda c, b, u: LIST_SEPARATOR.join(s.id for s in c.sources),
    ),
    # Columns added in content format v1.1 come last, so that the columns before keep their places.
    Column("claimant_type", N_("person or organization; empty when not given."), lambda c, b, u: c.claimant.type),
    Column(
        "original_text",
        N_("The claim as made, in its own language; empty when not given."),
        lambda c, b, u: c.original.text if c.original else None,
    ),
    Column(
        "original_language",
        N_("That language, a BCP 47 tag such as ru."),
        lambda c, b, u: c.original.language if c.original else None,
    ),
    Column(
        "checked_by",
        N_("Who checked the claim, separated by a semicolon and a space; empty when not given."),
        lambda c, b, u: LIST_SEPARATOR.join(c.verdict.checked_by),
    ),
    Column(
        "edited_by",
        N_("Who edited the verdict, separated by a semicolon and a space."),
        lambda c, b, u: LIST_SEPARATOR.join(c.verdict.edited_by),
    ),
    Column(
        "earlier_checked_by",
        N_("Who checked the earlier verdicts, each name once, oldest first (which verdict each checked is in claims.json)."),
        lambda c, b, u: LIST_SEPARATOR.join(_once(n for h in c.history for n in h.checked_by)),
    ),
    Column(
        "earlier_edited_by",
        N_("Who edited the earlier verdicts, each name once, oldest first."),
        lambda c, b, u: LIST_SEPARATOR.join(_once(n for h in c.history for n in h.edited_by)),
    ),
    Column(
        "withdrawn",
        N_("When the claim was withdrawn (YYYY-MM-DD); empty for a claim that stands."),
        lambda c, b, u: _date(c.withdrawn.date) if c.withdrawn else None,
    ),
    Column(
        "withdrawn_reason",
        N_("Why it was withdrawn (Markdown)."),
        lambda c, b, u: str(c.withdrawn.reason) if c.withdrawn else None,
    ),
)


def _once(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def spreadsheet_safe(cell: str) -> str:
    """The cell with an apostrophe in front when a spreadsheet could read it as a formula.

    Per OWASP's CSV injection advice, a cell starting with =, +, - or @ (or
    a tab or carriage return) is neutralised with a leading apostrophe. A
    cell that already starts with an apostrophe gets one too, so the rule
    reverses without ambiguity: remove one leading apostrophe, if there is one.
    """
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def claims_csv(briefing: m.Briefing, site_url: str) -> bytes:
    """One row per claim, RFC 4180 quoting, UTF-8 with a byte-order mark (so Excel reads UTF-8)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column.name for column in CSV_COLUMNS)
    for claim in briefing.claims:
        writer.writerow(_cell(column.value(claim, briefing, site_url)) for column in CSV_COLUMNS)
    return out.getvalue().encode("utf-8-sig")


def _cell(value: str | int | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else spreadsheet_safe(value)


@dataclass(frozen=True)
class FormatGuide:
    """What the site's data page explains, taken from the definitions above."""

    version: int
    json_file: str
    csv_file: str
    feed_file: str
    json_fields: tuple[JsonField, ...]
    rating_fields: tuple[JsonField, ...]
    source_fields: tuple[JsonField, ...]
    csv_columns: tuple[Column, ...]


FORMATS = FormatGuide(
    FORMAT_VERSION,
    CLAIMS_JSON,
    CLAIMS_CSV,
    FEED,
    JSON_FIELDS,
    RATING_FIELDS,
    SOURCE_FIELDS,
    CSV_COLUMNS,
)
