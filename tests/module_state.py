"""Find module-level mutable state in a package's modules, by reading their source (ast).

The rule, precisely:

1. A module-level *container* is a name bound at the top level of a module
   (also inside a top-level `if`, `try` or `with`) to a list, dict or set:
   a display (`[]`, `{}`, `{1}`), a comprehension, a call of `list`,
   `dict`, `set`, `bytearray`, `defaultdict`, `OrderedDict`, `Counter`,
   `deque` or `ChainMap`, or an operator applied to one of these
   (`dict(a) | {...}`). It is allowed as long as nothing writes to it.
2. A *write* to it, anywhere in the package (in its own module, or in another
   through `from .m import NAME` or `m.NAME`), is a failure: an item assigned
   or deleted (`NAME[k] = v`, `del NAME[k]`), an attribute assigned, an
   augmented assignment (`NAME |= ...`), or a call of a mutating method
   (`append`, `update`, `setdefault`, `add`, `clear`, `pop` ... see
   MUTATING). A local name that shadows it is not it.
3. A module-level *cache* is always a failure, written or not, since a
   cache exists to be written: a name bound to a call of `functools.cache`
   / `lru_cache` (also `lru_cache(...)(f)`), of anything whose name ends in
   "Cache", or of a class of the package that is one (its name or a base's
   ends in "Cache": `CompiledTemplates(jinja2.BytecodeCache)`); a top-level
   function decorated with `cache` or `lru_cache`.
4. A `global` statement anywhere is a failure: it rebinds module state at run time.
5. Setting an environment variable at import time (a top-level statement
   writing `os.environ` or calling `os.putenv`) is a failure.

Immutable values at module level are fine: tuples, frozensets,
MappingProxyType, compiled regular expressions, strings, numbers, and
objects built once at import and never written (a parser, a logger).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

CONTAINER_CALLS = frozenset(
    {"list", "dict", "set", "bytearray", "defaultdict", "OrderedDict", "Counter", "deque", "ChainMap"}
)
CACHE_DECORATORS = frozenset({"cache", "lru_cache"})
MUTATING = frozenset(
    {
        "append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault", "add",
        "discard", "sort", "reverse", "difference_update", "intersection_update", "symmetric_difference_update",
        "appendleft", "extendleft", "popleft", "rotate", "move_to_end", "__setitem__", "__delitem__",
        "__iadd__", "__ior__",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    module: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.message}"


def _name_of(node: ast.expr) -> str | None:
    """`f` for `f` and for `functools.f`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_container(node: ast.expr) -> bool:
    if isinstance(node, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    if isinstance(node, ast.Call):
        return _name_of(node.func) in CONTAINER_CALLS
    if isinstance(node, ast.BinOp):
        return _is_container(node.left) or _is_container(node.right)
    return False


def _is_cache(node: ast.expr, cache_classes: frozenset[str]) -> bool:
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Call):  # lru_cache(maxsize=...)(function)
        return _is_cache(node.func, cache_classes) or _name_of(node.func.func) in CACHE_DECORATORS
    name = _name_of(node.func) or ""
    return name in CACHE_DECORATORS or name.endswith("Cache") or name in cache_classes


def _cache_classes(trees: list[ast.Module]) -> frozenset[str]:
    """The package's classes that are caches: their name, or a base's, ends in "Cache"."""
    return frozenset(
        node.name
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and (node.name.endswith("Cache") or any((_name_of(b) or "").endswith("Cache") for b in node.bases))
    )


def _top_level(tree: ast.Module):
    """The module's top-level statements, including those inside top-level if/try/with."""
    pending = list(tree.body)
    while pending:
        statement = pending.pop(0)
        yield statement
        if isinstance(statement, (ast.If, ast.With, ast.Try)):
            for block in ("body", "orelse", "finalbody"):
                pending.extend(getattr(statement, block, []))
            for handler in getattr(statement, "handlers", []):
                pending.extend(handler.body)


def _targets(statement: ast.stmt) -> tuple[list[ast.expr], ast.expr | None]:
    if isinstance(statement, ast.Assign):
        return statement.targets, statement.value
    if isinstance(statement, ast.AnnAssign):
        return [statement.target], statement.value
    return [], None


