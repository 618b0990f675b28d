"""`briefing init DIR`: a new briefing repository, like `mkdocs new` or `hugo new site`.

It holds an invented example claim and source (in `starter/`, marked as
examples in their text), the editor schemas, the generator's own
mkdocs.yml and Pages workflow (copied, so there is one source of each),
and a Makefile whose `make build` and `make test` install the generator
named in requirements.lock.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import MappingProxyType

from . import __version__
from .json_schemas import all_schema_files
from .resources import PACKAGE, Resources

STARTER = PACKAGE / "starter"
PACKAGE_NAME = "briefing-generator"
#: starter file → where it goes in the new briefing (names without a dot, so that package data keeps them)
RENAMED = MappingProxyType({"gitignore": ".gitignore", "ci-run": ".ci/run"})
EXECUTABLE = frozenset({".ci/run"})


class InitRefused(ValueError):
    """Nothing was written: the folder is not empty, or is a file."""


def requirements_lock(version: str = __version__) -> str:
    return (
        "# What `make` installs into .venv: the generator, at the version that wrote this briefing.\n"
        "# pip's settings say where it comes from: a package index, or a folder of wheels\n"
        "# (PIP_FIND_LINKS=/path/to/wheels). A wheel's path or a git URL may replace the line.\n"
        f"{PACKAGE_NAME}=={version}\n"
    )


def planned_files(resources: Resources) -> dict[str, bytes]:
    """Path in the new briefing → its content."""
    files: dict[str, bytes] = {}
    for path in sorted(p for p in STARTER.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = path.relative_to(STARTER).as_posix()
        files[RENAMED.get(relative, relative)] = path.read_bytes()
    for name, text in all_schema_files().items():
        files[f"content/schemas/{name}"] = text.encode("utf-8")
    files["mkdocs.yml"] = resources.config_file.read_bytes()
    files[".github/workflows/pages.yml"] = resources.pages_workflow.read_bytes()
    files["requirements.lock"] = requirements_lock().encode("utf-8")
    return files


def init_briefing(folder: Path, resources: Resources) -> list[str]:
    """Write a new briefing into `folder` (created if missing, refused unless empty); the paths written."""
    if folder.exists() and not folder.is_dir():
        raise InitRefused(f"{folder} is a file: choose a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise InitRefused(f"{folder} is not empty: choose a new or empty folder, so that nothing is overwritten")
    files = planned_files(resources)
    for relative, content in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        if relative in EXECUTABLE:
            target.chmod(0o755)
    return list(files)


def remove_half_written(folder: Path, existed: bool) -> None:
    """After a failed init: take away what it wrote, so that a second try meets no leftovers."""
    if existed:
        for child in folder.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    else:
        shutil.rmtree(folder, ignore_errors=True)
