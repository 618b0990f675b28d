"""The editorial changes between two states of a briefing, and the rules that guard published claims.

Works on two checked models (`Briefing`), whichever revisions they were
read from (`gitrevs`). A claim that exists at the base is published: its
verdict, history and corrections are a public record, and the rules below
say how it may change. A claim new at the head is free to change.
Problems point into the head's files (line and column from their YAML nodes).
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import model as m
from .addresses import claim_page, page_url
from .load import compose_mapping, position
from .problems import Problem, Problems

#: a claim that went and one that came, at least this similar in their words, are one claim renamed
RENAME_SIMILARITY = 0.5
#: the verdict's fields whose change needs a later `reviewed` date or a correction
SUBSTANCE = ("summary", "analysis", "evidence")


@dataclass(frozen=True)
class Side:
    """The briefing at one revision."""

    label: str  # "main (1a2b3c4)", "the working tree"
    root: Path  # where its content files are
    briefing: m.Briefing | None  # None: there was no content folder at that revision


@dataclass(frozen=True)
class Change:
    """One editorial change. `subject` is an id, `what` our words, `detail` the content's own text."""

    subject: str
    what: str
    detail: str = ""


@dataclass(frozen=True)
class Review:
    base: str
    head: str
    claims: tuple[Change, ...]
    sources: tuple[Change, ...]
    problems: tuple[Problem, ...]  # sorted; the integrity rules' findings

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def compare(base: Side, head: Side) -> Review:
    """What changed from `base` to `head`, and which changes break the rules for published claims."""
    assert head.briefing is not None, "the head must be a valid briefing"
    old = {c.id: c for c in base.briefing.claims} if base.briefing else {}
    new = {c.id: c for c in head.briefing.claims}
    problems = Problems()
    where = _Locator(head.root)
    changes: list[Change] = []
    renamed = _renames(base, head, sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys()))
    for claim_id in sorted(old.keys() | new.keys()):
        if claim_id in old and claim_id in new:
            changes.extend(_compare_claim(old[claim_id], new[claim_id], where, problems))
        elif claim_id in new and claim_id not in renamed.values():
            changes.append(Change(claim_id, "added", new[claim_id].text))
        elif claim_id in renamed:
            changes.append(_renamed(old[claim_id], new[renamed[claim_id]], problems))
        elif claim_id in old:
            changes.append(_deleted(old[claim_id], problems))
    sources = _compare_sources(base.briefing.sources if base.briefing else (), head.briefing.sources)
    return Review(base.label, head.label, tuple(changes), sources, tuple(problems.sorted()))


# -- claims that came or went ------------------------------------------------------------


def _address(claim: m.Claim) -> str:
    return "/" + page_url(claim_page(claim))


def _deleted(claim: m.Claim, problems: Problems) -> Change:
    problems.error(
        claim.path,
        0,
        0,
        f"the published claim '{claim.id}' was deleted: its page {_address(claim)} would break",
        "restore the file and mark the claim `withdrawn` (date and reason) instead",
    )
    return Change(claim.id, "removed (file deleted)", claim.text)


def _renamed(old: m.Claim, new: m.Claim, problems: Problems) -> Change:
    problems.error(
        new.path,
        0,
        0,
        f"the published claim '{old.id}' was renamed to '{new.id}': its page {_address(old)} would break",
        f"keep the file name {old.path}: a claim's id is its address",
    )
    return Change(new.id, f"renamed from {old.id}", new.text)


def _renames(base: Side, head: Side, gone: list[str], came: list[str]) -> dict[str, str]:
    """Old id → new id, for each claim that went and one that came and that are the same claim:
    the same wording, or wording, summary and analysis at least half the same, word for word."""
    if not gone or not came:
        return {}
    old = {c.id: c for c in base.briefing.claims if c.id in gone}
    new = {c.id: c for c in head.briefing.claims if c.id in came}
    scores = []
    for old_id, old_claim in old.items():
        for new_id, new_claim in new.items():
            if old_claim.text == new_claim.text:
                score = 1.0
            else:
                score = difflib.SequenceMatcher(None, _words(old_claim), _words(new_claim), autojunk=False).ratio()
            if score >= RENAME_SIMILARITY:
                scores.append((-score, old_id, new_id))
    pairs: dict[str, str] = {}
    for _score, old_id, new_id in sorted(scores):
        if old_id not in pairs and new_id not in pairs.values():
            pairs[old_id] = new_id
    return pairs


def _words(claim: m.Claim) -> list[str]:
    return f"{claim.text} {claim.verdict.summary} {claim.verdict.analysis}".split()


# -- a published claim, changed -----------------------------------------------------------


