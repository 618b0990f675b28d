"""The reader's pages for content format v1.1: who stands behind a fact check, the dates,
the original wording, claimant types, statements not rated and withdrawn claims.

tests/fixtures/reader-v11 sets every v1.1 key; tests/fixtures/reader sets none, and
nothing of it may appear there (no byline, contact or correction link is made up).
"""

from __future__ import annotations

import html
import re

import pytest

from generator.addresses import correction_request_url, repository_url
from generator.pipeline import check_content
from generator.render import render_site

from .conftest import FIXTURES
from .golden import TEMPLATES
from .test_reader_pages import Elements, as_html, text_of

V11 = FIXTURES / "reader-v11"
READER = FIXTURES / "reader"
SITE = "https://example.org/briefing/"
REPOSITORY = "https://github.com/example/briefing"


def render(root, compiled, repository=None) -> dict[str, str]:
    result = check_content(root)
    assert result.ok, result.problems
    return {page.path: page.markdown for page in render_site(result.briefing, TEMPLATES, SITE, repository=repository, caches=compiled.render()).pages}


@pytest.fixture(scope="module")
def v11(compiled) -> dict[str, str]:
    return render(V11, compiled)


@pytest.fixture(scope="module")
def v1(compiled) -> dict[str, str]:
    return render(READER, compiled)


def text(page: str) -> str:
    return html.unescape(text_of(page))


# -- who stands behind it --------------------------------------------------------------


def test_the_claim_page_names_who_checked_and_edited_the_verdict_and_each_earlier_one(v11):
    page = text(v11["claims/dprk-denies-arms-exports.md"])
    box = page[: page.index("Analysis")]
    assert "Checked by Test Checker One and Test Checker Two; edited by Test Editor" in box
    history = page[page.index("Verdict history") :]
    assert "Only anonymous intelligence was available. Checked by Test Checker One; edited by Test Editor" in history
    assert history.count("Checked by") == 2  # the earlier verdict and the current one


def test_no_byline_contact_or_correction_link_is_made_up(v1):
    for path, page in v1.items():
        shown = text(page)
        for made_up in ("Checked by", "Edited by", "Ask for a correction", "Contact us", "mailto:", "issues/new"):
            assert made_up not in shown and made_up not in page, (path, made_up)


@pytest.mark.parametrize(
    ("repository", "expected"),
    [
        (
            REPOSITORY,
            "https://github.com/example/briefing/issues/new?title=Correction%20request%3A%20horses-by-train"
            "&body=Claim%3A%20horses-by-train%0APage%3A%20https%3A%2F%2Fexample.org%2Fbriefing%2Fclaims%2Fhorses-by-train%2F",
        ),
        (
            None,
            "mailto:corrections@example.org?subject=Correction%20request%3A%20horses-by-train%20"
            "%28https%3A%2F%2Fexample.org%2Fbriefing%2Fclaims%2Fhorses-by-train%2F%29",
        ),
    ],
)
def test_every_claim_page_links_to_ask_for_a_correction(repository, expected, compiled):
    pages = render(V11, compiled, repository)
    for path, page in pages.items():
        if path.startswith("claims/") and path != "claims/index.md":
            links = [a for tag, a in Elements(as_html(page)).tags if tag == "a" and "Correction" in (a.get("href") or "")]
            assert len(links) == 1, path
    page = pages["claims/horses-by-train.md"]
    [href] = [a["href"] for tag, a in Elements(as_html(page)).tags if tag == "a" and "Correction" in (a.get("href") or "")]
    assert href.startswith(expected), href


def test_the_repository_comes_from_the_repo_url_or_the_edit_url():
    assert repository_url(None, "https://github.com/OWNER/REPO/edit/main/content/") == "https://github.com/OWNER/REPO"
    assert repository_url("https://github.com/a/b/", "https://github.com/OWNER/REPO/edit/main/content/") == "https://github.com/a/b"
    assert repository_url(None, "https://example.org/edit/") is None
    assert repository_url(None, None) is None
    assert correction_request_url("x", "https://e.org/claims/x/", None, None) is None


def test_about_gives_the_contact_and_the_dates(v11, v1):
    about = text(v11["about.md"])
    assert "Contact us: corrections@example.org, or https://example.org/contact." in about
    assert 'href="mailto:corrections@example.org"' in html.unescape(v11["about.md"])
    assert "Situation as of 8 November 2022" in about and "Last updated 20 November 2022" in about
    assert "Contact" not in text(v1["about.md"])


# -- dates that agree ----------------------------------------------------------------------


def test_home_says_the_situation_as_of_and_the_last_update(v11, v1):
    assert "Situation as of 8 November 2022 Last updated 20 November 2022 4 claims checked" in text(v11["index.md"])
    # Without as_of or updated: the latest review, correction or withdrawal.
    assert "Situation as of" not in text(v1["index.md"])
    assert "Last updated 9 November 2022 5 claims checked" in text(v1["index.md"])


