"""`check` never fails with a traceback, whatever an author's editor produces.

Hypothesis writes random text, random bytes, random YAML structures and
small random edits of valid files into a copy of the basic briefing, and
checks the whole pipeline: every problem must be a clean report naming a
file of the briefing, with a place and a hint, and content that checks
clean must render. The runs are derandomized and keep no example database,
so every run (and CI) tries the same inputs. For a longer hunt on your own
machine: BRIEFING_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.pipeline import check_content
from generator.render import render_site
from generator.schema import FILE_RECORDS, Record

from .conftest import BASIC, PROJECT, examples

TEMPLATES = PROJECT / "site_templates" / "pages"
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=examples(full=150, fast=20, variable="BRIEFING_FUZZ_EXAMPLES"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TARGETS = (
    "briefing.yaml",
    "ratings.yaml",
    "claims/horses-by-train.yaml",
    "claims/dprk-denies-arms-exports.yaml",
    "sources/ap-2022-11-08.yaml",
    "sources/new-source.yaml",
)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """One copy of the basic briefing; each example edits one file and puts it back."""
    copy = tmp_path_factory.mktemp("fuzz") / "briefing"
    shutil.copytree(BASIC, copy)
    return copy


@contextmanager
def written(root: Path, relative: str, data: bytes) -> Iterator[None]:
    path = root / relative
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        yield
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


def assert_checked_cleanly(root: Path, relative: str, data: bytes, compiled) -> None:
    """The property: a report, never an exception; content without errors renders
    (`compiled`: conftest.Compiled, the templates compiled once for every example)."""
    with written(root, relative, data):
        result = check_content(root)
        for problem in result.problems:
            assert problem.path and not problem.path.startswith("/"), problem
            assert (root / problem.path.rstrip("/")).exists() or problem.path.endswith("/"), problem
            assert problem.line >= 0 and problem.col >= 0, problem
            assert problem.message.strip(), problem
            assert not problem.is_error or problem.hint.strip(), f"an error without a hint: {problem.format()}"
            assert "\n" not in problem.format(), problem
        assert result.ok == (result.briefing is not None)
        event("valid: rendered" if result.ok else "invalid: reported")
        if result.ok:
            render_site(result.briefing, TEMPLATES, caches=compiled.render())


# -- strategies ---------------------------------------------------------------------


def _all_keys() -> list[str]:
    keys: set[str] = set()
    stack: list[Record] = list(FILE_RECORDS.values())
    while stack:
        record = stack.pop()
        for field in record.fields:
            keys.add(field.key)
            spec = field.spec
            while hasattr(spec, "item"):
                spec = spec.item
            if isinstance(spec, Record):
                stack.append(spec)
    return sorted(keys)


KEYS = _all_keys()
# Values that reach the interesting corners: YAML 1.1 booleans, dates real and
# not, ids that exist and ids that do not, links, addresses, markup.
WORDS = [
    "no", "false", "on", "yes", "~", "null", "0x1F", "1.10", "1e3", ".inf", "-", "",
    "2022-11-08", "2022-13-45", "2022-02-29", "2022-11-08 10:00:00", "0000-01-01", "9999-12-31",
    "accurate", "false", "unproven", "misleading", "ap-2022-11-08", "kcna-2022-09-22", "horses-by-train",
    "supports", "contradicts", "context", "news", "state-media",
    "https://example.org/", "https://[abc", "javascript:alert(1)", "mailto:a@b", "//x",
    "[a](claim:horses-by-train)", "[a](claim:nope)", "[a](source:)", "[a](#x)", "![i](data:x)",
    "<script>alert(1)</script>", "{{ x }}", "{% if %}", "| a |\n|---|\n| b |", "# h\n\n- x", "\t",
    "Ünïcödé", "مرحبا", "😀", "a\u200bb",
]  # fmt: skip

scalars = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=20),
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.none(),
    st.dates(),
    st.floats(allow_nan=True),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=6),
    ),
    max_leaves=25,
)


def dump(value, flow: bool) -> bytes:
    return yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def edited_file(draw) -> tuple[str, bytes]:
    """A valid file of the basic briefing with a few lines deleted, repeated, replaced or re-indented."""
    relative = draw(st.sampled_from(TARGETS[:-1]))
    lines = (BASIC / relative).read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "repeat", "value", "indent", "outdent", "key"]))
        line = lines[index]
        key, colon, _ = line.partition(": ")
        if edit == "delete" and len(lines) > 1:
            del lines[index]
        elif edit == "repeat":
            lines.insert(index, line)
        elif edit == "value" and colon:
            lines[index] = f"{key}: {draw(st.sampled_from(WORDS))!s}"
        elif edit == "indent":
            lines[index] = "  " + line
        elif edit == "outdent":
            lines[index] = line[2:] if line.startswith("  ") else line
        elif edit == "key" and colon:
            lines[index] = f"{key[: len(key) - len(key.lstrip())]}{draw(st.sampled_from(KEYS))}: {_}"
    return relative, ("\n".join(lines) + "\n").encode("utf-8")


@st.composite
def replaced_subtree(draw) -> tuple[str, bytes]:
    """A valid file with one value, anywhere inside it, replaced by a random structure."""
    relative = draw(st.sampled_from(TARGETS[:-1]))
    document = yaml.load((BASIC / relative).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    parent, key = _random_place(draw, document)
    if parent is not None:
        parent[key] = draw(structures)
    return relative, dump(document, draw(st.booleans()))


def _random_place(draw, document):
    parent, key, node = None, None, document
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, draw(st.sampled_from(keys))
        node = node[key]
    if parent is None and isinstance(document, dict) and document:
        parent, key = document, draw(st.sampled_from(list(document)))
    return parent, key


# -- the properties --------------------------------------------------------------------


@FUZZ
@given(relative=st.sampled_from(TARGETS), text=st.text(max_size=300))
def test_random_text(root, relative, text, compiled):
    assert_checked_cleanly(root, relative, text.encode("utf-8", "surrogatepass"), compiled)


@FUZZ
@given(relative=st.sampled_from(TARGETS), data=st.binary(max_size=300))
def test_random_bytes(root, relative, data, compiled):
    assert_checked_cleanly(root, relative, data, compiled)


@FUZZ
@given(relative=st.sampled_from(TARGETS), value=structures, flow=st.booleans())
def test_random_yaml_structures(root, relative, value, flow, compiled):
    assert_checked_cleanly(root, relative, dump(value, flow), compiled)


@FUZZ
@given(change=edited_file())
def test_small_edits_of_valid_files(root, change, compiled):
    assert_checked_cleanly(root, *change, compiled=compiled)


@FUZZ
@given(change=replaced_subtree())
def test_a_value_replaced_anywhere(root, change, compiled):
    assert_checked_cleanly(root, *change, compiled=compiled)
