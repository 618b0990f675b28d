"""A link checker for a served site: every internal link, asset and #anchor must resolve.

It fetches pages over HTTP, as a reader's browser would, from a server on
127.0.0.1 (tests/harness.serve_directory); links to other hosts are noted,
never fetched. A link that leaves the site's sub-path on the same host is a
failure: on GitHub Pages it would point into another project's site.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

# Attributes that make the browser load or link to another address.
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "form": ("action",),
}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.material_config: dict | None = None
        self._in_config = False
        self._config_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in LINK_ATTRIBUTES.get(tag, ()):
            if values.get(name) is not None:
                self.links.append(values[name])
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.links.append(candidate.split()[0])
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        # Material's settings: where its search worker and index live, relative to the page
        self._in_config = tag == "script" and values.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self._config_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in_config and tag == "script":
            self.material_config = json.loads("".join(self._config_text))
            self._in_config = False


@dataclass
class CrawlReport:
    pages: dict[str, set[str]] = field(default_factory=dict)  # HTML page → its ids
    fetched: set[str] = field(default_factory=set)  # every internal address that loaded
    external: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body (a 4xx/5xx is returned, not raised)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


class Crawler:
    """Follows every internal link from `base` and records what is broken."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.report = CrawlReport()
        self._queue: deque[tuple[str, str]] = deque()  # (address, the page that links to it)
        self._seen: set[str] = set()
        self._anchors: list[tuple[str, str, str]] = []  # (page, #fragment, linking page)

    def crawl(self, *starts: str) -> CrawlReport:
        for start in starts:
            self._enqueue(start, "(start)")
        while self._queue:
            self._visit(*self._queue.popleft())
        self._check_anchors()
        return self.report

    def check_page_as_served_at(self, path: str, served_at: str) -> None:
        """Check the links of the file at `path` as if it were served at `served_at`.

        GitHub Pages serves 404.html at whatever address was not found, so its
        links must work from any depth.
        """
        status, kind, body = fetch(path)
        if status != 200:
            self.report.failures.append(f"{path}: HTTP {status}")
            return
        self._follow_links(served_at, body.decode("utf-8"), kind)
        self.crawl()

    def _enqueue(self, address: str, linked_from: str) -> None:
        page, fragment = urldefrag(address)
        if fragment:
            self._anchors.append((page, unquote(fragment), linked_from))
        if page not in self._seen:
            self._seen.add(page)
            self._queue.append((page, linked_from))

    def _visit(self, url: str, linked_from: str) -> None:
        status, kind, body = fetch(url)
        if status != 200:
            self.report.failures.append(f"{linked_from}: broken link to {url} (HTTP {status})")
            return
        self.report.fetched.add(url)
        self._follow_links(url, body.decode("utf-8", errors="replace"), kind)

    def _follow_links(self, url: str, text: str, kind: str) -> None:
        if kind == "text/html":
            parser = _PageParser()
            parser.feed(text)
            parser.close()
            self.report.pages[url] = parser.ids
            links = list(parser.links)
            if parser.material_config:  # loaded by Material's script: the search worker and index
                config = parser.material_config
                links += [config["search"], f"{config['base'].rstrip('/')}/search/search_index.json"]
        elif kind == "text/css":
            links = _CSS_URL.findall(text)
        else:
            return
        for link in links:
            self._follow(url, link)

    def _follow(self, page: str, link: str) -> None:
        target = urljoin(page, link)
        parts, base = urlsplit(target), urlsplit(self.base)
        if parts.scheme == "javascript":
            self.report.failures.append(f"{page}: link {link!r} runs script")
            return
        if parts.scheme not in ("http", "https"):
            return  # mailto:, data: and the like are not addresses on the site
        if parts.netloc != base.netloc:
            self.report.external.add(target)
        elif not parts.path.startswith(base.path):
            self.report.failures.append(f"{page}: link {link!r} leaves the site's path {base.path}")
        else:
            self._enqueue(target, page)

    def _check_anchors(self) -> None:
        for page, fragment, linked_from in self._anchors:
            if page not in self.report.fetched:
                continue  # already reported as a broken link
            ids = self.report.pages.get(page)
            if ids is None:
                self.report.failures.append(f"{linked_from}: #{fragment} points into {page}, which is not a page")
            elif fragment and fragment not in ids:
                self.report.failures.append(f"{linked_from}: missing anchor {page}#{fragment}")
        self._anchors.clear()
