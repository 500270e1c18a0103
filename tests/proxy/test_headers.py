"""What a caching proxy or CDN in front is told: how long to keep a public page, and the keys it shows."""

import datetime
import time

import pytest
from django.utils import timezone

from symposium import proxy
from symposium.pagecache import CLOCK_SKEW_SECONDS, forget_keys
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def varnish(settings):
    settings.PROXY_CACHE = "varnish"
    settings.PROXY_CACHE_SECONDS = 86400
    settings.PROXY_STALE_WHILE_REVALIDATE_SECONDS = 30
    settings.STALE_IF_ERROR_SECONDS = 3600
    return settings


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def keys(response, header="xkey", separator=" "):
    return set(response[header].split(separator))


def test_a_public_page_is_kept_long_by_the_proxy_and_briefly_by_browsers(client, varnish):
    quote = QuoteFactory(article__tags=["光刻胶"])
    article = quote.article
    for state in ("miss", "hit"):
        response = client.get(article.get_absolute_url())
        assert response["X-Page-Cache"] == state
        assert {"public", f"max-age={varnish.BROWSER_CACHE_SECONDS}", "stale-while-revalidate=30",
                "stale-if-error=3600"} <= directives(response)  # fmt: skip
        maxage = next(int(part.split("=")[1]) for part in directives(response) if part.startswith("s-maxage="))
        assert 86000 < maxage <= 86400
        tag = article.tags.get()
        assert {"all", f"article:{article.pk}", f"quote:{quote.pk}", f"speaker:{quote.speaker_id}",
                f"tag:{tag.pk}"} <= keys(response)  # fmt: skip


def test_a_listing_names_every_item_on_it(client, varnish):
    articles = ArticleFactory.create_batch(3)
    response = client.get("/articles/")
    assert {"all", "list:article", *(f"article:{article.pk}" for article in articles)} <= keys(response)


def test_without_a_proxy_pages_say_nothing_to_shared_caches(client, settings):
    settings.PROXY_CACHE = ""
    response = client.get(ArticleFactory().get_absolute_url())
    assert "s-maxage" not in response["Cache-Control"]
    assert "xkey" not in response


@pytest.mark.parametrize(
    ("name", "header", "separator"),
    [("fastly", "Surrogate-Key", " "), ("cloudflare", "Cache-Tag", ","), ("varnish", "xkey", " ")],
)
def test_each_provider_gets_its_own_header(client, varnish, name, header, separator):
    varnish.PROXY_CACHE = name
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert {"all", f"article:{article.pk}"} <= keys(response, header, separator)


def test_the_header_name_can_be_set(client, varnish):
    varnish.PROXY_KEY_HEADER = "X-Page-Keys"
    response = client.get("/")
    assert "all" in keys(response, "X-Page-Keys") and "xkey" not in response


def test_keys_that_would_overflow_the_header_give_way_to_their_kind(varnish):
    many = {f"article:{number}" for number in range(100_000, 101_000)} | {"all", "list:article", "tag:7"}
    value = proxy.header_value(many, max_bytes=7000)
    assert set(value.split(" ")) == {"all", "list:article", "any:article", "any:tag"}
    assert proxy.header_value({"all", "article:1"}, max_bytes=7000) == "all article:1"


def test_a_purge_of_an_item_reaches_pages_that_name_only_its_kind():
    assert proxy.purge_keys({"article:12", "list:article"}) == {"article:12", "any:article", "list:article"}


@pytest.mark.parametrize("url", ["/", "/articles/"])
def test_a_session_gets_private_pages_without_keys(staff_client, varnish, url):
    for _ in range(2):  # rendered, then from the page cache
        response = staff_client.get(url)
        assert "private" in directives(response)
        assert "public" not in directives(response) and "s-maxage" not in response["Cache-Control"]
        assert "xkey" not in response


def test_admin_preview_and_posts_are_never_shared(staff_client, varnish):
    draft = ArticleFactory(draft=True)
    for response in (staff_client.get("/admin/articles/article/"), staff_client.get(draft.get_preview_url()),
                     staff_client.post("/preview/markdown/", {"text": "*hi*"})):  # fmt: skip
        assert "s-maxage" not in response.get("Cache-Control", "") and "xkey" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_a_missing_page_is_not_kept_by_the_proxy(client, varnish):
    response = client.get("/articles/not-yet-published/")
    assert response.status_code == 404
    assert "s-maxage=0" in response["Cache-Control"] and "xkey" not in response


def test_the_proxy_keeps_a_page_no_longer_than_the_next_scheduled_publication(client, varnish):
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=10))
    for _ in range(2):
        response = client.get("/articles/")
        maxage = next(int(part.split("=")[1]) for part in directives(response) if part.startswith("s-maxage="))
        assert 590 <= maxage <= 600


def test_a_page_whose_content_changed_while_it_rendered_is_not_kept(client, varnish, monkeypatch):
    """A purge sent before such a page reaches the proxy would leave the old page there for hours."""
    from articles import views

    article = ArticleFactory()
    render = views.render_article

    def render_while_another_process_commits_an_edit(request, article_shown, **kwargs):
        response = render(request, article_shown, **kwargs)
        forget_keys({f"article:{article.pk}"})
        return response

    monkeypatch.setattr(views, "render_article", render_while_another_process_commits_an_edit)
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == f"max-age={varnish.BROWSER_CACHE_SECONDS}, s-maxage=0"
    assert "xkey" not in response
    monkeypatch.undo()
    time.sleep(CLOCK_SKEW_SECONDS)  # a page begun this soon after the edit is not trusted either
    again = client.get(article.get_absolute_url())
    assert again["X-Page-Cache"] == "miss" and "s-maxage=86400" in again["Cache-Control"]
