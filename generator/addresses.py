"""Where each page lives. The addresses are part of the content contract
(`/claims/<id>/`, `/sources/<id>/` ...), so they are defined once, here."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, urlencode

from . import model as m

#: mkdocs.yml's default `site_url`: the local preview address.
LOCAL_SITE_URL = "http://127.0.0.1:8000/"


def claim_page(claim: m.Claim) -> str:
    return f"claims/{claim.id}.md"


def source_page(source: m.Source) -> str:
    return f"sources/{source.id}.md"


def claimant_page(claimant: m.Claimant) -> str:
    return f"claimants/{claimant.slug}.md"


def topic_page(topic: str) -> str:
    return f"topics/{topic}.md"


def verdict_page(rating: m.Rating) -> str:
    """The claims given one verdict: the filter by verdict that works without JavaScript.

    Not under ratings/ (the scale is ratings.md → /ratings/), so that a rating
    with the id "index" cannot collide with it.
    """
    return f"verdicts/{rating.id}.md"


TIMELINE_PAGE = "timeline.md"
PRINT_PAGE = "print.md"
#: the printable page's sections, besides one per claim (`print_anchor`)
PRINT_CHART_ANCHOR = "verdicts-at-a-glance"
PRINT_RATINGS_ANCHOR = "rating-scale"
#: the list of parts on the printable page, when the briefing is printed in parts
PRINT_PARTS_ANCHOR = "parts"


def list_page(first: str, number: int) -> str:
    """Page `number` (from 1) of a list split into pages whose first page is `first`.

    The first page keeps the list's own address; the others follow it:
    claims/index.md → claims/page/2.md (/claims/page/2/), verdicts/false.md
    → verdicts/false/page/2.md, timeline.md → timeline/page/2.md.
    """
    if number == 1:
        return first
    stem = first.removesuffix(".md").removesuffix("/index")
    return f"{stem}/page/{number}.md"


def print_part(number: int) -> str:
    """Part `number` (from 1) of the printable briefing, when it is printed in parts (print.md lists them)."""
    return f"print/part/{number}.md"


def print_anchor(claim: m.Claim) -> str:
    """The id of a claim's section on the printable page."""
    return f"claim-{claim.id}"


def internal_page(kind: str, target: str) -> str:
    """The page a `claim:<id>` or `source:<id>` link in content points to."""
    return f"{'claims' if kind == 'claim' else 'sources'}/{target}.md"


def page_url(path: str) -> str:
    """The address a Markdown page is published at, relative to the site root."""
    if path == "index.md":
        return ""
    stem = path.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def absolute_url(site_url: str, path: str) -> str:
    """The absolute address of page `path` (a Markdown path) or of a generated file."""
    return site_url + (page_url(path) if path.endswith(".md") else path)


def relative_url(from_path: str, to_path: str, directory_urls: bool = True) -> str:
    """The address of page `to_path` as seen from page `from_path` (both Markdown paths).

    Page addresses are folders ("claims/x/"), so this is plain string work:
    `posixpath.relpath`, which resolves against the working directory, took
    a tenth of the rendering time of a large briefing. Without
    `directory_urls` (the offline copy) pages are files: "claims/x.html".
    """
    if not directory_urls:
        return posixpath.relpath(_page_file(to_path), posixpath.dirname(_page_file(from_path)) or ".")
    here = page_url(from_path).split("/")[:-1]
    there = page_url(to_path).split("/")[:-1]
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    relative = "../" * (len(here) - common) + "".join(part + "/" for part in there[common:])
    return relative or "./"


def _page_file(path: str) -> str:
    """The HTML file of a Markdown page when pages are files, as MkDocs writes it: claims/x.md → claims/x.html."""
    return path.removesuffix(".md") + ".html"


def relative_md(from_path: str, to_path: str) -> str:
    """A Markdown link target from one page to another, which MkDocs resolves and checks."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def topic_label(topic: str) -> str:
    """'arms-transfers' → 'Arms transfers'."""
    words = topic.replace("-", " ")
    return words[:1].upper() + words[1:]


#: "Edit this page" addresses on GitHub: https://github.com/OWNER/REPO/edit/BRANCH/content/
_GITHUB_EDIT_URL = re.compile(r"^(https://github\.com/[^/?#]+/[^/?#]+)/edit/")


def repository_url(repo_url: str | None, edit_url: str | None) -> str | None:
    """The briefing's GitHub repository, from BRIEFING_REPO_URL, else from BRIEFING_EDIT_URL; None if neither says."""
    if repo_url:
        return repo_url.rstrip("/")
    found = _GITHUB_EDIT_URL.match(edit_url or "")
    return found.group(1) if found else None


def correction_request_url(claim_id: str, page_url: str, repository: str | None, email: str | None) -> str | None:
    """Where a reader asks for a correction of one claim: a new issue in the repository,
    prefilled with the claim's id and address; else an email to the contact, the
    address in its subject; else nowhere (None)."""
    subject = f"Correction request: {claim_id}"
    if repository:
        body = f"Claim: {claim_id}\nPage: {page_url}\n\nWhat is wrong, and what shows it:\n"
        return f"{repository}/issues/new?" + urlencode({"title": subject, "body": body}, quote_via=quote)
    if email:
        return f"mailto:{quote(email, safe='@')}?subject=" + quote(f"{subject} ({page_url})", safe="")
    return None
