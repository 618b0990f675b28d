"""Stage 2b — check references across files and build the typed model.

Runs on what `validate` checked file by file: resolves every source and
rating id, checks dates against each other, and assembles the frozen
`Briefing`. It reports problems rather than stopping, and returns no model
when any error was found, so nothing is ever rendered from bad content.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from . import dates, i18n
from . import model as m
from .problems import Problems, did_you_mean
from .validate import RESERVED_IDS, At, CheckedFile, InternalLink, suggest_id

DEFAULT_LANGUAGE = "en"


def build_briefing(
    checked: Iterable[CheckedFile], existing: dict[str, frozenset[str] | None], problems: Problems
) -> m.Briefing | None:
    """The whole briefing, or None when any error (here or earlier) was found.

    `existing` holds the id of every source and claim file found, valid or
    not: a reference to a file that has errors of its own is not reported
    again (no cascades of errors, as in a good compiler).
    """
    checked = list(checked)
    by_kind: dict[str, list[CheckedFile]] = defaultdict(list)
    for item in checked:
        if item.record is not None:
            by_kind[item.file.kind].append(item)
    resolver = _Resolver(problems, existing)
    ratings = resolver.ratings(by_kind["ratings"])
    sources = resolver.sources(by_kind["source"])
    claims = resolver.claims(by_kind["claim"], sources, ratings)
    not_rated = resolver.not_rated(by_kind["briefing"], sources)
    resolver.internal_links(checked, sources, claims)
    if not problems.has_errors:  # with claims missing, "uncited" would be noise
        _report_uncited_sources(sources, claims, not_rated or (), problems)
    _report_shared_claimant_slugs(claims, problems)
    briefing = resolver.briefing(by_kind["briefing"], ratings, sources, claims, not_rated)
    if problems.has_errors or briefing is None:
        return None
    return briefing


class _Resolver:
    def __init__(self, problems: Problems, existing: dict[str, frozenset[str] | None]) -> None:
        self.problems = problems
        self.existing = existing
        self.rating_ids: set[str] = set()

    def _file_exists(self, kind: str, item_id: str) -> bool:
        """Whether a file has this id, valid or not (True when its folder could not be read)."""
        ids = self.existing.get(kind)
        return ids is None or item_id in ids

    # -- ratings -------------------------------------------------------------

    def ratings(self, files: list[CheckedFile]) -> m.RatingScale | None:
        if not files:
            return None
        item = files[0]
        fields = item.record.value
        seen: dict[str, At] = {}
        scale = self._rating_list(item, fields.get("scale"), seen, scored=True)
        unscored = self._rating_list(item, fields.get("unscored"), seen, scored=False)
        self.rating_ids = set(seen)
        if "scale" not in fields:
            return None
        return m.RatingScale(scale, unscored)

    def _rating_list(self, item: CheckedFile, entries: At | None, seen: dict[str, At], scored: bool):
        if entries is None:
            return ()
        ratings = []
        count = len(entries.value)
        for index, entry in enumerate(entries.value):
            fields = entry.value
            if "id" in fields and not {"label", "description"} <= fields.keys():
                # Reported as missing already; knowing the id spares every verdict that uses it an error.
                seen.setdefault(fields["id"].value, fields["id"])
                continue
            if "id" not in fields:
                continue
            rating_id = fields["id"]
            if rating_id.value in seen:
                first = seen[rating_id.value]
                self.problems.error(
                    item.file.path,
                    rating_id.line,
                    rating_id.col,
                    f"rating id '{rating_id.value}' is used twice (first on line {first.line})",
                    "give each rating its own id",
                )
                continue
            seen[rating_id.value] = rating_id
            value = count - index if scored else None
            ratings.append(m.Rating(rating_id.value, fields["label"].value, fields["description"].value, value))
        return tuple(ratings)

    # -- sources -------------------------------------------------------------

    def sources(self, files: list[CheckedFile]) -> dict[str, m.Source]:
        sources: dict[str, m.Source] = {}
        for item in self._unique_ids(files, "source"):
            f = item.record.value
            if not {"title", "publisher", "type"} <= f.keys():
                continue
            sources[item.file.stem] = m.Source(
                id=item.file.stem,
                path=item.file.path,
                title=f["title"].value,
                publisher=f["publisher"].value,
                type=f["type"].value,
                authors=tuple(a.value for a in _get(f, "authors", [])),
                published=_opt(f, "published"),
                url=_opt(f, "url"),
                archived_url=_opt(f, "archived_url"),
                accessed=_opt(f, "accessed"),
                notes=_opt(f, "notes"),
            )
        return dict(sorted(sources.items()))

    def _unique_ids(self, files: list[CheckedFile], noun: str) -> list[CheckedFile]:
        """The files whose id (stem) no other file of the same kind shares."""
        by_stem: dict[str, list[CheckedFile]] = defaultdict(list)
        for item in files:
            by_stem[item.file.stem].append(item)
        unique = []
        for stem, items in sorted(by_stem.items()):
            if len(items) > 1:
                names = " and ".join(i.file.path for i in items)
                for i in items:
                    self.problems.error(
                        i.file.path, 0, 0, f"two {noun} files have the id '{stem}': {names}", "keep one"
                    )
            else:
                unique.append(items[0])
        return unique

    def _source(self, path: str, ref: At, sources: dict[str, m.Source]) -> m.Source | None:
        source = sources.get(ref.value)
        if source is None and not self._file_exists("source", ref.value):
            hint = did_you_mean(ref.value, sources) or f"create sources/{ref.value}.yaml"
            self.problems.error(path, ref.line, ref.col, f"unknown source '{ref.value}'", hint)
        return source

    def _rating(self, path: str, ref: At, ratings: m.RatingScale | None) -> m.Rating | None:
        rating = ratings.get(ref.value) if ratings else None
        if rating is None and ratings is not None and ref.value not in self.rating_ids:
            hint = did_you_mean(ref.value, self.rating_ids) or f"ratings are: {', '.join(sorted(self.rating_ids))}"
            self.problems.error(path, ref.line, ref.col, f"unknown rating '{ref.value}'", hint)
        return rating

    # -- claims --------------------------------------------------------------

    def claims(
        self, files: list[CheckedFile], sources: dict[str, m.Source], ratings: m.RatingScale | None
    ) -> dict[str, m.Claim]:
        claims: dict[str, m.Claim] = {}
        for item in self._unique_ids(files, "claim"):
            claim = self._claim(item, sources, ratings)
            if claim is not None:
                claims[claim.id] = claim
        return dict(sorted(claims.items()))

    def _claim(self, item: CheckedFile, sources: dict[str, m.Source], ratings: m.RatingScale | None) -> m.Claim | None:
        path, f = item.file.path, item.record.value
        verdict = self._verdict(path, f.get("verdict"), sources, ratings)
        appearances = tuple(self._appearance(path, a, sources) for a in _get(f, "appearances", []))
        history = tuple(self._history_entry(path, h, ratings) for h in _get(f, "history", []))
        corrections = tuple(
            m.Correction(c.value["date"].value, c.value["note"].value)
            for c in _get(f, "corrections", [])
            if {"date", "note"} <= c.value.keys()
        )
        if "date" in f:
            dates.check_claim_dates(path, f, self.problems)
        if verdict is not None and "withdrawn" not in f:  # a withdrawn claim's verdict no longer stands
            _report_single_source(path, f["verdict"].value.get("evidence"), verdict, self.problems)
        if None in appearances or None in history or verdict is None:
            return None
        if not {"claim", "claimant", "date"} <= f.keys() or "name" not in f["claimant"].value:
            return None
        claimant = f["claimant"].value
        original, withdrawn = _get(f, "original", {}), _get(f, "withdrawn", {})
        if (original and not {"text", "language"} <= original.keys()) or (
            withdrawn and not {"date", "reason"} <= withdrawn.keys()
        ):
            return None  # reported as missing already
        return m.Claim(
            id=item.file.stem,
            path=path,
            text=f["claim"].value,
            claimant=m.Claimant(
                claimant["name"].value,
                _opt(claimant, "role"),
                claimant_slug(claimant["name"].value),
                _opt(claimant, "type"),
            ),
            date=f["date"].value,
            appearances=appearances,
            topics=self._topics(path, _get(f, "topics", [])),
            verdict=verdict,
            history=history,
            corrections=corrections,
            original=m.Original(original["text"].value, original["language"].value) if original else None,
            withdrawn=m.Withdrawal(withdrawn["date"].value, withdrawn["reason"].value) if withdrawn else None,
        )

    def _topics(self, path: str, topics: list[At]) -> tuple[str, ...]:
        """The claim's topics, each once; "index" would take the address of the list of topics."""
        seen: dict[str, At] = {}
        for topic in topics:
            if topic.value in RESERVED_IDS:
                self.problems.error(
                    path,
                    topic.line,
                    topic.col,
                    f"the topic '{topic.value}' would replace the page listing every topic",
                    "choose another topic name",
                )
            elif topic.value in seen:
                self.problems.warning(
                    path,
                    topic.line,
                    topic.col,
                    f"the topic '{topic.value}' is listed twice (first on line {seen[topic.value].line})",
                    "remove one",
                )
            else:
                seen[topic.value] = topic
        return tuple(seen)

    def _verdict(self, path: str, verdict: At | None, sources, ratings) -> m.Verdict | None:
        if verdict is None:
            return None
        f = verdict.value
        evidence = tuple(self._evidence(path, e, sources) for e in _get(f, "evidence", []))
        rating = self._rating(path, f["rating"], ratings) if "rating" in f else None
        if rating is None or None in evidence or not evidence:
            return None
        if not {"summary", "reviewed", "analysis"} <= f.keys():
            return None
        return m.Verdict(
            rating, f["summary"].value, f["reviewed"].value, f["analysis"].value, evidence, *_bylines(f)
        )

    def _evidence(self, path: str, item: At, sources) -> m.Evidence | None:
        f = item.value
        source = self._source(path, f["source"], sources) if "source" in f else None
        if source is None or "stance" not in f:
            return None
        return m.Evidence(source, f["stance"].value, _opt(f, "quote"), _opt(f, "note"))

    def _appearance(self, path: str, item: At, sources) -> m.Appearance | None:
        f = item.value
        source = self._source(path, f["source"], sources) if "source" in f else None
        if source is None:
            return None
        return m.Appearance(source, _opt(f, "date"), _opt(f, "note"))

    def _history_entry(self, path: str, item: At, ratings) -> m.HistoryEntry | None:
        f = item.value
        rating = self._rating(path, f["rating"], ratings) if "rating" in f else None
        if rating is None or not {"reviewed", "summary"} <= f.keys():
            return None
        return m.HistoryEntry(rating, f["reviewed"].value, f["summary"].value, *_bylines(f))

    # -- links and the briefing ----------------------------------------------

    def internal_links(self, checked: Iterable[CheckedFile], sources, claims) -> None:
        known = {"claim": claims, "source": sources}
        for item in checked:
            for link in item.links:
                self._internal_link(link, known)

    def _internal_link(self, link: InternalLink, known: dict[str, dict]) -> None:
        targets = known[link.kind]
        if link.target not in targets and not self._file_exists(link.kind, link.target):
            hint = did_you_mean(link.target, targets) or f"no {link.kind} has the id '{link.target}'"
            self.problems.error(link.path, link.line, link.col, f"link to unknown {link.kind} '{link.target}'", hint)

    def not_rated(self, files: list[CheckedFile], sources: dict[str, m.Source]) -> tuple[m.NotRated, ...] | None:
        """The briefing's not-rated statements, their sources resolved; None when one is unusable."""
        if not files:
            return ()
        path, entries = files[0].file.path, _get(files[0].record.value, "not_rated", [])
        result = []
        for entry in entries:
            f = entry.value
            source = self._source(path, f["source"], sources) if "source" in f else None
            if ("source" in f and source is None) or not {"statement", "reason"} <= f.keys():
                result.append(None)
                continue
            result.append(m.NotRated(f["statement"].value, f["reason"].value, _opt(f, "claimant"), source))
        return None if None in result else tuple(result)

    def briefing(self, files, ratings, sources, claims, not_rated) -> m.Briefing | None:
        if not files or ratings is None or not_rated is None:
            return None
        f = files[0].record.value
        if not {"title", "summary", "publisher"} <= f.keys() or "name" not in f["publisher"].value:
            return None
        publisher = f["publisher"].value
        self._language_has_catalog(files[0].file.path, f.get("language"))
        contact = _get(f, "contact", None)
        briefing = m.Briefing(
            title=f["title"].value,
            subtitle=_opt(f, "subtitle"),
            summary=f["summary"].value,
            language=_opt(f, "language") or DEFAULT_LANGUAGE,
            publisher=m.Publisher(publisher["name"].value, _opt(publisher, "url")),
            updated_given=_opt(f, "updated"),
            about=_opt(f, "about"),
            methodology=_opt(f, "methodology"),
            corrections_policy=_opt(f, "corrections_policy"),
            ratings=ratings,
            sources=tuple(sources.values()),
            claims=tuple(claims.values()),
            as_of=_opt(f, "as_of"),
            contact=m.Contact(_opt(contact, "email"), _opt(contact, "url")) if contact else None,
            not_rated=not_rated,
        )
        dates.check_updated(files[0].file.path, f.get("updated"), briefing, self.problems)
        return briefing

    def _language_has_catalog(self, path: str, language: At | None) -> None:
        """A well-formed tag with no translation of the site's wording builds in English, and says so."""
        if language is None or i18n.catalog_language(language.value) is not None:
            return
        available = ", ".join(i18n.available_languages())
        self.problems.warning(
            path,
            language.line,
            language.col,
            f"the site's own wording is not translated into '{language.value}': its pages will be built in English",
            f"languages available: {available}; docs/languages.md says how to add one",
        )


