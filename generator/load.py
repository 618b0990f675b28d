"""Stage 1 — load: find the content files and compose each into YAML nodes.

Nodes, not Python objects: every value keeps the line and column it was
written at, and scalars keep their text exactly as written, so YAML 1.1's
guesses (``no`` → False, ``1.10`` → 1.1) never reach the briefing.
Only LibYAML's C parser is used: it is over 30× faster than the pure-Python
one and, like it, never constructs arbitrary objects from tags.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem, Problems

#: A claim is a few kilobytes (the largest file in content/ is about 10 KB); a file
#: far larger is a mistake, and would only make every check slow.
MAX_FILE_BYTES = 256 * 1024
#: Collections inside collections: the content format needs 4 levels; LibYAML's
#: composer recurses once per level (a deep enough file crashes the interpreter)
#: and its scanner slows quadratically with flow nesting, so stop well before.
MAX_DEPTH = 32
YAML_SUFFIXES = (".yaml", ".yml")
TOP_LEVEL_FILES = {"briefing": "briefing.yaml", "ratings": "ratings.yaml"}
FOLDERS = {"source": "sources", "claim": "claims"}

try:  # LibYAML ships in PyYAML's wheels; a source build without it would crawl.
    _LOADER = yaml.CSafeLoader
except AttributeError as missing:  # pragma: no cover - depends on the PyYAML build
    raise ImportError("PyYAML was built without LibYAML; reinstall it from a wheel (make setup)") from missing


@dataclass(frozen=True)
class ContentName:
    """Which content file: what the checks across files need of it."""

    path: str  # relative to the briefing root, with forward slashes
    kind: str  # "briefing", "ratings", "source" or "claim"
    stem: str  # the file name without its suffix: the id of a source or claim


@dataclass(frozen=True)
class ContentFile(ContentName):
    """One content file, composed into YAML nodes."""

    node: yaml.MappingNode
    text: str  # the source, to point at a place inside a multi-line value

    @property
    def name(self) -> ContentName:
        """The file without its nodes and text (a claim's nodes take about 30 KB)."""
        return ContentName(self.path, self.kind, self.stem)


@dataclass(frozen=True)
class ContentListing:
    """The content files to read, found before any is read."""

    root: Path
    found: tuple[tuple[Path, str], ...]  # each file and its kind, in the order they are read
    #: the id of every source and claim file found, readable or not; None for
    #: a folder that is missing or unreadable, whose ids are then unknown
    ids: dict[str, frozenset[str] | None]


@dataclass(frozen=True)
class LoadedContent:
    root: Path
    files: tuple[ContentFile, ...]  # those that parsed into a mapping
    #: the id of every source and claim file found, readable or not; None for
    #: a folder that is missing or unreadable, whose ids are then unknown
    ids: dict[str, frozenset[str] | None]


class FileMemo:
    """The files of the previous load of the same briefing, kept by their bytes.

    `serve` loads the briefing after every edit: a file whose bytes have not
    changed is not decoded and composed again, and its problems are reported
    again as they were. Only the files of the latest load are kept.
    """

    def __init__(self) -> None:
        self._previous: dict[tuple[str, str, bytes], tuple[ContentFile | None, tuple[Problem, ...]]] = {}
        self._current: dict[tuple[str, str, bytes], tuple[ContentFile | None, tuple[Problem, ...]]] = {}
        #: the files read afresh by the latest load: new, or edited since the load before
        self.changed: set[str] = set()

    def start(self) -> None:
        self._previous, self._current = self._current, {}
        self.changed = set()

    def load(self, relative: str, kind: str, data: bytes, problems: Problems, compose) -> ContentFile | None:
        key = (relative, kind, data)
        if key not in self._previous:
            found = Problems()
            self._previous[key] = (compose(found), found.recorded())
            self.changed.add(relative)
        file, reported = self._current[key] = self._previous[key]
        problems.extend(reported)
        return file


def load_content(root: Path, problems: Problems, memo: FileMemo | None = None) -> LoadedContent:
    """Every content file under `root` that parses as a YAML mapping.

    Files that cannot be read or parsed are reported and left out; the
    validator then sees only well-formed mappings. With a `memo`, files
    unchanged since its previous load are taken from it.
    """
    if memo is not None:
        memo.start()
    listing = list_content(root, problems)
    return LoadedContent(root, tuple(compose_content(listing, problems, memo)), listing.ids)


def list_content(root: Path, problems: Problems) -> ContentListing:
    """The content files under `root`, by kind; missing, misplaced and stray files reported."""
    found: list[tuple[Path, str]] = []
    ids: dict[str, frozenset[str] | None] = {}
    for kind, name in TOP_LEVEL_FILES.items():
        path = _top_level_path(root, name, problems)
        if path is not None:
            found.append((path, kind))
    for kind, folder in FOLDERS.items():
        paths = _content_files(root, folder, problems)
        ids[kind] = None if paths is None else frozenset(path.name.rsplit(".", 1)[0] for path in paths)
        found += [(path, kind) for path in paths or ()]
    _report_stray_top_level_yaml(root, problems)
    return ContentListing(root, tuple(found), ids)


def compose_content(listing: ContentListing, problems: Problems, memo: FileMemo | None = None) -> Iterator[ContentFile]:
    """Each listed file that parses as a YAML mapping, composed as it is reached.

    One at a time: a caller that checks each file and keeps only what the
    check found holds one file's nodes at a time (at 10,000 claims, all of
    them took 300 MB).
    """
    for path, kind in listing.found:
        loaded = _load_file(listing.root, path, kind, problems, memo)
        if loaded:
            yield loaded


def _top_level_path(root: Path, name: str, problems: Problems) -> Path | None:
    path = root / name
    if path.exists() or path.is_symlink():
        return path
    other = path.with_suffix(".yml")
    if other.is_file():
        problems.error(other.name, 0, 0, f"the file must be named {name}", f"rename {other.name} to {name}")
    else:
        problems.error(name, 0, 0, f"{name} is missing", f"create {name} at the top of the briefing")
    return None


def _content_files(root: Path, folder: str, problems: Problems) -> list[Path] | None:
    """The YAML files of a folder, sorted; anything else in it is reported. None: no folder to read."""
    directory = root / folder
    if not directory.is_dir():
        if directory.exists():
            problems.error(folder, 0, 0, f"{folder} must be a folder", f"move it away and create the folder {folder}/")
        else:
            problems.error(f"{folder}/", 0, 0, f"the folder {folder}/ is missing", f"create {folder}/")
        return None
    if not _inside(root, directory):
        problems.error(
            f"{folder}/", 0, 0, f"the folder {folder}/ is a link to a folder outside the briefing", "copy the files in instead"
        )
        return None
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as error:
        problems.error(f"{folder}/", 0, 0, f"cannot list the folder: {error.strerror}", "check its permissions")
        return None
    found = []
    for entry in entries:
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
        if path.name in TOP_LEVEL_FILES.values() or path.suffix not in YAML_SUFFIXES:
            continue
        used = path.with_suffix(".yaml")
        if used.name in TOP_LEVEL_FILES.values():
            if used.exists():  # otherwise reported as a misnamed top-level file
                problems.warning(
                    path.name,
                    0,
                    0,
                    f"this file is ignored: {used.name} is used",
                    f"merge it into {used.name} and delete it",
                )
            continue
        problems.warning(
            path.name,
            0,
            0,
            "this file is not part of the content format and is ignored",
            "claims go in claims/, sources in sources/",
        )


def _load_file(root: Path, path: Path, kind: str, problems: Problems, memo: FileMemo | None) -> ContentFile | None:
    relative = path.relative_to(root).as_posix()
    data = _read_bytes(root, path, relative, problems)
    if data is None:
        return None
    if memo is not None:
        return memo.load(relative, kind, data, problems, lambda found: _compose_file(path, relative, kind, data, found))
    return _compose_file(path, relative, kind, data, problems)


def _compose_file(path: Path, relative: str, kind: str, data: bytes, problems: Problems) -> ContentFile | None:
    text = _decode(data, relative, problems)
    if text is None:
        return None
    node = compose_mapping(text, relative, problems)
    if node is None:
        return None
    stem = path.name.rsplit(".", 1)[0]
    return ContentFile(relative, kind, stem, node, text)


def _read_bytes(root: Path, path: Path, relative: str, problems: Problems) -> bytes | None:
    try:
        status = path.stat()
        # A symbolic link, to the file or to a folder on its way, could make the
        # build read, and publish, any file on the machine. The folders were
        # checked (`_content_files`): only a link needs following.
        if path.is_symlink() and not _inside(root, path):
            problems.error(
                relative, 0, 0, "this file is a link to a file outside the briefing", "copy the file in instead"
            )
            return None
        if stat.S_ISDIR(status.st_mode):
            problems.error(
                relative, 0, 0, "this is a folder, not a file", f"move it away and create the file {relative}"
            )
            return None
        if not stat.S_ISREG(status.st_mode):  # a pipe or a device could block the build forever
            problems.error(relative, 0, 0, "this is not a regular file", "replace it with a plain text file")
            return None
        size = status.st_size
        if size > MAX_FILE_BYTES:
            problems.error(
                relative,
                0,
                0,
                f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                "check that this is the right file",
            )
            return None
        return path.read_bytes()
    except OSError as error:
        if path.is_symlink() and not path.exists():
            problems.error(relative, 0, 0, "this is a link to a file that does not exist", "fix the link or delete it")
        else:
            problems.error(
                relative, 0, 0, f"cannot read the file: {error.strerror}", "check that it is a readable file"
            )
        return None


def _inside(root: Path, path: Path) -> bool:
    """Whether `path`, every symbolic link on the way followed, is inside `root`."""
    return path.resolve().is_relative_to(root.resolve())


def _decode(data: bytes, relative: str, problems: Problems) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            problems.error(relative, 1, 1, "the file is saved as UTF-16", "save it as UTF-8")
            return None
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.error(
            relative, line, col, f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})", "save it as UTF-8"
        )
        return None


