"""Problems found in a briefing, reported the way a compiler reports errors.

A problem is a value, never an exception: every stage appends to a
`Problems` collection, and the command line prints them all at once,
sorted by file and position, so an author fixes everything in one pass.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .escape import terminal_text


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

        Always one line, whatever the content quoted in it (escape.terminal_text).
        """
        text = f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return terminal_text(text)


class Problems:
    """An append-only collection of problems, with helpers to add them."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self._items.append(problem)

    def error(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self._items.append(Problem(path, line, col, message, hint, Severity.ERROR))

    def warning(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self._items.append(Problem(path, line, col, message, hint, Severity.WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self._items)

    def sorted(self) -> list[Problem]:
        # Sort by place first so the report reads top to bottom, file by file.
        return sorted(set(self._items), key=lambda p: (p.path, p.line, p.col, p.message))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._items)


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
    lines.append(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
    return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
