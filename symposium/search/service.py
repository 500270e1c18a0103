"""Search by text and tags across articles, quotes, priorities and speakers.

Views call `run_search`; the database-specific text matching lives in
backends.py and is picked from the connection's vendor.

The work per search is bounded, whatever the size of the site: each kind
contributes at most WINDOW of its newest matches, which are then checked for
visibility, counted and ranked. A kind with more matches than that shows its
count as, say, "200+", and its older matches are not ranked.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.conf import settings
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import pgettext_lazy
from taggit.models import Tag

from articles.languages import page_language
from articles.models import TaggedArticle, TaggedQuote, public_speaker_q, published_q
from priorities.models import TaggedPriority
from symposium.models import SearchDocument, SlugRedirect
from symposium.replicas import read_connection
from symposium.search.backends import SearchTooSlow, get_backend
from symposium.search.query import parse_query
from symposium.search.snippets import highlight, snippet, term_pattern
from symposium.tags import public_topics_among

Kind = SearchDocument.Kind
# A tab of results of one kind, and one result's kind.
KIND_LABELS = {
    Kind.ARTICLE: pgettext_lazy("search results of one kind", "Articles"),
    Kind.QUOTE: pgettext_lazy("search results of one kind", "Quotes"),
    Kind.PRIORITY: pgettext_lazy("search results of one kind", "Priorities"),
    Kind.SPEAKER: pgettext_lazy("search results of one kind", "Speakers"),
}
HIT_KIND_LABELS = {
    Kind.ARTICLE: pgettext_lazy("one search result's kind", "Article"),
    Kind.QUOTE: pgettext_lazy("one search result's kind", "Quote"),
    Kind.PRIORITY: pgettext_lazy("one search result's kind", "Priority"),
    Kind.SPEAKER: pgettext_lazy("one search result's kind", "Speaker"),
}
# The tag through table of each kind that has tags.
TAG_THROUGH = {Kind.ARTICLE: TaggedArticle, Kind.QUOTE: TaggedQuote, Kind.PRIORITY: TaggedPriority}
WINDOW = 200
# What a hit shows: narrow rows keep the ranking sort small.
HIT_FIELDS = [
    "kind", "title", "body", "article__slug", "article__title", "article__published_at",
    "quote__id", "priority__slug", "speaker__slug",
]  # fmt: skip


def count_label(count, capped):
    return f"{count:,}+" if capped else f"{count:,}"


@dataclass
class SearchResults:
    terms: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    unknown_tags: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    # Kinds with more matches than WINDOW: their counts are lower bounds.
    capped: set = field(default_factory=set)
    # The search ran past SEARCH_TIME_LIMIT_MS and was stopped: nothing was found.
    too_slow: bool = False
    documents: object = field(default_factory=SearchDocument.objects.none)
    # (document id, kind) of every result in the list, on any page.
    listed: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def window(self):
        return WINDOW

    @property
    def total_label(self):
        return count_label(self.total, bool(self.capped))

    def count_shown(self, kind_name):
        """How many documents the list holds: one kind's count, or all of them."""
        return self.counts.get(kind_name, 0) if kind_name else self.total

    @property
    def count_by_kind(self):
        return [(kind, KIND_LABELS[kind], count_label(self.counts.get(kind, 0), kind in self.capped)) for kind in Kind]

    def hits(self, documents):
        pattern = term_pattern(self.terms)
        return [Hit.from_document(document, pattern) for document in documents]


@dataclass
class Hit:
    kind: str
    url: str
    title: str
    snippet: str
    source_title: str = ""
    source_url: str = ""
    published_at: object = None

    @property
    def kind_label(self):
        return HIT_KIND_LABELS[self.kind]

    @classmethod
    def from_document(cls, document, pattern):
        hit = cls(
            kind=document.kind,
            url="",
            title=highlight(document.title, pattern),
            snippet=snippet(document.body, pattern),
        )
        article = document.article
        if article is not None:
            hit.published_at = article.published_at
        if document.kind == Kind.ARTICLE:
            hit.url = article.get_absolute_url()
        elif document.kind == Kind.QUOTE:
            hit.url = document.quote.get_absolute_url()
        elif document.kind == Kind.PRIORITY:
            hit.url = document.priority.get_absolute_url()
        else:
            hit.url = document.speaker.get_absolute_url()
        if article is not None and document.kind != Kind.ARTICLE:
            hit.source_title, hit.source_url = article.title, article.get_absolute_url()
        return hit


