"""The offline copy: a site to open from the file system (file://), with search, asking nothing of the network.

Material's offline plugin does the work: pages become files (claims/x.html,
since file:// shows no folder's index.html) and the search index is also
written as a script, search/search_index.js, which a page may load from
file:// where it may not fetch JSON.
"""

from __future__ import annotations

from pathlib import Path

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin


def plugins(config: MkDocsConfig) -> list[tuple[str, BasePlugin]]:
    """The plugins an offline build adds to mkdocs.yml's."""
    plugin = OfflinePlugin()
    plugin.load_config({}, config.config_file_path)
    return [("material/offline", plugin)]


def finish(folder: Path) -> None:
    """What the offline copy needs beyond what MkDocs wrote into `folder`."""
