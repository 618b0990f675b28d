"""A hostile briefing: known script-injection payloads in every free-text field.

The payloads are in `xss_payloads.json` (one object a line: the text, where
it comes from, and whether `check` must refuse it in a Markdown field
because it holds a forbidden link). `write_hostile_briefing` writes a
complete briefing in which

- the payloads are dealt into groups of `GROUP_SIZE`; claim, source and
  rating *i* carry group *i* (one per line) in every plain-text field they have (claim
  text, claimant name and role, verdict summary, evidence quote and note,
  appearance note, history summary, correction note, the original wording,
  bylines; source title, publisher and authors; rating label; a statement
  not rated, its reason and claimant), so every payload reaches every kind
  of plain-text field and every type of page;
- the Markdown fields carry the payloads `check` accepts, in groups too (the
  others are refused, which `test_hostile_content` checks on its own);
- the briefing's own fields, of which there is one each, and the one rating
  off the scale carry all payloads at once.

Groups rather than one payload per claim keep the site small enough for a
real browser to open every page of it in reasonable time.

The YAML is written by PyYAML's emitter, which quotes any text correctly, so
the content read back is exactly the payload.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

PAYLOADS_FILE = Path(__file__).resolve().parent / "xss_payloads.json"

# Addresses that pass the URL check (absolute http/https, no quote or bracket)
# but try to break out of an attribute or smuggle a scheme.
URL_PAYLOADS = (
    "https://example.org/'onmouseover='alert(1)",
    "https://example.org/?q=&#x22;&#x3e;&#x3c;script&#x3e;",
    "https://example.org/#javascript:alert(1)",
    "https://javascript:alert(1)@example.org/",
    "https://example.org/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    "http://example.org/?a=1&amp;b=javascript:alert(1)",
)

CLAIM_DATE = "2022-09-22"
REVIEWED = "2022-11-08"
GROUP_SIZE = 4


@dataclass(frozen=True)
class Payload:
    text: str
    origin: str
    rejected_in_markdown: bool = False


@dataclass(frozen=True)
class HostileBriefing:
    """What was written where, for tests to compare the site against."""

    root: Path
    payloads: tuple[Payload, ...]
    title: str
    #: claim id → the plain text in each of its fields (the same for every field)
    plain: dict[str, str]
    #: claim id → the Markdown in its analysis (also its source's notes and rating's description)
    markdown: dict[str, str]


def load_payloads() -> tuple[Payload, ...]:
    with PAYLOADS_FILE.open(encoding="utf-8") as f:
        return tuple(Payload(**entry) for entry in json.load(f))


def markdown_safe(payloads: tuple[Payload, ...]) -> tuple[Payload, ...]:
    """The payloads `check` accepts in a Markdown field."""
    return tuple(p for p in payloads if not p.rejected_in_markdown)


def item_id(index: int) -> str:
    return f"payload-{index:03d}"


class _Dumper(yaml.SafeDumper):
    """Writes U+0085, U+2028 and U+2029 as escapes in double quotes: `check` refuses
    them written out, since YAML reads them as line breaks that editors do not show."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if any(char in text for char in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def write_yaml(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    path.write_text(text, encoding="utf-8")


def write_hostile_briefing(
    root: Path,
    payloads: tuple[Payload, ...] | None = None,
    markdown_payloads: tuple[Payload, ...] | None = None,
    group_size: int = GROUP_SIZE,
) -> HostileBriefing:
    """Write the hostile briefing into `root`.

    `markdown_payloads` (default: those of `payloads` that `check` accepts)
    go into the Markdown fields; the plain-text fields get `payloads`.
    """
    payloads = payloads or load_payloads()
    texts = [p.text for p in payloads]
    markdown = [p.text for p in (markdown_payloads or markdown_safe(payloads))]
    plain_groups = _groups(texts, group_size, "\n")
    markdown_groups = _groups(markdown, group_size, "\n\n")
    title = "\n".join(texts)
    write_yaml(
        root / "briefing.yaml",
        {
            "title": title,
            "subtitle": "\n".join(reversed(texts)),
            "summary": "\n\n".join(markdown),
            "language": "en",
            "publisher": {"name": "\n".join(texts), "url": URL_PAYLOADS[0]},
            "about": "\n\n".join(reversed(markdown)),
            "methodology": "\n\n".join(markdown),
            "corrections_policy": "\n\n".join(markdown),
            # content format v1.1: the contact's address and the statements not rated
            "contact": {"url": URL_PAYLOADS[1]},
            "not_rated": [{"statement": text, "reason": text, "claimant": text} for text in _groups(texts, group_size, "\n")],
        },
    )
    plain: dict[str, str] = {}
    rich: dict[str, str] = {}
    scale = []
    for i, text in enumerate(plain_groups):
        md = markdown_groups[i % len(markdown_groups)]
        plain[item_id(i)], rich[item_id(i)] = text, md
        scale.append({"id": rating_id(i), "label": text, "description": md})
        write_yaml(root / "sources" / f"{item_id(i)}.yaml", _source(i, text, md))
        last = i == len(plain_groups) - 1
        write_yaml(root / "claims" / f"{item_id(i)}.yaml", _claim(i, text, md, UNSCORED if last else rating_id(i)))
    unscored = {"id": UNSCORED, "label": " ".join(reversed(texts)), "description": markdown_groups[-1]}
    write_yaml(root / "ratings.yaml", {"scale": scale, "unscored": [unscored]})
    return HostileBriefing(root, payloads, title, plain, rich)


UNSCORED = "unscored"


def rating_id(index: int) -> str:
    return f"rating-{index:03d}"


def _groups(texts: list[str], size: int, separator: str) -> list[str]:
    return [separator.join(texts[i : i + size]) for i in range(0, len(texts), size)]


def _source(i: int, text: str, markdown: str) -> dict:
    return {
        "title": text,
        "publisher": text,
        "type": "news",
        "authors": [text, f"{text} (second author)"],
        "published": CLAIM_DATE,
        "url": URL_PAYLOADS[i % len(URL_PAYLOADS)],
        "archived_url": URL_PAYLOADS[(i + 1) % len(URL_PAYLOADS)],
        "notes": markdown,
    }


def _claim(i: int, text: str, markdown: str, rating: str) -> dict:
    source = item_id(i)
    return {
        "claim": text,
        "claimant": {"name": text, "role": text, "type": "person"},
        "original": {"text": text, "language": "ar"},
        "date": CLAIM_DATE,
        "appearances": [{"source": source, "date": CLAIM_DATE, "note": text}],
        "topics": ["hostile-content", f"topic-{i % 3}"],
        "verdict": {
            "rating": rating,
            "summary": text,
            "reviewed": REVIEWED,
            "analysis": markdown,
            "evidence": [{"source": source, "stance": "contradicts", "quote": text, "note": text}],
            "checked_by": [text],
            "edited_by": [text, f"{text} (second editor)"],
        },
        "history": [{"rating": rating_id(i), "reviewed": CLAIM_DATE, "summary": text, "checked_by": [text]}],
        "corrections": [{"date": REVIEWED, "note": text}],
    }
