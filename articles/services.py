from django.db import transaction

from articles.models import Article, Quote


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
