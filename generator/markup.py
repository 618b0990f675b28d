"""Markdown fields: find their links (for validation) and render them safely.

Content Markdown is CommonMark plus tables, rendered here with markdown-it
rather than by MkDocs, for three reasons: CommonMark is the contract; raw
HTML must never pass through (markdown-it shows it as text); and no MkDocs
extension (attribute lists, snippets, HTML-in-Markdown) may ever apply to
text that arrives through a pull request. The resulting HTML is then
cleaned with nh3's allowlist as a second line of defence.

Links inside the briefing are written `claim:<id>` and `source:<id>`; the
renderer turns them into relative addresses, so they work under any path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .schema import ID_PATTERN

INTERNAL_SCHEMES = ("claim", "source")
LINK_SCHEMES = ("http", "https", "mailto")
IMAGE_SCHEMES = ("http", "https")
#: headings in content sit below the page's own h1 and h2
HEADING_SHIFT = 2

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_LEADING_JUNK = re.compile(r"^[\x00-\x20]+")

_ALLOWED_TAGS = {
    "p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br", "img",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
# markdown-it aligns table cells with style="text-align:…"; the site's
# Content-Security-Policy allows no inline style, so it becomes align="…".
_CELL_ALIGN = re.compile(r"text-align:(left|right|center)")


@dataclass(frozen=True)
class Link:
    """A link or image address found in a Markdown field."""

    href: str  # after CommonMark's entity and escape decoding
    is_image: bool
    line_offset: int  # 0-based line within the field's text
    column: int  # 0-based column of the address on that line, where it could be found

    @property
    def scheme(self) -> str | None:
        match = _SCHEME.match(_LEADING_JUNK.sub("", self.href))
        return match.group(1).lower() if match else None

    @property
    def target_id(self) -> str:
        """For `claim:x` and `source:x`, the x."""
        return self.href.split(":", 1)[1]

    def problem(self) -> str | None:
        """Why this address is not allowed, or None when it is."""
        scheme = self.scheme
        if self.is_image:
            if scheme in IMAGE_SCHEMES:
                return None
            return f"image address '{_shorten(self.href)}' is not allowed: images must use https:// or http://"
        if scheme in LINK_SCHEMES or scheme in INTERNAL_SCHEMES or self.href.startswith("#"):
            return None
        if scheme is None:
            return (
                f"relative link '{_shorten(self.href)}' is not allowed: "
                "link to a claim with claim:<id>, to a source with source:<id>"
            )
        return f"link address scheme '{scheme}:' is not allowed: use https://, http://, mailto:, claim:<id> or source:<id>"


def _parser() -> MarkdownIt:
    # "commonmark" with html=False: raw HTML in content becomes visible text.
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Accept every address while looking for links, so that a bad one is
    # reported with its line instead of being silently dropped. `check` refuses
    # such a link, so it is never rendered; were it ever, nh3 drops its address.
    parser.validateLink = lambda url: True
    return parser


_PARSER = _parser()


# Where a link's address starts in the source: after "](", after "<" of an
# autolink, or after "]:" of a reference definition.
_DESTINATION = re.compile(r"\]\(\s*<?|<(?=[A-Za-z][A-Za-z0-9+.\-]{1,31}:)|^ {0,3}\[[^\]]+\]:[ \t]*")


def find_links(text: str, html: HtmlCache | None = None) -> list[Link]:
    """Every link and image address in a Markdown text, in order, with its position.

    Rendering needs the same parse, the slowest step of all (markdown-it is
    pure Python): with `html`, the text's HTML is kept there for the pages.
    """
    if "](" not in text and "]:" not in text and "<" not in text and "][" not in text:
        return []  # no link syntax at all: skip the parse
    lines = text.split("\n")
    links = []
    seen_in_block: dict[tuple[int, int], int] = {}  # table cells share their row's line range
    # Each block's destinations, found once: looking them up again for every link
    # took minutes on a long paragraph full of links.
    destinations: dict[tuple[int, int], list[tuple[int, int]]] = {}
    blocks = _PARSER.parse(text)
    for block in blocks:
        if not block.children or not block.map:
            continue
        start, end = block.map
        for token in block.children:
            if token.type not in ("link_open", "image"):
                continue
            is_image = token.type == "image"
            href = str(token.attrGet("src" if is_image else "href") or "")
            nth = seen_in_block.get((start, end), 0)
            seen_in_block[(start, end)] = nth + 1
            if (start, end) not in destinations:
                destinations[(start, end)] = _destinations(lines, start, end)
            found = destinations[(start, end)]
            line, column = found[nth] if nth < len(found) else (start, 0)
            links.append(Link(href, is_image, line, column))
    if html is not None:
        html.remember(text, _html_from(blocks))
    return links


def _destinations(lines: list[str], start: int, end: int) -> list[tuple[int, int]]:
    return [(i, m.end()) for i in range(start, min(end, len(lines))) for m in _DESTINATION.finditer(lines[i])]


def render_html(text: str, resolve: Callable[[str, str], str], cache: HtmlCache | None = None) -> str:
    """Sanitized HTML for a Markdown text.

    `resolve(kind, id)` gives the address of a claim or source page relative
    to the page being written. With a `cache`, a text already rendered is
    not parsed again.
    """
    html = cache.html_of(text) if cache is not None else _html_from(_PARSER.parse(text))
    return _INTERNAL_HREF.sub(lambda m: f'href="{_attribute(resolve(m[1], m[2]))}"', html)


# The address a `claim:<id>` or `source:<id>` link holds between parsing and
# placing on a page. A relative address: nothing an author writes can produce
# one (validation refuses relative links, and a quote in text is escaped), and
# the sanitizer keeps it as it is.
_INTERNAL_PLACEHOLDER = "briefing-internal/{scheme}/{target}/"
_INTERNAL_HREF = re.compile(r'href="briefing-internal/(claim|source)/([a-z0-9]+(?:-[a-z0-9]+)*)/"')


class HtmlCache:
    """Each Markdown text → its sanitized HTML, internal links left as placeholders; for the texts seen last.

    A briefing's texts are printed on several pages (a claim's, the
    printable page, the lists, the feed), and parsing is the slowest step of
    rendering (markdown-it is pure Python). Owned by whoever checks and then
    builds: `check` fills it as it looks for links, the pages read it.
    """

    def __init__(self, limit: int = 1 << 16) -> None:
        self._html: dict[str, str] = {}
        self._limit = limit

    def html_of(self, text: str) -> str:
        html = self._html.get(text)
        if html is None:
            html = _html_from(_PARSER.parse(text))
            self.remember(text, html)
        return html

    def remember(self, text: str, html: str) -> None:
        if len(self._html) >= self._limit:
            del self._html[next(iter(self._html))]  # the oldest
        self._html[text] = html

    def items(self) -> tuple[tuple[str, str], ...]:
        """Each text and its HTML, oldest first (to remember them in another cache)."""
        return tuple(self._html.items())

    def clear(self) -> None:
        self._html.clear()


def _html_from(tokens: list[Token]) -> str:
    """Sanitized HTML from a text's tokens (which it changes), internal links left as placeholders."""
    for token in _walk(tokens):
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            scheme, _, target = href.partition(":")
            scheme = scheme.lower()
            if scheme in INTERNAL_SCHEMES and ID_PATTERN.fullmatch(target):
                token.attrSet("href", _INTERNAL_PLACEHOLDER.format(scheme=scheme, target=target))
            elif scheme in INTERNAL_SCHEMES:  # `check` refuses it; never make a path of it
                del token.attrs["href"]
        elif token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + HEADING_SHIFT)}"
        elif token.type in ("th_open", "td_open") and token.attrs:
            align = _CELL_ALIGN.fullmatch(str(token.attrs.pop("style", "")))
            if align:
                token.attrSet("align", align.group(1))
    return sanitize(_PARSER.renderer.render(tokens, _PARSER.options, {}))


def _attribute(address: str) -> str:
    """An address inside a double-quoted attribute, escaped as the sanitizer writes it."""
    return address.replace("&", "&amp;").replace('"', "&quot;")


def sanitize(html: str) -> str:
    """Keep only the tags and attributes plain Markdown can produce."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
    )


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