def _compare_claim(old: m.Claim, new: m.Claim, where: _Locator, problems: Problems) -> list[Change]:
    at = where.bind(new.path)
    changes: list[Change] = []
    changes.extend(_withdrawal_changes(old, new))
    history = _list_changes(old.history, new.history, _entry_key)
    corrections = _list_changes(old.corrections, new.corrections, _correction_key)
    corrected = bool(corrections.added)
    if old.verdict.rating.id != new.verdict.rating.id:
        changes.append(Change(new.id, "rating changed", f"{old.verdict.rating.label} → {new.verdict.rating.label}"))
        if _entry_key(old.verdict) not in {_entry_key(h) for h in history.added}:
            problems.error(
                new.path,
                *at("verdict", "rating"),
                f"the rating changed from '{old.verdict.rating.id}' to '{new.verdict.rating.id}', "
                "and the published verdict is not in history",
                f"add it as the last `history` entry: rating: {old.verdict.rating.id}, "
                f"reviewed: {old.verdict.reviewed}, and its summary as published",
            )
    if old.verdict.reviewed != new.verdict.reviewed:
        changes.append(Change(new.id, "reviewed date changed", f"{old.verdict.reviewed} → {new.verdict.reviewed}"))
    later = new.verdict.reviewed > old.verdict.reviewed
    for field in SUBSTANCE:
        if _substance(old.verdict, field) == _substance(new.verdict, field):
            continue
        changes.append(Change(new.id, f"{field} changed", _evidence_detail(old, new) if field == "evidence" else ""))
        if not later and not corrected:
            problems.error(
                new.path,
                *at("verdict", field, *_first_difference(old.verdict, new.verdict, field)),
                f"the published verdict's {field} changed, with no later `reviewed` date and no new correction",
                "a new finding: set `reviewed` to the day of the new verdict; "
                "an error readers may have seen: add a `corrections` entry",
            )
    changes.extend(_quote_changes(old, new, corrected, at, problems))
    changes.extend(_record_changes(new, "history entry", history, _describe_entry, ("history",), at, problems))
    changes.extend(_record_changes(new, "correction", corrections, _describe_correction, ("corrections",), at, problems))
    others = [name for name, read in _OTHER_FIELDS if read(old) != read(new)]
    if others:
        changes.append(Change(new.id, "also changed: " + ", ".join(others)))
    return changes


def _withdrawal_changes(old: m.Claim, new: m.Claim) -> list[Change]:
    if old.withdrawn == new.withdrawn:
        return []
    if new.withdrawn is None:
        return [Change(new.id, "withdrawal taken back", _describe_withdrawal(old.withdrawn))]
    what = "withdrawn" if old.withdrawn is None else "withdrawal edited"
    return [Change(new.id, what, _describe_withdrawal(new.withdrawn))]


def _describe_withdrawal(withdrawal: m.Withdrawal) -> str:
    return f"{withdrawal.date}: {withdrawal.reason}"


def _substance(verdict: m.Verdict, field: str) -> Hashable:
    if field == "evidence":
        return tuple(_evidence_key(e) for e in verdict.evidence)
    return getattr(verdict, field)


def _evidence_key(evidence: m.Evidence) -> Hashable:
    return (evidence.source.id, evidence.stance, evidence.quote, evidence.note)


def _evidence_detail(old: m.Claim, new: m.Claim) -> str:
    """Which evidence items changed, by source: "ap-2022-11-08 edited; kcna-2022-09-22 added"."""
    found = _list_changes(old.verdict.evidence, new.verdict.evidence, _evidence_key)
    parts = [f"{old.verdict.evidence[i].source.id} edited" for i, _j in found.edited]
    parts += [f"{e.source.id} added" for e in found.added]
    parts += [f"{old.verdict.evidence[i].source.id} removed" for i in found.removed]
    return "; ".join(parts)


def _first_difference(old: m.Verdict, new: m.Verdict, field: str) -> tuple[int, ...]:
    """Where in a list field the first changed item is, to point at it (nothing for a text field)."""
    if field != "evidence":
        return ()
    before, after = _substance(old, field), _substance(new, field)
    return (next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after))),)


def _entry_key(entry: m.HistoryEntry | m.Verdict) -> Hashable:
    """What identifies an earlier verdict: its rating, date and summary."""
    return (entry.rating.id, entry.reviewed, entry.summary)


def _correction_key(correction: m.Correction) -> Hashable:
    return (correction.date, correction.note)


def _describe_entry(entry: m.HistoryEntry) -> str:
    return f"{entry.rating.label}, reviewed {entry.reviewed}"


def _describe_correction(correction: m.Correction) -> str:
    return f"{correction.date}: {correction.note}"


_OTHER_FIELDS: tuple[tuple[str, Callable[[m.Claim], Hashable]], ...] = (
    ("claim", lambda c: c.text),
    ("original", lambda c: c.original),
    ("claimant", lambda c: (c.claimant.name, c.claimant.role, c.claimant.type)),
    ("date", lambda c: c.date),
    ("appearances", lambda c: tuple((a.source.id, a.date, a.note) for a in c.appearances)),
    ("topics", lambda c: c.topics),
    ("checked by", lambda c: (c.verdict.checked_by, tuple(h.checked_by for h in c.history))),
    ("edited by", lambda c: (c.verdict.edited_by, tuple(h.edited_by for h in c.history))),
)


