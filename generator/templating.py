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
from pathlib import Path
from typing import Any
from urllib.parse import quote, urldefrag

import jinja2
import jinja2.bccache

from . import addresses, chart, markup
from . import model as m
from .escape import Trusted, md_html, md_text
from .resources import find_resources

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
STANCES = (("supports", "Supports the claim"), ("contradicts", "Contradicts the claim"), ("context", "Context"))
#: how a source is used by a claim, as a reader reads it (the stances, and appearances)
USES = dict(STANCES) | {"appearance": "Where the claim appeared"}
#: the content format's source types, as a reader reads them
SOURCE_TYPES = {
    "news": "News report",
    "government": "Government",
    "intergovernmental": "Intergovernmental organisation",
    "state-media": "State media",
    "think-tank": "Think tank",
    "research": "Research",
    "official-statement": "Official statement",
    "dataset": "Dataset",
    "other": "Other",
}


def _finalize(escaped: Callable[[str], str], value: Any) -> str:
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
    if isinstance(value, (int, dt.date)):
        return str(value)
    raise jinja2.TemplateError(f"a template printed a {type(value).__name__}: print one of its fields")


def long_date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def short_date(value: dt.date) -> str:
    """'8 Nov 2022', for table columns; `long_date` everywhere else."""
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"


def month_year(value: dt.date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


def count_of(n: int, singular: str, plural: str = "") -> str:
    """'1 claim', '3 claims'."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def names(people: tuple[str, ...] | list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    people = list(people)
    return people[0] if len(people) == 1 else f"{', '.join(people[:-1])} and {people[-1]}"


#: languages written right to left (BCP 47 primary subtags), and scripts that are
_RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku", "nqo", "ps", "sd", "syr", "ug", "ur", "yi"})
_RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"})


def text_direction(language: str) -> str:
    """"rtl" or "ltr" for a BCP 47 tag: the script subtag decides where given (az-Arab), else the language."""
    parts = language.lower().split("-")
    script = next((part for part in parts[1:] if len(part) == 4 and part.isalpha()), None)
    if script is not None:
        return "rtl" if script in _RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in _RTL_LANGUAGES else "ltr"


def related_reason(related: Any) -> str:
    """Why a claim is listed as related (a `render.Related`): 'Same claimant; also about Denials'."""
    reasons = ["Same claimant"] if related.same_claimant else []
    if related.shared_topics:
        about = ", ".join(addresses.topic_label(t) for t in related.shared_topics)
        reasons.append(f"{'also' if reasons else 'Also'} about {about}")
    return "; ".join(reasons)


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
    return Trusted(f"[{md_text(text)}]({target})")


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, to_path: str) -> Trusted:
    """The address of a page relative to the current one, for raw HTML in a template."""
    return Trusted(_relative(context, to_path))


def _external_link(text: str, url: str) -> Trusted:
    """A link to an address given in the content; text and address are escaped."""
    return Trusted(f'<a href="{md_text(url)}">{md_text(text)}</a>')


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


def _time(value: dt.date, style: str = "long") -> Trusted:
    """A date as a <time> element: machine-readable, and written out for people."""
    text = short_date(value) if style == "short" else long_date(value)
    return Trusted(f'<time datetime="{value.isoformat()}">{text}</time>')


@jinja2.pass_context
def _source_ref(context: jinja2.runtime.Context, source: m.Source) -> Trusted:
    """An HTML citation: title (linked to the source page), publisher, date, and the
    original and archived copies where the content gives their addresses.

    Only the publisher is indexed for search: the source's own page holds the rest."""
    page = _relative(context, addresses.source_page(source))
    text = f'<span data-search-exclude><a href="{page}">{md_text(source.title)}</a>, </span>{md_text(source.publisher)}'
    rest = f", {_time(source.published)}" if source.published else ""
    links = [_external_link(label, url) for label, url in (("original", source.url), ("archived copy", source.archived_url)) if url]
    if links:
        rest += f' <span class="briefing-source-links">({" · ".join(links)})</span>'
    return Trusted(text + (f"<span data-search-exclude>{rest}</span>" if rest else ""))


@jinja2.pass_context
def _verdict_chart(context: jinja2.runtime.Context, claims: tuple[m.Claim, ...], title: str, element_id: str) -> Trusted:
    """The verdict distribution of `claims` as an inline SVG bar chart, every verdict of the scale shown."""
    scale: m.RatingScale = context["briefing"].ratings
    counts = {r.id: 0 for r in scale.all}
    for claim in claims:
        counts[claim.verdict.rating.id] += 1
    bars = [chart.Bar(r.label, counts[r.id], rating_tone(r, scale), r.scored) for r in scale.all]
    return chart.verdict_chart(bars, title, element_id)


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
    templates: Path, caches: RenderCaches | None = None, directory_urls: bool = True
) -> jinja2.Environment:
    """The environment that renders the page templates in `templates`.

    `directory_urls`: pages are addressed as folders (claims/x/), else as
    files (claims/x.html, for the offline copy).
    """
    caches = caches or RenderCaches()
    # The same texts are printed again and again (a claim on its page, in the lists,
    # in related claims; names, labels): each is escaped once.
    escaped = functools.lru_cache(maxsize=1 << 16)(md_text)
    env = jinja2.Environment(
        bytecode_cache=caches.templates,
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        finalize=functools.partial(_finalize, escaped),
        autoescape=False,  # Markdown is not HTML: `_finalize` escapes instead
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        markdown=_markdown_filter(caches.html),
        long_date=long_date,
        short_date=short_date,
        month_year=month_year,
        source_type=lambda value: SOURCE_TYPES.get(value, value),
        use_label=lambda value: USES[value],
    )
    env.globals.update(
        link=_link,
        url=_url,
        external_link=_external_link,
        archive_lookup=archive_lookup,
        badge=_badge,
        tone=_tone,
        time=_time,
        source_ref=_source_ref,
        verdict_chart=_verdict_chart,
        count_of=count_of,
        related_reason=related_reason,
        names=names,
        text_direction=text_direction,
        shown_evidence=shown_evidence,
        verdict_page=addresses.verdict_page,
        timeline_page=addresses.TIMELINE_PAGE,
        print_page=addresses.PRINT_PAGE,
        print_anchor=addresses.print_anchor,
        claim_page=addresses.claim_page,
        source_page=addresses.source_page,
        claimant_page=addresses.claimant_page,
        topic_page=addresses.topic_page,
        topic_label=addresses.topic_label,
        stances=STANCES,
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
