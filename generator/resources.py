"""Where the generator's own files are: templates, theme overrides, static files, mkdocs.yml.

From a checkout they are the project's top-level `site_templates/`,
`mkdocs.yml` and `.github/workflows/pages.yml`; a wheel carries copies of
them under `generator/_data/`, in the same layout (setup.py copies them
there), so every path below is the same relative to `root` either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: under `root`: what the wheel carries besides the Python modules (setup.py reads this list)
SHIPPED = ("mkdocs.yml", "site_templates", ".github/workflows/pages.yml")
#: the folder, under `PACKAGE`, that holds them in a wheel
PACKAGED_ROOT = "_data"


@dataclass(frozen=True)
class Resources:
    """The generator's files, all under `root`; `checkout` says whether that is a source checkout."""

    root: Path
    checkout: bool

    @property
    def config_file(self) -> Path:
        """The default mkdocs.yml."""
        return self.root / "mkdocs.yml"

    @property
    def site_templates(self) -> Path:
        return self.root / "site_templates"

    @property
    def pages(self) -> Path:
        """The Jinja2 templates of the pages' Markdown."""
        return self.site_templates / "pages"

    @property
    def pages_workflow(self) -> Path:
        """The GitHub Actions workflow that tests, builds and publishes a briefing."""
        return self.root / ".github" / "workflows" / "pages.yml"


def find_resources(package: Path = PACKAGE) -> Resources:
    """The checkout's folders when running from a checkout, else the copies in the installed package."""
    checkout = package.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "site_templates").is_dir():
        return Resources(checkout, checkout=True)
    return Resources(package / PACKAGED_ROOT, checkout=False)


def in_briefing_or_generator(base: Path, relative: str, resources: Resources) -> Path:
    """`base/relative`, or the generator's copy of a `site_templates/…` path the briefing does not have.

    A briefing made by `briefing init` has the generator's mkdocs.yml, whose
    paths under site_templates/ then name the generator's copies; a briefing
    that makes its own site_templates/overrides/, say, gets its own.
    """
    own = base / relative
    if own.exists() or not relative.startswith("site_templates/"):
        return own
    return resources.root / relative


def config_file_for(folder: Path, resources: Resources) -> Path:
    """The mkdocs.yml in `folder` (as MkDocs reads it from the current folder), else the generator's."""
    own = folder / "mkdocs.yml"
    return own if own.is_file() else resources.config_file
