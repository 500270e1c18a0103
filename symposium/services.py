"""Writes that span the apps: the tags shared by articles, quotes and priorities."""

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import Tag

from articles.models import TaggedArticle, TaggedQuote
from priorities.models import TaggedPriority

# taggit's own remove_orphaned_tags only knows its generic through table.
TAG_USAGE = {"article_count": TaggedArticle, "quote_count": TaggedQuote, "priority_count": TaggedPriority}


def unused_tag_q():
    """Tags nothing carries: no article, quote or priority, public or not."""
    used = Q()
    for through in TAG_USAGE.values():
        used |= Q(Exists(through.objects.filter(tag=OuterRef("pk"))))
    return ~used


def with_tag_usage(tags):
    """Each tag with how many articles, quotes and priorities carry it."""
    return tags.annotate(**{name: _count_per_tag(through) for name, through in TAG_USAGE.items()})


def _count_per_tag(through):
    per_tag = through.objects.filter(tag=OuterRef("pk")).order_by().values("tag").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(per_tag, output_field=IntegerField()), Value(0))


@transaction.atomic
def delete_unused_tags(*, tags):
    """Deletes those of `tags` that nothing carries; returns how many went and how many stay in use.

    Usage is checked by the DELETE itself, so a tag someone uses meanwhile stays.
    """
    ids = set(tags.values_list("pk", flat=True))
    _, deleted_by_model = Tag.objects.filter(pk__in=ids).filter(unused_tag_q()).delete()
    deleted = deleted_by_model.get(Tag._meta.label, 0)
    return deleted, len(ids) - deleted
