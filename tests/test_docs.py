"""The README fits a screen; the manual in docs/ covers every command, option and content key."""

from __future__ import annotations

import re

import click
import pytest

from generator import schema
from generator.cli import cli

from .conftest import PROJECT
from .test_cli import command_paths

DOCS = PROJECT / "docs"
README = PROJECT / "README.md"
#: content file kind → the heading of its section in docs/content-reference.md
FILE_SECTIONS = {"briefing": "briefing.yaml", "ratings": "ratings.yaml", "source": "sources/ID.yaml", "claim": "claims/ID.yaml"}


def section(text: str, heading: str) -> str:
    """The text under the `## heading` line, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"no section '## {heading}'"
    return match.group(1)


def command(words: tuple[str, ...]) -> click.Command:
    found: click.Command = cli
    for word in words:
        assert isinstance(found, click.Group)
        found = found.commands[word]
    return found


def test_the_readme_fits_a_screen():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, len(lines)


def test_the_readme_shows_the_two_commands_and_a_screenshot():
    readme = README.read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    (image,) = re.findall(r"!\[[^\]]+\]\(([^)]+\.png)\)", readme)
    png = PROJECT / image
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size < 150_000  # optimised: it is in every clone


@pytest.mark.parametrize("words", command_paths(), ids=" ".join)
def test_every_option_of_every_command_is_in_commands_md(words):
    text = section((DOCS / "commands.md").read_text(encoding="utf-8"), f"`python -m generator {' '.join(words)}`")
    for param in command(words).params:
        if isinstance(param, click.Option):
            assert max(param.opts, key=len) in text, f"{' '.join(words)}: {param.opts} is not documented"
            if isinstance(param.type, click.Choice):
                for choice in param.type.choices:
                    assert f"{choice}" in text, f"{' '.join(words)}: {param.opts} {choice!r}"
        else:
            assert param.make_metavar(click.Context(command(words))) in text, f"{' '.join(words)}: argument {param.name}"


def test_the_global_options_are_in_commands_md():
    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    options = [opt for param in cli.params for opt in param.opts] + cli.context_settings["help_option_names"]
    assert "--version" in options and "-h" in options
    for option in options:
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text), option


def _keys(record: schema.Record, prefix: str = "") -> list[str]:
    """Every key of a record, nested keys written with dots: `verdict.evidence.stance`."""
    keys = []
    for field in record.fields:
        path = f"{prefix}{field.key}"
        keys.append(path)
        inner = field.spec.item if isinstance(field.spec, schema.ListOf) else field.spec
        if isinstance(inner, schema.Record):
            keys.extend(_keys(inner, f"{path}."))
    return keys


@pytest.mark.parametrize("kind", sorted(schema.FILE_RECORDS))
def test_every_key_of_the_content_format_is_in_content_reference_md(kind):
    text = section((DOCS / "content-reference.md").read_text(encoding="utf-8"), FILE_SECTIONS[kind])
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", text, flags=re.M))
    keys = _keys(schema.FILE_RECORDS[kind])
    assert [key for key in keys if key not in documented] == []
    assert sorted(documented - set(keys)) == []  # and nothing the format does not have


def test_every_fixed_word_of_the_format_is_in_content_reference_md():
    text = (DOCS / "content-reference.md").read_text(encoding="utf-8")
    for word in (*schema.SOURCE_TYPES, *schema.STANCES, *schema.CLAIMANT_TYPES):
        assert f"`{word}`" in text, word


def test_the_manual_index_links_every_page_in_docs():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([a-z0-9.-]+\.md)\)", index))
    present = {page.name for page in DOCS.glob("*.md")} - {"README.md"}
    assert present - linked == set()


def test_links_between_the_readme_and_the_manual_resolve():
    """Every relative link to a file; pages other sessions add (named in docs/README.md) may still be missing."""
    promised = {"editorial-review.md", "checking-links.md", "content-format-v1.1.md", "reading.md", "offline.md"}
    for page in [README, *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+?)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if (page.parent / target).exists() or target in promised:
                continue
            pytest.fail(f"{page.relative_to(PROJECT)} links to {target}, which does not exist")
