"""The command line: thin click commands over the pipeline.

Every command reports problems as `path:line:col: message`, exits 1 when
the content has errors and 2 on a usage error, and never shows a traceback
for a mistake in the content.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

import click
import jinja2

from . import __version__
from .addresses import LOCAL_SITE_URL
from .urls import checked_site_url
from .json_schemas import all_schema_files
from .pipeline import CheckResult, check_content
from .problems import format_report
from .render import render_site
from .templating import template_error
from .scaffold import ScaffoldRefused, new_file, schema_is_missing

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates" / "pages"
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
def check(content: Path) -> None:
    """Validate the briefing and list every problem, without building.

    Exits 0 when there are no errors (warnings allowed), 1 otherwise.

    Example:

        python -m generator check --content content
    """
    result = check_content(content)
    click.echo(format_report(result.problems), err=not result.ok)
    if not result.ok:
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
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
def build(content: Path, site_dir: Path, site_url: str | None, verbose: bool) -> None:
    """Build the whole site with MkDocs.

    The site is built in a fresh folder and swapped in at the end: a failed
    build leaves the previous site exactly as it was.

    Example:

        python -m generator build --content content --site-dir site
    """
    from .site import BuildFailed, build_site  # MkDocs is only needed here
    from .site_dir import site_dir_problem, source_date_epoch_problem

    if problem := site_dir_problem(site_dir, content):
        raise click.BadParameter(problem, param_hint="--site-dir")
    if problem := source_date_epoch_problem():
        raise click.UsageError(problem)
    result = _require_valid(content)
    _show_mkdocs_messages(verbose)
    try:
        warnings = build_site(content, site_dir, site_url, result.briefing)
    except BuildFailed as failure:
        raise click.ClickException(f"the site could not be built; {site_dir} is unchanged.\n{failure}")
    if not verbose:  # verbose: already shown as they happened
        for warning in warnings:
            click.echo(f"mkdocs: {warning}", err=True)
    click.echo(f"Built {len(result.briefing.claims)} claims into {site_dir}/")


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
    result = _require_valid(content)
    if out.exists() and any(out.iterdir()) and not (out / RENDER_MARKER).exists():
        raise click.UsageError(f"{out} is not empty and was not written by 'render'; choose another folder")
    try:
        site = render_site(result.briefing, TEMPLATES, site_url)
    except jinja2.TemplateError as error:
        raise click.ClickException(f"a template failed; nothing was written.\n{template_error(error)}")
    if out.exists():
        shutil.rmtree(out)
    for page in site.pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for data in site.files:
        (out / data.path).write_bytes(data.content)
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


def _require_valid(content: Path) -> CheckResult:
    """The checked briefing; prints warnings, and exits 1 listing the problems on any error."""
    result = check_content(content)
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
    cli(prog_name="python -m generator")
