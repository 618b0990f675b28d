"""The Content-Security-Policy of each page, as a <meta> element.

GitHub Pages cannot send headers, so the policy travels in the page: a
`<meta http-equiv="Content-Security-Policy">` placed first in `<head>`,
before any script, style or link it governs.

Scripts: the theme's own files (`'self'`) and the theme's few inline
scripts (the localStorage helpers, the palette, the tab restorer), each
allowed by the SHA-256 hash of its exact text. Which inline scripts are the
theme's is not read from the finished page, where content could have put a
script of its own, but from the theme's script templates rendered on their
own. No `'unsafe-inline'`, no `'unsafe-eval'`: a script
that content smuggled into a page would not run. Data blocks
(`application/json`, `application/ld+json`) are not scripts and need no hash.

The preview server (`serve`) injects its live-reload script into every
page as it is sent, with a fresh number in it each time, so no hash can be
known in advance; the preview policy allows inline script instead, and is
otherwise the same. It is never written into a built site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection, Mapping
from html.parser import HTMLParser
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes

from .escape import html_attr

# Types a browser runs as script (an absent or empty type means JavaScript).
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}

_COMMON = (
    "default-src 'self'",
    # Content Markdown may show images from any http(s) address; the theme's
    # icons are data: URLs in its stylesheet.
    "img-src 'self' https: http: data:",
    # Table alignment uses the `align` attribute, so no inline style is needed.
    "style-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",  # the search index (Pagefind's: its chunks and its WebAssembly)
    "worker-src 'self'",  # the search worker
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


# Material's templates of the inline scripts this site uses: the localStorage
# helpers, the colour palette, and restoring a tab from the address.
THEME_SCRIPT_TEMPLATES = (
    "partials/javascripts/base.html",
    "partials/javascripts/palette.html",
    "partials/javascripts/content.html",
)


class ThemeScripts:
    """The inline scripts the theme writes into a page, from its script templates alone.

    Rendered apart from the page, with the page's context, where no author
    text can reach them: that is what makes a script the theme's. A theme
    feature that adds another inline script needs its template added to
    THEME_SCRIPT_TEMPLATES (the browser tests report the script the policy
    then blocks).

    One per build. Each template is rendered once for each set of values of
    the names it reads (the pages' depth, mostly): rendering them for every
    page was a twentieth of a large build. A template that includes another
    is rendered for every page.
    """

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self._reads = {name: _names_read(env, name) for name in THEME_SCRIPT_TEMPLATES}
        self._known: dict[tuple, list[str]] = {}

    def __call__(self, context: Mapping[str, Any]) -> set[str]:
        scripts: set[str] = set()
        for name, reads in self._reads.items():
            key = None if reads is None else (name, *(_value_key(context.get(n)) for n in reads))
            found = self._known.get(key) if key else None
            if found is None:
                found = inline_scripts(self.env.get_template(name).render(context))
                if key:
                    self._known[key] = found
            scripts.update(found)
        return scripts


def _names_read(env: jinja2.Environment, name: str) -> tuple[str, ...] | None:
    """The context names a template reads, or None when it includes, imports or extends another."""
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    tree = env.parse(source)
    if any(tree.find_all((jinja2.nodes.Include, jinja2.nodes.Import, jinja2.nodes.FromImport, jinja2.nodes.Extends))):
        return None
    return tuple(sorted(jinja2.meta.find_undeclared_variables(tree)))


def _value_key(value: Any) -> Any:
    """A value as part of a cache key: plain values as they are; an object by identity, for one build."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return ("object", id(value))


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script of a page (data blocks aside), in order."""
    return _Page(html).scripts


def script_sources(scripts: list[str]) -> list[str]:
    """CSP sources ('sha256-…') for scripts, in order, without repeats."""
    sources = []
    for text in scripts:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        if f"'sha256-{digest}'" not in sources:
            sources.append(f"'sha256-{digest}'")
    return sources


def policy(script_sources: list[str], preview: bool = False, wasm: bool = False) -> str:
    """The policy text: the theme's scripts by hash, or (preview) any inline script.

    `wasm`: the site searches with Pagefind, whose engine is WebAssembly,
    which a policy with script-src must allow to compile ('wasm-unsafe-eval':
    WebAssembly only, no eval() of JavaScript).
    """
    inline = ["'unsafe-inline'"] if preview else script_sources
    script_src = ["script-src 'self'", *(["'wasm-unsafe-eval'"] if wasm else []), *inline]
    return "; ".join([_COMMON[0], " ".join(script_src), *_COMMON[1:]])


def with_policy(
    html: str, theme_scripts: Collection[str], preview: bool = False, framed: Collection[str] = (), wasm: bool = False
) -> str:
    """The page with its policy as the first element of <head>.

    `theme_scripts` are the texts of the inline scripts the theme writes
    into this page, rendered from the theme's own templates; only those are
    allowed, so a script that came in with content, were it ever to reach
    the page, would not run. A page without a <head> is returned as it is.

    The page is searched, not parsed: parsing every page was 44% of the
    samples of a large build's profile. A theme script's text followed by `</script>` is the
    script; were the same text anywhere else, its hash would allow only
    that text, the theme's own code, which is allowed anyway.

    `framed` are scripts the page's own scripts write into a frame, which
    inherits the page's policy (the offline copy's worker shim): allowed by
    hash, though they are not in the page. `wasm`: see `policy`.
    """
    head = _HEAD.search(html)
    if head is None:
        return html
    found = {text: html.find(f">{text}</script>") for text in theme_scripts}
    allowed = sorted((text for text, at in found.items() if at >= 0), key=found.__getitem__)
    text = policy(script_sources([*allowed, *framed]), preview, wasm)
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{html_attr(text)}">'
    # One copy of the page, not three: the printable page of a large briefing is tens of megabytes.
    return html.replace(head.group(0), head.group(0) + meta, 1)


#: the <head> start tag: the theme writes it before anything content could put in the page
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


class _Page(HTMLParser):
    """The text of each inline script in some HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)  # script text is hashed exactly as written
        self.scripts: list[str] = []
        self._current: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            values = dict(attrs)
            kind = (values.get("type") or "").strip().lower()
            if "src" not in values and kind in _SCRIPT_TYPES:
                self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def framed_script(shim: str, worker_url: str) -> str:
    """The inline script iframe-worker's shim (`shim`, its source) writes into its frame to start `worker_url`.

    The shim makes a web worker work from file:// by running it in a hidden
    frame, started by an inline script built from the shim's own functions
    `c` and `d` and the worker's address, as the shim's template literal
    says: `<script>postMessage=${c};importScripts=${d};...${e}...<\\/script>`.
    """
    literal = _SHIM_SCRIPT.search(shim)
    if literal is None:
        raise ValueError("the iframe-worker shim has changed: its frame script was not found")

    def value(match: re.Match) -> str:
        name = match.group(1)
        return worker_url if name == "e" else _function_source(shim, name)

    return re.sub(r"\$\{(\w+)\}", value, literal.group(1))


#: the frame's first script in the shim's `document.write(`...`)` (the second loads the worker's file)
_SHIM_SCRIPT = re.compile(r"<script>(postMessage=.*?)<\\/script>")


def _function_source(source: str, name: str) -> str:
    """The text of `function name(...){...}` in minified JavaScript, as the browser's toString gives it."""
    start = source.find(f"function {name}(")
    if start < 0:
        raise ValueError(f"the iframe-worker shim has changed: no function {name}")
    depth, at = 0, source.index("{", start)
    for end in range(at, len(source)):
        depth += {"{": 1, "}": -1}.get(source[end], 0)
        if depth == 0:
            return source[start : end + 1]
    raise ValueError(f"the iframe-worker shim has changed: function {name} never ends")
