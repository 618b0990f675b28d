"""`serve`: a live preview that shows an edited claim within a second or two.

A full build of a large briefing takes minutes (MkDocs spends some 20 ms on
each page), so after the first build the preview updates the site page by
page. What happens when a watched file changes:

1. The briefing is checked again; only the files whose bytes changed are
   parsed and validated again (`CheckCache`). Errors are reported, and the
   last good site stays up.
2. After a change to a template, a static file or mkdocs.yml (and for the
   first build), the whole site is built and swapped in, as `build` does.
3. Otherwise the pages of the edited claim and source files are rendered and
   built first, alone (MkDocs' work does not grow with the briefing), and
   moved into the served site: the browser reloads and shows the edit.
4. Then, in the background, every page is rendered again and compared with
   what the served site was built from. The pages that differ (the lists of
   claims, the claimant's, topics' and sources' pages, related claims, the
   printable page) and the data files are built, smallest first, and moved
   in; pages of deleted claims are removed. Browsers reload when it is done.
   This runs in a forked process: a new edit kills it at once, whatever it
   is doing (the printable page alone keeps MkDocs busy for seconds), and
   starts again from step 1.

Every update is built by MkDocs (a "dirty" build, which writes only the
pages marked as changed) into a staging folder, then moved into the served
site file by file, each move a rename: a failed update changes nothing, and
no page is ever served half-written. The result is the site a full build
gives (tests/test_preview.py compares them byte for byte).
"""

from __future__ import annotations

import multiprocessing
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from .addresses import claim_page, claimant_page, list_page, page_url, topic_page, verdict_page
from .briefing_index import BriefingIndex
from .paging import PageSizes
from .beside import keep_out_of_the_collector
from .boundary import BuildFailed, BuildRequest, BuiltSite, Caches, project_files
from .exports import GeneratedFile, export_files
from .model import Briefing
from .pipeline import CheckCache, check_content
from .problems import format_report
from .i18n import translator
from .render import NAV, Page, RenderedSite, navigation, render_pages, render_site
from .site import build, serve_folder
from .site_dir import new_sibling
#: how much Markdown the background work gives MkDocs at once: it can stop between two batches
BATCH_BYTES = 2_000_000


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- updating a built site ----------------------------------------------------------


@dataclass
class StagedUpdate:
    """Pages and data files built by MkDocs into `folder`, ready to be moved into the site."""

    folder: Path
    pages: tuple[Page, ...]
    files: tuple[GeneratedFile, ...]
    removed: tuple[str, ...]  # pages of the site that no longer exist
    search: dict[str, list[dict]]  # the search index's entries for `pages`

    def move_into(self, site_dir: Path) -> None:
        """Move every file that changed into `site_dir`, one rename each, and delete removed pages."""
        for staged in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            target = site_dir / staged.relative_to(self.folder)
            if target.is_file() and target.stat().st_size == staged.stat().st_size:
                if target.read_bytes() == staged.read_bytes():
                    continue  # the theme's files, the 404 page ...
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.replace(target)
        for path in self.removed:
            _remove_page(site_dir, path)
        self.discard()

    def move_pages_into(self, site_dir: Path) -> None:
        """Move only the HTML files of the pages built into `site_dir`, one rename each."""
        for page in self.pages:
            html = Path(page_url(page.path)) / "index.html"
            (site_dir / html).parent.mkdir(parents=True, exist_ok=True)
            (self.folder / html).replace(site_dir / html)
        self.discard()

    def record(self, built: BuiltSite) -> None:
        """Note in `built` what the site now holds."""
        for path in self.removed:
            built.pages.pop(path, None)
            built.search.pop(path, None)
        built.pages.update((page.path, page) for page in self.pages)
        built.files.update((data.path, data.content) for data in self.files)
        built.search.update(self.search)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def stage_update(
    folder: Path,
    content: Path,
    briefing: Briefing,
    rendered: RenderedSite,
    only: Collection[str],
    built: BuiltSite,
    site_url: str,
    templates: Path | None = None,
    caches: Caches | None = None,
) -> StagedUpdate:
    """Build the pages and data files named in `only` into the empty `folder`, as they are in `rendered`.

    `rendered` holds every page of the site as it is to be; `built` says what
    the site was built from. MkDocs sees all the pages (links are checked
    against them) and builds only those in `only`, then writes the site-wide
    files again: the search index (the other pages' entries are taken from
    `built`), the sitemap and the 404 page. Raises BuildFailed, leaving
    nothing behind.
    """
    request = BuildRequest(
        content, folder, briefing, site_url, templates, pages=frozenset(only), rendered=rendered,
        previous=built, preview=True, record=True, caches=caches,
    )  # fmt: skip
    try:
        result = build(request)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    assert result.built is not None
    paths = {page.path for page in rendered.pages}
    return StagedUpdate(
        folder,
        tuple(result.built.pages.values()),
        tuple(data for data in rendered.files if data.path in only),
        tuple(sorted(path for path in built.pages if path not in paths)),
        result.built.search,
    )


