"""`briefing init DIR`: a new briefing repository, and the package that carries it.

The end-to-end test installs the wheel built from this checkout into a fresh
virtual environment outside it, with pip kept offline, and runs `make build`
and `.ci/run` in the briefing it writes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator import __version__
from generator.new_briefing import init_briefing, planned_files
from generator.pipeline import check_content
from generator.resources import PACKAGED_ROOT, SHIPPED, Resources, find_resources

from .conftest import PROJECT, run_cli, run_cli_here

EXAMPLE_CLAIM = "example-clock-tower-is-tallest-building"
EXAMPLE_SOURCE = "example-gazette-report"
WHEELHOUSE = PROJECT / ".cache" / "wheelhouse"  # the dependencies' wheels, downloaded once


def test_init_writes_a_briefing_repository(tmp_path):
    folder = tmp_path / "news"
    result = run_cli("init", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {
        "content/briefing.yaml",
        "content/ratings.yaml",
        f"content/claims/{EXAMPLE_CLAIM}.yaml",
        f"content/sources/{EXAMPLE_SOURCE}.yaml",
        "content/schemas/claim.schema.json",
        "mkdocs.yml",
        "Makefile",
        ".ci/run",
        ".github/workflows/pages.yml",
        ".gitignore",
        "README.md",
        "requirements.lock",
    } <= written
    assert os.access(folder / ".ci" / "run", os.X_OK)
    checked = check_content(folder / "content")
    assert checked.ok and not checked.problems, checked.problems
    assert [c.id for c in checked.briefing.claims] == [EXAMPLE_CLAIM]
    assert f"briefing-generator=={__version__}" in (folder / "requirements.lock").read_text().splitlines()


def test_the_example_says_it_is_an_example():
    """Invented content must never pass for a finding: every example file says it is one."""
    for relative, content in planned_files(find_resources()).items():
        if relative.startswith(("content/claims/", "content/sources/", "content/briefing.yaml")):
            assert re.search(rb"\b(EXAMPLE|[Ii]nvented)\b", content), relative
    claim = (PROJECT / "generator" / "starter" / "content" / "claims" / f"{EXAMPLE_CLAIM}.yaml").read_text()
    assert "claim: \"Example:" in claim and "invented" in claim


def test_the_workflow_and_site_settings_are_the_projects_own(tmp_path):
    init_briefing(tmp_path / "news", find_resources())
    for name in ("mkdocs.yml", ".github/workflows/pages.yml"):
        assert (tmp_path / "news" / name).read_bytes() == (PROJECT / name).read_bytes(), name


@pytest.mark.parametrize("existing", ["a file inside", "a file in its place"])
def test_init_refuses_a_folder_that_is_not_empty(tmp_path, existing):
    folder = tmp_path / "news"
    if existing == "a file inside":
        folder.mkdir()
        (folder / "notes.txt").write_text("mine")
    else:
        folder.write_text("mine")
    result = run_cli("init", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1, result.stderr
    assert str(folder) in result.stderr and "Traceback" not in result.stderr
    assert (folder / "notes.txt" if folder.is_dir() else folder).read_text() == "mine"


def test_init_accepts_an_empty_folder(tmp_path):
    (tmp_path / "news").mkdir()
    assert run_cli_here("init", "news", cwd=tmp_path).returncode == 0
    assert (tmp_path / "news" / "Makefile").is_file()


def test_a_checkout_reads_its_own_folders_and_a_package_its_copies(tmp_path):
    assert find_resources() == Resources(PROJECT, checkout=True)
    installed = tmp_path / "site-packages" / "generator"
    installed.mkdir(parents=True)
    assert find_resources(installed) == Resources(installed / PACKAGED_ROOT, checkout=False)


@pytest.mark.slow
def test_a_new_briefing_builds_with_the_checkout(tmp_path):
    """The new briefing's mkdocs.yml names site_templates/, which it lacks: the generator's copy is used."""
    folder = tmp_path / "news"
    init_briefing(folder, find_resources())
    result = run_cli("build", cwd=folder)
    assert result.returncode == 0, result.stderr
    page = folder / "site" / "claims" / EXAMPLE_CLAIM / "index.html"
    assert "Exampleton" in page.read_text(encoding="utf-8")
    assert (folder / "site" / "stylesheets" / "briefing.css").is_file()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built once for the tests that need one."""
    return _build_wheel(tmp_path_factory.mktemp("wheel") / "wheels")


