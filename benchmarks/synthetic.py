"""A synthetic briefing of any size, in the content format, for the benchmark.

Shaped like a large fact-checker's archive rather than like a test fixture:
claims of varied length, analyses of several paragraphs with bold lead-ins,
lists, and links to other claims, to sources and to the web; one to six
evidence items with quotes; appearances, earlier verdicts and corrections on
some claims; a few claimants who say a lot and many who say little; and
hundreds of topics at 10,000 claims.

The words are drawn from a neutral vocabulary and every name is made up:
nothing here is a real quote, person or outlet, and every web address is on
example.org or example.net (reserved for documentation). The same size and
seed always give the same files.

    python -m benchmarks.synthetic --claims 1000 --out /tmp/briefing-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

WORDS = """
agency aid air allies ammunition analysts annual army arrivals assessment border budget cargo ceasefire
census city coal committee company container contract convoy council country court crops customs data
deal debt defence delegation deliveries department diplomats drills drones economy election embassy
energy envoy exports factory farmers figures fleet flights food forces freight fuel funding government
grain harbour health imports industry inflation inspectors intelligence investment journalists labour
leaders loans market minister ministry missiles navy negotiators network officials oil output parliament
partners payments pipeline police policy population port prices production programme province railway
reactor records refugees region report reserves resolution revenue rockets route sanctions satellite
schools security sensors shells shipments soldiers spending statement steel strategy subsidies summit
supplies surveys talks tanks tariffs taxes territory trade trains transfers treaty troops tunnels unions
vessels villages voters wages warehouse water weapons wheat workers
""".split()
VERBS = """
announced blocked confirmed delayed denied doubled expanded exported financed halted imported increased
promised received reduced rejected reported resumed signed suspended tripled approved questioned
""".split()
LINKERS = """
after before during despite because although while since unless until
""".split()
GIVEN = "Ama Bo Cai Dara Emil Farah Goran Hana Ilse Joon Kofi Lena Mika Nadia Oren Priya Quinn Rui Sade Tomas".split()
FAMILY = "Abara Berg Castell Dunmore Eskildsen Faro Grell Hollis Ibsen Jansen Kovac Lindqvist Morrow Novak Okafor".split()
ROLES = ("Minister of Trade", "Government spokesperson", "Member of parliament", "Central bank governor",
         "Opposition leader", "Ambassador to the United Nations", "Defence ministry official", "Regional governor")  # fmt: skip
SOURCE_TYPES = ("news", "government", "intergovernmental", "state-media", "think-tank", "research",
                "official-statement", "dataset", "other")  # fmt: skip
#: the share of claims of each rating: most checked claims are not accurate
RATINGS = (("accurate", 14), ("mostly-accurate", 14), ("misleading", 22), ("mostly-false", 16), ("false", 22),
           ("unproven", 12))  # fmt: skip
STANCES = ("supports", "contradicts", "context")
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3650  # claims made over ten years


@dataclass(frozen=True)
class Shape:
    """How many of everything a briefing of `claims` claims holds."""

    claims: int

    @property
    def sources(self) -> int:
        return max(10, self.claims * 4 // 5)

    @property
    def claimants(self) -> int:
        return max(5, self.claims // 6)

    @property
    def topics(self) -> int:
        return 12 + self.claims // 40


class _Writer:
    def __init__(self, shape: Shape, seed: int) -> None:
        self.shape = shape
        self.rng = random.Random(seed)
        self.claim_ids = [self._claim_id(n) for n in range(shape.claims)]
        self.source_ids = [f"{self._slug(2)}-{n:05d}" for n in range(shape.sources)]
        self.source_dates = [self._date() for _ in range(shape.sources)]
        self.claimants = [self._claimant() for _ in range(shape.claimants)]
        # Zipf-like: the first claimants and topics are used far more than the last.
        self.claimant_weights = [1 / (rank + 1) for rank in range(shape.claimants)]
        self.topics = sorted({self._slug(self.rng.randint(1, 2)) for _ in range(shape.topics * 2)})[: shape.topics]
        self.topic_weights = [1 / math.sqrt(rank + 1) for rank in range(len(self.topics))]

    # -- words ----------------------------------------------------------------

    def _slug(self, words: int) -> str:
        return "-".join(self.rng.choice(WORDS) for _ in range(words))

    def _claim_id(self, n: int) -> str:
        words = self._slug(self.rng.randint(2, 6))[:60].rstrip("-")  # ids are at most 80 characters
        return f"{words}-{n:05d}"

    def _date(self) -> dt.date:
        return FIRST_DAY + dt.timedelta(days=self.rng.randrange(DAYS))

    def sentence(self, low: int, high: int) -> str:
        words = []
        while len(words) < self.rng.randint(low, high):
            words += [self.rng.choice(WORDS), self.rng.choice(VERBS), self.rng.choice(WORDS)]
            if self.rng.random() < 0.3:
                words += [str(self.rng.randint(2, 950)), self.rng.choice(WORDS)]
            if self.rng.random() < 0.4:
                words.append(self.rng.choice(LINKERS))
        text = " ".join(words).rstrip()
        for linker in LINKERS:
            text = text.removesuffix(f" {linker}")
        return text[0].upper() + text[1:] + "."

    def sentences(self, count: int, low: int = 8, high: int = 22) -> str:
        return " ".join(self.sentence(low, high) for _ in range(count))

    def _claimant(self) -> dict:
        name = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)} {self.rng.randint(1, 999)}"
        claimant = {"name": name}
        if self.rng.random() < 0.7:
            claimant["role"] = self.rng.choice(ROLES)
        return claimant

    # -- sources ----------------------------------------------------------------

    def source(self, n: int) -> dict:
        rng = self.rng
        source: dict = {
            "title": self.sentence(5, 14).rstrip("."),
            "publisher": f"The {rng.choice(WORDS).title()} {rng.choice(('Times', 'Observer', 'Wire', 'Review', 'Office'))}",
            "type": rng.choice(SOURCE_TYPES),
        }
        if rng.random() < 0.6:
            source["authors"] = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(rng.randint(1, 3))]
        source["published"] = self.source_dates[n].isoformat()
        if rng.random() < 0.9:
            source["url"] = f"https://example.org/{self.source_ids[n]}"
        if rng.random() < 0.4:
            source["archived_url"] = f"https://archive.example.net/{self.source_ids[n]}"
            source["accessed"] = (self.source_dates[n] + dt.timedelta(days=rng.randint(0, 30))).isoformat()
        if rng.random() < 0.3:
            source["notes"] = self.sentences(rng.randint(1, 3)) + "\n"
        return source

    # -- claims -------------------------------------------------------------------

    def claim(self, n: int) -> dict:
        rng = self.rng
        made = self._date()
        reviewed = made + dt.timedelta(days=rng.randint(1, 60))
        # Every source is cited at least once (an uncited source is a warning).
        cited = [self.source_ids[s] for s in range(n, self.shape.sources, self.shape.claims)]
        cited += rng.sample(self.source_ids, rng.randint(2, 5))
        claim: dict = {
            "claim": self.sentence(8, 45),
            "claimant": dict(rng.choices(self.claimants, self.claimant_weights)[0]),
            "date": made.isoformat(),
        }
        if rng.random() < 0.6:
            claim["appearances"] = self._appearances(made, reviewed)
        topics = rng.choices(self.topics, self.topic_weights, k=rng.randint(1, 4))
        claim["topics"] = list(dict.fromkeys(topics))
        claim["verdict"] = {
            "rating": rng.choices([r for r, _ in RATINGS], [w for _, w in RATINGS])[0],
            "summary": self.sentences(rng.randint(1, 3)),
            "reviewed": reviewed.isoformat(),
            "analysis": self._analysis(n),
            "evidence": [self._evidence(source) for source in dict.fromkeys(cited)][:6],
        }
        if rng.random() < 0.15:
            claim["history"] = self._history(made, reviewed)
        if rng.random() < 0.05:
            claim["corrections"] = [
                {"date": (reviewed + dt.timedelta(days=rng.randint(1, 90))).isoformat(), "note": self.sentences(1)}
            ]
        return claim

    def _appearances(self, made: dt.date, reviewed: dt.date) -> list[dict]:
        days = sorted(self.rng.randint(0, (reviewed - made).days) for _ in range(self.rng.randint(1, 3)))
        appearances = []
        for offset in days:
            appearance = {"source": self.rng.choice(self.source_ids), "date": (made + dt.timedelta(days=offset)).isoformat()}
            if self.rng.random() < 0.4:
                appearance["note"] = self.sentences(1)
            appearances.append(appearance)
        return appearances

    def _evidence(self, source: str) -> dict:
        item = {"source": source, "stance": self.rng.choice(STANCES)}
        if self.rng.random() < 0.8:
            item["quote"] = self.sentence(10, 35)
        if self.rng.random() < 0.4:
            item["note"] = self.sentences(1)
        return item

    def _history(self, made: dt.date, reviewed: dt.date) -> list[dict]:
        span = (reviewed - made).days
        days = sorted(self.rng.randint(0, span) for _ in range(self.rng.randint(1, 2)))
        return [
            {"rating": self.rng.choice(RATINGS)[0], "reviewed": (made + dt.timedelta(days=d)).isoformat(), "summary": self.sentences(1)}
            for d in days
        ]

    def _analysis(self, n: int) -> str:
        rng = self.rng
        paragraphs = []
        for _ in range(rng.choice((1, 2, 3, 3, 4, 4, 5))):
            text = f"**{self.sentence(2, 5).rstrip('.')}.** {self.sentences(rng.randint(1, 4))}"
            if rng.random() < 0.5:
                other = self.claim_ids[rng.randrange(len(self.claim_ids))]
                text += f" See [the earlier check](claim:{other})."
            if rng.random() < 0.5:
                text += f" The [report](source:{rng.choice(self.source_ids)}) gives *{rng.randint(3, 90)} percent*."
            if rng.random() < 0.2:
                text += f" More at <https://example.org/data/{rng.randint(1, 99999)}>."
            paragraphs.append(text)
        if rng.random() < 0.3:
            paragraphs.insert(1, "\n".join(f"- {self.sentence(4, 12)}" for _ in range(rng.randint(2, 5))))
        return "\n\n".join(paragraphs) + "\n"


# -- writing ---------------------------------------------------------------------


class _Dumper(yaml.CSafeDumper):
    """Block scalars for Markdown, as an author writes them; never an anchor."""

    def ignore_aliases(self, data) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

RATINGS_FILE = """\
scale:
  - {id: accurate, label: Accurate, description: The claim is correct and nothing significant is missing.}
  - {id: mostly-accurate, label: Mostly accurate, description: The claim is correct in substance but imprecise.}
  - {id: misleading, label: Misleading, description: Accurate elements that leave a false impression.}
  - {id: mostly-false, label: Mostly false, description: The central element of the claim is wrong.}
  - {id: "false", label: "False", description: The claim is wrong.}
