"""The benchmark's results as Markdown tables, with the scale issue's targets read from them."""

from __future__ import annotations

import statistics

KB = 1000
MB = 1000 * 1000

#: the targets of the scale issues: the full build against the engine's floor (the same theme
#: and settings building as many one-paragraph pages), and what a phone downloads
MAX_BUILD_OVER_FLOOR = 2.0
MAX_GROWTH_PER_4X = 4.4
MAX_CLAIM_PAGE = 60 * KB
MAX_SEARCH_GZIP_AT_10000 = 2 * MB
MAX_CHECK_SHARE = 0.15
MAX_PEAK_MIB_AT_10000 = 1.0e9 / 2**20  # 1.0 GB
MAX_SERVE_SECONDS = 1.0  # the edited claim's page
MAX_SERVE_OTHER_SECONDS = 3.0  # another page that changed with it (the claimant's)
#: no page of the site over 1 MB of HTML at 10,000 claims (lists split into pages)
MAX_PAGE = 1 * MB


def markdown(data: dict) -> str:
    sizes = data["sizes"]
    lines = [*_machine(data), "", *_table(sizes), "", *_targets(sizes, data.get("serve"))]
    return "\n".join(lines) + "\n"


def _machine(data: dict) -> list[str]:
    m = data["machine"]
    return [
        f"Measured on {m['date']}: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, {m['system']}, "
        f"Python {m['python']}, MkDocs {m['mkdocs']}, Material {m['material']}. The machine is shared "
        "with other work, so times are noisy: each is the median of the runs counted in the table.",
    ]


def _table(sizes: list[dict]) -> list[str]:
    rows = [
        ("runs (times are their medians)", lambda s: f"{s['runs']}"),
        ("pages built", lambda s: f"{s['pages']:,}"),
        ("check", lambda s: _s(s["check"])),
        ("render (in a second process, beside MkDocs)", lambda s: _s(s["render"])),
        ("MkDocs and what waits for it (`site.build`, wall)", lambda s: _s(s["mkdocs"])),
        ("**full build** (`generator build`, whole process)", lambda s: f"**{_s(s['build'])}**"),
        ("full build, CPU time (user + system)", lambda s: _s(s["build_cpu"]) if s.get("build_cpu") else "—"),
        ("**floor**: as many one-paragraph pages, same theme", lambda s: f"**{_s(s['floor'])}**" if s.get("floor") else "—"),
        ("floor, CPU time", lambda s: _s(s["floor_cpu"]) if s.get("floor_cpu") else "—"),
        ("**full build ÷ floor** (median of the runs' pairs)", lambda s: f"**{over_floor(s):.2f}**" if s.get("floor") else "—"),
        ("full build ÷ floor, CPU time", lambda s: f"{over_floor(s, cpu=True):.2f}" if s.get("floor_cpu") else "—"),
        ("MkDocs alone on the same Markdown (`--alone`)", lambda s: _s(s["mkdocs_alone"]) if s.get("mkdocs_alone") else "—"),
        ("check ÷ full build", lambda s: f"{s['check'] / s['build']:.0%}"),
        ("peak memory of the build", lambda s: f"{s['peak_mib']:,.0f} MiB"),
        ("peak memory of the floor", lambda s: f"{s['floor_peak_mib']:,.0f} MiB" if s.get("floor_peak_mib") else "—"),
        ("site size", lambda s: f"{s['site_bytes'] / MB:,.1f} MB"),
        ("claim page, mean (largest)", lambda s: f"{s['claim_page_mean'] / KB:.1f} KB ({s['claim_page_max'] / KB:.1f} KB)"),
        ("search index on disk", lambda s: f"{s['search_index'] / MB:,.2f} MB"),
        ("search index per claim", lambda s: f"{s['search_index'] / s['claims'] / KB:.2f} KB"),
        ("search index, gzip (Material's first search downloads it)", lambda s: f"{s['search_index_gzip'] / MB:,.2f} MB" if s.get("search_index_gzip") else "—"),
        ("search engine (generator/pagefind.py)", lambda s: s.get("search_engine") or "material"),
        ("Pagefind's indexing (claims' and sources' parts beside MkDocs)", lambda s: _s(s["pagefind"]) if s.get("pagefind") else "—"),
        ("**first search download (gzip)**, measured in Chromium", lambda s: f"**{s['search_download'] / MB:,.2f} MB**" if s.get("search_download") else "—"),
        ("printable page (/print/: every claim, or the index of its parts)", lambda s: f"{s['print_page'] / MB:,.2f} MB"),
        ("largest page", _largest_page),
    ]
    header = "| claims | " + " | ".join(f"{s['claims']:,}" for s in sizes) + " |"
    lines = [header, "|---|" + "---:|" * len(sizes)]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(s) for s in sizes) + " |")
    return lines


