"""Stage 2b, dates: the order that a claim's dates, and the briefing's `updated`, must keep.

Called by `crossref` on what `validate` checked (values that remember where
they were written), so each problem names the line of the date at fault.
"""

from __future__ import annotations

import datetime as dt

from . import model as m
from .problems import Problems
from .validate import At


def check_claim_dates(path: str, f: dict[str, At], problems: Problems) -> None:
    """The claim comes first, then its verdicts oldest first; lists in date order."""

    def error(when: At, message: str, hint: str) -> None:
        problems.error(path, when.line, when.col, message, hint)

    claim_date: dt.date = f["date"].value
    reviewed = f.get("verdict") and f["verdict"].value.get("reviewed")
    if reviewed and reviewed.value < claim_date:
        error(
            reviewed,
            f"the verdict was reviewed on {reviewed.value}, before the claim was made ({claim_date})",
            "check both dates",
        )
    history = _items(f, "history")
    for when in (entry.value["reviewed"] for entry in history if "reviewed" in entry.value):
        if when.value < claim_date:
            error(when, f"this earlier verdict ({when.value}) predates the claim ({claim_date})", "check the date")
        if reviewed and when.value > reviewed.value:
            error(
                when,
                f"this earlier verdict ({when.value}) is dated after the current one ({reviewed.value})",
                "history holds earlier verdicts only",
            )
    _check_order(history, "reviewed", "history must be oldest first", error)
    _check_order(_items(f, "appearances"), "date", "appearances must be listed first appearance first", error)
    for when in (c.value["date"] for c in _items(f, "corrections") if "date" in c.value):
        if when.value < claim_date:
            error(when, f"a correction dated {when.value} predates the claim ({claim_date})", "check the date")
    withdrawn = f["withdrawn"].value.get("date") if "withdrawn" in f else None
    if withdrawn and withdrawn.value < claim_date:
        error(withdrawn, f"the claim is withdrawn on {withdrawn.value}, before it was made ({claim_date})", "check the date")


def _check_order(entries: list[At], key: str, rule: str, error) -> None:
    """Entries that carry a `key` date must come in date order."""
    previous: At | None = None
    for entry in entries:
        when = entry.value.get(key)
        if when is None:
            continue
        if previous is not None and when.value < previous.value:
            error(when, f"{rule}: {when.value} comes after {previous.value}", f"move this entry above the one on line {previous.line}")
        previous = when


def check_updated(path: str, updated: At | None, briefing: m.Briefing, problems: Problems) -> None:
    """An `updated` date older than a review, correction or withdrawal would tell readers nothing changed since."""
    latest = briefing.last_changed
    if updated is None or latest is None or updated.value >= latest:
        return
    claim = next(c for c in briefing.claims if c.last_changed == latest)
    problems.warning(
        path,
        updated.line,
        updated.col,
        f"'updated' ({updated.value}) is earlier than the latest change, {latest} in {claim.path}",
        f"set it to {latest} or later, or remove it to use the latest change",
    )


def _items(fields: dict[str, At], key: str) -> list[At]:
    item = fields.get(key)
    return item.value if item is not None else []
