""".ci/ensure-chromium, run by `make test` and .ci/run before pytest: silent
when the browser is there, one line saying what to do when it is not.

Only paths given by BRIEFING_CHROMIUM are tried here: the script installs
nothing for them, so no test runs apt."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .conftest import PROJECT
from .harness import chromium_path

SCRIPT = PROJECT / ".ci" / "ensure-chromium"


def ensure(browser: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "BRIEFING_CHROMIUM": browser}
    return subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_a_browser_that_is_there_passes_silently(tmp_path: Path):
    browser = tmp_path / "chrome"
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    browser.chmod(0o755)
    result = ensure(str(browser))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("kind", ["missing", "not executable", "a folder"])
def test_a_browser_that_is_not_there_stops_with_one_line(tmp_path: Path, kind: str):
    browser = tmp_path / "chrome"
    if kind == "not executable":
        browser.write_text("#!/bin/sh\n", encoding="utf-8")
    elif kind == "a folder":
        browser.mkdir()
    result = ensure(str(browser))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"make test needs Chromium: BRIEFING_CHROMIUM={browser} is not an executable file; "
        "point it at a Chromium binary, or unset it to use /usr/bin/chromium\n"
    )


def test_the_tests_launch_the_browser_the_script_checked(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("BRIEFING_CHROMIUM", str(tmp_path / "chrome"))
    assert chromium_path() == tmp_path / "chrome"
    monkeypatch.delenv("BRIEFING_CHROMIUM")
    assert chromium_path() == Path("/usr/bin/chromium")
    assert 'default=/usr/bin/chromium\n' in SCRIPT.read_text(encoding="utf-8")
