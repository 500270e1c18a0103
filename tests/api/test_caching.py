"""API responses are cached like pages and forgotten with them; ETag and 304; fixed query counts; CORS."""

import pytest
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    shown = ArticleFactory(
        title="Shown article", slug="shown", event=EventFactory(name="Shown forum"), tags=["shown-tag"]
    )
    quote = QuoteFactory(article=shown, speaker=SpeakerFactory(name="Shown Speaker", slug="shown-speaker"))
    PriorityFactory(article=shown, title="Shown priority", speaker=quote.speaker)
    other = ArticleFactory(
        title="Other article", slug="other", event=EventFactory(name="Other forum"), tags=["other-tag"]
    )
    other_quote = QuoteFactory(article=other, speaker=SpeakerFactory(name="Other Speaker", slug="other-speaker"))
    ArticleFactory(title="Third article", tags=["third-tag"])
    return {"shown": shown, "quote": quote, "other": other, "other_quote": other_quote}


def state(client, url):
    return client.get(url)["X-Page-Cache"]


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert state(client, url) == "hit", url


def other_responses(site, change):
    """Responses that show nothing the change touches."""
    if change in CHANGES_TO_OTHER:
        return ["/api/v1/articles/shown/", "/api/v1/speakers/shown-speaker/", f"/api/v1/quotes/{site['quote'].pk}/"]
    return ["/api/v1/articles/other/", f"/api/v1/quotes/{site['other_quote'].pk}/", "/api/v1/speakers/other-speaker/"]