def visible(found_ids, language=""):
    """(id, kind) of the found documents a reader may see.

    Documents of articles, quotes and priorities follow their article, and
    show one version of a group of translations (once_per_group);
    speakers are shown once they appear in a public article. Two plain
    queries over a few hundred ids each, so the planner has no bad plan to pick.
    """
    among = get_backend().among
    owned = [id_ for kind, ids in found_ids.items() if kind != Kind.SPEAKER for id_ in ids]
    speakers = found_ids.get(Kind.SPEAKER, [])
    documents = SearchDocument.objects.values_list("id", "kind")
    rows = []
    if owned:
        public = documents.filter(among(owned), published_q("article__"))
        if language:  # the reader asked for one language; speakers have none
            public = public.filter(article__language=language)
        rows += once_per_group(public.values_list("id", "kind", "article__language", "article__translation_group"))
    if speakers:
        rows += documents.filter(among(speakers), public_speaker_q("speaker_id"))
    return rows


def once_per_group(rows):
    """(id, kind) of the rows, each kind of each group of translations from one version: the
    page's language when a document of it matched, else the other version's matches."""
    rows = list(rows)
    language = page_language()
    in_page_language = {(kind, group) for _, kind, lang, group in rows if group is not None and lang == language}
    return [
        (id_, kind)
        for id_, kind, lang, group in rows
        if group is None or lang == language or (kind, group) not in in_page_language
    ]


def tag_groups(topics, match):
    """The groups of tag ids an item needs one of each: one group per topic (its tags) for "all",
    one group of every topic's tags for "any"."""
    if match == "any":
        return [[tag_id for topic in topics for tag_id in topic.tag_ids]]
    return [topic.tag_ids for topic in topics]


@dataclass(frozen=True)
class TagFilter:
    """The items of one kind that carry all (or any) of some topics, each topic by any of its tags.

    A backend uses it one of two ways: as a condition on each document its
    text search yields, or as the starting point, reading the tag's items
    newest first from the (tag, item) index and checking the text on each.
    """

    kind: str
    groups: list  # of tag ids: an item carries one of each group (see tag_groups)

    @property
    def through(self):
        return TAG_THROUGH[self.kind]

    @property
    def first_id(self):
        return SearchDocument.id_range(self.kind)[0]

    def condition(self, id_ref):
        """That the item behind the document id named `id_ref` carries the tags: one index probe per tag group."""
        item = OuterRef(id_ref) - self.first_id
        tagged = (
            Exists(self.through.objects.filter(tag_id__in=group, content_object_id=item)) for group in self.groups
        )
        return reduce(and_, map(Q, tagged))

    def window(self, limit, documents=None):
        """The newest tagged document ids, only those among `documents` if given."""
        first_group, *other_groups = self.groups
        rows = self.through.objects.filter(tag_id__in=first_group)
        for group in other_groups:
            rows = rows.filter(
                Exists(self.through.objects.filter(tag_id__in=group, content_object_id=OuterRef("content_object_id")))
            )
        rows = rows.annotate(document_id=F("content_object_id") + self.first_id)
        if documents is not None:
            rows = rows.filter(Exists(documents.filter(id=OuterRef("document_id"))))
        if len(first_group) > 1:  # several tags (a topic's names, or "any"): once per item, however many it carries
            rows = rows.values("content_object_id", "document_id").annotate(tags=Count("tag"))
        return rows.order_by("-content_object_id").values_list("document_id", flat=True)[:limit]


def windows(terms, tags, match):
    """Each searched kind's newest matching document ids, in one query.

    A window holds one more id than WINDOW, to tell whether there are more.
    """
    backend = get_backend()
    kinds = TAG_THROUGH if tags else Kind  # speakers have no tags
    groups = tag_groups(tags, match)
    tag_filters = {kind: TagFilter(kind, groups) if tags else None for kind in kinds}
    if terms:
        parts = [backend.window(kind, terms, tag_filters[kind], WINDOW + 1) for kind in kinds]
    else:
        parts = [tag_filters[kind].window(WINDOW + 1) for kind in kinds]
    found = {kind: [] for kind in kinds}
    with backend.time_limit(settings.SEARCH_TIME_LIMIT_MS):
        found_ids = union_all(parts)
    for id_ in found_ids:
        found[SearchDocument.kind_of(id_)].append(id_)
    return found


