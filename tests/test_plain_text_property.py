"""Property: any text in any plain-text field comes out on the page exactly as written.

"Exactly" as the content format defines it: a line break (or a run of
spaces, tabs and line breaks) is shown as one space, as HTML would show it
anyway; every other character, markup and entity lookalikes included, is
shown as itself. Each field is checked in an element that holds it alone
(a heading, a table cell, a list item with known neighbours), so a lost,
added or changed character fails the test.

Many examples go through check, the templates and Python-Markdown with the
site's own extension settings; a few go through a real MkDocs build with
the Material theme, every field at once.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.crossref import claimant_slug
from generator.pipeline import check_content
from generator.render import render_site
from generator.site import build_site, load_site_config

from .conftest import BASIC, PROJECT
from .hostile import write_yaml
from .html_audit import Audit, audit, shown

TEMPLATES = PROJECT / "site_templates" / "pages"

# What a plain-text field may hold: any character YAML can carry except the
# control characters `check` refuses (tab and line breaks are allowed).
_YAML_PRINTABLE = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Z", "Cf", "Co"),
    exclude_characters="\ufeff\ufffe\uffff",
) | st.sampled_from("\t\n\r")
# Characters that mean something somewhere on the way, drawn more often.
_MEANINGFUL = st.sampled_from(list("<>&\"'`*_[](){}#|!\\~-+=.:;/@%$^ ") + ["{{", "{%", "&amp;", "&#60;", "\u00a0", "\u2028", "\u202e", "\u200b", "👍🏽", "ع"])
TEXT = st.lists(_YAML_PRINTABLE | _MEANINGFUL, min_size=1, max_size=30).map("".join).filter(lambda t: t.strip() != "")

BENIGN = {
    "title": "Benign title",
    "subtitle": "Benign subtitle",
    "publisher_name": "Benign publisher",
    "rating_label": "Benign label",
    "source_title": "Benign source",
    "source_publisher": "Benign source publisher",
    "source_author": "Benign author",
    "claimant_name": "Benign claimant",
    "claimant_role": "Benign role",
    "claim_text": "Benign claim",
    "verdict_summary": "Benign summary",
    "evidence_quote": "Benign quote",
    "evidence_note": "Benign note",
    "appearance_note": "Benign appearance",
    "history_summary": "Benign history",
    "correction_note": "Benign correction",
}


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


def after(cells: list[str], label: str, step: int = 1) -> str:
    """The table cell `step` places after the one reading `label`."""
    return cells[cells.index(label) + step]


# field → (page, what the page shows in the element that holds the field alone)
Shown = Callable[[Audit, dict[str, str]], str]
WHERE: dict[str, tuple[str, Shown]] = {
    "title": ("index.md", lambda a, f: a.texts("h1")[0]),
    "subtitle": ("index.md", lambda a, f: a.texts("p", "briefing-subtitle")[0]),
    "publisher_name": ("about.md", lambda a, f: next(e.text for e in a.elements if e.in_article and e.attrs.get("href") == "https://example.org/")),
    "rating_label": ("ratings.md", lambda a, f: a.texts("h3")[0]),
    "source_title": ("sources/s.md", lambda a, f: a.texts("h1")[0]),
    "source_publisher": ("sources/s.md", lambda a, f: after(a.texts("td"), "Publisher")),
    "source_author": ("sources/s.md", lambda a, f: after(a.texts("td"), "Authors")),
    "claimant_name": ("claimant", lambda a, f: a.texts("h1")[0]),
    "claimant_role": ("claims/c.md", lambda a, f: after(a.texts("td"), "Who said it")),
    "claim_text": ("claims/c.md", lambda a, f: a.texts("h1")[0]),
    "verdict_summary": ("claims/c.md", lambda a, f: a.texts("p", "briefing-verdict__summary")[0]),
    "evidence_quote": ("claims/c.md", lambda a, f: a.texts("li")[0]),
    "evidence_note": ("claims/c.md", lambda a, f: a.texts("li")[0]),
    "appearance_note": ("claims/c.md", lambda a, f: a.texts("li")[1]),
    "history_summary": ("claims/c.md", lambda a, f: after(a.texts("td"), "23 September 2022", 2)),
    "correction_note": ("claims/c.md", lambda a, f: a.texts("li")[2]),
}


def expected(field: str, f: dict[str, str]) -> str:
    """What the element holding `field` must show, given all the fields' texts."""
    s = {k: shown(v) for k, v in f.items()}
    cite = f"{s['source_title']} — {s['source_publisher']}, 8 November 2022"
    return {
        "claimant_role": f"{s['claimant_name']}, {s['claimant_role']}",
        "evidence_quote": f"“{s['evidence_quote']}” — {cite}. {s['evidence_note']}",
        "evidence_note": f"“{s['evidence_quote']}” — {cite}. {s['evidence_note']}",
        "appearance_note": f"{cite}. {s['appearance_note']}",
        "correction_note": f"9 November 2022: {s['correction_note']}",
    }.get(field, s[field])


def page_path(field: str, f: dict[str, str]) -> str:
    path, _ = WHERE[field]
    return f"claimants/{claimant_slug(f['claimant_name'])}.md" if path == "claimant" else path


def checked(root: Path):
    result = check_content(root)
    assert [p.format() for p in result.problems if p.is_error] == []
    return result.briefing


@pytest.fixture(scope="module")
def to_html() -> Callable[[str], str]:
    """Markdown → HTML with exactly the extensions and settings the site's MkDocs uses."""
    with tempfile.TemporaryDirectory() as scratch:
        config = load_site_config(BASIC, Path(scratch) / "site")
    converter = markdown.Markdown(extensions=list(config.markdown_extensions), extension_configs=dict(config.mdx_configs))
    return lambda text: converter.reset().convert(text)


@pytest.mark.parametrize("field", sorted(WHERE))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_a_plain_text_field_shows_exactly_as_written(field, text, to_html):
    fields = {**BENIGN, field: text}
    with tempfile.TemporaryDirectory() as scratch:
        write_briefing(Path(scratch), fields)
        site = render_site(checked(Path(scratch)), TEMPLATES)
    pages = {page.path: page.markdown for page in site.pages}
    path = page_path(field, fields)
    _, shown_in = WHERE[field]
    assert shown_in(audit(f"<article>{to_html(pages[path])}</article>"), fields) == expected(field, fields)


@pytest.mark.slow
@settings(max_examples=3, deadline=None)
@given(fields=st.fixed_dictionaries({name: TEXT for name in BENIGN}))
def test_every_plain_text_field_shows_exactly_as_written_in_a_real_build(fields):
    with tempfile.TemporaryDirectory() as scratch:
        content, out = Path(scratch) / "content", Path(scratch) / "site"
        write_briefing(content, fields)
        build_site(content, out, briefing=checked(content))
        built = {}
        for field, (path, shown_in) in WHERE.items():
            html_path = out / page_path(field, fields).removesuffix(".md").removesuffix("index") / "index.html"
            built.setdefault(html_path, audit(html_path.read_text(encoding="utf-8")))
            assert shown_in(built[html_path], fields) == expected(field, fields), field
        claim = built[out / "claims" / "c" / "index.html"]
        assert claim.title == f"{shown(fields['claim_text'])} - {shown(fields['title'])}"
        assert claim.meta["og:title"] == shown(fields["claim_text"])
