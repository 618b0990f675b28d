"""The site's own words in the briefing's language: catalogs, dates, numbers, direction.

Every word the templates and the generator print to a reader (headings,
labels, page titles, the chart's text) is an English message looked up in
a gettext catalog, `site_templates/locales/<language>/LC_MESSAGES/messages.po`.
The catalogs are compiled from their .po files when a site is built, so a
compiled catalog can never be older than its source. Dates and numbers are
written by Babel from CLDR, in the catalog's locale. What the authors wrote
(claims, verdicts, rating labels) is content and is never translated.

A `Translator` is a value made for one build; nothing here keeps state
between builds (a catalog compiles in about 30 ms).
"""

from __future__ import annotations

import datetime as dt
import gettext
import html
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALES = Path(__file__).resolve().parent.parent / "site_templates" / "locales"
DOMAIN = "messages"
#: the language the messages are written in: it needs no catalog
SOURCE_LANGUAGE = "en"
#: CLDR locale for the source language's dates: "8 November 2022", as the site always wrote them
_SOURCE_LOCALE = "en_GB"
#: what the pseudo-locale puts around every message and every date it writes
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def N_(message: str) -> str:
    """Marks a message for extraction where it is declared; it is translated where it is printed."""
    return message


def available_languages(locales: Path = LOCALES) -> tuple[str, ...]:
    """The languages the site's wording is translated into, the source language first."""
    found = sorted(p.parent.parent.name for p in locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(name for name in found if name != SOURCE_LANGUAGE))


def catalog_language(tag: str, locales: Path = LOCALES) -> str | None:
    """The catalog for a BCP 47 tag: its own ('pt-BR'), else its language's ('pt'); None when there is none."""
    available = {name.lower(): name for name in available_languages(locales)}
    subtags = tag.replace("_", "-").split("-")
    for length in range(len(subtags), 0, -1):
        candidate = "-".join(subtags[:length]).lower()
        if candidate in available:
            return available[candidate]
    return None


def text_direction(tag: str) -> str:
    """'rtl' for a language written right to left (Arabic, Hebrew, Persian, Urdu ...), else 'ltr'; from CLDR."""
    locale = _babel_locale(tag)
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


def language_name(tag: str, in_locale: Locale) -> str | None:
    """The name of the language of `tag` in `in_locale`'s language (CLDR), or None when CLDR has no name for it."""
    locale = _babel_locale(tag)
    return locale.get_display_name(in_locale) if locale is not None else None


