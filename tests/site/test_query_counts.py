"""Each public page runs a fixed number of queries, however much it shows."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import translation
from taggit.models import Tag

from symposium.models import TagTopic, TopicTag
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def build(n):
    """An article with n quotes (each by its own speaker), n priorities and n tags, all tagged "shared"."""
    tags = ["shared", *[f"tag-{i}" for i in range(n)]]
    article = ArticleFactory(event=EventFactory(), tags=tags)
    speaker = SpeakerFactory()
    for i in range(n):
        QuoteFactory(article=article, speaker=speaker if i == 0 else SpeakerFactory(), tags=tags)
        PriorityFactory(article=article, number=i + 1, speaker=SpeakerFactory(), tags=tags)
        ArticleFactory(tags=tags)
    return article, speaker


# (url builder, queries): the same figure must hold for 1 item and for 30.
# On a cold cache every page stored pays 1 query for the next scheduled
# publication (it bounds how long pages are kept), and pages showing tag
# counts (search too: it checks its tags are public) 3 grouped counting
# queries; search pays one for the tags on its results
# (tests/site/test_search_narrowing.py).
PAGES = {
    "article": (lambda article, speaker: article.get_absolute_url(), 6),
    "speaker": (lambda article, speaker: speaker.get_absolute_url(), 5),
    "tag": (lambda article, speaker: "/tags/shared/", 10),
    # One kind, a page into the list (with one item, page 2 is page 1): the
    # count comes from the tag's counts, the page's ids in its one query.
    "tag, priorities": (lambda article, speaker: "/tags/shared/?type=priority&page=2", 7),
    "tag, quotes": (lambda article, speaker: "/tags/shared/?type=quote&page=2", 6),
    "home": (lambda article, speaker: "/", 9),
    "article list": (lambda article, speaker: "/articles/", 4),
    "priority list": (lambda article, speaker: "/priorities/", 4),
    "speaker list": (lambda article, speaker: "/speakers/", 2),
    "event": (lambda article, speaker: article.event.get_absolute_url(), 6),
    "quote": (lambda article, speaker: article.quotes.first().get_absolute_url(), 3),
    "tag list": (lambda article, speaker: "/tags/", 5),
    "search by tag": (lambda article, speaker: "/search/?tag=shared&tag=tag-0", 9),
    "search by text": (lambda article, speaker: "/search/?q=report+number", 5),
    # The Chinese interface costs no query more.
    "article, Chinese": (lambda article, speaker: "/zh-hans" + article.get_absolute_url(), 6),
    "home, Chinese": (lambda article, speaker: "/zh-hans/", 9),
    "tag, Chinese": (lambda article, speaker: "/zh-hans/tags/shared/", 10),
    "search by text, Chinese": (lambda article, speaker: "/zh-hans/search/?q=report+number", 5),
    # Every page in both languages, from one read of each kind.
    "sitemap": (lambda article, speaker: "/sitemap.xml", 9),
}
# On PostgreSQL a search's window runs in a savepoint of its own with a
# statement timeout: the savepoint, the timeout, and rolling back to and
# releasing the savepoint (outside a test's transaction, only the timeout).
SEARCH_TIME_LIMIT_QUERIES = {"sqlite": 0, "postgresql": 4}


@pytest.mark.parametrize("n", [1, 30])
@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_fixed(client, django_assert_num_queries, n, page):
    article, speaker = build(n)
    url_for, queries = PAGES[page]
    if page.startswith("search"):
        queries += SEARCH_TIME_LIMIT_QUERIES[connection.vendor]
    url = url_for(article, speaker)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def build_topic(n):
    """A topic of n names, each on an article (also carrying the first name), a quote and a priority."""
    names = [f"name-{i}" for i in range(n)]
    for name in names:
        ArticleFactory(tags=[name, names[0]])
        QuoteFactory(tags=[name])
        PriorityFactory(tags=[name])
    tags = list(Tag.objects.filter(name__in=names))
    topic = TagTopic.objects.create(name_en="the topic", canonical=tags[0])
    TopicTag.objects.bulk_create(TopicTag(topic=topic, tag=tag) for tag in tags)


# The same figures as a tag in no topic, whatever the number of the topic's names.
TOPIC_PAGES = {
    "tag": ("/tags/name-0/", 10),
    "tag feed": ("/feeds/tags/name-0/", 7),
    "search by tag": ("/search/?tag=name-0&tag=shared", 8),
    "search by another name": ("/search/?tag=name-{last}", 10),
    "search by any tag": ("/search/?tag=name-{last}&tag=shared&match=any", 8),
}


@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize("page", TOPIC_PAGES)
def test_query_count_is_fixed_whatever_the_names_of_a_topic(client, django_assert_num_queries, n, page):
    build_topic(n)
    ArticleFactory(tags=["shared", "name-0"])
    url, queries = TOPIC_PAGES[page]
    if page.startswith("search"):
        queries += SEARCH_TIME_LIMIT_QUERIES[connection.vendor]
    with django_assert_num_queries(queries):
        response = client.get(url.format(last=n - 1))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 5])
def test_another_name_of_a_topic_redirects_in_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    build_topic(n)
    with django_assert_num_queries(5):  # the topic, the tag counts, the next scheduled publication
        response = client.get(f"/tags/name-{n - 1}/")
    assert response["Location"] == "/tags/name-0/"


def test_tag_counts_are_cached_between_pages(client, django_assert_num_queries):
    build(3)
    client.get("/tags/")
    caches["pages"].clear()
    with django_assert_num_queries(1):  # a page-cache miss, but the counts are kept
        assert client.get("/tags/").status_code == 200


def test_a_cached_page_costs_no_query(client, django_assert_num_queries):
    article, _ = build(3)
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url()).status_code == 200


def build_translated(n):
    """`build(n)`, each of whose articles has a Chinese translation quoting the same speakers, and n
    Chinese articles with no English version: listings in each language pick one version per group."""
    from articles.models import Article
    from articles.services import start_translation

    article, speaker = build(n)
    for original in Article.objects.all():
        translation = start_translation(original)
        Article.objects.filter(pk=translation.pk).update(status="published", published_at=original.published_at)
    for _ in range(n):
        ArticleFactory(language=Article.Language.CHINESE, tags=["shared"])
    return article, speaker


# Both languages, with translations: the same figures as without (an article page reads its
# translations in one more query), for 1 group and for 8.
TRANSLATED_PAGES = {
    "article": (lambda article, speaker: article.get_absolute_url(), 7),
    "priority": (lambda article, speaker: article.priorities.order_by("number").first().get_absolute_url(), 5),
    "article list": (lambda article, speaker: "/articles/", 4),
    "home": (lambda article, speaker: "/", 9),
    "speaker": (lambda article, speaker: speaker.get_absolute_url(), 5),
    "speaker list": (lambda article, speaker: "/speakers/", 2),
    "event": (lambda article, speaker: article.event.get_absolute_url(), 6),
    "tag": (lambda article, speaker: "/tags/shared/", 10),
    "tag, articles": (lambda article, speaker: "/tags/shared/?type=article&page=2", 7),
    "priority list": (lambda article, speaker: "/priorities/", 4),
    "feed": (lambda article, speaker: "/feeds/articles/", 3),
    "search by tag": (lambda article, speaker: "/search/?tag=shared&tag=tag-0", 9),
}


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
@pytest.mark.parametrize("n", [1, 8])
@pytest.mark.parametrize("page", TRANSLATED_PAGES)
def test_query_count_is_fixed_in_both_languages_with_translations(client, django_assert_num_queries, n, page, prefix):
    article, speaker = build_translated(n)
    url_for, queries = TRANSLATED_PAGES[page]
    if page.startswith("search"):
        queries += SEARCH_TIME_LIMIT_QUERIES[connection.vendor]
    with translation.override("en"):  # a request before may have left another language active
        url = prefix + url_for(article, speaker)
        if page in ("article", "priority") and prefix:  # the Chinese version's own address
            article.refresh_from_db()
            url = prefix + url_for(article.translations().get(), speaker)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
