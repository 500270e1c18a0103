"""What to forget when content changes, forgotten once, after the transaction commits.

Saves, deletes and retagging are seen through model signals (the admin, the
ORM, management commands and the services alike); each change adds the page
keys it affects to a batch that is forgotten when the transaction commits, so
a bulk publish of fifty articles forgets once, and a save that is rolled back
forgets nothing then (its keys join the next commit's batch: forgetting a page
too many is harmless, too few is not). The rules (`keys_for_change`):

- a draft's own changes touch no public page;
- anything of a published (or scheduled) article forgets its own pages and the
  listings it is on or about to be on: its event, tags and speakers' pages,
  the lists of articles, priorities, speakers and events, tag counts, search
  and feeds; publishing, unpublishing, linking or unlinking it also forgets
  the same of its published translations, which it replaces in, or gives
  back to, the listings of its language (and whose pages link to it);
- a speaker, event or tag forgets the pages that show it (a tag also the
  tag index and home page, which list topics);
- declaring which tags name one topic (TagTopic, TopicTag) forgets the pages
  of every tag of the topics concerned, tag counts, search and feeds.

Forgetting that the cache did not take (it was down) is kept in the database
and replayed as soon as the cache answers again, so no page forgotten during
an outage is served once it is back.
"""

import logging
import threading
import time
from datetime import datetime

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Event, Quote, Speaker
from priorities.models import Priority
from symposium import purge
from symposium.cache_backends import FailOpenMixin
from symposium.models import PendingForget, TagTopic, TopicTag
from symposium.pagecache import forget_keys
from symposium.tags import counts_cache_keys

logger = logging.getLogger(__name__)

NEXT_PUBLICATION_KEY = "symposium:next-publication"
NO_PUBLICATION_DUE = float("inf")
LISTINGS = {"list:article", "list:priority", "list:speaker", "list:event", "tagcounts", "search", "syndication"}
CONTENT_MODELS = [Article, Event, Quote, Speaker, Priority, Tag]
TAGGED_MODELS = [Article, Quote, Priority]

_batch = threading.local()


# Rules

# Fields that decide where a thing is listed: a change to one of them is a
# move (forget where it was and where it goes); any other change is an edit
# (forget only the pages that show it).
PLACEMENT = {
    # A translation linked or unlinked moves both versions in and out of the listings of each language.
    Article: ("status", "published_at", "event_id", "translation_group_id"),
    Quote: ("article_id", "speaker_id"),
    Priority: ("article_id", "speaker_id", "number"),
}


def keys_for_change(before, after):
    """The page keys a change affects; `before` is None for a new row, `after` None for a deleted one."""
    if before is None or after is None:
        return placement_keys(before or after)
    fields = PLACEMENT.get(type(after), ())
    if any(_placed(getattr(before, name)) != _placed(getattr(after, name)) for name in fields):
        return placement_keys(before) | placement_keys(after)
    return edit_keys(after)


def _placed(value):
    """Times to the second, as the admin form shows and sends them back: a save that drops
    microseconds stored by code (`timezone.now()`) moves nothing."""
    return value.replace(microsecond=0) if isinstance(value, datetime) else value


def edit_keys(instance):
    """Pages showing `instance`: each of them carries its key."""
    key = f"{instance._meta.model_name}:{instance.pk}"
    if isinstance(instance, Event):
        return {key}
    if isinstance(instance, Article | Quote | Priority) and not _published(instance):
        return {key}
    if isinstance(instance, Tag):
        # The tag index and the home page list topics, not Tag rows: they carry the counts' key.
        return {key, "tagcounts", "search", "syndication"}
    return {key, "search", "syndication"}


def placement_keys(instance):
    """Pages listing `instance`, or about to: its own, its article's, speakers', event's, tags' and the lists."""
    if isinstance(instance, Article):
        return _article_placement(instance)
    if isinstance(instance, Quote | Priority):
        return _article_item_placement(instance)
    if isinstance(instance, Tag):
        return {f"tag:{instance.pk}", "tagcounts", "search"}
    return edit_keys(instance)


