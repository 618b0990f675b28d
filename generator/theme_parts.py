"""The parts of the theme's frame that are the same on every page of a folder outside the navigation, rendered once.

Material renders its tabs, navigation, footer and script configuration
again for every page: about a tenth of a 1,000-claim build. On a page
outside the navigation (a claim's, a source's, a numbered list page),
nothing in them is the page's own but their addresses, which are relative
to the page's folder; so each part is rendered for the first page of a
folder and reused for the others. A page in the navigation marks its own
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

    @jinja2.pass_context
    def render(self, context: jinja2.runtime.Context, name: str, part: Callable[[], str]) -> Markup:
        key = shared_key(name, context.get("page"), context.get("nav"))
        if key is None:
            return Markup(part())
        if key not in self._parts:
            self._parts[key] = Markup(part())
        return self._parts[key]


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
