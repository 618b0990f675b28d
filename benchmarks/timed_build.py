"""One full build, as `python -m generator build` does it, with each stage timed.

Run by the benchmark in a process of its own, so that the parent can read
this process's peak memory (wait4) and wall time. Writes the stages'
times as JSON to `--report`:

- check:  load, validate and cross-reference the content (`check_content`);
- render: the time spent rendering the Markdown pages (`render_seconds`),
  in a second process ahead of MkDocs (generator/render_ahead.py);
- pagefind: the time Pagefind took to index the site, when the build chose
  it (generator/pagefind.py; 0 otherwise): the claims' and sources' parts
  while MkDocs writes the pages, the rest after it;
- mkdocs: `site.build`'s wall time: MkDocs and Material building the site,
  the pages rendered and most of the index made beside them, the rest of
  the index, and the swap into place.

render and pagefind overlap mkdocs: the stages do not add up to the build.

    python -m benchmarks.timed_build --content DIR --site-dir DIR --report FILE
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from generator import site  # noqa: E402 - after the environment is set
from generator.beside import keep_out_of_the_collector  # noqa: E402
from generator.boundary import BuildRequest, Caches  # noqa: E402
from generator.pipeline import check_content  # noqa: E402


def timed_build(content: Path, site_dir: Path) -> dict[str, float]:
    start = time.perf_counter()
    caches = Caches()  # as `build` does: check keeps the Markdown's HTML for the pages
    result = check_content(content, html=caches.render.html)
    keep_out_of_the_collector()  # as `generator build` does
    checked = time.perf_counter()
    if not result.ok:
        raise SystemExit(f"the benchmark briefing in {content} has errors: {result.problems[:3]}")
    built_site = site.build(BuildRequest(content, site_dir, result.briefing, caches=caches))
    render, pagefind = built_site.render_seconds, built_site.search_seconds
    built = time.perf_counter()
    return {"check": checked - start, "render": render, "mkdocs": built - checked, "pagefind": pagefind}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--site-dir", type=Path, required=True)
    parser.add_argument("--report", type=Path, required=True)
    args = parser.parse_args()
    logging.getLogger("mkdocs").addHandler(logging.NullHandler())  # warnings fail a strict build anyway
    args.report.write_text(json.dumps(timed_build(args.content, args.site_dir)), encoding="utf-8")


if __name__ == "__main__":
    main()
