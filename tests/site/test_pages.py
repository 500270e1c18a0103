"""Every public URL renders with the demo content, with one <h1>."""

import re

import pytest

from tests.factories import ArticleFactory
from tests.public_urls import PUBLIC_URLS, encoded

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_renders_with_one_h1(client, demo, url):
    response = client.get(encoded(url), follow=True)  # an article in the other language: its translation
    assert response.status_code == 200
    assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1


def test_quote_permalink_renders(client, demo):
    from articles.models import Quote

    quote_obj = Quote.objects.get(text__startswith="The trade dispute")
    response = client.get(quote_obj.get_absolute_url())
    assert response.status_code == 200
    assert "Xu Jian" in response.content.decode()


def test_article_page_shows_everything_it_holds(client, demo):
    page = client.get("/articles/five-key-works-new-chemical-materials/").content.decode()
    assert "<h2>Progress, with gaps</h2>" in page  # Markdown rendered
    assert page.count('class="priority"') == 5
    assert 'value="5"' in page
    assert page.count('class="pull-quote"') == 4
    assert 'href="/speakers/li-shousheng/"' in page
    assert 'href="/tags/%E5%8C%96%E5%B7%A5%E6%96%B0%E6%9D%90%E6%96%99/"' in page  # 化工新材料
    assert 'href="/events/new-chemical-materials-strategy-symposium-2019/"' in page


def test_chinese_tags_are_marked_as_chinese(client, demo):
    page = client.get("/articles/five-key-works-new-chemical-materials/").content.decode()
    assert 'lang="zh">化工新材料</a>' in page
    assert '<a class="chip" href="/tags/innovation/">innovation</a>' in page


def test_untagged_article_shows_no_empty_tag_list(client):
    article = ArticleFactory(tags=[])
    assert 'class="chips"' not in client.get(article.get_absolute_url()).content.decode()


def test_speaker_page_lists_quotes_with_links_to_articles(client, demo):
    page = client.get("/speakers/li-shousheng/").content.decode()
    assert "China Petroleum and Chemical Industry Federation" in page
    assert page.count('class="pull-quote"') == 2
    assert page.count('href="/articles/five-key-works-new-chemical-materials/"') == 2


def test_tag_index_counts_every_kind(client, demo):
    page = client.get("/tags/").content.decode()
    # 卡脖子技术: a quote and a priority.
    assert re.search(r"卡脖子技术 <span class=\"chip__count\">2</span>", page)
    # new chemical materials = 化工新材料: the English article (with both names) and its quote; the
    # Chinese article and quote are its translation, which the English page does not count.
    assert re.search(r"new chemical materials <span class=\"chip__count\">2</span>", page)


def test_chinese_tag_page_gathers_articles_and_quotes(client, demo):
    assert client.get(encoded("/tags/光刻胶/"))["Location"] == "/tags/photoresist/"
    page = client.get("/tags/photoresist/").content.decode()
    assert "0 articles · 1 quote · 0 priorities" in re.sub("<[^>]+>", "", page)
    assert '<a href="/tags/photoresist/?type=quote">1 quote</a>' in page
    assert "The trade dispute was an alarm bell" in page
    # Only the Chinese version of the article carries the tag: the Chinese page lists it.
    response = client.get("/zh-hans/tags/photoresist/")
    assert [(each.kind, each.count) for each in response.context["tallies"]] == [
        ("article", 1), ("quote", 1), ("priority", 0)
    ]  # fmt: skip
    assert "化工新材料产业座谈会要点" in response.content.decode()


def test_feeds_sitemap_robots_healthz(client, demo):
    assert b"Five key works" in client.get("/feeds/articles/").content
    assert client.get("/feeds/articles/")["Content-Type"].startswith("application/rss+xml")
    assert b"<feed" in client.get("/feeds/articles/atom/").content
    assert "化工新材料产业座谈会要点" in client.get("/zh-hans/feeds/tags/photoresist/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/articles/five-key-works-new-chemical-materials/" in sitemap
    assert "/speakers/xu-jian/" in sitemap
    assert b"Disallow: /admin/" in client.get("/robots.txt").content
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_load_demo_twice_changes_nothing(demo):
    from django.core.management import call_command

    from articles.models import Article, Quote, Speaker
    from priorities.models import Priority

    def snapshot():
        return (
            list(Article.objects.values_list("slug", "title", "body", "updated_at")),
            list(Quote.objects.values_list("pk", "text")),
            list(Priority.objects.values_list("pk", "number", "title")),
            list(Speaker.objects.values_list("pk", "name_en", "name_zh_hans", "position_en")),
            sorted(Article.objects.get(slug="five-key-works-new-chemical-materials").tags.names()),
        )

    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before
    assert len(before[2]) == 10 and len(before[3]) == 3  # five priorities in each language


def test_load_demo_if_empty_leaves_existing_content(db):
    from django.core.management import call_command

    from articles.models import Article

    ArticleFactory()
    call_command("load_demo", "--if-empty", verbosity=0)
    assert Article.objects.count() == 1


def test_priorities_show_their_own_number_wherever_listed(client, demo):
    page = client.get("/tags/innovation/").content.decode()
    assert 'value="2" data-number="2"' in page  # "Take the lead…" is the second priority
