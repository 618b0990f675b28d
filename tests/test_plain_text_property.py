"""Property: any text in any plain-text field comes out on the page exactly as written.

"Exactly" as the content format defines it: a line break (or a run of
spaces, tabs and line breaks) is shown as one space, as HTML would show it
anyway; every other character, markup and entity lookalikes included, is
shown as itself. The same briefing with a distinct benign word in each field is the
reference: with any text in a field instead, every page that shows the
field must have the same elements, with the same text, but for the field's
text, as written, in place of the benign word. A lost, added or changed
character, or text that became markup, fails the test.

Many examples go through check, the templates and Python-Markdown with the
site's own extension settings; a few go through a real MkDocs build with
the Material theme, every field at once.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import check_content
from generator.render import render_site
from generator.boundary import BuildRequest
from generator.site import build as build_site, mkdocs_config

from .conftest import BASIC, PROJECT, examples
from .hostile import write_yaml
from .html_audit import Element, audit, shown

TEMPLATES = PROJECT / "site_templates" / "pages"
# In conftest.SPREAD: the fixtures are session-scoped, made once on each worker.

# What a plain-text field may hold: any character YAML can carry except the
# control characters `check` refuses (tab and line breaks are allowed).
_YAML_PRINTABLE = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Z", "Cf", "Co"),
    exclude_characters="\ufeff\ufffe\uffff",
) | st.sampled_from("\t\n\r")
# Characters that mean something somewhere on the way, drawn more often.
_MEANINGFUL = st.sampled_from(list("<>&\"'`*_[](){}#|!\\~-+=.:;/@%$^ ") + ["{{", "{%", "&amp;", "&#60;", "\u00a0", "\u2028", "\u202e", "\u200b", "👍🏽", "ع"])
# At most 50 characters: the verdict chart shortens a longer rating label (with "…")
# to fit its line; everywhere else, and in the chart's description, it is whole.
TEXT = st.lists(_YAML_PRINTABLE | _MEANINGFUL, min_size=1, max_size=30).map("".join).filter(lambda t: t.strip() != "" and len(t) <= 50)

# Distinct words, none inside another, so that each can be found and replaced.
BENIGN = {
    "title": "Benign heading",
    "subtitle": "Benign strapline",
    "publisher_name": "Benign newsroom",
    "rating_label": "Benign label",
    "source_title": "Benign headline",
    "source_publisher": "Benign outlet",
    "source_author": "Benign author",
    "claimant_name": "Benign speaker",
    "claimant_role": "Benign role",
    "claim_text": "Benign claim",
    "verdict_summary": "Benign summary",
    "evidence_quote": "Benign quote",
    "evidence_note": "Benign note",
    "appearance_note": "Benign appearance",
    "history_summary": "Benign history",
    "correction_note": "Benign correction",
}
_BENIGN_WORDS = re.compile("|".join(re.escape(word) for word in sorted(BENIGN.values(), key=len, reverse=True)))
_FIELD_OF = {word: field for field, word in BENIGN.items()}


def write_briefing(root: Path, f: dict[str, str]) -> None:
    write_yaml(root / "briefing.yaml", {
        "title": f["title"], "subtitle": f["subtitle"], "summary": "Summary.",
        "publisher": {"name": f["publisher_name"], "url": "https://example.org/"},
    })  # fmt: skip
    write_yaml(root / "ratings.yaml", {"scale": [
        {"id": "good", "label": f["rating_label"], "description": "Good."},
        {"id": "bad", "label": "Bad", "description": "Bad."},
    ]})  # fmt: skip
    write_yaml(root / "sources" / "s.yaml", {
        "title": f["source_title"], "publisher": f["source_publisher"], "type": "news",
        "authors": [f["source_author"]], "published": "2022-11-08",
    })  # fmt: skip
    write_yaml(root / "claims" / "c.yaml", {
        "claim": f["claim_text"],
        "claimant": {"name": f["claimant_name"], "role": f["claimant_role"]},
        "date": "2022-09-22",
        "appearances": [{"source": "s", "note": f["appearance_note"]}],
        "verdict": {
            "rating": "good", "summary": f["verdict_summary"], "reviewed": "2022-11-08", "analysis": "Analysis.",
            "evidence": [{"source": "s", "stance": "supports", "quote": f["evidence_quote"], "note": f["evidence_note"]}],
        },
        "history": [{"rating": "bad", "reviewed": "2022-09-23", "summary": f["history_summary"]}],
        "corrections": [{"date": "2022-11-09", "note": f["correction_note"]}],
    })  # fmt: skip


def checked(root: Path):
    result = check_content(root)
    assert [p.format() for p in result.problems if p.is_error] == []
    return result.briefing


def content_of(html: str) -> list[Element]:
    """The elements of a page's content, each with the text it shows."""
    return [e for e in audit(f"<article>{html}</article>" if "<article" not in html else html).elements if e.in_article]


