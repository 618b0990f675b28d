"""No module-level mutable state in generator/: the rule is in tests/module_state.py.

A boundary takes a value and returns a value; state that outlives a call
belongs to an object its owner creates and passes in.
"""

from __future__ import annotations

import ast
from textwrap import dedent

import pytest

from .conftest import PROJECT
from .module_state import find_module_state


def package_sources() -> dict[str, str]:
    folder = PROJECT / "generator"
    sources = {}
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(PROJECT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        sources[name] = path.read_text(encoding="utf-8")
    return sources


def test_generator_has_no_module_level_mutable_state():
    sources = package_sources()
    assert "generator.site" in sources and "generator.markup" in sources
    assert [str(finding) for finding in find_module_state(sources, "generator")] == []


def findings(*modules: tuple[str, str]) -> list[str]:
    return [str(f) for f in find_module_state({name: dedent(source) for name, source in modules}, "pkg")]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("_CACHE = {}\ndef f(k, v):\n    _CACHE[k] = v\n", "pkg.m:3: item or attribute written on module-level pkg.m._CACHE"),
        ("SEEN = set()\ndef f(x):\n    SEEN.add(x)\n", "pkg.m:3: .add() on module-level pkg.m.SEEN"),
        ("ITEMS = []\ndef f():\n    ITEMS.clear()\n", "pkg.m:3: .clear() on module-level pkg.m.ITEMS"),
        ("NAMES = dict(a=1) | {}\ndef f():\n    del NAMES['a']\n", "pkg.m:3: item or attribute written on module-level pkg.m.NAMES"),
        ("ITEMS = [x for x in 'ab']\nITEMS += ['c']\n", "pkg.m:2: augmented assignment on module-level pkg.m.ITEMS"),
        ("import functools\n_escaped = functools.lru_cache(maxsize=9)(str)\n", "pkg.m:2: module-level cache '_escaped'"),
        ("class TemplateCache:\n    pass\n_TEMPLATES = TemplateCache()\n", "pkg.m:3: module-level cache '_TEMPLATES'"),
        ("class Compiled(BytecodeCache):\n    pass\n_CODE = Compiled()\n", "pkg.m:3: module-level cache '_CODE'"),
        ("from functools import cache\n@cache\ndef f(x):\n    return x\n", "pkg.m:3: module-level cache: function 'f' is memoised"),
        ("COUNT = 0\ndef f():\n    global COUNT\n    COUNT += 1\n", "pkg.m:3: 'global COUNT' rebinds module state"),
        ("import os\nos.environ.setdefault('X', '1')\n", "pkg.m:2: sets an environment variable at import time"),
        ("import os\nos.environ['X'] = '1'\n", "pkg.m:2: sets an environment variable at import time"),
    ],
    ids=["item", "add", "clear", "del", "augmented", "lru_cache", "cache-class", "cache-base", "decorator", "global", "setdefault", "environ-item"],
)
def test_the_rule_catches_each_kind_of_module_state(source, expected):
    assert expected in findings(("pkg.m", source))


def test_a_write_from_another_module_is_caught_both_ways():
    owner = ("pkg.a", "TABLE = {}\n")
    by_name = ("pkg.b", "from .a import TABLE\ndef f():\n    TABLE['x'] = 1\n")
    by_module = ("pkg.c", "from . import a\ndef f():\n    a.TABLE.update(x=1)\n")
    assert findings(owner, by_name, by_module) == [
        "pkg.b:3: item or attribute written on module-level pkg.a.TABLE",
        "pkg.c:3: .update() on module-level pkg.a.TABLE",
    ]


def test_what_the_rule_allows():
    allowed = dedent(
        """
        import os
        import re
        from types import MappingProxyType

        NAMES = ("a", "b")
        KINDS = frozenset({"x"})
        LABELS = MappingProxyType({"a": "A"})
        PATTERN = re.compile("x")
        TYPES = {"news": "News report"}  # a dict nobody writes
        SEEN = []

        def lookup(key):
            return TYPES.get(key)

        def local(items):
            SEEN = []  # a local of the same name
            SEEN.append(items)
            cache = {}
            cache["x"] = 1
            return SEEN, cache

        def main():
            os.environ.setdefault("X", "1")  # at run time, by the program's entry point
        """
    )
    assert findings(("pkg.m", allowed)) == []


#: the adapter to the site engine: the only modules that may import MkDocs or Material
ADAPTER = {"generator.site", "generator.plugin", "generator.offline"}


def engine_imports(sources: dict[str, str]) -> dict[str, set[str]]:
    """Module → the MkDocs or Material modules it imports, anywhere in it."""
    found: dict[str, set[str]] = {}
    for name, source in sources.items():
        for node in ast.walk(ast.parse(source)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            engine = {m for m in modules if m.split(".")[0] in ("mkdocs", "material")}
            if engine:
                found.setdefault(name, set()).update(engine)
    return found


def test_only_the_adapter_imports_the_site_engine():
    sources = package_sources()
    assert set(engine_imports(sources)) <= ADAPTER, engine_imports(sources)
    assert engine_imports({"pkg.m": "def f():\n    from mkdocs.config import load_config\n"}) == {"pkg.m": {"mkdocs.config"}}
