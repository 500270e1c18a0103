"""The search page's "Narrow with a tag" offers only the tags that narrow the current results."""

import pytest
from django.db import connection

from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory
from tests.site.test_query_counts import SEARCH_TIME_LIMIT_QUERIES

pytestmark = pytest.mark.django_db


def offered(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return [tag.name for tag, _ in response.context["add_tag_links"]]


@pytest.fixture
def membranes():
    """Three articles about membranes: all tagged "membranes", some more; one unrelated tag elsewhere."""
    ArticleFactory(title="Membranes for water", tags=["membranes", "water", "膜材料"])
    ArticleFactory(title="Membranes for batteries", tags=["membranes", "batteries"])
    ArticleFactory(title="Membranes in general", tags=["membranes", "water"])
    ArticleFactory(title="Unrelated photoresist", tags=["photoresist"])


def test_tag_search_offers_tags_some_results_carry(client, membranes):
    # "membranes" is on all three results, "photoresist" on none: neither narrows.
    assert offered(client, tag="membranes") == ["water", "batteries", "膜材料"]


def test_text_search_offers_tags_of_its_results(client, membranes):
    assert offered(client, q="Membranes") == ["water", "batteries", "膜材料"]


def test_nothing_offered_when_every_result_carries_the_same_tags(client, membranes):
    assert offered(client, tag=["membranes", "batteries"]) == []
    assert offered(client, q="nothing matches this") == []


def test_quotes_and_priorities_count_as_results(client):
    article = ArticleFactory(title="Forum", tags=["forum"])
    QuoteFactory(article=article, text="Forum quote", tags=["forum", "quotes-only"])
    PriorityFactory(article=article, title="Forum priority", tags=["forum", "priorities-only"])
    assert offered(client, tag="forum") == ["priorities-only", "quotes-only"]
    # Only the listed kind counts: among quotes alone, "quotes-only" is on every result.
    assert offered(client, tag="forum", type="quote") == []


def test_any_of_several_tags_offers_nothing_to_add(client, membranes):
    assert offered(client, tag=["water", "batteries"], match="any") == []


def test_link_asks_for_all_tags_when_one_was_chosen_with_any(client, membranes):
    page = client.get("/search/", {"tag": "membranes", "match": "any"}).content.decode()
    assert 'href="?tag=membranes&amp;tag=water"' in page


def test_empty_search_still_offers_popular_tags(client, membranes):
    assert offered(client)[:1] == ["membranes"]


@pytest.mark.parametrize("n", [1, 40])
def test_narrowing_costs_the_same_queries_for_few_and_many_results(client, django_assert_num_queries, n):
    for i in range(n):
        article = ArticleFactory(title=f"Report {i}", tags=["shared", f"article-{i}"])
        QuoteFactory(article=article, tags=["shared", f"quote-{i}"])
        PriorityFactory(article=article, number=1, tags=["shared", f"priority-{i}"])
    client.get("/search/", {"tag": "warm-up"})  # the tag counts' cache, warmed by another URL
    # The tag, the window, visibility, the page of results; then the list's taggings and their tags.
    queries = 6 + SEARCH_TIME_LIMIT_QUERIES[connection.vendor]
    with django_assert_num_queries(queries):
        response = client.get("/search/", {"tag": "shared"})
    assert len(response.context["add_tag_links"]) == min(3 * n, 24)