def claimant_slug(name: str) -> str:
    """The claimant page's address part: 'Kim Son Gyong' → 'kim-son-gyong'.

    Names in scripts with no Latin transliteration get a stable hashed slug.
    """
    slug = suggest_id(name)
    if not slug:
        slug = "claimant-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    if slug in RESERVED_IDS:  # claimants/index.md lists every claimant
        slug += "-claimant"
    return slug


def _report_uncited_sources(
    sources: dict[str, m.Source], claims: dict[str, m.Claim], not_rated: tuple[m.NotRated, ...], problems: Problems
) -> None:
    cited = {source.id for claim in claims.values() for source in claim.sources}
    cited |= {entry.source.id for entry in not_rated if entry.source is not None}
    for source in sources.values():
        if source.id not in cited:
            problems.warning(
                source.path, 1, 1, f"no claim cites the source '{source.id}'", "cite it as evidence, or delete the file"
            )


def _report_single_source(path: str, evidence: At | None, verdict: m.Verdict, problems: Problems) -> None:
    """The two-source rule: a rating on the scale needs at least two distinct sources as evidence.

    Ratings off the scale (such as "unproven") are exempt: they say the
    evidence does not settle the claim, which one source can show.
    """
    sources = {item.source.id for item in verdict.evidence}
    if evidence is None or not verdict.rating.scored or len(sources) > 1:
        return
    problems.warning(
        path,
        evidence.line,
        evidence.col,
        f"the verdict '{verdict.rating.id}' rests on one source only ('{next(iter(sources))}'):"
        " the two-source rule asks for at least two",
        "cite an independent source as evidence, or use a rating off the scale",
    )


def _report_shared_claimant_slugs(claims: dict[str, m.Claim], problems: Problems) -> None:
    names: dict[str, dict[str, m.Claim]] = defaultdict(dict)
    for claim in claims.values():
        names[claim.claimant.slug].setdefault(claim.claimant.name, claim)
    for slug, spellings in sorted(names.items()):
        if len(spellings) > 1:
            listed = " and ".join(f"'{n}'" for n in sorted(spellings))
            for _name, claim in sorted(spellings.items()):
                problems.warning(
                    claim.path,
                    1,
                    1,
                    f"claimants {listed} share the page claimants/{slug}/",
                    "spell the name the same way in every claim",
                )


def _bylines(fields: dict[str, At]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`checked_by` and `edited_by` of a verdict or history entry; () where not given."""
    return tuple(n.value for n in _get(fields, "checked_by", [])), tuple(n.value for n in _get(fields, "edited_by", []))


def _get(fields: dict[str, At], key: str, default):
    item = fields.get(key)
    return item.value if item is not None else default


def _opt(fields: dict[str, At], key: str):
    item = fields.get(key)
    return item.value if item is not None else None
