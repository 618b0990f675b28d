"""The benchmark: build synthetic briefings of growing size, measure, compare with MkDocs alone.

For each size it writes a synthetic briefing (benchmarks/synthetic.py), then

- renders it to Markdown (`python -m generator render --out`) for plain
  MkDocs, with a mkdocs.yml of the same theme, settings and navigation and
  no briefing plugin;
- `--runs` times, in turn: builds it in a fresh process
  (benchmarks/timed_build.py), reading the stages' times from the process
  and its wall time and peak memory (the larger of ru_maxrss from wait4
  and the sampled sum of the process tree's proportional set sizes) from here;
  builds the rendered Markdown with plain `mkdocs build`; and builds the
  engine's floor: the same theme and settings, no briefing plugin, as many
  pages as the site has, each one paragraph;
- measures the last site: its size, the claim pages' HTML, the search index,
  and what the first search downloads in Chromium, served with gzip
  (benchmarks/search_download.py), for a claimant, a publisher and a word of
  an analysis.

Times are medians. The results go to benchmarks/results.json and, as
tables with the targets of the scale issue, to benchmarks/results.md.

    python -m benchmarks.run                      # make bench
    python -m benchmarks.run --sizes 100,1000 --runs 1
    python -m benchmarks.run --runs 3,3,3,1      # one build of 10,000 claims
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # also for the builds this starts

from mkdocs.utils.yaml import yaml_load  # noqa: E402

from generator.i18n import theme_words, translator  # noqa: E402
from generator.pipeline import check_content  # noqa: E402
from generator.render import NAV, footer_facts  # noqa: E402

from . import report, search_download, serve_latency  # noqa: E402
from .synthetic import write_briefing  # noqa: E402

BENCHMARKS = Path(__file__).resolve().parent
PROJECT = BENCHMARKS.parent
PYTHON = sys.executable
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
DEFAULT_SIZES = (100, 1000, 2500, 10000)
MB = 1000 * 1000


@dataclass
class Measured:
    """One size's figures; times in seconds, sizes in bytes, memory in MiB."""

    claims: int
    runs: int
    pages: int = 0
    check: float = 0.0
    render: float = 0.0
    mkdocs: float = 0.0
    build: float = 0.0  # wall time of the whole build process
    build_cpu: float = 0.0  # its CPU time (user + system), which the machine's other work does not inflate
    peak_mib: float = 0.0
    site_bytes: int = 0
    claim_page_mean: float = 0.0
    claim_page_max: int = 0
    print_page: int = 0
    largest_page: int = 0  # the biggest .html file of the site
    largest_page_path: str = ""  # ... and where it is, relative to the site
    search_index: int = 0  #: Material's search_index.json, or Pagefind's folder: bytes on disk
    search_index_gzip: int = 0  # what Material's first search downloads, as GitHub Pages serves it (0: Pagefind)
    search_engine: str = ""  #: "material" or "pagefind", as the build chose (generator/pagefind.py)
    search_download: int = 0  #: the most a first search downloaded (gzip) in Chromium, of the three queries
    pagefind: float = 0.0  #: of the build's time, Pagefind's indexing
    mkdocs_alone: float = 0.0  # 0: not measured (--alone)
    mkdocs_alone_peak_mib: float = 0.0
    floor: float = 0.0
    floor_cpu: float = 0.0
    floor_peak_mib: float = 0.0
    all_runs: dict[str, list[float]] = field(default_factory=dict)


