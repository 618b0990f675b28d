"""`check --links` against a real HTTP server on 127.0.0.1: no outside network is used."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.linkcheck import USER_AGENT, check_links, request
from generator.validate import WebAddress

TIMEOUT = 0.5  # seconds; the hanging address answers after HANG seconds, or when the test ends
HANG = 5.0


class _Site(BaseHTTPRequestHandler):
    release: threading.Event
    seen_agents: list[str]

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.seen_agents.append(self.headers.get("User-Agent", ""))
        port = self.server.server_address[1]
        if self.path == "/ok":
            self._answer(200)
        elif self.path == "/moved":
            self._answer(301, f"http://127.0.0.1:{port}/ok")
        elif self.path == "/moved-relative":
            self._answer(302, "/ok")
        elif self.path == "/elsewhere":
            self._answer(301, f"http://localhost:{port}/ok")
        elif self.path == "/loop":
            self._answer(302, "/loop")
        elif self.path == "/gone":
            self._answer(404)
        elif self.path == "/broken":
            self._answer(500)
        elif self.path == "/hang":
            self.release.wait(HANG)
            self._answer(200)
        else:
            self._answer(404)

    def _answer(self, code: int, location: str = "") -> None:
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture
def site() -> Iterator[tuple[str, list[str]]]:
    """The base address of a local server, and the User-Agents it has seen."""
    release, agents = threading.Event(), []
    handler = type("Site", (_Site,), {"release": release, "seen_agents": agents})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", agents
    finally:
        release.set()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "path, failure",
    [
        ("/ok", None),
        ("/moved", None),
        ("/moved-relative", None),
        ("/elsewhere", "redirects to another host: http://localhost:"),
        ("/loop", "more than 5 redirects"),
        ("/gone", "the server answers 404 Not Found"),
        ("/broken", "the server answers 500 Internal Server Error"),
        ("/hang", "no answer before the timeout"),
    ],
)
def test_each_kind_of_answer(site, path, failure):
    base, _ = site
    outcome = request(base + path, timeout=TIMEOUT)
    if failure is None:
        assert outcome.failure is None
    else:
        assert outcome.failure is not None and outcome.failure.startswith(failure), outcome


def test_nothing_listening_is_reported_as_no_connection(site):
    base, _ = site
    port = int(base.rsplit(":", 1)[1])
    # A port just closed by another server: nothing listens there any more.
    probe = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    closed = probe.server_address[1]
    probe.server_close()
    assert closed != port
    assert request(f"http://127.0.0.1:{closed}/", timeout=TIMEOUT).failure.startswith("could not connect")


def test_each_address_is_requested_once_and_reported_where_written(site):
    base, agents = site
    written = [
        WebAddress(base + "/gone", "sources/a.yaml", 5, 6),
        WebAddress(base + "/ok", "sources/b.yaml", 5, 6),
        WebAddress(base + "/gone", "claims/c.yaml", 12, 30),
    ]
    report = check_links(written, timeout=TIMEOUT)
    assert (report.checked, report.failed) == (2, 1)
    assert [p.format().split(": warning: ")[0] for p in report.problems] == ["claims/c.yaml:12:30", "sources/a.yaml:5:6"]
    assert len(agents) == 2 and set(agents) == {USER_AGENT}
    assert report.summary == "Checked 2 web addresses: 1 failed (2 places in the content)"


def test_check_links_on_a_briefing(site, briefing):
    base, _ = site
    # Every address in the briefing is replaced by one on the local server.
    briefing.replace("briefing.yaml", "url: https://example.org/", f"url: {base}/moved-relative")
    briefing.replace("sources/newsweek-2022-11-02.yaml", "https://example.org/newsweek-fixture", base + "/broken")
    briefing.write(
        "sources/ap-2022-11-08.yaml",
        briefing.read("sources/ap-2022-11-08.yaml") + f"url: {base}/ok\narchived_url: {base}/elsewhere\n",
    )
    briefing.write(
        "sources/kcna-2022-09-22.yaml", briefing.read("sources/kcna-2022-09-22.yaml") + f"url: {base}/moved\n"
    )
    briefing.write(
        "sources/interfax-2022-11-02.yaml", briefing.read("sources/interfax-2022-11-02.yaml") + f"url: {base}/hang\n"
    )
    briefing.replace(
        "claims/horses-by-train.yaml",
        "    | Horses | 30 |\n",
        f"    | Horses | 30 |\n\n    The [railway]({base}/gone) said so.\n",
    )
    result = CliRunner().invoke(
        cli, ["check", "--content", str(briefing.root), "--links", "--link-timeout", str(TIMEOUT)]
    )
    assert result.exit_code == 0, result.output  # failures are warnings
    lines = result.stdout.splitlines()
    assert lines[-1] == "Checked 7 web addresses: 4 failed (4 places in the content)"
    assert lines[-2] == "0 errors, 4 warnings"
    reported = {line.split(": warning: ")[0]: line for line in lines[:-2]}
    assert sorted(reported) == [
        "claims/horses-by-train.yaml:15:19",
        "sources/ap-2022-11-08.yaml:6:15",
        "sources/interfax-2022-11-02.yaml:6:6",
        "sources/newsweek-2022-11-02.yaml:7:6",
    ]
    assert "404 Not Found" in reported["claims/horses-by-train.yaml:15:19"]
    assert "redirects to another host" in reported["sources/ap-2022-11-08.yaml:6:15"]
    assert "no answer before the timeout" in reported["sources/interfax-2022-11-02.yaml:6:6"]
    assert "500 Internal Server Error" in reported["sources/newsweek-2022-11-02.yaml:7:6"]


def test_without_the_option_no_address_is_requested(site, briefing):
    base, agents = site
    briefing.replace("sources/newsweek-2022-11-02.yaml", "https://example.org/newsweek-fixture", base + "/gone")
    result = CliRunner().invoke(cli, ["check", "--content", str(briefing.root)])
    assert result.exit_code == 0
    assert result.stdout.strip() == "0 errors, 0 warnings"
    assert agents == []


def test_content_with_errors_is_not_link_checked(site, briefing):
    base, agents = site
    briefing.replace("sources/newsweek-2022-11-02.yaml", "https://example.org/newsweek-fixture", base + "/gone")
    briefing.replace("claims/horses-by-train.yaml", "rating: accurate", "rating: acurate")
    result = CliRunner().invoke(cli, ["check", "--content", str(briefing.root), "--links"])
    assert result.exit_code == 1
    assert "The web addresses were not checked" in result.stderr
    assert agents == []


def test_a_tls_failure_is_reported_as_such(site):
    base, _ = site
    # The local server speaks plain HTTP: a TLS handshake with it fails.
    outcome = request(base.replace("http://", "https://") + "/ok", timeout=TIMEOUT)
    assert outcome.failure is not None and outcome.failure.startswith("TLS error: "), outcome


def test_when_nothing_can_be_reached_the_summary_asks_whether_the_machine_is_offline():
    # Ports just closed by servers of our own: nothing listens on them.
    closed = []
    for _ in range(2):
        probe = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
        closed.append(probe.server_address[1])
        probe.server_close()
    written = [WebAddress(f"http://127.0.0.1:{port}/", "sources/a.yaml", 5, 6) for port in closed]
    report = check_links(written, timeout=TIMEOUT)
    assert report.summary == (
        "Checked 2 web addresses: 2 failed (2 places in the content); "
        "no connection could be made to any of them: is this machine offline?"
    )
