"""Keeping SearchDocument in step with the content.

Saves reach here through signals (connected in SymposiumConfig.ready), so the
admin, the ORM and management commands all re-index. Deletes need nothing:
documents cascade with what they describe. Visibility is not indexed at all.
"""

from html import unescape

from django.db import connection, transaction
from django.utils.html import strip_tags

from articles.models import Article, Quote, Speaker, both_names
from priorities.models import Priority
from symposium.cache import forget_everything
from symposium.models import SearchDocument

Kind = SearchDocument.Kind
BATCH_SIZE = 1000


def plain_text(html):
    return " ".join(unescape(strip_tags(html)).split())


def article_document(article):
    return SearchDocument(
        id=SearchDocument.id_for(Kind.ARTICLE, article.pk),
        kind=Kind.ARTICLE,
        article=article,
        title=article.title,
        body=f"{article.standfirst}\n{plain_text(article.body_html)}",
    )


def quote_document(quote):
    return SearchDocument(
        id=SearchDocument.id_for(Kind.QUOTE, quote.pk),
        kind=Kind.QUOTE,
        article_id=quote.article_id,
        quote=quote,
        title=both_names(quote.speaker),
        body=" ".join(filter(None, [quote.text, quote.role])),
    )


def priority_document(priority):
    return SearchDocument(
        id=SearchDocument.id_for(Kind.PRIORITY, priority.pk),
        kind=Kind.PRIORITY,
        article_id=priority.article_id,
        priority=priority,
        title=priority.title,
        body=priority.description,
    )


def speaker_document(speaker):
    return SearchDocument(
        id=SearchDocument.id_for(Kind.SPEAKER, speaker.pk),
        kind=Kind.SPEAKER,
        speaker=speaker,
        # Either name finds them: "Li Shousheng / 李寿生".
        title=both_names(speaker),
        body=" ".join(
            filter(
                None, [*bilingual_values(speaker, "position"), *bilingual_values(speaker, "organisation"), speaker.bio]
            )
        ),
    )


def bilingual_values(obj, field):
    return [getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh_hans")]


def save_document(document):
    fields = ["kind", "article_id", "quote_id", "priority_id", "speaker_id", "title", "body"]
    SearchDocument.objects.update_or_create(
        id=document.id, defaults={name: getattr(document, name) for name in fields}
    )


def index_article(article):
    save_document(article_document(article))


def index_quote(quote):
    save_document(quote_document(quote))


def index_priority(priority):
    save_document(priority_document(priority))


def index_speaker(speaker):
    save_document(speaker_document(speaker))
    # A quote's document is titled with its speaker's names.
    SearchDocument.objects.filter(kind=Kind.QUOTE, quote__speaker=speaker).update(title=both_names(speaker))


@transaction.atomic
def rebuild_index():
    """Throw the index away and build it again from the content."""
    SearchDocument.objects.all().delete()
    sources = [
        (Article.objects.all(), article_document),
        (Quote.objects.select_related("speaker"), quote_document),
        (Priority.objects.all(), priority_document),
        (Speaker.objects.all(), speaker_document),
    ]
    count = 0
    for queryset, make_document in sources:
        batch = []
        for item in queryset.iterator(chunk_size=BATCH_SIZE):
            batch.append(make_document(item))
            if len(batch) == BATCH_SIZE:
                count += len(SearchDocument.objects.bulk_create(batch))
                batch = []
        count += len(SearchDocument.objects.bulk_create(batch))
    refresh_planner_statistics()
    forget_everything()
    return count


def refresh_planner_statistics():
    """Fresh statistics keep the planner from probing the full-text index row by row."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize" if connection.vendor == "sqlite" else "ANALYZE")


def on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures: the index is rebuilt afterwards
        return
    INDEXERS[sender](instance)


INDEXERS = {Article: index_article, Quote: index_quote, Priority: index_priority, Speaker: index_speaker}
