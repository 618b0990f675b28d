"""Finding the words of a built page that did not pass through a message catalog.

A site built with the pseudo-locale (`i18n.pseudo_translator`) has every
message and every date wrapped in ⟦…⟧. What a reader sees or hears of a
page — its text nodes, and the attributes read aloud or shown as tips
(aria-label, title, alt, placeholder), the <title> and the description —
must then be one of:

- a wrapped message (with whatever values it holds),
- a value from the briefing (a claim, a name, a rating's label ...),
- the rendering of a Markdown field (inside `div.briefing-md`), skipped whole,
- a word the theme prints from its own translations (Material's language
  file for the page's language),
- code (`<code>`): a name from the data formats (a field, a column, a file),
  the same in every language; and the names of the standards the data page
  links to, and of the theme the footer credits (`PROPER_NAMES`),
- punctuation, digits and spaces.

Anything else with a letter in it is English the templates printed
without a catalog: `untranslated` lists it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.i18n import PSEUDO_CLOSE, PSEUDO_OPEN

_WRAPPED = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}")
_LETTER = re.compile(r"[^\W\d_]")
#: between two texts of a page in the stream `untranslated` reads (no text holds it)
_SEPARATOR = "\x00"
#: attributes a reader sees (a tooltip, a placeholder) or hears (a screen reader's name)
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
_SKIPPED = {"script", "style", "template", "code"}
#: the standards the data page names, and the theme the footer credits (link texts given to messages as values)
PROPER_NAMES = ("ClaimReview", "Atom", "RFC 4180", "Material for MkDocs")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def theme_words(theme_dir: Path, language: str = "en") -> frozenset[str]:
    """The words Material prints from its own translations in `language` (partials/languages/<language>.html)."""
    text = (theme_dir / "partials" / "languages" / f"{language}.html").read_text(encoding="utf-8")
    return frozenset(value for value in re.findall(r'^\s*"[\w.]+": "(.*)",?$', text, re.MULTILINE) if value)


def content_values(value: Any) -> Iterator[str]:
    """Every text held by the briefing model (and its nested values), which the pages print as written."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from content_values(getattr(value, item.name))
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from content_values(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from content_values(key)
            yield from content_values(item)


class _Texts(HTMLParser):
    """The texts of a page a reader meets, Markdown fields and scripts left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip: list[str] = []  # the open elements of a skipped subtree
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._skip:
            if tag not in _VOID:
                self._skip.append(tag)
            return
        if tag in _SKIPPED or "briefing-md" in (values.get("class") or "").split():
            self._skip.append(tag)
            return
        self._in_title = tag == "title"
        self.texts += [values[name] or "" for name in SPOKEN_ATTRIBUTES if name in values]
        if tag == "meta" and values.get("name") == "description":
            self.texts.append(values.get("content") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip:
            values = dict(attrs)
            self.texts += [values[name] or "" for name in SPOKEN_ATTRIBUTES if name in values]

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.texts.append(data)


def page_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return parser.texts


def untranslated(html: str, allowed: Iterable[str]) -> list[str]:
    """The texts of `html` with a word in them that is neither in a wrapped message nor `allowed` text.

    A message can hold elements (a link, a date), so its ⟦ and ⟧ may be in
    different text nodes: the texts are read as one stream, in document
    order, the wrapped parts taken out innermost first, and what remains is
    split back into the texts it came from.
    """
    allowed = sorted({" ".join(a.split()) for a in allowed if a.strip()}, key=len, reverse=True)
    stream = _SEPARATOR.join(" ".join(text.split()) for text in page_texts(html))
    while _WRAPPED.search(stream):  # innermost first: a message may hold another (a link's text, a date)
        stream = _WRAPPED.sub(_SEPARATOR, stream)
    found = []
    for text in stream.split(_SEPARATOR):
        rest = text
        for value in allowed:
            if value in rest:
                rest = rest.replace(value, " ")
        if _LETTER.search(rest):
            found.append(text.strip())
    return found
