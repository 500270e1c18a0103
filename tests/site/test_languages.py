"""Two interface languages: English at today's URLs, Chinese under /zh-hans/, and only the URL decides."""

import re

import pytest

from tests.factories import ArticleFactory
from tests.public_urls import PUBLIC_URLS, encoded

pytestmark = pytest.mark.django_db

CHINESE_READER = {"HTTP_ACCEPT_LANGUAGE": "zh-Hans,zh-CN;q=0.9,zh;q=0.8"}
ENGLISH_READER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def chinese(url):
    return f"/zh-hans{url}"


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_url_is_english_where_it_was(client, demo, url):
    response = client.get(encoded(url), follow=True)  # the Chinese article: its English translation
    assert response.status_code == 200
    assert html_lang(response) == "en"


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_url_is_chinese_under_zh_hans(client, demo, url):
    response = client.get(encoded(chinese(url)), follow=True)  # the English article: its Chinese translation
    assert response.status_code == 200
    assert html_lang(response) == "zh-Hans"
    assert response["Content-Language"] == "zh-Hans"
    assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1


@pytest.mark.parametrize(
    "url", ["/feeds/articles/", "/feeds/articles/atom/", "/feeds/tags/photoresist/", "/feeds/speakers/li-shousheng/"]
)
def test_chinese_feeds_answer_under_zh_hans(client, demo, url):
    assert client.get(chinese(url)).status_code == 200


@pytest.mark.parametrize("url", ["/", "/articles/", "/search/?q=photoresist"])
def test_a_cookie_or_accept_language_never_makes_an_english_url_chinese(client, demo, url):
    client.cookies["django_language"] = "zh-hans"
    for _ in range(2):  # a miss, then the page cache's copy
        response = client.get(url, **CHINESE_READER)
        assert response.status_code == 200
        assert html_lang(response) == "en"
        assert response["Content-Language"] == "en"
        assert "Accept-Language" not in response.get("Vary", "")
        assert "Cookie" not in response.get("Vary", "")


def test_a_cookie_or_accept_language_never_makes_a_chinese_url_english(client, demo):
    client.cookies["django_language"] = "en"
    response = client.get("/zh-hans/", **ENGLISH_READER)
    assert html_lang(response) == "zh-Hans"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_page_cache_keeps_each_language_apart(client, demo):
    assert html_lang(client.get("/zh-hans/articles/")) == "zh-Hans"
    english = client.get("/articles/", **CHINESE_READER)
    assert (english["X-Page-Cache"], html_lang(english)) == ("miss", "en")
    chinese_again = client.get("/zh-hans/articles/", **ENGLISH_READER)
    assert (chinese_again["X-Page-Cache"], html_lang(chinese_again)) == ("hit", "zh-Hans")


def test_the_home_page_offers_chinese_without_redirecting(client, demo):
    response = client.get("/", **CHINESE_READER)
    assert response.status_code == 200
    assert re.search(r'<a href="/zh-hans/" hreflang="zh-Hans" lang="zh-Hans">中文</a>', response.content.decode())


@pytest.mark.parametrize("url", ["/admin/login/", "/healthz", "/robots.txt", "/sitemap.xml"])
def test_machine_and_staff_urls_stay_unprefixed(client, url):
    assert client.get(url).status_code == 200
    assert client.get(chinese(url)).status_code == 404


def test_the_admin_stays_english_for_a_chinese_reader(client):
    client.cookies["django_language"] = "zh-hans"
    response = client.get("/admin/login/", **CHINESE_READER)
    assert html_lang(response) == "en"


@pytest.mark.parametrize("url", ["/en/", "/en/articles/", "/zh/", "/zh-Hans/", "/zh-cn/articles/"])
def test_no_other_prefix_names_a_language(client, demo, url):
    assert client.get(url).status_code == 404


def test_an_unknown_page_is_a_404_in_either_language(client):
    english, chinese_page = client.get("/articles/no-such-article/"), client.get("/zh-hans/articles/no-such-article/")
    assert (english.status_code, html_lang(english)) == (404, "en")
    assert (chinese_page.status_code, html_lang(chinese_page)) == (404, "zh-Hans")


def test_an_old_slug_redirects_within_its_language(client, committed):
    article = ArticleFactory(slug="old-report")
    article.slug = "new-report"
    with committed():
        article.save()
    assert client.get("/zh-hans/articles/old-report/")["Location"] == "/zh-hans/articles/new-report/"
    assert client.get("/articles/old-report/")["Location"] == "/articles/new-report/"


def test_a_tag_redirects_to_its_canonical_slug_within_its_language(client, demo):
    assert client.get(encoded("/zh-hans/tags/光刻胶/"))["Location"] == "/zh-hans/tags/photoresist/"
    assert client.get(encoded("/zh-hans/feeds/tags/光刻胶/"))["Location"] == "/zh-hans/feeds/tags/photoresist/"


def test_a_missing_slash_is_added_within_its_language(client, demo):
    assert client.get("/zh-hans")["Location"] == "/zh-hans/"
    assert client.get("/zh-hans/articles")["Location"] == "/zh-hans/articles/"
