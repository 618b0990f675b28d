"""The Jinja2 environment that turns the model into Markdown.

Escaping is automatic and by type, in `_finalize`: every plain string a
template prints is escaped for Markdown (`escape.md_text`); a Markdown
field must go through the `markdown` filter; `None` and booleans are
refused, because printing them is always a template bug. Reusable pieces
that print author text (badges, links, citations) are Python functions
returning `Trusted` text, not Jinja macros, because a macro's output would
come back as a plain string and be escaped twice. Larger shared fragments
are `{% include %}`d, which writes straight into the page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2

from . import addresses, markup
from . import model as m
from .escape import Trusted, md_html, md_text

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
STANCES = (("supports", "Supports the claim"), ("contradicts", "Contradicts the claim"), ("context", "Context"))


def _finalize(value: Any) -> str:
    """Escape whatever a template prints, by type; refuse what it should not print."""
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here, naming what was undefined
    if isinstance(value, Trusted):
        return value
    if isinstance(value, m.MarkdownText):
        raise jinja2.TemplateError("a Markdown field was printed as text: use the 'markdown' filter")
    if isinstance(value, str):
        return md_text(value)
    if isinstance(value, bool) or value is None:
        raise jinja2.TemplateError(f"a template printed {value!r}: test it with 'if' instead")
    if isinstance(value, (int, dt.date)):
        return str(value)
    raise jinja2.TemplateError(f"a template printed a {type(value).__name__}: print one of its fields")


def long_date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def rating_tone(rating: m.Rating, scale: m.RatingScale) -> str:
    """A colour class from the rating's place on the scale, whatever its id: tone-0 (worst) … tone-4 (best)."""
    if rating.value is None:
        return "tone-unscored"
    if scale.best == 1:
        return "tone-4"
    return f"tone-{round((rating.value - 1) / (scale.best - 1) * 4)}"


@jinja2.pass_context
def _markdown(context: jinja2.runtime.Context, text: m.MarkdownText) -> Trusted:
    here = context["page_path"]

    def resolve(kind: str, target: str) -> str:
        return addresses.relative_url(here, addresses.internal_page(kind, target))

    # A raw HTML block: Python-Markdown passes it through without reading it as Markdown.
    return Trusted(f'\n<div class="briefing-md">\n{md_html(markup.render_html(text, resolve))}\n</div>\n')


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, text: str, to_path: str, anchor: str = "") -> Trusted:
    """A Markdown link to another page: MkDocs resolves it and, in strict mode, checks it."""
    target = addresses.relative_md(context["page_path"], to_path) + (f"#{anchor}" if anchor else "")
    return Trusted(f"[{md_text(text)}]({target})")


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, to_path: str) -> Trusted:
    """The address of a page relative to the current one, for raw HTML in a template."""
    return Trusted(addresses.relative_url(context["page_path"], to_path))


def _external_link(text: str, url: str) -> Trusted:
    """A link to an address given in the content; text and address are escaped."""
    return Trusted(f'<a href="{md_text(url)}">{md_text(text)}</a>')


@jinja2.pass_context
def _badge(context: jinja2.runtime.Context, rating: m.Rating) -> Trusted:
    """A verdict badge: colour from the scale, and always the label as text."""
    tone = rating_tone(rating, context["briefing"].ratings)
    return Trusted(f'<span class="briefing-badge briefing-badge--{tone}">{md_text(rating.label)}</span>')


@jinja2.pass_context
def _tone(context: jinja2.runtime.Context, rating: m.Rating) -> Trusted:
    return Trusted(rating_tone(rating, context["briefing"].ratings))


@jinja2.pass_context
def _cite(context: jinja2.runtime.Context, source: m.Source) -> Trusted:
    """Title (linked to the source page), publisher and date."""
    text = _link(context, source.title, addresses.source_page(source)) + f" — {md_text(source.publisher)}"
    if source.published:
        text += f", {long_date(source.published)}"
    return Trusted(text)


@jinja2.pass_context
def _claimant(context: jinja2.runtime.Context, claimant: m.Claimant) -> Trusted:
    """The claimant's name (linked to their page) and role."""
    text = _link(context, claimant.name, addresses.claimant_page(claimant))
    return Trusted(text + (f", {md_text(claimant.role)}" if claimant.role else ""))


def make_environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,  # Markdown is not HTML: `_finalize` escapes instead
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(markdown=_markdown, long_date=long_date)
    env.globals.update(
        link=_link,
        url=_url,
        external_link=_external_link,
        badge=_badge,
        tone=_tone,
        cite=_cite,
        claimant=_claimant,
        claim_page=addresses.claim_page,
        source_page=addresses.source_page,
        claimant_page=addresses.claimant_page,
        topic_page=addresses.topic_page,
        topic_label=addresses.topic_label,
        stances=STANCES,
    )
    return env
