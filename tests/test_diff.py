"""`diff`: editorial changes between git revisions, and the rules for published claims, on real git repositories."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt

from generator.cli import cli

from .conftest import BASIC, PROJECT, TESTS, Briefing

GOLDEN = TESTS / "golden" / "diff" / "review.md"
HORSES = "claims/horses-by-train.yaml"  # published, no history: rating at 7:11
EXPORTS = "claims/dprk-denies-arms-exports.yaml"  # published, with a history entry and a correction
NEW_CLAIM = """\
claim: North Korea shipped shells to Russia by rail.
claimant:
  name: Example Agency
date: 2022-11-10
verdict:
  rating: unproven
  summary: No public evidence yet.
  reviewed: 2022-11-11
  analysis: Nothing has been published.
  evidence:
    - source: ap-2022-11-08
      stance: context
"""


class Repo:
    """A git repository holding a briefing in content/, published on main, edited on a branch."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = Briefing(root / "content")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def commit(self, message: str, env: dict[str, str] | None = None) -> str:
        self.git("add", "-A", env=env)
        self.git("commit", "-q", "-m", message, env=env)
        return self.git("rev-parse", "HEAD", env=env)

    def diff(self, *args: str, content: Path | None = None) -> Result:
        folder = content or self.content.root
        result = CliRunner().invoke(cli, ["diff", "--content", str(folder), *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        return result


#: git as on a fresh machine: no user configuration, a fixed author and date
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_AUTHOR_DATE": "2026-01-05T10:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-05T10:00:00Z",
}


@pytest.fixture
def git_env(monkeypatch):
    """Git as on a fresh machine: no user configuration, a fixed author and date."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The basic briefing published on main, a branch `edit` started: made once, copied for each test."""
    repo = Repo(tmp_path_factory.mktemp("published") / "repo")
    env = os.environ | GIT_ENV
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main", env=env)
    shutil.copytree(BASIC, repo.content.root)
    repo.commit("Publish the briefing", env=env)
    repo.git("switch", "-q", "-c", "edit", env=env)
    return repo.root


@pytest.fixture
def repo(published, tmp_path, git_env) -> Repo:
    """A copy of `published` of the test's own."""
    return Repo(shutil.copytree(published, tmp_path / "repo", symlinks=True))


def lines(result: Result) -> list[str]:
    return result.stdout.splitlines()


def problems(result: Result) -> list[str]:
    return [line for line in lines(result) if re.match(r"claims/\S+:\d+:\d+: (error|warning): ", line)]


def add_history(repo: Repo, path: str, entry: str) -> None:
    repo.content.write(path, repo.content.read(path) + "history:\n" + entry)


PUBLISHED_HORSES_VERDICT = """\
  - rating: accurate
    reviewed: 2022-11-08
    summary: Russia's Far Eastern Railway said the first train left with the horses.
"""


# -- nothing changed, something new ------------------------------------------------------


def test_no_change_reports_nothing_and_passes(repo):
    result = repo.diff()
    assert result.exit_code == 0, result.output
    main = repo.git("rev-parse", "main")[:7]
    assert lines(result)[0] == f"Editorial changes from merge-base with main ({main}) to the working tree"
    assert "No editorial changes." in lines(result)
    assert lines(result)[-1] == "0 errors, 0 warnings"


def test_a_new_claim_is_free_to_change_over_several_commits(repo):
    repo.content.write("claims/shells-by-rail.yaml", NEW_CLAIM)
    repo.commit("Add a claim")
    repo.content.replace("claims/shells-by-rail.yaml", "rating: unproven", "rating: misleading")
    repo.commit("Rate it")
    repo.content.replace("claims/shells-by-rail.yaml", "No public evidence yet.", "Evidence is thin.")
    repo.commit("Reword it")
    repo.content.replace(HORSES, "  reviewed: 2022-11-08", "  reviewed: 2022-12-01")
    repo.content.replace(HORSES, "said the first train left", "said the first train had left")
    repo.commit("Update a published verdict")
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert "  shells-by-rail: added: North Korea shipped shells to Russia by rail." in lines(result)
    assert "  horses-by-train: reviewed date changed: 2022-11-08 → 2022-12-01" in lines(result)
    assert "  horses-by-train: summary changed" in lines(result)
    assert not any("shells-by-rail: rating" in line for line in lines(result))  # new: no history to compare
    assert problems(result) == []


# -- rule: a changed rating keeps the published verdict in history -----------------------


def test_a_rating_changed_without_history_is_an_error(repo):
    repo.content.replace(HORSES, "rating: accurate", "rating: misleading")
    result = repo.diff()
    assert result.exit_code == 1
    assert "  horses-by-train: rating changed: Accurate → Misleading" in lines(result)
    assert problems(result) == [
        "claims/horses-by-train.yaml:7:11: error: the rating changed from 'accurate' to 'misleading', and the "
        "published verdict is not in history (add it as the last `history` entry: rating: accurate, "
        "reviewed: 2022-11-08, and its summary as published)"
    ]


def test_a_rating_changed_with_the_published_verdict_in_history_passes(repo):
    repo.content.replace(HORSES, "rating: accurate", "rating: misleading")
    repo.content.replace(HORSES, "  reviewed: 2022-11-08", "  reviewed: 2022-12-01")
    add_history(repo, HORSES, PUBLISHED_HORSES_VERDICT)
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert "  horses-by-train: history entry added: Accurate, reviewed 2022-11-08" in lines(result)
    assert problems(result) == []


def test_history_must_keep_the_published_summary_word_for_word(repo):
    repo.content.replace(HORSES, "rating: accurate", "rating: misleading")
    repo.content.replace(HORSES, "  reviewed: 2022-11-08", "  reviewed: 2022-12-01")
    add_history(repo, HORSES, PUBLISHED_HORSES_VERDICT.replace("said the first", "said a"))
    result = repo.diff()
    assert result.exit_code == 1
    assert [p.split(": error: ")[0] for p in problems(result)] == ["claims/horses-by-train.yaml:7:11"]


# -- rule: the substance of a verdict changes with a later review or a correction ----------

SUBSTANCE_EDITS = {
    "summary": ("the first train left with", "a train left with", "8:12"),
    "analysis": ("| Horses | 30 |", "| Horses | 31 |", "10:13"),
    "evidence": ("stance: supports", "stance: context", "15:7"),
}


@pytest.mark.parametrize("field", SUBSTANCE_EDITS)
def test_a_verdict_changed_with_no_later_review_and_no_correction_is_an_error(repo, field):
    old, new, where = SUBSTANCE_EDITS[field]
    repo.content.replace(HORSES, old, new)
    result = repo.diff()
    assert result.exit_code == 1
    detail = ": interfax-2022-11-02 edited" if field == "evidence" else ""  # the claim's first evidence item
    assert f"  horses-by-train: {field} changed{detail}" in lines(result)
    assert problems(result) == [
        f"claims/horses-by-train.yaml:{where}: error: the published verdict's {field} changed, with no later "
        "`reviewed` date and no new correction (a new finding: set `reviewed` to the day of the new verdict; "
        "an error readers may have seen: add a `corrections` entry)"
    ]


@pytest.mark.parametrize("field", SUBSTANCE_EDITS)
def test_a_verdict_changed_with_a_later_review_passes(repo, field):
    old, new, _ = SUBSTANCE_EDITS[field]
    repo.content.replace(HORSES, old, new)
    repo.content.replace(HORSES, "  reviewed: 2022-11-08", "  reviewed: 2022-11-20")
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert problems(result) == []


def test_a_verdict_changed_with_a_new_correction_passes(repo):
    repo.content.replace(HORSES, "the first train left with", "a train left with")
    repo.content.write(
        HORSES, repo.content.read(HORSES) + "corrections:\n  - date: 2022-11-20\n    note: It was not the first train.\n"
    )
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert "  horses-by-train: correction added: 2022-11-20: It was not the first train." in lines(result)


# -- rule: history and corrections only grow ---------------------------------------------


def test_a_history_entry_edited_is_an_error(repo):
    repo.content.replace(EXPORTS, "summary: Only anonymous intelligence was available.", "summary: Little was known.")
    result = repo.diff()
    assert result.exit_code == 1
    assert "  dprk-denies-arms-exports: history entry edited: Unproven, reviewed 2022-09-23" in lines(result)
    assert problems(result) == [
        "claims/dprk-denies-arms-exports.yaml:26:5: error: a published history entry was edited "
        "(was: Unproven, reviewed 2022-09-23) (restore it as it was; to correct it, add a new history entry)"
    ]


def test_a_history_entry_removed_is_an_error(repo):
    repo.content.replace(
        EXPORTS,
        "history:\n  - rating: unproven\n    reviewed: 2022-09-23\n    summary: Only anonymous intelligence was available.\n",
        "",
    )
    result = repo.diff()
    assert result.exit_code == 1
    assert problems(result) == [
        "claims/dprk-denies-arms-exports.yaml:1:1: error: a published history entry was removed "
        "(Unproven, reviewed 2022-09-23) (restore it: a published claim's history and corrections are only ever added to)"
    ]


def test_a_correction_edited_or_removed_is_an_error(repo):
    repo.content.replace(EXPORTS, "note: The role of the official was corrected.", "note: A role was fixed.")
    edited = repo.diff()
    assert edited.exit_code == 1
    assert problems(edited) == [
        "claims/dprk-denies-arms-exports.yaml:30:5: error: a published correction was edited "
        "(was: 2022-11-09: The role of the official was corrected.) "
        "(restore it as it was; to correct it, add a new correction)"
    ]
    repo.content.replace(EXPORTS, "  - date: 2022-11-09\n    note: A role was fixed.\n", "  []\n")
    removed = repo.diff()
    assert [p.split(" (")[0] for p in problems(removed)] == [
        "claims/dprk-denies-arms-exports.yaml:30:3: error: a published correction was removed"
    ]


def test_a_correction_added_after_the_others_passes(repo):
    repo.content.write(EXPORTS, repo.content.read(EXPORTS) + "  - date: 2022-12-01\n    note: A date was wrong.\n")
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert "  dprk-denies-arms-exports: correction added: 2022-12-01: A date was wrong." in lines(result)


# -- rule: a published claim keeps its file and its id -----------------------------------


def test_a_published_claim_deleted_is_an_error_that_points_to_withdrawn(repo):
    repo.git("rm", "-q", f"content/{HORSES}")
    repo.commit("Delete a claim")
    result = repo.diff()
    assert result.exit_code == 1
    assert "  horses-by-train: removed (file deleted): Russia sent Kim Jong Un a trainload of 30 thoroughbred horses." in lines(result)
    assert problems(result) == [
        "claims/horses-by-train.yaml:0:0: error: the published claim 'horses-by-train' was deleted: its page "
        "/claims/horses-by-train/ would break (restore the file and mark the claim `withdrawn` (date and reason) instead)"
    ]


WITHDRAWAL = "withdrawn:\n  date: 2022-11-20\n  reason: The railway's statement was misread.\n"


def test_a_published_claim_withdrawn_is_reported_and_passes(repo):
    repo.content.write(HORSES, repo.content.read(HORSES) + WITHDRAWAL)
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert "  horses-by-train: withdrawn: 2022-11-20: The railway's statement was misread." in lines(result)
    assert problems(result) == []


def test_a_withdrawal_edited_or_taken_back_is_reported(repo):
    repo.content.write(HORSES, repo.content.read(HORSES) + WITHDRAWAL)
    repo.commit("Withdraw a claim")
    repo.git("switch", "-q", "main")
    repo.git("merge", "-q", "edit")
    repo.content.replace(HORSES, "was misread.", "was misread by us.")
    assert "  horses-by-train: withdrawal edited: 2022-11-20: The railway's statement was misread by us." in lines(
        repo.diff("HEAD")
    )
    repo.content.replace(HORSES, WITHDRAWAL.replace("misread", "misread by us"), "")
    assert "  horses-by-train: withdrawal taken back: 2022-11-20: The railway's statement was misread." in lines(
        repo.diff("HEAD")
    )


def test_bylines_added_to_a_published_verdict_are_reported_and_pass(repo):
    repo.content.replace(HORSES, "  reviewed: 2022-11-08\n", "  reviewed: 2022-11-08\n  checked_by: [A. Editor]\n")
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert "  horses-by-train: also changed: checked by" in lines(result)


def test_a_published_claim_renamed_is_an_error(repo):
    repo.git("mv", f"content/{HORSES}", "content/claims/horses-sent-by-train.yaml")
    repo.commit("Rename a claim")
    result = repo.diff()
    assert result.exit_code == 1
    assert (
        "  horses-sent-by-train: renamed from horses-by-train: "
        "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses."
    ) in lines(result)
    assert problems(result) == [
        "claims/horses-sent-by-train.yaml:0:0: error: the published claim 'horses-by-train' was renamed to "
        "'horses-sent-by-train': its page /claims/horses-by-train/ would break "
        "(keep the file name claims/horses-by-train.yaml: a claim's id is its address)"
    ]


def test_a_renamed_and_reworded_claim_is_still_found_as_renamed(repo):
    repo.git("mv", f"content/{HORSES}", "content/claims/thirty-horses.yaml")
    repo.content.replace("claims/thirty-horses.yaml", "a trainload of 30", "a train of 30")
    result = repo.diff()
    assert [p.split(": error: ")[0] for p in problems(result)] == ["claims/thirty-horses.yaml:0:0"]
    assert "renamed to 'thirty-horses'" in problems(result)[0]


def test_a_claim_file_moved_out_of_claims_is_a_deletion(repo):
    (repo.content.root / "archive").mkdir()
    repo.git("mv", f"content/{HORSES}", "content/archive/horses-by-train.yaml")
    repo.commit("Move a claim to an archive folder")
    result = repo.diff()
    assert result.exit_code == 1
    assert [p.split(" (")[0] for p in problems(result)] == [
        "claims/horses-by-train.yaml:0:0: error: the published claim 'horses-by-train' was deleted: its page "
        "/claims/horses-by-train/ would break"
    ]


def test_a_claim_added_and_another_deleted_that_differ_are_not_a_rename(repo):
    repo.content.remove(HORSES)
    repo.content.write("claims/shells-by-rail.yaml", NEW_CLAIM)
    result = repo.diff()
    assert "  shells-by-rail: added: North Korea shipped shells to Russia by rail." in lines(result)
    assert [p.split(": error: ")[0] for p in problems(result)] == ["claims/horses-by-train.yaml:0:0"]


# -- rule: a quote changes only with a correction (a warning) -----------------------------


def test_a_quote_changed_without_a_correction_is_a_warning(repo):
    repo.content.replace(HORSES, "quote: a trainload of 30 thoroughbred horses", "quote: a trainload of horses")
    repo.content.replace(HORSES, "  reviewed: 2022-11-08", "  reviewed: 2022-11-20")
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert "  horses-by-train: quote changed: ap-2022-11-08: a trainload of 30 thoroughbred horses" in lines(result)
    assert problems(result) == [
        "claims/horses-by-train.yaml:20:14: warning: a published quote from 'ap-2022-11-08' changed, with no "
        "correction (was: “a trainload of 30 thoroughbred horses”) (a quote is word for word: if the published "
        "one was wrong, add a `corrections` entry saying so)"
    ]


def test_a_quote_changed_with_a_correction_passes_without_a_warning(repo):
    repo.content.replace(HORSES, "quote: a trainload of 30 thoroughbred horses", "quote: a trainload of horses")
    repo.content.write(
        HORSES, repo.content.read(HORSES) + "corrections:\n  - date: 2022-11-20\n    note: The quote was misquoted.\n"
    )
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert problems(result) == []
    assert lines(result)[-1] == "0 errors, 0 warnings"


# -- revisions ---------------------------------------------------------------------------


def test_a_merge_of_main_into_the_branch_is_not_the_branchs_change(repo):
    repo.content.replace(HORSES, "  reviewed: 2022-11-08", "  reviewed: 2022-11-20")
    repo.commit("Review again")
    repo.git("switch", "-q", "main")
    repo.content.write("claims/shells-by-rail.yaml", NEW_CLAIM)
    repo.commit("Add a claim on main")
    repo.git("switch", "-q", "edit")
    repo.git("merge", "-q", "--no-edit", "main")
    result = repo.diff()
    assert result.exit_code == 0, result.output
    assert not any("shells-by-rail" in line for line in lines(result))
    assert "  horses-by-train: reviewed date changed: 2022-11-08 → 2022-11-20" in lines(result)
    # Compared with main as it was before, the merged claim is new on this side.
    before = repo.diff("main~1", "HEAD")
    assert "  shells-by-rail: added: North Korea shipped shells to Russia by rail." in lines(before)


def test_named_revisions_compare_commits_not_the_working_tree(repo):
    repo.content.replace(HORSES, "rating: accurate", "rating: misleading")
    committed = repo.commit("Change the rating")
    repo.content.replace(HORSES, "rating: misleading", "rating: accurate")  # not committed
    assert repo.diff().exit_code == 0
    result = repo.diff("main", "edit")
    assert result.exit_code == 1
    assert lines(result)[0] == (
        f"Editorial changes from main ({repo.git('rev-parse', 'main')[:7]}) to edit ({committed[:7]})"
    )
    assert problems(result)[0].startswith("claims/horses-by-train.yaml:7:11: error: the rating changed")


def test_a_base_without_a_content_folder_makes_every_claim_new(repo, tmp_path):
    repo.git("switch", "-q", "--orphan", "empty")
    (repo.root / "README.md").write_text("nothing yet\n")
    repo.commit("Start")
    repo.git("switch", "-q", "edit")
    result = repo.diff("empty", "main")
    assert result.exit_code == 0, result.output
    assert "  horses-by-train: added: Russia sent Kim Jong Un a trainload of 30 thoroughbred horses." in lines(result)


# -- errors: one line each, never a traceback ---------------------------------------------


def test_outside_a_git_repository(tmp_path, git_env, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # even where the temporary folder is in a clone
    content = shutil.copytree(BASIC, tmp_path / "content")
    result = CliRunner().invoke(cli, ["diff", "--content", str(content)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {content} is not inside a git repository: diff compares revisions of the content in git\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the clone away")
def test_a_repository_git_refuses_to_read_is_said_so(repo):
    for path in [repo.root, *repo.root.rglob("*")]:
        os.lchown(path, 65534, 65534)  # another user's clone: git refuses it ("dubious ownership")
    result = repo.diff()
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: git cannot read the repository that holds ")
    assert "dubious ownership" in result.stderr and result.stderr.count("\n") == 1


def test_an_unknown_revision(repo):
    result = repo.diff("no-such-branch")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown revision 'no-such-branch': name a branch, tag or commit (git log --oneline lists commits)\n"
    )
    assert repo.diff("--", "--output=x").exit_code == 2  # read as a name, never as an option of git


def test_a_shallow_clone_without_the_base(repo, tmp_path):
    repo.content.replace(HORSES, "  reviewed: 2022-11-08", "  reviewed: 2022-11-20")
    repo.commit("Review again")
    published = repo.git("rev-parse", "main")

    def clone(name: str, *options: str) -> Path:
        url = f"file://{repo.root}"
        subprocess.run(["git", "clone", "-q", "--depth", "1", *options, "--branch", "edit", url, str(tmp_path / name)], check=True)
        return tmp_path / name / "content"

    def diff(content: Path, *args: str) -> Result:
        return CliRunner().invoke(cli, ["diff", "--content", str(content), *args])

    # One branch, one commit: the published commit is not there.
    alone = diff(clone("edit-only"), published)
    # Every branch's tip, but not the history that joins them: no merge-base.
    tips = clone("tips", "--no-single-branch")
    subprocess.run(["git", "-C", str(tips.parent), "remote", "set-head", "origin", "main"], check=True)
    assert diff(tips, "origin/main").exit_code == 0  # main's tip is there: enough to compare with it
    unjoined = diff(tips)
    for result in (alone, unjoined):
        assert result.exit_code == 2, result.output
        assert len(result.stderr.splitlines()) == 1
        assert "shallow" in result.stderr and "fetch-depth: 0" in result.stderr, result.stderr
    assert alone.stderr.startswith(f"Error: the revision '{published}' is not in this clone, which is shallow")
    assert unjoined.stderr.startswith("Error: this clone is shallow and does not reach where HEAD left origin/main")


def test_content_that_does_not_parse_at_the_base(repo):
    repo.git("switch", "-q", "main")
    repo.content.write("claims/broken.yaml", "claim: [unclosed\n")
    broken = repo.commit("A broken file")
    repo.git("switch", "-q", "edit")
    result = repo.diff(broken)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"Error: the content at {broken[:12]} does not pass check (1 error; the first: "
        "claims/broken.yaml:1:8: error: the '[' here is never closed"
    )
    assert "Traceback" not in result.output


def test_invalid_content_at_the_head_is_reported_as_check_reports_it(repo):
    repo.content.replace(HORSES, "rating: accurate", "rating: acurate")
    result = repo.diff()
    assert result.exit_code == 1
    assert "claims/horses-by-train.yaml:7:11: error: unknown rating 'acurate' (did you mean 'accurate'?)" in result.stderr
    assert result.stdout.strip() == "the content has errors; fix them first (python -m generator check), then compare"


def test_the_command_run_as_a_user_runs_it_prints_one_line(tmp_path):
    content = shutil.copytree(BASIC, tmp_path / "content")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "--content", str(content)],
        cwd=tmp_path,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not inside a git repository" in result.stderr


# -- the Markdown report ------------------------------------------------------------------


def test_the_markdown_report_matches_the_golden_file(repo):
    """Every kind of change and problem, and content that looks like Markdown or HTML, escaped."""
    repo.content.write("claims/shells-by-rail.yaml", NEW_CLAIM.replace("by rail.", "by rail | <b>*train*</b>."))
    repo.content.replace("claims/dprk-denies-arms-dealings.yaml", "rating: unproven", "rating: false")
    repo.content.write(EXPORTS, repo.content.read(EXPORTS) + WITHDRAWAL.replace("misread.", "**not** read."))
    repo.content.replace(EXPORTS, "quote: a “significant number” of ammunition shipments", "quote: ammunition shipments")
    repo.content.replace(EXPORTS, "note: The role of the official was corrected.", "note: A role was fixed.")
    repo.content.replace("sources/ap-2022-11-08.yaml", "type: news", "type: news\nurl: https://example.org/ap?a=1&b=2")
    repo.content.remove(HORSES)
    result = repo.diff("--format", "markdown")
    assert result.exit_code == 1, result.stderr
    report = result.stdout.replace(repo.git("rev-parse", "main")[:7], "0000000")
    if os.environ.get("UPDATE_GOLDEN"):  # UPDATE_GOLDEN=1 pytest tests/test_diff.py, then review the diff
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(report, encoding="utf-8")
    assert report == GOLDEN.read_text(encoding="utf-8")
    # Rendered, the text shows exactly as written, and the tables keep their columns.
    html = MarkdownIt("commonmark").enable("table").render(report)
    assert "<td>North Korea shipped shells to Russia by rail | &lt;b&gt;*train*&lt;/b&gt;.</td>" in html
    assert html.count("<tr>") == html.count("</tr>") == 1 + 7 + 1 + 1 + 1 + 5


def test_the_markdown_report_of_a_clean_change(repo):
    result = repo.diff("--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "No problems: every published claim that changed did so with a trace."


# -- the pull-request check and the hook --------------------------------------------------


def review_job() -> dict:
    workflow = yaml.load((PROJECT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"), yaml.BaseLoader)
    return workflow["jobs"]["editorial-review"]


def test_the_workflow_reviews_every_pull_request_with_the_history_it_needs():
    job = review_job()
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read"}
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0"
    compare = next(step for step in job["steps"] if "generator diff" in step.get("run", ""))
    # The base comes in through the environment, never pasted into the script.
    assert compare["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert "${{" not in compare["run"]


@pytest.mark.parametrize("published_verdict_kept", [True, False])
def test_the_workflow_step_writes_the_summary_and_fails_on_an_integrity_error(repo, tmp_path, published_verdict_kept):
    """The step's own script, run by bash in a pull request's checkout (the merge commit)."""
    compare = next(step for step in review_job()["steps"] if "generator diff" in step.get("run", ""))
    repo.content.replace(HORSES, "rating: accurate", "rating: misleading")
    if published_verdict_kept:
        repo.content.replace(HORSES, "  reviewed: 2022-11-08", "  reviewed: 2022-12-01")
        add_history(repo, HORSES, PUBLISHED_HORSES_VERDICT)
    repo.commit("Change a verdict")
    repo.git("switch", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "edit")  # what actions/checkout gives a pull request
    (repo.root / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)  # what `make setup` made
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    base = repo.git("rev-parse", "HEAD^1")
    env = {**os.environ, "BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(tmp_path)}
    # `shell: bash` on GitHub's runners is `bash --noprofile --norc -eo pipefail {0}`.
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", compare["run"]],
        cwd=repo.root, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == (0 if published_verdict_kept else 1), result.stderr
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n## Editorial review\n")
    assert "| `horses-by-train` | rating changed | Accurate → Misleading |" in written
    assert ("**1 error, 0 warnings.**" in written) is not published_verdict_kept
    assert result.stdout == written.removeprefix("earlier step\n")  # and the log shows it too


def test_the_optional_hook_runs_diff_at_push():
    config = yaml.load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"), yaml.BaseLoader)
    hook = next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "briefing-diff")
    assert hook["stages"] == ["pre-push"] and hook["pass_filenames"] == "false"
    assert hook["entry"] == "make --no-print-directory diff"
    assert re.search(r"^diff: \$\(STAMP\)\n\t\$\(BIN\)/python -m generator diff ", (PROJECT / "Makefile").read_text(), re.M)
    for changed, runs in [("content/claims/x.yaml", True), ("generator/cli.py", False)]:
        assert bool(re.search(hook["files"], changed)) is runs


# -- the project's own content -------------------------------------------------------------


def test_the_project_content_compared_with_its_own_head_passes():
    if subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("the project is not a git clone here")
    result = CliRunner().invoke(cli, ["diff", "--content", str(PROJECT / "content"), "HEAD", "HEAD"])
    assert result.exit_code == 0, result.output
    assert "No editorial changes." in result.stdout
