"""Search by text and tags across articles, quotes, priorities and speakers.

Views call `run_search`; the database-specific text matching lives in
backends.py and is picked from the connection's vendor.

The work per search is bounded, whatever the size of the site: each kind
contributes at most WINDOW of its newest matches, which are then checked for
visibility, counted and ranked. A kind with more matches than that shows its
count as "500+", and its older matches are not ranked.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from taggit.models import Tag

from articles.models import TaggedArticle, TaggedQuote, public_speaker_q, published_q
from priorities.models import TaggedPriority
from symposium.models import SearchDocument
from symposium.search.backends import get_backend
from symposium.search.query import parse_query
from symposium.search.snippets import highlight, snippet, term_pattern

Kind = SearchDocument.Kind
KIND_LABELS = {Kind.ARTICLE: "Articles", Kind.QUOTE: "Quotes", Kind.PRIORITY: "Priorities", Kind.SPEAKER: "Speakers"}
# The tag through table of each kind that has tags.
TAG_THROUGH = {Kind.ARTICLE: TaggedArticle, Kind.QUOTE: TaggedQuote, Kind.PRIORITY: TaggedPriority}
WINDOW = 500


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
    window: int = WINDOW
    documents: object = field(default_factory=SearchDocument.objects.none)

    @property
    def total(self):
        return sum(self.counts.values())

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


def visible_documents():
    """Documents whose article is public, and speakers who appear in public."""
    return SearchDocument.objects.filter(
        (~Q(kind=Kind.SPEAKER) & published_q("article__")) | (Q(kind=Kind.SPEAKER) & public_speaker_q("speaker_id"))
    )


def tag_condition(kind, tags, match):
    """A condition that the item behind a document id carries all (or any) of `tags`.

    It takes the name of the id it tests, so a backend can apply it to
    whichever table its search starts from. One probe of the (tag, item)
    index per tag and document.
    """
    through = TAG_THROUGH[kind]
    first_id, _ = SearchDocument.id_range(kind)
    groups = [tags] if match == "any" else [[tag] for tag in tags]

    def condition(id_ref):
        item = OuterRef(id_ref) - first_id
        return reduce(
            and_, (Q(Exists(through.objects.filter(tag__in=group, content_object_id=item))) for group in groups)
        )

    return condition


def windows(terms, tags, match):
    """Each searched kind's newest matching document ids, in one query.

    A window holds one more id than WINDOW, to tell whether there are more.
    """
    backend = get_backend()
    kinds = TAG_THROUGH if tags else Kind  # speakers have no tags
    parts = [
        backend.window(kind, terms, tag_condition(kind, tags, match) if tags else None, WINDOW + 1) for kind in kinds
    ]
    found = {kind: [] for kind in kinds}
    for id_ in union_all(parts):
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
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql), params)
        return [value for (value,) in cursor.fetchall()]


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


def run_search(*, text="", tag_slugs=(), match="all", kind_name=""):
    terms = parse_query(text)
    tags = list(Tag.objects.filter(slug__in=tag_slugs))
    found = {tag.slug for tag in tags}
    results = SearchResults(terms=terms, tags=tags, unknown_tags=[s for s in tag_slugs if s not in found])
    if (text.strip() and not terms) or (match == "all" and results.unknown_tags):
        return results  # nothing can match punctuation alone, or a tag that does not exist
    found_ids = windows(terms, tags, match)
    results.capped = {kind for kind, ids in found_ids.items() if len(ids) > WINDOW}
    documents = visible_documents().filter(id__in=[id_ for ids in found_ids.values() for id_ in ids[:WINDOW]])
    results.counts = dict(documents.values_list("kind").annotate(n=Count("id")).order_by())
    if kind_name:
        documents = documents.filter(kind=kind_name)
    results.documents = ranked(documents, terms).select_related(
        "article__event", "quote__speaker", "priority", "speaker"
    )
    return results
