"""What editors do to articles, one function each, used by the admin, commands and the ORM helpers alike.

Each runs in one transaction, so the search index is updated with the rows
and the cached pages showing what changed are forgotten once, when it commits
(symposium.cache collects what each save changes).
"""

from django.db import transaction

from articles.models import Article, Quote


@transaction.atomic
def publish_articles(*, articles, by=None):
    """Publish each article not yet published (one save each, so each keeps a revision); no date means now."""
    return _set_status(articles, Article.Status.PUBLISHED, by=by)


@transaction.atomic
def unpublish_articles(*, articles, by=None):
    """Take articles back to draft."""
    return _set_status(articles, Article.Status.DRAFT, by=by)


def _set_status(articles, status, *, by):
    count = 0
    for article in articles.exclude(status=status).select_for_update(of=("self",)):
        article.status = status
        article.last_modified_by = by or article.last_modified_by
        article.save()
        count += 1
    return count


@transaction.atomic
def restore_deleted_article(*, article_id, by=None):
    """Bring back a deleted article, with the quotes and priorities deleted with it."""
    record = Article.history.filter(id=article_id, history_type="-").latest("history_date")
    article = record.instance
    article.last_modified_by = by
    article.save()
    # Priority is reached through the relation: the import arrow points priorities -> articles.
    priority_model = Article._meta.get_field("priorities").related_model
    for model in (Quote, priority_model):
        last_records = {}
        for child in model.history.filter(article_id=article_id).order_by("history_date"):
            last_records[child.id] = child
        still_there = set(model.objects.filter(pk__in=last_records).values_list("pk", flat=True))
        for child in last_records.values():
            if child.history_type == "-" and child.id not in still_there:
                child.instance.save()
    return article


def deleted_articles():
    """The last revision of every article that has been deleted and not restored."""
    return Article.history.filter(history_type="-").exclude(id__in=Article.objects.values("id"))
