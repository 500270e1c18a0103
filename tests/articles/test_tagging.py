"""Tags read through taggit, with prefetching that costs the same for 1 item or 50."""

from unittest import mock

import pytest
from django.db.models.sql.query import Query

from articles.models import Article
from priorities.models import Priority
from tests.factories import ArticleFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def filters_built(queryset):
    """How many filters Django builds while running `queryset` and its prefetches."""
    with mock.patch.object(Query, "add_q", autospec=True, side_effect=Query.add_q) as add_q:
        list(queryset)
    return add_q.call_count


def test_prefetching_tags_builds_no_filter_per_item():
    ArticleFactory(tags=["graphene"])
    one = filters_built(Article.objects.prefetch_related("tags"))
    for i in range(49):
        ArticleFactory(tags=["graphene", f"tag-{i}"])
    assert filters_built(Article.objects.prefetch_related("tags")) == one


def test_prefetched_tags_are_each_items_own_in_the_order_given():
    first = ArticleFactory(tags=["光刻胶", "graphene"])
    second = ArticleFactory(tags=["photoresist"])
    untagged = ArticleFactory()
    articles = {a.pk: a for a in Article.objects.prefetch_related("tags")}
    assert [t.name for t in articles[first.pk].tags.all()] == ["光刻胶", "graphene"]
    assert [t.name for t in articles[second.pk].tags.all()] == ["photoresist"]
    assert list(articles[untagged.pk].tags.all()) == []


def test_tags_read_without_prefetching(django_assert_num_queries):
    article = ArticleFactory(tags=["光刻胶", "graphene", "photoresist"])
    fresh = Article.objects.get(pk=article.pk)
    with django_assert_num_queries(1):
        assert [t.name for t in fresh.tags.all()] == ["光刻胶", "graphene", "photoresist"]
    assert [t.name for t in fresh.tags.filter(name__startswith="g")] == ["graphene"]
    assert fresh.tags.count() == 3
    assert sorted(t.name for t in Article.tags.all()) == ["graphene", "photoresist", "光刻胶"]


def test_changing_tags_after_prefetching_shows_the_change():
    priority = PriorityFactory(tags=["graphene"])
    fetched = Priority.objects.prefetch_related("tags").get(pk=priority.pk)
    fetched.tags.add("光刻胶")
    assert sorted(t.name for t in fetched.tags.all()) == ["graphene", "光刻胶"]