def edit(instance, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()


CHANGES = {
    # name: (change, a response that shows it, what it shows afterwards)
    "article": (lambda s: edit(s["shown"], title="Retitled article"), "/api/v1/quotes/", "Retitled article"),
    "article list": (lambda s: edit(s["shown"], title="Retitled article"), "/api/v1/articles/", "Retitled article"),
    "article on its event": (lambda s: edit(s["shown"], title="Retitled article"),
                             lambda s: f"/api/v1/events/{s['shown'].event.slug}/", "Retitled article"),
    "quote": (lambda s: edit(s["quote"], text="Reworded words"), "/api/v1/articles/shown/", "Reworded words"),
    "speaker": (lambda s: edit(s["quote"].speaker, name="Renamed Speaker"), "/api/v1/articles/", "Renamed Speaker"),
    "event": (lambda s: edit(s["shown"].event, name="Renamed forum"), "/api/v1/priorities/", "Renamed forum"),
    "tag": (lambda s: edit(s["shown"].tags.get(), name="renamed tag"), "/api/v1/tags/", "renamed tag"),
    "retag": (lambda s: s["shown"].tags.add("fresh-tag"), "/api/v1/articles/shown/", "fresh-tag"),
    "retag, filtered": (lambda s: s["shown"].tags.add("third-tag"), "/api/v1/articles/?tag=third-tag",
                        "Shown article"),
    # Lists that did not show the item (it carries no key of theirs) and now should.
    "retag, all tags": (lambda s: s["other"].tags.add("third-tag"), "/api/v1/articles/?tag=third-tag&tag=other-tag",
                        "Other article"),
    "edit, searched": (lambda s: edit(s["other"], standfirst="On graphene."), "/api/v1/articles/?q=graphene",
                       "Other article"),
    "edit, search": (lambda s: edit(s["other"], standfirst="On graphene."), "/api/v1/search/?q=graphene",
                     "Other article"),
    "new quote": (lambda s: QuoteFactory(article=s["shown"], speaker=s["quote"].speaker, text="Fresh words"),
                  "/api/v1/speakers/shown-speaker/", '"quote_count":2'),
}  # fmt: skip
CHANGES_TO_OTHER = {"retag, all tags", "edit, searched", "edit, search"}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_forgets_the_responses_that_show_it_and_no_others(client, committed, site, change):
    make_change, url, shown_after = CHANGES[change]
    url = url(site) if callable(url) else url
    others = other_responses(site, change)
    warm(client, url, *others)
    with committed():
        make_change(site)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert shown_after in response.content.decode()
    for other_url in others:
        assert state(client, other_url) == "hit", other_url


def test_publishing_forgets_lists_and_filtered_lists(client, committed, site):
    draft = ArticleFactory(draft=True, title="Fresh report", tags=["other-tag"])
    urls = ["/api/v1/articles/", "/api/v1/articles/?tag=other-tag", "/api/v1/tags/other-tag/", "/api/v1/tags/"]
    warm(client, *urls)
    with committed():
        Article.objects.filter(pk=draft.pk).publish()
    for url in urls[:2]:
        assert "Fresh report" in client.get(url).content.decode(), url
    assert '"articles":2' in client.get("/api/v1/tags/other-tag/").content.decode()


@pytest.mark.parametrize("change", ["retitle", "unpublish"])
def test_a_translation_changed_forgets_the_article_that_links_it(client, committed, site, change):
    from articles.services import link_translations

    chinese = ArticleFactory(title="中文版", slug="中文版", language="zh-Hans")
    link_translations(site["shown"], chinese)
    chinese.refresh_from_db()
    warm(client, "/api/v1/articles/shown/")
    assert "中文版" in client.get("/api/v1/articles/shown/").content.decode()
    with committed():
        if change == "retitle":
            edit(chinese, title="新标题")
        else:
            Article.objects.filter(pk=chinese.pk).unpublish()
    translations = client.get("/api/v1/articles/shown/").json()["translations"]
    assert [t["title"] for t in translations] == (["新标题"] if change == "retitle" else [])


def test_etag_and_304_on_a_miss_and_on_a_hit(client, site):
    first = client.get("/api/v1/articles/")
    assert first["X-Page-Cache"] == "miss"
    etag = first["ETag"]
    assert client.get("/api/v1/articles/", headers={"If-None-Match": etag}).status_code == 304
    hit = client.get("/api/v1/articles/")
    assert (hit["X-Page-Cache"], hit["ETag"]) == ("hit", etag)
    assert client.get("/api/v1/articles/shown/", headers={"If-None-Match": etag}).status_code == 200


def test_an_edit_changes_the_etag(client, committed, site):
    etag = client.get("/api/v1/articles/shown/")["ETag"]
    with committed():
        edit(site["shown"], standfirst="A new standfirst.")
    response = client.get("/api/v1/articles/shown/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_filters_and_cursors_are_part_of_the_cache_key(client, site):
    every = client.get("/api/v1/articles/").json()["results"]
    assert len(every) == 3
    assert len(client.get("/api/v1/articles/?page_size=1").json()["results"]) == 1
    assert [a["slug"] for a in client.get("/api/v1/articles/?tag=other-tag").json()["results"]] == ["other"]
    assert [a["slug"] for a in client.get("/api/v1/articles/?speaker=shown-speaker").json()["results"]] == ["shown"]


@pytest.mark.parametrize("url", ["/api/v1/articles/?page_size=0", "/api/v1/articles/no-such/", "/api/v1/nowhere/"])
def test_errors_are_never_cached(client, site, url):
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def build(n):
    """n articles, each with a quote, a priority (each by its own speaker), three tags and an event."""
    for i in range(n):
        article = ArticleFactory(event=EventFactory(), tags=["shared", f"tag-{i}", f"more-{i}"])
        QuoteFactory(article=article, speaker=SpeakerFactory(), tags=["shared"])
        QuoteFactory(article=article, speaker=SpeakerFactory(), tags=["shared"])
        PriorityFactory(article=article, number=1, speaker=SpeakerFactory(), tags=["shared"])
    return article


# (url, queries): the same for 1 item and for 30. On a cold cache every response stored pays
# one query for the next scheduled publication (as pages do, tests/site/test_query_counts.py),
# lists of tags and a tag filter the three grouped tag counts, a search the site's search queries.
RESPONSES = {
    "articles": (lambda a: "/api/v1/articles/?page_size=100", 5),
    "articles, tag": (lambda a: "/api/v1/articles/?page_size=100&tag=shared", 9),
    "articles, search": (lambda a: "/api/v1/articles/?page_size=100&q=report", 8),
    "article": (lambda a: a.get_absolute_url().replace("/articles/", "/api/v1/articles/"), 6),
    "quotes": (lambda a: "/api/v1/quotes/?page_size=100", 3),
    "quote": (lambda a: f"/api/v1/quotes/{a.quotes.first().pk}/", 3),
    "priorities": (lambda a: "/api/v1/priorities/?page_size=100", 3),
    "speakers": (lambda a: "/api/v1/speakers/?page_size=100", 2),
    "speaker": (lambda a: f"/api/v1/speakers/{a.quotes.first().speaker.slug}/", 2),
    "events": (lambda a: "/api/v1/events/?page_size=100", 2),
    "event": (lambda a: f"/api/v1/events/{a.event.slug}/", 3),
    "tags": (lambda a: "/api/v1/tags/?page_size=100", 5),
    "search": (lambda a: "/api/v1/search/?page_size=100&q=report", 5),
    "search, tag": (lambda a: "/api/v1/search/?page_size=100&tag=shared", 9),
    "tag": (lambda a: "/api/v1/tags/shared/", 5),
}
SEARCH_TIME_LIMIT_QUERIES = {"sqlite": 0, "postgresql": 4}


@pytest.mark.parametrize("n", [1, 30])
@pytest.mark.parametrize("name", RESPONSES)
def test_query_count_is_fixed(client, django_assert_num_queries, n, name):
    article = build(n)
    url_for, queries = RESPONSES[name]
    if "search" in name:
        queries += SEARCH_TIME_LIMIT_QUERIES[connection.vendor]
    url = url_for(article)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_cors_lets_any_site_read_without_credentials(client, site):
    client.get("/api/v1/articles/")  # cached by a request that named no origin
    response = client.get("/api/v1/articles/", headers={"Origin": "https://elsewhere.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    hit = client.get("/api/v1/articles/", headers={"Origin": "https://another.example"})
    assert (hit["X-Page-Cache"], hit["Access-Control-Allow-Origin"]) == ("hit", "*")


def test_cors_preflight_allows_get_only(client, site):
    response = client.options(
        "/api/v1/articles/",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_cors_is_for_the_api_only(client, site):
    response = client.get("/articles/", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(client, site, method):
    response = getattr(client, method)("/api/v1/articles/shown/", data={}, content_type="application/json")
    assert response.status_code == 405


@pytest.mark.parametrize("n", [1, 30])
def test_query_count_is_fixed_with_translations(client, django_assert_num_queries, n):
    from articles.services import link_translations

    for _ in range(n):
        english = build(1)
        link_translations(english, ArticleFactory(language="zh-Hans", tags=["shared"]))
    # The list's five (above), and one for every listed article's public translations.
    with django_assert_num_queries(6):
        response = client.get("/api/v1/articles/?page_size=100")
    assert len(response.json()["results"]) == 2 * n
    assert all(article["translations"] for article in response.json()["results"])
