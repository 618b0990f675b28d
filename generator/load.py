"""Stage 1 — load: find the content files and compose each into YAML nodes.

Nodes, not Python objects: every value keeps the line and column it was
written at, and scalars keep their text exactly as written, so YAML 1.1's
guesses (``no`` → False, ``1.10`` → 1.1) never reach the briefing.
Only LibYAML's C parser is used: it is over 30× faster than the pure-Python
one and, like it, never constructs arbitrary objects from tags.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problems

MAX_FILE_BYTES = 2 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")
TOP_LEVEL_FILES = {"briefing": "briefing.yaml", "ratings": "ratings.yaml"}
FOLDERS = {"source": "sources", "claim": "claims"}

try:  # LibYAML ships in PyYAML's wheels; a source build without it would crawl.
    _LOADER = yaml.CSafeLoader
except AttributeError as missing:  # pragma: no cover - depends on the PyYAML build
    raise ImportError(
        "PyYAML was built without LibYAML; reinstall it from a wheel (make setup)"
    ) from missing


@dataclass(frozen=True)
class ContentFile:
    """One content file, composed into YAML nodes."""

    path: str  # relative to the briefing root, with forward slashes
    kind: str  # "briefing", "ratings", "source" or "claim"
    stem: str  # the file name without its suffix: the id of a source or claim
    node: yaml.MappingNode
    text: str  # the source, to point at a place inside a multi-line value


@dataclass(frozen=True)
class LoadedContent:
    root: Path
    files: tuple[ContentFile, ...]  # those that parsed into a mapping
    #: the id of every source and claim file found, readable or not
    ids: dict[str, frozenset[str]]

    def of_kind(self, kind: str) -> tuple[ContentFile, ...]:
        return tuple(f for f in self.files if f.kind == kind)


def load_content(root: Path, problems: Problems) -> LoadedContent:
    """Every content file under `root` that parses as a YAML mapping.

    Files that cannot be read or parsed are reported and left out; the
    validator then sees only well-formed mappings.
    """
    files: list[ContentFile] = []
    ids: dict[str, frozenset[str]] = {}
    for kind, name in TOP_LEVEL_FILES.items():
        loaded = _load_top_level(root, kind, name, problems)
        if loaded:
            files.append(loaded)
    for kind, folder in FOLDERS.items():
        paths = _content_files(root, folder, problems)
        ids[kind] = frozenset(path.name.rsplit(".", 1)[0] for path in paths)
        for path in paths:
            loaded = _load_file(root, path, kind, problems)
            if loaded:
                files.append(loaded)
    _report_stray_top_level_yaml(root, problems)
    return LoadedContent(root, tuple(files), ids)


def _load_top_level(root: Path, kind: str, name: str, problems: Problems) -> ContentFile | None:
    path = root / name
    if path.is_file():
        return _load_file(root, path, kind, problems)
    other = path.with_suffix(".yml")
    if other.is_file():
        problems.error(other.name, 0, 0, f"the file must be named {name}", f"rename {other.name} to {name}")
    else:
        problems.error(name, 0, 0, f"{name} is missing", f"create {name} at the top of the briefing")
    return None


def _content_files(root: Path, folder: str, problems: Problems) -> list[Path]:
    """The YAML files of a folder, sorted; anything else in it is reported."""
    directory = root / folder
    if not directory.is_dir():
        problems.error(f"{folder}/", 0, 0, f"the folder {folder}/ is missing", f"create {folder}/")
        return []
    if not _inside(root, directory):
        problems.error(
            f"{folder}/", 0, 0, f"the folder {folder}/ is a link to a folder outside the briefing", "copy the files in instead"
        )
        return []
    found = []
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        relative = f"{folder}/{entry.name}"
        if entry.name.startswith("."):
            continue  # editor swap files, .gitkeep, .DS_Store: not the author's content
        if entry.is_dir(follow_symlinks=False):
            problems.error(relative, 0, 0, "folders are not allowed here", f"move its files into {folder}/")
        elif not entry.name.endswith(YAML_SUFFIXES):
            problems.error(
                relative, 0, 0, "stray file: only .yaml files belong here", "rename it to end in .yaml, or move it away"
            )
        else:
            found.append(Path(entry.path))
    return found


def _report_stray_top_level_yaml(root: Path, problems: Problems) -> None:
    for path in sorted(root.glob("*.y*ml")):
        if path.name not in TOP_LEVEL_FILES.values() and path.suffix in YAML_SUFFIXES:
            if path.with_suffix(".yaml").name in TOP_LEVEL_FILES.values():
                continue  # reported as a misnamed top-level file
            problems.warning(
                path.name,
                0,
                0,
                "this file is not part of the content format and is ignored",
                "claims go in claims/, sources in sources/",
            )


def _load_file(root: Path, path: Path, kind: str, problems: Problems) -> ContentFile | None:
    relative = path.relative_to(root).as_posix()
    data = _read_bytes(root, path, relative, problems)
    if data is None:
        return None
    text = _decode(data, relative, problems)
    if text is None:
        return None
    node = compose_mapping(text, relative, problems)
    if node is None:
        return None
    stem = path.name.rsplit(".", 1)[0]
    return ContentFile(relative, kind, stem, node, text)


def _read_bytes(root: Path, path: Path, relative: str, problems: Problems) -> bytes | None:
    # A symbolic link could make the build read, and publish, any file on the machine.
    if not _inside(root, path):
        problems.error(relative, 0, 0, "this file is a link to a file outside the briefing", "copy the file in instead")
        return None
    # A pipe or a device would block the build or never end.
    if not path.is_file():
        problems.error(relative, 0, 0, "this is not a regular file", "replace it with a plain YAML file")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(relative, 0, 0, f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", "split it up")
            return None
        return path.read_bytes()
    except OSError as error:
        problems.error(relative, 0, 0, f"cannot read the file: {error.strerror}", "check its permissions")
        return None


def _inside(root: Path, path: Path) -> bool:
    """Whether `path`, every symbolic link on the way followed, is inside `root`."""
    return path.resolve().is_relative_to(root.resolve())


def _decode(data: bytes, relative: str, problems: Problems) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.error(
            relative, line, col, f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})", "save it as UTF-8"
        )
        return None


def compose_mapping(text: str, relative: str, problems: Problems) -> yaml.MappingNode | None:
    """The file's single document as a mapping node, or None after reporting why not."""
    try:
        if _might_use_anchors_or_tags(text) and not _free_of_anchors_and_tags(text, relative, problems):
            return None
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        _report_syntax_error(error, text, relative, problems)
        return None
    except yaml.YAMLError as error:  # unmarked: the reader rejected a character
        problems.error(relative, 1, 1, f"YAML cannot read this file: {error}", "save it as plain UTF-8 text")
        return None
    if node is None:
        problems.error(relative, 1, 1, "the file is empty", "fill it in, or delete it")
        return None
    if not isinstance(node, yaml.MappingNode):
        line, col = position(node)
        problems.error(relative, line, col, "the top level must be a mapping of keys to values", "write `key: value` lines")
        return None
    if not _keys_are_sound(node, relative, problems):
        return None
    return node


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def _might_use_anchors_or_tags(text: str) -> bool:
    # Scanning events costs a second parse; skip it when no '&', '*' or '!' is present.
    return "&" in text or "*" in text or "!" in text


