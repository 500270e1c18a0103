"""Page cache with invalidation, conditional GET, feeds, sitemap and structured data."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, QuoteFactory

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
