from django.apps import AppConfig
from django.urls import register_converter

from articles.converters import UnicodeSlugConverter


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        register_converter(UnicodeSlugConverter, "uslug")