def run_process(command: list[str], **kwargs) -> tuple[float, float, float]:
    """Run a command to completion; its wall time (s), peak resident memory (MiB) and CPU time (s).

    The peak is the larger of the largest single process's (ru_maxrss, from
    wait4) and the most that the process and its children held together,
    sampled every `SAMPLE_EVERY` seconds: Pagefind's processes and the
    process rendering pages ahead run beside the build's.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT, **kwargs)
    sampled = [0]
    sampler = threading.Thread(target=_sample_tree_memory, args=(process, sampled), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return wall, max(usage.ru_maxrss, sampled[0]) / 1024, usage.ru_utime + usage.ru_stime  # Linux reports KiB


#: seconds between two samples of the process tree's memory: reading a process's smaps_rollup walks
#: its page tables (17 ms for 1 GB, holding its memory map's lock), so sampling every 50 ms slowed the build
SAMPLE_EVERY = 0.5


def _sample_tree_memory(process: subprocess.Popen, peak: list[int]) -> None:
    """Keep in peak[0] the most memory (KiB) that `process` and its descendants held at one time."""
    while process.returncode is None:
        peak[0] = max(peak[0], sum(_memory_kib(pid) for pid in _tree(process.pid)))
        time.sleep(SAMPLE_EVERY)


def _tree(pid: int) -> list[int]:
    pids, index = [pid], 0
    while index < len(pids):
        for children in Path(f"/proc/{pids[index]}/task").glob("*/children"):
            try:
                pids += [int(child) for child in children.read_text().split()]
            except OSError:  # the process ended meanwhile
                pass
        index += 1
    return pids


def _memory_kib(pid: int) -> int:
    """A process's proportional set size: its resident memory, a page it shares with n processes counted 1/n.

    Summed over processes, a page a forked child still shares with its parent
    counts once, as it is held once; resident sizes (VmRSS) would count it
    twice. Without smaps_rollup (Linux before 4.14), VmRSS.
    """
    for name, label in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            text = Path(f"/proc/{pid}/{name}").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith(label):
                return int(line.split()[1])
    return 0


def measure_size(claims: int, runs: int, work: Path, alone: bool = False) -> Measured:
    content = work / f"briefing-{claims}"
    print(f"\n== {claims:,} claims: writing the synthetic briefing to {content}", flush=True)
    write_briefing(content, claims)
    measured = Measured(claims, runs)
    site_dir = work / f"site-{claims}"
    alone_config_file = prepare_mkdocs_alone(content, work) if alone else None
    keys = ("check", "render", "mkdocs", "pagefind", "build", "build_cpu", "peak_mib", "floor", "floor_cpu", "floor_peak_mib")
    keys += ("mkdocs_alone", "mkdocs_alone_peak_mib") if alone else ()
    floor_config_file = None  # once the first build has said how many pages the site has
    samples: dict[str, list[float]] = {key: [] for key in keys}
    # The full build and MkDocs alone take turns, so that both see the same
    # changes in the machine's load.
    for run in range(runs):
        report_file = work / "stages.json"
        wall, peak, cpu = run_process(
            [PYTHON, "-m", "benchmarks.timed_build", "--content", str(content), "--site-dir", str(site_dir),
             "--report", str(report_file)]  # fmt: skip
        )
        stages = {"pagefind": 0.0, **json.loads(report_file.read_text())}
        for key, value in (*stages.items(), ("build", wall), ("build_cpu", cpu), ("peak_mib", peak)):
            samples[key].append(value)
        print(f"   build {run + 1}/{runs}: {wall:.1f} s, CPU {cpu:.1f} s (check {stages['check']:.1f}, "
              f"render {stages['render']:.1f}, mkdocs {stages['mkdocs']:.1f}), peak {peak:.0f} MiB", flush=True)  # fmt: skip
        if alone_config_file is not None:
            wall, peak, cpu = run_process([MKDOCS, "build", "--quiet", "--strict", "--config-file", str(alone_config_file)])
            samples["mkdocs_alone"].append(wall)
            samples["mkdocs_alone_peak_mib"].append(peak)
            print(f"   MkDocs alone {run + 1}/{runs}: {wall:.1f} s, peak {peak:.0f} MiB", flush=True)
        if floor_config_file is None:
            floor_config_file = prepare_floor(content, sum(1 for _ in site_dir.rglob("*.html")), work)
        wall, peak, cpu = run_process([MKDOCS, "build", "--quiet", "--strict", "--config-file", str(floor_config_file)])
        samples["floor"].append(wall)
        samples["floor_cpu"].append(cpu)
        samples["floor_peak_mib"].append(peak)
        print(f"   floor {run + 1}/{runs}: {wall:.1f} s, CPU {cpu:.1f} s, peak {peak:.0f} MiB", flush=True)
    for key, values in samples.items():
        setattr(measured, key, statistics.median(values))
    _measure_site(measured, site_dir, content)
    measured.all_runs = {key: [round(v, 3) for v in values] for key, values in samples.items()}
    return measured


def _measure_site(measured: Measured, site_dir: Path, content: Path) -> None:
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    measured.site_bytes = sum(p.stat().st_size for p in files)
    measured.pages = sum(1 for p in files if p.suffix == ".html")
    claim_pages = [site_dir / "claims" / path.stem / "index.html" for path in (content / "claims").glob("*.yaml")]
    sizes = [page.stat().st_size for page in claim_pages]
    measured.claim_page_mean = statistics.mean(sizes)
    measured.claim_page_max = max(sizes)
    measured.print_page = (site_dir / "print" / "index.html").stat().st_size
    largest = max((p for p in files if p.suffix == ".html"), key=lambda p: p.stat().st_size)
    measured.largest_page = largest.stat().st_size
    measured.largest_page_path = largest.relative_to(site_dir).as_posix()
    material = site_dir / "search" / "search_index.json"
    bundle = site_dir / "pagefind"
    measured.search_engine = "pagefind" if bundle.is_dir() else "material"
    if bundle.is_dir():
        measured.search_index = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    else:
        index = material.read_bytes()
        measured.search_index = len(index)
        measured.search_index_gzip = len(gzip.compress(index, compresslevel=6))  # as a web server's default
    downloads = search_download.first_searches(site_dir, search_download.queries(content))
    for download in downloads:
        print(f"   first search for {download.query!r}: {download.bytes / MB:.3f} MB gzip, {download.results} results", flush=True)
    measured.search_download = max(download.bytes for download in downloads)


def prepare_mkdocs_alone(content: Path, work: Path) -> Path:
    """The generator's Markdown (`render --out`) and a mkdocs.yml with the same theme and settings, for plain MkDocs."""
    docs = work / "markdown"
    run_process([PYTHON, "-m", "generator", "render", "--content", str(content), "--out", str(docs)],
                stdout=subprocess.DEVNULL)  # fmt: skip
    shutil.copytree(PROJECT / "site_templates" / "static", docs, dirs_exist_ok=True)  # briefing.css, briefing.js
    config_file = work / "mkdocs-alone.yml"
    config_file.write_text(yaml.safe_dump(alone_config(content, docs, work / "site-alone")), encoding="utf-8")
    return config_file


