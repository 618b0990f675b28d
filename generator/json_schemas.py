"""JSON Schemas for editors, generated from the declarations in `schema`.

Editors that speak the YAML language server protocol (VS Code's YAML
extension, JetBrains IDEs, Neovim, Helix ...) read the first line of a
content file, `# yaml-language-server: $schema=../schemas/claim.schema.json`,
and then autocomplete keys, show each key's description and flag mistakes as
the author types. The schemas are written from the same `schema.Record`s that
validation walks, so they cannot disagree about which keys exist.

Editors parse YAML 1.2, where `title: 2022` is a number and `id: false` a
boolean; the generator takes both as the text written. So wherever the
generator accepts any scalar as text, the schema accepts numbers and
booleans too. `python -m generator check` stays the authority: the schemas
cannot see across files (does this source id exist?) or into Markdown.
"""

from __future__ import annotations

import json
from typing import Any

from . import schema, urls

DRAFT = "http://json-schema.org/draft-07/schema#"

#: what each kind of file is, and where it lives, for the schema's title
FILE_TITLES = {
    "briefing": "Briefing (briefing.yaml)",
    "ratings": "Rating scale (ratings.yaml)",
    "source": "Source (sources/<id>.yaml)",
    "claim": "Claim and verdict (claims/<id>.yaml)",
}

#: where a content file of each kind finds its schema, relative to the file
SCHEMA_LINKS = {
    "briefing": "schemas/briefing.schema.json",
    "ratings": "schemas/ratings.schema.json",
    "source": "../schemas/source.schema.json",
    "claim": "../schemas/claim.schema.json",
}

# Text: at least one non-blank character and none of the control characters
# that validation refuses (C0 and C1 controls other than tab and line breaks).
# The same regular expression works in Python and ECMAScript.
_TEXT_PATTERN = r"^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def schema_comment(kind: str) -> str:
    """The first line of a content file of this kind, pointing editors to its schema."""
    return f"# yaml-language-server: $schema={SCHEMA_LINKS[kind]}"


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft-07) for one kind of content file."""
    record = schema.FILE_RECORDS[kind]
    return {
        "$schema": DRAFT,
        "$comment": "Generated from generator/schema.py by `python -m generator schemas`; do not edit.",
        "title": FILE_TITLES[kind],
        **_record(record),
    }


def schema_json(kind: str) -> str:
    """The schema as the text of its file: stable key order, two-space indent, final newline."""
    return json.dumps(file_schema(kind), indent=2, ensure_ascii=False) + "\n"


def all_schema_files() -> dict[str, str]:
    """File name → text, for every kind of content file."""
    return {schema_file_name(kind): schema_json(kind) for kind in schema.FILE_RECORDS}


# -- one schema per kind of value -------------------------------------------------


def _value(spec: schema.Spec) -> dict[str, Any]:
    builder = _BUILDERS[type(spec)]
    return builder(spec)


def _record(spec: schema.Record) -> dict[str, Any]:
    properties = {field.key: _field(field) for field in spec.fields}
    result: dict[str, Any] = {"type": "object", "properties": properties}
    required = [field.key for field in spec.fields if field.required]
    if required:
        result["required"] = required
    result["additionalProperties"] = False  # unknown keys are errors, as in validation
    if spec.one_of:  # at least one of these keys, with a value (an empty key counts as absent)
        result["anyOf"] = [{"required": [key], "properties": {key: {"not": {"type": "null"}}}} for key in spec.one_of]
    return result


def _field(field: schema.Field) -> dict[str, Any]:
    value = _value(field.spec)
    description = " ".join(part for part in (field.description, field.spec.note) if part)
    result = {"description": description, **value}
    # An empty optional key (`role:`) is treated as absent; an empty required one is an error.
    return result if field.required else _nullable(result)


def _nullable(value: dict[str, Any]) -> dict[str, Any]:
    result = dict(value)
    if "enum" in result:
        result["enum"] = [*result["enum"], None]
    kinds = result["type"] if isinstance(result["type"], list) else [result["type"]]
    result["type"] = [*kinds, "null"]
    return result


def _text(spec: schema.Spec) -> dict[str, Any]:
    # `pattern` applies to strings only: a number or boolean is its own (non-blank) text.
    return {"type": ["string", "number", "boolean"], "pattern": _TEXT_PATTERN}


def _date(spec: schema.Spec) -> dict[str, Any]:
    return {"type": "string", "format": "date", "pattern": _anchored(schema.DATE_PATTERN.pattern)}


def _url(spec: schema.Spec) -> dict[str, Any]:
    return {"type": "string", "format": "uri", "pattern": urls.JSON_SCHEMA_PATTERN}


def _language(spec: schema.Spec) -> dict[str, Any]:
    return {"type": "string", "pattern": _anchored(schema.LANGUAGE_PATTERN.pattern)}


def _email(spec: schema.Spec) -> dict[str, Any]:
    return {"type": "string", "format": "email", "pattern": _anchored(schema.EMAIL_PATTERN.pattern)}


def _id(spec: schema.Spec) -> dict[str, Any]:
    # `2022` and `false` are ids as written; negative or fractional numbers never are.
    return {
        "type": ["string", "integer", "boolean"],
        "pattern": _anchored(schema.ID_PATTERN.pattern),
        "maxLength": schema.ID_MAX_LENGTH,
        "minimum": 0,
    }


def _choice(spec: schema.Choice) -> dict[str, Any]:
    return {"type": "string", "enum": list(spec.options)}


def _list(spec: schema.ListOf) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "array", "items": _value(spec.item)}
    if spec.min_items:
        result["minItems"] = spec.min_items
    return result


_BUILDERS = {
    schema.Record: _record,
    schema.Text: _text,
    schema.Markdown: _text,
    schema.Date: _date,
    schema.Url: _url,
    schema.Language: _language,
    schema.Email: _email,
    schema.Id: _id,
    schema.Ref: _id,
    schema.Choice: _choice,
    schema.ListOf: _list,
}


def _anchored(pattern: str) -> str:
    return f"^{pattern}$"
