"""The command line, run as a user runs it: `python -m generator ...`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import cli

from .conftest import BASIC, PROJECT, run_cli_here


def run(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_check_passes_on_valid_content():
    result = run("check", "--content", str(BASIC))
    assert result.returncode == 0
    assert result.stdout.strip() == "0 errors, 0 warnings"


def test_check_fails_with_every_problem_and_no_traceback(briefing):
    briefing.replace("claims/horses-by-train.yaml", "rating: accurate", "rating: acurate")
    briefing.write("sources/bad.yaml", "title: [x\n")
    result = run("check", "--content", str(briefing.root))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("claims/horses-by-train.yaml:7:11: error: unknown rating 'acurate'")
    assert lines[1].startswith("sources/bad.yaml:1:8: error: the '[' here is never closed")
    assert lines[-1] == "2 errors, 0 warnings"
    assert "Traceback" not in result.stderr


def test_warnings_alone_exit_zero(briefing):
    briefing.write("sources/unused.yaml", "title: Unused\npublisher: Nobody\ntype: other\n")
    result = run("check", "--content", str(briefing.root))
    assert result.returncode == 0
    assert "warning: no claim cites the source 'unused'" in result.stdout


def test_usage_errors_exit_two():
    assert run("check", "--content", "/no/such/folder").returncode == 2
    assert run("frobnicate").returncode == 2


def test_version_and_help():
    assert run("--version").stdout.strip() == f"briefing generator, version {__version__}"
    assert "Usage: python -m generator" in run("-h").stdout


def command_paths(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand, as the words that invoke it: ('new', 'claim')."""
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
    return paths


@pytest.mark.parametrize("words", command_paths(), ids=" ".join)
def test_every_command_has_help_with_an_example(words):
    result = CliRunner().invoke(cli, [*words, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"python -m generator {' '.join(words)}" in result.output


def test_every_command_is_in_the_manual():
    manual = (PROJECT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert ("new", "claim") in command_paths()
    for words in command_paths():
        assert f"python -m generator {' '.join(words)}" in manual, f"docs/commands.md does not show `{' '.join(words)}`"
    assert "docs/commands.md" in (PROJECT / "README.md").read_text(encoding="utf-8")  # and the README leads there


def test_render_writes_the_markdown_tree(tmp_path):
    out = tmp_path / "md"
    result = run_cli_here("render", "--content", str(BASIC), "--out", str(out))  # what it writes, not the process
    assert result.returncode == 0, result.stderr
    claim_page = (out / "claims" / "horses-by-train.md").read_text(encoding="utf-8")
    front_matter, _, body = claim_page.partition("---\n# ")
    assert body.startswith("Russia sent Kim Jong Un")
    assert front_matter.startswith("---\n") and "search:\n  boost: 2\n" in front_matter  # ranked above sources in search
    assert run_cli_here("render", "--content", str(BASIC), "--out", str(out)).returncode == 0  # replaces its own output


def test_render_refuses_to_overwrite_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    result = run("render", "--content", str(BASIC), "--out", str(tmp_path))
    assert result.returncode == 2
    assert (tmp_path / "precious.txt").read_text() == "keep me"


@pytest.mark.slow
def test_build_with_errors_writes_nothing_and_keeps_the_old_site(briefing, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    briefing.replace("claims/horses-by-train.yaml", "date: 2022-11-08", "date: 2022-02-30")
    result = run("build", "--content", str(briefing.root), "--site-dir", str(site))
    assert result.returncode == 1
    assert "claims/horses-by-train.yaml:4:7: error: 'date' '2022-02-30' is not a real date" in result.stderr
    assert "Nothing was written" in result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "the previous site"


@pytest.mark.slow
def test_build_makes_the_site(tmp_path):
    site = tmp_path / "site"
    result = run("build", "--content", str(BASIC), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Built 3 claims into {site}/"
    assert (site / "claims" / "horses-by-train" / "index.html").is_file()


def test_render_reports_a_template_error_by_file_and_line_without_writing(tmp_path, monkeypatch):
    import shutil

    import generator.cli as cli_module

    from generator.boundary import ProjectFiles

    templates = tmp_path / "site_templates" / "pages"
    shutil.copytree(PROJECT / "site_templates" / "pages", templates)
    (templates / "about.md.j2").write_text("# About\n\n{{ briefing.no_such_field }}\n", encoding="utf-8")
    monkeypatch.setattr(cli_module, "project_files", lambda: ProjectFiles(PROJECT / "mkdocs.yml", templates.parent))
    out = tmp_path / "md"
    result = CliRunner().invoke(cli, ["render", "--content", str(BASIC), "--out", str(out)])
    assert result.exit_code == 1
    assert "about.md.j2:3:" in result.output and "no_such_field" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()
