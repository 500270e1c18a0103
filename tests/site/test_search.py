"""Search by words and tags; the same behaviour on SQLite and PostgreSQL."""

import datetime
from importlib import import_module

import pytest
from django.db import connection
from django.utils import timezone

from symposium.models import SearchDocument
from symposium.search import service
from symposium.search.query import cjk_pairs
from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def found(client, **params):
    """(kind, title) of every hit on the page, best first."""
    response = client.get("/search/", params)
    assert response.status_code == 200
    return [(doc.kind, doc.title) for doc in response.context["page"]]


def titles(client, **params):
    return [title for _, title in found(client, **params)]


@pytest.fixture
def tagged():
    return {
        "both": ArticleFactory(title="Both tags", tags=["photoresist", "光刻胶"]),
        "english": ArticleFactory(title="English tag only", tags=["photoresist"]),
        "chinese": ArticleFactory(title="Chinese tag only", tags=["光刻胶"]),
        "neither": ArticleFactory(title="Untagged", tags=["other"]),
    }


def test_tags_match_all_by_default(client, tagged):
    assert titles(client, tag=["photoresist", "光刻胶"]) == ["Both tags"]


def test_tags_match_any(client, tagged):
    assert sorted(titles(client, tag=["photoresist", "光刻胶"], match="any")) == [
        "Both tags",
        "Chinese tag only",
        "English tag only",
    ]


def test_chinese_tag_alone(client, tagged):
    assert sorted(titles(client, tag="光刻胶")) == ["Both tags", "Chinese tag only"]


def test_tag_given_fifty_times_counts_once(client, tagged):
    assert sorted(titles(client, tag=["photoresist"] * 50)) == ["Both tags", "English tag only"]


def test_many_distinct_tags_is_a_form_error(client, tagged):
    response = client.get("/search/", {"tag": [f"tag-{n}" for n in range(50)]})
    assert response.status_code == 400
    assert "Choose at most 10 tags." in response.content.decode()


def test_unknown_tag_with_all_finds_nothing_and_says_so(client, tagged):
    response = client.get("/search/", {"tag": ["photoresist", "no-such-tag"]})
    assert "There is no tag called “no-such-tag”." in response.content.decode()
    assert response.context["results"].total == 0


def test_unknown_tag_with_any_is_ignored(client, tagged):
    assert sorted(titles(client, tag=["photoresist", "no-such-tag"], match="any")) == ["Both tags", "English tag only"]


def test_only_unknown_tags_with_any_finds_nothing(client, tagged):
    response = client.get("/search/", {"tag": ["no-such-tag", "nor-this"], "match": "any"})
    assert response.status_code == 200
    assert response.context["results"].total == 0


def test_short_words_and_tags_combine(client, tagged):
    ArticleFactory(title="材料 tagged", tags=["光刻胶"])
    ArticleFactory(title="材料 untagged", tags=["other"])
    assert titles(client, q="材料", tag="光刻胶") == ["材料 tagged"]


def test_words_and_tags_combine(client, tagged):
    assert titles(client, tag="photoresist", q="english") == ["English tag only"]


def test_tags_gather_quotes_and_priorities_too(client, tagged):
    QuoteFactory(text="Tagged words.", tags=["photoresist"])
    PriorityFactory(title="Tagged priority", tags=["photoresist"])
    kinds = sorted(kind for kind, _ in found(client, tag="photoresist"))
    assert kinds == ["article", "article", "priority", "quote"]


# Words


def test_english_word_in_body(client):
    ArticleFactory(title="Materials meeting", body="Packaging for high-power semiconductors is scarce.")
    ArticleFactory(title="Other", body="Nothing relevant.")
    assert titles(client, q="semiconductor") == ["Materials meeting"]
    assert titles(client, q="SEMICONDUCTORS") == ["Materials meeting"]


def test_every_word_must_match(client):
    ArticleFactory(title="Silicon report", body="silicon wafers")
    ArticleFactory(title="Photoresist report", body="photoresist supply")
    assert titles(client, q="silicon photoresist") == []
    assert titles(client, q="silicon wafers") == ["Silicon report"]


def test_exact_phrase(client):
    ArticleFactory(title="In order", body="high-end photoresist is scarce")
    ArticleFactory(title="Apart", body="photoresist of the high-end kind")
    assert titles(client, q='"high-end photoresist"') == ["In order"]
    assert titles(client, q='"photoresist of the high-end kind"') == ["Apart"]  # stop words inside
    assert titles(client, q='"scarce photoresist"') == []  # words present, not in this order
    assert sorted(titles(client, q="high-end photoresist")) == ["Apart", "In order"]


