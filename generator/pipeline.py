"""The spine: load → validate → cross-reference → (render). Small on purpose.

Each stage lives in its own module and data flows one way. Nothing is
rendered unless the whole briefing validated without errors.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from .beside import beside
from .crossref import build_briefing
from .load import ContentFile, ContentListing, FileMemo, compose_content, list_content, load_content
from .markup import HtmlCache
from .model import Briefing
from .problems import Problem, Problems
from .validate import CheckedFile, WebAddress, check_file


@dataclass(frozen=True)
class CheckResult:
    briefing: Briefing | None  # None whenever an error was found
    problems: tuple[Problem, ...]  # sorted by file and position
    addresses: tuple[WebAddress, ...] = ()  # every http(s) address in the content, for `check --links`

    @property
    def ok(self) -> bool:
        return self.briefing is not None and not any(p.is_error for p in self.problems)


#: from this many content files on, a check without a cache is shared with a second process (about 300 claims)
PARALLEL_FROM_FILES = 400


class CheckCache:
    """What checking a briefing found in each file, kept for the next check of the same briefing.

    `serve` checks the whole briefing after every edit; with this, only the
    files whose bytes changed are composed and validated again (at 1,000
    claims: 0.1 s instead of 3). The checks across files always run in full.
    """

    def __init__(self) -> None:
        self.files = FileMemo()
        self._checked: dict[ContentFile, tuple[CheckedFile, tuple[Problem, ...]]] = {}

    @property
    def changed(self) -> set[str]:
        """The files (paths relative to the briefing) that are new or changed since the check before."""
        return self.files.changed

    def check_file(self, file: ContentFile, problems: Problems, html: HtmlCache | None = None) -> CheckedFile:
        if file not in self._checked:
            found = Problems()
            self._checked[file] = (check_file(file, found, html), found.recorded())
        checked, reported = self._checked[file]
        problems.extend(reported)
        return checked

    def forget_all_but(self, files: tuple[ContentFile, ...]) -> None:
        kept = set(files)
        self._checked = {file: result for file, result in self._checked.items() if file in kept}


def check_content(
    root: Path, cache: CheckCache | None = None, html: HtmlCache | None = None, parallel_from: int = PARALLEL_FROM_FILES
) -> CheckResult:
    """Load, validate and cross-reference a briefing; collect every problem.

    With a `cache` from the previous check of the same briefing, files that
    have not changed are not parsed and validated again. With `html`, the
    Markdown fields' HTML is kept there, for rendering the same briefing.
    Without a cache, from `parallel_from` files on, a second process checks
    half of them (`beside`).
    """
    problems = Problems()
    if cache is None:
        listing = list_content(root, problems)
        checked = _check_listed(listing, problems, html, parallel_from)
        ids = listing.ids
    else:
        loaded = load_content(root, problems, cache.files)
        checked = [cache.check_file(file, problems, html) for file in loaded.files]
        cache.forget_all_but(loaded.files)
        ids = loaded.ids
    briefing = build_briefing(checked, ids, problems)
    addresses = tuple(address for item in checked for address in item.addresses)
    return CheckResult(briefing if not problems.has_errors else None, tuple(problems.sorted()), addresses)


def _check_listed(listing: ContentListing, problems: Problems, html: HtmlCache | None, parallel_from: int) -> list[CheckedFile]:
    """Each listed file composed and checked, in order; the second half in a process beside this one if there are enough."""
    if len(listing.found) < max(parallel_from, 2):
        return _check_files(listing, problems, html)
    middle = _halfway(listing)
    second = beside(partial(_check_apart, replace(listing, found=listing.found[middle:]), html is not None))
    try:
        checked = _check_files(replace(listing, found=listing.found[:middle]), problems, html)
    except BaseException:
        second.cancel()
        raise
    more, found, texts = second.result()
    problems.extend(found)
    for text, text_html in texts:
        html.remember(text, text_html)  # type: ignore[union-attr] - texts is empty without html
    return checked + more


def _halfway(listing: ContentListing) -> int:
    """Where the listed files split into two halves of about as many bytes (claims are larger than sources)."""
    sizes = []
    for path, _ in listing.found:
        try:
            sizes.append(path.stat().st_size)
        except OSError:  # reported when the file is read
            sizes.append(0)
    total, running = sum(sizes), 0
    for number, size in enumerate(sizes):
        running += size
        if 2 * running >= total:
            return number + 1
    return len(sizes)


def _check_files(listing: ContentListing, problems: Problems, html: HtmlCache | None) -> list[CheckedFile]:
    # File by file: each file's nodes are let go once it is checked.
    return [check_file(file, problems, html) for file in compose_content(listing, problems)]


def _check_apart(listing: ContentListing, keep_html: bool) -> tuple[list[CheckedFile], tuple[Problem, ...], tuple[tuple[str, str], ...]]:
    """The files checked, the problems found, and (`keep_html`) the texts' HTML: what a check elsewhere sends back."""
    problems, html = Problems(), HtmlCache() if keep_html else None
    checked = _check_files(listing, problems, html)
    return checked, problems.recorded(), html.items() if html is not None else ()
