"""`serve` updates the site page by page; the result is the site a full build gives.

Each test builds a briefing with the preview's own machinery (no server:
`Preview.rebuild` is what the server calls on a change), edits the content
as an author would, and compares every file of the served site, byte for
byte, with a fresh `build` of the same content.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import check_content
from generator.addresses import list_page, verdict_page
from generator.briefing_index import BriefingIndex
from generator.paging import PageSizes
from generator.preview import Preview, _batches, _neighbours
from generator.render import Page, PageMeta
from generator.boundary import BuildRequest
from generator.site import build as build_site

from .conftest import BASIC, PROJECT, Briefing

pytestmark = pytest.mark.slow

SITE_URL = "http://127.0.0.1:8000/"
CLAIM = "claims/dprk-denies-arms-exports.yaml"
CLAIM_PAGE = "claims/dprk-denies-arms-exports/index.html"
SUMMARY = "summary: "


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1668000000")  # the sitemap's dates: the same in both builds


@pytest.fixture
def preview(briefing: Briefing, tmp_path: Path):
    running = Preview(briefing.root, tmp_path / "served", SITE_URL)
    running.rebuild()
    yield running
    running.stop()


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_as_a_full_build(preview: Preview, tmp_path: Path, compiled) -> None:
    preview.wait()
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    # A full build for the preview server: its pages allow the live-reload script.
    build_site(BuildRequest(preview.content, fresh, check_content(preview.content).briefing, SITE_URL, preview=True, caches=compiled.build()))
    served, built = files_of(preview.served), files_of(fresh)
    assert sorted(served) == sorted(built)
    assert [name for name in built if served[name] != built[name]] == []


def test_an_edit_shows_on_the_claims_page_then_everywhere(preview: Preview, briefing: Briefing, tmp_path: Path, compiled):
    briefing.replace(CLAIM, SUMMARY, f"{SUMMARY}Newly edited words. ")
    preview.rebuild()
    # The claim's own page is moved in before the rebuild returns (the browser then reloads) ...
    first = (preview.served / CLAIM_PAGE).read_bytes()
    assert "Newly edited words" in first.decode("utf-8")
    preview.wait()
    assert (preview.served / CLAIM_PAGE).read_bytes() == first  # built alone, it is already the final page
    # ... and the pages listing the claim, and the search index, follow in the background.
    assert "Newly edited words" in (preview.served / "index.html").read_text(encoding="utf-8")
    assert "Newly edited words" in (preview.served / "search" / "search_index.json").read_text(encoding="utf-8")
    assert_same_as_a_full_build(preview, tmp_path, compiled)


def test_new_and_deleted_claims_and_an_edited_source(preview: Preview, briefing: Briefing, tmp_path: Path, compiled):
    briefing.write("claims/a-new-claim.yaml", briefing.read(CLAIM).replace("claim: ", "claim: A new claim, ", 1))
    briefing.remove("claims/horses-by-train.yaml")
    briefing.replace("sources/ap-2022-11-08.yaml", "title: ", "title: Retitled, ")
    preview.rebuild()
    assert (preview.served / "claims" / "a-new-claim" / "index.html").is_file()
    assert_same_as_a_full_build(preview, tmp_path, compiled)
    assert not (preview.served / "claims" / "horses-by-train").exists()


def test_a_broken_edit_keeps_the_last_good_site_and_the_fix_updates_it(preview, briefing, tmp_path, capsys, compiled):
    before = files_of(preview.served)
    briefing.replace(CLAIM, "rating: ", "rating: not-a-rating-")
    preview.rebuild()
    preview.wait()
    assert "unknown rating" in capsys.readouterr().err
    assert files_of(preview.served) == before
    briefing.replace(CLAIM, "rating: not-a-rating-", "rating: ")
    briefing.replace(CLAIM, SUMMARY, f"{SUMMARY}Fixed. ")
    preview.rebuild()
    assert_same_as_a_full_build(preview, tmp_path, compiled)


def test_edits_that_interrupt_the_background_work_still_end_in_the_full_site(preview, briefing, tmp_path, compiled):
    for n in range(3):  # each rebuild makes the previous one's background work stale, wherever it is
        briefing.replace(CLAIM, SUMMARY, f"{SUMMARY}Edit {n}. ")
        briefing.replace("claims/horses-by-train.yaml", SUMMARY, f"{SUMMARY}Edit {n}. ")
        preview.rebuild()
    assert_same_as_a_full_build(preview, tmp_path, compiled)


def test_without_fork_a_thread_does_the_background_work(briefing, tmp_path, monkeypatch, compiled):
    monkeypatch.setattr("generator.preview.multiprocessing.get_all_start_methods", lambda: ["spawn"])
    preview = Preview(briefing.root, tmp_path / "served", SITE_URL)
    try:
        preview.rebuild()
        for n in range(2):
            briefing.replace(CLAIM, SUMMARY, f"{SUMMARY}Threaded edit {n}. ")
            preview.rebuild()
            assert preview._background.process is None
        assert_same_as_a_full_build(preview, tmp_path, compiled)
    finally:
        preview.stop()


def test_a_template_change_rebuilds_the_whole_site(briefing: Briefing, tmp_path: Path):
    templates = tmp_path / "site_templates"
    shutil.copytree(PROJECT / "site_templates", templates)
    preview = Preview(briefing.root, tmp_path / "served", SITE_URL, templates)
    try:
        preview.rebuild()
        page = templates / "pages" / "claim.md.j2"
        page.write_text(page.read_text(encoding="utf-8").replace('## {{ _("Analysis") }}', "## The analysis"), encoding="utf-8")
        preview.rebuild()
        preview.wait()
        for claim in ("dprk-denies-arms-exports", "horses-by-train"):
            assert ">The analysis<" in (preview.served / "claims" / claim / "index.html").read_text(encoding="utf-8")
    finally:
        preview.stop()


def test_nothing_changed_means_nothing_is_built(preview: Preview, capsys):
    capsys.readouterr()
    before = {p: p.stat().st_mtime_ns for p in preview.served.rglob("*") if p.is_file()}
    preview.rebuild()  # what the server does when background work finishes, so that browsers reload
    preview.wait()
    assert {p: p.stat().st_mtime_ns for p in preview.served.rglob("*") if p.is_file()} == before
    assert capsys.readouterr().err == ""


def test_background_batches_go_smallest_first_and_never_come_out_empty():
    def page(path: str, size: int) -> Page:
        return Page(path, "x" * size, PageMeta(path, path, "list"))

    pages = [page("print.md", 5_000_000), page("claims/a.md", 10), page("index.md", 900_000), page("claims/b.md", 20)]
    assert _batches(pages) == [["claims/a.md", "claims/b.md", "index.md"], ["print.md"]]
    assert _batches([]) == []


def test_the_basic_fixture_is_the_one_these_tests_edit():
    assert SUMMARY in (BASIC / CLAIM).read_text(encoding="utf-8")


def test_the_pages_listing_an_edited_claim_are_updated_before_the_rest() -> None:
    """The background update builds the edited claim's claimant, topic and verdict pages first."""
    briefing = check_content(BASIC).briefing
    assert briefing is not None
    claim = next(c for c in briefing.claims if c.id == "horses-by-train")
    assert _neighbours(briefing, {"claims/horses-by-train.md"}) == {
        "claimants/associated-press.md", "topics/rail-links.md", "verdicts/accurate.md",
    }  # fmt: skip
    assert claim.topics == ("rail-links",)
    assert _neighbours(briefing, {"sources/ap-2022-11-08.md"}) == frozenset()


def test_the_page_of_a_split_list_that_holds_the_edited_claim_is_updated_first() -> None:
    briefing = check_content(BASIC).briefing
    assert briefing is not None
    # one claim a page: the claim's own page of each list (two claims are rated unproven)
    pages = _neighbours(briefing, {"claims/dprk-denies-arms-exports.md"}, PageSizes(claims=1))
    index = BriefingIndex(briefing)
    claim = next(c for c in briefing.claims if c.id == "dprk-denies-arms-exports")
    position = [c.id for c in index.by_rating[claim.verdict.rating.id]].index(claim.id)
    expected = list_page(verdict_page(claim.verdict.rating), position + 1)
    assert position == 1 and expected == "verdicts/unproven/page/2.md"
    assert expected in pages and len(pages) == 2 + len(claim.topics)
