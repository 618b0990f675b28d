"""Search in chunks for a large briefing: Pagefind's index behind the theme's search box.

Material's search downloads its whole index (search/search_index.json)
when a page with the search box loads: about 0.5 MB gzip for 1,000
claims, so a phone would fetch 5 MB at 10,000. Pagefind splits its index into chunks by word
and fetches only the chunks a query needs and the excerpts it shows
(docs/performance.md, "Search at scale").

Its records are Material's own search entries, as the search plugin wrote
them: the same pages, titles ("verdict: claim") and text, so that what can
be found is declared once, by the pages and the plugin. Material's file is
removed afterwards: nothing reads it.

Pagefind's process holds about 85 MB per MB of text while it writes an
index (1.5 GB at 10,000 claims), beside the build's own memory. So the
records are split into parts of at most `PART_TEXT` characters, each
indexed by a process of its own, one after the other; the first part is the
bundle the page loads, the others are listed in `parts.json` and merged
into its searches (Pagefind's `mergeIndex`), each one's words fetched
alongside. The claims' and sources' entries are made from the model and
known before MkDocs writes the pages: their parts are made meanwhile
(`Early`), on the core MkDocs leaves idle; the rest after MkDocs.

Pagefind is a Rust binary (the `pagefind-bin` wheel from PyPI) spoken to
over its service protocol (base64 JSON messages separated by commas on
stdin and stdout). The `pagefind` package's Python client polls for each
answer every 0.1 s, 200 s for 2,000 records, so this module speaks the
protocol itself and does not depend on it.
"""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import gc
import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path

from pagefind_bin import get_executable

from .boundary import BuildFailed

#: from this many claims on, `auto` chooses Pagefind: Material's index would be 1.6 MB gzip (0.53 KB a claim)
PAGEFIND_FROM_CLAIMS = 3000
#: the setting's values (mkdocs.yml `extra.search`, BRIEFING_SEARCH)
CHOICES = ("auto", "material", "pagefind")
#: where the bundle goes in the site, and where Material's index is
BUNDLE = "pagefind"
MATERIAL_INDEX = "search/search_index.json"
#: the most text (characters) one part of the index holds: its Pagefind process peaked at 250 MiB
PART_TEXT = 2_000_000
#: in the bundle, the list of the other parts' folders (relative to it), for the page to merge
PARTS = "parts.json"
#: the bundle's own search interfaces, which the site does not use (ours is the theme's box)
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")  # fmt: skip
#: what only the first part needs: the page loads Pagefind from it, and its worker
_LOADER = ("pagefind.js", "pagefind-worker.js")


def chosen(setting: str, claims: int, *, offline: bool, preview: bool) -> bool:
    """Whether a build uses Pagefind: never offline (file:// cannot fetch chunks) or in the preview."""
    if setting not in CHOICES:
        raise ValueError(f"extra.search in mkdocs.yml is {setting!r}; use one of: {', '.join(CHOICES)}")
    if offline or preview or setting == "material":
        return False
    return setting == "pagefind" or claims >= PAGEFIND_FROM_CLAIMS


def index_site(folder: Path, early: Early) -> float:
    """Finish Pagefind's index of the site MkDocs wrote into `folder`, in folder/pagefind/; the seconds it took.

    The parts `early` made while MkDocs built the pages stay; the rest of
    Material's entries are indexed after them.
    """
    start = time.perf_counter()
    done = early.finish()
    _return_freed_memory()
    material = folder / MATERIAL_INDEX
    docs = json.loads(material.read_text(encoding="utf-8"))["docs"]
    records = [record for record in _records(docs, early.language) if record["url"] not in early.urls]
    del docs
    parts = split(records, early.part_text) if records or not done else []
    bundle = folder / BUNDLE
    folders = done + _index_parts(parts, bundle, first=len(done) + 1)
    (bundle / PARTS).write_text(json.dumps(folders[1:]), encoding="utf-8")
    material.unlink()
    if not any(material.parent.iterdir()):
        material.parent.rmdir()
    return time.perf_counter() - start + early.seconds


def _index_parts(parts: list[list[dict]], bundle: Path, first: int, stop: threading.Event | None = None) -> list[str]:
    """Index each part into its folder of `bundle`, numbered from `first` ("" for the first, the bundle itself)."""
    folders = []
    for number, records in enumerate(parts, start=first):
        if stop is not None and stop.is_set():
            break
        name = f"part-{number}/" if number > 1 else ""
        _index_part(records, bundle / name)
        for unused in _UNUSED + (_LOADER if name else ()):
            (bundle / name / unused).unlink(missing_ok=True)
        folders.append(name)
    return folders


