"""Stage 4 — site: the one module that knows MkDocs.

`BriefingPlugin` hands the rendered pages to MkDocs as in-memory files (so
nothing generated is ever written into a tracked folder), sets the site
title and a navigation of constant size, and passes each page's metadata
to the theme. `build_site` builds into a fresh folder and swaps it in only
when MkDocs succeeded, so a failed build leaves the previous site as it was.
Replacing MkDocs means replacing this file.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from . import csp, templating
from .addresses import checked_site_url, claim_page, source_page
from .escape import theme_markup
from .model import Briefing
from .pipeline import check_content
from .problems import format_report
from .render import PageMeta, RenderedSite, render_site
from .validate import url_problem

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's banner about MkDocs 2
log = logging.getLogger("mkdocs.plugins.briefing")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = PROJECT_ROOT / "mkdocs.yml"


class BriefingConfig(Config):
    content = c.Type(str, default="content")
    templates = c.Type(str, default="site_templates/pages")
    #: the content folder in the repository's web editor, e.g.
    #: https://github.com/OWNER/REPO/edit/main/content/ ; unset or empty: no edit links
    edit_url = c.Optional(c.Type(str))


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Turns the briefing in `content` into the pages of the site."""

    def __init__(self) -> None:
        super().__init__()
        self.briefing: Briefing | None = None  # set by `build_site` after its own check
        self.rendered: RenderedSite | None = None
        self.edit_urls: dict[str, str] = {}  # page path → its YAML file in the repository
        self.command: str | None = None  # the `mkdocs` command, when run from MkDocs' own CLI
        #: for the preview server, which injects an inline script the policy must allow
        self.preview = False
        self.env: jinja2.Environment | None = None  # the theme's, for its script templates
        #: page or template name → the texts of the inline scripts the theme writes into it
        self.theme_scripts: dict[str, set[str]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.preview = command == "serve"  # plain `mkdocs serve`

    @event_priority(100)  # before the search plugin reads the theme's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.command == "gh-deploy":
            _require_public_site_url(config.site_url)
        base = Path(config.config_file_path).parent
        briefing = self.briefing or _checked_briefing(base / self.config.content)
        self.rendered = render_site(briefing, base / self.config.templates, _site_url(config))
        # Escaped once, here: the theme prints the site name both raw and through
        # `| e`, and a Markup object comes out right in both.
        config.site_name = theme_markup(briefing.title)
        _set_theme_language(config, briefing.language)
        config.nav = [{entry.title: entry.path} for entry in self.rendered.nav]
        self.edit_urls = edit_urls(briefing, self.config.edit_url)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.rendered is not None
        for page in self.rendered.pages:
            files.append(File.generated(config, page.path, content=page.markdown))
        for data in self.rendered.files:  # claims.json, claims.csv, feed.xml: copied as they are
            files.append(File.generated(config, data.path, content=data.content))
        return files

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.env = env
        return env

    def on_page_context(self, context, page, config, nav):
        assert self.rendered is not None
        self.theme_scripts[page.file.src_uri] = self._theme_scripts(context, config)
        meta = self.rendered.meta_for(page.file.src_uri)
        if meta is not None:
            context["briefing_page"] = _for_theme(meta)
        if page.file.src_uri in self.edit_urls:
            # Material shows its "Edit this page" button (feature content.action.edit).
            page.edit_url = self.edit_urls[page.file.src_uri]
        return context

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        if template_name.endswith(".html"):
            self.theme_scripts[template_name] = self._theme_scripts(context, config)
        return context

    # Last, after any other plugin has changed the page.
    @event_priority(-100)
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        return csp.with_policy(output, self.theme_scripts.pop(page.file.src_uri, set()), self.preview)

    @event_priority(-100)
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) get the policy too; sitemap.xml is not HTML."""
        if not template_name.endswith(".html"):
            return output_content
        return csp.with_policy(output_content, self.theme_scripts.pop(template_name, set()), self.preview)

    def _theme_scripts(self, context, config: MkDocsConfig) -> set[str]:
        assert self.env is not None
        return csp.theme_scripts(self.env, {**context, "features": config.theme.get("features") or []})


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


def _require_public_site_url(site_url: str | None) -> None:
    """Refuse to publish a site whose canonical links, sitemap and 404 page point to this machine."""
    host = urlsplit(site_url or "").hostname
    if host is None or host == "localhost" or host.startswith("127."):
        raise PluginError(
            f"site_url is {site_url!r}, an address on this machine, and gh-deploy publishes the site: "
            "set SITE_URL to the address it will have, e.g. SITE_URL=https://OWNER.github.io/REPO/"
        )


def _set_theme_language(config: MkDocsConfig, language: str) -> None:
    """Use the briefing's language for the theme's labels where the theme has it."""
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
    preview: bool = False,
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
    plugin.preview = preview
    return config


def build_site(
    content: Path,
    site_dir: Path,
    site_url: str | None = None,
    briefing: Briefing | None = None,
    templates: Path | None = None,
    preview: bool = False,
) -> tuple[str, ...]:
    """Build into a staging folder beside `site_dir`, then swap it in.

    `briefing`, when given, is the already-checked content (saves a second
    check); `templates` replaces site_templates/pages; `preview` relaxes the
    Content-Security-Policy for the preview server's live-reload script.
    Returns MkDocs' warnings (none in strict mode). Raises BuildFailed with MkDocs' messages,
    or with the template and line that failed; `site_dir` is then unchanged,
    and so it is after any other exception, which is a bug worth its traceback.
    """
    site_dir = site_dir.resolve()
    problem = site_dir_problem(site_dir, content) or source_date_epoch_problem()
    if problem:
        raise BuildFailed(problem)
    try:
        with _staging_dir(site_dir) as staging, _mkdocs_messages() as messages:
            try:
                mkdocs_build(load_site_config(content, staging, site_url, briefing, templates, preview))
            except MkDocsException as error:  # includes Abort, which is also a SystemExit
                raise BuildFailed("\n".join([*messages, error.format_message()])) from error
            except jinja2.TemplateError as error:
                raise BuildFailed("\n".join([*messages, templating.template_error(error)])) from error
            _swap_in(staging, site_dir)
    except OSError as error:  # no room on the disk, a folder that cannot be written
        raise BuildFailed(f"could not write the site: {error}") from error
    return tuple(messages)


def site_dir_problem(site_dir: Path, content: Path) -> str | None:
    """Why building into `site_dir` could destroy something, or None.

    The build replaces the whole folder: it must not hold the content or the
    project, nor anything that is not a site built before.
    """
    site_dir = site_dir.resolve()
    precious = {"the content": content.resolve(), "the project": PROJECT_ROOT, "the current folder": Path.cwd()}
    for name, folder in precious.items():
        if folder.is_relative_to(site_dir):
            return f"{site_dir} holds {name}, and building replaces the whole folder: choose another --site-dir"
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / "index.html").is_file():
        return f"{site_dir} is not empty and holds no site (no index.html), and building replaces it: choose another --site-dir"
    return None


def source_date_epoch_problem() -> str | None:
    """MkDocs dates the sitemap from SOURCE_DATE_EPOCH, which must be whole seconds since 1970."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value.isascii() and value.isdigit():
        return None
    return f"SOURCE_DATE_EPOCH is {value!r}: set it to a number of seconds since 1970, e.g. $(git log -1 --format=%ct)"


