"""Stage 4 — site: the module that knows MkDocs (with preview.py, which updates a built site).

`BriefingPlugin` hands the pages to MkDocs as in-memory files, each
rendered just as MkDocs reads it (so nothing generated is ever written into
a tracked folder, and only one page's Markdown is in memory at a time),
sets the site title and a navigation of constant size, and passes each
page's metadata to the theme. `build_site` builds into a fresh folder and
swaps it in only when MkDocs succeeded, so a failed build leaves the
previous site as it was. Replacing MkDocs means replacing this file and
preview.py.
"""

from __future__ import annotations

import html
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
from markdown.extensions.toc import slugify as markdown_slugify
from markupsafe import Markup, escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink, TableOfContents

from . import csp, i18n, markup, templating
from .addresses import claim_page, repository_url, source_page
from .escape import one_line, theme_markup
from .model import Briefing
from .pipeline import check_content
from .problems import format_report
from .render import NAV, Page, PageMeta, RenderedSite, SitePlan, footer_facts, plan_site
from .site_dir import PROJECT_ROOT, site_dir_problem, source_date_epoch_problem, staging_dir, swap_in
from .urls import checked_site_url, url_problem

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's banner about MkDocs 2
log = logging.getLogger("mkdocs.plugins.briefing")

CONFIG_FILE = PROJECT_ROOT / "mkdocs.yml"


class BriefingConfig(Config):
    content = c.Type(str, default="content")
    templates = c.Type(str, default="site_templates/pages")
    #: the content folder in the repository's web editor, e.g.
    #: https://github.com/OWNER/REPO/edit/main/content/ ; unset or empty: no edit links
    edit_url = c.Optional(c.Type(str))
    #: the briefing's GitHub repository, e.g. https://github.com/OWNER/REPO, where claim
    #: pages' "Ask for a correction" opens a new issue; unset: taken from edit_url
    repo_url = c.Optional(c.Type(str))


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


