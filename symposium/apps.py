from django.apps import AppConfig


class SymposiumConfig(AppConfig):
    name = "symposium"
    verbose_name = "Site"
