"""The JSON Schemas for editors: generated from schema.py, committed, and in agreement with validation.

Editors read YAML 1.2 (`2022` is a number, `false` a boolean, dates are
strings), so the files are turned into JSON values here the way an editor's
YAML parser sees them, then checked with the `jsonschema` package.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from generator import schema
from generator.json_schemas import SCHEMA_LINKS, all_schema_files, file_schema, schema_comment

from .conftest import BASIC, PROJECT, run_cli

COMMITTED = PROJECT / "content" / "schemas"
KINDS = sorted(schema.FILE_RECORDS)


# -- YAML as an editor reads it (YAML 1.2 core schema) ------------------------------

_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE, _FALSE = re.compile(r"true|True|TRUE"), re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def as_editor_sees_it(node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return {key.value: as_editor_sees_it(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [as_editor_sees_it(item) for item in node.value]
    text = node.value
    if node.style in ("'", '"', "|", ">"):  # quoted and block scalars are always strings
        return text
    if _NULL.fullmatch(text):
        return None
    if _TRUE.fullmatch(text) or _FALSE.fullmatch(text):
        return bool(_TRUE.fullmatch(text))
    if _INT.fullmatch(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def schema_errors(kind: str, text: str) -> list[str]:
    instance = as_editor_sees_it(yaml.compose(text, Loader=yaml.CSafeLoader))
    validator = jsonschema.Draft7Validator(file_schema(kind), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(instance)]


def kind_of(relative: str) -> str:
    return {"claims": "claim", "sources": "source"}.get(relative.split("/")[0]) or relative.removesuffix(".yaml")


# -- the committed files ----------------------------------------------------------


def test_committed_schemas_are_exactly_what_the_generator_writes():
    committed = {path.name: path.read_text(encoding="utf-8") for path in COMMITTED.glob("*.json")}
    assert committed == all_schema_files(), "run `python -m generator schemas --out content/schemas` and commit"


def test_the_schemas_command_writes_them(tmp_path):
    result = run_cli("schemas", "--out", str(tmp_path / "schemas"))
    assert result.returncode == 0, result.stderr
    written = {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "schemas").iterdir()}
    assert written == all_schema_files()


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_valid_draft_07(kind):
    jsonschema.Draft7Validator.check_schema(json.loads(all_schema_files()[f"{kind}.schema.json"]))


@pytest.mark.parametrize("kind", KINDS)
def test_the_schema_comment_points_to_the_committed_schema(kind):
    folder = {"claim": "claims", "source": "sources"}.get(kind, ".")
    target = (COMMITTED.parent / folder / SCHEMA_LINKS[kind]).resolve()
    assert target == (COMMITTED / f"{kind}.schema.json").resolve() and target.is_file()
    assert schema_comment(kind) == f"# yaml-language-server: $schema={SCHEMA_LINKS[kind]}"


def test_every_key_of_the_format_is_declared_with_a_description():
    def walk(record: schema.Record, node: dict) -> None:
        assert set(node["properties"]) == set(record.keys)
        assert node["additionalProperties"] is False
        assert node.get("required", []) == [f.key for f in record.fields if f.required]
        for field in record.fields:
            assert node["properties"][field.key]["description"].strip()
            spec, sub = field.spec, node["properties"][field.key]
            if isinstance(spec, schema.ListOf):
                spec, sub = spec.item, sub["items"]
            if isinstance(spec, schema.Record):
                walk(spec, sub)

    for kind in KINDS:
        walk(schema.FILE_RECORDS[kind], file_schema(kind))


# -- agreement with validation ------------------------------------------------------

V11 = BASIC.parent / "v11"  # every key of content format v1.1
FIXTURE_FILES = sorted((root, p.relative_to(root).as_posix()) for root in (BASIC, V11) for p in root.rglob("*.yaml"))


@pytest.mark.parametrize(("root", "relative"), FIXTURE_FILES, ids=[f"{r.name}/{p}" for r, p in FIXTURE_FILES])
def test_valid_fixture_files_satisfy_their_schema(root, relative):
    assert schema_errors(kind_of(relative), (root / relative).read_text(encoding="utf-8")) == []


CONTENT = PROJECT / "content"
CONTENT_FILES = sorted(p.relative_to(CONTENT).as_posix() for p in CONTENT.glob("**/*.yaml") if "schemas" not in p.parts)


@pytest.mark.parametrize(
    "relative",
    CONTENT_FILES or [pytest.param(None, marks=pytest.mark.skip(reason="content/ has no briefing yet"))],
)
def test_every_content_file_points_editors_to_its_schema_and_satisfies_it(relative):
    text = (CONTENT / relative).read_text(encoding="utf-8")
    assert text.splitlines()[0] == schema_comment(kind_of(relative))
    assert schema_errors(kind_of(relative), text) == []


CLAIM, SOURCE = "claims/horses-by-train.yaml", "sources/ap-2022-11-08.yaml"

# (file, text to replace, replacement): validation and the schema must both accept it ...
ACCEPTED = [
    (SOURCE, "title: North Korea denies sending artillery to Russia for use against Ukraine", "title: 2022"),
    (SOURCE, "type: news\n", "type: news\nauthors:\nurl: HTTPS://example.org/a?b=1&c=2\n"),
    (CLAIM, "name: Associated Press\n", "name: Associated Press\n  role:\n"),
    (CLAIM, "topics: [rail-links]", "topics: [rail-links, '2022', 2022]"),
    ("ratings.yaml", "id: unproven", "id: 'no'"),
    ("briefing.yaml", "language: en", "language: pt-BR"),
    ("briefing.yaml", "language: en", "language: en\ncontact:\n  url: https://example.org/contact\n  email:\n"),
    ("briefing.yaml", "language: en", "language: en\ncontact: {email: a.b+c@news.example.co.uk}"),
    ("briefing.yaml", "language: en", "language: en\nas_of: 2022-11-08\nnot_rated:\n  - {statement: Will grow., reason: A forecast.}"),
    (CLAIM, "name: Associated Press\n", "name: Associated Press\n  type: organization\noriginal: {text: 2022, language: ru}\n"),
    (CLAIM, "      quote: a trainload of 30 thoroughbred horses\n", "      quote: a trainload of 30 thoroughbred horses\n  checked_by: [A, B]\n  edited_by: []\n"),
]
# ... or both refuse it.
REFUSED = [
    (SOURCE, "published:", "publihsed:"),
    (SOURCE, "type: news\n", ""),
    (SOURCE, "type: news", "type: blog"),
    (SOURCE, "title: North Korea denies sending artillery to Russia for use against Ukraine", 'title: "\\a bell"'),
    (SOURCE, "title: North Korea denies sending artillery to Russia for use against Ukraine", "title: '   '"),
    (SOURCE, "type: news\n", "type: news\nurl: ftp://example.org/file\n"),
    (SOURCE, "type: news\n", "type: news\nurl: https://example.org/a b\n"),
    (SOURCE, "published: 2022-11-08", "published: 2022-11-8"),
    (SOURCE, "published: 2022-11-08", "published: 2022-02-30"),
    (CLAIM, "claim: Russia sent", "claim:\nextra: Russia sent"),
    (CLAIM, "claim: Russia sent Kim Jong Un a trainload of 30 thoroughbred horses.", "claim:"),
    (CLAIM, "claimant:\n  name: Associated Press", "claimant: Associated Press"),
    (CLAIM, "topics: [rail-links]", "topics: [Rail Links]"),
    (CLAIM, "topics: [rail-links]", "topics: [-1]"),
    (CLAIM, "stance: supports", "stance: agrees"),
    (CLAIM, "    - source: interfax-2022-11-02\n      stance: supports\n      note: The railway's announcement of the shipment.\n"
            "    - source: ap-2022-11-08\n      stance: supports\n      quote: a trainload of 30 thoroughbred horses\n",
     "    []\n"),
    ("ratings.yaml", "id: unproven", "id: Unproven"),
    ("briefing.yaml", "language: en", "language: english_uk"),
    ("briefing.yaml", "  name: Example Fact Check\n", "  name:\n"),
    ("briefing.yaml", "language: en", "language: en\ncontact: {}"),
    ("briefing.yaml", "language: en", "language: en\ncontact:\n  email:\n"),
    ("briefing.yaml", "language: en", "language: en\ncontact: {email: corrections at example.org}"),
    ("briefing.yaml", "language: en", "language: en\ncontact: {email: a@b.org, phone: 555}"),
    ("briefing.yaml", "language: en", "language: en\nnot_rated:\n  - {statement: Will grow.}"),
    (CLAIM, "name: Associated Press\n", "name: Associated Press\n  type: organisation\n"),
    (CLAIM, "name: Associated Press\n", "name: Associated Press\noriginal: {text: Текст}\n"),
    (CLAIM, "name: Associated Press\n", "name: Associated Press\noriginal: {text: Текст, language: Russian}\n"),
    (CLAIM, "      quote: a trainload of 30 thoroughbred horses\n", "      quote: a trainload of 30 thoroughbred horses\nwithdrawn: {date: 2022-11-09}\n"),
    (CLAIM, "      quote: a trainload of 30 thoroughbred horses\n", "      quote: a trainload of 30 thoroughbred horses\nwithdrawn: {date: 2022-11-09, reason: Dup., note: x}\n"),
]


@pytest.mark.parametrize(("relative", "old", "new"), ACCEPTED)
def test_both_accept(briefing, relative, old, new):
    briefing.replace(relative, old, new)
    assert [m for m in briefing.messages() if m.startswith(relative) and ": error:" in m] == []
    assert schema_errors(kind_of(relative), briefing.read(relative)) == []


@pytest.mark.parametrize(("relative", "old", "new"), REFUSED)
def test_both_refuse(briefing, relative, old, new):
    briefing.replace(relative, old, new)
    assert [m for m in briefing.messages() if m.startswith(relative) and ": error:" in m]
    assert schema_errors(kind_of(relative), briefing.read(relative))
