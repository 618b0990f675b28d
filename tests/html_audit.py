"""Reading built HTML the way a browser would, to find what content must never become.

`audit(html)` parses a page with the standard library's HTML parser (which
follows the HTML5 tokenizer closely enough for this: script and style text
are raw, character references are decoded in text and attributes) and
lists what matters for script injection: event-handler attributes,
addresses with a script-capable scheme, elements that load or run other
documents, and every script element with its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Attributes whose value a browser follows as an address.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "cite", "longdesc", "codebase", "manifest", "ping", "srcset", "lowsrc", "dynsrc",
}  # fmt: skip
# Elements no page of this site has a reason to contain.
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "param"}
_DANGEROUS_SCHEME = re.compile(r"^(?:javascript|data|vbscript):", re.IGNORECASE)
# Browsers drop these from an address before reading its scheme.
_URL_IGNORED = re.compile(r"[\t\n\r]|^[\x00-\x20]+")
# HTML's white space, and the line breaks the content format shows as a space.
_SPACE = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")


@dataclass(frozen=True)
class Script:
    attrs: dict[str, str | None]
    text: str

    @property
    def src(self) -> str | None:
        return self.attrs.get("src")

    @property
    def type(self) -> str:
        return (self.attrs.get("type") or "").strip().lower()


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str  # as shown: white space folded (shown())
    in_article: bool  # inside the page's <article>, the content (not the theme's frame)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


@dataclass
class Audit:
    handlers: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    dangerous_addresses: list[tuple[str, str, str]] = field(default_factory=list)
    forbidden_elements: list[tuple[str, dict]] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    #: tag of each element directly inside <head>, in order
    head_children: list[tuple[str, dict]] = field(default_factory=list)
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # name or property or http-equiv → content
    #: text of every heading, as shown (without the theme's "¶" permalink)
    headings: list[str] = field(default_factory=list)
    article_text: str = ""  # the page's content, as shown
    header_text: str = ""  # the theme's header bar, as shown
    #: every element with the text inside it, in document order of their end tags
    elements: list[Element] = field(default_factory=list)

    def texts(self, tag: str, css_class: str | None = None) -> list[str]:
        """The text of each `tag` element (with `css_class`, if given) in the page's content."""
        return [
            e.text
            for e in self.elements
            if e.in_article and e.tag == tag and (css_class is None or css_class in e.classes)
        ]

    @property
    def h1(self) -> str:
        return self.headings[0] if self.headings else ""


def audit(html: str) -> Audit:
    parser = _Auditor()
    parser.feed(html)
    parser.close()
    return parser.result


def dangerous_address(value: str) -> bool:
    return bool(_DANGEROUS_SCHEME.match(_URL_IGNORED.sub("", value)))


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Audit()
        self._script: tuple[dict, list[str]] | None = None
        self._in_head = False
        self._depth_in_head = 0
        self._title: list[str] | None = None
        self._heading: list[str] | None = None
        self._regions: dict[str, list[str]] = {"article": [], "header": []}
        self._open: dict[str, int] = {"article": 0, "header": 0}
        self._permalink = 0
        self._stack: list[tuple[str, dict, list[str], bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.result.handlers.append((tag, name, value or ""))
            if name in URL_ATTRIBUTES and value and any(dangerous_address(part) for part in value.split(",")):
                self.result.dangerous_addresses.append((tag, name, value))
            if name == "srcdoc":
                self.result.forbidden_elements.append((tag, values))
        if tag in FORBIDDEN_ELEMENTS or (tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh"):
            self.result.forbidden_elements.append((tag, values))
        if tag == "meta":
            key = values.get("name") or values.get("property") or values.get("http-equiv")
            if key:
                self.result.meta[key.lower()] = values.get("content") or ""
        if self._in_head and self._depth_in_head == 0:
            self.result.head_children.append((tag, values))
        if tag == "head":
            self._in_head = True
        elif self._in_head and tag not in _VOID:
            self._depth_in_head += 1
        if tag not in _VOID:
            self._stack.append((tag, values, [], self._open["article"] > 0 or tag == "article"))
        if tag == "script":
            self._script = (values, [])
        elif tag == "title" and self._in_head:  # not an SVG's <title>
            self._title = []
        elif tag in _HEADINGS:
            self._heading = []
        elif tag in self._open:
            self._open[tag] += 1
        elif tag == "a" and "headerlink" in (values.get("class") or "").split():
            self._permalink += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
            return
        if self._title is not None:
            self._title.append(data)
        if self._permalink:
            return
        for _, _, parts, _ in self._stack:
            parts.append(data)
        if self._heading is not None:
            self._heading.append(data)
        for region, depth in self._open.items():
            if depth:
                self._regions[region].append(data)

    def handle_endtag(self, tag: str) -> None:
        if any(entry[0] == tag for entry in self._stack):
            while self._stack:  # close what was left open inside it, as a browser would
                open_tag, attrs, parts, in_article = self._stack.pop()
                self.result.elements.append(Element(open_tag, attrs, shown("".join(parts)), in_article))
                if open_tag == tag:
                    break
        if tag == "head":
            self._in_head = False
        elif self._in_head and tag not in _VOID:
            self._depth_in_head -= 1
        if tag == "script" and self._script is not None:
            self.result.scripts.append(Script(self._script[0], "".join(self._script[1])))
            self._script = None
        elif tag == "title" and self._title is not None:
            self.result.title = shown("".join(self._title))
            self._title = None
        elif tag in _HEADINGS and self._heading is not None:
            self.result.headings.append(shown("".join(self._heading)))
            self._heading = None
        elif tag in self._open and self._open[tag]:
            self._open[tag] -= 1
            if not self._open[tag]:
                setattr(self.result, f"{tag}_text", shown(" ".join(self._regions[tag])))
        elif tag == "a" and self._permalink:
            self._permalink -= 1


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def shown(text: str) -> str:
    """Plain text as a page shows it: each run of HTML white space, line breaks included, is one space.

    Only ASCII white space (and the line separators that the content format
    turns into spaces) is folded; a no-break space or any other character
    must come out exactly as written.
    """
    return _SPACE.sub(" ", text).strip(" ")
