from django.apps import AppConfig
from django.urls import register_converter


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles.converters import UnicodeSlugConverter  # noqa: PLC0415  (app registry must be ready)

        register_converter(UnicodeSlugConverter, "uslug")
