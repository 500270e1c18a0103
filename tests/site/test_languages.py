"""Two interface languages: English at today's URLs, Chinese under /zh-hans/, and only the URL decides."""

import datetime
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote

import polib
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.views.defaults import permission_denied

from articles.templatetags.tag_chips import tag_url_maker
from symposium.errors import server_error
from symposium.middleware import language_of_path
from tests.factories import ArticleFactory, EventFactory
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


# The interface in Chinese


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


class InterfaceText(HTMLParser):
    """What a reader sees or hears of a page: its text, and the attributes read out or shown."""

    READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}

    def __init__(self):
        super().__init__()
        self.pieces, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        self.pieces += [value.strip() for name, value in attrs if name in self.READ_ATTRIBUTES and value]
        if tag == "meta" and dict(attrs).get("name") == "description":
            self.pieces.append(dict(attrs)["content"].strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.pieces.append(data.strip())


def interface_strings():
    """The English of every catalogue entry that a page could show whole (no placeholders)."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    return {entry.msgid for entry in catalogue if "%" not in entry.msgid and "{" not in entry.msgid} - {", "}


@pytest.mark.parametrize("url", [*PUBLIC_URLS, "/articles/no-such-article/"])
def test_no_chinese_page_shows_an_english_interface_string(client, demo, url):
    parser = InterfaceText()
    parser.feed(client.get(encoded(chinese(url))).content.decode())
    assert sorted(set(parser.pieces) & interface_strings()) == []


def test_chinese_pages_speak_chinese(client, demo):
    home = text_of(client.get("/zh-hans/"))
    expected = ("最新文章", "最新重点工作", "热门标签", "全部文章 →", "跳到正文")
    assert [words for words in expected if words not in home] == []
    assert "<title>产业座谈会报道 · Symposium</title>" in client.get("/zh-hans/").content.decode()
    # The English article in Chinese is its Chinese translation, published a day later.
    article = text_of(client.get("/zh-hans/articles/five-key-works-new-chemical-materials/", follow=True))
    assert [words for words in ("发言摘录", "提出的重点工作", "发布于2019年7月9日") if words not in article] == []
    assert "2 条发言" in text_of(client.get("/zh-hans/speakers/"))
    assert "1 篇文章 · 1 条发言 · 0 项重点工作" in text_of(client.get("/zh-hans/tags/photoresist/"))
    assert "2 条结果" in text_of(client.get("/zh-hans/search/?q=photoresist"))


def test_counts_take_the_plural_in_english_only(client):
    ArticleFactory(title="Membrane report", body="membrane alpha")
    ArticleFactory(title="Membrane notes", body="membrane beta")
    assert "1 result" in text_of(client.get("/search/?q=alpha"))
    assert "1 条结果" in text_of(client.get("/zh-hans/search/?q=alpha"))
    assert "2 results" in text_of(client.get("/search/?q=membrane"))
    assert "2 条结果" in text_of(client.get("/zh-hans/search/?q=membrane"))


def test_pagination_in_both_languages(client):
    for n in range(21):
        ArticleFactory(title=f"Report {n}")
    assert "Page 1 of 2" in text_of(client.get("/articles/"))
    chinese_page = text_of(client.get("/zh-hans/articles/"))
    assert "第 1 页，共 2 页" in chinese_page
    assert "较早 →" in chinese_page


def test_search_messages_in_chinese(client, demo):
    assert "没有名为“no-such-tag”的标签。" in text_of(client.get("/zh-hans/search/?tag=no-such-tag"))
    too_long = client.get("/zh-hans/search/?q=" + "x" * 300)
    assert too_long.status_code == 400
    assert "搜索词最多 200 个字符。" in text_of(too_long)


def test_feeds_in_each_language(client, demo):
    english = client.get("/feeds/articles/").content.decode()
    assert "<title>Symposium: latest articles</title>" in english
    assert "<language>en</language>" in english
    chinese_feed = client.get("/zh-hans/feeds/articles/").content.decode()
    assert "<title>Symposium：最新文章</title>" in chinese_feed
    assert "<language>zh-Hans</language>" in chinese_feed
    chinese_article = quote("化工新材料产业座谈会要点")  # the English article's translation
    assert f"<link>http://127.0.0.1:8000/zh-hans/articles/{chinese_article}/</link>" in chinese_feed
    assert "Symposium：引述" in client.get("/zh-hans/feeds/speakers/li-shousheng/").content.decode()


# Dates


def test_dates_read_as_each_language_writes_them(client, demo):
    url = "/articles/five-key-works-new-chemical-materials/"
    assert '<time datetime="2019-07-08T' in client.get(url).content.decode()
    assert "Published 8 July 2019" in text_of(client.get(url))
    assert "发布于2019年7月9日" in text_of(client.get(chinese(url), follow=True))  # its translation
    assert "2019年7月9日" in text_of(client.get("/zh-hans/articles/"))
    assert "2019年7月5日" in text_of(client.get("/zh-hans/events/"))


@pytest.mark.parametrize(
    ("start", "end", "english", "in_chinese"),
    [
        ((2019, 7, 5), None, "5 July 2019", "2019年7月5日"),
        ((2019, 7, 5), (2019, 7, 5), "5 July 2019", "2019年7月5日"),
        ((2019, 7, 5), (2019, 7, 7), "5 July – 7 July 2019", "2019年7月5日至7月7日"),
        ((2019, 12, 30), (2020, 1, 2), "30 December 2019 – 2 January 2020", "2019年12月30日至2020年1月2日"),
    ],
)
def test_an_events_days_read_as_each_language_writes_them(client, start, end, english, in_chinese):
    event = EventFactory(slug="forum", start_date=datetime.date(*start), end_date=end and datetime.date(*end))
    ArticleFactory(event=event)
    assert english in text_of(client.get("/events/forum/"))
    assert in_chinese in text_of(client.get("/zh-hans/events/forum/"))
    assert in_chinese in text_of(client.get("/zh-hans/events/"))


# Error pages


def test_a_forged_host_gets_the_bad_request_page_in_its_language(client):
    response = client.get("/zh-hans/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert (html_lang(response), "请求有误" in text_of(response)) == ("zh-Hans", True)
    assert "Bad request" in text_of(client.get("/", HTTP_HOST="evil.example"))


def test_the_forbidden_page_in_each_language(rf):
    for path, words in (("/zh-hans/articles/", "禁止访问"), ("/articles/", "Forbidden")):
        with translation.override(language_of_path(path)):
            response = permission_denied(rf.get(path), PermissionDenied())
        assert (response.status_code, words in response.content.decode()) == (403, True)


@pytest.mark.parametrize(
    ("path", "lang", "words"),
    [("/zh-hans/articles/", "zh-Hans", "出错了"), ("/articles/", "en", "Something went wrong")],
)
def test_a_server_error_answers_in_the_language_of_its_url(path, lang, words, monkeypatch):
    def broken(request):
        raise RuntimeError("the view failed")

    monkeypatch.setattr("articles.views.page_of", broken)
    with translation.override("en" if lang == "zh-Hans" else "zh-hans"):  # whatever was active before
        response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 500
    assert (html_lang(response), words in response.content.decode()) == (lang, True)


def test_the_server_error_page_needs_no_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/zh-hans/search/"))
    assert '<html lang="zh-Hans">' in response.content.decode()
    assert '<a href="/zh-hans/">返回首页</a>' in response.content.decode()


# Alternates: the sitemap and each page's <head> name the same versions


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_alternates(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find(f"{SITEMAP}loc").text: sorted(
            (link.get("hreflang"), link.get("href")) for link in url.iter(f"{XHTML}link")
        )
        for url in root.iter(f"{SITEMAP}url")
    }


def head_alternates(response):
    return sorted(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode()))


def test_the_sitemap_lists_every_page_in_both_languages_with_its_alternates(client, demo):
    listed = sitemap_alternates(client)
    english = f"{settings.SITE_URL}/articles/five-key-works-new-chemical-materials/"
    # An article is listed once, at its own language's address, its translation as an alternate.
    translation = f"{settings.SITE_URL}/zh-hans/articles/{quote('化工新材料产业座谈会要点')}/"
    expected = sorted([("en", english), ("zh-Hans", translation), ("x-default", english)])
    assert listed[english] == listed[translation] == expected
    assert f"{settings.SITE_URL}/zh-hans/articles/five-key-works-new-chemical-materials/" not in listed
    assert len([loc for loc in listed if "/zh-hans/" in loc]) == len(listed) / 2


def test_each_page_names_the_alternates_the_sitemap_lists(client, demo):
    listed = sitemap_alternates(client)
    assert len(listed) > 20
    for loc, alternates in listed.items():
        response = client.get(loc.removeprefix(settings.SITE_URL))
        assert response.status_code == 200, loc
        assert head_alternates(response) == alternates, loc


def test_x_default_is_the_english_page_even_for_a_slug_that_names_a_language(client):
    from articles.services import link_translations

    link_translations(ArticleFactory(slug="en"), ArticleFactory(slug="中文", language="zh-Hans"))
    english = f"{settings.SITE_URL}/articles/en/"
    assert ("x-default", english) in sitemap_alternates(client)[english]


def test_a_page_that_is_not_indexed_names_no_alternates(client, demo):
    response = client.get("/articles/no-such-article/")
    assert head_alternates(response) == []
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_a_chinese_request_leaves_no_language_behind(client):
    article = ArticleFactory(slug="report")
    client.get("/zh-hans/articles/report/")
    assert article.get_absolute_url() == "/articles/report/"


def test_a_tag_in_the_other_script_is_marked_with_its_language(client, demo):
    english = client.get("/articles/five-key-works-new-chemical-materials/").content.decode()
    assert 'lang="zh">化工新材料</a>' in english
    assert '<a class="chip" href="/tags/innovation/">innovation</a>' in english
    ArticleFactory(slug="only-in-english", tags=["innovation", "化工新材料"])  # shown on Chinese pages too
    chinese_page = client.get("/zh-hans/articles/only-in-english/").content.decode()
    assert '<a class="chip" href="/zh-hans/tags/innovation/" lang="en">innovation</a>' in chinese_page
    assert ">化工新材料</a>" in chinese_page and 'lang="zh">化工新材料' not in chinese_page


def test_robots_keep_crawlers_out_of_search_in_both_languages(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /search/\n" in robots
    assert "Disallow: /zh-hans/search/\n" in robots


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("slug", ["photoresist", "光刻胶", "a_b-c", "x1", "Ǆemal"])
def test_tag_chips_link_where_reverse_would(language, slug):
    with translation.override(language):
        assert tag_url_maker()(slug) == reverse("tag_detail", kwargs={"slug": slug})
