"""What the first search on a built site downloads, measured in Chromium, served with gzip as GitHub Pages serves it.

The site is served from a local HTTP server that compresses text (HTML,
CSS, JavaScript, JSON, SVG, XML) with gzip, as GitHub Pages does, and sends
other files as they are (Pagefind's index chunks are gzip already). A phone-
sized page (375 px) opens the home page and waits until the network is
idle; then the search box is opened and the query typed, and every response
that arrives until the results are shown is counted: its body as sent (after
gzip) and its headers. Material's search fetches its whole index when a page
with its search box loads, before any query; its index and worker are
counted wherever they arrive.

    python -m benchmarks.search_download SITE_DIR "a query" ["another query" ...]
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml

CHROMIUM = "/usr/bin/chromium"
#: what GitHub Pages compresses (its text types); Pagefind's chunks are gzip already and sent as they are
_COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")
#: the requests that belong to a search, wherever they happen: Material's index and worker
_MATERIAL_SEARCH = ("/search/search_index.json", "/assets/javascripts/workers/search.")


@dataclass(frozen=True)
class Download:
    query: str
    bytes: int  #: bodies as sent plus headers
    requests: int
    results: int  #: how many results the search box said it found (the number above them)
    engine: str  #: "pagefind" or "material"


def queries(content: Path) -> list[str]:
    """A claimant's name, a publisher and a word of an analysis, from the first claim of a briefing and its first source."""
    claim_file = min((content / "claims").glob("*.yaml"))
    claim = yaml.safe_load(claim_file.read_text(encoding="utf-8"))
    source_file = content / "sources" / f"{claim['verdict']['evidence'][0]['source']}.yaml"
    source = yaml.safe_load(source_file.read_text(encoding="utf-8"))
    word = max(claim["verdict"]["analysis"].replace("*", " ").split()[:12], key=len).strip(".,")
    return [claim["claimant"]["name"], source["publisher"], word]


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in _COMPRESSED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@contextmanager
def served(root: Path) -> Iterator[str]:
    """`root` served with gzip on a free local port; its address."""
    handler = partial(_GzipHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_searches(site: Path, queries: list[str], timeout_ms: int = 120_000) -> list[Download]:
    """For each query, in a fresh browser context: what its first search downloads."""
    from playwright.sync_api import sync_playwright

    downloads = []
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            for query in queries:
                context = browser.new_context(viewport={"width": 375, "height": 740}, service_workers="block")
                page = context.new_page()
                downloads.append(_first_search(page, base, query, timeout_ms))
                context.close()
        finally:
            browser.close()
    return downloads


def _first_search(page, base: str, query: str, timeout_ms: int) -> Download:
    finished: list = []  # (request, during the search); sizes are read afterwards, not in the event
    searching = False
    page.on("requestfinished", lambda request: finished.append((request, searching)))
    page.goto(base, wait_until="networkidle", timeout=timeout_ms)
    engine = "pagefind" if page.locator("[data-briefing-search]").count() else "material"
    searching = True
    page.keyboard.press("/")
    page.locator(".md-search__input").fill(query)
    meta = page.locator(".md-search-result__meta")
    # the results and the count above them, or the theme's "No matching documents"
    page.wait_for_function(
        "() => { const meta = document.querySelector('.md-search-result__meta').textContent;"
        " return /No matching/.test(meta) || (/\\d/.test(meta) && document.querySelector('.md-search-result__item')); }",
        timeout=timeout_ms,
    )
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    # Material may say "No matching documents" while its worker still reads the index: wait for the
    # count to hold for a second
    shown, steady_since = meta.inner_text(), time.monotonic()
    while time.monotonic() - steady_since < 1.0:
        page.wait_for_timeout(200)
        if (now := meta.inner_text()) != shown:
            shown, steady_since = now, time.monotonic()
    digits = "".join(ch for ch in shown.split(" ")[0] if ch.isdigit() or ch == ".")
    count = float(digits) * (1000 if "k " in shown else 1) if digits else 0
    material = tuple(base.rstrip("/") + path for path in _MATERIAL_SEARCH)
    counted = [request.sizes() for request, during in finished if during or request.url.startswith(material)]
    total = sum(sizes["responseBodySize"] + sizes["responseHeadersSize"] for sizes in counted)
    return Download(query, total, len(counted), int(count), engine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="+")
    args = parser.parse_args()
    for download in first_searches(args.site, args.queries):
        print(f"{download.engine:9} {download.query!r:36} {download.bytes / 1e6:7.3f} MB in {download.requests:3} requests, "
              f"{download.results} results")  # fmt: skip


if __name__ == "__main__":
    main()
