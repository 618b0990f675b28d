"""The site folder: refuse a folder that building would destroy, build beside it, swap it in.

A build writes into a new hidden folder next to the site and replaces the
site with two renames only once it succeeded, so a failed build leaves the
previous site as it was, and a reader never gets a half-written site.
Nothing here knows MkDocs.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .resources import find_resources

#: the checkout, or the generator's files in an installed package
PROJECT_ROOT = find_resources().root


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
def staging_dir(site_dir: Path) -> Iterator[Path]:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = new_sibling(site_dir, "building")
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def new_sibling(site_dir: Path, purpose: str) -> Path:
    """A new, empty hidden folder next to `site_dir`, with the permissions a plain mkdir gives.

    Not tempfile.mkdtemp: its folders are private (0700), and the staging
    folder becomes the published site.
    """
    folder = site_dir.parent / f".{site_dir.name}-{purpose}-{secrets.token_hex(8)}"
    folder.mkdir()
    return folder


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `staging` with two renames, so it is never half-written."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    old = new_sibling(site_dir, "old")
    site_dir.rename(old / "site")
    try:
        staging.rename(site_dir)
    except OSError:
        (old / "site").rename(site_dir)  # put the previous site back
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)
