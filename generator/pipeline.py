"""The spine: load → validate → cross-reference → (render). Small on purpose.

Each stage lives in its own module and data flows one way. Nothing is
rendered unless the whole briefing validated without errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .crossref import build_briefing
from .load import load_content
from .model import Briefing
from .problems import Problem, Problems
from .validate import check_file


@dataclass(frozen=True)
class CheckResult:
    briefing: Briefing | None  # None whenever an error was found
    problems: tuple[Problem, ...]  # sorted by file and position

    @property
    def ok(self) -> bool:
        return self.briefing is not None and not any(p.is_error for p in self.problems)


def check_content(root: Path) -> CheckResult:
    """Load, validate and cross-reference a briefing; collect every problem."""
    problems = Problems()
    loaded = load_content(root, problems)
    checked = [check_file(file, problems) for file in loaded.files]
    briefing = build_briefing(checked, loaded.ids, problems)
    return CheckResult(briefing if not problems.has_errors else None, tuple(problems.sorted()))
