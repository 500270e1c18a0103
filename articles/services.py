"""What editors do to articles, one function each, used by the admin, commands and the ORM helpers alike.

Each runs in one transaction, so the search index is updated with the rows
and the cached pages showing what changed are forgotten once, when it commits
(symposium.cache collects what each save changes).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles import revisions
from articles.models import Article, Event, Quote, Speaker


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


@transaction.atomic
def restore_article_revision(*, article, history_id, by=None):
    """Set the article back to a revision, with its quotes and priorities as they were then.

    Rows added since are deleted, rows deleted since come back, changed rows
    are changed back; the restore is itself one new revision. Returns the
    labels of rows that could not come back (their speaker has been deleted).
    """
    record = Article.history.get(id=article.pk, history_id=history_id)
    moment = timezone.now()
    restore_article_fields(article, record)
    article.last_modified_by = by
    article._history_user = by
    revisions.stamp(article, moment)
    article.save()
    skipped = []
    for model in revisions.child_models():
        skipped += restore_rows(model, article_id=article.pk, as_of=record.history_date, moment=moment, by=by)
    revisions.ensure_article_revision(article, at=moment, by=by)
    return skipped


def restore_article_fields(article, record):
    for field in revisions.compared_fields(Article):
        setattr(article, field.attname, getattr(record, field.attname))
    if article.event_id is not None and not Event.objects.filter(pk=article.event_id).exists():
        article.event_id = None
    if Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
        article.slug = Article.objects.values_list("slug", flat=True).get(pk=article.pk)


def restore_rows(model, *, article_id, as_of, moment, by):
    past = {row.pk: row for row in model.history.as_of(as_of).filter(article_id=article_id)}
    current = model.objects.filter(article_id=article_id).in_bulk()
    for pk, row in current.items():
        if pk not in past:
            row._history_user = by
            revisions.stamp(row, moment)
            row.delete()
    differs = revisions.differing_fields
    changed = [pk for pk, row in past.items() if pk not in current or differs(model, current[pk], row)]
    if model is not Quote:
        # Priority numbers are unique per article: move the renumbered ones out of the way first.
        highest = max([row.number for row in past.values()] + [row.number for row in current.values()], default=0)
        model.objects.filter(pk__in=changed).update(number=F("number") + highest)
    skipped = []
    names = revisions.Names()
    for pk in changed:
        row = past[pk]
        if not related_rows_exist(row):
            skipped.append(revisions.row_label(model, row, names))
            continue
        if hasattr(row, "slug") and model.objects.filter(slug=row.slug).exclude(pk=pk).exists():
            row.slug = ""  # taken since: save() picks a free one
        row._history_user = by
        revisions.stamp(row, moment)
        row.save()
    return skipped


def related_rows_exist(row):
    """Clear optional links to deleted objects; False when a required one is gone."""
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        if not field.is_relation or field.name == "article" or value is None:
            continue
        if not field.related_model._default_manager.filter(pk=value).exists():
            if not field.null:
                return False
            setattr(row, field.attname, None)
    return True


@transaction.atomic
def add_speaker(*, name, position="", organisation="", by=None):
    """A new speaker, or the one already on file under exactly this name; returns (speaker, created).

    Raises ValidationError for a name that is empty or too long.
    """
    name = " ".join(name.split())
    existing = Speaker.objects.filter(name=name).order_by("pk").first()
    if existing is not None:
        return existing, False
    speaker = Speaker(name=name, position=" ".join(position.split()), organisation=" ".join(organisation.split()))
    speaker.full_clean(exclude=["slug"])
    speaker._history_user = by
    speaker.save()
    return speaker, True