def expected(benign: list[Element], fields: dict[str, str]) -> list[tuple[str, str]]:
    """The benign page's elements with each field's benign word replaced by the field's text as shown."""
    def swap(match: re.Match[str]) -> str:
        return shown(fields[_FIELD_OF[match.group()]])

    return [(e.tag, _BENIGN_WORDS.sub(swap, e.text)) for e in benign]


def key(path: str) -> str:
    """Pages by role: the claimant page's address depends on the claimant's name."""
    return "claimants/<the claimant>.md" if path.startswith("claimants/") and path != "claimants/index.md" else path


@pytest.fixture(scope="session")
def to_html() -> Callable[[str], str]:
    """Markdown → HTML with exactly the extensions and settings the site's MkDocs uses."""
    with tempfile.TemporaryDirectory() as scratch:
        config = mkdocs_config(BuildRequest(BASIC, Path(scratch) / "site"))
    converter = markdown.Markdown(extensions=list(config.markdown_extensions), extension_configs=dict(config.mdx_configs))
    return lambda text: converter.reset().convert(text)


@pytest.fixture(scope="session")
def benign_pages(to_html, compiled) -> dict[str, list[Element]]:
    """Every page of the benign briefing, as elements (key(path) → elements)."""
    with tempfile.TemporaryDirectory() as scratch:
        write_briefing(Path(scratch), BENIGN)
        site = render_site(checked(Path(scratch)), TEMPLATES, caches=compiled.render())
    return {key(page.path): content_of(to_html(page.markdown)) for page in site.pages}


def test_every_benign_word_shows_somewhere(benign_pages):
    shown_text = " ".join(e.text for elements in benign_pages.values() for e in elements)
    assert [field for field, word in BENIGN.items() if word not in shown_text] == []


@pytest.mark.parametrize("field", sorted(BENIGN))
@settings(max_examples=examples(full=20, fast=3, variable="BRIEFING_PROPERTY_EXAMPLES"), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_a_plain_text_field_shows_exactly_as_written(field, text, to_html, benign_pages, compiled):
    """Every page showing the field: same elements, same text, the field's text as written in place of the benign word."""
    fields = {**BENIGN, field: text}
    with tempfile.TemporaryDirectory() as scratch:
        write_briefing(Path(scratch), fields)
        site = render_site(checked(Path(scratch)), TEMPLATES, caches=compiled.render())
    pages = {key(page.path): page.markdown for page in site.pages}
    showing = [path for path, elements in benign_pages.items() if any(BENIGN[field] in e.text for e in elements)]
    assert showing
    for path in showing:
        elements = content_of(to_html(pages[path]))
        assert [(e.tag, e.text) for e in elements] == expected(benign_pages[path], fields), path


@pytest.fixture(scope="session")
def benign_site(tmp_path_factory, compiled) -> Path:
    content, out = tmp_path_factory.mktemp("benign") / "content", tmp_path_factory.mktemp("benign") / "site"
    write_briefing(content, BENIGN)
    build_site(BuildRequest(content, out, briefing=checked(content), caches=compiled.build()))
    return out


def built_pages(site: Path) -> dict[str, Path]:
    pages = {}
    for path in site.rglob("index.html"):
        address = path.parent.relative_to(site).as_posix()
        pages[key(f"{address}/index.md" if address.count("/") == 0 and address in ("claims", "sources", "claimants", "topics") else f"{address}.md")] = path
    return pages


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.fixed_dictionaries({name: TEXT for name in BENIGN}))
def test_every_plain_text_field_shows_exactly_as_written_in_a_real_build(fields, benign_site, compiled):
    """Every field at once, through MkDocs and the Material theme: every page's content, its title and sharing tags."""
    benign = built_pages(benign_site)
    with tempfile.TemporaryDirectory() as scratch:
        content, out = Path(scratch) / "content", Path(scratch) / "site"
        write_briefing(content, fields)
        build_site(BuildRequest(content, out, briefing=checked(content), caches=compiled.build()))
        built = built_pages(out)
        assert built.keys() == benign.keys()
        for page, path in built.items():
            html = path.read_text(encoding="utf-8")
            elements = content_of(html)
            assert [(e.tag, e.text) for e in elements] == expected(content_of(benign[page].read_text(encoding="utf-8")), fields), page
        claim = audit(built["claims/c.md"].read_text(encoding="utf-8"))
        assert claim.title == f"{shown(fields['claim_text'])} - {shown(fields['title'])}"
        assert claim.meta["og:title"] == shown(fields["claim_text"])
        assert claim.meta["og:site_name"] == shown(fields["title"])
