"""Hostile and malformed input gets a 404 or a friendly page, never a 500."""

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LONG = "x" * 10_000


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-article/",
        "/speakers/no-such-speaker/",
        "/events/no-such-event/",
        "/priorities/no-such-priority/",
        "/tags/no-such-tag/",
        "/feeds/tags/no-such-tag/",
        "/quotes/999999/",
        "/quotes/99999999999999999999999/",
        "/articles/%F0%9F%92%A5/",  # an emoji slug
        "/tags/%E2%80%AE%E5%85%89/",  # right-to-left override + 光
        "/articles/../../etc/passwd",
    ],
)
def test_unknown_things_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1e9", "", "1.5", LONG, "%00"])
@pytest.mark.parametrize(
    "url", ["/articles/", "/priorities/", "/search/?tag=t&type=article&", "/tags/t/?type=article&", "/tags/t/"]
)
def test_bad_page_numbers_give_a_real_page(client, url, page):
    ArticleFactory(tags=["t"])
    separator = "&" if "?" in url else "?"
    response = client.get(f"{url}{separator}page={page}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"q": ""},
        {"q": LONG},
        {"q": "   "},
        {"q": "\x00"},
        {"q": "' OR 1=1 --"},
        {"q": '"unbalanced'},
        {"q": "NEAR( * - ^"},
        {"q": "%"},
        {"q": "_"},
        {"tag": "\x00"},
        {"tag": LONG},
        {"tag": "../../etc"},
        {"tag": ["a"] * 50},
        {"tag": "🙂"},
        {"match": "sometimes", "tag": "a"},
        {"type": "user", "q": "x"},
        {"type": LONG},
    ],
)
def test_hostile_search_input_is_answered(client, query):
    ArticleFactory(title="100% pure_material", tags=["a"])
    response = client.get("/search/", query)
    assert response.status_code in {200, 400}
    assert b"<h1>Search</h1>" in response.content


@pytest.mark.parametrize("query", ["100%", "1_0"])
def test_like_wildcards_are_literal_in_text_search(client, query):
    ArticleFactory(title="100% pure")
    ArticleFactory(title="1000 decoys 10x0")
    response = client.get("/search/", {"q": query, "type": "article"})
    expected = [] if query == "1_0" else ["100% pure"]
    assert [doc.title for doc in response.context["page"]] == expected


def test_overlong_query_says_why(client):
    response = client.get("/search/", {"q": LONG})
    assert response.status_code == 400
    assert "Search for at most 200 characters." in response.content.decode()


def test_raw_invalid_utf8_in_query_string(client):
    response = client.get("/search/?q=%ED%A0%80%FF&tag=%FF")
    assert response.status_code in {200, 400}
