"""Stage 2a — validate each file against its declaration in `schema`.

The walker turns YAML nodes into checked values that remember where they
were written (`At`), reporting every problem it meets and carrying on, so
one run shows them all. Cross-file checks and the typed model come next,
in `crossref`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from . import markup, schema
from .load import ContentFile, ContentName, position
from .model import MarkdownText
from .problems import Problems, count_of, did_you_mean
from .urls import SCHEMES, url_problem

NULL_TAG = "tag:yaml.org,2002:null"
# C0 and C1 controls other than tab, newline and carriage return: invisible,
# meaningless in a briefing, and \x02/\x03 are Markdown's own placeholders.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class At:
    """A checked value and where it was written (1-based line and column)."""

    value: Any
    line: int
    col: int


@dataclass(frozen=True)
class InternalLink:
    """A `claim:<id>` or `source:<id>` link in Markdown, checked once all ids are known."""

    kind: str
    target: str
    path: str
    line: int
    col: int


@dataclass(frozen=True)
class WebAddress:
    """An http(s) address written in the content (an address field or a Markdown link), for `check --links`."""

    url: str
    path: str
    line: int
    col: int


@dataclass(frozen=True)
class CheckedFile:
    file: ContentName  # not the file's nodes: what was checked is in `record`
    record: At | None  # value: dict[str, At]; None when the top level was unusable
    links: tuple[InternalLink, ...]
    addresses: tuple[WebAddress, ...] = ()


def check_file(file: ContentFile, problems: Problems, html: markup.HtmlCache | None = None) -> CheckedFile:
    """Check one file; with `html`, the Markdown fields parsed for their links are kept there, rendered."""
    checker = _FileChecker(file, problems, html)
    if file.kind in ("source", "claim"):
        checker.check_file_id()
    record = checker.check(file.node, schema.FILE_RECORDS[file.kind], file.kind)
    return CheckedFile(file.name, record, tuple(checker.links), tuple(checker.addresses))


#: ids that would take the address of a generated page: claims/index.md is the list of claims
RESERVED_IDS = frozenset({"index"})


def id_problem(value: str) -> str | None:
    """Why `value` is not a valid id, or None."""
    if len(value) > schema.ID_MAX_LENGTH:
        return f"'{_short(value)}' is longer than {schema.ID_MAX_LENGTH} characters"
    if not schema.ID_PATTERN.fullmatch(value):
        return f"'{_short(value)}' is not a valid id: use lowercase letters a-z, digits and single hyphens"
    return None


def file_id_problem(value: str, kind: str) -> str | None:
    """Why `value` cannot name a claim or source file (its page address), or None."""
    if value in RESERVED_IDS:
        return f"'{value}' is taken by the page that lists every {kind}"
    return id_problem(value)


def suggest_id(value: str) -> str:
    """The nearest valid id to `value`: 'Kim Jong Un' → 'kim-jong-un'."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[: schema.ID_MAX_LENGTH].strip("-")


