from django.apps import AppConfig
from django.urls import register_converter
from django_cleanup.signals import cleanup_post_delete

from articles.converters import UnicodeSlugConverter
from articles.images import delete_renditions_with_original


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        # Imported here: revisions needs the app registry to be ready.
        from simple_history.signals import post_create_historical_record  # noqa: PLC0415

        from articles.revisions import drop_unchanged_revision  # noqa: PLC0415

        register_converter(UnicodeSlugConverter, "uslug")
        # simple-history has no setting for "skip a save that changed nothing"; its signal is the hook.
        post_create_historical_record.connect(drop_unchanged_revision, dispatch_uid="drop-unchanged-revision")
        # django-cleanup deletes a replaced, cleared or deleted image after the
        # commit; its signal is the one hook for the renditions beside it.
        cleanup_post_delete.connect(delete_renditions_with_original, dispatch_uid="articles_delete_renditions")
