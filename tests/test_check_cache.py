"""The check `serve` repeats after every edit parses only changed files, and finds exactly what a fresh check finds."""

from __future__ import annotations

from generator.pipeline import CheckCache, check_content

from .conftest import Briefing

CLAIM = "claims/horses-by-train.yaml"


def test_a_cached_check_finds_what_a_fresh_check_finds(briefing: Briefing) -> None:
    cache = CheckCache()
    edits = [
        lambda: None,
        lambda: briefing.replace(CLAIM, "rating: accurate", "rating: acurate"),  # an error
        lambda: None,  # unchanged, still broken: the error is reported again
        lambda: briefing.write("claims/stray.txt", "not yaml"),  # a stray file
        lambda: briefing.remove("claims/stray.txt"),
        lambda: briefing.replace(CLAIM, "rating: acurate", "rating: accurate"),
        lambda: briefing.write("sources/unused.yaml", "title: T\npublisher: P\ntype: news\n"),  # a warning
    ]
    for edit in edits:
        edit()
        cached, fresh = check_content(briefing.root, cache), check_content(briefing.root)
        assert cached.problems == fresh.problems
        assert cached.briefing == fresh.briefing


def test_changed_names_the_files_edited_since_the_check_before(briefing: Briefing) -> None:
    cache = CheckCache()
    check_content(briefing.root, cache)
    assert "briefing.yaml" in cache.changed and CLAIM in cache.changed  # the first check reads everything
    check_content(briefing.root, cache)
    assert cache.changed == set()
    briefing.replace(CLAIM, "horses", "ponies")
    briefing.write("claims/new-one.yaml", briefing.read(CLAIM))
    check_content(briefing.root, cache)
    assert cache.changed == {CLAIM, "claims/new-one.yaml"}
