from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save


class SymposiumConfig(AppConfig):
    name = "symposium"
    verbose_name = "Site"

    def ready(self):
        # Imported here: both modules need the app registry to be ready.
        from symposium import redirects  # noqa: PLC0415
        from symposium.cache import connect_signals  # noqa: PLC0415
        from symposium.search.index import INDEXERS, on_save  # noqa: PLC0415
        from symposium.search.sqlite_functions import on_connection_created  # noqa: PLC0415

        connection_created.connect(on_connection_created, dispatch_uid="symposium-sqlite-functions")
        connect_signals()
        redirects.connect_signals()
        for model in INDEXERS:
            post_save.connect(on_save, sender=model, dispatch_uid=f"search-index-{model._meta.label}")
