"""What the MkDocs plugin holds during one build, and what it reports at the end (generator/plugin.py).

One `OneBuild` per build: the plugin makes a new one in `on_config` and lets
it go in `on_post_build` or `on_build_error`, so nothing of a build is left
for the next.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from . import csp, html_blocks, i18n, offline, pagefind, render_ahead
from .boundary import BuildRequest, Caches
from .render import PageMeta, SitePlan
from .theme_parts import SharedParts

#: from this many pages on (about 2,500 claims), the pages' HTML held during a build is compressed
COMPRESS_HELD_FROM_PAGES = 5000


@dataclass
class OneBuild:
    """What the plugin holds during one build."""

    request: BuildRequest | None = None
    caches: Caches = field(default_factory=Caches)
    plan: SitePlan | None = None
    translator: i18n.Translator | None = None  # the site's words, for the pages and the theme
    pages: render_ahead.Pages = field(default_factory=lambda: render_ahead.Inline({}))  # pages not yet rendered
    metas: dict[str, PageMeta] = field(default_factory=dict)  # page path → its metadata, in the site's order
    held: dict[str, bytes] = field(default_factory=dict)  # page path → its HTML (`hold`), until the page is written
    #: page path → its blocks, while Python-Markdown reads its headings (`html_blocks`)
    splits: dict[str, html_blocks.Split] = field(default_factory=dict)
    edit_urls: dict[str, str] = field(default_factory=dict)  # page path → its YAML file in the repository
    scripts: csp.ThemeScripts | None = None  # the theme's inline scripts, for this build's theme
    shared_parts: SharedParts = field(default_factory=SharedParts)  # the theme's parts, once per folder
    #: page or template name → the texts of the inline scripts the theme writes into it
    theme_scripts: dict[str, set[str]] = field(default_factory=dict)
    #: offline: the worker shim's frame script, for each page (`offline.FramedScripts`)
    framed_scripts: offline.FramedScripts | None = None
    framed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: page path → its search entries: of the pages kept from before (`previous`) and those built
    search: dict[str, list[dict]] | None = None
    written: list[str] = field(default_factory=list)  # the pages written, in order
    search_mark: int = 0
    page_meta: dict | None = None  # the page's own metadata, while Material's search is told to skip the page
    content_aside: str | None = None  # the page's HTML, while Material's search skips the page
    render_seconds: float = 0.0
    early_search: pagefind.Early | None = None  # Pagefind's parts made while MkDocs writes the pages

    def __post_init__(self) -> None:
        request = self.request
        if request is not None and (request.record or request.pages is not None):
            self.search = dict(request.previous.search) if request.previous else {}

    @property
    def preview(self) -> bool:
        return self.request is not None and self.request.preview

    # MkDocs holds every page's HTML until it writes the first. In a large site it is held
    # compressed (zlib's fastest level: a quarter of its UTF-8, 300 MB less at 10,000 claims,
    # for 0.2-0.45 ms a page); in a smaller one, where it is under 100 MB, as UTF-8.
    def _compressed(self) -> bool:
        return len(self.metas) >= COMPRESS_HELD_FROM_PAGES

    def hold(self, path: str, html: str) -> None:
        data = html.encode("utf-8")
        self.held[path] = zlib.compress(data, 1) if self._compressed() else data

    def unhold(self, path: str) -> str | None:
        """The HTML held for the page at `path`, let go; None if none is held."""
        data = self.held.pop(path, None)
        if data is None:
            return None
        return (zlib.decompress(data) if self._compressed() else data).decode("utf-8")


@dataclass(frozen=True)
class BuildReport:
    """What one build did: the pages written, the time spent rendering, search entries as recorded."""

    pages: tuple[str, ...]
    render_seconds: float
    search: dict[str, list[dict]]
    #: the parts of Pagefind's index begun during the build, for `site.build` to finish
    early_search: pagefind.Early | None = None
