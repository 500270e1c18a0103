"""Every endpoint, its items' fields and links, and paging through a list with cursors."""

from urllib.parse import quote as urlquote

import pytest

from tests.api.conftest import days_ago
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver.example"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.SITE_URL = SITE


def slugs(response):
    return [item.get("slug", item.get("id")) for item in response.data["results"]]


def test_root_lists_every_endpoint(api, newsroom):
    response = api("/api/v1/")
    assert response.status_code == 200
    assert response.data["articles"] == f"{SITE}/api/v1/articles/"
    assert set(response.data) == {
        "articles",
        "quotes",
        "priorities",
        "speakers",
        "events",
        "tags",
        "search",
        "schema",
        "docs",
    }


def test_articles_list_newest_first_with_their_parts(api, newsroom):
    response = api("/api/v1/articles/")
    assert response.status_code == 200
    assert slugs(response) == ["硅基材料", "photoresist-supply"]
    old = response.data["results"][1]
    assert old["url"] == f"{SITE}/articles/photoresist-supply/"
    assert old["api_url"] == f"{SITE}/api/v1/articles/photoresist-supply/"
    assert old["event"]["slug"] == "materials-forum"
    assert old["event"]["api_url"] == f"{SITE}/api/v1/events/materials-forum/"
    assert [tag["slug"] for tag in old["tags"]] == ["photoresist", "semiconductors"]
    assert [quote["text"] for quote in old["quotes"]] == ["We must close the photoresist gap."]
    assert [(p["number"], p["title"]) for p in old["priorities"]] == [(1, "Secure photoresist")]
    assert [speaker["slug"] for speaker in old["speakers"]] == ["li-shousheng"]
    assert old["language"] == "en"
    assert "body" not in old


def test_article_detail_by_unicode_slug_has_body(api, newsroom):
    response = api(f"/api/v1/articles/{urlquote('硅基材料')}/")
    assert response.status_code == 200
    assert response.data["title"] == "硅基材料的新进展"
    assert response.data["language"] == "zh-Hans"
    # Its page with the Chinese interface: the English one would show its English translation, if any.
    assert response.data["url"] == f"{SITE}/zh-hans/articles/{urlquote('硅基材料')}/"
    assert response.data["body"] == "The industry met to discuss materials."
    assert response.data["body_html"] == "<p>The industry met to discuss materials.</p>"


def test_quotes_list_and_detail_by_id(api, newsroom):
    response = api("/api/v1/quotes/")
    assert [quote["text"] for quote in response.data["results"]] == [
        "硅基材料是关键。",
        "We must close the photoresist gap.",
    ]
    quote_id = response.data["results"][1]["id"]
    detail = api(f"/api/v1/quotes/{quote_id}/")
    assert detail.data["speaker"]["slug"] == "li-shousheng"
    assert detail.data["article"]["slug"] == "photoresist-supply"
    assert detail.data["url"] == f"{SITE}/quotes/{quote_id}/"
    assert detail.data["api_url"] == f"{SITE}/api/v1/quotes/{quote_id}/"


def test_priorities_list_and_detail(api, newsroom):
    response = api("/api/v1/priorities/")
    assert [p["title"] for p in response.data["results"]] == ["发展硅基材料", "Secure photoresist"]
    detail = api(response.data["results"][1]["api_url"].removeprefix(SITE))
    assert detail.data["event"]["slug"] == "materials-forum"
    assert detail.data["speaker"]["slug"] == "li-shousheng"
    assert detail.data["tags"] == [
        {"name": "photoresist", "slug": "photoresist", "url": f"{SITE}/tags/photoresist/",
         "api_url": f"{SITE}/api/v1/tags/photoresist/"},
    ]  # fmt: skip


def test_speakers_by_name_with_public_counts(api, newsroom):
    response = api("/api/v1/speakers/")
    # By English name, then Chinese, as the model orders them: 王明 has no English name.
    assert slugs(response) == ["王明", "li-shousheng"]
    li = response.data["results"][1]
    assert (li["name"], li["name_en"], li["name_zh_hans"]) == ("Li Shousheng", "Li Shousheng", "")
    assert (li["quote_count"], li["priority_count"]) == (1, 1)
    assert li["quotes_api_url"] == f"{SITE}/api/v1/quotes/?speaker=li-shousheng"
    wang = api(f"/api/v1/speakers/{urlquote('王明')}/").data
    assert (wang["name"], wang["name_en"], wang["name_zh_hans"]) == ("王明", "", "王明")


def test_events_latest_first_and_detail_lists_public_articles(api, newsroom):
    response = api("/api/v1/events/")
    assert slugs(response) == ["材料峰会", "materials-forum"]
    assert response.data["results"][1]["article_count"] == 1
    detail = api("/api/v1/events/materials-forum/")
    assert [article["slug"] for article in detail.data["articles"]] == ["photoresist-supply"]


