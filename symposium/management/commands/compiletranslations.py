from django.core.management.base import BaseCommand

from symposium.catalogue import compile_catalogues


class Command(BaseCommand):
    help = "Compiles the interface's translations (locale/*/LC_MESSAGES/django.po) without GNU gettext."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile even when the .mo is up to date.")

    def handle(self, *args, force=False, **options):
        for path in compile_catalogues(force=force):
            self.stdout.write(f"Compiled {path}")
