"""An article, its quotes and its priorities read as one history.

django-simple-history keeps one table of revisions per model, so an article's
story is spread over three of them. This module reads them together: the state
at a moment (for edit conflicts and restore), the differences between two
states in words, and the timeline that the article's History page shows.

One save of the article form is one moment: the article and the rows of its
inlines share a `history_date` (`stamp`), so "the article as of a revision"
includes the quote changes made in the same save.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.utils.text import Truncator, capfirst

from articles.localtime import local_time, zone_label
from articles.models import Article, Quote

# Never worth a revision, a conflict or a line in the History page.
UNTRACKED = {"updated_at", "created_at", "last_modified_by", "body_html"}


def child_models():
    # Priority is reached through the relation: the import arrow points priorities -> articles.
    return [Quote, Article._meta.get_field("priorities").related_model]


def compared_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in UNTRACKED and f.name != "article"
    ]


def same_value(old, new):
    # The admin's time widget drops microseconds: not a change anyone can see.
    if isinstance(old, datetime.datetime) and isinstance(new, datetime.datetime):
        return old.replace(microsecond=0) == new.replace(microsecond=0)
    return old == new


def differing_fields(model, old, new):
    return [f for f in compared_fields(model) if not same_value(getattr(old, f.attname), getattr(new, f.attname))]


# Saving


def stamp(instance, moment):
    """Date the revision that saving or deleting `instance` will record."""
    instance._history_date = moment


def drop_unchanged_revision(sender, history_instance, **kwargs):
    """A save that changes nothing visible records no revision (post_create_historical_record)."""
    if history_instance.history_type != "~":
        return
    pk_name = sender.instance_type._meta.pk.attname
    previous = (
        sender.objects.filter(**{pk_name: getattr(history_instance, pk_name)})
        .exclude(history_id=history_instance.history_id)
        .order_by("-history_date", "-history_id")
        .first()
    )
    unchanged = previous is not None and previous.history_type != "-"
    if unchanged and getattr(previous, "article_id", None) == getattr(history_instance, "article_id", None):
        unchanged = not differing_fields(sender.instance_type, previous, history_instance)
    if unchanged:
        history_instance.delete()


def ensure_article_revision(article, *, at, by):
    """Record the article at `at` when only its quotes or priorities changed, so that moment can be restored."""
    if not Article.history.filter(id=article.pk, history_date=at).exists():
        Article.history.bulk_history_create([article], update=True, default_user=by, default_date=at)


# States and their differences


@dataclass
class Change:
    label: str
    old: str | None = None
    new: str | None = None


@dataclass
class Snapshot:
    article: Article | None
    rows: dict = field(default_factory=dict)  # model -> {pk: instance}


def snapshot_now(article_id):
    return Snapshot(
        article=Article.objects.filter(pk=article_id).first(),
        rows={model: model.objects.filter(article_id=article_id).in_bulk() for model in child_models()},
    )


def snapshot_at(article_id, moment):
    """The article, its quotes and priorities as they were at `moment` (None before it existed)."""
    article = Article.history.as_of(moment).filter(id=article_id).first()
    rows = {}
    for model in child_models():
        rows[model] = {row.pk: row for row in model.history.as_of(moment).filter(article_id=article_id)}
    return Snapshot(article=article, rows=rows)


class Names:
    """Names of related objects (speakers, events), each looked up once."""

    def __init__(self):
        self.cache = {}

    def of(self, model, pk):
        if (model, pk) not in self.cache:
            obj = model._default_manager.filter(pk=pk).first()
            self.cache[model, pk] = str(obj) if obj is not None else f"(deleted {model._meta.verbose_name})"
        return self.cache[model, pk]


def display(instance, model_field, names, length=120):
    value = getattr(instance, model_field.attname)
    if value is None or value == "":
        return "(empty)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return names.of(model_field.related_model, value)
    if isinstance(value, datetime.datetime):
        return local_time(value)
    if isinstance(value, FieldFile):
        return value.name
    return f"“{Truncator(str(value)).chars(length)}”"


def row_label(model, row, names):
    if model is Quote:
        return f"Quote by {names.of(Quote._meta.get_field('speaker').related_model, row.speaker_id)}"
    return f"{capfirst(model._meta.verbose_name)} {row.number}"


def row_summary(model, row):
    return f"“{Truncator(row.text if model is Quote else row.title).chars(120)}”"


def field_changes(model, old, new, names, prefix=""):
    changes = []
    for model_field in differing_fields(model, old, new):
        name = str(model_field.verbose_name)
        label = f"{prefix}: {name}" if prefix else capfirst(name)
        changes.append(Change(label, display(old, model_field, names), display(new, model_field, names)))
    return changes


def row_changes(model, old, new, names):
    """What happened to one quote or priority row between two states (either may be None)."""
    if old is None and new is None:
        return []
    if old is None:
        return [Change(f"{row_label(model, new, names)} added", new=row_summary(model, new))]
    if new is None:
        return [Change(f"{row_label(model, old, names)} deleted", old=row_summary(model, old))]
    return field_changes(model, old, new, names, prefix=row_label(model, new, names))


def describe(before, after, names=None):
    """Every visible difference between two snapshots, in words, the article's own fields first."""
    names = names or Names()
    changes = []
    if before.article is not None and after.article is not None:
        changes += field_changes(Article, before.article, after.article, names)
    for model in child_models():
        old_rows, new_rows = before.rows.get(model, {}), after.rows.get(model, {})
        for pk in sorted(old_rows.keys() | new_rows.keys(), key=lambda pk: order_key(model, pk, old_rows, new_rows)):
            changes += row_changes(model, old_rows.get(pk), new_rows.get(pk), names)
    return changes


