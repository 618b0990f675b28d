"""Shared test helpers: small real briefings in temporary folders."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import settings

from generator.boundary import Caches
from generator.pipeline import CheckResult, check_content
from generator.templating import CompiledTemplates, RenderCaches

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
FIXTURES = TESTS / "fixtures"
BASIC = FIXTURES / "basic"

# `make test-fast` runs pytest with `--hypothesis-profile fast`: fewer generated
# examples (20 for a test that names no number); `make test` the default profile.
settings.register_profile("fast", max_examples=20)


def examples(full: int, fast: int, variable: str) -> int:
    """How many examples a property test tries: $variable when set (for a longer
    hunt), else `fast` under the fast profile, else `full`."""
    if os.environ.get(variable):
        return int(os.environ[variable])
    return fast if settings.get_current_profile_name() == "fast" else full


#: Test modules whose tests may run on any worker: the sites they share are
#: session-scoped, built at most once per worker. Every other module's tests
#: run on one worker, so a site its module-scoped fixtures build is built once.
SPREAD = frozenset({"test_reader_browser.py", "test_xss_browser.py", "test_plain_text_property.py", "test_invalid_content.py"})


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` (make test): one module, one worker, but for SPREAD.

    Not xdist's own loadgroup: it marks a group in the test's node id, which
    pytest 9.2 no longer lets it change, and then groups nothing
    (pytest-dev/pytest-xdist#1386).
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return nodeid if Path(module).name in SPREAD else module

    return ByModule(config, log)


class Briefing:
    """A copy of a fixture briefing that a test may edit."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def replace(self, relative: str, old: str, new: str) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} is not in {relative}"
        self.write(relative, text.replace(old, new, 1))

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink()

    def check(self) -> CheckResult:
        return check_content(self.root)

    def messages(self) -> list[str]:
        """Every problem, formatted as the command line prints it."""
        return [p.format() for p in self.check().problems]


def child_processes() -> set[str]:
    """This process's children, zombies included (a browser of another test may be one)."""
    return {pid for path in Path("/proc/self/task").glob("*/children") for pid in path.read_text().split()}


@pytest.fixture
def no_child_left():
    """The test leaves no child process behind: each one it started has ended and been waited for."""
    before = child_processes()
    yield
    assert child_processes() <= before


@pytest.fixture
def briefing(tmp_path: Path) -> Briefing:
    """An editable copy of tests/fixtures/basic (valid: 3 claims, 4 sources)."""
    root = tmp_path / "briefing"
    shutil.copytree(BASIC, root)
    return Briefing(root)


@dataclass(frozen=True)
class Compiled:
    """The page templates and the theme's, compiled once per worker for its renders and builds.

    Compiling them was most of a small render's time (0.25 of 0.28 s) and half
    of a small build's. Each render or build still gets caches of its own (the
    HTML of its Markdown texts); only compiled code is shared, which Jinja keys
    by template file and checks against the template's source, as `serve` does.
    """

    pages: CompiledTemplates = field(default_factory=CompiledTemplates)
    theme: CompiledTemplates = field(default_factory=CompiledTemplates)

    def render(self) -> RenderCaches:
        """For `render_site(..., caches=)`."""
        return RenderCaches(templates=self.pages)

    def build(self) -> Caches:
        """For `BuildRequest(..., caches=)`."""
        return Caches(render=self.render(), theme=self.theme)


@pytest.fixture(scope="session")
def compiled() -> Compiled:
    return Compiled()


@pytest.fixture(scope="session")
def chromium():
    """One headless chromium for the whole run (Playwright driving harness.chromium_path())."""
    from playwright.sync_api import sync_playwright

    from .harness import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def built_basic_site(tmp_path_factory, compiled) -> Path:
    """The basic fixture built by real MkDocs into a temporary folder (once per worker: tests only read it)."""
    from generator.boundary import BuildRequest
    from generator.site import build as build_site

    out = tmp_path_factory.mktemp("basic-site") / "site"
    build_site(BuildRequest(BASIC, out, site_url="http://127.0.0.1/", caches=compiled.build()))
    return out


@pytest.fixture(scope="session")
def basic_site_for_example_org(tmp_path_factory, compiled) -> Path:
    """The basic fixture built by real MkDocs for https://example.org/briefing/ (once per
    worker, for every module that reads it; a test that edits it edits a copy)."""
    from generator.boundary import BuildRequest
    from generator.site import build as build_site

    out = tmp_path_factory.mktemp("basic-example-org") / "site"
    build_site(BuildRequest(BASIC, out, site_url="https://example.org/briefing/", caches=compiled.build()))
    return out


def run_cli(*args: str, cwd: Path = PROJECT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m generator ARGS`, run as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def run_cli_here(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    """The same command in this process (click's CliRunner), for tests that are not
    about the process: the same output and exit code, without starting Python."""
    from click.testing import CliRunner

    from generator.cli import cli

    with contextlib.chdir(cwd):
        result = CliRunner().invoke(cli, list(args), prog_name="python -m generator", catch_exceptions=False)
    return subprocess.CompletedProcess(["python", "-m", "generator", *args], result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="session")
def hostile_briefing(tmp_path_factory):
    """The hostile briefing (tests/hostile.py): script-injection payloads in every free-text field."""
    from .hostile import write_hostile_briefing

    return write_hostile_briefing(tmp_path_factory.mktemp("hostile") / "briefing")


@pytest.fixture(scope="session")
def hostile_site(hostile_briefing, tmp_path_factory, compiled) -> Path:
    """The hostile briefing built by real MkDocs, as it would be published."""
    from generator.boundary import BuildRequest
    from generator.site import build as build_site

    out = tmp_path_factory.mktemp("hostile-site") / "site"
    build_site(BuildRequest(hostile_briefing.root, out, site_url="https://example.org/briefing/", caches=compiled.build()))
    return out