@dataclass(frozen=True)
class _ListChanges:
    """How a list kept as a record (history, corrections) changed, by index at the base and at the head."""

    old: tuple
    new: tuple
    added_at: tuple[int, ...]  # head indexes
    edited: tuple[tuple[int, int], ...]  # (base index, head index)
    removed: tuple[int, ...]  # base indexes

    @property
    def added(self) -> tuple:
        return tuple(self.new[j] for j in self.added_at)


def _list_changes(old: Sequence, new: Sequence, key: Callable) -> _ListChanges:
    old_keys, new_keys = [key(x) for x in old], [key(x) for x in new]
    added_at: list[int] = []
    edited: list[tuple[int, int]] = []
    removed: list[int] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        edited.extend((i1 + k, j1 + k) for k in range(pairs))
        removed.extend(range(i1 + pairs, i2))
        added_at.extend(range(j1 + pairs, j2))
    return _ListChanges(tuple(old), tuple(new), tuple(added_at), tuple(edited), tuple(removed))


def _record_changes(
    new_claim: m.Claim,
    noun: str,
    changes: _ListChanges,
    describe: Callable,
    key: tuple[str, ...],
    at: Callable[..., tuple[int, int]],
    problems: Problems,
) -> list[Change]:
    """Entries added are reported; entries edited or removed break the record, and are errors."""
    found = [Change(new_claim.id, f"{noun} added", describe(item)) for item in changes.added]
    old_items = changes.old
    for old_index, new_index in changes.edited:
        found.append(Change(new_claim.id, f"{noun} edited", describe(old_items[old_index])))
        problems.error(
            new_claim.path,
            *at(*key, new_index),
            f"a published {noun} was edited (was: {_short(describe(old_items[old_index]))})",
            f"restore it as it was; to correct it, add a new {noun}",
        )
    for old_index in changes.removed:
        found.append(Change(new_claim.id, f"{noun} removed", describe(old_items[old_index])))
        problems.error(
            new_claim.path,
            *at(*key),
            f"a published {noun} was removed ({_short(describe(old_items[old_index]))})",
            "restore it: a published claim's history and corrections are only ever added to",
        )
    return found


def _quote_changes(
    old: m.Claim, new: m.Claim, corrected: bool, at: Callable[..., tuple[int, int]], problems: Problems
) -> list[Change]:
    """Each quote published at the base that is no longer word for word in the evidence."""
    remaining = Counter((e.source.id, e.quote) for e in new.verdict.evidence if e.quote is not None)
    changes = []
    for item in old.verdict.evidence:
        if item.quote is None:
            continue
        if remaining[(item.source.id, item.quote)]:
            remaining[(item.source.id, item.quote)] -= 1
            continue
        changes.append(Change(new.id, "quote changed", f"{item.source.id}: {item.quote}"))
        if not corrected:
            index = next((i for i, e in enumerate(new.verdict.evidence) if e.source.id == item.source.id), None)
            steps = ("verdict", "evidence", index, "quote") if index is not None else ("verdict", "evidence")
            problems.warning(
                new.path,
                *at(*steps),
                f"a published quote from '{item.source.id}' changed, with no correction "
                f"(was: “{_short(item.quote)}”)",
                "a quote is word for word: if the published one was wrong, add a `corrections` entry saying so",
            )
    return changes


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- sources --------------------------------------------------------------------------------


def _compare_sources(old: Sequence[m.Source], new: Sequence[m.Source]) -> tuple[Change, ...]:
    before, after = {s.id: s for s in old}, {s.id: s for s in new}
    changes = []
    for source_id in sorted(before.keys() | after.keys()):
        if source_id not in before:
            changes.append(Change(source_id, "added", after[source_id].title))
        elif source_id not in after:
            changes.append(Change(source_id, "removed", before[source_id].title))
        elif before[source_id].url != after[source_id].url:
            was, now = before[source_id].url or "(none)", after[source_id].url or "(none)"
            changes.append(Change(source_id, "URL changed", f"{was} → {now}"))
    return tuple(changes)


# -- positions in the head's files ---------------------------------------------------------


class _Locator:
    """Line and column of a value in a head file, from its YAML nodes; files composed once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._nodes: dict[str, yaml.Node | None] = {}

    def bind(self, path: str) -> Callable[..., tuple[int, int]]:
        return lambda *steps: self.find(path, steps)

    def find(self, path: str, steps: Sequence[str | int]) -> tuple[int, int]:
        """The deepest node on the way that exists: a removed entry points at its list."""
        if path not in self._nodes:
            text = (self.root / path).read_text(encoding="utf-8-sig")
            self._nodes[path] = compose_mapping(text, path, Problems())
        node = self._nodes[path]
        if node is None:
            return 1, 1
        for step in steps:
            child = _child(node, step)
            if child is None:
                break
            node = child
        return position(node)


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
        return node.value[step] if step < len(node.value) else None
    if isinstance(step, str) and isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == step), None)
    return None
