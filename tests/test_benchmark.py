"""The benchmark's synthetic briefings stay valid, so `make bench` cannot rot unnoticed."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from benchmarks.run import alone_config
from benchmarks.synthetic import Shape, write_briefing
from generator.pipeline import check_content
from generator.render import render_site

from .conftest import PROJECT


def test_a_synthetic_briefing_passes_check_without_a_warning(tmp_path: Path) -> None:
    root = write_briefing(tmp_path / "briefing", 50)
    result = check_content(root)
    assert result.ok, [p.format() for p in result.problems[:5]]
    assert result.problems == ()
    briefing = result.briefing
    assert len(briefing.claims) == 50
    assert len(briefing.sources) == Shape(50).sources
    # Shaped like a real archive: history, corrections, appearances and links on some claims.
    assert any(c.history for c in briefing.claims)
    assert any(c.appearances for c in briefing.claims)
    assert any("](claim:" in c.verdict.analysis for c in briefing.claims)
    assert max(len(c.verdict.evidence) for c in briefing.claims) > 2


def test_the_same_size_and_seed_write_the_same_files(tmp_path: Path) -> None:
    first = write_briefing(tmp_path / "a", 20)
    second = write_briefing(tmp_path / "b", 20)
    files = sorted(p.relative_to(first) for p in first.rglob("*.yaml"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.yaml"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_mkdocs_alone_gets_the_projects_settings_without_the_plugin(tmp_path: Path) -> None:
    content = write_briefing(tmp_path / "briefing", 5)
    docs = tmp_path / "markdown"
    docs.mkdir()
    config = alone_config(content, docs, tmp_path / "site")
    assert [p for p in config["plugins"] if "briefing" in str(p)] == []
    assert config["theme"]["custom_dir"] == str(PROJECT / "site_templates" / "overrides")
    (tmp_path / "mkdocs.yml").write_text(__import__("yaml").safe_dump(config), encoding="utf-8")
    loaded = load_config(str(tmp_path / "mkdocs.yml"))
    assert list(loaded.plugins) == ["material/search"]
    assert loaded.strict and loaded.theme.name == "material"
    pages = {p.path for p in render_site(check_content(content).briefing, PROJECT / "site_templates" / "pages").pages}
    assert {path for entry in config["nav"] for path in entry.values()} <= pages