def _remove_page(site_dir: Path, path: str) -> None:
    """Delete a page's HTML file, and its folder when that is left empty."""
    page = site_dir / page_url(path) / "index.html"
    page.unlink(missing_ok=True)
    folder = page.parent
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# -- the preview ---------------------------------------------------------------------


class Preview:
    """The served site, and how it is brought up to date after each change."""

    def __init__(self, content: Path, served: Path, site_url: str, templates: Path | None = None) -> None:
        self.content = content
        self.served = served  # the site folder the server serves
        self.site_url = site_url
        #: site_templates/: pages/ is rendered, all of it is watched
        self.templates = templates or project_files().templates
        self.cache = CheckCache()
        #: kept from one rebuild to the next: compiled templates, the HTML of Markdown texts
        self.caches = Caches()
        self.built = BuiltSite()  # what `served` was built from; empty: build it all
        self.on_complete: Callable[[], None] = lambda: None  # called when background work finishes
        self._templates: tuple | None = None
        self._lock = threading.Lock()  # held while files move into `served` and `built` changes
        self._generation = 0  # counts changes; background work for an older one is discarded
        self._background: _Background | None = None
        self._complete = False

    # -- the builder the server calls -----------------------------------------------

    def rebuild(self) -> None:
        """Bring the served site up to date with the content; report, and keep the last good site, on failure."""
        self.stop()
        started = time.perf_counter()
        result = check_content(self.content, self.cache, self.caches.render.html)
        templates = _stamp(self.templates, project_files().config)
        if self._complete and self.built.pages and not self.cache.changed and templates == self._templates:
            return  # nothing changed since the site was completed: the reload after background work
        if result.problems:
            say(format_report(result.problems))
        if result.briefing is None:
            say("The content has errors: still serving the last good site.")
            return
        try:
            if not self.built.pages or templates != self._templates:
                pages = self.templates / "pages"
                rendered = render_site(result.briefing, pages, self.site_url, caches=self.caches.render)
                request = BuildRequest(
                    self.content, self.served, result.briefing, self.site_url, pages, rendered=rendered,
                    preview=True, record=True, caches=self.caches,
                )  # fmt: skip
                built = build(request).built
                assert built is not None
                self.built = built
                keep_out_of_the_collector()  # kept until the next full build: updates were slowed by the collector
                self._templates, self._complete = templates, True
                say(f"Site rebuilt: {self.site_url}")
                return
            self._update_edited_pages(result.briefing, started)
        except BuildFailed as failure:
            say(f"The site could not be built: still serving the last good site.\n{failure}")
            return
        except Exception:  # noqa: BLE001 - a bug: show it in full, and keep serving
            # An exception escaping this function would leave MkDocs' server waiting for a
            # successful build before it answers any request: the preview would hang.
            traceback.print_exc()
            say("The build failed (a bug, above): still serving the last good site.")
            self.built = BuiltSite()  # the next change builds the whole site again
            return
        self._complete = False
        edited = _own_pages(result.briefing, self.cache.changed)
        self._background = _Background.start(self, result.briefing, _neighbours(result.briefing, edited))

    def _update_edited_pages(self, briefing: Briefing, started: float) -> None:
        """A preview of the pages of the claim and source files that changed, built alone and moved in.

        MkDocs sees only these pages and the navigation's (which must exist),
        so its work does not grow with the briefing; only the pages' own HTML
        is moved in (the sitemap and search index of so small a site would be
        wrong). The background work builds them again with the whole site,
        exactly as a full build would.
        """
        first = _own_pages(briefing, self.cache.changed)
        if not first:
            return
        fresh = render_site(briefing, self.templates / "pages", self.site_url, first, self.caches.render)
        navigation = [self.built.pages[entry.path] for entry in NAV if entry.path not in first]
        rendered = RenderedSite((*navigation, *fresh.pages), fresh.nav)
        folder = new_sibling(self.served, "preview")
        staged = stage_update(
            folder, self.content, briefing, rendered, first, BuiltSite(), self.site_url, self.templates / "pages", self.caches
        )
        with self._lock:
            staged.move_pages_into(self.served)
        shown = ", ".join(page_url(path) for path in sorted(first))
        say(f"Rebuilt {shown} in {time.perf_counter() - started:.1f} s; updating the other pages in the background")

    def stop(self) -> None:
        """Stop background work, whatever it is doing, and wait until it has."""
        with self._lock:
            self._generation += 1  # its results are stale from now on
        if self._background is not None:
            self._background.stop()
            self._background = None

    def wait(self) -> None:
        """Until the background work is done (for tests)."""
        if self._background is not None:
            self._background.join()

    # -- what the background work reports ------------------------------------------------

    def _receive(self, generation: int, message: tuple) -> None:
        kind, value = message
        with self._lock:
            if generation != self._generation:
                if kind in ("batch", "pages"):
                    value.discard()
                return
            if kind == "pages":
                value.move_pages_into(self.served)
                return
            if kind == "batch":
                value.move_into(self.served)
                value.record(self.built)
                return
            if kind == "done":
                self._complete = True
            else:
                self.built = BuiltSite()  # something went wrong: the next change builds the whole site
        if kind == "done":
            say(f"Site rebuilt: {self.site_url} ({value} pages updated)")
            self.on_complete()
        else:
            say(f"{value}\nUpdating the site failed: some pages may be out of date until the next change.")


