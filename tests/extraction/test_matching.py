"""Proposed speakers matched to the speakers on file."""

import pytest

from articles.extraction import extract
from articles.extraction.matching import match_speakers
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def test_same_name_whatever_spaces_dots_and_case():
    on_file = SpeakerFactory(name="zhang  lei")
    chinese = SpeakerFactory(name="韩明")
    SpeakerFactory(name="Zhang Leilei")  # shares a word, is someone else
    proposals = match_speakers(extract("Zhang Lei said: “Costs are up.”\n\n韩明表示：“成本在涨。”"))
    assert [(s.name, s.existing_id) for s in proposals.speakers] == [("Zhang Lei", on_file.pk), ("韩明", chinese.pk)]


def test_nobody_on_file_means_new(django_assert_num_queries):
    proposals = extract("Zhang Lei said: “Costs are up.”")
    with django_assert_num_queries(1):
        match_speakers(proposals)
    assert proposals.speakers[0].existing_id is None
