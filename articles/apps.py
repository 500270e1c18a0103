from django.apps import AppConfig
from django.urls import register_converter
from django_cleanup.signals import cleanup_post_delete

from articles.converters import UnicodeSlugConverter
from articles.images import delete_renditions_with_original


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        register_converter(UnicodeSlugConverter, "uslug")
        # django-cleanup deletes a replaced, cleared or deleted image after the
        # commit; its signal is the one hook for the renditions beside it.
        cleanup_post_delete.connect(delete_renditions_with_original, dispatch_uid="articles_delete_renditions")
