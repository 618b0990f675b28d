"""A corpus of malformed briefings, each checked through the real command line.

Every case is a folder in tests/fixtures/invalid/: its files are laid over a
copy of tests/fixtures/basic (a file of the same name replaces the basic
one), and a file named `_delete` lists paths to remove from the copy first
(one per line; a trailing '/' removes a folder). Adding a case is one folder
plus one line in CASES: its exit code, where the problem must be reported
(path:line:col, as editors jump to it) and the gist of the message.

The first case of each group runs `python -m generator check` in a new
process, exactly as an author does; the others run the same click command in
this process, which is quicker and sees the same output and exit code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import BASIC, FIXTURES, PROJECT

CORPUS = FIXTURES / "invalid"
DELETE = "_delete"


class Case(NamedTuple):
    name: str
    exit_code: int
    where: str  # path:line:col; line and col are 0 for a problem with a whole file
    gist: str  # a part of the message (and hint) that says what is wrong


ERROR, WARNINGS_ONLY = 1, 0

# fmt: off
CASES = [
    # YAML itself
    Case("yaml-duplicate-key", ERROR, "sources/case.yaml:4:1", "duplicate key 'title' (first on line 1)"),
    Case("yaml-duplicate-key-nested", ERROR, "claims/case.yaml:7:3", "duplicate key 'rating' (first on line 6)"),
    Case("yaml-billion-laughs", ERROR, "claims/case.yaml:1:5", "anchor '&a0' is not allowed"),
    Case("yaml-merge-key", ERROR, "sources/case.yaml:1:7", "anchor '&base' is not allowed"),
    Case("yaml-python-tag", ERROR, "claims/case.yaml:1:8", "tag '!!python/object/apply:os.system' is not allowed"),
    Case("yaml-str-tag", ERROR, "sources/case.yaml:1:8", "tag '!!str' is not allowed (remove it; quote the value"),
    Case("yaml-custom-tag", ERROR, "sources/case.yaml:2:12", "tag '!include' is not allowed"),
    Case("yaml-two-documents", ERROR, "sources/case.yaml:4:1", "a second YAML document starts here"),
    Case("yaml-document-end-then-more", ERROR, "sources/case.yaml:5:1", "remove the '...' line and what follows it"),
    Case("yaml-latin1", ERROR, "sources/case.yaml:2:15", "the file is not valid UTF-8 (byte 0xe9) (save it as UTF-8)"),
    Case("yaml-utf16", ERROR, "sources/case.yaml:1:1", "the file is saved as UTF-16 (save it as UTF-8)"),
    Case("yaml-tab-indentation", ERROR, "sources/case.yaml:5:1", "a tab is used for indentation (indent with spaces"),
    Case("yaml-empty-file", ERROR, "sources/case.yaml:1:1", "the file is empty"),
    Case("yaml-only-comments", ERROR, "sources/case.yaml:1:1", "the file is empty"),
    Case("yaml-top-level-list", ERROR, "sources/case.yaml:1:1", "the top level must be a mapping of keys to values"),
    Case("yaml-top-level-text", ERROR, "sources/case.yaml:1:1", "the top level must be a mapping of keys to values"),
    Case("yaml-unquoted-colon", ERROR, "sources/case.yaml:1:14", "put all of it in quotes: title: 'Update: a source'"),
    Case("yaml-unclosed-quote", ERROR, "sources/case.yaml:1:8", "this quote is never closed"),
    Case("yaml-unclosed-bracket", ERROR, "sources/case.yaml:4:10", "the '[' here is never closed"),
    Case("yaml-bad-indentation", ERROR, "claims/case.yaml:7:11", "indented further than the key above it"),
    Case("yaml-bad-escape", ERROR, "sources/case.yaml:1:13", "a backslash starts an escape"),
    Case("yaml-control-character", ERROR, "sources/case.yaml:1:16", "the character U+0007 is not allowed in YAML"),
    Case("yaml-line-separator", ERROR, "sources/case.yaml:2:13", "the invisible line separator U+2028 is not allowed"),
    Case("yaml-deep-nesting", ERROR, "sources/case.yaml:2:41", "nested more than 32 levels deep"),
    Case("yaml-complex-key", ERROR, "sources/case.yaml:4:3", "a key must be a plain word"),
    Case("yaml-crlf-positions", ERROR, "sources/case.yaml:4:1", "unknown key 'publsher' in source (did you mean 'publisher'?)"),
    # files and ids
    Case("file-stray-backup", ERROR, "claims/horses-by-train.yml.bak:0:0", "stray file: only .yaml files belong here"),
    Case("file-folder-in-sources", ERROR, "sources/archive:0:0", "folders are not allowed here"),
    Case("file-name-not-an-id", ERROR, "claims/Horses By Train.yaml:0:0", "not a valid id: use lowercase letters a-z, digits and single hyphens (rename it to horses-by-train.yaml)"),
    Case("file-name-too-long", ERROR, f"sources/{'a' * 81}.yaml:0:0", "is longer than 80 characters"),
    Case("file-name-reserved", ERROR, "claims/index.yaml:0:0", "file name 'index' is taken by the page that lists every claim"),
    Case("file-same-id-twice", ERROR, "sources/ap-2022-11-08.yml:0:0", "two source files have the id 'ap-2022-11-08'"),
    Case("file-ratings-missing", ERROR, "ratings.yaml:0:0", "ratings.yaml is missing"),
    Case("file-briefing-misnamed", ERROR, "briefing.yml:0:0", "the file must be named briefing.yaml"),
    Case("file-claims-folder-missing", ERROR, "claims/:0:0", "the folder claims/ is missing"),
    # one file against the content format
    Case("key-misspelled", ERROR, "sources/case.yaml:4:1", "unknown key 'publihsed' in source (did you mean 'published'?)"),
    Case("key-unknown", ERROR, "sources/case.yaml:4:1", "unknown key 'colour' in source (allowed keys: title, publisher"),
    Case("key-missing", ERROR, "sources/case.yaml:1:1", "source is missing the required key 'type' (add `type: news`)"),
    Case("key-missing-nested", ERROR, "claims/case.yaml:3:3", "'claimant' is missing the required key 'name'"),
    Case("key-empty", ERROR, "sources/case.yaml:1:1", "'title' in source is empty"),
    Case("value-list-for-text", ERROR, "sources/case.yaml:1:16", "put all of it in quotes: title: '[Draft] A source'"),
    Case("value-text-for-list", ERROR, "claims/case.yaml:10:13", "'evidence' must be a list, not the value 'ap-2022-11-08'"),
    Case("date-impossible", ERROR, "claims/case.yaml:4:7", "'date' '2022-13-45' is not a real date"),
    Case("date-quoted-impossible", ERROR, "claims/case.yaml:8:13", "'reviewed' '2022-02-30' is not a real date"),
    Case("date-with-time", ERROR, "claims/case.yaml:4:7", "is not a date (write it as YYYY-MM-DD, with no time)"),
    Case("date-day-first", ERROR, "sources/case.yaml:4:12", "'published' '08/11/2022' is not a date"),
    Case("url-not-http", ERROR, "sources/case.yaml:4:6", "'ftp://example.org/report.pdf' must start with https:// or http://"),
    Case("url-relative", ERROR, "sources/case.yaml:4:6", "'/reports/2022.pdf' must start with https:// or http://"),
    Case("url-broken-host", ERROR, "sources/case.yaml:4:6", "'https://[example.org/' is not a valid address"),
    Case("choice-misspelled", ERROR, "claims/case.yaml:12:15", "'stance' 'suports' is not allowed (did you mean 'supports'?)"),
    Case("choice-unknown", ERROR, "sources/case.yaml:3:7", "'type' 'blog' is not allowed (one of: news, government"),
    Case("language-invalid", ERROR, "briefing.yaml:6:11", "'English (US)' is not a language tag"),
    Case("text-control-character", ERROR, "claims/case.yaml:1:8", "contains the invisible control character U+0002"),
    Case("ratings-scale-too-short", ERROR, "ratings.yaml:2:3", "'scale' needs at least 2 items, it has 1"),
    Case("evidence-empty", ERROR, "claims/case.yaml:10:13", "'evidence' needs at least 1 item, it has 0"),
    Case("topic-not-an-id", ERROR, "claims/case.yaml:5:10", "'Rail Links' is not a valid id"),
    Case("topic-reserved", ERROR, "claims/case.yaml:5:22", "the topic 'index' would replace the page listing every topic"),
    Case("rating-id-not-an-id", ERROR, "ratings.yaml:5:9", "'Mostly True' is not a valid id"),
    # the keys of content format v1.1
    Case("contact-without-email-or-url", ERROR, "briefing.yaml:13:10", "'contact' needs 'email' or 'url' (add `email: corrections@example.org`)"),
    Case("contact-not-a-mapping", ERROR, "briefing.yaml:13:10", "'contact' must be a mapping of keys to values, not the value 'no' (indent its keys (email, url) under it, e.g. email: corrections@example.org)"),
    Case("contact-email-invalid", ERROR, "briefing.yaml:14:10", "'mailto:corrections@example.org' is not an email address"),
    Case("key-unknown-in-contact", ERROR, "briefing.yaml:15:3", "unknown key 'phone' in 'contact' (allowed keys: email, url)"),
    Case("key-unknown-in-not-rated", ERROR, "briefing.yaml:15:5", "unknown key 'reasons' in not_rated entry (did you mean 'reason'?)"),
    Case("claimant-type-unknown", ERROR, "claims/case.yaml:4:9", "'type' 'organisation' is not allowed (did you mean 'organization'?)"),
    Case("original-without-language", ERROR, "claims/case.yaml:5:3", "'original' is missing the required key 'language'"),
    Case("original-language-invalid", ERROR, "claims/case.yaml:6:13", "'language' 'Russian' is not a language tag"),
    Case("key-unknown-in-withdrawn", ERROR, "claims/case.yaml:16:3", "unknown key 'note' in 'withdrawn' (allowed keys: date, reason)"),
    # across files
    Case("rating-unknown", ERROR, "claims/case.yaml:6:11", "unknown rating 'acurate' (did you mean 'accurate'?)"),
    Case("rating-id-twice", ERROR, "ratings.yaml:12:9", "rating id 'misleading' is used twice (first on line 5)"),
    Case("rating-unknown-in-history", ERROR, "claims/case.yaml:14:13", "unknown rating 'unprovn' (did you mean 'unproven'?)"),
    Case("rating-yes-is-not-a-boolean", ERROR, "claims/case.yaml:6:11", "unknown rating 'yes' (ratings are: accurate, false"),
    Case("source-unknown", ERROR, "claims/case.yaml:11:15", "unknown source 'ap-2022-11-09' (did you mean 'ap-2022-11-08'?)"),
    Case("source-unknown-in-appearance", ERROR, "claims/case.yaml:6:13", "unknown source 'kcna-2022-09-23' (did you mean 'kcna-2022-09-22'?)"),
    Case("verdict-before-claim", ERROR, "claims/case.yaml:8:13", "the verdict was reviewed on 2022-11-01, before the claim was made (2022-11-08)"),
    Case("history-after-verdict", ERROR, "claims/case.yaml:15:15", "is dated after the current one (2022-11-08)"),
    Case("history-out-of-order", ERROR, "claims/case.yaml:18:15", "history must be oldest first"),
    Case("appearances-out-of-order", ERROR, "claims/case.yaml:9:11", "appearances must be listed first appearance first"),
    Case("withdrawn-before-claim", ERROR, "claims/case.yaml:14:9", "the claim is withdrawn on 2022-11-01, before it was made (2022-11-08)"),
    Case("not-rated-source-unknown", ERROR, "briefing.yaml:16:13", "unknown source 'ap-2022-11-09' (did you mean 'ap-2022-11-08'?)"),
    Case("correction-before-claim", ERROR, "claims/case.yaml:14:11", "a correction dated 2022-11-01 predates the claim"),
    Case("link-unknown-claim", ERROR, "briefing.yaml:4:59", "link to unknown claim 'dprk-denies-arms-export' (did you mean 'dprk-denies-arms-exports'?)"),
    Case("link-unknown-source", ERROR, "claims/case.yaml:12:22", "link to unknown source 'ap-2022-11-09' (did you mean 'ap-2022-11-08'?)"),
    Case("link-javascript", ERROR, "claims/case.yaml:9:24", "link address scheme 'javascript:' is not allowed"),
    Case("link-relative-path", ERROR, "claims/case.yaml:9:35", "relative link 'horses-by-train.md' is not allowed"),
    Case("link-internal-not-an-id", ERROR, "claims/case.yaml:9:30", "a claim: link cannot point into a page ('claim:horses-by-train#verdict') (write claim:horses-by-train)"),
    Case("link-image-data", ERROR, "sources/case.yaml:4:18", "images must use https:// or http://"),
    # warnings alone do not fail
    Case("warning-uncited-source", WARNINGS_ONLY, "sources/case.yaml:1:1", "no claim cites the source 'case'"),
    Case("warning-stray-top-level-yaml", WARNINGS_ONLY, "notes.yaml:0:0", "this file is not part of the content format and is ignored"),
    Case("warning-updated-before-latest-change", WARNINGS_ONLY, "briefing.yaml:13:10", "'updated' (2022-11-08) is earlier than the latest change, 2022-11-09 in claims/dprk-denies-arms-exports.yaml"),
    Case("warning-topic-twice", WARNINGS_ONLY, "claims/case.yaml:5:22", "the topic 'rail-links' is listed twice"),
    Case("warning-language-no-catalog", WARNINGS_ONLY, "briefing.yaml:6:11",
         "not translated into 'sw': its pages will be built in English (languages available: en, ar, de, es, fr, ko, pt, ru;"),
    Case("warning-single-source", WARNINGS_ONLY, "claims/case.yaml:11:5", "the verdict 'accurate' rests on one source only ('ap-2022-11-08'): the two-source rule asks for at least two"),
]
# fmt: on
#: the first case of each group above, run in a new process
IN_A_NEW_PROCESS = {
    "yaml-duplicate-key", "file-stray-backup", "key-misspelled", "contact-without-email-or-url",
    "rating-unknown", "warning-uncited-source",
}  # fmt: skip


def lay_out(case: str, root: Path) -> Path:
    """The basic briefing with the case's files laid over it, in `root`."""
    shutil.copytree(BASIC, root)
    folder = CORPUS / case
    deletions = folder / DELETE
    for line in deletions.read_text(encoding="utf-8").split() if deletions.exists() else ():
        target = root / line
        shutil.rmtree(target) if line.endswith("/") else target.unlink()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.as_posix() != DELETE:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, root / relative)
    return root