def _published(instance):
    """Published or scheduled: a scheduled article's listings must expire when it goes public."""
    if isinstance(instance, Article):
        return instance.status == Article.Status.PUBLISHED
    return Article.objects.filter(pk=instance.article_id, status=Article.Status.PUBLISHED).exists()


def _article_placement(article, *, with_translations=True):
    keys = {f"article:{article.pk}"}
    if not _published(article):
        return keys
    if with_translations:
        # A page in one language shows one version of each group (Article.objects.one_per_group):
        # where a published translation comes or goes, its siblings' places change with it.
        for sibling in _published_translations(article):
            keys |= _article_placement(sibling, with_translations=False)
    speaker_ids = {
        *Quote.objects.filter(article=article).values_list("speaker_id", flat=True),
        *Priority.objects.filter(article=article).exclude(speaker=None).values_list("speaker_id", flat=True),
    }
    # Its quotes and priorities come and go with it, on their tags' pages too.
    part_tag_ids = {
        *Quote.tags.through.objects.filter(content_object__article=article).values_list("tag_id", flat=True),
        *Priority.tags.through.objects.filter(content_object__article=article).values_list("tag_id", flat=True),
    }
    keys |= {f"speaker:{pk}" for pk in speaker_ids} | {f"tag:{pk}" for pk in part_tag_ids}
    keys |= _tag_keys(article) | LISTINGS
    if article.event_id:
        keys.add(f"event:{article.event_id}")
    return keys


def _published_translations(article):
    if article.translation_group_id is None:
        return []
    siblings = Article.objects.filter(translation_group_id=article.translation_group_id).exclude(pk=article.pk)
    return list(siblings.filter(status=Article.Status.PUBLISHED).only("pk", "status", "event_id"))


def _article_item_placement(item):
    keys = {f"{item._meta.model_name}:{item.pk}", f"article:{item.article_id}"}
    if not _published(item):
        return keys
    keys |= _tag_keys(item) | LISTINGS
    if item.speaker_id:
        keys.add(f"speaker:{item.speaker_id}")
    return keys


def _tag_keys(item):
    tag_ids = item.tags.through.objects.filter(content_object_id=item.pk).values_list("tag_id", flat=True)
    return {f"tag:{pk}" for pk in tag_ids}


def topic_keys(topic_ids, tag_ids=()):
    """Pages of the topics' tags (and of `tag_ids`), and every list showing tag counts."""
    members = TopicTag.objects.filter(topic_id__in=[pk for pk in topic_ids if pk is not None]).values_list(
        "tag_id", flat=True
    )
    return {f"tag:{pk}" for pk in {*members, *tag_ids} if pk is not None} | {"tagcounts", "search", "syndication"}


# Batching until commit


def forget_after_commit(keys):
    """Adds keys to this transaction's batch; the batch is forgotten once, after commit."""
    pending = getattr(_batch, "keys", None)
    if pending is None:
        pending = _batch.keys = set()
    pending |= keys
    # Registered on every call: the first to run takes the whole batch, the
    # others find it empty. A batch of a rolled-back transaction joins the next.
    transaction.on_commit(_forget_batch)


def _forget_batch():
    keys = getattr(_batch, "keys", None)
    _batch.keys = None
    if keys:
        forget(keys)


def forget(keys):
    """Forget pages now, and the derived figures they show; kept for later if the cache is down.

    Then the same pages are purged at the caching proxy in front, if any
    (queued: symposium.purge), after the page cache forgot them, so what the
    proxy fetches next is rendered afresh.
    """
    if "tagcounts" in keys:
        cache.delete_many(counts_cache_keys())
    if any(key.startswith("article:") for key in keys):
        cache.delete(NEXT_PUBLICATION_KEY)
    if forget_keys(keys):
        replay_pending()
    else:
        PendingForget.objects.create(keys=sorted(keys))
        logger.warning("Cache down: %d page keys kept to forget when it is back", len(keys))
    purge.enqueue(keys)


def forget_everything():
    cache.delete(NEXT_PUBLICATION_KEY)
    forget({"all", "tagcounts"})


