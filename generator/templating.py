"""The Jinja2 environment that turns the model into Markdown.

Escaping is automatic and by type, in `_finalize`: every plain string a
template prints is escaped for Markdown (`escape.md_text`); a Markdown
field must go through the `markdown` filter; `None` and booleans are
refused, because printing them is always a template bug. Reusable pieces
that print author text (badges, links, source citations, the verdict
chart) are Python functions returning `Trusted` text, not Jinja macros,
because a macro's output would come back as a plain string and be escaped
twice. Larger shared fragments are `{% include %}`d, which writes straight
into the page.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urldefrag

import jinja2
import jinja2.bccache

from . import addresses, chart, i18n, markup, schema
from . import model as m
from .briefing_index import Related
from .escape import Trusted, md_html, md_text, md_words
from .i18n import N_, JinjaCatalog, Translator, text_direction, translator
from .resources import find_resources

#: how a source is used by a claim, as a reader reads it (the stances, and appearances)
USES = schema.STANCE_HEADINGS | {"appearance": N_("Where the claim appeared")}


def _finalize(escaped: Callable[[str], str], tr: Translator, value: Any) -> str:
    """Escape whatever a template prints, by type; refuse what it should not print."""
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here, naming what was undefined
    if isinstance(value, Trusted):
        return value
    if isinstance(value, m.MarkdownText):
        raise jinja2.TemplateError("a Markdown field was printed as text: use the 'markdown' filter")
    if isinstance(value, str):
        return escaped(value)
    if isinstance(value, bool) or value is None:
        raise jinja2.TemplateError(f"a template printed {value!r}: test it with 'if' instead")
    if isinstance(value, int):
        return tr.number(value)
    if isinstance(value, dt.date):  # as data (data-date="2022-11-08"); for people, `time()`
        return value.isoformat()
    raise jinja2.TemplateError(f"a template printed a {type(value).__name__}: print one of its fields")


def _escaped_text(value: str) -> Trusted:
    """Text for a helper to print: escaped, unless it is already (a message from a catalog)."""
    return value if isinstance(value, Trusted) else md_text(value)


def names(tr: Translator, people: tuple[str, ...] | list[str]) -> str:
    """'A', 'A and B', 'A, B and C', as the site's language writes a list."""
    return tr.join(list(people))


def related_reason(tr: Translator, related: Related) -> str:
    """Why a claim is listed as related: 'Same claimant; also about Denials'."""
    about = tr.join([addresses.topic_label(t) for t in related.shared_topics])
    if related.same_claimant and about:
        return tr.gettext("Same claimant; also about %(topics)s") % {"topics": about}
    if related.same_claimant:
        return tr.gettext("Same claimant")
    return tr.gettext("Also about %(topics)s") % {"topics": about}


def shown_evidence(claim: m.Claim, stance: str) -> tuple[m.Evidence, ...]:
    """A claim's evidence of one stance, as its page lists it: a context item that only
    names a source where the claim appeared (no quote, no note) is left to that list."""
    appeared_in = {a.source.id for a in claim.appearances}
    return tuple(
        e
        for e in claim.verdict.evidence
        if e.stance == stance and not (stance == "context" and e.source.id in appeared_in and not e.quote and not e.note)
    )


def rating_tone(rating: m.Rating, scale: m.RatingScale) -> str:
    """A colour class from the rating's place on the scale, whatever its id: tone-0 (worst) … tone-4 (best)."""
    if rating.value is None:
        return "tone-unscored"
    if scale.best == 1:
        return "tone-4"
    return f"tone-{round((rating.value - 1) / (scale.best - 1) * 4)}"


def _relative(context: jinja2.runtime.Context, to_path: str) -> str:
    """The address of page `to_path` from the page being rendered, in the site's style of address."""
    return addresses.relative_url(context["page_path"], to_path, context["directory_urls"])


