"""Tags across the three tagged kinds: one taggit namespace, three through tables."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from taggit.models import Tag

from articles.models import TaggedArticle, TaggedQuote, published_q
from priorities.models import TaggedPriority

# Each through table, and the path from its row to the article that decides
# whether the tagged thing is public.
THROUGH_TO_ARTICLE = {
    "article_count": (TaggedArticle, "content_object__"),
    "quote_count": (TaggedQuote, "content_object__article__"),
    "priority_count": (TaggedPriority, "content_object__article__"),
}


def _public_count(through, article_prefix):
    # A correlated subquery per kind: joining all three would multiply rows.
    counts = (
        through.objects.filter(published_q(article_prefix), tag=OuterRef("pk"))
        .values("tag")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def tags_with_public_counts():
    """Tags carried by at least one public item, with counts per kind and in all."""
    counts = {name: _public_count(*through) for name, through in THROUGH_TO_ARTICLE.items()}
    return (
        Tag.objects.annotate(**counts)
        .annotate(total=F("article_count") + F("quote_count") + F("priority_count"))
        .filter(total__gt=0)
    )


def popular_tags(limit=20):
    return tags_with_public_counts().order_by("-total", "name")[:limit]
