"""Tags on articles, quotes and priorities: django-taggit, prefetched cheaply."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.text import slugify
from taggit.managers import TaggableManager, _TaggableManager


class PrefetchFriendlyTagManager(_TaggableManager):
    """taggit's manager, without a filter built per item when tags are prefetched.

    Prefetching asks each item's manager for its queryset only to fill in its
    results, so taggit builds a filter per item that never runs (taggit #935),
    a fifth of a tag page's time. Deferring the filter, as Django's own related
    managers do, builds it only if the queryset is ever run. (taggit's
    `manager=` option takes a subclass of its `_TaggableManager`.)
    """

    def get_queryset(self, extra_filters=None):
        prefetched = getattr(self.instance, "_prefetched_objects_cache", {})
        if self.instance is None or extra_filters or self.prefetch_cache_name in prefetched:
            return super().get_queryset(extra_filters)
        queryset = self.through.tag_model().objects.order_by(*self.ordering)
        queryset._defer_next_filter = True
        return queryset.filter(**{f"{self.through.tag_relname()}__content_object": self.instance})


def tags_field(through):
    """Tags in the order they were given, in listings (prefetched) as on the item's own page.

    Without it a prefetch has no order: PostgreSQL returns the rows as they lie
    on disk, which a retag or a restored copy of the site changes.
    """
    return TaggableManager(
        through=through, blank=True, manager=PrefetchFriendlyTagManager, ordering=[f"{through.tag_relname()}__pk"]
    )


class TaggedQuerySet(models.QuerySet):
    """Querysets of a tagged model: what carries some tags, each item once however many it carries."""

    def tagged(self, tag_ids):
        """Items carrying any of `tag_ids`, checked item by item: the database can walk the
        newest items in order and stop at the first few (a tag page's overview)."""
        through = self.model.tags.through
        return self.filter(Exists(through.objects.filter(content_object=OuterRef("pk"), tag__in=tag_ids)))

    def tagged_ids(self, tag_ids):
        """The ids of the items carrying any of `tag_ids`, in this queryset's order, found from
        the tags' rows: for a page deep in the list, where walking every newer item would not stop."""
        return self.filter(tags__in=tag_ids).prefetch_related(None).values("pk").distinct()


# What separates tags as typed: the ASCII and full-width comma and semicolon
# (NFKC folds the full-width ones) and the enumeration comma of Chinese lists.
TAG_SEPARATORS = frozenset(",;、")
TAG_NAME_MAX_LENGTH = 100  # taggit's Tag.name


def normalize_tag_name(name):
    """Full-width letters and digits folded (NFKC), runs of spaces made one, ends trimmed."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def parse_tags(text):
    """Tag names from what an editor typed (TAGGIT_TAGS_FROM_STRING).

    `光刻胶、半导体材料; new materials` is three tags, and so it is with the
    full-width comma and semicolon a Chinese keyboard types. Spaces never separate,
    so `new materials` alone is one tag; double quotes keep separators inside
    a name (`"a, b"`), and a quoted name ends where its quote closes. Names
    differing only in case count once (the first typed is kept); taggit then
    matches them to existing tags whatever their case (TAGGIT_CASE_INSENSITIVE).
    """
    text = unicodedata.normalize("NFKC", text or "")
    names, current, quoted = [], [], False
    for char in text:
        if char == '"':
            names.append("".join(current))
            current, quoted = [], not quoted
        elif char in TAG_SEPARATORS and not quoted:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    if quoted:  # an unclosed quote is ignored, as in taggit
        names.extend(re.split("[" + "".join(TAG_SEPARATORS) + "]", "".join(current)))
    else:
        names.append("".join(current))
    return _checked(_unique(normalize_tag_name(name) for name in names))


def _unique(names):
    seen, unique = set(), []
    for name in names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    return unique


def _checked(names):
    """A form error rather than a database error (or a tag with no URL) for names no tag can have."""
    for name in names:
        if len(name) > TAG_NAME_MAX_LENGTH:
            raise ValidationError(
                "A tag name has at most %(limit)d characters: “%(name)s…” is longer.",
                params={"limit": TAG_NAME_MAX_LENGTH, "name": name[:40]},
            )
        if not slugify(name, allow_unicode=True):
            raise ValidationError("“%(name)s” has no letters or digits to make a tag of.", params={"name": name})
    return names


def edit_string_for_tags(tags):
    """Tags as text that parse_tags reads back as the same tags (TAGGIT_STRING_FROM_TAGS)."""
    return ", ".join(_quoted_if_needed(tag.name) for tag in sorted(tags, key=lambda tag: tag.name.casefold()))


def _quoted_if_needed(name):
    return f'"{name}"' if TAG_SEPARATORS.intersection(unicodedata.normalize("NFKC", name)) else name
