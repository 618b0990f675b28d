""".ci/ensure-chromium, run by `make test` and .ci/run before pytest: silent
when the browser is there, one line saying what to do when it is not.

Only paths given by BRIEFING_CHROMIUM are tried on the script here: it
installs nothing for them, so no test runs apt. Without it, the script and
the tests take the first of the same candidates (the headless shell, then
chromium); the order is checked in the tests' own choice."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .conftest import PROJECT
from . import harness
from .harness import CANDIDATES, chromium_path

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
        "point it at a Chromium binary, or unset it to use /usr/bin/chromium-headless-shell\n"
    )


def test_the_tests_launch_the_browser_the_script_checked(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("BRIEFING_CHROMIUM", str(tmp_path / "chrome"))
    assert chromium_path() == tmp_path / "chrome"
    monkeypatch.delenv("BRIEFING_CHROMIUM")
    # The script and the tests try the same paths, in the same order.
    assert CANDIDATES == (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))
    script = SCRIPT.read_text(encoding="utf-8")
    assert f"candidates=({' '.join(map(str, CANDIDATES))})\n" in script
    assert "package=chromium-headless-shell  # installs candidates[0]\n" in script


def test_without_a_name_the_tests_take_the_first_browser_that_is_there(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("BRIEFING_CHROMIUM", raising=False)
    shell, chromium = tmp_path / "chromium-headless-shell", tmp_path / "chromium"
    monkeypatch.setattr(harness, "CANDIDATES", (shell, chromium))
    assert chromium_path() == shell  # neither there: the error names the one to install
    chromium.write_text("#!/bin/sh\n", encoding="utf-8")
    assert chromium_path() == shell  # not executable
    chromium.chmod(0o755)
    assert chromium_path() == chromium  # the fallback
    shell.write_text("#!/bin/sh\n", encoding="utf-8")
    shell.chmod(0o755)
    assert chromium_path() == shell  # the headless shell first
