"""The Content-Security-Policy: only the theme's scripts run, and the site still works under it."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.csp import inline_scripts, policy, script_sources, with_policy

from .browser_traps import SETTLE, Traps
from .conftest import PROJECT
from .harness import search_site, serve_directory
from .html_audit import audit

PAGE = """<!doctype html><html><head>
<meta charset="utf-8"><title>t</title>
<script>theme()</script>
<script id="__config" type="application/json">{"a": 1}</script>
<script type="application/ld+json">{"b": 2}</script>
<script src="assets/bundle.js"></script>
</head><body><p>x</p><script>alert(1)</script></body></html>"""


def policy_of(html: str) -> str:
    return audit(html).meta["content-security-policy"]


def script_src(csp: str) -> list[str]:
    directive = next(d.strip() for d in csp.split(";") if d.strip().startswith("script-src "))
    return directive.split()[1:]


# -- the policy, in isolation -----------------------------------------------------------


def test_only_inline_scripts_are_hashed_not_data_blocks_or_files():
    assert inline_scripts(PAGE) == ["theme()", "alert(1)"]


def test_a_hash_is_sha256_of_the_exact_script_text():
    # The value Chromium itself reports for <script>alert(1)</script>.
    assert script_sources(["alert(1)", "alert(1)"]) == ["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]


def test_only_the_themes_scripts_are_allowed_and_the_policy_comes_first_in_head():
    html = with_policy(PAGE, theme_scripts={"theme()"})
    found = audit(html)
    assert found.head_children[0] == ("meta", {"http-equiv": "Content-Security-Policy", "content": policy(script_sources(["theme()"]))})
    assert script_src(policy_of(html)) == ["'self'", *script_sources(["theme()"])]  # not alert(1)


def test_the_policy_forbids_plugins_base_changes_inline_style_and_eval():
    directives = {d.split()[0]: d.split()[1:] for d in policy(["'sha256-x'"]).split("; ")}
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    assert directives["default-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert not any(value in ("'unsafe-inline'", "'unsafe-eval'") for values in directives.values() for value in values)


def test_the_preview_policy_allows_inline_script_for_live_reload():
    assert script_src(policy(["'sha256-x'"], preview=True)) == ["'self'", "'unsafe-inline'"]


def test_a_page_without_head_is_left_alone():
    assert with_policy("<p>fragment</p>", {"x"}) == "<p>fragment</p>"


# -- the built site ---------------------------------------------------------------------


@pytest.fixture
def site(basic_site_for_example_org) -> Path:
    return basic_site_for_example_org


@pytest.mark.slow
def test_every_page_has_the_policy_first_with_a_hash_for_each_theme_script(site):
    files = sorted(site.rglob("*.html"))
    assert site / "404.html" in files and len(files) > 15
    for path in files:
        html = path.read_text(encoding="utf-8")
        found = audit(html)
        assert found.head_children[0][1].get("http-equiv") == "Content-Security-Policy", path
        assert html.index('<meta charset="utf-8">') < 1024, path  # the encoding is still declared early
        scripts = inline_scripts(html)
        assert len(scripts) == 3, path  # localStorage helpers, palette, tab restorer
        assert script_src(policy_of(html)) == ["'self'", *script_sources(scripts)], path


@pytest.mark.slow
@pytest.mark.browser
def test_the_site_works_under_its_policy(chromium, site):
    """No violation on any page; the palette switch and search, both script, still work."""
    with serve_directory(site, prefix="/briefing/") as base:
        context = chromium.new_context(color_scheme="light")
        traps = Traps.arm(context, base)
        page = context.new_page()
        for path in sorted(site.rglob("index.html")):
            address = path.parent.relative_to(site).as_posix()
            page.goto(base + ("" if address == "." else address + "/"), wait_until="load")
            page.evaluate(SETTLE)
        page.goto(base, wait_until="load")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
        page.locator("label[for='__palette_1']").click()
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")  # a function: an expression is polled with eval
        assert search_site(page, "Railway"), "search did not run"
        context.close()
    assert traps.fired == []


@pytest.mark.slow
@pytest.mark.browser
def test_a_script_that_got_into_a_page_is_blocked(chromium, site, tmp_path):
    """What the policy is for: were escaping ever to fail, injected script would still not run."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    claim = copy / "claims" / "horses-by-train" / "index.html"
    html = claim.read_text(encoding="utf-8")
    injected = '<script>window.ran = "script"</script><img src="x" onerror="window.ran = \'handler\'">'
    claim.write_text(html.replace("<h1", injected + "<h1", 1), encoding="utf-8")
    with serve_directory(copy) as base:
        context = chromium.new_context()
        traps = Traps.arm(context, base)
        page = context.new_page()
        page.goto(base + "claims/horses-by-train/", wait_until="load")
        page.evaluate(SETTLE)
        assert page.evaluate("window.ran") is None
        assert page.evaluate("document.documentElement.classList.contains('js')")  # the theme's scripts ran
        context.close()
    blocked = [what for _, what in traps.fired]
    assert any(what.startswith("CSP blocked script-src-elem: inline") for what in blocked)
    assert any(what.startswith("CSP blocked script-src-attr: inline") for what in blocked)


# -- the preview server -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


@pytest.mark.slow
@pytest.mark.browser
def test_live_reload_works_under_the_preview_policy(chromium, briefing):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(briefing.root), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(base, seconds=120)
        context = chromium.new_context()
        traps = Traps.arm(context, base)
        page = context.new_page()
        page.goto(base, wait_until="load")
        assert "'unsafe-inline'" in page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
        page.wait_for_function("() => typeof livereload === 'function'")  # the server's injected script ran
        briefing.replace("briefing.yaml", "title: Test briefing", "title: Retitled briefing")
        # Reloaded by itself (expect() polls without eval, which the policy forbids).
        expect(page).to_have_title("Retitled briefing", timeout=120_000)
        context.close()
        assert traps.fired == []
    finally:
        server.terminate()
        server.wait(timeout=30)
        assert re.search(r"Traceback", server.stderr.read()) is None
