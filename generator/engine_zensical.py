"""The second engine: the rendered Markdown built into a site by Zensical (`build --engine zensical`).

Zensical reads MkDocs' configuration, so the site's settings stay in one
place: the project's mkdocs.yml is inherited (`INHERIT`), and only what the
briefing plugin sets under MkDocs is written here (title, language,
navigation, folders). Zensical runs no MkDocs plugin, so the briefing
plugin's Content-Security-Policy, search-entry shaping, page metadata and
edit links are missing from its site: docs/engines.md lists the differences.
It runs in its own process (it keeps its configuration in a module global).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

import yaml

from .i18n import text_direction, theme_words, translator
from .render import RenderedSite, navigation
from .resources import Resources, in_briefing_or_generator
from .site_dir import new_sibling, swap_in

TIMEOUT_SECONDS = 1800
#: theme overrides written for Material for MkDocs' markup: Zensical's search is a
#: button that opens its own dialog, and Material's search form breaks its header
MKDOCS_ONLY_OVERRIDES = ("partials/search.html",)


class ZensicalFailed(Exception):
    """Zensical could not build the site; the site folder is unchanged. The message is Zensical's output."""


def zensical_config(config_file: Path, title: str, language: str, site_url: str) -> dict:
    """What the briefing plugin would set, on top of the inherited mkdocs.yml."""
    tr = translator(language)
    return {
        "INHERIT": str(config_file.resolve()),
        # Zensical's templates print the site name unescaped in places (MkDocs gets
        # an escaped Markup object from the plugin): escaped, it can never be markup.
        "site_name": escape(title),
        "site_url": site_url,
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {
            "custom_dir": "overrides",
            "language": language.split("-")[0].lower(),
            "direction": text_direction(language),
        },
        "nav": [{entry.title: entry.path} for entry in navigation(tr)],
        # the overrides' own words (404 page, footer) in the site's language
        "extra": {"briefing_words": theme_words(tr)},
    }


def theme_folders(config_file: Path, resources: Resources) -> tuple[Path, Path]:
    """The static files and theme overrides: the briefing's own, else the generator's."""
    base = config_file.parent
    return (
        in_briefing_or_generator(base, "site_templates/static", resources),
        in_briefing_or_generator(base, "site_templates/overrides", resources),
    )


def build_with_zensical(
    site: RenderedSite,
    config: dict,
    folders: tuple[Path, Path],
    site_dir: Path,
) -> str:
    """Write the pages beside `site_dir`, build them with Zensical, swap the result in; Zensical's report.

    Raises ZensicalFailed (with Zensical's messages) when it fails; `site_dir`
    is then unchanged.
    """
    if importlib.util.find_spec("zensical") is None:
        raise ZensicalFailed("Zensical is not installed: pip install 'briefing-generator[zensical]' (or zensical==0.0.73)")
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    project = new_sibling(site_dir, "zensical")
    try:
        static, overrides = folders
        docs = project / "docs"
        shutil.copytree(static, docs)
        shutil.copytree(overrides, project / "overrides")
        for name in MKDOCS_ONLY_OVERRIDES:
            (project / "overrides" / name).unlink(missing_ok=True)
        site.write_to(docs)
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--config-file", "mkdocs.yml", "--strict"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
        report = (result.stdout + result.stderr).strip()
        built = project / "site"
        if result.returncode != 0 or not (built / "index.html").is_file():
            raise ZensicalFailed(report or f"zensical exited with status {result.returncode}")
        swap_in(built, site_dir)
        return report
    finally:
        shutil.rmtree(project, ignore_errors=True)
