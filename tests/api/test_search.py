"""/api/v1/search/: the search page as JSON, with its `type`, ranking and Chinese handling."""

from urllib.parse import quote as urlquote

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def kinds_and_titles(response):
    assert response.status_code == 200, response.data
    return [(hit["kind"], hit["title"]) for hit in response.data["results"]]


def test_every_kind_is_found_and_ranked(api, newsroom):
    found = kinds_and_titles(api("/api/v1/search/?q=photoresist"))
    assert found[:2] == [("article", "Photoresist supply"), ("priority", "Secure photoresist")]
    assert ("quote", "Li Shousheng") in found


def test_type_narrows_to_one_kind(api, newsroom):
    assert kinds_and_titles(api("/api/v1/search/?q=photoresist&type=quote")) == [("quote", "Li Shousheng")]
    assert kinds_and_titles(api(f"/api/v1/search/?q={urlquote('王明')}&type=speaker")) == [("speaker", "王明")]


def test_a_hit_links_its_page_its_api_address_and_its_article(api, newsroom, settings):
    settings.SITE_URL = "https://example.org"
    hit = api("/api/v1/search/?q=photoresist&type=priority").data["results"][0]
    assert hit["url"].startswith("https://example.org/priorities/")
    assert hit["api_url"].startswith("https://example.org/api/v1/priorities/")
    assert hit["article"] == {"title": "Photoresist supply", "url": "https://example.org/articles/photoresist-supply/"}
    assert "<mark>photoresist</mark>" in hit["title_html"]


def test_chinese_two_characters_and_tags(api, newsroom):
    assert ("article", "硅基材料的新进展") in kinds_and_titles(api(f"/api/v1/search/?q={urlquote('硅基')}"))
    tagged = kinds_and_titles(api("/api/v1/search/?tag=silicon&type=article"))
    assert tagged == [("article", "硅基材料的新进展")]


def test_search_pages_through_its_ranking(api, db):
    for n in range(5):
        ArticleFactory(title=f"Graphene note {n}")
    response = api("/api/v1/search/?q=graphene&type=article&page_size=2")
    titles = [hit["title"] for hit in response.data["results"]]
    while response.data["next"]:
        response = api(response.data["next"].split("8000", 1)[-1])
        titles += [hit["title"] for hit in response.data["results"]]
    assert titles == [f"Graphene note {n}" for n in (4, 3, 2, 1, 0)]


def test_nothing_hidden_is_found(api, newsroom):
    for query in ("q=secret", "q=hidden", "q=future", "q=yet", "q=words&type=quote"):
        text = api(f"/api/v1/search/?{query}").content.decode()
        assert "Secret" not in text and "Hidden" not in text and "Future" not in text, query


@pytest.mark.parametrize(
    ("query", "field"),
    [("", "q"), ("q=", "q"), ("q=" + "x" * 10_000, "q"), ("q=a&type=event", "type"), ("tag=embargoed", "tag"),
     ("tag=no-such", "tag"), ("q=a&match=most", "match"), ("q=a&language=fr", "language"),
     ("q=a&cursor=bad", "cursor"), ("q=a&page_size=1000", "page_size")],
)  # fmt: skip
def test_bad_values_are_400s(api, newsroom, query, field):
    response = api(f"/api/v1/search/?{query}")
    assert response.status_code == 400
    assert list(response.data) == [field]
