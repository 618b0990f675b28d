"""The command line: thin click commands over the pipeline.

Every command reports problems as `path:line:col: message`, exits 1 when
the content has errors and 2 on a usage error, and never shows a traceback
for a mistake in the content.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import click
import jinja2

from . import __version__, linkcheck
from .addresses import LOCAL_SITE_URL
from .beside import keep_out_of_the_collector
from .boundary import BuildRequest, Caches, project_files
from .urls import checked_site_url
from .json_schemas import all_schema_files
from .pipeline import CheckResult, check_content
from .problems import count_of, format_report
from .render import render_site
from .resources import find_resources
from .templating import template_error
from .scaffold import ScaffoldRefused, new_file, schema_is_missing

RENDER_MARKER = ".briefing-render"

content_option = click.option(
    "--content",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default="content",
    show_default=True,
    help="The briefing folder (briefing.yaml, ratings.yaml, claims/, sources/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="briefing generator")
def cli() -> None:
    """Validate a fact-check briefing kept as YAML and build it into a site.

    Example:

        python -m generator check --content content
    """


@cli.command()
@content_option
@click.option(
    "--links",
    is_flag=True,
    help="Also request every web address in the content and warn about those that fail (needs the network).",
)
@click.option(
    "--link-timeout",
    type=click.FloatRange(min=0.1),
    default=linkcheck.TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="With --links: how long to wait for each address.",
)
def check(content: Path, links: bool, link_timeout: float) -> None:
    """Validate the briefing and list every problem, without building.

    Exits 0 when there are no errors (warnings allowed), 1 otherwise. With
    --links, every web address is requested too (a few at a time); one that
    fails is a warning, and a summary line follows.

    Example:

        python -m generator check --content content --links
    """
    result = check_content(content)
    if links and result.ok:
        report = linkcheck.check_links(result.addresses, timeout=link_timeout)
        click.echo(format_report(linkcheck.merged(result.problems, report.problems)))
        click.echo(report.summary)
        return
    click.echo(format_report(result.problems), err=not result.ok)
    if not result.ok:
        if links:
            click.echo("The web addresses were not checked: fix the errors above first.", err=True)
        sys.exit(1)


@cli.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@content_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="text for a terminal; markdown for a pull request's summary.",
)
def diff(base: str | None, head: str | None, content: Path, output: str) -> None:
    """Show the editorial changes between two git revisions of the briefing.

    BASE defaults to where HEAD left the default branch (origin's, else main
    or master); HEAD defaults to the working tree. Checks that no published
    claim changes without a trace (see docs/editorial-review.md). Exits 0
    when there is no error (warnings allowed), 1 on errors, 2 when git
    cannot give the revisions.

    Example:

        python -m generator diff main --format markdown
    """
    from .gitrevs import GitError
    from .review import UnusableBase, compare_revisions, format_markdown, format_text

    try:
        compared = compare_revisions(content, base, head)
    except GitError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except UnusableBase as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    if compared.review is None:
        click.echo(format_report(compared.head.problems), err=True)
        message = "the content has errors; fix them first (python -m generator check), then compare"
        click.echo(f"## Editorial review\n\nNot compared: {message}." if output == "markdown" else message)
        sys.exit(1)
    report = format_markdown if output == "markdown" else format_text
    click.echo(report(compared.review).rstrip("\n"))
    if not compared.review.ok:
        sys.exit(1)


def _check_site_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return checked_site_url(value) if value else value
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from error


def site_url_option(default: str | None):
    return click.option(
        "--site-url",
        envvar="SITE_URL",
        default=default,
        show_default=default is not None,
        callback=_check_site_url,
        help="The address the site is published at, where absolute links start (or set SITE_URL).",
    )


@cli.command()
@content_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="site",
    show_default=True,
    help="Where to write the site; replaced only when the build succeeds.",
)
@site_url_option(default=None)  # None: mkdocs.yml's site_url
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="The static site generator; zensical builds the rendered Markdown without the briefing plugin (docs/engines.md).",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Build a copy to read from the file system (file://): pages as files, search without a server.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show the engine's progress messages.")
def build(content: Path, site_dir: Path, site_url: str | None, engine: str, offline: bool, verbose: bool) -> None:
    """Build the whole site with MkDocs (or Zensical).

    The site is built in a fresh folder and swapped in at the end: a failed
    build leaves the previous site exactly as it was. With --offline, a
    copy that opens from the file system, with search, and asks nothing of
    the network: open DIR/index.html in a browser.

    Example:

        python -m generator build --content content --site-dir site
        python -m generator build --offline --site-dir offline
    """
    from .site_dir import site_dir_problem, source_date_epoch_problem

    if problem := site_dir_problem(site_dir, content):
        raise click.BadParameter(problem, param_hint="--site-dir")
    if problem := source_date_epoch_problem():
        raise click.UsageError(problem)
    if offline and engine != "mkdocs":
        raise click.UsageError("--offline builds with MkDocs only; leave out --engine")
    caches = Caches()  # `check` keeps each Markdown text's HTML there for the pages
    result = _require_valid(content, caches)
    keep_out_of_the_collector()  # the briefing and its HTML are kept until the process ends
    if engine == "zensical":
        _build_with_zensical(result, caches, site_dir, site_url or LOCAL_SITE_URL, verbose)
        return
    from .site import BuildFailed, build as build_site  # MkDocs is only needed here

    _show_mkdocs_messages(verbose)
    try:
        built = build_site(BuildRequest(content, site_dir, result.briefing, site_url, offline=offline, caches=caches))
    except BuildFailed as failure:
        raise click.ClickException(f"the site could not be built; {site_dir} is unchanged.\n{failure}")
    if not verbose:  # verbose: already shown as they happened
        for warning in built.warnings:
            click.echo(f"mkdocs: {warning}", err=True)
    click.echo(f"Built {count_of(len(result.briefing.claims), 'claim')} into {site_dir}/")
    if offline:
        click.echo(f"Open {(site_dir / 'index.html').resolve()} in a browser: no server needed.")


def _build_with_zensical(result: CheckResult, caches: Caches, site_dir: Path, site_url: str, verbose: bool) -> None:
    from .engine_zensical import ZensicalFailed, build_with_zensical, theme_folders, zensical_config

    files = project_files()
    config_file = files.config
    briefing = result.briefing
    try:
        site = render_site(briefing, files.pages, site_url, caches=caches.render)
    except jinja2.TemplateError as error:
        raise click.ClickException(f"a template failed; nothing was written.\n{template_error(error)}")
    config = zensical_config(config_file, briefing.title, briefing.language, site_url)
    try:
        report = build_with_zensical(site, config, theme_folders(config_file, find_resources()), site_dir)
    except ZensicalFailed as failure:
        raise click.ClickException(f"Zensical could not build the site; {site_dir} is unchanged.\n{failure}")
    if verbose:
        click.echo(report, err=True)
    click.echo(f"Built {count_of(len(briefing.claims), 'claim')} into {site_dir}/ with Zensical")


@cli.command()
@content_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the Markdown files; must be empty or a previous render.",
)
@site_url_option(default=LOCAL_SITE_URL)
def render(content: Path, out: Path, site_url: str) -> None:
    """Write the generated Markdown tree and data files, to see exactly what MkDocs receives.

    Example:

        python -m generator render --content content --out /tmp/briefing-md
    """
    caches = Caches()
    result = _require_valid(content, caches)
    if out.exists() and any(out.iterdir()) and not (out / RENDER_MARKER).exists():
        raise click.UsageError(f"{out} is not empty and was not written by 'render'; choose another folder")
    try:
        site = render_site(result.briefing, project_files().pages, site_url, caches=caches.render)
    except jinja2.TemplateError as error:
        raise click.ClickException(f"a template failed; nothing was written.\n{template_error(error)}")
    if out.exists():
        shutil.rmtree(out)
    site.write_to(out)
    (out / RENDER_MARKER).write_text("Written by `python -m generator render`; replaced on the next render.\n")
    click.echo(f"Wrote {len(site.pages)} pages and {len(site.files)} data files to {out}/")


@cli.command()
@content_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(content: Path, dev_addr: str) -> None:
    """Preview the site, rebuilding when the content or templates change.

    A change that breaks the content is reported and the last good site
    stays up; fixing the file rebuilds it, with no restart.

    Example:

        python -m generator serve --content content
    """
    from .preview import serve_site  # MkDocs is only needed to build

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("use HOST:PORT, for example 127.0.0.1:8000", param_hint="--dev-addr")
    _show_mkdocs_messages(verbose=True)
    serve_site(content, host, int(port))


@cli.group()
def new() -> None:
    """Start a new claim or source file from a commented skeleton.

    \b
    Example:
        python -m generator new claim kcna-denies-shell-exports --content content
        python -m generator new source ap-2022-11-08 --content content
    """


def _new_command(kind: str, example_id: str) -> click.Command:
    @new.command(
        name=kind,
        help=f"""Write {kind}s/ID.yaml: every key of a {kind}, explained in comments.

        Required keys are left empty, so `check` lists what is still to fill
        in; optional keys are commented out. The id becomes the file name and
        the page's address. An existing file is never overwritten.

        \b
        Example:
            python -m generator new {kind} {example_id} --content content
        """,
    )
    @click.argument("item_id", metavar="ID")
    @content_option
    def command(item_id: str, content: Path) -> None:
        try:
            path = new_file(content, kind, item_id)
        except ScaffoldRefused as refusal:
            raise click.BadParameter(str(refusal), param_hint="ID")
        click.echo(f"Wrote {path}: fill it in, then run: python -m generator check --content {content}")
        if schema_is_missing(content, kind):
            click.echo(
                f"Note: editors look for {content / 'schemas'}/ to complete keys; "
                f"create it with: python -m generator schemas --out {content / 'schemas'}",
                err=True,
            )

    return command


_new_command("claim", "kcna-denies-shell-exports")
_new_command("source", "ap-2022-11-08")


@cli.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Start a new briefing repository in DIR, which must be new or empty.

    It holds one invented example claim and source (replace them), the
    editor schemas, mkdocs.yml, a Makefile (`make build`, `make test`),
    .ci/run, the GitHub Pages workflow, .gitignore and a short README.
    Installed from a wheel, `briefing init DIR` does the same.

    Example:

        python -m generator init my-briefing
    """
    from .new_briefing import InitRefused, init_briefing, remove_half_written

    existed = folder.exists()
    try:
        written = init_briefing(folder, find_resources())
    except InitRefused as refusal:
        click.echo(f"Error: {refusal}", err=True)
        sys.exit(2)
    except OSError as error:
        if folder.is_dir():
            remove_half_written(folder, existed)
        raise click.ClickException(f"could not write the briefing, nothing was kept: {error}")
    click.echo(f"Wrote a new briefing in {folder}/ ({len(written)} files), with an invented example claim and source.")
    click.echo(f"Next: cd {folder} && make build   (then replace the examples; see README.md there)")


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="content/schemas",
    show_default=True,
    help="Folder for the *.schema.json files (content files point to content/schemas/).",
)
def schemas(out: Path) -> None:
    """Write the JSON Schemas that let editors complete and check content files.

    They are generated from the same declarations validation uses; run this
    after changing generator/schema.py, and commit the result.

    Example:

        python -m generator schemas --out content/schemas
    """
    out.mkdir(parents=True, exist_ok=True)
    files = all_schema_files()
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    click.echo(f"Wrote {len(files)} schemas to {out}/")


def _require_valid(content: Path, caches: Caches | None = None) -> CheckResult:
    """The checked briefing; prints warnings, and exits 1 listing the problems on any error."""
    result = check_content(content, html=caches.render.html if caches else None)
    if not result.ok:
        click.echo(format_report(result.problems), err=True)
        click.echo("Nothing was written: fix the errors above and run again.", err=True)
        sys.exit(1)
    if result.problems:
        click.echo(format_report(result.problems), err=True)
    return result


def _show_mkdocs_messages(verbose: bool) -> None:
    """Verbose: MkDocs' progress as it happens. Otherwise its warnings come with the outcome of the build."""
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if getattr(h, "briefing_cli", False)]:
        logger.removeHandler(handler)  # from an earlier command in the same process
    # Not printed as they happen, unless verbose; a handler is still needed, or
    # Python's last-resort handler would print them bare.
    handler = logging.StreamHandler(sys.stderr) if verbose else logging.NullHandler()
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
    handler.briefing_cli = True
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)


def main() -> None:
    # Material 9.8 prints a banner about MkDocs 2 unless this is set; the briefing builds with MkDocs 1.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cli(prog_name="python -m generator")
