"""Escaping by output context, in one place.

Every piece of author text reaches the site through one of these
functions; templates never escape by hand. The contexts:

- `md_text`: plain text inside generated Markdown — a paragraph, a table
  cell, a heading, or raw HTML (an element's text or a quoted attribute).
  ASCII punctuation becomes numeric character references, which Markdown
  leaves alone and browsers show as the character: no emphasis, link,
  table pipe, heading marker, tag or entity can be formed from content.
- `md_html`: HTML rendered from a Markdown field (already sanitized),
  placed in generated Markdown as a raw HTML block.
- `theme_markup`: plain text for Material's templates, which do not
  autoescape (the site name, each page's title and description): a Markup
  object, escaped once, whether the template adds `| e` or not.
- `html_attr`: a value inside a double-quoted HTML attribute.
- `json_for_script`: JSON inside a `<script>` element (JSON-LD).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markupsafe import Markup


class Trusted(str):
    """Text already made safe for the context it is about to be placed in."""

    __slots__ = ()


# Every ASCII character with a meaning in Markdown (with the extensions this
# site enables) or in HTML. A full stop only matters after a digit ("1." starts
# a list), so prose stays readable in the generated Markdown. The other
# spaces (no-break, thin, ideographic ...) are written as references too, so
# that Markdown, which trims white space around a heading or a cell, keeps them.
_MARKUP_CHARS = re.compile(r"""[!"#&'()*+\-<=>\[\\\]^_`{|}~]|(?<=[0-9])\.|[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]""")
# A line break, or a run of the white space HTML folds anyway, is one space: the
# text must stay on one line of Markdown wherever it lands (a table cell).
_WHITESPACE = re.compile(r"[\t\n\v\f\r \x1c-\x1f\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """Plain text as a page shows it, for a title or an attribute: each line break,
    or run of spaces, is one space, none at either end; every other character is kept."""
    return _WHITESPACE.sub(" ", text).strip(" ")


def md_text(text: str) -> Trusted:
    """Plain text, safe in generated Markdown and in HTML text or attributes."""
    text = one_line(text)
    return Trusted(_MARKUP_CHARS.sub(lambda m: f"&#{ord(m.group())};", text))


def md_words(text: str) -> Trusted:
    """Part of a sentence (a message's words between its placeholders): as `md_text`,
    but the spaces at either end are kept, for the values that go between."""
    return Trusted(_MARKUP_CHARS.sub(lambda m: f"&#{ord(m.group())};", _WHITESPACE.sub(" ", text)))


# Braces mean nothing in HTML, but `{{ }}`, `{% %}` and `{: }` would be read by a
# template or attribute-list extension if one ever ran over the generated Markdown.
# A `#` starting a line (in a code block) would read as a heading (`html_blocks`).
_BRACES = re.compile(r"[{}]|^#", re.MULTILINE)
# A line break before an empty line, as a reference: no blank line inside the block (`html_blocks`).
_BEFORE_EMPTY_LINE = re.compile(r"\n(?=\n)")


def md_html(html: str) -> Trusted:
    """Sanitized HTML, for a raw HTML block of generated Markdown.

    Markdown leaves a raw HTML block alone; the braces, and a `#` at the
    start of a line, become character references, which the browser shows
    (or, in an address, reads) as the characters, so the generated Markdown
    holds no template syntax and no line a reader of it takes for a heading.
    An empty line is written as a reference to the line break before it:
    the block has no blank line, and a code block shows as many as it had.
    """
    html = _BEFORE_EMPTY_LINE.sub("&#10;", html)
    return Trusted(_BRACES.sub(lambda m: f"&#{ord(m.group())};", html))


def theme_markup(text: str) -> Markup:
    """Plain text for a theme value printed both raw and through `| e` (the site name).

    A Markup object is escaped once and never again; on one line, because a
    line separator in a <title> or an attribute is not shown as a space.
    """
    return Markup.escape(one_line(text))


def html_attr(text: str) -> Trusted:
    """Text for a double-quoted HTML attribute in a theme template."""
    return Trusted(html.escape(text, quote=True))


def html_text(text: str) -> Trusted:
    """Text for an HTML element's content in a theme template."""
    return Trusted(html.escape(text, quote=False))


def json_for_script(data: Any) -> Trusted:
    """JSON that cannot end its `<script>` element or open a comment in it.

    `<`, `>` and `&` are written as \\u escapes, so `</script>` and `<!--`
    cannot appear; U+2028 and U+2029 are escaped for old JavaScript parsers.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Trusted(text)

