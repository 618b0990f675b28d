"""From git to the live site: the Pages workflow, `mkdocs gh-deploy`, edit links, the pre-commit hook."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.boundary import BuildFailed, BuildRequest
from generator.site import build as build_site

from .conftest import BASIC, PROJECT

WORKFLOW = PROJECT / ".github" / "workflows" / "pages.yml"
EDIT_BASE = "https://github.com/example-newsroom/briefing/edit/main/content/"


def load_yaml(path: Path) -> dict:
    # BaseLoader: every value is a string, and `on:` stays the key "on" (not YAML 1.1's True).
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def step_running(job: dict, command: str) -> dict:
    matches = [step for step in job["steps"] if re.search(rf"(^|\n)\s*{re.escape(command)}\s*($|\n)", step.get("run", ""))]
    assert len(matches) == 1, f"expected one step running `{command}`"
    return matches[0]


# -- the GitHub Pages workflow ----------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load_yaml(WORKFLOW)


def test_workflow_runs_on_push_to_main_by_hand_and_on_pull_requests(workflow):
    triggers = workflow["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers and "pull_request" in triggers


def test_workflow_permissions_are_least_privilege(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_workflow_has_a_concurrency_group_that_never_cancels_a_deployment(workflow):
    concurrency = workflow["concurrency"]
    assert concurrency["group"]
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_build_job_sets_up_python_with_a_pip_cache_then_tests_then_builds(workflow):
    build = workflow["jobs"]["build"]
    steps = build["steps"]
    assert steps_using(build, "actions/checkout")
    (python,) = steps_using(build, "actions/setup-python")
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == "requirements.lock"
    order = [steps.index(s) for s in (python, step_running(build, "make test"), step_running(build, "make build"))]
    assert order == sorted(order)


def test_the_tests_use_the_chromium_of_githubs_runner_image_not_apt(workflow):
    # Ubuntu's chromium package is a snap wrapper; the image ships a Chromium build here.
    build = workflow["jobs"]["build"]
    make_test = step_running(build, "make test")
    assert make_test["env"]["BRIEFING_CHROMIUM"] == "/usr/local/share/chromium/chrome-linux/chrome"
    assert not [step for step in build["steps"] if "apt-get" in step.get("run", "")]


def test_the_site_is_built_for_the_pages_address_and_uploaded(workflow):
    build = workflow["jobs"]["build"]
    (configure,) = steps_using(build, "actions/configure-pages")
    make_build = step_running(build, "make build")
    assert f"steps.{configure['id']}.outputs.base_url" in make_build["env"]["PAGES_BASE_URL"]
    assert 'export SITE_URL="$PAGES_BASE_URL/"' in make_build["run"]
    assert make_build["env"]["BRIEFING_EDIT_URL"].startswith("${{ github.server_url }}/${{ github.repository }}/edit/")
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"  # where `make build` writes


def test_pull_requests_are_built_and_tested_but_never_deployed(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    not_on_pr = "github.event_name != 'pull_request'"
    for action in ("actions/configure-pages", "actions/upload-pages-artifact"):
        (step,) = steps_using(build, action)
        assert step["if"] == not_on_pr
    for command in ("make test", "make build"):
        assert "if" not in step_running(build, command)
    assert deploy["needs"] == "build"
    assert deploy["if"] == f"{not_on_pr} && github.ref == 'refs/heads/main'"
    (step,) = steps_using(deploy, "actions/deploy-pages")
    assert deploy["environment"] == {"name": "github-pages", "url": f"${{{{ steps.{step['id']}.outputs.page_url }}}}"}


def test_workflow_actions_are_pinned_to_a_major_version(workflow):
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


# -- mkdocs gh-deploy ----------------------------------------------------------------------


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def project_clone(tmp_path) -> tuple[Path, Path, dict[str, str]]:
    """(working repo, bare remote, environment): the project's tracked files in a fresh repo with `origin`."""
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Test Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,  # the machine's own git settings play no part
        "BRIEFING_CONTENT": str(BASIC),
    }
    git("init", "--quiet", "--bare", str(remote), cwd=tmp_path, env=env)
    # The working tree as it is now, not only what is committed: copy the tracked files.
    tracked = git("ls-files", "-z", cwd=PROJECT).split("\0")
    for relative in filter(None, tracked):
        if (PROJECT / relative).is_file():
            (work / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / relative, work / relative)
    git("init", "--quiet", "--initial-branch=main", cwd=work, env=env)
    git("add", "--all", cwd=work, env=env)
    git("commit", "--quiet", "-m", "The project", cwd=work, env=env)
    git("remote", "add", "origin", str(remote), cwd=work, env=env)
    return work, remote, env


