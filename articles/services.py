"""What editors do to articles, one function each, used by the admin, commands and the ORM helpers alike.

Each runs in one transaction, so the search index is updated with the rows
and the cached pages showing what changed are forgotten once, when it commits
(symposium.cache collects what each save changes).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from articles import revisions
from articles.languages import to_django
from articles.models import Article, Event, Quote, Speaker
from articles.slugs import unique_slug


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


# Translations


class TranslationRefused(ValidationError):
    """Two articles that cannot be linked as translations; the message says why, for a form."""


@transaction.atomic
def start_translation(article, *, by=None):
    """A new draft of `article` in its other language, in its group of translations.

    It keeps the event, the tags, and the quotes and priorities with their
    speakers and tags, their words still in the original's language for the
    translator to replace. Refused when the group has that language already.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    language = article.other_language
    taken = article.translations().filter(language=language).first()
    if taken is not None:
        raise TranslationRefused(f"“{article.title}” has a translation in that language already: “{taken.title}”.")
    group_id = _ensure_group(article)
    draft = Article.objects.create(
        title=article.title,
        slug=unique_slug(Article(), f"{article.slug}-{to_django(language)}", fallback="article"),
        language=language,
        event_id=article.event_id,
        translation_group_id=group_id,
        status=Article.Status.DRAFT,
        created_by=by,
        last_modified_by=by,
    )
    draft.tags.set(article.tags.all())
    _copy_parts(article, draft)
    return draft


def _copy_parts(article, draft):
    priority_model = Article._meta.get_field("priorities").related_model
    for quote in article.quotes.prefetch_related("tags"):
        copy = Quote.objects.create(
            article=draft, speaker_id=quote.speaker_id, text=quote.text, role=quote.role, position=quote.position
        )
        copy.tags.set(quote.tags.all())
    for priority in article.priorities.prefetch_related("tags"):
        copy = priority_model.objects.create(
            article=draft, number=priority.number, title=priority.title,
            description=priority.description, speaker_id=priority.speaker_id,
        )  # fmt: skip
        copy.tags.set(priority.tags.all())


def _ensure_group(article):
    """The id of the article's group of translations, founding one with it as the original if need be."""
    if article.translation_group_id is None:
        Article.objects.filter(pk=article.pk).update(translation_group=article.pk)
        article.translation_group_id = article.pk
    return article.translation_group_id


def translation_refusal(article, other):
    """Why `article` and `other` cannot be linked as translations of each other, or None."""
    if other.pk == article.pk:
        return "An article cannot be its own translation."
    if other.language == article.language:
        return f"“{other.title}” is in {other.get_language_display()} too: choose an article in the other language."
    group_ids = {article.translation_group_id, other.translation_group_id} - {None}
    others = Article.objects.filter(translation_group_id__in=group_ids).exclude(pk__in=[article.pk, other.pk])
    taken = others.first()
    if taken is not None:
        return f"“{taken.title}” is already linked to one of them as a translation: unlink it first."
    return None


@transaction.atomic
def link_translations(article, other, *, by=None):
    """Link two articles in different languages as translations of each other.

    The one created first is the original. Refused (TranslationRefused) when
    either is linked to a third article, or both are in one language.
    """
    if article.pk == other.pk:
        raise TranslationRefused("An article cannot be its own translation.")
    rows = Article.objects.select_for_update().in_bulk([article.pk, other.pk])
    article, other = rows[article.pk], rows[other.pk]
    refusal = translation_refusal(article, other)
    if refusal:
        raise TranslationRefused(refusal)
    if article.translation_group_id is not None and article.translation_group_id == other.translation_group_id:
        return article.translation_group_id
    original = min(article, other, key=lambda each: (each.created_at, each.pk))
    for each in (article, other):
        _save_group(each, original.pk, by=by)
    return original.pk


@transaction.atomic
def unlink_translation(article, *, by=None):
    """Take the article out of its group of translations; a group left with one article is no group."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.translation_group_id is None:
        return
    group = list(Article.objects.select_for_update().filter(translation_group_id=article.translation_group_id))
    remaining = [each for each in group if each.pk != article.pk]
    for each in group if len(remaining) < 2 else [article]:  # a group is two or more
        _save_group(each, None, by=by)


def _save_group(article, group_id, *, by):
    """One save, so the pages showing the article forget their language links (symposium.cache)."""
    article.translation_group_id = group_id
    article.last_modified_by = by or article.last_modified_by
    article.save(update_fields=["translation_group", "last_modified_by", "updated_at"])


@transaction.atomic
def add_speaker(*, name, position="", organisation="", by=None):
    """A new speaker, or the one already on file under exactly this name; returns (speaker, created).

    Raises ValidationError for a name that is empty or too long.
    """
    name = " ".join(name.split())
    if not name:  # an empty name would match every speaker with no name in one language
        raise ValidationError({"name": "Give the speaker's name."})
    # On file under this name in either language (a name in Chinese characters is the Chinese name).
    existing = Speaker.objects.filter(Q(name_en=name) | Q(name_zh_hans=name)).order_by("pk").first()
    if existing is not None:
        return existing, False
    speaker = Speaker(name=name, position=" ".join(position.split()), organisation=" ".join(organisation.split()))
    speaker.full_clean(exclude=["slug"])
    speaker._history_user = by
    speaker.save()
    return speaker, True
