"""The boundary between the pipeline and the site engine: a request goes in, a result comes out.

`site.build(request) -> result` is the one way to build a site. The request
is a frozen value: what to build, from what, where, and how. The result says
what was written. Whatever one build may leave for the next (compiled
templates, rendered Markdown) is held in a `Caches` object that the caller
creates and passes in, when it builds again and again (`serve`); a one-off
build makes its own and lets it go. Nothing here knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .i18n import Translator
from .model import Briefing
from .render import Page, RenderedSite
from .resources import config_file_for, find_resources
from .templating import CompiledTemplates, RenderCaches


@dataclass(frozen=True)
class ProjectFiles:
    """The site's settings (mkdocs.yml) and its templates (pages/, overrides/, static/)."""

    config: Path
    templates: Path

    @property
    def pages(self) -> Path:
        """The Markdown page templates."""
        return self.templates / "pages"


def project_files() -> ProjectFiles:
    """Where mkdocs.yml and the templates are: the one place that knows.

    mkdocs.yml: the current folder's, as MkDocs reads it (a briefing made by
    `init` has its own), else the generator's. The templates: the generator's,
    from the checkout or the installed package (resources.py).
    """
    resources = find_resources()
    return ProjectFiles(config_file_for(Path.cwd(), resources), resources.site_templates)


@dataclass(eq=False)
class Caches:
    """What a build may keep for the next one in the same process; owned by whoever builds again.

    `render`: the page templates, compiled, and the HTML of Markdown texts;
    `theme`: the theme's templates, compiled (MkDocs makes a new Jinja
    environment for every build, and compiling them again was most of the
    time of a one-page update in `serve`).
    """

    render: RenderCaches = field(default_factory=RenderCaches)
    theme: CompiledTemplates = field(default_factory=CompiledTemplates)


@dataclass
class BuiltSite:
    """What is in a built site folder, kept by `serve` to update it page by page.

    `pages` and `files` are what each page and data file on disk was built
    from; `search` holds each page's entries in the search index (Material
    writes the index in one piece, from the pages it built).
    """

    pages: dict[str, Page] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    search: dict[str, list[dict]] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildRequest:
    """One build, as a value.

    With `pages` None, the whole site is built beside `site_dir` and swapped
    in only when the build succeeded. With `pages`, only those pages (and the
    data files named there), with the site-wide files (search index, sitemap,
    404 page), are written into `site_dir`, a new empty folder: `serve`'s
    updates, moved into the served site by the caller.
    """

    content: Path  #: the briefing folder
    site_dir: Path
    #: the briefing, already checked; None: the build checks `content` itself
    briefing: Briefing | None = None
    #: where the site is published; None: mkdocs.yml's site_url (SITE_URL)
    site_url: str | None = None
    #: the page templates; None: mkdocs.yml's, else the project's (`project_files`)
    templates: Path | None = None
    #: the folder of content/ in the repository's web editor; None: mkdocs.yml's (BRIEFING_EDIT_URL); "": none
    edit_url: str | None = None
    #: the briefing's GitHub repository, where "Ask for a correction" opens an issue;
    #: None: mkdocs.yml's (BRIEFING_REPO_URL), else the repository of `edit_url`; "": none
    repo_url: str | None = None
    #: the Markdown paths of the pages to build; None: all of them
    pages: frozenset[str] | None = None
    #: every page of the site, already rendered (`serve`); None: rendered as the build goes
    rendered: RenderedSite | None = None
    #: what the site in place was built from: the search entries of the pages not built again
    previous: BuiltSite | None = None
    #: for the preview server: the Content-Security-Policy allows its live-reload script
    preview: bool = False
    #: a copy to read from the file system (file://): page files, not folders; search without a server
    offline: bool = False
    #: return what the site was built from (`BuildResult.built`), for `serve`
    record: bool = False
    #: the most text in one part of Pagefind's index; None: pagefind.PART_TEXT (tests split a small briefing)
    search_part_text: int | None = None
    #: a whole build renders the pages' Markdown in a second process, ahead of MkDocs (Linux; `render_ahead`)
    render_ahead: bool = True
    #: the caller's caches, kept between its builds; None: this build's own
    caches: Caches | None = field(default=None, compare=False)
    #: the site's own words through this translator instead of the briefing language's (the tests' pseudo-locale)
    translator: Translator | None = field(default=None, compare=False)


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    site_dir: Path
    pages: tuple[str, ...]  #: the Markdown paths of the pages written, in the site's order
    warnings: tuple[str, ...]  #: MkDocs' warnings (none in strict mode)
    render_seconds: float  #: of the build's time, how much went into rendering the pages' Markdown
    #: with `record`: what the pages and data files written were built from, and their search entries
    built: BuiltSite | None = None
    #: of the build's time, how much went into Pagefind's index (0 with Material's search)
    search_seconds: float = 0.0


class BuildFailed(Exception):
    """The site could not be built; the previous site is untouched. The message says why, and where."""


def what_was_built(request: BuildRequest, search: dict[str, list[dict]]) -> BuiltSite:
    """The record of the pages and data files a build wrote, for `serve`."""
    rendered = request.rendered or RenderedSite((), ())
    wanted = request.pages

    def written(path: str) -> bool:
        return wanted is None or path in wanted

    return BuiltSite(
        {page.path: page for page in rendered.pages if written(page.path)},
        {data.path: data.content for data in rendered.files if written(data.path)},
        {path: entries for path, entries in search.items() if written(path)},
    )
