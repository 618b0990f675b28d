"""Integrity checks for the briefing content, independent of the generator.

These tests read the YAML files in ``content/`` with ``yaml.safe_load`` and check
the promises the briefing makes to its readers:

* every evidence quote attributed to one of the two seed articles appears word
  for word (exact substring, no normalisation) in that article;
* every claim has evidence, every source is cited, every cited source exists;
* at least one claim records a verdict history, and there are at least 12 claims.

The seed articles live outside the repository, in ``../shared/seeds/`` relative
to the repository root. Where that folder is absent the verbatim check is skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTENT = REPO_ROOT / "content"
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Seed source id -> file name of the article text in the shared seeds folder.
SEED_FILES = {
    "newsweek-2022-11-02": "000_e537f502718dc5e8.txt",
    "ap-2022-11-08": "003_7a3b435a6df377c3.txt",
}

MIN_CLAIMS = 12

# These tests guard the promises of the seed briefing (the North Korea–Russia
# briefing built from the two seed articles). A fork that replaces content/
# with its own briefing keeps only the generic last test.
IS_SEED_BRIEFING = (CONTENT / "sources" / "newsweek-2022-11-02.yaml").is_file()
seed_briefing_only = pytest.mark.skipif(
    not IS_SEED_BRIEFING, reason="content/ is not the seed briefing (no sources/newsweek-2022-11-02.yaml)"
)


def _load(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"})


CLAIM_FILES = _yaml_files(CONTENT / "claims")
SOURCE_FILES = _yaml_files(CONTENT / "sources")
CLAIMS = {p.stem: _load(p) for p in CLAIM_FILES}
SOURCE_IDS = {p.stem for p in SOURCE_FILES}


def _evidence(claim: dict) -> list[dict]:
    return list((claim.get("verdict") or {}).get("evidence") or [])


def _referenced_source_ids(claim: dict) -> set[str]:
    ids = {item["source"] for item in _evidence(claim)}
    ids |= {item["source"] for item in claim.get("appearances") or []}
    return ids


def _seed_quotes() -> list[tuple[str, str, str]]:
    """(claim file, seed source id, quote) for every quote citing a seed article."""
    found = []
    for stem, claim in CLAIMS.items():
        for item in _evidence(claim):
            if item.get("source") in SEED_FILES and "quote" in item:
                found.append((f"claims/{stem}.yaml", item["source"], item["quote"]))
    return found


SEED_QUOTES = _seed_quotes()


@seed_briefing_only
def test_content_folders_are_not_empty():
    assert CLAIM_FILES, "no claim files found in content/claims/"
    assert SOURCE_FILES, "no source files found in content/sources/"


@seed_briefing_only
def test_at_least_twelve_claims():
    assert len(CLAIMS) >= MIN_CLAIMS, f"only {len(CLAIMS)} claims; at least {MIN_CLAIMS} are required"


@seed_briefing_only
def test_both_seed_articles_have_source_files():
    missing = sorted(set(SEED_FILES) - SOURCE_IDS)
    assert not missing, f"seed articles without a source file: {missing}"


@seed_briefing_only
def test_seed_quotes_exist():
    # Guards against the verbatim test below silently passing on an empty list.
    cited = {source for _, source, _ in SEED_QUOTES}
    assert cited == set(SEED_FILES), f"quotes found only for {sorted(cited)}"


@seed_briefing_only
@pytest.mark.parametrize(
    "claim_file, source_id, quote",
    SEED_QUOTES,
    ids=[f"{c}:{s}:{i}" for i, (c, s, _) in enumerate(SEED_QUOTES)],
)
def test_seed_quote_is_verbatim(claim_file, source_id, quote):
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not available: {SEEDS_DIR} does not exist")
    article = (SEEDS_DIR / SEED_FILES[source_id]).read_text(encoding="utf-8")
    assert isinstance(quote, str) and quote, f"{claim_file}: empty or non-text quote"
    assert quote in article, (
        f"{claim_file}: quote attributed to {source_id} is not found verbatim "
        f"in {SEED_FILES[source_id]}:\n  {quote!r}"
    )


@seed_briefing_only
@pytest.mark.parametrize("stem", sorted(CLAIMS))
def test_every_claim_has_evidence(stem):
    assert _evidence(CLAIMS[stem]), f"claims/{stem}.yaml: verdict has no evidence"


@seed_briefing_only
@pytest.mark.parametrize("stem", sorted(CLAIMS))
def test_every_referenced_source_exists(stem):
    missing = sorted(_referenced_source_ids(CLAIMS[stem]) - SOURCE_IDS)
    assert not missing, f"claims/{stem}.yaml refers to unknown sources: {missing}"


@seed_briefing_only
def test_every_source_is_cited_as_evidence():
    cited = set()
    for claim in CLAIMS.values():
        cited |= {item["source"] for item in _evidence(claim)}
    uncited = sorted(SOURCE_IDS - cited)
    assert not uncited, f"sources not cited as evidence by any claim: {uncited}"


@seed_briefing_only
def test_at_least_one_claim_has_history():
    with_history = [stem for stem, claim in CLAIMS.items() if claim.get("history")]
    assert with_history, "no claim records a verdict history"


def test_the_generator_finds_no_problem_at_all():
    """`python -m generator check` on content/ passes with no errors and no warnings."""
    from generator.pipeline import check_content

    problems = [p.format() for p in check_content(CONTENT).problems]
    assert problems == []
