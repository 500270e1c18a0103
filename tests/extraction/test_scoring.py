"""The scorer behind `make bench-extract`, on cases whose figures are known by hand."""

from articles.extraction.scoring import norm, score

GOLD = {
    "speakers": [
        {"name": "Li Na", "position": "general manager", "organisation": "Jinxi Steel"},
        {"name": "韩明", "position": "会长", "organisation": ""},
    ],
    "quotes": [
        {"speaker": "Li Na", "text": "We ship, and we count."},
        {"speaker": "韩明", "text": "成本还要降，质量不能降。"},
    ],
    "priorities": [
        {"number": 1, "title": "Cut review times", "description": "", "speaker": "Li Na"},
        {"number": 2, "title": "Share data", "description": "", "speaker": "Li Na"},
    ],
}


def test_text_is_compared_without_case_punctuation_or_spaces():
    assert norm("We ship,  and WE count.") == norm("we ship and we count")
    assert norm("“成本还要降，质量不能降。”") == norm("成本还要降 质量不能降")
    assert norm("ＡＩ") == norm("ai")


def test_perfect_proposals_score_one():
    tallies = score(GOLD, GOLD)
    assert {kind: (t.precision, t.recall) for kind, t in tallies.items()} == {
        "speaker": (1.0, 1.0),
        "role": (1.0, 1.0),
        "quote": (1.0, 1.0),
        "priority": (1.0, 1.0),
        "priority+speaker": (1.0, 1.0),
    }
    assert tallies["role"].gold == 3  # empty organisation is no item


def test_one_wrong_and_one_missed_give_exact_figures():
    proposed = {
        "speakers": [
            {"name": "li na", "position": "General Manager", "organisation": "Jinxi Steel Co"},
            {"name": "Wang Gang", "position": "", "organisation": ""},
        ],
        "quotes": [
            {"speaker": "Li Na", "text": "we ship and we count"},
            {"speaker": "Li Na", "text": "成本还要降，质量不能降。"},
        ],
        "priorities": [
            {"number": 1, "title": "cut review times.", "description": "x", "speaker": ""},
            {"number": 2, "title": "Share data", "description": "", "speaker": "Li Na"},
            {"number": 3, "title": "Train nurses", "description": "", "speaker": "Li Na"},
        ],
    }
    tallies = score(proposed, GOLD)
    speaker = tallies["speaker"]
    assert (speaker.true, speaker.proposed, speaker.gold) == (1, 2, 2)
    assert (speaker.precision, speaker.recall) == (0.5, 0.5)
    role = tallies["role"]  # only Li Na is in both: position right, organisation wrong
    assert (role.true, role.proposed, role.gold) == (1, 2, 2)
    quote = tallies["quote"]  # the second quote has the wrong speaker: one wrong, one missed
    assert (quote.true, quote.proposed, quote.gold) == (1, 2, 2)
    priority = tallies["priority"]
    assert (priority.true, priority.proposed, priority.gold) == (2, 3, 2)
    assert (round(priority.precision, 4), priority.recall) == (0.6667, 1.0)
    with_speaker = tallies["priority+speaker"]
    assert (with_speaker.true, with_speaker.proposed, with_speaker.gold) == (1, 3, 2)


def test_tallies_add_up_over_reports():
    tallies = score(GOLD, GOLD)
    score({"speakers": [], "quotes": [], "priorities": []}, GOLD, tallies)
    assert (tallies["speaker"].precision, tallies["speaker"].recall) == (1.0, 0.5)