def compose_mapping(text: str, relative: str, problems: Problems) -> yaml.MappingNode | None:
    """The file's single document as a mapping node, or None after reporting why not."""
    if not _free_of_line_separators(text, relative, problems):
        return None
    try:
        if not _events_are_sound(text, relative, problems):
            return None
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        _report_syntax_error(error, text, relative, problems)
        return None
    except yaml.reader.ReaderError as error:
        _report_unreadable_character(error, text, relative, problems)
        return None
    if node is None or _is_empty_scalar(node):
        problems.error(relative, 1, 1, "the file is empty", "fill it in, or delete it")
        return None
    if not isinstance(node, yaml.MappingNode):
        line, col = position(node)
        problems.error(
            relative, line, col, "the top level must be a mapping of keys to values", "write `key: value` lines"
        )
        return None
    if not _keys_are_sound(node, relative, problems):
        return None
    return node


# YAML reads these as line breaks, though editors show none: line numbers
# would no longer match the editor's, and the text would be changed.
_INVISIBLE_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _free_of_line_separators(text: str, relative: str, problems: Problems) -> bool:
    found = _INVISIBLE_LINE_BREAKS.search(text)
    if found is None:
        return True
    line, col = line_and_column(text, found.start())
    problems.error(
        relative,
        line,
        col,
        f"the invisible line separator U+{ord(found.group()):04X} is not allowed (YAML would read it as a line break)",
        "delete it, or replace it with a space or a real line break",
    )
    return False


