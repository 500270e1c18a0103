"""Writes that span the apps: the tags shared by articles, quotes and priorities."""

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import Tag

from articles.models import TaggedArticle, TaggedQuote, published_q
from priorities.models import TaggedPriority
from symposium.cache import forget_after_commit, topic_keys
from symposium.models import SlugRedirect, TagMerge, TagTopic, TopicTag
from symposium.redirects import move_redirects
from symposium.tags import THROUGH_TO_ARTICLE

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


# Topics and merging


def settle_topic(*, topic):
    """After a topic's tags were edited: its canonical tag is one of its tags (joining if need be);
    a topic left without one takes its first tag by name."""
    if topic.canonical_id is not None:
        TopicTag.objects.get_or_create(tag_id=topic.canonical_id, defaults={"topic": topic})
        return
    first = topic.links.order_by("tag__name").values_list("tag_id", flat=True).first()
    if first is not None:
        topic.canonical_id = first
        topic.save(update_fields=["canonical"])


def _is_public(tag):
    """Read from the taggings, not the cached counts: a merge must judge what is true now."""
    return any(
        through.objects.filter(published_q(prefix), tag=tag).exists()
        for through, prefix in THROUGH_TO_ARTICLE.values()
    )


@transaction.atomic
def merge_tags(*, source, into, by):
    """Moves every article, quote and priority tagged `source` to `into`, and deletes `source`.

    An item that had both keeps `into` once. `source`'s address and feeds (and
    its own old addresses) then answer 301 with `into`'s, unless only drafts
    ever carried it: a redirect must not reveal a hidden name. If `source`
    named a topic and `into` names none, `into` takes its place in the topic.
    Returns the TagMerge that records it.
    """
    if source.pk == into.pk:
        raise ValueError("A tag cannot be merged into itself.")
    source = Tag.objects.select_for_update().get(pk=source.pk)
    source_was_public = _is_public(source)
    topics = list(TopicTag.objects.filter(tag__in=[source, into]).values_list("topic_id", flat=True))
    moved = 0
    for through in TAG_USAGE.values():
        had_both = through.objects.filter(
            tag=source, content_object_id__in=through.objects.filter(tag=into).values("content_object_id")
        )
        moved += had_both.delete()[0]
        moved += through.objects.filter(tag=source).update(tag=into)
    _take_topic_place(source=source, into=into)
    if source_was_public:
        move_redirects(kind=SlugRedirect.Kind.TAG, old_slug=source.slug, from_id=source.pk, into_id=into.pk)
    else:
        SlugRedirect.objects.filter(kind=SlugRedirect.Kind.TAG, target_id=source.pk).update(target_id=into.pk)
    record = TagMerge.objects.create(
        source_name=source.name,
        source_slug=source.slug,
        into=into,
        into_name=into.name,
        items_moved=moved,
        merged_by=by,
    )
    # Pages showing either tag, or their topics, carry their keys; update() sends no signal of its own.
    forget_after_commit(topic_keys(topics, [source.pk, into.pk]))
    source.delete()
    return record


def _take_topic_place(*, source, into):
    if TopicTag.objects.filter(tag=into).exists():
        return
    if TopicTag.objects.filter(tag=source).update(tag=into):
        TagTopic.objects.filter(canonical=source).update(canonical=into)