def test_longer_phrase_needs_its_words_in_one_run(client):
    ArticleFactory(title="One run", body="The supply chain risk is rising.")
    ArticleFactory(title="Two runs", body="Our supply chain. The chain risk is rising.")
    assert sorted(titles(client, q='"supply chain"')) == ["One run", "Two runs"]
    assert titles(client, q='"supply chain risk"') == ["One run"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("光刻胶", ["座谈会"]),  # three characters
        ("材料", ["座谈会", "材料"]),  # two characters
        ("胶", ["座谈会"]),  # one character
        ("高端光刻胶", ["座谈会"]),  # inside a run of Chinese with no spaces
        ("硅基材料 光刻胶", ["座谈会"]),
        ("材料 光刻胶", ["座谈会"]),  # a short term and a long one together
        ("和高", ["座谈会"]),  # any two adjacent characters, not only words
        ("料和", ["座谈会"]),
        ("认为 光刻", ["座谈会"]),  # two pairs
        ("料产", ["材料"]),
        ("材新", []),  # not adjacent
        ("新材料 胶", []),
    ],
)
def test_chinese_queries(client, query, expected):
    ArticleFactory(
        title="座谈会",
        body="专家认为，硅基材料和高端光刻胶仍需突破。",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    ArticleFactory(title="材料", body="新材料产业", published_at=timezone.now() - datetime.timedelta(days=3))
    ArticleFactory(title="Other", body="nothing here")
    assert sorted(titles(client, q=query)) == sorted(expected)


def test_chinese_with_latin_letters_ignores_case(client):
    ArticleFactory(title="ArF", body="国产ArF光刻胶通过验证。")
    assert titles(client, q="arf光刻胶") == ["ArF"]
    assert titles(client, q="ARF光刻胶") == ["ArF"]


def test_mixed_chinese_and_english(client):
    ArticleFactory(title="Mixed", body="High-end photoresist (光刻胶) remains scarce.")
    ArticleFactory(title="English only", body="High-end photoresist remains scarce.")
    assert titles(client, q="photoresist 光刻胶") == ["Mixed"]


def test_title_hits_rank_above_body_hits_then_newest_first(client):
    now = timezone.now()
    ArticleFactory(title="Old body hit", body="photoresist", published_at=now - datetime.timedelta(days=30))
    ArticleFactory(title="New body hit", body="photoresist", published_at=now - datetime.timedelta(days=1))
    ArticleFactory(title="Photoresist in the title", body="other", published_at=now - datetime.timedelta(days=60))
    assert titles(client, q="photoresist", type="article") == [
        "Photoresist in the title",
        "New body hit",
        "Old body hit",
    ]


def test_finds_quotes_by_text_and_speaker_and_speakers_by_organisation(client):
    speaker = SpeakerFactory(name="Xu Jian", organisation="Institute of Chemistry")
    QuoteFactory(speaker=speaker, text="An alarm bell for the industry.")
    assert found(client, q="alarm bell") == [("quote", "Xu Jian")]
    assert ("quote", "Xu Jian") in found(client, q="xu jian")
    assert found(client, q="Institute of Chemistry", type="speaker") == [("speaker", "Xu Jian")]


def test_priorities_by_description(client):
    PriorityFactory(title="Build platforms", description="National innovation centres.")
    assert found(client, q="innovation centres") == [("priority", "Build platforms")]


def test_snippet_highlights_the_match_and_escapes_the_rest(client):
    ArticleFactory(title="Report", body="Intro. " * 40 + "The <b>photoresist</b> shortage & more.")
    page = client.get("/search/", {"q": "photoresist"}).content.decode()
    assert "&lt;b&gt;<mark>photoresist</mark>&lt;/b&gt;" not in page  # Markdown keeps no raw tags
    assert "<mark>photoresist</mark> shortage &amp; more." in page
    assert "… " in page  # the snippet starts near the match, not at the top


def test_chinese_snippet_highlights(client):
    ArticleFactory(title="座谈会", body="专家认为，硅基材料和高端光刻胶仍需突破。")
    page = client.get("/search/", {"q": "光刻胶"}).content.decode()
    assert "高端<mark>光刻胶</mark>仍需突破" in page


def test_counts_per_kind_and_kind_filter(client):
    ArticleFactory(title="Silicon article")
    QuoteFactory(text="Silicon quote one.")
    QuoteFactory(text="Silicon quote two.")
    response = client.get("/search/", {"q": "silicon"})
    assert response.context["results"].counts == {"article": 1, "quote": 2}
    assert 'Quotes <span class="chip__count">2</span>' in response.content.decode()
    assert [kind for kind, _ in found(client, q="silicon", type="quote")] == ["quote", "quote"]


def test_results_are_paginated(client):
    for n in range(25):
        QuoteFactory(text=f"Materials quote {n}", tags=["materials"])
    response = client.get("/search/", {"tag": "materials"})
    assert len(response.context["page"]) == 20
    second = client.get("/search/", {"tag": "materials", "page": 2})
    assert len(second.context["page"]) == 5
    assert 'href="?tag=materials&amp;page=1"' in second.content.decode()


def test_a_kind_with_more_matches_than_the_window_ranks_its_newest(client, monkeypatch):
    monkeypatch.setattr(service, "WINDOW", 3)
    articles = [ArticleFactory(title=f"Zircon report {n}") for n in range(5)]
    QuoteFactory(text="Zircon, said once.")
    response = client.get("/search/", {"q": "zircon"})
    results = response.context["results"]
    assert results.capped == {"article"}
    assert [title for _, title in found(client, q="zircon", type="article")] == [
        article.title for article in reversed(articles[2:])
    ]
    page = response.content.decode()
    assert 'Articles <span class="chip__count">3+</span>' in page
    assert 'Quotes <span class="chip__count">1</span>' in page
    assert "4+ results</p>" in page
    assert "Only the newest 3 matches of each kind are ranked." in page


def test_tag_windows_are_capped_too_and_count_an_item_with_both_tags_once(client, monkeypatch):
    monkeypatch.setattr(service, "WINDOW", 2)
    for n in range(3):
        ArticleFactory(title=f"Tagged {n}", tags=["photoresist", "silicon"])
    response = client.get("/search/", {"tag": ["photoresist", "silicon"], "match": "any"})
    assert response.context["results"].counts == {"article": 2}
    assert response.context["results"].capped == {"article"}
    assert [document.title for document in response.context["page"]] == ["Tagged 2", "Tagged 1"]


def test_words_with_tags_window_the_newest_tagged_matches(client, monkeypatch):
    monkeypatch.setattr(service, "WINDOW", 2)
    for n in range(4):
        ArticleFactory(title=f"Garnet tagged {n}", tags=["photoresist"])
        ArticleFactory(title=f"Garnet untagged {n}", tags=["other"])
        ArticleFactory(title=f"Tagged without the word {n}", tags=["photoresist"])
    QuoteFactory(text="Garnet, tagged.", tags=["photoresist"])
    QuoteFactory(text="Garnet, untagged.")
    response = client.get("/search/", {"q": "garnet", "tag": "photoresist"})
    results = response.context["results"]
    assert results.counts == {"article": 2, "quote": 1}
    assert results.capped == {"article"}
    assert titles(client, q="garnet", tag="photoresist", type="article") == ["Garnet tagged 3", "Garnet tagged 2"]


def test_words_with_any_of_several_tags_count_an_item_once(client, tagged):
    ArticleFactory(title="Garnet on both", tags=["photoresist", "光刻胶"])
    ArticleFactory(title="Garnet on one", tags=["光刻胶"])
    ArticleFactory(title="Garnet on neither", tags=["other"])
    results = client.get("/search/", {"q": "garnet", "tag": ["photoresist", "光刻胶"], "match": "any"}).context[
        "results"
    ]
    assert results.counts == {"article": 2}
    assert sorted(doc.title for doc in results.documents) == ["Garnet on both", "Garnet on one"]


def test_phrase_with_a_tag(client, tagged):
    ArticleFactory(title="Tagged", body="The supply chain held.", tags=["photoresist"])
    ArticleFactory(title="Tagged, words apart", body="Supply ran short; the chain broke.", tags=["photoresist"])
    ArticleFactory(title="Untagged", body="The supply chain held.", tags=["other"])
    QuoteFactory(text="Our supply chain held.", speaker__name="Tagged speaker", tags=["photoresist"])
    assert sorted(found(client, q='"supply chain"', tag="photoresist")) == [
        ("article", "Tagged"),
        ("quote", "Tagged speaker"),
    ]


def add_documents_with_nothing_to_stop_on(count=5000):
    """Documents holding an English word but never the Chinese term searched with it.

    Newer than any article, and without one, so never shown: a window for
    both terms reads every one of them and fills nothing.
    """
    first, _ = SearchDocument.id_range("article")
    SearchDocument.objects.bulk_create(
        SearchDocument(id=first + 10**9 + n, kind="article", title=f"Materials note {n}", body="materials, again")
        for n in range(count)
    )


def test_a_search_past_its_time_limit_is_stopped_and_says_so(client, settings):
    add_documents_with_nothing_to_stop_on()
    settings.SEARCH_TIME_LIMIT_MS = 1
    response = client.get("/search/", {"q": "materials 材料"})
    assert response.status_code == 200
    assert response.context["results"].too_slow
    assert "This search took too long and was stopped." in response.content.decode()
    # The connection is fine afterwards, and the limit applied to the search only.
    settings.SEARCH_TIME_LIMIT_MS = 1000
    ArticleFactory(title="Materials article", body="材料 and materials")
    assert titles(client, q="材料 materials") == ["Materials article"]


def test_the_same_search_within_its_time_limit_finishes(client):
    add_documents_with_nothing_to_stop_on()
    results = client.get("/search/", {"q": "materials 材料"}).context["results"]
    assert not results.too_slow
    assert results.total == 0


def test_document_ids_sit_in_their_kinds_block(client):
    quote = QuoteFactory(text="Block ids")
    document = SearchDocument.objects.get(kind="quote")
    assert document.id == SearchDocument.id_for("quote", quote.pk)
    assert SearchDocument.kind_of(document.id) == "quote"
    first, last = SearchDocument.id_range("quote")
    assert first <= document.id <= last < SearchDocument.id_range("priority")[0]


def test_renumbering_migration_keeps_documents_findable(client):
    """Documents indexed before ids had kind blocks are moved to their block, index entries included."""
    quote = QuoteFactory(text="Renumbered obsidian")
    new_id = SearchDocument.id_for("quote", quote.pk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE symposium_searchdocument SET id = %s WHERE id = %s", [7, new_id])
        cursor.execute(import_module("symposium.migrations.0003_document_ids_by_kind").RENUMBER)
    assert SearchDocument.objects.get(kind="quote").id == new_id
    assert titles(client, q="obsidian") == [quote.speaker.name]


@pytest.mark.parametrize("query", ["*", "-", '"', "NEAR(", "( )", "AND OR NOT"])
def test_operator_only_queries_are_literal(client, query):
    ArticleFactory(title="Plain", body="Plain text without operators.")
    assert titles(client, q=query) == []


def test_empty_search_offers_tags_to_start_from(client, tagged):
    response = client.get("/search/")
    assert response.context["results"] is None
    assert 'href="?tag=photoresist"' in response.content.decode()


def test_narrowing_link_adds_a_tag_and_drops_the_page(client, tagged):
    page = client.get("/search/?q=tag&tag=photoresist&page=2").content.decode()
    assert 'href="?q=tag&amp;tag=photoresist&amp;tag=%E5%85%89%E5%88%BB%E8%83%B6"' in page
    assert 'href="?q=tag&amp;tag=photoresist&amp;tag=photoresist' not in page


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("光刻胶", "光刻 刻胶"),
        ("硅基材料，光刻胶。photoresist 胶", "硅基 基材 材料 光刻 刻胶"),
        ("材料和材料", "材料 料和 和材"),  # each pair once
        ("English only 1 字", ""),
    ],
)
def test_cjk_pairs(text, pairs):
    assert cjk_pairs(text) == pairs


def test_finds_words_in_the_standfirst(client):
    ArticleFactory(title="Report", standfirst="Fluoropolymers lead the list.", body="Nothing else here.")
    ArticleFactory(title="Other report", standfirst="Something else.", body="Nothing else here.")
    assert found(client, q="fluoropolymers") == [("article", "Report")]


def test_finds_a_quote_by_its_role(client):
    speaker = SpeakerFactory(name="Teng Fei", position="Inspector")
    QuoteFactory(speaker=speaker, text="Growth must be of quality.", role="Deputy director, petrochemical department")
    QuoteFactory(speaker=speaker, text="Innovation comes first.")
    QuoteFactory(speaker=SpeakerFactory(name="滕飞"), text="要提高质量。", role="国家发改委产业发展司石化司")
    assert found(client, q="petrochemical department") == [("quote", "Teng Fei")]
    assert found(client, q="石化司") == [("quote", "滕飞")]  # neither the words nor the name hold it
