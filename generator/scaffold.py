"""Skeletons for new content files: `python -m generator new claim ID`.

A skeleton is written from the same `schema.Record` that validation walks,
so it always lists exactly the keys the format has. Required keys are left
empty, so that `check` points at each one until the author fills it in;
optional keys are commented out, ready to be switched on. Nothing is
invented: no placeholder text that could be published by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import schema
from .json_schemas import schema_comment, schema_file_name
from .load import FOLDERS, YAML_SUFFIXES
from .validate import file_id_problem, suggest_id

INDENT = 2
NOTE_COLUMN = 30  # where the explanations start, when the key leaves room

_HEADERS = {
    "claim": (
        "The claim '{id}' and its verdict, published at /claims/{id}/.",
        "Fill in every key left empty; optional keys are commented out:",
        "delete the '# ' in front of one (and of the lines under it) to use it.",
        "For Markdown over several lines, write `analysis: |` and indent the lines below.",
        "Then run: python -m generator check",
    ),
    "source": (
        "The source '{id}', published at /sources/{id}/; cite it from a claim as",
        "`source: {id}`. Fill in every key left empty; optional keys are",
        "commented out: delete the '# ' in front of one to use it. Leave a key out",
        "rather than guess its value. Then run: python -m generator check",
    ),
}


class ScaffoldRefused(ValueError):
    """The file was not written: the id is not valid or the file exists."""


@dataclass(frozen=True)
class _Line:
    code: str  # the YAML, indented
    note: str = ""  # the explanation shown after it as a comment


def new_file(content: Path, kind: str, item_id: str) -> Path:
    """Write the skeleton of a new claim or source; refuse a bad id or an existing file."""
    problem = file_id_problem(item_id, kind)
    if problem:
        suggestion = suggest_id(item_id)
        raise ScaffoldRefused(problem + (f"; for example '{suggestion}'" if suggestion else ""))
    folder = content / FOLDERS[kind]
    for suffix in YAML_SUFFIXES:
        existing = folder / f"{item_id}{suffix}"
        if existing.exists():
            raise ScaffoldRefused(f"{existing} already exists: edit it, or choose another id")
    folder.mkdir(exist_ok=True)
    path = folder / f"{item_id}.yaml"
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(skeleton(kind, item_id))
    return path


def schema_is_missing(content: Path, kind: str) -> bool:
    """Whether the schema the new file points editors to is absent from `content`."""
    return not (content / "schemas" / schema_file_name(kind)).is_file()


def skeleton(kind: str, item_id: str) -> str:
    """The text of a new file of `kind` ("claim" or "source") for `item_id`."""
    header = [schema_comment(kind)] + [f"# {line.format(id=item_id)}" for line in _HEADERS[kind]]
    body = _format(_record_lines(schema.FILE_RECORDS[kind], indent=0))
    return "\n".join([*header, "", *body]) + "\n"


def _format(lines: list[_Line]) -> list[str]:
    formatted = []
    for line in lines:
        if not line.note:
            formatted.append(line.code)
            continue
        padding = max(NOTE_COLUMN - len(line.code), 2)
        formatted.append(f"{line.code}{' ' * padding}# {line.note}")
    return formatted


def _record_lines(record: schema.Record, indent: int) -> list[_Line]:
    lines: list[_Line] = []
    for field in record.fields:
        field_lines = _field_lines(field, indent)
        lines.extend(field_lines if field.required else _commented(field_lines, indent))
    return lines


def _field_lines(field: schema.Field, indent: int) -> list[_Line]:
    pad = " " * indent
    spec = field.spec
    first = _Line(f"{pad}{field.key}:", _note(field))
    if isinstance(spec, schema.Record):
        return [first, *_record_lines(spec, indent + INDENT)]
    if isinstance(spec, schema.ListOf) and isinstance(spec.item, schema.Record):
        items = _record_lines(spec.item, indent + 2 * INDENT)
        dash_column = indent + INDENT
        head = items[0]
        items[0] = _Line(head.code[:dash_column] + "- " + head.code[dash_column + 2 :], head.note)
        return [first, *items]
    if isinstance(spec, schema.ListOf):
        return [first, _Line(f"{pad}{' ' * INDENT}-")]
    return [first]


def _commented(lines: list[_Line], column: int) -> list[_Line]:
    """The lines commented out at `column`, so that one '# ' less switches them on."""
    return [_Line(line.code[:column] + "# " + line.code[column:], line.note) for line in lines]


def _note(field: schema.Field) -> str:
    how = field.spec.form
    description = field.description.rstrip(".")
    return f"{description} ({how})." if how else f"{description}."