class _GeneratedFile(File):
    """A page or data file made by the generator; in an update, only the changed ones are rebuilt."""

    modified = True

    def is_modified(self) -> bool:  # MkDocs' dirty build skips files that say False
        return self.modified


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Turns the briefing in `content` into the pages of the site.

    MkDocs keeps one instance of the plugin per process (it has an
    on_startup event), so what a caller sets for a build (`briefing`,
    `rendered`, `only`, `built`) is taken in `on_config` and cleared there:
    it never carries over to the next build.
    """

    def __init__(self) -> None:
        super().__init__()
        # Set for one build: the already-checked briefing (`build_site`) ...
        self.briefing: Briefing | None = None
        # ... for `serve` (preview.py): the pages, already rendered; those to build (None: all);
        # what the site was built from, updated as pages are built
        self.rendered: RenderedSite | None = None
        self.only: frozenset[str] | None = None
        self.built: BuiltSite | None = None
        # ... for the tests: a translator instead of the briefing language's (the pseudo-locale)
        self.translator: i18n.Translator | None = None
        self.edit_urls: dict[str, str] = {}  # page path → its YAML file in the repository
        self.command: str | None = None  # the `mkdocs` command, when run from MkDocs' own CLI
        #: for the preview server, which injects an inline script the policy must allow
        self.preview = False
        self.scripts: csp.ThemeScripts | None = None  # the theme's inline scripts, for this build's theme
        #: page or template name → the texts of the inline scripts the theme writes into it
        self.theme_scripts: dict[str, set[str]] = {}
        #: how long the pages took to render in the latest build (MkDocs' verbose output says it too)
        self.render_seconds = 0.0
        self._build = _OneBuild()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.preview = command == "serve"  # plain `mkdocs serve`

    @event_priority(100)  # before the search plugin reads the theme's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.command == "gh-deploy":
            _require_public_site_url(config.site_url)
        build = self._build = _OneBuild(self.rendered, self.only, self.built, translator=self.translator)
        briefing = self.briefing
        self.briefing, self.rendered, self.only, self.built = None, None, None, None
        self.translator = None
        base = Path(config.config_file_path).parent
        briefing = briefing or _checked_briefing(base / self.config.content)
        build.translator = build.translator or i18n.translator(briefing.language)
        if build.rendered is None:
            started = time.perf_counter()
            repository = _repository(self.config.repo_url, self.config.edit_url)
            build.plan = plan_site(briefing, base / self.config.templates, _site_url(config), build.translator, repository)
            build.render_seconds = time.perf_counter() - started
        # Escaped once, here: the theme prints the site name both raw and through
        # `| e`, and a Markup object comes out right in both.
        config.site_name = theme_markup(briefing.title)
        config.extra["briefing_footer"] = footer_facts(briefing, build.translator)  # partials/copyright.html
        _set_theme_language(config, briefing.language)
        _translate_settings(config, build.translator)
        nav = build.plan.nav if build.plan is not None else build.rendered.nav if build.rendered is not None else NAV
        config.nav = [{entry.title: entry.path} for entry in nav]
        self.edit_urls = edit_urls(briefing, self.config.edit_url)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self._build
        if build.plan is not None:  # each page's Markdown is rendered when MkDocs reads it
            pages = [(page.path, "", page.meta) for page in build.plan.pages]
            build.renderers = {page.path: page.render for page in build.plan.pages}
            data = build.plan.files
            build.plan = None
        else:
            assert build.rendered is not None
            pages = [(page.path, page.markdown, page.meta) for page in build.rendered.pages]
            data = build.rendered.files
        build.metas = {path: meta for path, _, meta in pages}
        # claims.json, claims.csv, feed.xml: copied as they are
        for path, content in [(path, markdown) for path, markdown, _ in pages] + [(d.path, d.content) for d in data]:
            file = _GeneratedFile.generated(config, path, content=content)
            file.modified = build.only is None or path in build.only
            files.append(file)
        return files

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.bytecode_cache = _THEME_TEMPLATES
        # The overrides' own words ({% trans %}), from the same catalogs as the pages', escaped as HTML.
        env.add_extension("jinja2.ext.i18n")
        env.policies["ext.i18n.trimmed"] = True
        tr = self._build.translator or i18n.translator("en")
        env.install_gettext_translations(i18n.JinjaCatalog(tr, escape, escape, Markup), newstyle=True)
        env.globals["anchor"] = _theme_anchor
        self.scripts = csp.ThemeScripts(env)
        return env

    def on_nav(self, nav, config, files):
        # Here, not only in on_pre_page: an update builds only the pages that changed.
        for file in files.documentation_pages():
            if file.page is not None:
                self._date(file.page)
        return nav

    def _date(self, page) -> None:
        """The sitemap's lastmod (and the date of sitemap.xml.gz): from the content, not the clock."""
        meta = self._build.metas.get(page.file.src_uri)
        if meta is not None and meta.updated is not None:
            page.update_date = meta.updated.isoformat()

    def on_pre_page(self, page, config, files):
        self._date(page)  # a page MkDocs made after on_nav
        render = self._build.renderers.pop(page.file.src_uri, None)
        if render is not None:
            started = time.perf_counter()
            page.file.content_string = render()
            if not self._build.renderers:  # the last page: what rendering kept is needed no more
                markup.forget_html()
            self._build.render_seconds += time.perf_counter() - started
        return page

    def on_page_content(self, html: str, page, config, files) -> str:
        meta = self._build.metas.get(page.file.src_uri)
        if meta is not None and meta.headings:
            _add_to_toc(page.toc, meta.headings)
        # The Markdown is HTML now: let it go. (Not None, which would lose the page's title.)
        page.markdown = ""
        if isinstance(page.file, _GeneratedFile):
            page.file.content_string = ""
        return html

    @event_priority(100)  # before the search plugin indexes the page
    def on_page_context(self, context, page, config, nav):
        self.theme_scripts[page.file.src_uri] = self._theme_scripts(context, config)
        meta = self._build.metas.get(page.file.src_uri)
        if meta is not None:
            context["briefing_page"] = _for_theme(meta)
        if page.file.src_uri in self.edit_urls:
            # Material shows its "Edit this page" button (feature content.action.edit).
            page.edit_url = self.edit_urls[page.file.src_uri]
        search = _search_index(config)
        self._build.search_mark = len(search.entries) if search else 0
        return context

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        if template_name.endswith(".html"):
            self.theme_scripts[template_name] = self._theme_scripts(context, config)
        return context

    # Last, after any other plugin has changed the page.
    @event_priority(-100)
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        search = _search_index(config)
        mark, built = self._build.search_mark, self._build.built
        if search is not None:  # the entries the search plugin made for this page
            meta = self._build.metas.get(page.file.src_uri)
            entries = search.entries[mark:] = _indexable(search.entries[mark:], meta)
            if built is not None:
                built.search[page.file.src_uri] = entries
        # The page is written once this returns, and its HTML is needed no more: let it go.
        page.content = ""
        return csp.with_policy(output, self.theme_scripts.pop(page.file.src_uri, set()), self.preview)

    @event_priority(-100)
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) get the policy too; sitemap.xml is not HTML."""
        if not template_name.endswith(".html"):
            return output_content
        return csp.with_policy(output_content, self.theme_scripts.pop(template_name, set()), self.preview)

    def _theme_scripts(self, context, config: MkDocsConfig) -> set[str]:
        assert self.scripts is not None
        return self.scripts({**context, "features": config.theme.get("features") or []})

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        build = self._build
        self.render_seconds = build.render_seconds
        log.info(f"Rendered the pages' Markdown in {build.render_seconds:.2f} s")
        search = _search_index(config)
        if build.only is not None and build.built is not None and search is not None:
            # An update indexed only the pages it built: the index holds every page's entries,
            # in the order of a full build.
            search.entries = [entry for path in build.metas for entry in build.built.search.get(path, ())]
        self._build = _OneBuild()  # let go of everything

    def on_build_error(self, error: Exception) -> None:
        self._build = _OneBuild()


@dataclass
class _OneBuild:
    """What the plugin holds during one build."""

    rendered: RenderedSite | None = None
    only: frozenset[str] | None = None
    built: BuiltSite | None = None
    plan: SitePlan | None = None
    renderers: dict[str, Callable[[], str]] = field(default_factory=dict)  # pages not yet rendered
    metas: dict[str, PageMeta] = field(default_factory=dict)  # page path → its metadata, in the site's order
    search_mark: int = 0
    render_seconds: float = 0.0
    translator: i18n.Translator | None = None


def _theme_anchor(text: str, href: str) -> Markup:
    """A link for a value in a message of the theme's templates (the overrides), escaped as HTML."""
    return Markup('<a href="{}">{}</a>').format(href, text)


