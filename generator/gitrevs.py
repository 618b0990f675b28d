"""Read the briefing as it was at a git revision, with git's own plumbing.

`diff` compares two states of the content folder. The working tree is read
where it is; a revision is written out into a temporary folder (`git
ls-tree` for the names, one `git cat-file --batch` for the bytes), so that
the ordinary load → validate → cross-reference pipeline reads it exactly as
`check` would. Every failure is a `GitError` carrying one line for the author.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: the content format's folders; everything else under the content folder is ignored
CONTENT_FOLDERS = ("claims", "sources")
FETCH_HINT = "fetch the full history (git fetch --unshallow; in GitHub Actions: actions/checkout with fetch-depth: 0)"


class GitError(Exception):
    """Why git could not give what was asked: one line, to show as it is."""


@dataclass(frozen=True)
class Revision:
    name: str  # as the author wrote it, or how it was found ("merge-base with main")
    sha: str

    @property
    def label(self) -> str:
        return self.sha[:12] if self.sha.startswith(self.name) else f"{self.name} ({self.sha[:7]})"


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # GIT_OPTIONAL_LOCKS=0: reading must never take the index lock another git process may need.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, env=env, check=False)
    except FileNotFoundError as missing:
        raise GitError("git is not installed (diff reads the history with it)") from missing


def repository_root(folder: Path) -> Path:
    """The top of the git work tree that holds `folder`."""
    result = _git(folder, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        if b"not a git repository" not in result.stderr:  # e.g. "detected dubious ownership"
            raise GitError(f"git cannot read the repository that holds {folder}: {_first_line(result.stderr)}")
        raise GitError(f"{folder} is not inside a git repository: diff compares revisions of the content in git")
    return Path(os.fsdecode(result.stdout.strip()))


def content_prefix(root: Path, content: Path) -> str:
    """The content folder as a path inside the repository ("content"; "" for the top)."""
    try:
        relative = content.resolve().relative_to(root.resolve())
    except ValueError as outside:
        raise GitError(f"the content folder {content} is not inside the repository at {root}") from outside
    return relative.as_posix() if relative.parts else ""


def is_shallow(root: Path) -> bool:
    return _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"


def resolve(root: Path, name: str) -> Revision:
    """The commit that `name` (branch, tag, sha, HEAD~2 …) stands for."""
    # A name starting with '-' would be read as an option.
    result = None if name.startswith("-") else _git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
    if result is None or result.returncode != 0:
        if is_shallow(root):
            raise GitError(f"the revision '{name}' is not in this clone, which is shallow: {FETCH_HINT}")
        raise GitError(f"unknown revision '{name}': name a branch, tag or commit (git log --oneline lists commits)")
    return Revision(name, result.stdout.decode("ascii").strip())


def head_commit(root: Path) -> Revision:
    result = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if result.returncode != 0:
        raise GitError("the repository has no commit yet: there is nothing to compare with")
    return Revision("HEAD", result.stdout.decode("ascii").strip())


def default_branch(root: Path) -> str:
    """origin's default branch as this clone knows it, else a local main or master."""
    result = _git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if result.returncode == 0:
        return result.stdout.decode().strip()
    for name in ("main", "master"):
        if _git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}").returncode == 0:
            return name
    raise GitError("cannot tell the default branch (no origin/HEAD, main or master): name the base, e.g. diff main")


def merge_base(root: Path, branch: str, head: Revision) -> Revision:
    """Where `head` left `branch`: what a pull request from `head` into `branch` is compared with."""
    target = resolve(root, branch)
    result = _git(root, "merge-base", target.sha, head.sha)
    if result.returncode != 0:
        if is_shallow(root):
            raise GitError(f"this clone is shallow and does not reach where {head.name} left {branch}: {FETCH_HINT}")
        raise GitError(f"{head.name} and {branch} share no history: name the base to compare with, e.g. diff {branch}")
    return Revision(f"merge-base with {branch}", result.stdout.decode("ascii").strip())


def write_content(root: Path, revision: Revision, prefix: str, target: Path) -> bool:
    """Write the content folder as it was at `revision` into `target`; False when it did not exist there.

    Only what the loader reads is written: the files at the top of the folder,
    and claims/ and sources/ in full (a stray file in them is the loader's to
    report, as `check` would at that revision).
    """
    entries = [entry for entry in _tree(root, revision, prefix) if _wanted(entry[2])]
    if not entries:
        return False
    blobs = _blobs(root, [oid for _mode, oid, _path in entries])
    for mode, oid, relative in entries:
        path = target.joinpath(*PurePosixPath(relative).parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":  # a symbolic link: the loader refuses one that leads outside
            os.symlink(os.fsdecode(blobs[oid]), path)
        else:
            path.write_bytes(blobs[oid])
    return True


def _tree(root: Path, revision: Revision, prefix: str) -> list[tuple[str, str, str]]:
    """(mode, object id, path inside the content folder) of every file under `prefix` at `revision`."""
    spec = [prefix] if prefix else []
    result = _git(root, "ls-tree", "-r", "-z", "--full-tree", revision.sha, "--", *spec)
    if result.returncode != 0:
        raise GitError(f"cannot list the files of {revision.label}: {_first_line(result.stderr)}")
    entries = []
    for record in result.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        path = os.fsdecode(name)
        relative = path[len(prefix) + 1 :] if prefix else path
        if kind == "blob" and ".." not in PurePosixPath(relative).parts:  # submodules are not content
            entries.append((mode, oid, relative))
    return entries


def _wanted(relative: str) -> bool:
    top = relative.split("/", 1)[0]
    return "/" not in relative or top in CONTENT_FOLDERS


def _blobs(root: Path, oids: list[str]) -> dict[str, bytes]:
    """The bytes of each object, read in one `git cat-file --batch`."""
    unique = sorted(set(oids))
    result = _git(root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in unique).encode("ascii"))
    if result.returncode != 0:
        raise GitError(f"cannot read files from git: {_first_line(result.stderr)}")
    out, at, blobs = result.stdout, 0, {}
    for oid in unique:
        end = out.index(b"\n", at)
        header = out[at:end].decode("ascii").split(" ")
        if header[-1] == "missing":
            raise GitError(f"the object {oid[:12]} is missing from this clone: {FETCH_HINT}")
        size = int(header[2])
        blobs[oid] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1  # the content, then a line break
    return blobs


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else "git failed"
