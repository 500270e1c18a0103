import time

from django.core.management.base import BaseCommand, CommandError

from symposium.search.index import rebuild_index
from symposium.synthetic import generate


class Command(BaseCommand):
    help = "Fill the database with synthetic articles, quotes, priorities and tags (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles to add.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, seed, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        started = time.perf_counter()
        generate(articles=articles, seed=seed)
        generated = time.perf_counter()
        documents = rebuild_index()
        indexed = time.perf_counter()
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {articles} articles in {generated - started:.1f} s; "
                f"indexed {documents} documents in {indexed - generated:.1f} s."
            )
        )
