"""The data files and ClaimReview, parsed back with json, csv and an XML parser.

No MkDocs here: the exports are pure functions of the model. The built
site is checked in test_site_metadata.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import model as m
from generator.claimreview import claim_review
from generator.exports import (
    CSV_COLUMNS,
    FORMAT_VERSION,
    claims_csv,
    claims_json,
    export_files,
    json_field_paths,
    spreadsheet_safe,
)
from generator.feed import atom_feed
from generator.pipeline import check_content

from .conftest import BASIC, FIXTURES, PROJECT

HOSTILE = FIXTURES / "hostile"
SITE = "https://example.org/briefing/"
ATOM = "{http://www.w3.org/2005/Atom}"

# The hostile fixture's text, exactly as its YAML spells it.
FORMULA_CLAIM = '=HYPERLINK("http://evil.example/","Click"), then </script><script>alert(1)</script>'
FORMULA_SUMMARY = '@SUM(1,2) \u2028after a line separator\u2029after a paragraph separator, "quotes" & <tags> ]]>'
FORMULA_QUOTE = '\tTabbed quote, "with quotes"\r\nand a CRLF'
FORMULA_ROLE = "-minus role\nwith a line break, and a comma"
APOSTROPHE_CLAIM = "'Tis a claim starting with an apostrophe; then -, + and ="
APOSTROPHE_SUMMARY = "Plain summary with a <br> and an emoji 🐎 and 한국어.\r\nA second line after a CRLF."


def load(root) -> m.Briefing:
    result = check_content(root)
    assert result.ok, result.problems
    return result.briefing


@pytest.fixture(scope="module", params=[BASIC, HOSTILE], ids=["basic", "hostile"])
def briefing_model(request) -> m.Briefing:
    return load(request.param)


def page(claim: m.Claim) -> str:
    return f"{SITE}claims/{claim.id}/"


def iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


# -- claims.json --------------------------------------------------------------------------


def test_json_has_every_claim_with_verdict_evidence_history_and_sources(briefing_model):
    data = json.loads(claims_json(briefing_model, SITE).decode("utf-8"))
    assert data["format_version"] == FORMAT_VERSION
    assert [c["id"] for c in data["claims"]] == sorted(c.id for c in briefing_model.claims)
    for claim, got in zip(briefing_model.claims, data["claims"], strict=True):
        assert got["page"] == page(claim)
        assert got["claim"] == claim.text
        assert got["claimant"]["name"] == claim.claimant.name and got["claimant"]["role"] == claim.claimant.role
        assert got["claimant"]["page"] == f"{SITE}claimants/{claim.claimant.slug}/"
        assert got["date"] == claim.date.isoformat() and got["topics"] == list(claim.topics)
        verdict = got["verdict"]
        assert verdict["rating"] == {
            "id": claim.verdict.rating.id,
            "label": claim.verdict.rating.label,
            "value": claim.verdict.rating.value,
        }
        assert verdict["summary"] == claim.verdict.summary
        assert verdict["reviewed"] == claim.verdict.reviewed.isoformat()
        assert verdict["analysis"] == claim.verdict.analysis
        for evidence, item in zip(claim.verdict.evidence, verdict["evidence"], strict=True):
            assert (item["stance"], item["quote"], item["note"]) == (evidence.stance, evidence.quote, evidence.note)
            assert_source(item["source"], evidence.source)
        for appearance, item in zip(claim.appearances, got["appearances"], strict=True):
            assert (item["date"], item["note"]) == (iso(appearance.date), appearance.note)
            assert_source(item["source"], appearance.source)
        assert [(h["rating"]["id"], h["reviewed"], h["summary"]) for h in got["history"]] == [
            (h.rating.id, h.reviewed.isoformat(), h.summary) for h in claim.history
        ]
        assert got["corrections"] == [{"date": c.date.isoformat(), "note": c.note} for c in claim.corrections]


def assert_source(got: dict, source: m.Source) -> None:
    assert got["id"] == source.id and got["page"] == f"{SITE}sources/{source.id}/"
    assert (got["title"], got["publisher"], got["type"]) == (source.title, source.publisher, source.type)
    assert (got["url"], got["archived_url"]) == (source.url, source.archived_url)
    assert got["authors"] == list(source.authors) and got["published"] == iso(source.published)
    assert got["notes"] == (str(source.notes) if source.notes else None)


def test_json_keeps_hostile_text_exactly():
    data = json.loads(claims_json(load(HOSTILE), SITE))
    formula = next(c for c in data["claims"] if c["id"] == "formula")
    assert formula["claim"] == FORMULA_CLAIM
    assert formula["claimant"]["role"] == FORMULA_ROLE
    assert formula["verdict"]["summary"] == FORMULA_SUMMARY
    assert formula["verdict"]["evidence"][0]["quote"] == FORMULA_QUOTE
    assert formula["verdict"]["rating"]["label"] == "=FALSE()"
    assert data["briefing"]["publisher"]["url"] == "https://example.org/publisher?a=1&b=%22two%22"


def leaf_paths(value, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        return {p for key, item in value.items() for p in leaf_paths(item, f"{prefix}.{key}" if prefix else key)}
    if isinstance(value, list):
        return {p for item in value for p in leaf_paths(item, prefix + "[]")}  # an empty list has no leaves
    return {prefix}


def test_every_json_field_is_documented_and_every_documented_field_exists():
    found = set()
    for root in (BASIC, HOSTILE):
        found |= leaf_paths(json.loads(claims_json(load(root), SITE)))
    documented = json_field_paths()
    assert found - documented == set(), "fields missing from JSON_FIELDS (the data page)"
    assert documented - found == set(), "documented fields the fixtures never produce"


# -- claims.csv ---------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte-order mark, for spreadsheets"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def unneutralise(cell: str) -> str:
    """The documented reverse of spreadsheet_safe: drop one leading apostrophe."""
    return cell[1:] if cell.startswith("'") else cell


def test_csv_has_one_row_per_claim_with_the_documented_columns(briefing_model):
    data = claims_csv(briefing_model, SITE)
    rows = read_csv(data)
    assert list(rows[0]) == [column.name for column in CSV_COLUMNS]
    assert len(rows) == len(briefing_model.claims)
    for claim, raw in zip(briefing_model.claims, rows, strict=True):
        row = {key: unneutralise(value) for key, value in raw.items()}
        assert (row["id"], row["page"], row["claim"]) == (claim.id, page(claim), claim.text)
        assert (row["claimant"], row["claimant_role"]) == (claim.claimant.name, claim.claimant.role or "")
        assert row["claim_date"] == claim.date.isoformat() and row["topics"].split("; ") == list(claim.topics)
        assert (row["rating"], row["rating_label"]) == (claim.verdict.rating.id, claim.verdict.rating.label)
        value = claim.verdict.rating.value
        assert row["rating_value"] == ("" if value is None else str(value))
        assert row["best_rating"] == str(len(briefing_model.ratings.scale))
        assert (row["summary"], row["reviewed"]) == (claim.verdict.summary, claim.verdict.reviewed.isoformat())
        assert row["first_reviewed"] == (claim.history[0].reviewed if claim.history else claim.verdict.reviewed).isoformat()
        assert (row["earlier_verdicts"], row["corrections"]) == (str(len(claim.history)), str(len(claim.corrections)))
        cited = [e.source.id for e in claim.verdict.evidence] + [a.source.id for a in claim.appearances]
        assert row["sources"].split("; ") == list(dict.fromkeys(cited))


def test_csv_cells_cannot_start_a_formula(briefing_model):
    for row in read_csv(claims_csv(briefing_model, SITE)):
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_neutralises_hostile_cells_and_they_round_trip():
    rows = {row["id"]: row for row in read_csv(claims_csv(load(HOSTILE), SITE))}
    formula, apostrophe = rows["formula"], rows["apostrophe"]
    assert formula["claim"] == "'" + FORMULA_CLAIM
    assert formula["claimant"] == "'+Plus \"Person\", Jr."
    assert formula["claimant_role"] == "'" + FORMULA_ROLE  # the line break survives, inside quotes
    assert formula["summary"] == "'" + FORMULA_SUMMARY
    assert formula["rating_label"] == "'=FALSE()"
    assert apostrophe["claim"] == "''Tis a claim starting with an apostrophe; then -, + and ="
    assert unneutralise(apostrophe["claim"]) == APOSTROPHE_CLAIM
    assert apostrophe["summary"] == APOSTROPHE_SUMMARY  # \r\n inside a cell comes back as written
    assert apostrophe["rating_label"] == '"True" & <b>bold</b>'


@given(st.text())
def test_spreadsheet_safe_reverses_and_never_starts_a_formula(text):
    safe = spreadsheet_safe(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unneutralise(safe) == text


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_neutralised_cells_round_trip_through_the_csv_module(cells):
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(spreadsheet_safe(c) for c in cells)
    [row] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert [unneutralise(c) for c in row] == cells


# -- feed.xml -------------------------------------------------------------------------------


def parse_feed(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(data)


def test_feed_has_one_entry_per_claim_newest_review_first(briefing_model):
    feed = parse_feed(atom_feed(briefing_model, SITE))
    entries = feed.findall(f"{ATOM}entry")
    # Newest review first; the same date in id order (sorting is stable, also in reverse).
    expected = sorted(sorted(briefing_model.claims, key=lambda c: c.id), key=lambda c: c.verdict.reviewed, reverse=True)
    assert [e.findtext(f"{ATOM}id") for e in entries] == [page(c) for c in expected]
    for claim, entry in zip(expected, entries, strict=True):
        assert entry.findtext(f"{ATOM}title") == claim.text
        assert entry.find(f"{ATOM}link").attrib == {"rel": "alternate", "type": "text/html", "href": page(claim)}
        assert entry.findtext(f"{ATOM}updated") == f"{claim.verdict.reviewed.isoformat()}T00:00:00Z"
        assert entry.findtext(f"{ATOM}summary") == f"{claim.verdict.rating.label}: {claim.verdict.summary}"
        category = entry.find(f"{ATOM}category").attrib
        assert (category["term"], category["label"]) == (claim.verdict.rating.id, claim.verdict.rating.label)
    assert feed.findtext(f"{ATOM}id") == SITE + "feed.xml"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == SITE + "feed.xml"
    assert feed.findtext(f"{ATOM}title") == briefing_model.title
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == briefing_model.publisher.name
    newest = max(c.verdict.reviewed for c in briefing_model.claims)
    assert feed.findtext(f"{ATOM}updated") == f"{newest.isoformat()}T00:00:00Z"


def test_feed_keeps_hostile_text_exactly():
    feed = parse_feed(atom_feed(load(HOSTILE), SITE))
    assert feed.findtext(f"{ATOM}title") == "Briefing \"quoted\" </script><!-- & 'apos' ]]>"
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    formula, apostrophe = entries[SITE + "claims/formula/"], entries[SITE + "claims/apostrophe/"]
    assert formula.findtext(f"{ATOM}title") == FORMULA_CLAIM
    assert formula.findtext(f"{ATOM}summary") == "=FALSE(): " + FORMULA_SUMMARY
    assert apostrophe.findtext(f"{ATOM}summary") == '"True" & <b>bold</b>: ' + APOSTROPHE_SUMMARY  # \r kept
    assert feed.findtext(f"{ATOM}author/{ATOM}uri") == "https://example.org/publisher?a=1&b=%22two%22"


def test_feed_content_is_the_analysis_as_html_with_absolute_links():
    feed = parse_feed(atom_feed(load(HOSTILE), SITE))
    entry = next(e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == SITE + "claims/formula/")
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    html = content.text
    assert f'href="{SITE}claims/apostrophe/"' in html
    assert "<script>" not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # author HTML is text
    assert "<strong>=FALSE()</strong>" in html


def test_an_entry_is_updated_when_its_verdict_changes_and_keeps_its_id(briefing):
    def entry(root):
        feed = parse_feed(atom_feed(load(root), SITE))
        found = [e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == SITE + "claims/horses-by-train/"]
        assert len(found) == 1
        return found[0].findtext(f"{ATOM}updated"), found[0].findtext(f"{ATOM}summary"), feed

    before, _, _ = entry(briefing.root)
    briefing.replace("claims/horses-by-train.yaml", "  rating: accurate\n", "  rating: misleading\n")
    briefing.replace("claims/horses-by-train.yaml", "  reviewed: 2022-11-08\n", "  reviewed: 2022-12-01\n")
    briefing.write(
        "claims/horses-by-train.yaml",
        briefing.read("claims/horses-by-train.yaml")
        + "history:\n  - rating: accurate\n    reviewed: 2022-11-08\n    summary: First verdict.\n",
    )
    after, summary, feed = entry(briefing.root)
    assert (before, after) == ("2022-11-08T00:00:00Z", "2022-12-01T00:00:00Z")
    assert summary.startswith("Misleading: ")
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}id") == SITE + "claims/horses-by-train/"  # now the newest
    assert feed.findtext(f"{ATOM}updated") == "2022-12-01T00:00:00Z"


# -- determinism ------------------------------------------------------------------------------


@pytest.mark.parametrize("root", [BASIC, HOSTILE], ids=["basic", "hostile"])
def test_exports_are_deterministic(root):
    assert export_files(load(root), SITE) == export_files(load(root), SITE)


def test_exports_follow_the_site_address():
    files = {f.path: f.content for f in export_files(load(BASIC), "https://fork.example/elsewhere/")}
    assert set(files) == {"claims.json", "claims.csv", "feed.xml"}
    for content in files.values():
        assert b"https://fork.example/elsewhere/claims/horses-by-train/" in content
        assert SITE.encode() not in content


# -- ClaimReview -----------------------------------------------------------------------------


def claim_of(briefing: m.Briefing, claim_id: str) -> m.Claim:
    return next(c for c in briefing.claims if c.id == claim_id)


def test_claim_review_for_a_scored_verdict():
    briefing = load(BASIC)
    claim = claim_of(briefing, "horses-by-train")
    review = claim_review(claim, briefing, page(claim))
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses."
    assert review["url"] == SITE + "claims/horses-by-train/"
    assert review["datePublished"] == "2022-11-08"
    assert review["author"] == {"@type": "Organization", "name": "Example Fact Check", "url": "https://example.org/"}
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Accurate",
        "ratingExplanation": "Russia's Far Eastern Railway said the first train left with the horses.",
        "ratingValue": 3,
        "bestRating": 3,
        "worstRating": 1,
    }
    assert review["itemReviewed"] == {"@type": "Claim", "author": {"name": "Associated Press"}, "datePublished": "2022-11-08"}


def test_claim_review_for_an_off_scale_verdict_has_no_numbers_and_lists_appearances():
    briefing = load(BASIC)
    claim = claim_of(briefing, "dprk-denies-arms-exports")
    review = claim_review(claim, briefing, page(claim))
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unproven",
        "ratingExplanation": "US officials say intelligence shows shell shipments; no public evidence either way.",
    }
    item = review["itemReviewed"]
    assert item["author"] == {
        "name": "DPRK Ministry of National Defense",
        "description": "Vice director general, General Bureau of Equipment",
    }
    assert item["datePublished"] == "2022-09-22"
    # The first appearance's source has no url: none is invented.
    assert item["firstAppearance"] == {
        "@type": "CreativeWork",
        "name": "Statement of 22 September 2022 (test fixture)",
        "publisher": {"@type": "Organization", "name": "Korean Central News Agency"},
        "datePublished": "2022-09-22",
    }
    assert item["appearance"] == [
        {
            "@type": "CreativeWork",
            "name": "Newsweek report of 2 November 2022 on the US allegations (test fixture)",
            "url": "https://example.org/newsweek-fixture",
            "publisher": {"@type": "Organization", "name": "Newsweek"},
            "datePublished": "2022-11-02",
        }
    ]


def test_claim_review_keeps_hostile_text_and_archived_addresses():
    briefing = load(HOSTILE)
    claim = claim_of(briefing, "formula")
    review = claim_review(claim, briefing, page(claim))
    assert review["claimReviewed"] == FORMULA_CLAIM
    assert review["reviewRating"]["ratingExplanation"] == FORMULA_SUMMARY
    assert review["itemReviewed"]["author"] == {"name": '+Plus "Person", Jr.', "description": FORMULA_ROLE}
    first = review["itemReviewed"]["firstAppearance"]
    assert first["url"] == "https://example.org/article?x=1&y=%22q%22#frag"
    assert first["archivedAt"] == "https://archive.example.org/2022/https://example.org/article"
    assert review["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "name": "A plain source without an address", "publisher": {"@type": "Organization", "name": "Plain Publisher"}}
    ]


def test_the_manual_describes_the_exports_and_site_url():
    manual = "\n".join(page.read_text(encoding="utf-8") for page in (PROJECT / "docs").glob("*.md"))
    for words in ("/claims.json", "/claims.csv", "/feed.xml", "ClaimReview", "SITE_URL", "--site-url", "apostrophe"):
        assert words in manual, words