class _FileChecker:
    def __init__(self, file: ContentFile, problems: Problems, html: markup.HtmlCache | None) -> None:
        self.file = file
        self.problems = problems
        self.html = html
        self.links: list[InternalLink] = []
        self.addresses: list[WebAddress] = []

    def error(self, node: yaml.Node, message: str, hint: str = "") -> None:
        line, col = position(node)
        self.problems.error(self.file.path, line, col, message, hint)

    def check_file_id(self) -> None:
        stem = self.file.stem
        problem = file_id_problem(stem, self.file.kind)
        if problem:
            suggestion = suggest_id(stem) or "a-descriptive-id"
            if suggestion in RESERVED_IDS:
                suggestion = f"{suggestion}-{self.file.kind}"
            self.problems.error(self.file.path, 0, 0, f"file name {problem}", f"rename it to {suggestion}.yaml")

    def check(self, node: yaml.Node, spec: schema.Spec, where: str) -> At | None:
        return _CHECKS[type(spec)](self, node, spec, where)

    # -- structure ---------------------------------------------------------

    def _check_record(self, node: yaml.Node, spec: schema.Record, where: str) -> At | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{where} must be a mapping of keys to values, not {_shape(node)}", _example(spec))
            return None
        values: dict[str, At] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            field = spec.get(key)
            if field is None:
                hint = did_you_mean(key, spec.keys) or f"allowed keys: {', '.join(spec.keys)}"
                self.error(key_node, f"unknown key '{key}' in {where}", hint)
                continue
            if _is_null(value_node):
                if field.required:
                    self.error(key_node, f"'{key}' in {where} is empty", "write its value after the colon")
                continue
            checked = self.check(value_node, field.spec, f"'{key}'")
            if checked is not None:
                values[key] = checked
        self._report_missing(node, spec, values, where)
        if spec.one_of and not any(k.value in spec.one_of and not _is_null(v) for k, v in node.value):
            keys = " or ".join(f"'{key}'" for key in spec.one_of)
            self.error(node, f"{where} needs {keys}", f"add `{spec.get(spec.one_of[0]).example}`")
        line, col = position(node)
        return At(values, line, col)

    def _report_missing(self, node: yaml.MappingNode, spec: schema.Record, values: dict[str, At], where: str) -> None:
        present = {key.value for key, _ in node.value}
        for field in spec.fields:
            if field.required and field.key not in present:
                self.error(node, f"{where} is missing the required key '{field.key}'", _field_hint(field))

    def _check_listof(self, node: yaml.Node, spec: schema.ListOf, where: str) -> At | None:
        if not isinstance(node, yaml.SequenceNode):
            self.error(
                node,
                f"{where} must be a list, not {_shape(node)}",
                "write each item on its own line, starting with '- ', or as [a, b]",
            )
            return None
        if len(node.value) < spec.min_items:
            missing = spec.min_items - len(node.value)
            self.error(
                node,
                f"{where} needs at least {count_of(spec.min_items, 'item')}, it has {len(node.value)}",
                f"add {count_of(missing, 'more item')}",
            )
        item_name = spec.item.name if isinstance(spec.item, schema.Record) else f"an item of {where}"
        items = [self.check(item, spec.item, item_name) for item in node.value]
        line, col = position(node)
        return At([item for item in items if item is not None], line, col)

    # -- scalars -------------------------------------------------------------

    def _scalar(self, node: yaml.Node, spec: schema.Spec, where: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{where} must be {spec.noun}, not {_shape(node)}", spec.hint)
            return None
        return node.value

    def _check_text(self, node: yaml.Node, spec: schema.Spec, where: str) -> At | None:
        text = self._scalar(node, spec, where)
        if text is None:
            return None
        if not text.strip():
            self.error(node, f"{where} is empty", "write the text, or remove the key")
            return None
        bad = _CONTROL.search(text) or re.search(r"[\ud800-\udfff]", text)
        if bad:
            char = f"U+{ord(bad.group()):04X}"
            self.error(node, f"{where} contains the invisible control character {char}", "delete it")
            return None
        line, col = position(node)
        return At(text, line, col)

    def _check_markdown(self, node: yaml.Node, spec: schema.Spec, where: str) -> At | None:
        checked = self._check_text(node, spec, where)
        if checked is None:
            return None
        for link in markup.find_links(checked.value, self.html):
            line, col = self._position_in_scalar(node, link.line_offset, link.column)
            problem = link.problem()
            if problem:
                self.problems.error(self.file.path, line, col, problem, "fix or remove the link")
            elif link.scheme in markup.INTERNAL_SCHEMES:
                self._internal_link(link, line, col)
            elif link.scheme in SCHEMES:
                self.addresses.append(WebAddress(link.href, self.file.path, line, col))
        return At(MarkdownText(checked.value), checked.line, checked.col)

    def _internal_link(self, link: markup.Link, line: int, col: int) -> None:
        """Keep a `claim:<id>` or `source:<id>` link for crossref, once its form is right."""
        kind, target = link.scheme, link.target_id
        if not link.href.startswith(f"{kind}:"):  # the renderer only knows the lowercase form
            self.problems.error(
                self.file.path,
                line,
                col,
                f"link '{_short(link.href)}' is not written as {kind}:<id>",
                f"write it as {kind}:{target.strip()}",
            )
        elif "#" in target:
            page = target.partition("#")[0]
            self.problems.error(
                self.file.path,
                line,
                col,
                f"a {kind}: link cannot point into a page ('{_short(link.href)}')",
                f"write {kind}:{page}",
            )
        elif not target:
            self.problems.error(
                self.file.path,
                line,
                col,
                f"the link '{kind}:' names no {kind}",
                f"write the {kind}'s id after '{kind}:'",
            )
        elif problem := id_problem(target):
            hint = f"link with {kind}:<id> and nothing else, e.g. {kind}:{suggest_id(target) or 'its-id'}"
            self.problems.error(
                self.file.path, line, col, f"the link '{_short(link.href)}' does not name a {kind}: {problem}", hint
            )
        else:
            self.links.append(InternalLink(kind, target, self.file.path, line, col))

    @cached_property
    def _lines(self) -> list[str]:
        return self.file.text.splitlines()

    def _position_in_scalar(self, node: yaml.ScalarNode, line_offset: int, column: int) -> tuple[int, int]:
        """Where a place in a scalar's value was written in the file (1-based)."""
        line, col = position(node)
        if node.style in ("|", ">"):  # block scalars start below their indicator, indented
            source_line = line + 1 + line_offset
            lines = self._lines
            if source_line <= len(lines):
                text = lines[source_line - 1]
                return source_line, len(text) - len(text.lstrip(" ")) + column + 1
            return line, col
        if line_offset:  # a folded multi-line value: its lines no longer match the file's
            return line, col
        return line, col + column + (1 if node.style in ("'", '"') else 0)

    def _check_date(self, node: yaml.Node, spec: schema.Spec, where: str) -> At | None:
        text = self._scalar(node, spec, where)
        if text is None:
            return None
        if not schema.DATE_PATTERN.fullmatch(text):
            self.error(node, f"{where} '{_short(text)}' is not a date", "write it as YYYY-MM-DD, with no time")
            return None
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            self.error(node, f"{where} '{text}' is not a real date", "check the month (01-12) and day")
            return None
        line, col = position(node)
        return At(value, line, col)

    def _check_url(self, node: yaml.Node, spec: schema.Spec, where: str) -> At | None:
        text = self._scalar(node, spec, where)
        if text is None:
            return None
        problem = url_problem(text)
        if problem:
            self.error(node, f"{where} {problem}", "give the full address, starting with https://")
            return None
        line, col = position(node)
        self.addresses.append(WebAddress(text, self.file.path, line, col))
        return At(text, line, col)

    def _check_language(self, node: yaml.Node, spec: schema.Spec, where: str) -> At | None:
        text = self._scalar(node, spec, where)
        if text is None:
            return None
        if not schema.LANGUAGE_PATTERN.fullmatch(text):
            self.error(node, f"{where} '{_short(text)}' is not a language tag", "use a BCP 47 tag such as en or fr-CA")
            return None
        line, col = position(node)
        return At(text, line, col)

    def _check_email(self, node: yaml.Node, spec: schema.Spec, where: str) -> At | None:
        checked = self._check_text(node, spec, where)
        if checked is None:
            return None
        if not schema.EMAIL_PATTERN.fullmatch(checked.value):
            self.error(
                node,
                f"{where} '{_short(checked.value)}' is not an email address",
                "write it as name@example.org, with no spaces and no 'mailto:'",
            )
            return None
        return checked

    def _check_id(self, node: yaml.Node, spec: schema.Spec, where: str) -> At | None:
        text = self._scalar(node, spec, where)
        if text is None:
            return None
        problem = id_problem(text)
        if problem:
            self.error(node, f"{where}: {problem}", f"for example '{suggest_id(text) or 'my-id'}'")
            return None
        line, col = position(node)
        return At(text, line, col)

    def _check_ref(self, node: yaml.Node, spec: schema.Ref, where: str) -> At | None:
        return self._check_id(node, spec, where)

    def _check_choice(self, node: yaml.Node, spec: schema.Choice, where: str) -> At | None:
        text = self._scalar(node, spec, where)
        if text is None:
            return None
        if text not in spec.options:
            hint = did_you_mean(text, spec.options) or f"one of: {', '.join(spec.options)}"
            self.error(node, f"{where} '{_short(text)}' is not allowed", hint)
            return None
        line, col = position(node)
        return At(text, line, col)


# How each kind of value is checked: the same table-by-type dispatch as json_schemas._BUILDERS.
_CHECKS = {
    schema.Record: _FileChecker._check_record,
    schema.ListOf: _FileChecker._check_listof,
    schema.Text: _FileChecker._check_text,
    schema.Markdown: _FileChecker._check_markdown,
    schema.Date: _FileChecker._check_date,
    schema.Url: _FileChecker._check_url,
    schema.Language: _FileChecker._check_language,
    schema.Email: _FileChecker._check_email,
    schema.Id: _FileChecker._check_id,
    schema.Ref: _FileChecker._check_ref,
    schema.Choice: _FileChecker._check_choice,
}


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the value '{_short(node.value)}'"


def _field_hint(field: schema.Field) -> str:
    return f"add `{field.example or field.key + ': ...'}`"


def _example(spec: schema.Record) -> str:
    required = [f.key for f in spec.fields if f.required]
    if required:
        return f"it needs the keys {', '.join(required)}"
    example = next((f.example for f in spec.fields if f.example), "")
    keys = ", ".join(f.key for f in spec.fields)
    return f"indent its keys ({keys}) under it, e.g. {example}" if example else f"indent its keys ({keys}) under it"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
