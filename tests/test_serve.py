"""`python -m generator serve`: broken content is reported and the last good site stays up.

The preview server runs as an author runs it, in its own process on a free
port. The test breaks a claim file while it runs, reads the terminal output,
fetches the page again, then fixes the file and waits for the rebuild. The
timeouts are generous: the machine may be busy.
"""

from __future__ import annotations

import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import BASIC, PROJECT

pytestmark = pytest.mark.slow

PATIENCE = 180  # seconds for a rebuild to show up


class Preview:
    """A running `serve` process and what it has printed so far."""

    def __init__(self, content: Path, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", str(content), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str) -> str:
        """The next line of output that contains `text` (earlier lines are kept in `output`)."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "serve stopped:\n" + "\n".join(self.output)
                continue
            self.output.append(line)
            if text in line:
                return line
        raise AssertionError(f"serve never printed {text!r}; it printed:\n" + "\n".join(self.output))

    def get(self, address: str) -> str:
        with urllib.request.urlopen(self.base + address, timeout=PATIENCE) as response:
            assert response.status == 200
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # Ctrl-C, as an author stops it
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def content(tmp_path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(BASIC, copy)
    return copy


@pytest.fixture
def preview(content) -> Iterator[Preview]:
    running = Preview(content, free_port())
    try:
        yield running
    finally:
        running.stop()


def test_broken_content_keeps_the_last_good_site_and_a_fix_rebuilds_it(preview, content):
    claim = content / "claims" / "horses-by-train.yaml"
    page = "claims/horses-by-train/"
    preview.wait_for("Serving on")
    assert "a trainload of 30 thoroughbred horses" in preview.get(page)

    good = claim.read_text(encoding="utf-8")
    claim.write_text(good.replace("rating: accurate", "rating: acurate"), encoding="utf-8")
    reported = preview.wait_for("horses-by-train.yaml")
    assert reported == ("claims/horses-by-train.yaml:7:11: error: unknown rating 'acurate' (did you mean 'accurate'?)")
    preview.wait_for("still serving the last good site")
    assert "a trainload of 30 thoroughbred horses" in preview.get(page)

    claim.write_text(good.replace("30 thoroughbred horses", "thirty thoroughbred horses"), encoding="utf-8")
    preview.wait_for("Site rebuilt")
    html = preview.get(page)
    assert "a trainload of thirty thoroughbred horses" in html
    assert "Traceback" not in "\n".join(preview.output)


def test_a_small_briefing_is_looked_at_every_tenth_of_a_second():
    from generator.site import LOOK_EVERY, polling_interval

    assert polling_interval([BASIC, PROJECT / "mkdocs.yml"]) == LOOK_EVERY[0]


@pytest.mark.slow
def test_a_large_one_less_often_so_that_looking_stays_under_a_tenth_of_a_core(tmp_path):
    from generator.site import LOOK_EVERY, polling_interval

    for folder in range(40):
        (tmp_path / str(folder)).mkdir()
        for name in range(1000):
            (tmp_path / str(folder) / f"{name}.yaml").touch()
    started = time.process_time()
    interval = polling_interval([tmp_path])
    look = time.process_time() - started
    assert LOOK_EVERY[0] < interval <= LOOK_EVERY[1]
    assert look <= interval / 10 * 1.5 or interval == LOOK_EVERY[1]
