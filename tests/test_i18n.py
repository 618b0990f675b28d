"""The site's own words in the briefing's language: catalogs, dates, numbers, direction.

The pseudo-locale test builds the reader briefing with every message and
date wrapped in ⟦…⟧ and fails on any word a reader meets that is neither
wrapped nor the briefing's own text (tests/i18n_audit.py says what counts).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import markdown
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator import i18n
from generator.addresses import topic_label
from generator.escape import Trusted, md_text, md_words
from generator.exports import FORMATS
from generator.pipeline import check_content
from generator.render import render_site
from generator.boundary import BuildRequest
from generator.site import build
from generator.templating import make_environment

from .conftest import FIXTURES, PROJECT
from .golden import TEMPLATES
from .i18n_audit import PROPER_NAMES, content_values, theme_words, untranslated

READER = FIXTURES / "reader"
LOCALES = PROJECT / "site_templates" / "locales"
SHIPPED = ("ar", "de", "es", "fr", "ko", "pt", "ru")
MATERIAL = Path(__import__("material").__file__).parent / "templates"


def briefing(root: Path = READER):
    result = check_content(root)
    assert result.briefing is not None, result.problems
    return result.briefing


def allowed_texts(b) -> list[str]:
    """What a page may print without a catalog: the briefing's own texts, and the theme's words."""
    values = list(content_values(b))
    values += [topic_label(t) for c in b.claims for t in c.topics]
    values += [topic_label(t).lower() for c in b.claims for t in c.topics]
    values += [FORMATS.json_file, FORMATS.csv_file, FORMATS.feed_file]  # file names (code on the page, text in its contents)
    return [" ".join(v.split()) for v in values] + sorted(theme_words(MATERIAL)) + list(PROPER_NAMES)


# -- choosing a catalog, and the direction ---------------------------------------------------


def test_the_shipped_languages_are_the_catalogs_found():
    assert i18n.available_languages() == ("en", *SHIPPED)


@pytest.mark.parametrize(
    ("tag", "catalog"),
    [("fr", "fr"), ("fr-CA", "fr"), ("pt-BR", "pt"), ("EN-us", "en"), ("ko-KR", "ko"), ("sw", None), ("zh-Hant", None)],
)
def test_a_tag_uses_its_own_catalog_else_its_languages(tag, catalog):
    assert i18n.catalog_language(tag) == catalog


def test_a_language_without_a_catalog_is_written_in_english():
    tr = i18n.translator("sw")
    assert tr.language == "en"
    assert tr.gettext("All claims") == "All claims"
    assert tr.long_date(dt.date(2022, 11, 8)) == "8 November 2022"


@pytest.mark.parametrize(("tag", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("ar-EG", "rtl")])
def test_right_to_left_languages(tag, direction):
    assert i18n.text_direction(tag) == direction
    assert i18n.translator(tag).direction == direction


@pytest.mark.parametrize("tag", ["en", "fr", "ko", "ru", "de-CH", "sw", "qaa"])
def test_left_to_right_languages(tag):
    assert i18n.text_direction(tag) == "ltr"


# -- dates and numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "long", "month"),
    [
        ("en", "8 November 2022", "November 2022"),
        ("fr", "8 novembre 2022", "novembre 2022"),
        ("de", "8. November 2022", "November 2022"),
        ("es", "8 de noviembre de 2022", "noviembre de 2022"),
        ("pt", "8 de novembro de 2022", "novembro de 2022"),
        ("ru", "8 ноября 2022\u202fг.", "ноябрь 2022\u202fг."),
        ("ko", "2022년 11월 8일", "2022년 11월"),
        ("ar", "8 نوفمبر 2022", "نوفمبر 2022"),
    ],
)
def test_dates_are_written_as_the_language_writes_them(tag, long, month):
    tr = i18n.translator(tag)
    assert tr.long_date(dt.date(2022, 11, 8)) == long
    assert tr.month_year(dt.date(2022, 11, 8)) == month


def test_numbers_are_written_as_the_language_writes_them():
    assert i18n.translator("en").number(12345) == "12,345"
    assert i18n.translator("fr").number(12345) == "12\u202f345"
    assert i18n.translator("de").number(12345) == "12.345"


def test_pages_show_dates_in_the_language_and_keep_iso_dates_in_data(tmp_path, compiled):
    root = shutil.copytree(READER, tmp_path / "briefing")
    yaml = root / "briefing.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("language: en", "language: fr"), encoding="utf-8")
    pages = {p.path: p.markdown for p in render_site(briefing(root), TEMPLATES, caches=compiled.render()).pages}
    claim = pages["claims/dprk-denies-arms-exports.md"]
    assert '<time datetime="2022-09-22">22 septembre 2022</time>' in claim
    assert 'data-date="2022-09-22"' in pages["claims/index.md"]
    shown = re.findall(r"<time [^>]*>([^<]*)</time>", "".join(pages.values()))
    english = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
    assert shown and not [date for date in shown if english.search(date)]


def test_one_language_never_leaks_into_the_next_render(tmp_path, compiled):
    """Compiled templates are shared by every language: nothing language-dependent is folded into them."""
    b = briefing()
    french = {p.path: p.markdown for p in render_site(b, TEMPLATES, tr=i18n.translator("fr"), caches=compiled.render()).pages}
    english = {p.path: p.markdown for p in render_site(b, TEMPLATES, caches=compiled.render()).pages}
    source = "sources/newsweek-2022-11-02.md"
    assert "Où l’affirmation est apparue" in french[source]
    assert "Where the claim appeared" in english[source] and "Où" not in english[source]


# -- how a message is printed ----------------------------------------------------------------


def test_a_message_is_escaped_word_by_word_and_value_by_value(tmp_path):
    """A catalog's words are text, never markup; a value is escaped by its type, as anything a template prints."""
    env = make_environment(tmp_path)
    template = env.from_string(
        "{% trans name=name, html=html, n=n %}<b>*{{ name }}*</b> and {{ html }}, {{ n }} at 100%{% endtrans %}"
        '|{{ _("[%(x)s]", x=name) }}'
    )
    shown = template.render(name="<i>Kim</i>", html=Trusted("<span>ok</span>"), n=12345)
    assert shown == (
        "&#60;b&#62;&#42;&#60;i&#62;Kim&#60;/i&#62;&#42;&#60;/b&#62; and <span>ok</span>, 12,345 at 100%"
        "|&#91;&#60;i&#62;Kim&#60;/i&#62;&#93;"
    )


