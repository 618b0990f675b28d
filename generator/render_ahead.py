"""The pages' Markdown, rendered as MkDocs reads each page, or ahead of it in a second process.

Rendering the pages is about a quarter of a whole build, and MkDocs works
on one core. `Ahead` forks a process (`beside.fork`) that renders two pages
of every three, in the order MkDocs reads them, and sends each page's
Markdown through a pipe; MkDocs, in this process, takes each as it comes to
the page, and this process renders the third itself. The pipe holds about
1 MB, so the child is never further ahead than that, and memory stays as
it was. A page the child could not render (a template error) is rendered
here again, so that the error, and its template and line, are this
process's, as with `Inline`.

Where there is no fork (`beside.fork`: Linux only), and for a build of
some pages (`serve`), pages are rendered `Inline`, as MkDocs reads each one."""

from __future__ import annotations

import os
import struct
import time
from collections.abc import Callable
from functools import partial
from typing import BinaryIO, NoReturn, Protocol

from .beside import fork

#: a page in the pipe: the length of its path and of its Markdown (UTF-8), the seconds it took; then both
_HEADER = struct.Struct("<IId")
#: in place of the Markdown's length: the child could not render this page, and stopped
_FAILED = 0xFFFFFFFF
#: the pipe's buffer: how far the child may get ahead (Linux allows 1 MiB without privileges)
_PIPE_BYTES = 1 << 20
#: of every this many pages, the build's process renders one itself: MkDocs' own work on a page (its
#: HTML, headings, held copy) takes about a third of the time of rendering it, so both cores finish together
_EVERY = 3


class Pages(Protocol):
    """The pages still to be rendered, each asked for once, in the order MkDocs reads them."""

    seconds: float  #: the time spent rendering so far, in whichever process

    def markdown(self, path: str) -> str | None:
        """The page's Markdown; None for a page that is not the generator's, or was asked for already."""

    def left(self) -> int:
        """How many pages have not been asked for."""

    def close(self) -> None:
        """Let go of what is left (the child process, if any)."""


def pages(renderers: dict[str, Callable[[], str]], ahead: bool) -> Pages:
    """The pages of `renderers`, rendered `Ahead` if asked for and possible (`beside.fork`), else `Inline`."""
    here = frozenset(path for number, path in enumerate(renderers, start=1) if number % _EVERY == 0)
    child = fork(partial(_render_all, {p: r for p, r in renderers.items() if p not in here}), _PIPE_BYTES) if ahead else None
    return Inline(renderers) if child is None else Ahead(renderers, here, *child)


class Inline:
    """Each page rendered when it is asked for."""

    def __init__(self, renderers: dict[str, Callable[[], str]]) -> None:
        self._renderers = renderers
        self.seconds = 0.0

    def markdown(self, path: str) -> str | None:
        render = self._renderers.pop(path, None)
        if render is None:
            return None
        started = time.perf_counter()
        text = render()
        self.seconds += time.perf_counter() - started
        return text

    def left(self) -> int:
        return len(self._renderers)

    def close(self) -> None:
        self._renderers.clear()


class Ahead:
    """The pages rendered in a forked process, in the order of `renderers`, and read from it when asked for.

    Every `_EVERY`th page is rendered here instead, as MkDocs comes to it.
    """

    def __init__(self, renderers: dict[str, Callable[[], str]], here: frozenset[str], pid: int, read: int) -> None:
        self._renderers = renderers  # the pages not yet asked for; where the child failed, how to render them
        self._here = here
        self._early: dict[str, str] = {}  # pages the child sent before they were asked for (not in the expected order)
        self._pid: int | None = pid
        self._pipe: BinaryIO | None = os.fdopen(read, "rb", buffering=_PIPE_BYTES)
        self.seconds = 0.0

    def markdown(self, path: str) -> str | None:
        render = self._renderers.pop(path, None)
        if render is None:
            return None
        if path not in self._here:
            text = self._early.pop(path) if path in self._early else self._from_child(path)
            if text is not None:
                return text
            self._stop_child()  # it failed, or ended early: this process renders the rest
        started = time.perf_counter()
        text = render()
        self.seconds += time.perf_counter() - started
        return text

    def _from_child(self, path: str) -> str | None:
        """The page's Markdown from the child; None if the child stopped before it (it could not render a page)."""
        while self._pipe is not None and (frame := _read_frame(self._pipe)) is not None:
            sent, text, seconds = frame
            self.seconds += seconds
            if text is None:
                return None
            if sent == path:
                return text
            self._early[sent] = text
        return None

    def left(self) -> int:
        return len(self._renderers)

    def close(self) -> None:
        self._stop_child()
        self._renderers.clear()
        self._early.clear()

    def _stop_child(self) -> None:
        if self._pipe is not None:
            self._pipe.close()  # a child still writing gets EPIPE, and ends
            self._pipe = None
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None


def _read_frame(pipe: BinaryIO) -> tuple[str, str | None, float] | None:
    """(path, Markdown, seconds) of the next page the child sent, Markdown None where it failed; None at the end."""
    header = pipe.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    path_length, text_length, seconds = _HEADER.unpack(header)
    path = pipe.read(path_length)
    if text_length == _FAILED:
        return path.decode("utf-8"), None, seconds
    text = pipe.read(text_length)
    if len(path) < path_length or len(text) < text_length:  # the child ended halfway through a page
        return None
    return path.decode("utf-8"), text.decode("utf-8"), seconds


def _render_all(renderers: dict[str, Callable[[], str]], fd: int) -> NoReturn:
    """In the child: render each page into the pipe, in order, then end without running the parent's clean-ups."""
    status = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for path, render in renderers.items():
                started = time.perf_counter()
                encoded = path.encode("utf-8")
                try:
                    text = render().encode("utf-8")
                except Exception:  # noqa: BLE001 - the parent renders the page again, and reports the error itself
                    out.write(_HEADER.pack(len(encoded), _FAILED, 0.0) + encoded)
                    break
                out.write(_HEADER.pack(len(encoded), len(text), time.perf_counter() - started) + encoded + text)
                out.flush()
    except BaseException:  # noqa: BLE001 - the parent stopped reading (EPIPE) or was interrupted: nothing to tell it
        status = 1
    finally:
        os._exit(status)

