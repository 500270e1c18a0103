"""Precision and recall of proposals against gold annotations (the --json shape), per kind.

Matching rule: texts are compared after NFKC folding, lower-casing, and removing
every punctuation mark, symbol and space, so "A, B." equals "a b" and “A，B。”
equals "A B"; otherwise they must be equal (no partial credit). Items are counted
as multisets, so a quote proposed twice counts once right and once wrong.

- speaker: the name.
- role: position and organisation, each a separate item when not empty, counted
  only for names found in both (so a missed speaker is not counted twice).
- quote: the text with its speaker's name.
- priority: number and title; priority+speaker adds who set it out.
"""

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

KINDS = ("speaker", "role", "quote", "priority", "priority+speaker")


def norm(text):
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(c for c in text if not unicodedata.category(c).startswith(("P", "S", "Z", "C")))


def items(annotation, kind, names=None):
    speakers = annotation.get("speakers", [])
    if kind == "speaker":
        return Counter(norm(s["name"]) for s in speakers)
    if kind == "role":
        return Counter(
            (norm(s["name"]), part, norm(s.get(part, "")))
            for s in speakers
            if norm(s["name"]) in names
            for part in ("position", "organisation")
            if norm(s.get(part, ""))
        )
    if kind == "quote":
        return Counter((norm(q["speaker"]), norm(q["text"])) for q in annotation.get("quotes", []))
    if kind == "priority":
        return Counter((int(p["number"]), norm(p["title"])) for p in annotation.get("priorities", []))
    return Counter((int(p["number"]), norm(p["title"]), norm(p["speaker"])) for p in annotation.get("priorities", []))


@dataclass
class Tally:
    true: int = 0
    proposed: int = 0
    gold: int = 0
    misses: list = field(default_factory=list)

    @property
    def precision(self):
        return self.true / self.proposed if self.proposed else 1.0

    @property
    def recall(self):
        return self.true / self.gold if self.gold else 1.0


def score(proposed, gold, tallies=None, label=""):
    """Adds one report's counts to `tallies` (kind -> Tally) and returns them."""
    tallies = tallies if tallies is not None else {kind: Tally() for kind in KINDS}
    names = set(items(proposed, "speaker")) & set(items(gold, "speaker"))
    for kind in KINDS:
        mine, theirs = items(proposed, kind, names), items(gold, kind, names)
        tally = tallies[kind]
        tally.true += sum((mine & theirs).values())
        tally.proposed += sum(mine.values())
        tally.gold += sum(theirs.values())
        tally.misses += [(label, "wrong", item) for item in (mine - theirs).elements()]
        tally.misses += [(label, "missed", item) for item in (theirs - mine).elements()]
    return tallies