def replay_pending():
    """Forget what could not be forgotten while the cache was down."""
    # From the primary: this runs in whatever request first finds the cache back, often a reader's.
    pending = list(PendingForget.objects.using(DEFAULT_DB_ALIAS).order_by("pk"))
    if not pending:
        return
    keys = set().union(*(set(row.keys) for row in pending))
    if forget_keys(keys):
        cache.delete_many(counts_cache_keys())
        cache.delete(NEXT_PUBLICATION_KEY)
        PendingForget.objects.filter(pk__in=[row.pk for row in pending]).delete()


# Scheduled publication


def seconds_until_next_publication():
    """Seconds until a scheduled article goes public (infinity when none is due); cached until then."""
    due = cache.get(NEXT_PUBLICATION_KEY)
    if due is None or due <= time.time():
        # From the primary: a lagging replica could miss an article just scheduled and keep pages past its time.
        scheduled = Article.objects.using(DEFAULT_DB_ALIAS).filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        )
        first = scheduled.aggregate(first=Min("published_at"))["first"]
        due = first.timestamp() if first else NO_PUBLICATION_DUE
        cache.set(NEXT_PUBLICATION_KEY, due, None)
    return due - time.time()


# Signals


def remember_before(sender, instance, raw=False, **kwargs):
    if raw:
        return
    instance._before_save = sender._base_manager.filter(pk=instance.pk).first() if instance.pk else None


def after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    forget_after_commit(keys_for_change(getattr(instance, "_before_save", None), instance))


def before_delete(sender, instance, **kwargs):
    # Read before the rows go: a deleted article's tags are gone after.
    forget_after_commit(keys_for_change(instance, None))


def after_retag(sender, instance, action, pk_set, **kwargs):
    """taggit announces retagging as m2m_changed on the through model."""
    keys = {"tagcounts", "search", "syndication", f"{instance._meta.model_name}:{instance.pk}"}
    if action == "pre_clear":
        forget_after_commit(keys | _tag_keys(instance))
    if action in ("post_add", "post_remove") and pk_set:  # taggit announces an empty add on every form save
        forget_after_commit(keys | {f"tag:{pk}" for pk in pk_set or ()})


def remember_topic_link(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = TopicTag.objects.filter(pk=instance.pk).values_list("topic_id", "tag_id").first() if instance.pk else None
    instance._link_before_save = before or (None, None)


def after_topic_link_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old_topic, old_tag = instance.__dict__.pop("_link_before_save", (None, None))
    forget_after_commit(topic_keys([old_topic, instance.topic_id], [old_tag, instance.tag_id]))


def before_topic_link_delete(sender, instance, **kwargs):
    forget_after_commit(topic_keys([instance.topic_id], [instance.tag_id]))


def after_topic_change(sender, instance, raw=False, **kwargs):
    """A topic saved (names, canonical tag) or about to be deleted: read its tags while they are there."""
    if not raw:
        forget_after_commit(topic_keys([instance.pk], [instance.canonical_id]))


def connect_signals():
    pre_save.connect(remember_topic_link, sender=TopicTag, dispatch_uid="pages-before-topic-link")
    post_save.connect(after_topic_link_save, sender=TopicTag, dispatch_uid="pages-topic-link")
    pre_delete.connect(before_topic_link_delete, sender=TopicTag, dispatch_uid="pages-delete-topic-link")
    post_save.connect(after_topic_change, sender=TagTopic, dispatch_uid="pages-topic")
    pre_delete.connect(after_topic_change, sender=TagTopic, dispatch_uid="pages-delete-topic")
    for model in CONTENT_MODELS:
        label = model._meta.label
        pre_save.connect(remember_before, sender=model, dispatch_uid=f"pages-before-save-{label}")
        post_save.connect(after_save, sender=model, dispatch_uid=f"pages-save-{label}")
        pre_delete.connect(before_delete, sender=model, dispatch_uid=f"pages-delete-{label}")
    for model in TAGGED_MODELS:
        m2m_changed.connect(after_retag, sender=model.tags.through, dispatch_uid=f"pages-tags-{model._meta.label}")
    FailOpenMixin.on_recovery.append(replay_pending)
