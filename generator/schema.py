"""What each content file may hold, declared once.

These declarations are the single description of the content format
(`content-format.md`): validation walks YAML against them, and the JSON
Schemas for editors are generated from them, so the two cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .i18n import N_

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX_LENGTH = 80
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
LANGUAGE_PATTERN = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# Well-formed enough for a mailto: link: one '@', a dot in the domain, no spaces
# or characters that would break the address (the same pattern works in ECMAScript).
EMAIL_PATTERN = re.compile(r'[^@\s<>()\[\]\\,;:"]+@[^@\s<>()\[\]\\,;:"]+\.[^@\s<>()\[\]\\,;:".]+')

#: the kinds of source, each with the words a reader sees (translated where printed)
SOURCE_TYPE_LABELS = {
    "news": N_("News report"),
    "government": N_("Government"),
    "intergovernmental": N_("Intergovernmental organisation"),
    "state-media": N_("State media"),
    "think-tank": N_("Think tank"),
    "research": N_("Research"),
    "official-statement": N_("Official statement"),
    "dataset": N_("Dataset"),
    "other": N_("Other"),
}
SOURCE_TYPES = tuple(SOURCE_TYPE_LABELS)
#: how evidence bears on a claim, in the order a claim page lists it, with its heading there
STANCE_HEADINGS = {
    "supports": N_("Supports the claim"),
    "contradicts": N_("Contradicts the claim"),
    "context": N_("Context"),
}
STANCES = tuple(STANCE_HEADINGS)
CLAIMANT_TYPES = ("person", "organization")


class Spec:
    """The expected shape of one YAML value, and how each reader of the format names it."""

    #: how a value of this kind is named in messages ("a date", "a list")
    noun = "a value"
    #: how to write it, in the comments of a `new` skeleton ("YYYY-MM-DD")
    form = ""
    #: what to do when a list or mapping stands where a value of this kind belongs
    hint = "put the text in quotes if it starts with '[' or '{' or contains ': '"
    #: a reminder shown by editors on hover (the JSON Schemas)
    note = ""


@dataclass(frozen=True)
class Text(Spec):
    """Plain text: shown exactly as written, never interpreted."""

    noun = "text"


@dataclass(frozen=True)
class Markdown(Spec):
    """CommonMark plus tables; raw HTML is never passed through."""

    noun = "Markdown text"
    form = "Markdown"
    note = "Markdown: CommonMark and tables; link with [text](claim:<id>) or [text](source:<id>)."


@dataclass(frozen=True)
class Date(Spec):
    noun = "a date (YYYY-MM-DD)"
    form = "YYYY-MM-DD"
    hint = "write it as YYYY-MM-DD"
    note = "A date: YYYY-MM-DD."


@dataclass(frozen=True)
class Url(Spec):
    noun = "an http(s) address"
    form = "https://..."
    hint = "write the full address, starting with https://"
    note = "A full address starting with https:// or http://."


@dataclass(frozen=True)
class Language(Spec):
    noun = "a language tag such as 'en' or 'pt-BR'"
    hint = "write a BCP 47 tag such as en or fr-CA"
    note = "A BCP 47 language tag such as en or pt-BR."


@dataclass(frozen=True)
class Email(Spec):
    noun = "an email address such as corrections@example.org"
    hint = "write one address, such as name@example.org"
    note = "An email address such as corrections@example.org."


@dataclass(frozen=True)
class Id(Spec):
    """A slug: lowercase letters and digits joined by single hyphens."""

    noun = "an id"
    hint = "write an id: lowercase letters, digits and single hyphens"
    note = "An id: lowercase letters, digits and single hyphens."


@dataclass(frozen=True)
class Ref(Spec):
    """The id of another thing in the briefing (a source or a rating)."""

    target: str
    noun = "an id"
    hint = "write the id on the same line as the key"

    @property
    def note(self) -> str:  # type: ignore[override]
        where = "a file name in sources/ without .yaml" if self.target == "source" else "an id from ratings.yaml"
        return f"The id of a {self.target}: {where}."


@dataclass(frozen=True)
class Choice(Spec):
    options: tuple[str, ...]
    noun = "one of a fixed list of words"

    @property
    def form(self) -> str:  # type: ignore[override]
        return " | ".join(self.options)

    @property
    def hint(self) -> str:  # type: ignore[override]
        return f"write one of: {', '.join(self.options)}"

    @property
    def note(self) -> str:  # type: ignore[override]
        return "One of: " + ", ".join(self.options) + "."


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec
    min_items: int = 0
    noun = "a list"

    @property
    def form(self) -> str:  # type: ignore[override]
        return f"a list, at least {self.min_items}" if self.min_items else "a list"

    @property
    def note(self) -> str:  # type: ignore[override]
        least = f" (at least {self.min_items})" if self.min_items else ""
        item = self.item.note
        return f"A list{least}." + (f" Each item: {item[0].lower()}{item[1:]}" if item else "")


@dataclass(frozen=True)
class Field:
    key: str
    spec: Spec
    required: bool = False
    description: str = ""
    #: a line of YAML that shows the author what to write
    example: str = ""


@dataclass(frozen=True)
class Record(Spec):
    name: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    #: keys of which at least one must be given (none required on its own)
    one_of: tuple[str, ...] = ()
    noun = "a mapping of keys to values"

    def get(self, key: str) -> Field | None:
        for item in self.fields:
            if item.key == key:
                return item
        return None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.fields)


PUBLISHER = Record(
    "publisher",
    (
        Field("name", Text(), True, "Who publishes the briefing.", "name: Example Fact Check"),
        Field("url", Url(), False, "The publisher's home page.", "url: https://example.org/"),
    ),
)

CONTACT = Record(
    "contact",
    (
        Field("email", Email(), False, "Where readers write to the publisher.", "email: corrections@example.org"),
        Field("url", Url(), False, "A contact page or form.", "url: https://example.org/contact"),
    ),
    one_of=("email", "url"),
)

NOT_RATED = Record(
    "not_rated entry",
    (
        Field("statement", Text(), True, "The statement, as it was made.", "statement: ..."),
        Field("reason", Text(), True, "Why it is not rated: opinion, forecast, not checkable...", "reason: ..."),
        Field("claimant", Text(), False, "Who made it."),
        Field("source", Ref("source"), False, "Id of the source where it was made or reported."),
    ),
)

BRIEFING = Record(
    "briefing",
    (
        Field("title", Text(), True, "The site title.", "title: My briefing"),
        Field("subtitle", Text(), False, "One line under the title."),
        Field("summary", Markdown(), True, "The briefing's opening, shown on the home page."),
        Field("language", Language(), False, "BCP 47 language tag; default 'en'.", "language: en"),
        Field("publisher", PUBLISHER, True, "Who publishes this briefing.", "publisher: {name: ...}"),
        Field(
            "updated",
            Date(),
            False,
            "When the briefing was last updated; default: the latest review, correction or withdrawal.",
        ),
        Field("about", Markdown(), False, "Who publishes this, how it is funded, how to reach them."),
        Field("methodology", Markdown(), False, "How claims are chosen and checked."),
        Field("corrections_policy", Markdown(), False, "How errors are corrected."),
        Field("as_of", Date(), False, "The day whose situation the briefing describes; distinct from 'updated'."),
        Field("contact", CONTACT, False, "How readers reach the publisher: email, url or both.", "contact: {email: ...}"),
        Field("not_rated", ListOf(NOT_RATED), False, "Statements considered and deliberately not rated."),
    ),
)

RATING = Record(
    "rating",
    (
        Field("id", Id(), True, "Used by verdicts to name this rating.", "id: accurate"),
        Field("label", Text(), True, "What readers see.", "label: Accurate"),
        Field("description", Markdown(), True, "What the rating means.", "description: ..."),
    ),
)

RATINGS = Record(
    "ratings",
    (
        Field(
            "scale",
            ListOf(RATING, min_items=2),
            True,
            "Scored ratings, from most accurate to least accurate.",
            "scale: [...]",
        ),
        Field("unscored", ListOf(RATING), False, "Verdicts that sit off the scale."),
    ),
)

SOURCE = Record(
    "source",
    (
        Field("title", Text(), True, "Headline or document title.", "title: ..."),
        Field("publisher", Text(), True, "Outlet, agency or body.", "publisher: ..."),
        Field("type", Choice(SOURCE_TYPES), True, "What kind of source this is.", "type: news"),
        Field("authors", ListOf(Text()), False, "Who wrote it."),
        Field("published", Date(), False, "When it was published."),
        Field("url", Url(), False, "Where the source lives; leave it out rather than guess."),
        Field("archived_url", Url(), False, "A permanent archived copy."),
        Field("accessed", Date(), False, "When it was last checked."),
        Field("notes", Markdown(), False, "Reliability notes, context."),
    ),
)

CLAIMANT = Record(
    "claimant",
    (
        Field("name", Text(), True, "Who made the claim.", "name: ..."),
        Field("role", Text(), False, "Their role or title when they made it."),
        Field("type", Choice(CLAIMANT_TYPES), False, "Whether the claimant is a person or an organization."),
    ),
)

ORIGINAL = Record(
    "original",
    (
        Field("text", Text(), True, "The words as they were said or written.", "text: ..."),
        Field("language", Language(), True, "BCP 47 tag of that language.", "language: ru"),
    ),
)

BYLINES = (
    Field("checked_by", ListOf(Text()), False, "Who checked the claim, each name as it should be printed."),
    Field("edited_by", ListOf(Text()), False, "Who edited the verdict, each name as it should be printed."),
)

APPEARANCE = Record(
    "appearance",
    (
        Field("source", Ref("source"), True, "Id of the source where the claim appeared."),
        Field("date", Date(), False, "When it appeared there."),
        Field("note", Text(), False, "Anything worth knowing about this appearance."),
    ),
)

EVIDENCE = Record(
    "evidence",
    (
        Field("source", Ref("source"), True, "Id of the source cited.", "source: ..."),
        Field("stance", Choice(STANCES), True, "How the source bears on the claim.", "stance: supports"),
        Field("quote", Text(), False, "Words copied verbatim from the source."),
        Field("note", Text(), False, "What this evidence shows."),
    ),
)

VERDICT = Record(
    "verdict",
    (
        Field("rating", Ref("rating"), True, "A rating id from ratings.yaml.", "rating: ..."),
        Field("summary", Text(), True, "The conclusion in one or two sentences.", "summary: ..."),
        Field("reviewed", Date(), True, "When this verdict was reached.", "reviewed: 2022-11-08"),
        Field("analysis", Markdown(), True, "The reasoning.", "analysis: |"),
        Field("evidence", ListOf(EVIDENCE, min_items=1), True, "The sources that decide it.", "evidence: [...]"),
        *BYLINES,
    ),
)

HISTORY_ENTRY = Record(
    "history entry",
    (
        Field("rating", Ref("rating"), True, "The rating given then.", "rating: ..."),
        Field("reviewed", Date(), True, "When that verdict was reached.", "reviewed: ..."),
        Field("summary", Text(), True, "Why it was rated so then.", "summary: ..."),
        *BYLINES,
    ),
)

CORRECTION = Record(
    "correction",
    (
        Field("date", Date(), True, "When the correction was made.", "date: ..."),
        Field("note", Text(), True, "What was wrong and what changed.", "note: ..."),
    ),
)

WITHDRAWN = Record(
    "withdrawn",
    (
        Field("date", Date(), True, "When the claim was withdrawn.", "date: ..."),
        Field("reason", Markdown(), True, "Why it was withdrawn.", "reason: ..."),
    ),
)

CLAIM = Record(
    "claim",
    (
        Field("claim", Text(), True, "The claim, worded as it was made.", "claim: ..."),
        Field("claimant", CLAIMANT, True, "Who made it.", "claimant: {name: ...}"),
        Field("original", ORIGINAL, False, "The claim as made, in its own language.", "original: {text: ..., language: ...}"),
        Field("date", Date(), True, "When the claim was made.", "date: 2022-11-08"),
        Field("appearances", ListOf(APPEARANCE), False, "Where it was made or reported, first appearance first."),
        Field("topics", ListOf(Id()), False, "Topic tags."),
        Field("verdict", VERDICT, True, "The current verdict.", "verdict: {...}"),
        Field("history", ListOf(HISTORY_ENTRY), False, "Earlier verdicts, oldest first."),
        Field("corrections", ListOf(CORRECTION), False, "Corrections to this fact-check."),
        Field("withdrawn", WITHDRAWN, False, "A published claim taken back; its page is kept.", "withdrawn: {...}"),
    ),
)

#: the record each kind of content file holds
FILE_RECORDS = {"briefing": BRIEFING, "ratings": RATINGS, "source": SOURCE, "claim": CLAIM}