def union_all(querysets):
    """The values of one-column querysets, each ordered and sliced on its own.

    Django's union() cannot slice its parts on SQLite, so the parts are
    joined here, each in a subquery of its own.
    """
    sql, params = [], []
    for number, queryset in enumerate(querysets):
        part_sql, part_params = queryset.query.sql_with_params()
        sql.append(f"SELECT * FROM ({part_sql}) AS part_{number}")  # noqa: S608  (Django-compiled SQL; values are parameters)
        params.extend(part_params)
    with read_connection().cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql), params)
        return [value for (value,) in cursor.fetchall()]


def narrowing_tags(results, limit):
    """Tags carried by some of the listed results and not by all: each would narrow the list.

    Two queries whatever the number of results: the taggings of the listed
    items (one UNION ALL over the kinds' through tables), then the tags.
    Most-carried first, then by name.
    """
    parts = []
    for kind, through in TAG_THROUGH.items():
        first_id = SearchDocument.id_range(kind)[0]
        item_ids = [id_ - first_id for id_, listed_kind in results.listed if listed_kind == kind]
        if item_ids:
            parts.append(through.objects.filter(content_object_id__in=item_ids).values_list("tag_id", flat=True))
    if len(results.listed) < 2 or not parts:
        return []
    carried = Counter(parts[0].union(*parts[1:], all=True))
    chosen = {tag_id for topic in results.tags for tag_id in topic.tag_ids}  # every name of a chosen topic
    candidates = [tag_id for tag_id, n in carried.items() if n < len(results.listed) and tag_id not in chosen]
    tags = Tag.objects.filter(pk__in=candidates) if candidates else []
    return sorted(tags, key=lambda tag: (-carried[tag.pk], tag.name))[:limit]


def ranked(documents, terms):
    """Most terms in the title first; then newer before older."""
    title_hits = sum(
        (
            Case(When(title__icontains=t.text, then=Value(1)), default=Value(0), output_field=IntegerField())
            for t in terms
        ),
        Value(0),
    )
    return documents.annotate(title_hits=title_hits).order_by(
        "-title_hits", F("article__published_at").desc(nulls_last=True), "kind", "-id"
    )


def run_search(*, text="", tag_slugs=(), match="all", kind_name="", language=""):
    terms = parse_query(text)
    tags, unknown = topics_named(tag_slugs)
    results = SearchResults(terms=terms, tags=tags, unknown_tags=unknown)
    if (text.strip() and not terms) or (match == "all" and results.unknown_tags) or not (terms or tags):
        return results  # nothing asked for, or punctuation alone, or a tag that does not exist
    try:
        found_ids = windows(terms, tags, match)
    except SearchTooSlow:
        results.too_slow = True
        return results
    results.capped = {kind for kind, ids in found_ids.items() if len(ids) > WINDOW}
    shown = visible({kind: ids[:WINDOW] for kind, ids in found_ids.items()}, language)
    results.counts = Counter(kind for _, kind in shown)
    results.listed = [(id_, kind) for id_, kind in shown if kind_name in ("", kind)]
    documents = SearchDocument.objects.filter(get_backend().among([id_ for id_, _ in results.listed]))
    results.documents = (
        ranked(documents, terms).select_related("article", "quote", "priority", "speaker").only(*HIT_FIELDS)
    )
    return results


def topics_named(tag_slugs):
    """The public topics the slugs name, and the slugs that name none.

    A saved search (or a client of the API) may name a tag renamed or merged away since.
    """
    topics = public_topics_among(tag_slugs)
    found = set().union(*(topic.slugs for topic in topics))
    unknown = [slug for slug in tag_slugs if slug not in found]
    if unknown:
        topics, unknown = with_old_slugs(topics, unknown)
    return topics, unknown


def with_old_slugs(topics, unknown):
    """`topics` and the topics that now have the `unknown` slugs, and the slugs still unknown.

    Topics named twice (by a slug and an old one) count once.
    """
    moved = dict(
        SlugRedirect.objects.filter(kind=SlugRedirect.Kind.TAG, old_slug__in=unknown).values_list(
            "old_slug", "target_id"
        )
    )
    if not moved:
        return topics, unknown
    current = dict(Tag.objects.filter(pk__in=moved.values()).values_list("pk", "slug"))
    new_slugs = [current[moved[slug]] for slug in unknown if moved.get(slug) in current]
    named = {slug for topic in topics for slug in topic.slugs}
    for topic in public_topics_among(new_slugs):
        if not topic.slugs & named:
            topics.append(topic)
            named |= topic.slugs
    found = {slug for slug in unknown if moved.get(slug) in current and current[moved[slug]] in named}
    return topics, [slug for slug in unknown if slug not in found]