def _is_environ(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and _name_of(node.value) == "os"


class _Module:
    """One module: its containers, and what its names refer to in other modules of the package."""

    def __init__(self, name: str, tree: ast.Module, package: str, modules: set[str], caches: frozenset[str]) -> None:
        self.name = name
        self.tree = tree
        self.containers: dict[str, int] = {}
        self.findings: list[Finding] = []
        self.imported_names: dict[str, tuple[str, str]] = {}  # local name → (module, name)
        self.imported_modules: dict[str, str] = {}  # local name → module
        for statement in _top_level(tree):
            targets, value = _targets(statement)
            for target in targets:
                if isinstance(target, ast.Name) and value is not None:
                    if _is_cache(value, caches):
                        self.findings.append(Finding(name, statement.lineno, f"module-level cache {target.id!r}"))
                    elif _is_container(value):
                        self.containers[target.id] = statement.lineno
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in statement.decorator_list:
                    called = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if _name_of(called) in CACHE_DECORATORS:
                        self.findings.append(
                            Finding(name, statement.lineno, f"module-level cache: function {statement.name!r} is memoised")
                        )
            self._environ_at_import(statement)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = _resolve(name, node, package)
                for alias in node.names:
                    local = alias.asname or alias.name
                    if f"{base}.{alias.name}" in modules:
                        self.imported_modules[local] = f"{base}.{alias.name}"
                    elif base in modules:
                        self.imported_names[local] = (base, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules and alias.asname:
                        self.imported_modules[alias.asname] = alias.name
            elif isinstance(node, ast.Global):
                self.findings.append(Finding(name, node.lineno, f"'global {', '.join(node.names)}' rebinds module state"))

    def _environ_at_import(self, statement: ast.stmt) -> None:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return
        for node in ast.walk(statement):
            written = (
                isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)) and _is_environ(node.value)
            ) or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and (
                    (_is_environ(node.func.value) and node.func.attr in MUTATING)
                    or (node.func.attr == "putenv" and _name_of(node.func.value) == "os")
                )
            )
            if written:
                self.findings.append(Finding(self.name, node.lineno, "sets an environment variable at import time"))


def _resolve(module: str, node: ast.ImportFrom, package: str) -> str:
    """The absolute module name of `from <node.module> import ...` inside `module`."""
    if node.level == 0:
        return node.module or ""
    parts = module.split(".")
    # A package's __init__ is named after the package itself: its level-1 base is the package.
    base = parts if module == package else parts[: len(parts) - node.level]
    return ".".join([*base, *([node.module] if node.module else [])])


def _writes(tree: ast.Module) -> list[tuple[ast.expr, int, str]]:
    """Every expression written to in `tree`, with its line and how: (the thing written, line, kind)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.append((node.value, node.lineno, "item or attribute written"))
        elif isinstance(node, ast.AugAssign):
            found.append((node.target, node.lineno, "augmented assignment"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING:
            found.append((node.func.value, node.lineno, f".{node.func.attr}()"))
    return found


def _locals_of(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """The names local to a function: its parameters and what it assigns (not its nested functions')."""
    args = function.args
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    if isinstance(function, ast.Lambda):
        return names
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, ast.Lambda):
            continue
        pending.extend(ast.iter_child_nodes(node))
    return names


def _shadowed(tree: ast.Module) -> dict[int, set[str]]:
    """For each node (by id), the local names of the functions around it."""
    shadow: dict[int, set[str]] = {}

    def visit(node: ast.AST, local: set[str]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            local = local | _locals_of(node)
        shadow[id(node)] = local
        for child in ast.iter_child_nodes(node):
            visit(child, local)

    visit(tree, set())
    return shadow


def find_module_state(sources: dict[str, str], package: str) -> list[Finding]:
    """Every breach of the rule in `sources` (module name → its source), sorted."""
    trees = {name: ast.parse(source) for name, source in sources.items()}
    caches = _cache_classes(list(trees.values()))
    modules = {name: _Module(name, tree, package, set(sources), caches) for name, tree in trees.items()}
    findings = [finding for module in modules.values() for finding in module.findings]
    for module in modules.values():
        shadow = _shadowed(module.tree)
        for target, line, how in _writes(module.tree):
            owner = None
            if isinstance(target, ast.Name) and target.id not in shadow.get(id(target), set()):
                if target.id in module.containers:
                    owner = (module.name, target.id)
                elif target.id in module.imported_names:
                    owner = module.imported_names[target.id]
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                if target.value.id in module.imported_modules and target.value.id not in shadow.get(id(target), set()):
                    owner = (module.imported_modules[target.value.id], target.attr)
            if owner and owner[1] in modules[owner[0]].containers:
                findings.append(Finding(module.name, line, f"{how} on module-level {owner[0]}.{owner[1]}"))
    return sorted(findings, key=lambda f: (f.module, f.line, f.message))
