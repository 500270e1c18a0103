"""A tag page: the newest few of each kind, and every item of one kind page by page."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Article, Quote
from priorities.models import Priority
from symposium.views import TAG_KIND_PAGE_SIZE, TAG_OVERVIEW_ITEMS
from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def quotes_in_order(count, tags=("cells",)):
    """`count` quotes tagged "cells", each in its own article, newest first: "Quote 0" is the newest."""
    return [
        QuoteFactory(article=ArticleFactory(published_at=days_ago(n + 1)), text=f"Quote {n}.", tags=list(tags))
        for n in range(count)
    ]


def shown(page, pattern):
    return re.findall(pattern, page)


def test_overview_shows_the_newest_few_of_each_kind_and_links_to_the_rest(client):
    quotes_in_order(TAG_OVERVIEW_ITEMS + 2)
    ArticleFactory(title="The only article", tags=["cells"])
    page = client.get("/tags/cells/").content.decode()
    assert shown(page, r"Quote (\d+)\.") == [str(n) for n in range(TAG_OVERVIEW_ITEMS)]
    assert f'href="/tags/cells/?type=quote">All {TAG_OVERVIEW_ITEMS + 2} quotes →' in page
    assert "The only article" in page
    assert '?type=article">All' not in page  # all of them are shown already
    assert '<a href="/tags/cells/?type=article">1 article</a>' in page
    assert 'id="priority-heading"' not in page  # no section for a kind the tag has none of


def test_one_kind_page_by_page(client):
    quotes_in_order(TAG_KIND_PAGE_SIZE + 3)
    first = client.get("/tags/cells/", {"type": "quote"}).content.decode()
    second = client.get("/tags/cells/", {"type": "quote", "page": "2"}).content.decode()
    assert shown(first, r"Quote (\d+)\.") == [str(n) for n in range(TAG_KIND_PAGE_SIZE)]
    assert shown(second, r"Quote (\d+)\.") == [str(n) for n in range(TAG_KIND_PAGE_SIZE, TAG_KIND_PAGE_SIZE + 3)]
    assert 'href="?type=quote&amp;page=2"' in first
    assert 'href="?type=quote&amp;page=1"' in second
    assert "Page 2 of 2" in second
    assert "<title>Quotes tagged “cells”, page 2 · Symposium</title>" in second


def test_priorities_of_one_article_keep_their_order_across_pages(client):
    article = ArticleFactory()
    for number in range(1, TAG_KIND_PAGE_SIZE + 3):
        PriorityFactory(article=article, number=number, title=f"Step {number}", tags=["cells"])
    first = client.get("/tags/cells/", {"type": "priority"}).content.decode()
    second = client.get("/tags/cells/", {"type": "priority", "page": "2"}).content.decode()
    assert shown(first + second, r"Step (\d+)<") == [str(n) for n in range(1, TAG_KIND_PAGE_SIZE + 3)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?type=quote&page=abc", ["0", "1"]),
        ("?type=quote&page=99999", ["20", "21"]),
        ("?type=quote&page=0", ["0", "1"]),
        ("?type=quote&page=-3", ["0", "1"]),
        ("?type=quote&page=1.5", ["0", "1"]),
        ("?type=quote&page=" + "9" * 400, ["20", "21"]),
    ],
)
def test_a_bad_page_number_gives_the_nearest_page(client, query, expected):
    quotes_in_order(TAG_KIND_PAGE_SIZE + 2)
    response = client.get(f"/tags/cells/{query}")
    assert response.status_code == 200
    assert shown(response.content.decode(), r"Quote (\d+)\.")[:2] == expected


@pytest.mark.parametrize("kind", ["speaker", "quotes", "", "<script>", "priority", "article%00"])
def test_an_unknown_or_empty_kind_gives_the_overview(client, kind):
    quotes_in_order(TAG_OVERVIEW_ITEMS + 1)
    response = client.get("/tags/cells/", {"type": kind, "page": "2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Tagged “cells” · Symposium</title>" in page
    assert shown(page, r"Quote (\d+)\.") == [str(n) for n in range(TAG_OVERVIEW_ITEMS)]


def test_hidden_content_is_never_listed_nor_counted(client):
    public = ArticleFactory(title="Public report", tags=["cells"])
    QuoteFactory(article=public, text="Public words.", tags=["cells"])
    PriorityFactory(article=public, title="Public step", tags=["cells"])
    for hidden in (ArticleFactory(draft=True, title="Draft"), ArticleFactory(future=True, title="Future")):
        hidden.tags.add("cells")
        QuoteFactory(article=hidden, text=f"Words of {hidden.title}.", tags=["cells"])
        PriorityFactory(article=hidden, title=f"Step of {hidden.title}", tags=["cells"])
    kinds = ("", "article", "quote", "priority")
    pages = [client.get("/tags/cells/", {"type": kind}).content.decode() for kind in kinds]
    for page in pages:
        for hidden in ("Draft", "Future"):
            assert hidden not in page
    assert "1 article · 1 quote · 1 priority" in re.sub("<[^>]+>", "", pages[0])
    assert "Public report" in pages[1]
    assert "Public words." in pages[2]
    assert "Public step" in pages[3]


def test_an_item_carrying_several_of_the_tags_is_listed_once():
    article = ArticleFactory(tags=["cells", "batteries"])
    quote = QuoteFactory(article=article, tags=["cells", "batteries"])
    priority = PriorityFactory(article=article, tags=["cells", "batteries"])
    only_one = QuoteFactory(article=article, tags=["batteries"])
    tag_ids = list(article.tags.values_list("pk", flat=True))
    for queryset, items in (
        (Article.objects.for_listing(), [article]),
        (Quote.objects.for_listing(), [quote, only_one]),
        (Priority.objects.for_listing(), [priority]),
    ):
        assert list(queryset.tagged(tag_ids)) == items
        assert [row["pk"] for row in queryset.tagged_ids(tag_ids)] == [item.pk for item in items]


def test_publishing_an_article_shows_its_tagged_quotes_on_the_tag_pages(client, committed):
    ArticleFactory(tags=["cells"])
    draft = ArticleFactory(draft=True)
    QuoteFactory(article=draft, text="Fresh words.", tags=["cells"])
    for url in ("/tags/cells/", "/tags/cells/?type=quote"):
        client.get(url)
    with committed():
        Article.objects.filter(pk=draft.pk).publish()
    for url in ("/tags/cells/", "/tags/cells/?type=quote"):
        assert "Fresh words." in client.get(url).content.decode(), url
