"""Two builds of the same content with SOURCE_DATE_EPOCH set are byte-identical.

The builds run through the command line from two copies of the content in
different folders, into different site folders, with different hash seeds
(so no set or dict order can leak into a page). Every file is compared: the
pages, the sitemap and its gzip header, the search index, the data files.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.pipeline import check_content

from .conftest import BASIC, PROJECT

pytestmark = pytest.mark.slow

EPOCH = 1668038400  # 2022-11-10T00:00:00Z, a day no build runs on
EPOCH_DATE = "2022-11-10"


def build(content: Path, site: Path, hash_seed: str) -> dict[str, bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": hash_seed}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--site-dir", str(site)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    shutil.copytree(BASIC, first / "content")
    shutil.copytree(BASIC, second / "elsewhere" / "briefing")
    return (
        build(first / "content", first / "site", hash_seed="1"),
        build(second / "elsewhere" / "briefing", second / "public", hash_seed="2"),
    )


def test_every_file_is_byte_identical(two_builds):
    first, second = two_builds
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    # the addresses the content format promises, and what MkDocs adds
    assert {
        "feed.xml",
        "claims.json",
        "claims.csv",
        "sitemap.xml",
        "sitemap.xml.gz",
        "search/search_index.json",
    } <= first.keys()


def test_sitemap_dates_come_from_the_content(two_builds):
    first, _ = two_builds
    sitemap = ET.fromstring(first["sitemap.xml"])
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in sitemap.findall(f"{ns}url")}
    # A claim page: its own latest review or correction; every other page: the briefing's last update.
    briefing = check_content(BASIC).briefing
    claims = {f"claims/{c.id}/": c.last_changed.isoformat() for c in briefing.claims}
    assert len(lastmod) > len(claims)
    for loc, date in lastmod.items():
        path = loc.split("/", 3)[3]
        assert date == claims.get(path, briefing.updated.isoformat()), loc
    assert set(lastmod.values()) == {"2022-11-08", "2022-11-09"}  # never EPOCH_DATE, the build's day
    gz = first["sitemap.xml.gz"]
    # MkDocs dates the gzip header from the newest page: midnight UTC of the latest change.
    latest = dt.datetime.fromisoformat(max(lastmod.values())).replace(tzinfo=dt.timezone.utc)
    assert struct.unpack("<I", gz[4:8])[0] == int(latest.timestamp())
    assert gzip.decompress(gz) == first["sitemap.xml"]


def test_no_file_holds_the_day_of_the_build(two_builds):
    """Whatever date a page shows comes from the content or SOURCE_DATE_EPOCH, never the clock."""
    first, _ = two_builds
    today = dt.datetime.now(dt.timezone.utc).date()
    stamps = {today.isoformat(), today.strftime("%d %B %Y").lstrip("0"), f"{today.day} {today:%B %Y}"}
    leaking = {name for name, data in first.items() for stamp in stamps if stamp.encode() in data}
    assert leaking == set()
