"""Where `make test`'s CPU goes, by test module: `PYTEST_ADDOPTS="-p tests.cpu_ledger" make test`.

A pytest plugin, off unless named. For each test it adds up, in CPU-seconds,
the worker's own time, the processes it started and waited for (`python -m
generator`, git, pip), and the live processes below it, Chromium's and
Playwright's driver's, read from /proc (Chromium's are not waited for by the
worker: /usr/bin/time leaves most of them out). Each worker writes its rows
to test-output/cpu-ledger/ (a row a test); the controller prints the table by module at the
end, with a row for what no test ran (each worker's start-up and collection,
the controller). Linux only.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections import defaultdict
from pathlib import Path

import pytest

OUT = Path(__file__).resolve().parent.parent / "test-output" / "cpu-ledger"
TICK = os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> dict[str, float]:
    """CPU-seconds of the live processes below `root` (each with the children it reaped), by kind."""
    parents, cpu, names = {}, {}, {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            names[int(entry.name)] = Path(entry.path, "comm").read_text().strip()
        except OSError:  # it ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = sum(map(int, fields[11:15])) / TICK
    children = defaultdict(list)
    for pid, parent in parents.items():
        children[parent].append(pid)
    kinds: dict[str, float] = defaultdict(float)
    stack = list(children[root])
    while stack:
        pid = stack.pop()
        kind = "chromium" if "chrom" in names[pid] or "headless" in names[pid] else "driver" if "node" in names[pid] else "other"
        kinds[kind] += cpu[pid]
        stack.extend(children[pid])
    return kinds


def _own() -> tuple[float, float]:
    """CPU-seconds of this process, and of the children it waited for."""
    me, waited = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, waited.ru_utime + waited.ru_stime


class Ledger:
    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.start: tuple = ()

    def sample(self) -> tuple:
        return (time.perf_counter(), *_own(), _descendants(os.getpid()))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self.start = self.sample()
        yield
        if self.start:  # the last test is closed before its teardown (the browser's exit loses its CPU)
            self._row(item.nodeid, self.start, self.sample())

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item, nextitem):
        if nextitem is None:
            self._row(item.nodeid, self.start, self.sample())
            self.start = ()
        yield

    def _row(self, nodeid: str, before: tuple, after: tuple) -> None:
        below = {kind: after[3].get(kind, 0.0) - before[3].get(kind, 0.0) for kind in ("chromium", "driver", "other")}
        # A process below that ended moves its CPU to "waited" (or out of sight): never count less than nothing.
        self.rows.append({
            "module": nodeid.split("::")[0], "test": nodeid, "wall": after[0] - before[0], "pytest": after[1] - before[1],
            "waited": after[2] - before[2], **{kind: max(0.0, cpu) for kind, cpu in below.items()},
        })  # fmt: skip

    def pytest_sessionfinish(self, session):
        name = os.environ.get("PYTEST_XDIST_WORKER", "main")
        own = _own()[0] - sum(row["pytest"] for row in self.rows)
        outside = {"module": "(start-up, collection, controller)", "wall": 0.0,
                   "pytest": own, "waited": 0.0, "chromium": 0.0, "driver": 0.0, "other": 0.0}  # fmt: skip
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{name}.json").write_text(json.dumps([*self.rows, outside]), encoding="utf-8")

    def pytest_terminal_summary(self, terminalreporter):
        if os.environ.get("PYTEST_XDIST_WORKER"):
            return
        rows = [row for path in sorted(OUT.glob("*.json")) for row in json.loads(path.read_text(encoding="utf-8"))]
        modules: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for row in rows:
            for column in ("wall", "pytest", "waited", "chromium", "driver", "other"):
                modules[row["module"]][column] += row[column]
        total = lambda m: sum(v for k, v in m.items() if k != "wall")  # noqa: E731
        write = terminalreporter.write_line
        write(f"{'CPU-seconds by module':44} {'wall':>7} {'pytest':>7} {'waited':>7} {'chromium':>8} {'driver':>7} {'total':>7}")
        for module, m in sorted(modules.items(), key=lambda item: -total(item[1])):
            write(f"{module:44} {m['wall']:7.1f} {m['pytest']:7.1f} {m['waited']:7.1f} {m['chromium']:8.1f} {m['driver']:7.1f} {total(m):7.1f}")
        sums = {c: sum(m[c] for m in modules.values()) for c in ("wall", "pytest", "waited", "chromium", "driver", "other")}
        write(f"{'all':44} {sums['wall']:7.1f} {sums['pytest']:7.1f} {sums['waited']:7.1f} {sums['chromium']:8.1f} {sums['driver']:7.1f} {total(sums):7.1f}")


def pytest_configure(config):
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # the controller, before any worker starts
        for old in OUT.glob("*.json"):
            old.unlink()
    config.pluginmanager.register(Ledger(), "cpu-ledger")
