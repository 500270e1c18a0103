"""The extractor on the held-out reports meets the issue's targets, in each language (see docs/extraction.md).

The same evaluation as `make bench-extract`; tuning happens on dev/ only, so these
figures are the ones to trust.
"""

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "extraction.py"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("extraction_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("language", ["en", "zh"])
def test_heldout_reports_meet_the_targets(language):
    benchmark = load_benchmark()
    count, tallies = benchmark.evaluate("heldout", language)
    assert count >= 8
    figures = {kind: (round(tallies[kind].precision, 2), round(tallies[kind].recall, 2)) for kind in benchmark.TARGETS}
    assert benchmark.below_targets({("heldout", language): (count, tallies)}) == [], figures


def test_the_corpus_has_its_size():
    benchmark = load_benchmark()
    sizes = {
        (split, lang): len(list((benchmark.CORPUS / split / lang).glob("*.txt")))
        for split in ("dev", "heldout")
        for lang in ("en", "zh")
    }
    assert sizes == {("dev", "en"): 12, ("dev", "zh"): 12, ("heldout", "en"): 8, ("heldout", "zh"): 8}