def order_key(model, pk, old_rows, new_rows):
    row = new_rows.get(pk) or old_rows[pk]
    return (row.position if model is Quote else row.number, pk)


@dataclass
class VersionRows:
    """The quotes and priorities an article revision brings back, in words."""

    when: datetime.datetime
    rows: list

    @property
    def local_when(self):
        return local_time(self.when)

    @property
    def zone(self):
        return zone_label()


def version_rows(article_id, history_id):
    """What the revert page lists; None for ids that name no revision (the view answers 404)."""
    if not (str(article_id).isdigit() and str(history_id).isdigit()):
        return None
    record = Article.history.filter(id=article_id, history_id=history_id).first()
    if record is None:
        return None
    snapshot, names = snapshot_at(article_id, record.history_date), Names()
    rows = []
    for model in child_models():
        for row in sorted(snapshot.rows[model].values(), key=lambda row: order_key(model, row.pk, {}, {row.pk: row})):
            rows.append(f"{row_label(model, row, names)}: {row_summary(model, row)}")
    return VersionRows(when=record.history_date, rows=rows)


# Who changed what, when


def child_history(model, article_id):
    """Every revision of every row that has ever belonged to the article (moves in and out included)."""
    return model.history.filter(id__in=model.history.filter(article_id=article_id).values("id"))


def last_change_at(article_id):
    """When the article or any of its quotes and priorities last changed (None: no history)."""
    histories = [Article.history.filter(id=article_id)] + [child_history(m, article_id) for m in child_models()]
    moments = [history.aggregate(last=Max("history_date"))["last"] for history in histories]
    return max((moment for moment in moments if moment is not None), default=None)


def records_since(article_id, moment):
    """The article's and its rows' revisions after `moment`, oldest first, with their users."""
    querysets = [Article.history.filter(id=article_id)]
    querysets += [child_history(model, article_id) for model in child_models()]
    records = []
    for queryset in querysets:
        records += queryset.filter(history_date__gt=moment).select_related("history_user")
    return sorted(records, key=lambda record: record.history_date)


@dataclass
class Revision:
    """One save: when, by whom, what it changed, and the article revision to restore it from."""

    when: datetime.datetime
    user: object
    changes: list
    article_history_id: int | None = None

    @property
    def local_when(self):
        return local_time(self.when)


def record_changes(model, previous, record, article_id, names):
    if model is Article:
        if record.history_type == "+" or (previous is not None and previous.history_type == "-"):
            return [Change("Article created", new=f"“{record.title}”")]
        if record.history_type == "-":
            return [Change("Article deleted", old=f"“{record.title}”")]
        return field_changes(Article, previous, record, names) if previous is not None else []

    def belonging(state):
        return state if state is not None and state.history_type != "-" and state.article_id == article_id else None

    old, new = belonging(previous), belonging(record)
    if old is not None and new is None and record.history_type != "-":
        return [Change(f"{row_label(model, old, names)} moved to another article", old=row_summary(model, old))]
    return row_changes(model, old, new, names)


def article_timeline(article_id):
    """The article's revisions with its quotes' and priorities', newest first, one entry per save."""
    names = Names()
    entries = []  # (when, user id, model order, Revision part)
    models = [Article, *child_models()]
    for order, model in enumerate(models):
        history = Article.history.filter(id=article_id) if model is Article else child_history(model, article_id)
        previous_of = {}
        for record in history.select_related("history_user").order_by("history_date", "history_id"):
            changes = record_changes(model, previous_of.get(record.id), record, article_id, names)
            previous_of[record.id] = record
            if changes or model is Article:
                history_id = record.history_id if model is Article and record.history_type != "-" else None
                entries.append((record.history_date, record.history_user_id, order, record, changes, history_id))
    entries.sort(key=lambda entry: (entry[0], entry[1] or 0, entry[2]))
    revisions = []
    for (when, _user_id), group in groupby(entries, key=lambda entry: entry[:2]):
        parts = list(group)
        revisions.append(
            Revision(
                when=when,
                user=parts[0][3].history_user,
                changes=[change for part in parts for change in part[4]],
                article_history_id=next((part[5] for part in parts if part[5]), None),
            )
        )
    return revisions[::-1]
