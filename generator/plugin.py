"""The MkDocs plugin: the briefing's pages, handed to MkDocs as it builds (used only through `site.py`).

`BriefingPlugin` hands the pages to MkDocs as in-memory files, each
rendered just as MkDocs reads it (so nothing generated is ever written into
a tracked folder, and only one page's Markdown is in memory at a time),
sets the site title and a navigation of constant size, and passes each
page's metadata to the theme.

`site.build` makes one plugin for each build, from its request. Under plain
`mkdocs build`, `serve` or `gh-deploy`, MkDocs makes the plugin (and keeps it
for the whole process: it has an on_startup event); it then makes the
request of each build from its options in mkdocs.yml, and checks the content
itself.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
from markdown.extensions.toc import slugify as markdown_slugify
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from . import csp, html_blocks, i18n, offline, pagefind, render_ahead
from .addresses import claim_page, repository_url, source_page
from .boundary import BuildRequest, Caches, project_files
from .build_state import BuildReport, OneBuild
from .escape import theme_markup
from .markup import HtmlCache
from .model import Briefing
from .pipeline import check_content
from .problems import format_report
from .render import NAV, PageMeta, footer_facts, plan_site
from .urls import checked_site_url, url_problem

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingConfig(Config):
    content = c.Type(str, default="content")
    #: the page templates, relative to mkdocs.yml; unset: the project's (`boundary.project_files`)
    templates = c.Optional(c.Type(str))
    #: the content folder in the repository's web editor, e.g.
    #: https://github.com/OWNER/REPO/edit/main/content/ ; unset or empty: no edit links
    edit_url = c.Optional(c.Type(str))
    #: the briefing's GitHub repository, e.g. https://github.com/OWNER/REPO, where claim
    #: pages' "Ask for a correction" opens a new issue; unset: taken from edit_url
    repo_url = c.Optional(c.Type(str))


class _GeneratedFile(File):
    """A page or data file made by the generator; in an update, only the changed ones are rebuilt."""

    modified = True

    def is_modified(self) -> bool:  # MkDocs' dirty build skips files that say False
        return self.modified


class _HeadingsPage(Page):
    """A generated page of HTML blocks outside the navigation, whose headings' HTML the generator writes.

    MkDocs sets Python-Markdown up anew for every page it renders; for these
    pages, given nothing but headings (`html_blocks`), the result is known.
    """

    def render(self, config: MkDocsConfig, files: Files) -> None:
        toc = config.mdx_configs.get("toc") or {}
        lines = tuple(line for line in (self.markdown or "").split("\n") if line)
        headings = html_blocks.write_headings(lines, toc["slugify"], toc["permalink_title"])
        self.content = headings.html
        self.toc = get_toc(headings.toc_tokens)
        self._title_from_render = headings.title
        self.present_anchor_ids = set(headings.ids)
        self.links_to_anchors = {}


#: the settings of the toc extension `_HeadingsPage` writes headings for (plugin.py sets the last two)
_HEADING_SETTINGS = frozenset({"permalink", "permalink_title", "slugify"})


def _writes_headings(config: MkDocsConfig) -> bool:
    """Whether mkdocs.yml sets headings up as `html_blocks.write_headings` writes them."""
    toc = config.mdx_configs.get("toc")
    return toc is not None and set(toc) == _HEADING_SETTINGS and toc["permalink"] is True


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Turns a briefing into the pages of the site: the request given at construction, read once per build."""

    def __init__(self, request: BuildRequest | None = None) -> None:
        super().__init__()
        self.request = request  # None: made from the options in mkdocs.yml, for each build (plain `mkdocs`)
        #: plain `mkdocs serve`: kept from one rebuild to the next (MkDocs keeps this plugin for the process)
        self._own_caches = Caches() if request is None else None
        self.command: str | None = None  # the `mkdocs` command, when run from MkDocs' own CLI
        #: what the latest build did, for `site.build` to return
        self.report: BuildReport | None = None
        self._build = OneBuild()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    @event_priority(100)  # before the search plugin reads the theme's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.command == "gh-deploy":
            _require_public_site_url(config.site_url)
        request = self.request or self._request_from_options(config)
        caches = request.caches or Caches()
        build = self._build = OneBuild(request, caches)
        self.report = None
        briefing = request.briefing or _checked_briefing(request.content, caches.render.html)
        build.translator = request.translator or i18n.translator(briefing.language)
        if request.rendered is None:
            started = time.perf_counter()
            templates = request.templates or project_files().pages
            repository = _repository(request.repo_url, request.edit_url)
            build.plan = plan_site(
                briefing, templates, _site_url(config), caches.render, config.use_directory_urls, repository, build.translator
            )
            build.render_seconds = time.perf_counter() - started
        # Escaped once, here: the theme prints the site name both raw and through
        # `| e`, and a Markup object comes out right in both.
        config.site_name = theme_markup(briefing.title)
        config.extra["briefing_footer"] = footer_facts(briefing, build.translator)  # partials/copyright.html
        config.extra["briefing_words"] = i18n.theme_words(build.translator)  # the overrides' own words
        _set_theme_language(config, briefing.language)
        _translate_settings(config, build.translator)
        nav = build.plan.nav if build.plan is not None else request.rendered.nav if request.rendered is not None else NAV
        config.nav = [{entry.title: entry.path} for entry in nav]
        build.edit_urls = edit_urls(briefing, request.edit_url)
        return config

    def _request_from_options(self, config: MkDocsConfig) -> BuildRequest:
        """Plain `mkdocs`: the request its options in mkdocs.yml make (`mkdocs serve`: a preview)."""
        base = Path(config.config_file_path).parent
        return BuildRequest(
            content=base / self.config.content,
            site_dir=Path(config.site_dir),
            templates=base / self.config.templates if self.config.templates else None,
            edit_url=self.config.edit_url,
            repo_url=self.config.repo_url,
            preview=self.command == "serve",
            caches=self._own_caches,
        )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self._build
        request = build.request
        assert request is not None
        if build.plan is not None:  # each page's Markdown is rendered when MkDocs reads it
            pages = [(page.path, "", page.meta) for page in build.plan.pages]
            renderers = {page.path: page.render for page in build.plan.pages}
            build.pages = render_ahead.pages(renderers, ahead=request.pages is None and request.render_ahead)
            data = build.plan.files
            build.plan = None
        else:
            assert request.rendered is not None
            pages = [(page.path, page.markdown, page.meta) for page in request.rendered.pages]
            data = request.rendered.files
        build.metas = {path: meta for path, _, meta in pages}
        in_nav = {path for entry in config.nav or () for path in entry.values()}
        own_headings = _writes_headings(config)
        for path, markdown, meta in pages:
            file = _GeneratedFile.generated(config, path, content=markdown)
            file.modified = request.pages is None or path in request.pages
            files.append(file)
            if own_headings and meta.html_blocks and path not in in_nav:
                _HeadingsPage(None, file, config)  # becomes file.page
        # claims.json, claims.csv, feed.xml (120 MB at 10,000 claims): a whole build makes them one
        # by one into its own new folder now, rather than hold them while MkDocs reads every page
        for item in data:
            if request.pages is None:
                target = Path(config.site_dir) / item.path
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    item.write(out)
                file = _GeneratedFile.generated(config, item.path, abs_src_path=str(target))  # MkDocs copies nothing
            else:
                file = _GeneratedFile.generated(config, item.path, content=item.content)
                file.modified = item.path in request.pages
            files.append(file)
        return files

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        build = self._build
        env.bytecode_cache = build.caches.theme
        env.globals["briefing_shared"] = build.shared_parts.render  # main.html: the frame's parts made once per folder
        build.scripts = csp.ThemeScripts(env)
        if build.request is not None and build.request.offline:
            build.framed_scripts = offline.FramedScripts(env, project_files().templates)
        if config.extra.get("pagefind") and build.request is not None:
            # Every page is read; the claims' and sources' search entries are indexed while MkDocs writes the pages.
            entries = [
                (file.url, entry.title, entry.text)
                for file in files.documentation_pages()
                if (meta := build.metas.get(file.src_uri)) is not None and meta.search is not None
                for entry in meta.search
            ]
            bundle = Path(config.site_dir) / pagefind.BUNDLE
            part_text = build.request.search_part_text or pagefind.PART_TEXT
            build.early_search = pagefind.Early(entries, bundle, config.theme["language"], part_text)
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
        pages = self._build.pages
        markdown = pages.markdown(page.file.src_uri)
        if markdown is not None:
            page.file.content_string = markdown
            if not pages.left():  # the last page: the HTML kept for the texts is needed no more
                self._build.caches.render.html.clear()  # (tens of megabytes at 10,000 claims)
        return page

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        meta = self._build.metas.get(page.file.src_uri)
        if meta is None or not meta.html_blocks:
            return markdown
        split = self._build.splits[page.file.src_uri] = html_blocks.split(markdown)
        return split.markdown  # Python-Markdown reads the headings; the blocks go back in on_page_content

    def on_page_content(self, html: str, page, config, files) -> str:
        split = self._build.splits.pop(page.file.src_uri, None)
        if split is not None:
            try:
                html = split.assemble(html)
            except ValueError as error:
                raise PluginError(f"{page.file.src_uri}: the headings of a page of HTML blocks: {error}") from error
            page.present_anchor_ids = (page.present_anchor_ids or set()) | split.anchor_ids()
        meta = self._build.metas.get(page.file.src_uri)
        if meta is not None and meta.headings:
            _add_to_toc(page.toc, meta.headings)
        # The Markdown is HTML now: let it go. (Not None, which would lose the page's title.)
        page.markdown = ""
        if isinstance(page.file, _GeneratedFile):
            page.file.content_string = ""
        if meta is None:
            return html
        self._build.hold(page.file.src_uri, html)
        return ""

    @event_priority(100)  # before the search plugin indexes the page
    def _before_search(self, context, page, config, nav):
        held = self._build.unhold(page.file.src_uri)
        if held is not None:
            page.content = held
        self._build.theme_scripts[page.file.src_uri] = self._theme_scripts(context, config)
        self._build.framed[page.file.src_uri] = self._framed(context)
        meta = self._build.metas.get(page.file.src_uri)
        if meta is not None:
            context["briefing_page"] = _for_theme(meta)
            if self._build.request is not None and self._build.request.offline:
                # MkDocs would give the copy's own file (claims/x.html): the canonical address is the published one.
                page.canonical_url = meta.url
        if page.file.src_uri in self._build.edit_urls:
            # Material shows its "Edit this page" button (feature content.action.edit).
            page.edit_url = self._build.edit_urls[page.file.src_uri]
        if meta is not None and meta.search is not None:
            # Material's search skips the page (its entries are made from the model); the theme sees its own metadata.
            self._build.page_meta, page.meta = page.meta, {**page.meta, "search": {"exclude": True}}
            if not _has_search_attributes(page.content) and _only_search_between(config.plugins, self):
                # It still strips data-search-*="…" attributes from the page's HTML with a regular expression
                # (5% of a build): the page has none, so it is given nothing to look through.
                self._build.content_aside, page.content = page.content, ""
        search = _search_index(config)
        self._build.search_mark = len(search.entries) if search else 0
        return context

    @event_priority(-100)  # after the search plugin
    def _after_search(self, context, page, config, nav):
        if self._build.page_meta is not None:
            page.meta, self._build.page_meta = self._build.page_meta, None
        if self._build.content_aside is not None:
            page.content, self._build.content_aside = self._build.content_aside, None
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        if template_name.endswith(".html"):
            self._build.theme_scripts[template_name] = self._theme_scripts(context, config)
            self._build.framed[template_name] = self._framed(context)
        return context

    # Last, after any other plugin has changed the page.
    @event_priority(-100)
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        search, build = _search_index(config), self._build
        if search is not None:  # the entries the search plugin made for this page
            meta = build.metas.get(page.file.src_uri)
            if meta is not None and meta.search is not None:
                made = [entry.for_material(page.url) for entry in meta.search]
            else:
                made = _indexable(search.entries[build.search_mark :])
            entries = search.entries[build.search_mark :] = made
            if build.search is not None:
                build.search[page.file.src_uri] = entries
        build.written.append(page.file.src_uri)
        # The page is written once this returns, and its HTML is needed no more: let it go.
        page.content = ""
        path = page.file.src_uri
        wasm = bool(config.extra.get("pagefind"))  # Pagefind's search engine (generator/pagefind.py)
        return csp.with_policy(output, build.theme_scripts.pop(path, set()), build.preview, build.framed.pop(path, ()), wasm)

    @event_priority(-100)
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) get the policy too; sitemap.xml is not HTML."""
        if not template_name.endswith(".html"):
            return output_content
        build = self._build
        scripts, framed = build.theme_scripts.pop(template_name, set()), build.framed.pop(template_name, ())
        return csp.with_policy(output_content, scripts, build.preview, framed, bool(config.extra.get("pagefind")))

    def _theme_scripts(self, context, config: MkDocsConfig) -> set[str]:
        assert self._build.scripts is not None
        return self._build.scripts({**context, "features": config.theme.get("features") or []})

    def _framed(self, context) -> tuple[str, ...]:
        """Offline: the script the worker shim writes into its frame, for this page."""
        framed_scripts = self._build.framed_scripts
        return framed_scripts(context) if framed_scripts is not None else ()

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        build = self._build
        assert build.request is not None
        build.pages.close()
        build.render_seconds += build.pages.seconds
        log.info(f"Rendered the pages' Markdown in {build.render_seconds:.2f} s")
        search = _search_index(config)
        if build.request.pages is not None and build.search is not None and search is not None:
            # An update indexed only the pages it built: the index holds every page's entries,
            # in the order of a full build.
            search.entries = [entry for path in build.metas for entry in build.search.get(path, ())]
        self.report = BuildReport(tuple(build.written), build.render_seconds, build.search or {}, build.early_search)
        self._build = OneBuild()  # let go of everything

    def on_build_error(self, error: Exception) -> None:
        self._build.pages.close()
        if self._build.early_search is not None:
            self._build.early_search.cancel()
        self._build = OneBuild()


def _indexable(entries: list[dict]) -> list[dict]:
    """The search entries Material made of a page: none for a heading with no text of its own."""
    return [entry for number, entry in enumerate(entries) if number == 0 or entry["text"]]


def _add_to_toc(toc: TableOfContents, headings: tuple[tuple[str, str], ...]) -> None:
    """Sections whose headings a page writes as HTML, in its table of contents, under its title."""
    entries = [AnchorLink(theme_markup(text), anchor, 2) for anchor, text in headings]
    items = toc.items
    if items and items[0].level == 1:
        items[0].children.extend(entries)
    else:
        items.extend(entries)


#: what Material's search plugin strips from every page's HTML (its regular expression, less the optional space before)
_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')


def _has_search_attributes(html: str) -> bool:
    """Whether Material's search plugin would change `html`; looked for where "data-search-" starts (a page has a few)."""
    start = html.find("data-search-")
    while start != -1:
        if _SEARCH_ATTRIBUTE.match(html, start):
            return True
        start = html.find("data-search-", start + 1)
    return False


def _only_search_between(plugins, briefing: BriefingPlugin) -> bool:
    """Whether the page-context handlers are the briefing's and Material's search plugin's only: no other reads the page."""
    search = plugins.get("material/search")
    return all(getattr(handler, "__self__", None) in (briefing, search) for handler in plugins.events["page_context"])


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


def _repository(repo_url: str | None, edit_url: str | None) -> str | None:
    """Where readers ask for corrections: BRIEFING_REPO_URL, checked, else the repository of BRIEFING_EDIT_URL."""
    problem = url_problem(repo_url) if repo_url else None
    if problem:
        raise PluginError(f"repo_url (BRIEFING_REPO_URL) {problem}; for example https://github.com/OWNER/REPO")
    return repository_url(repo_url, edit_url)


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


def _checked_briefing(content: Path, html: HtmlCache) -> Briefing:
    """The briefing, or a PluginError listing every problem (plain `mkdocs build`)."""
    result = check_content(content, html=html)
    warnings = [p for p in result.problems if not p.is_error]
    for problem in warnings:
        log.info(problem.format())  # INFO: a content warning must not fail a strict build
    if result.briefing is None:
        raise PluginError(f"the briefing in {content} has problems:\n{format_report(result.problems)}")
    return result.briefing


