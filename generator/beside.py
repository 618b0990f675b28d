"""Work done in a forked process beside this one, its result read back: the second core of a whole build.

`beside(work)` forks a child that calls `work()` and sends back its result,
pickled, through a pipe; `result()` waits for it. If the child could not
finish (an exception, a signal, a result that does not pickle), `result()`
calls `work()` in this process instead, so that an error is raised here,
with its own traceback, as without the child. A caller that stops before
asking (an error of its own, Ctrl-C) ends the child with `cancel()`.

Only on Linux (macOS does not support fork without exec for every library;
Windows has no fork): elsewhere `result()` calls `work()`.
`work` must not change what this process holds: the child's changes are
its own.
"""

from __future__ import annotations

import fcntl
import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """Work started in a child process: its `result`, or `cancel` it."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._child = fork(lambda write: _work_into(work, write))

    def result(self) -> T:
        """The work's result, from the child; where it could not finish, the work done here."""
        if self._child is None:
            return self._work()
        pid, read = self._child
        self._child = None
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return self._work()
        return pickle.loads(data)

    def cancel(self) -> None:
        """End the child now (this process stopped with an error, or was interrupted)."""
        if self._child is not None:
            pid, read = self._child
            self._child = None
            os.kill(pid, signal.SIGKILL)
            os.close(read)
            os.waitpid(pid, 0)


def beside(work: Callable[[], T]) -> Beside[T]:
    """Start `work` in a child process."""
    return Beside(work)


def fork(child: Callable[[int], NoReturn], pipe_bytes: int = 0) -> tuple[int, int] | None:
    """A child process running `child(fd)`, fd the write end of a pipe: (its pid, the read end); None if there can be none.

    `pipe_bytes`: how much the pipe should hold, where the system allows it
    (the default, 64 KiB, is enough for a child that writes only at its end).
    """
    if sys.platform != "linux":
        return None
    read, write = os.pipe()
    if pipe_bytes:
        try:
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, pipe_bytes)
        except OSError:  # above the system's limit: the default pipe works, more slowly
            pass
    # The child's collections leave this process's objects alone, and their memory shared. A
    # process that keeps its objects out of the collector already (`keep_out_of_the_collector`)
    # keeps these out too; another gets them back once the child is made.
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:  # no process to be had (a limit on processes or memory)
        if thaw:
            gc.unfreeze()
        os.close(read)
        os.close(write)
        return None
    if pid == 0:
        os.close(read)
        child(write)
    if thaw:
        gc.unfreeze()
    os.close(write)
    return pid, read


def keep_out_of_the_collector() -> None:
    """Leave every object this process holds now out of Python's cycle collector from now on.

    For a process that keeps what it made until it ends (a build's checked
    briefing): at 10,000 claims the collector's full passes over it took
    about 5 of the build's CPU-seconds. An object that was garbage in a
    cycle is collected first.
    """
    gc.collect()
    gc.freeze()


def _work_into(work: Callable[[], object], fd: int) -> NoReturn:
    """In the child: the result of `work`, pickled into the pipe; then end without the parent's clean-ups."""
    status = 1
    try:
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
        status = 0
    except BaseException:  # noqa: BLE001 - the parent does the work again, and meets the error itself
        pass
    finally:
        os._exit(status)
