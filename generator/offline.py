"""The offline copy: a site to open from the file system (file://), with search, asking nothing of the network.

Material's offline plugin does the work: pages become files (claims/x.html,
since file:// shows no folder's index.html) and the search index is also
written as a script, search/search_index.js, which a page may load from
file:// where it may not fetch JSON. Material's search runs in a web worker,
which Chromium will not start from file://; the plugin adds a shim for that
(iframe-worker, by Material's author) from unpkg.com. The copy carries its
own copy of that shim instead (site_templates/offline/), so that nothing is
asked of the network.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from . import csp

#: the shim, in the site; the offline plugin adds unpkg's only when no polyfill's address names iframe-worker
SHIM = "assets/javascripts/iframe-worker.js"


def plugins(config: MkDocsConfig, templates: Path) -> list[tuple[str, BasePlugin]]:
    """The plugins an offline build adds to mkdocs.yml's; the theme loads the shim from the copy itself."""
    assert (templates / "offline" / SHIM).is_file(), f"{templates / 'offline' / SHIM} is missing"
    config.extra["polyfills"] = [SHIM]
    plugin = OfflinePlugin()
    plugin.load_config({}, config.config_file_path)
    return [("material/offline", plugin)]


def finish(folder: Path, templates: Path) -> None:
    """Copy what the offline copy needs beyond what MkDocs wrote (the shim and its licence) into `folder`."""
    shutil.copytree(templates / "offline", folder, dirs_exist_ok=True)


class FramedScripts:
    """For each page, the script the shim writes into its frame to start the search worker.

    The frame inherits the page's Content-Security-Policy, which allows that
    script by hash. Its text holds the worker's address as the theme writes
    it into the page (`"assets/…/search.….min.js" | url`, relative to the
    page), so it is made here from the theme's base.html and the page's
    context, never read from the finished page.
    """

    def __init__(self, env: jinja2.Environment, templates: Path) -> None:
        base, _, _ = env.loader.get_source(env, "base.html")  # type: ignore[union-attr]
        worker = _WORKER.search(base)
        if worker is None:
            raise ValueError("the theme's base.html no longer names the search worker as expected")
        self.worker = worker.group(1)
        self.address = env.from_string("{{ worker | url }}")
        self.shim = (templates / "offline" / SHIM).read_text(encoding="utf-8")

    def __call__(self, context: Mapping[str, Any]) -> tuple[str, ...]:
        return (csp.framed_script(self.shim, self.address.render({**context, "worker": self.worker})),)


_WORKER = re.compile(r'"(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)"')