def _babel_locale(tag: str) -> Locale | None:
    subtags = tag.replace("_", "-").split("-")
    for length in range(len(subtags), 0, -1):
        try:
            return Locale.parse("-".join(subtags[:length]), sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return None


def _compiled(po_file: Path) -> tuple[gettext.GNUTranslations, dict[str, str]]:
    """A .po file compiled in memory (a build never reads a compiled catalog older than its
    source), and each of its translations of a single message → that message."""
    with po_file.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    sources: dict[str, str] = {}
    for message in catalog:  # two messages one translation ("Correction", "Corrections": 정정): the first
        if message.id and isinstance(message.id, str) and message.string:
            sources.setdefault(message.string, message.id)
    return gettext.GNUTranslations(buffer), sources


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class Translator:
    """The site's wording in one language: messages, dates, numbers and lists.

    `language` is the catalog's language ("fr"; "en" when none is used);
    `direction` is the briefing language's ("rtl" for Arabic, and for a
    Hebrew briefing even while no catalog has Hebrew); `wrap` is applied to
    every message and date, for the pseudo-locale.
    """

    language: str
    locale: Locale
    direction: str = "ltr"
    catalog: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    wrap: Callable[[str], str] = _identity
    #: a translation → the English message it translates (for headings' ids)
    sources: Mapping[str, str] = field(default_factory=dict)
    #: (style, date) → the date written out: Babel takes ~30 µs a date, and pages print the same dates again and again
    _dates: dict[tuple[str, dt.date], str] = field(default_factory=dict, compare=False, repr=False)

    def gettext(self, message: str) -> str:
        return self.wrap(self.catalog.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.wrap(self.catalog.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> str:
        return self.wrap(self.catalog.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.wrap(self.catalog.npgettext(context, singular, plural, n))

    def number(self, n: int) -> str:
        return format_decimal(n, locale=self.locale)

    def long_date(self, value: dt.date) -> str:
        """'8 November 2022', '8 novembre 2022', '8. November 2022', '2022년 11월 8일'."""
        return self._date("long", value)

    def short_date(self, value: dt.date) -> str:
        """'8 Nov 2022', for table columns: the month abbreviated where the language does."""
        return self._date("yMMMd", value)

    def month_year(self, value: dt.date) -> str:
        """'November 2022', 'novembre 2022', '2022년 11월'."""
        return self._date("yMMMM", value)

    def _date(self, style: str, value: dt.date) -> str:
        text = self._dates.get((style, value))
        if text is None:
            written = format_date(value, style, locale=self.locale) if style == "long" else format_skeleton(style, value, locale=self.locale)
            text = self._dates[(style, value)] = self.wrap(written)
        return text

    def join(self, items: Sequence[str]) -> str:
        """'a, b and c', as the language writes a list."""
        return format_list(list(items), locale=self.locale) if items else ""

    def source(self, text: str) -> str:
        """The English message `text` is a translation of; `text` itself when it is none."""
        if text.startswith(PSEUDO_OPEN) and text.endswith(PSEUDO_CLOSE):
            return text[len(PSEUDO_OPEN) : -len(PSEUDO_CLOSE)]
        return self.sources.get(text, text)

    def count(self, singular: str, plural: str, n: int) -> str:
        """A counted message, its `%(num)s` written as the language writes numbers: '3 claims', '3 affirmations'."""
        return self.ngettext(singular, plural, n) % {"num": self.number(n)}


def translator(tag: str, locales: Path = LOCALES) -> Translator:
    """The translator for a briefing's language; English when no catalog has it (`check` warns)."""
    language = catalog_language(tag, locales) or SOURCE_LANGUAGE
    direction = text_direction(tag)
    if language == SOURCE_LANGUAGE:
        return Translator(SOURCE_LANGUAGE, Locale.parse(_SOURCE_LOCALE), direction)
    po_file = locales / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    catalog, sources = _compiled(po_file)
    return Translator(language, Locale.parse(language, sep="-"), direction, catalog, sources=sources)


def pseudo_translator() -> Translator:
    """English with every message and date marked ⟦…⟧: what is not marked did not pass through a catalog."""
    return Translator(SOURCE_LANGUAGE, Locale.parse(_SOURCE_LOCALE), wrap=lambda text: f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}")


# -- for Jinja's i18n extension (newstyle gettext) -------------------------------------------

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


@dataclass(frozen=True)
class Message:
    """A translated message before its placeholders are filled.

    Jinja's newstyle gettext always applies `%` to what gettext returns
    (with the template's variables, or none): here that escapes the
    message's own words as text (`words`), each value by its type
    (`value`), and marks the result safe (`result`), so neither a word of a
    catalog nor a value can make markup.
    """

    text: str
    words: Callable[[str], str]
    value: Callable[[Any], str]
    result: Callable[[str], str]

    def __mod__(self, values: dict[str, Any]) -> str:
        parts, last = [], 0
        for match in _PLACEHOLDER.finditer(self.text):
            parts.append(self.words(self.text[last : match.start()]))
            parts.append("%" if match.group() == "%%" else self.value(values[match.group(1)]))
            last = match.end()
        parts.append(self.words(self.text[last:]))
        return self.result("".join(parts))


@dataclass(frozen=True)
class JinjaCatalog:
    """A translator as `Environment.install_gettext_translations` wants it, escaping for one output."""

    translator: Translator
    words: Callable[[str], str]
    value: Callable[[Any], str]
    result: Callable[[str], str]

    def _message(self, text: str) -> Message:
        return Message(text, self.words, self.value, self.result)

    def gettext(self, message: str) -> Message:
        return self._message(self.translator.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> Message:
        return self._message(self.translator.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> Message:
        return self._message(self.translator.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> Message:
        return self._message(self.translator.npgettext(context, singular, plural, n))


# -- the theme's overrides -------------------------------------------------------------------


def theme_words(tr: Translator) -> dict[str, str]:
    """The overrides' own words (404 page, footer), in the site's language, escaped as HTML text.

    The theme's templates print them from `config.extra.briefing_words`, not
    through gettext: the second engine (Zensical) has no i18n extension. A
    value the template fills in is a `{name}` placeholder, replaced there.
    """

    def words(message: str, **names: str) -> str:
        marks = {name: f"\x00{name}\x00" for name in names}
        text = html.escape(tr.gettext(message) % marks if marks else tr.gettext(message), quote=True)
        return re.sub("\x00(\\w+)\x00", lambda m: "{" + m.group(1) + "}", text)

    return {
        "not_found": words(N_("Page not found")),
        "no_page": words(N_("There is no page at this address. It may have been mistyped, or the page may have moved.")),
        "no_page_description": words(
            N_("There is no page at this address in %(site)s: search it, or start from its home page or its list of claims."),
            site="site",
        ),
        "search": words(N_("Search this briefing")),
        "home_page": words(N_("The home page")),
        "home_line": words(N_("%(link)s: the verdicts at a glance and the ways in"), link="link"),
        "all_claims": words(N_("All claims")),
        "claims_line": words(N_("%(link)s, in a table you can filter"), link="link"),
        "published_by": words(N_("Published by %(publisher)s"), publisher="publisher"),
        "last_updated": words(N_("Last updated %(date)s"), date="date"),
        "contact": words(N_("Contact:")),
        "how_made": words(N_("How this briefing is made")),
        "about": words(N_("About")),
        "ratings": words(N_("Ratings")),
        "corrections": words(N_("Corrections")),
        "data": words(N_("Data")),
        "made_with": words(N_("Made with %(link)s"), link="link"),
    }
