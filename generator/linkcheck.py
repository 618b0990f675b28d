"""`check --links`: request every web address in the content and report those that fail.

Off by default and never part of `build`: it needs the network, its answer
changes from day to day, and a slow site must not hold up a build. Each
address is requested once however often it is written, a few at a time,
with a timeout and a User-Agent that says what is asking. A failure is a
warning at every place the address is written: an error status (4xx, 5xx),
a redirect to another host, a timeout, a TLS error, or no connection at all.
Redirects within the same host are followed, up to MAX_REDIRECTS.
"""

from __future__ import annotations

import http.client
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from . import __version__
from .problems import Problem, Severity, count_of
from .validate import WebAddress

USER_AGENT = f"briefing-generator/{__version__} link check (Python urllib; one request per address)"
TIMEOUT = 15.0  # seconds, for connecting and for each read
WORKERS = 4  # requests at a time
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Outcome:
    """What requesting one address found: `failure` is None when it works."""

    url: str
    failure: str | None
    hint: str = ""
    connected: bool = True  # False when no connection was made at all (no such host, refused)


@dataclass(frozen=True)
class LinkReport:
    problems: tuple[Problem, ...]  # one warning per place a failing address is written, sorted
    checked: int  # distinct addresses requested
    failed: int  # distinct addresses that failed
    unconnected: int = 0  # distinct addresses no connection could be made to

    @property
    def summary(self) -> str:
        places = len(self.problems)
        return (
            f"Checked {count_of(self.checked, 'web address', 'web addresses')}: "
            f"{self.failed} failed"
            + (f" ({count_of(places, 'place')} in the content)" if self.failed else "")
            + ("; no connection could be made to any of them: is this machine offline?" if self._all_unconnected else "")
        )

    @property
    def _all_unconnected(self) -> bool:
        return self.checked > 1 and self.unconnected == self.checked


def merged(*groups: Sequence[Problem]) -> list[Problem]:
    """Problems from several checks, in the order `check` prints them."""
    return sorted((p for group in groups for p in group), key=_place)


def check_links(
    addresses: Iterable[WebAddress], timeout: float = TIMEOUT, workers: int = WORKERS
) -> LinkReport:
    """Request each distinct address once, `workers` at a time; report every place a failing one is written."""
    places: dict[str, list[WebAddress]] = {}
    for address in addresses:
        places.setdefault(address.url, []).append(address)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = list(pool.map(lambda url: request(url, timeout), places))
    problems = [
        Problem(at.path, at.line, at.col, f"'{outcome.url}': {outcome.failure}", outcome.hint, Severity.WARNING)
        for outcome in outcomes
        if outcome.failure
        for at in places[outcome.url]
    ]
    failed = sum(1 for outcome in outcomes if outcome.failure)
    unconnected = sum(1 for outcome in outcomes if not outcome.connected)
    return LinkReport(tuple(sorted(problems, key=_place)), len(places), failed, unconnected)


def request(url: str, timeout: float = TIMEOUT) -> Outcome:
    """GET `url`, following redirects that stay on its host; what went wrong, if anything."""
    opener = urllib.request.build_opener(_KeepRedirects)
    host = _site(url)
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            response = opener.open(_get(current), timeout=timeout)
        except urllib.error.HTTPError as answer:
            answer.close()
            if answer.code not in _REDIRECTS:
                return Outcome(url, f"the server answers {answer.code} {answer.reason}", _status_hint(answer.code))
            target = answer.headers.get("Location")
            if not target:
                return Outcome(url, f"the server answers {answer.code} with no address to go to")
            current = urljoin(current, target)
            if _site(current) != host:
                return Outcome(
                    url,
                    f"redirects to another host: {current}",
                    "check that the new address is the same document, and cite it instead",
                )
            continue
        except urllib.error.URLError as error:
            return _unreachable(url, error.reason)
        except (OSError, http.client.HTTPException) as error:  # a timeout or reset while reading the answer
            return _unreachable(url, error)
        response.close()
        return Outcome(url, None)
    return Outcome(url, f"more than {MAX_REDIRECTS} redirects", "cite the address the redirects end at")


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Hand every redirect back as an answer, so that `request` can see where it goes."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 - urllib's signature
        return None


def _get(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"}, method="GET")


def _site(url: str) -> str:
    """The host an address is on; "www." in front does not make another site."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _unreachable(url: str, reason: object) -> Outcome:
    if isinstance(reason, TimeoutError):
        return Outcome(url, "no answer before the timeout", "try again later; if it persists, look for an archived copy")
    if isinstance(reason, ssl.SSLError):
        return Outcome(url, f"TLS error: {_reason(reason)}", "the site's certificate or encryption is broken")
    return Outcome(url, f"could not connect: {_reason(reason)}", "check the address; the site may be gone", False)


def _reason(reason: object) -> str:
    if isinstance(reason, ssl.SSLCertVerificationError) and reason.verify_message:
        return reason.verify_message
    return str(getattr(reason, "reason", None) or getattr(reason, "strerror", None) or reason) or type(reason).__name__


def _status_hint(code: int) -> str:
    if code in (404, 410):
        return "the page is gone: look for an archived copy and cite it as archived_url"
    if code in (401, 403, 429):
        return "the site may refuse automated requests: open the address in a browser"
    if code >= 500:
        return "the site has a problem: try again later"
    return "open the address in a browser"


def _place(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.col, problem.message)