class Early:
    """The index's first parts, made while MkDocs builds: of pages whose search entries are known before (claims, sources).

    A thread gives their records to Pagefind's processes, one part after the
    other, and they run on a core MkDocs leaves idle. `finish` waits for
    them; `cancel`, after a failed build, waits only for the part being made.
    `index_site` indexes the rest, in the same language and parts as large.
    """

    def __init__(self, entries: Iterable[tuple[str, str, str]], bundle: Path, language: str, part_text: int) -> None:
        """`entries`: (address in the site, title, text) of each search entry, as Material's index holds them."""
        records = list(_records(({"location": url, "title": title, "text": text} for url, title, text in entries), language))
        self.urls = frozenset(record["url"] for record in records)
        self.language, self.part_text = language, part_text
        self.seconds = 0.0
        self._folders: list[str] = []
        self._error: Exception | None = None
        self._stop = threading.Event()
        shutil.rmtree(bundle, ignore_errors=True)
        parts = split(records, part_text) if records else []
        self._thread = threading.Thread(target=self._run, args=(parts, bundle), name="pagefind", daemon=True)
        self._thread.start()

    def _run(self, parts: list[list[dict]], bundle: Path) -> None:
        started = time.perf_counter()
        try:
            self._folders = _index_parts(parts, bundle, first=1, stop=self._stop)
        except Exception as error:  # noqa: BLE001 - raised again by `finish`, in the build's thread
            self._error = error
        self.seconds = time.perf_counter() - started

    def finish(self) -> list[str]:
        """The folders of the parts made (the first is ""), once all are; BuildFailed if one could not be."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._folders

    def cancel(self) -> None:
        self._stop.set()
        self._thread.join()


def _return_freed_memory() -> None:
    """Give back to the system what MkDocs freed, before Pagefind's processes start beside this one.

    glibc keeps a freed heap for the process's next allocations: at 10,000
    claims about a third of the build's peak.
    """
    gc.collect()
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:  # glibc's; other C libraries keep their own ways
        trim(0)


def split(records: list[dict], part_text: int) -> list[list[dict]]:
    """The records in order, in parts of at most `part_text` characters of content (a longer record alone)."""
    parts: list[list[dict]] = [[]]
    size = 0
    for record in records:
        length = len(record["content"])
        if parts[-1] and size + length > part_text:
            parts.append([])
            size = 0
        parts[-1].append(record)
        size += length
    return parts


def _index_part(records: list[dict], folder: Path) -> None:
    """Index `records` into `folder`, checking that Pagefind wrote an entry file counting them all.

    Once, on a loaded machine, a part's entry file was left empty (tests/test_pagefind.py);
    the part is then indexed once more, and a build never publishes such an index.
    """
    for _ in range(2):
        _run_service(records, folder)
        if indexed_pages(folder) == len(records):
            return
    raise BuildFailed(f"Pagefind wrote an incomplete search index into {folder} twice: build again, or set extra.search: material")


def indexed_pages(folder: Path) -> int | None:
    """How many pages the Pagefind bundle in `folder` says it holds; None if its entry file is missing or unreadable."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _records(docs: Iterable[Mapping], language: str) -> Iterator[dict]:
    """Pagefind records from Material's entries: text without markup, the address as the site gives it."""
    for doc in docs:
        yield {
            "type": "AddRecord",
            "url": "/" + doc["location"],
            "content": plain_text(doc["text"]),
            "language": language,
            "meta": {"title": plain_text(doc["title"])},
        }


def _run_service(records: Iterable[dict], bundle: Path) -> None:
    """Start `pagefind --service`, add the records to a new index and write it to `bundle`; the process ends."""
    executable = get_executable()
    if executable is None:
        raise BuildFailed("the pagefind binary is missing: pip install 'pagefind[bin]' (requirements.lock has it)")
    with subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE) as process:
        service = _Service(process)
        index = service.ask({"type": "NewIndex", "config": None})["index_id"]
        service.ask_all({**record, "index_id": index} for record in records)
        service.ask({"type": "WriteFiles", "index_id": index, "output_path": str(bundle)})
        process.stdin.close()  # type: ignore[union-attr]
    if process.returncode != 0:
        raise BuildFailed(f"Pagefind's process ended with status {process.returncode} while writing {bundle}")


class _Service:
    """Pagefind's service protocol: each request has a number, each answer names the request's."""

    def __init__(self, process: subprocess.Popen) -> None:
        self._process = process
        self._number = 0

    def ask(self, payload: dict) -> dict:
        return self.ask_all([payload])[-1]

    def ask_all(self, payloads: Iterable[dict]) -> list[dict]:
        """Send every request while a thread reads the answers (a full pipe would stop both sides)."""
        messages = [self._message(payload) for payload in payloads]
        answers: list[dict] = []
        reader = threading.Thread(target=self._read, args=(len(messages), answers))
        reader.start()
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.writelines(messages)
            stdin.flush()
        finally:
            reader.join()
        if len(answers) < len(messages):
            raise BuildFailed("Pagefind stopped before it answered: is there room on the disk?")
        failed = [answer for answer in answers if answer.get("type") == "Error"]
        if failed:
            raise BuildFailed(f"Pagefind could not index the site: {failed[0].get('message')}")
        return answers

    def _message(self, payload: dict) -> bytes:
        self._number += 1
        return base64.b64encode(json.dumps({"message_id": self._number, "payload": payload}).encode()) + b","

    def _read(self, expected: int, answers: list[dict]) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        buffer = b""
        while len(answers) < expected:
            chunk = stdout.read1(65536)  # type: ignore[attr-defined]
            if not chunk:
                return
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            answers.extend(json.loads(base64.b64decode(message))["payload"] for message in messages if message)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.parts.append(" ")  # "</p><p>" is a word boundary


def plain_text(markup: str) -> str:
    """The text of an entry's HTML, one space between words."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.parts).split())