def _report_unreadable_character(error: yaml.reader.ReaderError, text: str, relative: str, problems: Problems) -> None:
    # LibYAML gives the offset in UTF-8 bytes; count the characters before it.
    index = len(text.encode("utf-8")[: error.position].decode("utf-8", "ignore"))
    line, col = line_and_column(text, index)
    character = error.character if isinstance(error.character, int) else ord(text[index : index + 1] or " ")
    problems.error(
        relative,
        line,
        col,
        f"the character U+{character:04X} is not allowed in YAML",
        "delete it; it is usually invisible",
    )


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of text[index], counting line breaks as YAML does."""
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - line_start + 1


def _is_empty_scalar(node: yaml.Node) -> bool:
    """A document holding nothing but '---' or comments."""
    return isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def _events_are_sound(text: str, relative: str, problems: Problems) -> bool:
    """Reject what must never be composed, reading the file as a stream of events.

    Anchors and aliases: refusing them outright is what keeps a "billion
    laughs" file from expanding. Tags: refusing them keeps `!!python/...`
    inert. A second document, and nesting deeper than MAX_DEPTH, are refused
    here too, at the first event that shows them, before the rest is read.
    """
    depth = documents = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        problem = _event_problem(event)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problem = ("a second YAML document starts here", "one file holds one document: remove the '---'")
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH and not problem:
                problem = (f"values are nested more than {MAX_DEPTH} levels deep", "check the brackets and indentation")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if problem:
            problems.error(relative, line, col, *problem)
            return False
    return True


def _event_problem(event: yaml.Event) -> tuple[str, str] | None:
    if isinstance(event, yaml.AliasEvent):
        return f"alias '*{event.anchor}' is not allowed", "write the value out in full"
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        return f"anchor '&{anchor}' is not allowed", "remove the anchor"
    tag = getattr(event, "tag", None)
    if tag is not None:
        short = tag.replace("tag:yaml.org,2002:", "!!", 1)  # as it was written: !!str, !!python/...
        return f"tag '{short}' is not allowed", "remove it; quote the value if it is text"
    return None


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


_INDENTATION = "check the indentation of this line against the lines above"
_SYNTAX_HINTS = (
    ("could not find expected ':'", "check this line's indentation and that each key ends with ':'"),
    ("expected <block end>", _INDENTATION),
    ("did not find expected key", _INDENTATION),
    ("did not find expected '-' indicator", _INDENTATION),
    (
        "found unknown escape character",
        "in double quotes a backslash starts an escape: write \\\\, or use single quotes",
    ),
    ("expected hexdecimal number", "in double quotes a backslash starts an escape: write \\\\, or use single quotes"),
    ("found invalid Unicode character escape code", "remove the \\u escape; write the character itself"),
    ("found character that cannot start any token", "remove the character or quote the value"),
    (
        "did not find expected <document start>",
        "one file holds one document: remove the '...' line and what follows it",
    ),
)
# `key: value` (or `- key: value`) on one line, to show how to quote the value
_KEY_VALUE = re.compile(r"(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:#'\"][^:#]*?):\s+(?P<value>\S.*?)\s*$")


def _report_syntax_error(error: yaml.MarkedYAMLError, text: str, relative: str, problems: Problems) -> None:
    """Say what went wrong in an author's words, pointing where the fix belongs."""
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or "invalid YAML").strip()
    context = (error.context or "").strip()
    source_line = _line_at(text, mark)
    opened = error.context_mark
    if _is_tab(source_line):
        problems.error(
            relative, line, col, "a tab is used for indentation", "indent with spaces; YAML does not allow tabs"
        )
    elif "end of stream" in problem and "quoted scalar" in context and opened:
        where = (opened.line + 1, opened.column + 1)
        problems.error(relative, *where, "this quote is never closed", "close it at the end of the value")
    elif problem.startswith("did not find expected ',' or") and "flow" in context and opened:
        bracket = "[" if "sequence" in context else "{"
        problems.error(
            relative,
            opened.line + 1,
            opened.column + 1,
            f"the '{bracket}' here is never closed",
            f"close it with '{']' if bracket == '[' else '}'}'; if the value is text, put it all in quotes",
        )
    elif "mapping values are not allowed" in problem:
        _report_misplaced_colon(source_line, mark, relative, problems)
    else:
        hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem), "")
        if hint in ("", _INDENTATION):  # text such as `[Draft] Title` is read as a list that goes wrong
            hint = _quoting_hint(source_line) or hint or "fix the YAML syntax"
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
        problems.error(relative, line, col, message, hint)


