"""Stage 1: finding files and composing YAML safely, with positions."""

from __future__ import annotations

import os
import time
import weakref

import pytest


def test_the_basic_fixture_is_valid(briefing):
    result = briefing.check()
    assert result.ok, result.problems
    assert [c.id for c in result.briefing.claims] == [
        "dprk-denies-arms-dealings",
        "dprk-denies-arms-exports",
        "horses-by-train",
    ]


def test_duplicate_key_is_reported_at_the_second_one(briefing):
    briefing.write("sources/dup.yaml", "title: A\npublisher: B\ntype: news\ntitle: C\n")
    assert "sources/dup.yaml:4:1: error: duplicate key 'title' (first on line 1) (keep only one)" in briefing.messages()


def test_billion_laughs_fails_fast_without_expanding(briefing):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    briefing.write("claims/laughs.yaml", "\n".join(lines) + "\n")
    start = time.perf_counter()
    messages = briefing.messages()
    assert time.perf_counter() - start < 0.5
    assert any(m.startswith("claims/laughs.yaml:1:5: error: anchor '&a0' is not allowed") for m in messages)


def test_python_tags_never_run(briefing, tmp_path):
    marker = tmp_path / "pwned"
    briefing.write("claims/evil.yaml", f"claim: !!python/object/apply:os.system ['touch {marker}']\n")
    messages = briefing.messages()
    assert not marker.exists()
    assert any("claims/evil.yaml:1:8: error: tag '!!python/object/apply:os.system'" in m for m in messages)


def test_several_documents_in_one_file(briefing):
    briefing.write("sources/two.yaml", "title: A\npublisher: B\ntype: news\n---\ntitle: C\n")
    assert any(
        m.startswith("sources/two.yaml:4:1: error: a second YAML document starts here") for m in briefing.messages()
    )


def test_tab_indentation_is_named_as_such(briefing):
    briefing.write("sources/tab.yaml", "title: A\npublisher: B\ntype: news\nauthors:\n\t- X\n")
    assert any(m.startswith("sources/tab.yaml:5:1: error: a tab is used for indentation") for m in briefing.messages())


def test_non_utf8_bytes_give_line_and_column(briefing):
    briefing.write("sources/latin1.yaml", "title: A\npublisher: Caf\xe9\ntype: news\n".encode("latin-1"))
    assert (
        "sources/latin1.yaml:2:15: error: the file is not valid UTF-8 (byte 0xe9) (save it as UTF-8)"
        in briefing.messages()
    )


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_empty_file(briefing, text):
    briefing.write("sources/empty.yaml", text)
    assert "sources/empty.yaml:1:1: error: the file is empty (fill it in, or delete it)" in briefing.messages()


def test_top_level_list_is_an_error(briefing):
    briefing.write("sources/list.yaml", "- title: A\n")
    assert any(
        m.startswith("sources/list.yaml:1:1: error: the top level must be a mapping") for m in briefing.messages()
    )


def test_unquoted_colon_gets_a_quoting_hint(briefing):
    briefing.write("sources/colon.yaml", "title: Note: a colon\npublisher: B\ntype: news\n")
    assert (
        "sources/colon.yaml:1:12: error: a value contains ': ', which YAML reads as a new key"
        " (if the value is text, put all of it in quotes: title: 'Note: a colon')"
    ) in briefing.messages()


def test_stray_files_and_folders_are_errors_but_hidden_files_are_ignored(briefing):
    briefing.write("claims/horses-by-train.yml.bak", "x")
    briefing.write("sources/sub/x.yaml", "title: A\n")
    briefing.write("claims/.horses-by-train.yaml.swp", "binary")
    messages = briefing.messages()
    assert any(m.startswith("claims/horses-by-train.yml.bak:0:0: error: stray file") for m in messages)
    assert any(m.startswith("sources/sub:0:0: error: folders are not allowed here") for m in messages)
    assert not any(".swp" in m for m in messages)


def test_missing_top_level_files_and_folders(tmp_path):
    from generator.pipeline import check_content

    messages = [p.format() for p in check_content(tmp_path).problems]
    assert messages == [
        "briefing.yaml:0:0: error: briefing.yaml is missing (create briefing.yaml at the top of the briefing)",
        "claims/:0:0: error: the folder claims/ is missing (create claims/)",
        "ratings.yaml:0:0: error: ratings.yaml is missing (create ratings.yaml at the top of the briefing)",
        "sources/:0:0: error: the folder sources/ is missing (create sources/)",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_to_a_file_outside_the_briefing_is_not_read(briefing, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: SECRET\npublisher: x\ntype: news\n")
    os.symlink(secret, briefing.root / "sources" / "leak.yaml")
    messages = briefing.messages()
    assert (
        "sources/leak.yaml:0:0: error: this file is a link to a file outside the briefing (copy the file in instead)"
        in messages
    )
    assert not any("SECRET" in m for m in messages)


def test_a_file_far_larger_than_any_content_is_refused_unread(briefing):
    from generator.load import MAX_FILE_BYTES

    briefing.write(
        "sources/huge.yaml", "title: A\npublisher: B\ntype: news\nnotes: |\n" + "  x\n" * (MAX_FILE_BYTES // 4)
    )
    assert any(
        m.startswith("sources/huge.yaml:0:0: error: the file is ") and "the limit is 262,144" in m
        for m in briefing.messages()
    )


def test_links_and_pipes_where_a_file_belongs(briefing, tmp_path):
    os.symlink(briefing.root / "sources" / "missing.yaml", briefing.root / "sources" / "dangling.yaml")
    os.mkfifo(briefing.root / "claims" / "pipe.yaml")  # reading it would block the check forever
    (briefing.root / "ratings.yaml").unlink()
    (briefing.root / "ratings.yaml").mkdir()
    messages = briefing.messages()
    assert (
        "sources/dangling.yaml:0:0: error: this is a link to a file that does not exist (fix the link or delete it)"
        in messages
    )
    assert "claims/pipe.yaml:0:0: error: this is not a regular file (replace it with a plain text file)" in messages
    assert any(m.startswith("ratings.yaml:0:0: error: this is a folder, not a file") for m in messages)


def test_check_holds_one_files_nodes_at_a_time(briefing, monkeypatch):
    """`check` composes each file as it checks it and keeps only what the check found (all the
    files' nodes at once took 300 MB at 10,000 claims); `serve`'s cache keeps them on purpose."""
    from generator import pipeline
    from generator.load import ContentName

    composed: list[weakref.ref] = []
    check_file = pipeline.check_file

    def checking_one_file(file, problems, html=None):
        assert [ref for ref in composed if ref() is not None] == [], "an earlier file's nodes are still held"
        composed.append(weakref.ref(file.node))
        checked = check_file(file, problems, html)
        assert type(checked.file) is ContentName  # what the checks across files need, without the nodes
        return checked

    monkeypatch.setattr(pipeline, "check_file", checking_one_file)
    result = briefing.check()
    assert result.ok, result.problems
    assert len(composed) == 2 + len(list(briefing.root.glob("*/*.yaml")))  # briefing.yaml, ratings.yaml, claims, sources
