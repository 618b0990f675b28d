"""A content folder cannot make the build read or write outside its root or the site folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A folder outside the briefing holding a YAML file that would pass as a source."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "leak.yaml").write_text("title: SECRET\npublisher: SECRET\ntype: news\n", encoding="utf-8")
    return folder


@needs_symlinks
def test_a_folder_that_links_outside_the_briefing_is_not_read(briefing, secret):
    shutil.rmtree(briefing.root / "sources")
    os.symlink(secret, briefing.root / "sources")
    messages = briefing.messages()
    assert "sources/:0:0: error: the folder sources/ is a link to a folder outside the briefing (copy the files in instead)" in messages
    assert not any("SECRET" in m for m in messages)


@needs_symlinks
def test_a_link_to_a_file_inside_the_briefing_is_read(briefing):
    shutil.copy(briefing.root / "sources" / "ap-2022-11-08.yaml", briefing.root / "ap-copy.yaml.txt")
    os.symlink(briefing.root / "ap-copy.yaml.txt", briefing.root / "sources" / "ap-copy.yaml")
    assert briefing.check().briefing is not None


@pytest.mark.slow
def test_the_build_writes_only_inside_the_site_folder(hostile_briefing, hostile_site):
    """Every page of the hostile briefing lands inside site/, and nothing lands beside it."""
    assert [p.name for p in hostile_site.parent.iterdir()] == ["site"]
    for path in hostile_site.rglob("*"):
        assert path.resolve().is_relative_to(hostile_site.resolve()), path
        assert not path.is_symlink(), path
    claim_pages = {p.name for p in (hostile_site / "claims").iterdir() if p.is_dir()}
    assert claim_pages == set(hostile_briefing.plain)
    assert {p.relative_to(hostile_briefing.root).parts[0] for p in hostile_briefing.root.rglob("*")} == {
        "briefing.yaml", "ratings.yaml", "claims", "sources"
    }  # nothing was written into the content folder
