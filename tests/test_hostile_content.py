"""Hostile content is refused by `check` or shown as harmless text: the built site, read statically.

The hostile briefing (tests/hostile.py) puts every payload of
tests/xss_payloads.json into every free-text field. The browser half of
these tests, which opens every page in chromium, is test_xss_browser.py.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from generator.markup import render_html
from generator.pipeline import check_content
from generator.problems import format_report
from generator.render import render_site
from generator.boundary import BuildRequest
from generator.site import build as build_site, mkdocs_config

from .conftest import BASIC, PROJECT
from .hostile import item_id, load_payloads, write_hostile_briefing
from .html_audit import Audit, audit, shown

pytestmark = pytest.mark.slow

PAYLOADS = load_payloads()
REJECTED = [p for p in PAYLOADS if p.rejected_in_markdown]
TEMPLATES = PROJECT / "site_templates" / "pages"
# The Markdown fields of each file, as keys in the YAML the hostile writer emits.
MARKDOWN_KEYS = {
    "briefing.yaml": ("summary", "about", "methodology", "corrections_policy"),
    "ratings.yaml": ("description",),
    "sources": ("notes",),
    "claims": ("analysis",),
}


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


# -- the corpus and check ---------------------------------------------------------------


def test_the_corpus_holds_at_least_40_distinct_payloads():
    texts = [p.text for p in PAYLOADS]
    assert len(set(texts)) == len(texts) >= 40
    assert len(REJECTED) >= 15 and all(p.origin for p in PAYLOADS)


def test_check_accepts_the_hostile_briefing(hostile_briefing):
    result = check_content(hostile_briefing.root)
    assert [p.format() for p in result.problems if p.is_error] == []
    assert result.briefing is not None


@pytest.mark.parametrize("payload", REJECTED, ids=lambda p: p.origin)
def test_a_forbidden_address_is_refused_in_every_markdown_field_with_file_and_line(payload, tmp_path):
    root = tmp_path / "briefing"
    write_hostile_briefing(root, payloads=(payload, payload), markdown_payloads=(payload, payload), group_size=1)
    errors = [p for p in check_content(root).problems if p.is_error]
    expected = markdown_field_lines(root)
    assert len(expected) == 11  # 4 in briefing.yaml, 3 ratings, 2 sources, 2 claims
    assert {(p.path, p.line) for p in errors} == expected
    for problem in errors:
        assert re.search(r"is not allowed|is not a valid id", problem.message), problem.format()
        assert problem.col >= 1


def markdown_field_lines(root: Path) -> set[tuple[str, int]]:
    """(file, line) of the start of each Markdown field's value in the written YAML."""
    found = set()
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        keys = MARKDOWN_KEYS.get(relative) or MARKDOWN_KEYS[relative.split("/")[0]]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.match(rf"\s*(?:- )?(?:{'|'.join(keys)}):", line):
                found.add((relative, number))
    return found


def test_links_cannot_climb_out_of_the_site_through_an_id(briefing):
    briefing.replace("claims/horses-by-train.yaml", "analysis: |\n", "analysis: |\n    [up](claim:../../../etc/passwd) [up](source:..)\n")
    errors = [m for m in briefing.messages() if ": error: " in m]
    assert len(errors) == 2
    assert errors[0].startswith("claims/horses-by-train.yaml:11:10: error: the link 'claim:../../../etc/passwd' does not name a claim")
    assert errors[1].startswith("claims/horses-by-train.yaml:11:42: error: the link 'source:..' does not name a source")


def test_an_internal_link_to_something_not_an_id_never_becomes_a_path():
    """Even if validation were skipped."""
    html = render_html("[up](claim:../../x) [ok](claim:a-b)", lambda kind, target: f"../{kind}s/{target}/")
    assert "../claims/a-b/" in html and "x/" not in html


# -- the MkDocs configuration -----------------------------------------------------------


def test_mkdocs_runs_no_extension_or_plugin_that_could_act_on_author_text(tmp_path):
    """attr_list, md_in_html, snippets, macros and the like would turn text into attributes,
    files or code; author Markdown is rendered by the generator, never by MkDocs."""
    config = mkdocs_config(BuildRequest(BASIC, tmp_path / "site"))
    # The extensions MkDocs always loads, and the two the generated pages use.
    assert set(config.markdown_extensions) <= {"toc", "tables", "fenced_code"}, config.markdown_extensions
    assert set(config.plugins) <= {"briefing", "material/search"}, list(config.plugins)
    assert config.mdx_configs["toc"] == {"permalink": True}  # a boolean, not HTML that would be inserted


# -- the generated Markdown -------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(hostile_briefing, compiled):
    return render_site(check_content(hostile_briefing.root).briefing, TEMPLATES, caches=compiled.render())


