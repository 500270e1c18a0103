"""Page cache with invalidation, conditional GET, feeds, sitemap and structured data."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from tests.admin_forms import save_in_admin
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_conditional_get_answers_304(client):
    article = ArticleFactory()
    first = client.get(article.get_absolute_url())
    etag = first["ETag"]
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_pages_carry_cache_headers(client, settings):
    response = client.get("/")
    assert f"max-age={settings.BROWSER_CACHE_SECONDS}" in response["Cache-Control"]
    assert "Expires" in response


def test_edit_is_seen_at_once(client, committed):
    article = ArticleFactory(title="Before the edit")
    assert "Before the edit" in client.get("/articles/").content.decode()
    article.title = "After the edit"
    with committed():
        article.save()
    assert "After the edit" in client.get("/articles/").content.decode()


def test_bulk_unpublish_is_seen_at_once(client, committed):
    article = ArticleFactory(title="Soon withdrawn")
    assert client.get(article.get_absolute_url()).status_code == 200
    with committed():
        Article.objects.filter(pk=article.pk).unpublish()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Soon withdrawn" not in client.get("/").content.decode()


def test_retagging_is_seen_at_once(client, committed):
    article = ArticleFactory(tags=["old-tag"])
    assert client.get("/tags/old-tag/").status_code == 200
    with committed():
        article.tags.set(["new-tag"])
    assert client.get("/tags/old-tag/").status_code == 404
    assert client.get("/tags/new-tag/").status_code == 200


# Every kind of content an editor changes reaches the cached pages that show it.
# Edits go through the admin, as an editor makes them, with what it runs after
# the commit; each page is read once first, so the old version is in the cache.


@pytest.fixture
def edit(staff_client, committed):
    def save(obj, **changes):
        with committed():
            save_in_admin(staff_client, obj, **changes)

    return save


@pytest.fixture
def reader():
    """An anonymous reader, separate from the logged-in editor."""
    from django.test import Client

    return Client()


@pytest.fixture
def covered():
    """A public article with an event, a quote and a priority, each by a speaker."""
    event = EventFactory(name="Old forum name")
    article = ArticleFactory(title="Covered report", event=event, tags=["coverage"])
    speaker = SpeakerFactory(name="Old speaker name")
    quote = QuoteFactory(article=article, speaker=speaker, text="Old quoted words.", tags=["old-quote-tag"])
    priority = PriorityFactory(article=article, speaker=speaker, title="Old priority title", tags=["old-priority-tag"])
    return article, quote, priority


def pages_show(reader, urls, text):
    """Which of the pages show the text (each read must succeed)."""
    shown = []
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, url
        if text in response.content.decode():
            shown.append(url)
    return shown


def test_quote_edit_is_seen_at_once(reader, edit, covered):
    article, quote, _ = covered
    urls = [article.get_absolute_url(), quote.get_absolute_url(), quote.speaker.get_absolute_url()]
    assert pages_show(reader, urls, "Old quoted words.") == urls
    edit(quote, text="New quoted words.")
    assert pages_show(reader, urls, "New quoted words.") == urls
    assert pages_show(reader, urls, "Old quoted words.") == []


def test_priority_edit_is_seen_at_once(reader, edit, covered):
    article, _, priority = covered
    urls = ["/", "/priorities/", article.get_absolute_url(), priority.get_absolute_url()]
    assert pages_show(reader, urls, "Old priority title") == urls
    edit(priority, title="New priority title")
    assert pages_show(reader, urls, "New priority title") == urls
    assert pages_show(reader, urls, "Old priority title") == []


def test_speaker_edit_is_seen_at_once(reader, edit, covered):
    article, quote, priority = covered
    urls = ["/speakers/", article.get_absolute_url(), quote.get_absolute_url(), priority.get_absolute_url()]
    assert pages_show(reader, urls, "Old speaker name") == urls
    edit(quote.speaker, name_en="New speaker name")
    assert pages_show(reader, urls, "New speaker name") == urls
    assert pages_show(reader, urls, "Old speaker name") == []


def test_event_edit_is_seen_at_once(reader, edit, covered):
    article, _, _ = covered
    urls = ["/events/", article.event.get_absolute_url(), article.get_absolute_url(), "/articles/"]
    assert pages_show(reader, urls, "Old forum name") == urls
    edit(article.event, name_en="New forum name")
    assert pages_show(reader, urls, "New forum name") == urls
    assert pages_show(reader, urls, "Old forum name") == []


def test_retagging_a_quote_is_seen_at_once(reader, edit, covered):
    _, quote, _ = covered
    assert pages_show(reader, ["/tags/", "/tags/old-quote-tag/"], "old-quote-tag") == [
        "/tags/",
        "/tags/old-quote-tag/",
    ]
    edit(quote, tags="new-quote-tag")
    assert reader.get("/tags/old-quote-tag/").status_code == 404
    assert pages_show(reader, ["/tags/", "/tags/new-quote-tag/"], "Old quoted words.") == ["/tags/new-quote-tag/"]
    assert pages_show(reader, ["/tags/"], "new-quote-tag") == ["/tags/"]
    assert pages_show(reader, ["/tags/"], "old-quote-tag") == []


def test_retagging_a_priority_is_seen_at_once(reader, edit, covered):
    article, _, priority = covered
    urls = [article.get_absolute_url(), "/priorities/", "/tags/"]
    assert pages_show(reader, urls, "old-priority-tag") == urls
    edit(priority, tags="new-priority-tag")
    assert pages_show(reader, urls, "new-priority-tag") == urls
    assert pages_show(reader, urls, "old-priority-tag") == []


def test_deleting_a_quote_is_seen_at_once(reader, staff_client, committed, covered):
    article, quote, _ = covered
    assert pages_show(reader, [article.get_absolute_url()], "Old quoted words.") == [article.get_absolute_url()]
    with committed():
        staff_client.post(f"/admin/articles/quote/{quote.pk}/delete/", {"post": "yes"})
    assert pages_show(reader, [article.get_absolute_url()], "Old quoted words.") == []
    assert reader.get(quote.get_absolute_url()).status_code == 404


def test_admin_pages_are_never_cached(staff_client):
    response = staff_client.get("/admin/articles/article/")
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.fixture
def published_and_hidden():
    shown = ArticleFactory(title="Shown & told", tags=["光刻胶"])
    QuoteFactory(article=shown, speaker__name="Xu Jian", speaker__slug="xu-jian")
    ArticleFactory(title="Hidden draft", draft=True, tags=["光刻胶"])
    ArticleFactory(title="Hidden future", future=True, tags=["光刻胶"])
    return shown


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/articles/",
        "/feeds/articles/atom/",
        "/feeds/tags/光刻胶/",
        "/feeds/tags/光刻胶/atom/",
        "/feeds/speakers/xu-jian/",
        "/feeds/speakers/xu-jian/atom/",
    ],
)
def test_feeds_are_valid_xml_with_only_public_articles(client, published_and_hidden, url):
    response = client.get(url)
    root = ET.fromstring(response.content)
    titles = [el.text for el in root.iter() if el.tag in {"title", f"{ATOM}title"}]
    assert "Shown & told" in titles
    assert not [t for t in titles if t and t.startswith("Hidden")]


def test_sitemap_is_valid_with_lastmod_and_only_public_pages(client, published_and_hidden):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {url.findtext(f"{ns}loc"): url.findtext(f"{ns}lastmod") for url in root.iter(f"{ns}url")}
    article_url = next(loc for loc in entries if loc.endswith(published_and_hidden.get_absolute_url()))
    assert entries[article_url]
    assert any(loc.endswith("/speakers/xu-jian/") for loc in entries)
    assert not [loc for loc in entries if "hidden" in loc]


def test_article_page_has_news_article_json_ld_and_social_meta(client, settings, published_and_hidden):
    page = client.get(published_and_hidden.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Shown & told"
    assert data["keywords"] == ["光刻胶"]
    assert data["datePublished"].startswith(str(published_and_hidden.published_at.date()))
    assert '<meta property="og:title" content="Shown &amp; told">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert f'<link rel="canonical" href="{settings.SITE_URL}{published_and_hidden.get_absolute_url()}">' in page


def test_json_ld_cannot_close_its_script_element(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(block)["headline"] == "</script><script>alert(1)</script>"


def test_healthz_reports_the_database(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_cached_page_keeps_its_etag_and_a_304_is_never_cached(client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    hit = client.get(url)
    assert hit.status_code == 200 and hit["ETag"] == etag and hit.content
