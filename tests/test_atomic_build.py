"""A failed build loses nothing: the previous site stays exactly as it was.

Each test starts from a real site built by MkDocs, makes the next build fail
in one way (bad content, a MkDocs error, a broken template, an exception
inside the plugin after every page was written, Ctrl-C) and compares every
file, byte for byte, afterwards. No staging folder may be left behind.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.boundary import BuildFailed, BuildRequest, ProjectFiles
from generator.site import BriefingPlugin, build as build_site

from .conftest import BASIC, PROJECT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def good_site(tmp_path_factory, compiled) -> Path:
    out = tmp_path_factory.mktemp("good") / "site"
    build_site(BuildRequest(BASIC, out, site_url="https://example.org/", caches=compiled.build()))
    return out


@pytest.fixture
def previous(good_site, tmp_path) -> Path:
    """A copy of the good site, as `site/` in a folder of its own."""
    site = tmp_path / "out" / "site"
    shutil.copytree(good_site, site)
    return site


@pytest.fixture
def templates(tmp_path) -> Path:
    """An editable copy of site_templates/pages."""
    copy = tmp_path / "templates"
    shutil.copytree(PROJECT / "site_templates" / "pages", copy)
    return copy


def snapshot(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under `site`, with its permissions and bytes."""
    return {
        path.relative_to(site).as_posix(): (path.stat().st_mode, b"" if path.is_dir() else path.read_bytes())
        for path in [site, *site.rglob("*")]
    }


def assert_nothing_changed(site: Path, before: dict) -> None:
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"], "a staging folder was left behind"


def append(template: Path, text: str) -> None:
    template.write_text(template.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_invalid_content(previous, tmp_path, compiled):
    content = tmp_path / "content"
    shutil.copytree(BASIC, content)
    (content / "claims" / "horses-by-train.yaml").write_text("claim: [unclosed\n", encoding="utf-8")
    before = snapshot(previous)
    with pytest.raises(BuildFailed, match=r"claims/horses-by-train.yaml:1:8: error: the '\[' here is never closed"):
        build_site(BuildRequest(content, previous, caches=compiled.build()))  # no checked briefing given: the plugin checks, as `mkdocs build` does
    assert_nothing_changed(previous, before)


def test_a_broken_link_in_strict_mode_names_the_page(previous, templates, compiled):
    append(templates / "about.md.j2", "\n[a broken link](no-such-page.md)\n")
    before = snapshot(previous)
    with pytest.raises(BuildFailed) as failure:
        build_site(BuildRequest(BASIC, previous, templates=templates, caches=compiled.build()))
    assert "Doc file 'about.md' contains a link 'no-such-page.md', but the target is not found" in str(failure.value)
    assert "strict mode" in str(failure.value)
    assert_nothing_changed(previous, before)


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        ("{% if %}", "about.md.j2:{line}: Expected an expression"),
        ("{{ no_such_variable.field }}", "about.md.j2:{line}: 'no_such_variable' is undefined"),
        ("{{ none }}", "about.md.j2:{line}: a template printed None"),
    ],
    ids=["syntax", "undefined", "printed-none"],
)
def test_a_template_error_names_the_template_and_line(previous, templates, mistake, message, compiled):
    template = templates / "about.md.j2"
    line = len(template.read_text(encoding="utf-8").splitlines()) + 2  # after a blank line
    append(template, f"\n{mistake}\n")
    before = snapshot(previous)
    with pytest.raises(BuildFailed) as failure:
        build_site(BuildRequest(BASIC, previous, templates=templates, caches=compiled.build()))
    assert f"{template.parent}/{message.format(line=line)}" in str(failure.value)
    assert_nothing_changed(previous, before)


def test_an_exception_raised_by_a_template(previous, templates, compiled):
    append(templates / "about.md.j2", "\n{{ 1 // 0 }}\n")
    before = snapshot(previous)
    with pytest.raises(ZeroDivisionError):  # a bug, not a content error: it keeps its traceback
        build_site(BuildRequest(BASIC, previous, templates=templates, caches=compiled.build()))
    assert_nothing_changed(previous, before)


@pytest.mark.parametrize("exception", [RuntimeError("a bug in the plugin"), KeyboardInterrupt()], ids=repr)
def test_an_exception_after_every_page_was_written(previous, monkeypatch, exception, compiled):
    written = []

    def fail_at_the_end(self, config):
        written.extend(Path(config.site_dir).rglob("index.html"))
        raise exception

    monkeypatch.setattr(BriefingPlugin, "on_post_build", fail_at_the_end, raising=False)
    before = snapshot(previous)
    with pytest.raises(type(exception)):
        build_site(BuildRequest(BASIC, previous, caches=compiled.build()))
    assert len(written) > 10, "the failure came after the pages were written to the staging folder"
    assert_nothing_changed(previous, before)


def test_a_new_site_gets_the_usual_permissions(tmp_path, compiled):
    """The staging folder becomes the site: it must not stay private to its owner."""
    site = tmp_path / "site"
    build_site(BuildRequest(BASIC, site, caches=compiled.build()))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# -- the command line ---------------------------------------------------------------------


def build(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_the_cli_names_the_page_with_a_broken_link(tmp_path, monkeypatch, previous):
    """Strict mode through `build`: MkDocs' warning, naming the page, is in the error."""
    project = tmp_path / "project"  # mkdocs.yml finds the templates beside it
    project.mkdir()
    shutil.copy(PROJECT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(PROJECT / "site_templates", project / "site_templates")
    append(project / "site_templates" / "pages" / "about.md.j2", "\n[a broken link](no-such-page.md)\n")
    monkeypatch.setattr("generator.site.project_files", lambda: ProjectFiles(project / "mkdocs.yml", project / "site_templates"))
    before = snapshot(previous)
    result = CliRunner().invoke(cli, ["build", "--content", str(BASIC), "--site-dir", str(previous)])
    assert result.exit_code == 1
    assert f"the site could not be built; {previous} is unchanged." in result.stderr
    assert "Doc file 'about.md' contains a link 'no-such-page.md'" in result.stderr
    assert "Traceback" not in result.output
    assert_nothing_changed(previous, before)


def test_the_cli_refuses_to_build_over_the_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BASIC, content)
    before = snapshot(content)
    for site_dir in (content, tmp_path):
        result = build("--content", str(content), "--site-dir", str(site_dir))
        assert result.returncode == 2
        assert "holds the content, and building replaces the whole folder" in result.stderr
    assert snapshot(content) == before


def test_the_cli_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.txt").write_text("years of work")
    result = build("--content", str(BASIC), "--site-dir", str(folder))
    assert result.returncode == 2
    assert "is not empty and holds no site" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["thesis.txt"]


def test_a_malformed_source_date_epoch_is_a_usage_error(tmp_path):
    result = build(
        "--content", str(BASIC), "--site-dir", str(tmp_path / "site"), env={"SOURCE_DATE_EPOCH": "yesterday"}
    )
    assert result.returncode == 2
    assert "SOURCE_DATE_EPOCH is 'yesterday'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
