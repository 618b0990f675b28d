"""The pages' Markdown rendered ahead of MkDocs in a forked process (generator/render_ahead.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from generator import render_ahead
from generator.boundary import BuildRequest
from generator.site import build as build_site

from .conftest import BASIC

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="pages are rendered ahead only on Linux"),
    pytest.mark.usefixtures("no_child_left"),
]

PARENT = os.getpid()


def pages(count: int, size: int = 10) -> dict[str, str]:
    return {f"p/{number:03}.md": f"# {number}\n" + "x" * size for number in range(count)}


def renderers(texts: dict[str, str]) -> dict:
    return {path: (lambda text=text: text) for path, text in texts.items()}


def test_pages_come_from_a_child_process_in_order_and_past_the_pipe_buffer():
    texts = pages(40, size=100_000)  # 4 MB: the child waits for the pipe again and again
    seen: list[int] = []

    def render(text: str) -> str:
        seen.append(os.getpid())
        return text

    ahead = render_ahead.pages({path: (lambda text=text: render(text)) for path, text in texts.items()}, ahead=True)
    assert isinstance(ahead, render_ahead.Ahead)
    assert [ahead.markdown(path) for path in texts] == list(texts.values())
    # every third page was rendered here, as MkDocs came to it; the others in the child
    assert seen == [PARENT] * (40 // render_ahead._EVERY)
    assert ahead.markdown("p/000.md") is None  # asked for once
    assert ahead.markdown("not/a/page.md") is None
    assert ahead.left() == 0
    ahead.close()


def test_pages_asked_for_out_of_order_are_still_each_its_own():
    texts = pages(30)
    ahead = render_ahead.pages(renderers(texts), ahead=True)
    order = sorted(texts, reverse=True)
    assert [ahead.markdown(path) for path in order] == [texts[path] for path in order]
    ahead.close()


def test_a_page_the_child_cannot_render_is_rendered_here_and_its_error_is_this_processs():
    texts = pages(5)

    def broken() -> str:
        raise ValueError(f"no such variable, in process {os.getpid()}")

    functions = renderers(texts) | {"p/001.md": broken}  # the second page: the child's
    ahead = render_ahead.pages(functions, ahead=True)
    assert ahead.markdown("p/000.md") == texts["p/000.md"]
    with pytest.raises(ValueError, match=f"in process {PARENT}$"):
        ahead.markdown("p/001.md")
    assert ahead.markdown("p/003.md") == texts["p/003.md"]  # rendered here, the child having stopped
    ahead.close()


def test_a_child_that_dies_halfway_leaves_the_pages_to_this_process():
    texts = pages(6)

    def dies_in_the_child(text: str) -> str:
        if os.getpid() != PARENT:
            os._exit(9)
        return text

    functions = renderers(texts) | {"p/003.md": lambda: dies_in_the_child(texts["p/003.md"])}
    ahead = render_ahead.pages(functions, ahead=True)
    assert [ahead.markdown(path) for path in texts] == list(texts.values())
    ahead.close()


def test_closing_early_ends_a_child_blocked_on_a_full_pipe():
    ahead = render_ahead.pages(renderers(pages(20, size=200_000)), ahead=True)
    assert ahead.markdown("p/000.md") is not None
    ahead.close()  # would wait forever if the child were not told by EPIPE


def test_inline_renders_in_this_process():
    inline = render_ahead.pages(renderers(pages(3)), ahead=False)
    assert isinstance(inline, render_ahead.Inline)
    assert inline.markdown("p/001.md") == "# 1\nxxxxxxxxxx"
    assert inline.left() == 2


@pytest.mark.slow
def test_a_site_rendered_ahead_is_the_site_rendered_inline(tmp_path, compiled):
    sites = {}
    for ahead in (True, False):
        out = tmp_path / f"ahead-{ahead}"
        build_site(BuildRequest(BASIC, out, render_ahead=ahead, caches=compiled.build()))
        sites[ahead] = {path.relative_to(out): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}
    assert sites[True].keys() == sites[False].keys()
    assert Path("claims/dprk-denies-arms-exports/index.html") in sites[True]
    different = [path for path in sites[True] if sites[True][path] != sites[False][path]]
    assert different == []