def _markdown_filter(html: markup.HtmlCache) -> Callable[..., Trusted]:
    @jinja2.pass_context
    def markdown(context: jinja2.runtime.Context, text: m.MarkdownText) -> Trusted:
        def resolve(kind: str, target: str) -> str:
            return _relative(context, addresses.internal_page(kind, target))

        # A raw HTML block: Python-Markdown passes it through without reading it as Markdown.
        return Trusted(f'\n<div class="briefing-md">\n{md_html(markup.render_html(text, resolve, html))}\n</div>\n')

    return markdown


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, text: str, to_path: str, anchor: str = "") -> Trusted:
    """A Markdown link to another page: MkDocs resolves it and, in strict mode, checks it."""
    target = addresses.relative_md(context["page_path"], to_path) + (f"#{anchor}" if anchor else "")
    return Trusted(f"[{_escaped_text(text)}]({target})")


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, to_path: str, fragment: str = "") -> Trusted:
    """The address of a page relative to the current one, for raw HTML in a template."""
    return Trusted(_relative(context, to_path) + (f"#{quote(fragment)}" if fragment else ""))


def _anchor(text: str, href: str) -> Trusted:
    """An HTML link to one of the site's pages (`href` from `url`), for a value in a message.
    Its text keeps its own direction: a name in Latin script in an Arabic sentence, or the reverse."""
    return Trusted(f'<a href="{href if isinstance(href, Trusted) else md_text(href)}" dir="auto">{_escaped_text(text)}</a>')


def _bdi(text: str) -> Trusted:
    """Content set inside a sentence of the site's words, in its own direction (a role, a note)."""
    return Trusted(f"<bdi>{_escaped_text(text)}</bdi>")


def _topic_links(
    context: jinja2.runtime.Context, topics: tuple[str, ...], pages: Any = None, *, tr: Translator
) -> Trusted:
    """The topics as a list, as the language writes one; linked to their pages where they have one
    (`pages`: the topics that have a page; all of them when not given)."""
    items = [
        _anchor(addresses.topic_label(t), Trusted(_relative(context, addresses.topic_page(t))))
        if pages is None or t in pages
        else _bdi(addresses.topic_label(t))
        for t in topics
    ]
    return Trusted(tr.join(items))


def _language_name(tag: str, *, tr: Translator) -> str:
    """A language's name in the site's language ("russe" for ru on a French site), else its tag."""
    return i18n.language_name(tag, tr.locale) or tag


def _filter_messages(n: int, on_page: bool = False, *, tr: Translator) -> Trusted:
    """What briefing.js says about a filtered table of `n` claims, as data-* attributes ({shown}: how many are shown).
    `on_page`: the table is one page of the claims, and the filters cover that page."""
    if on_page:
        messages = {
            "all": tr.ngettext("Showing the %(num)s claim on this page.", "Showing all %(num)s claims on this page.", n),
            "some": tr.ngettext(
                "Showing {shown} of the %(num)s claim on this page.", "Showing {shown} of the %(num)s claims on this page.", n
            ),
        }
    else:
        messages = {
            "all": tr.ngettext("Showing the %(num)s claim.", "Showing all %(num)s claims.", n),
            "some": tr.ngettext("Showing {shown} of %(num)s claim.", "Showing {shown} of %(num)s claims.", n),
        }
    attributes = {name: text % {"num": tr.number(n)} for name, text in messages.items()}
    attributes["none"] = tr.gettext("No claim matches these filters.")
    return Trusted("".join(f' data-msg-{name}="{md_text(text)}"' for name, text in attributes.items()))


def _sort_messages(tr: Translator) -> Trusted:
    """The date column's sort button title in each order, for briefing.js, as data-* attributes."""
    newest = tr.gettext("Newest first: select to show oldest first")
    oldest = tr.gettext("Oldest first: select to show newest first")
    return Trusted(f' data-msg-newest="{md_text(newest)}" data-msg-oldest="{md_text(oldest)}"')


def _external_link(text: str, url: str) -> Trusted:
    """A link to an address given in the content; text and address are escaped."""
    return Trusted(f'<a href="{md_text(url)}">{_escaped_text(text)}</a>')


def _code(text: str) -> Trusted:
    """A name from the data (a field, a column, a value) as code: data, never translated."""
    return Trusted(f"<code>{_escaped_text(text)}</code>")