class Outcome(NamedTuple):
    exit_code: int
    stdout: str
    stderr: str


def check(content: Path, in_a_new_process: bool) -> Outcome:
    """`python -m generator check --content ...`, as an author runs it, or the same command in this process."""
    args = ["check", "--content", str(content)]
    if in_a_new_process:
        done = subprocess.run(
            [sys.executable, "-m", "generator", *args], cwd=PROJECT, capture_output=True, text=True, timeout=120
        )
        return Outcome(done.returncode, done.stdout, done.stderr)
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)


# Starting Python for each case costs a second on a busy machine: the first
# case of each group runs in a new process, the rest in this one.
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_malformed_content_is_reported_with_file_and_line(case: Case, tmp_path):
    result = check(lay_out(case.name, tmp_path / "briefing"), in_a_new_process=case.name in IN_A_NEW_PROCESS)
    output = result.stderr if case.exit_code else result.stdout
    lines = output.splitlines()
    severity = "error" if case.exit_code else "warning"
    reported = [line for line in lines if line.startswith(f"{case.where}: {severity}: ")]
    assert result.exit_code == case.exit_code, output
    assert any(case.gist in line for line in reported), f"expected at {case.where}: {case.gist!r}\n{output}"
    assert "Traceback" not in result.stdout + result.stderr
    assert lines[-1].endswith(("error", "errors", "warning", "warnings")), "the report ends with a tally"
    # Each problem is one line, `path:line:col: severity: message (hint)`, with a hint for every error.
    for line in lines[:-1]:
        assert line.count(": error: ") + line.count(": warning: ") == 1, line
        assert line.endswith(")"), f"no hint: {line}"


def test_every_case_folder_has_a_row_and_every_row_a_folder():
    folders = {path.name for path in CORPUS.iterdir() if path.is_dir()}
    rows = [case.name for case in CASES]
    assert len(rows) == len(set(rows)), "a case is listed twice"
    assert folders == set(rows)
    assert len(rows) >= 40
    assert IN_A_NEW_PROCESS <= set(rows)