# MkDocs makes a new Jinja environment for every build, which compiled the theme's
# templates again: most of the time of a one-page update in `serve`.
_THEME_TEMPLATES = templating.CompiledTemplates()


#: page kinds that are one search result each: their sections ("Analysis", "Notes",
#: "Context") say nothing alone
_ONE_SEARCH_RESULT = frozenset({"claim", "source"})


def _indexable(entries: list[dict], meta: PageMeta | None = None) -> list[dict]:
    """A page's search entries, as a reader should meet them in the results.

    A heading whose section holds nothing to index (every claim's "Evidence",
    above its stances; "Related claims", a list left out of the index) would
    only make a search for that word list every claim. A claim or source page
    is one result, its sections' text joined to its first entry; a claim's
    result starts with its verdict (`search_label`), as the theme shows only
    the title and the paragraphs that match.
    """
    if meta is not None and meta.kind in _ONE_SEARCH_RESULT and entries:
        first = dict(entries[0], text="".join(entry["text"] for entry in entries))
        if meta.search_label:
            first["title"] = f"{html.escape(one_line(meta.search_label), quote=False)}: {first['title']}"
        return [first]
    return [entry for number, entry in enumerate(entries) if number == 0 or entry["text"]]


def _add_to_toc(toc: TableOfContents, headings: tuple[tuple[str, str], ...]) -> None:
    """Sections whose headings a page writes as HTML, in its table of contents, under its title."""
    entries = [AnchorLink(theme_markup(text), anchor, 2) for anchor, text in headings]
    items = toc.items
    if items and items[0].level == 1:
        items[0].children.extend(entries)
    else:
        items.extend(entries)


