"""The reader briefing built in every shipped language, read as its readers would read it.

One fixture (tests/fixtures/reader) with only its `language` changed: the
briefing's own text stays English, so what is checked is what the site
itself prints. In Arabic the pages must read right to left, fit a phone,
and pass axe-core, as must the Korean ones; screenshots of the Arabic home
and claim pages go to test-output/screenshots/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from babel.messages.pofile import read_po

from generator import i18n
from generator.pipeline import check_content
from generator.boundary import BuildRequest
from generator.site import build

from .conftest import FIXTURES, PROJECT
from .harness import serve_directory
from .i18n_audit import page_texts
from .test_i18n import LOCALES, MATERIAL, SHIPPED, allowed_texts

pytestmark = [pytest.mark.slow]

READER = FIXTURES / "reader"
SCREENSHOTS = PROJECT / "test-output" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
CLAIM = "claims/dprk-denies-arms-exports/"
#: one page of each type (tests/test_reader_browser.py has the same list)
PAGE_TYPES = (
    "", "claims/", CLAIM, "claims/rail-trade-resumed-after-two-years/", "sources/", "sources/ap-2022-11-08/",
    "claimants/", "claimants/dprk-ministry-of-national-defense/", "topics/", "topics/denials/", "ratings/",
    "verdicts/unproven/", "verdicts/false/", "corrections/", "timeline/", "about/", "print/", "data/",
)  # fmt: skip


def in_language(root: Path, language: str) -> Path:
    """A copy of the reader briefing in `root`, its `language` set."""
    copy = shutil.copytree(READER, root)
    yaml = copy / "briefing.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in text
    yaml.write_text(text.replace("\nlanguage: en\n", f"\nlanguage: {language}\n"), encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def sites(tmp_path_factory, compiled) -> dict[str, Path]:
    """The reader briefing built in each shipped language: language → site folder."""
    built = {}
    for language in SHIPPED:
        work = tmp_path_factory.mktemp(f"site-{language}")
        content = in_language(work / "briefing", language)
        result = check_content(content)
        assert result.ok, result.problems
        assert not [p for p in result.problems if "not translated" in p.message]  # a shipped language: no warning
        build(BuildRequest(content, work / "site", briefing=result.briefing, site_url="http://127.0.0.1/briefing/", caches=compiled.build()))
        built[language] = work / "site"
    return built


def english_phrases(language: str) -> list[str]:
    """The English words of every message the language's catalog words differently, split at the placeholders."""
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    phrases = set()
    for message in catalog:
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        if not message.id or any(text in strings for text in ids):
            continue
        for text in ids:
            phrases.update(part.strip(" .,;:()") for part in re.split(r"%\(\w+\)s", text))
    # Short words ("Date", "Type") can be a word of another language too; a phrase is long enough to be English.
    return sorted(p for p in phrases if len(p) >= 10 and " " in p)