def _free_of_anchors_and_tags(text: str, relative: str, problems: Problems) -> bool:
    """Reject anchors, aliases and explicit tags before anything is composed.

    Refusing aliases outright is what keeps a "billion laughs" file from
    expanding; refusing tags is what keeps `!!python/...` inert.
    """
    for event in yaml.parse(text, Loader=_LOADER):
        anchor = getattr(event, "anchor", None)
        tag = getattr(event, "tag", None)
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            problems.error(relative, line, col, f"alias '*{anchor}' is not allowed", "write the value out in full")
            return False
        if anchor is not None:
            problems.error(relative, line, col, f"anchor '&{anchor}' is not allowed", "remove the anchor")
            return False
        if tag is not None:
            problems.error(relative, line, col, f"tag '{tag}' is not allowed", "remove it; quote the value if it is text")
            return False
    return True


def _keys_are_sound(root: yaml.MappingNode, relative: str, problems: Problems) -> bool:
    """Every mapping key is plain text and appears once."""
    sound = True
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key, value in node.value:
                line, col = position(key)
                if not isinstance(key, yaml.ScalarNode):
                    problems.error(relative, line, col, "a key must be a plain word", "remove the '?' or brackets")
                    sound = False
                elif key.value in seen:
                    first, _ = position(seen[key.value])
                    problems.error(
                        relative, line, col, f"duplicate key '{key.value}' (first on line {first})", "keep only one"
                    )
                    sound = False
                else:
                    seen[key.value] = key
                stack.append(value)
    return sound


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "a value containing ': ' must be quoted"),
    ("could not find expected ':'", "check this line's indentation and that each key ends with ':'"),
    ("expected <block end>", "check the indentation of this line against the lines above"),
    ("did not find expected key", "check the indentation of this line against the lines above"),
    ("found unexpected end of stream", "a quote was opened and never closed"),
    ("did not find expected ',' or", "a bracket was opened and never closed"),
    ("found unknown escape character", "in double quotes, write a backslash as \\\\, or use single quotes"),
    ("found invalid Unicode character escape code", "remove the \\u escape; write the character itself"),
    ("found character that cannot start any token", "remove the character or quote the value"),
)


def _report_syntax_error(error: yaml.MarkedYAMLError, text: str, relative: str, problems: Problems) -> None:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or "invalid YAML").strip()
    if isinstance(error, yaml.composer.ComposerError) and "another document" in problem:
        problems.error(relative, line, col, "a second YAML document starts here", "one file holds one document: remove the '---'")
        return
    if _is_tab(text, mark):
        problems.error(relative, line, col, "a tab is used for indentation", "indent with spaces; YAML does not allow tabs")
        return
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem), "fix the YAML syntax")
    message = f"YAML syntax error: {problem}"
    if error.context:
        message += f" ({error.context.strip()})"
    problems.error(relative, line, col, message, hint)


def _is_tab(text: str, mark: yaml.Mark | None) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    return "\t" in re.match(r"[ \t]*", lines[mark.line]).group()