@contextmanager
def _mkdocs_messages() -> Iterator[list[str]]:
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


@contextmanager
def _staging_dir(site_dir: Path) -> Iterator[Path]:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = _new_sibling(site_dir, "building")
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _new_sibling(site_dir: Path, purpose: str) -> Path:
    """A new, empty hidden folder next to `site_dir`, with the permissions a plain mkdir gives.

    Not tempfile.mkdtemp: its folders are private (0700), and the staging
    folder becomes the published site.
    """
    folder = site_dir.parent / f".{site_dir.name}-{purpose}-{secrets.token_hex(8)}"
    folder.mkdir()
    return folder


def _swap_in(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `staging` with two renames, so it is never half-written."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    old = _new_sibling(site_dir, "old")
    site_dir.rename(old / "site")
    try:
        staging.rename(site_dir)
    except OSError:
        (old / "site").rename(site_dir)  # put the previous site back
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)


# -- previewing --------------------------------------------------------------------------


def serve_site(content: Path, host: str, port: int) -> None:
    """Serve the site on host:port and rebuild it whenever a watched file changes.

    Each rebuild goes through `build_site`, so a broken change is reported
    and the last good site keeps being served until the content is fixed.
    """
    from mkdocs.livereload import LiveReloadServer

    served = Path(tempfile.mkdtemp(prefix="briefing-serve-")) / "site"
    site_url = f"http://{host}:{port}/"

    def rebuild() -> None:
        result = check_content(content)
        if result.problems:
            print(format_report(result.problems), file=sys.stderr, flush=True)
        if result.briefing is None:
            print("The content has errors: still serving the last good site.", file=sys.stderr, flush=True)
            return
        try:
            build_site(content, served, site_url, result.briefing, preview=True)
        except BuildFailed as failure:
            print(
                f"The site could not be built: still serving the last good site.\n{failure}",
                file=sys.stderr,
                flush=True,
            )
            return
        except Exception:  # noqa: BLE001 - a bug: show it in full, and keep serving
            # An exception escaping this function would leave MkDocs' server waiting for a
            # successful build before it answers any request: the preview would hang.
            traceback.print_exc()
            print("The build failed (a bug, above): still serving the last good site.", file=sys.stderr, flush=True)
            return
        print(f"Site rebuilt: {site_url}", file=sys.stderr, flush=True)

    rebuild()
    if not served.exists():  # the first build failed: serve a note until it is fixed
        served.mkdir(parents=True)
        (served / "index.html").write_text(_NO_SITE_YET, encoding="utf-8")
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(served))
    for path in (content, PROJECT_ROOT / "site_templates", CONFIG_FILE):
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(served.parent, ignore_errors=True)


_NO_SITE_YET = """<!doctype html><html lang="en"><meta charset="utf-8"><title>No site yet</title>
<p>The briefing has errors, listed in the terminal. Fix them and this page reloads.</p></html>
"""
