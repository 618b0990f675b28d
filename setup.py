"""Copies the generator's files that live outside generator/ into the wheel.

site_templates/, mkdocs.yml and the Pages workflow stay at the top of the
project, where authors and contributors find them; a wheel carries them
under generator/_data/ (see generator/resources.py, which finds either).
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PROJECT = Path(__file__).resolve().parent


def _constants(module: Path) -> dict:
    """The module's top-level constants, read without importing the package (its dependencies may be missing)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        target.id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Constant, ast.Tuple))
        for target in node.targets
        if isinstance(target, ast.Name)
    }


_names = _constants(PROJECT / "generator" / "resources.py")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's own folders
            return
        target = Path(self.build_lib) / "generator" / _names["PACKAGED_ROOT"]
        for name in _names["SHIPPED"]:
            source, copy = PROJECT / name, target / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, copy, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, copy)


setup(cmdclass={"build_py": BuildPyWithData})