class _Background:
    """Bringing the rest of the site up to date: render every page, build those that changed.

    It runs in a child process (forked, so it shares the parent's state as it
    was) that can be killed at once when a newer edit makes its work stale:
    a single large page (the printable page holds every claim) keeps MkDocs
    busy for seconds, and a thread could not be stopped in the middle of it.
    The child builds each batch of pages into its own folder and sends it to
    the parent, which moves it into the served site. Where processes cannot
    be forked, a thread does the same work and stops between pages.
    """

    def __init__(self, work: Path, process, receiver: threading.Thread, stale: Callable[[], bool]) -> None:
        self.work = work
        self.process = process
        self.receiver = receiver
        self.stale = stale

    @classmethod
    def start(cls, preview: Preview, briefing: Briefing, first: Collection[str] = ()) -> _Background:
        generation = preview._generation
        work = new_sibling(preview.served, "background")
        snapshot = BuiltSite(dict(preview.built.pages), dict(preview.built.files), dict(preview.built.search))

        def stale() -> bool:
            return generation != preview._generation

        def job(send: Callable[[tuple], None], stop: Callable[[], bool]) -> None:
            _update_the_rest(preview, briefing, snapshot, work, send, stop, first)

        if "fork" not in multiprocessing.get_all_start_methods():
            receiver = threading.Thread(target=job, args=(lambda m: preview._receive(generation, m), stale), daemon=True)
            background = cls(work, None, receiver, stale)
        else:
            reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
            process = multiprocessing.get_context("fork").Process(
                target=_in_child, args=(job, writer), name="briefing-background", daemon=True
            )
            process.start()  # forked here, while the server holds every request until the rebuild returns
            writer.close()
            receiver = threading.Thread(target=_relay, args=(reader, preview, generation), daemon=True)
            background = cls(work, process, receiver, stale)
        receiver.start()
        return background

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
        self.join()

    def join(self) -> None:
        self.receiver.join()
        if self.process is not None:
            self.process.join()
        shutil.rmtree(self.work, ignore_errors=True)


def _in_child(job: Callable, writer) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops this
    job(writer.send, lambda: False)
    writer.close()


def _relay(reader, preview: Preview, generation: int) -> None:
    """Hand each message of the child to the preview, until the child is done or gone."""
    while True:
        try:
            message = reader.recv()
        except (EOFError, OSError):
            return  # killed, or finished
        preview._receive(generation, message)
        if message[0] not in ("batch", "pages"):
            return


