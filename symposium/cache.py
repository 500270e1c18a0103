"""The page cache, and forgetting it whenever the content changes.

Page keys carry a generation number kept in the default cache. Any change to
content bumps the generation, so every cached page is missed at once (old
entries simply expire). With a shared Redis that holds for every app server;
with per-process local memory, other processes catch up within their TTL.
"""

from contextlib import suppress

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.models import Article, Event, Quote, Speaker
from priorities.models import Priority
from symposium.cache_backends import FailOpenFileBasedCache, FailOpenLocMemCache, FailOpenRedisCache
from symposium.tags import COUNTS_CACHE_KEY

GENERATION_KEY = "pages:generation"
CONTENT_MODELS = [Article, Event, Quote, Speaker, Priority]
TAGGED_MODELS = [Article, Quote, Priority]


def page_generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def forget_pages(**kwargs):
    """Every cached page and tag count is stale from now on."""
    with suppress(ValueError):  # no generation yet: the first read starts one
        cache.incr(GENERATION_KEY)
    cache.delete(COUNTS_CACHE_KEY)


class GenerationMixin:
    def make_key(self, key, version=None):
        return super().make_key(key, version=version or page_generation())


class GenerationalLocMemCache(GenerationMixin, FailOpenLocMemCache):
    pass


class GenerationalFileBasedCache(GenerationMixin, FailOpenFileBasedCache):
    pass


class GenerationalRedisCache(GenerationMixin, FailOpenRedisCache):
    pass


def connect_signals():
    # Saves (bulk publish saves each article too) and deletes of content...
    for model in CONTENT_MODELS:
        post_save.connect(forget_pages, sender=model, dispatch_uid=f"forget-pages-save-{model._meta.label}")
        post_delete.connect(forget_pages, sender=model, dispatch_uid=f"forget-pages-delete-{model._meta.label}")
    # ...and retagging, which taggit's manager announces as m2m_changed.
    for model in TAGGED_MODELS:
        through = model.tags.through
        m2m_changed.connect(forget_pages, sender=through, dispatch_uid=f"forget-pages-tags-{model._meta.label}")