def test_words_around_a_value_keep_their_spaces():
    catalog = i18n.JinjaCatalog(i18n.translator("en"), md_words, md_text, Trusted)
    assert catalog.gettext("Published by %(name)s today") % {"name": "  AP "} == "Published by AP today"


# -- the catalogs and their sources ----------------------------------------------------------


def extracted() -> set[tuple[str | None, str]]:
    """Every message in the templates and Python modules, as `make translations` extracts them."""
    with (PROJECT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(str(PROJECT), method_map, options_map, keywords=DEFAULT_KEYWORDS)
    return {(context, message if isinstance(message, str) else message[0]) for _, _, message, _, context in found}


def catalog_ids(path: Path) -> set[tuple[str | None, str]]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_the_template_catalog_and_every_language_hold_exactly_the_messages_of_the_sources():
    messages = extracted()
    assert ("", "") not in messages and len(messages) > 40
    assert catalog_ids(LOCALES / "messages.pot") == messages, "run `make translations` and commit the catalogs"
    for language in SHIPPED:
        po_file = LOCALES / language / "LC_MESSAGES" / "messages.po"
        assert catalog_ids(po_file) == messages, f"{po_file}: run `make translations`"


# -- nothing printed outside a catalog -----------------------------------------------------


def markdown_html(page_markdown: str) -> str:
    return markdown.markdown(page_markdown, extensions=["tables", "md_in_html"])


def test_the_audit_finds_a_template_word_printed_without_a_catalog(tmp_path, compiled):
    """The pseudo-locale audit can fail: one English sentence added to a template is found, and only it."""
    templates = shutil.copytree(TEMPLATES, tmp_path / "pages")
    claim = templates / "claim.md.j2"
    claim.write_text(claim.read_text(encoding="utf-8") + "\n<p>Read this before sharing.</p>\n", encoding="utf-8")
    b = briefing()
    path = "claims/dprk-denies-arms-exports.md"
    as_is = next(p for p in render_site(b, TEMPLATES, tr=i18n.pseudo_translator(), caches=compiled.render()).pages if p.path == path)
    changed = next(p for p in render_site(b, templates, tr=i18n.pseudo_translator(), caches=compiled.render()).pages if p.path == path)
    before = untranslated(markdown_html(as_is.markdown), allowed_texts(b))
    after = untranslated(markdown_html(changed.markdown), allowed_texts(b))
    assert [text for text in after if text not in before] == ["Read this before sharing."]


@pytest.mark.slow
def test_every_word_a_reader_meets_passed_through_a_catalog(tmp_path, compiled):
    """Every page type of the reader briefing, built with the pseudo-locale: no word outside ⟦…⟧ but content."""
    b = briefing()
    build(BuildRequest(READER, tmp_path / "site", briefing=b, translator=i18n.pseudo_translator(), caches=compiled.build()))
    allowed = allowed_texts(b)
    found = {}
    for page in sorted((tmp_path / "site").rglob("*.html")):
        words = untranslated(page.read_text(encoding="utf-8"), allowed)
        if words:
            found[page.relative_to(tmp_path / "site").as_posix()] = sorted(set(words))
    assert not found, "printed without a catalog:\n" + "\n".join(f"{p}: {w}" for p, w in found.items())


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated_with_its_placeholders(language):
    """A complete catalog: no message missing, empty or fuzzy; no placeholder lost, added or misspelt."""
    po_file = LOCALES / language / "LC_MESSAGES" / "messages.po"
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        wanted = set().union(*(_PLACEHOLDER.findall(text) for text in ids))
        if message.fuzzy or len(strings) != (1 if isinstance(message.id, str) else catalog.num_plurals):
            problems.append(f"{ids[0]!r}: fuzzy, or not one form per plural form")
        for text in strings:
            if not text.strip():
                problems.append(f"{ids[0]!r}: not translated")
            elif "%" in _PLACEHOLDER.sub("", text).replace("%%", ""):
                problems.append(f"{ids[0]!r}: a stray % in {text!r}")
            elif isinstance(message.id, str) and set(_PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{ids[0]!r}: placeholders {sorted(_PLACEHOLDER.findall(text))} in {text!r}")
            elif not set(_PLACEHOLDER.findall(text)) <= wanted:  # a plural form may leave the number out ("one")
                problems.append(f"{ids[0]!r}: placeholders {sorted(_PLACEHOLDER.findall(text))} in {text!r}")
    assert not problems, f"{po_file}:\n" + "\n".join(problems)


def test_the_completeness_check_finds_an_untranslated_message(tmp_path, monkeypatch):
    """The catalog check can fail: a copy of a catalog with one message emptied is refused."""
    copy = shutil.copytree(LOCALES, tmp_path / "locales")
    po_file = copy / "fr" / "LC_MESSAGES" / "messages.po"
    text = po_file.read_text(encoding="utf-8")
    po_file.write_text(text.replace('msgstr "Chronologie"', 'msgstr ""', 1), encoding="utf-8")
    monkeypatch.setitem(globals(), "LOCALES", copy)
    with pytest.raises(AssertionError, match="'Timeline': not translated"):
        test_every_message_is_translated_with_its_placeholders("fr")


@pytest.mark.parametrize(
    ("tag", "counts"),
    [
        ("en", {1: "1 claim", 2: "2 claims", 1000: "1,000 claims"}),
        ("fr", {0: "0 affirmation", 1: "1 affirmation", 2: "2 affirmations"}),
        ("ru", {1: "1 утверждение", 3: "3 утверждения", 5: "5 утверждений", 21: "21 утверждение", 11: "11 утверждений"}),
        ("ko", {1: "주장 1건", 7: "주장 7건"}),
        ("ar", {0: "0 ادعاء", 1: "ادعاء واحد", 2: "ادعاءان", 3: "3 ادعاءات", 11: "11 ادعاءً", 100: "100 ادعاء"}),
    ],
)
def test_counts_take_the_languages_plural_forms(tag, counts):
    from generator.chart import claims_count

    tr = i18n.translator(tag)
    assert {n: claims_count(tr, n) for n in counts} == counts


def test_the_feed_words_a_withdrawal_and_bylines_in_the_briefings_language():
    from generator.feed import atom_feed

    b = briefing(FIXTURES / "v11")
    english = atom_feed(b, "https://example.org/").decode("utf-8")
    french = atom_feed(b, "https://example.org/", i18n.translator("fr")).decode("utf-8")
    assert "Withdrawn: " in english and "Checked by " in english
    assert "Retirée\u00a0: " in french and "Vérifié par " in french
    assert "Withdrawn" not in french and "Checked by" not in french
