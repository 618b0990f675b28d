"""Work in a second process (generator/beside.py), and the check that shares a large briefing with one."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import write_briefing
from generator.beside import beside
from generator.markup import HtmlCache
from generator.pipeline import check_content

from .conftest import BASIC

PARENT = os.getpid()
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="work goes to a second process only on Linux")
pytestmark = pytest.mark.usefixtures("no_child_left")


@linux_only
def test_the_work_is_done_in_another_process_and_its_result_comes_back():
    result = beside(lambda: (os.getpid(), ["a", {"b": 2}], "x" * 3_000_000))  # more than a pipe holds
    pid, value, text = result.result()
    assert pid != PARENT
    assert value == ["a", {"b": 2}] and len(text) == 3_000_000


@linux_only
def test_an_error_in_the_child_is_met_again_here_with_this_processs_traceback():
    def fails() -> None:
        raise LookupError(f"raised in {os.getpid()}")

    with pytest.raises(LookupError, match=f"raised in {PARENT}$"):
        beside(fails).result()


@linux_only
def test_a_child_that_dies_leaves_the_work_to_this_process():
    def dies_in_the_child() -> int:
        if os.getpid() != PARENT:
            os._exit(7)
        return os.getpid()

    assert beside(dies_in_the_child).result() == PARENT


@linux_only
def test_a_cancelled_child_ends_at_once_and_its_work_is_not_done_here():
    done_here: list[int] = []

    def slow() -> None:
        if os.getpid() == PARENT:
            done_here.append(1)
        time.sleep(60)

    started = time.perf_counter()
    beside(slow).cancel()
    assert time.perf_counter() - started < 5
    assert done_here == []


def outcome(root: Path, parallel_from: int) -> tuple:
    html = HtmlCache()
    result = check_content(root, html=html, parallel_from=parallel_from)
    return result.briefing, result.problems, result.addresses, dict(html.items())


def test_a_check_shared_with_a_second_process_finds_what_one_process_finds(tmp_path):
    root = write_briefing(tmp_path / "briefing", 40)
    alone, shared = outcome(root, parallel_from=10**9), outcome(root, parallel_from=2)
    assert alone[0] is not None and len(alone[0].claims) == 40
    assert shared == alone


def test_problems_in_both_halves_are_all_reported_in_order(tmp_path):
    root = tmp_path / "briefing"
    shutil.copytree(BASIC, root)
    source, claim = root / "sources" / "ap-2022-11-08.yaml", root / "claims" / "horses-by-train.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("publisher:", "publsher:", 1), encoding="utf-8")
    claim.write_text(claim.read_text(encoding="utf-8") + "surprise: [unclosed\n", encoding="utf-8")
    alone, shared = outcome(root, parallel_from=10**9), outcome(root, parallel_from=2)
    files = {problem.path.split("/")[-1] for problem in alone[1]}
    assert {"ap-2022-11-08.yaml", "horses-by-train.yaml"} <= files
    assert alone[0] is None
    assert shared == alone
