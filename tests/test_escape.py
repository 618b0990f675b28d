"""Escaping by context: the one place author text is made safe."""

from __future__ import annotations

import json

import markdown
import pytest

from generator.escape import json_for_script, md_text, one_line

TRICKY = [
    "<script>alert(1)</script>",
    "*emphasis* _under_ `code` ~~strike~~",
    "[link](javascript:alert(1)) ![img](x)",
    "# heading | pipe | {: .attr } {{ jinja }} {% tag %}",
    "&amp; &lt; &#60; \\ backslash",
    "1. not a list",
    "- not a list either",
    "> not a quote",
    "Ünïcödé, emoji 🙂 and right-to-left: مرحبا",
    '"double" and \'single\' quotes',
]


@pytest.mark.parametrize("text", TRICKY)
def test_md_text_comes_out_of_markdown_as_the_same_text(text):
    html = markdown.markdown(md_text(text), extensions=["tables", "toc"])
    # Python-Markdown wraps it in one paragraph and leaves every character as text.
    assert html.startswith("<p>") and html.endswith("</p>")
    from html.parser import HTMLParser

    class Text(HTMLParser):
        parts: list[str] = []
        tags: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

    parser = Text(convert_charrefs=True)
    parser.parts, parser.tags = [], []
    parser.feed(html)
    assert parser.tags == ["p"]
    assert "".join(parser.parts) == text


def test_md_text_puts_everything_on_one_line():
    assert md_text("a\nb\r\n\tc\u2028d") == "a b c d"


def test_md_text_leaves_plain_prose_readable():
    assert md_text("North Korea, 2022: U.S. says 30 horses") == "North Korea, 2022: U.S. says 30 horses"


def test_json_for_script_cannot_close_the_script_element():
    data = {"text": "</script><script>alert(1)</script> <!-- \u2028\u2029 & done"}
    encoded = json_for_script(data)
    for forbidden in ("</script", "<!--", "\u2028", "\u2029", "&"):
        assert forbidden not in encoded
    assert json.loads(encoded) == data


def test_md_text_keeps_no_break_and_other_spaces_that_markdown_would_trim():
    assert md_text("\u00a030\u202f000\u3000") == "&#160;30&#8239;000&#12288;"


def test_one_line_folds_line_breaks_and_trims_the_ends_only():
    assert one_line("\n  Quote,\r\n\u2028continued\u00a0here.\n") == "Quote, continued\u00a0here."
