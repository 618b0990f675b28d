"""Pages written as headings and raw HTML blocks: Python-Markdown reads only the headings.

Most generated pages are HTML the templates made, between Markdown headings.
Python-Markdown passes a raw HTML block through as it is, but finds where it
ends by parsing every tag in it: over half of a build's time. For these pages
the plugin gives MkDocs only the headings (so that its table of contents, the
headings' ids and permalinks and the page's title come out as always) and
puts the blocks back, byte for byte, where Python-Markdown would have put
them. `generator render --out` writes the same Markdown, and plain
`mkdocs build` makes the same pages of it (tests/test_html_blocks.py).

The templates keep two rules: a line that starts with `#` is a heading
(content cannot start one: `escape` writes `#` as a reference, and
`md_html` does so at the start of a line); every other line belongs to a
block that starts with a block-level HTML tag. And the renderer writes
no run of blank lines (`canonical`): Python-Markdown shortens one between
two blocks, but not inside a block, and only a full HTML parser could tell
which is which. (`md_html` leaves no blank line in HTML from a Markdown
field, so that a blank line in a code block stays one.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown.extensions.toc import nest_toc_tokens, strip_tags, unique

_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")
_ID = re.compile(r"""\sid=["']([^"']+)["']""")


@dataclass(frozen=True)
class Split:
    """A page's Markdown as its headings and the HTML around them (`blocks[i]` comes before `headings[i]`)."""

    headings: tuple[str, ...]
    blocks: tuple[str, ...]

    @property
    def markdown(self) -> str:
        """What Python-Markdown is given: the headings alone, one paragraph each."""
        return "\n\n".join(self.headings)

    def assemble(self, headings_html: str) -> str:
        """The page's HTML: Python-Markdown's headings (one per line) with the blocks between them."""
        converted = headings_html.split("\n") if self.headings else []
        if len(converted) != len(self.headings):
            raise ValueError(f"{len(self.headings)} headings came back as {len(converted)} lines")
        parts = []
        for number, block in enumerate(self.blocks):
            block = block.strip("\n")
            if block:
                # Python-Markdown ends a raw block with a line break, then joins blocks with one.
                parts.append(block + "\n" if number < len(converted) else block)
            if number < len(converted):
                parts.append(converted[number])
        return "\n".join(parts)

    def anchor_ids(self) -> set[str]:
        """The ids in the blocks, which links to the page may point at (MkDocs checks anchors)."""
        return {match.group(1) for block in self.blocks for match in _ID.finditer(block)}


@dataclass(frozen=True)
class Headings:
    """A page's headings as Python-Markdown's toc extension writes them, and what MkDocs reads from them."""

    html: str  # one heading a line, each with its id and permalink
    toc_tokens: list[dict]  # nested, as `markdown.extensions.toc` gives them
    title: str | None  # the first heading's text, if it is a level-1 heading (MkDocs' page title)
    ids: frozenset[str]  # the headings' ids, which links to the page may point at


def write_headings(headings: tuple[str, ...], slugify: Callable[[str, str], str], permalink_title: str) -> Headings:
    """The headings' HTML without Python-Markdown, for pages outside the navigation.

    Exact because of what the templates print in a heading: text escaped by
    `escape.md_text`, in which Markdown finds nothing to convert (every ASCII
    character with a meaning is a character reference), so the heading's HTML
    is its text; ids and permalinks as the toc extension makes them (its
    `unique`, the site's `slugify`). tests/test_html_blocks.py compares the
    two on every page of several briefings.
    """
    used: set[str] = set()
    counters: dict[str, int] = {}
    lines, tokens = [], []
    permalink_title = _escape_attribute(permalink_title)
    for line in headings:
        level = len(line) - len(line.lstrip("#"))
        text = line[level:].strip().rstrip("#").rstrip()
        name = strip_tags(text)
        anchor = unique(slugify(html.unescape(name), "-"), used, counters)
        attribute = _escape_attribute(anchor)
        permalink = f'<a class="headerlink" href="#{attribute}" title="{permalink_title}">&para;</a>'
        lines.append(f'<h{level} id="{attribute}">{text}{permalink}</h{level}>')
        tokens.append({"level": level, "id": anchor, "name": name, "html": text, "data-toc-label": ""})
    page_title = tokens[0]["name"] if tokens and tokens[0]["level"] == 1 else None
    return Headings("\n".join(lines), nest_toc_tokens(tokens), page_title, frozenset(used))  # `unique` adds to `used`


_AMPERSAND = re.compile(r"&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)


def _escape_attribute(text: str) -> str:
    """As Python-Markdown's serializer writes an attribute's value."""
    text = _AMPERSAND.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def canonical(markdown: str) -> str:
    """The page's Markdown with each run of blank lines made one: the same page, to Markdown and to a browser."""
    return _BLANK_LINES.sub("\n\n", markdown)


def split(markdown: str) -> Split:
    """The page's heading lines, and the blocks before, between and after them."""
    headings: list[str] = []
    blocks: list[str] = []
    current: list[str] = []
    for line in markdown.split("\n"):
        if line.startswith("#"):
            blocks.append("\n".join(current))
            current = []
            headings.append(line)
        else:
            current.append(line)
    blocks.append("\n".join(current))
    return Split(tuple(headings), tuple(blocks))