@pytest.mark.slow  # builds a wheel
def test_the_wheel_carries_the_templates_and_settings(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in SHIPPED:
        source = PROJECT / shipped
        files = [p for p in source.rglob("*") if p.is_file()] if source.is_dir() else [source]
        for path in files:
            assert f"generator/{PACKAGED_ROOT}/{path.relative_to(PROJECT).as_posix()}" in names
    assert f"generator/starter/content/claims/{EXAMPLE_CLAIM}.yaml" in names
    assert "generator/starter/gitignore" in names and "generator/starter/ci-run" in names


@pytest.mark.slow
def test_init_from_an_installed_wheel_makes_a_briefing_that_builds_and_tests(wheel, tmp_path):
    dependencies = _dependency_wheels(wheel)
    env = _offline_pip_env([wheel.parent, dependencies])
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-compile", f"briefing-generator=={__version__}"], tmp_path, env)
    where = _run([str(venv / "bin" / "python"), "-c", "from generator.resources import find_resources as f; print(f())"], tmp_path, env)
    assert "checkout=False" in where and str(venv) in where  # the packaged copies, not this checkout

    folder = tmp_path / "news"
    _run([str(venv / "bin" / "briefing"), "init", "news"], tmp_path, env)
    _run([str(venv / "bin" / "python"), "-m", "generator", "init", "second"], tmp_path, env)
    assert (tmp_path / "second" / "mkdocs.yml").is_file()
    _run(["git", "init", "--quiet"], folder, env)
    _run(["make", "build"], folder, env)  # its own .venv, from requirements.lock, offline
    _run(["bash", ".ci/run"], folder, env)  # CI's entry point: make test
    page = folder / "site" / "claims" / EXAMPLE_CLAIM / "index.html"
    assert "Exampleton" in page.read_text(encoding="utf-8")
    assert (folder / ".cache" / "test-site" / "claims" / EXAMPLE_CLAIM / "index.html").is_file()
    # Zensical is an optional extra: without it, one clear message and the site left as it was
    zensical = subprocess.run(
        [str(folder / ".venv" / "bin" / "python"), "-m", "generator", "build", "--engine", "zensical"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )
    assert zensical.returncode == 1 and "Traceback" not in zensical.stderr, zensical.stderr
    assert "pip install 'briefing-generator[zensical]'" in zensical.stderr
    assert "Exampleton" in page.read_text(encoding="utf-8")
    # what git would commit is what init wrote: nothing built or installed
    staged = _run(["git", "add", "--all", "--dry-run"], folder, env)
    assert not re.search(r"'(site|\.venv|\.cache)/", staged), staged


def _build_wheel(out: Path) -> Path:
    """The wheel of this checkout, built without network (setuptools comes from .venv).

    Built from a copy of the files git would commit, so that nothing left in
    build/ by an earlier build can slip into it, and parallel tests share no folder.
    """
    source = out.parent / f"{out.name}-source"
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], PROJECT, None)
    for relative in filter(None, listed.split("\0")):
        if (PROJECT / relative).is_file():  # a file deleted but not yet committed is listed too
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / relative, source / relative)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)], source, None)
    (wheel,) = out.glob("briefing_generator-*.whl")
    return wheel


def _dependency_wheels(wheel: Path) -> Path:
    """The wheels of the generator's dependencies, at the versions in requirements.lock.

    Downloaded once into .cache/wheelhouse/ (pip needs the network that time);
    every later run installs from there offline.
    """
    pins = re.findall(r"^([A-Za-z0-9_.-]+==\S+)", (PROJECT / "requirements.lock").read_text(), flags=re.M)
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    constraints = WHEELHOUSE / "constraints.txt"
    constraints.write_text("\n".join(pins) + "\n")
    download = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--only-binary", ":all:", "-d", str(WHEELHOUSE),
         "-c", str(constraints), str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    for copy in WHEELHOUSE.glob("briefing_generator-*.whl"):
        copy.unlink()  # the one under test comes from the checkout
    if download.returncode != 0:
        pytest.skip(f"could not download the dependencies' wheels into {WHEELHOUSE} (no network?):\n{download.stderr[-2000:]}")
    return WHEELHOUSE


def _offline_pip_env(find_links: list[Path]) -> dict[str, str]:
    """The environment of a user outside the checkout, whose pip installs only from `find_links`."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PIP_FIND_LINKS")}
    env |= {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": " ".join(str(p) for p in find_links), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return env


def _run(command: list[str], cwd: Path, env: dict[str, str] | None) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout
