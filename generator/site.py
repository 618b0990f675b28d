"""Stage 4 — site: the adapter to MkDocs. `build(request) -> result` is the one way in.

The whole site is built into a fresh folder and swapped in only when MkDocs
succeeded, so a failed build leaves the previous site as it was. MkDocs is
imported here and in plugin.py, and nowhere else: replacing the engine
means replacing these two files.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import PluginCollection
from mkdocs.utils.yaml import yaml_load

from . import offline, pagefind, templating
from .boundary import BuildFailed, BuildRequest, BuildResult, project_files, what_was_built
from .plugin import BriefingPlugin
from .resources import find_resources, in_briefing_or_generator
from .site_dir import site_dir_problem, source_date_epoch_problem, staging_dir, swap_in

__all__ = ["BriefingPlugin", "BuildFailed", "build", "mkdocs_config", "serve_folder"]


def build(request: BuildRequest) -> BuildResult:
    """Build what `request` asks for; raise BuildFailed saying why it could not.

    A whole site is built in a staging folder beside `request.site_dir` and
    swapped in; on failure (BuildFailed, with MkDocs' messages or the
    template and line that failed) `site_dir` is unchanged, and so it is
    after any other exception, which is a bug worth its traceback. A build
    of some `pages` writes into `site_dir` itself, a new folder of the
    caller's.
    """
    site_dir = request.site_dir.resolve()
    whole = request.pages is None
    if whole:
        problem = site_dir_problem(site_dir, request.content) or source_date_epoch_problem()
        if problem:
            raise BuildFailed(problem)
    try:
        with ExitStack() as stack:
            folder = stack.enter_context(staging_dir(site_dir)) if whole else site_dir
            messages = stack.enter_context(mkdocs_messages())
            if not whole:
                stack.enter_context(_dirty_build_allowed())
            config = mkdocs_config(replace(request, site_dir=folder))
            _run_mkdocs(config, messages, dirty=not whole)
            report = config.plugins["briefing"].report
            assert report is not None
            search_seconds = 0.0
            if config.extra.get("pagefind"):
                assert report.early_search is not None  # the plugin begins the index whenever the build chose Pagefind
                search_seconds = pagefind.index_site(folder, report.early_search)
            if request.offline:
                offline.finish(folder, project_files().templates)
            if whole:
                swap_in(folder, site_dir)
    except OSError as error:  # no room on the disk, a folder that cannot be written
        raise BuildFailed(f"could not write the site: {error}") from error
    return BuildResult(
        site_dir=site_dir,
        pages=report.pages,
        warnings=tuple(messages),
        render_seconds=report.render_seconds,
        built=what_was_built(request, report.search) if request.record else None,
        search_seconds=search_seconds,
    )


def mkdocs_config(request: BuildRequest) -> MkDocsConfig:
    """mkdocs.yml, with what the request says, and a briefing plugin made for this request alone.

    MkDocs keeps one instance of a plugin with an on_startup event for the
    whole process; a build's plugin is made here instead, from the request,
    with the options mkdocs.yml gives it filling what the request leaves open.
    """
    files = project_files()
    # Watch the content actually being built, which need not be the project's content/.
    overrides: dict = {"site_dir": str(request.site_dir), "watch": [str(request.content), str(files.templates)]}
    overrides |= _generator_folders(files.config)
    if request.site_url:
        overrides["site_url"] = request.site_url
    if request.offline:
        overrides["use_directory_urls"] = False  # page files, not folders: file:// shows no folder's index.html
    config = load_config(config_file=str(files.config), **overrides)
    options = config.plugins["briefing"].config
    base = Path(config.config_file_path).parent
    request = replace(
        request,
        content=request.content.resolve(),
        templates=request.templates or (base / options.templates if options.templates else files.pages),
        edit_url=options.edit_url if request.edit_url is None else request.edit_url,
        repo_url=options.repo_url if request.repo_url is None else request.repo_url,
    )
    config.plugins = _plugins(config.plugins.items(), BriefingPlugin(request), offline.plugins(config, files.templates) if request.offline else ())
    try:  # Pagefind's chunked index, or Material's one file (docs/performance.md, "Search at scale")
        config.extra["pagefind"] = request.pages is None and pagefind.chosen(
            config.extra.get("search", "auto"), _claims(request), offline=request.offline, preview=request.preview
        )
    except ValueError as error:
        raise BuildFailed(str(error)) from error
    return config


def _claims(request: BuildRequest) -> int:
    """How many claims the briefing has: from the checked briefing, else its claim files."""
    if request.briefing is not None:
        return len(request.briefing.claims)
    return sum(1 for _ in (request.content / "claims").glob("*.y*ml"))


def _generator_folders(config_file: Path) -> dict:
    """docs_dir and theme.custom_dir, where they name a site_templates/ folder the briefing lacks: the generator's."""
    with config_file.open("rb") as stream:
        raw = yaml_load(stream) or {}
    base, resources = config_file.parent, find_resources()

    def resolved(value: object) -> str | None:
        return str(in_briefing_or_generator(base, value, resources)) if isinstance(value, str) else None

    overrides: dict = {}
    if (docs_dir := resolved(raw.get("docs_dir"))) is not None:
        overrides["docs_dir"] = docs_dir
    theme = raw.get("theme")
    if isinstance(theme, dict) and (custom_dir := resolved(theme.get("custom_dir"))) is not None:
        overrides["theme"] = {**theme, "custom_dir": custom_dir}
    return overrides


