"""`python -m generator new claim|source ID`: a commented skeleton that guides the author."""

from __future__ import annotations

import re

import pytest

from generator import schema
from generator.json_schemas import schema_comment
from generator.scaffold import skeleton

from .conftest import run_cli, run_cli_here

KINDS = ("claim", "source")

# A value for every key a skeleton holds, valid for the basic fixture.
SAMPLE_VALUES = {
    "claim": "Russia sent Kim Jong Un a trainload of horses.",
    "name": "Associated Press",
    "role": "News agency",
    "date": "2022-11-08",
    "source": "ap-2022-11-08",
    "note": "A note.",
    "rating": "accurate",
    "summary": "The railway said so.",
    "reviewed": "2022-11-09",
    "analysis": "The **railway** said so.",
    "stance": "supports",
    "quote": "a trainload",
    "title": "A report",
    "publisher": "Example News",
    "type": "news",
    "published": "2022-11-08",
    "url": "https://example.org/report",
    "archived_url": "https://example.org/archive/report",
    "accessed": "2022-11-10",
    "notes": "Reliable.",
    "text": "Текст (тестовый пример)",
    "language": "ru",
    "reason": "A duplicate of [another claim](claim:horses-by-train).",
}
#: keys whose sample value depends on the kind of file
KIND_VALUES = {"claim": {"type": "organization"}, "source": {"type": "news"}}


def uncomment_all(text: str) -> str:
    """Switch every optional key on, as an author would by deleting '# '."""
    lines = text.splitlines()
    while True:
        changed = [re.sub(r"^(\s*)# (?=[\s#]*(- )?[a-z_]+:|[\s#]*-$)", r"\1", line) for line in lines]
        if changed == lines:
            return "\n".join(lines) + "\n"
        lines = changed


def fill_in(text: str, kind: str) -> str:
    """Give every empty key a value, and every empty list item one."""
    values = SAMPLE_VALUES | KIND_VALUES[kind]

    def value(match: re.Match) -> str:
        lead, key = match.group(1), match.group(2)
        return f"{lead}{key}: {values[key]}" if key in values else match.group(0)

    text = re.sub(r"^([ -]*)([a-z_]+):(?=\s*(#.*)?$)", value, text, flags=re.M)
    return re.sub(r"^(\s*)-\s*$", r"\1- rail-links", text, flags=re.M)


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_a_skeleton_that_starts_with_the_schema_line(briefing, kind):
    result = run_cli_here("new", kind, "fresh-item", "--content", str(briefing.root))
    assert result.returncode == 0, result.stderr
    text = briefing.read(f"{kind}s/fresh-item.yaml")
    assert text == skeleton(kind, "fresh-item")
    assert text.splitlines()[0] == schema_comment(kind)
    assert f"Wrote {briefing.root / (kind + 's') / 'fresh-item.yaml'}" in result.stdout


@pytest.mark.parametrize("kind", KINDS)
def test_the_skeleton_names_every_key_of_the_format(kind):
    text = skeleton(kind, "x")

    def keys(record: schema.Record) -> set[str]:
        found = set(record.keys)
        for field in record.fields:
            spec = field.spec.item if isinstance(field.spec, schema.ListOf) else field.spec
            if isinstance(spec, schema.Record):
                found |= keys(spec)
        return found

    written = set(re.findall(r"^[#\s-]*([a-z_]+):", text, flags=re.M))
    assert keys(schema.FILE_RECORDS[kind]) <= written


def test_check_lists_each_required_key_still_to_fill_in(briefing):
    assert run_cli_here("new", "claim", "fresh-claim", "--content", str(briefing.root)).returncode == 0
    messages = [m for m in briefing.messages() if m.startswith("claims/fresh-claim.yaml")]
    assert messages and all(" is empty " in m for m in messages), messages
    for key in ("claim", "name", "date", "rating", "summary", "reviewed", "analysis", "source", "stance"):
        assert any(f"'{key}' in" in m for m in messages), key


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("optional", [False, True], ids=["required-keys", "every-key"])
def test_a_filled_in_skeleton_is_valid(briefing, kind, optional):
    text = skeleton(kind, "fresh-item")
    if optional:
        text = uncomment_all(text)
        assert "# " not in text.split("\n\n", 1)[1].replace("  # ", "")  # nothing left commented out
    briefing.write(f"{kind}s/fresh-item.yaml", fill_in(text, kind))
    errors = [m for m in briefing.messages() if ": error:" in m]
    assert errors == []


@pytest.mark.parametrize("bad_id", ["Fresh Claim", "fresh--claim", "fresh-", "x" * 81, "../escape", "index"])
def test_a_bad_id_is_refused_with_a_usage_error(briefing, bad_id):
    result = run_cli_here("new", "claim", bad_id, "--content", str(briefing.root))
    assert result.returncode == 2
    assert "Invalid value for ID" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (briefing.root / "claims").iterdir()) == [
        "dprk-denies-arms-dealings.yaml",
        "dprk-denies-arms-exports.yaml",
        "horses-by-train.yaml",
    ]


def test_a_bad_id_gets_a_suggestion(briefing):
    result = run_cli_here("new", "source", "AP 2022-11-08", "--content", str(briefing.root))
    assert "for example 'ap-2022-11-08'" in result.stderr


@pytest.mark.parametrize("existing", ["horses-by-train.yaml", "horses-by-train.yml"])
def test_an_existing_file_is_never_overwritten(briefing, existing):
    before = briefing.read("claims/horses-by-train.yaml")
    if existing.endswith(".yml"):
        (briefing.root / "claims" / "horses-by-train.yaml").rename(briefing.root / "claims" / existing)
    result = run_cli_here("new", "claim", "horses-by-train", "--content", str(briefing.root))
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert (briefing.root / "claims" / existing).read_text(encoding="utf-8") == before
    assert not (existing.endswith(".yml") and (briefing.root / "claims" / "horses-by-train.yaml").exists())


def test_a_missing_content_folder_is_a_usage_error(tmp_path):
    result = run_cli("new", "claim", "x", "--content", str(tmp_path / "nowhere"))  # in a new process: the exit code as a shell sees it
    assert result.returncode == 2 and not (tmp_path / "nowhere").exists()


def test_new_says_how_to_get_the_schemas_when_they_are_missing(briefing):
    result = run_cli_here("new", "source", "fresh-source", "--content", str(briefing.root))
    assert f"python -m generator schemas --out {briefing.root / 'schemas'}" in result.stderr
    assert run_cli_here("schemas", "--out", str(briefing.root / "schemas")).returncode == 0
    result = run_cli_here("new", "source", "other-source", "--content", str(briefing.root))
    assert result.returncode == 0 and "schemas" not in result.stderr