def _search_index(config: MkDocsConfig):
    """Material's search index being built, or None without the search plugin."""
    plugin = config.plugins.get("material/search")
    return getattr(plugin, "search_index", None)


def _for_theme(meta: PageMeta) -> PageMeta:
    """The page's metadata with its text already escaped for HTML.

    Material's templates do not autoescape. main.html escapes with `| e`, which
    leaves a Markup object as it is; a template that forgot it would still be safe.
    """
    return replace(meta, title=theme_markup(meta.title), description=theme_markup(meta.description), url=theme_markup(meta.url))


def _site_url(config: MkDocsConfig) -> str:
    """The checked `site_url`: every absolute address of the site starts with it."""
    try:
        return checked_site_url(config.site_url or "")
    except ValueError as error:
        raise PluginError(f"{error}; set site_url in mkdocs.yml, SITE_URL or build --site-url") from error


def edit_urls(briefing: Briefing, base: str | None) -> dict[str, str]:
    """Each claim and source page → the address that opens its YAML file for editing."""
    if not base:
        return {}
    problem = url_problem(base)
    if problem:
        example = "https://github.com/OWNER/REPO/edit/main/content/"
        raise PluginError(f"edit_url (BRIEFING_EDIT_URL) {problem}; for example {example}")
    base = base.rstrip("/") + "/"
    pages = [(claim_page(c), c.path) for c in briefing.claims] + [(source_page(s), s.path) for s in briefing.sources]
    return {page: base + quote(path) for page, path in pages}


def _repository(repo_url: str | None, edit_url: str | None) -> str | None:
    """Where readers ask for corrections: BRIEFING_REPO_URL, checked, else the repository of BRIEFING_EDIT_URL."""
    problem = url_problem(repo_url) if repo_url else None
    if problem:
        raise PluginError(f"repo_url (BRIEFING_REPO_URL) {problem}; for example https://github.com/OWNER/REPO")
    return repository_url(repo_url, edit_url)


def _require_public_site_url(site_url: str | None) -> None:
    """Refuse to publish a site whose canonical links, sitemap and 404 page point to this machine."""
    host = urlsplit(site_url or "").hostname
    if host is None or host == "localhost" or host.startswith("127."):
        raise PluginError(
            f"site_url is {site_url!r}, an address on this machine, and gh-deploy publishes the site: "
            "set SITE_URL to the address it will have, e.g. SITE_URL=https://OWNER.github.io/REPO/"
        )


#: the words mkdocs.yml gives the theme (the colour scheme switch), to be shown in the site's language
_SETTINGS_WORDS = frozenset({i18n.N_("Switch to dark mode"), i18n.N_("Switch to light mode")})


def _translate_settings(config: MkDocsConfig, tr: i18n.Translator) -> None:
    """The words of the site's settings in its language: the scheme switch, the headings' permalink title."""
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = tr.gettext("Permanent link")
    # A heading the templates word through the catalog keeps its English id in every
    # language (#verdict-history), so links to it hold; any other heading, its own.
    toc["slugify"] = lambda text, separator: markdown_slugify(tr.source(text), separator)
    for scheme in config.theme.get("palette") or []:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        words = toggle.get("name") if toggle else None
        if words in _SETTINGS_WORDS:
            toggle["name"] = tr.gettext(words)


def _set_theme_language(config: MkDocsConfig, language: str) -> None:
    """Use the briefing's language for the theme's labels where the theme has it, and its direction."""
    config.theme["direction"] = i18n.text_direction(language)
    for candidate in (language, language.split("-")[0].lower()):
        if any((Path(d) / "partials" / "languages" / f"{candidate}.html").is_file() for d in config.theme.dirs):
            config.theme["language"] = candidate
            return