@pytest.mark.parametrize("language", SHIPPED)
def test_html_lang_and_direction_follow_the_language(sites, language):
    for path in PAGE_TYPES:
        page = (sites[language] / path / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{language}"', page), path
        body = re.search(r"<body [^>]*>", page).group()
        assert f'dir="{i18n.text_direction(language)}"' in body, path


@pytest.mark.parametrize("language", SHIPPED)
def test_pages_hold_none_of_the_english_template_phrases(sites, language):
    b = check_content(READER).briefing
    allowed = sorted(allowed_texts(b), key=len, reverse=True)
    phrases = english_phrases(language)
    assert len(phrases) > 50
    found = {}
    for page in sorted(sites[language].rglob("*.html")):
        text = " ".join(" ".join(t.split()) for t in page_texts(page.read_text(encoding="utf-8")))
        for value in allowed:  # the briefing's own text is English: take it out first
            text = text.replace(value, " ")
        english = [phrase for phrase in phrases if phrase in text]
        if english:
            found[page.relative_to(sites[language]).as_posix()] = english
    assert not found, "\n".join(f"{page}: {phrases}" for page, phrases in found.items())


@pytest.mark.parametrize("language", SHIPPED)
def test_dates_are_written_with_the_languages_month_names(sites, language):
    tr = i18n.translator(language)
    names = lambda locale: {n for width in ("wide", "abbreviated") for n in locale.months["format"][width].values()}  # noqa: E731
    english = names(i18n.translator("en").locale) - names(tr.locale)  # German "November" is German too
    shown = []
    for path in (CLAIM, "timeline/", "sources/newsweek-2022-11-02/", "corrections/"):
        page = (sites[language] / path / "index.html").read_text(encoding="utf-8")
        shown += re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">([^<]*)</time>', page)
    assert len(shown) > 5
    for iso, text in shown:
        text = html.unescape(text)
        date = dt.date.fromisoformat(iso)
        assert text in (tr.long_date(date), tr.short_date(date)), (iso, text)
        assert not set(re.findall(r"\w+", text)) & english, text


#: headings the templates word through the catalog, and the ids (their English slugs) links rely on
STABLE_IDS = {
    CLAIM: ("analysis", "evidence", "contradicts-the-claim", "where-the-claim-appeared", "verdict-history", "corrections"),
    "ratings/": ("the-rating-scale", "off-the-scale", "methodology"),
    "sources/newsweek-2022-11-02/": ("notes", "claims-that-cite-this-source"),
    "about/": ("how-to-read-this-briefing", "how-claims-are-checked", "data"),
    "": ("latest-verdicts", "find-a-claim"),
    "corrections/": ("corrections-policy",),
    "data/": ("claimreview-on-claim-pages",),
}


@pytest.mark.parametrize("language", SHIPPED)
def test_headings_keep_their_ids_in_every_language(sites, language):
    for path, ids in STABLE_IDS.items():
        page = (sites[language] / path / "index.html").read_text(encoding="utf-8")
        for anchor in ids:
            assert f'id="{anchor}"' in page, (path, anchor)
        assert "{:" not in page  # no attribute list left as text


def test_a_hebrew_briefing_without_a_catalog_is_right_to_left_in_english(tmp_path, compiled):
    content = in_language(tmp_path / "briefing", "he")
    result = check_content(content)
    assert [p.format() for p in result.problems if "not translated" in p.message] == [
        "briefing.yaml:11:11: warning: the site's own wording is not translated into 'he': its pages will be built "
        "in English (languages available: en, ar, de, es, fr, ko, pt, ru; docs/languages.md says how to add one)"
    ]
    build(BuildRequest(content, tmp_path / "site", briefing=result.briefing, caches=compiled.build()))
    page = (tmp_path / "site" / CLAIM / "index.html").read_text(encoding="utf-8")
    assert '<html lang="he"' in page and 'dir="rtl"' in re.search(r"<body [^>]*>", page).group()
    assert "Last reviewed" in page  # the site's words in English


# -- in a browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(sites) -> Iterator[dict[str, str]]:
    """The Arabic and Korean sites served under /briefing/: language → base URL."""
    with serve_directory(sites["ar"], prefix="/briefing/") as ar, serve_directory(sites["ko"], prefix="/briefing/") as ko:
        yield {"ar": ar, "ko": ko}


@pytest.fixture
def browse(chromium):
    contexts = []

    def open_page(url: str, **options):
        context = chromium.new_context(**({"viewport": DESKTOP} | options))
        contexts.append(context)
        page = context.new_page()
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_no_arabic_page_scrolls_sideways_on_a_phone(served, browse):
    page = browse(served["ar"], viewport=PHONE, is_mobile=True, has_touch=True)
    wide = {}
    for path in PAGE_TYPES:
        page.goto(served["ar"] + path)
        assert page.locator("body").get_attribute("dir") == "rtl"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path or "home"] = width
    assert not wide, f"wider than the 375 px screen: {wide}"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["ar", "ko"])
def test_claim_page_has_no_serious_or_critical_axe_violations(served, browse, language):
    page = browse(served[language] + CLAIM)
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations)
    assert not violations, report


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "path", "options"),
    [
        ("ar-home-desktop", "", {"viewport": DESKTOP}),
        ("ar-home-phone", "", {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}),
        ("ar-claim-desktop", CLAIM, {"viewport": DESKTOP}),
        ("ar-claim-phone", CLAIM, {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}),
    ],
)
def test_screenshots_of_the_arabic_home_and_claim_page(served, browse, name, path, options):
    page = browse(served["ar"] + path, **options)
    page.evaluate("document.fonts.ready")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