def _emphasis(text: str) -> Trusted:
    return Trusted(f"<em>{_escaped_text(text)}</em>")


def _strong(text: str) -> Trusted:
    return Trusted(f"<strong>{_escaped_text(text)}</strong>")


#: The Wayback Machine's list of the copies it holds of an address (perhaps none)
WAYBACK_LOOKUP = "https://web.archive.org/web/*/"


def archive_lookup(url: str) -> str:
    """The Wayback Machine's lookup for `url`: a search, not a promise that a copy exists.

    The fragment is dropped (archives store pages, not places in them); the
    rest is percent-encoded as UTF-8, keeping the characters that give an
    address its structure and any escapes already in it.
    """
    return WAYBACK_LOOKUP + quote(urldefrag(url).url, safe=":/?&=;,+@!$'()*~%[]")


@jinja2.pass_context
def _badge(context: jinja2.runtime.Context, rating: m.Rating) -> Trusted:
    """A verdict badge: colour from the scale, and always the label as text."""
    tone = rating_tone(rating, context["briefing"].ratings)
    return Trusted(f'<span class="briefing-badge briefing-badge--{tone}">{md_text(rating.label)}</span>')


@jinja2.pass_context
def _tone(context: jinja2.runtime.Context, rating: m.Rating) -> Trusted:
    return Trusted(rating_tone(rating, context["briefing"].ratings))


def _time(tr: Translator, value: dt.date, style: str = "long") -> Trusted:
    """A date as a <time> element: machine-readable, and written out for people in their language."""
    text = tr.short_date(value) if style == "short" else tr.long_date(value)
    return Trusted(f'<time datetime="{value.isoformat()}">{md_text(text)}</time>')


def _source_ref(context: jinja2.runtime.Context, source: m.Source, *, tr: Translator) -> Trusted:
    """An HTML citation: title (linked to the source page), publisher, date, and the
    original and archived copies where the content gives their addresses.

    Only the publisher is indexed for search: the source's own page holds the rest."""
    page = _relative(context, addresses.source_page(source))
    between = md_words(tr.pgettext("between the parts of a citation", ", "))
    text = f'<span data-search-exclude><a href="{page}">{md_text(source.title)}</a>{between}</span>{md_text(source.publisher)}'
    rest = f"{between}{_time(tr, source.published)}" if source.published else ""
    labels = ((tr.gettext("original"), source.url), (tr.gettext("archived copy"), source.archived_url))
    links = [_external_link(label, url) for label, url in labels if url]
    if links:
        rest += f' <span class="briefing-source-links">({" · ".join(links)})</span>'
    return Trusted(text + (f"<span data-search-exclude>{rest}</span>" if rest else ""))


def _verdict_chart(
    context: jinja2.runtime.Context, claims: tuple[m.Claim, ...], title: str, element_id: str, *, tr: Translator
) -> Trusted:
    """The verdict distribution of `claims` as an inline SVG bar chart, every verdict of the scale shown."""
    scale: m.RatingScale = context["briefing"].ratings
    counts = {r.id: 0 for r in scale.all}
    for claim in claims:
        counts[claim.verdict.rating.id] += 1
    bars = [chart.Bar(r.label, counts[r.id], rating_tone(r, scale), r.scored) for r in scale.all]
    return chart.verdict_chart(tr, bars, title, element_id)


