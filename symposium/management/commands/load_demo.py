from django.core.management.base import BaseCommand

from articles.models import Article
from symposium.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo symposium (safe to run again: it changes nothing the second time)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has articles."
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("Articles already present; demo content not loaded.")
            return
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
