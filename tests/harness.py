"""Real parts for tests: a static HTTP server and Debian's chromium.

`serve_directory` serves a built site on 127.0.0.1, optionally under a
sub-path (as GitHub Pages serves a project site under /<repo>/).
`launch_chromium` starts Chromium through Playwright: the binary named by
$BRIEFING_CHROMIUM, else Debian's chromium-headless-shell, else Debian's
chromium (.ci/ensure-chromium, which `make test` runs first, installs the
first with apt). Playwright's own browser download does not work on these machines.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No connections to Google's services: the machines have no internet.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Handler(SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_prefix__")  # a 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # keep test output clean


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that navigates away mid-download closes the connection: not a failure.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve_directory(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `root` at http://127.0.0.1:<free port><prefix>; yields that base URL."""
    if not prefix.endswith("/"):
        prefix += "/"
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


#: In order of preference, as in .ci/ensure-chromium. The headless shell is the same engine
#: as chromium, built for headless use: measured, about 40% less CPU a page load and 0.4
#: instead of 1.3 CPU-seconds a launch, most of `make test`'s time being spent in the browser.
CANDIDATES = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))


def chromium_path() -> Path:
    """The browser the tests drive: $BRIEFING_CHROMIUM, else the first of CANDIDATES that is there."""
    if os.environ.get("BRIEFING_CHROMIUM"):
        return Path(os.environ["BRIEFING_CHROMIUM"])
    usable = (path for path in CANDIDATES if path.is_file() and os.access(path, os.X_OK))
    return next(usable, CANDIDATES[0])


def launch_chromium(playwright):
    """A headless chromium; fails with a clear message when it is not installed."""
    chromium = chromium_path()
    if not chromium.is_file():
        raise RuntimeError(f"{chromium} is missing: run .ci/ensure-chromium (make test runs it)")
    return playwright.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)


def search_site(page, query: str, attempts: int = 10):
    """Type `query` into Material's search box and return the result items.

    The search index loads in a web worker after the page; a query typed
    before it is ready is not run again, so type it again until results
    appear (or give up and return the empty list).
    """
    box = page.locator("input.md-search__input")
    items = page.locator(".md-search-result__item")
    for _ in range(attempts):
        box.click()
        box.fill("")
        box.press_sequentially(query, delay=20)
        try:
            items.first.wait_for(timeout=1_000)
            return items.all()
        except PlaywrightTimeout:
            continue
    return []