# -- claimants, original wording -----------------------------------------------------------


def test_claimant_pages_say_person_or_organization(v11, v1):
    assert "Interfax An organization: Russian news agency" in text(v11["claimants/interfax.md"])
    person = "claimants/vice-director-foreign-ministry-military-foreign-affairs-office.md"
    assert "A person" in text(v11[person])
    assert "A person" not in text(v1[person]) and "An organization" not in text(v1["claimants/interfax.md"])


def test_the_original_wording_is_beside_the_claim_in_its_language_and_direction(v11):
    page = v11["claims/rail-trade-resumed-after-two-years.md"]
    heading_end = page.index("\n", page.index("# Rail trade"))
    original = page[heading_end : page.index("<section")]
    spans = [a for tag, a in Elements(as_html(original)).tags if tag == "span" and a.get("lang")]
    assert spans == [{"class": "briefing-original__text", "lang": "ar", "dir": "rtl"}]
    assert "نص تجريبي للاختبار فقط" in html.unescape(original)


# -- not rated, withdrawn ------------------------------------------------------------------


def test_statements_not_rated_are_on_the_ratings_page_with_their_reasons_and_linked_from_home(v11, v1):
    ratings = text(v11["ratings.md"])
    section = ratings[ratings.index("Statements we did not rate") :]
    assert "“The war will be over by the spring.” — A commentator quoted by Newsweek (test fixture)" in section
    assert "Not rated: A forecast, which cannot be checked until it comes true or does not." in section
    assert "Newsweek report of 2 November 2022" in section  # its source, cited
    assert "Not rated: An opinion, not a checkable statement of fact." in section
    assert 'href="ratings/#statements-we-did-not-rate"' in v11["index.md"]
    assert "did not rate" not in text(v1["index.md"]) + text(v1["ratings.md"])


def test_a_withdrawn_claim_keeps_its_page_with_a_notice_and_leaves_lists_counts_and_chart(v11, v1):
    page = text(v11["claims/horses-by-train.md"])
    assert "Withdrawn on 20 November 2022." in page[: page.index("Verdict Accurate")]
    assert "Withdrawn in this test briefing to test withdrawal notices." in page
    claim = "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses."
    for path in ("index.md", "claims/index.md", "verdicts/accurate.md", "topics/rail-links.md", "sources/ap-2022-11-08.md", "print.md"):
        assert claim not in text(v11[path]), path
    assert "claimants/associated-press.md" not in v11  # its only claim was withdrawn
    assert "4 claims checked" in text(v11["index.md"])
    chart = re.compile(r"<desc[^>]*>(.*?)</desc>")
    assert "Accurate: 2 claims." in chart.findall(v1["index.md"])[0]
    assert "Accurate: 1 claim." in chart.findall(v11["index.md"])[0]  # the withdrawn one is not counted
    assert len(re.findall(r'<tr data-rating="accurate"', v11["claims/index.md"])) == 1
    assert len(re.findall(r"<tr data-rating=", v11["claims/index.md"])) == 4
    corrections = text(v11["corrections.md"])
    assert f"no longer listed or counted with the others. 20 November 2022 {claim} Withdrawn in this test briefing" in corrections
    timeline = text(v11["timeline.md"])
    assert f"20 November 2022 · Withdrawn {claim}" in timeline
    assert 'href="#show-withdrawn"' in v11["timeline.md"]


@pytest.mark.slow
def test_a_repo_url_that_is_not_http_fails_the_build(tmp_path, monkeypatch, caplog, compiled):
    from generator.boundary import BuildFailed, BuildRequest
    from generator.site import build

    monkeypatch.setenv("BRIEFING_REPO_URL", "javascript:alert(1)//")
    with pytest.raises(BuildFailed):
        build(BuildRequest(READER, tmp_path / "site", caches=compiled.build()))
    assert "repo_url (BRIEFING_REPO_URL) 'javascript:alert(1)//' must start with https://" in caplog.text
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_the_edit_url_gives_the_repository_for_correction_requests(tmp_path, monkeypatch, compiled):
    from generator.boundary import BuildRequest
    from generator.site import build

    monkeypatch.delenv("BRIEFING_REPO_URL", raising=False)
    monkeypatch.setenv("BRIEFING_EDIT_URL", "https://github.com/OWNER/REPO/edit/main/content/")
    build(BuildRequest(READER, tmp_path / "site", site_url="https://example.org/briefing/", caches=compiled.build()))
    page = html.unescape((tmp_path / "site" / "claims" / "horses-by-train" / "index.html").read_text(encoding="utf-8"))
    assert 'href="https://github.com/OWNER/REPO/issues/new?title=Correction%20request%3A%20horses-by-train&body=' in page
