"""The parts of the theme's frame that are the same on every page of a folder outside the navigation, rendered once.

Material renders its header, tabs, navigation, footer and script configuration
again for every page: about a tenth of a 1,000-claim build. On a page
outside the navigation (a claim's, a source's, a numbered list page),
nothing in them is the page's own but their addresses, which are relative
to the page's folder, and the header's title; so each part is rendered for
the first page of a folder and reused for the others, the header around
its title. A page in the navigation marks its own
item, and is rendered as the theme does.

The theme override (main.html) calls `render(name, part)`, `part` being the
block or partial to render; under plain MkDocs, without the plugin, it
renders `part` itself. The plugin makes one `SharedParts` for each build.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Hashable

import jinja2
from markupsafe import Markup


class SharedParts:
    """The parts rendered so far in one build, by part and folder."""

    def __init__(self) -> None:
        self._parts: dict[Hashable, Markup] = {}
        self._around: dict[Hashable, tuple[str, str]] = {}  # a part with a title: what comes before it and after

    @jinja2.pass_context
    def render(self, context: jinja2.runtime.Context, name: str, part: Callable[[], str], title: object = None) -> Markup:
        """The part, rendered once per folder; `title`: the page's, which the part prints once after `TITLE_AFTER`."""
        key = shared_key(name, context.get("page"), context.get("nav"))
        if key is None:
            return Markup(part())
        if title is None:
            if key not in self._parts:
                self._parts[key] = Markup(part())
            return self._parts[key]
        title = str(title)
        if key in self._around:
            before, after = self._around[key]
            return Markup(before + title + after)
        html = str(part())
        around = around_title(html, title)
        if around is not None:
            self._around[key] = around
        return Markup(html)


#: the header prints the page's title after this (material/templates/partials/header.html), and nowhere else
TITLE_AFTER = 'data-md-component="header-topic"'


def around_title(html: str, title: str) -> tuple[str, str] | None:
    """The part's HTML before and after the title it prints after `TITLE_AFTER`; None if that cannot be told apart."""
    start = html.find(TITLE_AFTER)
    if not title or start == -1 or html.count(TITLE_AFTER) != 1:
        return None
    at = html.find(title, start)
    if at == -1:
        return None
    before, after = html[:at], html[at + len(title) :]
    return None if title in after else (before, after)


def shared_key(name: str, page: object, nav: object) -> Hashable | None:
    """What part `name` depends on for `page`, outside the navigation: the folder its addresses are relative to.

    A page's addresses are relative to its own folder: `claims/x/` for a
    page at `claims/x/`, `claims/` for `claims/x.html` (the offline copy).
    The part's links go to the top of the site (the navigation, About,
    Data...), so every page in `claims/` gets the same addresses. A page
    at the top (`data/`) may be one of those links, which is then "./" on it
    alone: such a page is rendered on its own.
    """
    url = getattr(page, "url", None)
    pages = getattr(nav, "pages", None)
    if not isinstance(url, str) or pages is None or page in pages:
        return None
    if not url.endswith("/"):
        return name, posixpath.dirname(url)
    folder = posixpath.dirname(url.rstrip("/"))
    return (name, folder + "/") if folder else None
