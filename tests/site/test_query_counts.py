"""Each public page runs a fixed number of queries, however much it shows."""

import pytest
from django.core.cache import caches
from django.db import connection

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
    "search by text": (lambda article, speaker: "/search/?q=report+number", 8),
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
