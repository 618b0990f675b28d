"""`diff`: read the briefing at two revisions, compare them, and write the report.

Git access is `gitrevs`'s, the comparison and its rules `diff`'s; this
module joins them to the pipeline and prints the result, as text for a
terminal or as Markdown for a pull request's summary.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import gitrevs
from .diff import Change, Review, Side, compare
from .escape import md_text, one_line
from .pipeline import CheckCache, CheckResult, check_content
from .problems import Problem, count_of, format_report, printable

WORKING_TREE = "the working tree"
#: longer content text (a claim's wording) is cut short in the report; the files hold it all
DETAIL_LIMIT = 120


class UnusableBase(Exception):
    """The content at the base does not pass `check`, so it cannot be compared: one line."""


@dataclass(frozen=True)
class Comparison:
    head: CheckResult  # `check` at the head
    review: Review | None  # None when the head does not pass `check`


def compare_revisions(content: Path, base: str | None, head: str | None) -> Comparison:
    """Compare the content folder at `base` (default: where HEAD left the default branch) and `head`
    (default: the working tree). Raises `gitrevs.GitError` or `UnusableBase`, each with one line to show."""
    root = gitrevs.repository_root(content)
    prefix = gitrevs.content_prefix(root, content)
    head_revision = gitrevs.resolve(root, head) if head else None
    if base:
        base_revision = gitrevs.resolve(root, base)
    else:
        start = head_revision or gitrevs.head_commit(root)
        base_revision = gitrevs.merge_base(root, gitrevs.default_branch(root), start)
    with tempfile.TemporaryDirectory(prefix="briefing-diff-") as temp:
        head_root = content
        if head_revision is not None:
            head_root = Path(temp) / "head"
            if not gitrevs.write_content(root, head_revision, prefix, head_root):
                raise gitrevs.GitError(f"there is no content folder {prefix or '.'}/ at {head_revision.label}")
        # One cache for both: a file unchanged between the revisions is parsed and validated once.
        cache = CheckCache()
        checked = check_content(head_root, cache)
        if not checked.ok:
            return Comparison(checked, None)
        head_side = Side(head_revision.label if head_revision else WORKING_TREE, head_root, checked.briefing)
        base_side = _base_side(root, prefix, base_revision, Path(temp) / "base", cache)
        return Comparison(checked, compare(base_side, head_side))


def _base_side(root: Path, prefix: str, revision: gitrevs.Revision, folder: Path, cache: CheckCache) -> Side:
    if not gitrevs.write_content(root, revision, prefix, folder):
        return Side(revision.label, folder, None)  # no briefing yet: every claim is new
    checked = check_content(folder, cache)
    if not checked.ok:
        errors = [p for p in checked.problems if p.is_error]
        raise UnusableBase(
            f"the content at {revision.label} does not pass check ({count_of(len(errors), 'error')}; the first: "
            f"{errors[0].format()}), so it cannot be compared: choose another base"
        )
    return Side(revision.label, folder, checked.briefing)


# -- the report ------------------------------------------------------------------------------

_SECTIONS = (("Claims", "claims"), ("Sources", "sources"))


def _detail(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= DETAIL_LIMIT else text[: DETAIL_LIMIT - 1] + "…"


def format_text(review: Review) -> str:
    """For a terminal: the changes by section, then the rules' findings as `check` prints them."""
    lines = [f"Editorial changes from {printable(review.base)} to {printable(review.head)}"]
    for title, field in _SECTIONS:
        changes: tuple[Change, ...] = getattr(review, field)
        if changes:
            lines += ["", f"{title}:"]
            lines += [_text_line(change) for change in changes]
    if not review.claims and not review.sources:
        lines += ["", "No editorial changes."]
    lines += ["", "Published claims:", format_report(review.problems)]
    return "\n".join(lines)


def _text_line(change: Change) -> str:
    text = f"  {change.subject}: {change.what}"
    return printable(f"{text}: {_detail(change.detail)}" if change.detail else text)


def format_markdown(review: Review) -> str:
    """For a pull request's summary: tables, every piece of content escaped as text."""
    lines = [
        "## Editorial review",
        "",
        f"Changes from **{md_text(review.base)}** to **{md_text(review.head)}**.",
    ]
    for title, field in _SECTIONS:
        changes: tuple[Change, ...] = getattr(review, field)
        if changes:
            lines += ["", f"### {title}", "", "| id | change | detail |", "|---|---|---|"]
            lines += [f"| `{c.subject}` | {md_text(c.what)} | {md_text(_detail(c.detail))} |" for c in changes]
    if not review.claims and not review.sources:
        lines += ["", "No editorial changes."]
    lines += ["", "### Published claims", ""]
    lines += _markdown_problems(review.problems)
    return "\n".join(lines) + "\n"


def _markdown_problems(problems: tuple[Problem, ...]) -> list[str]:
    if not problems:
        return ["No problems: every published claim that changed did so with a trace."]
    lines = ["| | where | problem | what to do |", "|---|---|---|---|"]
    for p in problems:
        lines.append(
            f"| **{p.severity.value}** | `{p.path}:{p.line}:{p.col}` | {md_text(p.message)} | {md_text(p.hint)} |"
        )
    errors = sum(p.is_error for p in problems)
    lines += ["", f"**{count_of(errors, 'error')}, {count_of(len(problems) - errors, 'warning')}.**"]
    if errors:
        lines.append("See CONTRIBUTING.md: a changed verdict keeps the old one in `history`; a fix has a correction.")
    return lines