def prepare_floor(content: Path, pages: int, work: Path) -> Path:
    """The engine's floor: `pages` one-paragraph pages (the navigation's, then claims/…), same theme and settings."""
    docs = work / "floor"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(PROJECT / "site_templates" / "static", docs)
    paths = [entry.path for entry in NAV]
    paths += [f"claims/page-{number:05d}.md" for number in range(max(pages - len(paths), 0))]
    for number, path in enumerate(paths):
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(f"# Page {number}\n\nOne paragraph of text, the same length on every page of the floor.\n")
    config_file = work / "mkdocs-floor.yml"
    config_file.write_text(yaml.safe_dump(alone_config(content, docs, work / "site-floor")), encoding="utf-8")
    return config_file


def alone_config(content: Path, docs: Path, site_dir: Path) -> dict:
    """mkdocs.yml without the briefing plugin: the Markdown comes from `docs`, the nav is written out,
    and the theme gets the values the plugin would give its templates (the footer, the site's words)."""
    with open(PROJECT / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)
    briefing = check_content(content).briefing
    assert briefing is not None, f"{content} does not pass check"
    tr = translator(briefing.language)
    config["site_name"] = briefing.title
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site_dir)
    config["theme"]["custom_dir"] = str(PROJECT / config["theme"]["custom_dir"])
    config["plugins"] = [p for p in config["plugins"] if "briefing" not in p]
    config["nav"] = [{entry.title: entry.path} for entry in NAV]
    config["extra"] = {
        "briefing_footer": {key: str(value) for key, value in footer_facts(briefing, tr).items()},
        "briefing_words": {key: str(value) for key, value in theme_words(tr).items()},
    }
    config.pop("watch", None)
    return config


def machine() -> dict[str, str]:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    from importlib.metadata import version

    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "memory": f"{memory_kib / 1024 / 1024:.0f} GiB",
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "date": time.strftime("%Y-%m-%d"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="claim counts, comma-separated")
    parser.add_argument("--runs", default="3", help="builds per size, or one number per size; times are medians")
    parser.add_argument("--serve-claims", type=int, default=1000, help="briefing size for the serve test; 0: skip it")
    parser.add_argument("--alone", action="store_true", help="also build the rendered Markdown with plain MkDocs (slow)")
    parser.add_argument("--serve-edits", type=int, default=5, help="edits timed in the serve test")
    parser.add_argument("--work", type=Path, default=BENCHMARKS / "out", help="scratch folder (replaced)")
    parser.add_argument("--results", type=Path, default=BENCHMARKS / "results", help="writes RESULTS.json and RESULTS.md")
    parser.add_argument(
        "--update", action="store_true",
        help="measure again only the sizes given (and serve, unless --serve-claims 0) and keep the rest of RESULTS.json",
    )  # fmt: skip
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]  # none: only the serve test
    if args.work.exists():
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True)
    runs = [int(count) for count in args.runs.split(",")]
    if len(runs) == 1:
        runs *= len(sizes)
    if len(runs) != len(sizes):
        parser.error(f"--runs: one number, or one per size ({len(sizes)})")
    results = [measure_size(size, count, args.work, args.alone) for size, count in zip(sizes, runs)]
    serve = None
    if args.serve_claims:
        serve = serve_latency.measure(args.serve_claims, args.serve_edits, args.work)
    data = {"machine": machine(), "sizes": [asdict(r) for r in results], "serve": serve}
    if args.update:
        data = _updated(json.loads(args.results.with_suffix(".json").read_text(encoding="utf-8")), data)
    args.results.with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    text = report.markdown(data)
    args.results.with_suffix(".md").write_text(text, encoding="utf-8")
    print("\n" + text)


def _updated(earlier: dict, now: dict) -> dict:
    """Earlier results with the sizes (and serve test) measured now in place of theirs."""
    measured = {size["claims"]: size for size in now["sizes"]}
    sizes = [measured.pop(size["claims"], size) for size in earlier["sizes"]] + list(measured.values())
    serve = now["serve"] or earlier.get("serve")
    return {"machine": now["machine"], "sizes": sorted(sizes, key=lambda s: s["claims"]), "serve": serve}


if __name__ == "__main__":
    main()
