"""Tags across the three tagged kinds: one taggit namespace, three through tables.

Readers see topics: a tag alone, or the tags an editor declared to name one
topic (symposium.TagTopic: `photoresist` = `光刻胶` = `光阻`). A topic has one
page, at its canonical tag's slug, counts each item once however many of its
names the item carries, and is searched as one tag.

What is public is decided here: a tag is public when public content carries
it, and a topic shows only its public tags. A tag only drafts or future
articles carry is, to readers, a tag that does not exist, and no topic
reveals its name or slug.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Exists, OuterRef, Q, Value
from taggit.models import Tag

from articles.languages import CHINESE, DJANGO_CODES, page_language
from articles.models import TaggedArticle, TaggedQuote, published_q, shown_in_q
from priorities.models import TaggedPriority
from symposium.models import TopicTag

# Each through table, and the path from its row to the article that decides
# whether the tagged thing is public.
THROUGH_TO_ARTICLE = {
    "article_count": (TaggedArticle, "content_object__"),
    "quote_count": (TaggedQuote, "content_object__article__"),
    "priority_count": (TaggedPriority, "content_object__article__"),
}
COUNTS_CACHE_KEY = "symposium:public-tag-counts:v3"


def counts_cache_key(language):
    return f"{COUNTS_CACHE_KEY}:{language}"


def counts_cache_keys():
    """The counts of every language: what a change forgets."""
    return [counts_cache_key(language) for language in DJANGO_CODES]


def _count_public_tags(language):
    """{"tags": {tag id: {count name: n}}, "topics": {topic id: {count name: n}}}.

    One query per kind: taggings grouped by tag, and (UNION ALL) by topic,
    counting distinct items, so an item carrying two names of one topic counts once.
    Every public tag is there; its counts are of what a page in `language`
    lists, each translation group once (Article.objects.one_per_group), so a
    tag only the other version of a group carries is public with nothing counted.

    Counted on the primary database: the figures are kept until the next change,
    and a replica that has not yet replayed the change just forgotten would
    keep the old ones (a new tag's page answering 404) for hours.
    """
    counts = {"tags": {}, "topics": {}}
    for name, (through, article_prefix) in THROUGH_TO_ARTICLE.items():
        public = through.objects.using(DEFAULT_DB_ALIAS).filter(published_q(article_prefix)).order_by()
        shown = shown_in_q(language, article_prefix)
        per_tag = public.annotate(scope=Value("tags")).values_list("scope", "tag")
        per_tag = per_tag.annotate(n=Count("pk", filter=shown))
        per_topic = (
            public.filter(tag__topic_link__isnull=False)
            .annotate(scope=Value("topics"))
            .values_list("scope", "tag__topic_link__topic")
            .annotate(n=Count("content_object", distinct=True, filter=shown))
        )
        for scope, key, n in per_tag.union(per_topic, all=True):
            counts[scope].setdefault(key, dict.fromkeys(THROUGH_TO_ARTICLE, 0))[name] = n
    return counts


def _public_counts():
    """Counting scans every tagging, so the figures are cached until a change forgets them
    (symposium.cache) or a scheduled article goes public."""
    from symposium.cache import seconds_until_next_publication  # noqa: PLC0415  (cache imports this module)

    language = page_language()
    counts = cache.get(counts_cache_key(language))
    if counts is None:
        counts = _count_public_tags(language)
        seconds = min(seconds_until_next_publication(), settings.CACHE_MIDDLEWARE_SECONDS)
        if seconds > 0:
            cache.set(counts_cache_key(language), counts, seconds)
    return counts


def _with_counts(tag, counts):
    for name, n in counts["tags"][tag.pk].items():
        setattr(tag, name, n)
    tag.total = sum(counts["tags"][tag.pk].values())
    return tag


# One tag


# Topics


@dataclass
class Topic:
    """What readers see as one tag: a tag alone, or the public tags of a TagTopic.

    Quacks like a tag (`slug`, `name`, counts) so templates need not care.
    """

    tags: list  # public tags, the canonical one first
    declared: object = None  # the TagTopic, if any
    counts: dict = field(default_factory=dict)

    @property
    def canonical(self):
        return self.tags[0]

    @property
    def slug(self):
        return self.canonical.slug

    @property
    def name(self):
        """Its declared name in the page's language, else in the other, else its canonical tag's."""
        declared = [self.declared.name_en, self.declared.name_zh_hans] if self.declared else []
        if page_language() == CHINESE:
            declared.reverse()
        return next((name for name in declared if name), self.canonical.name)

    @property
    def name_zh_hans(self):
        return (self.declared and self.declared.name_zh_hans) or self.canonical.name

    @property
    def other_names(self):
        """Its other names, as the page lists them: its declared names, then its public tags."""
        seen = {self.name.casefold()}
        names = []
        declared = [self.declared.name_en, self.declared.name_zh_hans] if self.declared else []
        for name in [*declared, *(tag.name for tag in self.tags)]:
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        return names

    @property
    def tag_ids(self):
        return [tag.pk for tag in self.tags]

    @property
    def slugs(self):
        return {tag.slug for tag in self.tags}

    @property
    def article_count(self):
        return self.counts["article_count"]

    @property
    def quote_count(self):
        return self.counts["quote_count"]

    @property
    def priority_count(self):
        return self.counts["priority_count"]

    @property
    def total(self):
        return sum(self.counts.values())


def _topic_tags():
    """Tags with their topic, if any, loaded in the same query."""
    return Tag.objects.select_related("topic_link__topic")


def _topic_of(tag):
    link = getattr(tag, "topic_link", None)  # None (not an error) for a tag in no topic
    return link.topic if link is not None else None


def _topics(tags, counts):
    """The public `tags` gathered into topics, in the order each topic's first tag comes."""
    groups = {}
    for tag in tags:
        if tag.pk not in counts["tags"]:
            continue
        declared = _topic_of(tag)
        key = ("topic", declared.pk) if declared else ("tag", tag.pk)
        groups.setdefault(key, (declared, []))[1].append(_with_counts(tag, counts))
    return [_topic(declared, members, counts) for declared, members in groups.values()]


def _topic(declared, members, counts):
    members.sort(key=lambda tag: (tag.pk != getattr(declared, "canonical_id", None), tag.name.casefold(), tag.pk))
    totals = counts["topics"].get(declared.pk) if declared else counts["tags"][members[0].pk]
    if totals is None:  # figures counted before the topic was declared, until they are forgotten
        totals = {name: sum(counts["tags"][tag.pk][name] for tag in members) for name in THROUGH_TO_ARTICLE}
    return Topic(tags=members, declared=declared, counts=totals)


def public_topics():
    """Every public topic with its counts, by name."""
    counts = _public_counts()
    topics = _topics(_topic_tags().filter(pk__in=counts["tags"]), counts)
    return sorted(topics, key=lambda topic: (topic.name.casefold(), topic.slug))


def public_topics_among(slugs):
    """The topics named by `slugs` (any of their tags' slugs), once each, in the order first named.

    A slug of a tag only drafts carry names nothing, even when its topic is public.
    """
    if not slugs:
        return []
    counts = _public_counts()
    same_topic = TopicTag.objects.filter(tag__slug__in=slugs).values("topic_id")
    tags = list(_topic_tags().filter(Q(slug__in=slugs) | Q(topic_link__topic_id__in=same_topic)))
    topics = _topics(tags, counts)
    named = {tag.slug for tag in tags if tag.pk in counts["tags"] and tag.slug in slugs}
    order = {slug: position for position, slug in enumerate(slugs)}
    found = [topic for topic in topics if topic.slugs & named]
    return sorted(found, key=lambda topic: min(order[slug] for slug in topic.slugs & named))


def public_topic(slug):
    """The topic one of whose public tags has this slug, or None. Its `slug` may differ: then redirect."""
    return next(iter(public_topics_among([slug])), None)


def popular_topics(limit=20):
    return sorted(public_topics(), key=lambda topic: (-topic.total, topic.name))[:limit]


def carrying_any(queryset, tag_ids):
    """Articles, quotes or priorities carrying at least one of the tags, each once."""
    through = queryset.model.tags.through
    return queryset.filter(Exists(through.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)))