def gh_deploy(work: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy"], cwd=work, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_gh_deploy_pushes_the_site_with_nojekyll_to_the_gh_pages_branch(project_clone):
    work, remote, env = project_clone
    site_url = "https://example-newsroom.github.io/briefing/"
    result = gh_deploy(work, {**env, "SITE_URL": site_url, "BRIEFING_EDIT_URL": EDIT_BASE})
    assert result.returncode == 0, result.stderr
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    assert {".nojekyll", "index.html", "404.html", "sitemap.xml", "search/search_index.json"} <= files
    assert {"claims/horses-by-train/index.html", "sources/ap-2022-11-08/index.html", "ratings/index.html"} <= files
    assert not any(name.endswith((".yaml", ".j2", ".py")) for name in files)  # the site only, no sources
    page = git("show", "gh-pages:claims/horses-by-train/index.html", cwd=remote)
    assert "Russia sent Kim Jong Un a trainload of 30 thoroughbred horses." in page
    assert f'<link rel="canonical" href="{site_url}claims/horses-by-train/">' in page
    assert f'href="{EDIT_BASE}claims/horses-by-train.yaml"' in page
    assert git("status", "--porcelain", cwd=work) == ""  # the build wrote nothing that git tracks


@pytest.mark.slow
def test_gh_deploy_refuses_to_publish_a_site_that_points_to_this_machine(project_clone):
    work, remote, env = project_clone
    env.pop("SITE_URL", None)
    result = gh_deploy(work, env)
    assert result.returncode != 0
    assert "set SITE_URL to the address it will have" in result.stderr
    assert git("branch", "--list", "gh-pages", cwd=remote) == ""


# -- "Edit this page" ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_with_edit_links(tmp_path_factory, compiled) -> Path:
    out = tmp_path_factory.mktemp("edit-links") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_EDIT_URL", EDIT_BASE.rstrip("/"))  # with or without the final slash
        build_site(BuildRequest(BASIC, out, site_url="https://example.org/briefing/", caches=compiled.build()))
    return out


def edit_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" title="Edit this page"', html)


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["claims", "sources"])
def test_every_claim_and_source_page_links_to_its_yaml_file(site_with_edit_links, folder):
    for source_file in sorted((BASIC / folder).glob("*.yaml")):
        html = (site_with_edit_links / folder / source_file.stem / "index.html").read_text(encoding="utf-8")
        assert edit_links(html) == [f"{EDIT_BASE}{folder}/{source_file.name}"]


@pytest.mark.slow
def test_other_pages_have_no_edit_link(site_with_edit_links):
    for page in ("index.html", "claims/index.html", "about/index.html", "claimants/associated-press/index.html"):
        assert edit_links((site_with_edit_links / page).read_text(encoding="utf-8")) == [], page


@pytest.mark.slow
@pytest.mark.parametrize("value", [None, ""])
def test_no_edit_links_unless_the_repository_is_configured(tmp_path, monkeypatch, value, compiled):
    if value is None:
        monkeypatch.delenv("BRIEFING_EDIT_URL", raising=False)
    else:
        monkeypatch.setenv("BRIEFING_EDIT_URL", value)
    build_site(BuildRequest(BASIC, tmp_path / "site", site_url="https://example.org/", caches=compiled.build()))
    html = (tmp_path / "site" / "claims" / "horses-by-train" / "index.html").read_text(encoding="utf-8")
    assert edit_links(html) == [] and "Edit this page" not in html


@pytest.mark.slow
def test_an_edit_url_that_is_not_http_fails_the_build(tmp_path, monkeypatch, caplog, compiled):
    monkeypatch.setenv("BRIEFING_EDIT_URL", "javascript:alert(1)//")
    with pytest.raises(BuildFailed):
        build_site(BuildRequest(BASIC, tmp_path / "site", caches=compiled.build()))
    assert "edit_url (BRIEFING_EDIT_URL) 'javascript:alert(1)//' must start with https://" in caplog.text
    assert not (tmp_path / "site").exists()


# -- the pre-commit hook -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hooks() -> dict[str, dict]:
    config = load_yaml(PROJECT / ".pre-commit-config.yaml")
    (local,) = [repo for repo in config["repos"] if repo["repo"] == "local"]
    return {hook["id"]: hook for hook in local["hooks"]}


def test_pre_commit_runs_check_on_the_whole_briefing_when_content_changes(hooks):
    hook = hooks["briefing-check"]
    assert hook["language"] == "system" and hook["pass_filenames"] == "false"
    assert hook["entry"].split()[0] == "make" and hook["entry"].split()[-1] == "check"
    for changed, runs in [("content/claims/x.yaml", True), ("content/briefing.yaml", True), ("README.md", False)]:
        assert bool(re.search(hook["files"], changed)) is runs, changed


def test_the_check_hook_passes_on_the_project_content(hooks):
    result = subprocess.run(
        shlex.split(hooks["briefing-check"]["entry"]), cwd=PROJECT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("0 errors")


def test_pre_commit_keeps_the_schemas_in_step(hooks):
    hook = hooks["briefing-schemas"]
    assert hook["entry"].split()[-1] == "schemas" and re.search(hook["files"], "generator/schema.py")


def test_the_make_targets_the_hooks_run_exist():
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    for target in ("check", "schemas", "gh-deploy"):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