def _report_misplaced_colon(source_line: str, mark: yaml.Mark, relative: str, problems: Problems) -> None:
    """': ' where YAML cannot start a key: inside a value, or on a line indented too far."""
    line, col = mark.line + 1, mark.column + 1
    if ":" in source_line[: mark.column]:
        problems.error(
            relative,
            line,
            col,
            "a value contains ': ', which YAML reads as a new key",
            _quoting_hint(source_line) or "put the value in quotes",
        )
    else:
        problems.error(
            relative,
            line,
            col,
            "this line is indented further than the key above it, so YAML reads it as part of that value",
            "line it up with the keys above",
        )


def _quoting_hint(source_line: str) -> str:
    """'put the whole value in quotes: title: "…"' for a `key: value` line, or ""."""
    match = _KEY_VALUE.fullmatch(source_line)
    if not match or match["value"][0] not in "[{\"'" and ": " not in match["value"]:
        return ""
    value = match["value"].replace("'", "''")
    return f"if the value is text, put all of it in quotes: {match['key']}: '{value}'"


def _line_at(text: str, mark: yaml.Mark | None) -> str:
    lines = text.splitlines()
    return lines[mark.line] if mark is not None and mark.line < len(lines) else ""


def _is_tab(source_line: str) -> bool:
    return "\t" in re.match(r"[ \t]*", source_line).group()
