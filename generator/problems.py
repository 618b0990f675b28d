"""Problems found in a briefing, reported the way a compiler reports errors.

A problem is a value, never an exception: every stage appends to a
`Problems` collection, and the command line prints them all at once,
sorted by file and position, so an author fixes everything in one pass.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a place an author can find.

    `path` is relative to the briefing root (``claims/x.yaml``); `line` and
    `col` count from 1 (0 when the problem concerns a whole file).
    """

    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """``path:line:col: error: message (hint)`` — the form editors can jump to.

        Always one line: line breaks and other control characters quoted from
        the content are shown as escapes (``\\n``), never acted on by a terminal.
        """
        text = f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return printable(text)


class Problems:
    """An append-only collection of problems, with helpers to add them."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self._items.append(Problem(path, line, col, message, hint, Severity.ERROR))

    def warning(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self._items.append(Problem(path, line, col, message, hint, Severity.WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def recorded(self) -> tuple[Problem, ...]:
        """Every problem as added, unsorted and uncapped (to add them to another collection)."""
        return tuple(self._items)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self._items)

    def sorted(self) -> list[Problem]:
        """Every problem once, file by file, top to bottom; at most MAX_PER_FILE for any one file."""
        ordered = sorted(set(self._items), key=lambda p: (p.path, p.line, p.col, p.message))
        return list(_capped(ordered))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._items)


#: Beyond this many problems in one file, the rest are counted, not listed:
#: a file written in the wrong format would otherwise bury every other report.
MAX_PER_FILE = 50


def _capped(ordered: list[Problem]) -> Iterator[Problem]:
    shown: dict[str, int] = {}
    for index, problem in enumerate(ordered):
        count = shown.get(problem.path, 0)
        shown[problem.path] = count + 1
        if count < MAX_PER_FILE:
            yield problem
        elif count == MAX_PER_FILE:
            rest = [p for p in ordered[index:] if p.path == problem.path]
            errors = sum(p.is_error for p in rest)
            severity = Severity.ERROR if errors else Severity.WARNING
            message = f"{len(rest)} more problems in this file are not shown ({errors} errors)"
            yield Problem(
                problem.path, problem.line, problem.col, message, "fix the ones above and check again", severity
            )


# Bidirectional controls too: quoted content must not reorder what the terminal shows.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def printable(text: str) -> str:
    """Content text made safe for a terminal: one line, control characters shown as escapes (``\\n``)."""
    return _INVISIBLE.sub(_escape, text)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean 'x'?" hint for a misspelling, or "" when nothing is close."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


def format_report(problems: Iterable[Problem]) -> str:
    """All problems, one per line, then a one-line tally."""
    items = list(problems)
    errors = sum(p.is_error for p in items)
    warnings = len(items) - errors
    lines = [p.format() for p in items]
    lines.append(f"{count_of(errors, 'error')}, {count_of(warnings, 'warning')}")
    return "\n".join(lines)


def count_of(count: int, noun: str, plural: str = "") -> str:
    """'1 error', '2 errors': the English plural of the command line (reader text goes through the catalogs)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
