"""Search by text and tags across articles, quotes and priorities.

Views call `run_search`; only `match_text` knows how text is matched, so a
full-text engine can replace it without touching anything else.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Count, Q
from taggit.models import Tag

from articles.models import Article, Quote, TaggedArticle, TaggedQuote
from priorities.models import Priority, TaggedPriority

MAX_TERMS = 10


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    singular: str
    model: type
    through: type
    text_fields: tuple

    def listing(self):
        return self.model.objects.for_listing()


KINDS = {
    "article": Kind("article", "Articles", "article", Article, TaggedArticle, ("title", "standfirst", "body")),
    "quote": Kind("quote", "Quotes", "quote", Quote, TaggedQuote, ("text", "speaker__name", "role")),
    "priority": Kind("priority", "Priorities", "priority", Priority, TaggedPriority, ("title", "description")),
}


@dataclass
class Section:
    kind: Kind
    results: object  # a queryset of public items, best first
    count: int = 0


@dataclass
class SearchResults:
    tags: list = field(default_factory=list)
    unknown_tags: list = field(default_factory=list)
    sections: list = field(default_factory=list)

    @property
    def total(self):
        return sum(section.count for section in self.sections)


def match_text(queryset, kind, text):
    """Items whose text contains every word of `text` (case-insensitively)."""
    terms = text.split()[:MAX_TERMS]
    if not terms:
        return queryset
    per_term = [reduce(or_, (Q(**{f"{f}__icontains": term}) for f in kind.text_fields)) for term in terms]
    return queryset.filter(reduce(and_, per_term))


def match_tags(queryset, kind, tags, match):
    """Items carrying all (or any) of `tags`, counted per item, not joined per tag."""
    tagged = kind.through.objects.filter(tag__in=tags).values("content_object")
    if match == "all" and len(tags) > 1:
        tagged = tagged.annotate(n=Count("tag", distinct=True)).filter(n=len(tags)).values("content_object")
    return queryset.filter(pk__in=tagged)


def run_search(*, text="", tag_slugs=(), match="all", kind_name=""):
    tags = list(Tag.objects.filter(slug__in=tag_slugs))
    found = {tag.slug for tag in tags}
    results = SearchResults(tags=tags, unknown_tags=[slug for slug in tag_slugs if slug not in found])
    if match == "all" and results.unknown_tags:
        return results  # nothing can carry a tag that does not exist
    kinds = [KINDS[kind_name]] if kind_name else KINDS.values()
    for kind in kinds:
        queryset = match_text(kind.listing(), kind, text)
        if tags:
            queryset = match_tags(queryset, kind, tags, match)
        results.sections.append(Section(kind=kind, results=queryset, count=queryset.count()))
    return results