def _update_the_rest(
    preview: Preview,
    briefing: Briefing,
    built: BuiltSite,
    work: Path,
    send: Callable[[tuple], None],
    stale: Callable[[], bool],
    first: Collection[str] = (),
) -> None:
    """Build the pages `first` that differ from `built`; then render every page, compare, and build
    what differs in batches (smallest pages first)."""
    try:
        nav = navigation(translator(briefing.language))
        if first:  # the edited claims' claimants, topics, verdicts and sources: shown before the rest is rendered
            # built alone with the navigation's pages, as the edited pages are, and only their HTML
            # moved in; the batches below build them again with the whole site (search index, sitemap)
            fresh = render_pages(briefing, preview.templates / "pages", preview.site_url, first, preview.caches.render)
            near = [page for page in fresh if built.pages.get(page.path) != page]
            if near and not stale():
                shown = {page.path for page in near}
                navigation_pages = [built.pages[e.path] for e in NAV if e.path in built.pages and e.path not in shown]
                folder = work / "first"
                folder.mkdir()
                staged = stage_update(
                    folder, preview.content, briefing, RenderedSite((*navigation_pages, *near), nav), shown,
                    BuiltSite(), preview.site_url, preview.templates / "pages", preview.caches,
                )  # fmt: skip
                send(("pages", staged))
        pages = []
        for page in render_pages(briefing, preview.templates / "pages", preview.site_url, caches=preview.caches.render):
            if stale():
                return
            pages.append(page)
        rendered = RenderedSite(tuple(pages), nav, export_files(briefing, preview.site_url))
        changed = [page for page in rendered.pages if built.pages.get(page.path) != page]
        files = [data.path for data in rendered.files if built.files.get(data.path) != data.content]
        removed = set(built.pages) - {page.path for page in rendered.pages}
        batches = _batches(changed)
        if files or removed:
            batches = [[*(batches[0] if batches else []), *files], *batches[1:]]
        for number, batch in enumerate(batches):
            if stale():
                return
            folder = work / str(number)
            folder.mkdir()
            staged = stage_update(
                folder, preview.content, briefing, rendered, batch, built, preview.site_url,
                preview.templates / "pages", preview.caches,
            )  # fmt: skip
            staged.record(built)  # the next batch's search index includes this one's pages
            send(("batch", staged))
        send(("done", len(changed)))
    except BuildFailed as failure:
        send(("failed", f"The site could not be updated.\n{failure}"))
    except Exception:  # noqa: BLE001 - a bug: report it in full
        send(("failed", traceback.format_exc()))


def _own_pages(briefing: Briefing, changed: Collection[str]) -> frozenset[str]:
    """The pages of the claim and source files in `changed` (paths relative to the briefing)."""
    ids = {"claims": {c.id for c in briefing.claims}, "sources": {s.id for s in briefing.sources}}
    pages = set()
    for path in changed:
        folder, _, name = path.partition("/")
        stem = name.rsplit(".", 1)[0]
        if stem in ids.get(folder, ()):
            pages.add(f"{folder}/{stem}.md")
    return frozenset(pages)


def _neighbours(briefing: Briefing, edited: Collection[str], sizes: PageSizes = PageSizes()) -> frozenset[str]:
    """The pages that list an edited claim page's claim: its claimant's, its topics', its verdict's
    (the numbered page of each list that holds it)."""
    index = BriefingIndex(briefing)
    pages = set()
    for claim in (claim for claim in briefing.claims if claim_page(claim) in edited):
        lists = [
            (claimant_page(claim.claimant), index.claimants.get(claim.claimant.slug, ())),
            *((topic_page(topic), index.topics.get(topic, ())) for topic in claim.topics),
            (verdict_page(claim.verdict.rating), index.by_rating.get(claim.verdict.rating.id, ())),
        ]
        for first, listed in lists:
            position = next((number for number, other in enumerate(listed) if other.id == claim.id), 0)
            pages.add(list_page(first, position // sizes.claims + 1))
    return frozenset(pages)


def _batches(pages: list[Page]) -> list[list[str]]:
    """The changed pages, smallest first, in batches of about BATCH_BYTES of Markdown."""
    batches: list[list[str]] = []
    size = BATCH_BYTES
    for page in sorted(pages, key=lambda p: (len(p.markdown), p.path)):
        if size + len(page.markdown) > BATCH_BYTES and (not batches or batches[-1]):
            batches.append([])
            size = 0
        batches[-1].append(page.path)
        size += len(page.markdown)
    return batches


def _stamp(*roots: Path) -> tuple:
    """Every file under `roots` with its size and modification time: changes when any of them changes."""
    files = sorted(p for root in roots for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file())
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


# -- serving -------------------------------------------------------------------------------


def serve_site(content: Path, host: str, port: int) -> None:
    """Serve the site on host:port and update it whenever a watched file changes.

    A broken change is reported and the last good site keeps being served
    until the content is fixed.
    """
    work = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
    served = work / "site"
    reloads = work / "reload"  # written when background work finishes, so that browsers reload
    reloads.mkdir()
    preview = Preview(content, served, f"http://{host}:{port}/")
    preview.on_complete = lambda: (reloads / "done").write_text(str(time.time_ns()))
    preview.rebuild()
    if not served.exists():  # the first build failed: serve a note until it is fixed
        served.mkdir(parents=True)
        (served / "index.html").write_text(_NO_SITE_YET, encoding="utf-8")
    files = project_files()
    try:
        serve_folder(served, preview.rebuild, (content, files.templates, files.config, reloads), host, int(port))
    finally:
        preview.stop()
        shutil.rmtree(work, ignore_errors=True)


_NO_SITE_YET = """<!doctype html><html lang="en"><meta charset="utf-8"><title>No site yet</title>
<p>The briefing has errors, listed in the terminal. Fix them and this page reloads.</p></html>
"""