def test_tags_are_topics_with_counts(api, newsroom):
    response = api("/api/v1/tags/")
    by_slug = {topic["slug"]: topic for topic in response.data["results"]}
    assert set(by_slug) == {"photoresist", "semiconductors", "silicon", "光刻胶"}
    assert by_slug["photoresist"]["counts"] == {"articles": 1, "quotes": 1, "priorities": 1, "total": 3}
    assert by_slug["photoresist"]["articles_api_url"] == f"{SITE}/api/v1/articles/?tag=photoresist"
    detail = api(f"/api/v1/tags/{urlquote('光刻胶')}/")
    assert detail.data["counts"]["articles"] == 1
    assert detail.data["url"] == f"{SITE}/tags/{urlquote('光刻胶')}/"


def test_tags_of_one_type(api, newsroom):
    response = api("/api/v1/tags/?type=quote")
    assert slugs(response) == ["photoresist", "silicon"]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/articles/no-such/", "/api/v1/quotes/999999/", "/api/v1/speakers/nobody/", "/api/v1/events/none/",
     "/api/v1/tags/nothing/", "/api/v1/priorities/no/", "/api/v1/unknown/", "/api/v1/quotes/abc/",
     "/api/v1/quotes/99999999999999999999999/", "/api/v1/articles/%F0%9F%A7%AA/"],
)  # fmt: skip
def test_unknown_addresses_are_json_404s(api, newsroom, url):
    response = api(url)
    assert response.status_code == 404
    assert "detail" in response.data


def walk(api, url):
    """Every item of a list, page by page, following `next`."""
    seen, pages = [], 0
    while url:
        response = api(url.removeprefix(SITE))
        assert response.status_code == 200, response.data
        seen += response.data["results"]
        url, pages = response.data["next"], pages + 1
    return seen, pages


def test_cursor_pages_cover_every_item_once_even_with_equal_dates(api, db):
    same_moment = days_ago(1)
    for _ in range(7):
        ArticleFactory(published_at=same_moment)
    ArticleFactory(published_at=days_ago(5))
    items, pages = walk(api, "/api/v1/articles/?page_size=3")
    assert pages == 3
    assert len({item["slug"] for item in items}) == 8
    assert items[-1]["published_at"] < items[0]["published_at"]


def test_a_page_never_shifts_when_an_article_is_published_meanwhile(api, db):
    for n in range(4):
        ArticleFactory(title=f"Old {n}", published_at=days_ago(10 + n))
    first = api("/api/v1/articles/?page_size=2")
    ArticleFactory(title="Brand new", published_at=days_ago(0))
    second = api(first.data["next"].removeprefix(SITE))
    assert [item["title"] for item in second.data["results"]] == ["Old 2", "Old 3"]


def test_quotes_page_through_one_article(api, db):
    article = ArticleFactory()
    for n in range(5):
        QuoteFactory(article=article, position=n)
    items, pages = walk(api, "/api/v1/quotes/?page_size=2")
    assert (len({item["id"] for item in items}), pages) == (5, 3)
    assert [item["position"] for item in items] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("endpoint", ["speakers", "events", "tags", "priorities"])
def test_other_lists_page_through_every_item(api, endpoint, db):
    for n in range(5):
        article = ArticleFactory(event=EventFactory(), tags=[f"tag-{n}"])
        QuoteFactory(article=article)
        PriorityFactory(article=article, number=1)
    items, pages = walk(api, f"/api/v1/{endpoint}/?page_size=2")
    assert (len(items), pages) == (5, 3)
    assert len({item["api_url"] for item in items}) == 5


def test_articles_link_their_public_translations(api, client, newsroom):
    from articles.services import link_translations

    link_translations(newsroom["old"], newsroom["new"])
    response = api("/api/v1/articles/")
    by_slug = {article["slug"]: article for article in response.data["results"]}
    assert [(t["language"], t["slug"]) for t in by_slug["photoresist-supply"]["translations"]] == [
        ("zh-Hans", "硅基材料")
    ]
    assert by_slug["硅基材料"]["translations"][0]["api_url"] == f"{SITE}/api/v1/articles/photoresist-supply/"
    detail = api("/api/v1/articles/photoresist-supply/")
    assert [t["slug"] for t in detail.data["translations"]] == ["硅基材料"]
    for article in response.data["results"]:  # each `url` is that article's page, not its translation's
        page = client.get(article["url"].removeprefix(SITE))
        assert page.status_code == 200
        assert article["title"] in page.content.decode()


def test_a_translation_still_in_draft_is_not_linked(api, newsroom):
    from articles.services import start_translation

    draft = start_translation(newsroom["old"])
    assert draft.status == "draft"
    assert api("/api/v1/articles/photoresist-supply/").data["translations"] == []
    assert api(f"/api/v1/articles/{draft.slug}/").status_code == 404
