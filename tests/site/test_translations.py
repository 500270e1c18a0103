"""Linked translations on the public site: alternates, redirects, the no-translation notice, and listings
that show each translation group once, in the page's language when they can."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from articles.models import Article
from articles.services import link_translations, publish_articles, unlink_translation, unpublish_articles
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

CHINESE = Article.Language.CHINESE
SITE = "http://127.0.0.1:8000"
QUOTED_SLUG = "%E4%BA%94%E9%A1%B9%E9%87%8D%E7%82%B9%E5%B7%A5%E4%BD%9C"  # 五项重点工作


def alternates(response):
    return re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode())


def robots(response):
    found = re.search(r'<meta name="robots" content="([^"]+)">', response.content.decode())
    return found[1] if found else None


def notice_text():
    return "本文暂无中文版。"


@pytest.fixture
def pair():
    """An English article and its public Chinese translation, sharing an event, a speaker and a tag."""
    event = EventFactory(name_en="Materials Forum", name_zh_hans="材料论坛")
    speaker = SpeakerFactory(name_en="Li Shousheng", name_zh_hans="李寿生", slug="li-shousheng")
    english = ArticleFactory(title="Five key works", slug="five-key-works", event=event, tags=["photoresist"])
    chinese = ArticleFactory(
        title="五项重点工作", slug="五项重点工作", language=CHINESE, event=event, tags=["photoresist"]
    )
    for article, words in ((english, "Move faster."), (chinese, "加快步伐。")):
        QuoteFactory(article=article, speaker=speaker, text=words)
        PriorityFactory(article=article, number=1, title=f"{article.title} priority")
    link_translations(english, chinese)
    english.refresh_from_db()
    chinese.refresh_from_db()
    return english, chinese


# The article page


def test_both_versions_name_each_other_as_alternates(client, pair):
    expected = [
        ("en", f"{SITE}/articles/five-key-works/"),
        ("zh-Hans", f"{SITE}/zh-hans/articles/{QUOTED_SLUG}/"),
        ("x-default", f"{SITE}/articles/five-key-works/"),
    ]
    english_page = client.get("/articles/five-key-works/")
    chinese_page = client.get("/zh-hans/articles/五项重点工作/")
    assert (english_page.status_code, chinese_page.status_code) == (200, 200)
    assert sorted(alternates(english_page)) == sorted(alternates(chinese_page)) == sorted(expected)
    assert robots(english_page) is robots(chinese_page) is None


def test_the_switcher_of_each_version_leads_to_the_other(client, pair):
    page = client.get("/articles/five-key-works/").content.decode()
    assert f'href="/zh-hans/articles/{QUOTED_SLUG}/" hreflang="zh-Hans"' in page
    page = client.get("/zh-hans/articles/五项重点工作/").content.decode()
    assert 'href="/articles/five-key-works/" hreflang="en"' in page


def test_the_english_article_in_the_chinese_interface_redirects_to_its_translation(client, pair):
    response = client.get("/zh-hans/articles/five-key-works/")
    assert response.status_code == 302
    assert response["Location"] == f"/zh-hans/articles/{QUOTED_SLUG}/"


def test_the_chinese_article_in_the_english_interface_redirects_to_its_translation(client, pair):
    response = client.get("/articles/五项重点工作/")
    assert response.status_code == 302
    assert response["Location"] == "/articles/five-key-works/"


def test_without_a_chinese_version_the_chinese_page_says_so_and_is_not_indexed(client):
    ArticleFactory(title="Only in English", slug="only-in-english", body="English **words**.")
    response = client.get("/zh-hans/articles/only-in-english/")
    page = response.content.decode()
    assert response.status_code == 200
    assert robots(response) == "noindex"
    notice = page[page.index('class="notice notice--translation"') :]
    assert notice_text() in notice[:300]
    assert '<a href="/articles/only-in-english/" hreflang="en">' in notice
    assert "<strong>words</strong>" in page  # the article itself follows, marked as English
    assert '<article class="article" lang="en">' in page
    assert alternates(response) == []


def test_without_an_english_version_the_english_page_says_so(client):
    ArticleFactory(title="只有中文", slug="只有中文", language=CHINESE)
    response = client.get("/articles/只有中文/")
    page = response.content.decode()
    assert response.status_code == 200
    assert robots(response) == "noindex"
    assert "This article is not available in English." in page
    assert '<a href="/zh-hans/articles/%E5%8F%AA%E6%9C%89%E4%B8%AD%E6%96%87/" hreflang="zh-Hans">' in page


def test_an_article_in_the_page_language_without_translation_has_no_notice(client):
    ArticleFactory(slug="plain")
    response = client.get("/articles/plain/")
    assert "notice--translation" not in response.content.decode()
    assert robots(response) is None


@pytest.mark.parametrize("hidden", ["draft", "future"])
def test_a_translation_not_yet_public_is_invisible(client, hidden):
    english = ArticleFactory(slug="five-key-works")
    chinese = ArticleFactory(slug="五项重点工作", language=CHINESE, **{hidden: True})
    link_translations(english, chinese)
    page = client.get("/articles/five-key-works/")
    assert alternates(page) == []
    assert "五项重点工作" not in page.content.decode().replace(chinese.title, "")
    response = client.get("/zh-hans/articles/five-key-works/")
    assert response.status_code == 200  # the notice, not a redirect to the unpublished translation
    assert "notice--translation" in response.content.decode()
    assert client.get("/zh-hans/articles/五项重点工作/").status_code == 404
    zh_list = client.get("/zh-hans/articles/").content.decode()
    assert english.title in zh_list and chinese.title not in zh_list


# Listings


def titles(response):
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_each_listing_language_shows_its_own_version(client, pair):
    english, chinese = pair
    assert titles(client.get("/articles/")) == [english.title]
    assert titles(client.get("/zh-hans/articles/")) == [chinese.title]


def test_a_group_without_the_page_language_shows_the_original_marked(client):
    ArticleFactory(title="只有中文", language=CHINESE)
    page = client.get("/articles/").content.decode()
    assert '只有中文</a> <span class="language-label" lang="zh-Hans">中文</span>' in page
    page = client.get("/zh-hans/articles/").content.decode()
    assert "language-label" not in page


@pytest.mark.parametrize(
    "url",
    ["/", "/tags/photoresist/", "/tags/photoresist/?type=article", "/events/materials-forum/",
     "/feeds/articles/", "/feeds/tags/photoresist/", "/feeds/speakers/li-shousheng/"],
)  # fmt: skip
def test_every_listing_shows_a_group_once_in_the_page_language(client, pair, url):
    english, chinese = pair
    english_page = client.get(url).content.decode()
    chinese_page = client.get(f"/zh-hans{url}").content.decode()
    assert english.title in english_page and chinese.title not in english_page
    assert chinese.title in chinese_page and english.title not in chinese_page


def test_speaker_pages_list_the_quotes_of_one_version(client, pair):
    english_page = client.get("/speakers/li-shousheng/").content.decode()
    chinese_page = client.get("/zh-hans/speakers/li-shousheng/").content.decode()
    assert "Move faster." in english_page and "加快步伐。" not in english_page
    assert "加快步伐。" in chinese_page and "Move faster." not in chinese_page


def test_priorities_and_tag_counts_count_a_group_once(client, pair):
    english, chinese = pair
    page = client.get("/priorities/").content.decode()
    assert f"{english.title} priority" in page and f"{chinese.title} priority" not in page
    page = client.get("/zh-hans/priorities/").content.decode()
    assert f"{chinese.title} priority" in page and f"{english.title} priority" not in page
    for url in ("/tags/photoresist/", "/zh-hans/tags/photoresist/"):
        tallies = client.get(url).context["tallies"]
        assert (tallies[0].kind, tallies[0].count) == ("article", 1), url


def test_search_shows_a_group_once_in_the_page_language(client, pair):
    english, chinese = pair
    english_page = client.get("/search/?tag=photoresist&type=article").content.decode()
    chinese_page = client.get("/zh-hans/search/?tag=photoresist&type=article").content.decode()
    assert english.title in english_page and chinese.title not in english_page
    assert chinese.title in chinese_page and english.title not in chinese_page


# Cached pages follow a sibling's publication


def test_publishing_a_translation_updates_cached_pages_of_the_other_version(client, committed):
    english = ArticleFactory(title="Five key works", slug="five-key-works", tags=["photoresist"])
    chinese = ArticleFactory(title="五项重点工作", language=CHINESE, draft=True, tags=["光刻胶"])
    link_translations(english, chinese)
    urls = ["/zh-hans/articles/", "/zh-hans/tags/photoresist/", "/articles/five-key-works/"]
    for url in urls:
        client.get(url)
    assert client.get("/zh-hans/articles/")["X-Page-Cache"] == "hit"
    with committed():
        publish_articles(articles=Article.objects.filter(pk=chinese.pk))
    assert titles(client.get("/zh-hans/articles/")) == ["五项重点工作"]
    # The English article is no longer what the Chinese page of its tag lists.
    assert "Five key works" not in client.get("/zh-hans/tags/photoresist/").content.decode()
    assert len(alternates(client.get("/articles/five-key-works/"))) == 3
    with committed():
        unpublish_articles(articles=Article.objects.filter(pk=chinese.pk))
    assert titles(client.get("/zh-hans/articles/")) == ["Five key works"]
    assert alternates(client.get("/articles/five-key-works/")) == []


def test_linking_two_published_articles_updates_cached_listings(client, committed):
    english = ArticleFactory(title="Five key works")
    chinese = ArticleFactory(title="五项重点工作", language=CHINESE)
    assert titles(client.get("/articles/")) == ["五项重点工作", "Five key works"]
    with committed():
        link_translations(english, chinese)
    assert titles(client.get("/articles/")) == ["Five key works"]


def test_a_translation_going_public_on_schedule_is_seen(client):
    english = ArticleFactory(title="Five key works", slug="five-key-works")
    chinese = ArticleFactory(title="五项重点工作", language=CHINESE)
    link_translations(english, chinese)
    Article.objects.filter(pk=chinese.pk).update(published_at=timezone.now() + datetime.timedelta(seconds=30))
    assert titles(client.get("/zh-hans/articles/")) == ["Five key works"]


def test_search_finds_the_version_that_matches_and_shows_a_group_once(client, pair):
    english, chinese = pair
    ArticleFactory(title="Also about photoresist", body="photoresist")  # in no group
    english.body = "photoresist and 光刻胶"
    english.save()
    chinese.body = "光刻胶"
    chinese.save()

    def found(prefix, words):
        response = client.get(f"{prefix}/search/", {"q": words, "type": "article"})
        return sorted(doc.title for doc in response.context["page"])

    # Both versions match: the page's language wins.
    assert found("", "光刻胶") == [english.title]
    assert found("/zh-hans", "光刻胶") == [chinese.title]
    # Only one version matches: it is shown, whatever the page's language.
    assert found("/zh-hans", "photoresist") == ["Also about photoresist", english.title]
    chinese.body = "加快步伐"
    chinese.save()
    assert found("", "加快步伐") == [chinese.title]


@pytest.mark.parametrize(("language", "expected"), [("en", ["Five key works"]), ("zh-Hans", ["五项重点工作"])])
def test_a_reader_restricts_a_search_to_one_language(client, pair, language, expected):
    for article in pair:
        article.body = "光刻胶"
        article.save()
    for prefix in ("", "/zh-hans"):
        response = client.get(f"{prefix}/search/", {"q": "光刻胶", "type": "article", "language": language})
        assert [doc.title for doc in response.context["page"]] == expected
        assert f'<option value="{language}" selected>' in response.content.decode()


@pytest.mark.parametrize("nasty", ["fr", "zh-hans'--", "中文", "x" * 300])
def test_an_unknown_search_language_is_a_400_not_a_500(client, pair, nasty):
    response = client.get("/search/", {"q": "works", "language": nasty})
    assert response.status_code == 400


# A priority's page follows its article's translation, by number


def test_a_priority_page_redirects_to_the_same_number_in_the_translation(client, pair):
    english, chinese = pair
    english_priority, chinese_priority = english.priorities.get(), chinese.priorities.get()
    response = client.get(f"/zh-hans/priorities/{english_priority.slug}/")
    assert response.status_code == 302
    with translation.override("zh-hans"):
        assert response["Location"] == chinese_priority.get_absolute_url()
    page = client.get(f"/priorities/{english_priority.slug}/")
    assert [lang for lang, _ in alternates(page)] == ["en", "zh-Hans", "x-default"]


def test_a_priority_without_translation_says_so_in_the_other_language(client):
    priority = PriorityFactory(title="Close the gaps", slug="close-the-gaps")
    response = client.get("/zh-hans/priorities/close-the-gaps/")
    assert response.status_code == 200
    assert robots(response) == "noindex"
    page = response.content.decode()
    assert '<a href="/priorities/close-the-gaps/" hreflang="en">' in page
    assert "notice--translation" in page and "This article is not" not in page
    assert "notice--translation" not in client.get("/priorities/close-the-gaps/").content.decode()
    assert priority.pk


def test_unlinking_brings_an_article_back_to_pages_its_translation_stood_for(client, committed):
    english = ArticleFactory(title="Membranes report", tags=["membranes"])
    chinese = ArticleFactory(title="膜材料报告", language=CHINESE)
    link_translations(english, chinese)
    # The Chinese listing of the tag shows the group's Chinese version, which lacks the tag: nothing.
    assert "Membranes report" not in client.get("/zh-hans/tags/membranes/").content.decode()
    with committed():
        unlink_translation(chinese)
    assert "Membranes report" in client.get("/zh-hans/tags/membranes/").content.decode()