def _targets(sizes: list[dict], serve: dict | None) -> list[str]:
    lines = ["| target | measured | met |", "|---|---|---|"]

    def add(target: str, measured: str, met: bool) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if met else '**no**'} |")

    floored = [s for s in sizes if s.get("floor")]
    if floored:
        add(
            f"full build ≤ {MAX_BUILD_OVER_FLOOR:g}× the floor",
            ", ".join(f"{over_floor(s):.2f}× at {s['claims']:,}" + _cpu_ratio(s) for s in floored),
            all(over_floor(s) <= MAX_BUILD_OVER_FLOOR for s in floored),
        )
    for before, after in zip(sizes, sizes[1:]):
        factor = after["claims"] / before["claims"]
        # Over a 4× step the ratio itself; over other steps the same bound per claim (4.6 / 4).
        bound = MAX_GROWTH_PER_4X / 4 * factor
        for label, key in (("build time", "build"), ("build CPU time", "build_cpu"), ("site bytes", "site_bytes")):
            if not (before.get(key) and after.get(key)):
                continue
            ratio = after[key] / before[key]
            add(
                f"{label} from {before['claims']:,} to {after['claims']:,} claims ({factor:g}×) ≤ {bound:.3g}×",
                f"{ratio:.2f}× ({ratio / factor:.2f}× per claim)",
                ratio <= bound,
            )
    at_10000 = [s for s in sizes if s["claims"] >= 10000 and s.get("largest_page")]
    add(
        f"no page over {MAX_PAGE / MB:g} MB at 10,000 claims",
        ", ".join(f"largest {_largest_page(s)} at {s['claims']:,}" for s in at_10000) or "not measured",
        bool(at_10000) and all(s["largest_page"] <= MAX_PAGE for s in at_10000),
    )
    largest_page = max(s["claim_page_max"] for s in sizes)
    add(f"claim page ≤ {MAX_CLAIM_PAGE / KB:.0f} KB of HTML", f"largest {largest_page / KB:.1f} KB", largest_page <= MAX_CLAIM_PAGE)
    largest = max(sizes, key=lambda s: s["claims"])
    # measured in Chromium when the benchmark did (either engine); else Material's whole index, gzip
    first_search = largest.get("search_download") or largest.get("search_index_gzip")
    if first_search:
        how = f"measured, {largest.get('search_engine') or 'material'}" if largest.get("search_download") else "Material: the whole index"
        add(
            f"search at 10,000 claims: first search downloads ≤ {MAX_SEARCH_GZIP_AT_10000 / MB:g} MB (gzip)",
            f"{first_search / MB:,.2f} MB at {largest['claims']:,} ({how})",
            largest["claims"] >= 10000 and first_search <= MAX_SEARCH_GZIP_AT_10000,
        )
    share = max(s["check"] / s["build"] for s in sizes)
    add(f"check ≤ {MAX_CHECK_SHARE:.0%} of the build", f"at most {share:.0%}", share <= MAX_CHECK_SHARE)
    add(
        f"peak memory at 10,000 claims ≤ 1.0 GB ({MAX_PEAK_MIB_AT_10000:,.0f} MiB)",
        f"{largest['peak_mib']:,.0f} MiB at {largest['claims']:,}",
        largest["claims"] >= 10000 and largest["peak_mib"] <= MAX_PEAK_MIB_AT_10000,
    )
    if serve:
        add(
            f"serve: the edited claim's page within {MAX_SERVE_SECONDS:g} s ({serve['claims']:,} claims)",
            f"median {serve['claim_page_median']:.2f} s, slowest {serve['claim_page_max']:.2f} s of {serve['edits']} edits",
            serve["claim_page_max"] <= MAX_SERVE_SECONDS,
        )
        if "other_page_max" in serve:
            add(
                f"serve: another changed page (the claimant's) within {MAX_SERVE_OTHER_SECONDS:g} s",
                f"median {serve['other_page_median']:.2f} s, slowest {serve['other_page_max']:.2f} s",
                serve["other_page_max"] <= MAX_SERVE_OTHER_SECONDS,
            )
    return lines


def _largest_page(s: dict) -> str:
    """The biggest HTML file of the site and where it is (sizes measured before it was recorded: "—")."""
    if not s.get("largest_page"):
        return "—"
    return f"{s['largest_page'] / KB:,.0f} KB (`{s['largest_page_path']}`)"


def over_floor(size: dict, cpu: bool = False) -> float:
    """The full build ÷ the floor: the median of the runs' ratios, each build over the floor built just after it.

    The two take turns, so a pair sees the same load of the shared machine;
    a ratio of medians could pair a quiet build with a loaded floor.
    """
    build, floor = ("build_cpu", "floor_cpu") if cpu else ("build", "floor")
    runs = size.get("all_runs") or {}
    if runs.get(build) and len(runs[build]) == len(runs.get(floor) or ()):
        return statistics.median(b / f for b, f in zip(runs[build], runs[floor]))
    return size[build] / size[floor]


def _cpu_ratio(size: dict) -> str:
    return f" ({over_floor(size, cpu=True):.2f}× in CPU time)" if size.get("floor_cpu") else ""


def _s(seconds: float) -> str:
    return f"{seconds:,.2f} s" if seconds < 10 else f"{seconds:,.1f} s"
