"""Tags across the three tagged kinds: one taggit namespace, three through tables."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
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
COUNTS_CACHE_KEY = "symposium:public-tag-counts"


def _count_public_tags():
    """{tag id: {count name: n}}, one GROUP BY per kind rather than a subquery per tag."""
    counts = {}
    for name, (through, article_prefix) in THROUGH_TO_ARTICLE.items():
        rows = through.objects.filter(published_q(article_prefix)).values_list("tag").annotate(n=Count("pk"))
        for tag_id, n in rows.order_by():
            counts.setdefault(tag_id, dict.fromkeys(THROUGH_TO_ARTICLE, 0))[name] = n
    return counts


def _public_counts():
    """Counting scans every tagging, so the figures are cached until a change forgets them
    (symposium.cache) or a scheduled article goes public."""
    from symposium.cache import seconds_until_next_publication  # noqa: PLC0415  (cache imports this module)

    counts = cache.get(COUNTS_CACHE_KEY)
    if counts is None:
        counts = _count_public_tags()
        seconds = min(seconds_until_next_publication(), settings.CACHE_MIDDLEWARE_SECONDS)
        if seconds > 0:
            cache.set(COUNTS_CACHE_KEY, counts, seconds)
    return counts


def _with_counts(tag, counts):
    for name, n in counts[tag.pk].items():
        setattr(tag, name, n)
    tag.total = sum(counts[tag.pk].values())
    return tag


def public_tags():
    """Every tag carried by public content, with counts per kind and in all, by name."""
    counts = _public_counts()
    return [_with_counts(tag, counts) for tag in Tag.objects.filter(pk__in=counts).order_by("name")]


def public_tags_among(slugs):
    """The tags named by `slugs` that public content carries, with counts.

    A tag is public when public content carries it (`_public_counts`), and
    every surface asks here or `public_tags()`: a tag only drafts or future
    articles carry is, to readers, a tag that does not exist.
    """
    counts = _public_counts()
    return [_with_counts(tag, counts) for tag in Tag.objects.filter(slug__in=slugs) if tag.pk in counts]


def public_tag(slug):
    """One tag with its counts, or None when nothing public carries it."""
    return next(iter(public_tags_among([slug])), None)


def popular_tags(limit=20):
    return sorted(public_tags(), key=lambda tag: (-tag.total, tag.name))[:limit]