def _checked_briefing(content: Path) -> Briefing:
    """The briefing, or a PluginError listing every problem (plain `mkdocs build`)."""
    result = check_content(content)
    warnings = [p for p in result.problems if not p.is_error]
    for problem in warnings:
        log.info(problem.format())  # INFO: a content warning must not fail a strict build
    if result.briefing is None:
        raise PluginError(f"the briefing in {content} has problems:\n{format_report(result.problems)}")
    return result.briefing


# -- building ------------------------------------------------------------------------


class BuildFailed(Exception):
    """The site could not be built; the previous site is untouched. The message says why, and where."""


def load_site_config(
    content: Path,
    site_dir: Path,
    site_url: str | None = None,
    briefing: Briefing | None = None,
    templates: Path | None = None,
    built: BuiltSite | None = None,
    preview: bool = False,
    tr: i18n.Translator | None = None,
) -> MkDocsConfig:
    # Watch the content actually being built, which need not be the project's content/.
    overrides = {"site_dir": str(site_dir), "watch": [str(content), str(PROJECT_ROOT / "site_templates")]}
    if site_url:
        overrides["site_url"] = site_url
    config = load_config(config_file=str(CONFIG_FILE), **overrides)
    plugin = config.plugins["briefing"]
    plugin.config.content = str(content.resolve())
    if templates is not None:
        plugin.config.templates = str(templates.resolve())
    plugin.briefing = briefing
    plugin.built = built
    plugin.preview = preview
    plugin.translator = tr
    return config


def build_site(
    content: Path,
    site_dir: Path,
    site_url: str | None = None,
    briefing: Briefing | None = None,
    templates: Path | None = None,
    rendered: RenderedSite | None = None,
    built: BuiltSite | None = None,
    preview: bool = False,
    tr: i18n.Translator | None = None,
) -> tuple[str, ...]:
    """Build into a staging folder beside `site_dir`, then swap it in.

    `briefing`, when given, is the already-checked content (saves a second
    check); `templates` replaces site_templates/pages. For `serve`:
    `rendered` holds the pages, already rendered; `built` is filled with
    what the new site was built from; `preview` relaxes the
    Content-Security-Policy for the preview server's live-reload script;
    `tr` replaces the translator of the briefing's language (the tests'
    pseudo-locale). Returns MkDocs' warnings (none in strict mode). Raises BuildFailed with
    MkDocs' messages, or with the template and line that failed; `site_dir`
    is then unchanged, and so it is after any other exception, which is a
    bug worth its traceback.
    """
    site_dir = site_dir.resolve()
    problem = site_dir_problem(site_dir, content) or source_date_epoch_problem()
    if problem:
        raise BuildFailed(problem)
    recorded = BuiltSite() if built is not None else None
    try:
        with staging_dir(site_dir) as staging, mkdocs_messages() as messages:
            config = load_site_config(content, staging, site_url, briefing, templates, recorded, preview, tr)
            config.plugins["briefing"].rendered = rendered
            run_mkdocs(config, messages)
            swap_in(staging, site_dir)
    except OSError as error:  # no room on the disk, a folder that cannot be written
        raise BuildFailed(f"could not write the site: {error}") from error
    if built is not None and recorded is not None and rendered is not None:
        built.pages = {page.path: page for page in rendered.pages}
        built.files = {data.path: data.content for data in rendered.files}
        built.search = recorded.search
    return tuple(messages)


def run_mkdocs(config: MkDocsConfig, messages: list[str], dirty: bool = False) -> None:
    """MkDocs' build; BuildFailed with its messages, or with the template and line that failed."""
    try:
        mkdocs_build(config, dirty=dirty)
    except MkDocsException as error:  # includes Abort, which is also a SystemExit
        raise BuildFailed("\n".join([*messages, error.format_message()])) from error
    except jinja2.TemplateError as error:
        raise BuildFailed("\n".join([*messages, templating.template_error(error)])) from error


@contextmanager
def mkdocs_messages() -> Iterator[list[str]]:
    """MkDocs' warnings and errors during a build, to report them with its outcome."""
    messages: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(f"{record.levelname}: {record.getMessage()}")
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
