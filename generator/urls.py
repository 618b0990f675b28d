"""What an address in a briefing may be: the one rule behind validation, the
editor schemas and the site address (`SITE_URL`)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
#: Characters no address may hold (spaces and controls, quotes, angle brackets,
#: backslash, braces...): a regular-expression class body that Python and
#: ECMAScript (the JSON Schemas) read alike.
FORBIDDEN = r"\u0000-\u0020\u007f\"<>\\^`{|}"
_FORBIDDEN = re.compile(f"[{FORBIDDEN}]")
#: The same rule for JSON Schema's `pattern` (which cannot parse the address).
JSON_SCHEMA_PATTERN = rf"^[hH][tT][tT][pP][sS]?://[^{FORBIDDEN}]+$"
# A site address is also printed inside attributes and XML, unquoted by nothing.
_UNSAFE_IN_SITE_URL = re.compile(r"[\s']")


def url_problem(text: str) -> str | None:
    """Why `text` is not an absolute http(s) address, or None."""
    if _FORBIDDEN.search(text):
        return f"'{_short(text)}' contains a space or a character not allowed in an address"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - reading it is what checks it
    except ValueError as error:  # an unclosed '[' of an IPv6 host, a port out of range
        return f"'{_short(text)}' is not a valid address ({error})"
    if parts.scheme not in SCHEMES:
        return f"'{_short(text)}' must start with https:// or http://"
    if not parts.hostname:
        return f"'{_short(text)}' has no host name"
    return None


def checked_site_url(url: str) -> str:
    """`url` as a site address ending in "/", or ValueError saying what is wrong with it.

    Absolute addresses (canonical links, ClaimReview, the feed, the exports)
    are this address followed by a page's own address.
    """
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.netloc:
        raise ValueError(f"the site address {url!r} must start with https:// or http:// and name a host")
    if parts.query or parts.fragment or url_problem(url) or _UNSAFE_IN_SITE_URL.search(url):
        raise ValueError(f"the site address {url!r} must be a plain folder address, like https://example.org/briefing/")
    return url if url.endswith("/") else url + "/"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