def test_generated_markdown_holds_no_template_extension_or_front_matter_syntax(rendered, compiled):
    """Nothing a macros plugin, attr_list or MkDocs' own meta-data reader could act on.

    Front matter (which Material prints unescaped, as `page.meta.title`) may
    come from a template, never from content: each page has the same as the
    same kind of page has for the harmless basic briefing (a claim page its
    search boost, a list page its exclusion from search, a source page none).
    """

    def kind(path: str) -> str:  # the template a page comes from
        folder, _, name = path.rpartition("/")
        return f"{folder}/{'index' if name == 'index.md' else 'one'}" if folder else name

    benign = {kind(page_.path): get_data(page_.markdown)[1] for page_ in render_site(check_content(BASIC).briefing, TEMPLATES, caches=compiled.render()).pages}
    for page_ in rendered.pages:
        for syntax in ("{{", "{%", "{#", "{:", "--8<--"):
            assert syntax not in page_.markdown, (page_.path, syntax)
        _, meta = get_data(page_.markdown)
        assert meta == benign[kind(page_.path)], page_.path


def test_every_page_path_stays_inside_the_site(rendered):
    for page_ in rendered.pages:
        assert re.fullmatch(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*\.md", page_.path), page_.path


# -- the built site, statically ---------------------------------------------------------


@pytest.fixture(scope="module")
def theme_scripts(tmp_path_factory, compiled) -> tuple[set[str], set[str]]:
    """The theme's own scripts, from a build of the harmless basic briefing: (sources, inline texts)."""
    site = tmp_path_factory.mktemp("benign") / "site"
    build_site(BuildRequest(BASIC, site, caches=compiled.build()))
    sources, inline = set(), set()
    for path in html_files(site):
        for script in audit(path.read_text(encoding="utf-8")).scripts:
            if script.src:
                sources.add(normalized_src(script.src))
            elif script.type in ("", "text/javascript", "module"):
                inline.add(normalized_inline(script.text))
    assert sources and inline
    return sources, inline


def normalized_src(src: str) -> str:
    """An address relative to the site root: pages link up with ../, 404.html from the site's path."""
    return re.sub(r"^(?:(?:\.\./)+|\./|/briefing/|/)", "", src)


def normalized_inline(text: str) -> str:
    """A theme script with the page's place in the site (its relative base) taken out."""
    return re.sub(r'new URL\("[^"]*",location\)', 'new URL("<base>",location)', text)


@pytest.fixture(scope="module")
def audited(hostile_site) -> dict[str, Audit]:
    """Every HTML file of the hostile site, parsed once for the tests below: its path in the site → audit."""
    return {path.relative_to(hostile_site).as_posix(): audit(path.read_text(encoding="utf-8")) for path in html_files(hostile_site)}


def test_no_page_has_an_event_handler_a_script_address_or_an_embedded_document(audited):
    assert len(audited) > 80
    for where, found in audited.items():
        assert found.handlers == [], where
        assert found.dangerous_addresses == [], where
        assert found.forbidden_elements == [], where


def test_every_script_element_is_the_themes_own(audited, theme_scripts):
    sources, inline = theme_scripts
    for where, found in audited.items():
        for script in found.scripts:
            if script.src:
                assert normalized_src(script.src) in sources, (where, script.src)
            elif script.type in ("application/json", "application/ld+json"):
                json.loads(script.text)  # a data block that content could not break out of
            else:
                assert script.type in ("", "text/javascript", "module"), (where, script.attrs)
                assert normalized_inline(script.text) in inline, (where, script.text[:200])


def test_plain_text_shows_exactly_as_written_on_claim_pages(audited, hostile_briefing):
    title = shown(hostile_briefing.title)
    for claim_id, text in hostile_briefing.plain.items():
        found = audited[f"claims/{claim_id}/index.html"]
        assert found.h1 == shown(text)
        assert found.title == f"{shown(text)} - {title}"
        # claim, claimant name and role, summary twice, quote, evidence note, source title
        # twice, appearance note, history summary, correction note; the verdict label
        assert found.article_text.count(shown(text)) >= 12, claim_id
        assert shown(found.meta["description"]).endswith(f": {shown(text)}")


def test_plain_text_shows_exactly_as_written_on_source_claimant_and_rating_pages(audited, hostile_briefing):
    ratings = audited["ratings/index.html"]
    for claim_id, text in hostile_briefing.plain.items():
        source = audited[f"sources/{claim_id}/index.html"]
        assert source.h1 == shown(text)
        assert source.article_text.count(shown(text)) >= 4  # title, publisher, both authors, citing claim
        assert shown(text) in ratings.headings
    claimants = {found.h1 for where, found in audited.items() if re.fullmatch(r"claimants/[^/]+/index\.html", where)}
    assert {shown(text) for text in hostile_briefing.plain.values()} <= claimants
    assert shown(" ".join(reversed([p.text for p in hostile_briefing.payloads]))) in ratings.headings


def test_the_briefings_own_fields_show_exactly_as_written(hostile_site, hostile_briefing):
    home = audit(page(hostile_site, ""))
    title = shown(hostile_briefing.title)
    assert home.h1 == title and home.title == title
    assert title in home.header_text  # the theme's header shows the site name
    assert shown("\n".join(reversed([p.text for p in hostile_briefing.payloads]))) in home.article_text  # subtitle
    assert f"Published by {title}" in home.article_text  # the publisher's name is the same list of payloads
    assert audit(page(hostile_site, "about")).title == f"About {title} - {title}"


def test_the_search_index_holds_the_text_escaped(hostile_site, hostile_briefing):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_location = {doc["location"]: doc for doc in index["docs"]}
    for claim_id, text in hostile_briefing.plain.items():
        doc = by_location[f"claims/{claim_id}/"]
        assert "<" not in doc["title"].replace("<code>", "")
        # The verdict's label, then the claim (test_reader_browser.py checks the label)
        assert shown(html.unescape(doc["title"])).endswith(": " + shown(text))
    for doc in index["docs"]:  # the theme shows these as HTML: only its own markup may be in them
        assert not re.search(r"<(?!/?(?:code|mark|p|ul|ol|li|pre|em|strong|table|thead|tbody|tr|th|td|blockquote|hr|br|span)\b)", doc["text"]), doc["location"]


def test_markdown_fields_keep_their_formatting_but_no_raw_html(hostile_site, hostile_briefing):
    html_text = page(hostile_site, f"claims/{item_id(0)}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text  # shown, not run
    assert "<script>alert" not in html_text



# -- the data files and sharing metadata ------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def test_claims_json_holds_every_field_exactly_as_written(hostile_site, hostile_briefing):
    data = json.loads((hostile_site / "claims.json").read_text(encoding="utf-8"))
    claims = {claim["id"]: claim for claim in data["claims"]}
    assert set(claims) == set(hostile_briefing.plain)
    for claim_id, text in hostile_briefing.plain.items():
        claim, verdict = claims[claim_id], claims[claim_id]["verdict"]
        evidence, appearance = verdict["evidence"][0], claim["appearances"][0]
        written = [claim["claim"], claim["claimant"]["name"], claim["claimant"]["role"], verdict["summary"],
                   evidence["quote"], evidence["note"], evidence["source"]["title"], appearance["note"],
                   claim["history"][0]["summary"], claim["corrections"][0]["note"]]  # fmt: skip
        assert written == [text] * len(written), claim_id
        assert verdict["analysis"] == hostile_briefing.markdown[claim_id]


def test_claims_csv_holds_the_text_as_written_behind_the_formula_guard(hostile_site, hostile_briefing):
    text = (hostile_site / "claims.csv").read_bytes().decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    for claim_id, written in hostile_briefing.plain.items():
        for column in ("claim", "claimant", "summary"):
            cell = rows[claim_id][column]
            assert cell in (written, "'" + written), (claim_id, column)  # "'" only before = + - @ or '


def test_the_feed_holds_the_text_as_written(hostile_site, hostile_briefing):
    feed = ET.fromstring((hostile_site / "feed.xml").read_bytes())
    assert feed.findtext(f"{ATOM}title") == hostile_briefing.title
    titles = {entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")}
    assert titles == set(hostile_briefing.plain.values())


def test_json_ld_and_sharing_tags_hold_the_text_as_written(audited, hostile_briefing):
    for claim_id, text in hostile_briefing.plain.items():
        found = audited[f"claims/{claim_id}/index.html"]
        [json_ld] = [s for s in found.scripts if s.type == "application/ld+json"]
        review = json.loads(json_ld.text)  # the data block could not be closed early by content
        assert review["claimReviewed"] == text
        assert review["itemReviewed"]["author"]["name"] == text
        for tag in ("og:title", "twitter:title"):
            assert found.meta[tag] == shown(text), (claim_id, tag)
        assert found.meta["og:site_name"] == shown(hostile_briefing.title)


def test_quoted_content_cannot_forge_lines_of_the_problem_report(briefing):
    """A CI log shows one line per problem, whatever the content quoted in it."""
    briefing.replace("claims/horses-by-train.yaml", "rating: accurate", 'rating: "x\\n0 errors, 0 warnings\\u202e"')
    report = format_report(briefing.check().problems)
    assert report.splitlines() == [
        "claims/horses-by-train.yaml:7:11: error: 'rating': 'x\\n0 errors, 0 warnings\\u202e' is not a valid id: "
        "use lowercase letters a-z, digits and single hyphens (for example 'x-0-errors-0-warnings')",
        "1 error, 0 warnings",
    ]


def test_the_v11_fields_show_exactly_as_written(hostile_site, audited, hostile_briefing):
    """Content format v1.1: the original wording, the bylines and the statements not rated."""
    ratings = audited["ratings/index.html"]
    for claim_id, text in hostile_briefing.plain.items():
        html = page(hostile_site, f"claims/{claim_id}")
        found = audited[f"claims/{claim_id}/index.html"]
        assert found.article_text.count(shown(text)) >= 16, claim_id  # the 12 above, the original, three names
        assert shown(f"{text} (second editor)") in found.article_text  # only edited_by holds it
        assert 'lang="ar"' in html  # the original wording, in its own language
        assert ratings.article_text.count(shown(text)) >= 3, claim_id  # statement, reason, claimant
