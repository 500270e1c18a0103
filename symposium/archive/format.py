"""What goes into an archive, in which order, and how a row is written."""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from articles.images import RENDITION_WIDTHS, CleanImageField, rendition_name

FORMAT_NAME = "symposium-archive"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_PREFIX = "data/"
MEDIA_PREFIX = "media/"

# Apps whose tables are never content: sessions, the admin log, login
# throttling, content types and permissions (migrate creates those).
EXCLUDED_APPS = {"admin", "auth", "contenttypes", "sessions", "axes", "messages", "staticfiles", "sitemaps"}
# Content-app tables that are derived or transient: rebuilt or refilled, never moved.
EXCLUDED_MODELS = {
    "symposium.searchdocument",  # the search index: rebuilt after an import
    "symposium.pendingforget",  # cache forgets queued during an outage
    "symposium.pendingpurge",  # proxy purges queued for a worker
}


class ArchiveError(Exception):
    """An archive that cannot be written or read; the message is one line for the operator."""


def user_models():
    """Staff accounts and their groups, archived by natural key, first."""
    return [apps.get_model("auth", "Group"), get_user_model()]


def content_models():
    """Every concrete table of the content apps, in an order where what a row points at comes first."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]
    return in_dependency_order(chosen)


def in_dependency_order(chosen):
    """Referenced models before the models that reference them; registry order otherwise.

    Foreign keys are checked when the import commits, so a cycle only costs
    order, never correctness; it is broken at the first model of the cycle.
    """
    remaining = list(chosen)
    ordered = []
    while remaining:
        placed = set(ordered)
        ready = next(
            (model for model in remaining if all(dep in placed for dep in dependencies(model, remaining))),
            remaining[0],
        )
        ordered.append(ready)
        remaining.remove(ready)
    return ordered


def dependencies(model, among):
    targets = set()
    for field in model._meta.get_fields(include_hidden=False):
        if field.concrete and field.is_relation and field.related_model and field.related_model is not model:
            targets.add(field.related_model)
    return [target for target in targets if target in among]


def member_name(index, model):
    return f"{DATA_PREFIX}{index:03d}-{model._meta.label_lower}.jsonl"


def uses_natural_key(model):
    """Accounts and groups are matched by name, so a merge updates the right one whatever its id."""
    return model in user_models()


def user_foreign_keys(model):
    user_model = get_user_model()
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is user_model
    ]


def file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def stored_names(field, name):
    """The file a field names and the files made from it (an image's renditions)."""
    yield name
    if isinstance(field, CleanImageField):
        for width in RENDITION_WIDTHS:
            yield rendition_name(name, width)


def is_safe_media_name(name):
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts and "\\" not in name


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds, and pages print them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class RowSerializer(jsonl.Serializer):
    """Django's JSON Lines, with ids for content and natural keys only for accounts, groups and their kin.

    `kept_users` maps the ids of the accounts archived with the content to
    their usernames; a foreign key to any other account is written as null.
    """

    def __init__(self, *, kept_users):
        super().__init__()
        self.kept_users = kept_users

    def handle_fk_field(self, obj, field):
        if field.related_model is get_user_model():
            user_id = getattr(obj, field.attname)
            username = self.kept_users.get(user_id)
            self._current[field.name] = [username] if username else None
        elif hasattr(field.related_model, "natural_key") and not self.pk_kept(field.related_model):
            related = getattr(obj, field.name)
            self._current[field.name] = related.natural_key() if related else None
        else:
            self._current[field.name] = self._value_from_field(obj, field)

    @staticmethod
    def pk_kept(model):
        """Content keeps its ids; only rows the target site makes itself (content types...) go by natural key."""
        return model._meta.app_label not in EXCLUDED_APPS
