"""Search by text and tags across articles, quotes, priorities and speakers.

Views call `run_search`; the database-specific text matching lives in
backends.py and is picked from the connection's vendor.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from taggit.models import Tag

from articles.models import TaggedArticle, TaggedQuote, public_speaker_q, published_q
from priorities.models import TaggedPriority
from symposium.models import SearchDocument
from symposium.search.backends import get_backend
from symposium.search.query import parse_query
from symposium.search.snippets import highlight, snippet, term_pattern

Kind = SearchDocument.Kind
KIND_LABELS = {Kind.ARTICLE: "Articles", Kind.QUOTE: "Quotes", Kind.PRIORITY: "Priorities", Kind.SPEAKER: "Speakers"}
# The tag through table of each tagged kind, and the document field it joins on.
TAGGED_KINDS = {
    Kind.ARTICLE: (TaggedArticle, "article_id"),
    Kind.QUOTE: (TaggedQuote, "quote_id"),
    Kind.PRIORITY: (TaggedPriority, "priority_id"),
}


@dataclass
class SearchResults:
    terms: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    unknown_tags: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    documents: object = field(default_factory=SearchDocument.objects.none)

    @property
    def total(self):
        return sum(self.counts.values())

    def count_shown(self, kind_name):
        """How many documents the list holds: one kind's count, or all of them."""
        return self.counts.get(kind_name, 0) if kind_name else self.total

    @property
    def count_by_kind(self):
        return [(kind, KIND_LABELS[kind], self.counts.get(kind, 0)) for kind in Kind]

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


def with_tags(documents, tags, match):
    """Documents carrying all (or any) of `tags`, counted per item, not joined per tag."""
    condition = Q()
    for kind, (through, id_field) in TAGGED_KINDS.items():
        tagged = through.objects.filter(tag__in=tags).values("content_object")
        if match == "all" and len(tags) > 1:
            tagged = tagged.annotate(n=Count("tag", distinct=True)).filter(n=len(tags)).values("content_object")
        condition |= Q(kind=kind, **{f"{id_field}__in": tagged})
    return documents.filter(condition)


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
    documents = visible_documents()
    if terms:
        documents = get_backend().filter(documents, terms)
    if tags:
        documents = with_tags(documents, tags, match)
    results.counts = dict(documents.values_list("kind").annotate(n=Count("id")).order_by())
    if kind_name:
        documents = documents.filter(kind=kind_name)
    results.documents = ranked(documents, terms).select_related(
        "article__event", "quote__speaker", "priority", "speaker"
    )
    return results