def _plugins(configured: Iterable, briefing: BriefingPlugin, extra: Iterable) -> PluginCollection:
    """The plugins of mkdocs.yml, in order, with `briefing` in the place of the one MkDocs made, then `extra`."""
    plugins = PluginCollection()
    for name, plugin in configured:
        plugins[name] = briefing if name == "briefing" else plugin
    for name, plugin in extra:
        plugins[name] = plugin
    return plugins


def _run_mkdocs(config: MkDocsConfig, messages: list[str], dirty: bool = False) -> None:
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


class _NotTheDirtyBuildWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


@contextmanager
def _dirty_build_allowed() -> Iterator[None]:
    """MkDocs warns that a dirty build may leave stale navigation, which strict mode turns into a failure.

    The warning does not apply to a build of some pages: the navigation has
    a constant size and is the same on every page, and `serve` builds again
    every page that changed.
    """
    logger = logging.getLogger("mkdocs.commands.build")
    quiet = _NotTheDirtyBuildWarning()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


#: MkDocs' server looks at the watched files every half second at most, and every tenth at least;
#: in between, as often as keeps its looking under a tenth of a core
LOOK_EVERY = (0.1, 0.5)


def polling_interval(watched: Iterable[Path]) -> float:
    """Seconds between two looks at the watched files (MkDocs polls: it works on network and container mounts).

    A look stats every file: 12 ms for a 1,000-claim briefing, 120 ms for
    10,000. Polling every half second, as MkDocs does, added 0-0.5 s to
    every update; a small briefing is now looked at more often.
    """
    started = time.process_time()
    for path in watched:
        path.stat()
        for folder, _, names in os.walk(path):  # what the server's look does: stat every file
            for name in names:
                os.stat(os.path.join(folder, name))
    shortest, longest = LOOK_EVERY
    return min(longest, max(shortest, 10 * (time.process_time() - started)))


def serve_folder(root: Path, rebuild: Callable[[], None], watched: Iterable[Path], host: str, port: int) -> None:
    """Serve `root` on host:port; call `rebuild` when a watched path changes, then make browsers reload.

    MkDocs' live-reload server, which injects its reload script into every
    page (the preview's Content-Security-Policy allows it). Returns on Ctrl-C.
    """
    watched = tuple(watched)
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(root), polling_interval=polling_interval(watched))
    for path in watched:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
