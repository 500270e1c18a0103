import pytest

from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged():
    return {
        "both": ArticleFactory(title="Both tags", tags=["photoresist", "光刻胶"]),
        "english": ArticleFactory(title="English tag only", tags=["photoresist"]),
        "chinese": ArticleFactory(title="Chinese tag only", tags=["光刻胶"]),
        "neither": ArticleFactory(title="Untagged", tags=["other"]),
    }


def titles(response, kind="article"):
    section = next(s for s in response.context["results"].sections if s.kind.name == kind)
    return sorted(item.title for item in section.results)


def test_tags_match_all_by_default(client, tagged):
    response = client.get("/search/", {"tag": ["photoresist", "光刻胶"]})
    assert titles(response) == ["Both tags"]


def test_tags_match_any(client, tagged):
    response = client.get("/search/", {"tag": ["photoresist", "光刻胶"], "match": "any"})
    assert titles(response) == ["Both tags", "Chinese tag only", "English tag only"]


def test_chinese_tag_alone(client, tagged):
    response = client.get("/search/?tag=光刻胶")
    assert titles(response) == ["Both tags", "Chinese tag only"]


def test_tag_given_fifty_times_counts_once(client, tagged):
    response = client.get("/search/", {"tag": ["photoresist"] * 50})
    assert response.status_code == 200
    assert titles(response) == ["Both tags", "English tag only"]


def test_many_distinct_tags_is_a_form_error(client, tagged):
    response = client.get("/search/", {"tag": [f"tag-{n}" for n in range(50)]})
    assert response.status_code == 400
    assert "Choose at most 10 tags." in response.content.decode()


def test_unknown_tag_with_all_finds_nothing_and_says_so(client, tagged):
    response = client.get("/search/", {"tag": ["photoresist", "no-such-tag"]})
    page = response.content.decode()
    assert "There is no tag called “no-such-tag”." in page
    assert response.context["results"].total == 0


def test_unknown_tag_with_any_is_ignored(client, tagged):
    response = client.get("/search/", {"tag": ["photoresist", "no-such-tag"], "match": "any"})
    assert titles(response) == ["Both tags", "English tag only"]


def test_text_and_tags_combine(client, tagged):
    response = client.get("/search/", {"tag": "photoresist", "q": "english"})
    assert titles(response) == ["English tag only"]


def test_type_limits_to_one_kind_and_pages(client):
    for n in range(25):
        QuoteFactory(text=f"Materials quote {n}", tags=["materials"])
    ArticleFactory(title="Materials article", tags=["materials"])
    response = client.get("/search/", {"tag": "materials", "type": "quote"})
    assert [s.kind.name for s in response.context["results"].sections] == ["quote"]
    assert len(response.context["page"]) == 20
    second = client.get("/search/", {"tag": "materials", "type": "quote", "page": 2})
    assert len(second.context["page"]) == 5
    assert 'href="?tag=materials&amp;type=quote&amp;page=1"' in second.content.decode()


def test_text_finds_quotes_by_speaker_name_and_priorities(client):
    QuoteFactory(speaker=SpeakerFactory(name="Xu Jian"), text="An alarm bell.")
    PriorityFactory(title="Build innovation platforms")
    assert titles_of(client.get("/search/?q=xu jian"), "quote") == ["An alarm bell."]
    assert titles(client.get("/search/?q=platforms"), "priority") == ["Build innovation platforms"]


def titles_of(response, kind):
    section = next(s for s in response.context["results"].sections if s.kind.name == kind)
    return [item.text for item in section.results]


def test_chinese_text_query(client):
    ArticleFactory(title="座谈会", body="硅基材料和高端光刻胶")
    ArticleFactory(title="Other", body="nothing here")
    assert titles(client.get("/search/?q=光刻胶")) == ["座谈会"]
    assert titles(client.get("/search/?q=材料")) == ["座谈会"]


def test_results_counted_per_kind(client, tagged):
    QuoteFactory(tags=["photoresist"])
    response = client.get("/search/?tag=photoresist")
    assert "3 results: 2 articles, 1 quote, 0 priorities" in response.content.decode()


def test_empty_search_offers_tags_to_start_from(client, tagged):
    response = client.get("/search/")
    assert response.context["results"] is None
    assert 'href="?tag=photoresist"' in response.content.decode()


def test_narrowing_link_adds_a_tag_and_drops_the_page(client, tagged):
    page = client.get("/search/?q=tag&tag=photoresist&page=2").content.decode()
    assert 'href="?q=tag&amp;tag=photoresist&amp;tag=%E5%85%89%E5%88%BB%E8%83%B6"' in page
    assert 'href="?q=tag&amp;tag=photoresist&amp;tag=photoresist' not in page
