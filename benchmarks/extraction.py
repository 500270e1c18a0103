"""How well the extractor reads reports: `make bench-extract`.

Scores `articles.extraction.extract` against the annotated corpus in
tests/extraction/corpus/{dev,heldout}/{en,zh}/ (see articles/extraction/scoring.py
for the matching rule), per kind and per language, dev and held-out apart, and
times a 2,000-word report. `--verbose` lists every wrong and missed item (use it on
dev only: tuning on held-out reports would make their figures meaningless).
`--check` exits 1 when a held-out figure is below the issue's targets.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.extraction import extract  # noqa: E402
from articles.extraction.scoring import KINDS, Tally, score  # noqa: E402

CORPUS = ROOT / "tests" / "extraction" / "corpus"
# kind -> (precision, recall) the issue asks for on held-out reports, in each language.
TARGETS = {"speaker": (0.90, 0.85), "quote": (0.90, 0.80), "priority": (0.95, 0.90)}


def evaluate(split, language):
    tallies = {kind: Tally() for kind in KINDS}
    reports = sorted((CORPUS / split / language).glob("*.txt"))
    for path in reports:
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        proposed = extract(path.read_text(encoding="utf-8")).as_json()
        score(proposed, gold, tallies, label=f"{split}/{language}/{path.stem}")
    return len(reports), tallies


def table(results):
    lines = ["| split | language | reports | kind | precision | recall | right / proposed / gold |", "|---" * 7 + "|"]
    for (split, language), (count, tallies) in results.items():
        for kind in KINDS:
            t = tallies[kind]
            lines.append(
                f"| {split} | {language} | {count} | {kind} | {t.precision:.2f} | {t.recall:.2f} "
                f"| {t.true} / {t.proposed} / {t.gold} |"
            )
    return "\n".join(lines)


def below_targets(results):
    failures = []
    for (split, language), (_, tallies) in results.items():
        if split != "heldout":
            continue
        for kind, (precision, recall) in TARGETS.items():
            t = tallies[kind]
            if t.precision < precision or t.recall < recall:
                failures.append(
                    f"{language} {kind}: P {t.precision:.2f} (≥ {precision}), R {t.recall:.2f} (≥ {recall})"
                )
    return failures


def timing():
    english = (CORPUS / "dev" / "en" / "01.txt").read_text(encoding="utf-8")
    words = len(english.split())
    report = "\n\n".join([english] * (2000 // words + 1))
    extract(report)
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        extract(report)
    return len(report.split()), (time.perf_counter() - start) / runs * 1000


# Hostile input at the size limit: each must stay linear (a regex or a scan per mention, quote or
# item over the rest of the text would take minutes here).
HOSTILE = {
    "capitalised words": "Aa " * 40_000,
    "names and commas": "Li Shousheng, " * 8_000,
    "说 repeated": "说" * 99_000,
    "表示 after a name": "李寿生表示" * 20_000,
    "straight quotes": '"' * 99_000,
    "single quotes": "'a " * 33_000,
    "ordinals": "First, a. Second, b. " * 5_000,
    "一是 repeated": "；一是" * 33_000,
    "attributed quotes": "Li Wei said: “Yes, we will.” " * 3_500,
    "numbered lines": "1. a\n2. b\n" * 9_000,
}


def hostile_timings():
    results = {}
    for name, text in HOSTILE.items():
        start = time.perf_counter()
        extract(text[:99_000])
        results[name] = time.perf_counter() - start
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "heldout", "fresh", "all"], default="all")
    parser.add_argument("--verbose", action="store_true", help="list wrong and missed items (dev only)")
    parser.add_argument("--check", action="store_true", help="exit 1 when held-out figures miss the targets")
    args = parser.parse_args()
    splits = ["dev", "heldout", "fresh"] if args.split == "all" else [args.split]
    results = {(split, language): evaluate(split, language) for split in splits for language in ("en", "zh")}
    print(table(results))
    if args.verbose:
        for (split, _), (_, tallies) in results.items():
            if split != "dev":
                continue
            for kind in KINDS:
                for label, what, item in tallies[kind].misses:
                    print(f"{label} {kind} {what}: {item}")
    words, ms = timing()
    print(f"\nA {words}-word report: {ms:.1f} ms per extraction (in-process, after the first).")
    print("Hostile input of 99,000 characters (seconds):")
    for name, seconds in hostile_timings().items():
        print(f"  {name}: {seconds:.2f}")
    failures = below_targets(results)
    if failures:
        print("\nBelow the held-out targets:\n  " + "\n  ".join(failures))
    if args.check and failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