def _at_render(func: Any) -> Any:
    """`func`, marked as reading the render's context, so that Jinja never runs it while compiling.

    Jinja folds a filter of a constant (`"appearance" | use_label`) and the
    finalizing of a constant into the compiled code, and compiled templates
    are shared by the environments of every language (`CompiledTemplates`):
    what depends on the language must run when the page is rendered.
    """

    @jinja2.pass_context
    def call(context: jinja2.runtime.Context, *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return call


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per owner, not once per environment.

    `serve` makes new environments for every update (ours for each render,
    MkDocs' for each build), and compiling the templates again was a good
    part of a one-page update. Jinja checks each template's source against
    its checksum, so an edited template is compiled afresh. One cache per
    kind of environment: compiled code depends on the environment's settings.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass(eq=False)
class RenderCaches:
    """What rendering may keep: the templates compiled, and Markdown's HTML (which `check` may fill)."""

    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    html: markup.HtmlCache = field(default_factory=markup.HtmlCache)


def make_environment(
    templates: Path, caches: RenderCaches | None = None, directory_urls: bool = True, tr: Translator | None = None
) -> jinja2.Environment:
    """The environment that renders the page templates in `templates`, the site's own words through `tr`'s catalog.

    `directory_urls`: pages are addressed as folders (claims/x/), else as
    files (claims/x.html, for the offline copy).
    """
    caches = caches or RenderCaches()
    tr = tr or translator("en")
    # The same texts are printed again and again (a claim on its page, in the lists,
    # in related claims; names, labels): each is escaped once.
    escaped = functools.lru_cache(maxsize=1 << 16)(md_text)
    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=caches.templates,
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        finalize=_at_render(partial(_finalize, escaped, tr)),
        autoescape=False,  # Markdown is not HTML: `_finalize` escapes instead
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # {% trans %} blocks: one message whatever the template's line breaks and indentation
    env.policies["ext.i18n.trimmed"] = True
    value = partial(_finalize, escaped, tr)
    env.install_gettext_translations(JinjaCatalog(tr, md_words, value, Trusted), newstyle=True)
    env.filters.update(
        markdown=_markdown_filter(caches.html),
        long_date=_at_render(lambda value: md_text(tr.long_date(value))),
        short_date=_at_render(lambda value: md_text(tr.short_date(value))),
        month_year=_at_render(lambda value: md_text(tr.month_year(value))),
        number=_at_render(tr.number),
        source_type=_at_render(lambda value: tr.gettext(schema.SOURCE_TYPE_LABELS[value])),
        use_label=_at_render(lambda value: tr.gettext(USES[value])),
    )
    env.globals.update(
        link=_link,
        url=_url,
        external_link=_external_link,
        code=_code,
        anchor=_anchor,
        bdi=_bdi,
        topic_links=jinja2.pass_context(partial(_topic_links, tr=tr)),
        language_name=partial(_language_name, tr=tr),
        filter_messages=partial(_filter_messages, tr=tr),
        sort_messages=partial(_sort_messages, tr),
        emphasis=_emphasis,
        strong=_strong,
        archive_lookup=archive_lookup,
        badge=_badge,
        tone=_tone,
        time=partial(_time, tr),
        source_ref=jinja2.pass_context(partial(_source_ref, tr=tr)),
        verdict_chart=jinja2.pass_context(partial(_verdict_chart, tr=tr)),
        related_reason=partial(related_reason, tr),
        names=partial(names, tr),
        text_direction=text_direction,
        shown_evidence=shown_evidence,
        verdict_page=addresses.verdict_page,
        timeline_page=addresses.TIMELINE_PAGE,
        print_page=addresses.PRINT_PAGE,
        print_anchor=addresses.print_anchor,
        print_parts_anchor=addresses.PRINT_PARTS_ANCHOR,
        claim_page=addresses.claim_page,
        source_page=addresses.source_page,
        claimant_page=addresses.claimant_page,
        topic_page=addresses.topic_page,
        topic_label=addresses.topic_label,
        stances=tuple((stance, tr.gettext(heading)) for stance, heading in schema.STANCE_HEADINGS.items()),
        directory_urls=directory_urls,
    )
    return env


_PROJECT_ROOT = find_resources().root


def template_error(error: jinja2.TemplateError) -> str:
    """`template:line: message` for an error in a template, found in the traceback Jinja rewrites."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{_shown_path(error.filename or error.name or '<template>')}:{error.lineno}: {error.message}"
    place = None
    frame = error.__traceback__
    while frame is not None:  # the innermost template frame is where it failed
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".html", ".xml")):
            place = f"{_shown_path(filename)}:{frame.tb_lineno}"
        frame = frame.tb_next
    return f"{place or 'a template'}: {error.message or type(error).__name__}"


def _shown_path(filename: str) -> str:
    path = Path(filename)
    return str(path.relative_to(_PROJECT_ROOT)) if path.is_relative_to(_PROJECT_ROOT) else filename