unscored:
  - {id: unproven, label: Unproven, description: The evidence can neither confirm nor refute the claim.}
"""


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def write_briefing(root: Path, claims: int, seed: int = 1) -> Path:
    """Write a synthetic briefing of `claims` claims into `root` (replaced if it exists)."""
    if root.exists():
        shutil.rmtree(root)
    (root / "claims").mkdir(parents=True)
    (root / "sources").mkdir()
    writer = _Writer(Shape(claims), seed)
    _dump(
        root / "briefing.yaml",
        {
            "title": f"Synthetic briefing of {claims:,} claims",
            "subtitle": "Generated for the benchmark: every name, quote and figure is made up",
            "summary": writer.sentences(4) + "\n\n" + writer.sentences(3) + "\n",
            "publisher": {"name": "Benchmark desk", "url": "https://example.org/"},
            "about": writer.sentences(3) + "\n",
            "methodology": writer.sentences(5) + "\n",
            "corrections_policy": writer.sentences(2) + "\n",
        },
    )
    (root / "ratings.yaml").write_text(RATINGS_FILE, encoding="utf-8")
    for n, source_id in enumerate(writer.source_ids):
        _dump(root / "sources" / f"{source_id}.yaml", writer.source(n))
    for n, claim_id in enumerate(writer.claim_ids):
        _dump(root / "claims" / f"{claim_id}.yaml", writer.claim(n))
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, required=True, help="how many claims")
    parser.add_argument("--out", type=Path, required=True, help="the briefing folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_briefing(args.out, args.claims, args.seed)
    print(f"Wrote a briefing of {args.claims:,} claims to {args.out}/")


if __name__ == "__main__":
    main()
