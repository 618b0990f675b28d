"""The data files and ClaimReview, parsed back with json, csv and an XML parser.

No MkDocs here: the exports are pure functions of the model. The built
site is checked in test_site_metadata.py.
"""

from __future__ import annotations

import csv
import dataclasses
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
V11 = FIXTURES / "v11"  # every key of content format v1.1
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


@pytest.fixture(scope="module", params=[BASIC, HOSTILE, V11], ids=["basic", "hostile", "v11"])
def briefing_model(request) -> m.Briefing:
    return load(request.param)


def page(claim: m.Claim) -> str:
    return f"{SITE}claims/{claim.id}/"


def iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


# -- claims.json --------------------------------------------------------------------------


def test_claims_json_written_claim_by_claim_is_what_json_dumps_writes_of_the_whole(briefing_model):
    """claims.json is written one claim at a time (the whole document as one object took 380 MB
    at 10,000 claims); its bytes are those of `json.dumps(document, indent=2)`, strings of any
    script, line separators and control characters included."""
    written = claims_json(briefing_model, SITE)
    document = json.loads(written.decode("utf-8"))
    assert written == (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert len(document["claims"]) == len(briefing_model.claims)


def test_claims_json_of_a_briefing_without_claims_is_what_json_dumps_writes(briefing_model):
    empty = dataclasses.replace(briefing_model, claims=())
    written = claims_json(empty, SITE)
    document = json.loads(written)
    assert document["claims"] == [] and written == (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()



def test_json_has_every_claim_with_verdict_evidence_history_and_sources(briefing_model):
    data = json.loads(claims_json(briefing_model, SITE).decode("utf-8"))
    assert data["format_version"] == FORMAT_VERSION
    assert [c["id"] for c in data["claims"]] == sorted(c.id for c in briefing_model.claims)
    for claim, got in zip(briefing_model.claims, data["claims"], strict=True):
        assert got["page"] == page(claim)
        assert got["claim"] == claim.text
        assert got["claimant"]["name"] == claim.claimant.name and got["claimant"]["role"] == claim.claimant.role
        assert got["claimant"]["type"] == claim.claimant.type
        original = claim.original
        assert got["original"] == ({"text": original.text, "language": original.language} if original else None)
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
        assert (verdict["checked_by"], verdict["edited_by"]) == (
            list(claim.verdict.checked_by),
            list(claim.verdict.edited_by),
        )
        assert [(h["rating"]["id"], h["reviewed"], h["summary"], h["checked_by"], h["edited_by"]) for h in got["history"]] == [
            (h.rating.id, h.reviewed.isoformat(), h.summary, list(h.checked_by), list(h.edited_by)) for h in claim.history
        ]
        assert got["corrections"] == [{"date": c.date.isoformat(), "note": c.note} for c in claim.corrections]
        withdrawn = claim.withdrawn
        assert got["withdrawn"] == ({"date": iso(withdrawn.date), "reason": withdrawn.reason} if withdrawn else None)
    briefing = data["briefing"]
    assert (briefing["updated"], briefing["as_of"]) == (iso(briefing_model.updated), iso(briefing_model.as_of))
    contact = briefing_model.contact
    assert briefing["contact"] == ({"email": contact.email, "url": contact.url} if contact else None)
    assert len(data["not_rated"]) == len(briefing_model.not_rated)
    for entry, got in zip(briefing_model.not_rated, data["not_rated"], strict=True):
        assert (got["statement"], got["reason"], got["claimant"]) == (entry.statement, entry.reason, entry.claimant)
        assert_source(got["source"], entry.source) if entry.source else got["source"] is None


def test_json_v11_values():
    data = json.loads(claims_json(load(V11), SITE))
    assert data["format_version"] == 1  # new fields only: nothing changed meaning or went away
    assert data["briefing"]["updated"] == "2022-11-10"  # the withdrawal, the latest change
    assert data["briefing"]["as_of"] == "2022-11-08"
    assert data["briefing"]["contact"] == {"email": "corrections@example.org", "url": "https://example.org/contact"}
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["horses-by-train-withdrawn"]["withdrawn"]["date"] == "2022-11-10"  # kept, and marked
    exports = claims["dprk-denies-arms-exports"]
    assert exports["original"] == {"text": "Оригинальный текст заявления (тестовый пример)", "language": "ru"}
    assert exports["verdict"]["checked_by"] == ["Test Checker One", "Test Checker Two"]
    assert exports["history"][0]["checked_by"] == ["Test Checker One"]
    assert [n["source"] and n["source"]["id"] for n in data["not_rated"]] == ["newsweek-2022-11-02", None]


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
    if value is None:  # an object left out is null: documented by its fields
        return {prefix} if not any(p.startswith(prefix + ".") for p in json_field_paths()) else set()
    if isinstance(value, dict):
        return {p for key, item in value.items() for p in leaf_paths(item, f"{prefix}.{key}" if prefix else key)}
    if isinstance(value, list):
        return {p for item in value for p in leaf_paths(item, prefix + "[]")}  # an empty list has no leaves
    return {prefix}


def test_every_json_field_is_documented_and_every_documented_field_exists():
    found = set()
    for root in (BASIC, HOSTILE, V11):
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
        assert row["claimant_type"] == (claim.claimant.type or "")
        original = claim.original
        assert (row["original_text"], row["original_language"]) == ((original.text, original.language) if original else ("", ""))
        assert (row["checked_by"], row["edited_by"]) == tuple("; ".join(n) for n in (claim.verdict.checked_by, claim.verdict.edited_by))
        withdrawn = claim.withdrawn
        assert (row["withdrawn"], row["withdrawn_reason"]) == ((iso(withdrawn.date), withdrawn.reason) if withdrawn else ("", ""))


def test_csv_v11_columns_come_after_the_v1_columns():
    names = [column.name for column in CSV_COLUMNS]
    assert names.index("sources") == names.index("claimant_type") - 1  # v1 consumers find their columns in place
    rows = {row["id"]: row for row in read_csv(claims_csv(load(V11), SITE))}
    exports = rows["dprk-denies-arms-exports"]
    assert (exports["checked_by"], exports["edited_by"]) == ("Test Checker One; Test Checker Two", "Test Editor")
    assert (exports["earlier_checked_by"], exports["earlier_edited_by"]) == ("Test Checker One", "Test Editor Two")
    assert exports["original_language"] == "ru" and rows["horses-by-train"]["claimant_type"] == "organization"
    assert rows["horses-by-train-withdrawn"]["withdrawn"] == "2022-11-10"
    assert rows["horses-by-train-withdrawn"]["withdrawn_reason"].startswith("There was only one train")


def test_v11_text_that_looks_like_a_formula_or_markup_is_kept_exactly(briefing):
    names, original = ["=cmd|' /C calc'!A0", "<b>Editor</b> & \"Co\""], "@SUM(1) </script>"
    claim_file, quote = "claims/horses-by-train.yaml", "      quote: a trainload of 30 thoroughbred horses\n"
    briefing.replace(claim_file, "  name: Associated Press\n", f"  name: Associated Press\noriginal:\n  text: '{original}'\n  language: en\n")
    briefing.replace(claim_file, quote, f"{quote}  checked_by: [\"{names[0]}\"]\n  edited_by: ['{names[1]}']\n")
    model = load(briefing.root)
    row = next(r for r in read_csv(claims_csv(model, SITE)) if r["id"] == "horses-by-train")
    assert (row["checked_by"], row["edited_by"], row["original_text"]) == ("'" + names[0], names[1], "'" + original)
    claim = next(c for c in json.loads(claims_json(model, SITE))["claims"] if c["id"] == "horses-by-train")
    assert (claim["verdict"]["checked_by"], claim["verdict"]["edited_by"]) == ([names[0]], [names[1]])
    entry = next(e for e in parse_feed(atom_feed(model, SITE)).findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == SITE + "claims/horses-by-train/")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == names[0]
    assert entry.findtext(f"{ATOM}contributor/{ATOM}name") == names[1]
    assert 'Edited by &lt;b&gt;Editor&lt;/b&gt; &amp; "Co".' in entry.findtext(f"{ATOM}content")


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
    # Newest review (or withdrawal) first; the same date in id order (sorting is stable, also in reverse).
    def updated(claim: m.Claim) -> dt.date:
        return claim.withdrawn.date if claim.withdrawn else claim.verdict.reviewed

    expected = sorted(sorted(briefing_model.claims, key=lambda c: c.id), key=updated, reverse=True)
    assert [e.findtext(f"{ATOM}id") for e in entries] == [page(c) for c in expected]
    for claim, entry in zip(expected, entries, strict=True):
        verdict = f"{claim.verdict.rating.label}: {claim.verdict.summary}"
        if claim.withdrawn:
            assert entry.findtext(f"{ATOM}title") == "Withdrawn: " + claim.text
            assert entry.findtext(f"{ATOM}summary") == f"Withdrawn on 10 November 2022. It was rated {verdict}"
        else:
            assert entry.findtext(f"{ATOM}title") == claim.text
            assert entry.findtext(f"{ATOM}summary") == verdict
        assert entry.find(f"{ATOM}link").attrib == {"rel": "alternate", "type": "text/html", "href": page(claim)}
        assert entry.findtext(f"{ATOM}updated") == f"{updated(claim).isoformat()}T00:00:00Z"
        assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == list(claim.verdict.checked_by)
        assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}contributor")] == list(claim.verdict.edited_by)
        category = entry.find(f"{ATOM}category").attrib
        assert (category["term"], category["label"]) == (claim.verdict.rating.id, claim.verdict.rating.label)
    assert feed.findtext(f"{ATOM}id") == SITE + "feed.xml"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == SITE + "feed.xml"
    assert feed.findtext(f"{ATOM}title") == briefing_model.title
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == briefing_model.publisher.name
    # The briefing's "last updated" date: here the latest review, correction or withdrawal.
    newest = max(max([updated(c), *(x.date for x in c.corrections)]) for c in briefing_model.claims)
    assert feed.findtext(f"{ATOM}updated") == f"{newest.isoformat()}T00:00:00Z" == f"{briefing_model.updated}T00:00:00Z"


def test_feed_names_who_checked_and_edited_in_the_entry_text():
    feed = parse_feed(atom_feed(load(V11), SITE))
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    html = entries[SITE + "claims/dprk-denies-arms-exports/"].findtext(f"{ATOM}content")
    assert "<p>Checked by Test Checker One and Test Checker Two. Edited by Test Editor.</p>" in html
    withdrawn = entries[SITE + "claims/horses-by-train-withdrawn/"].findtext(f"{ATOM}content")
    assert withdrawn.startswith("<p><strong>Withdrawn on 10 November 2022.</strong></p>\n<p>There was only one train")
    assert f'href="{SITE}claims/horses-by-train/"' in withdrawn  # the reason's links made absolute
    plain = entries[SITE + "claims/horses-by-train/"]
    assert "Checked by" not in plain.findtext(f"{ATOM}content") and plain.find(f"{ATOM}author") is None


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
