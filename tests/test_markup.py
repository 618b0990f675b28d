"""Markdown fields: CommonMark plus tables, no raw HTML, only allowed links."""

from __future__ import annotations

import pytest

from generator.markup import find_links, render_html, sanitize


def resolve(kind: str, target: str) -> str:
    return f"../../{kind}s/{target}/"


def test_raw_html_is_shown_as_text():
    html = render_html("Hello <script>alert(1)</script> <b onclick=x>bold</b>", resolve)
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_tables_and_emphasis_render():
    html = render_html("**strong**\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n", resolve)
    assert "<strong>strong</strong>" in html
    assert "<table>" in html and '<td align="right">2</td>' in html and "style" not in html


def test_internal_links_become_relative_addresses():
    html = render_html("[the denial](claim:dprk-denial) and [AP](source:ap)", resolve)
    assert '<a href="../../claims/dprk-denial/" rel="noopener noreferrer">the denial</a>' in html
    assert '<a href="../../sources/ap/" rel="noopener noreferrer">AP</a>' in html


def test_content_headings_sit_below_the_page_headings():
    assert "<h3>Background</h3>" in render_html("# Background", resolve)
    assert "<h6>Deep</h6>" in render_html("##### Deep", resolve)


def test_a_dangerous_address_never_becomes_a_link_even_if_validation_were_skipped():
    html = render_html("[x](javascript:alert(1)) ![y](data:text/html,hi)", resolve)
    assert "href=" not in html and "src=" not in html


def test_the_sanitizer_keeps_only_what_markdown_produces():
    dirty = '<p onclick="x()">a<a href="javascript:alert(1)">b</a><img src=x onerror=y><iframe></iframe><td style="color:red;text-align:left">'
    clean = sanitize(dirty)
    assert "onclick" not in clean and "javascript" not in clean and "onerror" not in clean and "iframe" not in clean
    assert "color" not in clean


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[a](javascript:alert(1))", "scheme 'javascript:'"),
        ("[a](JaVaScRiPt:alert(1))", "scheme 'javascript:'"),
        ("[a](jav&#x61;script:alert(1))", "scheme 'javascript:'"),
        ("<vbscript:msgbox>", "scheme 'vbscript:'"),
        ("[a][r]\n\n[r]: data:text/html;base64,xx", "scheme 'data:'"),
        ("![i](mailto:x@example.org)", "images must use https://"),
        ("[a](../../etc/passwd)", "relative link"),
        ("[a](//evil.example)", "relative link"),
    ],
)
def test_forbidden_addresses_are_found(text, problem):
    links = find_links(text)
    assert links and problem in links[0].problem()


@pytest.mark.parametrize("text", ["[a](https://example.org)", "[a](mailto:x@example.org)", "[a](claim:x)", "[a](#notes)"])
def test_allowed_addresses(text):
    assert find_links(text)[0].problem() is None


def test_link_positions_count_from_the_field_start():
    links = find_links("first line\n\n| a | [b](x:1) | [c](y:2) |\n|---|---|---|\n")
    assert [(link.line_offset, link.column) for link in links] == [(2, 10), (2, 21)]
    links = find_links("| a | b |\n|---|---|\n| [b](x:1) | [c](y:2) |\n")
    assert [(link.href, link.line_offset, link.column) for link in links] == [("x:1", 2, 6), ("y:2", 2, 17)]
