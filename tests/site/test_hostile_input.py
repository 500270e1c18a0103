"""A forged Host header, tracking parameters: the site answers as it should and its cache holds."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

SITE = "https://symposium.example.org"


@pytest.fixture
def production_hosts(settings):
    settings.ALLOWED_HOSTS = ["symposium.example.org"]
    settings.SITE_URL = SITE


@pytest.mark.parametrize("url", ["/", "/articles/", "/no-such-page/", "/feeds/articles/", "/sitemap.xml"])
def test_forged_host_gets_the_friendly_400(production_hosts, url):
    client = Client(raise_request_exception=False)  # a 500 shows as a 500, not as an exception
    response = client.get(url, HTTP_HOST="evil.example.net")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>Bad request</h1>" in page
    assert "evil.example.net" not in page
    assert 'rel="canonical"' not in page  # error pages stand alone


def test_error_pages_build_no_urls_from_the_request(client, production_hosts):
    page = client.get("/no-such-page/", HTTP_HOST="symposium.example.org").content.decode()
    assert "<h1>Page not found</h1>" in page
    assert 'rel="canonical"' not in page and "og:url" not in page


@pytest.fixture
def article_by_xu():
    article = ArticleFactory(title="Shown", tags=["光刻胶"])
    QuoteFactory(article=article, speaker__name="Xu Jian", speaker__slug="xu-jian")
    return article


def absolute_urls(content):
    root = ET.fromstring(content)
    texts = [el.text or "" for el in root.iter()] + [el.get("href", "") for el in root.iter()]
    return [text for text in texts if text.startswith(("http://", "https://"))]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/articles/",
        "/feeds/articles/atom/",
        "/feeds/tags/光刻胶/",
        "/feeds/tags/光刻胶/atom/",
        "/feeds/speakers/xu-jian/",
        "/feeds/speakers/xu-jian/atom/",
        "/sitemap.xml",
    ],
)
def test_feeds_and_sitemap_link_to_site_url_whatever_the_host(client, settings, article_by_xu, url):
    settings.SITE_URL = SITE
    response = client.get(url)  # Host: testserver, allowed in tests
    assert response.status_code == 200
    links = [link for link in absolute_urls(response.content) if not link.startswith("http://www.")]
    assert any(link.endswith("/articles/shown/") for link in links), links
    assert links and all(link.startswith(f"{SITE}/") for link in links), links


def test_canonical_link_robots_and_json_ld_use_site_url(client, settings, article_by_xu):
    settings.SITE_URL = SITE
    page = client.get(article_by_xu.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{SITE}/articles/shown/">' in page
    assert f'"url": "{SITE}/articles/shown/"' in page
    assert "testserver" not in page
    assert f"Sitemap: {SITE}/sitemap.xml" in client.get("/robots.txt").content.decode()


def page_cache_keys():
    """The entries the page cache holds (files by default, or local memory)."""
    pages = caches["pages"]
    return set(pages._cache) if hasattr(pages, "_cache") else set(pages._list_cache_files())


def test_tracking_parameters_share_one_cache_entry(client, django_assert_num_queries):
    ArticleFactory()
    client.get("/articles/")
    keys = page_cache_keys()
    with django_assert_num_queries(0):  # every one is a hit
        for number in range(300):
            response = client.get(f"/articles/?utm_source=campaign-{number}&fbclid=x{number}")
            assert response.status_code == 200
    assert page_cache_keys() == keys


def test_parameters_a_page_reads_still_vary_its_cache_key(client):
    for number in range(30):
        ArticleFactory(title=f"Listed {number}")
    first = client.get("/articles/?utm_source=a").content
    second = client.get("/articles/?page=2&utm_source=b").content
    assert first != second
    assert client.get("/articles/?utm_medium=c&page=2").content == second
    assert client.get("/search/?q=listed&utm_source=x").content != client.get("/search/?q=other").content


def test_the_view_still_sees_every_parameter(client):
    """Only the cache key leaves trackers out: a search's "add a tag" links keep the reader's query."""
    ArticleFactory(title="Materials", tags=["photoresist"])
    page = client.get("/search/?q=materials&utm_source=news").content.decode()
    assert "utm_source=news" in page
