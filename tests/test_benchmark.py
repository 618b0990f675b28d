"""The benchmark's synthetic briefings stay valid, so `make bench` cannot rot unnoticed."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from benchmarks import report
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


def test_mkdocs_alone_gets_the_projects_settings_without_the_plugin(tmp_path: Path, compiled) -> None:
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
    pages = {p.path for p in render_site(check_content(content).briefing, PROJECT / "site_templates" / "pages", caches=compiled.render()).pages}
    assert {path for entry in config["nav"] for path in entry.values()} <= pages


def test_the_report_reads_each_target_from_the_measurements() -> None:
    def size(claims: int, build: float, floor: float, peak: float) -> dict:
        return {
            "claims": claims, "runs": 3, "pages": 2 * claims, "check": build / 20, "render": build / 10,
            "mkdocs": build * 0.8, "build": build, "build_cpu": build * 0.9, "peak_mib": peak,
            "site_bytes": claims * 80_000, "claim_page_mean": 30_000.0, "claim_page_max": 36_000,
            "print_page": claims * 7_000, "search_index": claims * 2_200, "search_index_gzip": claims * 530,
            "floor": floor, "floor_cpu": floor, "floor_peak_mib": 60.0,
            "largest_page": 400_000 + claims * 60, "largest_page_path": "claims/index.html",
        }  # fmt: skip

    machine = {"date": "2026-11-23", "cpu": "CPU", "cores": "2", "memory": "24 GiB", "system": "Linux",
               "python": "3.11.7", "mkdocs": "1.6.1", "material": "9.8.1"}  # fmt: skip
    serve = {"claims": 1000, "edits": 5, "claim_page_median": 0.9, "claim_page_max": 2.5,
             "other_page_median": 2.0, "other_page_max": 2.9}  # fmt: skip
    sizes = [size(2500, 30.0, 10.0, 400.0), size(10000, 140.0, 40.0, 1500.0)]
    text = report.markdown({"machine": machine, "sizes": sizes, "serve": serve})
    assert "| full build ≤ 2× the floor | 3.00× at 2,500 (2.70× in CPU time), 3.50× at 10,000 (3.15× in CPU time) | **no** |" in text
    assert "| **full build ÷ floor** (median of the runs' pairs) | **3.00** | **3.50** |" in text
    assert "| build time from 2,500 to 10,000 claims (4×) ≤ 4.4× | 4.67× (1.17× per claim) | **no** |" in text
    assert "| build CPU time from 2,500 to 10,000 claims (4×) ≤ 4.4× | 4.67× (1.17× per claim) | **no** |" in text
    assert "| site bytes from 2,500 to 10,000 claims (4×) ≤ 4.4× | 4.00× (1.00× per claim) | yes |" in text
    assert "| peak memory at 10,000 claims ≤ 1.0 GB (954 MiB) | 1,500 MiB at 10,000 | **no** |" in text
    assert "| search at 10,000 claims: first search downloads ≤ 2 MB (gzip) | 5.30 MB at 10,000 (Material: the whole index) | **no** |" in text
    assert "| serve: the edited claim's page within 1 s (1,000 claims) | median 0.90 s, slowest 2.50 s of 5 edits | **no** |" in text
    assert "| serve: another changed page (the claimant's) within 3 s | median 2.00 s, slowest 2.90 s | yes |" in text
    assert "MkDocs alone on the same Markdown (`--alone`) | — | — |" in text
    assert "| largest page | 550 KB (`claims/index.html`) | 1,000 KB (`claims/index.html`) |" in text
    assert "| no page over 1 MB at 10,000 claims | largest 1,000 KB (`claims/index.html`) at 10,000 | yes |" in text
    too_big = {**sizes[1], "largest_page": 1_200_000, "largest_page_path": "print/index.html"}
    text = report.markdown({"machine": machine, "sizes": [too_big], "serve": None})
    assert "| no page over 1 MB at 10,000 claims | largest 1,200 KB (`print/index.html`) at 10,000 | **no** |" in text
    # a 10,000-claim site searched with Pagefind: the first search as measured in Chromium
    sizes[1] |= {"search_engine": "pagefind", "search_download": 300_000, "pagefind": 20.0, "search_index_gzip": 0}
    text = report.markdown({"machine": machine, "sizes": sizes, "serve": serve})
    assert "| search at 10,000 claims: first search downloads ≤ 2 MB (gzip) | 0.30 MB at 10,000 (measured, pagefind) | yes |" in text
    assert "| **first search download (gzip)**, measured in Chromium | — | **0.30 MB** |" in text
    assert "| Pagefind's indexing (claims' and sources' parts beside MkDocs) | — | 20.0 s |" in text


def test_the_ratio_to_the_floor_is_the_median_of_each_builds_ratio_to_the_floor_built_after_it() -> None:
    # a loaded first pair and a quiet last one: the ratio of the medians (12 / 5 = 2.4) would pair
    # the second build with the third floor
    runs = {"build": [30.0, 12.0, 10.0], "floor": [15.0, 4.0, 5.0], "build_cpu": [9.0, 8.0, 7.0], "floor_cpu": [6.0, 4.0, 5.0]}
    size = {"build": 12.0, "floor": 5.0, "build_cpu": 8.0, "floor_cpu": 5.0, "all_runs": runs}
    assert report.over_floor(size) == 2.0  # median of 2.0, 3.0, 2.0
    assert report.over_floor(size, cpu=True) == 1.5  # median of 1.5, 2.0, 1.4
    assert report.over_floor({k: v for k, v in size.items() if k != "all_runs"}) == 12.0 / 5.0  # results without runs


def test_an_update_replaces_the_sizes_measured_again_and_keeps_the_others() -> None:
    from benchmarks.run import _updated

    earlier = {"machine": {"date": "old"}, "sizes": [{"claims": 100, "build": 1}, {"claims": 10000, "build": 9}],
               "serve": {"claims": 1000}}  # fmt: skip
    now = {"machine": {"date": "new"}, "sizes": [{"claims": 10000, "build": 5}], "serve": None}
    assert _updated(earlier, now) == {
        "machine": {"date": "new"},
        "sizes": [{"claims": 100, "build": 1}, {"claims": 10000, "build": 5}],
        "serve": {"claims": 1000},
    }


@pytest.mark.slow  # a real MkDocs build
def test_the_floor_and_mkdocs_alone_build_with_the_projects_theme(tmp_path: Path) -> None:
    """The floor: as many one-paragraph pages as asked, built by plain MkDocs with the project's theme
    and overrides (which read the footer and the site's words the plugin would give them)."""
    import subprocess
    import sys

    from benchmarks.run import prepare_floor

    content = write_briefing(tmp_path / "briefing", 5)
    config_file = prepare_floor(content, 30, tmp_path)
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    result = subprocess.run([mkdocs, "build", "--quiet", "--strict", "--config-file", str(config_file)],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "site-floor").rglob("*.html"))
    assert len([p for p in pages if p.name != "404.html"]) == 30
    home = (tmp_path / "site-floor" / "index.html").read_text(encoding="utf-8")
    assert "One paragraph of text" in home and "briefing.css" in home
