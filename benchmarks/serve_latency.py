"""How soon `make serve` shows an edit: the time from saving a claim to the server sending the changed page.

Starts `python -m generator serve` on a synthetic briefing, waits for the
first build, then edits the verdict summary of a few claims, one at a
time. After each save it polls the server for the claim's page until the
page holds the new words, and then for the claimant's page (another page
that changes: it lists the claim with its summary). The times include the file watcher noticing the
change (it polls every 0.5 s).

    python -m benchmarks.serve_latency --claims 1000 --edits 5
"""

from __future__ import annotations

import argparse
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .synthetic import write_briefing

PROJECT = Path(__file__).resolve().parent.parent
FIRST_BUILD_TIMEOUT = 1800  # seconds: a slow first build must not be mistaken for a hang
EDIT_TIMEOUT = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=EDIT_TIMEOUT) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return None


def wait_for(url: str, words: str, timeout: float) -> float:
    """Poll `url` until it answers with a page holding `words`; the time that took."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and words in body:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show {words!r} within {timeout:.0f} s")


def listing_page(base: str, claim_id: str) -> str:
    """The page of the claimant's list (split into numbered pages past a size) that lists the claim."""
    match = re.search(r'href="(?:\.\./)*(claimants/[a-z0-9-]+/)"', fetch(base + f"claims/{claim_id}/") or "")
    if match is None:
        raise SystemExit(f"the page of {claim_id} links to no claimant page")
    page, number = match.group(1), 1
    while (body := fetch(base + page)) is not None and f"claims/{claim_id}/" not in body:
        number += 1
        page = f"{match.group(1)}page/{number}/"
    if body is None:
        raise SystemExit(f"no page of {match.group(1)} lists {claim_id}")
    return page


def edit_summary(path: Path, words: str) -> None:
    """Add `words` to the verdict's summary (the first `  summary:` line: the verdict comes before history)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("  summary: "))
    lines[index] += f" {words}"
    path.write_text("\n".join(lines), encoding="utf-8")


def measure(claims: int, edits: int, work: Path) -> dict:
    content = work / f"serve-briefing-{claims}"
    print(f"\n== serve: {claims:,} claims, {edits} edits", flush=True)
    write_briefing(content, claims)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = work / "serve.log"
    ids = sorted(path.stem for path in (content / "claims").glob("*.yaml"))
    targets = ids[:: max(1, len(ids) // edits)][:edits]
    with open(log, "w", encoding="utf-8") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", str(content), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=PROJECT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            started = time.perf_counter()
            wait_for(base + f"claims/{targets[0]}/", "<html", FIRST_BUILD_TIMEOUT)
            first_build = time.perf_counter() - started
            print(f"   first build served after {first_build:.1f} s", flush=True)
            page_times, other_times = [], []
            listing = {claim_id: listing_page(base, claim_id) for claim_id in targets}
            for n, claim_id in enumerate(targets):
                words = f"Benchmark edit number {n} {time.monotonic_ns()}"
                edit_summary(content / "claims" / f"{claim_id}.yaml", words)
                saved = time.perf_counter()
                wait_for(base + f"claims/{claim_id}/", words, EDIT_TIMEOUT)
                page_times.append(time.perf_counter() - saved)
                wait_for(base + listing[claim_id], words, EDIT_TIMEOUT)
                other_times.append(time.perf_counter() - saved)
                print(f"   edit {n + 1}: claim page after {page_times[-1]:.2f} s, claimant's page after {other_times[-1]:.2f} s",
                      flush=True)  # fmt: skip
                time.sleep(1.5)  # let the server settle before the next edit
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return {
        "claims": claims,
        "edits": edits,
        "first_build": round(first_build, 2),
        "claim_page": [round(t, 3) for t in page_times],
        "other_page": [round(t, 3) for t in other_times],
        "claim_page_median": round(statistics.median(page_times), 3),
        "claim_page_max": round(max(page_times), 3),
        "other_page_median": round(statistics.median(other_times), 3),
        "other_page_max": round(max(other_times), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefing-serve-bench-") as work:
        print(measure(args.claims, args.edits, Path(work)))


if __name__ == "__main__":
    main()
